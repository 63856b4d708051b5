/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-card-private.h"
#include "teller-sim-imagepro-private.h"

/*
 * The card reader of chapter 4 (card=), and the object the face (teller-sim-face.c)
 * and fingerprint (teller-sim-finger.c) devices share: one reader state, one control
 * route (described in teller-sim-card.h).
 *
 * Replies.  A card answers only the call for its kind: an ID card card=idcard, the
 * social-security card card=sociaseceritycard, the IC card card=iccard, the magnetic
 * card (swiped) card=magcard; anything else gets the "no card" code 11.  Unplugged,
 * every card= call answers "2".  A pulled card (pull_next_read) answers "12" after
 * 200 ms, once: the card stays on the reader, as when the customer lays it back.
 * The codes are the simulator's choice (see teller-sim-card-private.h).
 */

#define DEFAULT_FACE_SCORE   91
#define DEFAULT_FINGER_SCORE 88
#define DEFAULT_LIVENESS_MS  1500
#define MAX_LIVENESS_MS      600000
#define PULLED_DELAY_MS      200

/* Bytes that no image loader takes, for {"photo": "garbage"}. */
#define GARBAGE_PHOTO "TELLER-SIM: these bytes are not an image, as a damaged card chip gives."

G_DEFINE_FINAL_TYPE (TellerSimCardReader, teller_sim_card_reader, G_TYPE_OBJECT)

/* ---- Replies that wait ---------------------------------------------------- */

typedef struct
{
  TellerSimCardReader *reader;   /* borrowed: the reader owns its Laters */
  SoupServerMessage   *message;
  guint                timeout_id;
  gulong               disconnected_id;
  gulong               finished_id;
  TellerSimLaterFunc   func;
  gpointer             data;
  GDestroyNotify       destroy;
} Later;

static void
later_free (Later *later)
{
  g_clear_handle_id (&later->timeout_id, g_source_remove);
  g_clear_signal_handler (&later->disconnected_id, later->message);
  g_clear_signal_handler (&later->finished_id, later->message);
  g_clear_object (&later->message);
  if (later->destroy != NULL)
    g_clear_pointer (&later->data, later->destroy);
  g_free (later);
}

static gboolean
later_timeout_cb (gpointer user_data)
{
  Later *later = user_data;
  TellerSimCardReader *self = later->reader;
  g_autoptr(JsonNode) reply = NULL;

  later->timeout_id = 0;
  reply = later->func (self, later->data);
  /* The server may be gone while the reader lives on (a caller's reference). */
  if (self->server != NULL)
    {
      g_clear_signal_handler (&later->disconnected_id, later->message);
      g_clear_signal_handler (&later->finished_id, later->message);
      teller_sim_server_reply_json (self->server, later->message, SOUP_STATUS_OK, reply);
      soup_server_message_unpause (later->message);
    }
  g_ptr_array_remove_fast (self->later, later);
  return G_SOURCE_REMOVE;
}

static void
later_gone_cb (SoupServerMessage *message,
               Later             *later)
{
  /* The client left: nobody to answer any more. */
  g_ptr_array_remove_fast (later->reader->later, later);
}

void
_teller_sim_card_reader_reply_later (TellerSimCardReader *self,
                                     SoupServerMessage   *message,
                                     guint                delay_ms,
                                     TellerSimLaterFunc   func,
                                     gpointer             data,
                                     GDestroyNotify       destroy)
{
  Later *later = g_new0 (Later, 1);

  later->reader = self;
  later->message = g_object_ref (message);
  later->func = func;
  later->data = data;
  later->destroy = destroy;
  soup_server_message_pause (message);
  later->disconnected_id = g_signal_connect (message, "disconnected",
                                             G_CALLBACK (later_gone_cb), later);
  later->finished_id = g_signal_connect (message, "finished",
                                         G_CALLBACK (later_gone_cb), later);
  if (delay_ms != TELLER_SIM_CARD_FOREVER)
    later->timeout_id = g_timeout_add (delay_ms, later_timeout_cb, later);
  g_ptr_array_add (self->later, later);
}

