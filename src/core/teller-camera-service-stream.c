/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-camera-service-private.h"
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

/* Which codes mean success for which action (3.5) is the vendor table's to say,
 * under "video=detectdoc:ACTION" (teller-vendor-codes.c); this only turns a
 * status poll's code into its state. */
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

/**
 * teller_camera_detect_reply_check:
 * @action: "start", "stop" or "status"
 * @state: (out) (optional): the detection state, for "status"
 *
 * The reply check of video=detectdoc: teller_camera_reply_check() under
 * "video=detectdoc:ACTION", whose table entries say that 100, 101 and 102 are
 * results, that a stop succeeds with "6" (or "5", nothing to stop) and that a
 * status poll reads "5" and "6" as "not running".  Every other code ("1", "2",
 * "3", or "5" for a start) is an error with the vendor's code kept.
 */
gboolean
teller_camera_detect_reply_check (const char         *action,
                                  JsonNode           *reply,
                                  TellerDetectState  *state,
                                  GError            **error)
{
  g_autofree char *operation = NULL;
  g_autofree char *code = NULL;

  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (state != NULL)
    *state = TELLER_DETECT_STATE_UNKNOWN;

  operation = g_strdup_printf ("%s:%s", DETECTDOC, action);
  if (!teller_camera_reply_check (operation, reply, error))
    return FALSE;

  if (state != NULL && g_str_equal (action, "status"))
    {
      code = _teller_camera_reply_dup_code (reply, NULL, NULL);
      *state = detect_state_from_code (code);
    }
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

/* Chapters 3.9 and 3.10 document neither a body nor a reply (返回值说明: none);
 * NOTES.md: GET with "&camidx=N" in the path.  An empty reply is the documented
 * success; a service build that answers with the usual envelope is read as one. */
static const TellerCameraEndpoint open_endpoint = {
  "video=open", TELLER_CAMERA_CALL_GET | TELLER_CAMERA_CALL_ALLOW_EMPTY, NULL, NULL, NULL, NULL
};
static const TellerCameraEndpoint close_endpoint = {
  "video=close", TELLER_CAMERA_CALL_GET | TELLER_CAMERA_CALL_ALLOW_EMPTY, NULL, NULL, NULL, NULL
};

static void
open_close (TellerCameraService        *self,
            const TellerCameraEndpoint *endpoint,
            guint                       camidx,
            GCancellable               *cancellable,
            GAsyncReadyCallback         callback,
            gpointer                    user_data,
            gpointer                    source_tag)
{
  g_autofree char *path = g_strdup_printf ("%s&camidx=%u", endpoint->operation, camidx);

  _teller_camera_post (self, endpoint, path, NULL, cancellable, callback, user_data, source_tag);
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

  open_close (self, &open_endpoint, camidx, cancellable, callback, user_data,
              teller_camera_service_open_async);
}

gboolean
teller_camera_service_open_finish (TellerCameraService  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_open_async, error);
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

  open_close (self, &close_endpoint, camidx, cancellable, callback, user_data,
              teller_camera_service_close_async);
}

gboolean
teller_camera_service_close_finish (TellerCameraService  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_close_async, error);
}

/* ---- video=detectdoc --------------------------------------------------- */

/* The status poll's state; never TELLER_DETECT_STATE_UNKNOWN (0) once the reply
 * passed the check, so it travels as a non-NULL pointer. */
static gpointer
parse_detect_status (JsonObject  *reply,
                     gpointer     data,
                     GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), reply);
  g_autofree char *code = _teller_camera_reply_dup_code (node, NULL, error);
  TellerDetectState state = code != NULL ? detect_state_from_code (code)
                                         : TELLER_DETECT_STATE_UNKNOWN;

  if (code != NULL && state == TELLER_DETECT_STATE_UNKNOWN)
    g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                 _("The camera service sent “%s” in a form it does not document"), "code");
  return state == TELLER_DETECT_STATE_UNKNOWN ? NULL : GINT_TO_POINTER (state);
}

static const TellerCameraEndpoint detect_start_endpoint = {
  DETECTDOC ":start", TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, NULL, NULL
};
static const TellerCameraEndpoint detect_stop_endpoint = {
  DETECTDOC ":stop", TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, NULL, NULL
};
static const TellerCameraEndpoint detect_status_endpoint = {
  DETECTDOC ":status", TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, parse_detect_status, NULL
};

static void
detectdoc (TellerCameraService        *self,
           const TellerCameraEndpoint *endpoint,
           guint                       interval_ms,
           GCancellable               *cancellable,
           GAsyncReadyCallback         callback,
           gpointer                    user_data,
           gpointer                    source_tag)
{
  const char *action = strchr (endpoint->operation, ':') + 1;

  _teller_camera_post (self, endpoint, DETECTDOC,
                       teller_camera_build_detectdoc (action, interval_ms), cancellable,
                       callback, user_data, source_tag);
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

  detectdoc (self, &detect_start_endpoint, interval_ms, cancellable, callback, user_data,
             teller_camera_service_detect_start_async);
}

gboolean
teller_camera_service_detect_start_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_detect_start_async,
                                        error);
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

  detectdoc (self, &detect_stop_endpoint, 0, cancellable, callback, user_data,
             teller_camera_service_detect_stop_async);
}

gboolean
teller_camera_service_detect_stop_finish (TellerCameraService  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_detect_stop_async,
                                        error);
}

void
teller_camera_service_detect_status_async (TellerCameraService *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  detectdoc (self, &detect_status_endpoint, 0, cancellable, callback, user_data,
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
  gpointer state = _teller_camera_finish_pointer (self, result,
                                                  teller_camera_service_detect_status_async,
                                                  error);

  return state != NULL ? (TellerDetectState) GPOINTER_TO_INT (state) : TELLER_DETECT_STATE_UNKNOWN;
}
