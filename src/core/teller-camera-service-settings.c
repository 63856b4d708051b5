/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-camera-settings-private.h"
#include "teller-error.h"

/*
 * TellerCameraService's device settings: the request and reply helpers every
 * settings call shares, video=getproperty / video=setproperty (3.7, 3.8) and
 * video=record (3.6); the param=set / param=get calls of chapter 5 are in
 * teller-camera-service-param.c.  Requests and replies are built and read in
 * teller-camera-settings.c and teller-camera-record.c; these files run the calls.
 */

typedef struct
{
  char                  *operation;
  char                  *detail;      /* what the parser needs beside the reply: a property name */
  TellerCameraParseFunc  parse;       /* NULL: the call finishes with TRUE */
  GDestroyNotify         free_result;
} Call;

static void
call_free (Call *call)
{
  g_free (call->operation);
  g_free (call->detail);
  g_free (call);
}

static void
settings_post_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  gpointer parsed;

  reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (reply == NULL || !teller_camera_reply_check (call->operation, reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (call->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  parsed = call->parse (call->detail, json_node_get_object (reply), &error);
  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, call->free_result);
}

/*
 * POSTs @body (consumed) to /@operation, checks the reply's code as
 * teller-camera-service.c's camera_post() does, then hands the reply to @parse.
 */
void
_teller_camera_settings_post (TellerCameraService   *self,
                              const char            *operation,
                              JsonNode              *body,
                              TellerCameraParseFunc  parse,
                              GDestroyNotify         free_result,
                              const char            *detail,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data,
                              gpointer               source_tag)
{
  TellerService *service = TELLER_SERVICE (self);
  g_autoptr(JsonNode) owned_body = body;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = teller_service_dup_url (service, operation);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->operation = g_strdup (operation);
  call->detail = g_strdup (detail);
  call->parse = parse;
  call->free_result = free_result;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  teller_json_client_post_async (teller_service_get_client (service), url, owned_body,
                                 teller_service_get_timeout_ms (service), cancellable,
                                 settings_post_cb, g_steal_pointer (&task));
}

void
_teller_camera_report_invalid (TellerCameraService *self,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data,
                               gpointer             source_tag,
                               const char          *message)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           TELLER_ERROR, TELLER_ERROR_INVALID_INPUT, "%s", message);
}

gpointer
_teller_camera_finish_pointer (TellerCameraService  *self,
                               GAsyncResult         *result,
                               gpointer              source_tag,
                               GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_teller_camera_finish_boolean (TellerCameraService  *self,
                               GAsyncResult         *result,
                               gpointer              source_tag,
                               GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For the calls whose result is a small struct the caller owns (a resolution, a rectangle). */
gboolean
_teller_camera_finish_struct (TellerCameraService  *self,
                              GAsyncResult         *result,
                              gpointer              source_tag,
                              gpointer              out,
                              gsize                 size,
                              GError              **error)
{
  g_autofree gpointer value = _teller_camera_finish_pointer (self, result, source_tag, error);

  if (value == NULL)
    return FALSE;
  if (out != NULL)
    memcpy (out, value, size);
  return TRUE;
}

/* ---- Parsers ---------------------------------------------------------- */

static gpointer
parse_property (const char *name, JsonObject *reply, GError **error)
{
  return teller_camera_property_parse (name, reply, error);
}

static gpointer
parse_record_start (const char *detail, JsonObject *reply, GError **error)
{
  return teller_camera_record_start_parse (reply, error);
}

static gpointer
parse_record_stop (const char *detail, JsonObject *reply, GError **error)
{
  return teller_camera_record_stop_parse (reply, error);
}

static gpointer
parse_record_status (const char *detail, JsonObject *reply, GError **error)
{
  return teller_camera_record_status_parse (reply, error);
}

static gpointer
parse_record_audio (const char *detail, JsonObject *reply, GError **error)
{
  return teller_camera_record_audio_parse (reply, error);
}

/* ---- Properties (3.7, 3.8) --------------------------------------------- */

void
teller_camera_service_get_property_async (TellerCameraService *self,
                                          guint                camidx,
                                          const char          *name,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  if (!teller_camera_property_name_is_valid (name))
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_camera_service_get_property_async,
                                     _("The camera has no such property"));
      return;
    }
  _teller_camera_settings_post (self, "video=getproperty",
                                teller_camera_build_get_property (camidx, name), parse_property,
                                (GDestroyNotify) teller_camera_property_free, name, cancellable,
                                callback, user_data, teller_camera_service_get_property_async);
}

