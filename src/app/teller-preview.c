/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-preview-private.h"

/*
 * The live picture of one camera.  Connecting asks video=status whether the
 * camera is there, opens it (video=open) once, then streams it
 * (teller-preview-pipeline.c).  When the stream ends (the camera was unplugged
 * or closed) or stalls, the preview shows why over the last frame, dimmed, and
 * tries again with a new URL after 1, 2, 4, 8, then every 10 seconds; while the
 * service is offline it waits for it.  Hidden, it stops and closes the camera.
 */

#define RETRY_MIN_MS         1000
#define RETRY_MAX_MS         10000
/* A stream the service cannot serve still sends one picture saying why before it
 * ends: the preview only counts as playing once a second picture follows. */
#define PLAYING_AFTER_FRAMES 2
#define MIN_WIDTH            160
#define MIN_HEIGHT           120
#define NATURAL_WIDTH        640
#define NATURAL_HEIGHT       480
#define DIM_ALPHA            0.55f
/* How long the widget's size must hold before the pipeline scales to it anew. */
#define RESIZE_DEBOUNCE_MS   150

G_DEFINE_ENUM_TYPE (TellerPreviewState, teller_preview_state,
                    G_DEFINE_ENUM_VALUE (TELLER_PREVIEW_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (TELLER_PREVIEW_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (TELLER_PREVIEW_STATE_PLAYING, "playing"),
                    G_DEFINE_ENUM_VALUE (TELLER_PREVIEW_STATE_RECONNECTING, "reconnecting"),
                    G_DEFINE_ENUM_VALUE (TELLER_PREVIEW_STATE_OFFLINE, "offline"))

G_DEFINE_FINAL_TYPE (TellerPreview, teller_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAMERA,
  PROP_CAMERA_INDEX,
  PROP_VIEW_ROTATION,
  PROP_STATE,
  PROP_STATUS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void teller_preview_connect           (TellerPreview *self);
static void teller_preview_update_output_size (TellerPreview *self);

static void
teller_preview_set_state (TellerPreview      *self,
                          TellerPreviewState  state,
                          const char         *message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  if (g_strcmp0 (self->status_message, message) != 0)
    {
      g_free (self->status_message);
      self->status_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
_teller_preview_stream_ended (TellerPreview *self,
                              const char    *reason)
{
  gboolean ended_at_once = self->attempt_frames < PLAYING_AFTER_FRAMES;

  _teller_preview_stop_pipeline (self);

  /* A stream ended with its one "closed" picture: the camera is not open (any
   * more), say after the service restarted.  Close what this preview opened (the
   * count never drops below 0) and open it again before the next try. */
  if (ended_at_once && self->opened)
    {
      teller_camera_service_close_async (self->camera, self->opened_index, NULL, NULL, NULL);
      self->opened = FALSE;
    }

  /* The status bar hears of it now rather than at the next probe. */
  teller_service_probe_now (TELLER_SERVICE (self->camera));
  _teller_preview_schedule_retry (self, reason);
}

/* ---- Connecting: status, open, stream ------------------------------------ */

static gboolean
retry_cb (gpointer user_data)
{
  TellerPreview *self = TELLER_PREVIEW (user_data);

  self->retry_source = 0;
  teller_preview_connect (self);
  return G_SOURCE_REMOVE;
}

void
_teller_preview_schedule_retry (TellerPreview *self,
                                const char    *reason)
{
  teller_preview_set_state (self, TELLER_PREVIEW_STATE_RECONNECTING, reason);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (self->retry_ms, retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
}

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TellerPreview) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!teller_camera_service_open_finish (TELLER_CAMERA_SERVICE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _teller_preview_schedule_retry (self, error->message);
      return;
    }

  self->opened = TRUE;
  self->opened_index = self->camera_index;
  _teller_preview_start_pipeline (self);
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TellerPreview) self = user_data;
  g_autoptr(TellerCameraStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *slot = NULL;

  status = teller_camera_service_status_finish (TELLER_CAMERA_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (status == NULL)
    {
      _teller_preview_schedule_retry (self, error->message);
      return;
    }

  slot = g_strdup_printf ("video%u", self->camera_index);
  if (teller_camera_status_get (status, slot) == TELLER_CAMERA_PRESENCE_ABSENT)
    {
      _teller_preview_schedule_retry (self, _("The camera is not connected"));
      return;
    }

  if (self->opened)
    _teller_preview_start_pipeline (self);
  else
    teller_camera_service_open_async (self->camera, self->camera_index, self->cancellable,
                                      open_cb, g_object_ref (self));
}

/* Asks whether the camera is there before streaming, so an unplugged camera does
 * not answer every retry with its "device error" picture. */
static void
teller_preview_connect (TellerPreview *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  teller_camera_service_status_async (self->camera, self->cancellable, status_cb,
                                      g_object_ref (self));
}

/* ---- Running while shown --------------------------------------------------- */

static gboolean
camera_is_offline (TellerPreview *self)
{
  return teller_service_get_state (TELLER_SERVICE (self->camera)) == TELLER_SERVICE_STATE_OFFLINE;
}

/* Stops everything in flight but keeps the camera open. */
static void
teller_preview_halt (TellerPreview *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  _teller_preview_stop_pipeline (self);
  self->active = FALSE;
}

static void
teller_preview_stop (TellerPreview *self)
{
  teller_preview_halt (self);

  /* Nobody waits for the answer: the camera's open count drops either way. */
  if (self->opened && self->camera != NULL)
    teller_camera_service_close_async (self->camera, self->opened_index, NULL, NULL, NULL);
  self->opened = FALSE;

  teller_preview_set_state (self, TELLER_PREVIEW_STATE_IDLE, NULL);
}

static gboolean
offline_probe_cb (gpointer user_data)
{
  TellerPreview *self = TELLER_PREVIEW (user_data);

  /* The service backs off to a minute while down; the operator is looking at
   * the camera now, so ask sooner. */
  self->retry_source = g_timeout_add (self->retry_ms, offline_probe_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
  teller_service_probe_now (TELLER_SERVICE (self->camera));
  return G_SOURCE_REMOVE;
}

static void
teller_preview_go_offline (TellerPreview *self)
{
  const char *reason = teller_service_get_state_reason (TELLER_SERVICE (self->camera));

  teller_preview_halt (self);
  teller_preview_set_state (self, TELLER_PREVIEW_STATE_OFFLINE, reason);

  self->retry_ms = RETRY_MIN_MS;
  self->retry_source = g_timeout_add (self->retry_ms, offline_probe_cb, self);
}

static void
teller_preview_update_running (TellerPreview *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->camera == NULL)
    {
      teller_preview_stop (self);
      return;
    }

  if (camera_is_offline (self))
    {
      if (self->state != TELLER_PREVIEW_STATE_OFFLINE)
        teller_preview_go_offline (self);
      return;
    }

  if (self->active)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->active = TRUE;
  self->retry_ms = RETRY_MIN_MS;
  teller_preview_set_state (self, TELLER_PREVIEW_STATE_CONNECTING, NULL);
  teller_preview_connect (self);
}

static void
camera_state_changed_cb (TellerPreview *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    teller_preview_update_running (self);
}

void
_teller_preview_show_frame (TellerPreview *self,
                            GdkTexture    *texture,
                            int            source_width,
                            int            source_height)
{
  g_set_object (&self->texture, texture);

  /* The first frame of a stream, or the camera's resolution changed: scale to
   * the new picture's fitted size at once. */
  if (source_width > 0 && source_height > 0 &&
      (source_width != self->source_width || source_height != self->source_height))
    {
      self->source_width = source_width;
      self->source_height = source_height;
      g_clear_handle_id (&self->resize_source, g_source_remove);
      teller_preview_update_output_size (self);
    }

  self->frames_shown++;
  self->attempt_frames++;
  self->last_frame_us = g_get_monotonic_time ();

  if (self->attempt_frames == PLAYING_AFTER_FRAMES)
    {
      self->retry_ms = RETRY_MIN_MS;
      teller_preview_set_state (self, TELLER_PREVIEW_STATE_PLAYING, NULL);
    }

  /* The size asked for does not depend on the picture's: a redraw is enough. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GtkWidget ------------------------------------------------------------- */

static gboolean
teller_preview_is_turned (TellerPreview *self)
{
  return self->view_rotation == 90 || self->view_rotation == 270;
}

/* The size, in device pixels and before the turn, at which a picture of
 * @picture_width × @picture_height fits the widget turned by view-rotation. */
static gboolean
teller_preview_fit (TellerPreview *self,
                    int            picture_width,
                    int            picture_height,
                    int           *width,
                    int           *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int box_width = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  int box_height = gtk_widget_get_height (GTK_WIDGET (self)) * scale;
  double factor;

  if (teller_preview_is_turned (self))
    {
      int swap = box_width;

      box_width = box_height;
      box_height = swap;
    }

  if (picture_width <= 0 || picture_height <= 0 || box_width <= 0 || box_height <= 0)
    return FALSE;

  factor = MIN ((double) box_width / picture_width, (double) box_height / picture_height);
  *width = CLAMP ((int) (picture_width * factor + 0.5), 1, box_width);
  *height = CLAMP ((int) (picture_height * factor + 0.5), 1, box_height);
  return TRUE;
}

/* Where the picture goes, in widget coordinates but on device pixels: a texture
 * of the fitted size is then drawn one to one, without scaling. */
static gboolean
teller_preview_get_picture_bounds (TellerPreview   *self,
                                   graphene_rect_t *bounds)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int box_width = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  int box_height = gtk_widget_get_height (GTK_WIDGET (self)) * scale;
  int picture_width, picture_height, width, height;

  if (self->texture == NULL)
    return FALSE;

  /* The stream's aspect ratio, not the texture's rounded one, once known. */
  picture_width = self->source_width > 0 ? self->source_width : gdk_texture_get_width (self->texture);
  picture_height = self->source_height > 0 ? self->source_height : gdk_texture_get_height (self->texture);
  if (!teller_preview_fit (self, picture_width, picture_height, &width, &height))
    return FALSE;

  if (teller_preview_is_turned (self))
    {
      int swap = width;

      width = height;
      height = swap;
    }

  graphene_rect_init (bounds,
                      (float) ((box_width - width) / 2) / scale,
                      (float) ((box_height - height) / 2) / scale,
                      (float) width / scale,
                      (float) height / scale);
  return TRUE;
}

/* ---- Scaling in the pipeline ----------------------------------------------- */

static void
teller_preview_update_output_size (TellerPreview *self)
{
  int width, height;

  if (teller_preview_fit (self, self->source_width, self->source_height, &width, &height))
    _teller_preview_set_output_size (self, width, height);
}

static gboolean
resize_cb (gpointer user_data)
{
  TellerPreview *self = TELLER_PREVIEW (user_data);

  self->resize_source = 0;
  teller_preview_update_output_size (self);
  return G_SOURCE_REMOVE;
}

/* The widget's size, scale or turn changed: until the pipeline follows, after
 * the size has held for a moment, frames of the old size are scaled to fit. */
static void
teller_preview_queue_output_size (TellerPreview *self)
{
  int width, height;

  if (!teller_preview_fit (self, self->source_width, self->source_height, &width, &height))
    return;

  g_clear_handle_id (&self->resize_source, g_source_remove);
  if (width == self->output_width && height == self->output_height)
    return;

  self->resize_source = g_timeout_add (RESIZE_DEBOUNCE_MS, resize_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->resize_source),
                            "[teller] preview resize");
}

static void
teller_preview_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  GTK_WIDGET_CLASS (teller_preview_parent_class)->size_allocate (widget, width, height, baseline);

  teller_preview_queue_output_size (TELLER_PREVIEW (widget));
}

/* A new camera's picture may have another size: scale nothing until it is known. */
static void
teller_preview_forget_source (TellerPreview *self)
{
  g_clear_handle_id (&self->resize_source, g_source_remove);
  self->source_width = 0;
  self->source_height = 0;
  _teller_preview_set_output_size (self, 0, 0);
}

/* Under the cairo renderer, the frame as a cairo node (see
 * _teller_preview_frame_dup_surface()); %FALSE to append it as a texture. */
static gboolean
teller_preview_append_cairo_frame (TellerPreview         *self,
                                   GtkSnapshot           *snapshot,
                                   const graphene_rect_t *rect)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (self)));
  cairo_surface_t *surface;
  cairo_t *cr;

  if (renderer == NULL || !GSK_IS_CAIRO_RENDERER (renderer))
    return FALSE;
  surface = _teller_preview_frame_dup_surface (self->texture);
  if (surface == NULL)
    return FALSE;

  cr = gtk_snapshot_append_cairo (snapshot, rect);
  cairo_translate (cr, rect->origin.x, rect->origin.y);
  cairo_scale (cr, rect->size.width / cairo_image_surface_get_width (surface),
               rect->size.height / cairo_image_surface_get_height (surface));
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return TRUE;
}

