/* SPDX-License-Identifier: GPL-3.0-or-later */
/* video=record (3.6) against the simulator: start, status with the time
 * advancing, stop, per camera; the unplugged camera's "102". */

#include "config.h"

#include <glib/gstdio.h>

#include "test-settings.h"

static char *tmp_dir;

static void
record_setup (void)
{
  settings_setup ();
  tmp_dir = g_dir_make_tmp ("teller-settings-XXXXXX", NULL);
  ck_assert_ptr_nonnull (tmp_dir);
}

static void
record_teardown (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  settings_teardown ();
}

static char *
record_start (int          camidx,
              const char  *filepath,
              const char  *audio,
              GError     **error)
{
  g_autoptr(TellerRecordOptions) options = teller_record_options_new ();
  g_autoptr(GAsyncResult) result = NULL;

  options->camidx = camidx;
  options->filepath = g_strdup (filepath);
  options->audio = g_strdup (audio);
  options->width = 1280;
  options->height = 720;
  teller_camera_service_record_start_async (fixture.camera, options, NULL,
                                            test_store_result_cb, &result);
  settings_wait (&result);
  return teller_camera_service_record_start_finish (fixture.camera, result, error);
}

static TellerRecordStatus *
record_status (int      camidx,
               GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_record_status_async (fixture.camera, camidx, NULL,
                                             test_store_result_cb, &result);
  settings_wait (&result);
  return teller_camera_service_record_status_finish (fixture.camera, result, error);
}

static TellerRecordStatus *
record_stop (int      camidx,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_record_stop_async (fixture.camera, camidx, NULL,
                                           test_store_result_cb, &result);
  settings_wait (&result);
  return teller_camera_service_record_stop_finish (fixture.camera, result, error);
}

