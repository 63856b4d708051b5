/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"

/* ---- A crafted server: replies no honest service sends ----------------- */

typedef struct
{
  SoupServer *server;
  char       *url;
  char       *body;           /* the canned reply */
  gsize       stream_total;   /* or stream this many bytes of an endless string */
  gsize       streamed;
} Crafted;

static Crafted crafted;

#define STREAM_CHUNK (1024 * 1024)
static char stream_chunk[STREAM_CHUNK];

static void
wrote_chunk_cb (SoupServerMessage *message,
                gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (crafted.streamed >= crafted.stream_total)
    {
      soup_message_body_complete (body);
      return;
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, stream_chunk, STREAM_CHUNK);
  crafted.streamed += STREAM_CHUNK;
}

static void
crafted_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char prefix[] = "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  if (crafted.stream_total == 0)
    {
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        crafted.body, strlen (crafted.body));
      return;
    }

  /* Chunked, so the client cannot refuse by the length: it has to count. */
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, prefix, strlen (prefix));
  g_signal_connect (message, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), NULL);
}

static void
setup_crafted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  memset (stream_chunk, 'A', sizeof stream_chunk);
  crafted.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (crafted.server, "/", crafted_cb, NULL, NULL);
  ck_assert_msg (soup_server_listen (crafted.server, address, 0, &error), "%s", error ? error->message : "");
  /* Not soup_server_get_uris(): it leaks the address in libsoup 3.2. */
  listeners = soup_server_get_listeners (crafted.server);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  ck_assert_msg (bound != NULL, "%s", error ? error->message : "");
  crafted.url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  fixture.client = teller_json_client_new ();
  fixture.camera = teller_camera_service_new (fixture.client, crafted.url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), CAPTURE_TIMEOUT_MS);
}

static void
teardown_crafted (void)
{
  g_clear_object (&fixture.camera);
  g_clear_object (&fixture.client);
  if (crafted.server != NULL)
    soup_server_disconnect (crafted.server);
  g_clear_object (&crafted.server);
  g_clear_pointer (&crafted.url, g_free);
  g_clear_pointer (&crafted.body, g_free);
  crafted.stream_total = crafted.streamed = 0;
  while (g_main_context_iteration (NULL, FALSE));
}

static void
assert_crafted_bad (void)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = capture_with (fixture.camera, options, &error);

  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE),
                 "%s", error->message);
}

START_TEST (test_crafted_bad_replies)
{
  static const char * const replies[] = {
    "{\"code\":\"0\",\"message\":\"\",\"image_count\":1}",
    "{\"code\":\"0\",\"image_count\":1,\"images\":[{\"index\":0,\"base64\":\"not base64!\"}]}",
    "{\"code\":\"0\",\"image_count\":1,\"images\":[{\"index\":0,\"base64\":\"aGVsbG8gd29ybGQ=\"}]}",
    "{\"code\":0,\"photoBase64\":\"aGVsbG8=\"}",
  };

  crafted.body = g_strdup (replies[_i]);
  assert_crafted_bad ();
}
END_TEST

START_TEST (test_crafted_good_reply_number_code)
{
  g_autofree char *jpeg = make_jpeg_base64 (5, 7);
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  /* "code" as the number 0, as some builds send it (NOTES.md). */
  crafted.body = g_strdup_printf ("{\"code\":0,\"image_count\":1,\"images\":[{\"index\":0,\"base64\":\"%s\"}]}", jpeg);
  images = capture_with (fixture.camera, options, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (first (images)->width, 5);
  ck_assert_int_eq (first (images)->height, 7);
}
END_TEST

START_TEST (test_crafted_huge_reply_refused)
{
  /* 100 MB of "image" against a 16 MB limit: refused while it streams. */
  teller_json_client_set_max_reply_size (fixture.client, 16 * 1024 * 1024);
  crafted.stream_total = 100 * (gsize) 1024 * 1024;
  assert_crafted_bad ();
  ck_assert_uint_lt (crafted.streamed, crafted.stream_total);
}
END_TEST

START_TEST (test_crafted_large_garbage_decoded_off_loop)
{
  /* 24 MB of base64 that decodes to something that is not a JPEG. */
  GString *body = g_string_new ("{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"");

  for (guint i = 0; i < 24 * 1024; i++)
    g_string_append_len (body, stream_chunk, 1024);
  g_string_append (body, "\"}]}");
  crafted.body = g_string_free (body, FALSE);
  assert_crafted_bad ();
}
END_TEST

TCase *
capture_crafted_tcase (void)
{
  TCase *tc = tcase_create ("crafted");

  tcase_add_checked_fixture (tc, setup_crafted, teardown_crafted);
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, test_crafted_bad_replies, 0, 4);
  tcase_add_test (tc, test_crafted_good_reply_number_code);
  tcase_add_test (tc, test_crafted_huge_reply_refused);
  tcase_add_test (tc, test_crafted_large_garbage_decoded_off_loop);

  return tc;
}
