/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-device-settings-dialog.h"
#include "teller-error.h"

/* 5.1 names no range; these are the rates UVC document cameras offer. */
#define FRAME_RATE_MIN     1
#define FRAME_RATE_MAX     60
#define FRAME_RATE_DEFAULT 30

struct _TellerDeviceSettingsDialog
{
  GtkWindow            parent_instance;

  /* Template Widgets */
  GtkStack            *stack;
  GtkLabel            *error_details;
  GtkDropDown         *resolution_dropdown;
  GtkStringList       *resolution_list;
  GtkLabel            *resolution_error;
  GtkSpinButton       *frame_rate_spin;
  GtkLabel            *frame_rate_error;
  GtkDropDown         *format_dropdown;
  GtkStringList       *format_list;
  GtkLabel            *format_error;
  GtkListBox          *properties_list;

  /* Owned References */
  TellerCameraService *camera;
  GCancellable        *cancellable; /* this load's calls and the changes made after it */
  GArray              *resolutions; /* TellerResolution, in the dropdown's order */
  GStrv                formats;

  guint                camidx;
  guint                resolution_index; /* what the camera has, to go back to */
  guint                format_index;
  int                  frame_rate;      /* what the camera took last */
  int                  frame_rate_sent;
  guint                frame_rate_source;
  guint                updating;
};

G_DEFINE_FINAL_TYPE (TellerDeviceSettingsDialog, teller_device_settings_dialog, GTK_TYPE_WINDOW)

/* The answers of one load, gathered before anything is shown. */
typedef struct
{
  TellerDeviceSettingsDialog *self;
  GCancellable               *cancellable;
  guint                       pending;
  GPtrArray                  *properties;
  GError                     *properties_error;
  GArray                     *resolutions;
  GError                     *resolutions_error;
  TellerResolution            resolution;
  gboolean                    has_resolution;
  GStrv                       formats;
  GError                      *formats_error;
  char                       *format;
} Load;

static void teller_device_settings_dialog_load (TellerDeviceSettingsDialog *self);

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->cancellable);
  g_clear_pointer (&load->properties, g_ptr_array_unref);
  g_clear_error (&load->properties_error);
  g_clear_pointer (&load->resolutions, g_array_unref);
  g_clear_error (&load->resolutions_error);
  g_clear_pointer (&load->formats, g_strfreev);
  g_clear_error (&load->formats_error);
  g_clear_pointer (&load->format, g_free);
  g_free (load);
}

static gboolean
is_offline_error (const GError *error)
{
  return g_error_matches (error, TELLER_ERROR, TELLER_ERROR_UNREACHABLE) ||
         g_error_matches (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT) ||
         g_error_matches (error, TELLER_ERROR, TELLER_ERROR_OFFLINE);
}

/* @what: what failed, as in "Could not change the resolution"; NULL clears the error. */
static void
show_row_error (GtkLabel     *label,
                const char   *what,
                const GError *error)
{
  g_autofree char *message = NULL;

  if (error != NULL)
    /* Translators: what failed, then why: "Could not change the resolution: timed out" */
    message = g_strdup_printf (_("%s: %s"), what, error->message);

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
show_page (TellerDeviceSettingsDialog *self,
           const char                 *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* ---- Video: resolution, frame rate, format --------------------------------- */

static guint
find_resolution (TellerDeviceSettingsDialog *self,
                 const TellerResolution     *resolution)
{
  for (guint i = 0; self->resolutions != NULL && i < self->resolutions->len; i++)
    {
      const TellerResolution *r = &g_array_index (self->resolutions, TellerResolution, i);

      if (r->width == resolution->width && r->height == resolution->height)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
select_quietly (TellerDeviceSettingsDialog *self,
                GtkDropDown                *dropdown,
                guint                       position)
{
  self->updating++;
  gtk_drop_down_set_selected (dropdown, position);
  self->updating--;
}

static void
fill_resolutions (TellerDeviceSettingsDialog *self,
                  Load                       *load)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->resolution_list));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;

  g_clear_pointer (&self->resolutions, g_array_unref);
  self->resolutions = load->resolutions != NULL ? g_array_ref (load->resolutions) : NULL;

  for (guint i = 0; self->resolutions != NULL && i < self->resolutions->len; i++)
    {
      const TellerResolution *r = &g_array_index (self->resolutions, TellerResolution, i);

      /* Translators: a camera resolution, width × height in pixels */
      g_autofree char *name = g_strdup_printf (_("%u × %u"), r->width, r->height);

      g_strv_builder_add (names, name);
    }

  strings = g_strv_builder_end (names);
  self->updating++;
  gtk_string_list_splice (self->resolution_list, 0, n_items, (const char * const *) strings);
  self->updating--;

  self->resolution_index = load->has_resolution ? find_resolution (self, &load->resolution)
                                                : GTK_INVALID_LIST_POSITION;
  select_quietly (self, self->resolution_dropdown, self->resolution_index);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolution_dropdown), self->resolutions != NULL);
  show_row_error (self->resolution_error, _("Could not read the resolutions"),
                  load->resolutions_error);
}

