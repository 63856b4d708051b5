/* SPDX-License-Identifier: GPL-3.0-or-later */
/* teller-cli's settings commands as a script sees them: JSON on stdout, exit 0,
 * 1 for the device's errors, 2 for usage errors, 3 when the service is away. */

#include "config.h"

#include <glib/gstdio.h>

#include "test-settings.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* The CameraService address teller-cli is given; the simulator's unless a test says otherwise. */
static const char *camera_url;

/* Runs teller-cli against the in-process simulator, which this process's main loop
 * keeps answering. */
static CliRun
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) TELLER_CLI_PATH);
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, (char *) "--camera-url");
  g_ptr_array_add (argv, (char *) (camera_url != NULL ? camera_url : fixture.url));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  ck_assert_msg (process != NULL, "%s", error ? error->message : "");
  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, 30000);
  ck_assert (g_subprocess_communicate_utf8_finish (process, result, &run.out, &run.err, &error));
  ck_assert (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

static JsonNode *
output (const CliRun *run,
        int           status)
{
  ck_assert_msg (run->status == status, "exit %d, expected %d: %s%s", run->status, status,
                 run->out, run->err);
  return settings_parse (run->out);
}

static const char *
error_kind (JsonNode *node)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (node), "error");

  return json_object_get_string_member (error, "kind");
}

static const char *
error_code (JsonNode *node)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (node), "error");

  return json_object_get_string_member (error, "code");
}

START_TEST (test_cli_resolutions)
{
  g_auto(CliRun) document = run_cli ("camera", "resolutions", NULL);
  g_auto(CliRun) portrait = run_cli ("camera", "resolutions", "--camidx", "1", NULL);
  g_autoptr(JsonNode) list = output (&document, 0);
  g_autoptr(JsonNode) short_list = output (&portrait, 0);
  JsonArray *array = json_node_get_array (list);

  ck_assert_uint_eq (json_array_get_length (array), 11);
  ck_assert_str_eq (json_array_get_string_element (array, 0), "4000x3000");
  ck_assert_str_eq (json_array_get_string_element (array, 10), "640x480");
  ck_assert_uint_eq (json_array_get_length (json_node_get_array (short_list)), 3);
}
END_TEST

START_TEST (test_cli_set_resolution)
{
  g_auto(CliRun) run = run_cli ("camera", "set-resolution", "3264x2448", NULL);
  g_auto(CliRun) malformed = run_cli ("camera", "set-resolution", "3264x", NULL);
  g_auto(CliRun) missing = run_cli ("camera", "set-resolution", NULL);
  g_auto(CliRun) bad_camidx = run_cli ("camera", "set-resolution", "640x480", "--camidx", "7",
                                       NULL);
  g_autoptr(JsonNode) result = output (&run, 0);
  g_autoptr(JsonNode) usage = output (&malformed, 2);
  guint width, height;

  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (result), "resolution"),
                    "3264x2448");
  ck_assert (teller_sim_settings_get_resolution (settings_sim_camera (), 0, &width, &height));
  ck_assert_uint_eq (height, 2448);
  ck_assert_str_eq (error_kind (usage), "usage");
  ck_assert_int_eq (missing.status, 2);
  ck_assert_int_eq (bad_camidx.status, 2);
}
END_TEST

START_TEST (test_cli_property_get)
{
  g_auto(CliRun) all = run_cli ("camera", "property", "get", NULL);
  g_auto(CliRun) one = run_cli ("camera", "property", "get", "exposure", NULL);
  g_auto(CliRun) unknown = run_cli ("camera", "property", "get", "volume", NULL);
  g_auto(CliRun) no_action = run_cli ("camera", "property", NULL);
  g_autoptr(JsonNode) list = output (&all, 0);
  g_autoptr(JsonNode) exposure = output (&one, 0);
  JsonObject *object = json_node_get_object (exposure);

  ck_assert_uint_eq (json_array_get_length (json_node_get_array (list)), 17);
  ck_assert_str_eq (json_object_get_string_member (object, "name"), "exposure");
  ck_assert_int_eq (json_object_get_int_member (object, "min"), -13);
  ck_assert (json_object_get_boolean_member (object, "auto"));
  ck_assert_int_eq (unknown.status, 2);
  ck_assert (strstr (unknown.err, "brightness") != NULL);
  ck_assert_int_eq (no_action.status, 2);
}
END_TEST

START_TEST (test_cli_property_set)
{
  g_auto(CliRun) set = run_cli ("camera", "property", "set", "brightness", "-12", NULL);
  g_auto(CliRun) out_of_range = run_cli ("camera", "property", "set", "brightness", "999", NULL);
  g_auto(CliRun) automatic = run_cli ("camera", "property", "set", "whitebalance", "auto", NULL);
  g_auto(CliRun) not_number = run_cli ("camera", "property", "set", "gain", "high", NULL);
  g_auto(CliRun) bad_option = run_cli ("camera", "property", "set", "gain", "1", "--loud", NULL);
  g_autoptr(JsonNode) brightness = output (&set, 0);
  g_autoptr(JsonNode) refused = output (&out_of_range, 2);
  g_autoptr(JsonNode) whitebalance = output (&automatic, 0);
  int value;

  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (brightness), "current"), -12);
  ck_assert (teller_sim_settings_get_property (settings_sim_camera (), 0, "brightness", &value,
                                               NULL));
  ck_assert_int_eq (value, -12);
  /* Refused before sending: the service would have switched it to its default. */
  ck_assert_str_eq (error_kind (refused), "invalid-input");
  ck_assert (json_object_get_boolean_member (json_node_get_object (whitebalance), "auto"));
  ck_assert_int_eq (not_number.status, 2);
  ck_assert_int_eq (bad_option.status, 2);
}
END_TEST

