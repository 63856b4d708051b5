/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-fault-private.h"
#include "teller-sim-server.h"

#define CONTROL_PREFIX "__sim/"
#define JSON_CONTENT_TYPE "application/json;charset=utf-8"

/* The same lists the vendor's own CORS advice (nginx snippet, chapter 2.2) sends. */
#define CORS_ALLOW_METHODS "GET, POST, OPTIONS"
#define CORS_ALLOW_HEADERS "DNT,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range"

typedef struct
{
  TellerSimHandler handler;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Route;

/* A request held back by a latency fault. */
typedef struct
{
  TellerSimServer   *server;   /* borrowed: dispose cancels every pending reply */
  SoupServerMessage *message;  /* paused, or NULL once the connection is stolen */
  GIOStream         *stream;   /* stolen, for faults that answer on the raw socket */
  char              *route;
  TellerSimFault    *fault;
  guint              timeout_id;
  gulong             disconnected_id;
  gulong             finished_id;
} Pending;

struct _TellerSimServer
{
  GObject                parent_instance;

  char                  *name;
  SoupServer            *soup_server;
  guint                  port;
  TellerSimErrorBuilder  error_builder;
  gpointer               error_builder_data;

  GHashTable            *routes;   /* route → Route */
  GHashTable            *faults;   /* route or "*" → TellerSimFault */
  GHashTable            *counts;   /* route → count */
  guint                  total_count;
  GPtrArray             *pending;  /* Pending */
  /* WebSocket upgrades, taken in server_cb() (see there) */
  SoupServerWebsocketCallback websocket_cb;
  gpointer               websocket_data;
  GDestroyNotify         websocket_destroy;
};

G_DEFINE_FINAL_TYPE (TellerSimServer, teller_sim_server, G_TYPE_OBJECT)

static void fault_control_cb (TellerSimServer   *self,
                              SoupServerMessage *message,
                              const char        *route,
                              JsonNode          *body,
                              gpointer           user_data);

static void
route_free (Route *route)
{
  if (route->destroy != NULL)
    route->destroy (route->user_data);
  g_free (route);
}

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  if (pending->message != NULL)
    {
      g_clear_signal_handler (&pending->disconnected_id, pending->message);
      g_clear_signal_handler (&pending->finished_id, pending->message);
      g_clear_object (&pending->message);
    }
  if (pending->stream != NULL)
    g_io_stream_close (pending->stream, NULL, NULL);
  g_clear_object (&pending->stream);
  g_clear_pointer (&pending->fault, _teller_sim_fault_free);
  g_free (pending->route);
  g_free (pending);
}

static void
teller_sim_server_dispose (GObject *object)
{
  TellerSimServer *self = TELLER_SIM_SERVER (object);

  /* Before the SoupServer goes: its disconnections would otherwise reach
   * pending replies whose server is half torn down. */
  if (self->pending != NULL)
    g_ptr_array_set_size (self->pending, 0);

  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  g_clear_object (&self->soup_server);

  /* Route data (a TellerSimCamera) may own references that lead back here. */
  g_clear_pointer (&self->routes, g_hash_table_unref);
  if (self->websocket_destroy != NULL)
    g_clear_pointer (&self->websocket_data, self->websocket_destroy);
  self->websocket_cb = NULL;

  G_OBJECT_CLASS (teller_sim_server_parent_class)->dispose (object);
}

static void
teller_sim_server_finalize (GObject *object)
{
  TellerSimServer *self = TELLER_SIM_SERVER (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->faults, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_free (self->name);

  G_OBJECT_CLASS (teller_sim_server_parent_class)->finalize (object);
}

static void
teller_sim_server_class_init (TellerSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_sim_server_dispose;
  object_class->finalize = teller_sim_server_finalize;
}

static void
teller_sim_server_init (TellerSimServer *self)
{
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) route_free);
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) _teller_sim_fault_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
}

/* Replies */

static void
add_cors_headers (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
}

static void
reply_preflight (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "Access-Control-Allow-Methods", CORS_ALLOW_METHODS);
  soup_message_headers_replace (headers, "Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
  soup_message_headers_replace (headers, "Access-Control-Max-Age", "1728000");
  soup_server_message_set_status (message, SOUP_STATUS_NO_CONTENT, NULL);
}

