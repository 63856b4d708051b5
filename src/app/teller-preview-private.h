/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "teller-preview.h"

G_BEGIN_DECLS

/* Shared by the widget and one pipeline's streaming thread (teller-preview-pipeline.c). */
typedef struct _FrameSink FrameSink;

struct _TellerPreview
{
  GtkWidget            parent_instance;

  /* Owned References */
  TellerCameraService *camera;
  GstElement          *pipeline;
  GstElement          *size_filter;     /* the pipeline's capsfilter "size" */
  GSource             *bus_source;
  FrameSink           *sink;
  GdkTexture          *texture;
  GCancellable        *cancellable;
  GThreadPool         *state_pool;
  char                *status_message;

  TellerPreviewState   state;
  guint                camera_index;
  int                  view_rotation;
  guint                frames_shown;
  guint                attempt_frames;
  gint64               last_frame_us;
  guint                retry_ms;
  guint                retry_source;
  guint                watchdog_source;
  guint                resize_source;   /* debounces output size changes */
  int                  source_width;    /* the stream's picture, square pixels; 0: unknown */
  int                  source_height;
  int                  output_width;    /* what the pipeline scales to; 0: unscaled */
  int                  output_height;
  guint                opened_index;
  gboolean             opened;
  gboolean             active;
};

/* teller-preview.c */
void         _teller_preview_show_frame     (TellerPreview *self,
                                             GdkTexture    *texture,
                                             int            source_width,
                                             int            source_height);
void         _teller_preview_stream_ended   (TellerPreview *self,
                                             const char    *reason);
void         _teller_preview_schedule_retry (TellerPreview *self,
                                             const char    *reason);

/* teller-preview-pipeline.c: souphttpsrc ! multipartdemux ! jpegdec
 * ! videoscale ! capsfilter ! videoconvert ! capsfilter ! appsink */
GThreadPool *_teller_preview_state_pool_new   (void);
cairo_surface_t *_teller_preview_frame_dup_surface (GdkTexture *texture);
void         _teller_preview_start_pipeline   (TellerPreview *self);
void         _teller_preview_stop_pipeline    (TellerPreview *self);
/* Sets the size frames are scaled to in the streaming thread (0 × 0: unscaled). */
void         _teller_preview_set_output_size  (TellerPreview *self,
                                               int            width,
                                               int            height);

G_END_DECLS
