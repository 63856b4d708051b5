/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-stream.h"
#include "teller-sim-stream-private.h"

/*
 * The routes of the preview side: GET video=stream (3.1), GET video=open and
 * video=close (3.9, 3.10) and POST video=detectdoc (3.5).
 */

/* Chapter 3.5's table, the only place the document lists device codes. */
#define CODE_OK             "0"
#define CODE_BAD_REQUEST    "1"
#define CODE_NOT_CONNECTED  "2"
#define CODE_NOT_STARTED    "5"
#define CODE_STOPPED        "6"
#define CODE_NO_DOCUMENT    "100"
#define CODE_NEW_DOCUMENT   "101"
#define CODE_SAME_DOCUMENT  "102"

/* ---- Routes ------------------------------------------------------------- */

static gboolean
camera_plugged (TellerSimStream *self)
{
  return self->camera != NULL && teller_sim_camera_get_plugged (self->camera);
}

/* CameraService puts GET parameters after "&" in the path; "?" is read too. */
static char *
dup_param (SoupServerMessage *message,
           const char        *name)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *lists[] = { strchr (g_uri_get_path (uri), '&'), g_uri_get_query (uri) };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_auto(GStrv) pairs = NULL;

      if (lists[i] == NULL)
        continue;
      pairs = g_strsplit (lists[i], "&", -1);
      for (guint j = 0; pairs[j] != NULL; j++)
        {
          const char *eq = strchr (pairs[j], '=');

          if (eq != NULL && (gsize) (eq - pairs[j]) == strlen (name) &&
              strncmp (pairs[j], name, eq - pairs[j]) == 0)
            return g_uri_unescape_string (eq + 1, NULL);
        }
    }
  return NULL;
}

/* The camidx parameter: 0 when absent (the document's own links sometimes leave
 * it out), -1 when it is not a number. */
static int
parse_camidx (SoupServerMessage *message)
{
  g_autofree char *value = dup_param (message, "camidx");
  guint64 camidx;

  if (value == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &camidx, NULL))
    return -1;
  return (int) camidx;
}

