/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-pane-private.h"
#include "teller-window.h"

/*
 * The camera pane (issue 3): the live preview of the document or the face camera
 * (TellerPreview), capture with a preset and advanced options and smart capture
 * (teller-camera-pane-capture.c), recording and barcodes
 * (teller-camera-pane-tools.c).  Every picture captured goes into the
 * transaction at once; the document is listed when its file is written.
 */

#define DEVICE_DOCUMENT "document"
#define DEVICE_FACE     "face"

G_DEFINE_FINAL_TYPE (TellerCameraPane, teller_camera_pane, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* ---- Shared with teller-camera-pane-capture.c and -tools.c ----------------- */

TellerCameraService *
_teller_camera_pane_get_camera (TellerCameraPane *self)
{
  return self->services != NULL ? teller_services_get_camera (self->services) : NULL;
}

/* The camidx of the camera on show, as the settings map document and face. */
guint
_teller_camera_pane_get_camidx (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  if (g_strcmp0 (self->device, DEVICE_FACE) == 0)
    return self->face_camera_index;

  return camera != NULL ? teller_camera_service_get_document_camera_index (camera) : 0;
}

void
_teller_camera_pane_notify (TellerCameraPane *self,
                            guint             prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_teller_camera_pane_show_toast (TellerCameraPane *self,
                                TellerToast      *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TELLER_TYPE_WINDOW);

  if (window != NULL)
    teller_window_add_toast (TELLER_WINDOW (window), toast);
}

void
_teller_camera_pane_show_error (TellerCameraPane *self,
                                const char       *format,
                                ...)
{
  g_autoptr(TellerToast) toast = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  toast = teller_toast_new_error (message);
  _teller_camera_pane_show_toast (self, toast);
}

static gboolean
teller_camera_pane_get_online (TellerCameraPane *self)
{
  TellerCameraService *camera = _teller_camera_pane_get_camera (self);

  return camera != NULL &&
         teller_service_get_state (TELLER_SERVICE (camera)) != TELLER_SERVICE_STATE_OFFLINE;
}

static void
set_tooltip (GtkWidget  *widget,
             const char *online_text,
             const char *offline_text)
{
  gtk_widget_set_tooltip_text (widget, offline_text != NULL ? offline_text : online_text);
}

void
_teller_camera_pane_update_actions (TellerCameraPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean online = teller_camera_pane_get_online (self);
  g_autofree char *offline = NULL;

  /* Answers may arrive after the template is gone. */
  if (self->capture_button == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "camera.capture", online && !self->capturing);
  gtk_widget_action_set_enabled (widget, "camera.read-barcode", online && !self->reading_barcode);
  gtk_widget_action_set_enabled (widget, "camera.auto-capture", online || self->auto_capture);
  gtk_widget_action_set_enabled (widget, "camera.stop-auto-capture", self->auto_capture);
  gtk_widget_action_set_enabled (widget, "camera.record",
                                 !self->record_busy && (online || self->recording));

  /* An insensitive button still explains itself. */
  if (!online)
    {
      TellerCameraService *camera = _teller_camera_pane_get_camera (self);
      const char *reason = camera != NULL ?
                           teller_service_get_state_reason (TELLER_SERVICE (camera)) : NULL;

      offline = reason != NULL ?
                /* Translators: %s says why, as the camera service reported it */
                g_strdup_printf (_("The camera is offline: %s"), reason) :
                g_strdup (_("The camera is offline"));
    }

  set_tooltip (self->capture_button, _("Capture the picture (Space)"), offline);
  set_tooltip (self->barcode_button, _("Read a barcode under the camera (Ctrl+B)"), offline);
  set_tooltip (self->auto_button,
               _("Capture each new page as it is laid under the camera (Ctrl+Shift+A)"), offline);
  set_tooltip (self->record_button, _("Record a video (Ctrl+Shift+R)"),
               self->recording ? NULL : offline);
}

/* ---- Actions ------------------------------------------------------------------ */

static void
capture_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _teller_camera_pane_capture (TELLER_CAMERA_PANE (widget), FALSE);
}

