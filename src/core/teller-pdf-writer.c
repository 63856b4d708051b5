/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "teller-atomic-file.h"
#include "teller-error.h"
#include "teller-pdf-writer.h"
#include "teller-pdf-writer-private.h"

/*
 * Images to a PDF, one page each (the pages are teller-pdf-writer-page.c's), written
 * atomically beside the destination.
 */

/* The temporary file the PDF grows in, beside the destination. */
typedef struct
{
  char             *path;
  TellerAtomicFile *file;
  GError           *write_error; /* the first failed write: cairo only says it failed */
  gboolean          abandoned;
} PdfOutput;

typedef struct
{
  GFile     *output;
  GPtrArray *images;
} WriteData;

/* ---- Output ------------------------------------------------------------ */

static cairo_status_t
output_write_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  PdfOutput *out = closure;

  /* After a failure or a cancellation cairo still writes its trailer; drop it. */
  if (out->abandoned || out->write_error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!teller_atomic_file_write (out->file, data, length, &out->write_error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static void
set_output_error (GError      **error,
                  const char   *path,
                  int           code,
                  const char   *detail)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, code, _("Could not write “%s”: %s"), name, detail);
}

static gboolean
set_output_cause (GError       **error,
                  const char    *path,
                  const GError  *cause)
{
  set_output_error (error, path, cause->code, cause->message);
  return FALSE;
}

static gboolean
output_open (PdfOutput   *out,
             const char  *path,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  out->path = g_strdup (path);
  /* The rename would refuse it, but only once the whole PDF is written. */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_output_error (error, path, G_IO_ERROR_IS_DIRECTORY, g_strerror (EISDIR));
      return FALSE;
    }

  out->file = teller_atomic_file_new (path, &local_error);
  return out->file != NULL || set_output_cause (error, path, local_error);
}

static gboolean
output_commit (PdfOutput  *out,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  return teller_atomic_file_commit (out->file, TELLER_ATOMIC_FILE_REPLACE, &local_error) ||
         set_output_cause (error, out->path, local_error);
}

/* On every failure: the destination was never touched, only the temporary file goes. */
static void
output_clear (PdfOutput *out)
{
  g_clear_pointer (&out->file, teller_atomic_file_free);
  g_clear_error (&out->write_error);
  g_clear_pointer (&out->path, g_free);
}

static gboolean
check_pdf_status (PdfOutput       *out,
                  cairo_status_t   status,
                  GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  if (status == CAIRO_STATUS_WRITE_ERROR && out->write_error != NULL)
    set_output_cause (error, out->path, out->write_error);
  else
    set_output_error (error, out->path, G_IO_ERROR_FAILED, cairo_status_to_string (status));

  return FALSE;
}

static cairo_surface_t *
create_pdf_surface (PdfOutput *out,
                    double     width,
                    double     height)
{
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (output_write_cb, out,
                                                              width, height);

  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Teller");
  return pdf;
}

/* One image in memory at a time: each page is finished, and its image written and
 * freed, before the next file is read. */
static gboolean
write_pages (PdfOutput     *out,
             GFile * const *images,
             guint          n_images,
             GCancellable  *cancellable,
             GError       **error)
{
  cairo_surface_t *pdf = NULL;
  cairo_t *cr = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < n_images; i++)
    {
      TellerPdfPage page = { 0 };
      double width, height;

      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           _teller_pdf_page_load (&page, images[i], cancellable, error);
      if (ok)
        {
          _teller_pdf_page_get_size (&page, &width, &height);
          if (pdf == NULL)
            {
              pdf = create_pdf_surface (out, width, height);
              cr = cairo_create (pdf);
            }
          else
            cairo_pdf_surface_set_size (pdf, width, height);

          _teller_pdf_page_draw (&page, cr);
          /* Before the image goes, so cairo writes it rather than copy its pixels. */
          cairo_show_page (cr);
          ok = check_pdf_status (out, cairo_status (cr), error) &&
               check_pdf_status (out, cairo_surface_status (pdf), error);
        }
      _teller_pdf_page_clear (&page);
    }

  out->abandoned = !ok;
  g_clear_pointer (&cr, cairo_destroy);
  if (pdf != NULL)
    {
      cairo_surface_finish (pdf);
      if (ok)
        ok = check_pdf_status (out, cairo_surface_status (pdf), error);
      cairo_surface_destroy (pdf);
    }

  return ok;
}

/**
 * teller_pdf_write_from_images:
 * @output: the PDF to write; a local file, which may exist
 * @images: (array length=n_images): the images, one page each, in order
 * @n_images: the number of images, at least one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Each page is the image's size at its resolution (JFIF density, else EXIF
 * resolution, else 200 dpi), turned as its EXIF orientation says.  Baseline and
 * progressive 8-bit JPEGs are embedded byte for byte; other images are decoded with
 * gdk-pixbuf and stored losslessly.
 *
 * Blocks, so call it in a worker thread.  On failure, including cancellation,
 * @output is untouched: the PDF is written to a temporary file beside it, synced,
 * and only then renamed over it.
 *
 * Returns: %TRUE if @output now holds the PDF
 */
gboolean
teller_pdf_write_from_images (GFile          *output,
                              GFile * const  *images,
                              guint           n_images,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autofree char *path = NULL;
  PdfOutput out = { 0 };
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (images != NULL || n_images == 0, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_images == 0)
    {
      g_set_error_literal (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                           _("A PDF needs at least one image"));
      return FALSE;
    }

  path = g_file_get_path (output);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (output);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Could not write “%s”: PDFs can only be written to a local folder"),
                   name);
      return FALSE;
    }

  ok = output_open (&out, path, error) &&
       write_pages (&out, images, n_images, cancellable, error) &&
       output_commit (&out, error);
  output_clear (&out);

  return ok;
}

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->output);
  g_clear_pointer (&data->images, g_ptr_array_unref);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (teller_pdf_write_from_images (data->output, (GFile * const *) data->images->pdata,
                                    data->images->len, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * teller_pdf_write_from_images_async:
 * @output: the PDF to write
 * @images: (array length=n_images): the images, one page each, in order
 * @n_images: the number of images
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the PDF is written in full, or not at all
 * @user_data: data for @callback
 *
 * Runs teller_pdf_write_from_images() in a worker thread.  Finish with
 * teller_pdf_write_from_images_finish().
 */
void
teller_pdf_write_from_images_async (GFile               *output,
                                    GFile * const       *images,
                                    guint                n_images,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (G_IS_FILE (output));
  g_return_if_fail (images != NULL || n_images == 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (WriteData, 1);
  data->output = g_object_ref (output);
  data->images = g_ptr_array_new_full (n_images, g_object_unref);
  for (guint i = 0; i < n_images; i++)
    g_ptr_array_add (data->images, g_object_ref (images[i]));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_pdf_write_from_images_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  /* The result says what is on disk: a cancellation that came too late to stop the
   * rename must not report a PDF that was written as not written. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

/**
 * teller_pdf_write_from_images_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the PDF was written
 */
gboolean
teller_pdf_write_from_images_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        teller_pdf_write_from_images_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
