/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-camera-service-private.h"
#include "teller-error.h"
#include "teller-json-util.h"
#include "teller-vendor-codes.h"

struct _TellerCameraService
{
  TellerService parent_instance;

  guint         document_camera_index;
};

G_DEFINE_FINAL_TYPE (TellerCameraService, teller_camera_service, TELLER_TYPE_SERVICE)

enum {
  PROP_0,
  PROP_DOCUMENT_CAMERA_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The parameters of param=get that together describe the device. */
static const char * const info_types[] = { "app_version", "serial_number", "device_info" };

/* ---- Replies ----------------------------------------------------------- */

char *
_teller_camera_reply_dup_code (JsonNode    *reply,
                               const char **message,
                               GError     **error)
{
  JsonObject *object;
  JsonNode *node;

  if (message != NULL)
    *message = NULL;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent a reply that is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (reply);
  node = json_object_get_member (object, "message");
  if (message != NULL && node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    *message = json_node_get_string (node);

  node = json_object_get_member (object, "code");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service sent a reply without a result code"));
  return NULL;
}

/**
 * teller_camera_reply_check:
 * @operation: the endpoint, e.g. "video=status", or one action of it, e.g.
 *   "video=detectdoc:status"
 * @reply: (nullable): the reply; %NULL is a bad response
 *
 * Every CameraService reply carries "code".  Some service builds send the number
 * 0 instead of the string (NOTES.md), so both are read.  Which codes mean success
 * is the vendor table's to say (teller_vendor_code_is_success()): "0" everywhere,
 * and the documented results and states of some endpoints (video=detectdoc's
 * "100"–"102", face=islive's "1", ...).  Any other code is a failure, explained
 * from the same table with the vendor's code and message kept.
 */
gboolean
teller_camera_reply_check (const char  *operation,
                           JsonNode    *reply,
                           GError     **error)
{
  g_autofree char *code = NULL;
  const char *message = NULL;

  g_return_val_if_fail (operation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code = _teller_camera_reply_dup_code (reply, &message, error);
  if (code == NULL)
    return FALSE;

  if (teller_vendor_code_is_success (TELLER_VENDOR_CAMERA_SERVICE, operation, code))
    return TRUE;

  if (error != NULL)
    *error = teller_error_new_vendor (TELLER_VENDOR_CAMERA_SERVICE, operation, code, message);
  return FALSE;
}

JsonNode *
teller_camera_build_param_get (const char *type,
                               const char *camidx)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (type != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (camidx != NULL)
    {
      json_builder_set_member_name (builder, "camidx");
      json_builder_add_string_value (builder, camidx);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- TellerCameraStatus ------------------------------------------------ */

void
teller_camera_status_free (TellerCameraStatus *status)
{
  if (status == NULL)
    return;

  for (guint i = 0; i < status->slots->len; i++)
    g_free (g_array_index (status->slots, TellerCameraSlot, i).name);
  g_array_unref (status->slots);
  g_free (status);
}

static TellerCameraPresence
presence_from_string (const char *value)
{
  if (g_strcmp0 (value, "no") == 0)
    return TELLER_CAMERA_PRESENCE_ABSENT;
  if (g_strcmp0 (value, "ok") == 0)
    return TELLER_CAMERA_PRESENCE_PRESENT;
  if (g_strcmp0 (value, "run") == 0)
    return TELLER_CAMERA_PRESENCE_RUNNING;
  return TELLER_CAMERA_PRESENCE_UNKNOWN;
}

const char *
teller_camera_presence_to_string (TellerCameraPresence presence)
{
  switch (presence)
    {
    case TELLER_CAMERA_PRESENCE_ABSENT: return "no";
    case TELLER_CAMERA_PRESENCE_PRESENT: return "ok";
    case TELLER_CAMERA_PRESENCE_RUNNING: return "run";
    case TELLER_CAMERA_PRESENCE_UNKNOWN:
    default: return "unknown";
    }
}

/**
 * teller_camera_status_parse:
 *
 * Reads video=status (chapter 3.4): one member per device slot ("video0", "video1",
 * "video2", "videoIR1", "videoIR2"), each "no", "ok" or "run".  Slots a newer build
 * adds are kept; members that are not device slots are ignored.
 */
TellerCameraStatus *
teller_camera_status_parse (JsonObject  *reply,
                            GError     **error)
{
  g_autoptr(TellerCameraStatus) status = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (reply != NULL, NULL);

  status = g_new0 (TellerCameraStatus, 1);
  status->slots = g_array_new (FALSE, FALSE, sizeof (TellerCameraSlot));
  json_object_iter_init_ordered (&iter, reply);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      TellerCameraSlot slot;

      if (!g_str_has_prefix (name, "video"))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                       _("The camera service sent a device status that is not text"));
          return NULL;
        }
      slot.name = g_strdup (name);
      slot.presence = presence_from_string (json_node_get_string (node));
      g_array_append_val (status->slots, slot);
    }

  if (status->slots->len == 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service’s status reply lists no devices"));
      return NULL;
    }

  return g_steal_pointer (&status);
}

TellerCameraPresence
teller_camera_status_get (const TellerCameraStatus *status,
                          const char               *slot_name)
{
  g_return_val_if_fail (status != NULL, TELLER_CAMERA_PRESENCE_UNKNOWN);

  for (guint i = 0; i < status->slots->len; i++)
    {
      const TellerCameraSlot *slot = &g_array_index (status->slots, TellerCameraSlot, i);

      if (g_strcmp0 (slot->name, slot_name) == 0)
        return slot->presence;
    }

  return TELLER_CAMERA_PRESENCE_UNKNOWN;
}

JsonNode *
teller_camera_status_to_json (const TellerCameraStatus *status)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (status != NULL, NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  for (guint i = 0; i < status->slots->len; i++)
    {
      const TellerCameraSlot *slot = &g_array_index (status->slots, TellerCameraSlot, i);

      json_builder_set_member_name (builder, slot->name);
      json_builder_add_string_value (builder, teller_camera_presence_to_string (slot->presence));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- TellerCameraInfo -------------------------------------------------- */

void
teller_camera_info_free (TellerCameraInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->app_version);
  g_free (info->serial_number);
  g_free (info->brand_name);
  g_free (info->device_type);
  g_free (info->company_name);
  g_free (info->credit_code);
  g_free (info->device_serial_number);
  g_free (info);
}

static gboolean
dup_string_member (JsonObject  *object,
                   const char  *member,
                   char       **out,
                   GError     **error)
{
  const char *value;

  /* The document lists these fields, but a device that has none (no serial number,
   * say) may leave them out: absent is not an error, the wrong type is. */
  if (!_teller_json_get_string (object, member, FALSE, &value, error))
    return FALSE;
  if (value != NULL)
    {
      g_free (*out);
      *out = g_strdup (value);
    }
  return TRUE;
}

/**
 * teller_camera_info_merge_param:
 * @type: the param=get type the reply answers
 *
 * Adds one param=get reply (chapters 5.5, 5.6, 5.13) to @info.
 */
gboolean
teller_camera_info_merge_param (TellerCameraInfo  *info,
                                const char        *type,
                                JsonObject        *reply,
                                GError           **error)
{
  JsonObject *device;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (type, "app_version"))
    return dup_string_member (reply, "app_version", &info->app_version, error);
  if (g_str_equal (type, "serial_number"))
    return dup_string_member (reply, "serial_number", &info->serial_number, error);
  if (!g_str_equal (type, "device_info"))
    return TRUE;

  if (!json_object_has_member (reply, "device_info") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (reply, "device_info")))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service’s device information is missing"));
      return FALSE;
    }