static void
rotate_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (widget);
  int rotation = teller_preview_get_view_rotation (self->preview);

  teller_preview_set_view_rotation (self->preview, (rotation + 90) % 360);
}

static void
stop_auto_capture_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  _teller_camera_pane_set_auto_capture (TELLER_CAMERA_PANE (widget), FALSE);
}

static void
read_barcode_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _teller_camera_pane_read_barcode (TELLER_CAMERA_PANE (widget));
}

/* ---- Template callbacks and state ---------------------------------------- */

static void
teller_camera_pane_update_camera_index (TellerCameraPane *self)
{
  teller_preview_set_camera_index (self->preview, _teller_camera_pane_get_camidx (self));
}

static void
teller_camera_pane_set_device (TellerCameraPane *self,
                               const char       *device)
{
  if (g_strcmp0 (device, DEVICE_FACE) != 0)
    device = DEVICE_DOCUMENT;

  if (g_strcmp0 (self->device, device) == 0)
    return;

  g_free (self->device);
  self->device = g_strdup (device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
  teller_camera_pane_update_camera_index (self);
}

/* A preset brings its own camera: the Photo preset is the face camera's. */
static void
preset_changed_cb (TellerCameraPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->preset_dropdown);
  g_autoptr(TellerCaptureOptions) options = NULL;

  if (selected > TELLER_CAPTURE_PRESET_PHOTO)
    return;

  options = teller_capture_options_new_preset ((TellerCapturePreset) selected);
  teller_capture_options_popover_set_options (self->options_popover, options);
  teller_camera_pane_set_device (self, options->camidx == 1 ? DEVICE_FACE : DEVICE_DOCUMENT);
}

static void
options_modified_cb (TellerCameraPane *self)
{
  GtkWidget *button = GTK_WIDGET (self->options_button);

  if (teller_capture_options_popover_get_modified (self->options_popover))
    gtk_widget_add_css_class (button, "modified");
  else
    gtk_widget_remove_css_class (button, "modified");
}

static void
preview_state_changed_cb (TellerCameraPane *self)
{
  TellerPreviewState state = teller_preview_get_state (self->preview);
  const char *detail = teller_preview_get_status_message (self->preview);
  const char *title = NULL;

  switch (state)
    {
    case TELLER_PREVIEW_STATE_CONNECTING:
      title = _("Connecting to the camera…");
      break;

    case TELLER_PREVIEW_STATE_RECONNECTING:
      title = _("Reconnecting…");
      break;

    case TELLER_PREVIEW_STATE_OFFLINE:
      title = _("Camera offline");
      break;

    case TELLER_PREVIEW_STATE_IDLE:
    case TELLER_PREVIEW_STATE_PLAYING:
    default:
      break;
    }

  gtk_widget_set_visible (self->status_box, title != NULL);
  gtk_label_set_label (self->status_title, title != NULL ? title : "");
  gtk_label_set_label (self->status_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_detail), detail != NULL && *detail != '\0');
  gtk_widget_set_visible (self->status_icon, state == TELLER_PREVIEW_STATE_OFFLINE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), state != TELLER_PREVIEW_STATE_OFFLINE);
  gtk_spinner_set_spinning (self->status_spinner, title != NULL &&
                                                  state != TELLER_PREVIEW_STATE_OFFLINE);
}

static gboolean
pages_to_label (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  guint n = g_value_get_uint (from);

  g_value_take_string (to, g_strdup_printf (ngettext ("%u page captured", "%u pages captured", n),
                                            n));
  return TRUE;
}

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* ---- GtkWidget ------------------------------------------------------------- */

static void
teller_camera_pane_unmap (GtkWidget *widget)
{
  /* Smart capture needs the operator watching: it ends with the pane. */
  _teller_camera_pane_set_auto_capture (TELLER_CAMERA_PANE (widget), FALSE);

  GTK_WIDGET_CLASS (teller_camera_pane_parent_class)->unmap (widget);
}

