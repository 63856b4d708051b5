/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-stream.h"

/* ---- The stream -------------------------------------------------------- */

START_TEST (test_gst_client_frames)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(GstClient) player = gst_client_new (url);
  guint start_frames, frames;
  gint64 start;

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 || gst_client_ended (player), WAIT_MS);
  ck_assert_msg (!gst_client_ended (player), "the stream ended early");

  /* The configured size... */
  g_mutex_lock (&player->lock);
  ck_assert_int_eq (player->width, TEST_WIDTH);
  ck_assert_int_eq (player->height, TEST_HEIGHT);
  g_mutex_unlock (&player->lock);

  /* ...at about the configured rate: a wide margin for loaded CI machines, where
   * frames held up in the sockets arrive in bursts, but not an unpaced stream. */
  start_frames = gst_client_frames (player);
  start = g_get_monotonic_time ();
  spin (1000);
  frames = gst_client_frames (player) - start_frames;
  frames = (guint) (frames * 1e6 / (g_get_monotonic_time () - start));
  ck_assert_msg (frames >= TEST_FRAMERATE / 2 && frames <= TEST_FRAMERATE * 2,
                 "%u frames per second, configured %u", frames, TEST_FRAMERATE);
  ck_assert (!gst_client_ended (player));
  ck_assert (teller_sim_stream_get_running (stream, 0));
}
END_TEST

START_TEST (test_raw_multipart)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(RawClient) raw = raw_client_new (url);
  SoupMessageHeaders *headers;
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  g_auto(Multipart) multipart = { 0 };

  TEST_WAIT_UNTIL (raw->headers || raw->done, WAIT_MS);
  ck_assert_msg (raw->headers, "%s", raw->error ? raw->error->message : "no headers");
  ck_assert_uint_eq (soup_message_get_status (raw->message), SOUP_STATUS_OK);
  headers = soup_message_get_response_headers (raw->message);
  type = soup_message_headers_get_content_type (headers, &params);
  ck_assert_str_eq (type, "multipart/x-mixed-replace");
  ck_assert_str_eq (g_hash_table_lookup (params, "boundary"), TELLER_SIM_STREAM_BOUNDARY);
  ck_assert_str_eq (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), "*");

  TEST_WAIT_UNTIL (raw_client_parts (raw) >= 5 || raw->done, WAIT_MS);
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert_uint_ge (multipart.parts, 5);
  ck_assert (!multipart.closed);
  ck_assert (!raw->done);
}
END_TEST

START_TEST (test_unplug_ends_stream)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *again_url = NULL;
  g_autoptr(GstClient) player = gst_client_new (url);
  g_autoptr(GstClient) again = NULL;
  g_autoptr(RawClient) raw = raw_client_new (url);
  g_auto(Multipart) multipart = { 0 };
  double mean[3];

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 && raw_client_parts (raw) >= 3, WAIT_MS);
  set_plugged (FALSE);

  /* Both clients see the end, after a last "device error" picture. */
  TEST_WAIT_UNTIL (gst_client_ended (player) && raw->done, WAIT_MS);
  ck_assert_msg (player->eos, "the player got an error instead of the end of the stream");
  gst_client_get_mean (player, mean);
  ck_assert_msg (mean_is_error_picture (mean), "last frame %.0f %.0f %.0f",
                 mean[0], mean[1], mean[2]);
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert (multipart.closed);
  ck_assert (!teller_sim_stream_get_running (stream, 0));

  /* Plugged back in, a new request streams again. */
  set_plugged (TRUE);
  again_url = dup_stream_url (0);
  again = gst_client_new (again_url);
  TEST_WAIT_UNTIL (gst_client_frames (again) >= 3 || gst_client_ended (again), WAIT_MS);
  ck_assert (!gst_client_ended (again));
  gst_client_get_mean (again, mean);
  ck_assert (!mean_is_error_picture (mean));
}
END_TEST

