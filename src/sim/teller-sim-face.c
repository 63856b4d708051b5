/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include "teller-base64.h"
#include "teller-sim-card-private.h"
#include "teller-sim-imagepro-private.h"

/*
 * The face devices of chapter 7 (face=), sharing the card reader's state.
 *
 * face=verifyidcard reads the ID card on the reader (the "no card" and "not
 * connected" answers are the reader's) and "takes" the face camera's picture: the
 * card holder drawn again in a room.  Both comparisons answer the face_score set
 * on the control route.
 *
 * Liveness (7.3, 7.4): a check runs for liveness_ms, then ends as the "liveness"
 * setting says, unless that is longer than the request's "time": it then fails at
 * "time" with 22.  While it runs, islive answers "1".  "never" keeps it at "1"
 * for good; a blocking start then never answers (until the client leaves), which
 * is what a client's own time limit is for.  islive answers the last check's
 * result for as long as no new check starts, as the document describes, and 23
 * when none ever started.  The pictures show whoever holds the ID card on the
 * reader, or a visitor when there is none.
 */

#define DEFAULT_TIME_S 5
#define MAX_TIME_S     600

static JsonObject *
request_object (JsonNode *body)
{
  return body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
}

/* A String member among @allowed, or absent (*@out unchanged); FALSE otherwise. */
static gboolean
get_choice (JsonObject         *request,
            const char         *member,
            const char * const *allowed,
            const char        **out)
{
  JsonNode *node = request != NULL ? json_object_get_member (request, member) : NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_strv_contains (allowed, json_node_get_string (node)))
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

static const char * const camidx_values[] = { "1", "2", NULL };
static const char * const switch_values[] = { "0", "1", "false", "true", NULL };

static gboolean
switch_is_on (const char *value)
{
  return g_str_equal (value, "1") || g_str_equal (value, "true");
}

/* Checks camidx and, with @switch_member, a "0"/"1"/"false"/"true" member. */
static gboolean
reply_if_bad_request (TellerSimServer   *server,
                      SoupServerMessage *message,
                      JsonNode          *body,
                      const char        *switch_member)
{
  JsonObject *request = request_object (body);
  const char *value = NULL;
  g_autofree char *text = NULL;

  if (body != NULL && request == NULL)
    text = g_strdup ("请求参数必须为对象");
  else if (!get_choice (request, "camidx", camidx_values, &value))
    text = g_strdup ("参数camidx无效");
  else if (switch_member != NULL && !get_choice (request, switch_member, switch_values, &value))
    text = g_strdup_printf ("参数%s无效", switch_member);
  else
    return FALSE;

  _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST, text);
  return TRUE;
}

static char *
draw_base64 (const TellerSimLook *look,
             TellerSimShot        shot)
{
  g_autoptr(GBytes) jpeg = _teller_sim_photo_draw (look, shot);

  return g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* POST /face=verifyidcard {"camidx": "1", "multi_face": "0"}: 7.1 */
static void
verifyidcard_cb (TellerSimServer   *server,
                 SoupServerMessage *message,
                 const char        *route,
                 JsonNode          *body,
                 gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  const TellerSimCardSpec *card = _teller_sim_card_reader_get_id_card (self);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *camera = NULL;
  g_autofree char *score = NULL;

  if (reply_if_bad_request (server, message, body, "multi_face"))
    return;
  if (!self->plugged)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_NOT_CONNECTED,
                              TELLER_SIM_CARD_MESSAGE_NOT_CONNECTED);
      return;
    }
  if (card == NULL)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_NO_CARD,
                              TELLER_SIM_CARD_MESSAGE_NO_ID_CARD);
      return;
    }

  /* multi_face picks the best of several faces: there is only one here. */
  camera = draw_base64 (&card->look, TELLER_SIM_SHOT_FACE);
  score = g_strdup_printf ("%u", self->face_score);
  builder = _teller_sim_tools_begin_success ();
  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  add_string (builder, "confidence", score);
  add_string (builder, "image_camera", camera);
  add_string (builder, "image_idcard", _teller_sim_card_reader_get_photo (self, card));
  add_string (builder, "cardID",
              _teller_sim_card_pairs_lookup (_teller_sim_card_get_fields (card), "cardID"));
  json_builder_end_object (builder);
  reply = _teller_sim_tools_end (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

static void
shrink_cb (GdkPixbufLoader *loader,
           int              width,
           int              height,
           gpointer         user_data)
{
  /* Whether it decodes is all that matters: libjpeg then decodes at 1/8 scale. */
  gdk_pixbuf_loader_set_size (loader, MAX (1, width / 8), MAX (1, height / 8));
}

static gboolean
image_loads (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean written, closed;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (shrink_cb), NULL);
  written = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  /* Closed whatever happened: a loader finalized open complains. */
  closed = gdk_pixbuf_loader_close (loader, NULL);
  return written && closed && gdk_pixbuf_loader_get_pixbuf (loader) != NULL;
}

