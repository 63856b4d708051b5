/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "test-sim-util.h"

/*
 * The simulator seen from the wire, the way the application and browsers see the
 * real CameraService.
 */

/* CameraService */

START_TEST (test_url)
{
  ck_assert (g_str_has_prefix (base_url, "http://127.0.0.1:"));
  ck_assert_uint_ne (teller_sim_server_get_port (server), 0);
  ck_assert_str_eq (teller_sim_server_get_name (server), "camera");
}
END_TEST

START_TEST (test_status)
{
  g_autoptr(Reply) reply = post ("/video=status", "{}");
  g_autoptr(JsonObject) object = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (reply->message);

  ck_assert_uint_eq (reply->status, 200);
  ck_assert_str_eq (soup_message_headers_get_content_type (headers, NULL), "application/json");
  object = parse_object (reply->body);
  assert_member (object, "code", "0");
  assert_member (object, "video0", "ok");
  assert_member (object, "video1", "ok");
  assert_member (object, "video2", "no");
  assert_member (object, "videoIR1", "no");
  assert_member (object, "videoIR2", "no");
}
END_TEST

START_TEST (test_param_get)
{
  g_autoptr(JsonObject) version = post_ok ("/param=get", "{\"type\":\"app_version\"}");
  g_autoptr(JsonObject) serial = post_ok ("/param=get", "{\"type\":\"serial_number\"}");
  g_autoptr(JsonObject) info = post_ok ("/param=get", "{\"type\":\"device_info\"}");
  JsonObject *device;

  assert_member (version, "code", "0");
  assert_member (version, "app_version", "1.7.178.0");
  assert_member (serial, "code", "0");
  ck_assert_uint_gt (strlen (json_object_get_string_member (serial, "serial_number")), 0);

  assert_member (info, "code", "0");
  assert_member (info, "message", "");
  device = json_object_get_object_member (info, "device_info");
  ck_assert_ptr_nonnull (device);
  assert_member (device, "serial_number", json_object_get_string_member (serial, "serial_number"));
  assert_member (device, "brand_name", "Teller Sim");
  assert_member (device, "device_type", "TS-1000");
  assert_member (device, "company_name", "Teller Simulated Devices Co.");
  ck_assert_uint_eq (strlen (json_object_get_string_member (device, "credit_code")), 18);
}
END_TEST

START_TEST (test_param_get_bad_type)
{
  const char *bodies[] = { "{\"type\":\"no_such_thing\"}", "{}", "{\"type\":1}", "[]" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) object = post_ok ("/param=get", bodies[i]);

      assert_member (object, "code", "1");
      ck_assert (json_object_has_member (object, "message"));
    }
}
END_TEST

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

START_TEST (test_unplugged)
{
  TellerSimCamera *camera = teller_sim_get_camera (sim);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) serial = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) version = NULL;
  guint notified = 0;

  g_signal_connect (camera, "notify::plugged", G_CALLBACK (count_notify_cb), &notified);
  teller_sim_camera_set_plugged (camera, FALSE);
  teller_sim_camera_set_plugged (camera, FALSE);
  ck_assert_uint_eq (notified, 1);
  ck_assert (!teller_sim_camera_get_plugged (camera));

  status = post_ok ("/video=status", "{}");
  assert_member (status, "code", "0");
  assert_member (status, "video0", "no");
  assert_member (status, "video1", "no");

  serial = post_ok ("/param=get", "{\"type\":\"serial_number\"}");
  assert_member (serial, "code", "2");
  ck_assert_uint_gt (strlen (json_object_get_string_member (serial, "message")), 0);
  ck_assert (!json_object_has_member (serial, "serial_number"));
  info = post_ok ("/param=get", "{\"type\":\"device_info\"}");
  assert_member (info, "code", "2");
  ck_assert (!json_object_has_member (info, "device_info"));

  version = post_ok ("/param=get", "{\"type\":\"app_version\"}");
  assert_member (version, "code", "0");
  g_signal_handlers_disconnect_by_data (camera, &notified);
}
END_TEST

/* HTTP */

