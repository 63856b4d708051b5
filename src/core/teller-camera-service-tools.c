/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-service-tools-private.h"
#include "teller-error.h"
#include "teller-image-tools.h"

/*
 * The calls of chapter 6 (imagepro=), and what they share with /ocr and
 * barcode_scanner= (teller-camera-service-ocr.c).
 *
 * A request that carries images is built *and serialized* in a worker thread
 * (base64-encoding a scan and writing tens of megabytes of JSON take tens of
 * milliseconds), POSTed on the caller's main context, and its reply is parsed in
 * a worker thread (decoding the base64 documents and images it carries): the
 * endpoints below say so to the camera service's call machinery.  The caller's
 * options are copied first, so they may be freed as soon as the _async function
 * returns.
 */

#define TOOLS_FLAGS TELLER_CAMERA_CALL_PARSE_IN_THREAD

TellerToolsRequest *
_teller_tools_request_new (void)
{
  TellerToolsRequest *request = g_new0 (TellerToolsRequest, 1);

  teller_merge_options_init (&request->merge);
  teller_process_options_init (&request->process);
  teller_barcode_options_init (&request->barcode);
  return request;
}

void
_teller_tools_request_free (TellerToolsRequest *request)
{
  if (request == NULL)
    return;

  g_clear_pointer (&request->sources, g_ptr_array_unref);
  g_clear_pointer (&request->source, teller_image_source_free);
  g_free (request->path);
  teller_merge_options_clear (&request->merge);
  teller_process_options_clear (&request->process);
  teller_barcode_options_clear (&request->barcode);
  g_free (request);
}

static GPtrArray *
copy_sources (GPtrArray *sources)
{
  GPtrArray *copy = g_ptr_array_new_full (sources->len, (GDestroyNotify) teller_image_source_free);

  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (copy, teller_image_source_copy (g_ptr_array_index (sources, i)));
  return copy;
}

void
_teller_tools_call (TellerCameraService        *self,
                    const TellerCameraEndpoint *endpoint,
                    const char                 *operation,
                    TellerToolsRequest         *request,
                    GCancellable               *cancellable,
                    GAsyncReadyCallback         callback,
                    gpointer                    user_data,
                    gpointer                    source_tag)
{
  TellerCameraRequest *call = _teller_camera_request_new (operation, NULL);

  _teller_camera_request_set_data (call, request, (GDestroyNotify) _teller_tools_request_free);
  _teller_camera_call (self, endpoint, call, cancellable, callback, user_data, source_tag);
}

TellerToolsRequest *
_teller_tools_request_new_for_sources (TellerCameraService *self,
                                      GPtrArray           *sources,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data,
                                      gpointer             source_tag)
{
  TellerToolsRequest *request;

  if (sources->len == 0)
    {
      g_task_report_new_error (self, callback, user_data, source_tag, TELLER_ERROR,
                               TELLER_ERROR_INVALID_INPUT, _("No images were given"));
      return NULL;
    }

  request = _teller_tools_request_new ();
  request->sources = copy_sources (sources);
  return request;
}

static void
copy_watermark (TellerImageWatermark       *dest,
                const TellerImageWatermark *src)
{
  *dest = *src;
  dest->content = g_strdup (src->content);
  dest->font = g_strdup (src->font);
  dest->color = g_strdup (src->color);
}

static void
copy_process_options (TellerProcessOptions       *dest,
                      const TellerProcessOptions *src)
{
  TellerImageProcessing *p = &dest->processing;

  teller_process_options_clear (dest);
  *dest = *src;
  p->custom_left = g_strdup (src->processing.custom_left);
  p->custom_top = g_strdup (src->processing.custom_top);
  p->custom_right = g_strdup (src->processing.custom_right);
  p->custom_bottom = g_strdup (src->processing.custom_bottom);
  p->custom_angle = g_strdup (src->processing.custom_angle);
  copy_watermark (&dest->watermark, &src->watermark);
}

static void
copy_merge_options (TellerMergeOptions       *dest,
                    const TellerMergeOptions *src)
{
  teller_merge_options_clear (dest);
  *dest = *src;
  copy_watermark (&dest->watermark, &src->watermark);
}

/* ---- 6.1 merge2pdf / merge2tif / merge2ofd ------------------------------ */

static JsonNode *
build_merge_document (gpointer   data,
                      GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_merge_document (request->sources);
}

TELLER_CAMERA_DEFINE_PARSER (parse_merge_document, teller_merged_document_parse)