static void
teller_preview_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  TellerPreview *self = TELLER_PREVIEW (widget);
  gboolean turned = teller_preview_is_turned (self);
  graphene_rect_t bounds, rect;
  float width, height;

  if (!teller_preview_get_picture_bounds (self, &bounds))
    return;

  /* The texture's place before the turn: one to one when the pipeline scaled it
   * to the fitted size, else (a resize under way) the texture scaled to it. */
  width = turned ? bounds.size.height : bounds.size.width;
  height = turned ? bounds.size.width : bounds.size.height;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (bounds.origin.x + bounds.size.width / 2,
                                                bounds.origin.y + bounds.size.height / 2));
  gtk_snapshot_rotate (snapshot, self->view_rotation);
  rect = GRAPHENE_RECT_INIT (-width / 2, -height / 2, width, height);
  if (!teller_preview_append_cairo_frame (self, snapshot, &rect))
    gtk_snapshot_append_texture (snapshot, self->texture, &rect);
  gtk_snapshot_restore (snapshot);

  /* The last frame stays, dimmed, under the status while the picture is gone. */
  if (self->state != TELLER_PREVIEW_STATE_PLAYING)
    gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, DIM_ALPHA }, &bounds);
}

static void
teller_preview_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = horizontal ? MIN_WIDTH : MIN_HEIGHT;
  *natural = horizontal ? NATURAL_WIDTH : NATURAL_HEIGHT;
}

