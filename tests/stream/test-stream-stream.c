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

  return tc;
}
