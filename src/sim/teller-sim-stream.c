/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include "teller-sim-stream.h"
#include "teller-sim-stream-private.h"

/*
 * The preview stream of 001_5b286aac9e459b89.txt chapter 3.1: GET
 * /video=stream&camidx=N answers multipart/x-mixed-replace, one JPEG per part,
 * and never ends while the camera runs.  When the camera goes away (unplugged,
 * or video=close) the stream sends one last picture saying so and ends, which is
 * what the document describes browsers caching.
 *
 * Each camera has one GStreamer pipeline (videotestsrc → cairooverlay → jpegenc
 * → appsink) that runs only while somebody watches.  Frames are encoded once, in
 * GStreamer's streaming thread, wrapped as a complete multipart part, and handed
 * to the main context through a GSource whose ready time the streaming thread
 * sets; there every client gets the newest part, unless the previous one has not
 * been written to its socket yet, in which case the client skips this frame.  A
 * slow client therefore costs at most one part of memory.
 *
 * The document camera shows a desk on which a page slides in, lies still and
 * slides out again (teller-sim-stream-picture.c); video=detectdoc (chapter 3.5)
 * reads the same clock, so its answers match the picture whether or not anybody
 * watches it.
 */

#define DEFAULT_WIDTH             1920
#define DEFAULT_HEIGHT            1080
#define DEFAULT_FRAMERATE         30
#define DEFAULT_DOCUMENT_CYCLE_MS 8000
/* Chapter 3.5: "服务程序默认每500毫秒检测一次文档状态" */
#define DEFAULT_DETECT_INTERVAL_MS 500
#define JPEG_QUALITY              80
#define MESSAGE_RENDER_TIMEOUT    (5 * GST_SECOND)

#define STREAM_CONTENT_TYPE "multipart/x-mixed-replace; boundary=" TELLER_SIM_STREAM_BOUNDARY
#define CLOSE_DELIMITER     "--" TELLER_SIM_STREAM_BOUNDARY "--\r\n"
#define STREAM_DATA_KEY     "teller-sim-stream"

/* Chapter 3.5's table, the only place the document lists device codes. */
#define CODE_OK             "0"
#define CODE_BAD_REQUEST    "1"
#define CODE_NOT_CONNECTED  "2"
#define CODE_NOT_STARTED    "5"
#define CODE_STOPPED        "6"
#define CODE_NO_DOCUMENT    "100"
#define CODE_NEW_DOCUMENT   "101"
#define CODE_SAME_DOCUMENT  "102"

typedef struct _Source Source;

typedef struct
{
  Source            *source;   /* borrowed: the source frees its clients */
  SoupServerMessage *message;
  gsize              queued;   /* bytes appended and not yet written */
  gulong             wrote_id;
  gulong             finished_id;
  gulong             disconnected_id;
} Client;

/* One camera's picture and the clients watching it. */
struct _Source
{
  TellerSimStream *stream;      /* borrowed: owns the source */
  guint            camidx;
  guint            open_count;  /* video=open / video=close, chapters 3.9 and 3.10 */
  GPtrArray       *clients;     /* Client */
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

  Source            sources[TELLER_SIM_STREAM_N_CAMERAS];
};