TellerCameraProperty *
teller_camera_service_get_property_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_property_async,
                                        error);
}

/* Shared by the calls that go through several properties one request at a time:
 * the service sets one property per call (3.7) and answers one per getproperty. */
typedef struct
{
  char     *name;
  int       value;
  gboolean  automatic;
} PendingValue;

typedef struct
{
  guint      camidx;
  guint      next;
  GArray    *values;     /* of PendingValue, for the set calls */
  GPtrArray *properties; /* of TellerCameraProperty, for get_properties */
} Chain;

static void
pending_value_clear (PendingValue *value)
{
  g_free (value->name);
}

static void
chain_free (Chain *chain)
{
  g_clear_pointer (&chain->values, g_array_unref);
  g_clear_pointer (&chain->properties, g_ptr_array_unref);
  g_free (chain);
}

static GTask *
chain_task_new (TellerCameraService *self,
                guint                camidx,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Chain *chain = g_new0 (Chain, 1);

  g_task_set_source_tag (task, source_tag);
  chain->camidx = camidx;
  chain->values = g_array_new (FALSE, TRUE, sizeof (PendingValue));
  g_array_set_clear_func (chain->values, (GDestroyNotify) pending_value_clear);
  chain->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_camera_property_free);
  g_task_set_task_data (task, chain, (GDestroyNotify) chain_free);
  return task;
}

static void get_properties_next (GTask *task);

/* A property the device cannot report (code "1", 3.8) is listed as not settable;
 * any other failure (device gone, service down) ends the whole call. */
static void
get_properties_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chain *chain = g_task_get_task_data (task);
  const char *name = teller_camera_property_names ()[chain->next];
  g_autoptr(GError) error = NULL;
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  TellerCameraProperty *property;

  property = teller_camera_service_get_property_finish (self, result, &error);
  if (property == NULL &&
      !(g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE) &&
        g_strcmp0 (teller_error_get_vendor_code (error), "1") == 0))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (property == NULL)
    {
      property = g_new0 (TellerCameraProperty, 1);
      property->name = g_strdup (name);
    }

  g_ptr_array_add (chain->properties, property);
  chain->next++;
  get_properties_next (g_steal_pointer (&task));
}

static void
get_properties_next (GTask *task)
{
  Chain *chain = g_task_get_task_data (task);
  const char *name = teller_camera_property_names ()[chain->next];

  if (name == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&chain->properties),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  teller_camera_service_get_property_async (g_task_get_source_object (task), chain->camidx, name,
                                            g_task_get_cancellable (task), get_properties_cb, task);
}

void
teller_camera_service_get_properties_async (TellerCameraService *self,
                                            guint                camidx,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  get_properties_next (chain_task_new (self, camidx, cancellable, callback, user_data,
                                       teller_camera_service_get_properties_async));
}

GPtrArray *
teller_camera_service_get_properties_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_properties_async,
                                        error);
}

static void set_next (GTask *task);

static void
set_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chain *chain = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  chain->next++;
  set_next (g_steal_pointer (&task));
}

/* The range is known now: check the value (or pick the "automatic" one), then set it. */
static void
set_got_property_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  Chain *chain = g_task_get_task_data (task);
  PendingValue *pending = &g_array_index (chain->values, PendingValue, chain->next);
  GError *error = NULL;
  g_autoptr(TellerCameraProperty) property = NULL;
  int value = pending->value;
  GCancellable *cancellable;
  JsonNode *body;

  property = teller_camera_service_get_property_finish (self, result, &error);
  if (property != NULL && pending->automatic && !property->settable)
    g_set_error (&error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                 _("This camera does not let “%s” be set"), property->name);
  else if (property != NULL && pending->automatic)
    value = teller_camera_property_auto_value (property);
  else if (property != NULL)
    teller_camera_property_check_value (property, value, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The cancellable is read before the task is handed on. */
  cancellable = g_task_get_cancellable (task);
  body = teller_camera_build_set_property (chain->camidx, pending->name, value);
  _teller_camera_settings_post (self, "video=setproperty", body, NULL, NULL, NULL, cancellable,
                                set_done_cb, g_steal_pointer (&task), set_got_property_cb);
}

