/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-service-indicator.h"

G_BEGIN_DECLS

#define TELLER_TYPE_STATUS_BAR (teller_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (TellerStatusBar, teller_status_bar, TELLER, STATUS_BAR, GtkWidget)

/* One indicator per TellerService in @model, kept in step with its items. */
GListModel             *teller_status_bar_get_model        (TellerStatusBar *self);
void                    teller_status_bar_set_model        (TellerStatusBar *self,
                                                            GListModel      *model);
gboolean                teller_status_bar_get_demo         (TellerStatusBar *self);
void                    teller_status_bar_set_demo         (TellerStatusBar *self,
                                                            gboolean         demo);
guint                   teller_status_bar_get_n_indicators (TellerStatusBar *self);
TellerServiceIndicator *teller_status_bar_get_indicator    (TellerStatusBar *self,
                                                            guint            position);

G_END_DECLS
