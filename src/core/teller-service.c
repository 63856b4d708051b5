/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-service.h"

/* While a service is down the probe interval doubles up to this. */
#define MAX_PROBE_DELAY_MS (60 * 1000)

typedef struct
{
  char               *display_name;
  char               *base_url;
  guint               timeout_ms;
  TellerJsonClient   *client;

  TellerServiceState  state;
  char               *state_reason;

  guint               interval_ms;    /* 0 while not monitoring */
  guint               next_delay_ms;
  guint               probe_source_id;
  GCancellable       *probe_cancellable;
} TellerServicePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (TellerService, teller_service, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (TellerServiceState, teller_service_state,
                    G_DEFINE_ENUM_VALUE (TELLER_SERVICE_STATE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (TELLER_SERVICE_STATE_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (TELLER_SERVICE_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (TELLER_SERVICE_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_DISPLAY_NAME,
  PROP_BASE_URL,
  PROP_TIMEOUT_MS,
  PROP_CLIENT,
  PROP_STATE,
  PROP_STATE_REASON,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_probe (TellerService *self, guint delay_ms);

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
set_state (TellerService      *self,
           TellerServiceState  state,
           const char         *reason)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);
  gboolean was_online = priv->state == TELLER_SERVICE_STATE_ONLINE;

  g_object_freeze_notify (G_OBJECT (self));
  if (priv->state != state)
    {
      priv->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (replace_string (&priv->state_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_REASON]);
  if (was_online != (state == TELLER_SERVICE_STATE_ONLINE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static TellerServiceState
state_for_error (const GError *error)
{
  if (error->domain == TELLER_ERROR &&
      (error->code == TELLER_ERROR_UNREACHABLE ||
       error->code == TELLER_ERROR_TIMEOUT ||
       error->code == TELLER_ERROR_OFFLINE))
    return TELLER_SERVICE_STATE_OFFLINE;

  return TELLER_SERVICE_STATE_ERROR;
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TellerService *self = TELLER_SERVICE (object);
  TellerServicePrivate *priv = teller_service_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  if (TELLER_SERVICE_GET_CLASS (self)->probe_finish (self, result, &error))
    {
      set_state (self, TELLER_SERVICE_STATE_ONLINE, NULL);
      priv->next_delay_ms = priv->interval_ms;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return;
    }
  else
    {
      set_state (self, state_for_error (error), error->message);
      priv->next_delay_ms = MIN (MAX (priv->next_delay_ms, priv->interval_ms) * 2,
                                 MAX (MAX_PROBE_DELAY_MS, priv->interval_ms));
    }

  g_clear_object (&priv->probe_cancellable);
  if (priv->interval_ms > 0)
    schedule_probe (self, priv->next_delay_ms);
}

static void
run_probe (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_cancellable_cancel (priv->probe_cancellable);
  g_clear_object (&priv->probe_cancellable);
  priv->probe_cancellable = g_cancellable_new ();

  /* The probe's GTask holds a reference on the service (its source object) until
   * probe_cb has run, so an in-flight probe never outlives its service; dispose
   * cancels it. */
  TELLER_SERVICE_GET_CLASS (self)->probe_async (self, priv->probe_cancellable,
                                                probe_cb, NULL);
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  TellerService *self = user_data;
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  priv->probe_source_id = 0;
  run_probe (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_probe (TellerService *self,
                guint          delay_ms)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_clear_handle_id (&priv->probe_source_id, g_source_remove);
  priv->probe_source_id = g_timeout_add (delay_ms, probe_timeout_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, priv->probe_source_id),
                            "[teller] service probe");
}

/**
 * teller_service_start_monitor:
 * @interval_ms: the probe interval while the service answers
 *
 * Probes now, then every @interval_ms while the service is up; while it is down
 * the interval doubles up to a minute, so a missing service costs little.
 */
void
teller_service_start_monitor (TellerService *self,
                              guint          interval_ms)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_if_fail (TELLER_IS_SERVICE (self));
  g_return_if_fail (interval_ms > 0);

  priv->interval_ms = interval_ms;
  priv->next_delay_ms = interval_ms;
  teller_service_probe_now (self);
}

void
teller_service_stop_monitor (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_if_fail (TELLER_IS_SERVICE (self));

  priv->interval_ms = 0;
  g_clear_handle_id (&priv->probe_source_id, g_source_remove);
  g_cancellable_cancel (priv->probe_cancellable);
  g_clear_object (&priv->probe_cancellable);
}

void
teller_service_probe_now (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_if_fail (TELLER_IS_SERVICE (self));

  g_clear_handle_id (&priv->probe_source_id, g_source_remove);
  run_probe (self);
}

/* For tests: the delay before the next probe (the back-off in force). */
guint
teller_service_get_next_probe_delay_ms (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), 0);

  return priv->next_delay_ms;
}

static void
teller_service_dispose (GObject *object)
{
  TellerService *self = TELLER_SERVICE (object);

  teller_service_stop_monitor (self);

  G_OBJECT_CLASS (teller_service_parent_class)->dispose (object);
}

static void
teller_service_finalize (GObject *object)
{
  TellerService *self = TELLER_SERVICE (object);
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_clear_pointer (&priv->display_name, g_free);
  g_clear_pointer (&priv->base_url, g_free);
  g_clear_pointer (&priv->state_reason, g_free);
  g_clear_object (&priv->client);

  G_OBJECT_CLASS (teller_service_parent_class)->finalize (object);
}

static void
teller_service_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TellerService *self = TELLER_SERVICE (object);
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, priv->display_name);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, priv->base_url);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, priv->timeout_ms);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_STATE_REASON:
      g_value_set_string (value, priv->state_reason);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, priv->state == TELLER_SERVICE_STATE_ONLINE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_service_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TellerService *self = TELLER_SERVICE (object);
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      priv->display_name = g_value_dup_string (value);
      break;
    case PROP_BASE_URL:
      teller_service_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT_MS:
      teller_service_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      if (priv->client == NULL)
        priv->client = teller_json_client_new ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_service_class_init (TellerServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_service_dispose;
  object_class->finalize = teller_service_finalize;
  object_class->get_property = teller_service_get_property;
  object_class->set_property = teller_service_set_property;

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 0, G_MAXUINT, 15000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TELLER_TYPE_JSON_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TELLER_TYPE_SERVICE_STATE,
                       TELLER_SERVICE_STATE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_REASON] =
    g_param_spec_string ("state-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_service_init (TellerService *self)
{
}

const char *
teller_service_get_display_name (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);

  return priv->display_name;
}

const char *
teller_service_get_base_url (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);

  return priv->base_url;
}

/* A new address means whatever we knew about the old one no longer holds. */
void
teller_service_set_base_url (TellerService *self,
                             const char    *base_url)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_if_fail (TELLER_IS_SERVICE (self));

  if (!replace_string (&priv->base_url, base_url))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
  set_state (self, TELLER_SERVICE_STATE_UNKNOWN, NULL);
  if (priv->interval_ms > 0)
    {
      priv->next_delay_ms = priv->interval_ms;
      teller_service_probe_now (self);
    }
}

guint
teller_service_get_timeout_ms (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), 0);

  return priv->timeout_ms;
}

void
teller_service_set_timeout_ms (TellerService *self,
                               guint          timeout_ms)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_if_fail (TELLER_IS_SERVICE (self));

  if (priv->timeout_ms == timeout_ms)
    return;
  priv->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

TellerJsonClient *
teller_service_get_client (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);

  return priv->client;
}

TellerServiceState
teller_service_get_state (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), TELLER_SERVICE_STATE_UNKNOWN);

  return priv->state;
}

const char *
teller_service_get_state_reason (TellerService *self)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);

  return priv->state_reason;
}

gboolean
teller_service_get_online (TellerService *self)
{
  return teller_service_get_state (self) == TELLER_SERVICE_STATE_ONLINE;
}

char *
teller_service_dup_url (TellerService *self,
                        const char    *path)
{
  TellerServicePrivate *priv = teller_service_get_instance_private (self);

  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);

  return teller_json_client_build_url (priv->base_url != NULL ? priv->base_url : "", path);
}
