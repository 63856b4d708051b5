/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-store.h"

/* --------------------------------------------------------- the transaction */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  GArray *changes;
  guint   n_documents;
  guint   empty;
  guint   can_undo;
  guint   folder;
  guint   finished;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  Change change = { position, removed, added };

  g_array_append_val (rec->changes, change);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  if (g_str_equal (pspec->name, "n-documents"))
    rec->n_documents++;
  else if (g_str_equal (pspec->name, "empty"))
    rec->empty++;
  else if (g_str_equal (pspec->name, "can-undo"))
    rec->can_undo++;
  else if (g_str_equal (pspec->name, "folder"))
    rec->folder++;
}

static void
finished_cb (TellerTransaction *transaction,
             Recorder          *rec)
{
  rec->finished++;
}

static void
recorder_attach (Recorder          *rec,
                 TellerTransaction *transaction)
{
  memset (rec, 0, sizeof *rec);
  rec->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (transaction, "items-changed", G_CALLBACK (items_changed_cb), rec);
  g_signal_connect (transaction, "notify", G_CALLBACK (notify_cb), rec);
  g_signal_connect (transaction, "finished", G_CALLBACK (finished_cb), rec);
}

static void
recorder_detach (Recorder          *rec,
                 TellerTransaction *transaction)
{
  g_signal_handlers_disconnect_by_data (transaction, rec);
  g_clear_pointer (&rec->changes, g_array_unref);
}

static void
assert_change (Recorder *rec,
               guint     index,
               guint     position,
               guint     removed,
               guint     added)
{
  Change *change;

  ck_assert_uint_lt (index, rec->changes->len);
  change = &g_array_index (rec->changes, Change, index);
  ck_assert_msg (change->position == position && change->removed == removed &&
                 change->added == added,
                 "change %u: got (%u,%u,%u), expected (%u,%u,%u)", index,
                 change->position, change->removed, change->added, position, removed, added);
}

/* Compares the model with the expected documents, given NULL-terminated. */
static void
assert_order (TellerTransaction *transaction,
              ...)
{
  GListModel *model = G_LIST_MODEL (transaction);
  TellerDocument *expected;
  guint i = 0;
  va_list args;

  va_start (args, transaction);
  while ((expected = va_arg (args, TellerDocument *)) != NULL)
    {
      g_autoptr(TellerDocument) item = g_list_model_get_item (model, i);

      ck_assert_msg (item == expected, "wrong document at %u", i);
      i++;
    }
  va_end (args);

  ck_assert_uint_eq (g_list_model_get_n_items (model), i);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), i);
  ck_assert (teller_transaction_get_empty (transaction) == (i == 0));
  ck_assert_ptr_null (g_list_model_get_item (model, i));
}

static TellerDocument *
make_document (const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  put_file (path, name, -1);
  return teller_document_new (file, NULL);
}

static TellerTransaction *
make_transaction (void)
{
  g_autofree char *root_path = tmp_path ("store");
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);

  return teller_transaction_new (store);
}