static gboolean
teller_camera_pane_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TELLER_CAMERA_PANE (widget)->preview));
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_camera_pane_dispose (GObject *object)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (object);

  _teller_camera_pane_stop_tools (self);
  g_cancellable_cancel (self->cancellable);

  if (self->camera_signals != NULL)
    g_signal_group_set_target (self->camera_signals, NULL);
  g_clear_object (&self->camera_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_CAMERA_PANE);
  g_clear_object (&self->settings);
  g_clear_object (&self->services);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (teller_camera_pane_parent_class)->dispose (object);
}

static void
teller_camera_pane_finalize (GObject *object)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (object);

  g_clear_pointer (&self->device, g_free);
  g_clear_pointer (&self->record_path, g_free);

  G_OBJECT_CLASS (teller_camera_pane_parent_class)->finalize (object);
}

static void
teller_camera_pane_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;

    case PROP_FACE_CAMERA_INDEX:
      g_value_set_uint (value, self->face_camera_index);
      break;

    case PROP_CAPTURING:
      g_value_set_boolean (value, self->capturing);
      break;

    case PROP_AUTO_CAPTURE:
      g_value_set_boolean (value, self->auto_capture);
      break;

    case PROP_PAGES_CAPTURED:
      g_value_set_uint (value, self->pages_captured);
      break;

    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;

    case PROP_READING_BARCODE:
      g_value_set_boolean (value, self->reading_barcode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_camera_pane_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TellerCameraPane *self = TELLER_CAMERA_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      teller_camera_pane_set_services (self, g_value_get_object (value));
      break;

    case PROP_DEVICE:
      teller_camera_pane_set_device (self, g_value_get_string (value));
      break;

    case PROP_FACE_CAMERA_INDEX:
      if (self->face_camera_index != g_value_get_uint (value))
        {
          self->face_camera_index = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
          teller_camera_pane_update_camera_index (self);
        }
      break;

    case PROP_AUTO_CAPTURE:
      _teller_camera_pane_set_auto_capture (self, g_value_get_boolean (value));
      break;

    case PROP_RECORDING:
      _teller_camera_pane_set_recording (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_camera_pane_install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, TELLER_TYPE_SERVICES, rw);
  /* "document" or "face": which camera is on show and captured from. */
  properties[PROP_DEVICE] =
    g_param_spec_string ("device", NULL, NULL, DEVICE_DOCUMENT, rw);
  properties[PROP_FACE_CAMERA_INDEX] =
    g_param_spec_uint ("face-camera-index", NULL, NULL, 0, 2, 1, rw);
  properties[PROP_CAPTURING] =
    g_param_spec_boolean ("capturing", NULL, NULL, FALSE, ro);
  properties[PROP_AUTO_CAPTURE] =
    g_param_spec_boolean ("auto-capture", NULL, NULL, FALSE, rw);
  properties[PROP_PAGES_CAPTURED] =
    g_param_spec_uint ("pages-captured", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE, rw);
  properties[PROP_READING_BARCODE] =
    g_param_spec_boolean ("reading-barcode", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_camera_pane_class_init (TellerCameraPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_camera_pane_dispose;
  object_class->finalize = teller_camera_pane_finalize;
  object_class->get_property = teller_camera_pane_get_property;
  object_class->set_property = teller_camera_pane_set_property;

  widget_class->unmap = teller_camera_pane_unmap;
  widget_class->grab_focus = teller_camera_pane_grab_focus;

  teller_camera_pane_install_properties (object_class);

  g_type_ensure (TELLER_TYPE_PREVIEW);
  g_type_ensure (TELLER_TYPE_CAPTURE_OPTIONS_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-camera-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, preview);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, status_box);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, status_icon);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, status_title);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, status_detail);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, pages_label);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, capture_button);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, barcode_button);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, record_button);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, record_label);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, auto_button);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, options_button);
  gtk_widget_class_bind_template_child (widget_class, TellerCameraPane, options_popover);
  gtk_widget_class_bind_template_callback (widget_class, preset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_modified_cb);

  gtk_widget_class_install_action (widget_class, "camera.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "camera.rotate", NULL, rotate_action);
  gtk_widget_class_install_property_action (widget_class, "camera.device", "device");
  gtk_widget_class_install_property_action (widget_class, "camera.auto-capture", "auto-capture");
  gtk_widget_class_install_action (widget_class, "camera.stop-auto-capture", NULL,
                                   stop_auto_capture_action);
  gtk_widget_class_install_property_action (widget_class, "camera.record", "recording");
  gtk_widget_class_install_action (widget_class, "camera.read-barcode", NULL, read_barcode_action);

  /* Only with the focus in the pane: elsewhere Space and Return press buttons. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "camera.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Space, 0, "camera.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "camera.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "camera.capture", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "camerapane");
}

static void
teller_camera_pane_init (TellerCameraPane *self)
{
  self->device = g_strdup (DEVICE_DOCUMENT);
  self->face_camera_index = 1;
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->preview, "notify::state",
                           G_CALLBACK (preview_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "notify::status-message",
                           G_CALLBACK (preview_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property_full (self, "pages-captured", self->pages_label, "label",
                               G_BINDING_SYNC_CREATE, pages_to_label, NULL, NULL, NULL);

  self->camera_signals = g_signal_group_new (TELLER_TYPE_CAMERA_SERVICE);
  g_signal_group_connect_swapped (self->camera_signals, "notify::state",
                                  G_CALLBACK (_teller_camera_pane_update_actions), self);
  g_signal_group_connect_swapped (self->camera_signals, "notify::state-reason",
                                  G_CALLBACK (_teller_camera_pane_update_actions), self);
  g_signal_group_connect_swapped (self->camera_signals, "notify::document-camera-index",
                                  G_CALLBACK (teller_camera_pane_update_camera_index), self);

  /* The face camera's camidx lives only in the settings. */
  self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    g_settings_bind (self->settings, "face-camera-index", self, "face-camera-index",
                     G_SETTINGS_BIND_GET);

  preset_changed_cb (self);
  _teller_camera_pane_set_recording (self, FALSE);
  _teller_camera_pane_update_actions (self);
}

