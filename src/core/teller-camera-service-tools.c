/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-service.h"
#include "teller-camera-service-tools-private.h"
#include "teller-error.h"
#include "teller-image-tools.h"

/*
 * The calls of chapter 6 (imagepro=), and the machinery they share with /ocr and
 * barcode_scanner= (teller-camera-service-ocr.c).
 *
 * Each call runs in up to three steps: the body is built in a worker thread when it
 * carries images (base64-encoding a scan takes tens of milliseconds), POSTed on the
 * caller's main context, and the reply is parsed in a worker thread (decoding the
 * base64 documents and images it carries).  The caller's options are copied first,
 * so they may be freed as soon as the _async function returns.
 */

typedef struct
{
  const TellerToolsEndpoint *endpoint;
  TellerToolsRequest        *request;
  JsonNode       *reply;
} Call;

TellerToolsRequest *
_teller_tools_request_new (const char *operation)
{
  TellerToolsRequest *request = g_new0 (TellerToolsRequest, 1);

  request->operation = g_strdup (operation);
  teller_merge_options_init (&request->merge);
  teller_process_options_init (&request->process);
  teller_barcode_options_init (&request->barcode);
  return request;
}

static void
request_free (TellerToolsRequest *request)
{
  g_clear_pointer (&request->body, json_node_unref);
  g_free (request->operation);
  g_clear_pointer (&request->sources, g_ptr_array_unref);
  g_clear_pointer (&request->source, teller_image_source_free);
  g_free (request->path);
  teller_merge_options_clear (&request->merge);
  teller_process_options_clear (&request->process);
  teller_barcode_options_clear (&request->barcode);
  g_free (request);
}

static void
call_free (Call *call)
{
  g_clear_pointer (&call->request, request_free);
  g_clear_pointer (&call->reply, json_node_unref);
  g_free (call);
}

GPtrArray *
_teller_tools_copy_sources (GPtrArray *sources)
{
  GPtrArray *copy = g_ptr_array_new_full (sources->len, (GDestroyNotify) teller_image_source_free);

  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (copy, teller_image_source_copy (g_ptr_array_index (sources, i)));
  return copy;
}

JsonNode *
_teller_tools_empty_body (void)
{
  /* "{}" for calls without parameters: some builds answer a bare POST with XML. */
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

const TellerToolsEndpoint _teller_tools_plain_endpoint = { NULL, NULL, NULL };

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

/* ---- The three steps --------------------------------------------------- */

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = call->endpoint->parse (json_node_get_object (call->reply), call->request, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, call->endpoint->result_free);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, call->endpoint->result_free);
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  TellerToolsCheckFunc check = call->endpoint->check != NULL ? call->endpoint->check
                                                  : teller_camera_reply_check;
  GError *error = NULL;
  g_autoptr(GTask) parse = NULL;

  call->reply = teller_json_client_request_finish (TELLER_JSON_CLIENT (object), result, &error);
  if (call->reply == NULL || !check (call->request->operation, call->reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (call->endpoint->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  parse = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                      parse_done_cb, g_object_ref (task));
  g_task_set_source_tag (parse, parse_thread);
  g_task_set_task_data (parse, call, NULL);
  g_task_run_in_thread (parse, parse_thread);
}

static void
post_body (GTask *task)
{
  TellerService *service = TELLER_SERVICE (g_task_get_source_object (task));
  Call *call = g_task_get_task_data (task);
  g_autofree char *url = teller_service_dup_url (service, call->request->operation);

  teller_json_client_post_async (teller_service_get_client (service), url, call->request->body,
                                 teller_service_get_timeout_ms (service),
                                 g_task_get_cancellable (task), post_cb, g_object_ref (task));
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TellerToolsRequest *request = task_data;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, request->build (request), (GDestroyNotify) json_node_unref);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  call->request->body = g_task_propagate_pointer (G_TASK (result), &error);
  if (call->request->body == NULL)
    g_task_return_error (task, error);
  else
    post_body (task);
}

/* Takes @request. */
void
_teller_tools_call (TellerCameraService       *self,
                    const TellerToolsEndpoint *endpoint,
                    TellerToolsRequest        *request,
                    GCancellable              *cancellable,
                    GAsyncReadyCallback        callback,
                    gpointer                   user_data,
                    gpointer                   source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->endpoint = endpoint;
  call->request = request;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (request->body != NULL)
    {
      post_body (task);
      return;
    }

  {
    g_autoptr(GTask) build = g_task_new (self, cancellable, build_done_cb, g_object_ref (task));

    g_task_set_source_tag (build, build_thread);
    g_task_set_task_data (build, request, NULL);
    g_task_run_in_thread (build, build_thread);
  }
}