void
_teller_sim_card_reply (TellerSimServer   *server,
                        SoupServerMessage *message,
                        const char        *code,
                        const char        *text)
{
  g_autoptr(JsonNode) reply = _teller_sim_tools_error (code, text);

  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

/* ---- The object ------------------------------------------------------------ */

static void
teller_sim_card_reader_dispose (GObject *object)
{
  TellerSimCardReader *self = TELLER_SIM_CARD_READER (object);

  /* Paused messages are dropped unanswered, as when the service stops. */
  if (self->later != NULL)
    g_ptr_array_set_size (self->later, 0);
  g_clear_weak_pointer (&self->server);

  G_OBJECT_CLASS (teller_sim_card_reader_parent_class)->dispose (object);
}

static void
teller_sim_card_reader_finalize (GObject *object)
{
  TellerSimCardReader *self = TELLER_SIM_CARD_READER (object);

  g_clear_pointer (&self->later, g_ptr_array_unref);

  G_OBJECT_CLASS (teller_sim_card_reader_parent_class)->finalize (object);
}

static void
teller_sim_card_reader_class_init (TellerSimCardReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_sim_card_reader_dispose;
  object_class->finalize = teller_sim_card_reader_finalize;
}

static void
teller_sim_card_reader_init (TellerSimCardReader *self)
{
  self->later = g_ptr_array_new_with_free_func ((GDestroyNotify) later_free);
  teller_sim_card_reader_reset (self);
}

const TellerSimCardSpec *
_teller_sim_card_reader_get_id_card (TellerSimCardReader *self)
{
  if (self->placed != NULL && self->placed->kind == TELLER_SIM_CARD_KIND_ID)
    return self->placed;
  return NULL;
}

const char *
_teller_sim_card_reader_get_photo (TellerSimCardReader     *self,
                                   const TellerSimCardSpec *spec)
{
  static gsize once;
  static char *garbage;

  if (self->garbage_photo)
    {
      if (g_once_init_enter (&once))
        {
          garbage = g_base64_encode ((const guchar *) GARBAGE_PHOTO, sizeof GARBAGE_PHOTO - 1);
          g_once_init_leave (&once, 1);
        }
      return garbage;
    }
  return _teller_sim_card_pairs_lookup (_teller_sim_card_get_fields (spec), "photoBase64");
}

/* ---- card= routes ----------------------------------------------------------- */

static JsonNode *
build_card_reply (TellerSimCardReader     *self,
                  const TellerSimCardSpec *spec)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();
  const char * const *pairs = _teller_sim_card_get_fields (spec);

  if (spec->card_type != NULL)
    {
      json_builder_set_member_name (builder, "cardType");
      json_builder_add_string_value (builder, spec->card_type);
    }
  json_builder_set_member_name (builder, spec->info_member);
  json_builder_begin_object (builder);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      const char *value = pairs[i + 1];

      if (g_str_equal (pairs[i], "photoBase64"))
        value = _teller_sim_card_reader_get_photo (self, spec);
      json_builder_set_member_name (builder, pairs[i]);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  return _teller_sim_tools_end (builder);
}

static JsonNode *
pulled_reply (TellerSimCardReader *self,
              gpointer             data)
{
  return _teller_sim_tools_error (TELLER_SIM_CARD_CODE_PULLED, "读卡失败，请勿移动卡片");
}

static gboolean
reply_if_unplugged (TellerSimCardReader *self,
                    TellerSimServer     *server,
                    SoupServerMessage   *message)
{
  if (self->plugged)
    return FALSE;
  _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_NOT_CONNECTED,
                          TELLER_SIM_CARD_MESSAGE_NOT_CONNECTED);
  return TRUE;
}

static const struct {
  const char        *route;
  TellerSimCardKind  kind;
  const char        *no_card;
} read_routes[] = {
  { "card=idcard", TELLER_SIM_CARD_KIND_ID, TELLER_SIM_CARD_MESSAGE_NO_ID_CARD },
  { "card=sociaseceritycard", TELLER_SIM_CARD_KIND_SOCIAL, "未检测到社保卡，请插入社保卡" },
  { "card=iccard", TELLER_SIM_CARD_KIND_IC, "未检测到IC卡，请插入IC卡" },
  { "card=magcard", TELLER_SIM_CARD_KIND_MAGNETIC, "未检测到磁条卡，请刷卡" },
};