START_TEST (test_transaction_model)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(TellerDocument) a = make_document ("a.txt");
  g_autoptr(TellerDocument) b = make_document ("b.txt");
  g_autoptr(TellerDocument) c = make_document ("c.txt");
  g_autoptr(TellerDocument) d = make_document ("d.txt");
  Recorder rec;
  guint position = 99;

  ck_assert (g_list_model_get_item_type (G_LIST_MODEL (transaction)) == TELLER_TYPE_DOCUMENT);
  ck_assert_ptr_null (teller_transaction_get_folder (transaction));
  assert_order (transaction, NULL);
  recorder_attach (&rec, transaction);

  teller_transaction_append (transaction, a);
  teller_transaction_append (transaction, b);
  teller_transaction_append (transaction, c);
  assert_order (transaction, a, b, c, NULL);
  assert_change (&rec, 0, 0, 0, 1);
  assert_change (&rec, 1, 1, 0, 1);
  assert_change (&rec, 2, 2, 0, 1);
  ck_assert_uint_eq (rec.n_documents, 3);
  ck_assert_uint_eq (rec.empty, 1);

  teller_transaction_insert (transaction, 1, d);
  assert_order (transaction, a, d, b, c, NULL);
  assert_change (&rec, 3, 1, 0, 1);

  /* move (0, 2): a goes to index 2 and d, b shift up; one signal covers the span. */
  ck_assert (teller_transaction_move (transaction, 0, 2));
  assert_order (transaction, d, b, a, c, NULL);
  assert_change (&rec, 4, 0, 3, 3);
  ck_assert (teller_transaction_move (transaction, 3, 1));
  assert_order (transaction, d, c, b, a, NULL);
  assert_change (&rec, 5, 1, 3, 3);
  ck_assert (!teller_transaction_move (transaction, 4, 0));
  ck_assert (!teller_transaction_move (transaction, 0, 4));
  ck_assert_uint_eq (rec.changes->len, 6);
  ck_assert_uint_eq (rec.n_documents, 4);

  ck_assert (teller_transaction_find (transaction, b, &position));
  ck_assert_uint_eq (position, 2);

  /* Remove two, then undo both: each comes back where it was. */
  ck_assert (!teller_transaction_get_can_undo (transaction));
  ck_assert (teller_transaction_remove (transaction, 2));
  assert_order (transaction, d, c, a, NULL);
  assert_change (&rec, 6, 2, 1, 0);
  ck_assert (teller_transaction_get_can_undo (transaction));
  ck_assert (!teller_transaction_find (transaction, b, NULL));
  ck_assert (teller_transaction_remove (transaction, 0));
  assert_order (transaction, c, a, NULL);
  assert_change (&rec, 7, 0, 1, 0);
  ck_assert_uint_eq (rec.can_undo, 1);
  ck_assert (!teller_transaction_remove (transaction, 2));

  ck_assert (teller_transaction_undo_remove (transaction));
  assert_order (transaction, d, c, a, NULL);
  assert_change (&rec, 8, 0, 0, 1);
  ck_assert (teller_transaction_get_can_undo (transaction));
  ck_assert (teller_transaction_undo_remove (transaction));
  assert_order (transaction, d, c, b, a, NULL);
  assert_change (&rec, 9, 2, 0, 1);
  ck_assert (!teller_transaction_get_can_undo (transaction));
  ck_assert_uint_eq (rec.can_undo, 2);
  ck_assert (!teller_transaction_undo_remove (transaction));
  ck_assert_uint_eq (rec.changes->len, 10);

  /* Removing everything flips "empty" once, and only then. */
  rec.empty = 0;
  for (guint i = 0; i < 4; i++)
    ck_assert (teller_transaction_remove (transaction, 0));
  ck_assert_uint_eq (rec.empty, 1);
  ck_assert (teller_transaction_get_empty (transaction));

  recorder_detach (&rec, transaction);
  unref_and_wait (transaction);
}
END_TEST

static char *
document_path (TellerDocument *doc)
{
  return g_file_get_path (teller_document_get_file (doc));
}

START_TEST (test_transaction_purge)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(TellerDocument) a = make_document ("a.txt");
  g_autoptr(TellerDocument) b = make_document ("b.txt");
  g_autoptr(TellerDocument) c = make_document ("c.txt");
  g_autofree char *a_path = document_path (a);
  g_autofree char *b_path = document_path (b);
  g_autofree char *c_path = document_path (c);
  Recorder rec;

  teller_transaction_append (transaction, a);
  teller_transaction_append (transaction, b);
  teller_transaction_append (transaction, c);
  recorder_attach (&rec, transaction);

  /* a is removed and put back: it must survive the purge. */
  teller_transaction_remove (transaction, 0);
  teller_transaction_undo_remove (transaction);
  teller_transaction_remove (transaction, 1);
  ck_assert (teller_transaction_get_can_undo (transaction));

  teller_transaction_purge_removed (transaction);
  ck_assert (!teller_transaction_get_can_undo (transaction));
  ck_assert (!teller_transaction_undo_remove (transaction));
  wait_until_gone (b_path);

  ck_assert (g_file_test (a_path, G_FILE_TEST_EXISTS));
  ck_assert (g_file_test (c_path, G_FILE_TEST_EXISTS));
  assert_order (transaction, a, c, NULL);

  /* Nothing pending: a second purge does nothing at all. */
  rec.can_undo = 0;
  teller_transaction_purge_removed (transaction);
  ck_assert_uint_eq (rec.can_undo, 0);

  recorder_detach (&rec, transaction);
  unref_and_wait (transaction);
  ck_assert (g_file_test (a_path, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_transaction_finish)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(TellerDocument) a = make_document ("a.txt");
  g_autoptr(TellerDocument) b = make_document ("b.txt");
  g_autoptr(TellerDocument) c = make_document ("c.txt");
  g_autofree char *a_path = document_path (a);
  g_autofree char *b_path = document_path (b);
  g_autofree char *c_path = document_path (c);
  g_autoptr(GFile) first_folder = NULL;
  g_autoptr(GError) error = NULL;
  GFile *second_folder;
  Recorder rec;

  first_folder = g_object_ref (teller_transaction_ensure_folder (transaction, &error));
  g_assert_no_error (error);
  ck_assert_ptr_eq (teller_transaction_ensure_folder (transaction, NULL), first_folder);
  teller_transaction_append (transaction, a);
  teller_transaction_append (transaction, b);
  teller_transaction_append (transaction, c);
  teller_transaction_remove (transaction, 1);

  recorder_attach (&rec, transaction);
  teller_transaction_finish (transaction);

  ck_assert_uint_eq (rec.finished, 1);
  ck_assert_uint_eq (rec.changes->len, 1);
  assert_change (&rec, 0, 0, 2, 0);
  assert_order (transaction, NULL);
  ck_assert_uint_eq (rec.n_documents, 1);
  ck_assert_uint_eq (rec.empty, 1);
  ck_assert_uint_eq (rec.can_undo, 1);
  ck_assert_uint_eq (rec.folder, 1);
  ck_assert_ptr_null (teller_transaction_get_folder (transaction));
  ck_assert (!teller_transaction_get_can_undo (transaction));

  /* The pending removal is deleted; the kept documents stay. */
  wait_until_gone (b_path);
  ck_assert (g_file_test (a_path, G_FILE_TEST_EXISTS));
  ck_assert (g_file_test (c_path, G_FILE_TEST_EXISTS));

  /* The next customer gets a folder of their own. */
  second_folder = teller_transaction_ensure_folder (transaction, &error);
  g_assert_no_error (error);
  ck_assert (!g_file_equal (first_folder, second_folder));

  recorder_detach (&rec, transaction);
  unref_and_wait (transaction);
}
END_TEST

