/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

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
 *
 * The pipelines and their clients are teller-sim-stream-source.c's, the routes
 * (video=stream, video=open and video=close, video=detectdoc)
 * teller-sim-stream-routes.c's; this file is the object and its API.
 */

#define DEFAULT_WIDTH             1920
#define DEFAULT_HEIGHT            1080
#define DEFAULT_FRAMERATE         30
#define DEFAULT_DOCUMENT_CYCLE_MS 8000

#define STREAM_DATA_KEY     "teller-sim-stream"

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

/* ---- GObject ------------------------------------------------------------ */

static void
teller_sim_stream_dispose (GObject *object)
{
  TellerSimStream *self = TELLER_SIM_STREAM (object);

  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    {
      TellerSimSource *source = &self->sources[i];

      /* Whoever still watches gets a proper end rather than a hung connection. */
      for (guint j = 0; j < source->clients->len; j++)
        {
          TellerSimClient *client = g_ptr_array_index (source->clients, j);

          _teller_sim_stream_end_multipart (client->message, NULL);
        }
      g_ptr_array_set_size (source->clients, 0);
      _teller_sim_source_stop (source);
    }
  _teller_sim_stream_clear_message_parts (self);
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
  self->detect_interval_ms = TELLER_SIM_STREAM_DEFAULT_DETECT_INTERVAL_MS;
  self->reported_cycle = -1;

  /* Here, on the main thread: the streaming threads share it. */
  self->painter = _teller_sim_painter_new ();

  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    {
      TellerSimSource *source = &self->sources[i];

      source->stream = self;
      source->camidx = i;
      /* The service opens its cameras when it starts: the vendor's demo streams
       * without calling video=open first. */
      source->open_count = 1;
      source->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) _teller_sim_client_free);
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
  g_signal_connect_object (camera, "notify::plugged",
                           G_CALLBACK (_teller_sim_stream_plugged_changed_cb), self, 0);
  g_object_set_data_full (G_OBJECT (camera), STREAM_DATA_KEY, self, g_object_unref);

  _teller_sim_stream_add_routes (self, server);
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
  _teller_sim_stream_clear_message_parts (self);
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

static TellerSimSource *
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
  TellerSimSource *source = get_source (self, camidx);

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
  TellerSimSource *source = get_source (self, camidx);

  return source != NULL && source->pipeline != NULL;
}

guint
teller_sim_stream_get_n_clients (TellerSimStream *self,
                                 guint            camidx)
{
  TellerSimSource *source = get_source (self, camidx);

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
  TellerSimSource *source = get_source (self, camidx);

  return source != NULL && source->open_count > 0;
}

guint64
teller_sim_stream_get_frames_encoded (TellerSimStream *self,
                                      guint            camidx)
{
  TellerSimSource *source = get_source (self, camidx);
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
  TellerSimSource *source = get_source (self, camidx);

  return source != NULL ? source->frames_dropped : 0;
}

gsize
teller_sim_stream_get_max_queued_bytes (TellerSimStream *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), 0);

  return self->max_queued_bytes;
}

/**
 * teller_sim_stream_cut_streams:
 * @camidx: the camera whose streams to cut
 *
 * Cuts every open stream of camera @camidx mid-frame: each client gets a
 * part's delimiter, headers and about half of its JPEG, then the response
 * ends, without the closing delimiter.  The pipeline stops with its last
 * client; the next request starts it again.
 *
 * Returns: how many streams were cut
 */
guint
teller_sim_stream_cut_streams (TellerSimStream *self,
                               guint            camidx)
{
  TellerSimSource *source = get_source (self, camidx);

  return source != NULL ? _teller_sim_source_cut_all (source) : 0;
}