/* POST /card=idcard, /card=sociaseceritycard, /card=iccard, /card=magcard: 4.1, 4.3, 4.4, 4.7 */
static void
read_card_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              JsonNode          *body,
              gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  g_autoptr(JsonNode) reply = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (read_routes); i++)
    if (g_str_equal (route, read_routes[i].route))
      break;
  g_assert (i < G_N_ELEMENTS (read_routes));

  if (reply_if_unplugged (self, server, message))
    return;
  if (self->placed == NULL || self->placed->kind != read_routes[i].kind)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_NO_CARD,
                              read_routes[i].no_card);
      return;
    }
  if (self->pull_next_read)
    {
      self->pull_next_read = FALSE;
      _teller_sim_card_reader_reply_later (self, message, PULLED_DELAY_MS, pulled_reply,
                                           NULL, NULL);
      return;
    }

  reply = build_card_reply (self, self->placed);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

/* POST /card=getsamid (4.2): the module answers with or without a card. */
static void
getsamid_cb (TellerSimServer   *server,
             SoupServerMessage *message,
             const char        *route,
             JsonNode          *body,
             gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) reply = NULL;

  if (reply_if_unplugged (self, server, message))
    return;
  builder = _teller_sim_tools_begin_success ();
  json_builder_set_member_name (builder, "samID");
  json_builder_add_string_value (builder, TELLER_SIM_CARD_SAM_ID);
  reply = _teller_sim_tools_end (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

/* POST /card=init and /card=release (4.5, 4.6) */
static void
init_release_cb (TellerSimServer   *server,
                 SoupServerMessage *message,
                 const char        *route,
                 JsonNode          *body,
                 gpointer           user_data)
{
  TellerSimCardReader *self = user_data;

  if (reply_if_unplugged (self, server, message))
    return;
  _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_OK, "");
}

/* ---- The control route ---------------------------------------------------- */

static const char * const liveness_names[] = { "live", "not_live", "never", NULL };

static void
reply_settings (TellerSimCardReader *self,
                TellerSimServer     *server,
                SoupServerMessage   *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) reply = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, TELLER_SIM_CARD_CODE_OK);
  json_builder_set_member_name (builder, "card");
  json_builder_add_string_value (builder, self->placed != NULL ? self->placed->name : "");
  json_builder_set_member_name (builder, "plugged");
  json_builder_add_boolean_value (builder, self->plugged);
  json_builder_set_member_name (builder, "pull_next_read");
  json_builder_add_boolean_value (builder, self->pull_next_read);
  json_builder_set_member_name (builder, "photo");
  json_builder_add_string_value (builder, self->garbage_photo ? "garbage" : "normal");
  json_builder_set_member_name (builder, "face_score");
  json_builder_add_int_value (builder, self->face_score);
  json_builder_set_member_name (builder, "finger_score");
  json_builder_add_int_value (builder, self->finger_score);
  json_builder_set_member_name (builder, "liveness");
  json_builder_add_string_value (builder, liveness_names[self->liveness]);
  json_builder_set_member_name (builder, "liveness_ms");
  json_builder_add_int_value (builder, self->liveness_ms);
  json_builder_set_member_name (builder, "finger");
  json_builder_add_boolean_value (builder, self->finger);
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

static gboolean
member_is (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type);
}

static gboolean
int_member_in (JsonObject *object,
               const char *name,
               gint64      max)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || (member_is (object, name, G_TYPE_INT64) &&
                          json_node_get_int (node) >= 0 && json_node_get_int (node) <= max);
}