/* Proves the document shows up only once its file is complete. */
typedef struct
{
  GBytes *expected;
  guint   checked;
} ContentCheck;

static void
check_content_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ContentCheck *check)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(TellerDocument) doc = g_list_model_get_item (model, i);
      g_autoptr(GBytes) on_disk = NULL;
      g_autoptr(GError) error = NULL;

      on_disk = g_file_load_bytes (teller_document_get_file (doc), NULL, NULL, &error);
      g_assert_no_error (error);
      ck_assert (g_bytes_equal (on_disk, check->expected));
      check->checked++;
    }
}

START_TEST (test_transaction_import)
{
  TellerTransaction *transaction = make_transaction ();
  g_autofree char *source_path = tmp_path ("scan.jpg");
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autofree char *missing_path = tmp_path ("missing.jpg");
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GBytes) jpeg = jpeg_bytes (64, 48);
  g_autoptr(TellerDocument) first = NULL;
  g_autoptr(TellerDocument) second = NULL;
  g_autoptr(TellerDocument) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *root_path = tmp_path ("store");
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  ContentCheck check = { jpeg, 0 };
  Wait wait;

  put_file (source_path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_signal_connect (transaction, "items-changed", G_CALLBACK (check_content_cb), &check);

  wait_init (&wait);
  wait.pending = 2;
  teller_transaction_import_file_async (transaction, source, NULL, wait_done_cb, &wait);
  teller_transaction_import_file_async (transaction, source, NULL, wait_done_cb, &wait);
  /* Nothing is listed before it is on disk. */
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 0);
  wait_run (&wait);

  first = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  g_assert_no_error (error);
  second = teller_transaction_add_finish (transaction, wait.results->pdata[1], &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (check.checked, 2);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 2);
  ck_assert (teller_transaction_find (transaction, first, NULL));
  ck_assert (teller_transaction_find (transaction, second, NULL));

  /* Both copies sit in the new transaction folder, under distinct names. */
  ck_assert (g_file_has_parent (teller_transaction_get_folder (transaction), root));
  ck_assert (g_file_has_parent (teller_document_get_file (first),
                                teller_transaction_get_folder (transaction)));
  first_name = g_file_get_basename (teller_document_get_file (first));
  second_name = g_file_get_basename (teller_document_get_file (second));
  ck_assert (g_str_equal (first_name, "scan.jpg") || g_str_equal (first_name, "scan-2.jpg"));
  ck_assert (g_str_equal (second_name, "scan.jpg") || g_str_equal (second_name, "scan-2.jpg"));
  ck_assert_str_ne (first_name, second_name);
  ck_assert_int_eq (teller_document_get_kind (first), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (teller_document_get_title (first), first_name);

  /* A source that cannot be read adds nothing and leaves nothing behind. */
  g_ptr_array_set_size (wait.results, 0);
  wait.pending = 1;
  teller_transaction_import_file_async (transaction, missing, NULL, wait_done_cb, &wait);
  wait_run (&wait);
  none = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  ck_assert_ptr_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  ck_assert (g_str_has_prefix (error->message, "Could not save “missing.jpg”: "));
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 2);
  folder_path = g_file_get_path (teller_transaction_get_folder (transaction));
  ck_assert_uint_eq (count_entries (folder_path, NULL), 2);

  wait_clear (&wait);
  g_signal_handlers_disconnect_by_data (transaction, &check);
  unref_and_wait (transaction);
}
END_TEST

