/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <math.h>

#include "teller-document-store.h"
#include "teller-image-edit.h"

#define MM_PER_INCH 25.4
#define A4_MARGIN_MM 15.0

/* An image as decoded, upright, with what must survive a rewrite. */
typedef struct
{
  GdkPixbuf *pixbuf;
  char      *format;  /* gdk-pixbuf's saver name: "jpeg" or "png" */
  char      *x_dpi;
  char      *y_dpi;
  char      *icc_profile;
} Picture;

typedef struct
{
  GFile *file;
  int    degrees;
  int    x, y, width, height;
} EditData;

static void
picture_clear (Picture *picture)
{
  g_clear_object (&picture->pixbuf);
  g_clear_pointer (&picture->format, g_free);
  g_clear_pointer (&picture->x_dpi, g_free);
  g_clear_pointer (&picture->y_dpi, g_free);
  g_clear_pointer (&picture->icc_profile, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picture, picture_clear)

static void
edit_data_free (EditData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

gboolean
teller_image_edit_can_edit (const char *content_type)
{
  g_autofree char *mime_type = NULL;

  if (content_type == NULL)
    return FALSE;

  mime_type = g_content_type_get_mime_type (content_type);
  return g_strcmp0 (mime_type, "image/jpeg") == 0 || g_strcmp0 (mime_type, "image/png") == 0;
}

static gboolean
picture_decode (Picture  *picture,
                GBytes   *bytes,
                GError  **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbufFormat *format;
  GdkPixbuf *decoded;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return FALSE;

  decoded = gdk_pixbuf_loader_get_pixbuf (loader);
  format = gdk_pixbuf_loader_get_format (loader);
  if (decoded == NULL || format == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is not an image"));
      return FALSE;
    }

  /* Transforms drop the options, so they are read before turning upright. */
  picture->format = gdk_pixbuf_format_get_name (format);
  picture->x_dpi = g_strdup (gdk_pixbuf_get_option (decoded, "x-dpi"));
  picture->y_dpi = g_strdup (gdk_pixbuf_get_option (decoded, "y-dpi"));
  picture->icc_profile = g_strdup (gdk_pixbuf_get_option (decoded, "icc-profile"));
  picture->pixbuf = gdk_pixbuf_apply_embedded_orientation (decoded);

  return picture->pixbuf != NULL;
}

static gboolean
picture_load (Picture       *picture,
              GFile         *file,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, error);

  if (bytes == NULL || !picture_decode (picture, bytes, error))
    return FALSE;

  if (!g_str_equal (picture->format, "jpeg") && !g_str_equal (picture->format, "png"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only JPEG and PNG images can be edited"));
      return FALSE;
    }

  return TRUE;
}

static void
add_option (GPtrArray  *keys,
            GPtrArray  *values,
            const char *key,
            const char *value)
{
  if (value == NULL)
    return;

  g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_add (values, (gpointer) value);
}

static GBytes *
picture_encode (const Picture  *picture,
                GError        **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *quality = g_strdup_printf ("%d", TELLER_IMAGE_EDIT_JPEG_QUALITY);
  char *buffer = NULL;
  gsize size = 0;

  if (g_str_equal (picture->format, "jpeg"))
    add_option (keys, values, "quality", quality);
  add_option (keys, values, "x-dpi", picture->x_dpi);
  add_option (keys, values, "y-dpi", picture->y_dpi);
  add_option (keys, values, "icc-profile", picture->icc_profile);
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);

  if (!gdk_pixbuf_save_to_bufferv (picture->pixbuf, &buffer, &size, picture->format,
                                   (char **) keys->pdata, (char **) values->pdata, error))
    return NULL;

  return g_bytes_new_take (buffer, size);
}

static gboolean
picture_store (const Picture  *picture,
               GFile          *file,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GBytes) bytes = picture_encode (picture, error);

  return bytes != NULL && teller_document_store_write_bytes (file, bytes, cancellable, error);
}

gboolean
teller_image_edit_rotate (GFile         *file,
                          int            degrees,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_auto(Picture) picture = { 0 };
  GdkPixbufRotation rotation;
  GdkPixbuf *rotated;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (degrees == 90 || degrees == 180 || degrees == 270, FALSE);

  if (!picture_load (&picture, file, cancellable, error))
    return FALSE;

  /* gdk-pixbuf counts counter-clockwise; Teller's 90 is a clockwise quarter turn. */
  rotation = degrees == 90 ? GDK_PIXBUF_ROTATE_CLOCKWISE
           : degrees == 180 ? GDK_PIXBUF_ROTATE_UPSIDEDOWN
           : GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE;
  rotated = gdk_pixbuf_rotate_simple (picture.pixbuf, rotation);
  g_object_unref (picture.pixbuf);
  picture.pixbuf = rotated;

  /* A quarter turn swaps the axes, and with them the resolutions. */
  if (degrees != 180)
    {
      char *x_dpi = picture.x_dpi;

      picture.x_dpi = picture.y_dpi;
      picture.y_dpi = x_dpi;
    }

  return picture_store (&picture, file, cancellable, error);
}

