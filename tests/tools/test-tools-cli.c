/* SPDX-License-Identifier: GPL-3.0-or-later */
/* teller-cli's camera barcode / ocr / merge and barcode-scanner read, as a script
 * sees them: JSON on stdout, one line on stderr, exit codes 0, 1, 2, 3. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "teller-sim.h"
#include "teller-sim-imagepro-private.h"
#include "test-tools.h"
#include "test-util.h"

#define RUN_TIMEOUT_MS 30000

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static struct
{
  TellerSim *sim;
  char      *url;
  char      *dir;     /* this test's input and output files */
  char      *sandbox; /* the simulator's */
} fx;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  fx.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fx.sim, 0, &error), "%s", error != NULL ? error->message : "");
  fx.url = teller_sim_dup_camera_url (fx.sim);
  fx.dir = g_dir_make_tmp ("teller-tools-cli-XXXXXX", &error);
  ck_assert_ptr_nonnull (fx.dir);
  fx.sandbox = g_strdup (_teller_sim_imagepro_get_sandbox (
                           _teller_sim_imagepro_get (teller_sim_get_camera_server (fx.sim))));
}

static void
teardown (void)
{
  g_autoptr(GDir) dir = g_dir_open (fx.dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx.dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fx.dir);
  g_clear_pointer (&fx.dir, g_free);
  g_clear_pointer (&fx.url, g_free);
  g_clear_pointer (&fx.sandbox, g_free);
  g_clear_object (&fx.sim);
}

static TellerSimScanner *
scanner (void)
{
  return _teller_sim_scanner_get (teller_sim_get_camera_server (fx.sim));
}

static char *
write_input (const char *name,
             GBytes     *bytes)
{
  char *path = g_build_filename (fx.dir, name, NULL);

  ck_assert (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL));
  return path;
}

static char *
write_jpeg (const char *name,
            int         width,
            int         height)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (width, height, FALSE);

  return write_input (name, jpeg);
}

/* Starts teller-cli with the simulator's address and the given arguments. */
static GSubprocess *
spawn_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (char *) TELLER_CLI_PATH);
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, (char *) "--camera-url");
  g_ptr_array_add (argv, fx.url);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  ck_assert_msg (process != NULL, "%s", error != NULL ? error->message : "");
  return process;
}

