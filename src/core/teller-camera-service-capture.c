/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include "teller-camera-service.h"
#include "teller-error.h"

/*
 * Image capture, POST /video=grabimage (chapter 3.3).  The request goes out in the
 * v1.5 form; the reply may come back in either form (NOTES.md).  A reply carries
 * megabytes of base64 per image: the JSON client parses large replies in a worker
 * thread, and the decoding and checking of the images runs in one here, so the
 * main loop only ever sees the finished images.
 */

#define OPERATION "video=grabimage"

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JsonNode *reply = task_data;
  GError *error = NULL;
  GPtrArray *images;

  images = teller_captured_images_parse (json_node_get_object (reply), &error);
  if (images == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, images, (GDestroyNotify) g_ptr_array_unref);
}

static void
grabimage_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;

  reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (reply == NULL || !teller_camera_reply_check (OPERATION, reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The parsed reply is immutable and the main thread lets go of it here. */
  g_task_set_task_data (task, g_steal_pointer (&reply), (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (task, decode_thread);
}

/**
 * teller_camera_service_capture_async:
 * @options: what to capture; camidx unset means the service's document camera
 *   (#TellerCameraService:document-camera-index)
 *
 * Captures one or more images.  Out-of-range options finish with
 * %TELLER_ERROR_INVALID_INPUT before anything is sent.
 */
void
teller_camera_service_capture_async (TellerCameraService        *self,
                                     const TellerCaptureOptions *options,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  TellerService *service;
  g_autoptr(GTask) task = NULL;
  g_autoptr(TellerCaptureOptions) request = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  service = TELLER_SERVICE (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_camera_service_capture_async);

  request = teller_capture_options_copy (options);
  if (request->camidx == TELLER_CAPTURE_UNSET)
    request->camidx = (int) teller_camera_service_get_document_camera_index (self);

  body = teller_capture_options_to_json (request, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  url = teller_service_dup_url (service, OPERATION);
  teller_json_client_post_async (teller_service_get_client (service), url, body,
                                 teller_service_get_timeout_ms (service), cancellable,
                                 grabimage_cb, g_steal_pointer (&task));
}

/**
 * teller_camera_service_capture_finish:
 *
 * Returns: (transfer full) (element-type TellerCapturedImage): the images, at
 *   least one, each a checked JPEG with its size
 */
GPtrArray *
teller_camera_service_capture_finish (TellerCameraService  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        teller_camera_service_capture_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
