/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-transaction.h"

struct _TellerTransaction
{
  GObject              parent_instance;

  /* Owned References */
  TellerDocumentStore *store;
  GFile               *folder;
  GPtrArray           *documents;
  GPtrArray           *removed;     /* of Removal, most recent last */
  TellerIdentity      *identity;

  /* Bumped by finish, so a save still running for the last customer cannot land in
   * the next customer's list. */
  guint                generation;
};

typedef struct
{
  TellerDocument *document;
  guint           position;
} Removal;

typedef struct
{
  char  *title;
  GFile *file;
  guint  generation;
} AddData;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TellerTransaction, teller_transaction, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_FOLDER,
  PROP_N_DOCUMENTS,
  PROP_EMPTY,
  PROP_CAN_UNDO,
  PROP_IDENTITY,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->document);
  g_free (removal);
}

static void
add_data_free (AddData *data)
{
  g_clear_pointer (&data->title, g_free);
  g_clear_object (&data->file);
  g_free (data);
}

static GType
teller_transaction_get_item_type (GListModel *model)
{
  return TELLER_TYPE_DOCUMENT;
}

static guint
teller_transaction_get_n_items (GListModel *model)
{
  return TELLER_TRANSACTION (model)->documents->len;
}

static gpointer
teller_transaction_get_item (GListModel *model,
                             guint       position)
{
  TellerTransaction *self = TELLER_TRANSACTION (model);

  if (position >= self->documents->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->documents, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = teller_transaction_get_item_type;
  iface->get_n_items = teller_transaction_get_n_items;
  iface->get_item = teller_transaction_get_item;
}

/* Every mutation ends here, so the count properties can never drift from the model. */
static void
items_changed (TellerTransaction *self,
               guint              position,
               guint              removed,
               guint              added)
{
  guint n_after = self->documents->len;
  guint n_before = n_after - added + removed;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  if (n_before != n_after)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DOCUMENTS]);
  if ((n_before == 0) != (n_after == 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
set_folder (TellerTransaction *self,
            GFile             *folder)
{
  if (g_set_object (&self->folder, folder))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

TellerTransaction *
teller_transaction_new (TellerDocumentStore *store)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT_STORE (store), NULL);

  return g_object_new (TELLER_TYPE_TRANSACTION, "store", store, NULL);
}

TellerDocumentStore *
teller_transaction_get_store (TellerTransaction *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), NULL);

  return self->store;
}

/**
 * teller_transaction_ensure_folder:
 * @self: a #TellerTransaction
 * @error: return location for a #GError
 *
 * Returns: (transfer none): this customer's folder, made on first use
 */
GFile *
teller_transaction_ensure_folder (TellerTransaction  *self,
                                  GError            **error)
{
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), NULL);

  if (self->folder != NULL)
    return self->folder;

  folder = teller_document_store_create_transaction_folder (self->store, error);
  if (folder != NULL)
    set_folder (self, folder);

  return self->folder;
}

GFile *
teller_transaction_get_folder (TellerTransaction *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), NULL);

  return self->folder;
}

guint
teller_transaction_get_n_documents (TellerTransaction *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), 0);

  return self->documents->len;
}

gboolean
teller_transaction_get_empty (TellerTransaction *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), TRUE);

  return self->documents->len == 0;
}

gboolean
teller_transaction_get_can_undo (TellerTransaction *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), FALSE);

  return self->removed->len > 0;
}

void
teller_transaction_append (TellerTransaction *self,
                           TellerDocument    *document)
{
  g_return_if_fail (TELLER_IS_TRANSACTION (self));
  g_return_if_fail (TELLER_IS_DOCUMENT (document));

  teller_transaction_insert (self, self->documents->len, document);
}

/* A @position past the end appends. */
void
teller_transaction_insert (TellerTransaction *self,
                           guint              position,
                           TellerDocument    *document)
{
  g_return_if_fail (TELLER_IS_TRANSACTION (self));
  g_return_if_fail (TELLER_IS_DOCUMENT (document));

  position = MIN (position, self->documents->len);
  g_ptr_array_insert (self->documents, position, g_object_ref (document));
  items_changed (self, position, 0, 1);
}

static void
push_removal (TellerTransaction *self,
              TellerDocument    *document,
              guint              position)
{
  Removal *removal = g_new0 (Removal, 1);
  gboolean could_undo = self->removed->len > 0;

  removal->document = document;
  removal->position = position;
  g_ptr_array_add (self->removed, removal);

  if (!could_undo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

gboolean
teller_transaction_remove (TellerTransaction *self,
                           guint              position)
{
  TellerDocument *document;

  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), FALSE);

  if (position >= self->documents->len)
    return FALSE;

  document = g_ptr_array_steal_index (self->documents, position);
  push_removal (self, document, position);
  items_changed (self, position, 1, 0);

  return TRUE;
}

