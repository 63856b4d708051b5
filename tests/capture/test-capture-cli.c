/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"
#include "test-cli-run.h"

/* Runs teller-cli while this process's main loop keeps the simulator answering. */
#define run_cli(...) test_run_cli (CAPTURE_TIMEOUT_MS * 2, __VA_ARGS__)

/* ---- teller-cli camera capture ----------------------------------------- */

static char *
make_out_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("teller-capture-XXXXXX", &error);

  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

START_TEST (test_cli_capture_writes_files)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *out = g_build_filename (dir, "new", "folder", NULL);
  g_auto(TestCliRun) run = run_cli ("--camera-url", fixture.url, "camera", "capture", "--out", out,
                                    "--cut-type", "1", "--multi", "--dpi", "300", "--quality", "80",
                                    "--color", "0", "--rotate", "90", "--watermark", "T-01", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *images;
  guint n_files = 0;

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  root = parse (run.out);
  images = json_object_get_array_member (json_node_get_object (root), "images");
  ck_assert_uint_gt (json_array_get_length (images), 1);

  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *entry = json_array_get_object_element (images, i);
      const char *path = json_object_get_string_member (entry, "path");
      g_autofree char *contents = NULL;
      gsize length = 0;
      int width = 0, height = 0;

      ck_assert (g_str_has_prefix (path, out));
      ck_assert_msg (g_file_get_contents (path, &contents, &length, NULL), "%s is missing", path);
      ck_assert_int_eq (length, json_object_get_int_member (entry, "bytes"));
      ck_assert (teller_jpeg_get_size ((const guint8 *) contents, length, &width, &height));
      ck_assert_int_eq (width, json_object_get_int_member (entry, "width"));
      ck_assert_int_eq (height, json_object_get_int_member (entry, "height"));
      /* --rotate 90 turned the portrait page into landscape. */
      if (i == 0)
        ck_assert_int_gt (width, height);
    }

  {
    g_autoptr(GDir) listing = g_dir_open (out, 0, NULL);
    const char *name;

    /* Each image under a name of its own, and no temporary file left behind. */
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        ck_assert_msg (g_str_has_suffix (name, ".jpg"), "stray file %s", name);
        n_files++;
      }
    ck_assert_uint_eq (n_files, json_array_get_length (images));
  }
  remove_dir (dir);
}
END_TEST

START_TEST (test_cli_capture_errors)
{
  g_autofree char *dir = make_out_dir ();
  g_auto(TestCliRun) no_out = run_cli ("--camera-url", fixture.url, "camera", "capture", NULL);
  g_auto(TestCliRun) bad_quality = run_cli ("--camera-url", fixture.url, "camera", "capture",
                                            "--out", dir, "--quality", "5", NULL);
  g_auto(TestCliRun) stray = run_cli ("--camera-url", fixture.url, "camera", "capture",
                                      "--out", dir, "extra", NULL);
  g_auto(TestCliRun) unplugged = { 0 };
  g_auto(TestCliRun) unreachable = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *error_object;

  ck_assert_int_eq (no_out.status, 2);
  ck_assert (strstr (no_out.err, "--out") != NULL);
  ck_assert_int_eq (bad_quality.status, 2);
  ck_assert_int_eq (stray.status, 2);
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                         "video=grabimage"), 0);

  teller_sim_camera_set_plugged (teller_sim_get_camera (fixture.sim), FALSE);
  unplugged = run_cli ("--json", "--camera-url", fixture.url, "camera", "capture", "--out", dir, NULL);
  ck_assert_int_eq (unplugged.status, 1);
  root = parse (unplugged.out);
  error_object = json_object_get_object_member (json_node_get_object (root), "error");
  ck_assert_str_eq (json_object_get_string_member (error_object, "kind"), "device");
  ck_assert_str_eq (json_object_get_string_member (error_object, "code"), "2");

  unreachable = run_cli ("--camera-url", "http://127.0.0.1:1", "camera", "capture", "--out", dir, NULL);
  ck_assert_int_eq (unreachable.status, 3);
  /* Nothing was written for the failures. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    ck_assert_ptr_null (g_dir_read_name (listing));
  }
  remove_dir (dir);
}
END_TEST

TCase *
capture_cli_tcase (void)
{
  TCase *tc = tcase_create ("cli");

  tcase_add_checked_fixture (tc, setup_sim, teardown_sim);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_cli_capture_writes_files);
  tcase_add_test (tc, test_cli_capture_errors);

  return tc;
}