static JsonNode *
build_code_message (const char *code,
                    const char *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
reply_vendor_error (TellerSimServer   *self,
                    SoupServerMessage *message,
                    const char        *route,
                    const char        *code)
{
  g_autoptr(JsonNode) reply = NULL;

  if (self->error_builder != NULL)
    reply = self->error_builder (route, code, self->error_builder_data);
  if (reply == NULL)
    reply = build_code_message (code, "simulated error");
  teller_sim_server_reply_json (self, message, SOUP_STATUS_OK, reply);
}

static void
reply_not_found (TellerSimServer   *self,
                 SoupServerMessage *message)
{
  g_autoptr(JsonNode) reply = build_code_message ("404", "unknown route");

  teller_sim_server_reply_json (self, message, SOUP_STATUS_NOT_FOUND, reply);
}

static JsonNode *
parse_body (SoupServerMessage  *message,
            GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
dispatch (TellerSimServer   *self,
          SoupServerMessage *message,
          const char        *route)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = parse_body (message, &error);
  Route *entry = g_hash_table_lookup (self->routes, route);

  if (error != NULL)
    {
      /* "1" is CameraService's "解析Json参数失败" (chapter 3.5), the only vendor
       * served so far; the error builder turns it into the vendor's envelope. */
      reply_vendor_error (self, message, route, "1");
      return;
    }
  if (entry == NULL)
    {
      reply_not_found (self, message);
      return;
    }
  entry->handler (self, message, route, body, entry->user_data);
}

static void
respond (TellerSimServer      *self,
         SoupServerMessage    *message,
         const char           *route,
         const TellerSimFault *fault)
{
  switch (fault != NULL ? fault->kind : TELLER_SIM_FAULT_NONE)
    {
    case TELLER_SIM_FAULT_NONE:
      dispatch (self, message, route);
      break;
    case TELLER_SIM_FAULT_VENDOR_ERROR:
      reply_vendor_error (self, message, route, fault->code);
      break;
    case TELLER_SIM_FAULT_MALFORMED:
      _teller_sim_fault_reply_malformed (message);
      break;
    case TELLER_SIM_FAULT_HTTP_500:
      _teller_sim_fault_reply_http_500 (message);
      break;
    case TELLER_SIM_FAULT_DROP:
    case TELLER_SIM_FAULT_TRUNCATED:
    case TELLER_SIM_FAULT_STALL:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

        if (stream != NULL)
          _teller_sim_fault_fail_stream (stream, fault->kind);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Latency */

static void
pending_remove (Pending *pending)
{
  g_ptr_array_remove_fast (pending->server->pending, pending);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;
  TellerSimServer *self = pending->server;
  g_autoptr(SoupServerMessage) message = NULL;

  pending->timeout_id = 0;

  if (pending->stream != NULL)
    {
      g_autoptr(GIOStream) stream = g_steal_pointer (&pending->stream);

      _teller_sim_fault_fail_stream (stream, pending->fault->kind);
      pending_remove (pending);
      return G_SOURCE_REMOVE;
    }

  message = g_object_ref (pending->message);
  g_clear_signal_handler (&pending->disconnected_id, message);
  g_clear_signal_handler (&pending->finished_id, message);

  /* Unpause first: the handler may pause the message again for its own reasons. */
  soup_server_message_unpause (message);
  respond (self, message, pending->route, pending->fault);
  pending_remove (pending);
  return G_SOURCE_REMOVE;
}

static void
pending_gone_cb (SoupServerMessage *message,
                 Pending           *pending)
{
  /* The client left while we were waiting: nobody to answer any more. */
  pending_remove (pending);
}

static void
delay_reply (TellerSimServer      *self,
             SoupServerMessage    *message,
             const char           *route,
             const TellerSimFault *fault)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->server = self;
  pending->route = g_strdup (route);
  pending->fault = _teller_sim_fault_copy (fault);

  /* Faults that end on the raw socket take it now, so the wait is plain
   * silence on a live connection rather than a paused libsoup message. */
  if (_teller_sim_fault_needs_stream (fault))
    {
      pending->stream = soup_server_message_steal_connection (message);
      if (pending->stream == NULL)
        {
          pending_free (pending);
          return;
        }
    }
  else
    {
      pending->message = g_object_ref (message);
      soup_server_message_pause (message);
      pending->disconnected_id = g_signal_connect (message, "disconnected",
                                                   G_CALLBACK (pending_gone_cb), pending);
      pending->finished_id = g_signal_connect (message, "finished",
                                               G_CALLBACK (pending_gone_cb), pending);
    }

  pending->timeout_id = g_timeout_add (fault->latency_ms, pending_timeout_cb, pending);
  g_ptr_array_add (self->pending, pending);
}

/* Requests */

static char *
compute_route (SoupServerMessage *message)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (message));
  const char *amp;

  while (*path == '/')
    path++;
  amp = strchr (path, '&');
  return amp != NULL ? g_strndup (path, amp - path) : g_strdup (path);
}