gboolean
teller_transaction_undo_remove (TellerTransaction *self)
{
  Removal *removal;
  guint position;

  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), FALSE);

  if (self->removed->len == 0)
    return FALSE;

  removal = g_ptr_array_steal_index (self->removed, self->removed->len - 1);
  position = MIN (removal->position, self->documents->len);
  g_ptr_array_insert (self->documents, position, g_steal_pointer (&removal->document));
  removal_free (removal);

  if (self->removed->len == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  items_changed (self, position, 0, 1);

  return TRUE;
}

static void
delete_files_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GPtrArray *files = task_data;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;

      /* Gone already is what we wanted.  GIO's message carries the path, which may
       * name the customer, so only the error code is logged. */
      if (!g_file_delete (g_ptr_array_index (files, i), NULL, &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Could not delete a removed document (GIO error %d)", error->code);
    }

  g_task_return_boolean (task, TRUE);
}

static void
delete_files_async (TellerTransaction *self,
                    GPtrArray         *files)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, delete_files_async);
  g_task_set_task_data (task, g_ptr_array_ref (files), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, delete_files_thread);
}

/**
 * teller_transaction_purge_removed:
 * @self: a #TellerTransaction
 *
 * Closes the undo window: the files of the removed documents are deleted in a worker
 * thread.  A document put back into the list meanwhile keeps its file.
 */
void
teller_transaction_purge_removed (TellerTransaction *self)
{
  g_autoptr(GPtrArray) files = NULL;

  g_return_if_fail (TELLER_IS_TRANSACTION (self));

  if (self->removed->len == 0)
    return;

  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->removed->len; i++)
    {
      Removal *removal = g_ptr_array_index (self->removed, i);

      if (!teller_transaction_find (self, removal->document, NULL))
        g_ptr_array_add (files, g_object_ref (teller_document_get_file (removal->document)));
    }

  g_ptr_array_set_size (self->removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);

  if (files->len > 0)
    delete_files_async (self, files);
}

gboolean
teller_transaction_move (TellerTransaction *self,
                         guint              from,
                         guint              to)
{
  gpointer document;

  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), FALSE);

  if (from >= self->documents->len || to >= self->documents->len)
    return FALSE;
  if (from == to)
    return TRUE;

  document = g_ptr_array_steal_index (self->documents, from);
  g_ptr_array_insert (self->documents, to, document);

  /* One signal over the span that shifted; the count does not change. */
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              ABS ((int) from - (int) to) + 1,
                              ABS ((int) from - (int) to) + 1);

  return TRUE;
}

gboolean
teller_transaction_find (TellerTransaction *self,
                         TellerDocument    *document,
                         guint             *position)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), FALSE);
  g_return_val_if_fail (TELLER_IS_DOCUMENT (document), FALSE);

  return g_ptr_array_find (self->documents, document, position);
}

static void
clear_documents (TellerTransaction *self)
{
  guint n_items = self->documents->len;

  if (n_items == 0)
    return;

  g_ptr_array_set_size (self->documents, 0);
  items_changed (self, 0, n_items, 0);
}

/**
 * teller_transaction_finish:
 * @self: a #TellerTransaction
 *
 * Ends this customer.  Removed documents' files are deleted; the others stay on disk.
 * The next document starts a new folder.  Saves still running finish on disk but do
 * not join the next customer's list.
 */
void
teller_transaction_finish (TellerTransaction *self)
{
  g_return_if_fail (TELLER_IS_TRANSACTION (self));

  /* First, so nothing of this customer is left when "finished" handlers run. */
  teller_identity_wipe (self->identity);
  teller_transaction_purge_removed (self);
  clear_documents (self);
  set_folder (self, NULL);
  self->generation++;

  g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * teller_transaction_get_identity:
 *
 * Returns: (transfer none): the customer's identity, wiped by
 *   teller_transaction_finish()
 */
TellerIdentity *
teller_transaction_get_identity (TellerTransaction *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), NULL);
  return self->identity;
}

static void
create_document_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  AddData *data = task_data;

  /* Off the main thread: guessing the kind reads the file's first bytes. */
  g_task_return_pointer (task, teller_document_new (data->file, data->title), g_object_unref);
}

static void
document_created_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TellerTransaction *self = TELLER_TRANSACTION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(TellerDocument) document = NULL;
  AddData *data = g_task_get_task_data (task);

  document = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert (TELLER_IS_DOCUMENT (document));

  if (data->generation != self->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The transaction ended before the document was saved"));
      return;
    }

  teller_transaction_append (self, document);
  g_task_return_pointer (task, g_steal_pointer (&document), g_object_unref);
}

/* Takes over @task.  The file is complete on disk from here on, so cancelling no
 * longer drops it. */
