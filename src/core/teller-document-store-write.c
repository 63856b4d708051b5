/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "teller-atomic-file.h"
#include "teller-document-store.h"
#include "teller-document-store-private.h"

/*
 * Writing documents: sanitised, unique names, and every byte through a
 * TellerAtomicFile, so a document is on disk whole or not at all.
 */

#define COPY_CHUNK_SIZE (64 * 1024)
/* Well under NAME_MAX (255 bytes), leaving room for "-NNNN", the extension and ".part". */
#define MAX_STEM_BYTES 200
#define MAX_EXTENSION_BYTES 32

/* Keeps the cause's domain and code so callers can still recognise cancellation. */
void
_teller_document_store_set_save_error (GError     **error,
                                       const char  *name,
                                       GError      *cause)
{
  g_autofree char *display = g_filename_display_basename (name);

  g_set_error (error, cause->domain, cause->code,
               _("Could not save “%s”: %s"), display, cause->message);
}

void
_teller_document_store_set_not_local_error (GError **error)
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

      if (number >= TELLER_DOCUMENT_STORE_MAX_NAME_TRIES || !g_file_query_exists (child, NULL))
        return g_steal_pointer (&child);
    }
}

static gboolean
copy_stream (TellerAtomicFile  *file,
             GInputStream      *source,
             GCancellable      *cancellable,
             GError           **error)
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
      if (!teller_atomic_file_write (file, buffer, n_read, error))
        return FALSE;
    }
}

/* The whole of @source in a synced temporary file beside @path. */
static TellerAtomicFile *
atomic_file_fill (const char    *path,
                  GInputStream  *source,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(TellerAtomicFile) file = teller_atomic_file_new (path, error);

  if (file == NULL ||
      !copy_stream (file, source, cancellable, error) ||
      !teller_atomic_file_sync (file, error))
    return NULL;
  return g_steal_pointer (&file);
}

/* Never replaces: two saves racing for one name both keep their document. */
static GFile *
commit_unique (TellerAtomicFile  *file,
               GFile             *folder,
               const char        *basename,
               GError           **error)
{
  for (guint number = 1; number < TELLER_DOCUMENT_STORE_MAX_NAME_TRIES; number++)
    {
      g_autoptr(GFile) child = child_numbered (folder, basename, number);
      g_autofree char *path = g_file_get_path (child);
      g_autoptr(GError) local_error = NULL;

      if (g_file_query_exists (child, NULL))
        continue;

      if (teller_atomic_file_rename (file, path, TELLER_ATOMIC_FILE_NO_REPLACE, &local_error))
        return g_steal_pointer (&child);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, g_strerror (EEXIST));
  return NULL;
}

/* Writes @source into @folder under a name derived from @basename that no one else has. */
GFile *
_teller_document_store_write_new (GFile         *folder,
                                  const char    *basename,
                                  GInputStream  *source,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autofree char *dir = g_file_get_path (folder);
  g_autofree char *name = sanitize_basename (basename);
  g_autofree char *path = NULL;
  g_autoptr(TellerAtomicFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  GFile *written = NULL;

  if (dir == NULL)
    {
      _teller_document_store_set_not_local_error (error);
      return NULL;
    }

  /* The temporary file is named after the wanted name; the real one is chosen last. */
  path = g_build_filename (dir, name, NULL);
  file = atomic_file_fill (path, source, cancellable, &local_error);
  if (file != NULL)
    written = commit_unique (file, folder, name, &local_error);

  if (written == NULL)
    _teller_document_store_set_save_error (error, name, local_error);

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
  g_autofree char *basename = NULL;
  g_autoptr(TellerAtomicFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (source), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  path = g_file_get_path (destination);
  if (path == NULL)
    {
      _teller_document_store_set_not_local_error (error);
      return FALSE;
    }

  basename = g_path_get_basename (path);

  file = atomic_file_fill (path, source, cancellable, &local_error);
  ok = file != NULL &&
       teller_atomic_file_rename (file, NULL, TELLER_ATOMIC_FILE_REPLACE, &local_error);

  if (!ok)
    _teller_document_store_set_save_error (error, basename, local_error);

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
