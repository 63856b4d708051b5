/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-services.h"

struct _TellerServices
{
  GObject              parent_instance;

  TellerJsonClient    *client;
  TellerCameraService *camera;
  TellerCardReader    *card_reader;
  TellerDocumentStore *store;
  TellerTransaction   *transaction;
  GListStore          *services;
  guint                probe_interval_s;
  gboolean             monitoring;
};

G_DEFINE_FINAL_TYPE (TellerServices, teller_services, G_TYPE_OBJECT)

/* ---- Configuration ----------------------------------------------------- */

void
teller_services_config_init_defaults (TellerServicesConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->camera_url = g_strdup (TELLER_CAMERA_SERVICE_DEFAULT_URL);
  config->kic_url = g_strdup ("https://api-cn-main.kfbcloud.com");
  config->lianke_url = g_strdup ("https://cloud.liankenet.com/api");
  config->sonma_url = g_strdup ("https://api.sonma.net");
  config->kuaishou_url = g_strdup ("ws://localhost:16888/ks/printer");
  config->output_folder = NULL;
  config->timeout_s = TELLER_SERVICES_DEFAULT_TIMEOUT_S;
  config->probe_interval_s = TELLER_SERVICES_DEFAULT_PROBE_S;
  config->document_camera_index = 0;
  config->face_camera_index = 1;
  config->identity_idle_timeout_s = TELLER_SERVICES_DEFAULT_IDENTITY_IDLE_TIMEOUT_S;
}

void
teller_services_config_clear (TellerServicesConfig *config)
{
  g_return_if_fail (config != NULL);

  g_clear_pointer (&config->camera_url, g_free);
  g_clear_pointer (&config->kic_url, g_free);
  g_clear_pointer (&config->lianke_url, g_free);
  g_clear_pointer (&config->sonma_url, g_free);
  g_clear_pointer (&config->kuaishou_url, g_free);
  g_clear_pointer (&config->output_folder, g_free);
}

static void
take_setting (GSettings   *settings,
              const char  *key,
              char       **slot)
{
  g_free (*slot);
  *slot = g_settings_get_string (settings, key);
}

/**
 * teller_services_config_load_settings:
 *
 * Reads the io.github.tellerdesk.Teller settings over @config.  Returns %FALSE
 * and leaves @config alone when the schema is not installed (a program run from
 * the build folder without `meson devenv`), so the defaults still work.
 */
gboolean
teller_services_config_load_settings (TellerServicesConfig *config)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return FALSE;

  settings = g_settings_new (APP_ID);
  take_setting (settings, "camera-url", &config->camera_url);
  take_setting (settings, "kic-url", &config->kic_url);
  take_setting (settings, "lianke-url", &config->lianke_url);
  take_setting (settings, "sonma-url", &config->sonma_url);
  take_setting (settings, "kuaishou-url", &config->kuaishou_url);
  take_setting (settings, "output-folder", &config->output_folder);
  config->timeout_s = g_settings_get_uint (settings, "request-timeout");
  config->probe_interval_s = g_settings_get_uint (settings, "probe-interval");
  config->document_camera_index = g_settings_get_uint (settings, "document-camera-index");
  config->face_camera_index = g_settings_get_uint (settings, "face-camera-index");
  config->identity_idle_timeout_s = g_settings_get_uint (settings, "identity-idle-timeout");

  return TRUE;
}

GFile *
teller_services_config_dup_output_root (const TellerServicesConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (config->output_folder != NULL && *config->output_folder != '\0')
    return g_file_new_for_commandline_arg (config->output_folder);

  return g_file_new_build_filename (g_get_user_data_dir (), "teller", "transactions", NULL);
}

/* ---- TellerServices ---------------------------------------------------- */

static void
teller_services_dispose (GObject *object)
{
  TellerServices *self = TELLER_SERVICES (object);

  if (self->camera != NULL)
    teller_service_stop_monitor (TELLER_SERVICE (self->camera));
  if (self->card_reader != NULL)
    teller_service_stop_monitor (TELLER_SERVICE (self->card_reader));

  g_clear_object (&self->services);
  g_clear_object (&self->transaction);
  g_clear_object (&self->store);
  g_clear_object (&self->card_reader);
  g_clear_object (&self->camera);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (teller_services_parent_class)->dispose (object);
}