G_DEFINE_FINAL_TYPE (TellerSimStream, teller_sim_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FRAMERATE,
  PROP_DOCUMENT_CYCLE_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void source_stop (Source *source);

/* ---- The animation clock ----------------------------------------------- */

static void
read_clock (TellerSimStream *self,
            gint64           now_us,
            gint64          *elapsed_us,
            guint           *cycle_ms)
{
  g_mutex_lock (&self->clock_lock);
  *elapsed_us = now_us - self->epoch_us;
  *cycle_ms = self->cycle_ms;
  g_mutex_unlock (&self->clock_lock);
}

static void
pose_at (TellerSimStream       *self,
         gint64                 now_us,
         TellerSimDocumentPose *pose)
{
  gint64 elapsed_us;
  guint cycle_ms;

  read_clock (self, now_us, &elapsed_us, &cycle_ms);
  _teller_sim_document_pose_at (elapsed_us, cycle_ms, pose);
}

/* ---- Drawing (streaming threads) ---------------------------------------- */

static void
scene_draw_cb (GstElement *overlay,
               cairo_t    *cr,
               guint64     timestamp,
               guint64     duration,
               gpointer    user_data)
{
  Source *source = user_data;
  gint64 elapsed_us;
  guint cycle_ms;

  read_clock (source->stream, g_get_monotonic_time (), &elapsed_us, &cycle_ms);
  _teller_sim_painter_draw_scene (source->stream->painter, cr, source->width, source->height,
                                  source->camidx, elapsed_us, cycle_ms,
                                  duration > 0 ? timestamp / duration : 0);
}

/* ---- Encoding ----------------------------------------------------------- */

/* One multipart part: delimiter, headers, the JPEG and the CRLF that belongs to
 * the next delimiter.  Built once per frame and shared by every client. */
static GBytes *
build_part (const guint8 *jpeg,
            gsize         size)
{
  char header[160];
  int header_len;
  guint8 *data;
  gsize total;

  header_len = g_snprintf (header, sizeof header,
                           "--" TELLER_SIM_STREAM_BOUNDARY "\r\n"
                           "Content-Type: image/jpeg\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", size);
  total = (gsize) header_len + size + 2;
  data = g_malloc (total);
  memcpy (data, header, header_len);
  memcpy (data + header_len, jpeg, size);
  memcpy (data + header_len + size, "\r\n", 2);
  return g_bytes_new_take (data, total);
}

static GBytes *
build_part_from_sample (GstSample *sample)
{
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;
  GBytes *part;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return NULL;
  part = build_part (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  return part;
}

static GstElement *
build_pipeline (guint       color,
                const char *source_options,
                guint       width,
                guint       height,
                guint       framerate,
                GstElement **overlay,
                GstElement **sink,
                GError     **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  GstElement *pipeline;

  /* Here rather than at start-up: a simulator nobody watches never loads GStreamer. */
  gst_init (NULL, NULL);

  description = g_strdup_printf ("videotestsrc %s pattern=solid-color foreground-color=%u "
                                 "! video/x-raw,format=BGRx,width=%u,height=%u,framerate=%u/1 "
                                 "! cairooverlay name=overlay "
                                 "! jpegenc quality=%d "
                                 "! appsink name=sink sync=false max-buffers=2 drop=true",
                                 source_options, color, width, height, framerate,
                                 JPEG_QUALITY);
  pipeline = gst_parse_launch (description, &local_error);
  if (local_error != NULL)
    {
      /* gst_parse_launch() may return a pipeline with a recoverable error (a
       * missing element, say); this one is useless without every element. */
      gst_clear_object (&pipeline);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  *overlay = gst_bin_get_by_name (GST_BIN (pipeline), "overlay");
  *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert (*overlay != NULL && *sink != NULL);
  return pipeline;
}

typedef struct
{
  TellerSimStream *stream;
  TellerSimNotice  kind;
} MessageDraw;

static void
message_draw_cb (GstElement *overlay,
                 cairo_t    *cr,
                 guint64     timestamp,
                 guint64     duration,
                 gpointer    user_data)
{
  const MessageDraw *draw = user_data;

  _teller_sim_painter_draw_notice (draw->stream->painter, cr, draw->stream->width,
                                   draw->stream->height, draw->kind);
}

/*
 * The last picture of a stream that ends.  Rendered once per kind and size, in
 * a one-frame pipeline the main thread waits for (a few milliseconds).
 */
static GBytes *
get_message_part (TellerSimStream *self,
                  TellerSimNotice  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstSample) sample = NULL;
  MessageDraw draw = { self, kind };

  if (self->message_parts[kind] != NULL)
    return self->message_parts[kind];

  pipeline = build_pipeline (_teller_sim_painter_notice_color (kind),
                             "num-buffers=1", self->width, self->height, 1,
                             &overlay, &sink, &error);
  if (pipeline == NULL)
    {
      g_warning ("Cannot render the simulator's “device” picture: %s", error->message);
      return NULL;
    }

  g_signal_connect (overlay, "draw", G_CALLBACK (message_draw_cb), &draw);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), MESSAGE_RENDER_TIMEOUT);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  self->message_parts[kind] = build_part_from_sample (sample);
  if (self->message_parts[kind] == NULL)
    g_warning ("The simulator's “device” picture did not render");
  return self->message_parts[kind];
}

static void
clear_message_parts (TellerSimStream *self)
{
  for (guint i = 0; i < TELLER_SIM_N_NOTICES; i++)
    g_clear_pointer (&self->message_parts[i], g_bytes_unref);
}

