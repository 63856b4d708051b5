/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "test-sim-util.h"

TellerSim *sim;
TellerSimServer *server;
SoupSession *session;
char *base_url;

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_clear_object (&reply->message);
  g_free (reply);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until *@flag is set; FALSE when @timeout_ms passed first. */
gboolean
wait_for (const gboolean *flag,
          guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, flag_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

void
spin (guint ms)
{
  gboolean never = FALSE;

  wait_for (&never, ms);
}

void
reply_sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                   &reply->error);
  reply->status = soup_message_get_status (reply->message);
  reply->done = TRUE;
}

Reply *
request_full (const char *method,
              const char *path,
              const char *body,
              const char *content_type)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  Reply *reply = g_new0 (Reply, 1);
  gint64 start = g_get_monotonic_time ();

  reply->message = soup_message_new (method, url);
  ck_assert_ptr_nonnull (reply->message);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (reply->message, content_type, bytes);
    }
  soup_session_send_and_read_async (session, reply->message, G_PRIORITY_DEFAULT,
                                    NULL, reply_sent_cb, reply);
  ck_assert_msg (wait_for (&reply->done, WAIT_MS), "no reply to %s %s", method, path);
  reply->elapsed_us = g_get_monotonic_time () - start;
  return reply;
}

Reply *
post (const char *path,
      const char *body)
{
  return request_full ("POST", path, body, "application/json");
}

JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  ck_assert_ptr_nonnull (body);
  data = g_bytes_get_data (body, &size);
  ck_assert_msg (json_parser_load_from_data (parser, data, (gssize) size, &error),
                 "not JSON: %s", error != NULL ? error->message : "");
  ck_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* POSTs @body and expects HTTP 200 with a JSON object. */
JsonObject *
post_ok (const char *path,
         const char *body)
{
  g_autoptr(Reply) reply = post (path, body);

  ck_assert_msg (reply->error == NULL, "%s: %s", path, reply->error->message);
  ck_assert_uint_eq (reply->status, 200);
  return parse_object (reply->body);
}

void
assert_member (JsonObject *object,
               const char *name,
               const char *expected)
{
  JsonNode *node = json_object_get_member (object, name);

  ck_assert_msg (node != NULL, "no member %s", name);
  ck_assert_msg (json_node_get_value_type (node) == G_TYPE_STRING, "%s is not a string", name);
  ck_assert_str_eq (json_node_get_string (node), expected);
}

void
set_fault (const char *route,
           const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (server, route, spec, &error),
                 "%s", error != NULL ? error->message : "");
}

void
sim_test_setup (void)
{
  g_autoptr(GError) error = NULL;

  sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (sim, 0, &error), "%s", error ? error->message : "");
  server = teller_sim_get_camera_server (sim);
  base_url = teller_sim_dup_camera_url (sim);
  session = soup_session_new_with_options ("timeout", 10, NULL);
}

void
sim_test_teardown (void)
{
  g_clear_object (&session);
  g_clear_object (&sim);
  g_clear_pointer (&base_url, g_free);
  server = NULL;
}