/* Checks every member before any takes effect: a bad request changes nothing. */
static char *
validate_control (JsonObject *object)
{
  static const char * const known[] = {
    "place", "remove", "plugged", "pull_next_read", "photo", "face_score",
    "finger_score", "liveness", "liveness_ms", "finger", "reset", NULL
  };
  static const char * const switches[] = {
    "remove", "plugged", "pull_next_read", "finger", "reset", NULL
  };
  g_autoptr(GList) members = json_object_get_members (object);
  const char *place = json_object_get_string_member_with_default (object, "place", NULL);
  const char *photo = json_object_get_string_member_with_default (object, "photo", NULL);
  const char *liveness = json_object_get_string_member_with_default (object, "liveness", NULL);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return g_strdup_printf ("unknown member “%s”", (const char *) l->data);
  if (!member_is (object, "place", G_TYPE_STRING) ||
      (place != NULL && _teller_sim_card_lookup (place) == NULL))
    return g_strdup ("“place” must be a card name");
  for (guint i = 0; switches[i] != NULL; i++)
    if (!member_is (object, switches[i], G_TYPE_BOOLEAN))
      return g_strdup_printf ("“%s” must be true or false", switches[i]);
  if (!member_is (object, "photo", G_TYPE_STRING) ||
      (photo != NULL && !g_str_equal (photo, "normal") && !g_str_equal (photo, "garbage")))
    return g_strdup ("“photo” must be \"normal\" or \"garbage\"");
  if (!int_member_in (object, "face_score", 100) || !int_member_in (object, "finger_score", 100))
    return g_strdup ("scores must be integers from 0 to 100");
  if (!member_is (object, "liveness", G_TYPE_STRING) ||
      (liveness != NULL && !g_strv_contains (liveness_names, liveness)))
    return g_strdup ("“liveness” must be \"live\", \"not_live\" or \"never\"");
  if (!int_member_in (object, "liveness_ms", MAX_LIVENESS_MS))
    return g_strdup_printf ("“liveness_ms” must be an integer from 0 to %d", MAX_LIVENESS_MS);
  return NULL;
}

static void
apply_control (TellerSimCardReader *self,
               JsonObject          *object)
{
  if (json_object_get_boolean_member_with_default (object, "reset", FALSE))
    teller_sim_card_reader_reset (self);
  if (json_object_get_boolean_member_with_default (object, "remove", FALSE))
    teller_sim_card_reader_remove (self);
  if (json_object_has_member (object, "place"))
    teller_sim_card_reader_place (self, json_object_get_string_member (object, "place"));
  if (json_object_has_member (object, "plugged"))
    teller_sim_card_reader_set_plugged (self, json_object_get_boolean_member (object, "plugged"));
  if (json_object_has_member (object, "pull_next_read"))
    self->pull_next_read = json_object_get_boolean_member (object, "pull_next_read");
  if (json_object_has_member (object, "photo"))
    self->garbage_photo = g_str_equal (json_object_get_string_member (object, "photo"), "garbage");
  if (json_object_has_member (object, "face_score"))
    teller_sim_card_reader_set_face_score (self, json_object_get_int_member (object, "face_score"));
  if (json_object_has_member (object, "finger_score"))
    teller_sim_card_reader_set_finger_score (self,
                                             json_object_get_int_member (object, "finger_score"));
  if (json_object_has_member (object, "finger"))
    self->finger = json_object_get_boolean_member (object, "finger");
  if (json_object_has_member (object, "liveness") || json_object_has_member (object, "liveness_ms"))
    teller_sim_card_reader_set_liveness (self,
                                         json_object_get_string_member_with_default (object, "liveness",
                                                                                     liveness_names[self->liveness]),
                                         json_object_get_int_member_with_default (object, "liveness_ms",
                                                                                  self->liveness_ms));
}

/* POST /__sim/card, see teller-sim-card.h */
static void
control_cb (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            JsonNode          *body,
            gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  JsonObject *object = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ?
                       json_node_get_object (body) : NULL;
  g_autofree char *problem = NULL;

  if (object == NULL)
    problem = g_strdup ("expected a JSON object");
  else
    problem = validate_control (object);
  if (problem != NULL)
    {
      teller_sim_server_reply_code (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST, problem);
      return;
    }

  apply_control (self, object);
  reply_settings (self, server, message);
}

/* ---- Public API -------------------------------------------------------------- */

static void
add_route (TellerSimCardReader *self,
           TellerSimServer     *server,
           const char          *route,
           TellerSimHandler     handler)
{
  teller_sim_server_add_route_full (server, route, handler, g_object_ref (self), g_object_unref);
}

/**
 * teller_sim_card_reader_new:
 * @server: the CameraService's server
 *
 * The server's routes keep the reader alive; the reader only watches the server.
 *
 * Returns: (transfer full): a plugged reader with no card on it
 */
