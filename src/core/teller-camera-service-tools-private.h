/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-service.h"
#include "teller-image-tools.h"

G_BEGIN_DECLS

/*
 * The call machinery of the image tools, OCR and scanner calls
 * (teller-camera-service-tools.c): a request is built (in a worker thread when
 * it carries images), POSTed, checked, and its reply parsed in a worker thread.
 */

typedef struct _TellerToolsRequest TellerToolsRequest;

typedef JsonNode *(*TellerToolsBuildFunc) (TellerToolsRequest  *request);
typedef gpointer  (*TellerToolsParseFunc) (JsonObject          *reply,
                                           TellerToolsRequest  *request,
                                           GError             **error);
typedef gboolean  (*TellerToolsCheckFunc) (const char          *operation,
                                           JsonNode            *reply,
                                           GError             **error);

typedef struct
{
  TellerToolsCheckFunc check;       /* teller_camera_reply_check() when NULL */
  TellerToolsParseFunc parse;       /* NULL: the call finishes with TRUE */
  GDestroyNotify       result_free;
} TellerToolsEndpoint;

/* What a call needs, copied from the caller's arguments. */
struct _TellerToolsRequest
{
  TellerToolsBuildFunc  build;   /* NULL when @body was built at once */
  JsonNode             *body;
  char                 *operation;
  TellerMergeFormat     format;
  TellerOcrOutput       output;
  GPtrArray            *sources;
  TellerImageSource    *source;
  char                 *path;
  TellerMergeOptions    merge;
  TellerProcessOptions  process;
  TellerBarcodeOptions  barcode;
};

/* A call that only checks the reply's code. */
extern const TellerToolsEndpoint _teller_tools_plain_endpoint;

TellerToolsRequest *_teller_tools_request_new       (const char                *operation);
/* Takes @body. */
TellerToolsRequest *_teller_tools_request_with_body (const char                *operation,
                                                     JsonNode                  *body);
JsonNode           *_teller_tools_empty_body        (void);
GPtrArray          *_teller_tools_copy_sources      (GPtrArray                 *sources);
/* Takes @request. */
void                _teller_tools_call              (TellerCameraService       *self,
                                                     const TellerToolsEndpoint *endpoint,
                                                     TellerToolsRequest        *request,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data,
                                                     gpointer                   source_tag);
/* FALSE (the error reported to @callback) when @sources is empty. */
gboolean            _teller_tools_check_sources     (TellerCameraService       *self,
                                                     GPtrArray                 *sources,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data,
                                                     gpointer                   source_tag);
gpointer            _teller_tools_finish_pointer    (TellerCameraService       *self,
                                                     GAsyncResult              *result,
                                                     gpointer                   source_tag,
                                                     GError                   **error);
gboolean            _teller_tools_finish_boolean    (TellerCameraService       *self,
                                                     GAsyncResult              *result,
                                                     gpointer                   source_tag,
                                                     GError                   **error);

G_END_DECLS