static const TellerCameraEndpoint merge_document_endpoint = {
  NULL, TOOLS_FLAGS, build_merge_document, NULL, parse_merge_document,
  (GDestroyNotify) teller_merged_document_free
};

void
teller_camera_service_merge_document_async (TellerCameraService *self,
                                            TellerMergeFormat    format,
                                            GPtrArray           *sources,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (sources != NULL);
  g_return_if_fail (teller_merge_format_to_operation (format) != NULL);

  request = _teller_tools_request_new_for_sources (self, sources, callback, user_data,
                                                  teller_camera_service_merge_document_async);
  if (request == NULL)
    return;
  _teller_tools_call (self, &merge_document_endpoint, teller_merge_format_to_operation (format),
                      request, cancellable, callback, user_data,
                      teller_camera_service_merge_document_async);
}

TellerMergedDocument *
teller_camera_service_merge_document_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_merge_document_async,
                                       error);
}

/* ---- 6.2 merge_images --------------------------------------------------- */

static JsonNode *
build_merge_images (gpointer   data,
                    GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_merge_images (request->sources, &request->merge);
}

static gpointer
parse_merge_images (JsonObject  *reply,
                    gpointer     data,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (reply, "image");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service’s reply lacks “%s”"), "image");
      return NULL;
    }
  return teller_tool_image_parse (json_node_get_object (node), error);
}

static const TellerCameraEndpoint merge_images_endpoint = {
  NULL, TOOLS_FLAGS, build_merge_images, NULL, parse_merge_images,
  (GDestroyNotify) teller_tool_image_free
};

void
teller_camera_service_merge_images_async (TellerCameraService      *self,
                                          GPtrArray                *sources,
                                          const TellerMergeOptions *options,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (sources != NULL);

  request = _teller_tools_request_new_for_sources (self, sources, callback, user_data,
                                                  teller_camera_service_merge_images_async);
  if (request == NULL)
    return;
  if (options != NULL)
    copy_merge_options (&request->merge, options);
  _teller_tools_call (self, &merge_images_endpoint, "imagepro=merge_images", request, cancellable,
                      callback, user_data, teller_camera_service_merge_images_async);
}

TellerToolImage *
teller_camera_service_merge_images_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_merge_images_async,
                                       error);
}

/* ---- 6.3 barcode -------------------------------------------------------- */

static JsonNode *
build_barcode (gpointer   data,
               GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_barcode (&request->barcode);
}

TELLER_CAMERA_DEFINE_PARSER (parse_barcode, teller_barcode_result_parse)

static const TellerCameraEndpoint barcode_endpoint = {
  NULL, TOOLS_FLAGS, build_barcode, NULL, parse_barcode,
  (GDestroyNotify) teller_barcode_result_free
};

void
teller_camera_service_barcode_async (TellerCameraService        *self,
                                     const TellerBarcodeOptions *options,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  request = _teller_tools_request_new ();
  if (options != NULL)
    {
      request->barcode = *options;
      request->barcode.source = options->source != NULL ?
                                teller_image_source_copy (options->source) : NULL;
    }
  _teller_tools_call (self, &barcode_endpoint, "imagepro=barcode", request, cancellable, callback,
                      user_data, teller_camera_service_barcode_async);
}

TellerBarcodeResult *
teller_camera_service_barcode_finish (TellerCameraService  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_barcode_async, error);
}

/* ---- 6.4 process, 6.9 get_editor_images --------------------------------- */

static JsonNode *
build_process (gpointer   data,
               GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_process (request->source, &request->process);
}

TELLER_CAMERA_DEFINE_PARSER (parse_images, teller_tool_images_parse)

static const TellerCameraEndpoint process_endpoint = {
  NULL, TOOLS_FLAGS, build_process, NULL, parse_images, (GDestroyNotify) g_ptr_array_unref
};
static const TellerCameraEndpoint images_endpoint = {
  NULL, TOOLS_FLAGS, NULL, NULL, parse_images, (GDestroyNotify) g_ptr_array_unref
};

void
teller_camera_service_process_async (TellerCameraService        *self,
                                     const TellerImageSource    *source,
                                     const TellerProcessOptions *options,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (source != NULL);

  request = _teller_tools_request_new ();
  request->source = teller_image_source_copy (source);
  if (options != NULL)
    copy_process_options (&request->process, options);
  _teller_tools_call (self, &process_endpoint, "imagepro=process", request, cancellable, callback,
                      user_data, teller_camera_service_process_async);
}

GPtrArray *
teller_camera_service_process_finish (TellerCameraService  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_process_async, error);
}