static void
count_request (TellerSimServer *self,
               const char      *route)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, route));

  g_hash_table_insert (self->counts, g_strdup (route), GUINT_TO_POINTER (count + 1));
  self->total_count++;
}

static const TellerSimFault *
lookup_fault (TellerSimServer *self,
              const char      *route)
{
  const TellerSimFault *fault = g_hash_table_lookup (self->faults, route);

  return fault != NULL ? fault : g_hash_table_lookup (self->faults, "*");
}

/*
 * WebSocket upgrades share "/" with the routes, and soup_server_add_websocket_handler()
 * cannot be used there: libsoup runs the plain handler first and, when it leaves
 * the message without a status (every route that pauses its message: captures,
 * latencies, streams), tries the WebSocket handshake on it and answers 400.  So
 * the upgrade is handled here, with libsoup's public handshake functions, the way
 * SoupServer itself completes one.
 */
static void
websocket_upgraded_cb (SoupServerMessage *message,
                       TellerSimServer   *self)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  GUri *uri = soup_server_message_get_uri (message);

  if (self->websocket_cb == NULL)
    return;

  g_object_ref (message);
  stream = soup_server_message_steal_connection (message);
  connection = soup_websocket_connection_new (stream, uri, SOUP_WEBSOCKET_CONNECTION_SERVER,
                                              soup_message_headers_get_one (request_headers, "Origin"),
                                              soup_message_headers_get_one (response_headers,
                                                                            "Sec-WebSocket-Protocol"),
                                              NULL);
  self->websocket_cb (self->soup_server, message, g_uri_get_path (uri), connection,
                      self->websocket_data);
  g_object_unref (message);
}

static void
accept_websocket (TellerSimServer   *self,
                  SoupServerMessage *message)
{
  /* Sets 101 and the handshake's headers, or an error status. */
  if (soup_websocket_server_process_handshake (message, NULL, NULL, NULL, NULL))
    g_signal_connect_object (message, "wrote-informational",
                             G_CALLBACK (websocket_upgraded_cb), self, 0);
}

static void
server_cb (SoupServer        *soup_server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TellerSimServer *self = user_data;
  g_autofree char *route = NULL;
  const TellerSimFault *fault;

  if (self->websocket_cb != NULL &&
      soup_message_headers_header_contains (soup_server_message_get_request_headers (message),
                                            "Upgrade", "websocket"))
    {
      accept_websocket (self, message);
      return;
    }

  add_cors_headers (message);

  if (g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_OPTIONS))
    {
      reply_preflight (message);
      return;
    }

  route = compute_route (message);
  if (!g_hash_table_contains (self->routes, route))
    {
      reply_not_found (self, message);
      return;
    }

  /* The simulator's own control routes are never counted nor faulted, so a
   * test can always reach them. */
  if (g_str_has_prefix (route, CONTROL_PREFIX))
    {
      dispatch (self, message, route);
      return;
    }

  count_request (self, route);
  fault = lookup_fault (self, route);
  if (fault != NULL && fault->latency_ms > 0)
    delay_reply (self, message, route, fault);
  else
    respond (self, message, route, fault);
}

/* Public API */

/**
 * teller_sim_server_add_websocket_handler:
 * @path: "/", the only path taken: upgrades to every path reach @callback
 *
 * Plain HTTP requests keep going to the routes; only upgrade requests reach
 * @callback (see accept_websocket() for why this is not
 * soup_server_add_websocket_handler()).
 */