START_TEST (test_unplugged_request_gets_one_error_frame)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(RawClient) raw = NULL;
  g_auto(Multipart) multipart = { 0 };

  set_plugged (FALSE);
  raw = raw_client_new (url);
  TEST_WAIT_UNTIL (raw->done, WAIT_MS);
  ck_assert_ptr_null (raw->error);
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert_uint_eq (multipart.parts, 1);
  ck_assert (multipart.closed);
  ck_assert (!teller_sim_stream_get_running (stream, 0));
}
END_TEST

START_TEST (test_close_and_open)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *closed_url = NULL;
  g_autofree char *open_url = NULL;
  g_autoptr(GstClient) player = gst_client_new (url);
  g_autoptr(GstClient) refused = NULL;
  g_autoptr(GstClient) reopened = NULL;
  g_autoptr(GError) error = NULL;
  double mean[3];

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3, WAIT_MS);

  /* video=close ends the stream with a "device closed" picture (chapter 3.10). */
  ck_assert_msg (call_open_close (FALSE, 0, &error), "%s", error ? error->message : "");
  TEST_WAIT_UNTIL (gst_client_ended (player), WAIT_MS);
  ck_assert (player->eos);
  gst_client_get_mean (player, mean);
  ck_assert_msg (mean_is_closed_picture (mean), "last frame %.0f %.0f %.0f",
                 mean[0], mean[1], mean[2]);
  ck_assert (!teller_sim_stream_get_open (stream, 0));

  /* While closed, a new stream is that one picture and the end. */
  closed_url = dup_stream_url (0);
  refused = gst_client_new (closed_url);
  TEST_WAIT_UNTIL (gst_client_ended (refused), WAIT_MS);
  ck_assert_uint_eq (gst_client_frames (refused), 1);
  gst_client_get_mean (refused, mean);
  ck_assert (mean_is_closed_picture (mean));

  /* video=open (chapter 3.9) lets streams run again. */
  ck_assert_msg (call_open_close (TRUE, 0, &error), "%s", error ? error->message : "");
  ck_assert (teller_sim_stream_get_open (stream, 0));
  open_url = dup_stream_url (0);
  reopened = gst_client_new (open_url);
  TEST_WAIT_UNTIL (gst_client_frames (reopened) >= 3 || gst_client_ended (reopened), WAIT_MS);
  ck_assert (!gst_client_ended (reopened));

  /* Another camera's index that does not exist is "device not connected". */
  ck_assert (!call_open_close (TRUE, 5, &error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
}
END_TEST

START_TEST (test_open_count)
{
  g_autoptr(GError) error = NULL;

  /* A count (chapters 3.9, 3.10): two opens need two closes. */
  ck_assert (call_open_close (TRUE, 0, &error));
  ck_assert (call_open_close (FALSE, 0, &error));
  ck_assert (teller_sim_stream_get_open (stream, 0));
  ck_assert (call_open_close (FALSE, 0, &error));
  ck_assert (!teller_sim_stream_get_open (stream, 0));
  /* Never below zero: one open after extra closes opens again. */
  ck_assert (call_open_close (FALSE, 0, &error));
  ck_assert (call_open_close (TRUE, 0, &error));
  ck_assert (teller_sim_stream_get_open (stream, 0));
}
END_TEST

START_TEST (test_two_clients_then_idle)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *other_url = dup_stream_url (0);
  gint64 start = g_get_monotonic_time ();
  RawClient *first = raw_client_new (url);
  RawClient *second = raw_client_new (other_url);
  guint64 encoded;
  double elapsed_s;

  ck_assert (!teller_sim_stream_get_running (stream, 0));
  TEST_WAIT_UNTIL (raw_client_parts (first) >= 15 && raw_client_parts (second) >= 15, WAIT_MS);
  ck_assert (!first->done && !second->done);
  ck_assert (teller_sim_stream_get_running (stream, 0));
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 2);

  /* Encoded once for both: no more frames than one pipeline makes in the time
   * (a load can only make fewer; an encoder per client would make twice as many). */
  encoded = teller_sim_stream_get_frames_encoded (stream, 0);
  elapsed_s = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (encoded <= TEST_FRAMERATE * elapsed_s * 1.25 + 3,
                 "%" G_GUINT64_FORMAT " frames encoded in %.2f s", encoded, elapsed_s);

  raw_client_free (first);
  TEST_WAIT_UNTIL (teller_sim_stream_get_n_clients (stream, 0) == 1, WAIT_MS);
  ck_assert (teller_sim_stream_get_running (stream, 0));
  raw_client_free (second);

  /* Nobody watches: the pipeline stops, and no frame is made any more. */
  TEST_WAIT_UNTIL (!teller_sim_stream_get_running (stream, 0), WAIT_MS);
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 0);
  encoded = teller_sim_stream_get_frames_encoded (stream, 0);
  spin (300);
  ck_assert_uint_eq (teller_sim_stream_get_frames_encoded (stream, 0), encoded);
}
END_TEST