/* ---- Clients (main thread) ---------------------------------------------- */

static void
begin_multipart (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  /* No Cache-Control: the real service sends none, which is why the document
   * tells clients to add a "tid" to the URL (chapter 3.1). */
  soup_message_headers_replace (headers, "Content-Type", STREAM_CONTENT_TYPE);
  /* An HTTP/1.0 client cannot read chunks: its stream ends when the server closes. */
  soup_message_headers_set_encoding (headers,
                                     soup_server_message_get_http_version (message) == SOUP_HTTP_1_0
                                     ? SOUP_ENCODING_EOF : SOUP_ENCODING_CHUNKED);
  /* Written parts are dropped, or a stream that never ends would grow forever. */
  soup_message_body_set_accumulate (body, FALSE);
}

/* Appends @last_part (if any) and the closing delimiter, and lets libsoup finish. */
static void
end_multipart (SoupServerMessage *message,
               GBytes            *last_part)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (last_part != NULL)
    soup_message_body_append_bytes (body, last_part);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, CLOSE_DELIMITER, strlen (CLOSE_DELIMITER));
  soup_message_body_complete (body);
  soup_server_message_unpause (message);
}

static void
client_free (Client *client)
{
  g_clear_signal_handler (&client->wrote_id, client->message);
  g_clear_signal_handler (&client->finished_id, client->message);
  g_clear_signal_handler (&client->disconnected_id, client->message);
  g_clear_object (&client->message);
  g_free (client);
}

static void
source_remove_client (Source *source,
                      Client *client)
{
  g_ptr_array_remove_fast (source->clients, client);
  if (source->clients->len == 0)
    source_stop (source);
}

static void
client_gone_cb (SoupServerMessage *message,
                Client            *client)
{
  source_remove_client (client->source, client);
}

static void
client_wrote_cb (SoupServerMessage *message,
                 guint              chunk_size,
                 Client            *client)
{
  client->queued -= MIN (client->queued, chunk_size);
}

static void
client_offer (Client *client,
              GBytes *part)
{
  TellerSimStream *self = client->source->stream;

  /* The previous frame is still on its way: this client skips one. */
  if (client->queued > 0)
    {
      client->source->frames_dropped++;
      return;
    }

  soup_message_body_append_bytes (soup_server_message_get_response_body (client->message), part);
  client->queued += g_bytes_get_size (part);
  self->max_queued_bytes = MAX (self->max_queued_bytes, client->queued);
  soup_server_message_unpause (client->message);
}

static void
source_add_client (Source            *source,
                   SoupServerMessage *message)
{
  Client *client = g_new0 (Client, 1);

  client->source = source;
  client->message = g_object_ref (message);
  client->wrote_id = g_signal_connect (message, "wrote-body-data",
                                       G_CALLBACK (client_wrote_cb), client);
  client->finished_id = g_signal_connect (message, "finished",
                                          G_CALLBACK (client_gone_cb), client);
  client->disconnected_id = g_signal_connect (message, "disconnected",
                                              G_CALLBACK (client_gone_cb), client);
  g_ptr_array_add (source->clients, client);

  if (source->current != NULL)
    client_offer (client, source->current);
}

/* Ends every stream of @source, with @kind's picture last, and stops the pipeline. */
static void
source_end_all (Source          *source,
                TellerSimNotice  kind)
{
  g_autoptr(GPtrArray) clients = NULL;
  GBytes *last_part;

  if (source->clients->len == 0)
    {
      source_stop (source);
      return;
    }

  last_part = get_message_part (source->stream, kind);
  clients = g_steal_pointer (&source->clients);
  source->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      end_multipart (client->message, last_part);
    }
  source_stop (source);
}

/* ---- Pipelines ---------------------------------------------------------- */

/* The streaming thread wakes the main context by making this source ready. */
static gboolean
frame_source_dispatch (GSource     *gsource,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (gsource, -1);
  return callback (user_data);
}

static GSourceFuncs frame_source_funcs = {
  .dispatch = frame_source_dispatch,
};

static gboolean
frame_ready_cb (gpointer user_data)
{
  Source *source = user_data;
  g_autoptr(GBytes) part = NULL;

  g_mutex_lock (&source->lock);
  part = g_steal_pointer (&source->latest);
  g_mutex_unlock (&source->lock);

  if (part == NULL)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&source->current, g_bytes_unref);
  source->current = g_bytes_ref (part);
  /* unpause() only schedules the write, so no client leaves during this loop. */
  for (guint i = 0; i < source->clients->len; i++)
    client_offer (g_ptr_array_index (source->clients, i), part);
  return G_SOURCE_CONTINUE;
}

