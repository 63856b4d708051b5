/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <poppler.h>

#include "teller-document.h"
#include "teller-pixbuf-util.h"
#include "teller-thumbnailer.h"

typedef struct
{
  GFile *file;
  int    max_size;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

void
teller_thumbnail_free (TellerThumbnail *thumbnail)
{
  if (thumbnail == NULL)
    return;

  g_clear_pointer (&thumbnail->pixels, g_bytes_unref);
  g_free (thumbnail);
}

/* Cancellation and I/O errors keep their codes; whatever the decoder says becomes
 * INVALID_DATA, since to the operator the file simply cannot be shown. */
static void
set_render_error (GError **error,
                  GFile   *file,
                  GError  *cause)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);

  if (cause->domain == G_IO_ERROR)
    g_propagate_error (error, g_error_copy (cause));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("Could not show a preview of “%s”: %s"), display, cause->message);
}

static TellerThumbnail *
thumbnail_from_surface (cairo_surface_t  *surface,
                        GError          **error)
{
  TellerThumbnail *thumbnail;
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the preview: %s"),
                   cairo_status_to_string (cairo_surface_status (surface)));
      return NULL;
    }

  cairo_surface_flush (surface);

  thumbnail = g_new0 (TellerThumbnail, 1);
  thumbnail->width = cairo_image_surface_get_width (surface);
  thumbnail->height = height;
  thumbnail->stride = stride;
  thumbnail->pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                                   (gsize) stride * height);

  return thumbnail;
}

static int
scaled_length (double length,
               double scale,
               int    max_size)
{
  return CLAMP ((int) (length * scale + 0.5), 1, max_size);
}

static cairo_surface_t *
render_pdf_page (PopplerPage *page,
                 int          max_size)
{
  double page_width, page_height, scale;
  cairo_surface_t *surface;
  cairo_t *cr;

  poppler_page_get_size (page, &page_width, &page_height);
  page_width = MAX (page_width, 1.0);
  page_height = MAX (page_height, 1.0);
  scale = max_size / MAX (page_width, page_height);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        scaled_length (page_width, scale, max_size),
                                        scaled_length (page_height, scale, max_size));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);

  /* Paper is white; transparent page areas would show the list's background. */
  cairo_set_operator (cr, CAIRO_OPERATOR_DEST_OVER);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  cairo_destroy (cr);

  return surface;
}

static TellerThumbnail *
render_first_page (GFile            *file,
                   PopplerDocument  *document,
                   int               max_size,
                   GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  TellerThumbnail *thumbnail;
  PopplerPage *page = NULL;

  if (poppler_document_get_n_pages (document) > 0)
    page = poppler_document_get_page (document, 0);

  if (page == NULL)
    {
      g_set_error_literal (&local_error, POPPLER_ERROR, POPPLER_ERROR_INVALID,
                           _("The document has no pages"));
      set_render_error (error, file, local_error);
      return NULL;
    }

  surface = render_pdf_page (page, max_size);
  thumbnail = thumbnail_from_surface (surface, error);
  cairo_surface_destroy (surface);
  g_object_unref (page);

  return thumbnail;
}

/* poppler-glib 22.12 has no g_autoptr support, hence the explicit unrefs. */
static TellerThumbnail *
render_pdf (GFile         *file,
            int            max_size,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  TellerThumbnail *thumbnail;

  document = poppler_document_new_from_gfile (file, NULL, cancellable, &local_error);
  if (document == NULL)
    {
      set_render_error (error, file, local_error);
      return NULL;
    }

  /* Loading a big PDF takes a while; the caller may have moved on meanwhile. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    thumbnail = NULL;
  else
    thumbnail = render_first_page (file, document, max_size, error);
  g_object_unref (document);

  return thumbnail;
}

static TellerThumbnail *
thumbnail_from_pixbuf (GdkPixbuf  *pixbuf,
                       GError    **error)
{
  cairo_surface_t *surface = teller_pixbuf_to_cairo_surface (pixbuf, CAIRO_FORMAT_ARGB32);
  TellerThumbnail *thumbnail = thumbnail_from_surface (surface, error);

  cairo_surface_destroy (surface);
  return thumbnail;
}

static TellerThumbnail *
render_image (GFile         *file,
              int            max_size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  loaded = gdk_pixbuf_new_from_stream_at_scale (G_INPUT_STREAM (stream), max_size, max_size,
                                                TRUE, cancellable, &local_error);
  if (loaded == NULL)
    {
      set_render_error (error, file, local_error);
      return NULL;
    }

  /* Phone photos and some document cameras store the rotation in EXIF only. */
  oriented = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (oriented == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to show the preview"));
      return NULL;
    }

  return thumbnail_from_pixbuf (oriented, error);
}

/**
 * teller_thumbnail_render:
 * @file: a PDF or an image
 * @max_size: the longest side of the thumbnail, in pixels
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Blocks, so call it in a worker thread.  A file that cannot be decoded gives
 * %G_IO_ERROR_INVALID_DATA.
 *
 * Returns: (transfer full): the thumbnail, no side longer than @max_size
 */
TellerThumbnail *
teller_thumbnail_render (GFile         *file,
                         int            max_size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *content_type = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  TellerDocumentKind kind;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  kind = teller_document_kind_for_file (file, &content_type);
  switch (kind)
    {
    case TELLER_DOCUMENT_KIND_PDF:
      return render_pdf (file, max_size, cancellable, error);

    case TELLER_DOCUMENT_KIND_IMAGE:
      return render_image (file, max_size, cancellable, error);

    case TELLER_DOCUMENT_KIND_OTHER:
    default:
      break;
    }

  name = g_file_get_basename (file);
  display = g_filename_display_name (name);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Could not show a preview of “%s”: this kind of file is not supported"),
               display);
  return NULL;
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  g_autoptr(GError) error = NULL;
  TellerThumbnail *thumbnail;

  thumbnail = teller_thumbnail_render (data->file, data->max_size, cancellable, &error);

  /* Cancelled and already answered (return-on-cancel): a second answer would leak the
   * first error in GLib 2.74's g_task_return_error(). */
  if (!g_task_set_return_on_cancel (task, FALSE))
    {
      g_clear_pointer (&thumbnail, teller_thumbnail_free);
      return;
    }

  if (thumbnail == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, thumbnail, (GDestroyNotify) teller_thumbnail_free);
}

/**
 * teller_thumbnail_render_async:
 * @file: a PDF or an image
 * @max_size: the longest side of the thumbnail, in pixels
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the thumbnail, or an error
 * @user_data: data for @callback
 *
 * Renders in a worker thread; finish with teller_thumbnail_render_finish().
 */
void
teller_thumbnail_render_async (GFile               *file,
                               int                  max_size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (max_size > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (RenderData, 1);
  data->file = g_object_ref (file);
  data->max_size = max_size;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_thumbnail_render_async);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  /* A thumbnail nobody waits for is worthless: answer the cancel at once. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, render_thread);
}

/**
 * teller_thumbnail_render_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the thumbnail, or %NULL
 */
TellerThumbnail *
teller_thumbnail_render_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == teller_thumbnail_render_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
