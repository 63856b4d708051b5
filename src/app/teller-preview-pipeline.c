/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>

#include "teller-preview-private.h"

/*
 * The preview's GStreamer side.  The stream (chapter 3.1) is multipart JPEG over
 * HTTP, read and decoded in GStreamer's threads; the appsink's callback wraps
 * each decoded frame as a GdkMemoryTexture (the GstBuffer stays mapped, nothing
 * is copied) and leaves it in a one-frame mailbox: a newer frame replaces one the
 * main thread has not taken yet, so a slow main loop shows fewer frames, never
 * older ones.  State changes run in a one-thread pool, in order, so the window
 * never waits for a socket to close.
 *
 * Frames are scaled in the streaming thread to the size the widget shows them at
 * (the capsfilter "size", set from the main thread), so the main thread only
 * copies a texture of the widget's pixel size instead of scaling a full-size one
 * in software (GSK's cairo renderer) every frame.  The decoder's caps tell the
 * widget the stream's own size, which sets the aspect ratio.
 */

#define WATCHDOG_INTERVAL_S 1
#define STALL_TIMEOUT_US    (8 * G_USEC_PER_SEC)

/* ifast: the preview is shown smaller than it is decoded; its error is invisible.
 * Scaled before it is converted: the scaler then works on planar YUV (1.5 bytes a
 * pixel, ORC), and the conversion to BGRA only on the pixels shown, which costs
 * about a third less than videoconvertscale's one pass (bench/README.md). */
#define PIPELINE_DESCRIPTION \
  "souphttpsrc name=source is-live=true retries=0 timeout=10 " \
  "! multipartdemux ! jpegdec name=decoder idct-method=ifast " \
  "! videoscale method=bilinear add-borders=false " \
  "! capsfilter name=size caps=video/x-raw,pixel-aspect-ratio=1/1 " \
  "! videoconvert ! capsfilter caps=video/x-raw,format=BGRA " \
  "! appsink name=sink max-buffers=1 drop=true sync=false"

#define SOURCE_SIZE_MAX 0xffff

/* Shared with one pipeline's streaming thread; reference-counted (GAtomicRcBox). */
struct _FrameSink
{
  GMainContext *context;
  GWeakRef      preview;
  GdkTexture   *pending;   /* atomic: the newest frame the main thread has not taken */
  int           scheduled; /* atomic: a delivery is queued on the main context */
  int           stopped;   /* atomic: the pipeline is being torn down */
  int           source;    /* atomic: the decoded size, width << 16 | height; 0: unknown */
};

/* ---- Frames, from the streaming thread to the main thread --------------- */

typedef struct
{
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedBuffer;

static void
mapped_buffer_free (gpointer data)
{
  MappedBuffer *mapped = data;

  gst_buffer_unmap (mapped->buffer, &mapped->map);
  gst_buffer_unref (mapped->buffer);
  g_free (mapped);
}

/* Streaming thread.  The texture keeps the buffer mapped until it is dropped. */
/* A frame's pixels, kept with its texture for _teller_preview_frame_dup_surface(). */
typedef struct
{
  GBytes *bytes;
  gsize   stride;
} FramePixels;

static cairo_user_data_key_t frame_bytes_key;

static GQuark
frame_pixels_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("teller-preview-frame-pixels");
  return quark;
}

static void
frame_pixels_free (gpointer data)
{
  FramePixels *pixels = data;

  g_bytes_unref (pixels->bytes);
  g_free (pixels);
}

static void
frame_pixels_attach (GdkTexture *texture,
                     GBytes     *bytes,
                     gsize       stride)
{
  FramePixels *pixels = g_new (FramePixels, 1);

  pixels->bytes = g_bytes_ref (bytes);
  pixels->stride = stride;
  g_object_set_qdata_full (G_OBJECT (texture), frame_pixels_quark (), pixels, frame_pixels_free);
}

