/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "teller-camera-service-private.h"
#include "teller-captured-image.h"
#include "teller-error.h"

/*
 * Image capture over CameraService's WebSocket (chapter 3.3, 表 3): the text
 * message {"function": "grab_image", "params": {table 1}} is answered with a text
 * message {"function": "grab_image", table 2}.  The document names no WebSocket
 * URL, only the service's port (chapter 1) and that ws differs from http by the
 * scheme alone (chapter 12.3): the connection goes to the base URL with http
 * turned into ws (https into wss).
 *
 * One connection a call: connect, send, wait for the message whose "function" is
 * "grab_image" (others are skipped), close.  The service's per-call timeout covers
 * the connection and the answer.  Each message is parsed, checked and its images
 * decoded in a worker thread, as the HTTP path does: it carries megabytes of base64.
 */

#define OPERATION "video=grabimage"
#define FUNCTION  "grab_image"

typedef struct
{
  SoupWebsocketConnection *connection;
  gulong                   message_id;
  gulong                   closed_id;
  GCancellable            *call_cancellable; /* cancelled by the caller or by the timeout */
  GCancellable            *caller_cancellable;
  gulong                   caller_cancel_id;
  GSource                  *timeout_source;
  GSource                  *cancel_source;   /* watches call_cancellable once connected */
  char                     *request_text;
  guint                    parsing;          /* messages in worker threads */
  gboolean                 closed;
  gboolean                 timed_out;
  gboolean                 done;
  gboolean                 holds_task;       /* connected: the call keeps its task */
} WsCall;

/* Stops listening and closes; the reference goes with the call, which may be
 * inside one of the connection's signals now. */
static void
ws_call_release_connection (WsCall *call)
{
  if (call->connection == NULL)
    return;

  g_clear_signal_handler (&call->message_id, call->connection);
  g_clear_signal_handler (&call->closed_id, call->connection);
  if (soup_websocket_connection_get_state (call->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (call->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static void
ws_call_free (WsCall *call)
{
  ws_call_release_connection (call);
  g_clear_object (&call->connection);
  if (call->timeout_source != NULL)
    g_source_destroy (call->timeout_source);
  g_clear_pointer (&call->timeout_source, g_source_unref);
  if (call->cancel_source != NULL)
    g_source_destroy (call->cancel_source);
  g_clear_pointer (&call->cancel_source, g_source_unref);
  if (call->caller_cancellable != NULL)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_cancel_id);
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->call_cancellable);
  g_clear_pointer (&call->request_text, g_free);
  g_free (call);
}

static GError *
timeout_error (void)
{
  return g_error_new (TELLER_ERROR, TELLER_ERROR_TIMEOUT,
                      _("The service did not answer in time"));
}

static gboolean
unref_task_idle_cb (gpointer user_data)
{
  g_object_unref (user_data);
  return G_SOURCE_REMOVE;
}

/* Finishes the call once: the connection is closed, later events are ignored. */
static void
ws_call_return (GTask     *task,
                GPtrArray *images,
                GError    *error)
{
  WsCall *call = g_task_get_task_data (task);

  if (call->done)
    {
      g_clear_pointer (&images, g_ptr_array_unref);
      g_clear_error (&error);
      return;
    }

  call->done = TRUE;
  ws_call_release_connection (call);
  if (call->timeout_source != NULL)
    g_source_destroy (call->timeout_source);
  if (call->cancel_source != NULL)
    g_source_destroy (call->cancel_source);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, images, (GDestroyNotify) g_ptr_array_unref);

  /* The connected call's own reference, dropped once out of the signal or source
   * that finished it. */
  if (call->holds_task)
    {
      GSource *source = g_idle_source_new ();

      call->holds_task = FALSE;
      g_source_set_callback (source, unref_task_idle_cb, task, NULL);
      g_source_set_static_name (source, "[teller] websocket capture done");
      g_source_attach (source, g_task_get_context (task));
      g_source_unref (source);
    }
}

static GError *
closed_error (void)
{
  return g_error_new (TELLER_ERROR, TELLER_ERROR_UNREACHABLE,
                      _("The service closed the WebSocket connection without answering"));
}

/* ---- One message, in a worker thread ----------------------------------- */

typedef struct
{
  gboolean   ours;    /* "function" is "grab_image" */
  GPtrArray *images;
} Parsed;

static void
parsed_free (Parsed *parsed)
{
  g_clear_pointer (&parsed->images, g_ptr_array_unref);
  g_free (parsed);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *message = task_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  GError *error = NULL;
  Parsed *parsed;
  JsonNode *root;
  JsonObject *object;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  if (!json_parser_load_from_data (parser, data, size, &parse_error))
    {
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                               _("The service sent a WebSocket message that is not valid JSON: %s"),
                               parse_error->message);
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                               _("The service sent a WebSocket message that is not a JSON object"));
      return;
    }

  parsed = g_new0 (Parsed, 1);
  object = json_node_get_object (root);
  parsed->ours = g_strcmp0 (json_object_get_string_member_with_default (object, "function", NULL),
                            FUNCTION) == 0;
  if (parsed->ours)
    {
      if (!teller_camera_reply_check (OPERATION, root, &error) ||
          (parsed->images = teller_captured_images_parse (object, &error)) == NULL)
        {
          parsed_free (parsed);
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_pointer (task, parsed, (GDestroyNotify) parsed_free);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WsCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  Parsed *parsed = g_task_propagate_pointer (G_TASK (result), &error);

  call->parsing--;
  if (parsed == NULL)
    ws_call_return (task, NULL, error);
  else if (parsed->ours)
    ws_call_return (task, g_steal_pointer (&parsed->images), NULL);
  else if (call->closed && call->parsing == 0)
    ws_call_return (task, NULL, closed_error ());
  g_clear_pointer (&parsed, parsed_free);
}

/* ---- The connection ---------------------------------------------------- */

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            gpointer                 user_data)
{
  GTask *task = user_data;
  WsCall *call = g_task_get_task_data (task);
  g_autoptr(GTask) parse = NULL;

  if (call->done)
    return;

  call->parsing++;
  parse = g_task_new (NULL, NULL, parsed_cb, g_object_ref (task));
  g_task_set_source_tag (parse, message_cb);
  g_task_set_task_data (parse, g_bytes_ref (message), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse, parse_thread);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  GTask *task = user_data;
  WsCall *call = g_task_get_task_data (task);

  call->closed = TRUE;
  /* A reply still being parsed may be the answer. */
  if (call->parsing == 0)
    ws_call_return (task, NULL, closed_error ());
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  WsCall *call = g_task_get_task_data (task);

  if (call->timed_out)
    ws_call_return (task, NULL, timeout_error ());
  else
    ws_call_return (task, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WsCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      if (call->timed_out)
        ws_call_return (task, NULL, timeout_error ());
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ws_call_return (task, NULL, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        ws_call_return (task, NULL, timeout_error ());
      else if (error->domain == SOUP_WEBSOCKET_ERROR)
        /* The service answered over HTTP, but not with a WebSocket. */
        ws_call_return (task, NULL,
                        g_error_new (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                                     _("The service does not accept WebSocket connections: %s"),
                                     error->message));
      else
        ws_call_return (task, NULL,
                        g_error_new (TELLER_ERROR, TELLER_ERROR_UNREACHABLE,
                                     _("Could not reach the service: %s"), error->message));
      return;
    }

  call->connection = connection;
  if (call->done)
    {
      ws_call_release_connection (call);
      return;
    }
  call->holds_task = TRUE;

  /* Replies carry whole images: the JSON client's limit, not libsoup's 128 KiB. */
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           TELLER_JSON_CLIENT_DEFAULT_MAX_REPLY);
  call->message_id = g_signal_connect (connection, "message", G_CALLBACK (message_cb), task);
  call->closed_id = g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), task);

  /* From here the timeout and the caller's cancellation end the wait themselves. */
  context = g_main_context_ref_thread_default ();
  call->cancel_source = g_cancellable_source_new (call->call_cancellable);
  g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (cancelled_cb), task, NULL);
  g_source_set_static_name (call->cancel_source, "[teller] websocket capture cancelled");
  g_source_attach (call->cancel_source, context);

  soup_websocket_connection_send_text (connection, call->request_text);
  g_clear_pointer (&call->request_text, g_free);
  (void) g_steal_pointer (&task); /* call->holds_task */
}

