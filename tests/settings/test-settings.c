/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera's device settings (video=record, video=setproperty/getproperty,
 * param=set/get): builders and parsers against 001_5b286aac9e459b89.txt's
 * examples, every call against the simulator, and teller-cli's commands. */

#include "config.h"

#include <stdlib.h>

#include "test-settings.h"

SettingsFixture fixture;

JsonNode *
settings_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture %s: %s", text, error ? error->message : "");
  return node;
}

void
settings_assert_json (JsonNode   *node,
                      const char *expected)
{
  g_autoptr(JsonNode) want = settings_parse (expected);
  g_autofree char *got = json_to_string (node, FALSE);

  ck_assert_msg (json_node_equal (node, want), "got %s, expected %s", got, expected);
}

void
settings_setup (void)
{
  g_autoptr(GError) error = NULL;

  fixture.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fixture.sim, 0, &error), "%s", error ? error->message : "");
  fixture.url = teller_sim_dup_camera_url (fixture.sim);
  fixture.client = teller_json_client_new ();
  fixture.camera = teller_camera_service_new (fixture.client, fixture.url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), CALL_TIMEOUT_MS);
}

void
settings_teardown (void)
{
  g_clear_object (&fixture.camera);
  g_clear_object (&fixture.client);
  g_clear_object (&fixture.sim);
  g_clear_pointer (&fixture.url, g_free);
  while (g_main_context_iteration (NULL, FALSE));
}

void
settings_set_fault (const char *route,
                    const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (teller_sim_get_camera_server (fixture.sim), route,
                                              spec, &error),
                 "%s", error ? error->message : "");
}

guint
settings_request_count (const char *route)
{
  return teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim), route);
}

TellerSimCamera *
settings_sim_camera (void)
{
  return teller_sim_get_camera (fixture.sim);
}

void
settings_set_plugged (gboolean plugged)
{
  teller_sim_camera_set_plugged (settings_sim_camera (), plugged);
}

void
settings_wait (GAsyncResult **result)
{
  test_wait_for_result (result, CALL_TIMEOUT_MS * 3);
}

void
settings_assert_error (const GError *error,
                       TellerError   kind,
                       const char   *code)
{
  ck_assert_msg (error != NULL, "expected an error");
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, kind), "expected kind %d, got %s (%d)",
                 kind, error->message, error->code);
  if (code != NULL)
    ck_assert_str_eq (teller_error_get_vendor_code (error), code);
}

int
main (void)
{
  Suite *suite = suite_create ("settings");
  SRunner *runner;
  int failed;

  suite_add_tcase (suite, settings_builders_tcase ());
  suite_add_tcase (suite, settings_parse_tcase ());
  suite_add_tcase (suite, settings_sim_tcase ());
  suite_add_tcase (suite, settings_sim_record_tcase ());
  suite_add_tcase (suite, settings_cli_tcase ());

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