static void
teller_preview_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (teller_preview_parent_class)->map (widget);

  teller_preview_update_running (TELLER_PREVIEW (widget));
}

static void
teller_preview_unmap (GtkWidget *widget)
{
  teller_preview_stop (TELLER_PREVIEW (widget));

  GTK_WIDGET_CLASS (teller_preview_parent_class)->unmap (widget);
}

static void
pressed_cb (TellerPreview *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_preview_dispose (GObject *object)
{
  TellerPreview *self = TELLER_PREVIEW (object);

  teller_preview_stop (self);
  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_clear_object (&self->camera);

  /* Waits for the queued state changes: every pipeline reaches NULL here. */
  if (self->state_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->state_pool), FALSE, TRUE);

  g_clear_object (&self->texture);
  g_clear_handle_id (&self->resize_source, g_source_remove);

  G_OBJECT_CLASS (teller_preview_parent_class)->dispose (object);
}

static void
teller_preview_finalize (GObject *object)
{
  TellerPreview *self = TELLER_PREVIEW (object);

  g_clear_pointer (&self->status_message, g_free);

  G_OBJECT_CLASS (teller_preview_parent_class)->finalize (object);
}

static void
teller_preview_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TellerPreview *self = TELLER_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;

    case PROP_CAMERA_INDEX:
      g_value_set_uint (value, self->camera_index);
      break;

    case PROP_VIEW_ROTATION:
      g_value_set_int (value, self->view_rotation);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_preview_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TellerPreview *self = TELLER_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      teller_preview_set_camera (self, g_value_get_object (value));
      break;

    case PROP_CAMERA_INDEX:
      teller_preview_set_camera_index (self, g_value_get_uint (value));
      break;

    case PROP_VIEW_ROTATION:
      teller_preview_set_view_rotation (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_preview_class_init (TellerPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_preview_dispose;
  object_class->finalize = teller_preview_finalize;
  object_class->get_property = teller_preview_get_property;
  object_class->set_property = teller_preview_set_property;

  widget_class->snapshot = teller_preview_snapshot;
  widget_class->measure = teller_preview_measure;
  widget_class->size_allocate = teller_preview_size_allocate;
  widget_class->map = teller_preview_map;
  widget_class->unmap = teller_preview_unmap;

  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, TELLER_TYPE_CAMERA_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAMERA_INDEX] =
    g_param_spec_uint ("camera-index", NULL, NULL, 0, 2, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW_ROTATION] =
    g_param_spec_int ("view-rotation", NULL, NULL, 0, 270, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TELLER_TYPE_PREVIEW_STATE, TELLER_PREVIEW_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gst_init (NULL, NULL);
}

static void
teller_preview_init (TellerPreview *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->state_pool = _teller_preview_state_pool_new ();
  self->retry_ms = RETRY_MIN_MS;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Camera preview"),
                                  -1);

  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (teller_preview_queue_output_size), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* ---- Public API ------------------------------------------------------------- */

GtkWidget *
teller_preview_new (void)
{
  return g_object_new (TELLER_TYPE_PREVIEW, NULL);
}

TellerCameraService *
teller_preview_get_camera (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), NULL);

  return self->camera;
}