static void
resolution_set_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TellerDeviceSettingsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  TellerResolution effective = { 0 };

  if (!teller_camera_service_set_resolution_finish (TELLER_CAMERA_SERVICE (source), result,
                                                    &effective, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_row_error (self->resolution_error, _("Could not change the resolution"), error);
      select_quietly (self, self->resolution_dropdown, self->resolution_index);
      return;
    }

  /* The device may take a neighbour of the one asked for (5.2): show what it took. */
  if (find_resolution (self, &effective) != GTK_INVALID_LIST_POSITION)
    self->resolution_index = find_resolution (self, &effective);
  else
    self->resolution_index = gtk_drop_down_get_selected (self->resolution_dropdown);
  select_quietly (self, self->resolution_dropdown, self->resolution_index);
  show_row_error (self->resolution_error, NULL, NULL);
}

static void
resolution_selected_cb (TellerDeviceSettingsDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->resolution_dropdown);

  if (self->updating > 0 || self->resolutions == NULL || selected >= self->resolutions->len ||
      selected == self->resolution_index)
    return;

  teller_camera_service_set_resolution_async (self->camera, self->camidx,
                                              &g_array_index (self->resolutions,
                                                              TellerResolution, selected),
                                              self->cancellable, resolution_set_cb,
                                              g_object_ref (self));
}

static void
frame_rate_set_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TellerDeviceSettingsDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!teller_camera_service_set_frame_rate_finish (TELLER_CAMERA_SERVICE (source), result,
                                                    &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_row_error (self->frame_rate_error, _("Could not change the frame rate"), error);
      self->updating++;
      gtk_spin_button_set_value (self->frame_rate_spin, self->frame_rate);
      self->updating--;
      return;
    }

  self->frame_rate = self->frame_rate_sent;
  show_row_error (self->frame_rate_error, NULL, NULL);
}

static gboolean
apply_frame_rate_cb (gpointer user_data)
{
  TellerDeviceSettingsDialog *self = TELLER_DEVICE_SETTINGS_DIALOG (user_data);
  int rate = gtk_spin_button_get_value_as_int (self->frame_rate_spin);

  self->frame_rate_source = 0;
  self->frame_rate_sent = rate;
  teller_camera_service_set_frame_rate_async (self->camera, self->camidx, rate,
                                              self->cancellable, frame_rate_set_cb,
                                              g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
frame_rate_changed_cb (TellerDeviceSettingsDialog *self)
{
  if (self->updating > 0)
    return;

  g_clear_handle_id (&self->frame_rate_source, g_source_remove);
  self->frame_rate_source = g_timeout_add (TELLER_PROPERTY_ROW_DELAY_MS, apply_frame_rate_cb,
                                           self);
}

static void
fill_formats (TellerDeviceSettingsDialog *self,
              Load                       *load)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->format_list));
  const char *current = load->format != NULL ? teller_camera_video_format_normalize (load->format)
                                             : NULL;

  g_clear_pointer (&self->formats, g_strfreev);
  self->formats = g_steal_pointer (&load->formats);

  self->updating++;
  gtk_string_list_splice (self->format_list, 0, n_items, (const char * const *) self->formats);
  self->updating--;

  self->format_index = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; self->formats != NULL && self->formats[i] != NULL; i++)
    {
      if (g_strcmp0 (teller_camera_video_format_normalize (self->formats[i]), current) == 0)
        self->format_index = i;
    }

  select_quietly (self, self->format_dropdown, self->format_index);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_dropdown), self->formats != NULL);
  show_row_error (self->format_error, _("Could not read the video formats"),
                  load->formats_error);
}

