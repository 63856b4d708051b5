/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-capture-private.h"
#include "teller-sim-fault-private.h"
#include "teller-sim-websocket-private.h"

/*
 * The WebSocket form of CameraService (chapter 3.3, 表 3 采集图像 WebSocket 请求参数).
 *
 * Where: the document names no WebSocket URL.  Chapter 1 says the one service
 * answers HTTP and WebSocket on port 38088, and chapter 12.3 says a wss client
 * uses the same interface with only the scheme changed; so the simulator takes
 * the upgrade on the service's own address, ws://127.0.0.1:38088/, at any path, beside
 * the HTTP routes (teller_sim_server_add_websocket_handler() says why that is
 * not soup_server_add_websocket_handler() on "/").
 *
 * What: grab_image reuses video=grabimage's code (teller-sim-capture.c), which
 * builds the reply off the main loop; the reply's JSON text gets "function"
 * spliced in front rather than being parsed and written again, since it carries
 * megabytes of base64.  Any other function, or a message that is not a JSON
 * object, is answered in the same shape with code "1" (the document's
 * 解析Json参数失败, see teller-sim-capture-private.h).
 */

#define FUNCTION_GRAB_IMAGE "grab_image"

/* One WebSocket connection; alive until it closes. */
typedef struct
{
  TellerSimServer         *server;      /* weak: the server may go first */
  TellerSimCapture        *capture;
  SoupWebsocketConnection *connection;
  GCancellable            *cancellable; /* cancelled when the connection closes */
  gulong                   message_id;
  gulong                   closed_id;
} Client;

static Client *
client_ref (Client *client)
{
  return g_rc_box_acquire (client);
}

static void
client_clear (Client *client)
{
  g_clear_weak_pointer (&client->server);
  g_clear_object (&client->capture);
  g_clear_object (&client->connection);
  g_clear_object (&client->cancellable);
}

static void
client_unref (Client *client)
{
  g_rc_box_release_full (client, (GDestroyNotify) client_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_unref)

static gboolean
client_open (Client *client)
{
  return client->connection != NULL &&
         soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* Takes @text. */
static void
send_text (Client *client,
           char   *text)
{
  if (client_open (client))
    soup_websocket_connection_send_text (client->connection, text);
  g_free (text);
}

/* {"function": FUNCTION, "code": CODE, "message": TEXT} */
static char *
build_error (const char *function,
             const char *code,
             const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "function");
  json_builder_add_string_value (builder, function);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_to_string (node, FALSE);
}

/* Takes @reply, a JSON object's text: the same object with "function" first. */
static char *
add_function (char       *reply,
              const char *function)
{
  g_autofree char *owned = reply;
  const char *rest;

  g_assert (reply != NULL && reply[0] == '{');
  rest = reply + 1;
  while (g_ascii_isspace (*rest))
    rest++;
  if (*rest == '}')
    return g_strdup_printf ("{\"function\":\"%s\"}", function);
  return g_strdup_printf ("{\"function\":\"%s\",%s", function, reply + 1);
}

/* grab_image */

typedef struct
{
  Client         *client;
  JsonNode       *params;
  TellerSimFault *fault;
} GrabJob;

static void
grab_job_free (GrabJob *job)
{
  g_clear_pointer (&job->client, client_unref);
  g_clear_pointer (&job->params, json_node_unref);
  g_clear_pointer (&job->fault, _teller_sim_fault_free);
  g_free (job);
}

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Client) client = user_data;
  g_autofree char *reply = _teller_sim_capture_reply_finish (TELLER_SIM_CAPTURE (object),
                                                             result, NULL);

  if (reply != NULL)
    send_text (client, add_function (g_steal_pointer (&reply), FUNCTION_GRAB_IMAGE));
}