TellerToolsRequest *
_teller_tools_request_with_body (const char *operation,
                                 JsonNode   *body)
{
  TellerToolsRequest *request = _teller_tools_request_new (operation);

  request->body = body;
  return request;
}

gboolean
_teller_tools_check_sources (TellerCameraService *self,
                             GPtrArray           *sources,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data,
                             gpointer             source_tag)
{
  if (sources->len > 0)
    return TRUE;

  g_task_report_new_error (self, callback, user_data, source_tag, TELLER_ERROR,
                           TELLER_ERROR_INVALID_INPUT, _("No images were given"));
  return FALSE;
}

gpointer
_teller_tools_finish_pointer (TellerCameraService  *self,
                              GAsyncResult         *result,
                              gpointer              source_tag,
                              GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_teller_tools_finish_boolean (TellerCameraService  *self,
                              GAsyncResult         *result,
                              gpointer              source_tag,
                              GError              **error)
{
  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- 6.1 merge2pdf / merge2tif / merge2ofd ------------------------------ */

static JsonNode *
build_merge_document (TellerToolsRequest *request)
{
  return teller_image_tools_build_merge_document (request->sources);
}

static gpointer
parse_merge_document (JsonObject          *reply,
                      TellerToolsRequest  *request,
                      GError             **error)
{
  return teller_merged_document_parse (reply, error);
}

static const TellerToolsEndpoint merge_document_endpoint = {
  NULL, parse_merge_document, (GDestroyNotify) teller_merged_document_free
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

  if (!_teller_tools_check_sources (self, sources, callback, user_data,
                                    teller_camera_service_merge_document_async))
    return;

  request = _teller_tools_request_new (teller_merge_format_to_operation (format));
  request->build = build_merge_document;
  request->sources = _teller_tools_copy_sources (sources);
  _teller_tools_call (self, &merge_document_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_merge_document_async);
}

TellerMergedDocument *
teller_camera_service_merge_document_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_merge_document_async,
                                       error);
}

/* ---- 6.2 merge_images --------------------------------------------------- */

static JsonNode *
build_merge_images (TellerToolsRequest *request)
{
  return teller_image_tools_build_merge_images (request->sources, &request->merge);
}

static gpointer
parse_merge_images (JsonObject          *reply,
                    TellerToolsRequest  *request,
                    GError             **error)
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

static const TellerToolsEndpoint merge_images_endpoint = {
  NULL, parse_merge_images, (GDestroyNotify) teller_tool_image_free
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

  if (!_teller_tools_check_sources (self, sources, callback, user_data,
                                    teller_camera_service_merge_images_async))
    return;

  request = _teller_tools_request_new ("imagepro=merge_images");
  request->build = build_merge_images;
  request->sources = _teller_tools_copy_sources (sources);
  if (options != NULL)
    copy_merge_options (&request->merge, options);
  _teller_tools_call (self, &merge_images_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_merge_images_async);
}

TellerToolImage *
teller_camera_service_merge_images_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_merge_images_async,
                                       error);
}

/* ---- 6.3 barcode -------------------------------------------------------- */

static JsonNode *
build_barcode (TellerToolsRequest *request)
{
  return teller_image_tools_build_barcode (&request->barcode);
}

static gpointer
parse_barcode (JsonObject          *reply,
               TellerToolsRequest  *request,
               GError             **error)
{
  return teller_barcode_result_parse (reply, error);
}

static const TellerToolsEndpoint barcode_endpoint = {
  NULL, parse_barcode, (GDestroyNotify) teller_barcode_result_free
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

  request = _teller_tools_request_new ("imagepro=barcode");
  request->build = build_barcode;
  if (options != NULL)
    {
      request->barcode = *options;
      request->barcode.source = options->source != NULL ?
                                teller_image_source_copy (options->source) : NULL;
    }
  _teller_tools_call (self, &barcode_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_barcode_async);
}

TellerBarcodeResult *
teller_camera_service_barcode_finish (TellerCameraService  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_barcode_async, error);
}

/* ---- 6.4 process, 6.9 get_editor_images --------------------------------- */

