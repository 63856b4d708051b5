/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-copy.h"
#include "teller-image-edit.h"

#define ID_COPY_MARGIN_PX       40
#define ID_COPY_WATERMARK_ALPHA 110
#define ID_COPY_WATERMARK_SIZE  48
#define ID_COPY_WATERMARK_COLOR "#C01C28"
#define ID_COPY_WATERMARK_POS   4 /* centre, across both sides */

typedef struct
{
  TellerTransaction *transaction;
} CopyData;

static void
copy_data_free (CopyData *data)
{
  g_clear_object (&data->transaction);
  g_free (data);
}

void
teller_identity_copy_merge_options_init (TellerMergeOptions *options,
                                         const char         *watermark)
{
  g_return_if_fail (options != NULL);

  teller_merge_options_init (options);
  options->merge_type = TELLER_MERGE_VERTICAL;
  options->align = TELLER_MERGE_ALIGN_CENTER;
  options->margin = ID_COPY_MARGIN_PX;
  options->storage.jpg_quality = TELLER_IMAGE_EDIT_JPEG_QUALITY;

  if (watermark != NULL && *watermark != '\0')
    {
      options->watermark.enabled = TRUE;
      options->watermark.pos = ID_COPY_WATERMARK_POS;
      options->watermark.content = g_strdup (watermark);
      options->watermark.transparency = ID_COPY_WATERMARK_ALPHA;
      options->watermark.fontsize = ID_COPY_WATERMARK_SIZE;
      options->watermark.color = g_strdup (ID_COPY_WATERMARK_COLOR);
    }
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TellerDocument *document;

  document = teller_transaction_add_finish (TELLER_TRANSACTION (source), result, &error);
  if (document == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, document, g_object_unref);
}

static void
composed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CopyData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  page = teller_image_compose_a4_finish (result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  teller_transaction_add_bytes_async (data->transaction, "id-card-copy.jpg", _("ID Card Copy"),
                                      page, cancellable, added_cb, g_steal_pointer (&task));
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(TellerToolImage) image = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  image = teller_camera_service_merge_images_finish (TELLER_CAMERA_SERVICE (source), result,
                                                     &error);
  if (image != NULL && image->jpeg == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The camera service sent no image"));
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  teller_image_compose_a4_async (image->jpeg, cancellable, composed_cb, g_steal_pointer (&task));
}

void
teller_identity_copy_add_async (TellerCameraService *camera,
                                TellerTransaction   *transaction,
                                GBytes              *front,
                                GBytes              *back,
                                const char          *watermark,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_auto(TellerMergeOptions) options = { 0 };
  CopyData *data;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (camera));
  g_return_if_fail (TELLER_IS_TRANSACTION (transaction));
  g_return_if_fail (front != NULL && back != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_identity_copy_add_async);
  data = g_new0 (CopyData, 1);
  data->transaction = g_object_ref (transaction);
  g_task_set_task_data (task, data, (GDestroyNotify) copy_data_free);

  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_image_source_free);
  g_ptr_array_add (sources, teller_image_source_new_bytes (front, teller_image_type_sniff (front)));
  g_ptr_array_add (sources, teller_image_source_new_bytes (back, teller_image_type_sniff (back)));

  teller_identity_copy_merge_options_init (&options, watermark);
  teller_camera_service_merge_images_async (camera, sources, &options, cancellable, merged_cb,
                                            g_steal_pointer (&task));
}

TellerDocument *
teller_identity_copy_add_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == teller_identity_copy_add_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
