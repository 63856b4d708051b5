/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "teller-document-store.h"

#define COPY_CHUNK_SIZE (64 * 1024)
/* Well under NAME_MAX (255 bytes), leaving room for "-NNNN", the extension and ".part". */
#define MAX_STEM_BYTES 200
#define MAX_EXTENSION_BYTES 32
#define MAX_NAME_TRIES 10000

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

/* A temporary file beside the destination; nothing else ever sees it half-written. */
typedef struct
{
  char *dir;
  char *path;
  int   fd;
} TempFile;

#define TEMP_FILE_INIT { NULL, NULL, -1 }

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

static GError *
error_from_errno (int saved_errno)
{
  return g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                              g_strerror (saved_errno));
}

/* Keeps the cause's domain and code so callers can still recognise cancellation. */
static void
set_save_error (GError     **error,
                const char  *name,
                GError      *cause)
{
  g_autofree char *display = g_filename_display_basename (name);

  g_set_error (error, cause->domain, cause->code,
               _("Could not save “%s”: %s"), display, cause->message);
}

static void
set_not_local_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Documents can only be saved to a local folder"));
}

/* Cuts at a UTF-8 character boundary so a long name stays valid. */
static void
truncate_bytes (GString *string,
                gsize    max_bytes)
{
  gsize cut = max_bytes;

  if (string->len <= max_bytes)
    return;

  while (cut > 0 && (string->str[cut] & 0xC0) == 0x80)
    cut--;
  g_string_truncate (string, cut);
}

static char *
sanitize_basename (const char *basename)
{
  GString *name = g_string_new (basename);

  for (gsize i = 0; i < name->len; i++)
    {
      if (name->str[i] == '/' || (guchar) name->str[i] < 0x20)
        name->str[i] = '_';
    }

  /* A leading dot would hide the document from the operator's file manager. */
  while (name->str[0] == '.')
    g_string_erase (name, 0, 1);

  if (name->len == 0)
    g_string_assign (name, "document");

  return g_string_free (name, FALSE);
}

static void
split_extension (const char  *name,
                 char       **stem,
                 char       **extension)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name || strlen (dot) > MAX_EXTENSION_BYTES)
    dot = name + strlen (name);

  *stem = g_strndup (name, dot - name);
  *extension = g_strdup (dot);
}

static char *
numbered_name (const char *stem,
               const char *extension,
               guint       number)
{
  GString *name = g_string_new (stem);

  truncate_bytes (name, MAX_STEM_BYTES);
  if (number > 1)
    g_string_append_printf (name, "-%u", number);
  g_string_append (name, extension);

  return g_string_free (name, FALSE);
}

static GFile *
child_numbered (GFile      *folder,
                const char *basename,
                guint       number)
{
  g_autofree char *sane = sanitize_basename (basename);
  g_autofree char *stem = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *name = NULL;

  split_extension (sane, &stem, &extension);
  name = numbered_name (stem, extension, number);

  return g_file_get_child (folder, name);
}

/**
 * teller_document_store_unique_child:
 * @folder: the folder
 * @basename: (nullable): the wanted name, sanitised first
 *
 * `scan.jpg` gives `scan.jpg`, then `scan-2.jpg`, `scan-3.jpg`...  Another writer can
 * still take the name before it is used; the store's own saves guard against that.
 *
 * Returns: (transfer full): a child of @folder that does not exist yet
 */
GFile *
teller_document_store_unique_child (GFile      *folder,
                                    const char *basename)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  for (guint number = 1; ; number++)
    {
      g_autoptr(GFile) child = child_numbered (folder, basename ? basename : "", number);

      if (number >= MAX_NAME_TRIES || !g_file_query_exists (child, NULL))
        return g_steal_pointer (&child);
    }
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          length,
           GError       **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_propagate_error (error, error_from_errno (n < 0 ? errno : ENOSPC));
          return FALSE;
        }

      data += n;
      length -= n;
    }

  return TRUE;
}

