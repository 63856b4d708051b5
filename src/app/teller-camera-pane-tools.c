/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-pane-private.h"
#include "teller-image-tools.h"

/*
 * The camera pane's tools: recording (video=record, chapter 3.6) and barcodes
 * (imagepro=barcode, 6.3).
 */

#define BARCODE_TIMEOUT_S 15

/* ---- Recording ----------------------------------------------------------------- */

static void
teller_camera_pane_update_record_label (TellerCameraPane *self)
{
  gint64 elapsed_s;
  g_autofree char *text = NULL;

  /* Answers may arrive after the template is gone. */
  if (self->record_label == NULL)
    return;

  if (!self->recording)
    {
      gtk_label_set_label (self->record_label, _("Record"));
      gtk_widget_remove_css_class (self->record_button, "recording");
      return;
    }

  gtk_widget_add_css_class (self->record_button, "recording");
  if (self->record_started_us == 0)
    {
      gtk_label_set_label (self->record_label, "00:00");
      return;
    }

  elapsed_s = (g_get_monotonic_time () - self->record_started_us) / G_USEC_PER_SEC;
  text = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          elapsed_s / 60, elapsed_s % 60);
  gtk_label_set_label (self->record_label, text);
}

static void
teller_camera_pane_recording_ended (TellerCameraPane *self)
{
  g_clear_handle_id (&self->record_source, g_source_remove);
  self->record_started_us = 0;

  if (self->recording)
    {
      self->recording = FALSE;
      _teller_camera_pane_notify (self, PROP_RECORDING);
    }

  teller_camera_pane_update_record_label (self);
  _teller_camera_pane_update_actions (self);
}

static void
record_status_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_autoptr(TellerRecordStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = teller_camera_service_record_status_finish (TELLER_CAMERA_SERVICE (source), result,
                                                       &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->record_status_busy = FALSE;
  if (!self->recording || self->record_source == 0)
    return;

  if (status == NULL || status->state != TELLER_RECORD_STATE_RECORDING)
    {
      _teller_camera_pane_show_error (self, _("The recording stopped: %s"),
                                      error != NULL ? error->message :
                                      _("the camera is no longer recording"));
      teller_camera_pane_recording_ended (self);
    }
}

/* Every second: the clock, and whether the camera still records. */
static gboolean
record_tick_cb (gpointer user_data)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (user_data);
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  teller_camera_pane_update_record_label (self);

  if (!self->record_status_busy && camera != NULL)
    {
      self->record_status_busy = TRUE;
      teller_camera_service_record_status_async (camera, (int) self->record_camidx,
                                                 self->cancellable, record_status_cb,
                                                 g_object_ref (self));
    }

  return G_SOURCE_CONTINUE;
}

static void
record_start_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = teller_camera_service_record_start_finish (TELLER_CAMERA_SERVICE (source), result,
                                                    &error);
  self->record_busy = FALSE;

  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _teller_camera_pane_show_error (self, _("Could not start recording: %s"), error->message);
      teller_camera_pane_recording_ended (self);
      return;
    }

  g_free (self->record_path);
  self->record_path = g_steal_pointer (&path);
  self->record_started_us = g_get_monotonic_time ();
  self->record_source = g_timeout_add_seconds (1, record_tick_cb, self);
  teller_camera_pane_update_record_label (self);
  _teller_camera_pane_update_actions (self);
}

static void
record_stop_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_autoptr(TellerRecordStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerToast) toast = NULL;
  g_autofree char *message = NULL;

  status = teller_camera_service_record_stop_finish (TELLER_CAMERA_SERVICE (source), result,
                                                     &error);
  self->record_busy = FALSE;
  _teller_camera_pane_update_actions (self);

  if (status == NULL)
    {
      _teller_camera_pane_show_error (self, _("Could not stop recording: %s"), error->message);
      return;
    }

  /* Translators: %s is the video file's path on the camera service's computer */
  message = g_strdup_printf (_("Recording saved as %s"), self->record_path);
  toast = teller_toast_new (message);
  teller_toast_set_timeout (toast, 10);
  _teller_camera_pane_show_toast (self, toast);
}

static void
teller_camera_pane_start_recording (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);
  g_autoptr(TellerRecordOptions) options = teller_record_options_new ();

  self->record_camidx = _teller_camera_pane_get_camidx (self);
  options->camidx = (int) self->record_camidx;
  self->record_busy = TRUE;
  teller_camera_service_record_start_async (camera, options, self->cancellable, record_start_cb,
                                            g_object_ref (self));
}

/* Not cancelled with the pane: a recording must not be left running. */
static void
teller_camera_pane_stop_recording (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  self->record_busy = TRUE;
  teller_camera_service_record_stop_async (camera, (int) self->record_camidx, NULL,
                                           record_stop_cb, g_object_ref (self));
}

