/* SPDX-License-Identifier: GPL-3.0-or-later */
/* teller-cli face verify-id / compare / liveness and finger read / verify: scores as
 * {"confidence": N}, images on disk only with --out, and the failures. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "test-identity-cli.h"
#include "test-util.h"

/* The simulator's fingerprint image and template sizes (teller-sim-card-private.h). */
#define FINGER_WIDTH  256
#define FINGER_HEIGHT 360
#define FEATURE_SIZE  512

static gint64
confidence (JsonObject *object)
{
  ck_assert (json_object_has_member (object, "confidence"));
  return json_object_get_int_member (object, "confidence");
}

static guint
count_files (void)
{
  g_auto(GStrv) names = id_cli_list_dir ();

  return g_strv_length (names);
}

static char *
write_face (const char *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 60, 80);
  g_autoptr(GError) error = NULL;
  char *path = id_cli_path (name);

  gdk_pixbuf_fill (pixbuf, 0xd0a080ff);
  ck_assert_msg (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, NULL), "%s",
                 error != NULL ? error->message : "");
  return path;
}

static void
assert_image (const char *path,
              int         width,
              int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);

  ck_assert_msg (pixbuf != NULL, "%s", error != NULL ? error->message : "");
  if (width > 0)
    ck_assert_int_eq (gdk_pixbuf_get_width (pixbuf), width);
  if (height > 0)
    ck_assert_int_eq (gdk_pixbuf_get_height (pixbuf), height);
}

/* ---- face verify-id ---------------------------------------------------------- */

START_TEST (test_verify_id)
{
  g_auto(IdCliRun) run = { 0 }, multi = { 0 }, second = { 0 };
  g_autoptr(JsonObject) object = NULL, multi_object = NULL, second_object = NULL;
  static const char * const values[] = { "cardID", "name", NULL };

  ck_assert (teller_sim_card_reader_place (id_cli_reader (), "mainland"));
  teller_sim_card_reader_set_face_score (id_cli_reader (), 77);
  run = id_cli_run ("face", "verify-id");
  object = id_cli_assert_ok (&run);
  ck_assert_int_eq (confidence (object), 77);
  ck_assert_uint_eq (json_object_get_size (object), 1);
  id_cli_assert_no_values (run.out, "mainland", values);
  id_cli_assert_no_values (run.err, "mainland", values);
  /* The pictures stay in memory. */
  ck_assert_uint_eq (count_files (), 0);

  multi = id_cli_run ("face", "verify-id", "--multi-face");
  multi_object = id_cli_assert_ok (&multi);
  ck_assert_int_eq (confidence (multi_object), 77);
  second = id_cli_run ("face", "verify-id", "--camidx", "2");
  second_object = id_cli_assert_ok (&second);
  ck_assert_int_eq (confidence (second_object), 77);
}
END_TEST

START_TEST (test_verify_id_errors)
{
  g_auto(IdCliRun) no_card = id_cli_run ("face", "verify-id");
  g_auto(IdCliRun) bad_camera = id_cli_run ("face", "verify-id", "--camidx", "3");
  g_auto(IdCliRun) extra = id_cli_run ("face", "verify-id", "now");

  id_cli_assert_error (&no_card, 1, "device", NULL);
  id_cli_assert_error (&bad_camera, 2, "usage", NULL);
  id_cli_assert_error (&extra, 2, "usage", NULL);
}
END_TEST

/* ---- face compare --------------------------------------------------------------- */

START_TEST (test_compare)
{
  g_autofree char *a = write_face ("a.jpg");
  g_autofree char *b = write_face ("b.jpg");
  g_auto(IdCliRun) run = { 0 };
  g_autoptr(JsonObject) object = NULL;

  teller_sim_card_reader_set_face_score (id_cli_reader (), 64);
  run = id_cli_run ("face", "compare", a, b);
  object = id_cli_assert_ok (&run);
  ck_assert_int_eq (confidence (object), 64);
}
END_TEST