/* Runs in the streaming thread. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  Source *source = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GBytes *part = build_part_from_sample (sample);

  if (part == NULL)
    return GST_FLOW_OK;

  g_mutex_lock (&source->lock);
  g_clear_pointer (&source->latest, g_bytes_unref);
  source->latest = part;
  source->frames_encoded++;
  g_mutex_unlock (&source->lock);

  /* Thread-safe, and it wakes the main context up. */
  g_source_set_ready_time (source->frame_source, 0);
  return GST_FLOW_OK;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  Source *source = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    return G_SOURCE_CONTINUE;

  gst_message_parse_error (message, &error, &debug);
  g_warning ("The simulated camera %u stopped: %s", source->camidx, error->message);
  /* Not ours to destroy any more: returning REMOVE does that. */
  g_clear_pointer (&source->bus_source, g_source_unref);
  source_end_all (source, TELLER_SIM_NOTICE_DEVICE_ERROR);
  return G_SOURCE_REMOVE;
}

static gboolean
source_start (Source  *source,
              GError **error)
{
  TellerSimStream *self = source->stream;
  static const GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;

  if (source->pipeline != NULL)
    return TRUE;

  source->width = self->width;
  source->height = self->height;
  source->pipeline = build_pipeline (_teller_sim_painter_scene_color (source->camidx),
                                     "is-live=true", self->width, self->height,
                                     self->framerate, &overlay, &sink, error);
  if (source->pipeline == NULL)
    return FALSE;

  g_signal_connect (overlay, "draw", G_CALLBACK (scene_draw_cb), source);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), (GstAppSinkCallbacks *) &callbacks,
                              source, NULL);

  source->frame_source = g_source_new (&frame_source_funcs, sizeof (GSource));
  g_source_set_callback (source->frame_source, frame_ready_cb, source, NULL);
  g_source_set_static_name (source->frame_source, "[teller] simulated preview frame");
  g_source_attach (source->frame_source, self->context);

  bus = gst_element_get_bus (source->pipeline);
  source->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (source->bus_source, G_SOURCE_FUNC (bus_cb), source, NULL);
  g_source_attach (source->bus_source, self->context);

  if (gst_element_set_state (source->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      source_stop (source);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The preview pipeline of camera %u does not start", source->camidx);
      return FALSE;
    }

  g_debug ("Camera %u streams %ux%u at %u fps", source->camidx,
           source->width, source->height, self->framerate);
  return TRUE;
}

static void
source_stop (Source *source)
{
  if (source->pipeline == NULL)
    return;

  /* Joins the streaming thread: no frame arrives after this. */
  gst_element_set_state (source->pipeline, GST_STATE_NULL);
  gst_clear_object (&source->pipeline);

  if (source->bus_source != NULL)
    g_source_destroy (source->bus_source);
  g_clear_pointer (&source->bus_source, g_source_unref);
  g_source_destroy (source->frame_source);
  g_clear_pointer (&source->frame_source, g_source_unref);

  g_mutex_lock (&source->lock);
  g_clear_pointer (&source->latest, g_bytes_unref);
  g_mutex_unlock (&source->lock);
  g_clear_pointer (&source->current, g_bytes_unref);

  g_debug ("Camera %u stopped streaming", source->camidx);
}

/* ---- Routes ------------------------------------------------------------- */

static gboolean
camera_plugged (TellerSimStream *self)
{
  return self->camera != NULL && teller_sim_camera_get_plugged (self->camera);
}

/* CameraService puts GET parameters after "&" in the path; "?" is read too. */
static char *
dup_param (SoupServerMessage *message,
           const char        *name)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *lists[] = { strchr (g_uri_get_path (uri), '&'), g_uri_get_query (uri) };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_auto(GStrv) pairs = NULL;

      if (lists[i] == NULL)
        continue;
      pairs = g_strsplit (lists[i], "&", -1);
      for (guint j = 0; pairs[j] != NULL; j++)
        {
          const char *eq = strchr (pairs[j], '=');

          if (eq != NULL && (gsize) (eq - pairs[j]) == strlen (name) &&
              strncmp (pairs[j], name, eq - pairs[j]) == 0)
            return g_uri_unescape_string (eq + 1, NULL);
        }
    }
  return NULL;
}

