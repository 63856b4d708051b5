/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include "teller-sim-camera.h"
#include "teller-sim-capture-private.h"
#include "teller-sim-imagepro-private.h"
#include "teller-sim-settings-private.h"
#include "teller-sim-stream.h"
#include "teller-sim-websocket-private.h"

/*
 * The CameraService of 001_5b286aac9e459b89.txt: every value is a JSON string and
 * "code" is "0" on success.
 */

#define APP_VERSION   "1.7.178.0"
#define SERIAL_NUMBER "TS1000A24050017"
#define BRAND_NAME    "Teller Sim"
#define DEVICE_TYPE   "TS-1000"
#define COMPANY_NAME  "Teller Simulated Devices Co."
/* Made up, but shaped like a unified social credit code, check character included. */
#define CREDIT_CODE   "91110108MA01TL1K00"

/* The document lists device codes once, for video=detectdoc (chapter 3.5); its
 * "2" (device not connected or taken) is the one that fits an unplugged camera,
 * and "1" is the parse failure every call shares. */
#define CODE_OK            "0"
#define CODE_BAD_REQUEST   "1"
#define CODE_NOT_CONNECTED "2"

struct _TellerSimCamera
{
  GObject  parent_instance;

  gboolean plugged;
};

G_DEFINE_FINAL_TYPE (TellerSimCamera, teller_sim_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLUGGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *code;
  const char *message;
} code_messages[] = {
  { CODE_BAD_REQUEST, "解析Json参数失败" },
  { CODE_NOT_CONNECTED, "设备未连接，或者设备被占有，请检查" },
  { "3", "设备打开后获取视频数据失败，请检查" },
};

static const char *
message_for_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_messages); i++)
    if (g_str_equal (code, code_messages[i].code))
      return code_messages[i].message;
  return "模拟故障";
}

/**
 * teller_sim_camera_build_error:
 *
 * Returns: (transfer full): `{"code": CODE, "message": TEXT}`
 */