static char *
check_face_member (JsonObject *request,
                   const char *member)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *text = NULL;
  g_autofree char *problem = NULL;

  if (!_teller_sim_tools_get_string (request, member, TRUE, &text, &problem))
    return g_steal_pointer (&problem);
  bytes = teller_base64_decode_strict (text, NULL);
  if (bytes == NULL)
    return g_strdup_printf ("参数%s不是有效的base64数据", member);
  if (!image_loads (bytes))
    return g_strdup_printf ("参数%s不是有效的图像", member);
  return NULL;
}

/* POST /face=verifybase64 {"face0": "<base64>", "face1": "<base64>"}: 7.2 */
static void
verifybase64_cb (TellerSimServer   *server,
                 SoupServerMessage *message,
                 const char        *route,
                 JsonNode          *body,
                 gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  JsonObject *request = request_object (body);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *score = NULL;

  if (request == NULL)
    problem = g_strdup ("缺少参数 face0");
  if (problem == NULL)
    problem = check_face_member (request, "face0");
  if (problem == NULL)
    problem = check_face_member (request, "face1");
  if (problem != NULL)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST, problem);
      return;
    }

  score = g_strdup_printf ("%u", self->face_score);
  builder = _teller_sim_tools_begin_success ();
  add_string (builder, "confidence", score);
  reply = _teller_sim_tools_end (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

/* ---- Liveness -------------------------------------------------------------- */

/* When @check ends, in ms after its start; TELLER_SIM_CARD_FOREVER for never. */
static guint
check_end_ms (const TellerSimLiveCheck *check)
{
  if (check->outcome == TELLER_SIM_LIVENESS_NEVER)
    return TELLER_SIM_CARD_FOREVER;
  return MIN (check->duration_ms, check->time_ms);
}

/* islive's answer about @check; @over when its end has come for sure (a timer). */
static JsonNode *
check_reply (const TellerSimLiveCheck *check,
             gboolean                  cutface,
             gboolean                  over)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - check->start_us) / 1000;
  guint end_ms = check_end_ms (check);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *image = NULL;
  g_autofree char *cost = NULL;

  if (end_ms == TELLER_SIM_CARD_FOREVER || (!over && elapsed_ms < end_ms))
    return _teller_sim_tools_error (TELLER_SIM_FACE_CODE_RUNNING, "正在检测，请正视摄像头");
  if (check->duration_ms > check->time_ms)
    return _teller_sim_tools_error (TELLER_SIM_FACE_CODE_TIMEOUT, "活体检测超时");
  if (check->outcome == TELLER_SIM_LIVENESS_NOT_LIVE)
    return _teller_sim_tools_error (TELLER_SIM_FACE_CODE_NOT_LIVE, "未检测到活体");

  image = draw_base64 (check->look, cutface ? TELLER_SIM_SHOT_CUT_FACE : TELLER_SIM_SHOT_FRAME);
  cost = g_strdup_printf ("%u", check->duration_ms);
  builder = _teller_sim_tools_begin_success ();
  add_string (builder, "image", image);
  add_string (builder, "cost", cost);
  return _teller_sim_tools_end (builder);
}

typedef struct
{
  TellerSimLiveCheck check;
  gboolean           cutface;
} BlockingCheck;

static JsonNode *
blocking_reply (TellerSimCardReader *self,
                gpointer             data)
{
  BlockingCheck *blocking = data;

  return check_reply (&blocking->check, blocking->cutface, TRUE);
}