static void
set_next (GTask *task)
{
  Chain *chain = g_task_get_task_data (task);
  PendingValue *pending;

  if (chain->next == chain->values->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  pending = &g_array_index (chain->values, PendingValue, chain->next);
  teller_camera_service_get_property_async (g_task_get_source_object (task), chain->camidx,
                                            pending->name, g_task_get_cancellable (task),
                                            set_got_property_cb, task);
}

static void
chain_add_value (GTask      *task,
                 const char *name,
                 int         value,
                 gboolean    automatic)
{
  Chain *chain = g_task_get_task_data (task);
  PendingValue pending = { g_strdup (name), value, automatic };

  g_array_append_val (chain->values, pending);
}

void
teller_camera_service_set_property_async (TellerCameraService *self,
                                          guint                camidx,
                                          const char          *name,
                                          int                  value,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  task = chain_task_new (self, camidx, cancellable, callback, user_data,
                         teller_camera_service_set_property_async);
  chain_add_value (task, name, value, FALSE);
  set_next (task);
}

gboolean
teller_camera_service_set_property_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_property_async,
                                        error);
}

void
teller_camera_service_set_property_auto_async (TellerCameraService *self,
                                               guint                camidx,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  task = chain_task_new (self, camidx, cancellable, callback, user_data,
                         teller_camera_service_set_property_auto_async);
  chain_add_value (task, name, 0, TRUE);
  set_next (task);
}

gboolean
teller_camera_service_set_property_auto_finish (TellerCameraService  *self,
                                                GAsyncResult         *result,
                                                GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_property_auto_async,
                                        error);
}

void
teller_camera_service_set_properties_async (TellerCameraService             *self,
                                            guint                            camidx,
                                            const TellerCameraPropertyValue *values,
                                            guint                            n_values,
                                            GCancellable                    *cancellable,
                                            GAsyncReadyCallback              callback,
                                            gpointer                         user_data)
{
  GTask *task;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (values != NULL || n_values == 0);

  task = chain_task_new (self, camidx, cancellable, callback, user_data,
                         teller_camera_service_set_properties_async);
  for (guint i = 0; i < n_values; i++)
    chain_add_value (task, values[i].name, values[i].value, FALSE);
  set_next (task);
}

gboolean
teller_camera_service_set_properties_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_properties_async,
                                        error);
}

/* ---- video=record (3.6) ------------------------------------------------ */

void
teller_camera_service_record_start_async (TellerCameraService       *self,
                                          const TellerRecordOptions *options,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_settings_post (self, "video=record", teller_camera_build_record ("start", options),
                                parse_record_start, g_free, NULL, cancellable, callback, user_data,
                                teller_camera_service_record_start_async);
}

char *
teller_camera_service_record_start_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_start_async,
                                        error);
}

void
teller_camera_service_record_stop_async (TellerCameraService *self,
                                         int                  camidx,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_settings_post (self, "video=record",
                                teller_camera_build_record_action ("stop", camidx),
                                parse_record_stop, (GDestroyNotify) teller_record_status_free, NULL,
                                cancellable, callback, user_data,
                                teller_camera_service_record_stop_async);
}

TellerRecordStatus *
teller_camera_service_record_stop_finish (TellerCameraService  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_stop_async,
                                        error);
}

void
teller_camera_service_record_status_async (TellerCameraService *self,
                                           int                  camidx,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_settings_post (self, "video=record",
                                teller_camera_build_record_action ("status", camidx),
                                parse_record_status, (GDestroyNotify) teller_record_status_free,
                                NULL, cancellable, callback, user_data,
                                teller_camera_service_record_status_async);
}

TellerRecordStatus *
teller_camera_service_record_status_finish (TellerCameraService  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_status_async,
                                        error);
}

void
teller_camera_service_record_audio_async (TellerCameraService *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_settings_post (self, "video=record", teller_camera_build_record ("audio", NULL),
                                parse_record_audio, (GDestroyNotify) g_strfreev, NULL, cancellable,
                                callback, user_data, teller_camera_service_record_audio_async);
}

GStrv
teller_camera_service_record_audio_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_audio_async,
                                        error);
}
