/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-pdf.h"

/* -------------------------------------------------------------------- pages */

START_TEST (test_jpeg_pages)
{
  g_autofree char *a4 = make_image ("a4.jpg", "jpeg", 1654, 2339, 200, 200);
  g_autofree char *small = make_image ("small.jpg", "jpeg", 300, 200, 100, 100);
  g_autofree char *no_dpi = make_image ("no-dpi.jpg", "jpeg", 640, 480, 0, 0);
  g_autofree char *uneven = make_image ("uneven.jpg", "jpeg", 500, 400, 150, 75);
  g_autofree char *output = tmp_path ("out.pdf");
  const char *paths[] = { a4, small, no_dpi, uneven, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  struct stat st;

  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);

  ck_assert_int_eq (poppler_document_get_n_pages (document), 4);
  /* width × 72 / dpi: A4 at 200 dpi, then 100 dpi, the 200 dpi default, 150 × 75 dpi. */
  assert_page_size (document, 0, 1654 * 72.0 / 200, 2339 * 72.0 / 200);
  assert_page_size (document, 1, 216, 144);
  assert_page_size (document, 2, 640 * 72.0 / 200, 480 * 72.0 / 200);
  assert_page_size (document, 3, 240, 384);

  for (guint i = 0; paths[i] != NULL; i++)
    assert_jpeg_stream_identical (pdf, paths[i]);
  ck_assert_uint_eq (count_occurrences (pdf, "/DCTDecode"), 4);
  ck_assert_uint_eq (count_occurrences (pdf, "/Subtype /Image"), 4);

  /* Drawn from the JPEG, not from the blank surface that carries it. */
  for (int page = 0; page < 4; page++)
    {
      assert_red (document, page, 0.25, 0.5);
      assert_blue (document, page, 0.75, 0.5);
    }

  /* Documents are personal data; only the destination is left. */
  ck_assert_int_eq (g_stat (output, &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0600);
  ck_assert_uint_eq (count_entries (tmpdir), 5);
}
END_TEST

START_TEST (test_png_decoded_losslessly)
{
  g_autofree char *png = make_image ("scan.png", "png", 600, 300, 300, 300);
  g_autofree char *png_no_dpi = make_image ("plain.png", "png", 400, 100, 0, 0);
  g_autofree char *jpeg = make_image ("photo.jpg", "jpeg", 320, 240, 160, 160);
  g_autofree char *output = tmp_path ("mixed.pdf");
  const char *paths[] = { png, jpeg, png_no_dpi, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;

  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);

  ck_assert_int_eq (poppler_document_get_n_pages (document), 3);
  assert_page_size (document, 0, 144, 72);
  assert_page_size (document, 1, 144, 108);
  assert_page_size (document, 2, 400 * 72.0 / 200, 100 * 72.0 / 200);

  assert_jpeg_stream_identical (pdf, jpeg);
  ck_assert_uint_eq (count_occurrences (pdf, "/DCTDecode"), 1);
  for (int page = 0; page < 3; page++)
    {
      assert_red (document, page, 0.25, 0.5);
      assert_blue (document, page, 0.75, 0.5);
    }
}
END_TEST

START_TEST (test_exif_resolution_and_orientation)
{
  g_autofree char *plain = make_image ("plain.jpg", "jpeg", 400, 200, 0, 0);
  /* 6: stored turned a quarter left, shown turned right; its left half ends up on top. */
  g_autofree char *turned = add_exif (plain, "turned.jpg", 6, 300, TRUE);
  g_autofree char *upright = add_exif (plain, "upright.jpg", 1, 100, FALSE);
  g_autofree char *output = tmp_path ("exif.pdf");
  const char *paths[] = { turned, upright, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;

  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);

  ck_assert_int_eq (poppler_document_get_n_pages (document), 2);
  /* 400 × 200 at 300 dpi is 96 × 48 pt, turned to 48 × 96. */
  assert_page_size (document, 0, 48, 96);
  assert_red (document, 0, 0.5, 0.25);
  assert_blue (document, 0, 0.5, 0.75);
  assert_page_size (document, 1, 288, 144);
  assert_red (document, 1, 0.25, 0.5);

  assert_jpeg_stream_identical (pdf, turned);
  assert_jpeg_stream_identical (pdf, upright);
}
END_TEST

START_TEST (test_replaces_existing_output)
{
  g_autofree char *jpeg = make_image ("page.jpg", "jpeg", 200, 200, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");
  const char *paths[] = { jpeg, jpeg, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;

  write_file (output, (const guint8 *) "old", 3);
  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);
  ck_assert_int_eq (poppler_document_get_n_pages (document), 2);
  assert_page_size (document, 1, 72, 72);
  ck_assert_uint_eq (count_entries (tmpdir), 2);
}
END_TEST

TCase *
pdf_pages_tcase (void)
{
  TCase *tc = tcase_create ("pages");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_jpeg_pages);
  tcase_add_test (tc, test_png_decoded_losslessly);
  tcase_add_test (tc, test_exif_resolution_and_orientation);
  tcase_add_test (tc, test_replaces_existing_output);

  return tc;
}