static GdkTexture *
texture_new_for_sample (GstSample *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr(GBytes) bytes = NULL;
  GstStructure *structure;
  MappedBuffer *mapped;
  GdkTexture *texture;
  int width = 0, height = 0;
  gsize stride;

  if (caps == NULL || buffer == NULL)
    return NULL;

  structure = gst_caps_get_structure (caps, 0);
  if (!gst_structure_get_int (structure, "width", &width) ||
      !gst_structure_get_int (structure, "height", &height) ||
      width <= 0 || height <= 0)
    return NULL;

  mapped = g_new0 (MappedBuffer, 1);
  mapped->buffer = gst_buffer_ref (buffer);
  if (!gst_buffer_map (mapped->buffer, &mapped->map, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      return NULL;
    }

  /* The stride is read from the size rather than assumed to be width × 4. */
  stride = mapped->map.size / (gsize) height;
  if (stride < (gsize) width * 4)
    {
      mapped_buffer_free (mapped);
      return NULL;
    }

  bytes = g_bytes_new_with_free_func (mapped->map.data, stride * (gsize) height,
                                      mapped_buffer_free, mapped);
  /* BGRA from videoconvert is opaque, so premultiplied or not is the same. */
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                    bytes, stride);
  frame_pixels_attach (texture, bytes, stride);
  return texture;
}

/**
 * _teller_preview_frame_dup_surface:
 * @texture: a frame of this file's pipeline
 *
 * The frame's pixels as a cairo image surface, without a copy.  GTK 4.8's cairo
 * renderer draws a memory texture by converting every pixel through floats
 * (gdk_memory_convert), which cost a fifth of the preview's CPU; cairo paints the
 * same BGRx pixels with one pixman blit.
 *
 * Returns: (transfer full) (nullable): %NULL when @texture is not such a frame
 */
cairo_surface_t *
_teller_preview_frame_dup_surface (GdkTexture *texture)
{
  FramePixels *pixels = g_object_get_qdata (G_OBJECT (texture), frame_pixels_quark ());
  cairo_surface_t *surface;

  if (pixels == NULL)
    return NULL;

  surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (pixels->bytes, NULL),
                                                 CAIRO_FORMAT_RGB24,
                                                 gdk_texture_get_width (texture),
                                                 gdk_texture_get_height (texture),
                                                 (int) pixels->stride);
  /* The surface may outlive the texture in a render node: it keeps the pixels. */
  cairo_surface_set_user_data (surface, &frame_bytes_key, g_bytes_ref (pixels->bytes),
                               (cairo_destroy_func_t) g_bytes_unref);
  return surface;
}

static void
frame_sink_clear (FrameSink *sink)
{
  g_clear_object (&sink->pending);
  g_weak_ref_clear (&sink->preview);
  g_main_context_unref (sink->context);
}

static FrameSink *
frame_sink_ref (FrameSink *sink)
{
  return g_atomic_rc_box_acquire (sink);
}

static void
frame_sink_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) frame_sink_clear);
}

static FrameSink *
frame_sink_new (TellerPreview *self)
{
  FrameSink *sink = g_atomic_rc_box_new0 (FrameSink);

  sink->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&sink->preview, self);
  return sink;
}

/* Main thread. */
static gboolean
frame_sink_deliver_cb (gpointer user_data)
{
  FrameSink *sink = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(TellerPreview) self = NULL;
  guint source;

  /* Cleared first: a frame that lands after the exchange schedules a new delivery. */
  g_atomic_int_set (&sink->scheduled, FALSE);
  texture = g_atomic_pointer_exchange (&sink->pending, NULL);
  self = g_weak_ref_get (&sink->preview);
  source = (guint) g_atomic_int_get (&sink->source);

  if (texture != NULL && self != NULL && !g_atomic_int_get (&sink->stopped))
    _teller_preview_show_frame (self, texture, source >> 16, source & SOURCE_SIZE_MAX);

  return G_SOURCE_REMOVE;
}

/* Not g_main_context_invoke(): from a thread without a context of its own it may
 * run the callback right there, in the streaming thread. */
