/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-transaction.h"

G_BEGIN_DECLS

#define TELLER_TYPE_TRANSACTION_PANE (teller_transaction_pane_get_type ())
G_DECLARE_FINAL_TYPE (TellerTransactionPane, teller_transaction_pane,
                      TELLER, TRANSACTION_PANE, GtkWidget)

TellerTransaction *teller_transaction_pane_get_transaction (TellerTransactionPane *self);
void               teller_transaction_pane_set_transaction (TellerTransactionPane *self,
                                                            TellerTransaction     *transaction);
/* Copies @file into the transaction; failures are reported in the window's toasts. */
void               teller_transaction_pane_import_file     (TellerTransactionPane *self,
                                                            GFile                 *file);
gboolean           teller_transaction_pane_get_importing   (TellerTransactionPane *self);

/* For tests: the grid and which page ("empty" or "documents") is showing. */
GtkGridView       *teller_transaction_pane_get_grid_view   (TellerTransactionPane *self);
GtkSelectionModel *teller_transaction_pane_get_selection  (TellerTransactionPane *self);
const char        *teller_transaction_pane_get_visible_page (TellerTransactionPane *self);
/* TRUE while a document tool (rotate, ID card copy, merge, text recognition) runs. */
gboolean           teller_transaction_pane_get_busy        (TellerTransactionPane *self);

G_END_DECLS