static void
teller_services_class_init (TellerServicesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = teller_services_dispose;
}

static void
teller_services_init (TellerServices *self)
{
  self->client = teller_json_client_new ();
  self->services = g_list_store_new (TELLER_TYPE_SERVICE);
}

TellerServices *
teller_services_new (const TellerServicesConfig *config)
{
  TellerServices *self;
  g_autoptr(GFile) root = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (TELLER_TYPE_SERVICES, NULL);
  self->camera = teller_camera_service_new (self->client, config->camera_url);
  g_list_store_append (self->services, self->camera);
  /* The same program and port as the camera, but its own state in the status bar. */
  self->card_reader = teller_card_reader_new (self->client, config->camera_url);
  g_list_store_append (self->services, self->card_reader);

  root = teller_services_config_dup_output_root (config);
  self->store = teller_document_store_new (root);
  self->transaction = teller_transaction_new (self->store);

  teller_services_apply_config (self, config);

  return self;
}

/**
 * teller_services_apply_config:
 *
 * Applies changed settings to the running services: a new address is probed at
 * once; a new output folder takes effect from the next transaction, so the current
 * customer's documents stay together.
 */
void
teller_services_apply_config (TellerServices             *self,
                              const TellerServicesConfig *config)
{
  g_autoptr(GFile) root = NULL;
  TellerService *camera;
  TellerService *card_reader;
  TellerIdentity *identity;

  g_return_if_fail (TELLER_IS_SERVICES (self));
  g_return_if_fail (config != NULL);

  camera = TELLER_SERVICE (self->camera);
  teller_service_set_timeout_ms (camera, config->timeout_s * 1000);
  teller_camera_service_set_document_camera_index (self->camera, config->document_camera_index);
  teller_service_set_base_url (camera, config->camera_url);

  card_reader = TELLER_SERVICE (self->card_reader);
  teller_service_set_timeout_ms (card_reader, config->timeout_s * 1000);
  teller_service_set_base_url (card_reader, config->camera_url);

  if (self->probe_interval_s != config->probe_interval_s)
    {
      self->probe_interval_s = MAX (config->probe_interval_s, 1);
      if (self->monitoring)
        {
          teller_service_start_monitor (camera, self->probe_interval_s * 1000);
          teller_service_start_monitor (card_reader, self->probe_interval_s * 1000);
        }
    }

  identity = teller_transaction_get_identity (self->transaction);
  teller_identity_set_idle_timeout_ms (identity, config->identity_idle_timeout_s * 1000);

  root = teller_services_config_dup_output_root (config);
  teller_document_store_set_root (self->store, root);
}

void
teller_services_start_monitors (TellerServices *self)
{
  g_return_if_fail (TELLER_IS_SERVICES (self));

  self->monitoring = TRUE;
  teller_service_start_monitor (TELLER_SERVICE (self->camera), self->probe_interval_s * 1000);
  teller_service_start_monitor (TELLER_SERVICE (self->card_reader), self->probe_interval_s * 1000);
}

TellerJsonClient *
teller_services_get_client (TellerServices *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICES (self), NULL);
  return self->client;
}

TellerCameraService *
teller_services_get_camera (TellerServices *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICES (self), NULL);
  return self->camera;
}

TellerCardReader *
teller_services_get_card_reader (TellerServices *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICES (self), NULL);
  return self->card_reader;
}

TellerTransaction *
teller_services_get_transaction (TellerServices *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICES (self), NULL);
  return self->transaction;
}

TellerDocumentStore *
teller_services_get_store (TellerServices *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICES (self), NULL);
  return self->store;
}

GListModel *
teller_services_get_services (TellerServices *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICES (self), NULL);
  return G_LIST_MODEL (self->services);
}
