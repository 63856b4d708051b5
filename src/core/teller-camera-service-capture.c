/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include "teller-camera-service-private.h"
#include "teller-error.h"

/*
 * Image capture, POST /video=grabimage (chapter 3.3).  The request goes out in the
 * v1.5 form; the reply may come back in either form (NOTES.md).  A reply carries
 * megabytes of base64 per image: the JSON client parses large replies in a worker
 * thread, and the decoding and checking of the images runs in one too (the
 * endpoint's PARSE_IN_THREAD), so the main loop only ever sees the finished images.
 */

#define OPERATION "video=grabimage"

/* Worker thread: decodes and checks every image of the reply. */
static gpointer
parse_images (JsonObject  *reply,
              gpointer     data,
              GError     **error)
{
  return teller_captured_images_parse (reply, error);
}

static const TellerCameraEndpoint grabimage_endpoint = {
  NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, NULL, NULL, parse_images,
  (GDestroyNotify) g_ptr_array_unref
};

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
  g_autoptr(TellerCaptureOptions) request = NULL;
  JsonNode *body;
  GError *error = NULL;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = teller_capture_options_copy (options);
  if (request->camidx == TELLER_CAPTURE_UNSET)
    request->camidx = (int) teller_camera_service_get_document_camera_index (self);

  /* The options only, no image data: small enough to build here. */
  body = teller_capture_options_to_json (request, &error);
  if (body == NULL)
    {
      g_task_report_error (self, callback, user_data, teller_camera_service_capture_async, error);
      return;
    }

  _teller_camera_post (self, &grabimage_endpoint, OPERATION, body, cancellable, callback,
                       user_data, teller_camera_service_capture_async);
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
  return _teller_camera_finish_pointer (self, result, teller_camera_service_capture_async, error);
}
