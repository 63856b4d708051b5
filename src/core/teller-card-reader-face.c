/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-card-reader-private.h"
#include "teller-error.h"

/*
 * Chapter 7: the face camera against the ID card's photo (7.1), two faces
 * against each other (7.2), and the liveness check (7.3, 7.4) in both of the
 * document's forms.  Replies carry face images: they are decoded in worker
 * threads into GBytes that zero themselves.  Nothing here logs, and no error
 * carries a score or an image.
 */

#define LIVENESS_DEFAULT_TIME_S 5
/* The document asks to poll islive "regularly"; this is what its demo client uses. */
#define LIVENESS_POLL_MS 300
/* How long past its own "time" a check may take before the call gives up. */
#define LIVENESS_GRACE_S 10

static const char *
bool_text (gboolean value)
{
  return value ? "true" : "false";
}

static JsonNode *
build_object (const char *first_name,
              ...) G_GNUC_NULL_TERMINATED;

/* {"name": "value", ...}: every value a string, as the service wants. */
static JsonNode *
build_object (const char *first_name,
              ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- TellerFaceMatch, TellerLiveness ----------------------------------- */

void
teller_face_match_free (TellerFaceMatch *match)
{
  if (match == NULL)
    return;

  g_clear_pointer (&match->camera_image, g_bytes_unref);
  g_clear_pointer (&match->card_image, g_bytes_unref);
  if (match->card_number != NULL)
    teller_secure_zero (match->card_number, strlen (match->card_number));
  g_free (match->card_number);
  teller_secure_zero (match, sizeof *match);
  g_free (match);
}

void
teller_liveness_free (TellerLiveness *liveness)
{
  if (liveness == NULL)
    return;

  g_clear_pointer (&liveness->image, g_bytes_unref);
  g_free (liveness);
}

TellerFaceMatch *
_teller_face_match_parse (JsonObject  *reply,
                          GError     **error)
{
  g_autoptr(TellerFaceMatch) match = g_new0 (TellerFaceMatch, 1);
  JsonNode *node = json_object_get_member (reply, "result");
  JsonObject *result;
  const char *card_number;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The face check answered without its result"));
      return NULL;
    }
  result = json_node_get_object (node);

  if (!_teller_card_parse_confidence (result, &match->confidence, error) ||
      !_teller_card_parse_base64 (result, "image_camera", &match->camera_image, error) ||
      !_teller_card_parse_base64 (result, "image_idcard", &match->card_image, error) ||
      !_teller_card_get_text (result, "cardID", &card_number, error))
    return NULL;

  match->card_number = g_strdup (card_number);
  return g_steal_pointer (&match);
}

