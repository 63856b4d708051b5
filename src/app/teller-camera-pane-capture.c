/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-pane-private.h"

/*
 * Capturing (video=grabimage, chapter 3.3) into the transaction, by hand or
 * whenever the document detector (video=detectdoc, 3.5) sees a new page.
 */

/* Chapter 3.5 suggests polling the detector every 200 ms. */
#define DETECT_POLL_MS 200

/* ---- Capture state ------------------------------------------------------- */

static void
teller_camera_pane_set_capturing (TellerCameraPane *self,
                                  gboolean          capturing)
{
  if (self->capturing == capturing)
    return;

  self->capturing = capturing;
  _teller_camera_pane_notify (self, PROP_CAPTURING);
  _teller_camera_pane_update_actions (self);
}

/* ---- Saving what was captured ---------------------------------------------- */

typedef struct
{
  TellerCameraPane *self;
  GError           *error;
  guint             n_pending;
  guint             n_added;
  gboolean          automatic;
} SaveJob;

/* The counter of the smart capture running. */
static void
teller_camera_pane_add_pages (TellerCameraPane *self,
                              guint             n_pages)
{
  if (!self->auto_capture || n_pages == 0)
    return;

  self->pages_captured += n_pages;
  _teller_camera_pane_notify (self, PROP_PAGES_CAPTURED);
}

static void
save_job_finish (SaveJob *job)
{
  TellerCameraPane *self = job->self;

  if (job->error != NULL)
    {
      _teller_camera_pane_show_error (self, _("Could not save a captured picture: %s"),
                                      job->error->message);
    }
  else if (job->n_added > 0)
    {
      g_autoptr(TellerToast) toast = NULL;
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("Captured %u image", "Captured %u images", job->n_added),
                                 job->n_added);
      toast = teller_toast_new (message);
      _teller_camera_pane_show_toast (self, toast);
    }

  if (job->automatic)
    teller_camera_pane_add_pages (self, job->n_added);

  g_clear_error (&job->error);
  g_clear_object (&job->self);
  g_free (job);
}

static void
add_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(TellerDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = teller_transaction_add_finish (TELLER_TRANSACTION (source), result, &error);
  if (document != NULL)
    job->n_added++;
  else if (job->error == NULL)
    job->error = g_steal_pointer (&error);

  if (--job->n_pending == 0)
    save_job_finish (job);
}

static char *
dup_title (TellerCameraPane *self,
           GDateTime        *now,
           guint             index,
           guint             n_images)
{
  GtkStringObject *preset = gtk_drop_down_get_selected_item (self->preset_dropdown);
  const char *preset_name = preset != NULL ? gtk_string_object_get_string (preset) : "";
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");

  if (n_images == 1)
    /* Translators: a captured document's title: the preset's name, then the time */
    return g_strdup_printf (_("%s %s"), preset_name, time);

  /* Translators: a captured document's title: the preset's name, the time, then
   * which of the pictures of one capture it is */
  return g_strdup_printf (_("%s %s (%u of %u)"), preset_name, time, index + 1, n_images);
}

/* Each picture is written (atomically) and listed as soon as it is ready; no
 * cancellable, so closing the window never loses a picture being saved. */
static void
teller_camera_pane_save_images (TellerCameraPane *self,
                                GPtrArray        *images,
                                gboolean          automatic)
{
  TellerTransaction *transaction = teller_services_get_transaction (self->services);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *basename = g_date_time_format (now, "capture-%Y%m%d-%H%M%S.jpg");
  SaveJob *job = g_new0 (SaveJob, 1);

  job->self = g_object_ref (self);
  job->n_pending = images->len;
  job->automatic = automatic;

  for (guint i = 0; i < images->len; i++)
    {
      TellerCapturedImage *image = g_ptr_array_index (images, i);
      g_autofree char *title = dup_title (self, now, i, images->len);

      teller_transaction_add_bytes_async (transaction, basename, title, image->jpeg, NULL,
                                          add_cb, job);
    }
}

/* ---- Capture ----------------------------------------------------------------- */

typedef struct
{
  TellerCameraPane *self;
  gboolean          automatic;
} CaptureData;

static void
capture_data_free (CaptureData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaptureData, capture_data_free)

