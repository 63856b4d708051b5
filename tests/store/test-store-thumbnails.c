/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-store.h"

/* --------------------------------------------------------------- thumbnails */

static TellerThumbnail *
render (const char *name,
        int         max_size,
        GError    **error)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return teller_thumbnail_render (file, max_size, NULL, error);
}

static guint32
pixel_at (TellerThumbnail *thumbnail,
          int              x,
          int              y)
{
  const guint8 *data = g_bytes_get_data (thumbnail->pixels, NULL);
  guint32 pixel;

  memcpy (&pixel, data + (gsize) y * thumbnail->stride + (gsize) x * 4, 4);
  return pixel;
}

static void
assert_thumbnail (TellerThumbnail *thumbnail,
                  int              max_size,
                  int              width,
                  int              height)
{
  ck_assert_ptr_nonnull (thumbnail);
  ck_assert_int_le (thumbnail->width, max_size);
  ck_assert_int_le (thumbnail->height, max_size);
  ck_assert_msg (ABS (thumbnail->width - width) <= 1 && ABS (thumbnail->height - height) <= 1,
                 "thumbnail is %dx%d, expected %dx%d",
                 thumbnail->width, thumbnail->height, width, height);
  ck_assert_uint_ge (thumbnail->stride, (gsize) thumbnail->width * 4);
  ck_assert_uint_eq (g_bytes_get_size (thumbnail->pixels),
                     thumbnail->stride * thumbnail->height);
}

static void
put_bytes (const char *name,
           GBytes     *bytes)
{
  g_autofree char *path = tmp_path (name);

  put_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

START_TEST (test_thumbnail_png)
{
  /* Half-transparent red, so the premultiplication shows. */
  g_autoptr(GBytes) png = png_bytes (300, 200, 0xff000080);
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  put_bytes ("photo.png", png);
  thumbnail = render ("photo.png", 120, &error);
  g_assert_no_error (error);
  assert_thumbnail (thumbnail, 120, 120, 80);
  ck_assert_uint_eq (pixel_at (thumbnail, 60, 40), 0x80800000);
}
END_TEST

START_TEST (test_thumbnail_jpeg)
{
  g_autoptr(GBytes) jpeg = jpeg_bytes (400, 100);
  g_autoptr(GBytes) rotated = jpeg_bytes_rotated (200, 100);
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(TellerThumbnail) upright = NULL;
  g_autoptr(GError) error = NULL;

  put_bytes ("scan.jpg", jpeg);
  thumbnail = render ("scan.jpg", 128, &error);
  g_assert_no_error (error);
  assert_thumbnail (thumbnail, 128, 128, 32);
  ck_assert_uint_eq (pixel_at (thumbnail, 64, 16) >> 24, 0xff);

  /* Stored landscape, EXIF says portrait: the thumbnail is portrait. */
  put_bytes ("phone.jpg", rotated);
  upright = render ("phone.jpg", 128, &error);
  g_assert_no_error (error);
  assert_thumbnail (upright, 128, 64, 128);
}
END_TEST

START_TEST (test_thumbnail_pdf)
{
  g_autofree char *path = tmp_path ("form.pdf");
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  write_pdf (path);
  thumbnail = render ("form.pdf", 200, &error);
  g_assert_no_error (error);
  /* A4 is 595 x 842 points. */
  assert_thumbnail (thumbnail, 200, 141, 200);

  /* White paper behind the page, the square drawn black: at 100..300 pt of 842. */
  ck_assert_uint_eq (pixel_at (thumbnail, 2, 2), 0xffffffff);
  ck_assert_uint_eq (pixel_at (thumbnail, 140, 199), 0xffffffff);
  ck_assert_uint_eq (pixel_at (thumbnail, 47, 47), 0xff000000);
}
END_TEST

static void
assert_render_fails (const char *name,
                     gint        code)
{
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  thumbnail = render (name, 128, &error);
  ck_assert_ptr_null (thumbnail);
  g_assert_error (error, G_IO_ERROR, code);
  ck_assert (error->message != NULL && *error->message != '\0');
}

START_TEST (test_thumbnail_corrupt)
{
  g_autofree char *pdf_path = tmp_path ("form.pdf");
  g_autofree char *pdf = NULL;
  g_autofree char *half_path = tmp_path ("half.pdf");
  g_autofree char *stub_path = tmp_path ("stub.pdf");
  g_autofree char *noise_path = tmp_path ("noise.jpg");
  g_autofree char *empty_path = tmp_path ("empty.png");
  g_autofree char *text_path = tmp_path ("notes.txt");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(TellerThumbnail) half = NULL;
  g_autoptr(GError) error = NULL;
  guint8 noise[8192];
  gsize length = 0;

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  /* A JPEG start marker, so the decoder really goes at it. */
  noise[0] = 0xff;
  noise[1] = 0xd8;
  noise[2] = 0xff;
  put_file (noise_path, (const char *) noise, sizeof noise);
  assert_render_fails ("noise.jpg", G_IO_ERROR_INVALID_DATA);

  write_pdf (pdf_path);
  pdf = get_file (pdf_path, &length);
  put_file (stub_path, pdf, 64);
  assert_render_fails ("stub.pdf", G_IO_ERROR_INVALID_DATA);

  /* Cut in the middle: poppler may repair it; either way, no crash and a sane answer. */
  put_file (half_path, pdf, length / 2);
  half = render ("half.pdf", 128, &error);
  if (half != NULL)
    assert_thumbnail (half, 128, half->width, half->height);
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  put_file (empty_path, "", 0);
  assert_render_fails ("empty.png", G_IO_ERROR_INVALID_DATA);
  put_file (text_path, "just text", -1);
  assert_render_fails ("notes.txt", G_IO_ERROR_INVALID_DATA);
  assert_render_fails ("missing.png", G_IO_ERROR_NOT_FOUND);
}
END_TEST

START_TEST (test_thumbnail_async)
{
  g_autofree char *path = tmp_path ("form.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(TellerThumbnail) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cancel_error = NULL;
  Wait wait;

  write_pdf (path);
  g_cancellable_cancel (cancellable);

  wait_init (&wait);
  wait.pending = 2;
  teller_thumbnail_render_async (file, 96, NULL, wait_done_cb, &wait);
  teller_thumbnail_render_async (file, 96, cancellable, wait_done_cb, &wait);
  wait_run (&wait);

  for (guint i = 0; i < 2; i++)
    {
      GAsyncResult *result = wait.results->pdata[i];

      if (g_task_get_cancellable (G_TASK (result)) == NULL)
        thumbnail = teller_thumbnail_render_finish (result, &error);
      else
        cancelled = teller_thumbnail_render_finish (result, &cancel_error);
    }

  g_assert_no_error (error);
  g_assert_error (cancel_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert_ptr_null (cancelled);
  assert_thumbnail (thumbnail, 96, 68, 96);

  wait_clear (&wait);
}
END_TEST

TCase *
store_thumbnails_tcase (void)
{
  TCase *tc = tcase_create ("thumbnails");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_thumbnail_png);
  tcase_add_test (tc, test_thumbnail_jpeg);
  tcase_add_test (tc, test_thumbnail_pdf);
  tcase_add_test (tc, test_thumbnail_corrupt);
  tcase_add_test (tc, test_thumbnail_async);

  return tc;
}