void
teller_sim_server_add_websocket_handler (TellerSimServer                    *self,
                                         const char                         *path,
                                         SoupServerWebsocketCallback         callback,
                                         gpointer                            user_data,
                                         GDestroyNotify                      destroy)
{
  g_return_if_fail (TELLER_IS_SIM_SERVER (self));
  g_return_if_fail (path != NULL && callback != NULL);

  /* One handler, on "/": every path (see accept_websocket()). */
  g_return_if_fail (g_str_equal (path, "/"));
  g_return_if_fail (self->websocket_cb == NULL);

  self->websocket_cb = callback;
  self->websocket_data = user_data;
  self->websocket_destroy = destroy;
}

/*
 * _teller_sim_server_begin_request:
 *
 * For requests that do not come through a route (WebSocket messages): counts one
 * request to @route and returns (transfer full) its fault, or %NULL.
 */
TellerSimFault *
_teller_sim_server_begin_request (TellerSimServer *self,
                                  const char      *route)
{
  const TellerSimFault *fault;

  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), NULL);

  count_request (self, route);
  fault = lookup_fault (self, route);
  return fault != NULL ? _teller_sim_fault_copy (fault) : NULL;
}

/**
 * teller_sim_server_new:
 * @name: the service's name, for messages ("camera")
 * @error_builder: (nullable): builds the vendor's error envelope
 * @error_builder_data: data for @error_builder
 *
 * Returns: (transfer full): a server that does not listen yet
 */
TellerSimServer *
teller_sim_server_new (const char            *name,
                       TellerSimErrorBuilder  error_builder,
                       gpointer               error_builder_data)
{
  TellerSimServer *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (TELLER_TYPE_SIM_SERVER, NULL);
  self->name = g_strdup (name);
  self->error_builder = error_builder;
  self->error_builder_data = error_builder_data;
  self->soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->soup_server, "/", server_cb, self, NULL);
  teller_sim_server_add_route (self, CONTROL_PREFIX "fault", fault_control_cb, NULL);
  return self;
}

/**
 * teller_sim_server_listen:
 * @port: the TCP port on 127.0.0.1, or 0 for a free one
 *
 * Returns: %TRUE when listening; the error is %G_IO_ERROR_ADDRESS_IN_USE when
 *   @port is taken.
 */
gboolean
teller_sim_server_listen (TellerSimServer  *self,
                          guint             port,
                          GError          **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!soup_server_listen (self->soup_server, address, 0, error))
    return FALSE;

  /* Read the port off the socket: soup_server_get_uris() leaks in libsoup 3.2. */
  listeners = soup_server_get_listeners (self->soup_server);
  if (listeners != NULL)
    bound = g_socket_get_local_address (listeners->data, NULL);
  if (bound != NULL)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_slist_free (listeners);

  g_debug ("%s simulator listening on 127.0.0.1:%u", self->name, self->port);
  return TRUE;
}

/**
 * teller_sim_server_get_port:
 *
 * Returns: the port listened on, or 0 before teller_sim_server_listen()
 */
guint
teller_sim_server_get_port (TellerSimServer *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), 0);

  return self->port;
}

/**
 * teller_sim_server_dup_base_url:
 *
 * Returns: (transfer full) (nullable): "http://127.0.0.1:PORT", or %NULL before
 *   teller_sim_server_listen()
 */
char *
teller_sim_server_dup_base_url (TellerSimServer *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

const char *
teller_sim_server_get_name (TellerSimServer *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), NULL);

  return self->name;
}

/**
 * teller_sim_server_add_route_full:
 * @route: the route, as #TellerSimHandler describes it
 * @destroy: (nullable): frees @user_data when the route or the server goes
 *
 * Routes starting with "__sim/" are the simulator's control routes: they are
 * neither counted nor subject to faults.
 */
void
teller_sim_server_add_route_full (TellerSimServer  *self,
                                  const char       *route,
                                  TellerSimHandler  handler,
                                  gpointer          user_data,
                                  GDestroyNotify    destroy)
{
  Route *entry;

  g_return_if_fail (TELLER_IS_SIM_SERVER (self));
  g_return_if_fail (route != NULL);
  g_return_if_fail (handler != NULL);

  entry = g_new0 (Route, 1);
  entry->handler = handler;
  entry->user_data = user_data;
  entry->destroy = destroy;
  g_hash_table_replace (self->routes, g_strdup (route), entry);
}