void
teller_preview_set_camera (TellerPreview       *self,
                           TellerCameraService *camera)
{
  g_return_if_fail (TELLER_IS_PREVIEW (self));
  g_return_if_fail (camera == NULL || TELLER_IS_CAMERA_SERVICE (camera));

  if (self->camera == camera)
    return;

  teller_preview_stop (self);
  teller_preview_forget_source (self);
  if (self->camera != NULL)
    g_signal_handlers_disconnect_by_data (self->camera, self);
  g_set_object (&self->camera, camera);
  if (camera != NULL)
    g_signal_connect_object (camera, "notify::state",
                             G_CALLBACK (camera_state_changed_cb), self, G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
  teller_preview_update_running (self);
}

guint
teller_preview_get_camera_index (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), 0);

  return self->camera_index;
}

void
teller_preview_set_camera_index (TellerPreview *self,
                                 guint          camera_index)
{
  g_return_if_fail (TELLER_IS_PREVIEW (self));
  g_return_if_fail (camera_index <= 2);

  if (self->camera_index == camera_index)
    return;

  /* Closes the old camera; its last frame must not pass for the new one's. */
  teller_preview_stop (self);
  g_clear_object (&self->texture);
  teller_preview_forget_source (self);
  self->camera_index = camera_index;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_INDEX]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  teller_preview_update_running (self);
}

