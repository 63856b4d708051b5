/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include "teller-sim-imagepro-private.h"

/*
 * The serial barcode scanner of chapter 11.  The service reads the scanner's serial
 * port while it is open (barcode_scanner=open) and keeps what it read until a
 * client asks (barcode_scanner=get); a code is handed out once ("条码内容获取后将立即
 * 被清空，重复获取无效").  Codes scanned while the port is closed are lost, as on the
 * real device.  "Scanning" is the control route POST /__sim/scanner {"code": "…"}.
 *
 * Replies: open and get answer "2" while the scanner is unplugged, get answers "1"
 * before open; get with nothing scanned is a success with "barcode": "".  close has
 * no documented reply (返回值说明 无): the simulator answers HTTP 200 with an empty
 * body, so a client that insists on JSON there fails its tests.
 */

#define SCANNER_DATA_KEY "teller-sim-scanner"

/* 11.1 */
static const char * const baud_rates[] = {
  "1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200", NULL
};

struct _TellerSimScanner
{
  GObject   parent_instance;

  gboolean  plugged;
  gboolean  open;
  GQueue    codes;   /* char *, read but not yet handed out */
};

G_DEFINE_FINAL_TYPE (TellerSimScanner, teller_sim_scanner, G_TYPE_OBJECT)

static void
teller_sim_scanner_finalize (GObject *object)
{
  TellerSimScanner *self = TELLER_SIM_SCANNER (object);

  g_queue_clear_full (&self->codes, g_free);

  G_OBJECT_CLASS (teller_sim_scanner_parent_class)->finalize (object);
}

static void
teller_sim_scanner_class_init (TellerSimScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = teller_sim_scanner_finalize;
}

static void
teller_sim_scanner_init (TellerSimScanner *self)
{
  self->plugged = TRUE;
  g_queue_init (&self->codes);
}

static void
reply (TellerSimServer   *server,
       SoupServerMessage *message,
       const char        *code,
       const char        *text)
{
  g_autoptr(JsonNode) node = _teller_sim_tools_error (code, text);

  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, node);
}

static gboolean
reply_if_unplugged (TellerSimScanner  *self,
                    TellerSimServer   *server,
                    SoupServerMessage *message)
{
  if (self->plugged)
    return FALSE;
  reply (server, message, TELLER_SIM_TOOLS_CODE_NOT_CONNECTED, "设备未连接，或者设备被占有，请检查");
  return TRUE;
}

/* POST /barcode_scanner=open {"baud_rate": "115200"} */
static void
open_cb (TellerSimServer   *server,
         SoupServerMessage *message,
         const char        *route,
         JsonNode          *body,
         gpointer           user_data)
{
  TellerSimScanner *self = user_data;
  JsonObject *request = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ?
                        json_node_get_object (body) : NULL;
  g_autofree char *text = NULL;
  const char *baud_rate = NULL;

  if (body != NULL && request == NULL)
    {
      reply (server, message, TELLER_SIM_TOOLS_CODE_BAD_REQUEST, "请求参数必须为对象");
      return;
    }
  if (!_teller_sim_tools_get_string (request, "baud_rate", FALSE, &baud_rate, &text) ||
      (baud_rate != NULL && !g_strv_contains (baud_rates, baud_rate)))
    {
      reply (server, message, TELLER_SIM_TOOLS_CODE_BAD_REQUEST,
             text != NULL ? text : "波特率无效");
      return;
    }
  if (reply_if_unplugged (self, server, message))
    return;

  self->open = TRUE;
  reply (server, message, TELLER_SIM_TOOLS_CODE_OK, "");
}

/* POST /barcode_scanner=get */
static void
get_cb (TellerSimServer   *server,
        SoupServerMessage *message,
        const char        *route,
        JsonNode          *body,
        gpointer           user_data)
{
  TellerSimScanner *self = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *code = NULL;

  if (reply_if_unplugged (self, server, message))
    return;
  if (!self->open)
    {
      reply (server, message, TELLER_SIM_TOOLS_CODE_BAD_REQUEST, "扫描枪未启用");
      return;
    }

  code = g_queue_pop_head (&self->codes);
  builder = _teller_sim_tools_begin_success ();
  json_builder_set_member_name (builder, "barcode");
  json_builder_add_string_value (builder, code != NULL ? code : "");
  node = _teller_sim_tools_end (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, node);
}

/* POST /barcode_scanner=close */
static void
close_cb (TellerSimServer   *server,
          SoupServerMessage *message,
          const char        *route,
          JsonNode          *body,
          gpointer           user_data)
{
  TellerSimScanner *self = user_data;

  self->open = FALSE;
  g_queue_clear_full (&self->codes, g_free);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

/* POST /__sim/scanner {"code": "…"} or {"plugged": false} */
static void
control_cb (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            JsonNode          *body,
            gpointer           user_data)
{
  TellerSimScanner *self = user_data;
  JsonObject *object = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ?
                       json_node_get_object (body) : NULL;
  JsonNode *plugged = object != NULL ? json_object_get_member (object, "plugged") : NULL;
  JsonNode *code = object != NULL ? json_object_get_member (object, "code") : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean queued = FALSE;

  if ((plugged == NULL && code == NULL) ||
      (plugged != NULL && json_node_get_value_type (plugged) != G_TYPE_BOOLEAN) ||
      (code != NULL && json_node_get_value_type (code) != G_TYPE_STRING))
    {
      teller_sim_server_reply_code (server, message, TELLER_SIM_TOOLS_CODE_BAD_REQUEST,
                                    "expected {\"code\": CODE} or {\"plugged\": true|false}");
      return;
    }

  if (plugged != NULL)
    _teller_sim_scanner_set_plugged (self, json_node_get_boolean (plugged));
  if (code != NULL)
    queued = _teller_sim_scanner_scan (self, json_node_get_string (code));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, TELLER_SIM_TOOLS_CODE_OK);
  json_builder_set_member_name (builder, "queued");
  json_builder_add_boolean_value (builder, queued);
  node = _teller_sim_tools_end (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, node);
}

void
_teller_sim_scanner_register (TellerSimServer *server)
{
  TellerSimScanner *self = g_object_new (TELLER_TYPE_SIM_SCANNER, NULL);

  teller_sim_server_add_route_full (server, "barcode_scanner=open", open_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "barcode_scanner=get", get_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "barcode_scanner=close", close_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "__sim/scanner", control_cb,
                                    g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (server), SCANNER_DATA_KEY, self, g_object_unref);
}

TellerSimScanner *
_teller_sim_scanner_get (TellerSimServer *server)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  return g_object_get_data (G_OBJECT (server), SCANNER_DATA_KEY);
}

gboolean
_teller_sim_scanner_scan (TellerSimScanner *self,
                          const char       *code)
{
  g_return_val_if_fail (TELLER_IS_SIM_SCANNER (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!self->open || !self->plugged)
    return FALSE;
  g_queue_push_tail (&self->codes, g_strdup (code));
  return TRUE;
}

gboolean
_teller_sim_scanner_is_open (TellerSimScanner *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_SCANNER (self), FALSE);

  return self->open;
}

/* Unplugging closes the port: what was read and not handed out is gone. */
void
_teller_sim_scanner_set_plugged (TellerSimScanner *self,
                                 gboolean          plugged)
{
  g_return_if_fail (TELLER_IS_SIM_SCANNER (self));

  self->plugged = plugged;
  if (!plugged)
    {
      self->open = FALSE;
      g_queue_clear_full (&self->codes, g_free);
    }
}
