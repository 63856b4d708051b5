/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "teller-error.h"
#include "teller-json-client.h"

#define READ_CHUNK_SIZE (64 * 1024)
/* Replies above this are parsed in a worker thread so the window keeps drawing. */
#define PARSE_IN_THREAD_THRESHOLD (256 * 1024)

struct _TellerJsonClient
{
  GObject      parent_instance;

  SoupSession *session;
  gsize        max_reply_size;
};

G_DEFINE_FINAL_TYPE (TellerJsonClient, teller_json_client, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage  *message;
  GInputStream *body_stream;
  GByteArray   *body;
  GCancellable *call_cancellable; /* cancelled by the caller or by the timeout */
  gulong        caller_cancel_id;
  GCancellable *caller_cancellable;
  GSource      *timeout_source;
  gboolean      timed_out;
  gboolean      headers_received;
  TellerJsonClientFlags flags;
  char         *url;
} Request;

static void
clear_timeout (Request *request)
{
  if (request->timeout_source != NULL)
    g_source_destroy (request->timeout_source);
  g_clear_pointer (&request->timeout_source, g_source_unref);
}

static void
request_free (Request *request)
{
  clear_timeout (request);
  if (request->caller_cancel_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_cancel_id);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->call_cancellable);
  g_clear_object (&request->message);
  g_clear_object (&request->body_stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->url, g_free);
  g_free (request);
}

static void
teller_json_client_dispose (GObject *object)
{
  TellerJsonClient *self = TELLER_JSON_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (teller_json_client_parent_class)->dispose (object);
}

static void
teller_json_client_class_init (TellerJsonClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = teller_json_client_dispose;
}

static void
teller_json_client_init (TellerJsonClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Teller/%s ", PACKAGE_VERSION);

  /* Per-call timeouts are ours (they cover the whole exchange, body included), so
   * the session's own timeout stays off; more connections per host than libsoup's
   * default of 2 because a preview stream holds one open for as long as it runs. */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "max-conns-per-host", 8,
                                                 "timeout", 0,
                                                 NULL);
  self->max_reply_size = TELLER_JSON_CLIENT_DEFAULT_MAX_REPLY;
}

TellerJsonClient *
teller_json_client_new (void)
{
  return g_object_new (TELLER_TYPE_JSON_CLIENT, NULL);
}

SoupSession *
teller_json_client_get_session (TellerJsonClient *self)
{
  g_return_val_if_fail (TELLER_IS_JSON_CLIENT (self), NULL);

  return self->session;
}

void
teller_json_client_set_max_reply_size (TellerJsonClient *self,
                                       gsize             max_bytes)
{
  g_return_if_fail (TELLER_IS_JSON_CLIENT (self));
  g_return_if_fail (max_bytes > 0);

  self->max_reply_size = max_bytes;
}

/**
 * teller_json_client_build_url:
 *
 * Joins a configured base URL and an endpoint path with exactly one "/".
 */
char *
teller_json_client_build_url (const char *base_url,
                              const char *path)
{
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  while (*path == '/')
    path++;

  return g_strdup_printf ("%.*s/%s", (int) len, base_url, path);
}