TellerSimCardReader *
teller_sim_card_reader_new (TellerSimServer *server)
{
  TellerSimCardReader *self;

  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  self = g_object_new (TELLER_TYPE_SIM_CARD_READER, NULL);
  g_set_weak_pointer (&self->server, server);
  for (guint i = 0; i < G_N_ELEMENTS (read_routes); i++)
    add_route (self, server, read_routes[i].route, read_card_cb);
  add_route (self, server, "card=getsamid", getsamid_cb);
  add_route (self, server, "card=init", init_release_cb);
  add_route (self, server, "card=release", init_release_cb);
  add_route (self, server, "__sim/card", control_cb);
  _teller_sim_face_register (self, server);
  _teller_sim_finger_register (self, server);
  return self;
}

gboolean
teller_sim_card_reader_place (TellerSimCardReader *self,
                              const char          *name)
{
  const TellerSimCardSpec *spec;

  g_return_val_if_fail (TELLER_IS_SIM_CARD_READER (self), FALSE);

  spec = _teller_sim_card_lookup (name);
  if (spec == NULL)
    return FALSE;
  self->placed = spec;
  return TRUE;
}

void
teller_sim_card_reader_remove (TellerSimCardReader *self)
{
  g_return_if_fail (TELLER_IS_SIM_CARD_READER (self));

  self->placed = NULL;
}

/**
 * teller_sim_card_reader_get_placed:
 *
 * Returns: (nullable): the name of the card on the reader, or %NULL
 */
const char *
teller_sim_card_reader_get_placed (TellerSimCardReader *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_CARD_READER (self), NULL);

  return self->placed != NULL ? self->placed->name : NULL;
}

void
teller_sim_card_reader_set_plugged (TellerSimCardReader *self,
                                    gboolean             plugged)
{
  g_return_if_fail (TELLER_IS_SIM_CARD_READER (self));

  self->plugged = !!plugged;
}

void
teller_sim_card_reader_set_face_score (TellerSimCardReader *self,
                                       guint                score)
{
  g_return_if_fail (TELLER_IS_SIM_CARD_READER (self));
  g_return_if_fail (score <= 100);

  self->face_score = score;
}

void
teller_sim_card_reader_set_finger_score (TellerSimCardReader *self,
                                         guint                score)
{
  g_return_if_fail (TELLER_IS_SIM_CARD_READER (self));
  g_return_if_fail (score <= 100);

  self->finger_score = score;
}

/**
 * teller_sim_card_reader_set_liveness:
 * @outcome: "live", "not_live" or "never"
 * @duration_ms: how long the checks started from now on run
 *
 * A check already running keeps the settings it started with.
 *
 * Returns: %FALSE, changing nothing, for an unknown @outcome
 */
gboolean
teller_sim_card_reader_set_liveness (TellerSimCardReader *self,
                                     const char          *outcome,
                                     guint                duration_ms)
{
  g_return_val_if_fail (TELLER_IS_SIM_CARD_READER (self), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  for (guint i = 0; liveness_names[i] != NULL; i++)
    if (g_str_equal (outcome, liveness_names[i]))
      {
        self->liveness = (TellerSimLiveness) i;
        self->liveness_ms = MIN (duration_ms, MAX_LIVENESS_MS);
        return TRUE;
      }
  return FALSE;
}

/**
 * teller_sim_card_reader_reset:
 *
 * Every setting back to its default, no card, no liveness check started.  Replies
 * already waiting (a blocking liveness check, a fingerprint read) still come.
 */
void
teller_sim_card_reader_reset (TellerSimCardReader *self)
{
  g_return_if_fail (TELLER_IS_SIM_CARD_READER (self));

  self->placed = NULL;
  self->plugged = TRUE;
  self->pull_next_read = FALSE;
  self->garbage_photo = FALSE;
  self->finger = TRUE;
  self->face_score = DEFAULT_FACE_SCORE;
  self->finger_score = DEFAULT_FINGER_SCORE;
  self->liveness = TELLER_SIM_LIVENESS_LIVE;
  self->liveness_ms = DEFAULT_LIVENESS_MS;
  memset (&self->check, 0, sizeof self->check);
}