/* The camidx parameter: 0 when absent (the document's own links sometimes leave
 * it out), -1 when it is not a number. */
static int
parse_camidx (SoupServerMessage *message)
{
  g_autofree char *value = dup_param (message, "camidx");
  guint64 camidx;

  if (value == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &camidx, NULL))
    return -1;
  return (int) camidx;
}

/* {"code": "0"} on success, else the camera's error envelope with its message. */
static void
reply_code (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            const char        *code)
{
  g_autoptr(JsonNode) reply = NULL;

  if (g_str_equal (code, CODE_OK))
    {
      teller_sim_server_reply_code (server, message, code, NULL);
      return;
    }
  reply = teller_sim_camera_build_error (route, code, NULL);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

/* GET /video=stream&camidx=N[&tid=...], chapter 3.1 */
static void
stream_cb (TellerSimServer   *server,
           SoupServerMessage *message,
           const char        *route,
           JsonNode          *body,
           gpointer           user_data)
{
  TellerSimStream *self = user_data;
  g_autoptr(GError) error = NULL;
  int camidx = parse_camidx (message);
  Source *source;

  begin_multipart (message);

  /* A stream that cannot run answers like one that just ended: a picture saying
   * why, then the end.  That is all an <img> can show. */
  if (camidx < 0 || camidx >= TELLER_SIM_STREAM_N_CAMERAS || !camera_plugged (self))
    {
      end_multipart (message, get_message_part (self, TELLER_SIM_NOTICE_DEVICE_ERROR));
      return;
    }

  source = &self->sources[camidx];
  if (source->open_count == 0)
    {
      end_multipart (message, get_message_part (self, TELLER_SIM_NOTICE_DEVICE_CLOSED));
      return;
    }

  if (!source_start (source, &error))
    {
      g_warning ("Cannot stream the simulated camera %d: %s", camidx, error->message);
      end_multipart (message, get_message_part (self, TELLER_SIM_NOTICE_DEVICE_ERROR));
      return;
    }

  source_add_client (source, message);
}

/* GET /video=open&camidx=N and /video=close&camidx=N, chapters 3.9 and 3.10 */
static void
open_close_cb (TellerSimServer   *server,
               SoupServerMessage *message,
               const char        *route,
               JsonNode          *body,
               gpointer           user_data)
{
  TellerSimStream *self = user_data;
  int camidx = parse_camidx (message);
  Source *source;

  if (camidx < 0)
    {
      reply_code (server, message, route, CODE_BAD_REQUEST);
      return;
    }
  if (camidx >= TELLER_SIM_STREAM_N_CAMERAS || !camera_plugged (self))
    {
      reply_code (server, message, route, CODE_NOT_CONNECTED);
      return;
    }

  /* "每调用一次，内部记数增加 1 / 减少 1，记数为 0 时设备处于关闭状态": a count,
   * which never goes below 0. */
  source = &self->sources[camidx];
  if (g_str_equal (route, "video=open"))
    {
      source->open_count++;
    }
  else if (source->open_count > 0)
    {
      source->open_count--;
      if (source->open_count == 0)
        source_end_all (source, TELLER_SIM_NOTICE_DEVICE_CLOSED);
    }

  /* The document shows no reply for these two; the service's usual envelope. */
  reply_code (server, message, route, CODE_OK);
}

/* Chapter 3.5's descriptions of its codes, sent as the reply's "message". */
static const struct {
  const char *code;
  const char *message;
} detect_messages[] = {
  { CODE_OK, "开始文档检测" },
  { CODE_NOT_STARTED, "未启动文档检测" },
  { CODE_STOPPED, "退出文档检测" },
  { CODE_NO_DOCUMENT, "视频中没有检测到文档" },
  { CODE_NEW_DOCUMENT, "检测到新文档" },
  { CODE_SAME_DOCUMENT, "视频中依然是还是之前的文档" },
};

static void
reply_detect (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              const char        *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (detect_messages); i++)
    {
      if (g_str_equal (code, detect_messages[i].code))
        {
          teller_sim_server_reply_code (server, message, code, detect_messages[i].message);
          return;
        }
    }
  /* "1", "2", "3": the camera's error envelope, which has their texts. */
  reply_code (server, message, route, code);
}

