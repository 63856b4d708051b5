/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera service: request builders and reply parsers against the document's
 * examples, then every call against the simulator, with every fault kind. */

#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "teller-camera-service.h"
#include "teller-error.h"
#include "teller-sim.h"
#include "teller-sim-camera.h"
#include "test-util.h"

#define CALL_TIMEOUT_MS 2000

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error ? error->message : "");
  return node;
}

/* ---- Builders and parsers, no network ---------------------------------- */

START_TEST (test_reply_check_codes)
{
  g_autoptr(JsonNode) ok_string = parse ("{\"code\":\"0\"}");
  g_autoptr(JsonNode) ok_number = parse ("{\"code\":0}");
  g_autoptr(JsonNode) failed = parse ("{\"code\":\"2\",\"message\":\"device busy\"}");
  g_autoptr(JsonNode) no_code = parse ("{\"video0\":\"ok\"}");
  g_autoptr(JsonNode) bool_code = parse ("{\"code\":true}");
  g_autoptr(JsonNode) array = parse ("[1,2]");
  g_autoptr(GError) error = NULL;

  ck_assert (teller_camera_reply_check ("video=status", ok_string, NULL));
  ck_assert (teller_camera_reply_check ("video=status", ok_number, NULL));

  ck_assert (!teller_camera_reply_check ("video=detectdoc", failed, &error));
  ck_assert (error->domain == TELLER_ERROR);
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  ck_assert_str_eq (teller_error_get_vendor_message (error), "device busy");
  g_clear_error (&error);

  ck_assert (!teller_camera_reply_check ("video=status", no_code, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);

  ck_assert (!teller_camera_reply_check ("video=status", bool_code, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);

  ck_assert (!teller_camera_reply_check ("video=status", array, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_status_parse_document_example)
{
  /* Chapter 3.4: one member per device slot, "no", "ok" or "run". */
  g_autoptr(JsonNode) reply = parse ("{\"code\":\"0\",\"video0\":\"run\",\"video1\":\"ok\","
                                     "\"video2\":\"no\",\"videoIR1\":\"no\",\"videoIR2\":\"no\","
                                     "\"extra\":\"ignored\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = teller_camera_status_parse (json_node_get_object (reply), &error);
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;

  ck_assert_ptr_nonnull (status);
  ck_assert_uint_eq (status->slots->len, 5);
  ck_assert_int_eq (teller_camera_status_get (status, "video0"), TELLER_CAMERA_PRESENCE_RUNNING);
  ck_assert_int_eq (teller_camera_status_get (status, "video1"), TELLER_CAMERA_PRESENCE_PRESENT);
  ck_assert_int_eq (teller_camera_status_get (status, "videoIR2"), TELLER_CAMERA_PRESENCE_ABSENT);
  ck_assert_int_eq (teller_camera_status_get (status, "video9"), TELLER_CAMERA_PRESENCE_UNKNOWN);

  back = teller_camera_status_to_json (status);
  text = json_to_string (back, FALSE);
  ck_assert_str_eq (text, "{\"video0\":\"run\",\"video1\":\"ok\",\"video2\":\"no\","
                          "\"videoIR1\":\"no\",\"videoIR2\":\"no\"}");
}
END_TEST

START_TEST (test_status_parse_rejects_wrong_types)
{
  g_autoptr(JsonNode) number = parse ("{\"code\":\"0\",\"video0\":1}");
  g_autoptr(JsonNode) empty = parse ("{\"code\":\"0\"}");
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (teller_camera_status_parse (json_node_get_object (number), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);
  ck_assert_ptr_null (teller_camera_status_parse (json_node_get_object (empty), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_info_merge_document_examples)
{
  /* Chapters 5.5, 5.6 and 5.13. */
  g_autoptr(JsonNode) version = parse ("{\"code\":\"0\",\"app_version\":\"1.0.0.0\"}");
  g_autoptr(JsonNode) serial = parse ("{\"code\":\"0\",\"serial_number\":\"\"}");
  g_autoptr(JsonNode) device = parse ("{\"code\":\"0\",\"message\":\"\",\"device_info\":{"
                                      "\"serial_number\":\"SN1\",\"brand_name\":\"B\","
                                      "\"device_type\":\"T\",\"company_name\":\"C\","
                                      "\"credit_code\":\"91\"}}");
  g_autoptr(JsonNode) bad_device = parse ("{\"code\":\"0\",\"device_info\":\"x\"}");
  g_autoptr(JsonNode) bad_type = parse ("{\"code\":\"0\",\"app_version\":10}");
  g_autoptr(TellerCameraInfo) info = g_new0 (TellerCameraInfo, 1);
  g_autoptr(GError) error = NULL;

  ck_assert (teller_camera_info_merge_param (info, "app_version", json_node_get_object (version), NULL));
  ck_assert (teller_camera_info_merge_param (info, "serial_number", json_node_get_object (serial), NULL));
  ck_assert (teller_camera_info_merge_param (info, "device_info", json_node_get_object (device), NULL));
  ck_assert_str_eq (info->app_version, "1.0.0.0");
  ck_assert_str_eq (info->serial_number, "");
  ck_assert_str_eq (info->device_serial_number, "SN1");
  ck_assert_str_eq (info->brand_name, "B");
  ck_assert_str_eq (info->device_type, "T");
  ck_assert_str_eq (info->company_name, "C");
  ck_assert_str_eq (info->credit_code, "91");

  ck_assert (!teller_camera_info_merge_param (info, "device_info", json_node_get_object (bad_device), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);
  ck_assert (!teller_camera_info_merge_param (info, "app_version", json_node_get_object (bad_type), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_request_builders)
{
  g_autoptr(JsonNode) version = teller_camera_build_param_get ("app_version", NULL);
  g_autoptr(JsonNode) formats = teller_camera_build_param_get ("available_video_type", "0");
  g_autofree char *version_text = json_to_string (version, FALSE);
  g_autofree char *formats_text = json_to_string (formats, FALSE);
  g_autofree char *joined = teller_json_client_build_url ("http://127.0.0.1:38088/", "/video=status");
  g_autofree char *joined_plain = teller_json_client_build_url ("http://h:1", "param=get");

  ck_assert_str_eq (version_text, "{\"type\":\"app_version\"}");
  /* Every value is a string, camidx included (NOTES.md). */
  ck_assert_str_eq (formats_text, "{\"type\":\"available_video_type\",\"camidx\":\"0\"}");
  ck_assert_str_eq (joined, "http://127.0.0.1:38088/video=status");
  ck_assert_str_eq (joined_plain, "http://h:1/param=get");
}
END_TEST

/* ---- Against the simulator --------------------------------------------- */

typedef struct
{
  TellerSim           *sim;
  TellerJsonClient    *client;
  TellerCameraService *camera;
} Fixture;

static Fixture fixture;

static void
setup_sim (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fixture.sim, 0, &error), "%s", error ? error->message : "");
  url = teller_sim_dup_camera_url (fixture.sim);
  fixture.client = teller_json_client_new ();
  fixture.camera = teller_camera_service_new (fixture.client, url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), CALL_TIMEOUT_MS);
}

static void
teardown_sim (void)
{
  g_clear_object (&fixture.camera);
  g_clear_object (&fixture.client);
  g_clear_object (&fixture.sim);
  while (g_main_context_iteration (NULL, FALSE));
}

static void
set_fault (const char *route,
           const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (teller_sim_get_camera_server (fixture.sim), route, spec, &error),
                 "%s", error ? error->message : "");
}

static TellerCameraStatus *
call_status (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_status_async (fixture.camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 3);
  return teller_camera_service_status_finish (fixture.camera, result, error);
}

START_TEST (test_sim_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = call_status (&error);

  ck_assert_msg (status != NULL, "%s", error ? error->message : "");
  ck_assert_int_ne (teller_camera_status_get (status, "video0"), TELLER_CAMERA_PRESENCE_ABSENT);
  ck_assert_int_ne (teller_camera_status_get (status, "video0"), TELLER_CAMERA_PRESENCE_UNKNOWN);
  ck_assert_int_eq (teller_camera_status_get (status, "videoIR1"), TELLER_CAMERA_PRESENCE_ABSENT);
}
END_TEST

START_TEST (test_sim_status_unplugged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;

  g_object_set (teller_sim_get_camera (fixture.sim), "plugged", FALSE, NULL);
  status = call_status (&error);
  ck_assert_ptr_nonnull (status);
  ck_assert_int_eq (teller_camera_status_get (status, "video0"), TELLER_CAMERA_PRESENCE_ABSENT);
}
END_TEST

START_TEST (test_sim_info)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraInfo) info = NULL;

  teller_camera_service_info_async (fixture.camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 3);
  info = teller_camera_service_info_finish (fixture.camera, result, &error);
  ck_assert_msg (info != NULL, "%s", error ? error->message : "");
  ck_assert_ptr_nonnull (info->app_version);
  ck_assert_ptr_nonnull (info->serial_number);
  ck_assert_ptr_nonnull (info->brand_name);
  ck_assert_ptr_nonnull (info->device_type);
  ck_assert_ptr_nonnull (info->company_name);
  ck_assert_ptr_nonnull (info->credit_code);
}
END_TEST

START_TEST (test_sim_info_unplugged_is_device_error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraInfo) info = NULL;

  g_object_set (teller_sim_get_camera (fixture.sim), "plugged", FALSE, NULL);
  teller_camera_service_info_async (fixture.camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 3);
  info = teller_camera_service_info_finish (fixture.camera, result, &error);
  ck_assert_ptr_null (info);
  ck_assert (error->domain == TELLER_ERROR);
  ck_assert_ptr_nonnull (teller_error_get_vendor_code (error));
  ck_assert_str_ne (teller_error_get_vendor_code (error), "0");
}
END_TEST

START_TEST (test_sim_param_get_unknown_type)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  teller_camera_service_param_get_async (fixture.camera, "no_such_parameter", NULL, NULL,
                                         test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 3);
  reply = teller_camera_service_param_get_finish (fixture.camera, result, &error);
  ck_assert_ptr_null (reply);
  ck_assert (error->domain == TELLER_ERROR);
  ck_assert_ptr_nonnull (teller_error_get_vendor_code (error));
}
END_TEST

/* Each fault kind of the simulator gives its documented error, within the timeout. */
static const struct {
  const char *spec;
  int         code;
} fault_cases[] = {
  { "code=2", TELLER_ERROR_DEVICE },
  { "drop", TELLER_ERROR_UNREACHABLE },
  { "malformed", TELLER_ERROR_BAD_RESPONSE },
  { "truncated", TELLER_ERROR_BAD_RESPONSE },
  { "http500", TELLER_ERROR_BAD_RESPONSE },
  { "latency=4000", TELLER_ERROR_TIMEOUT },
  /* Headers arrive, the body never ends: the timeout covers the whole exchange. */
  { "stall", TELLER_ERROR_TIMEOUT },
};

START_TEST (test_sim_fault_kinds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  set_fault ("video=status", fault_cases[_i].spec);
  status = call_status (&error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  ck_assert_msg (status == NULL, "fault %s gave a status", fault_cases[_i].spec);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, fault_cases[_i].code),
                 "fault %s: got %s (%d)", fault_cases[_i].spec, error->message, error->code);
  ck_assert_msg (elapsed_ms < CALL_TIMEOUT_MS + 1000, "fault %s took %" G_GINT64_FORMAT " ms",
                 fault_cases[_i].spec, elapsed_ms);
  ck_assert_ptr_nonnull (error->message);
  ck_assert_uint_gt (strlen (error->message), 10);
}
END_TEST

START_TEST (test_sim_vendor_code_kept)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;

  set_fault ("video=status", "code=3");
  status = call_status (&error);
  ck_assert_ptr_null (status);
  ck_assert_str_eq (teller_error_get_vendor_code (error), "3");
}
END_TEST

START_TEST (test_sim_latency_within_timeout_succeeds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;
  gint64 start = g_get_monotonic_time ();

  set_fault ("video=status", "latency=300");
  status = call_status (&error);
  ck_assert_msg (status != NULL, "%s", error ? error->message : "");
  ck_assert_int_ge ((g_get_monotonic_time () - start) / 1000, 300);
}
END_TEST

START_TEST (test_sim_fault_cleared)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) failed = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;

  set_fault ("video=status", "drop");
  failed = call_status (&error);
  ck_assert_ptr_null (failed);
  g_clear_error (&error);
  set_fault ("video=status", "none");
  status = call_status (&error);
  ck_assert_msg (status != NULL, "%s", error ? error->message : "");
}
END_TEST

