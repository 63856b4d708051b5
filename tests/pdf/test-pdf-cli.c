/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-cli-run.h"
#include "test-pdf.h"

#define run_cli(...) test_run_cli (ASYNC_TIMEOUT_SECONDS * 1000, __VA_ARGS__)

/* ---------------------------------------------------------------------- cli */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  ck_assert_msg (node != NULL && JSON_NODE_HOLDS_OBJECT (node), "not a JSON object: %s", text);
  return json_object_ref (json_node_get_object (node));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

START_TEST (test_cli_success)
{
  g_autofree char *a = make_image ("a.jpg", "jpeg", 400, 300, 200, 200);
  g_autofree char *b = make_image ("b.png", "png", 200, 100, 100, 100);
  g_autofree char *output = tmp_path ("out.pdf");
  g_auto(TestCliRun) run = run_cli ("pdf", "from-images", "--out", output, a, b, NULL);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GBytes) pdf = NULL;

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  object = parse_object (run.out);
  pdf = read_bytes (output);
  ck_assert_str_eq (json_object_get_string_member (object, "path"), output);
  ck_assert_int_eq (json_object_get_int_member (object, "pages"), 2);
  ck_assert_int_eq (json_object_get_int_member (object, "bytes"), g_bytes_get_size (pdf));
  assert_jpeg_stream_identical (pdf, a);
}
END_TEST

START_TEST (test_cli_usage)
{
  g_autofree char *a = make_image ("a.jpg", "jpeg", 40, 30, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");

  {
    g_auto(TestCliRun) run = run_cli ("pdf", "from-images", a, NULL);

    ck_assert_int_eq (run.status, 2);
    ck_assert_msg (strstr (run.err, "--out") != NULL, "%s", run.err);
    ck_assert_str_eq (run.out, "");
  }
  {
    g_auto(TestCliRun) run = run_cli ("--json", "pdf", "from-images", "--out", output, NULL);
    g_autoptr(JsonObject) object = NULL;
    JsonObject *error;

    ck_assert_int_eq (run.status, 2);
    object = parse_object (run.out);
    error = json_object_get_object_member (object, "error");
    ck_assert_str_eq (json_object_get_string_member (error, "kind"), "usage");
  }
  {
    g_auto(TestCliRun) run = run_cli ("pdf", "from-images", "--bogus", NULL);

    ck_assert_int_eq (run.status, 2);
  }
  ck_assert (!g_file_test (output, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_cli_corrupt_image)
{
  g_autofree char *a = make_image ("a.jpg", "jpeg", 40, 30, 200, 200);
  g_autofree char *broken = tmp_path ("broken.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  static const guint8 header_only[] = { 0xFF, 0xD8, 0xFF, 0xD9 };

  write_file (broken, header_only, sizeof header_only);
  {
    g_auto(TestCliRun) run = run_cli ("pdf", "from-images", "--out", output, a, broken, NULL);

    ck_assert_int_eq (run.status, 1);
    ck_assert_msg (g_str_has_prefix (run.err, "teller-cli: ") && count_lines (run.err) == 1 &&
                   strstr (run.err, "broken.jpg") != NULL, "%s", run.err);
    ck_assert_str_eq (run.out, "");
  }
  {
    g_auto(TestCliRun) run = run_cli ("--json", "pdf", "from-images", "--out", output, broken, NULL);
    g_autoptr(JsonObject) object = NULL;
    JsonObject *error;

    ck_assert_int_eq (run.status, 1);
    object = parse_object (run.out);
    error = json_object_get_object_member (object, "error");
    ck_assert_str_eq (json_object_get_string_member (error, "kind"), "error");
    ck_assert (strstr (json_object_get_string_member (error, "message"), "broken.jpg") != NULL);
  }
  ck_assert (!g_file_test (output, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (count_entries (tmpdir), 2);
}
END_TEST

TCase *
pdf_cli_tcase (void)
{
  TCase *tc = tcase_create ("cli");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_cli_success);
  tcase_add_test (tc, test_cli_usage);
  tcase_add_test (tc, test_cli_corrupt_image);

  return tc;
}