int
teller_preview_get_view_rotation (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), 0);

  return self->view_rotation;
}

void
teller_preview_set_view_rotation (TellerPreview *self,
                                  int            rotation)
{
  g_return_if_fail (TELLER_IS_PREVIEW (self));
  g_return_if_fail (rotation == 0 || rotation == 90 || rotation == 180 || rotation == 270);

  if (self->view_rotation == rotation)
    return;

  self->view_rotation = rotation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_ROTATION]);
  teller_preview_queue_output_size (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

TellerPreviewState
teller_preview_get_state (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), TELLER_PREVIEW_STATE_IDLE);

  return self->state;
}

const char *
teller_preview_get_status_message (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), NULL);

  return self->status_message;
}

guint
teller_preview_get_frames_shown (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), 0);

  return self->frames_shown;
}

GdkTexture *
teller_preview_get_texture (TellerPreview *self)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), NULL);

  return self->texture;
}

gboolean
teller_preview_get_source_size (TellerPreview *self,
                                int           *width,
                                int           *height)
{
  g_return_val_if_fail (TELLER_IS_PREVIEW (self), FALSE);

  if (width != NULL)
    *width = self->source_width;
  if (height != NULL)
    *height = self->source_height;
  return self->source_width > 0 && self->source_height > 0;
}
