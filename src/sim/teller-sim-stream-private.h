/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <gst/gst.h>

#include "teller-sim-stream.h"

G_BEGIN_DECLS

/*
 * The simulated cameras' pictures (teller-sim-stream-picture.c), drawn by
 * teller-sim-stream-source.c in GStreamer's streaming threads; below, the object's
 * instance struct and what its files share.
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

/* ---- Between teller-sim-stream*.c ----------------------------------------- */

/* Chapter 3.5: "服务程序默认每500毫秒检测一次文档状态" */
#define TELLER_SIM_STREAM_DEFAULT_DETECT_INTERVAL_MS 500

typedef struct _TellerSimSource TellerSimSource;

/* One client of a stream (the main thread's). */
typedef struct
{
  TellerSimSource   *source;   /* borrowed: the source frees its clients */
  SoupServerMessage *message;
  gsize              queued;   /* bytes appended and not yet written */
  gulong             wrote_id;
  gulong             finished_id;
  gulong             disconnected_id;
} TellerSimClient;

/* One camera's picture and the clients watching it. */
struct _TellerSimSource
{
  TellerSimStream *stream;      /* borrowed: owns the source */
  guint            camidx;
  guint            open_count;  /* video=open / video=close, chapters 3.9 and 3.10 */
  GPtrArray       *clients;     /* TellerSimClient */
  GBytes          *current;     /* the newest part, for a client that just came */
  guint64          frames_dropped;

  /* Set while the pipeline runs; width and height are read by the streaming thread. */
  GstElement      *pipeline;
  GSource         *bus_source;
  GSource         *frame_source;
  guint            width;
  guint            height;

  GMutex           lock;        /* guards the two below, shared with the streaming thread */
  GBytes          *latest;
  guint64          frames_encoded;
};

struct _TellerSimStream
{
  GObject           parent_instance;

  /* Borrowed References */
  TellerSimCamera  *camera;      /* weak: the camera owns the stream */

  /* Owned References */
  GMainContext     *context;     /* the server's: frames are handed over there */
  GBytes           *message_parts[TELLER_SIM_N_NOTICES];
  TellerSimPainter *painter;     /* shared with the streaming threads */

  guint             width;
  guint             height;
  guint             framerate;
  gsize             max_queued_bytes;

  /* The animation clock, read by the streaming threads too. */
  GMutex            clock_lock;
  gint64            epoch_us;
  guint             cycle_ms;

  /* video=detectdoc */
  gboolean          detecting;
  gint64            detect_start_us;
  guint             detect_interval_ms;
  gint64            reported_cycle;

  TellerSimSource   sources[TELLER_SIM_STREAM_N_CAMERAS];
};

/* teller-sim-stream-source.c: the pipelines, the clock and the clients. */
void      _teller_sim_stream_pose_at             (TellerSimStream       *self,
                                                  gint64                 now_us,
                                                  TellerSimDocumentPose *pose);
/* The last picture of a stream that ends, encoded once. */
GBytes   *_teller_sim_stream_get_message_part    (TellerSimStream       *self,
                                                  TellerSimNotice        kind);
void      _teller_sim_stream_clear_message_parts (TellerSimStream       *self);
void      _teller_sim_stream_begin_multipart     (SoupServerMessage     *message);
void      _teller_sim_stream_end_multipart       (SoupServerMessage     *message,
                                                  GBytes                *last_part);
void      _teller_sim_source_add_client          (TellerSimSource       *source,
                                                  SoupServerMessage     *message);
void      _teller_sim_source_end_all             (TellerSimSource       *source,
                                                  TellerSimNotice        kind);
guint     _teller_sim_source_cut_all             (TellerSimSource       *source);
gboolean  _teller_sim_source_start               (TellerSimSource       *source,
                                                  GError               **error);
void      _teller_sim_source_stop                (TellerSimSource       *source);
void      _teller_sim_client_free                (TellerSimClient       *client);

/* teller-sim-stream-routes.c */
void      _teller_sim_stream_add_routes          (TellerSimStream       *self,
                                                  TellerSimServer       *server);
void      _teller_sim_stream_plugged_changed_cb  (TellerSimCamera       *camera,
                                                  GParamSpec            *pspec,
                                                  TellerSimStream       *self);

G_END_DECLS