void
_teller_camera_pane_set_recording (TellerCameraPane *self,
                                   gboolean          recording)
{
  recording = !!recording;

  if (self->recording == recording || self->record_busy)
    {
      teller_camera_pane_update_record_label (self);
      return;
    }
  if (recording && _teller_camera_pane_get_camera (self) == NULL)
    return;

  self->recording = recording;
  _teller_camera_pane_notify (self, PROP_RECORDING);

  if (recording)
    {
      teller_camera_pane_start_recording (self);
    }
  else
    {
      g_clear_handle_id (&self->record_source, g_source_remove);
      self->record_started_us = 0;
      teller_camera_pane_stop_recording (self);
    }

  teller_camera_pane_update_record_label (self);
  _teller_camera_pane_update_actions (self);
}

/* ---- Barcodes ----------------------------------------------------------------- */

static void
teller_camera_pane_set_reading_barcode (TellerCameraPane *self,
                                        gboolean          reading)
{
  self->reading_barcode = reading;
  _teller_camera_pane_notify (self, PROP_READING_BARCODE);
  _teller_camera_pane_update_actions (self);
}

static void
copy_clicked_cb (TellerCameraPane *self,
                 TellerToast      *toast)
{
  const char *text = g_object_get_data (G_OBJECT (toast), "text");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
teller_camera_pane_show_barcodes (TellerCameraPane    *self,
                                  TellerBarcodeResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TellerToast) toast = NULL;
  g_autofree char *message = NULL;

  if (result->barcodes->len == 0)
    {
      toast = teller_toast_new (_("No barcode found"));
      _teller_camera_pane_show_toast (self, toast);
      return;
    }

  for (guint i = 0; i < result->barcodes->len; i++)
    {
      TellerBarcode *barcode = g_ptr_array_index (result->barcodes, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, barcode->code);
    }

  /* Translators: %s is the code read, or several, a line each */
  message = g_strdup_printf (_("Barcode: %s"), text->str);
  toast = teller_toast_new (message);
  teller_toast_set_button_label (toast, _("_Copy"));
  teller_toast_set_timeout (toast, BARCODE_TIMEOUT_S);
  g_object_set_data_full (G_OBJECT (toast), "text", g_string_free (g_steal_pointer (&text), FALSE),
                          g_free);
  g_signal_connect_object (toast, "button-clicked",
                           G_CALLBACK (copy_clicked_cb), self, G_CONNECT_SWAPPED);
  _teller_camera_pane_show_toast (self, toast);
}

static void
barcode_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_autoptr(TellerBarcodeResult) barcodes = NULL;
  g_autoptr(GError) error = NULL;

  barcodes = teller_camera_service_barcode_finish (TELLER_CAMERA_SERVICE (source), result, &error);
  teller_camera_pane_set_reading_barcode (self, FALSE);

  if (barcodes != NULL)
    teller_camera_pane_show_barcodes (self, barcodes);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _teller_camera_pane_show_error (self, _("Could not read a barcode: %s"), error->message);
}

static void
barcode_picture_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TellerCameraPane) self = user_data;
  g_auto(TellerBarcodeOptions) options = { 0 };
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  TellerCapturedImage *image;

  images = teller_camera_service_capture_finish (TELLER_CAMERA_SERVICE (source), result, &error);
  if (images == NULL || images->len == 0)
    {
      teller_camera_pane_set_reading_barcode (self, FALSE);
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _teller_camera_pane_show_error (self, _("Could not read a barcode: %s"), error->message);
      return;
    }

  image = g_ptr_array_index (images, 0);
  teller_barcode_options_init (&options);
  options.source = teller_image_source_new_bytes (image->jpeg, "jpg");
  teller_camera_service_barcode_async (TELLER_CAMERA_SERVICE (source), &options,
                                       self->cancellable, barcode_cb, g_object_ref (self));
}

/* imagepro=barcode reads camera 0 by itself; any other camera's picture is sent. */
void
_teller_camera_pane_read_barcode (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);
  guint camidx = _teller_camera_pane_get_camidx (self);

  if (self->reading_barcode || camera == NULL)
    return;

  teller_camera_pane_set_reading_barcode (self, TRUE);

  if (camidx == 0)
    {
      g_auto(TellerBarcodeOptions) options = { 0 };

      teller_barcode_options_init (&options);
      teller_camera_service_barcode_async (camera, &options, self->cancellable, barcode_cb,
                                           g_object_ref (self));
    }
  else
    {
      g_autoptr(TellerCaptureOptions) picture = teller_capture_options_new ();

      picture->camidx = (int) camidx;
      teller_camera_service_capture_async (camera, picture, self->cancellable,
                                           barcode_picture_cb, g_object_ref (self));
    }
}

/* ---- Teardown ------------------------------------------------------------------- */

void
_teller_camera_pane_stop_tools (TellerCameraPane *self)
{
  _teller_camera_pane_set_auto_capture (self, FALSE);

  if (self->recording && !self->record_busy)
    _teller_camera_pane_set_recording (self, FALSE);
  g_clear_handle_id (&self->record_source, g_source_remove);
}