static gboolean
fsync_fd (int      fd,
          GError **error)
{
  while (fsync (fd) != 0)
    {
      if (errno != EINTR)
        {
          g_propagate_error (error, error_from_errno (errno));
          return FALSE;
        }
    }

  return TRUE;
}

/* Makes the rename itself durable; some filesystems cannot sync a folder, which is fine. */
static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    {
      g_propagate_error (error, error_from_errno (errno));
      return FALSE;
    }

  ok = fsync (fd) == 0 || errno == EINVAL || errno == ENOTSUP;
  if (!ok)
    g_propagate_error (error, error_from_errno (errno));
  close (fd);

  return ok;
}

static gboolean
temp_file_open (TempFile    *tmp,
                const char  *dir,
                const char  *basename,
                GError     **error)
{
  g_autoptr(GString) prefix = g_string_new (basename);
  g_autofree char *name = NULL;

  /* Only the prefix, so the temporary name stays under NAME_MAX. */
  truncate_bytes (prefix, MAX_STEM_BYTES);
  name = g_strdup_printf (".%s.XXXXXX.part", prefix->str);

  tmp->dir = g_strdup (dir);
  tmp->path = g_build_filename (dir, name, NULL);
  /* 0600: documents are personal data. */
  tmp->fd = g_mkstemp_full (tmp->path, O_RDWR | O_CLOEXEC, 0600);
  if (tmp->fd < 0)
    {
      g_propagate_error (error, error_from_errno (errno));
      g_clear_pointer (&tmp->path, g_free);
      return FALSE;
    }

  return TRUE;
}

static gboolean
temp_file_copy (TempFile      *tmp,
                GInputStream  *source,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK_SIZE);

  for (;;)
    {
      gssize n_read;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n_read = g_input_stream_read (source, buffer, COPY_CHUNK_SIZE, cancellable, error);
      if (n_read < 0)
        return FALSE;
      if (n_read == 0)
        return TRUE;
      if (!write_all (tmp->fd, buffer, n_read, error))
        return FALSE;
    }
}

static gboolean
temp_file_fill (TempFile      *tmp,
                const char    *dir,
                const char    *basename,
                GInputStream  *source,
                GCancellable  *cancellable,
                GError       **error)
{
  int fd;

  if (!temp_file_open (tmp, dir, basename, error) ||
      !temp_file_copy (tmp, source, cancellable, error) ||
      !fsync_fd (tmp->fd, error))
    return FALSE;

  fd = tmp->fd;
  tmp->fd = -1;
  return g_close (fd, error);
}

/* Called on every failure: the destination was never touched, only the temp file goes. */
static void
temp_file_clear (TempFile *tmp)
{
  if (tmp->fd >= 0)
    close (tmp->fd);
  tmp->fd = -1;

  if (tmp->path != NULL)
    g_unlink (tmp->path);

  g_clear_pointer (&tmp->path, g_free);
  g_clear_pointer (&tmp->dir, g_free);
}

static gboolean
temp_file_replace (TempFile    *tmp,
                   const char  *destination,
                   GError     **error)
{
  if (rename (tmp->path, destination) != 0)
    {
      g_propagate_error (error, error_from_errno (errno));
      return FALSE;
    }

  g_clear_pointer (&tmp->path, g_free);
  return fsync_dir (tmp->dir, error);
}

/* Atomic and never replaces: two saves racing for one name both keep their document. */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;

  /* The filesystem lacks RENAME_NOREPLACE; link(2) refuses to replace too. */
  if (link (from, to) == 0)
    {
      g_unlink (from);
      return 0;
    }
  if (errno != EPERM && errno != ENOTSUP)
    return -1;

  /* No hard links either (FAT): check, then rename; racy, but nothing better is left. */
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    {
      errno = EEXIST;
      return -1;
    }
  return rename (from, to);
}

