/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-camera-service.h"

G_BEGIN_DECLS

/**
 * TellerPreviewState:
 * @TELLER_PREVIEW_STATE_IDLE: not shown, nothing runs
 * @TELLER_PREVIEW_STATE_CONNECTING: the first pictures are on their way
 * @TELLER_PREVIEW_STATE_PLAYING: pictures arrive
 * @TELLER_PREVIEW_STATE_RECONNECTING: the stream ended or failed; retrying with back-off
 * @TELLER_PREVIEW_STATE_OFFLINE: the camera service is offline; waiting for it
 */
typedef enum
{
  TELLER_PREVIEW_STATE_IDLE,
  TELLER_PREVIEW_STATE_CONNECTING,
  TELLER_PREVIEW_STATE_PLAYING,
  TELLER_PREVIEW_STATE_RECONNECTING,
  TELLER_PREVIEW_STATE_OFFLINE,
} TellerPreviewState;

#define TELLER_TYPE_PREVIEW_STATE (teller_preview_state_get_type ())
GType teller_preview_state_get_type (void);

#define TELLER_TYPE_PREVIEW (teller_preview_get_type ())
G_DECLARE_FINAL_TYPE (TellerPreview, teller_preview, TELLER, PREVIEW, GtkWidget)

/*
 * The live picture of one camera of a CameraService, decoded by GStreamer off the
 * main thread.  It runs only while mapped, reconnects by itself and scales the
 * newest frame to fit, turned by view-rotation.
 */
GtkWidget           *teller_preview_new                (void);
TellerCameraService *teller_preview_get_camera         (TellerPreview       *self);
void                 teller_preview_set_camera         (TellerPreview       *self,
                                                        TellerCameraService *camera);
guint                teller_preview_get_camera_index   (TellerPreview       *self);
void                 teller_preview_set_camera_index   (TellerPreview       *self,
                                                        guint                camera_index);
int                  teller_preview_get_view_rotation  (TellerPreview       *self);
/* @rotation: 0, 90, 180 or 270 degrees clockwise. */
void                 teller_preview_set_view_rotation  (TellerPreview       *self,
                                                        int                  rotation);
TellerPreviewState   teller_preview_get_state          (TellerPreview       *self);
/* Why the preview is not playing, for the operator; NULL while it plays. */
const char          *teller_preview_get_status_message (TellerPreview       *self);

/* For tests: frames shown since the widget was made, and the newest one, as
 * drawn: scaled by the pipeline to the size it is shown at. */
guint                teller_preview_get_frames_shown   (TellerPreview       *self);
GdkTexture          *teller_preview_get_texture        (TellerPreview       *self);
/* For tests: the stream's own picture size, in square pixels, as decoded before
 * scaling; FALSE until the first frame of the current camera. */
gboolean             teller_preview_get_source_size    (TellerPreview       *self,
                                                        int                 *width,
                                                        int                 *height);

G_END_DECLS