  device = json_object_get_object_member (reply, "device_info");
  return dup_string_member (device, "serial_number", &info->device_serial_number, error) &&
         dup_string_member (device, "brand_name", &info->brand_name, error) &&
         dup_string_member (device, "device_type", &info->device_type, error) &&
         dup_string_member (device, "company_name", &info->company_name, error) &&
         dup_string_member (device, "credit_code", &info->credit_code, error);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

JsonNode *
teller_camera_info_to_json (const TellerCameraInfo *info)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_optional_string (builder, "app_version", info->app_version);
  add_optional_string (builder, "serial_number", info->serial_number);
  json_builder_set_member_name (builder, "device_info");
  json_builder_begin_object (builder);
  add_optional_string (builder, "serial_number", info->device_serial_number);
  add_optional_string (builder, "brand_name", info->brand_name);
  add_optional_string (builder, "device_type", info->device_type);
  add_optional_string (builder, "company_name", info->company_name);
  add_optional_string (builder, "credit_code", info->credit_code);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- The call machinery (teller-camera-service-private.h) -------------- */

typedef struct
{
  const TellerCameraEndpoint *endpoint;
  TellerCameraRequest        *request;
  JsonNode                   *reply;
} Call;

const TellerCameraEndpoint _teller_camera_plain_endpoint = { NULL, TELLER_CAMERA_CALL_DEFAULT,
                                                             NULL, NULL, NULL, NULL };

TellerCameraRequest *
_teller_camera_request_new (const char *path,
                            JsonNode   *body)
{
  TellerCameraRequest *request = g_new0 (TellerCameraRequest, 1);

  request->path = g_strdup (path);
  request->body = body;
  return request;
}

void
_teller_camera_request_free (TellerCameraRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->path);
  g_clear_pointer (&request->body, json_node_unref);
  if (request->data_free != NULL)
    g_clear_pointer (&request->data, request->data_free);
  g_free (request);
}

