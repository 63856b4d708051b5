/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-service.h"
#include "teller-error.h"

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

/**
 * teller_camera_reply_check:
 * @operation: the endpoint, e.g. "video=status"
 *
 * Every CameraService reply carries "code"; "0" is success.  Some service builds
 * send the number 0 instead of the string (NOTES.md), so both are read.
 */
gboolean
teller_camera_reply_check (const char  *operation,
                           JsonNode    *reply,
                           GError     **error)
{
  JsonObject *object;
  JsonNode *code_node;
  g_autofree char *code = NULL;
  const char *message;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent a reply that is not a JSON object"));
      return FALSE;
    }

  object = json_node_get_object (reply);
  code_node = json_object_get_member (object, "code");
  if (code_node != NULL && JSON_NODE_HOLDS_VALUE (code_node))
    {
      GType type = json_node_get_value_type (code_node);

      if (type == G_TYPE_STRING)
        code = g_strdup (json_node_get_string (code_node));
      else if (type == G_TYPE_INT64)
        code = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (code_node));
    }

  if (code == NULL)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent a reply without a result code"));
      return FALSE;
    }

  if (g_str_equal (code, "0"))
    return TRUE;

  message = json_object_get_string_member_with_default (object, "message", NULL);
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

static JsonNode *
build_empty_body (void)
{
  /* Some service builds answer a body-less POST with XML, so send "{}" (NOTES.md). */
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
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
  g_autoptr(TellerCameraStatus) status = g_new0 (TellerCameraStatus, 1);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (reply != NULL, NULL);

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
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

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
  JsonNode *node = json_object_get_member (object, member);

  /* The document lists these fields, but a device that has none (no serial number,
   * say) may leave them out: absent is not an error, the wrong type is. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent “%s” in a form it does not document"), member);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
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
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

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

/* ---- Calls ------------------------------------------------------------- */

typedef struct
{
  char *operation;
  char *param_type;
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->operation);
  g_free (data->param_type);
  g_free (data);
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (reply == NULL || !teller_camera_reply_check (data->operation, reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, json_node_ref (reply), (GDestroyNotify) json_node_unref);
}

/* POSTs @body to /@operation and finishes with the reply once its code says success. */
static void
camera_post (TellerCameraService *self,
             const char          *operation,
             JsonNode            *body,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  TellerService *service = TELLER_SERVICE (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = teller_service_dup_url (service, operation);
  g_autoptr(JsonNode) empty = NULL;
  CallData *data = g_new0 (CallData, 1);

  g_task_set_source_tag (task, source_tag);
  data->operation = g_strdup (operation);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  if (body == NULL)
    body = empty = build_empty_body ();

  teller_json_client_post_async (teller_service_get_client (service), url, body,
                                 teller_service_get_timeout_ms (service), cancellable,
                                 post_cb, g_steal_pointer (&task));
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) reply = g_task_propagate_pointer (G_TASK (result), &error);
  TellerCameraStatus *status;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  status = teller_camera_status_parse (json_node_get_object (reply), &error);
  if (status == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, status, (GDestroyNotify) teller_camera_status_free);
}

void
teller_camera_service_status_async (TellerCameraService *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_camera_service_status_async);
  camera_post (self, "video=status", NULL, cancellable, status_cb, g_steal_pointer (&task),
               teller_camera_service_status_async);
}

TellerCameraStatus *
teller_camera_service_status_finish (TellerCameraService  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
teller_camera_service_param_get_async (TellerCameraService *self,
                                       const char          *type,
                                       const char          *camidx,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (type != NULL);

  body = teller_camera_build_param_get (type, camidx);
  camera_post (self, "param=get", body, cancellable, callback, user_data,
               teller_camera_service_param_get_async);
}

JsonObject *
teller_camera_service_param_get_finish (TellerCameraService  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_autoptr(JsonNode) reply = NULL;

  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply == NULL)
    return NULL;

  return json_object_ref (json_node_get_object (reply));
}

/* The three param=get calls of info run at once; the first failure wins. */
typedef struct
{
  TellerCameraInfo *info;
  GError           *error;
  guint             pending;
} InfoData;

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
  g_autoptr(GTask) task = user_data;
  InfoData *data = g_task_get_task_data (task);
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  const char *type = g_task_get_task_data (G_TASK (result)) != NULL ?
                     ((CallData *) g_task_get_task_data (G_TASK (result)))->param_type : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = teller_camera_service_param_get_finish (self, result, &error);

  if (data->error == NULL)
    {
      if (reply == NULL)
        data->error = g_steal_pointer (&error);
      else if (!teller_camera_info_merge_param (data->info, type, reply, &error))
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

  for (guint i = 0; i < G_N_ELEMENTS (info_types); i++)
    {
      g_autoptr(JsonNode) body = teller_camera_build_param_get (info_types[i], NULL);
      g_autoptr(GTask) call = g_task_new (self, cancellable, info_param_cb, g_object_ref (task));
      g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (self), "param=get");
      CallData *call_data = g_new0 (CallData, 1);
      TellerService *service = TELLER_SERVICE (self);

      call_data->operation = g_strdup ("param=get");
      call_data->param_type = g_strdup (info_types[i]);
      g_task_set_source_tag (call, teller_camera_service_param_get_async);
      g_task_set_task_data (call, call_data, (GDestroyNotify) call_data_free);
      teller_json_client_post_async (teller_service_get_client (service), url, body,
                                     teller_service_get_timeout_ms (service), cancellable,
                                     post_cb, g_steal_pointer (&call));
    }
}

TellerCameraInfo *
teller_camera_service_info_finish (TellerCameraService  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
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