static void
frame_sink_schedule (FrameSink *sink)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, frame_sink_deliver_cb, frame_sink_ref (sink), frame_sink_unref);
  g_source_set_static_name (source, "[teller] preview frame");
  g_source_attach (source, sink->context);
  g_source_unref (source);
}

/* Streaming thread. */
static GstFlowReturn
new_sample_cb (GstAppSink *appsink,
               gpointer    user_data)
{
  FrameSink *sink = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (appsink);
  GdkTexture *texture;
  GdkTexture *dropped;

  if (sample == NULL || g_atomic_int_get (&sink->stopped))
    return GST_FLOW_OK;

  texture = texture_new_for_sample (sample);
  if (texture == NULL)
    return GST_FLOW_OK;

  dropped = g_atomic_pointer_exchange (&sink->pending, texture);
  g_clear_object (&dropped);

  if (g_atomic_int_compare_and_exchange (&sink->scheduled, FALSE, TRUE))
    frame_sink_schedule (sink);

  return GST_FLOW_OK;
}

/* Streaming thread: the decoder's caps, which come before its first frame and
 * again when the camera's resolution changes, give the picture's own size. */
static GstPadProbeReturn
decoder_caps_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  FrameSink *sink = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstStructure *structure;
  GstCaps *caps = NULL;
  int width = 0, height = 0, par_n = 1, par_d = 1;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;

  gst_event_parse_caps (event, &caps);
  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return GST_PAD_PROBE_OK;

  structure = gst_caps_get_structure (caps, 0);
  if (!gst_structure_get_int (structure, "width", &width) ||
      !gst_structure_get_int (structure, "height", &height) ||
      width <= 0 || height <= 0)
    return GST_PAD_PROBE_OK;

  /* Shown in square pixels, as the capsfilter asks. */
  if (gst_structure_get_fraction (structure, "pixel-aspect-ratio", &par_n, &par_d) &&
      par_n > 0 && par_d > 0 && par_n != par_d)
    width = (int) gst_util_uint64_scale_round (width, par_n, par_d);

  width = CLAMP (width, 1, SOURCE_SIZE_MAX);
  height = CLAMP (height, 1, SOURCE_SIZE_MAX);
  g_atomic_int_set (&sink->source, (int) ((guint) width << 16 | (guint) height));

  return GST_PAD_PROBE_OK;
}

/* ---- The pipeline --------------------------------------------------------- */

