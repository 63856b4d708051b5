/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-pdf.h"

/* ------------------------------------------------------------------- errors */

static void
assert_fails (const char * const *paths,
              const char         *output,
              const char         *old_content,
              GQuark              domain,
              int                 code,
              const char         *named)
{
  g_autoptr(GError) error = NULL;
  guint n_entries = count_entries (tmpdir);

  ck_assert (!write_pdf (output, paths, NULL, &error));
  ck_assert_msg (g_error_matches (error, domain, code), "unexpected error: %s (%s %d)",
                 error->message, g_quark_to_string (error->domain), error->code);
  ck_assert_msg (strstr (error->message, named) != NULL, "“%s” does not name %s",
                 error->message, named);
  assert_untouched (output, old_content, n_entries);
}

START_TEST (test_corrupt_jpeg)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 300, 300, 200, 200);
  g_autofree char *truncated = tmp_path ("truncated.jpg");
  g_autofree char *no_frame = tmp_path ("no-frame.jpg");
  g_autofree char *garbage = tmp_path ("garbage.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GBytes) bytes = read_bytes (good);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  /* SOI, a JFIF APP0, EOI: a header and nothing else. */
  static const guint8 header_only[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x01,
    0x00, 0xC8, 0x00, 0xC8, 0x00, 0x00, 0xFF, 0xD9
  };
  const char *cut[] = { good, truncated, NULL };
  const char *headless[] = { no_frame, good, NULL };
  const char *not_image[] = { garbage, NULL };

  write_file (truncated, data, length / 2);
  write_file (no_frame, header_only, sizeof header_only);
  write_file (garbage, (const guint8 *) "\xFF\xD8\xFF not really", 14);

  assert_fails (cut, output, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "truncated.jpg");
  assert_fails (headless, output, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no-frame.jpg");
  assert_fails (not_image, output, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "garbage.jpg");

  /* An existing PDF survives a failed merge as it was. */
  write_file (output, (const guint8 *) "old", 3);
  assert_fails (cut, output, "old", G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "truncated.jpg");
}
END_TEST

START_TEST (test_corrupt_messages)
{
  g_autofree char *no_frame = tmp_path ("no-frame.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  static const guint8 header_only[] = { 0xFF, 0xD8, 0xFF, 0xD9 };
  const char *paths[] = { no_frame, NULL };
  g_autoptr(GError) error = NULL;

  write_file (no_frame, header_only, sizeof header_only);
  ck_assert (!write_pdf (output, paths, NULL, &error));
  ck_assert_msg (strstr (error->message, "SOF") != NULL, "%s", error->message);
  ck_assert_msg (strchr (error->message, '\n') == NULL, "not one line: %s", error->message);
}
END_TEST

START_TEST (test_missing_file)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 100, 100, 200, 200);
  g_autofree char *missing = tmp_path ("missing.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  const char *paths[] = { good, missing, NULL };

  assert_fails (paths, output, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, missing);
  write_file (output, (const guint8 *) "old", 3);
  assert_fails (paths, output, "old", G_IO_ERROR, G_IO_ERROR_NOT_FOUND, missing);
}
END_TEST

START_TEST (test_unwritable_destination)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 100, 100, 200, 200);
  g_autofree char *no_folder = g_build_filename (tmpdir, "no-such-folder", "out.pdf", NULL);
  g_autofree char *folder = tmp_path ("a-folder");
  const char *paths[] = { good, NULL };
  g_autoptr(GError) error = NULL;

  assert_fails (paths, no_folder, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, no_folder);

  /* A folder in the way is refused, and left as it was. */
  ck_assert_int_eq (g_mkdir (folder, 0700), 0);
  ck_assert (!write_pdf (folder, paths, NULL, &error));
  ck_assert_msg (strstr (error->message, "a-folder") != NULL, "%s", error->message);
  ck_assert (g_file_test (folder, G_FILE_TEST_IS_DIR));
  ck_assert_uint_eq (count_entries (tmpdir), 2);
  ck_assert_uint_eq (count_entries (folder), 0);
}
END_TEST

START_TEST (test_no_images)
{
  g_autoptr(GFile) output = g_file_new_for_path (tmpdir);
  g_autoptr(GError) error = NULL;

  ck_assert (!teller_pdf_write_from_images (output, NULL, 0, NULL, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
}
END_TEST

TCase *
pdf_errors_tcase (void)
{
  TCase *tc = tcase_create ("errors");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_corrupt_jpeg);
  tcase_add_test (tc, test_corrupt_messages);
  tcase_add_test (tc, test_missing_file);
  tcase_add_test (tc, test_unwritable_destination);
  tcase_add_test (tc, test_no_images);

  return tc;
}