START_TEST (test_transaction_add_bytes)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(GBytes) png = png_bytes (16, 16, 0x00ff00ff);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *folder_path = NULL;
  ContentCheck check = { png, 0 };
  Wait wait;

  g_signal_connect (transaction, "items-changed", G_CALLBACK (check_content_cb), &check);

  /* Five saves racing for one name: each keeps its own file. */
  wait_init (&wait);
  wait.pending = 5;
  for (guint i = 0; i < 5; i++)
    teller_transaction_add_bytes_async (transaction, "id-photo.png", "ID photo", png, NULL,
                                        wait_done_cb, &wait);
  wait_run (&wait);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerDocument) doc = NULL;
      g_autofree char *path = NULL;

      doc = teller_transaction_add_finish (transaction, wait.results->pdata[i], &error);
      g_assert_no_error (error);
      ck_assert_str_eq (teller_document_get_title (doc), "ID photo");
      ck_assert_int_eq (teller_document_get_kind (doc), TELLER_DOCUMENT_KIND_IMAGE);
      path = document_path (doc);
      ck_assert_uint_eq (file_mode (path), 0600);
      ck_assert (g_hash_table_add (names, g_file_get_basename (teller_document_get_file (doc))));
    }

  ck_assert_uint_eq (check.checked, 5);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 5);
  ck_assert (g_hash_table_contains (names, "id-photo.png"));
  ck_assert (g_hash_table_contains (names, "id-photo-5.png"));
  folder_path = g_file_get_path (teller_transaction_get_folder (transaction));
  ck_assert_uint_eq (count_entries (folder_path, NULL), 5);

  wait_clear (&wait);
  g_signal_handlers_disconnect_by_data (transaction, &check);
  unref_and_wait (transaction);
}
END_TEST

START_TEST (test_transaction_add_cancelled)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 nothing", 16);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TellerDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder_path = NULL;
  Wait wait;

  g_cancellable_cancel (cancellable);
  wait_init (&wait);
  wait.pending = 1;
  teller_transaction_add_bytes_async (transaction, "a.pdf", NULL, bytes, cancellable,
                                      wait_done_cb, &wait);
  wait_run (&wait);

  doc = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  ck_assert_ptr_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert (teller_transaction_get_empty (transaction));
  folder_path = g_file_get_path (teller_transaction_get_folder (transaction));
  ck_assert_uint_eq (count_entries (folder_path, NULL), 0);

  wait_clear (&wait);
  unref_and_wait (transaction);
}
END_TEST

/* A save still running when the customer leaves must not show up for the next one,
 * yet its file is kept. */
START_TEST (test_transaction_finish_during_add)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 nothing", 16);
  g_autoptr(TellerDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) old_folder = NULL;
  g_autofree char *old_folder_path = NULL;
  Wait wait;

  wait_init (&wait);
  wait.pending = 1;
  teller_transaction_add_bytes_async (transaction, "late.pdf", NULL, bytes, NULL,
                                      wait_done_cb, &wait);
  old_folder = g_object_ref (teller_transaction_get_folder (transaction));
  teller_transaction_finish (transaction);
  wait_run (&wait);

  doc = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  ck_assert_ptr_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert (teller_transaction_get_empty (transaction));
  old_folder_path = g_file_get_path (old_folder);
  ck_assert_uint_eq (count_entries (old_folder_path, ".pdf"), 1);

  wait_clear (&wait);
  unref_and_wait (transaction);
}
END_TEST

TCase *
store_transaction_tcase (void)
{
  TCase *tc = tcase_create ("transaction");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_transaction_model);
  tcase_add_test (tc, test_transaction_purge);
  tcase_add_test (tc, test_transaction_finish);
  tcase_add_test (tc, test_transaction_import);
  tcase_add_test (tc, test_transaction_add_bytes);
  tcase_add_test (tc, test_transaction_add_cancelled);
  tcase_add_test (tc, test_transaction_finish_during_add);

  return tc;
}
