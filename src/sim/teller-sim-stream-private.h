/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/*
 * The simulated cameras' pictures (teller-sim-stream-picture.c), drawn by
 * teller-sim-stream.c in GStreamer's streaming threads.
 */

/* The last picture of a stream that ends. */
typedef enum
{
  TELLER_SIM_NOTICE_DEVICE_ERROR,
  TELLER_SIM_NOTICE_DEVICE_CLOSED,
  TELLER_SIM_N_NOTICES
} TellerSimNotice;

/* Where the document camera's page is at a moment of its cycle. */
typedef struct
{
  gint64   cycle;   /* which arrival of the page, counted from the clock's epoch */
  double   offset;  /* 1 off to the right, 0 in the middle, -1 off to the left */
  gboolean visible;
  gboolean still;
} TellerSimDocumentPose;

typedef struct _TellerSimPainter TellerSimPainter;

void              _teller_sim_document_pose_at     (gint64                 elapsed_us,
                                                    guint                  cycle_ms,
                                                    TellerSimDocumentPose *pose);

/* Create and free on the main thread; the draw functions are thread-safe. */
TellerSimPainter *_teller_sim_painter_new          (void);
void              _teller_sim_painter_free         (TellerSimPainter      *painter);

/* Opaque ARGB backgrounds, for videotestsrc's foreground-color. */
guint32           _teller_sim_painter_scene_color  (guint                  camidx);
guint32           _teller_sim_painter_notice_color (TellerSimNotice        notice);

/* Draws over the background: camera 0 a desk with the page at @elapsed_us of
 * its @cycle_ms cycle, camera 1 a face; then a caption with @frame and the time. */
void              _teller_sim_painter_draw_scene   (TellerSimPainter      *painter,
                                                    cairo_t               *cr,
                                                    double                 width,
                                                    double                 height,
                                                    guint                  camidx,
                                                    gint64                 elapsed_us,
                                                    guint                  cycle_ms,
                                                    guint64                frame);
void              _teller_sim_painter_draw_notice  (TellerSimPainter      *painter,
                                                    cairo_t               *cr,
                                                    double                 width,
                                                    double                 height,
                                                    TellerSimNotice        notice);

G_END_DECLS