static gboolean
timeout_cb (gpointer user_data)
{
  WsCall *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->call_cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* ws://host:port/path from the base URL, or %NULL. */
static char *
websocket_url (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *path;

  if (base_url == NULL)
    return NULL;
  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "ws") == 0)
    scheme = "ws";
  else if (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "wss") == 0)
    scheme = "wss";
  else
    return NULL;

  path = g_uri_get_path (uri);
  if (path == NULL || *path == '\0')
    path = "/";
  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, NULL, NULL);
}

/* {"function": "grab_image", "params": @params} (taken) */
static char *
build_request (JsonNode *params)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "function", FUNCTION);
  json_object_set_member (object, "params", params);
  json_node_set_object (root, object);
  return json_to_string (root, FALSE);
}

/**
 * teller_camera_service_capture_ws_async:
 * @options: what to capture, as teller_camera_service_capture_async() takes them
 *
 * Captures over the service's WebSocket instead of POST /video=grabimage; the
 * result and errors are the same.  Out-of-range options finish with
 * %TELLER_ERROR_INVALID_INPUT before anything is sent.
 */
void
teller_camera_service_capture_ws_async (TellerCameraService        *self,
                                        const TellerCaptureOptions *options,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data)
{
  TellerService *service = TELLER_SERVICE (self);
  g_autoptr(TellerCaptureOptions) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;
  JsonNode *params;
  WsCall *call;
  guint timeout_ms;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_camera_service_capture_ws_async);

  request = teller_capture_options_copy (options);
  if (request->camidx == TELLER_CAPTURE_UNSET)
    request->camidx = (int) teller_camera_service_get_document_camera_index (self);
  params = teller_capture_options_to_json (request, &error);
  if (params == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  url = websocket_url (teller_service_get_base_url (service));
  if (url == NULL)
    {
      json_node_unref (params);
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                               _("“%s” is not a valid service address"),
                               teller_service_get_base_url (service) != NULL
                                 ? teller_service_get_base_url (service) : "");
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      json_node_unref (params);
      return;
    }

  call = g_new0 (WsCall, 1);
  call->request_text = build_request (params);
  call->call_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, call, (GDestroyNotify) ws_call_free);

  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->caller_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                      call->call_cancellable, NULL);
    }

  timeout_ms = teller_service_get_timeout_ms (service);
  if (timeout_ms > 0)
    {
      g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

      call->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (call->timeout_source, timeout_cb, call, NULL);
      g_source_set_static_name (call->timeout_source, "[teller] websocket capture timeout");
      g_source_attach (call->timeout_source, context);
    }

  message = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (teller_json_client_get_session (teller_service_get_client (service)),
                                        message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        call->call_cancellable, connect_cb,
                                        g_steal_pointer (&task));
}

/**
 * teller_camera_service_capture_ws_finish:
 *
 * Returns: (transfer full) (element-type TellerCapturedImage): the images, at
 *   least one, each a checked JPEG with its size
 */
GPtrArray *
teller_camera_service_capture_ws_finish (TellerCameraService  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        teller_camera_service_capture_ws_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