START_TEST (test_slow_client_is_bounded)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(RawClient) fast = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_auto(Multipart) multipart = { 0 };
  guint fast_parts;

  /* Bigger frames fill the stalled socket sooner. */
  teller_sim_stream_set_size (stream, 640, 480);

  /* A client that sends its request and never reads, with a tiny window. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  ck_assert_ptr_nonnull (socket);
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  address = g_inet_socket_address_new (loopback, (guint16) teller_sim_server_get_port (
                                         teller_sim_get_camera_server (sim)));
  ck_assert_msg (g_socket_connect (socket, address, NULL, &error), "%s",
                 error ? error->message : "");
  request = g_strdup ("GET /video=stream&camidx=0&tid=1 HTTP/1.1\r\n"
                      "Host: 127.0.0.1\r\n\r\n");
  ck_assert_int_eq (g_socket_send (socket, request, strlen (request), NULL, &error),
                    (gssize) strlen (request));

  fast = raw_client_new (url);
  TEST_WAIT_UNTIL (teller_sim_stream_get_frames_dropped (stream, 0) >= 10 || fast->done,
                   WAIT_MS * 2);
  ck_assert (!fast->done);

  /* The stalled client holds back at most one frame; the fast one is not held up. */
  parse_multipart (fast->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  fast_parts = multipart.parts;
  ck_assert_uint_ge (fast_parts, 5);
  ck_assert_msg (teller_sim_stream_get_max_queued_bytes (stream) <= multipart.max_part * 2 + 256,
                 "%" G_GSIZE_FORMAT " bytes queued for one client, frames are up to %"
                 G_GSIZE_FORMAT,
                 teller_sim_stream_get_max_queued_bytes (stream), multipart.max_part);
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 2);
}
END_TEST

START_TEST (test_status_runs_while_streaming)
{
  g_autofree char *url = dup_stream_url (0);
  RawClient *raw;

  ck_assert_int_eq (status_of ("video0"), TELLER_CAMERA_PRESENCE_PRESENT);
  raw = raw_client_new (url);
  TEST_WAIT_UNTIL (raw_client_parts (raw) >= 1, WAIT_MS);
  ck_assert_int_eq (status_of ("video0"), TELLER_CAMERA_PRESENCE_RUNNING);
  ck_assert_int_eq (status_of ("video1"), TELLER_CAMERA_PRESENCE_PRESENT);
  raw_client_free (raw);
  TEST_WAIT_UNTIL (teller_sim_stream_get_n_clients (stream, 0) == 0, WAIT_MS);
  ck_assert_int_eq (status_of ("video0"), TELLER_CAMERA_PRESENCE_PRESENT);
}
END_TEST

START_TEST (test_face_camera)
{
  g_autofree char *url = dup_stream_url (1);
  g_autoptr(GstClient) player = gst_client_new (url);

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 || gst_client_ended (player), WAIT_MS);
  ck_assert (!gst_client_ended (player));
  ck_assert (teller_sim_stream_get_running (stream, 1));
  ck_assert (!teller_sim_stream_get_running (stream, 0));
}
END_TEST