JsonNode *
_teller_liveness_build_start (guint    camidx,
                              guint    time_s,
                              gboolean blocking,
                              gboolean cut_face)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *camidx_text = g_strdup_printf ("%u", camidx);
  g_autofree char *time_text = NULL;

  time_text = g_strdup_printf ("%u", time_s > 0 ? time_s : LIVENESS_DEFAULT_TIME_S);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "camidx");
  json_builder_add_string_value (builder, camidx_text);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time_text);
  /* Without blocking_mode the service does not block (its default). */
  if (blocking)
    {
      json_builder_set_member_name (builder, "blocking_mode");
      json_builder_add_string_value (builder, "true");
      json_builder_set_member_name (builder, "blocking_param");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cutface");
      json_builder_add_string_value (builder, bool_text (cut_face));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
parse_cost (JsonObject  *reply,
            guint       *cost_ms,
            GError     **error)
{
  JsonNode *node = json_object_get_member (reply, "cost");
  guint64 value = 0;
  const char *text;

  *cost_ms = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
      if (*text == '\0')
        return TRUE;
      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
        {
          *cost_ms = (guint) value;
          return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
           json_node_get_int (node) >= 0 && json_node_get_int (node) <= G_MAXUINT)
    {
      *cost_ms = (guint) json_node_get_int (node);
      return TRUE;
    }

  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The liveness check sent a duration that is not a number"));
  return FALSE;
}

TellerLiveness *
_teller_liveness_parse (JsonObject  *reply,
                        GError     **error)
{
  g_autoptr(TellerLiveness) liveness = g_new0 (TellerLiveness, 1);

  if (!_teller_card_parse_base64 (reply, "image", &liveness->image, error) ||
      !parse_cost (reply, &liveness->cost_ms, error))
    return NULL;
  return g_steal_pointer (&liveness);
}

/* ---- 7.1 face=verifyidcard --------------------------------------------- */

TELLER_CAMERA_DEFINE_PARSER (verify_id_parse, _teller_face_match_parse)

static const TellerCameraEndpoint verify_id_endpoint = {
  NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, NULL, NULL, verify_id_parse,
  (GDestroyNotify) teller_face_match_free
};

void
teller_card_reader_verify_id_async (TellerCardReader    *self,
                                    guint                camidx,
                                    gboolean             multi_face,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *camidx_text = NULL;

  g_return_if_fail (TELLER_IS_CARD_READER (self));

  if (camidx != 1 && camidx != 2)
    {
      _teller_camera_report_invalid (self, callback, user_data, teller_card_reader_verify_id_async,
                                     _("The face camera must be 1 or 2"));
      return;
    }

  camidx_text = g_strdup_printf ("%u", camidx);
  _teller_camera_post (self, &verify_id_endpoint, "face=verifyidcard",
                       build_object ("camidx", camidx_text, "multi_face", multi_face ? "1" : "0",
                                     NULL),
                       cancellable, callback, user_data, teller_card_reader_verify_id_async);
}

TellerFaceMatch *
teller_card_reader_verify_id_finish (TellerCardReader  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return _teller_camera_finish_pointer (self, result, teller_card_reader_verify_id_async, error);
}

/* ---- 7.2 face=verifybase64 --------------------------------------------- */

typedef struct
{
  GBytes *faces[2];
} FacePair;

static void
face_pair_free (FacePair *pair)
{
  g_clear_pointer (&pair->faces[0], g_bytes_unref);
  g_clear_pointer (&pair->faces[1], g_bytes_unref);
  g_free (pair);
}

static void
add_base64_member (JsonBuilder *builder,
                   const char  *name,
                   GBytes      *bytes)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  char *text = g_base64_encode (data, size);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
  teller_secure_zero (text, strlen (text));
  g_free (text);
}

/* Worker thread: two images of up to megabytes each, as base64. */
static JsonNode *
build_compare_faces (gpointer   data,
                     GError   **error)
{
  FacePair *pair = data;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  add_base64_member (builder, "face0", pair->faces[0]);
  add_base64_member (builder, "face1", pair->faces[1]);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const TellerCameraEndpoint compare_faces_endpoint = {
  NULL, TELLER_CAMERA_CALL_DEFAULT, build_compare_faces, NULL, _teller_card_confidence_parse, NULL
};

void
teller_card_reader_compare_faces_async (TellerCardReader    *self,
                                        GBytes              *face0,
                                        GBytes              *face1,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  TellerCameraRequest *request;
  FacePair *pair;

  g_return_if_fail (TELLER_IS_CARD_READER (self));
  g_return_if_fail (face0 != NULL && face1 != NULL);

  if (g_bytes_get_size (face0) == 0 || g_bytes_get_size (face1) == 0)
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_card_reader_compare_faces_async,
                                     _("A face image to compare is empty"));
      return;
    }

  pair = g_new0 (FacePair, 1);
  pair->faces[0] = g_bytes_ref (face0);
  pair->faces[1] = g_bytes_ref (face1);
  request = _teller_camera_request_new ("face=verifybase64", NULL);
  _teller_camera_request_set_data (request, pair, (GDestroyNotify) face_pair_free);
  _teller_camera_call (self, &compare_faces_endpoint, request, cancellable, callback, user_data,
                       teller_card_reader_compare_faces_async);
}

gboolean
teller_card_reader_compare_faces_finish (TellerCardReader  *self,
                                         GAsyncResult      *result,
                                         int               *confidence,
                                         GError           **error)
{
  return _teller_card_reader_finish_confidence (self, result,
                                               teller_card_reader_compare_faces_async,
                                               confidence, error);
}

/* ---- 7.3 face=startlivedetection, 7.4 face=islive ---------------------- */

typedef struct
{
  guint     camidx;
  guint     time_s;
  gboolean  cut_face;
  gint64    deadline;  /* g_get_monotonic_time() after which the call gives up */
} LivenessData;

/* One islive answer: still running (with the service's message), or done. */
typedef struct
{
  gboolean        running;
  char           *message;
  TellerLiveness *liveness;
} IsLive;