/* What the detector saw at its last run (it runs every detect_interval ms from
 * "start"): a page counts once it has lain still for two runs in a row. */
static const char *
detect_status (TellerSimStream *self)
{
  gint64 interval_us = (gint64) self->detect_interval_ms * 1000;
  gint64 now_us = g_get_monotonic_time ();
  gint64 sample_us;
  TellerSimDocumentPose pose, before;

  sample_us = self->detect_start_us
              + (now_us - self->detect_start_us) / interval_us * interval_us;
  pose_at (self, sample_us, &pose);
  pose_at (self, sample_us - interval_us, &before);

  if (!pose.still || !before.still || pose.cycle != before.cycle)
    return CODE_NO_DOCUMENT;
  if (pose.cycle != self->reported_cycle)
    {
      self->reported_cycle = pose.cycle;
      return CODE_NEW_DOCUMENT;
    }
  return CODE_SAME_DOCUMENT;
}

static gboolean
parse_interval (JsonObject *object,
                guint      *interval_ms)
{
  JsonNode *node = json_object_get_member (object, "detect_interval");
  guint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *interval_ms = DEFAULT_DETECT_INTERVAL_MS;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  /* The document types it String; a number is let through, as a lenient service would. */
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 1, 60000, &value, NULL))
        return FALSE;
    }
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (json_node_get_int (node) < 1 || json_node_get_int (node) > 60000)
        return FALSE;
      value = (guint64) json_node_get_int (node);
    }
  else
    {
      return FALSE;
    }

  *interval_ms = (guint) value;
  return TRUE;
}

/* POST /video=detectdoc {"action": "start"|"stop"|"status"}, chapter 3.5 */
static void
detectdoc_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              JsonNode          *body,
              gpointer           user_data)
{
  TellerSimStream *self = user_data;
  JsonObject *object = NULL;
  const char *action = NULL;
  guint interval_ms = DEFAULT_DETECT_INTERVAL_MS;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    object = json_node_get_object (body);
  if (object != NULL)
    action = json_object_get_string_member_with_default (object, "action", NULL);
  if (action == NULL ||
      !g_strv_contains ((const char *[]) { "start", "stop", "status", NULL }, action) ||
      (g_str_equal (action, "start") && !parse_interval (object, &interval_ms)))
    {
      reply_detect (server, message, route, CODE_BAD_REQUEST);
      return;
    }

  if (!camera_plugged (self))
    {
      reply_detect (server, message, route, CODE_NOT_CONNECTED);
      return;
    }

  if (g_str_equal (action, "start"))
    {
      self->detecting = TRUE;
      self->detect_start_us = g_get_monotonic_time ();
      self->detect_interval_ms = interval_ms;
      self->reported_cycle = -1;
      reply_detect (server, message, route, CODE_OK);
    }
  else if (g_str_equal (action, "stop"))
    {
      /* The table has "0" for 开始文档检测 (detection started) and "6" for
       * 退出文档检测 (detection left): "6" is the answer to a stop that stopped
       * something, "5" (未启动文档检测) the one to a stop with nothing running. */
      reply_detect (server, message, route,
                    self->detecting ? CODE_STOPPED : CODE_NOT_STARTED);
      self->detecting = FALSE;
    }
  else
    {
      reply_detect (server, message, route,
                    self->detecting ? detect_status (self) : CODE_NOT_STARTED);
    }
}

static void
plugged_changed_cb (TellerSimCamera *camera,
                    GParamSpec      *pspec,
                    TellerSimStream *self)
{
  if (teller_sim_camera_get_plugged (camera))
    return;

  /* The detector loses its picture with the camera; after plugging back in it
   * has to be started again. */
  self->detecting = FALSE;
  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    source_end_all (&self->sources[i], TELLER_SIM_NOTICE_DEVICE_ERROR);
}

/* ---- GObject ------------------------------------------------------------ */

static void
teller_sim_stream_dispose (GObject *object)
{
  TellerSimStream *self = TELLER_SIM_STREAM (object);

  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    {
      Source *source = &self->sources[i];

      /* Whoever still watches gets a proper end rather than a hung connection. */
      for (guint j = 0; j < source->clients->len; j++)
        end_multipart (((Client *) g_ptr_array_index (source->clients, j))->message, NULL);
      g_ptr_array_set_size (source->clients, 0);
      source_stop (source);
    }
  clear_message_parts (self);
  g_clear_weak_pointer (&self->camera);

  G_OBJECT_CLASS (teller_sim_stream_parent_class)->dispose (object);
}

