/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-camera-service.h"
#include "teller-property-row.h"

G_BEGIN_DECLS

#define TELLER_TYPE_DEVICE_SETTINGS_DIALOG (teller_device_settings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TellerDeviceSettingsDialog, teller_device_settings_dialog,
                      TELLER, DEVICE_SETTINGS_DIALOG, GtkWindow)

/*
 * The settings of camera @camidx (0 the document camera, 1 and 2 the portrait
 * cameras): resolution, frame rate, video format and the 17 properties of 3.7/3.8.
 * Every change goes to the camera at once; one it refuses shows its reason under
 * its control and the control returns to what the camera has.  While the service
 * is offline the dialog says so instead, and loads once it is back.
 */
GtkWidget         *teller_device_settings_dialog_new          (GtkWindow                  *parent,
                                                               TellerCameraService        *camera,
                                                               guint                       camidx);

/* For tests: "loading", "offline", "error" or "settings". */
const char        *teller_device_settings_dialog_get_page     (TellerDeviceSettingsDialog *self);
guint              teller_device_settings_dialog_get_n_property_rows (TellerDeviceSettingsDialog *self);
/* (nullable): the row of property @name once loaded. */
TellerPropertyRow *teller_device_settings_dialog_get_property_row (TellerDeviceSettingsDialog *self,
                                                                   const char                 *name);

G_END_DECLS