START_TEST (test_compare_errors)
{
  g_autofree char *a = write_face ("a.jpg");
  g_autofree char *text = id_cli_path ("notes.jpg");
  g_autofree char *missing = id_cli_path ("missing.jpg");
  g_auto(IdCliRun) not_image = { 0 }, absent = { 0 }, one = { 0 }, three = { 0 };

  ck_assert (g_file_set_contents (text, "not a face at all", -1, NULL));
  not_image = id_cli_run ("face", "compare", a, text);
  id_cli_assert_error (&not_image, 2, "invalid-input", NULL);
  ck_assert_msg (strstr (not_image.err, "notes.jpg") != NULL &&
                 strstr (not_image.err, "not a JPEG, PNG, BMP or TIFF image") != NULL,
                 "unclear message: %s", not_image.err);
  absent = id_cli_run ("face", "compare", a, missing);
  id_cli_assert_error (&absent, 2, "invalid-input", NULL);
  one = id_cli_run ("face", "compare", a);
  id_cli_assert_error (&one, 2, "usage", NULL);
  three = id_cli_run ("face", "compare", a, a, a);
  id_cli_assert_error (&three, 2, "usage", NULL);
}
END_TEST

/* ---- face liveness ----------------------------------------------------------------- */

START_TEST (test_liveness)
{
  g_autofree char *out = id_cli_path ("face.jpg");
  g_autofree char *cut = id_cli_path ("cut.jpg");
  g_auto(IdCliRun) polling = { 0 }, blocking = { 0 }, saved = { 0 }, cut_run = { 0 };
  g_autoptr(JsonObject) polling_object = NULL, blocking_object = NULL;
  g_autoptr(JsonObject) saved_object = NULL, cut_object = NULL;

  ck_assert (teller_sim_card_reader_set_liveness (id_cli_reader (), "live", 300));
  polling = id_cli_run ("face", "liveness");
  polling_object = id_cli_assert_ok (&polling);
  ck_assert (json_object_get_boolean_member (polling_object, "live"));
  ck_assert_int_ge (json_object_get_int_member (polling_object, "cost_ms"), 0);
  ck_assert (!json_object_has_member (polling_object, "image"));
  /* No --out: the face stays in memory. */
  ck_assert_uint_eq (count_files (), 0);

  blocking = id_cli_run ("face", "liveness", "--blocking", "--timeout", "3", "--camidx", "2");
  blocking_object = id_cli_assert_ok (&blocking);
  ck_assert (json_object_get_boolean_member (blocking_object, "live"));

  saved = id_cli_run ("face", "liveness", "--out", out);
  saved_object = id_cli_assert_ok (&saved);
  ck_assert_str_eq (json_object_get_string_member (saved_object, "image"), out);
  assert_image (out, 640, 480);

  cut_run = id_cli_run ("face", "liveness", "--cut-face", "--out", cut);
  cut_object = id_cli_assert_ok (&cut_run);
  ck_assert_str_eq (json_object_get_string_member (cut_object, "image"), cut);
  assert_image (cut, 200, 240);
}
END_TEST

START_TEST (test_liveness_fails)
{
  g_autofree char *out = id_cli_path ("face.jpg");
  g_auto(IdCliRun) not_live = { 0 }, blocking = { 0 }, never = { 0 };
  g_auto(IdCliRun) bad_time = { 0 }, bad_camera = { 0 };

  ck_assert (teller_sim_card_reader_set_liveness (id_cli_reader (), "not_live", 200));
  not_live = id_cli_run ("face", "liveness", "--out", out);
  id_cli_assert_error (&not_live, 1, "device", NULL);
  blocking = id_cli_run ("face", "liveness", "--blocking");
  id_cli_assert_error (&blocking, 1, "device", NULL);
  ck_assert (!g_file_test (out, G_FILE_TEST_EXISTS));

  /* A check that never ends: given up on (1 s + the service layer's 10 s grace). */
  ck_assert (teller_sim_card_reader_set_liveness (id_cli_reader (), "never", 0));
  never = id_cli_run ("face", "liveness", "--timeout", "1");
  id_cli_assert_error (&never, 3, "timeout", NULL);

  bad_time = id_cli_run ("face", "liveness", "--timeout", "0");
  id_cli_assert_error (&bad_time, 2, "usage", NULL);
  bad_camera = id_cli_run ("face", "liveness", "--camidx", "0");
  id_cli_assert_error (&bad_camera, 2, "usage", NULL);
}
END_TEST