/* The main loop keeps turning meanwhile, so the in-process simulator answers. */
static CliRun
finish_cli (GSubprocess   *process,
            GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  CliRun run = { 0 };

  test_wait_for_result (result, RUN_TIMEOUT_MS);
  ck_assert (g_subprocess_communicate_utf8_finish (process, *result, &run.out, &run.err, &error));
  ck_assert (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

static CliRun
run_cli_argv (const char * const *args)
{
  g_autoptr(GSubprocess) process = spawn_cli (args);
  g_autoptr(GAsyncResult) result = NULL;

  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);
  return finish_cli (process, &result);
}

#define run_cli(...) run_cli_argv ((const char * const[]) { __VA_ARGS__, NULL })

static JsonObject *
parse_out (const CliRun *run)
{
  g_autoptr(JsonNode) node = test_parse_json (run->out);

  ck_assert (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_error (const CliRun *run,
              int           status,
              const char   *kind,
              const char   *code)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error;

  ck_assert_msg (run->status == status, "exit %d, wanted %d: %s", run->status, status, run->err);
  ck_assert (g_str_has_prefix (run->err, "teller-cli: "));
  object = parse_out (run);
  error = json_object_get_object_member (object, "error");
  ck_assert_str_eq (json_object_get_string_member (error, "kind"), kind);
  if (code != NULL)
    ck_assert_str_eq (json_object_get_string_member (error, "code"), code);
}

/* ---- camera barcode ---------------------------------------------------------- */

START_TEST (test_barcode_camera_and_file)
{
  g_autoptr(GBytes) marked = test_make_jpeg_with_comment (100, 80, TELLER_SIM_BARCODE_COMMENT
                                                          "QR_CODE:FORM-77");
  g_autofree char *image = write_input ("marked.jpg", marked);
  g_auto(CliRun) camera = run_cli ("camera", "barcode");
  g_auto(CliRun) camera0 = run_cli ("camera", "barcode", "--camidx", "0");
  g_auto(CliRun) file = run_cli ("camera", "barcode", image);
  g_autoptr(JsonObject) camera_out = NULL, file_out = NULL;
  JsonObject *first;

  ck_assert_msg (camera.status == 0, "exit %d: %s", camera.status, camera.err);
  camera_out = parse_out (&camera);
  ck_assert_int_eq (json_object_get_int_member (camera_out, "count"), 1);
  first = json_array_get_object_element (json_object_get_array_member (camera_out, "barcode"), 0);
  ck_assert_str_eq (json_object_get_string_member (first, "code"), TELLER_SIM_CAMERA_BARCODE);
  ck_assert_int_eq (camera0.status, 0);

  ck_assert_msg (file.status == 0, "exit %d: %s", file.status, file.err);
  file_out = parse_out (&file);
  first = json_array_get_object_element (json_object_get_array_member (file_out, "barcode"), 0);
  ck_assert_str_eq (json_object_get_string_member (first, "type"), "QR_CODE");
  ck_assert_str_eq (json_object_get_string_member (first, "code"), "FORM-77");
}
END_TEST

START_TEST (test_barcode_errors)
{
  g_autofree char *image = write_jpeg ("a.jpg", 40, 40);
  g_autofree char *missing = g_build_filename (fx.dir, "missing.jpg", NULL);
  g_autoptr(GBytes) text = g_bytes_new_static ("not an image", 12);
  g_autofree char *not_image = write_input ("text.jpg", text);
  g_auto(CliRun) other_camera = run_cli ("camera", "barcode", "--camidx", "1");
  g_auto(CliRun) both = run_cli ("camera", "barcode", "--camidx", "0", image);
  g_auto(CliRun) absent = run_cli ("camera", "barcode", missing);
  g_auto(CliRun) wrong = run_cli ("camera", "barcode", not_image);
  g_auto(CliRun) unplugged = { 0 };

  assert_error (&other_camera, 2, "usage", NULL);
  assert_error (&both, 2, "usage", NULL);
  assert_error (&absent, 2, "invalid-input", NULL);
  assert_error (&wrong, 2, "invalid-input", NULL);

  g_object_set (teller_sim_get_camera (fx.sim), "plugged", FALSE, NULL);
  unplugged = run_cli ("camera", "barcode");
  assert_error (&unplugged, 1, "device", "2");
}
END_TEST

/* ---- camera ocr --------------------------------------------------------------- */

START_TEST (test_ocr_json_and_file)
{
  g_autoptr(GBytes) marked = test_make_jpeg_with_comment (200, 260, TELLER_SIM_TEXT_COMMENT
                                                          "RECEIPT 0042\n金额 100.00");
  g_autofree char *first = write_input ("receipt.jpg", marked);
  g_autofree char *second = write_jpeg ("page.jpg", 120, 160);
  g_autofree char *out = g_build_filename (fx.sandbox, "ocr-out.txt", NULL);
  g_autofree char *outside = g_build_filename (fx.dir, "ocr-out.txt", NULL);
  g_auto(CliRun) json = run_cli ("camera", "ocr", first, second);
  g_auto(CliRun) file = run_cli ("camera", "ocr", first, "--out", out);
  g_auto(CliRun) refused = run_cli ("camera", "ocr", first, "--out", outside);
  g_auto(CliRun) none = run_cli ("camera", "ocr");
  g_autoptr(JsonObject) json_out = NULL, file_out = NULL;
  g_autofree char *contents = NULL;

  ck_assert_msg (json.status == 0, "exit %d: %s", json.status, json.err);
  json_out = parse_out (&json);
  ck_assert_int_eq (json_object_get_int_member (json_out, "page_count"), 2);
  ck_assert (g_str_has_prefix (json_object_get_string_member (json_out, "text"),
                               "RECEIPT 0042\n金额 100.00\n"));

  ck_assert_msg (file.status == 0, "exit %d: %s", file.status, file.err);
  file_out = parse_out (&file);
  ck_assert_str_eq (json_object_get_string_member (file_out, "output_file"), out);
  ck_assert (g_file_get_contents (out, &contents, NULL, NULL));
  ck_assert_str_eq (contents, "RECEIPT 0042\n金额 100.00\n");

  /* The simulator writes only in its sandbox: ocr_result 1006, a parameter error. */
  assert_error (&refused, 2, "invalid-input", "1006");
  assert_error (&none, 2, "usage", NULL);
}
END_TEST

/* ---- camera merge -------------------------------------------------------------- */

START_TEST (test_merge_formats)
{
  g_autofree char *a = write_jpeg ("a.jpg", 300, 200);
  g_autofree char *b = write_jpeg ("b.jpg", 200, 300);
  const char *formats[] = { "pdf", "tif", "ofd" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("merged.", formats[i], NULL);
      g_autofree char *out = g_build_filename (fx.dir, name, NULL);
      g_auto(CliRun) run = run_cli ("camera", "merge", "--format", formats[i], "--out", out, a, b);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;

      ck_assert_msg (run.status == 0, "%s: exit %d: %s", formats[i], run.status, run.err);
      object = parse_out (&run);
      ck_assert_str_eq (json_object_get_string_member (object, "path"), out);
      ck_assert (g_str_has_prefix (json_object_get_string_member (object, "service_filepath"),
                                   fx.sandbox));
      file = g_mapped_file_new (out, FALSE, NULL);
      ck_assert_ptr_nonnull (file);
      bytes = g_mapped_file_get_bytes (file);
      ck_assert_int_eq (json_object_get_int_member (object, "bytes"), g_bytes_get_size (bytes));
      if (i == 0)
        ck_assert_int_eq (test_pdf_page_count (bytes), 2);
      else if (i == 1)
        ck_assert_int_eq (test_tiff_page_count (bytes), 2);
      else
        ck_assert_mem_eq (g_bytes_get_data (bytes, NULL), "PK\003\004", 4);
    }
}
END_TEST

START_TEST (test_merge_usage)
{
  g_autofree char *a = write_jpeg ("a.jpg", 30, 20);
  g_autofree char *out = g_build_filename (fx.dir, "x.pdf", NULL);
  g_auto(CliRun) no_out = run_cli ("camera", "merge", "--format", "pdf", a);
  g_auto(CliRun) bad_format = run_cli ("camera", "merge", "--format", "docx", "--out", out, a);
  g_auto(CliRun) no_images = run_cli ("camera", "merge", "--format", "pdf", "--out", out);
  g_auto(CliRun) unreachable = { 0 };

  assert_error (&no_out, 2, "usage", NULL);
  assert_error (&bad_format, 2, "usage", NULL);
  assert_error (&no_images, 2, "usage", NULL);
  ck_assert (!g_file_test (out, G_FILE_TEST_EXISTS));

  g_free (fx.url);
  fx.url = g_strdup ("http://127.0.0.1:1");
  unreachable = run_cli ("camera", "merge", "--format", "pdf", "--out", out, a);
  assert_error (&unreachable, 3, "unreachable", NULL);
  ck_assert (!g_file_test (out, G_FILE_TEST_EXISTS));
}
END_TEST

/* ---- barcode-scanner read ------------------------------------------------------- */

START_TEST (test_scanner_read_code)
{
  const char *args[] = { "barcode-scanner", "read", "--wait", "20", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (args);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_auto(CliRun) run = { 0 };

  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);
  TEST_WAIT_UNTIL (_teller_sim_scanner_is_open (scanner ()), RUN_TIMEOUT_MS);
  /* The CLI is polling: "no code yet" at least once before the scan. */
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (teller_sim_get_camera_server (fx.sim),
                                                        "barcode_scanner=get") >= 1,
                   RUN_TIMEOUT_MS);
  ck_assert (_teller_sim_scanner_scan (scanner (), "6922222222229"));
  run = finish_cli (process, &result);

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  object = parse_out (&run);
  ck_assert_str_eq (json_object_get_string_member (object, "code"), "6922222222229");
  ck_assert (!_teller_sim_scanner_is_open (scanner ()));
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fx.sim),
                                                          "barcode_scanner=close"), 1);
}
END_TEST

