/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"
#include "teller-sim-websocket-private.h"

/*
 * Capture over CameraService's WebSocket (chapter 3.3, table 3), against the
 * in-process simulator: the same images as video=grabimage, the same errors.
 */

static GPtrArray *
capture_ws_with (TellerCameraService         *camera,
                 const TellerCaptureOptions  *options,
                 guint                        wait_ms,
                 GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_capture_ws_async (camera, options, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, wait_ms);
  return teller_camera_service_capture_ws_finish (camera, result, error);
}

static GPtrArray *
capture_ws (const TellerCaptureOptions *options)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *images = capture_ws_with (fixture.camera, options, CAPTURE_TIMEOUT_MS * 2, &error);

  ck_assert_msg (images != NULL, "WebSocket capture failed: %s", error ? error->message : "");
  ck_assert_uint_ge (images->len, 1);
  return images;
}

static void
set_ws_fault (const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (teller_sim_get_camera_server (fixture.sim),
                                              TELLER_SIM_WEBSOCKET_ROUTE_GRAB_IMAGE, spec, &error),
                 "%s", error ? error->message : "");
}

START_TEST (test_ws_plain)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  TellerSimServer *server = teller_sim_get_camera_server (fixture.sim);
  TellerCapturedImage *image;
  guint http_before = teller_sim_server_get_request_count (server, "video=grabimage");

  g_object_set (sim_capture (), "frame-width", 1600, "frame-height", 1200, NULL);
  images = capture_ws (options);
  ck_assert_uint_eq (images->len, 1);
  image = first (images);
  ck_assert_int_eq (image->index, 0);
  ck_assert_int_eq (image->width, 1600);
  ck_assert_int_eq (image->height, 1200);
  /* A real JPEG, of the size its header says. */
  pixbuf = decode_jpeg (image->jpeg);
  ck_assert_int_eq (gdk_pixbuf_get_width (pixbuf), 1600);
  ck_assert_int_eq (gdk_pixbuf_get_height (pixbuf), 1200);
  /* Over the WebSocket, not the HTTP route. */
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, TELLER_SIM_WEBSOCKET_ROUTE_GRAB_IMAGE), 1);
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "video=grabimage"), http_before);
}
END_TEST

START_TEST (test_ws_rotate_swaps)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) upright = NULL;
  g_autoptr(GPtrArray) turned = NULL;

  upright = capture_ws (options);
  options->rotate = 90;
  turned = capture_ws (options);
  ck_assert_int_eq (first (upright)->width, 800);
  ck_assert_int_eq (first (upright)->height, 600);
  ck_assert_int_eq (first (turned)->width, first (upright)->height);
  ck_assert_int_eq (first (turned)->height, first (upright)->width);
}
END_TEST

START_TEST (test_ws_unplugged)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

  teller_sim_camera_set_plugged (teller_sim_get_camera (fixture.sim), FALSE);
  images = capture_ws_with (fixture.camera, options, CAPTURE_TIMEOUT_MS * 2, &error);
  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE),
                 "%s", error ? error->message : "");
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  ck_assert_ptr_nonnull (teller_error_get_vendor_message (error));
}
END_TEST

START_TEST (test_ws_vendor_code_fault)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

  set_ws_fault ("code=5");
  images = capture_ws_with (fixture.camera, options, CAPTURE_TIMEOUT_MS * 2, &error);
  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE),
                 "%s", error ? error->message : "");
  ck_assert_str_eq (teller_error_get_vendor_code (error), "5");
}
END_TEST

START_TEST (test_ws_malformed_and_drop)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

  set_ws_fault ("malformed");
  images = capture_ws_with (fixture.camera, options, CAPTURE_TIMEOUT_MS * 2, &error);
  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE),
                 "%s", error ? error->message : "");
  g_clear_error (&error);

  set_ws_fault ("drop");
  images = capture_ws_with (fixture.camera, options, CAPTURE_TIMEOUT_MS * 2, &error);
  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_UNREACHABLE),
                 "%s", error ? error->message : "");
}
END_TEST

START_TEST (test_ws_unreachable)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(TellerCameraService) camera = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago, closed again: nothing listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  ck_assert_msg (port != 0, "%s", error ? error->message : "");
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  camera = teller_camera_service_new (fixture.client, url);
  teller_service_set_timeout_ms (TELLER_SERVICE (camera), 5000);

  images = capture_ws_with (camera, options, 10000, &error);
  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_UNREACHABLE),
                 "%s", error ? error->message : "");
}
END_TEST

START_TEST (test_ws_never_answers)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;
  gint64 started, elapsed_ms;

  /* The WebSocket is accepted, the request read, and nothing ever answered. */
  set_ws_fault ("stall");
  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), 1000);
  started = g_get_monotonic_time ();
  images = capture_ws_with (fixture.camera, options, 5000, &error);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT),
                 "%s", error ? error->message : "");
  ck_assert_int_ge (elapsed_ms, 900);
  ck_assert_int_le (elapsed_ms, 2000);
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                          TELLER_SIM_WEBSOCKET_ROUTE_GRAB_IMAGE), 1);
}
END_TEST

static void
store_message_cb (SoupWebsocketConnection *connection,
                  int                      type,
                  GBytes                  *message,
                  gpointer                 user_data)
{
  GBytes **slot = user_data;

  if (*slot == NULL)
    *slot = g_bytes_ref (message);
}

START_TEST (test_ws_unknown_function)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *text = NULL;
  SoupSession *session = teller_json_client_get_session (fixture.client);
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/",
                                          teller_sim_server_get_port (teller_sim_get_camera_server (fixture.sim)));
  JsonObject *object;

  message = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (session, message, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        test_store_result_cb, &result);
  test_wait_for_result (&result, CAPTURE_TIMEOUT_MS);
  connection = soup_session_websocket_connect_finish (session, result, &error);
  ck_assert_msg (connection != NULL, "%s", error ? error->message : "");
  g_signal_connect (connection, "message", G_CALLBACK (store_message_cb), &received);

  soup_websocket_connection_send_text (connection, "{\"function\":\"read_card\",\"params\":{}}");
  TEST_WAIT_UNTIL (received != NULL, CAPTURE_TIMEOUT_MS);
  text = g_strndup (g_bytes_get_data (received, NULL), g_bytes_get_size (received));
  reply = json_from_string (text, &error);
  ck_assert_msg (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply), "%s", error ? error->message : "");
  object = json_node_get_object (reply);
  ck_assert_str_eq (json_object_get_string_member (object, "function"), "read_card");
  ck_assert_str_ne (json_object_get_string_member (object, "code"), "0");
  ck_assert_ptr_nonnull (json_object_get_string_member_with_default (object, "message", NULL));

  g_signal_handlers_disconnect_by_data (connection, &received);
  soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  TEST_WAIT_UNTIL (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_CLOSED,
                   CAPTURE_TIMEOUT_MS);
}
END_TEST

TCase *
capture_ws_tcase (void)
{
  TCase *tc = tcase_create ("websocket");

  tcase_add_checked_fixture (tc, setup_sim, teardown_sim);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_ws_plain);
  tcase_add_test (tc, test_ws_rotate_swaps);
  tcase_add_test (tc, test_ws_unplugged);
  tcase_add_test (tc, test_ws_vendor_code_fault);
  tcase_add_test (tc, test_ws_malformed_and_drop);
  tcase_add_test (tc, test_ws_unreachable);
  tcase_add_test (tc, test_ws_never_answers);
  tcase_add_test (tc, test_ws_unknown_function);
  return tc;
}