static void
teller_sim_stream_finalize (GObject *object)
{
  TellerSimStream *self = TELLER_SIM_STREAM (object);

  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    {
      g_ptr_array_unref (self->sources[i].clients);
      g_mutex_clear (&self->sources[i].lock);
    }
  _teller_sim_painter_free (self->painter);
  g_mutex_clear (&self->clock_lock);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (teller_sim_stream_parent_class)->finalize (object);
}

static void
teller_sim_stream_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TellerSimStream *self = TELLER_SIM_STREAM (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_FRAMERATE:
      g_value_set_uint (value, self->framerate);
      break;
    case PROP_DOCUMENT_CYCLE_MS:
      g_value_set_uint (value, teller_sim_stream_get_document_cycle_ms (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_stream_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TellerSimStream *self = TELLER_SIM_STREAM (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      teller_sim_stream_set_size (self, g_value_get_uint (value), self->height);
      break;
    case PROP_HEIGHT:
      teller_sim_stream_set_size (self, self->width, g_value_get_uint (value));
      break;
    case PROP_FRAMERATE:
      teller_sim_stream_set_framerate (self, g_value_get_uint (value));
      break;
    case PROP_DOCUMENT_CYCLE_MS:
      teller_sim_stream_set_document_cycle_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_stream_class_init (TellerSimStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = teller_sim_stream_dispose;
  object_class->finalize = teller_sim_stream_finalize;
  object_class->get_property = teller_sim_stream_get_property;
  object_class->set_property = teller_sim_stream_set_property;

  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 16, 7680, DEFAULT_WIDTH, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 16, 4320, DEFAULT_HEIGHT, flags);
  properties[PROP_FRAMERATE] =
    g_param_spec_uint ("framerate", NULL, NULL, 1, 120, DEFAULT_FRAMERATE, flags);
  properties[PROP_DOCUMENT_CYCLE_MS] =
    g_param_spec_uint ("document-cycle-ms", NULL, NULL, 100, G_MAXINT,
                       DEFAULT_DOCUMENT_CYCLE_MS, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_sim_stream_init (TellerSimStream *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->framerate = DEFAULT_FRAMERATE;
  g_mutex_init (&self->clock_lock);
  self->epoch_us = g_get_monotonic_time ();
  self->cycle_ms = DEFAULT_DOCUMENT_CYCLE_MS;
  self->detect_interval_ms = DEFAULT_DETECT_INTERVAL_MS;
  self->reported_cycle = -1;

  /* Here, on the main thread: the streaming threads share it. */
  self->painter = _teller_sim_painter_new ();

  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    {
      Source *source = &self->sources[i];

      source->stream = self;
      source->camidx = i;
      /* The service opens its cameras when it starts: the vendor's demo streams
       * without calling video=open first. */
      source->open_count = 1;
      source->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
      g_mutex_init (&source->lock);
    }
}

/* ---- Public API --------------------------------------------------------- */

/**
 * teller_sim_stream_attach:
 * @camera: the simulated camera, which will own the stream
 * @server: the server to register video=stream, video=open, video=close and
 *   video=detectdoc on
 *
 * Must be called on the thread whose main context @server answers from.
 *
 * Returns: (transfer none): the stream
 */
TellerSimStream *
teller_sim_stream_attach (TellerSimCamera *camera,
                          TellerSimServer *server)
{
  TellerSimStream *self;

  g_return_val_if_fail (TELLER_IS_SIM_CAMERA (camera), NULL);
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  self = g_object_new (TELLER_TYPE_SIM_STREAM, NULL);
  g_set_weak_pointer (&self->camera, camera);
  g_signal_connect_object (camera, "notify::plugged", G_CALLBACK (plugged_changed_cb), self, 0);
  g_object_set_data_full (G_OBJECT (camera), STREAM_DATA_KEY, self, g_object_unref);

  teller_sim_server_add_route_full (server, "video=stream", stream_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "video=open", open_close_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "video=close", open_close_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "video=detectdoc", detectdoc_cb,
                                    g_object_ref (self), g_object_unref);
  return self;
}

/**
 * teller_sim_stream_get_for_camera:
 *
 * Returns: (transfer none) (nullable): the stream teller_sim_stream_attach() hung
 *   on @camera
 */
TellerSimStream *
teller_sim_stream_get_for_camera (TellerSimCamera *camera)
{
  g_return_val_if_fail (TELLER_IS_SIM_CAMERA (camera), NULL);

  return g_object_get_data (G_OBJECT (camera), STREAM_DATA_KEY);
}

guint
teller_sim_stream_get_width (TellerSimStream *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), 0);

  return self->width;
}

guint
teller_sim_stream_get_height (TellerSimStream *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), 0);

  return self->height;
}

guint
teller_sim_stream_get_framerate (TellerSimStream *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), 0);

  return self->framerate;
}

