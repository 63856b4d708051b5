/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-application.h"
#include "teller-camera-pane.h"
#include "teller-identity-pane.h"
#include "teller-status-bar.h"
#include "teller-toast.h"
#include "teller-transaction-pane.h"

G_BEGIN_DECLS

#define TELLER_TYPE_WINDOW (teller_window_get_type ())
G_DECLARE_FINAL_TYPE (TellerWindow, teller_window, TELLER, WINDOW, GtkApplicationWindow)

TellerWindow          *teller_window_new                  (TellerApplication *application);
TellerServices        *teller_window_get_services         (TellerWindow      *self);
TellerStatusBar       *teller_window_get_status_bar       (TellerWindow      *self);
TellerCameraPane      *teller_window_get_camera_pane      (TellerWindow      *self);
TellerIdentityPane    *teller_window_get_identity_pane    (TellerWindow      *self);
TellerTransactionPane *teller_window_get_transaction_pane (TellerWindow      *self);

/* The newest toast replaces the one on screen, which is then "dismissed". */
void                   teller_window_add_toast            (TellerWindow      *self,
                                                           TellerToast       *toast);
void                   teller_window_show_toast           (TellerWindow      *self,
                                                           const char        *message);
void                   teller_window_show_error           (TellerWindow      *self,
                                                           const char        *message);
void                   teller_window_dismiss_toast        (TellerWindow      *self);
/* The toast on screen, or NULL. */
TellerToast           *teller_window_get_toast            (TellerWindow      *self);

G_END_DECLS
