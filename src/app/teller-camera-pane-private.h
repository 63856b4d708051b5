/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-pane.h"
#include "teller-toast.h"

G_BEGIN_DECLS

struct _TellerCameraPane
{
  GtkWidget                    parent_instance;

  /* Template Widgets */
  GtkWidget                   *root_box; /* bound so dispose_template unparents it */
  TellerPreview               *preview;
  GtkWidget                   *status_box;
  GtkSpinner                  *status_spinner;
  GtkWidget                   *status_icon;
  GtkLabel                    *status_title;
  GtkLabel                    *status_detail;
  GtkLabel                    *pages_label;
  GtkWidget                   *capture_button;
  GtkWidget                   *barcode_button;
  GtkWidget                   *record_button;
  GtkLabel                    *record_label;
  GtkWidget                   *auto_button;
  GtkDropDown                 *preset_dropdown;
  GtkMenuButton               *options_button;
  TellerCaptureOptionsPopover *options_popover;

  /* Owned References */
  TellerServices              *services;
  GSettings                   *settings;
  GSignalGroup                *camera_signals;
  GCancellable                *cancellable;
  GCancellable                *detect_cancellable;
  char                        *device;
  char                        *record_path;

  guint                        face_camera_index;
  guint                        pages_captured;
  guint                        detect_source;
  guint                        record_source;
  guint                        record_camidx;
  gint64                       record_started_us;
  gboolean                     capturing;
  gboolean                     reading_barcode;
  gboolean                     auto_capture;
  gboolean                     detect_busy;
  gboolean                     recording;
  gboolean                     record_busy;
  gboolean                     record_status_busy;
};

enum {
  PROP_0,
  PROP_SERVICES,
  PROP_DEVICE,
  PROP_FACE_CAMERA_INDEX,
  PROP_CAPTURING,
  PROP_AUTO_CAPTURE,
  PROP_PAGES_CAPTURED,
  PROP_RECORDING,
  PROP_READING_BARCODE,
  N_PROPS
};

/* teller-camera-pane.c */
TellerCameraService *_teller_camera_pane_get_camera     (TellerCameraPane *self);
guint                _teller_camera_pane_get_camidx     (TellerCameraPane *self);
void                 _teller_camera_pane_update_actions (TellerCameraPane *self);
void                 _teller_camera_pane_notify         (TellerCameraPane *self,
                                                         guint             prop_id);
void                 _teller_camera_pane_show_toast     (TellerCameraPane *self,
                                                         TellerToast      *toast);
void                 _teller_camera_pane_show_error     (TellerCameraPane *self,
                                                         const char       *format,
                                                         ...) G_GNUC_PRINTF (2, 3);

/* teller-camera-pane-capture.c: capture, and smart capture */
void                 _teller_camera_pane_capture          (TellerCameraPane *self,
                                                           gboolean          automatic);
void                 _teller_camera_pane_set_auto_capture (TellerCameraPane *self,
                                                           gboolean          auto_capture);

/* teller-camera-pane-tools.c: recording and barcodes */
void                 _teller_camera_pane_set_recording    (TellerCameraPane *self,
                                                           gboolean          recording);
void                 _teller_camera_pane_read_barcode     (TellerCameraPane *self);
void                 _teller_camera_pane_stop_tools       (TellerCameraPane *self);

G_END_DECLS
