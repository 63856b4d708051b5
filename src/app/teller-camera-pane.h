/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-capture-options-popover.h"
#include "teller-preview.h"
#include "teller-services.h"

G_BEGIN_DECLS

#define TELLER_TYPE_CAMERA_PANE (teller_camera_pane_get_type ())
G_DECLARE_FINAL_TYPE (TellerCameraPane, teller_camera_pane, TELLER, CAMERA_PANE, GtkWidget)

TellerServices              *teller_camera_pane_get_services        (TellerCameraPane *self);
void                         teller_camera_pane_set_services        (TellerCameraPane *self,
                                                                     TellerServices   *services);

/* For tests. */
TellerPreview               *teller_camera_pane_get_preview         (TellerCameraPane *self);
GtkWidget                   *teller_camera_pane_get_capture_button  (TellerCameraPane *self);
GtkDropDown                 *teller_camera_pane_get_preset_dropdown (TellerCameraPane *self);
GtkMenuButton               *teller_camera_pane_get_options_button  (TellerCameraPane *self);
TellerCaptureOptionsPopover *teller_camera_pane_get_options_popover (TellerCameraPane *self);
gboolean                     teller_camera_pane_get_capturing       (TellerCameraPane *self);
gboolean                     teller_camera_pane_get_auto_capture    (TellerCameraPane *self);
guint                        teller_camera_pane_get_pages_captured  (TellerCameraPane *self);
gboolean                     teller_camera_pane_get_recording       (TellerCameraPane *self);
const char                  *teller_camera_pane_get_record_label    (TellerCameraPane *self);

G_END_DECLS
