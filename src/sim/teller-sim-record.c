/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <glib/gstdio.h>

#include "teller-sim-settings-private.h"

/*
 * video=record (3.6 of 001_5b286aac9e459b89.txt).  No video is encoded: "start"
 * creates the file it reports, empty, so a client can see it exists; "status"
 * and "stop" report the time since "start" in whole seconds (3.6 gives no unit).
 * A camera records one video at a time; "1" answers a start while recording, a
 * stop while idle, and a parameter a field cannot take.
 */

/* The audio devices "audio" lists; "start" takes one of them or none. */
static const char * const audio_devices[] = {
  "麦克风 (USB Audio Device)",
  "线路输入 (Realtek High Definition Audio)",
  NULL
};

/* 3.6: camidx defaults to "1" for video=record, unlike every other call. */
#define RECORD_DEFAULT_CAMIDX 1

void
_teller_sim_device_clear_record (SimDevice *device)
{
  device->recording = FALSE;
  device->record_started = 0;
  g_clear_pointer (&device->record_path, g_free);
}

static guint
elapsed_seconds (const SimDevice *device)
{
  if (!device->recording)
    return 0;
  return (guint) ((g_get_monotonic_time () - device->record_started) / G_USEC_PER_SEC);
}

static void
add_seconds (JsonBuilder *builder,
             guint        seconds)
{
  g_autofree char *text = g_strdup_printf ("%u", seconds);

  _teller_sim_add_string (builder, "time", text);
}

static JsonObject *
parameter_object (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "parameter") : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Each numeric option is optional, but when present a whole number above zero. */
static gboolean
check_options (JsonObject *parameter)
{
  static const char * const numbers[] = { "width", "height", "framerate", "bit_rate", NULL };
  const char *audio = _teller_sim_json_string (parameter, "audio");
  JsonNode *watermark = json_object_get_member (parameter, "watermark");
  guint value;

  for (guint i = 0; numbers[i] != NULL; i++)
    if (json_object_has_member (parameter, numbers[i]) &&
        !_teller_sim_parse_uint (_teller_sim_json_string (parameter, numbers[i]),
                                 1, G_MAXINT, &value))
      return FALSE;

  if (audio != NULL && *audio != '\0' && !g_strv_contains (audio_devices, audio))
    return FALSE;
  if (watermark == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (watermark))
    return FALSE;

  /* pos 0–4 and transparency 0–255, when given. */
  parameter = json_node_get_object (watermark);
  return (!json_object_has_member (parameter, "pos") ||
          _teller_sim_parse_uint (_teller_sim_json_string (parameter, "pos"), 0, 4, &value)) &&
         (!json_object_has_member (parameter, "transparency") ||
          _teller_sim_parse_uint (_teller_sim_json_string (parameter, "transparency"), 0, 255,
                                  &value));
}

/* The file the recording goes to: the caller's, or a new temporary one. */
static char *
create_video_file (const char  *filepath,
                   GError     **error)
{
  int fd;
  char *path = NULL;

  if (filepath != NULL && *filepath != '\0')
    return g_file_set_contents (filepath, "", 0, error) ? g_strdup (filepath) : NULL;

  fd = g_file_open_tmp ("teller-sim-record-XXXXXX.mp4", &path, error);
  if (fd < 0)
    return NULL;
  g_close (fd, NULL);
  return path;
}

static void
record_start (TellerSimCamera   *camera,
              TellerSimServer   *server,
              SoupServerMessage *message,
              JsonObject        *parameter)
{
  SimDevice *device = _teller_sim_settings_lookup (camera, server, message, parameter,
                                                   RECORD_DEFAULT_CAMIDX);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (device == NULL)
    return;
  if (device->recording)
    {
      teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, "正在录像");
      return;
    }
  if (parameter != NULL && !check_options (parameter))
    {
      teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, "录像参数无效");
      return;
    }

  path = create_video_file (_teller_sim_json_string (parameter, "filepath"), &error);
  if (path == NULL)
    {
      teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, error->message);
      return;
    }

  device->recording = TRUE;
  device->record_started = g_get_monotonic_time ();
  g_free (device->record_path);
  device->record_path = g_strdup (path);
  builder = _teller_sim_begin_success ();
  _teller_sim_add_string (builder, "filepath", path);
  _teller_sim_reply_success (server, message, builder);
}

