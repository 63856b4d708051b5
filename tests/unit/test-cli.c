/* SPDX-License-Identifier: GPL-3.0-or-later */
/* teller-cli as a script sees it: JSON on stdout, one line on stderr, exit codes. */

#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>

#include <libsoup/soup.h>

#include "teller-sim.h"
#include "teller-sim-camera.h"
#include "teller-sim-stream.h"
#include "test-cli-run.h"

/* Runs teller-cli while this process's main loop keeps the in-process simulator answering. */
#define run_cli(...) test_run_cli (20000, __VA_ARGS__)

static TellerSim *sim;
static char *camera_url;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (sim, 0, &error), "%s", error ? error->message : "");
  camera_url = teller_sim_dup_camera_url (sim);
}

static void
teardown (void)
{
  g_clear_pointer (&camera_url, g_free);
  g_clear_object (&sim);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  ck_assert_msg (node != NULL && JSON_NODE_HOLDS_OBJECT (node), "not a JSON object: %s", text);
  return json_object_ref (json_node_get_object (node));
}

START_TEST (test_camera_status)
{
  g_auto(TestCliRun) run = run_cli ("--camera-url", camera_url, "camera", "status", NULL);
  g_autoptr(JsonObject) object = NULL;

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  object = parse_object (run.out);
  ck_assert (json_object_has_member (object, "video0"));
  ck_assert_str_eq (json_object_get_string_member (object, "videoIR1"), "no");
}
END_TEST

START_TEST (test_camera_info)
{
  g_auto(TestCliRun) run = run_cli ("--camera-url", camera_url, "camera", "info", NULL);
  g_autoptr(JsonObject) object = NULL;
  JsonObject *device;

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  object = parse_object (run.out);
  ck_assert (json_object_has_member (object, "app_version"));
  ck_assert (json_object_has_member (object, "serial_number"));
  device = json_object_get_object_member (object, "device_info");
  ck_assert_ptr_nonnull (device);
  ck_assert (json_object_has_member (device, "brand_name"));
  ck_assert (json_object_has_member (device, "credit_code"));
}
END_TEST

START_TEST (test_vendor_error_exit_1)
{
  g_auto(TestCliRun) run = { 0 };
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error_object;

  ck_assert (teller_sim_server_set_fault (teller_sim_get_camera_server (sim), "video=status", "code=2", NULL));
  run = run_cli ("--json", "--camera-url", camera_url, "camera", "status", NULL);
  ck_assert_int_eq (run.status, 1);
  object = parse_object (run.out);
  error_object = json_object_get_object_member (object, "error");
  ck_assert_str_eq (json_object_get_string_member (error_object, "kind"), "device");
  ck_assert_str_eq (json_object_get_string_member (error_object, "code"), "2");
  ck_assert (strlen (json_object_get_string_member (error_object, "message")) > 0);
  /* One clear line on stderr. */
  ck_assert (g_str_has_prefix (run.err, "teller-cli: "));
  ck_assert_ptr_eq (strchr (run.err, '\n'), run.err + strlen (run.err) - 1);
}
END_TEST

START_TEST (test_unreachable_exit_3)
{
  g_auto(TestCliRun) run = run_cli ("--json", "--camera-url", "http://127.0.0.1:1",
                                    "camera", "status", NULL);
  g_autoptr(JsonObject) object = NULL;

  ck_assert_int_eq (run.status, 3);
  object = parse_object (run.out);
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (object, "error"), "kind"),
                    "unreachable");
}
END_TEST

