/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-pdf.h"

/* ------------------------------------------------------------- cancellation */

START_TEST (test_cancelled_before)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 100, 100, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *paths[] = { good, NULL };
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  ck_assert (!write_pdf (output, paths, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_untouched (output, NULL, 1);
}
END_TEST

static void
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + ASYNC_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/*
 * The second image is a FIFO: opening it for writing returns once the worker has
 * finished the first page and is reading the second, so the cancellation lands
 * mid-PDF, deterministically.
 */
START_TEST (test_cancelled_midway)
{
  g_autofree char *first = make_image ("first.jpg", "jpeg", 800, 600, 200, 200);
  g_autofree char *third = make_image ("third.jpg", "jpeg", 800, 600, 200, 200);
  g_autofree char *fifo = tmp_path ("second.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GBytes) jpeg = read_bytes (first);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { first, fifo, third, NULL };
  guint n_files;
  GFile **files;
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  int fd;

  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  files = files_new (paths, &n_files);
  teller_pdf_write_from_images_async (out, files, n_files, cancellable, store_result_cb, &result);
  files_free (files);

  fd = g_open (fifo, O_WRONLY, 0);
  ck_assert_int_ge (fd, 0);
  g_cancellable_cancel (cancellable);
  ck_assert_int_eq (write (fd, data, length), (gssize) length);
  close (fd);

  wait_for_result (&result);
  ck_assert (!teller_pdf_write_from_images_finish (result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_untouched (output, NULL, 3);
}
END_TEST

START_TEST (test_async)
{
  g_autofree char *jpeg = make_image ("page.jpg", "jpeg", 400, 400, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  const char *paths[] = { jpeg, jpeg, jpeg, NULL };
  guint n_files;
  GFile **files = files_new (paths, &n_files);

  teller_pdf_write_from_images_async (out, files, n_files, NULL, store_result_cb, &result);
  /* The task holds its own references. */
  files_free (files);
  wait_for_result (&result);
  ck_assert_msg (teller_pdf_write_from_images_finish (result, &error), "%s",
                 error ? error->message : "");

  pdf = read_bytes (output);
  document = open_pdf (pdf);
  ck_assert_int_eq (poppler_document_get_n_pages (document), 3);
  /* Three pages of one file: each page carries its own copy. */
  ck_assert_uint_eq (count_occurrences (pdf, "/DCTDecode"), 3);
}
END_TEST

TCase *
pdf_cancel_tcase (void)
{
  TCase *tc = tcase_create ("cancel");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_cancelled_before);
  tcase_add_test (tc, test_cancelled_midway);
  tcase_add_test (tc, test_async);

  return tc;
}
