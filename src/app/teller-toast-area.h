/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-toast.h"

G_BEGIN_DECLS

#define TELLER_TYPE_TOAST_AREA (teller_toast_area_get_type ())
G_DECLARE_FINAL_TYPE (TellerToastArea, teller_toast_area, TELLER, TOAST_AREA, GtkWidget)

/* Shows one toast at a time: a new toast dismisses the one on screen. */
void         teller_toast_area_add       (TellerToastArea *self,
                                          TellerToast     *toast);
void         teller_toast_area_dismiss   (TellerToastArea *self);
TellerToast *teller_toast_area_get_toast (TellerToastArea *self);

G_END_DECLS