START_TEST (test_timeout_exit_3)
{
  g_auto(TestCliRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  ck_assert (teller_sim_server_set_fault (teller_sim_get_camera_server (sim), "video=status", "latency=5000", NULL));
  run = run_cli ("--json", "--timeout", "1", "--camera-url", camera_url, "camera", "status", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert (strstr (run.out, "\"timeout\"") != NULL);
  ck_assert_int_lt ((g_get_monotonic_time () - start) / 1000, 4000);
}
END_TEST

START_TEST (test_malformed_exit_1)
{
  g_auto(TestCliRun) run = { 0 };

  ck_assert (teller_sim_server_set_fault (teller_sim_get_camera_server (sim), "video=status", "malformed", NULL));
  run = run_cli ("--json", "--camera-url", camera_url, "camera", "status", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert (strstr (run.out, "\"bad-response\"") != NULL);
}
END_TEST

START_TEST (test_usage_errors_exit_2)
{
  g_auto(TestCliRun) none = run_cli (NULL);
  g_auto(TestCliRun) unknown = run_cli ("--json", "camera", "explode", NULL);
  g_auto(TestCliRun) extra = run_cli ("camera", "status", "extra", NULL);
  g_auto(TestCliRun) bad_option = run_cli ("--no-such-option", "camera", "status", NULL);
  g_auto(TestCliRun) bad_timeout = run_cli ("--timeout", "soon", "camera", "status", NULL);

  ck_assert_int_eq (none.status, 2);
  ck_assert_int_eq (unknown.status, 2);
  ck_assert (strstr (unknown.out, "\"usage\"") != NULL);
  ck_assert_int_eq (extra.status, 2);
  ck_assert_int_eq (bad_option.status, 2);
  ck_assert_int_eq (bad_timeout.status, 2);
}
END_TEST

/* --timeout is seconds and becomes milliseconds in a guint: above the GSettings
 * key's 600 it is a usage error, not a wrapped-around short timeout. */
START_TEST (test_timeout_cap)
{
  g_auto(TestCliRun) wraps = { 0 };
  g_auto(TestCliRun) above = { 0 };
  g_auto(TestCliRun) at_cap = { 0 };

  /* 4294968 s × 1000 is 704 ms modulo 2^32: a slow answer would time out. */
  ck_assert (teller_sim_server_set_fault (teller_sim_get_camera_server (sim), "video=status",
                                          "latency=1500", NULL));
  wraps = run_cli ("--json", "--timeout", "4294968", "--camera-url", camera_url,
                   "camera", "status", NULL);
  ck_assert_msg (wraps.status == 2, "exit %d: %s", wraps.status, wraps.err);
  ck_assert (strstr (wraps.out, "\"usage\"") != NULL);

  above = run_cli ("--timeout", "601", "--camera-url", camera_url, "camera", "status", NULL);
  ck_assert_int_eq (above.status, 2);
  ck_assert (strstr (above.err, "600") != NULL);

  at_cap = run_cli ("--timeout", "600", "--camera-url", camera_url, "camera", "status", NULL);
  ck_assert_msg (at_cap.status == 0, "exit %d: %s", at_cap.status, at_cap.err);
}
END_TEST

START_TEST (test_help_lists_commands)
{
  g_auto(TestCliRun) run = run_cli ("--help", NULL);

  ck_assert_int_eq (run.status, 0);
  ck_assert (strstr (run.out, "camera status") != NULL);
  ck_assert (strstr (run.out, "--camera-url") != NULL);
  ck_assert (strstr (run.out, "--kuaishou-url") != NULL);
}
END_TEST

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  ck_assert_ptr_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Asks the simulator itself, as a second client would: "5" is 未启动文档检测. */
static char *
dup_detect_status_code (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (camera_url, "/video=detectdoc", NULL);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"action\":\"status\"}", 19);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;

  soup_message_set_request_body_from_bytes (message, "application/json", body);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  test_wait_for_result (&result, 10000);
  reply = soup_session_send_and_read_finish (session, result, NULL);
  ck_assert_ptr_nonnull (reply);
  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  object = parse_object (text);
  return g_strdup (json_object_get_string_member (object, "code"));
}

START_TEST (test_camera_detect_captures_pages)
{
  g_autofree char *folder = g_dir_make_tmp ("teller-detect-XXXXXX", NULL);
  TellerSimStream *stream = teller_sim_stream_get_for_camera (teller_sim_get_camera (sim));
  g_auto(TestCliRun) run = { 0 };
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *status = NULL;
  JsonArray *images;

  /* A page arrives, lies still and leaves every 1.5 s. */
  g_object_set (stream, "document-cycle-ms", 1500, NULL);
  run = run_cli ("--camera-url", camera_url, "camera", "detect", "--count", "2",
                 "--interval", "100", "--out", folder, "--wait", "15", NULL);
  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  object = parse_object (run.out);
  images = json_object_get_array_member (object, "images");
  /* One image a page (the document preset cuts one object), and not one more. */
  ck_assert_uint_eq (json_array_get_length (images), 2);
  ck_assert_uint_eq (count_files (folder), 2);
  /* The run stopped detection on its way out. */
  status = dup_detect_status_code ();
  ck_assert_str_eq (status, "5");
}
END_TEST

/* Ctrl+C while detect=start is still on its way: the stop must not overtake it (the
 * service would then start detecting after the stop, and be left running). */
START_TEST (test_camera_detect_interrupted_during_start)
{
  g_autofree char *folder = g_dir_make_tmp ("teller-detect-XXXXXX", NULL);
  TellerSimServer *server = teller_sim_get_camera_server (sim);
  const char *argv[] = { TELLER_CLI_PATH, "--camera-url", camera_url, "camera", "detect",
                         "--count", "1", "--out", folder, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *status = NULL;
  gint64 start_arrived;

  ck_assert (teller_sim_server_set_fault (server, "video=detectdoc", "latency=1000", NULL));
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  ck_assert_msg (process != NULL, "%s", error ? error->message : "");
  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);

  /* The start has arrived and waits out its latency: interrupt now. */
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (server, "video=detectdoc") >= 1, 10000);
  start_arrived = g_get_monotonic_time ();
  g_subprocess_send_signal (process, SIGINT);

  /* The stop only once the start has answered, a latency later. */
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (server, "video=detectdoc") >= 2 ||
                   result != NULL, 10000);
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "video=detectdoc"), 2);
  ck_assert_int_ge (g_get_monotonic_time () - start_arrived, 900 * G_TIME_SPAN_MILLISECOND);

  test_wait_for_result (&result, 20000);
  ck_assert (g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error));
  ck_assert (g_subprocess_get_if_exited (process));
  ck_assert_int_eq (g_subprocess_get_exit_status (process), 1);
  ck_assert_msg (strstr (err, "Interrupted") != NULL, "%s", err);
  ck_assert_uint_eq (count_files (folder), 0);

  teller_sim_server_clear_faults (server);
  status = dup_detect_status_code ();
  ck_assert_str_eq (status, "5");
}
END_TEST