START_TEST (test_cors)
{
  g_autoptr(Reply) post_reply = post ("/video=status", "{}");
  g_autoptr(Reply) missing = post ("/no=such", "{}");
  g_autoptr(Reply) preflight = request_full ("OPTIONS", "/video=status", NULL, NULL);
  SoupMessageHeaders *headers;

  headers = soup_message_get_response_headers (post_reply->message);
  ck_assert_str_eq (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), "*");
  headers = soup_message_get_response_headers (missing->message);
  ck_assert_str_eq (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), "*");

  ck_assert_uint_eq (preflight->status, 204);
  headers = soup_message_get_response_headers (preflight->message);
  ck_assert_str_eq (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), "*");
  ck_assert (strstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Methods"), "POST"));
  ck_assert (strstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Headers"),
                     "Content-Type"));
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "video=status"), 1);
}
END_TEST

START_TEST (test_any_content_type)
{
  const char *types[] = { "text/plain", "application/x-www-form-urlencoded" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(Reply) reply = request_full ("POST", "/param=get",
                                             "{\"type\":\"app_version\"}", types[i]);
      g_autoptr(JsonObject) object = parse_object (reply->body);

      assert_member (object, "code", "0");
      assert_member (object, "app_version", "1.7.178.0");
    }
}
END_TEST

START_TEST (test_bad_json)
{
  g_autoptr(JsonObject) object = post_ok ("/param=get", "{\"type\": app_version");

  assert_member (object, "code", "1");
  assert_member (object, "message", "解析Json参数失败");
}
END_TEST

START_TEST (test_unknown_route)
{
  g_autoptr(Reply) reply = post ("/video=nothing", "{}");
  g_autoptr(JsonObject) object = NULL;

  ck_assert_uint_eq (reply->status, 404);
  object = parse_object (reply->body);
  assert_member (object, "code", "404");
  assert_member (object, "message", "unknown route");
}
END_TEST

START_TEST (test_route_cut_at_ampersand)
{
  g_autoptr(Reply) reply = request_full ("GET", "/video=status&camidx=0&tid=123", NULL, NULL);
  g_autoptr(JsonObject) object = parse_object (reply->body);

  assert_member (object, "code", "0");
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "video=status"), 1);
}
END_TEST

START_TEST (test_request_count)
{
  for (guint i = 0; i < 3; i++)
    reply_free (post ("/video=status", "{}"));
  reply_free (post ("/param=get", "{}"));
  reply_free (post ("/__sim/camera", "{\"plugged\":true}"));
  reply_free (post ("/nowhere", "{}"));

  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "video=status"), 3);
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "param=get"), 1);
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "__sim/camera"), 0);
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "nowhere"), 0);
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "*"), 4);
}
END_TEST

/* Faults */

START_TEST (test_fault_vendor_code)
{
  g_autoptr(JsonObject) object = NULL;

  set_fault ("video=status", "code=3");
  object = post_ok ("/video=status", "{}");
  assert_member (object, "code", "3");
  ck_assert (json_object_has_member (object, "message"));
  ck_assert (!json_object_has_member (object, "video0"));
}
END_TEST

START_TEST (test_fault_drop)
{
  g_autoptr(Reply) reply = NULL;

  set_fault ("video=status", "drop");
  reply = post ("/video=status", "{}");
  ck_assert_ptr_nonnull (reply->error);
  ck_assert_ptr_null (reply->body);
  ck_assert_uint_eq (reply->status, SOUP_STATUS_NONE);
  ck_assert_uint_ge (teller_sim_server_get_request_count (server, "video=status"), 1);
}
END_TEST

START_TEST (test_fault_malformed)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data;

  set_fault ("video=status", "malformed");
  reply = post ("/video=status", "{}");
  ck_assert_uint_eq (reply->status, 200);
  data = g_bytes_get_data (reply->body, &size);
  ck_assert_uint_gt (size, 0);
  ck_assert (!json_parser_load_from_data (parser, data, (gssize) size, NULL));
}
END_TEST

START_TEST (test_fault_truncated)
{
  g_autoptr(Reply) reply = NULL;
  SoupMessageHeaders *headers;

  set_fault ("video=status", "truncated");
  reply = post ("/video=status", "{}");
  ck_assert_uint_eq (reply->status, 200);
  if (reply->error == NULL)
    {
      headers = soup_message_get_response_headers (reply->message);
      ck_assert_uint_lt (g_bytes_get_size (reply->body),
                         soup_message_headers_get_content_length (headers));
    }
}
END_TEST

START_TEST (test_fault_http500)
{
  g_autoptr(Reply) reply = NULL;

  set_fault ("video=status", "http500");
  reply = post ("/video=status", "{}");
  ck_assert_uint_eq (reply->status, 500);
}
END_TEST