void
teller_sim_stream_set_size (TellerSimStream *self,
                            guint            width,
                            guint            height)
{
  g_return_if_fail (TELLER_IS_SIM_STREAM (self));
  g_return_if_fail (width >= 16 && height >= 16);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  clear_message_parts (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
teller_sim_stream_set_framerate (TellerSimStream *self,
                                 guint            framerate)
{
  g_return_if_fail (TELLER_IS_SIM_STREAM (self));
  g_return_if_fail (framerate >= 1 && framerate <= 120);

  if (self->framerate == framerate)
    return;
  self->framerate = framerate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMERATE]);
}

guint
teller_sim_stream_get_document_cycle_ms (TellerSimStream *self)
{
  guint cycle_ms;

  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), 0);

  g_mutex_lock (&self->clock_lock);
  cycle_ms = self->cycle_ms;
  g_mutex_unlock (&self->clock_lock);
  return cycle_ms;
}

void
teller_sim_stream_set_document_cycle_ms (TellerSimStream *self,
                                         guint            cycle_ms)
{
  gboolean changed;

  g_return_if_fail (TELLER_IS_SIM_STREAM (self));
  g_return_if_fail (cycle_ms >= 100);

  g_mutex_lock (&self->clock_lock);
  changed = self->cycle_ms != cycle_ms;
  self->cycle_ms = cycle_ms;
  /* A new cycle starts now, with the desk empty. */
  self->epoch_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->clock_lock);
  self->reported_cycle = -1;

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_CYCLE_MS]);
}

static Source *
get_source (TellerSimStream *self,
            guint            camidx)
{
  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), NULL);
  g_return_val_if_fail (camidx < TELLER_SIM_STREAM_N_CAMERAS, NULL);

  return &self->sources[camidx];
}

/**
 * teller_sim_stream_get_serving:
 *
 * Returns: whether somebody watches camera @camidx, which video=status reports
 *   as "run" (chapter 3.4)
 */
gboolean
teller_sim_stream_get_serving (TellerSimStream *self,
                               guint            camidx)
{
  Source *source = get_source (self, camidx);

  return source != NULL && source->clients->len > 0;
}

/**
 * teller_sim_stream_get_running:
 *
 * Returns: whether camera @camidx's GStreamer pipeline runs (it stops when
 *   nobody watches)
 */
gboolean
teller_sim_stream_get_running (TellerSimStream *self,
                               guint            camidx)
{
  Source *source = get_source (self, camidx);

  return source != NULL && source->pipeline != NULL;
}

guint
teller_sim_stream_get_n_clients (TellerSimStream *self,
                                 guint            camidx)
{
  Source *source = get_source (self, camidx);

  return source != NULL ? source->clients->len : 0;
}

/**
 * teller_sim_stream_get_open:
 *
 * Returns: whether camera @camidx is open: its video=open count is above zero
 */
gboolean
teller_sim_stream_get_open (TellerSimStream *self,
                            guint            camidx)
{
  Source *source = get_source (self, camidx);

  return source != NULL && source->open_count > 0;
}

guint64
teller_sim_stream_get_frames_encoded (TellerSimStream *self,
                                      guint            camidx)
{
  Source *source = get_source (self, camidx);
  guint64 frames;

  if (source == NULL)
    return 0;
  g_mutex_lock (&source->lock);
  frames = source->frames_encoded;
  g_mutex_unlock (&source->lock);
  return frames;
}

guint64
teller_sim_stream_get_frames_dropped (TellerSimStream *self,
                                      guint            camidx)
{
  Source *source = get_source (self, camidx);

  return source != NULL ? source->frames_dropped : 0;
}

gsize
teller_sim_stream_get_max_queued_bytes (TellerSimStream *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), 0);

  return self->max_queued_bytes;
}