/* ---- Public API -------------------------------------------------------------- */

TellerServices *
teller_camera_pane_get_services (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return self->services;
}

void
teller_camera_pane_set_services (TellerCameraPane *self,
                                 TellerServices   *services)
{
  g_return_if_fail (TELLER_IS_CAMERA_PANE (self));
  g_return_if_fail (services == NULL || TELLER_IS_SERVICES (services));

  if (self->services == services)
    return;

  _teller_camera_pane_stop_tools (self);
  g_set_object (&self->services, services);
  g_signal_group_set_target (self->camera_signals, _teller_camera_pane_get_camera (self));
  teller_camera_pane_update_camera_index (self);
  teller_preview_set_camera (self->preview, _teller_camera_pane_get_camera (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
  _teller_camera_pane_update_actions (self);
}

TellerPreview *
teller_camera_pane_get_preview (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return self->preview;
}

GtkWidget *
teller_camera_pane_get_capture_button (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return self->capture_button;
}

GtkDropDown *
teller_camera_pane_get_preset_dropdown (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return self->preset_dropdown;
}

GtkMenuButton *
teller_camera_pane_get_options_button (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return self->options_button;
}

TellerCaptureOptionsPopover *
teller_camera_pane_get_options_popover (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return self->options_popover;
}

gboolean
teller_camera_pane_get_capturing (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), FALSE);

  return self->capturing;
}

gboolean
teller_camera_pane_get_auto_capture (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), FALSE);

  return self->auto_capture;
}

guint
teller_camera_pane_get_pages_captured (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), 0);

  return self->pages_captured;
}

gboolean
teller_camera_pane_get_recording (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), FALSE);

  return self->recording;
}

const char *
teller_camera_pane_get_record_label (TellerCameraPane *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_PANE (self), NULL);

  return gtk_label_get_label (self->record_label);
}