static void
grab_run (GrabJob *job)
{
  Client *client = job->client;
  TellerSimFaultKind kind = job->fault != NULL ? job->fault->kind : TELLER_SIM_FAULT_NONE;

  if (!client_open (client))
    return;

  switch (kind)
    {
    case TELLER_SIM_FAULT_NONE:
      _teller_sim_capture_reply_async (client->capture, job->params, client->cancellable,
                                       capture_done_cb, client_ref (client));
      break;
    case TELLER_SIM_FAULT_VENDOR_ERROR:
      {
        g_autoptr(JsonNode) node = teller_sim_camera_build_error ("video=grabimage",
                                                                  job->fault->code, NULL);

        send_text (client, add_function (json_to_string (node, FALSE), FUNCTION_GRAB_IMAGE));
      }
      break;
    case TELLER_SIM_FAULT_MALFORMED:
      send_text (client, g_strdup ("<html><body>Internal error</body></html>"));
      break;
    case TELLER_SIM_FAULT_DROP:
      soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      break;
    case TELLER_SIM_FAULT_TRUNCATED:
    case TELLER_SIM_FAULT_HTTP_500:
      soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                                       "internal error");
      break;
    case TELLER_SIM_FAULT_STALL:
      /* Accepted, never answered. */
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
grab_latency_cb (gpointer user_data)
{
  grab_run (user_data);
  return G_SOURCE_REMOVE;
}

static void
grab_image (Client   *client,
            JsonNode *params)
{
  GrabJob *job = g_new0 (GrabJob, 1);

  job->client = client_ref (client);
  job->params = params != NULL ? json_node_ref (params) : NULL;
  if (client->server != NULL)
    job->fault = _teller_sim_server_begin_request (client->server,
                                                   TELLER_SIM_WEBSOCKET_ROUTE_GRAB_IMAGE);

  if (job->fault != NULL && job->fault->latency_ms > 0)
    {
      g_timeout_add_full (G_PRIORITY_DEFAULT, job->fault->latency_ms, grab_latency_cb, job,
                          (GDestroyNotify) grab_job_free);
      return;
    }

  grab_run (job);
  grab_job_free (job);
}

/* The connection */

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Client *client = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *params;
  const char *function;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  if (!json_parser_load_from_data (parser, data, size, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      send_text (client, build_error ("", TELLER_SIM_CAPTURE_CODE_BAD_REQUEST,
                                      "the message is not a JSON object"));
      return;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  function = json_object_get_string_member_with_default (object, "function", "");
  if (!g_str_equal (function, FUNCTION_GRAB_IMAGE))
    {
      g_autofree char *text = g_strdup_printf ("unknown function \"%s\"", function);

      send_text (client, build_error (function, TELLER_SIM_CAPTURE_CODE_BAD_REQUEST, text));
      return;
    }

  params = json_object_get_member (object, "params");
  if (params != NULL && !JSON_NODE_HOLDS_OBJECT (params))
    {
      send_text (client, build_error (function, TELLER_SIM_CAPTURE_CODE_BAD_REQUEST,
                                      "params is not an object"));
      return;
    }

  grab_image (client, params);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  Client *client = user_data;

  g_cancellable_cancel (client->cancellable);
  g_clear_signal_handler (&client->message_id, connection);
  g_clear_signal_handler (&client->closed_id, connection);
  /* The connection's own reference to the client. */
  client_unref (client);
}

static void
websocket_cb (SoupServer              *soup_server,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  TellerSimServer *server = user_data;
  Client *client = g_rc_box_new0 (Client);

  g_set_weak_pointer (&client->server, server);
  client->capture = g_object_ref (_teller_sim_capture_get (server));
  client->connection = g_object_ref (connection);
  client->cancellable = g_cancellable_new ();
  /* Replies carry whole images; libsoup's default limit is 128 KiB. */
  soup_websocket_connection_set_max_incoming_payload_size (connection, 16 * 1024 * 1024);
  client->message_id = g_signal_connect (connection, "message", G_CALLBACK (message_cb), client);
  client->closed_id = g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), client);
}

void
_teller_sim_websocket_register (TellerSimServer *server,
                                TellerSimCamera *camera)
{
  g_return_if_fail (TELLER_IS_SIM_SERVER (server));
  g_return_if_fail (TELLER_IS_SIM_CAMERA (camera));
  g_return_if_fail (_teller_sim_capture_get (server) != NULL);

  /* The server outlives its handlers: no reference, no cycle. */
  teller_sim_server_add_websocket_handler (server, "/", websocket_cb, server, NULL);
}
