/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-service-private.h"
#include "teller-image-tools.h"

G_BEGIN_DECLS

/*
 * What the image tools, OCR and scanner calls (teller-camera-service-tools.c,
 * teller-camera-service-ocr.c) share.  They run on the camera service's call
 * machinery (teller-camera-service-private.h): a request that carries images is
 * built and serialized in a worker thread by the endpoint's build hook, from a
 * TellerToolsRequest, and its reply parsed in a worker thread.
 */

/* The caller's arguments, copied, so they may be freed as soon as _async returns. */
typedef struct
{
  TellerMergeFormat     format;
  TellerOcrOutput       output;
  GPtrArray            *sources;
  TellerImageSource    *source;
  char                 *path;
  TellerMergeOptions    merge;
  TellerProcessOptions  process;
  TellerBarcodeOptions  barcode;
} TellerToolsRequest;

TellerToolsRequest *_teller_tools_request_new   (void);
void                _teller_tools_request_free  (TellerToolsRequest        *request);
/* Runs @endpoint (whose build hook reads @request) at @operation; takes @request. */
void                _teller_tools_call          (TellerCameraService       *self,
                                                 const TellerCameraEndpoint *endpoint,
                                                 const char                *operation,
                                                 TellerToolsRequest        *request,
                                                 GCancellable              *cancellable,
                                                 GAsyncReadyCallback        callback,
                                                 gpointer                   user_data,
                                                 gpointer                   source_tag);
/* A request of a copy of @sources; %NULL (the error reported to @callback) when
 * @sources is empty. */
TellerToolsRequest *_teller_tools_request_new_for_sources (TellerCameraService *self,
                                                           GPtrArray           *sources,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data,
                                                           gpointer             source_tag);

G_END_DECLS