START_TEST (test_unreachable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;

  /* A port that was free a moment ago and has nobody listening now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
    teller_service_set_base_url (TELLER_SERVICE (fixture.camera), url);
  }
  status = call_status (&error);
  ck_assert_ptr_null (status);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_UNREACHABLE));
}
END_TEST

START_TEST (test_invalid_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;

  teller_service_set_base_url (TELLER_SERVICE (fixture.camera), "not a url");
  status = call_status (&error);
  ck_assert_ptr_null (status);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
}
END_TEST

START_TEST (test_cancel)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TellerCameraStatus) status = NULL;

  set_fault ("video=status", "latency=1500");
  teller_camera_service_status_async (fixture.camera, cancellable, test_store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  test_wait_for_result (&result, 1000);
  status = teller_camera_service_status_finish (fixture.camera, result, &error);
  ck_assert_ptr_null (status);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}
END_TEST

START_TEST (test_reply_size_limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;

  teller_json_client_set_max_reply_size (fixture.client, 16);
  status = call_status (&error);
  ck_assert_ptr_null (status);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

/* ---- The online monitor ------------------------------------------------ */

START_TEST (test_monitor_online_offline_backoff)
{
  TellerService *service = TELLER_SERVICE (fixture.camera);

  teller_service_start_monitor (service, 100);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_ONLINE, 5000);
  ck_assert (teller_service_get_online (service));
  ck_assert_uint_eq (teller_service_get_next_probe_delay_ms (service), 100);

  set_fault ("video=status", "drop");
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_OFFLINE, 5000);
  ck_assert (!teller_service_get_online (service));
  ck_assert_ptr_nonnull (teller_service_get_state_reason (service));
  /* Each further failure doubles the wait. */
  TEST_WAIT_UNTIL (teller_service_get_next_probe_delay_ms (service) >= 400, 5000);

  set_fault ("video=status", "none");
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_ONLINE, 5000);
  ck_assert_uint_eq (teller_service_get_next_probe_delay_ms (service), 100);
  ck_assert_ptr_null (teller_service_get_state_reason (service));
  teller_service_stop_monitor (service);
}
END_TEST