void
_teller_camera_request_set_data (TellerCameraRequest *request,
                                 gpointer             data,
                                 GDestroyNotify       data_free)
{
  if (request->data_free != NULL)
    g_clear_pointer (&request->data, request->data_free);
  request->data = data;
  request->data_free = data_free;
}

static void
call_free (Call *call)
{
  g_clear_pointer (&call->request, _teller_camera_request_free);
  g_clear_pointer (&call->reply, json_node_unref);
  g_free (call);
}

static const char *
call_operation (Call *call)
{
  return call->endpoint->operation != NULL ? call->endpoint->operation : call->request->path;
}

static JsonNode *
build_empty_body (void)
{
  /* Some service builds answer a body-less POST with XML, so send "{}" (NOTES.md). */
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static GBytes *
serialize (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

gint64
_teller_camera_chain_deadline (gpointer self)
{
  guint timeout_ms = teller_service_get_timeout_ms (TELLER_SERVICE (self));

  if (timeout_ms == 0)
    return 0;
  return g_get_monotonic_time () + (gint64) timeout_ms * 1000;
}

/* The request's or the service's per-call timeout, or what is left before the
 * request's deadline. */
static gboolean
call_timeout_ms (TellerService        *service,
                 TellerCameraRequest  *request,
                 guint                *timeout_ms,
                 GError              **error)
{
  gint64 deadline = request->deadline;
  gint64 left_ms;

  *timeout_ms = request->timeout_ms > 0 ? request->timeout_ms
                                        : teller_service_get_timeout_ms (service);
  if (deadline == 0)
    return TRUE;

  left_ms = (deadline - g_get_monotonic_time ()) / 1000;
  if (left_ms <= 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT,
                   _("The service did not answer in time"));
      return FALSE;
    }
  if (*timeout_ms == 0 || left_ms < *timeout_ms)
    *timeout_ms = (guint) MIN (left_ms, G_MAXUINT);
  return TRUE;
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The reply is immutable and the main thread no longer touches it. */
  result = call->endpoint->parse (json_node_get_object (call->reply), call->request->data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, call->endpoint->result_free);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  const TellerCameraEndpoint *endpoint = call->endpoint;
  GError *error = NULL;
  gboolean ok;

  call->reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only TELLER_CAMERA_CALL_ALLOW_EMPTY lets an empty reply through. */
  if (call->reply == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (endpoint->check != NULL)
    ok = endpoint->check (call_operation (call), call->reply, call->request->data, &error);
  else
    ok = teller_camera_reply_check (call_operation (call), call->reply, &error);
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  if (endpoint->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (call->reply))
    {
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                               _("The camera service sent a reply that is not a JSON object"));
      return;
    }

  if ((endpoint->flags & TELLER_CAMERA_CALL_PARSE_IN_THREAD) != 0)
    g_task_run_in_thread (task, parse_thread);
  else
    parse_thread (task, NULL, call, NULL);
}

/* Takes @body (nullable). */
static void
send_request (GTask  *task,
              GBytes *body)
{
  g_autoptr(GTask) owned_task = task;
  g_autoptr(GBytes) owned_body = body;
  TellerService *service = TELLER_SERVICE (g_task_get_source_object (task));
  Call *call = g_task_get_task_data (task);
  gboolean get = (call->endpoint->flags & TELLER_CAMERA_CALL_GET) != 0;
  TellerJsonClientFlags flags = TELLER_JSON_CLIENT_NONE;
  g_autofree char *url = NULL;
  GError *error = NULL;
  guint timeout_ms;

  if (!call_timeout_ms (service, call->request, &timeout_ms, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if ((call->endpoint->flags & TELLER_CAMERA_CALL_ALLOW_EMPTY) != 0)
    flags |= TELLER_JSON_CLIENT_ALLOW_EMPTY;
  url = teller_service_dup_url (service, call->request->path);
  teller_json_client_request_async (teller_service_get_client (service), get ? "GET" : "POST",
                                    url, get ? NULL : owned_body, flags, timeout_ms,
                                    g_task_get_cancellable (task), reply_cb,
                                    g_steal_pointer (&owned_task));
}

/* Worker thread: the body is built *and* serialized here, so a request of tens of
 * megabytes of base64 costs the main loop nothing. */
static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  body = call->endpoint->build (call->request->data, &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, serialize (body), (GDestroyNotify) g_bytes_unref);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *body = g_task_propagate_pointer (G_TASK (result), &error);

  if (body == NULL)
    g_task_return_error (task, error);
  else
    send_request (g_steal_pointer (&task), body);
}

/**
 * _teller_camera_call:
 * @endpoint: (not nullable): how the call is built, checked and parsed; static
 * @request: (transfer full): the path, body and data of this call
 *
 * Runs one CameraService call (see teller-camera-service-private.h).
 */
void
_teller_camera_call (gpointer                    self,
                     const TellerCameraEndpoint *endpoint,
                     TellerCameraRequest        *request,
                     GCancellable               *cancellable,
                     GAsyncReadyCallback         callback,
                     gpointer                    user_data,
                     gpointer                    source_tag)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (TELLER_IS_SERVICE (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (request != NULL && request->path != NULL);
  g_return_if_fail ((endpoint->flags & TELLER_CAMERA_CALL_ALLOW_EMPTY) == 0 ||
                    endpoint->parse == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  call = g_new0 (Call, 1);
  call->endpoint = endpoint;
  call->request = request;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if ((endpoint->flags & TELLER_CAMERA_CALL_GET) != 0)
    {
      send_request (g_steal_pointer (&task), NULL);
    }
  else if (endpoint->build != NULL)
    {
      g_autoptr(GTask) build = g_task_new (self, cancellable, build_done_cb,
                                           g_steal_pointer (&task));

      g_task_set_source_tag (build, build_thread);
      g_task_set_task_data (build, call, NULL);
      g_task_run_in_thread (build, build_thread);
    }
  else
    {
      /* Small requests: serializing them here costs microseconds. */
      if (request->body == NULL)
        request->body = build_empty_body ();
      send_request (g_steal_pointer (&task), serialize (request->body));
    }
}

void
_teller_camera_post (gpointer                    self,
                     const TellerCameraEndpoint *endpoint,
                     const char                 *path,
                     JsonNode                   *body,
                     GCancellable               *cancellable,
                     GAsyncReadyCallback         callback,
                     gpointer                    user_data,
                     gpointer                    source_tag)
{
  _teller_camera_call (self, endpoint, _teller_camera_request_new (path, body), cancellable,
                       callback, user_data, source_tag);
}

void
_teller_camera_report_invalid (gpointer             self,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data,
                               gpointer             source_tag,
                               const char          *message)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           TELLER_ERROR, TELLER_ERROR_INVALID_INPUT, "%s", message);
}

gpointer
_teller_camera_finish_pointer (gpointer              self,
                               GAsyncResult         *result,
                               gpointer              source_tag,
                               GError              **error)
{
  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_teller_camera_finish_boolean (gpointer              self,
                               GAsyncResult         *result,
                               gpointer              source_tag,
                               GError              **error)
{
  g_return_val_if_fail (TELLER_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
_teller_camera_finish_struct (gpointer              self,
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

/* ---- video=status, param=get and the device information ---------------- */

static gpointer
parse_status (JsonObject  *reply,
              gpointer     data,
              GError     **error)
{
  return teller_camera_status_parse (reply, error);
}

static const TellerCameraEndpoint status_endpoint = {
  NULL, TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, parse_status,
  (GDestroyNotify) teller_camera_status_free
};

void
teller_camera_service_status_async (TellerCameraService *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &status_endpoint, "video=status", NULL, cancellable, callback,
                       user_data, teller_camera_service_status_async);
}

TellerCameraStatus *
teller_camera_service_status_finish (TellerCameraService  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_status_async, error);
}

static gpointer
parse_whole_reply (JsonObject  *reply,
                   gpointer     data,
                   GError     **error)
{
  return json_object_ref (reply);
}

static const TellerCameraEndpoint param_get_endpoint = {
  NULL, TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, parse_whole_reply,
  (GDestroyNotify) json_object_unref
};

void
teller_camera_service_param_get_async (TellerCameraService *self,
                                       const char          *type,
                                       const char          *camidx,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (type != NULL);

  _teller_camera_post (self, &param_get_endpoint, "param=get",
                       teller_camera_build_param_get (type, camidx), cancellable, callback,
                       user_data, teller_camera_service_param_get_async);
}

JsonObject *
teller_camera_service_param_get_finish (TellerCameraService  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_param_get_async,
                                        error);
}

/* The three param=get calls of info run at once; the first failure wins. */
typedef struct
{
  TellerCameraInfo *info;
  GError           *error;
  guint             pending;
} InfoData;

typedef struct
{
  GTask      *task;  /* the info call */
  const char *type;  /* one of info_types */
} InfoStep;

static void
info_data_free (InfoData *data)
{
  g_clear_pointer (&data->info, teller_camera_info_free);
  g_clear_error (&data->error);
  g_free (data);
}

static void
info_param_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree InfoStep *step = user_data;
  g_autoptr(GTask) task = step->task;
  InfoData *data = g_task_get_task_data (task);
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = teller_camera_service_param_get_finish (self, result, &error);

  if (data->error == NULL)
    {
      if (reply == NULL)
        data->error = g_steal_pointer (&error);
      else if (!teller_camera_info_merge_param (data->info, step->type, reply, &error))
        data->error = g_steal_pointer (&error);
    }

  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->info),
                           (GDestroyNotify) teller_camera_info_free);
}