JsonNode *
teller_sim_camera_build_error (const char *route,
                               const char *code,
                               gpointer    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (code != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message_for_code (code));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
reply_error (TellerSimServer   *server,
             SoupServerMessage *message,
             const char        *route,
             const char        *code)
{
  g_autoptr(JsonNode) reply = teller_sim_camera_build_error (route, code, NULL);

  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

static void
reply_builder (TellerSimServer   *server,
               SoupServerMessage *message,
               JsonBuilder       *builder)
{
  g_autoptr(JsonNode) reply = NULL;

  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

static JsonBuilder *
begin_success (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, CODE_OK);
  return builder;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* POST /video=status, chapter 3.4 */
static void
video_status_cb (TellerSimServer   *server,
                 SoupServerMessage *message,
                 const char        *route,
                 JsonNode          *body,
                 gpointer           user_data)
{
  TellerSimCamera *self = user_data;
  g_autoptr(JsonBuilder) builder = begin_success ();
  /* "run" while somebody watches the camera's preview stream (teller-sim-stream.c). */
  TellerSimStream *stream = teller_sim_stream_get_for_camera (self);
  const char *state = self->plugged ? "ok" : "no";

  add_string (builder, "video0", teller_sim_stream_get_serving (stream, 0) ? "run" : state);
  add_string (builder, "video1", teller_sim_stream_get_serving (stream, 1) ? "run" : state);
  add_string (builder, "video2", "no");
  add_string (builder, "videoIR1", "no");
  add_string (builder, "videoIR2", "no");
  reply_builder (server, message, builder);
}

static void
add_device_info (JsonBuilder *builder)
{
  add_string (builder, "message", "");
  json_builder_set_member_name (builder, "device_info");
  json_builder_begin_object (builder);
  add_string (builder, "serial_number", SERIAL_NUMBER);
  add_string (builder, "brand_name", BRAND_NAME);
  add_string (builder, "device_type", DEVICE_TYPE);
  add_string (builder, "company_name", COMPANY_NAME);
  add_string (builder, "credit_code", CREDIT_CODE);
  json_builder_end_object (builder);
}

static const char *
get_param_type (JsonNode *body)
{
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (body),
                                                     "type", NULL);
}

/* POST /param=get {"type": ...}: chapters 5.5, 5.6 and 5.13 */
static void
param_get_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              JsonNode          *body,
              gpointer           user_data)
{
  TellerSimCamera *self = user_data;
  const char *type = get_param_type (body);
  gboolean needs_device;
  g_autoptr(JsonBuilder) builder = NULL;

  /* The other types of chapter 5 are the settings' (teller-sim-settings.c). */
  if (_teller_sim_settings_param_get (self, server, message, type, body))
    return;
  if (type == NULL
      || !g_strv_contains ((const char *[]) { "app_version", "serial_number",
                                              "device_info", NULL }, type))
    {
      teller_sim_server_reply_code (server, message, CODE_BAD_REQUEST,
                                    "参数type无效");
      return;
    }

  /* The version belongs to the service, which answers without a device. */
  needs_device = !g_str_equal (type, "app_version");
  if (needs_device && !self->plugged)
    {
      reply_error (server, message, route, CODE_NOT_CONNECTED);
      return;
    }

  builder = begin_success ();
  if (g_str_equal (type, "app_version"))
    add_string (builder, "app_version", APP_VERSION);
  else if (g_str_equal (type, "serial_number"))
    add_string (builder, "serial_number", SERIAL_NUMBER);
  else
    add_device_info (builder);
  reply_builder (server, message, builder);
}

/* POST /__sim/camera {"plugged": false} */
static void
control_cb (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            JsonNode          *body,
            gpointer           user_data)
{
  TellerSimCamera *self = user_data;
  JsonObject *object = NULL;
  JsonNode *plugged = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    object = json_node_get_object (body);
  if (object != NULL)
    plugged = json_object_get_member (object, "plugged");
  if (teller_sim_stream_handle_control (teller_sim_stream_get_for_camera (self), server, message, object))
    return;
  if (plugged == NULL || json_node_get_value_type (plugged) != G_TYPE_BOOLEAN)
    {
      teller_sim_server_reply_code (server, message, CODE_BAD_REQUEST,
                                    "expected {\"plugged\": true|false}");
      return;
    }

  teller_sim_camera_set_plugged (self, json_node_get_boolean (plugged));
  teller_sim_server_reply_code (server, message, CODE_OK, NULL);
}

static void
teller_sim_camera_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TellerSimCamera *self = TELLER_SIM_CAMERA (object);

  switch (prop_id)
    {
    case PROP_PLUGGED:
      g_value_set_boolean (value, self->plugged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_camera_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TellerSimCamera *self = TELLER_SIM_CAMERA (object);

  switch (prop_id)
    {
    case PROP_PLUGGED:
      teller_sim_camera_set_plugged (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_camera_class_init (TellerSimCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = teller_sim_camera_get_property;
  object_class->set_property = teller_sim_camera_set_property;

  /**
   * TellerSimCamera:plugged:
   *
   * Whether the simulated document camera is connected to the workstation.
   */
  properties[PROP_PLUGGED] =
    g_param_spec_boolean ("plugged", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_sim_camera_init (TellerSimCamera *self)
{
  self->plugged = TRUE;
}

/**
 * teller_sim_camera_new:
 * @server: the server to register the CameraService routes on
 *
 * The server keeps the camera alive for as long as its routes exist.
 *
 * Returns: (transfer full): a plugged camera
 */
TellerSimCamera *
teller_sim_camera_new (TellerSimServer *server)
{
  TellerSimCamera *self;

  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  self = g_object_new (TELLER_TYPE_SIM_CAMERA, NULL);
  teller_sim_server_add_route_full (server, "video=status", video_status_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "param=get", param_get_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "__sim/camera", control_cb,
                                    g_object_ref (self), g_object_unref);
  _teller_sim_capture_register (server, self);
  _teller_sim_websocket_register (server, self);
  _teller_sim_imagepro_register (server, self);
  teller_sim_stream_attach (self, server);
  _teller_sim_settings_attach (self, server);
  return self;
}

gboolean
teller_sim_camera_get_plugged (TellerSimCamera *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_CAMERA (self), FALSE);

  return self->plugged;
}

void
teller_sim_camera_set_plugged (TellerSimCamera *self,
                               gboolean         plugged)
{
  g_return_if_fail (TELLER_IS_SIM_CAMERA (self));

  plugged = !!plugged;
  if (self->plugged == plugged)
    return;

  self->plugged = plugged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLUGGED]);
}
