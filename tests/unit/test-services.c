/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TellerServices: built from settings or options, and live changes applied. */

#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "teller-services.h"

START_TEST (test_defaults)
{
  TellerServicesConfig config;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) expected = g_file_new_build_filename (g_get_user_data_dir (), "teller",
                                                         "transactions", NULL);

  teller_services_config_init_defaults (&config);
  ck_assert_str_eq (config.camera_url, "http://127.0.0.1:38088");
  ck_assert_uint_eq (config.timeout_s, 15);
  root = teller_services_config_dup_output_root (&config);
  ck_assert (g_file_equal (root, expected));
  teller_services_config_clear (&config);
}
END_TEST

START_TEST (test_load_settings)
{
  TellerServicesConfig config;
  g_autoptr(GSettings) settings = NULL;

  /* tests/meson.build points GSETTINGS_SCHEMA_DIR at the compiled schema and uses
   * the memory backend, so this writes nothing outside the test. */
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "camera-url", "http://127.0.0.1:1234");
  g_settings_set_uint (settings, "request-timeout", 7);
  g_settings_set_string (settings, "output-folder", "/tmp/teller-test-out");

  teller_services_config_init_defaults (&config);
  ck_assert (teller_services_config_load_settings (&config));
  ck_assert_str_eq (config.camera_url, "http://127.0.0.1:1234");
  ck_assert_uint_eq (config.timeout_s, 7);
  ck_assert_str_eq (config.output_folder, "/tmp/teller-test-out");
  teller_services_config_clear (&config);
}
END_TEST

START_TEST (test_apply_config)
{
  TellerServicesConfig config;
  g_autoptr(TellerServices) services = NULL;
  TellerService *camera;
  g_autoptr(GFile) expected_root = g_file_new_for_path ("/tmp/teller-elsewhere");

  teller_services_config_init_defaults (&config);
  services = teller_services_new (&config);
  camera = TELLER_SERVICE (teller_services_get_camera (services));
  /* The camera and the card reader: one program, two services in the status bar. */
  ck_assert_uint_eq (g_list_model_get_n_items (teller_services_get_services (services)), 2);
  ck_assert_uint_eq (teller_service_get_timeout_ms (camera), 15000);

  g_free (config.camera_url);
  config.camera_url = g_strdup ("http://127.0.0.1:4321");
  config.timeout_s = 3;
  config.document_camera_index = 2;
  config.output_folder = g_strdup ("/tmp/teller-elsewhere");
  teller_services_apply_config (services, &config);

  ck_assert_str_eq (teller_service_get_base_url (camera), "http://127.0.0.1:4321");
  ck_assert_uint_eq (teller_service_get_timeout_ms (camera), 3000);
  ck_assert_uint_eq (teller_camera_service_get_document_camera_index (teller_services_get_camera (services)), 2);
  ck_assert (g_file_equal (teller_document_store_get_root (teller_services_get_store (services)),
                           expected_root));
  teller_services_config_clear (&config);
}
END_TEST

static Suite *
services_suite (void)
{
  Suite *suite = suite_create ("services");
  TCase *tc = tcase_create ("config");

  tcase_add_test (tc, test_defaults);
  tcase_add_test (tc, test_load_settings);
  tcase_add_test (tc, test_apply_config);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (services_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