/* {"code": "0"} on success, else the camera's error envelope with its message. */
static void
reply_code (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            const char        *code)
{
  g_autoptr(JsonNode) reply = NULL;

  if (g_str_equal (code, CODE_OK))
    {
      teller_sim_server_reply_code (server, message, code, NULL);
      return;
    }
  reply = teller_sim_camera_build_error (route, code, NULL);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

/* GET /video=stream&camidx=N[&tid=...], chapter 3.1 */
static void
stream_cb (TellerSimServer   *server,
           SoupServerMessage *message,
           const char        *route,
           JsonNode          *body,
           gpointer           user_data)
{
  TellerSimStream *self = user_data;
  g_autoptr(GError) error = NULL;
  int camidx = parse_camidx (message);
  TellerSimSource *source;

  _teller_sim_stream_begin_multipart (message);

  /* A stream that cannot run answers like one that just ended: a picture saying
   * why, then the end.  That is all an <img> can show. */
  if (camidx < 0 || camidx >= TELLER_SIM_STREAM_N_CAMERAS || !camera_plugged (self))
    {
      _teller_sim_stream_end_multipart (message,
                                        _teller_sim_stream_get_message_part (self, TELLER_SIM_NOTICE_DEVICE_ERROR));
      return;
    }

  source = &self->sources[camidx];
  if (source->open_count == 0)
    {
      _teller_sim_stream_end_multipart (message,
                                        _teller_sim_stream_get_message_part (self, TELLER_SIM_NOTICE_DEVICE_CLOSED));
      return;
    }

  if (!_teller_sim_source_start (source, &error))
    {
      g_warning ("Cannot stream the simulated camera %d: %s", camidx, error->message);
      _teller_sim_stream_end_multipart (message,
                                        _teller_sim_stream_get_message_part (self, TELLER_SIM_NOTICE_DEVICE_ERROR));
      return;
    }

  _teller_sim_source_add_client (source, message);
}

/* GET /video=open&camidx=N and /video=close&camidx=N, chapters 3.9 and 3.10 */
static void
open_close_cb (TellerSimServer   *server,
               SoupServerMessage *message,
               const char        *route,
               JsonNode          *body,
               gpointer           user_data)
{
  TellerSimStream *self = user_data;
  int camidx = parse_camidx (message);
  TellerSimSource *source;

  if (camidx < 0)
    {
      reply_code (server, message, route, CODE_BAD_REQUEST);
      return;
    }
  if (camidx >= TELLER_SIM_STREAM_N_CAMERAS || !camera_plugged (self))
    {
      reply_code (server, message, route, CODE_NOT_CONNECTED);
      return;
    }

  /* "每调用一次，内部记数增加 1 / 减少 1，记数为 0 时设备处于关闭状态": a count,
   * which never goes below 0. */
  source = &self->sources[camidx];
  if (g_str_equal (route, "video=open"))
    {
      source->open_count++;
    }
  else if (source->open_count > 0)
    {
      source->open_count--;
      if (source->open_count == 0)
        _teller_sim_source_end_all (source, TELLER_SIM_NOTICE_DEVICE_CLOSED);
    }

  /* 3.9 and 3.10 document no reply: HTTP 200 with an empty body, so a client that
   * insists on JSON there fails its tests.  The failures above keep the usual
   * envelope, the only way a client can learn why. */
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

/* Chapter 3.5's descriptions of its codes, sent as the reply's "message". */
static const struct {
  const char *code;
  const char *message;
} detect_messages[] = {
  { CODE_OK, "开始文档检测" },
  { CODE_NOT_STARTED, "未启动文档检测" },
  { CODE_STOPPED, "退出文档检测" },
  { CODE_NO_DOCUMENT, "视频中没有检测到文档" },
  { CODE_NEW_DOCUMENT, "检测到新文档" },
  { CODE_SAME_DOCUMENT, "视频中依然是还是之前的文档" },
};

static void
reply_detect (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              const char        *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (detect_messages); i++)
    {
      if (g_str_equal (code, detect_messages[i].code))
        {
          teller_sim_server_reply_code (server, message, code, detect_messages[i].message);
          return;
        }
    }
  /* "1", "2", "3": the camera's error envelope, which has their texts. */
  reply_code (server, message, route, code);
}

/* What the detector saw at its last run (it runs every detect_interval ms from
 * "start"): a page counts once it has lain still for two runs in a row. */
static const char *
detect_status (TellerSimStream *self)
{
  gint64 interval_us = (gint64) self->detect_interval_ms * 1000;
  gint64 now_us = g_get_monotonic_time ();
  gint64 sample_us;
  TellerSimDocumentPose pose, before;

  sample_us = self->detect_start_us
              + (now_us - self->detect_start_us) / interval_us * interval_us;
  _teller_sim_stream_pose_at (self, sample_us, &pose);
  _teller_sim_stream_pose_at (self, sample_us - interval_us, &before);

  if (!pose.still || !before.still || pose.cycle != before.cycle)
    return CODE_NO_DOCUMENT;
  if (pose.cycle != self->reported_cycle)
    {
      self->reported_cycle = pose.cycle;
      return CODE_NEW_DOCUMENT;
    }
  return CODE_SAME_DOCUMENT;
}

static gboolean
parse_interval (JsonObject *object,
                guint      *interval_ms)
{
  JsonNode *node = json_object_get_member (object, "detect_interval");
  guint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *interval_ms = TELLER_SIM_STREAM_DEFAULT_DETECT_INTERVAL_MS;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  /* The document types it String; a number is let through, as a lenient service would. */
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 1, 60000, &value, NULL))
        return FALSE;
    }
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (json_node_get_int (node) < 1 || json_node_get_int (node) > 60000)
        return FALSE;
      value = (guint64) json_node_get_int (node);
    }
  else
    {
      return FALSE;
    }

  *interval_ms = (guint) value;
  return TRUE;
}