void
teller_camera_service_info_async (TellerCameraService *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InfoData *data;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_camera_service_info_async);
  data = g_new0 (InfoData, 1);
  data->info = g_new0 (TellerCameraInfo, 1);
  data->pending = G_N_ELEMENTS (info_types);
  g_task_set_task_data (task, data, (GDestroyNotify) info_data_free);

  /* At once, not one after the other: together they take one call's time. */
  for (guint i = 0; i < G_N_ELEMENTS (info_types); i++)
    {
      InfoStep *step = g_new0 (InfoStep, 1);

      step->task = g_object_ref (task);
      step->type = info_types[i];
      teller_camera_service_param_get_async (self, info_types[i], NULL, cancellable,
                                             info_param_cb, step);
    }
}

TellerCameraInfo *
teller_camera_service_info_finish (TellerCameraService  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (TELLER_IS_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Probe ------------------------------------------------------------- */

static void
probe_status_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = teller_camera_service_status_finish (self, result, &error);
  g_autofree char *slot = NULL;

  if (status == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  slot = g_strdup_printf ("video%u", self->document_camera_index);
  if (teller_camera_status_get (status, slot) == TELLER_CAMERA_PRESENCE_ABSENT)
    {
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_OFFLINE,
                               _("The camera service is running, but the document camera is not connected"));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
teller_camera_service_probe_async (TellerService       *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  TellerCameraService *self = TELLER_CAMERA_SERVICE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, teller_camera_service_probe_async);
  teller_camera_service_status_async (self, cancellable, probe_status_cb, g_steal_pointer (&task));
}

static gboolean
teller_camera_service_probe_finish (TellerService  *service,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GObject ----------------------------------------------------------- */

static void
teller_camera_service_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT_CAMERA_INDEX:
      g_value_set_uint (value, self->document_camera_index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_camera_service_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT_CAMERA_INDEX:
      teller_camera_service_set_document_camera_index (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_camera_service_class_init (TellerCameraServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TellerServiceClass *service_class = TELLER_SERVICE_CLASS (klass);

  object_class->get_property = teller_camera_service_get_property;
  object_class->set_property = teller_camera_service_set_property;
  service_class->probe_async = teller_camera_service_probe_async;
  service_class->probe_finish = teller_camera_service_probe_finish;

  properties[PROP_DOCUMENT_CAMERA_INDEX] =
    g_param_spec_uint ("document-camera-index", NULL, NULL, 0, 2, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_camera_service_init (TellerCameraService *self)
{
}

TellerCameraService *
teller_camera_service_new (TellerJsonClient *client,
                           const char       *base_url)
{
  return g_object_new (TELLER_TYPE_CAMERA_SERVICE,
                       "display-name", _("Camera"),
                       "client", client,
                       "base-url", base_url != NULL ? base_url : TELLER_CAMERA_SERVICE_DEFAULT_URL,
                       NULL);
}

guint
teller_camera_service_get_document_camera_index (TellerCameraService *self)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), 0);

  return self->document_camera_index;
}

void
teller_camera_service_set_document_camera_index (TellerCameraService *self,
                                                 guint                index)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (index <= 2);

  if (self->document_camera_index == index)
    return;
  self->document_camera_index = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_CAMERA_INDEX]);
}
