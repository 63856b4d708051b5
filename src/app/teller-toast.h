/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TELLER_TOAST_DEFAULT_TIMEOUT_S 5

#define TELLER_TYPE_TOAST (teller_toast_get_type ())
G_DECLARE_FINAL_TYPE (TellerToast, teller_toast, TELLER, TOAST, GObject)

/*
 * One in-window notification, shown by a TellerToastArea.  The toast is a plain
 * object rather than a widget so whoever raised it can learn how it ended
 * ("button-clicked", then "dismissed") without holding on to the area.
 */
TellerToast *teller_toast_new              (const char  *title);
TellerToast *teller_toast_new_error        (const char  *title);

const char  *teller_toast_get_title        (TellerToast *self);
const char  *teller_toast_get_button_label (TellerToast *self);
void         teller_toast_set_button_label (TellerToast *self,
                                            const char  *button_label);
guint        teller_toast_get_timeout      (TellerToast *self);
void         teller_toast_set_timeout      (TellerToast *self,
                                            guint        timeout_s);
gboolean     teller_toast_get_is_error     (TellerToast *self);

void         teller_toast_dismiss          (TellerToast *self);

/* For TellerToastArea: emit the signals. */
void         _teller_toast_emit_button_clicked (TellerToast *self);
void         _teller_toast_emit_dismissed      (TellerToast *self);

G_END_DECLS