START_TEST (test_fault_latency)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonObject) object = NULL;

  set_fault ("video=status", "latency=300");
  reply = post ("/video=status", "{}");
  ck_assert_int_ge (reply->elapsed_us, 300 * 1000);
  object = parse_object (reply->body);
  assert_member (object, "video0", "ok");
}
END_TEST

START_TEST (test_fault_latency_then_fault)
{
  const struct { const char *spec; guint status; } cases[] = {
    { "latency=200,code=2", 200 },
    { "latency=200,http500", 500 },
    { "latency=200,drop", SOUP_STATUS_NONE },
    { "latency=200, truncated", 200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = NULL;

      set_fault ("param=get", cases[i].spec);
      reply = post ("/param=get", "{\"type\":\"app_version\"}");
      ck_assert_msg (reply->elapsed_us >= 200 * 1000, "%s came early", cases[i].spec);
      ck_assert_uint_eq (reply->status, cases[i].status);
    }
}
END_TEST

START_TEST (test_fault_wildcard)
{
  g_autoptr(JsonObject) param = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) cleared = NULL;

  set_fault ("*", "code=5");
  set_fault ("video=status", "code=6");
  param = post_ok ("/param=get", "{\"type\":\"app_version\"}");
  status = post_ok ("/video=status", "{}");
  assert_member (param, "code", "5");
  assert_member (status, "code", "6");

  set_fault ("*", "none");
  set_fault ("video=status", "none");
  cleared = post_ok ("/video=status", "{}");
  assert_member (cleared, "code", "0");
}
END_TEST

START_TEST (test_clear_faults)
{
  g_autoptr(JsonObject) object = NULL;

  set_fault ("video=status", "drop");
  set_fault ("*", "http500");
  teller_sim_server_clear_faults (server);
  object = post_ok ("/video=status", "{}");
  assert_member (object, "code", "0");
}
END_TEST

START_TEST (test_set_fault_rejects)
{
  const char *specs[] = {
    "bogus", "", "latency=", "latency=abc", "latency=-1", "latency=99999999",
    "code=", "code=a b", "drop,malformed", "code=1,drop", "drop,", "DROP",
    "none,drop", "latency=1,latency=2",
  };
  g_autoptr(JsonObject) object = NULL;

  set_fault ("video=status", "code=7");
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (!teller_sim_server_set_fault (server, "video=status", specs[i], &error),
                     "accepted “%s”", specs[i]);
      ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT),
                     "wrong error for “%s”", specs[i]);
    }
  {
    g_autoptr(GError) error = NULL;

    ck_assert (!teller_sim_server_set_fault (server, "", "drop", &error));
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  }

  /* A rejected spec leaves the fault that was there. */
  object = post_ok ("/video=status", "{}");
  assert_member (object, "code", "7");
}
END_TEST

/* A client that gives up during the latency must not bring the server down. */
START_TEST (test_latency_client_gone)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_object_set (session, "timeout", 1, NULL);
  set_fault ("video=status", "latency=1500");
  reply = post ("/video=status", "{}");
  ck_assert_ptr_nonnull (reply->error);

  spin (1000);
  teller_sim_server_clear_faults (server);
  g_object_set (session, "timeout", 10, NULL);
  object = post_ok ("/video=status", "{}");
  assert_member (object, "code", "0");
}
END_TEST

/* Nor a simulator stopped while a reply is held back. */
START_TEST (test_dispose_while_delayed)
{
  const char *specs[] = { "latency=3000", "latency=3000,drop" };
  Reply *replies[G_N_ELEMENTS (specs)];

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *url = g_strconcat (base_url, "/video=status", NULL);

      set_fault ("video=status", specs[i]);
      replies[i] = g_new0 (Reply, 1);
      replies[i]->message = soup_message_new ("POST", url);
      soup_session_send_and_read_async (session, replies[i]->message, G_PRIORITY_DEFAULT,
                                        NULL, reply_sent_cb, replies[i]);
      spin (200);
    }

  g_clear_object (&sim);
  server = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      ck_assert (wait_for (&replies[i]->done, WAIT_MS));
      ck_assert_ptr_nonnull (replies[i]->error);
      reply_free (replies[i]);
    }
}
END_TEST

/* Control routes */