START_TEST (test_camera_detect_gives_up)
{
  g_autofree char *folder = g_dir_make_tmp ("teller-detect-XXXXXX", NULL);
  TellerSimStream *stream = teller_sim_stream_get_for_camera (teller_sim_get_camera (sim));
  g_auto(TestCliRun) run = { 0 };
  g_auto(TestCliRun) usage = run_cli ("--camera-url", camera_url, "camera", "detect", "--count", "0",
                                      "--out", folder, NULL);

  /* No page arrives within a second when the cycle is a minute long. */
  g_object_set (stream, "document-cycle-ms", 60000, NULL);
  run = run_cli ("--json", "--camera-url", camera_url, "camera", "detect", "--count", "1",
                 "--out", folder, "--wait", "1", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert (strstr (run.out, "\"timeout\"") != NULL);
  ck_assert_uint_eq (count_files (folder), 0);
  ck_assert_int_eq (usage.status, 2);
}
END_TEST

static Suite *
cli_suite (void)
{
  Suite *suite = suite_create ("teller-cli");
  TCase *tc = tcase_create ("commands");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_camera_status);
  tcase_add_test (tc, test_camera_info);
  tcase_add_test (tc, test_vendor_error_exit_1);
  tcase_add_test (tc, test_unreachable_exit_3);
  tcase_add_test (tc, test_timeout_exit_3);
  tcase_add_test (tc, test_malformed_exit_1);
  tcase_add_test (tc, test_usage_errors_exit_2);
  tcase_add_test (tc, test_timeout_cap);
  tcase_add_test (tc, test_help_lists_commands);
  tcase_add_test (tc, test_camera_detect_captures_pages);
  tcase_add_test (tc, test_camera_detect_interrupted_during_start);
  tcase_add_test (tc, test_camera_detect_gives_up);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (cli_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