static void
is_live_free (IsLive *is_live)
{
  g_free (is_live->message);
  g_clear_pointer (&is_live->liveness, teller_liveness_free);
  g_free (is_live);
}

static void poll_is_live (GTask *task);

/* The check's "time" has run out, and the grace after it. */
static gboolean
past_deadline (LivenessData *data)
{
  /* The call machinery times a call out at whole milliseconds before the deadline. */
  return g_get_monotonic_time () + 50 * 1000 >= data->deadline;
}

static GError *
give_up_error (void)
{
  return g_error_new_literal (TELLER_ERROR, TELLER_ERROR_TIMEOUT,
                              _("The liveness check did not finish in time"));
}

/* Takes @task and @error.  A call cut off by the check's deadline is the check
 * that never finished, and said so. */
static void
liveness_return_error (GTask  *task,
                       GError *error)
{
  g_autoptr(GTask) owned = task;
  LivenessData *data = g_task_get_task_data (task);

  _teller_card_reader_set_liveness_status (g_task_get_source_object (task), NULL);
  if (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT) && past_deadline (data))
    {
      g_error_free (error);
      error = give_up_error ();
    }
  g_task_return_error (task, error);
}

/* Takes @task and @liveness. */
static void
liveness_return (GTask          *task,
                 TellerLiveness *liveness)
{
  g_autoptr(GTask) owned = task;

  _teller_card_reader_set_liveness_status (g_task_get_source_object (task), NULL);
  g_task_return_pointer (task, liveness, (GDestroyNotify) teller_liveness_free);
}

static void
set_running (GTask      *task,
             const char *message)
{
  if (message == NULL || *message == '\0')
    message = _("The liveness check is still running");
  _teller_card_reader_set_liveness_status (g_task_get_source_object (task), message);
}

static gboolean
code_is_running (JsonObject *reply)
{
  JsonNode *node = json_object_get_member (reply, "code");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (node), "1") == 0;
  return json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) == 1;
}

/* Worker thread.  The reply check let "0" and "1" through (teller-vendor-codes.c). */
static gpointer
is_live_parse (JsonObject  *reply,
               gpointer     data,
               GError     **error)
{
  g_autoptr(GError) ignored = NULL;
  IsLive *is_live = g_new0 (IsLive, 1);
  const char *message = NULL;

  if (code_is_running (reply))
    {
      is_live->running = TRUE;
      /* The status is a nicety: a message of the wrong type is dropped, not fatal. */
      if (_teller_card_get_text (reply, "message", &message, &ignored))
        is_live->message = g_strdup (message);
      return is_live;
    }

  is_live->liveness = _teller_liveness_parse (reply, error);
  if (is_live->liveness == NULL)
    {
      is_live_free (is_live);
      return NULL;
    }
  return is_live;
}

static const TellerCameraEndpoint is_live_endpoint = {
  NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, NULL, NULL, is_live_parse,
  (GDestroyNotify) is_live_free
};