/*
 * "stop" and "status" take no parameter in 3.6; a client that names the camera
 * does it as "start" does.  Without one, the camera that is recording is meant.
 */
static SimDevice *
find_device (TellerSimCamera   *camera,
             TellerSimServer   *server,
             SoupServerMessage *message,
             JsonObject        *parameter)
{
  guint camidx = RECORD_DEFAULT_CAMIDX;

  if (_teller_sim_json_string (parameter, "camidx") == NULL)
    for (guint i = 0; i < TELLER_SIM_SETTINGS_N_CAMERAS; i++)
      if (_teller_sim_settings_device (camera, i)->recording)
        camidx = i;

  return _teller_sim_settings_lookup (camera, server, message, parameter, camidx);
}

static void
record_stop (TellerSimCamera   *camera,
             TellerSimServer   *server,
             SoupServerMessage *message,
             JsonObject        *parameter)
{
  SimDevice *device = find_device (camera, server, message, parameter);
  g_autoptr(JsonBuilder) builder = NULL;

  if (device == NULL)
    return;
  if (!device->recording)
    {
      teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, "未开始录像");
      return;
    }

  builder = _teller_sim_begin_success ();
  add_seconds (builder, elapsed_seconds (device));
  _teller_sim_device_clear_record (device);
  _teller_sim_reply_success (server, message, builder);
}

/* The state is in "status", so an unplugged camera still answers "0", with "102". */
static void
record_status (TellerSimCamera   *camera,
               TellerSimServer   *server,
               SoupServerMessage *message,
               JsonObject        *parameter)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_begin_success ();
  SimDevice *device = NULL;
  guint camidx = 0;

  if (_teller_sim_json_string (parameter, "camidx") != NULL &&
      !_teller_sim_parse_uint (_teller_sim_json_string (parameter, "camidx"), 0, 2, &camidx))
    {
      teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, "参数camidx无效");
      return;
    }

  if (teller_sim_camera_get_plugged (camera))
    device = find_device (camera, server, message, parameter);
  else
    {
      _teller_sim_add_string (builder, "message", "设备错误");
      _teller_sim_add_string (builder, "status", "102");
      add_seconds (builder, 0);
      _teller_sim_reply_success (server, message, builder);
      return;
    }
  if (device == NULL)
    return;

  _teller_sim_add_string (builder, "message", device->recording ? "录像中" : "空闲");
  _teller_sim_add_string (builder, "status", device->recording ? "101" : "100");
  add_seconds (builder, elapsed_seconds (device));
  _teller_sim_reply_success (server, message, builder);
}

static void
record_audio (TellerSimServer   *server,
              SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_begin_success ();

  json_builder_set_member_name (builder, "audio");
  json_builder_begin_array (builder);
  for (guint i = 0; audio_devices[i] != NULL; i++)
    json_builder_add_string_value (builder, audio_devices[i]);
  json_builder_end_array (builder);
  _teller_sim_reply_success (server, message, builder);
}

/* POST /video=record {"action": "start"|"stop"|"status"|"audio", "parameter": {...}} */
void
_teller_sim_record_cb (TellerSimServer   *server,
                       SoupServerMessage *message,
                       const char        *route,
                       JsonNode          *body,
                       gpointer           user_data)
{
  TellerSimCamera *camera = user_data;
  JsonObject *object = _teller_sim_body_object (body);
  const char *action = _teller_sim_json_string (object, "action");
  JsonObject *parameter = parameter_object (object);

  if (object != NULL && json_object_has_member (object, "parameter") && parameter == NULL)
    action = NULL;

  if (g_strcmp0 (action, "start") == 0)
    record_start (camera, server, message, parameter);
  else if (g_strcmp0 (action, "stop") == 0)
    record_stop (camera, server, message, parameter);
  else if (g_strcmp0 (action, "status") == 0)
    record_status (camera, server, message, parameter);
  else if (g_strcmp0 (action, "audio") == 0)
    record_audio (server, message);
  else
    teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, "参数action无效");
}