START_TEST (test_scanner_read_nothing)
{
  g_auto(CliRun) run = run_cli ("barcode-scanner", "read", "--wait", "1");

  assert_error (&run, 1, "busy", NULL);
  ck_assert (strstr (run.err, "No barcode was scanned within 1 seconds") != NULL);
  ck_assert (!_teller_sim_scanner_is_open (scanner ()));
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fx.sim),
                                                          "barcode_scanner=close"), 1);
}
END_TEST

START_TEST (test_scanner_read_interrupted)
{
  const char *args[] = { "barcode-scanner", "read", "--wait", "30", NULL };
  g_autoptr(GSubprocess) process = spawn_cli (args);
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(CliRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);
  TEST_WAIT_UNTIL (_teller_sim_scanner_is_open (scanner ()), RUN_TIMEOUT_MS);
  g_subprocess_send_signal (process, SIGINT);
  run = finish_cli (process, &result);

  /* Ctrl+C still closes the scanner, and ends the command at once. */
  ck_assert_msg (run.status == 1, "exit %d: %s", run.status, run.err);
  ck_assert (strstr (run.err, "Interrupted") != NULL);
  ck_assert (!_teller_sim_scanner_is_open (scanner ()));
  ck_assert_int_lt ((g_get_monotonic_time () - start) / 1000, 20000);
}
END_TEST