gboolean
teller_image_edit_crop (GFile         *file,
                        int            x,
                        int            y,
                        int            width,
                        int            height,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_auto(Picture) picture = { 0 };
  GdkPixbuf *cropped;
  int image_width, image_height, right, bottom;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!picture_load (&picture, file, cancellable, error))
    return FALSE;

  image_width = gdk_pixbuf_get_width (picture.pixbuf);
  image_height = gdk_pixbuf_get_height (picture.pixbuf);
  right = CLAMP ((gint64) x + MAX (width, 0), 0, image_width);
  bottom = CLAMP ((gint64) y + MAX (height, 0), 0, image_height);
  x = CLAMP (x, 0, image_width);
  y = CLAMP (y, 0, image_height);

  if (right <= x || bottom <= y)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The crop area lies outside the image"));
      return FALSE;
    }

  /* A copy, so the full picture is not kept alive behind the cropped one. */
  cropped = gdk_pixbuf_new_subpixbuf (picture.pixbuf, x, y, right - x, bottom - y);
  g_object_unref (picture.pixbuf);
  picture.pixbuf = gdk_pixbuf_copy (cropped);
  g_object_unref (cropped);

  return picture_store (&picture, file, cancellable, error);
}

static double
picture_dpi (const Picture *picture)
{
  double dpi = picture->x_dpi != NULL ? g_ascii_strtod (picture->x_dpi, NULL) : 0;

  return isfinite (dpi) && dpi >= 30 && dpi <= 2400 ? dpi : TELLER_IMAGE_A4_DPI;
}

GBytes *
teller_image_compose_a4 (GBytes  *image,
                         GError **error)
{
  g_auto(Picture) picture = { 0 };
  g_auto(Picture) page = { 0 };
  const double margin = A4_MARGIN_MM / MM_PER_INCH * TELLER_IMAGE_A4_DPI;
  double scale;
  int width, height, x, y;

  g_return_val_if_fail (image != NULL, NULL);

  if (!picture_decode (&picture, image, error))
    return NULL;

  width = gdk_pixbuf_get_width (picture.pixbuf);
  height = gdk_pixbuf_get_height (picture.pixbuf);
  scale = TELLER_IMAGE_A4_DPI / picture_dpi (&picture);
  scale = MIN (scale, (TELLER_IMAGE_A4_WIDTH - 2 * margin) / width);
  scale = MIN (scale, (TELLER_IMAGE_A4_HEIGHT - 2 * margin) / height);
  width = MAX (1, (int) floor (width * scale));
  height = MAX (1, (int) floor (height * scale));
  x = (TELLER_IMAGE_A4_WIDTH - width) / 2;
  /* A little above the middle leaves room below for the customer's signature. */
  y = MAX ((int) margin, (TELLER_IMAGE_A4_HEIGHT - height) * 2 / 5);

  page.pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                TELLER_IMAGE_A4_WIDTH, TELLER_IMAGE_A4_HEIGHT);
  gdk_pixbuf_fill (page.pixbuf, 0xffffffff);
  gdk_pixbuf_composite (picture.pixbuf, page.pixbuf, x, y, width, height,
                        x, y, scale, scale, GDK_INTERP_BILINEAR, 255);

  page.format = g_strdup ("jpeg");
  page.x_dpi = g_strdup_printf ("%d", TELLER_IMAGE_A4_DPI);
  page.y_dpi = g_strdup (page.x_dpi);
  return picture_encode (&page, error);
}

/* ---- Worker threads ------------------------------------------------------ */

static void
rotate_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EditData *data = task_data;
  GError *error = NULL;

  if (teller_image_edit_rotate (data->file, data->degrees, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
crop_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EditData *data = task_data;
  GError *error = NULL;

  if (teller_image_edit_crop (data->file, data->x, data->y, data->width, data->height,
                              cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
compose_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *page = teller_image_compose_a4 (task_data, &error);

  if (page != NULL)
    g_task_return_pointer (task, page, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

static void
edit_run (EditData            *data,
          gpointer             source_tag,
          GTaskThreadFunc      thread_func,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) edit_data_free);
  g_task_run_in_thread (task, thread_func);
}

void
teller_image_edit_rotate_async (GFile               *file,
                                int                  degrees,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  EditData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (degrees == 90 || degrees == 180 || degrees == 270);

  data = g_new0 (EditData, 1);
  data->file = g_object_ref (file);
  data->degrees = degrees;
  edit_run (data, teller_image_edit_rotate_async, rotate_thread, cancellable, callback, user_data);
}

gboolean
teller_image_edit_rotate_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
teller_image_edit_crop_async (GFile               *file,
                              int                  x,
                              int                  y,
                              int                  width,
                              int                  height,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  EditData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (EditData, 1);
  data->file = g_object_ref (file);
  data->x = x;
  data->y = y;
  data->width = width;
  data->height = height;
  edit_run (data, teller_image_edit_crop_async, crop_thread, cancellable, callback, user_data);
}

gboolean
teller_image_edit_crop_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
teller_image_compose_a4_async (GBytes              *image,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (image != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_image_compose_a4_async);
  g_task_set_task_data (task, g_bytes_ref (image), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, compose_thread);
}

GBytes *
teller_image_compose_a4_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