/* POST /video=detectdoc {"action": "start"|"stop"|"status"}, chapter 3.5 */
static void
detectdoc_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              JsonNode          *body,
              gpointer           user_data)
{
  TellerSimStream *self = user_data;
  JsonObject *object = NULL;
  const char *action = NULL;
  guint interval_ms = TELLER_SIM_STREAM_DEFAULT_DETECT_INTERVAL_MS;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    object = json_node_get_object (body);
  if (object != NULL)
    action = json_object_get_string_member_with_default (object, "action", NULL);
  if (action == NULL ||
      !g_strv_contains ((const char *[]) { "start", "stop", "status", NULL }, action) ||
      (g_str_equal (action, "start") && !parse_interval (object, &interval_ms)))
    {
      reply_detect (server, message, route, CODE_BAD_REQUEST);
      return;
    }

  if (!camera_plugged (self))
    {
      reply_detect (server, message, route, CODE_NOT_CONNECTED);
      return;
    }

  if (g_str_equal (action, "start"))
    {
      self->detecting = TRUE;
      self->detect_start_us = g_get_monotonic_time ();
      self->detect_interval_ms = interval_ms;
      self->reported_cycle = -1;
      reply_detect (server, message, route, CODE_OK);
    }
  else if (g_str_equal (action, "stop"))
    {
      /* The table has "0" for 开始文档检测 (detection started) and "6" for
       * 退出文档检测 (detection left): "6" is the answer to a stop that stopped
       * something, "5" (未启动文档检测) the one to a stop with nothing running. */
      reply_detect (server, message, route,
                    self->detecting ? CODE_STOPPED : CODE_NOT_STARTED);
      self->detecting = FALSE;
    }
  else
    {
      reply_detect (server, message, route,
                    self->detecting ? detect_status (self) : CODE_NOT_STARTED);
    }
}

void
_teller_sim_stream_plugged_changed_cb (TellerSimCamera *camera,
                                       GParamSpec      *pspec,
                                       TellerSimStream *self)
{
  if (teller_sim_camera_get_plugged (camera))
    return;

  /* The detector loses its picture with the camera; after plugging back in it
   * has to be started again. */
  self->detecting = FALSE;
  for (guint i = 0; i < TELLER_SIM_STREAM_N_CAMERAS; i++)
    _teller_sim_source_end_all (&self->sources[i], TELLER_SIM_NOTICE_DEVICE_ERROR);
}

void
_teller_sim_stream_add_routes (TellerSimStream *self,
                               TellerSimServer *server)
{
  teller_sim_server_add_route_full (server, "video=stream", stream_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "video=open", open_close_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "video=close", open_close_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "video=detectdoc", detectdoc_cb,
                                    g_object_ref (self), g_object_unref);
}

/* POST /__sim/camera {"cut_stream": camidx}: the camera's control route hands
 * its body here first. */
gboolean
teller_sim_stream_handle_control (TellerSimStream   *self,
                                  TellerSimServer   *server,
                                  SoupServerMessage *message,
                                  JsonObject        *object)
{
  JsonNode *cut;
  gint64 camidx;

  g_return_val_if_fail (TELLER_IS_SIM_STREAM (self), FALSE);

  if (object == NULL || (cut = json_object_get_member (object, "cut_stream")) == NULL)
    return FALSE;

  camidx = JSON_NODE_HOLDS_VALUE (cut) && json_node_get_value_type (cut) == G_TYPE_INT64
           ? json_node_get_int (cut) : -1;
  if (camidx < 0 || camidx >= TELLER_SIM_STREAM_N_CAMERAS)
    {
      teller_sim_server_reply_code (server, message, CODE_BAD_REQUEST,
                                    "expected {\"cut_stream\": 0|1}");
      return TRUE;
    }

  teller_sim_stream_cut_streams (self, (guint) camidx);
  teller_sim_server_reply_code (server, message, CODE_OK, NULL);
  return TRUE;
}