static GFile *
temp_file_commit_unique (TempFile    *tmp,
                         GFile       *folder,
                         const char  *basename,
                         GError     **error)
{
  for (guint number = 1; number < MAX_NAME_TRIES; number++)
    {
      g_autoptr(GFile) child = child_numbered (folder, basename, number);
      g_autofree char *path = g_file_get_path (child);

      if (g_file_query_exists (child, NULL))
        continue;

      if (rename_noreplace (tmp->path, path) == 0)
        {
          g_clear_pointer (&tmp->path, g_free);
          return fsync_dir (tmp->dir, error) ? g_steal_pointer (&child) : NULL;
        }

      if (errno != EEXIST)
        {
          g_propagate_error (error, error_from_errno (errno));
          return NULL;
        }
    }

  g_propagate_error (error, error_from_errno (EEXIST));
  return NULL;
}

/* Writes @source into @folder under a name derived from @basename that no one else has. */
static GFile *
write_new_document (GFile         *folder,
                    const char    *basename,
                    GInputStream  *source,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *dir = g_file_get_path (folder);
  g_autofree char *name = sanitize_basename (basename);
  g_autoptr(GError) local_error = NULL;
  TempFile tmp = TEMP_FILE_INIT;
  GFile *written = NULL;

  if (dir == NULL)
    {
      set_not_local_error (error);
      return NULL;
    }

  if (temp_file_fill (&tmp, dir, name, source, cancellable, &local_error))
    written = temp_file_commit_unique (&tmp, folder, name, &local_error);

  temp_file_clear (&tmp);

  if (written == NULL)
    set_save_error (error, name, local_error);

  return written;
}

/**
 * teller_document_store_write_stream:
 * @destination: a local file, which may exist
 * @source: what to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Blocks, so call it in a worker thread.  On failure, including cancellation, the
 * destination is untouched.  Only if syncing the folder fails after the rename does
 * @destination hold the new content while %FALSE is returned.
 */
gboolean
teller_document_store_write_stream (GFile         *destination,
                                    GInputStream  *source,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GError) local_error = NULL;
  TempFile tmp = TEMP_FILE_INIT;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (source), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  path = g_file_get_path (destination);
  if (path == NULL)
    {
      set_not_local_error (error);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  basename = g_path_get_basename (path);

  ok = temp_file_fill (&tmp, dir, basename, source, cancellable, &local_error) &&
       temp_file_replace (&tmp, path, &local_error);
  temp_file_clear (&tmp);

  if (!ok)
    set_save_error (error, basename, local_error);

  return ok;
}

gboolean
teller_document_store_write_bytes (GFile         *destination,
                                   GBytes        *bytes,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return teller_document_store_write_stream (destination, stream, cancellable, error);
}

/* FALSE with no error set means the name is taken. */
static gboolean
make_folder (const char  *path,
             GError     **error)
{
  g_autofree char *display = NULL;
  int saved_errno;

  /* 0700: the folders hold customers' documents. */
  if (g_mkdir (path, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  if (saved_errno == EEXIST)
    return FALSE;

  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not create the folder “%s”: %s"),
               display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
ensure_root (const char  *root,
             GError     **error)
{
  g_autofree char *display = NULL;
  int saved_errno;

  if (g_mkdir_with_parents (root, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  display = g_filename_display_name (root);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not create the folder “%s”: %s"),
               display, g_strerror (saved_errno));

  return FALSE;
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
      set_not_local_error (error);
      return NULL;
    }

  if (!ensure_root (root, error))
    return NULL;

  for (guint number = 1; number < MAX_NAME_TRIES; number++)
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

static void
save_bytes_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (data->bytes);
  g_autoptr(GError) error = NULL;
  GFile *written;

  written = write_new_document (data->folder, data->basename, stream, cancellable, &error);
  if (written == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, written, g_object_unref);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *basename = g_file_get_basename (data->source);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GFile *written;

  stream = g_file_read (data->source, cancellable, &error);
  if (stream == NULL)
    {
      g_autoptr(GError) cause = g_steal_pointer (&error);

      set_save_error (&error, basename, cause);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  written = write_new_document (data->folder, basename, G_INPUT_STREAM (stream),
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
  g_task_run_in_thread (task, save_bytes_thread);
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
  g_task_run_in_thread (task, import_file_thread);
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