void
teller_sim_server_add_route (TellerSimServer  *self,
                             const char       *route,
                             TellerSimHandler  handler,
                             gpointer          user_data)
{
  teller_sim_server_add_route_full (self, route, handler, user_data, NULL);
}

/**
 * teller_sim_server_set_fault:
 * @route: a route, or "*" for every route without a fault of its own
 * @spec: the fault, see the header; "none" clears @route's fault
 *
 * Returns: %FALSE with %G_IO_ERROR_INVALID_ARGUMENT when @spec is not valid;
 *   the route's fault is then left as it was.
 */
gboolean
teller_sim_server_set_fault (TellerSimServer  *self,
                             const char       *route,
                             const char       *spec,
                             GError          **error)
{
  TellerSimFault *fault;

  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (route != NULL, FALSE);

  if (*route == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Empty route");
      return FALSE;
    }

  fault = _teller_sim_fault_parse (spec, error);
  if (fault == NULL)
    return FALSE;

  if (_teller_sim_fault_is_none (fault))
    {
      g_hash_table_remove (self->faults, route);
      _teller_sim_fault_free (fault);
    }
  else
    {
      g_hash_table_replace (self->faults, g_strdup (route), fault);
    }
  return TRUE;
}

void
teller_sim_server_clear_faults (TellerSimServer *self)
{
  g_return_if_fail (TELLER_IS_SIM_SERVER (self));

  g_hash_table_remove_all (self->faults);
}

/**
 * teller_sim_server_get_request_count:
 * @route: a route, or "*" for all routes together
 *
 * Returns: how many requests reached @route (control routes and CORS preflights
 *   are not counted; requests to unknown routes are not either)
 */
guint
teller_sim_server_get_request_count (TellerSimServer *self,
                                     const char      *route)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (self), 0);
  g_return_val_if_fail (route != NULL, 0);

  if (g_str_equal (route, "*"))
    return self->total_count;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, route));
}

/**
 * teller_sim_server_reply_json:
 * @reply: (transfer none): the body
 *
 * Answers @message with @status and @reply serialized as JSON.
 */
void
teller_sim_server_reply_json (TellerSimServer   *self,
                              SoupServerMessage *message,
                              guint              status,
                              JsonNode          *reply)
{
  char *text;
  gsize length = 0;

  g_return_if_fail (TELLER_IS_SIM_SERVER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (message));
  g_return_if_fail (reply != NULL);

  text = json_to_string (reply, FALSE);
  length = strlen (text);
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    text, length);
}

/**
 * teller_sim_server_reply_code:
 * @code: the reply's "code"
 * @text: (nullable): its "message", left out when %NULL
 *
 * Answers with HTTP 200 and `{"code": CODE, "message": TEXT}`, the envelope
 * control routes use.
 */
void
teller_sim_server_reply_code (TellerSimServer   *self,
                              SoupServerMessage *message,
                              const char        *code,
                              const char        *text)
{
  g_autoptr(JsonNode) reply = NULL;

  g_return_if_fail (TELLER_IS_SIM_SERVER (self));
  g_return_if_fail (code != NULL);

  if (text != NULL)
    {
      reply = build_code_message (code, text);
    }
  else
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "code", code);
      reply = json_node_init_object (json_node_alloc (), object);
    }
  teller_sim_server_reply_json (self, message, SOUP_STATUS_OK, reply);
}

/* POST /__sim/fault {"route": "video=status", "fault": "drop"} */
static void
fault_control_cb (TellerSimServer   *self,
                  SoupServerMessage *message,
                  const char        *route,
                  JsonNode          *body,
                  gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = body != NULL && JSON_NODE_HOLDS_OBJECT (body)
                       ? json_node_get_object (body) : NULL;
  const char *fault_route = NULL;
  const char *spec = NULL;

  if (object != NULL)
    {
      fault_route = json_object_get_string_member_with_default (object, "route", NULL);
      spec = json_object_get_string_member_with_default (object, "fault", NULL);
    }
  if (fault_route == NULL || spec == NULL)
    {
      teller_sim_server_reply_code (self, message, "1",
                                    "expected {\"route\": ROUTE, \"fault\": SPEC}");
      return;
    }
  if (!teller_sim_server_set_fault (self, fault_route, spec, &error))
    {
      teller_sim_server_reply_code (self, message, "1", error->message);
      return;
    }
  teller_sim_server_reply_code (self, message, "0", NULL);
}