START_TEST (test_cli_record)
{
  g_autofree char *dir = g_dir_make_tmp ("teller-settings-cli-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "counter.mp4", NULL);
  g_auto(CliRun) start = run_cli ("camera", "record", "start", "--camidx", "0", "--out", file,
                                  NULL);
  g_auto(CliRun) status = run_cli ("camera", "record", "status", "--camidx", "0", NULL);
  g_auto(CliRun) stop = run_cli ("camera", "record", "stop", "--camidx", "0", NULL);
  g_auto(CliRun) idle = run_cli ("camera", "record", "status", "--camidx", "0", NULL);
  g_auto(CliRun) stop_again = run_cli ("camera", "record", "stop", "--camidx", "0", NULL);
  g_autoptr(JsonNode) started = output (&start, 0);
  g_autoptr(JsonNode) recording = output (&status, 0);
  g_autoptr(JsonNode) stopped = output (&stop, 0);
  g_autoptr(JsonNode) idle_state = output (&idle, 0);
  g_autoptr(JsonNode) refused = output (&stop_again, 1);

  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (started), "filepath"),
                    file);
  ck_assert (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (recording), "state"),
                    "recording");
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (stopped), "state"),
                    "idle");
  ck_assert (json_object_has_member (json_node_get_object (stopped), "time"));
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (idle_state), "state"),
                    "idle");
  ck_assert_str_eq (error_kind (refused), "device");
  ck_assert_str_eq (error_code (refused), "1");

  g_unlink (file);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_cli_record_usage)
{
  g_auto(CliRun) no_action = run_cli ("camera", "record", NULL);
  g_auto(CliRun) bad_action = run_cli ("camera", "record", "pause", NULL);
  g_auto(CliRun) out_on_stop = run_cli ("camera", "record", "stop", "--out", "/tmp/x.mp4", NULL);
  g_auto(CliRun) audio = run_cli ("camera", "record", "audio", NULL);
  g_autoptr(JsonNode) names = output (&audio, 0);

  ck_assert_int_eq (no_action.status, 2);
  ck_assert_int_eq (bad_action.status, 2);
  ck_assert_int_eq (out_on_stop.status, 2);
  ck_assert (json_object_has_member (json_node_get_object (names), "audio"));
}
END_TEST

START_TEST (test_cli_unplugged_exit_1)
{
  g_auto(CliRun) property = { 0 };
  g_auto(CliRun) status = { 0 };
  g_autoptr(JsonNode) property_error = NULL;
  g_autoptr(JsonNode) status_error = NULL;

  settings_set_plugged (FALSE);
  property = run_cli ("camera", "property", "get", "gain", NULL);
  status = run_cli ("camera", "record", "status", NULL);
  property_error = output (&property, 1);
  status_error = output (&status, 1);
  ck_assert_str_eq (error_kind (property_error), "device");
  ck_assert_str_eq (error_code (property_error), "2");
  ck_assert_str_eq (error_code (status_error), "102");
}
END_TEST

START_TEST (test_cli_unreachable_and_timeout_exit_3)
{
  g_auto(CliRun) timeout = { 0 };
  g_auto(CliRun) unreachable = { 0 };
  g_autoptr(JsonNode) timed_out = NULL;
  g_autoptr(JsonNode) away = NULL;

  settings_set_fault ("param=get", "latency=5000");
  timeout = run_cli ("--timeout", "1", "camera", "resolutions", NULL);
  timed_out = output (&timeout, 3);
  ck_assert_str_eq (error_kind (timed_out), "timeout");

  camera_url = "http://127.0.0.1:1";
  unreachable = run_cli ("camera", "property", "get", "gain", NULL);
  camera_url = NULL;
  away = output (&unreachable, 3);
  ck_assert_str_eq (error_kind (away), "unreachable");
}
END_TEST

START_TEST (test_cli_help_lists_commands)
{
  g_auto(CliRun) run = run_cli ("--help", NULL);

  ck_assert_int_eq (run.status, 0);
  ck_assert (strstr (run.out, "camera resolutions") != NULL);
  ck_assert (strstr (run.out, "camera set-resolution WxH") != NULL);
  ck_assert (strstr (run.out, "camera property get") != NULL);
  ck_assert (strstr (run.out, "camera record start") != NULL);
}
END_TEST

TCase *
settings_cli_tcase (void)
{
  TCase *tc = tcase_create ("cli");

  tcase_add_checked_fixture (tc, settings_setup, settings_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_cli_resolutions);
  tcase_add_test (tc, test_cli_set_resolution);
  tcase_add_test (tc, test_cli_property_get);
  tcase_add_test (tc, test_cli_property_set);
  tcase_add_test (tc, test_cli_record);
  tcase_add_test (tc, test_cli_record_usage);
  tcase_add_test (tc, test_cli_unplugged_exit_1);
  tcase_add_test (tc, test_cli_unreachable_and_timeout_exit_3);
  tcase_add_test (tc, test_cli_help_lists_commands);
  return tc;
}
