/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-transaction-pane.h"
#include "teller-window.h"

G_BEGIN_DECLS

/*
 * TellerTransactionPane is split by concern: teller-transaction-pane.c holds the
 * list itself (import, open, remove and undo, move, finish) and
 * teller-transaction-pane-tools.c the document tools (rotate, crop, ID card copy,
 * merge into PDF, text recognition).
 */
struct _TellerTransactionPane
{
  GtkWidget             parent_instance;

  /* Template Widgets */
  GtkWidget            *root_box; /* bound so dispose_template unparents it */
  GtkStack             *content_stack;
  GtkGridView          *grid_view;
  GtkMultiSelection    *selection;
  GtkLabel             *count_label;
  GtkLabel             *folder_label;
  GtkWidget            *add_button;
  GtkWidget            *tools_box;
  GtkWidget            *tools_status;
  GtkSpinner           *tools_spinner;
  GtkLabel             *tools_label;

  /* Owned References */
  TellerTransaction    *transaction;
  GBindingGroup        *bindings;
  GSignalGroup         *signals;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;

  /* Borrowed References */
  TellerToast          *undo_toast;

  guint                 n_importing;
  guint                 n_undo;      /* removals the undo toast covers */
  guint                 n_tools;     /* document tools running */
};

/* teller-transaction-pane.c */
TellerWindow *_teller_transaction_pane_get_window     (TellerTransactionPane *self);
void          _teller_transaction_pane_show_error     (TellerTransactionPane *self,
                                                       const char            *message);
/* The selected documents, in list order: a new GPtrArray of TellerDocument. */
GPtrArray    *_teller_transaction_pane_dup_selected   (TellerTransactionPane *self);
void          _teller_transaction_pane_update_actions (TellerTransactionPane *self);

/* teller-transaction-pane-tools.c */
void          _teller_transaction_pane_class_init_tools (GtkWidgetClass        *widget_class);
void          _teller_transaction_pane_update_tools     (TellerTransactionPane *self,
                                                         GPtrArray             *selected);

G_END_DECLS
