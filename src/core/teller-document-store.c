/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "teller-document-store.h"
#include "teller-document-store-private.h"

/*
 * The store: its root, the transactions' folders and the asynchronous saves, which
 * write in a worker thread through teller-document-store-write.c.
 */

struct _TellerDocumentStore
{
  GObject  parent_instance;

  /* Owned References */
  GFile   *root;
};

G_DEFINE_FINAL_TYPE (TellerDocumentStore, teller_document_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GFile        *folder;
  char         *basename;
  GBytes       *bytes;
  GFile        *source;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->folder);
  g_clear_pointer (&data->basename, g_free);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_object (&data->source);
  g_free (data);
}

static gboolean
set_folder_error (GError     **error,
                  const char  *path,
                  int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not create the folder “%s”: %s"),
               display, g_strerror (saved_errno));
  return FALSE;
}

/* FALSE with no error set means the name is taken. */
static gboolean
make_folder (const char  *path,
             GError     **error)
{
  /* 0700: the folders hold customers' documents. */
  if (g_mkdir (path, 0700) == 0)
    return TRUE;
  return errno != EEXIST && set_folder_error (error, path, errno);
}

static gboolean
ensure_root (const char  *root,
             GError     **error)
{
  return g_mkdir_with_parents (root, 0700) == 0 || set_folder_error (error, root, errno);
}

/**
 * teller_document_store_create_transaction_folder:
 * @self: a #TellerDocumentStore
 * @error: return location for a #GError
 *
 * Names the folder by local time (`2026-11-23_161502`, then `-2`, `-3` within the
 * same second).  mkdir(2) fails if the name exists, so two callers never share one.
 *
 * Returns: (transfer full): the new, empty folder, or %NULL
 */
GFile *
teller_document_store_create_transaction_folder (TellerDocumentStore  *self,
                                                 GError              **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d_%H%M%S");
  g_autofree char *root = NULL;

  g_return_val_if_fail (TELLER_IS_DOCUMENT_STORE (self), NULL);

  root = g_file_get_path (self->root);
  if (root == NULL)
    {
      _teller_document_store_set_not_local_error (error);
      return NULL;
    }

  if (!ensure_root (root, error))
    return NULL;

  for (guint number = 1; number < TELLER_DOCUMENT_STORE_MAX_NAME_TRIES; number++)
    {
      g_autofree char *name = number == 1 ? g_strdup (stamp)
                                          : g_strdup_printf ("%s-%u", stamp, number);
      g_autofree char *path = g_build_filename (root, name, NULL);
      g_autoptr(GError) local_error = NULL;

      if (make_folder (path, &local_error))
        return g_file_new_for_path (path);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Could not create a folder for the transaction: too many folders named “%s”"),
               stamp);
  return NULL;
}

/* The bytes to save, or the file to import (named after it); NULL with the error. */
static GInputStream *
open_source (SaveData      *data,
             char         **basename,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) cause = NULL;

  if (data->source == NULL)
    {
      *basename = g_strdup (data->basename);
      return g_memory_input_stream_new_from_bytes (data->bytes);
    }

  *basename = g_file_get_basename (data->source);
  stream = g_file_read (data->source, cancellable, &cause);
  if (stream == NULL)
    {
      _teller_document_store_set_save_error (error, *basename, cause);
      return NULL;
    }
  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *basename = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GFile *written = NULL;

  stream = open_source (data, &basename, cancellable, &error);
  if (stream != NULL)
    written = _teller_document_store_write_new (data->folder, basename, stream,
                                                cancellable, &error);
  if (written == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, written, g_object_unref);
}

/**
 * teller_document_store_save_bytes_async:
 * @self: a #TellerDocumentStore
 * @folder: the transaction folder
 * @basename: the wanted file name; a unique variant is used if it is taken
 * @bytes: the document
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written in full, or not at all
 * @user_data: data for @callback
 *
 * Finish with teller_document_store_save_finish().
 */
void
teller_document_store_save_bytes_async (TellerDocumentStore *self,
                                        GFile               *folder,
                                        const char          *basename,
                                        GBytes              *bytes,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (TELLER_IS_DOCUMENT_STORE (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (SaveData, 1);
  data->folder = g_object_ref (folder);
  data->basename = g_strdup (basename);
  data->bytes = g_bytes_ref (bytes);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_document_store_save_bytes_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * teller_document_store_import_file_async:
 * @self: a #TellerDocumentStore
 * @folder: the transaction folder
 * @source: the file to copy; its basename names the copy
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the copy is written in full, or not at all
 * @user_data: data for @callback
 *
 * Finish with teller_document_store_save_finish().
 */
void
teller_document_store_import_file_async (TellerDocumentStore *self,
                                         GFile               *folder,
                                         GFile               *source,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (TELLER_IS_DOCUMENT_STORE (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (SaveData, 1);
  data->folder = g_object_ref (folder);
  data->source = g_object_ref (source);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_document_store_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * teller_document_store_save_finish:
 * @self: a #TellerDocumentStore
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the file written, or %NULL
 */
GFile *
teller_document_store_save_finish (TellerDocumentStore  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

TellerDocumentStore *
teller_document_store_new (GFile *root)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);

  return g_object_new (TELLER_TYPE_DOCUMENT_STORE, "root", root, NULL);
}

GFile *
teller_document_store_get_root (TellerDocumentStore *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT_STORE (self), NULL);

  return self->root;
}

/*
 * A new root applies to the folders made from now on: a transaction already under
 * way keeps its folder, so one customer's documents are never split.
 */
void
teller_document_store_set_root (TellerDocumentStore *self,
                                GFile               *root)
{
  g_return_if_fail (TELLER_IS_DOCUMENT_STORE (self));
  g_return_if_fail (G_IS_FILE (root));

  if (self->root != NULL && g_file_equal (self->root, root))
    return;

  g_set_object (&self->root, root);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOT]);
}

static void
teller_document_store_finalize (GObject *object)
{
  TellerDocumentStore *self = TELLER_DOCUMENT_STORE (object);

  g_clear_object (&self->root);

  G_OBJECT_CLASS (teller_document_store_parent_class)->finalize (object);
}

static void
teller_document_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TellerDocumentStore *self = TELLER_DOCUMENT_STORE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_document_store_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TellerDocumentStore *self = TELLER_DOCUMENT_STORE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      teller_document_store_set_root (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_document_store_class_init (TellerDocumentStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = teller_document_store_finalize;
  object_class->get_property = teller_document_store_get_property;
  object_class->set_property = teller_document_store_set_property;

  properties[PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_document_store_init (TellerDocumentStore *self)
{
}