START_TEST (test_control_fault)
{
  g_autoptr(JsonObject) set = post_ok ("/__sim/fault", "{\"route\":\"video=status\",\"fault\":\"drop\"}");
  g_autoptr(Reply) dropped = NULL;
  g_autoptr(JsonObject) cleared = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) missing = NULL;

  assert_member (set, "code", "0");
  dropped = post ("/video=status", "{}");
  ck_assert_ptr_nonnull (dropped->error);

  cleared = post_ok ("/__sim/fault", "{\"route\":\"video=status\",\"fault\":\"none\"}");
  assert_member (cleared, "code", "0");
  status = post_ok ("/video=status", "{}");
  assert_member (status, "code", "0");

  bad = post_ok ("/__sim/fault", "{\"route\":\"video=status\",\"fault\":\"bogus\"}");
  assert_member (bad, "code", "1");
  missing = post_ok ("/__sim/fault", "{\"fault\":\"drop\"}");
  assert_member (missing, "code", "1");
}
END_TEST

START_TEST (test_control_routes_unfaulted)
{
  g_autoptr(JsonObject) object = NULL;

  set_fault ("*", "drop");
  object = post_ok ("/__sim/fault", "{\"route\":\"*\",\"fault\":\"none\"}");
  assert_member (object, "code", "0");
}
END_TEST

START_TEST (test_control_camera)
{
  g_autoptr(JsonObject) unplug = post_ok ("/__sim/camera", "{\"plugged\":false}");
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) plug = NULL;
  g_autoptr(JsonObject) bad = NULL;

  assert_member (unplug, "code", "0");
  ck_assert (!teller_sim_camera_get_plugged (teller_sim_get_camera (sim)));
  status = post_ok ("/video=status", "{}");
  assert_member (status, "video0", "no");

  plug = post_ok ("/__sim/camera", "{\"plugged\":true}");
  assert_member (plug, "code", "0");
  ck_assert (teller_sim_camera_get_plugged (teller_sim_get_camera (sim)));

  bad = post_ok ("/__sim/camera", "{\"plugged\":\"no\"}");
  assert_member (bad, "code", "1");
  ck_assert (teller_sim_camera_get_plugged (teller_sim_get_camera (sim)));
}
END_TEST

START_TEST (test_port_in_use)
{
  g_autoptr(TellerSim) other = teller_sim_new ();
  g_autoptr(GError) error = NULL;

  ck_assert (!teller_sim_start (other, teller_sim_server_get_port (server), &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE));
}
END_TEST

static Suite *
sim_suite (void)
{
  Suite *suite = suite_create ("sim");
  TCase *camera = tcase_create ("camera");
  TCase *http = tcase_create ("http");
  TCase *faults = tcase_create ("faults");
  TCase *control = tcase_create ("control");
  TCase *all[] = { camera, http, faults, control };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      tcase_add_checked_fixture (all[i], sim_test_setup, sim_test_teardown);
      suite_add_tcase (suite, all[i]);
    }

  tcase_add_test (camera, test_url);
  tcase_add_test (camera, test_status);
  tcase_add_test (camera, test_param_get);
  tcase_add_test (camera, test_param_get_bad_type);
  tcase_add_test (camera, test_unplugged);

  tcase_add_test (http, test_cors);
  tcase_add_test (http, test_any_content_type);
  tcase_add_test (http, test_bad_json);
  tcase_add_test (http, test_unknown_route);
  tcase_add_test (http, test_route_cut_at_ampersand);
  tcase_add_test (http, test_request_count);
  tcase_add_test (http, test_port_in_use);

  tcase_add_test (faults, test_fault_vendor_code);
  tcase_add_test (faults, test_fault_drop);
  tcase_add_test (faults, test_fault_malformed);
  tcase_add_test (faults, test_fault_truncated);
  tcase_add_test (faults, test_fault_http500);
  tcase_add_test (faults, test_fault_latency);
  tcase_add_test (faults, test_fault_latency_then_fault);
  tcase_add_test (faults, test_fault_wildcard);
  tcase_add_test (faults, test_clear_faults);
  tcase_add_test (faults, test_set_fault_rejects);
  tcase_add_test (faults, test_latency_client_gone);
  tcase_add_test (faults, test_dispose_while_delayed);

  tcase_add_test (control, test_control_fault);
  tcase_add_test (control, test_control_routes_unfaulted);
  tcase_add_test (control, test_control_camera);

  return suite;
}

int
main (void)
{
  SRunner *runner;
  int failed;

  /* A critical from the simulator is a bug, whatever the test was checking. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  runner = srunner_create (sim_suite ());
  srunner_add_suite (runner, devsim_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