static JsonNode *
build_process (TellerToolsRequest *request)
{
  return teller_image_tools_build_process (request->source, &request->process);
}

static gpointer
parse_images (JsonObject          *reply,
              TellerToolsRequest  *request,
              GError             **error)
{
  return teller_tool_images_parse (reply, error);
}

static const TellerToolsEndpoint images_endpoint = {
  NULL, parse_images, (GDestroyNotify) g_ptr_array_unref
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

  request = _teller_tools_request_new ("imagepro=process");
  request->build = build_process;
  request->source = teller_image_source_copy (source);
  if (options != NULL)
    copy_process_options (&request->process, options);
  _teller_tools_call (self, &images_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_process_async);
}

GPtrArray *
teller_camera_service_process_finish (TellerCameraService  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_process_async, error);
}

void
teller_camera_service_get_editor_images_async (TellerCameraService *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  request = _teller_tools_request_with_body ("imagepro=get_editor_images",
                                             _teller_tools_empty_body ());
  _teller_tools_call (self, &images_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_get_editor_images_async);
}

GPtrArray *
teller_camera_service_get_editor_images_finish (TellerCameraService  *self,
                                                GAsyncResult         *result,
                                                GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_get_editor_images_async,
                                       error);
}

/* ---- 6.5 storage_image, 6.6 file2base64, 6.7 copyfile ------------------- */

static JsonNode *
build_storage_image (TellerToolsRequest *request)
{
  return teller_image_tools_build_storage_image (request->source, request->path);
}

static gpointer
parse_storage_image (JsonObject          *reply,
                     TellerToolsRequest  *request,
                     GError             **error)
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

static const TellerToolsEndpoint storage_image_endpoint = { NULL, parse_storage_image, g_free };

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

  request = _teller_tools_request_new ("imagepro=storage_image");
  request->build = build_storage_image;
  request->source = teller_image_source_copy (source);
  request->path = g_strdup (output_path);
  _teller_tools_call (self, &storage_image_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_storage_image_async);
}

char *
teller_camera_service_storage_image_finish (TellerCameraService  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_storage_image_async,
                                       error);
}

static gpointer
parse_file2base64 (JsonObject          *reply,
                   TellerToolsRequest  *request,
                   GError             **error)
{
  return teller_image_tools_parse_base64 (reply, error);
}

static const TellerToolsEndpoint file2base64_endpoint = {
  NULL, parse_file2base64, (GDestroyNotify) g_bytes_unref
};

void
teller_camera_service_file_to_base64_async (TellerCameraService *self,
                                            const char          *filepath,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (filepath != NULL);

  request = _teller_tools_request_with_body ("imagepro=file2base64",
                                             teller_image_tools_build_file2base64 (filepath));
  _teller_tools_call (self, &file2base64_endpoint, request, cancellable, callback, user_data,
                      teller_camera_service_file_to_base64_async);
}

GBytes *
teller_camera_service_file_to_base64_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_tools_finish_pointer (self, result, teller_camera_service_file_to_base64_async,
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
  TellerToolsRequest *request;
  JsonNode *body;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (source_file != NULL && target_file != NULL);

  body = teller_image_tools_build_copyfile (source_file, target_file, delete_source, cover_target);
  request = _teller_tools_request_with_body ("imagepro=copyfile", body);
  _teller_tools_call (self, &_teller_tools_plain_endpoint, request, cancellable, callback,
                      user_data, teller_camera_service_copy_file_async);
}

gboolean
teller_camera_service_copy_file_finish (TellerCameraService  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  return _teller_tools_finish_boolean (self, result, teller_camera_service_copy_file_async, error);
}

/* ---- 6.8 start_editor --------------------------------------------------- */

static JsonNode *
build_start_editor (TellerToolsRequest *request)
{
  return teller_image_tools_build_start_editor (request->sources);
}

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

  if (!_teller_tools_check_sources (self, sources, callback, user_data,
                                    teller_camera_service_start_editor_async))
    return;

  request = _teller_tools_request_new ("imagepro=start_editor");
  request->build = build_start_editor;
  request->sources = _teller_tools_copy_sources (sources);
  _teller_tools_call (self, &_teller_tools_plain_endpoint, request, cancellable, callback,
                      user_data, teller_camera_service_start_editor_async);
}

gboolean
teller_camera_service_start_editor_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_tools_finish_boolean (self, result, teller_camera_service_start_editor_async,
                                       error);
}

