/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "teller-image-edit.h"
#include "teller-transaction.h"

TCase *document_tools_edit_tcase (void);

/* The image edits themselves, without a window: what a PNG keeps and what is refused. */
START_TEST (test_image_edit)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("teller-edit-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "page.png", NULL);
  g_autofree char *text = g_build_filename (tmpdir, "note.txt", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 30, 20);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  ck_assert (gdk_pixbuf_save (pixbuf, png, "png", NULL, NULL));
  ck_assert (g_file_set_contents (text, "not an image", -1, NULL));

  ck_assert (teller_image_edit_rotate (png_file, 270, NULL, &error));
  ck_assert (gdk_pixbuf_get_file_info (png, &width, &height) != NULL);
  ck_assert_int_eq (width, 20);
  ck_assert_int_eq (height, 30);

  ck_assert (!teller_image_edit_crop (png_file, 40, 40, 10, 10, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);

  ck_assert (!teller_image_edit_rotate (text_file, 90, NULL, &error));
  ck_assert_ptr_nonnull (error);

  ck_assert (teller_image_edit_can_edit ("image/png"));
  ck_assert (!teller_image_edit_can_edit ("application/pdf"));

  g_unlink (png);
  g_unlink (text);
  g_rmdir (tmpdir);
}
END_TEST

/* A 60 mm card at 300 DPI lands on the page at its real size, centred across. */
START_TEST (test_compose_a4)
{
  g_autoptr(GdkPixbuf) card = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 709, 472);
  g_autoptr(GdkPixbuf) page = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) composed = NULL;
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;
  guchar *centre;

  gdk_pixbuf_fill (card, 0x202020ff);
  ck_assert (gdk_pixbuf_save_to_buffer (card, &buffer, &size, "jpeg", NULL,
                                        "x-dpi", "300", "y-dpi", "300", NULL));
  jpeg = g_bytes_new_take (buffer, size);

  composed = teller_image_compose_a4 (jpeg, &error);
  ck_assert_msg (composed != NULL, "%s", error != NULL ? error->message : "");
  ck_assert (gdk_pixbuf_loader_write_bytes (loader, composed, NULL));
  ck_assert (gdk_pixbuf_loader_close (loader, NULL));
  page = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  ck_assert_int_eq (gdk_pixbuf_get_width (page), TELLER_IMAGE_A4_WIDTH);
  ck_assert_int_eq (gdk_pixbuf_get_height (page), TELLER_IMAGE_A4_HEIGHT);
  ck_assert_str_eq (gdk_pixbuf_get_option (page, "x-dpi"), "300");

  /* Dark in the middle of the card, white at the page's left edge. */
  centre = gdk_pixbuf_get_pixels (page) +
           (gsize) ((TELLER_IMAGE_A4_HEIGHT - 472) * 2 / 5 + 236) * gdk_pixbuf_get_rowstride (page) +
           (TELLER_IMAGE_A4_WIDTH / 2) * gdk_pixbuf_get_n_channels (page);
  ck_assert_int_lt (centre[0], 80);
  ck_assert_int_gt (gdk_pixbuf_get_pixels (page)[0], 240);
}
END_TEST

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static TellerDocument *
add_file (TellerTransaction  *transaction,
          GFile              *file,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_transaction_add_file_async (transaction, file, "Merged", NULL, added_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return teller_transaction_add_finish (transaction, result, error);
}

/* A file written straight into the folder joins the list; one elsewhere does not. */
START_TEST (test_add_file)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("teller-add-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (tmpdir);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);
  g_autoptr(TellerTransaction) transaction = teller_transaction_new (store);
  g_autoptr(TellerDocument) document = NULL;
  g_autoptr(GFile) inside = NULL;
  g_autoptr(GFile) outside = NULL;
  g_autoptr(GError) error = NULL;
  GFile *folder;

  folder = teller_transaction_ensure_folder (transaction, &error);
  ck_assert_ptr_nonnull (folder);
  inside = g_file_get_child (folder, "merged.pdf");
  outside = g_file_get_child (root, "elsewhere.pdf");
  ck_assert (g_file_replace_contents (inside, "%PDF-1.4\n", 9, NULL, FALSE, 0, NULL, NULL, NULL));
  ck_assert (g_file_replace_contents (outside, "%PDF-1.4\n", 9, NULL, FALSE, 0, NULL, NULL, NULL));

  document = add_file (transaction, inside, &error);
  ck_assert_msg (document != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (teller_document_get_title (document), "Merged");
  ck_assert_int_eq (teller_document_get_kind (document), TELLER_DOCUMENT_KIND_PDF);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 1);

  ck_assert_ptr_null (add_file (transaction, outside, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 1);

  g_file_delete (inside, NULL, NULL);
  g_file_delete (outside, NULL, NULL);
  g_file_delete (folder, NULL, NULL);
  g_rmdir (tmpdir);
}
END_TEST

TCase *
document_tools_edit_tcase (void)
{
  TCase *tc = tcase_create ("image-edit");

  tcase_add_test (tc, test_image_edit);
  tcase_add_test (tc, test_compose_a4);
  tcase_add_test (tc, test_add_file);
  return tc;
}