static GError *
map_transport_error (Request *request,
                     GError  *error)
{
  if (request->timed_out)
    return g_error_new (TELLER_ERROR, TELLER_ERROR_TIMEOUT,
                        _("The service did not answer in time"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (TELLER_ERROR, TELLER_ERROR_TIMEOUT,
                        _("The service did not answer in time"));

  /* A connection that ends after the headers is a cut-off reply, not an absent service. */
  if (request->headers_received)
    return g_error_new (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                        _("The service’s reply was cut off: %s"), error->message);

  return g_error_new (TELLER_ERROR, TELLER_ERROR_UNREACHABLE,
                      _("Could not reach the service: %s"), error->message);
}

static void
return_transport_error (GTask  *task,
                        GError *error)
{
  Request *request = g_task_get_task_data (task);

  g_task_return_error (task, map_transport_error (request, error));
}

static JsonNode *
parse_reply (GBytes  *bytes,
             GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The service sent an empty reply"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The service sent a reply that is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The service sent a reply that is not a JSON object"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  JsonNode *root = parse_reply (bytes, &error);

  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *root = g_task_propagate_pointer (G_TASK (result), &error);

  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

/* Nothing but JSON whitespace: what a service that answers nothing sends. */
static gboolean
body_is_blank (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

static void
finish_with_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  g_autoptr(GTask) parse_task = NULL;
  GError *error = NULL;
  JsonNode *root;

  /* The reply is complete: the timeout no longer applies to local parsing. */
  clear_timeout (request);

  if ((request->flags & TELLER_JSON_CLIENT_ALLOW_EMPTY) != 0 && body_is_blank (bytes))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (g_bytes_get_size (bytes) < PARSE_IN_THREAD_THRESHOLD)
    {
      root = parse_reply (bytes, &error);
      if (root == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
      return;
    }

  parse_task = g_task_new (NULL, g_task_get_cancellable (task), parsed_cb, g_object_ref (task));
  g_task_set_source_tag (parse_task, parse_in_thread);
  g_task_set_task_data (parse_task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse_task, parse_in_thread);
}

static void read_next_chunk (GTask *task);

static void
chunk_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TellerJsonClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_with_body (task);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > self->max_reply_size)
    {
      g_autofree char *limit = g_format_size (self->max_reply_size);

      g_cancellable_cancel (request->call_cancellable);
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                               _("The service’s reply is larger than %s; it was refused"),
                               limit);
      return;
    }

  g_byte_array_append (request->body,
                       g_bytes_get_data (chunk, NULL),
                       g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->body_stream,
                                   READ_CHUNK_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   request->call_cancellable,
                                   chunk_read_cb,
                                   task);
}

static GError *
check_status (TellerJsonClient *self,
              SoupMessage      *message)
{
  guint status = soup_message_get_status (message);
  goffset length;

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (TELLER_ERROR, TELLER_ERROR_AUTH,
                        _("The service refused the credentials (HTTP %u)"), status);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return g_error_new (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                        _("The service answered with an error (HTTP %u %s)"),
                        status, soup_status_get_phrase (status));

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (message));
  if (length > 0 && (guint64) length > self->max_reply_size)
    {
      g_autofree char *limit = g_format_size (self->max_reply_size);
      return g_error_new (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                          _("The service’s reply is larger than %s; it was refused"), limit);
    }

  return NULL;
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TellerJsonClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *status_error;

  request->body_stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->body_stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  request->headers_received = TRUE;
  status_error = check_status (self, request->message);
  if (status_error != NULL)
    {
      g_cancellable_cancel (request->call_cancellable);
      g_task_return_error (task, status_error);
      return;
    }

  request->body = g_byte_array_new ();
  read_next_chunk (g_steal_pointer (&task));
}

static gboolean
timeout_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->call_cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *call_cancellable = user_data;

  g_cancellable_cancel (call_cancellable);
}

static void
start_request (TellerJsonClient      *self,
               const char            *method,
               const char            *url,
               GBytes                *body,
               TellerJsonClientFlags  flags,
               guint                  timeout_ms,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data,
               gpointer               source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GUri) uri = NULL;
  Request *request;

  g_task_set_source_tag (task, source_tag);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                               _("“%s” is not a valid service address"), url);
      return;
    }

  request = g_new0 (Request, 1);
  request->url = g_strdup (url);
  request->flags = flags;
  request->message = soup_message_new_from_uri (method, uri);
  request->call_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_cancel_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (caller_cancelled_cb),
                                                         request->call_cancellable, NULL);
    }

  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");
  /* The body is sent as it is: no copy, no serialization on this thread. */
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->message, "application/json", body);

  if (timeout_ms > 0)
    {
      g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

      request->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (request->timeout_source, timeout_cb, request, NULL);
      g_source_set_static_name (request->timeout_source, "[teller] request timeout");
      g_source_attach (request->timeout_source, context);
    }

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->call_cancellable, send_cb, g_steal_pointer (&task));
}