/* ---- Cut mid-frame ------------------------------------------------------ */

/* POST /__sim/camera with @json; returns the reply's "code". */
static char *
post_control (const char *json)
{
  g_autofree char *base = teller_sim_dup_camera_url (sim);
  g_autofree char *url = g_strconcat (base, "/__sim/camera", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  soup_message_set_request_body_from_bytes (message, "application/json", request);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  reply = soup_session_send_and_read_finish (session, result, &error);
  ck_assert_msg (reply != NULL, "%s", error ? error->message : "");
  node = json_from_string (g_bytes_get_data (reply, NULL), &error);
  ck_assert_msg (node != NULL && JSON_NODE_HOLDS_OBJECT (node), "reply: %.*s",
                 (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
  object = json_node_get_object (node);
  ck_assert (json_object_has_member (object, "code"));
  return g_strdup (json_object_get_string_member (object, "code"));
}

/*
 * The last part of @data: its Content-Length and how many of its JPEG bytes came
 * (from its SOI on).  FALSE when there is no part with complete headers.
 */
static gboolean
last_part (GByteArray *array,
           gsize      *content_length,
           gsize      *received)
{
  const char *delimiter = "--" TELLER_SIM_STREAM_BOUNDARY "\r\n";
  const guint8 *data = array->data;
  const guint8 *last = NULL, *hit, *end_of_headers, *body;
  g_autofree char *headers = NULL;
  const char *length_header;
  gsize pos = 0;

  while (pos < array->len &&
         (hit = memmem (data + pos, array->len - pos, delimiter, strlen (delimiter))) != NULL)
    {
      last = hit;
      pos = (gsize) (hit - data) + 1;
    }
  if (last == NULL)
    return FALSE;

  last += strlen (delimiter);
  end_of_headers = memmem (last, array->len - (gsize) (last - data), "\r\n\r\n", 4);
  if (end_of_headers == NULL)
    return FALSE;
  headers = g_strndup ((const char *) last, end_of_headers - last);
  length_header = strstr (headers, "Content-Length: ");
  ck_assert_msg (length_header != NULL, "part headers: %s", headers);
  body = end_of_headers + 4;
  *content_length = (gsize) g_ascii_strtoull (length_header + strlen ("Content-Length: "),
                                              NULL, 10);
  *received = array->len - (gsize) (body - data);
  ck_assert_msg (*received >= 2 && body[0] == 0xFF && body[1] == 0xD8,
                 "the last part does not start with a JPEG");
  return TRUE;
}

/* Cut through the control route: both clients see a short part, then the end;
 * a new request streams normally. */
START_TEST (test_cut_mid_frame)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *code = NULL;
  g_autoptr(GstClient) player = gst_client_new (url);
  g_autoptr(GstClient) again = NULL;
  g_autoptr(RawClient) raw = raw_client_new (url);
  g_autoptr(RawClient) raw_again = NULL;
  g_auto(Multipart) multipart = { 0 };
  gsize content_length = 0, received = 0;
  guint frames_before;
  double mean[3];

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 && raw_client_parts (raw) >= 3, WAIT_MS);
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 2);

  code = post_control ("{\"cut_stream\": 0}");
  ck_assert_str_eq (code, "0");

  TEST_WAIT_UNTIL (gst_client_ended (player) && raw->done, WAIT_MS);
  ck_assert_msg (gst_client_ended (player), "the player did not see the end");
  ck_assert_msg (raw->done, "the raw client did not see the end");
  g_print ("cut: the player got %s\n", player->eos ? "EOS" : "an error");

  /* The raw bytes: complete parts, then a part shorter than its Content-Length,
   * then nothing: no closing delimiter. */
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert_uint_ge (multipart.parts, 3);
  ck_assert (!multipart.closed);
  ck_assert (last_part (raw->data, &content_length, &received));
  ck_assert_msg (received < content_length,
                 "the last part is complete: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                 received, content_length);
  /* About half: cut in the middle, not at an edge. */
  ck_assert_msg (received >= content_length / 4 && received <= content_length * 3 / 4,
                 "%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", received, content_length);

  /* Nobody watches any more: the pipeline stopped. */
  TEST_WAIT_UNTIL (teller_sim_stream_get_n_clients (stream, 0) == 0, WAIT_MS);
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 0);
  ck_assert (!teller_sim_stream_get_running (stream, 0));

  /* A new request streams normally again. */
  again = gst_client_new (url);
  raw_again = raw_client_new (url);
  TEST_WAIT_UNTIL ((gst_client_frames (again) >= 3 && raw_client_parts (raw_again) >= 3) ||
                   gst_client_ended (again) || raw_again->done, WAIT_MS);
  ck_assert (!gst_client_ended (again));
  ck_assert (!raw_again->done);
  ck_assert_uint_ge (gst_client_frames (again), 3);
  ck_assert_uint_ge (raw_client_parts (raw_again), 3);
  gst_client_get_mean (again, mean);
  ck_assert (!mean_is_error_picture (mean));
  frames_before = gst_client_frames (again);
  spin (300);
  ck_assert_uint_gt (gst_client_frames (again), frames_before);
  ck_assert (!gst_client_ended (again));
}
END_TEST