static GstCaps *
output_caps_new (int width,
                 int height)
{
  GstCaps *caps = gst_caps_new_simple ("video/x-raw",
                                       "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                       NULL);

  if (width > 0 && height > 0)
    gst_caps_set_simple (caps,
                         "width", G_TYPE_INT, width,
                         "height", G_TYPE_INT, height,
                         NULL);
  return caps;
}

/* Main thread.  The capsfilter renegotiates by itself; frames already on their
 * way keep the old size and are scaled while drawn. */
void
_teller_preview_set_output_size (TellerPreview *self,
                                 int            width,
                                 int            height)
{
  g_autoptr(GstCaps) caps = NULL;

  if (width <= 0 || height <= 0)
    width = height = 0;

  if (self->output_width == width && self->output_height == height)
    return;

  self->output_width = width;
  self->output_height = height;

  if (self->size_filter == NULL)
    return;

  caps = output_caps_new (width, height);
  g_object_set (self->size_filter, "caps", caps, NULL);
}

typedef struct
{
  GstElement *pipeline;
  GstState    state;
} StateChange;

static void
state_change_run (gpointer data,
                  gpointer user_data)
{
  StateChange *change = data;

  gst_element_set_state (change->pipeline, change->state);
  gst_object_unref (change->pipeline);
  g_free (change);
}

static void
teller_preview_queue_state (TellerPreview *self,
                            GstElement    *pipeline,
                            GstState       state)
{
  StateChange *change = g_new0 (StateChange, 1);

  change->pipeline = gst_object_ref (pipeline);
  change->state = state;
  g_thread_pool_push (self->state_pool, change, NULL);
}

void
_teller_preview_stop_pipeline (TellerPreview *self)
{
  g_clear_handle_id (&self->watchdog_source, g_source_remove);

  if (self->bus_source != NULL)
    g_source_destroy (self->bus_source);
  g_clear_pointer (&self->bus_source, g_source_unref);

  if (self->sink != NULL)
    {
      GdkTexture *pending;

      g_atomic_int_set (&self->sink->stopped, TRUE);
      pending = g_atomic_pointer_exchange (&self->sink->pending, NULL);
      g_clear_object (&pending);
    }
  g_clear_pointer (&self->sink, frame_sink_unref);
  gst_clear_object (&self->size_filter);

  if (self->pipeline != NULL)
    {
      teller_preview_queue_state (self, self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  TellerPreview *self = TELLER_PREVIEW (user_data);
  g_autoptr(GError) error = NULL;

  /* Each ends this pipeline: the watch goes with it, so it returns CONTINUE. */
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      _teller_preview_stream_ended (self, _("The camera ended the picture"));
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &error, NULL);
      g_debug ("Preview stream failed: %s", error->message);
      _teller_preview_stream_ended (self, error->message);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  TellerPreview *self = TELLER_PREVIEW (user_data);

  if (g_get_monotonic_time () - self->last_frame_us < STALL_TIMEOUT_US)
    return G_SOURCE_CONTINUE;

  self->watchdog_source = 0;
  _teller_preview_stream_ended (self, _("The camera stopped sending pictures"));
  return G_SOURCE_REMOVE;
}

static GstElement *
teller_preview_build_pipeline (TellerPreview  *self,
                               GError        **error)
{
  static const GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) source = NULL;
  g_autoptr(GstElement) appsink = NULL;
  g_autoptr(GstElement) decoder = NULL;
  g_autoptr(GstPad) decoded = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autofree char *url = NULL;

  pipeline = gst_parse_launch_full (PIPELINE_DESCRIPTION, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (pipeline == NULL)
    return NULL;

  url = teller_camera_service_dup_stream_url (self->camera, self->camera_index);
  source = gst_bin_get_by_name (GST_BIN (pipeline), "source");
  g_object_set (source, "location", url, NULL);

  self->sink = frame_sink_new (self);
  appsink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), (GstAppSinkCallbacks *) &callbacks,
                              frame_sink_ref (self->sink), frame_sink_unref);

  decoder = gst_bin_get_by_name (GST_BIN (pipeline), "decoder");
  decoded = gst_element_get_static_pad (decoder, "src");
  gst_pad_add_probe (decoded, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, decoder_caps_cb,
                     frame_sink_ref (self->sink), frame_sink_unref);

  /* The size fitted for the last stream, if any: most likely right again. */
  self->size_filter = gst_bin_get_by_name (GST_BIN (pipeline), "size");
  caps = output_caps_new (self->output_width, self->output_height);
  g_object_set (self->size_filter, "caps", caps, NULL);

  return g_steal_pointer (&pipeline);
}

void
_teller_preview_start_pipeline (TellerPreview *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;

  self->pipeline = teller_preview_build_pipeline (self, &error);
  if (self->pipeline == NULL)
    {
      _teller_preview_schedule_retry (self, error->message);
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (bus_cb), self, NULL);
  g_source_set_static_name (self->bus_source, "[teller] preview bus");
  g_source_attach (self->bus_source, NULL);

  self->attempt_frames = 0;
  self->last_frame_us = g_get_monotonic_time ();
  self->watchdog_source = g_timeout_add_seconds (WATCHDOG_INTERVAL_S, watchdog_cb, self);
  teller_preview_queue_state (self, self->pipeline, GST_STATE_PLAYING);
}

GThreadPool *
_teller_preview_state_pool_new (void)
{
  return g_thread_pool_new (state_change_run, NULL, 1, FALSE, NULL);
}
