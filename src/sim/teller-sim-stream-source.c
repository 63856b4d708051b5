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
 * Each camera's picture: one GStreamer pipeline (videotestsrc → cairooverlay →
 * jpegenc → appsink) that runs only while somebody watches, its frames wrapped as
 * multipart parts in the streaming thread and handed to the main context, where
 * every client gets the newest part unless it has not written the previous one yet.
 */

#define JPEG_QUALITY              80
#define MESSAGE_RENDER_TIMEOUT    (5 * GST_SECOND)

#define STREAM_CONTENT_TYPE "multipart/x-mixed-replace; boundary=" TELLER_SIM_STREAM_BOUNDARY
#define CLOSE_DELIMITER     "--" TELLER_SIM_STREAM_BOUNDARY "--\r\n"

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

void
_teller_sim_stream_pose_at (TellerSimStream       *self,
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
  TellerSimSource *source = user_data;
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
build_pipeline (guint        color,
                const char  *source_options,
                guint        width,
                guint        height,
                guint        framerate,
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
GBytes *
_teller_sim_stream_get_message_part (TellerSimStream *self,
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

void
_teller_sim_stream_clear_message_parts (TellerSimStream *self)
{
  for (guint i = 0; i < TELLER_SIM_N_NOTICES; i++)
    g_clear_pointer (&self->message_parts[i], g_bytes_unref);
}

/* ---- Clients (main thread) ---------------------------------------------- */

void
_teller_sim_stream_begin_multipart (SoupServerMessage *message)
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
void
_teller_sim_stream_end_multipart (SoupServerMessage *message,
                                  GBytes            *last_part)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (last_part != NULL)
    soup_message_body_append_bytes (body, last_part);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, CLOSE_DELIMITER, strlen (CLOSE_DELIMITER));
  soup_message_body_complete (body);
  soup_server_message_unpause (message);
}

void
_teller_sim_client_free (TellerSimClient *client)
{
  g_clear_signal_handler (&client->wrote_id, client->message);
  g_clear_signal_handler (&client->finished_id, client->message);
  g_clear_signal_handler (&client->disconnected_id, client->message);
  g_clear_object (&client->message);
  g_free (client);
}

static void
source_remove_client (TellerSimSource *source,
                      TellerSimClient *client)
{
  g_ptr_array_remove_fast (source->clients, client);
  if (source->clients->len == 0)
    _teller_sim_source_stop (source);
}

static void
client_gone_cb (SoupServerMessage *message,
                TellerSimClient   *client)
{
  source_remove_client (client->source, client);
}

static void
client_wrote_cb (SoupServerMessage *message,
                 guint              chunk_size,
                 TellerSimClient   *client)
{
  client->queued -= MIN (client->queued, chunk_size);
}

static void
client_offer (TellerSimClient *client,
              GBytes          *part)
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

void
_teller_sim_source_add_client (TellerSimSource   *source,
                               SoupServerMessage *message)
{
  TellerSimClient *client = g_new0 (TellerSimClient, 1);

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
void
_teller_sim_source_end_all (TellerSimSource *source,
                            TellerSimNotice  kind)
{
  g_autoptr(GPtrArray) clients = NULL;
  GBytes *last_part;

  if (source->clients->len == 0)
    {
      _teller_sim_source_stop (source);
      return;
    }

  last_part = _teller_sim_stream_get_message_part (source->stream, kind);
  clients = g_steal_pointer (&source->clients);
  source->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) _teller_sim_client_free);
  for (guint i = 0; i < clients->len; i++)
    {
      TellerSimClient *client = g_ptr_array_index (clients, i);

      _teller_sim_stream_end_multipart (client->message, last_part);
    }
  _teller_sim_source_stop (source);
}

/* The first half of @part's JPEG, after the part's delimiter and headers: what a
 * client reads when the connection drops mid-frame.  @part is build_part()'s. */
static GBytes *
cut_part (GBytes *part)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (part, &size);
  const guint8 *body = memmem (data, size, "\r\n\r\n", 4);
  gsize header_len, jpeg_len;

  g_return_val_if_fail (body != NULL && size >= (gsize) (body - data) + 4 + 2, NULL);
  header_len = (gsize) (body - data) + 4;
  jpeg_len = size - header_len - 2;
  return g_bytes_new_from_bytes (part, 0, header_len + jpeg_len / 2);
}

/*
 * Cuts every stream of @source in the middle of a part: its delimiter, headers
 * and half of its JPEG, then the end of the response, with no closing delimiter.
 * Returns how many streams were cut.
 */
guint
_teller_sim_source_cut_all (TellerSimSource *source)
{
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GBytes) part = NULL;
  guint n_cut;

  if (source->clients->len == 0)
    return 0;

  /* The newest frame, else (none encoded yet) the "closed" picture: a JPEG either way. */
  if (source->current != NULL)
    part = cut_part (source->current);
  else if (_teller_sim_stream_get_message_part (source->stream, TELLER_SIM_NOTICE_DEVICE_CLOSED) != NULL)
    part = cut_part (_teller_sim_stream_get_message_part (source->stream,
                                                          TELLER_SIM_NOTICE_DEVICE_CLOSED));

  clients = g_steal_pointer (&source->clients);
  source->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) _teller_sim_client_free);
  for (guint i = 0; i < clients->len; i++)
    {
      TellerSimClient *client = g_ptr_array_index (clients, i);
      SoupMessageBody *body = soup_server_message_get_response_body (client->message);

      if (part != NULL)
        soup_message_body_append_bytes (body, part);
      soup_message_body_complete (body);
      soup_server_message_unpause (client->message);
    }
  n_cut = clients->len;
  _teller_sim_source_stop (source);
  g_debug ("Cut %u streams of camera %u mid-frame", n_cut, source->camidx);
  return n_cut;
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
  TellerSimSource *source = user_data;
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
  TellerSimSource *source = user_data;
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
  TellerSimSource *source = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    return G_SOURCE_CONTINUE;

  gst_message_parse_error (message, &error, &debug);
  g_warning ("The simulated camera %u stopped: %s", source->camidx, error->message);
  /* Not ours to destroy any more: returning REMOVE does that. */
  g_clear_pointer (&source->bus_source, g_source_unref);
  _teller_sim_source_end_all (source, TELLER_SIM_NOTICE_DEVICE_ERROR);
  return G_SOURCE_REMOVE;
}

gboolean
_teller_sim_source_start (TellerSimSource  *source,
                          GError          **error)
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
      _teller_sim_source_stop (source);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The preview pipeline of camera %u does not start", source->camidx);
      return FALSE;
    }

  g_debug ("Camera %u streams %ux%u at %u fps", source->camidx,
           source->width, source->height, self->framerate);
  return TRUE;
}

void
_teller_sim_source_stop (TellerSimSource *source)
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