START_TEST (test_scanner_read_errors)
{
  g_auto(CliRun) negative = run_cli ("barcode-scanner", "read", "--wait", "-1");
  g_auto(CliRun) extra = run_cli ("barcode-scanner", "read", "now");
  g_auto(CliRun) unplugged = { 0 };
  g_auto(CliRun) unreachable = { 0 };

  assert_error (&negative, 2, "usage", NULL);
  assert_error (&extra, 2, "usage", NULL);

  _teller_sim_scanner_set_plugged (scanner (), FALSE);
  unplugged = run_cli ("barcode-scanner", "read", "--wait", "1");
  assert_error (&unplugged, 1, "device", "2");
  /* The open failed at the device: the command still closed it, to be safe. */
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fx.sim),
                                                          "barcode_scanner=close"), 1);

  g_free (fx.url);
  fx.url = g_strdup ("http://127.0.0.1:1");
  unreachable = run_cli ("barcode-scanner", "read", "--wait", "1");
  assert_error (&unreachable, 3, "unreachable", NULL);
}
END_TEST

START_TEST (test_help_lists_tools)
{
  const char *args[] = { "--help", NULL };
  g_auto(CliRun) run = run_cli_argv (args);

  ck_assert_int_eq (run.status, 0);
  ck_assert (strstr (run.out, "camera barcode") != NULL);
  ck_assert (strstr (run.out, "camera ocr") != NULL);
  ck_assert (strstr (run.out, "camera merge --format pdf|tif|ofd") != NULL);
  ck_assert (strstr (run.out, "barcode-scanner read") != NULL);
}
END_TEST

Suite *
tools_cli_suite (void)
{
  Suite *suite = suite_create ("tools-cli");
  TCase *tc = tcase_create ("commands");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_barcode_camera_and_file);
  tcase_add_test (tc, test_barcode_errors);
  tcase_add_test (tc, test_ocr_json_and_file);
  tcase_add_test (tc, test_merge_formats);
  tcase_add_test (tc, test_merge_usage);
  tcase_add_test (tc, test_scanner_read_code);
  tcase_add_test (tc, test_scanner_read_nothing);
  tcase_add_test (tc, test_scanner_read_interrupted);
  tcase_add_test (tc, test_scanner_read_errors);
  tcase_add_test (tc, test_help_lists_tools);
  suite_add_tcase (suite, tc);
  return suite;
}