static gboolean
poll_wait_cb (gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    liveness_return_error (g_object_ref (task), error);
  else
    poll_is_live (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/* Takes @task.  Waits LIVENESS_POLL_MS on the caller's context, or until cancelled. */
static void
schedule_poll (GTask *task)
{
  g_autoptr(GSource) source = g_timeout_source_new (LIVENESS_POLL_MS);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      /* A cancellation wakes the wait at once instead of at the next tick. */
      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }
  g_source_set_static_name (source, "[teller] liveness poll");
  g_source_set_callback (source, poll_wait_cb, task, g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

static void
is_live_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LivenessData *data = g_task_get_task_data (task);
  GError *error = NULL;
  IsLive *is_live;

  is_live = _teller_camera_finish_pointer (object, result, poll_is_live, &error);
  if (is_live == NULL)
    {
      liveness_return_error (g_steal_pointer (&task), error);
      return;
    }

  if (!is_live->running)
    {
      liveness_return (g_steal_pointer (&task), g_steal_pointer (&is_live->liveness));
    }
  else if (past_deadline (data))
    {
      liveness_return_error (g_steal_pointer (&task), give_up_error ());
    }
  else
    {
      set_running (task, is_live->message);
      schedule_poll (g_steal_pointer (&task));
    }
  is_live_free (is_live);
}

/* Takes @task. */
static void
poll_is_live (GTask *task)
{
  LivenessData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  TellerCameraRequest *request;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cutface");
  json_builder_add_string_value (builder, bool_text (data->cut_face));
  json_builder_end_object (builder);

  request = _teller_camera_request_new ("face=islive", json_builder_get_root (builder));
  request->deadline = data->deadline;
  _teller_camera_call (g_task_get_source_object (task), &is_live_endpoint, request,
                       g_task_get_cancellable (task), is_live_cb, task, poll_is_live);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_teller_camera_finish_boolean (object, result, start_cb, &error))
    {
      liveness_return_error (g_steal_pointer (&task), error);
      return;
    }

  set_running (task, NULL);
  schedule_poll (g_steal_pointer (&task));
}

/* Takes @task. */
static void
start_polling (GTask *task)
{
  LivenessData *data = g_task_get_task_data (task);
  TellerCameraRequest *request;

  request = _teller_camera_request_new ("face=startlivedetection",
                                        _teller_liveness_build_start (data->camidx, data->time_s,
                                                                      FALSE, data->cut_face));
  request->deadline = data->deadline;
  _teller_camera_call (g_task_get_source_object (task), &_teller_camera_plain_endpoint, request,
                       g_task_get_cancellable (task), start_cb, task, start_cb);
}

/* The blocking form: one call that answers when the check is over, so it takes
 * the check's own time and the grace after it rather than the service's timeout. */

static gpointer
blocking_parse (JsonObject  *reply,
                gpointer     data,
                GError     **error)
{
  return _teller_liveness_parse (reply, error);
}

static const TellerCameraEndpoint blocking_endpoint = {
  NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, NULL, NULL, blocking_parse,
  (GDestroyNotify) teller_liveness_free
};

static void start_blocking (GTask *task);

static void
blocking_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TellerLiveness *liveness = _teller_camera_finish_pointer (object, result, start_blocking, &error);

  if (liveness == NULL)
    liveness_return_error (g_steal_pointer (&task), error);
  else
    liveness_return (g_steal_pointer (&task), liveness);
}

/* Takes @task. */
static void
start_blocking (GTask *task)
{
  LivenessData *data = g_task_get_task_data (task);
  TellerCameraRequest *request;

  request = _teller_camera_request_new ("face=startlivedetection",
                                        _teller_liveness_build_start (data->camidx, data->time_s,
                                                                      TRUE, data->cut_face));
  request->timeout_ms = (data->time_s + LIVENESS_GRACE_S) * 1000;
  set_running (task, NULL);
  _teller_camera_call (g_task_get_source_object (task), &blocking_endpoint, request,
                       g_task_get_cancellable (task), blocking_cb, task, start_blocking);
}

/**
 * teller_card_reader_liveness_async:
 *
 * Runs a liveness check (see teller-card-reader.h).  While it runs,
 * #TellerCardReader:liveness-status says what the service reports.
 */
void
teller_card_reader_liveness_async (TellerCardReader    *self,
                                   TellerLivenessMode   mode,
                                   guint                camidx,
                                   guint                time_s,
                                   gboolean             cut_face,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LivenessData *data;

  g_return_if_fail (TELLER_IS_CARD_READER (self));
  g_return_if_fail (mode == TELLER_LIVENESS_POLLING || mode == TELLER_LIVENESS_BLOCKING);

  if (camidx != 1 && camidx != 2)
    {
      _teller_camera_report_invalid (self, callback, user_data, teller_card_reader_liveness_async,
                                     _("The face camera must be 1 or 2"));
      return;
    }
  if (time_s > 3600)
    {
      _teller_camera_report_invalid (self, callback, user_data, teller_card_reader_liveness_async,
                                     _("A liveness check cannot run longer than an hour"));
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_card_reader_liveness_async);
  data = g_new0 (LivenessData, 1);
  data->camidx = camidx;
  data->time_s = time_s > 0 ? time_s : LIVENESS_DEFAULT_TIME_S;
  data->cut_face = cut_face;
  data->deadline = g_get_monotonic_time () +
                   (gint64) (data->time_s + LIVENESS_GRACE_S) * G_USEC_PER_SEC;
  g_task_set_task_data (task, data, g_free);

  if (mode == TELLER_LIVENESS_BLOCKING)
    start_blocking (g_steal_pointer (&task));
  else
    start_polling (g_steal_pointer (&task));
}

TellerLiveness *
teller_card_reader_liveness_finish (TellerCardReader  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return _teller_camera_finish_pointer (self, result, teller_card_reader_liveness_async, error);
}