/**
 * teller_json_client_post_async:
 * @url: the full endpoint URL
 * @body: (nullable): the JSON to send; %NULL sends no body
 * @timeout_ms: the whole exchange must finish within this; 0 for no limit
 *
 * POSTs JSON and reads a JSON reply.  Transport failures come back in the
 * %TELLER_ERROR domain; the vendor's own code inside the reply is the caller's to read.
 *
 * @body is serialized on the calling thread: fine for the small requests most
 * calls make.  A request that carries images is built and serialized in a worker
 * thread and sent with teller_json_client_post_bytes_async().
 */
void
teller_json_client_post_async (TellerJsonClient    *self,
                               const char          *url,
                               JsonNode            *body,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (TELLER_IS_JSON_CLIENT (self));
  g_return_if_fail (url != NULL);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      bytes = g_bytes_new_take (g_steal_pointer (&text), len);
    }

  start_request (self, SOUP_METHOD_POST, url, bytes, TELLER_JSON_CLIENT_NONE, timeout_ms,
                 cancellable, callback, user_data, teller_json_client_post_async);
}

/**
 * teller_json_client_post_bytes_async:
 * @url: the full endpoint URL
 * @json_body: serialized JSON (for instance from json_generator_to_data() in a
 *   worker thread); sent as it is, without a copy
 * @timeout_ms: the whole exchange must finish within this; 0 for no limit
 *
 * teller_json_client_post_async() for a body that is already serialized, so
 * that a request of many megabytes costs the calling thread nothing.
 */
void
teller_json_client_post_bytes_async (TellerJsonClient    *self,
                                     const char          *url,
                                     GBytes              *json_body,
                                     guint                timeout_ms,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_JSON_CLIENT (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (json_body != NULL);

  start_request (self, SOUP_METHOD_POST, url, json_body, TELLER_JSON_CLIENT_NONE, timeout_ms,
                 cancellable, callback, user_data, teller_json_client_post_bytes_async);
}

/**
 * teller_json_client_request_async:
 * @method: %SOUP_METHOD_GET or %SOUP_METHOD_POST
 * @url: the full endpoint URL
 * @json_body: (nullable): serialized JSON to send; %NULL sends no body
 * @flags: %TELLER_JSON_CLIENT_ALLOW_EMPTY for an endpoint documented to answer nothing
 * @timeout_ms: the whole exchange must finish within this; 0 for no limit
 *
 * The general form of the calls above.  With %TELLER_JSON_CLIENT_ALLOW_EMPTY an
 * empty 2xx reply finishes with %NULL and no error; a non-empty one must still be
 * JSON.
 */
void
teller_json_client_request_async (TellerJsonClient      *self,
                                  const char            *method,
                                  const char            *url,
                                  GBytes                *json_body,
                                  TellerJsonClientFlags  flags,
                                  guint                  timeout_ms,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_return_if_fail (TELLER_IS_JSON_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (url != NULL);

  start_request (self, method, url, json_body, flags, timeout_ms, cancellable,
                 callback, user_data, teller_json_client_request_async);
}

void
teller_json_client_get_async (TellerJsonClient    *self,
                              const char          *url,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_JSON_CLIENT (self));
  g_return_if_fail (url != NULL);

  start_request (self, SOUP_METHOD_GET, url, NULL, TELLER_JSON_CLIENT_NONE, timeout_ms,
                 cancellable, callback, user_data, teller_json_client_get_async);
}

/**
 * teller_json_client_request_finish:
 *
 * Returns: (transfer full) (nullable): the reply's root, an object or an array;
 *   %NULL with @error set on failure, or %NULL without an error for the empty
 *   reply of a call made with %TELLER_JSON_CLIENT_ALLOW_EMPTY
 */
JsonNode *
teller_json_client_request_finish (TellerJsonClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (TELLER_IS_JSON_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
