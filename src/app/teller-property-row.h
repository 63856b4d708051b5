/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-camera-service.h"

G_BEGIN_DECLS

#define TELLER_TYPE_PROPERTY_ROW (teller_property_row_get_type ())
G_DECLARE_FINAL_TYPE (TellerPropertyRow, teller_property_row, TELLER, PROPERTY_ROW, GtkListBoxRow)

/*
 * One camera property (3.7/3.8) in the device settings: a scale over the device's
 * range, an "Auto" switch where the property has automatic control and a reset to
 * the device's default.  Changes go to the camera at once (the scale after
 * TELLER_PROPERTY_ROW_DELAY_MS of rest); a refused change shows its reason under
 * the row and puts the control back where the camera is.
 */
#define TELLER_PROPERTY_ROW_DELAY_MS 300

GtkWidget  *teller_property_row_new        (TellerCameraService        *camera,
                                            guint                       camidx,
                                            const TellerCameraProperty *property);
const char *teller_property_row_get_name   (TellerPropertyRow          *self);
/* For tests: the scale the operator drags. */
GtkRange   *teller_property_row_get_scale  (TellerPropertyRow          *self);
/* The message under the row, NULL when the last change went through. */
const char *teller_property_row_get_error  (TellerPropertyRow          *self);

G_END_DECLS