/* "true"/"false" (also "1"/"0") → *@out; FALSE when the member is something else. */
static gboolean
get_switch (JsonObject *request,
            const char *member,
            gboolean   *out)
{
  const char *value = NULL;

  if (!get_choice (request, member, switch_values, &value))
    return FALSE;
  if (value != NULL)
    *out = switch_is_on (value);
  return TRUE;
}

static char *
parse_start (JsonObject *request,
             guint      *time_s,
             gboolean   *blocking,
             gboolean   *cutface)
{
  JsonNode *param = request != NULL ? json_object_get_member (request, "blocking_param") : NULL;
  const char *time_text = NULL;
  g_autofree char *problem = NULL;
  guint64 value = DEFAULT_TIME_S;

  if (!_teller_sim_tools_get_string (request, "time", FALSE, &time_text, &problem) ||
      (time_text != NULL &&
       !g_ascii_string_to_unsigned (time_text, 10, 1, MAX_TIME_S, &value, NULL)))
    return g_strdup ("参数time无效");
  *time_s = (guint) value;
  if (!get_switch (request, "blocking_mode", blocking))
    return g_strdup ("参数blocking_mode无效");
  if (param != NULL && !JSON_NODE_HOLDS_OBJECT (param))
    return g_strdup ("参数blocking_param无效");
  if (param != NULL && !get_switch (json_node_get_object (param), "cutface", cutface))
    return g_strdup ("参数cutface无效");
  return NULL;
}

/* POST /face=startlivedetection {"camidx", "time", "blocking_mode", "blocking_param"}: 7.3 */
static void
startlivedetection_cb (TellerSimServer   *server,
                       SoupServerMessage *message,
                       const char        *route,
                       JsonNode          *body,
                       gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  const TellerSimCardSpec *card = _teller_sim_card_reader_get_id_card (self);
  BlockingCheck *blocking_check;
  g_autofree char *problem = NULL;
  gboolean blocking = FALSE, cutface = FALSE;
  guint time_s = DEFAULT_TIME_S;

  if (reply_if_bad_request (server, message, body, NULL))
    return;
  problem = parse_start (request_object (body), &time_s, &blocking, &cutface);
  if (problem != NULL)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST, problem);
      return;
    }

  /* A new check replaces the last one; a blocking request waits on its own. */
  self->check.started = TRUE;
  self->check.start_us = g_get_monotonic_time ();
  self->check.time_ms = time_s * 1000;
  self->check.outcome = self->liveness;
  self->check.duration_ms = self->liveness_ms;
  self->check.look = card != NULL ? &card->look : _teller_sim_card_default_look ();

  if (!blocking)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_OK, "");
      return;
    }
  blocking_check = g_new0 (BlockingCheck, 1);
  blocking_check->check = self->check;
  blocking_check->cutface = cutface;
  _teller_sim_card_reader_reply_later (self, message, check_end_ms (&self->check),
                                       blocking_reply, blocking_check, g_free);
}

/* POST /face=islive {"cutface": "false"}: 7.4 */
static void
islive_cb (TellerSimServer   *server,
           SoupServerMessage *message,
           const char        *route,
           JsonNode          *body,
           gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  g_autoptr(JsonNode) reply = NULL;
  gboolean cutface = FALSE;

  if ((body != NULL && request_object (body) == NULL) ||
      !get_switch (request_object (body), "cutface", &cutface))
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST, "参数cutface无效");
      return;
    }
  if (!self->check.started)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_FACE_CODE_NOT_STARTED, "未启动活体检测");
      return;
    }

  reply = check_reply (&self->check, cutface, FALSE);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

void
_teller_sim_face_register (TellerSimCardReader *self,
                           TellerSimServer     *server)
{
  static const struct {
    const char       *route;
    TellerSimHandler  handler;
  } routes[] = {
    { "face=verifyidcard", verifyidcard_cb },
    { "face=verifybase64", verifybase64_cb },
    { "face=startlivedetection", startlivedetection_cb },
    { "face=islive", islive_cb },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    teller_sim_server_add_route_full (server, routes[i].route, routes[i].handler,
                                      g_object_ref (self), g_object_unref);
}
