/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-application.h"
#include "teller-preferences-window.h"
#include "teller-sim.h"
#include "teller-window.h"

/* Typing an address writes GSettings on every key; apply once the operator pauses. */
#define APPLY_DELAY_MS 400

struct _TellerApplication
{
  GtkApplication  parent_instance;

  /* Owned References */
  TellerServices *services;
  TellerSim      *sim;
  GSettings      *settings;

  /* Borrowed References */
  GtkWindow      *preferences;

  guint           apply_source;
  gboolean        demo;
};

G_DEFINE_FINAL_TYPE (TellerApplication, teller_application, GTK_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DEMO,
  PROP_SERVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run on the built-in device simulator"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
teller_application_load_config (TellerApplication    *self,
                                TellerServicesConfig *config)
{
  teller_services_config_init_defaults (config);

  if (self->settings != NULL)
    teller_services_config_load_settings (config);

  /* In demo mode the simulator wins over whatever address is configured. */
  if (self->sim != NULL)
    {
      g_free (config->camera_url);
      config->camera_url = teller_sim_dup_camera_url (self->sim);
    }
}

static gboolean
apply_config_cb (gpointer user_data)
{
  TellerApplication *self = TELLER_APPLICATION (user_data);
  TellerServicesConfig config = { 0 };

  self->apply_source = 0;

  teller_application_load_config (self, &config);
  teller_services_apply_config (self->services, &config);
  teller_services_config_clear (&config);

  return G_SOURCE_REMOVE;
}

static void
settings_changed_cb (TellerApplication *self,
                     const char        *key,
                     GSettings         *settings)
{
  g_clear_handle_id (&self->apply_source, g_source_remove);
  self->apply_source = g_timeout_add (APPLY_DELAY_MS, apply_config_cb, self);
}

static void
teller_application_start_simulator (TellerApplication *self)
{
  g_autoptr(TellerSim) sim = teller_sim_new ();
  g_autoptr(GError) error = NULL;

  if (!teller_sim_start (sim, 0, &error))
    {
      g_warning ("Could not start the device simulator: %s", error->message);
      return;
    }

  /* A card lies on the simulated reader from the start, so Read Card shows what it
   * does; POST /__sim/card {"place": NAME} lays another (teller-sim-card.h). */
  teller_sim_card_reader_place (teller_sim_get_card_reader (sim), "mainland-finger");
  self->sim = g_steal_pointer (&sim);
}

static GtkWindow *
teller_application_find_main_window (TellerApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (TELLER_IS_WINDOW (l->data))
        return GTK_WINDOW (l->data);
    }

  return NULL;
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TellerApplication *self = TELLER_APPLICATION (user_data);
  g_autoptr(GList) windows = NULL;

  /* Destroying the windows (rather than just quitting the loop) lets each pane
   * cancel its work and settle pending undo toasts. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  TellerApplication *self = TELLER_APPLICATION (user_data);
  GtkWindow *window;

  if (self->preferences != NULL)
    {
      gtk_window_present (self->preferences);
      return;
    }

  window = GTK_WINDOW (teller_preferences_window_new (teller_application_find_main_window (self),
                                                      self->settings));
  gtk_window_set_application (window, GTK_APPLICATION (self));
  g_set_weak_pointer (&self->preferences, window);
  gtk_window_present (window);
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TellerApplication *self = TELLER_APPLICATION (user_data);

  gtk_show_about_dialog (teller_application_find_main_window (self),
                         "program-name", _("Teller"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("One window for every device on a service counter: "
                                       "document camera, card readers, signature pad, "
                                       "scanners and printers."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "preferences", preferences_activated_cb },
  { "about", about_activated_cb },
};

static void
teller_application_setup_actions (TellerApplication *self)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };
  GAction *preferences;

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  /* Without the schema there is nothing to edit or store preferences in. */
  preferences = g_action_map_lookup_action (G_ACTION_MAP (self), "preferences");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), self->settings != NULL);
}

/* GtkApplication, unlike libadwaita's AdwApplication, does not load style.css itself. */
static void
teller_application_load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static int
teller_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  TellerApplication *self = TELLER_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("teller %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  self->demo = g_variant_dict_contains (options, "demo");

  return -1;
}

static void
teller_application_startup (GApplication *app)
{
  TellerApplication *self = TELLER_APPLICATION (app);
  TellerServicesConfig config = { 0 };

  G_APPLICATION_CLASS (teller_application_parent_class)->startup (app);

  teller_application_load_style ();

  self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->demo)
    teller_application_start_simulator (self);

  teller_application_load_config (self, &config);
  self->services = teller_services_new (&config);
  teller_services_config_clear (&config);
  teller_services_start_monitors (self->services);

  teller_application_setup_actions (self);
}

static void
teller_application_activate (GApplication *app)
{
  TellerApplication *self = TELLER_APPLICATION (app);
  GtkWindow *window = teller_application_find_main_window (self);

  if (window == NULL)
    window = GTK_WINDOW (teller_window_new (self));

  gtk_window_present (window);
}

static void
teller_application_shutdown (GApplication *app)
{
  TellerApplication *self = TELLER_APPLICATION (app);

  g_clear_handle_id (&self->apply_source, g_source_remove);

  G_APPLICATION_CLASS (teller_application_parent_class)->shutdown (app);
}

static void
teller_application_dispose (GObject *object)
{
  TellerApplication *self = TELLER_APPLICATION (object);

  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_weak_pointer (&self->preferences);
  g_clear_object (&self->settings);
  /* The services talk to the simulator: stop them first. */
  g_clear_object (&self->services);
  g_clear_object (&self->sim);

  G_OBJECT_CLASS (teller_application_parent_class)->dispose (object);
}

static void
teller_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerApplication *self = TELLER_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_application_class_init (TellerApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = teller_application_dispose;
  object_class->get_property = teller_application_get_property;

  app_class->handle_local_options = teller_application_handle_local_options;
  app_class->startup = teller_application_startup;
  app_class->activate = teller_application_activate;
  app_class->shutdown = teller_application_shutdown;

  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, TELLER_TYPE_SERVICES,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_application_init (TellerApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

TellerApplication *
teller_application_new_with_flags (GApplicationFlags flags)
{
  return g_object_new (TELLER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

TellerApplication *
teller_application_new (void)
{
  return teller_application_new_with_flags (G_APPLICATION_DEFAULT_FLAGS);
}

TellerServices *
teller_application_get_services (TellerApplication *self)
{
  g_return_val_if_fail (TELLER_IS_APPLICATION (self), NULL);

  return self->services;
}

gboolean
teller_application_get_demo (TellerApplication *self)
{
  g_return_val_if_fail (TELLER_IS_APPLICATION (self), FALSE);

  return self->demo;
}

TellerSim *
teller_application_get_sim (TellerApplication *self)
{
  g_return_val_if_fail (TELLER_IS_APPLICATION (self), NULL);

  return self->sim;
}
