/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-preferences-window.h"
#include "teller-services.h"

struct _TellerPreferencesWindow
{
  GtkWindow             parent_instance;

  /* Template Widgets */
  GtkEntry             *camera_url_entry;
  GtkWidget            *camera_url_error;
  GtkSpinButton        *document_camera_spin;
  GtkSpinButton        *face_camera_spin;
  GtkSpinButton        *timeout_spin;
  GtkSpinButton        *probe_spin;
  GtkLabel             *output_folder_label;
  GtkWidget            *reset_folder_button;
  GtkSpinButton        *identity_idle_spin;
  GtkSpinButton        *face_threshold_spin;
  GtkSpinButton        *finger_threshold_spin;
  GtkEntry             *watermark_entry;

  /* Owned References */
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *default_folder;
};

G_DEFINE_FINAL_TYPE (TellerPreferencesWindow, teller_preferences_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
teller_preferences_is_valid_service_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (text == NULL)
    return FALSE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && host != NULL && *host != '\0';
}

/* Returning NULL keeps an invalid address out of GSettings while it is typed. */
static GVariant *
url_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const char *text = g_value_get_string (value);

  if (!teller_preferences_is_valid_service_url (text))
    return NULL;

  return g_variant_new_string (text);
}

static gboolean
url_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_string (value, g_variant_get_string (variant, NULL));
  return TRUE;
}

static gboolean
folder_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  TellerPreferencesWindow *self = user_data;
  const char *folder = g_variant_get_string (variant, NULL);

  if (*folder == '\0')
    /* Translators: %s is the path of the default output folder */
    g_value_take_string (value, g_strdup_printf (_("%s (default)"), self->default_folder));
  else
    g_value_set_string (value, folder);

  return TRUE;
}

static gboolean
not_empty_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_boolean (value, *g_variant_get_string (variant, NULL) != '\0');
  return TRUE;
}

static void
camera_url_changed_cb (TellerPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->camera_url_entry));
  gboolean valid = teller_preferences_is_valid_service_url (text);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->camera_url_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->camera_url_entry), "error");

  gtk_widget_set_visible (self->camera_url_error, !valid);
}

static void
chooser_response_cb (TellerPreferencesWindow *self,
                     int                      response,
                     GtkFileChooserNative    *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      /* A folder without a local path (a remote location) cannot hold atomic writes. */
      if (path != NULL)
        g_settings_set_string (self->settings, "output-folder", path);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
choose_folder_cb (TellerPreferencesWindow *self)
{
  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Choose Output Folder"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Select"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      g_signal_connect_object (self->chooser, "response",
                               G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_folder_cb (TellerPreferencesWindow *self)
{
  g_settings_reset (self->settings, "output-folder");
}

static char *
dup_default_folder (void)
{
  TellerServicesConfig config = { 0 };
  g_autoptr(GFile) root = NULL;

  teller_services_config_init_defaults (&config);
  g_clear_pointer (&config.output_folder, g_free);
  root = teller_services_config_dup_output_root (&config);
  teller_services_config_clear (&config);

  return root != NULL ? g_file_get_parse_name (root) : g_strdup ("");
}

static void
teller_preferences_window_bind (TellerPreferencesWindow *self)
{
  GSettings *settings = self->settings;

  g_settings_bind_with_mapping (settings, "camera-url", self->camera_url_entry, "text",
                                G_SETTINGS_BIND_DEFAULT, url_get_mapping, url_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "document-camera-index",
                   self->document_camera_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "face-camera-index",
                   self->face_camera_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "request-timeout", self->timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "probe-interval", self->probe_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "identity-idle-timeout", self->identity_idle_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "face-match-threshold", self->face_threshold_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "finger-match-threshold", self->finger_threshold_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "id-copy-watermark", self->watermark_entry, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "output-folder", self->output_folder_label, "label",
                                G_SETTINGS_BIND_GET, folder_get_mapping, NULL, self, NULL);
  g_settings_bind_with_mapping (settings, "output-folder", self->output_folder_label,
                                "tooltip-text", G_SETTINGS_BIND_GET, folder_get_mapping, NULL,
                                self, NULL);
  g_settings_bind_with_mapping (settings, "output-folder", self->reset_folder_button,
                                "sensitive", G_SETTINGS_BIND_GET | G_SETTINGS_BIND_NO_SENSITIVITY,
                                not_empty_get_mapping, NULL, NULL, NULL);

  camera_url_changed_cb (self);
}

static void
teller_preferences_window_constructed (GObject *object)
{
  TellerPreferencesWindow *self = TELLER_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (teller_preferences_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    teller_preferences_window_bind (self);
}

static void
teller_preferences_window_dispose (GObject *object)
{
  TellerPreferencesWindow *self = TELLER_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (teller_preferences_window_parent_class)->dispose (object);
}

static void
teller_preferences_window_finalize (GObject *object)
{
  TellerPreferencesWindow *self = TELLER_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->default_folder, g_free);

  G_OBJECT_CLASS (teller_preferences_window_parent_class)->finalize (object);
}

static void
teller_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  TellerPreferencesWindow *self = TELLER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  TellerPreferencesWindow *self = TELLER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_preferences_window_class_init (TellerPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = teller_preferences_window_constructed;
  object_class->dispose = teller_preferences_window_dispose;
  object_class->finalize = teller_preferences_window_finalize;
  object_class->get_property = teller_preferences_window_get_property;
  object_class->set_property = teller_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, camera_url_entry);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, camera_url_error);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow,
                                        document_camera_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, face_camera_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, probe_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, output_folder_label);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, identity_idle_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, face_threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow,
                                        finger_threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, TellerPreferencesWindow, watermark_entry);
  gtk_widget_class_bind_template_callback (widget_class, camera_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_folder_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
teller_preferences_window_init (TellerPreferencesWindow *self)
{
  self->default_folder = dup_default_folder ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
teller_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (TELLER_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}
