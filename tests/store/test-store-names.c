/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-store.h"

/* ------------------------------------------------------------ naming rules */

static void
assert_child_name (GFile      *folder,
                   const char *basename,
                   const char *expected)
{
  g_autoptr(GFile) child = teller_document_store_unique_child (folder, basename);
  g_autofree char *name = g_file_get_basename (child);

  ck_assert (g_file_has_parent (child, folder));
  ck_assert_str_eq (name, expected);
}

static void
touch (const char *name)
{
  g_autofree char *path = tmp_path (name);

  put_file (path, "", 0);
}

START_TEST (test_unique_child)
{
  g_autoptr(GFile) folder = g_file_new_for_path (tmpdir);
  g_autofree char *long_name = g_strnfill (400, 'a');
  g_autofree char *long_pdf = g_strconcat (long_name, ".pdf", NULL);
  g_autoptr(GFile) long_child = NULL;
  g_autofree char *long_child_name = NULL;

  assert_child_name (folder, "scan.jpg", "scan.jpg");
  touch ("scan.jpg");
  assert_child_name (folder, "scan.jpg", "scan-2.jpg");
  touch ("scan-2.jpg");
  assert_child_name (folder, "scan.jpg", "scan-3.jpg");

  assert_child_name (folder, "notes", "notes");
  touch ("notes");
  assert_child_name (folder, "notes", "notes-2");

  /* Nothing escapes the folder or hides from the file manager. */
  assert_child_name (folder, "../../etc/passwd", "_.._etc_passwd");
  assert_child_name (folder, "a/b.pdf", "a_b.pdf");
  assert_child_name (folder, ".hidden.pdf", "hidden.pdf");
  assert_child_name (folder, "..", "document");
  assert_child_name (folder, "", "document");
  assert_child_name (folder, NULL, "document");
  assert_child_name (folder, "line\nbreak.txt", "line_break.txt");

  /* Long names are cut but keep their extension. */
  long_child = teller_document_store_unique_child (folder, long_pdf);
  long_child_name = g_file_get_basename (long_child);
  ck_assert_uint_le (strlen (long_child_name), 255 - strlen (".XXXXXX.part") - 1);
  ck_assert (g_str_has_suffix (long_child_name, ".pdf"));
}
END_TEST

static gboolean
is_folder_name (const char *name)
{
  return g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}(-[0-9]+)?$", name, 0, 0);
}

START_TEST (test_transaction_folders_unique)
{
  g_autofree char *root_path = g_build_filename (tmpdir, "nested", "root", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ck_assert_ptr_eq (teller_document_store_get_root (store), root);

  /* Several within one second must still be distinct: that is the -2, -3 suffix. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) folder = teller_document_store_create_transaction_folder (store, &error);
      g_autofree char *path = NULL;
      char *name;

      g_assert_no_error (error);
      ck_assert (g_file_has_parent (folder, root));
      path = g_file_get_path (folder);
      ck_assert (g_file_test (path, G_FILE_TEST_IS_DIR));
      ck_assert_uint_eq (file_mode (path), 0700);
      ck_assert_uint_eq (count_entries (path, NULL), 0);

      name = g_file_get_basename (folder);
      ck_assert_msg (is_folder_name (name), "bad folder name %s", name);
      ck_assert_msg (g_hash_table_add (seen, name), "folder %s handed out twice", name);
    }

  ck_assert_uint_eq (count_entries (root_path, NULL), 5);
}
END_TEST

/* ----------------------------------------------------------- document kinds */

static TellerDocumentKind
kind_of (const char  *name,
         const char  *contents,
         gssize       length,
         char       **content_type)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (contents != NULL)
    put_file (path, contents, length);

  return teller_document_kind_for_file (file, content_type);
}

START_TEST (test_document_kind)
{
  g_autoptr(GBytes) png = png_bytes (4, 4, 0xff0000ff);
  g_autofree char *pdf_path = tmp_path ("form.pdf");
  g_autofree char *pdf_contents = NULL;
  g_autofree char *content_type = NULL;
  gsize pdf_length = 0;

  write_pdf (pdf_path);
  pdf_contents = get_file (pdf_path, &pdf_length);

  ck_assert_int_eq (kind_of ("form.pdf", NULL, 0, &content_type), TELLER_DOCUMENT_KIND_PDF);
  ck_assert_str_eq (content_type, "application/pdf");
  g_clear_pointer (&content_type, g_free);

  /* Content decides when the name says nothing. */
  ck_assert_int_eq (kind_of ("upload.bin", pdf_contents, pdf_length, NULL),
                    TELLER_DOCUMENT_KIND_PDF);
  ck_assert_int_eq (kind_of ("noext", g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                             &content_type), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (content_type, "image/png");

  /* A file not there yet is judged by its name. */
  ck_assert_int_eq (kind_of ("missing.jpg", NULL, 0, NULL), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_int_eq (kind_of ("notes.txt", "hello there", -1, NULL), TELLER_DOCUMENT_KIND_OTHER);
}
END_TEST

START_TEST (test_document_properties)
{
  g_autofree char *path = tmp_path ("id-front.png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) png = png_bytes (4, 4, 0xff0000ff);
  g_autoptr(TellerDocument) doc = NULL;
  g_autoptr(TellerDocument) titled = NULL;
  g_autoptr(GFile) prop_file = NULL;
  g_autofree char *content_type = NULL;
  TellerDocumentKind kind;
  GEnumClass *enum_class;

  put_file (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  doc = teller_document_new (file, NULL);

  ck_assert_ptr_eq (teller_document_get_file (doc), file);
  ck_assert_str_eq (teller_document_get_title (doc), "id-front.png");
  ck_assert_int_eq (teller_document_get_kind (doc), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (teller_document_get_content_type (doc), "image/png");
  ck_assert_ptr_nonnull (teller_document_get_created (doc));

  g_object_get (doc, "file", &prop_file, "kind", &kind, "content-type", &content_type, NULL);
  ck_assert_ptr_eq (prop_file, file);
  ck_assert_int_eq (kind, TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (content_type, "image/png");

  titled = teller_document_new (file, "ID card, front");
  ck_assert_str_eq (teller_document_get_title (titled), "ID card, front");

  enum_class = g_type_class_ref (TELLER_TYPE_DOCUMENT_KIND);
  ck_assert_str_eq (g_enum_get_value (enum_class, TELLER_DOCUMENT_KIND_PDF)->value_nick, "pdf");
  g_type_class_unref (enum_class);
}
END_TEST

TCase *
store_names_tcase (void)
{
  TCase *tc = tcase_create ("names");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_unique_child);
  tcase_add_test (tc, test_transaction_folders_unique);
  tcase_add_test (tc, test_document_kind);
  tcase_add_test (tc, test_document_properties);

  return tc;
}
