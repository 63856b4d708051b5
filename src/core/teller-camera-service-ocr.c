/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-service-tools-private.h"
#include "teller-error.h"
#include "teller-image-tools.h"

/*
 * Text recognition (chapter 10, /ocr) and the serial barcode scanner (chapter 11,
 * barcode_scanner=), on the camera service's call machinery
 * (teller-camera-service-private.h).  An OCR request carries its images, so it is
 * built and serialized in a worker thread, like those of the image tools.
 */

/* ---- 10.1 ocr ----------------------------------------------------------- */

/* The engine's ocr_result wins over the reply's code (teller_ocr_reply_check()). */
static gboolean
ocr_check (const char  *operation,
           JsonNode    *reply,
           gpointer     data,
           GError     **error)
{
  return teller_ocr_reply_check (reply, error);
}

static JsonNode *
build_ocr (gpointer   data,
           GError   **error)
{
  TellerToolsRequest *request = data;

  return teller_image_tools_build_ocr (request->output, request->sources, request->path);
}

static gpointer
parse_ocr (JsonObject  *reply,
           gpointer     data,
           GError     **error)
{
  TellerToolsRequest *request = data;

  return teller_ocr_result_parse (reply, request->output, error);
}

static const TellerCameraEndpoint ocr_endpoint = {
  NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, build_ocr, ocr_check, parse_ocr,
  (GDestroyNotify) teller_ocr_result_free
};

void
teller_camera_service_ocr_async (TellerCameraService *self,
                                 TellerOcrOutput      output,
                                 GPtrArray           *sources,
                                 const char          *output_file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  TellerToolsRequest *request;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (sources != NULL);

  request = _teller_tools_request_new_for_sources (self, sources, callback, user_data,
                                                  teller_camera_service_ocr_async);
  if (request == NULL)
    return;
  request->output = output;
  request->path = g_strdup (output_file);
  _teller_tools_call (self, &ocr_endpoint, "ocr", request, cancellable, callback, user_data,
                      teller_camera_service_ocr_async);
}

TellerOcrResult *
teller_camera_service_ocr_finish (TellerCameraService  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_ocr_async, error);
}

/* ---- 11 barcode_scanner ------------------------------------------------- */

void
teller_camera_service_barcode_scanner_open_async (TellerCameraService *self,
                                                  guint                baud_rate,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  if (baud_rate != 0 && !teller_image_tools_baud_rate_is_valid (baud_rate))
    {
      g_task_report_new_error (self, callback, user_data,
                               teller_camera_service_barcode_scanner_open_async, TELLER_ERROR,
                               TELLER_ERROR_INVALID_INPUT,
                               _("The barcode scanner does not support %u baud"), baud_rate);
      return;
    }

  _teller_camera_post (self, &_teller_camera_plain_endpoint, "barcode_scanner=open",
                       teller_image_tools_build_scanner_open (baud_rate), cancellable, callback,
                       user_data, teller_camera_service_barcode_scanner_open_async);
}

gboolean
teller_camera_service_barcode_scanner_open_finish (TellerCameraService  *self,
                                                   GAsyncResult         *result,
                                                   GError              **error)
{
  return _teller_camera_finish_boolean (self, result,
                                       teller_camera_service_barcode_scanner_open_async, error);
}

/* Returns "" for "nothing scanned": a GTask pointer result cannot be NULL. */
static gpointer
parse_scanner_get (JsonObject  *reply,
                   gpointer     data,
                   GError     **error)
{
  char *code = NULL;

  if (!teller_image_tools_parse_scanner_code (reply, &code, error))
    return NULL;
  return code != NULL ? code : g_strdup ("");
}

static const TellerCameraEndpoint scanner_get_endpoint = {
  NULL, TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, parse_scanner_get, g_free
};

void
teller_camera_service_barcode_scanner_get_async (TellerCameraService *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &scanner_get_endpoint, "barcode_scanner=get", NULL, cancellable,
                       callback, user_data, teller_camera_service_barcode_scanner_get_async);
}

gboolean
teller_camera_service_barcode_scanner_get_finish (TellerCameraService  *self,
                                                  GAsyncResult         *result,
                                                  char                **code,
                                                  GError              **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (code != NULL, FALSE);

  *code = NULL;
  value = _teller_camera_finish_pointer (self, result,
                                        teller_camera_service_barcode_scanner_get_async, error);
  if (value == NULL)
    return FALSE;
  if (*value != '\0')
    *code = g_steal_pointer (&value);
  return TRUE;
}

/* 11.3 documents no reply at all (返回值说明 无): an empty reply is the documented
 * success, and a JSON reply without "code" is one too; a reply with a failing
 * code is still an error. */
static gboolean
scanner_close_check (const char  *operation,
                     JsonNode    *reply,
                     gpointer     data,
                     GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (reply) &&
      !json_object_has_member (json_node_get_object (reply), "code"))
    return TRUE;
  return teller_camera_reply_check (operation, reply, error);
}

static const TellerCameraEndpoint scanner_close_endpoint = {
  NULL, TELLER_CAMERA_CALL_ALLOW_EMPTY, NULL, scanner_close_check, NULL, NULL
};

void
teller_camera_service_barcode_scanner_close_async (TellerCameraService *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &scanner_close_endpoint, "barcode_scanner=close", NULL, cancellable,
                       callback, user_data, teller_camera_service_barcode_scanner_close_async);
}

gboolean
teller_camera_service_barcode_scanner_close_finish (TellerCameraService  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error)
{
  return _teller_camera_finish_boolean (self, result,
                                       teller_camera_service_barcode_scanner_close_async, error);
}