/* The function cuts one camera's streams only and counts them; bad fields are refused. */
START_TEST (test_cut_streams_api)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *face_url = dup_stream_url (1);
  g_autoptr(RawClient) first = raw_client_new (url);
  g_autoptr(RawClient) second = raw_client_new (url);
  g_autoptr(RawClient) face = raw_client_new (face_url);
  g_autofree char *bad = NULL;
  g_autofree char *bad_type = NULL;
  g_autofree char *idle = NULL;
  guint face_parts;

  TEST_WAIT_UNTIL (raw_client_parts (first) >= 2 && raw_client_parts (second) >= 2 &&
                   raw_client_parts (face) >= 2, WAIT_MS);
  ck_assert_uint_eq (teller_sim_stream_cut_streams (stream, 0), 2);
  TEST_WAIT_UNTIL (first->done && second->done, WAIT_MS);
  ck_assert (first->done && second->done);

  /* The face camera streams on. */
  face_parts = raw_client_parts (face);
  TEST_WAIT_UNTIL (raw_client_parts (face) >= face_parts + 3 || face->done, WAIT_MS);
  ck_assert (!face->done);
  ck_assert (teller_sim_stream_get_running (stream, 1));
  ck_assert (!teller_sim_stream_get_running (stream, 0));

  /* Nothing to cut. */
  ck_assert_uint_eq (teller_sim_stream_cut_streams (stream, 0), 0);
  idle = post_control ("{\"cut_stream\": 0}");
  ck_assert_str_eq (idle, "0");
  bad = post_control ("{\"cut_stream\": 2}");
  ck_assert_str_eq (bad, "1");
  bad_type = post_control ("{\"cut_stream\": \"0\"}");
  ck_assert_str_eq (bad_type, "1");
  ck_assert (!face->done);
}
END_TEST

TCase *
stream_stream_tcase (void)
{
  TCase *tc = tcase_create ("stream");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_gst_client_frames);
  tcase_add_test (tc, test_raw_multipart);
  tcase_add_test (tc, test_unplug_ends_stream);
  tcase_add_test (tc, test_unplugged_request_gets_one_error_frame);
  tcase_add_test (tc, test_close_and_open);
  tcase_add_test (tc, test_open_count);
  tcase_add_test (tc, test_two_clients_then_idle);
  tcase_add_test (tc, test_slow_client_is_bounded);
  tcase_add_test (tc, test_status_runs_while_streaming);
  tcase_add_test (tc, test_face_camera);
  tcase_add_test (tc, test_cut_mid_frame);
  tcase_add_test (tc, test_cut_streams_api);

  return tc;
}
