/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "teller-atomic-file.h"
#include "teller-cli-private.h"
#include "teller-identity.h"
#include "teller-image-tools.h"

/*
 * The files the identity commands write (a card photo, a face, a fingerprint) and
 * read (fingerprint templates).  They hold personal data: the copies made on the way
 * zero themselves, and a file is written whole, 0600, or not at all.
 */

/* ---- Writing ------------------------------------------------------------- */

typedef struct
{
  char     *path;
  GBytes   *bytes;
  gboolean  as_jpeg;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->path);
  g_bytes_unref (job->bytes);
  g_free (job);
}

/* Decodes and re-encodes, zeroing the decoded pixels before they are freed. */
static GBytes *
convert_to_jpeg (GBytes  *image,
                 GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;
  char *buffer = NULL;
  gsize size = 0;
  gboolean saved;

  if (!gdk_pixbuf_loader_write_bytes (loader, image, &local_error) ||
      !gdk_pixbuf_loader_close (loader, &local_error) ||
      (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    {
      /* Closing is required even after a failed write; its error adds nothing. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The image could not be converted to JPEG: %s"),
                   local_error != NULL ? local_error->message : _("no picture in the data"));
      return NULL;
    }

  saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error, "quality", "95",
                                     NULL);
  teller_secure_zero (gdk_pixbuf_get_pixels (pixbuf), gdk_pixbuf_get_byte_length (pixbuf));
  if (!saved)
    return NULL;

  return teller_secure_bytes_new_take (buffer, size);
}

static gboolean
write_atomically (const char  *path,
                  GBytes      *bytes,
                  GError     **error)
{
  g_autoptr(TellerAtomicFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  file = teller_atomic_file_new (path, &local_error);
  if (file != NULL &&
      teller_atomic_file_write (file, data, size, &local_error) &&
      teller_atomic_file_commit (file, TELLER_ATOMIC_FILE_REPLACE, &local_error))
    return TRUE;

  g_set_error (error, local_error->domain, local_error->code,
               _("Could not write “%s”: %s"), display, local_error->message);
  return FALSE;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  if (job->as_jpeg && g_strcmp0 (teller_image_type_sniff (job->bytes), "jpg") != 0)
    bytes = convert_to_jpeg (job->bytes, &error);
  else
    bytes = g_bytes_ref (job->bytes);

  if (bytes == NULL || !write_atomically (job->path, bytes, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_filename_display_name (job->path), g_free);
}

void
teller_cli_write_file_async (const char          *path,
                             GBytes              *bytes,
                             gboolean             as_jpeg,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (bytes != NULL);

  job = g_new0 (WriteJob, 1);
  /* Absolute, so the output names the file wherever the script runs from. */
  job->path = g_canonicalize_filename (path, NULL);
  job->bytes = g_bytes_ref (bytes);
  job->as_jpeg = as_jpeg;
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, teller_cli_write_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_thread);
}

char *
teller_cli_write_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Reading ------------------------------------------------------------- */

static GBytes *
read_one (const char  *path,
          GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, &local_error))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }
  if (size == 0)
    {
      g_free (data);
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT, _("“%s” is empty"), display);
      return NULL;
    }

  return teller_secure_bytes_new_take (data, size);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char * const *paths = task_data;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      GError *error = NULL;
      GBytes *bytes = read_one (paths[i], &error);

      if (bytes == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (files, bytes);
    }

  g_task_return_pointer (task, g_steal_pointer (&files), (GDestroyNotify) g_ptr_array_unref);
}

void
teller_cli_read_files_async (const char * const  *paths,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (paths != NULL);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, teller_cli_read_files_async);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, read_thread);
}

GPtrArray *
teller_cli_read_files_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