static void
format_set_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TellerDeviceSettingsDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!teller_camera_service_set_video_format_finish (TELLER_CAMERA_SERVICE (source), result,
                                                      &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_row_error (self->format_error, _("Could not change the video format"), error);
      select_quietly (self, self->format_dropdown, self->format_index);
      return;
    }

  self->format_index = gtk_drop_down_get_selected (self->format_dropdown);
  show_row_error (self->format_error, NULL, NULL);
}

static void
format_selected_cb (TellerDeviceSettingsDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->format_dropdown);

  if (self->updating > 0 || self->formats == NULL ||
      selected >= g_strv_length (self->formats) || selected == self->format_index)
    return;

  teller_camera_service_set_video_format_async (self->camera, self->camidx,
                                                self->formats[selected], self->cancellable,
                                                format_set_cb, g_object_ref (self));
}

/* ---- Loading --------------------------------------------------------------- */

static void
fill_properties (TellerDeviceSettingsDialog *self,
                 GPtrArray                  *properties)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->properties_list))) != NULL)
    gtk_list_box_remove (self->properties_list, child);

  for (guint i = 0; i < properties->len; i++)
    gtk_list_box_append (self->properties_list,
                         teller_property_row_new (self->camera, self->camidx,
                                                  g_ptr_array_index (properties, i)));
}

static void
load_finish (Load *load)
{
  TellerDeviceSettingsDialog *self = load->self;

  if (g_cancellable_is_cancelled (load->cancellable))
    return;

  if (load->properties == NULL)
    {
      if (is_offline_error (load->properties_error))
        {
          show_page (self, "offline");
          return;
        }

      gtk_label_set_label (self->error_details, load->properties_error->message);
      show_page (self, "error");
      return;
    }

  fill_resolutions (self, load);
  fill_formats (self, load);
  fill_properties (self, load->properties);
  show_page (self, "settings");
}

static void
load_step_done (Load *load)
{
  g_assert (load->pending > 0);

  if (--load->pending > 0)
    return;

  load_finish (load);
  load_free (load);
}

static void
properties_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Load *load = user_data;

  load->properties = teller_camera_service_get_properties_finish (TELLER_CAMERA_SERVICE (source),
                                                                  result,
                                                                  &load->properties_error);
  load_step_done (load);
}

static void
resolutions_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Load *load = user_data;

  load->resolutions = teller_camera_service_get_resolutions_finish (TELLER_CAMERA_SERVICE (source),
                                                                    result,
                                                                    &load->resolutions_error);
  load_step_done (load);
}

static void
resolution_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Load *load = user_data;

  /* Without it the list shows nothing selected; the list's own error says enough. */
  load->has_resolution =
    teller_camera_service_get_resolution_finish (TELLER_CAMERA_SERVICE (source), result,
                                                 &load->resolution, NULL);
  load_step_done (load);
}

static void
formats_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Load *load = user_data;

  load->formats = teller_camera_service_get_video_formats_finish (TELLER_CAMERA_SERVICE (source),
                                                                  result, &load->formats_error);
  load_step_done (load);
}

static void
format_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;

  load->format = teller_camera_service_get_video_format_finish (TELLER_CAMERA_SERVICE (source),
                                                                result, NULL);
  load_step_done (load);
}

static void
teller_device_settings_dialog_load (TellerDeviceSettingsDialog *self)
{
  Load *load = g_new0 (Load, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->cancellable);
  load->pending = 5;
  show_page (self, "loading");

  teller_camera_service_get_properties_async (self->camera, self->camidx, self->cancellable,
                                              properties_cb, load);
  teller_camera_service_get_resolutions_async (self->camera, self->camidx, self->cancellable,
                                               resolutions_cb, load);
  teller_camera_service_get_resolution_async (self->camera, self->camidx, self->cancellable,
                                              resolution_cb, load);
  teller_camera_service_get_video_formats_async (self->camera, self->camidx, self->cancellable,
                                                 formats_cb, load);
  teller_camera_service_get_video_format_async (self->camera, self->camidx, self->cancellable,
                                                format_cb, load);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  teller_device_settings_dialog_load (TELLER_DEVICE_SETTINGS_DIALOG (widget));
}