START_TEST (test_monitor_error_and_unplugged)
{
  TellerService *service = TELLER_SERVICE (fixture.camera);

  set_fault ("video=status", "malformed");
  teller_service_start_monitor (service, 100);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_ERROR, 5000);

  set_fault ("video=status", "none");
  g_object_set (teller_sim_get_camera (fixture.sim), "plugged", FALSE, NULL);
  teller_service_probe_now (service);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_OFFLINE, 5000);
  ck_assert (strstr (teller_service_get_state_reason (service), "camera") != NULL);

  g_object_set (teller_sim_get_camera (fixture.sim), "plugged", TRUE, NULL);
  teller_service_probe_now (service);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_ONLINE, 5000);
  teller_service_stop_monitor (service);
}
END_TEST

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

START_TEST (test_monitor_notifies_only_on_change)
{
  TellerService *service = TELLER_SERVICE (fixture.camera);
  guint online_notifies = 0;

  g_signal_connect (service, "notify::online", G_CALLBACK (count_notify_cb), &online_notifies);
  teller_service_start_monitor (service, 50);
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                        "video=status") >= 5, 5000);
  ck_assert_uint_eq (online_notifies, 1);
  teller_service_stop_monitor (service);
}
END_TEST

static Suite *
camera_suite (void)
{
  Suite *suite = suite_create ("camera-service");
  TCase *parsers = tcase_create ("parsers");
  TCase *sim = tcase_create ("simulator");
  TCase *monitor = tcase_create ("monitor");

  tcase_add_test (parsers, test_reply_check_codes);
  tcase_add_test (parsers, test_status_parse_document_example);
  tcase_add_test (parsers, test_status_parse_rejects_wrong_types);
  tcase_add_test (parsers, test_info_merge_document_examples);
  tcase_add_test (parsers, test_request_builders);
  suite_add_tcase (suite, parsers);

  tcase_add_checked_fixture (sim, setup_sim, teardown_sim);
  tcase_set_timeout (sim, 30);
  tcase_add_test (sim, test_sim_status);
  tcase_add_test (sim, test_sim_status_unplugged);
  tcase_add_test (sim, test_sim_info);
  tcase_add_test (sim, test_sim_info_unplugged_is_device_error);
  tcase_add_test (sim, test_sim_param_get_unknown_type);
  tcase_add_loop_test (sim, test_sim_fault_kinds, 0, G_N_ELEMENTS (fault_cases));
  tcase_add_test (sim, test_sim_vendor_code_kept);
  tcase_add_test (sim, test_sim_latency_within_timeout_succeeds);
  tcase_add_test (sim, test_sim_fault_cleared);
  tcase_add_test (sim, test_unreachable);
  tcase_add_test (sim, test_invalid_url);
  tcase_add_test (sim, test_cancel);
  tcase_add_test (sim, test_reply_size_limit);
  suite_add_tcase (suite, sim);

  tcase_add_checked_fixture (monitor, setup_sim, teardown_sim);
  tcase_set_timeout (monitor, 30);
  tcase_add_test (monitor, test_monitor_online_offline_backoff);
  tcase_add_test (monitor, test_monitor_error_and_unplugged);
  tcase_add_test (monitor, test_monitor_notifies_only_on_change);
  suite_add_tcase (suite, monitor);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (camera_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