static void
capture_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CaptureData) data = user_data;
  TellerCameraPane *self = data->self;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  images = teller_camera_service_capture_finish (TELLER_CAMERA_SERVICE (source), result, &error);
  teller_camera_pane_set_capturing (self, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (images == NULL)
    {
      _teller_camera_pane_show_error (self, _("Could not capture: %s"), error->message);
      /* Smart capture does not go on capturing into a failing camera. */
      _teller_camera_pane_set_auto_capture (self, FALSE);
      return;
    }

  if (images->len == 0)
    {
      g_autoptr(TellerToast) toast = teller_toast_new (_("The camera found nothing to capture"));

      _teller_camera_pane_show_toast (self, toast);
      return;
    }

  teller_camera_pane_save_images (self, images, data->automatic);
}

/* The current preset with the operator's changes, from the camera on show. */
void
_teller_camera_pane_capture (TellerCameraPane *self,
                             gboolean          automatic)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);
  g_autoptr(TellerCaptureOptions) options = NULL;
  CaptureData *data;

  if (self->capturing || camera == NULL)
    return;

  options = teller_capture_options_popover_dup_options (self->options_popover);
  options->camidx = _teller_camera_pane_get_camidx (self);

  data = g_new0 (CaptureData, 1);
  data->self = g_object_ref (self);
  data->automatic = automatic;

  teller_camera_pane_set_capturing (self, TRUE);
  teller_camera_service_capture_async (camera, options, self->cancellable, capture_cb, data);
}

/* ---- Smart capture ------------------------------------------------------------ */

static void
teller_camera_pane_stop_detection (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  g_clear_handle_id (&self->detect_source, g_source_remove);
  g_cancellable_cancel (self->detect_cancellable);
  g_clear_object (&self->detect_cancellable);
  self->detect_busy = FALSE;

  /* Nobody waits for the answer: "not started" is as good as "stopped". */
  if (camera != NULL)
    teller_camera_service_detect_stop_async (camera, NULL, NULL, NULL);
}

static void
teller_camera_pane_detection_failed (TellerCameraPane *self,
                                     const char       *reason)
{
  _teller_camera_pane_show_error (self, _("Auto capture stopped: %s"), reason);
  _teller_camera_pane_set_auto_capture (self, FALSE);
}

static void
detect_status_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_autoptr(GError) error = NULL;
  TellerDetectState state;

  state = teller_camera_service_detect_status_finish (TELLER_CAMERA_SERVICE (source), result,
                                                      &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->detect_busy = FALSE;

  if (error != NULL)
    {
      teller_camera_pane_detection_failed (self, error->message);
      return;
    }

  /* The detector forgets itself when its camera goes away. */
  if (state == TELLER_DETECT_STATE_NOT_STARTED)
    {
      teller_camera_pane_detection_failed (self, _("the camera stopped looking for pages"));
      return;
    }

  /* A capture already running takes the same page. */
  if (state == TELLER_DETECT_STATE_NEW_DOCUMENT && !self->capturing)
    _teller_camera_pane_capture (self, TRUE);
}

static gboolean
detect_poll_cb (gpointer user_data)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (user_data);
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  if (self->detect_busy || camera == NULL)
    return G_SOURCE_CONTINUE;

  self->detect_busy = TRUE;
  teller_camera_service_detect_status_async (camera, self->detect_cancellable, detect_status_cb,
                                             g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
detect_start_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!teller_camera_service_detect_start_finish (TELLER_CAMERA_SERVICE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        teller_camera_pane_detection_failed (self, error->message);
      return;
    }

  self->detect_source = g_timeout_add (DETECT_POLL_MS, detect_poll_cb, self);
}

static void
teller_camera_pane_start_detection (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  self->pages_captured = 0;
  _teller_camera_pane_notify (self, PROP_PAGES_CAPTURED);

  self->detect_cancellable = g_cancellable_new ();
  teller_camera_service_detect_start_async (camera, 0, self->detect_cancellable, detect_start_cb,
                                            g_object_ref (self));
}

void
_teller_camera_pane_set_auto_capture (TellerCameraPane *self,
                                      gboolean          auto_capture)
{
  auto_capture = !!auto_capture;

  if (self->auto_capture == auto_capture)
    return;
  if (auto_capture && (_teller_camera_pane_get_camera (self) == NULL ||
                       !gtk_widget_get_mapped (GTK_WIDGET (self))))
    return;

  self->auto_capture = auto_capture;
  if (auto_capture)
    teller_camera_pane_start_detection (self);
  else
    teller_camera_pane_stop_detection (self);

  _teller_camera_pane_notify (self, PROP_AUTO_CAPTURE);
  _teller_camera_pane_update_actions (self);
}