/* Back online: load what could not be loaded.  Gone: say so rather than fail each change. */
static void
state_changed_cb (TellerDeviceSettingsDialog *self)
{
  TellerServiceState state = teller_service_get_state (TELLER_SERVICE (self->camera));
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (state == TELLER_SERVICE_STATE_ONLINE && g_strcmp0 (page, "offline") == 0)
    teller_device_settings_dialog_load (self);
  else if (state == TELLER_SERVICE_STATE_OFFLINE && g_strcmp0 (page, "offline") != 0)
    {
      g_cancellable_cancel (self->cancellable);
      show_page (self, "offline");
    }
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_device_settings_dialog_dispose (GObject *object)
{
  TellerDeviceSettingsDialog *self = TELLER_DEVICE_SETTINGS_DIALOG (object);

  /* A frame rate still waiting for its pause is sent rather than lost. */
  if (self->frame_rate_source != 0)
    {
      int rate = gtk_spin_button_get_value_as_int (self->frame_rate_spin);

      g_clear_handle_id (&self->frame_rate_source, g_source_remove);
      teller_camera_service_set_frame_rate_async (self->camera, self->camidx, rate,
                                                  NULL, NULL, NULL);
    }

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_DEVICE_SETTINGS_DIALOG);

  G_OBJECT_CLASS (teller_device_settings_dialog_parent_class)->dispose (object);
}

static void
teller_device_settings_dialog_finalize (GObject *object)
{
  TellerDeviceSettingsDialog *self = TELLER_DEVICE_SETTINGS_DIALOG (object);

  g_clear_object (&self->camera);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->resolutions, g_array_unref);
  g_clear_pointer (&self->formats, g_strfreev);

  G_OBJECT_CLASS (teller_device_settings_dialog_parent_class)->finalize (object);
}

static void
teller_device_settings_dialog_class_init (TellerDeviceSettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_device_settings_dialog_dispose;
  object_class->finalize = teller_device_settings_dialog_finalize;

  g_type_ensure (TELLER_TYPE_PROPERTY_ROW);

  gtk_widget_class_set_template_from_resource (wc,
                                               RESOURCE_PREFIX "/teller-device-settings-dialog.ui");
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, stack);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, error_details);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, resolution_dropdown);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, resolution_list);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, resolution_error);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, frame_rate_spin);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, frame_rate_error);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, format_dropdown);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, format_list);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, format_error);
  gtk_widget_class_bind_template_child (wc, TellerDeviceSettingsDialog, properties_list);
  gtk_widget_class_bind_template_callback (wc, resolution_selected_cb);
  gtk_widget_class_bind_template_callback (wc, frame_rate_changed_cb);
  gtk_widget_class_bind_template_callback (wc, format_selected_cb);

  gtk_widget_class_install_action (wc, "settings.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (wc, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
teller_device_settings_dialog_init (TellerDeviceSettingsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->frame_rate = FRAME_RATE_DEFAULT;
  self->updating++;
  gtk_spin_button_set_range (self->frame_rate_spin, FRAME_RATE_MIN, FRAME_RATE_MAX);
  gtk_spin_button_set_value (self->frame_rate_spin, FRAME_RATE_DEFAULT);
  self->updating--;
}

GtkWidget *
teller_device_settings_dialog_new (GtkWindow           *parent,
                                   TellerCameraService *camera,
                                   guint                camidx)
{
  TellerDeviceSettingsDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (camera), NULL);

  self = g_object_new (TELLER_TYPE_DEVICE_SETTINGS_DIALOG, "transient-for", parent, NULL);
  self->camera = g_object_ref (camera);
  self->camidx = camidx;
  g_signal_connect_object (camera, "notify::state", G_CALLBACK (state_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (teller_service_get_state (TELLER_SERVICE (camera)) == TELLER_SERVICE_STATE_OFFLINE)
    show_page (self, "offline");
  else
    teller_device_settings_dialog_load (self);

  return GTK_WIDGET (self);
}

const char *
teller_device_settings_dialog_get_page (TellerDeviceSettingsDialog *self)
{
  g_return_val_if_fail (TELLER_IS_DEVICE_SETTINGS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
teller_device_settings_dialog_get_n_property_rows (TellerDeviceSettingsDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (TELLER_IS_DEVICE_SETTINGS_DIALOG (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->properties_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += TELLER_IS_PROPERTY_ROW (child);

  return n;
}

TellerPropertyRow *
teller_device_settings_dialog_get_property_row (TellerDeviceSettingsDialog *self,
                                                const char                 *name)
{
  g_return_val_if_fail (TELLER_IS_DEVICE_SETTINGS_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->properties_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (TELLER_IS_PROPERTY_ROW (child) &&
          g_strcmp0 (teller_property_row_get_name (TELLER_PROPERTY_ROW (child)), name) == 0)
        return TELLER_PROPERTY_ROW (child);
    }

  return NULL;
}