START_TEST (test_record_cycle)
{
  g_autofree char *wanted = g_build_filename (tmp_dir, "customer.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = record_start (0, wanted, NULL, &error);
  g_autofree char *again = NULL;
  g_autoptr(TellerRecordStatus) first = NULL;
  g_autoptr(TellerRecordStatus) later = NULL;
  g_autoptr(TellerRecordStatus) stopped = NULL;
  g_autoptr(TellerRecordStatus) idle = NULL;
  g_autoptr(TellerRecordStatus) not_recording = NULL;

  ck_assert_msg (path != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (path, wanted);
  ck_assert (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  ck_assert_str_eq (teller_sim_settings_get_recording_path (settings_sim_camera (), 0), wanted);

  first = record_status (0, NULL);
  ck_assert_int_eq (first->state, TELLER_RECORD_STATE_RECORDING);
  ck_assert (first->seconds >= 0);
  g_usleep (1100 * 1000);
  later = record_status (0, NULL);
  ck_assert_int_eq (later->state, TELLER_RECORD_STATE_RECORDING);
  ck_assert (later->seconds > first->seconds);

  /* One recording per camera at a time. */
  again = record_start (0, NULL, NULL, &error);
  ck_assert_ptr_null (again);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "1");
  g_clear_error (&error);

  stopped = record_stop (0, NULL);
  ck_assert_int_eq (stopped->state, TELLER_RECORD_STATE_IDLE);
  ck_assert (stopped->seconds >= later->seconds);
  idle = record_status (0, NULL);
  ck_assert_int_eq (idle->state, TELLER_RECORD_STATE_IDLE);
  ck_assert_ptr_null (teller_sim_settings_get_recording_path (settings_sim_camera (), 0));
  not_recording = record_stop (0, &error);
  ck_assert_ptr_null (not_recording);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "1");
  ck_assert (g_file_test (wanted, G_FILE_TEST_IS_REGULAR));
}
END_TEST

/* Without a filepath the service makes a temporary file (3.6); without a camera
 * index, stop and status mean the camera that records. */
START_TEST (test_record_temporary_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = record_start (-1, NULL, NULL, &error);
  g_autoptr(TellerRecordStatus) status = NULL;
  g_autoptr(TellerRecordStatus) stopped = NULL;

  ck_assert_msg (path != NULL, "%s", error ? error->message : "");
  ck_assert (g_path_is_absolute (path));
  ck_assert (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* The service's default camera for video=record is "1". */
  ck_assert_str_eq (teller_sim_settings_get_recording_path (settings_sim_camera (), 1), path);
  status = record_status (-1, NULL);
  ck_assert_int_eq (status->state, TELLER_RECORD_STATE_RECORDING);
  stopped = record_stop (-1, NULL);
  ck_assert_ptr_nonnull (stopped);
  g_unlink (path);
}
END_TEST

START_TEST (test_record_per_camera)
{
  g_autofree char *a = g_build_filename (tmp_dir, "a.mp4", NULL);
  g_autofree char *b = g_build_filename (tmp_dir, "b.mp4", NULL);
  g_autofree char *path_a = record_start (0, a, NULL, NULL);
  g_autofree char *path_b = record_start (1, b, NULL, NULL);
  g_autoptr(TellerRecordStatus) stopped = NULL;
  g_autoptr(TellerRecordStatus) status_0 = NULL;
  g_autoptr(TellerRecordStatus) status_1 = NULL;

  ck_assert_ptr_nonnull (path_a);
  ck_assert_ptr_nonnull (path_b);
  stopped = record_stop (1, NULL);
  ck_assert_ptr_nonnull (stopped);
  status_0 = record_status (0, NULL);
  status_1 = record_status (1, NULL);
  ck_assert_int_eq (status_0->state, TELLER_RECORD_STATE_RECORDING);
  ck_assert_int_eq (status_1->state, TELLER_RECORD_STATE_IDLE);
}
END_TEST

START_TEST (test_record_audio)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *path = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *wanted = g_build_filename (tmp_dir, "with-audio.mp4", NULL);

  teller_camera_service_record_audio_async (fixture.camera, NULL, test_store_result_cb, &result);
  settings_wait (&result);
  names = teller_camera_service_record_audio_finish (fixture.camera, result, &error);
  ck_assert_msg (names != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (g_strv_length (names), 1);
  ck_assert_uint_le (g_strv_length (names), 2);

  refused = record_start (0, wanted, "No such microphone", &error);
  ck_assert_ptr_null (refused);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "1");
  path = record_start (0, wanted, names[0], NULL);
  ck_assert_ptr_nonnull (path);
}
END_TEST

/* An unplugged camera: start is refused with "2", status reports "102". */
START_TEST (test_record_unplugged)
{
  g_autofree char *wanted = g_build_filename (tmp_dir, "lost.mp4", NULL);
  g_autofree char *path = record_start (0, wanted, NULL, NULL);
  g_autofree char *refused = NULL;
  g_autoptr(TellerRecordStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_nonnull (path);
  settings_set_plugged (FALSE);
  status = record_status (0, &error);
  ck_assert_ptr_null (status);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "102");
  g_clear_error (&error);
  refused = record_start (1, NULL, NULL, &error);
  ck_assert_ptr_null (refused);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
}
END_TEST

START_TEST (test_record_bad_requests)
{
  g_autofree char *missing_dir = g_build_filename (tmp_dir, "no", "such", "dir.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = record_start (0, missing_dir, NULL, &error);
  g_autoptr(TellerRecordStatus) status = NULL;

  ck_assert_ptr_null (path);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "1");
  g_clear_error (&error);
  status = record_status (2, &error);
  ck_assert_ptr_null (status);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
}
END_TEST

TCase *
settings_sim_record_tcase (void)
{
  TCase *tc = tcase_create ("record");

  tcase_add_checked_fixture (tc, record_setup, record_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_record_cycle);
  tcase_add_test (tc, test_record_temporary_file);
  tcase_add_test (tc, test_record_per_camera);
  tcase_add_test (tc, test_record_audio);
  tcase_add_test (tc, test_record_unplugged);
  tcase_add_test (tc, test_record_bad_requests);
  return tc;
}
