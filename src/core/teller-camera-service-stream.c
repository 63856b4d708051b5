/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-service.h"
#include "teller-error.h"

/*
 * The live side of TellerCameraService: the preview stream's URL (chapter 3.1),
 * video=open / video=close (3.9, 3.10, GET with "&camidx=N" per NOTES.md) and
 * document detection (3.5).  The stream itself is read by GStreamer
 * (souphttpsrc ! multipartdemux ! jpegdec), not here: this file only hands out
 * the URL.
 */

#define DETECTDOC "video=detectdoc"

/* ---- Replies ----------------------------------------------------------- */

/* The reply's "code", a string or (some service builds) a number. */
static char *
dup_reply_code (JsonNode    *reply,
                const char **message,
                GError     **error)
{
  JsonObject *object;
  JsonNode *node;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent a reply that is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (reply);
  *message = json_object_get_string_member_with_default (object, "message", NULL);
  node = json_object_get_member (object, "code");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service sent a reply without a result code"));
  return NULL;
}

static TellerDetectState
detect_state_from_code (const char *code)
{
  static const struct {
    const char        *code;
    TellerDetectState  state;
  } states[] = {
    { "100", TELLER_DETECT_STATE_NONE },
    { "101", TELLER_DETECT_STATE_NEW_DOCUMENT },
    { "102", TELLER_DETECT_STATE_SAME_DOCUMENT },
    { "5", TELLER_DETECT_STATE_NOT_STARTED },
    /* "6" (退出文档检测, detection has left) in a status reply: not running either. */
    { "6", TELLER_DETECT_STATE_NOT_STARTED },
    /* "0" (开始文档检测) right after a start, before the first look: nothing yet. */
    { "0", TELLER_DETECT_STATE_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (code, states[i].code))
      return states[i].state;
  return TELLER_DETECT_STATE_UNKNOWN;
}

/* Which codes mean the action worked, per chapter 3.5's table. */
static gboolean
detect_action_succeeded (const char *action,
                         const char *code)
{
  if (g_str_equal (action, "start"))
    return g_str_equal (code, "0");
  /* A stop answers "6" (退出文档检测) once it stopped detection, and "5"
   * (未启动文档检测) when there was nothing to stop: stopping is done either way.
   * "0" is accepted from builds that answer every success with it. */
  if (g_str_equal (action, "stop"))
    return g_str_equal (code, "6") || g_str_equal (code, "5") || g_str_equal (code, "0");
  return detect_state_from_code (code) != TELLER_DETECT_STATE_UNKNOWN;
}

/**
 * teller_camera_detect_reply_check:
 * @action: "start", "stop" or "status"
 * @state: (out) (optional): the detection state, for "status"
 *
 * The reply check of video=detectdoc.  Its codes 100, 101 and 102 are results,
 * and "6" answers a successful stop, so the generic "only 0 is success" check
 * (teller_camera_reply_check()) does not apply.  Every other code ("1", "2",
 * "3", or "5" for a start) is an error with the vendor's code kept.
 */
gboolean
teller_camera_detect_reply_check (const char         *action,
                                  JsonNode           *reply,
                                  TellerDetectState  *state,
                                  GError            **error)
{
  g_autofree char *code = NULL;
  const char *message = NULL;

  g_return_val_if_fail (action != NULL, FALSE);

  if (state != NULL)
    *state = TELLER_DETECT_STATE_UNKNOWN;

  code = dup_reply_code (reply, &message, error);
  if (code == NULL)
    return FALSE;

  if (!detect_action_succeeded (action, code))
    {
      if (error != NULL)
        *error = teller_error_new_vendor (TELLER_VENDOR_CAMERA_SERVICE, DETECTDOC, code, message);
      return FALSE;
    }

  if (state != NULL && g_str_equal (action, "status"))
    *state = detect_state_from_code (code);
  return TRUE;
}

/**
 * teller_camera_build_detectdoc:
 * @action: "start", "stop" or "status"
 * @interval_ms: for "start", the detection interval; 0 leaves it to the service
 *
 * Returns: (transfer full): `{"action": ACTION}`, with `"detect_interval": "MS"`
 *   (a string, as every CameraService value) for a start with an interval
 */
JsonNode *
teller_camera_build_detectdoc (const char *action,
                               guint       interval_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (action != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  if (g_str_equal (action, "start") && interval_ms > 0)
    {
      g_autofree char *interval = g_strdup_printf ("%u", interval_ms);

      json_builder_set_member_name (builder, "detect_interval");
      json_builder_add_string_value (builder, interval);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
teller_detect_state_to_string (TellerDetectState state)
{
  switch (state)
    {
    case TELLER_DETECT_STATE_NOT_STARTED: return "not-started";
    case TELLER_DETECT_STATE_NONE: return "none";
    case TELLER_DETECT_STATE_NEW_DOCUMENT: return "new-document";
    case TELLER_DETECT_STATE_SAME_DOCUMENT: return "same-document";
    case TELLER_DETECT_STATE_UNKNOWN:
    default: return "unknown";
    }
}

/* ---- The preview stream ------------------------------------------------ */

/*
 * The document's cache-busting "tid" (chapter 3.1): the time in milliseconds,
 * made strictly increasing so two URLs asked for within one millisecond differ.
 */
static gint64
next_tid (void)
{
  static gint64 last_tid;
  G_LOCK_DEFINE_STATIC (tid);
  gint64 tid = g_get_real_time () / 1000;

  G_LOCK (tid);
  if (tid <= last_tid)
    tid = last_tid + 1;
  last_tid = tid;
  G_UNLOCK (tid);
  return tid;
}

/**
 * teller_camera_service_dup_stream_url:
 * @camidx: 0 for the document camera, 1 for the face camera
 *
 * The preview stream: `multipart/x-mixed-replace` MJPEG that never ends while
 * the camera runs, and ends (usually after a "device error" picture) when the
 * camera goes away or is closed.  Each call gives a new URL, as the document
 * asks, so nothing between here and the service replays a cached end.
 *
 * Returns: (transfer full): `BASE/video=stream&camidx=N&tid=MILLISECONDS`
 */
char *
teller_camera_service_dup_stream_url (TellerCameraService *self,
                                      guint                camidx)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);

  path = g_strdup_printf ("video=stream&camidx=%u&tid=%" G_GINT64_FORMAT, camidx, next_tid ());
  return teller_service_dup_url (TELLER_SERVICE (self), path);
}

/* ---- video=open / video=close ------------------------------------------ */

static void
open_close_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *operation = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (reply == NULL || !teller_camera_reply_check (operation, reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Chapters 3.9 and 3.10 document neither a body nor a reply; NOTES.md: GET with
 * "&camidx=N" in the path.  The reply is read as the service's usual envelope. */
static void
open_close (TellerCameraService *self,
            const char          *operation,
            guint                camidx,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  TellerService *service = TELLER_SERVICE (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = g_strdup_printf ("%s&camidx=%u", operation, camidx);
  g_autofree char *url = teller_service_dup_url (service, path);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) operation, NULL);
  teller_json_client_get_async (teller_service_get_client (service), url,
                                teller_service_get_timeout_ms (service), cancellable,
                                open_close_cb, g_steal_pointer (&task));
}

/**
 * teller_camera_service_open_async:
 *
 * GET video=open: raises the camera's open count (chapter 3.9).  A camera whose
 * count drops to 0 is closed and its preview streams end.
 */
void
teller_camera_service_open_async (TellerCameraService *self,
                                  guint                camidx,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  open_close (self, "video=open", camidx, cancellable, callback, user_data,
              teller_camera_service_open_async);
}

gboolean
teller_camera_service_open_finish (TellerCameraService  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * teller_camera_service_close_async:
 *
 * GET video=close: lowers the camera's open count (chapter 3.10).
 */
void
teller_camera_service_close_async (TellerCameraService *self,
                                   guint                camidx,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  open_close (self, "video=close", camidx, cancellable, callback, user_data,
              teller_camera_service_close_async);
}

gboolean
teller_camera_service_close_finish (TellerCameraService  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- video=detectdoc --------------------------------------------------- */

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *action = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  TellerDetectState state;

  reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (reply == NULL || !teller_camera_detect_reply_check (action, reply, &state, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, state);
}

static void
detectdoc (TellerCameraService *self,
           const char          *action,
           guint                interval_ms,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  TellerService *service = TELLER_SERVICE (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) body = teller_camera_build_detectdoc (action, interval_ms);
  g_autofree char *url = teller_service_dup_url (service, DETECTDOC);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) action, NULL);
  teller_json_client_post_async (teller_service_get_client (service), url, body,
                                 teller_service_get_timeout_ms (service), cancellable,
                                 detect_cb, g_steal_pointer (&task));
}

/**
 * teller_camera_service_detect_start_async:
 * @interval_ms: how often the service looks; 0 for its default of 500 ms
 *
 * Starts document detection (chapter 3.5); then poll
 * teller_camera_service_detect_status_async(), for instance every 200 ms as the
 * document suggests.
 */
void
teller_camera_service_detect_start_async (TellerCameraService *self,
                                          guint                interval_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  detectdoc (self, "start", interval_ms, cancellable, callback, user_data,
             teller_camera_service_detect_start_async);
}

gboolean
teller_camera_service_detect_start_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) != -1;
}

/**
 * teller_camera_service_detect_stop_async:
 *
 * Stops document detection; stopping when it was not running succeeds too.
 */
void
teller_camera_service_detect_stop_async (TellerCameraService *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  detectdoc (self, "stop", 0, cancellable, callback, user_data,
             teller_camera_service_detect_stop_async);
}

gboolean
teller_camera_service_detect_stop_finish (TellerCameraService  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) != -1;
}

void
teller_camera_service_detect_status_async (TellerCameraService *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  detectdoc (self, "status", 0, cancellable, callback, user_data,
             teller_camera_service_detect_status_async);
}

/**
 * teller_camera_service_detect_status_finish:
 *
 * Returns: the detection state; %TELLER_DETECT_STATE_UNKNOWN with @error set
 *   when the call failed (an unplugged camera gives %TELLER_ERROR_DEVICE with
 *   vendor code "2")
 */
TellerDetectState
teller_camera_service_detect_status_finish (TellerCameraService  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  gssize state;

  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), TELLER_DETECT_STATE_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, self), TELLER_DETECT_STATE_UNKNOWN);

  state = g_task_propagate_int (G_TASK (result), error);
  return state == -1 ? TELLER_DETECT_STATE_UNKNOWN : (TellerDetectState) state;
}