static void
create_document_async (TellerTransaction *self,
                       GTask             *task,
                       GFile             *file)
{
  AddData *data = g_task_get_task_data (task);
  g_autoptr(GTask) create = NULL;

  g_set_object (&data->file, file);

  create = g_task_new (self, NULL, document_created_cb, task);
  g_task_set_source_tag (create, create_document_async);
  g_task_set_task_data (create, data, NULL);
  g_task_run_in_thread (create, create_document_thread);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TellerTransaction *self = g_task_get_source_object (task);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = teller_document_store_save_finish (TELLER_DOCUMENT_STORE (object), result, &error);
  if (file == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  create_document_async (self, g_steal_pointer (&task), file);
}

static GTask *
add_task_new (TellerTransaction   *self,
              const char          *title,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AddData *data = g_new0 (AddData, 1);

  data->title = g_strdup (title);
  data->generation = self->generation;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  return task;
}

/**
 * teller_transaction_import_file_async:
 * @self: a #TellerTransaction
 * @source: the file to copy into the transaction folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the copy is written in full and listed, or failed
 * @user_data: data for @callback
 *
 * Finish with teller_transaction_add_finish().
 */
void
teller_transaction_import_file_async (TellerTransaction   *self,
                                      GFile               *source,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GFile *folder;

  g_return_if_fail (TELLER_IS_TRANSACTION (self));
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = add_task_new (self, NULL, teller_transaction_import_file_async,
                       cancellable, callback, user_data);

  folder = teller_transaction_ensure_folder (self, &error);
  if (folder == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  teller_document_store_import_file_async (self->store, folder, source, cancellable,
                                           saved_cb, g_steal_pointer (&task));
}

/**
 * teller_transaction_add_bytes_async:
 * @self: a #TellerTransaction
 * @basename: the file name to save under (made unique in the folder)
 * @title: (nullable): the title shown to the operator; the file name if %NULL
 * @bytes: the document's content
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the file is written in full and listed, or failed
 * @user_data: data for @callback
 *
 * Finish with teller_transaction_add_finish().
 */
void
teller_transaction_add_bytes_async (TellerTransaction   *self,
                                    const char          *basename,
                                    const char          *title,
                                    GBytes              *bytes,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GFile *folder;

  g_return_if_fail (TELLER_IS_TRANSACTION (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = add_task_new (self, title, teller_transaction_add_bytes_async,
                       cancellable, callback, user_data);

  folder = teller_transaction_ensure_folder (self, &error);
  if (folder == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  teller_document_store_save_bytes_async (self->store, folder, basename, bytes, cancellable,
                                          saved_cb, g_steal_pointer (&task));
}

/**
 * teller_transaction_add_file_async:
 * @self: a #TellerTransaction
 * @file: a complete file inside the transaction's folder
 * @title: (nullable): the title shown to the operator; the file name if %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the document is listed, or failed
 * @user_data: data for @callback
 *
 * For documents written straight into the folder rather than through the store's
 * save calls.  Like the other adds, it fails with %G_IO_ERROR_CANCELLED when the
 * transaction finished meanwhile: the file then stays with the previous customer.
 * Finish with teller_transaction_add_finish().
 */
void
teller_transaction_add_file_async (TellerTransaction   *self,
                                   GFile               *file,
                                   const char          *title,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TELLER_IS_TRANSACTION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = add_task_new (self, title, teller_transaction_add_file_async,
                       cancellable, callback, user_data);

  if (self->folder == NULL || !g_file_has_parent (file, self->folder))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The document is not in this transaction’s folder"));
      return;
    }

  create_document_async (self, g_steal_pointer (&task), file);
}

/**
 * teller_transaction_add_finish:
 * @self: a #TellerTransaction
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the document, already in the list, or %NULL
 */
TellerDocument *
teller_transaction_add_finish (TellerTransaction  *self,
                               GAsyncResult       *result,
                               GError            **error)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
teller_transaction_finalize (GObject *object)
{
  TellerTransaction *self = TELLER_TRANSACTION (object);

  /* Whoever still holds the identity gets it empty: its data goes with the transaction. */
  teller_identity_wipe (self->identity);
  g_clear_object (&self->identity);

  /* Pending removals keep their files: without the operator's finish, nothing is lost. */
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_object (&self->folder);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (teller_transaction_parent_class)->finalize (object);
}

static void
teller_transaction_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerTransaction *self = TELLER_TRANSACTION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_N_DOCUMENTS:
      g_value_set_uint (value, self->documents->len);
      break;

    case PROP_EMPTY:
      g_value_set_boolean (value, self->documents->len == 0);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->removed->len > 0);
      break;

    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_transaction_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TellerTransaction *self = TELLER_TRANSACTION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_transaction_class_init (TellerTransactionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = teller_transaction_finalize;
  object_class->get_property = teller_transaction_get_property;
  object_class->set_property = teller_transaction_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TELLER_TYPE_DOCUMENT_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_N_DOCUMENTS] =
    g_param_spec_uint ("n-documents", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL,
                         TELLER_TYPE_IDENTITY,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TellerTransaction::finished:
   * @self: a #TellerTransaction
   *
   * The customer is done.  The identity is already wiped (and its "changed"
   * emitted) when this runs; the GUI clears what else it shows of the customer.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
teller_transaction_init (TellerTransaction *self)
{
  self->documents = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func ((GDestroyNotify) removal_free);
  self->identity = teller_identity_new ();
}