void
teller_camera_service_get_editor_images_async (TellerCameraService *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &images_endpoint, "imagepro=get_editor_images", NULL, cancellable,
                       callback, user_data, teller_camera_service_get_editor_images_async);
}

GPtrArray *
teller_camera_service_get_editor_images_finish (TellerCameraService  *self,
                                                GAsyncResult         *result,
                                                GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_editor_images_async,
                                       error);
}

/* ---- 6.5 storage_image, 6.6 file2base64, 6.7 copyfile ------------------- */

static JsonNode *
build_storage_image (gpointer   data,
                     GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_storage_image (request->source, request->path);
}

static gpointer
parse_storage_image (JsonObject  *reply,
                     gpointer     data,
                     GError     **error)
{
  g_autoptr(GPtrArray) images = teller_tool_images_parse (reply, error);
  const TellerToolImage *image;

  if (images == NULL)
    return NULL;
  image = images->len > 0 ? g_ptr_array_index (images, 0) : NULL;
  if (image == NULL || image->filepath == NULL)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service’s reply lacks “%s”"), "filepath");
      return NULL;
    }
  return g_strdup (image->filepath);
}

static const TellerCameraEndpoint storage_image_endpoint = {
  NULL, TOOLS_FLAGS, build_storage_image, NULL, parse_storage_image,
  g_free
};

void
teller_camera_service_storage_image_async (TellerCameraService     *self,
                                           const TellerImageSource *source,
                                           const char              *output_path,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (source != NULL);

  if (source->kind != TELLER_IMAGE_SOURCE_BYTES && source->kind != TELLER_IMAGE_SOURCE_BASE64)
    {
      g_task_report_new_error (self, callback, user_data,
                               teller_camera_service_storage_image_async, TELLER_ERROR,
                               TELLER_ERROR_INVALID_INPUT,
                               _("Only image data can be stored, not a path or an image ID"));
      return;
    }

  request = _teller_tools_request_new ();
  request->source = teller_image_source_copy (source);
  request->path = g_strdup (output_path);
  _teller_tools_call (self, &storage_image_endpoint, "imagepro=storage_image", request,
                      cancellable, callback, user_data, teller_camera_service_storage_image_async);
}

char *
teller_camera_service_storage_image_finish (TellerCameraService  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_storage_image_async,
                                       error);
}

TELLER_CAMERA_DEFINE_PARSER (parse_file2base64, teller_image_tools_parse_base64)

static const TellerCameraEndpoint file2base64_endpoint = {
  NULL, TOOLS_FLAGS, NULL, NULL, parse_file2base64,
  (GDestroyNotify) g_bytes_unref
};

void
teller_camera_service_file_to_base64_async (TellerCameraService *self,
                                            const char          *filepath,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (filepath != NULL);

  _teller_camera_post (self, &file2base64_endpoint, "imagepro=file2base64",
                       teller_image_tools_build_file2base64 (filepath), cancellable, callback,
                       user_data, teller_camera_service_file_to_base64_async);
}

GBytes *
teller_camera_service_file_to_base64_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_file_to_base64_async,
                                       error);
}

void
teller_camera_service_copy_file_async (TellerCameraService *self,
                                       const char          *source_file,
                                       const char          *target_file,
                                       gboolean             delete_source,
                                       gboolean             cover_target,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonNode *body;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (source_file != NULL && target_file != NULL);

  body = teller_image_tools_build_copyfile (source_file, target_file, delete_source, cover_target);
  _teller_camera_post (self, &_teller_camera_plain_endpoint, "imagepro=copyfile", body, cancellable,
                       callback, user_data, teller_camera_service_copy_file_async);
}

gboolean
teller_camera_service_copy_file_finish (TellerCameraService  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_copy_file_async, error);
}

/* ---- 6.8 start_editor --------------------------------------------------- */

static JsonNode *
build_start_editor (gpointer   data,
                    GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_start_editor (request->sources);
}

static const TellerCameraEndpoint start_editor_endpoint = {
  NULL, TELLER_CAMERA_CALL_DEFAULT, build_start_editor, NULL, NULL, NULL
};

void
teller_camera_service_start_editor_async (TellerCameraService *self,
                                          GPtrArray           *sources,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (sources != NULL);

  request = _teller_tools_request_new_for_sources (self, sources, callback, user_data,
                                                  teller_camera_service_start_editor_async);
  if (request == NULL)
    return;
  _teller_tools_call (self, &start_editor_endpoint, "imagepro=start_editor", request, cancellable,
                      callback, user_data, teller_camera_service_start_editor_async);
}

gboolean
teller_camera_service_start_editor_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_start_editor_async,
                                       error);
}