START_TEST (test_liveness_interrupted)
{
  const char *args[] = { "face", "liveness", "--timeout", "30", NULL };
  TellerSimServer *server = teller_sim_get_camera_server (id_cli_sim ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_auto(IdCliRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  ck_assert (teller_sim_card_reader_set_liveness (id_cli_reader (), "never", 0));
  process = id_cli_spawn (args, &result);
  /* Polling: islive has said "still running" at least once. */
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (server, "face=islive") >= 1, 30000);
  g_subprocess_send_signal (process, SIGINT);
  run = id_cli_finish (process, &result);

  /* Ctrl+C ends the wait at once, as a failure. */
  ck_assert_msg (run.status == 1, "exit %d: %s", run.status, run.err);
  ck_assert_msg (strstr (run.err, "Interrupted") != NULL, "stderr: %s", run.err);
  ck_assert_int_lt ((g_get_monotonic_time () - start) / 1000, 20000);
}
END_TEST

/* ---- finger read ------------------------------------------------------------------- */

START_TEST (test_finger_read_types)
{
  static const struct
  {
    const char *type;
    const char *signature;
    gsize       size;       /* 0: only the signature is known */
  } types[] = {
    { "bmp", "BM", 0 },
    { "raw", NULL, FINGER_WIDTH * FINGER_HEIGHT * 3 },
    { "png", "\x89PNG", 0 },
    { "feature", NULL, FEATURE_SIZE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *name = g_strconcat ("finger.", types[i].type, NULL);
      g_autofree char *out = id_cli_path (name);
      g_auto(IdCliRun) run = id_cli_run ("finger", "read", "--type", types[i].type, "--out", out);
      g_autoptr(JsonObject) object = id_cli_assert_ok (&run);
      g_autoptr(GBytes) bytes = id_cli_read_file (out);

      ck_assert_str_eq (json_object_get_string_member (object, "type"), types[i].type);
      ck_assert_str_eq (json_object_get_string_member (object, "path"), out);
      ck_assert_int_eq (json_object_get_int_member (object, "bytes"), g_bytes_get_size (bytes));
      ck_assert (json_object_get_boolean_member (object, "has_feature"));
      if (types[i].signature != NULL)
        ck_assert_mem_eq (g_bytes_get_data (bytes, NULL), types[i].signature,
                          strlen (types[i].signature));
      if (types[i].size > 0)
        ck_assert_uint_eq (g_bytes_get_size (bytes), types[i].size);
      if (g_strcmp0 (types[i].type, "bmp") == 0 || g_strcmp0 (types[i].type, "png") == 0)
        assert_image (out, FINGER_WIDTH, FINGER_HEIGHT);
    }
}
END_TEST

START_TEST (test_finger_read_errors)
{
  g_autofree char *out = id_cli_path ("finger.bin");
  g_auto(IdCliRun) no_out = id_cli_run ("finger", "read");
  g_auto(IdCliRun) bad_type = id_cli_run ("finger", "read", "--type", "jpeg", "--out", out);
  g_auto(IdCliRun) no_finger = { 0 };

  id_cli_assert_error (&no_out, 2, "usage", NULL);
  id_cli_assert_error (&bad_type, 2, "usage", NULL);

  id_cli_control ("{\"finger\": false}");
  no_finger = id_cli_run ("finger", "read", "--out", out);
  id_cli_assert_error (&no_finger, 1, "device", NULL);
  ck_assert_uint_eq (count_files (), 0);
}
END_TEST

/* ---- finger verify ------------------------------------------------------------------ */

static void
read_finger (const char *type,
             const char *path)
{
  g_auto(IdCliRun) run = id_cli_run ("finger", "read", "--type", type, "--out", path);
  g_autoptr(JsonObject) object = id_cli_assert_ok (&run);
}

START_TEST (test_finger_verify)
{
  g_autofree char *a = id_cli_path ("a.feature");
  g_autofree char *b = id_cli_path ("b.feature");
  g_autofree char *image = id_cli_path ("a.bmp");
  g_auto(IdCliRun) two = { 0 }, one = { 0 }, bmp = { 0 };
  g_autoptr(JsonObject) two_object = NULL, one_object = NULL, bmp_object = NULL;

  read_finger ("feature", a);
  read_finger ("feature", b);
  read_finger ("bmp", image);
  teller_sim_card_reader_set_finger_score (id_cli_reader (), 66);

  two = id_cli_run ("finger", "verify", a, b);
  two_object = id_cli_assert_ok (&two);
  ck_assert_int_eq (confidence (two_object), 66);
  /* One file: against the finger on the reader. */
  one = id_cli_run ("finger", "verify", a);
  one_object = id_cli_assert_ok (&one);
  ck_assert_int_eq (confidence (one_object), 66);
  bmp = id_cli_run ("finger", "verify", "--type", "bmp", image, image);
  bmp_object = id_cli_assert_ok (&bmp);
  ck_assert_int_eq (confidence (bmp_object), 66);
}
END_TEST

START_TEST (test_finger_verify_errors)
{
  g_autofree char *a = id_cli_path ("a.feature");
  g_autofree char *missing = id_cli_path ("missing.feature");
  g_autofree char *empty = id_cli_path ("empty.feature");
  g_auto(IdCliRun) none = { 0 }, three = { 0 }, png = { 0 }, absent = { 0 };
  g_auto(IdCliRun) zero = { 0 }, no_finger = { 0 };

  read_finger ("feature", a);
  ck_assert (g_file_set_contents (empty, "", 0, NULL));
  none = id_cli_run ("finger", "verify");
  id_cli_assert_error (&none, 2, "usage", NULL);
  three = id_cli_run ("finger", "verify", a, a, a);
  id_cli_assert_error (&three, 2, "usage", NULL);
  png = id_cli_run ("finger", "verify", "--type", "png", a, a);
  id_cli_assert_error (&png, 2, "usage", NULL);
  absent = id_cli_run ("finger", "verify", a, missing);
  id_cli_assert_error (&absent, 2, "invalid-input", NULL);
  ck_assert (strstr (absent.err, "missing.feature") != NULL);
  zero = id_cli_run ("finger", "verify", empty);
  id_cli_assert_error (&zero, 2, "invalid-input", NULL);

  id_cli_control ("{\"finger\": false}");
  no_finger = id_cli_run ("finger", "verify", a);
  id_cli_assert_error (&no_finger, 1, "device", NULL);
}
END_TEST

Suite *
id_cli_bio_suite (void)
{
  Suite *suite = suite_create ("identity-cli-bio");
  TCase *tc = tcase_create ("face-finger");

  tcase_add_checked_fixture (tc, id_cli_setup, id_cli_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_verify_id);
  tcase_add_test (tc, test_verify_id_errors);
  tcase_add_test (tc, test_compare);
  tcase_add_test (tc, test_compare_errors);
  tcase_add_test (tc, test_liveness);
  tcase_add_test (tc, test_liveness_fails);
  tcase_add_test (tc, test_liveness_interrupted);
  tcase_add_test (tc, test_finger_read_types);
  tcase_add_test (tc, test_finger_read_errors);
  tcase_add_test (tc, test_finger_verify);
  tcase_add_test (tc, test_finger_verify_errors);
  suite_add_tcase (suite, tc);
  return suite;
}
