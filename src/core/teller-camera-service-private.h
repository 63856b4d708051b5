/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-service.h"

G_BEGIN_DECLS

/*
 * The one call machinery of TellerCameraService (teller-camera-service.c), which
 * every endpoint of teller-camera-service-*.c runs on:
 *
 *   1. the body: given at once (small requests, serialized on the caller's
 *      thread), or built *and serialized* in a worker thread by the endpoint's
 *      build hook (requests that carry images: tens of megabytes of base64);
 *   2. the exchange, on the caller's main context, within the call's timeout or
 *      what is left of its chain's deadline;
 *   3. the reply check: the endpoint's hook, or teller_camera_reply_check(),
 *      which reads "code" against the vendor table (teller-vendor-codes.c);
 *   4. the reply's parser, in a worker thread for replies that carry images.
 *
 * The call finishes with the parser's result, or %TRUE when there is none; use
 * the _teller_camera_finish_*() helpers below.
 *
 * @self in these functions is any TellerService that speaks the CameraService
 * protocol: TellerCameraService (video=, param=, imagepro=...) and
 * TellerCardReader (card=, face=, fp=), which are one program on one port but
 * separate services to the operator (each has its own state in the status bar).
 */

typedef enum
{
  TELLER_CAMERA_CALL_DEFAULT         = 0,
  /* GET without a body (video=open, video=close); POST otherwise. */
  TELLER_CAMERA_CALL_GET             = 1 << 0,
  /* The document says the call answers nothing (返回值说明 无): an empty 2xx body
   * is a success.  A body that is there is still checked.  Endpoints with a
   * parse hook cannot take this flag. */
  TELLER_CAMERA_CALL_ALLOW_EMPTY     = 1 << 1,
  /* The parse hook runs in a worker thread (replies with images). */
  TELLER_CAMERA_CALL_PARSE_IN_THREAD = 1 << 2,
} TellerCameraCallFlags;

/* Worker thread: the request body built from the request's data. */
typedef JsonNode *(*TellerCameraBuildFunc) (gpointer     data,
                                            GError     **error);
/* Main thread: %FALSE with @error when @reply reports a failure. */
typedef gboolean  (*TellerCameraCheckFunc) (const char  *operation,
                                            JsonNode    *reply,
                                            gpointer     data,
                                            GError     **error);
/* The result, never %NULL without @error; in a worker thread with PARSE_IN_THREAD. */
typedef gpointer  (*TellerCameraParseFunc) (JsonObject  *reply,
                                            gpointer     data,
                                            GError     **error);

typedef struct
{
  /* The operation its codes are read under (teller-vendor-codes.c); %NULL: the
   * request's path.  "video=detectdoc:stop" names one action of an endpoint. */
  const char            *operation;
  TellerCameraCallFlags  flags;
  TellerCameraBuildFunc  build;       /* NULL: the request's body, "{}" when NULL */
  TellerCameraCheckFunc  check;       /* NULL: teller_camera_reply_check() */
  TellerCameraParseFunc  parse;       /* NULL: the call finishes with TRUE */
  GDestroyNotify         result_free;
} TellerCameraEndpoint;

/* Defines @name, a TellerCameraParseFunc that hands the reply alone to
 * @parse_func (JsonObject *, GError **), which returns the result. */
#define TELLER_CAMERA_DEFINE_PARSER(name, parse_func)                           \
  static gpointer                                                               \
  name (JsonObject *reply, gpointer data, GError **error)                       \
  {                                                                             \
    return parse_func (reply, error);                                           \
  }

/* Defines @name, a TellerCameraParseFunc whose result is a g_new0() @Type filled
 * by @parse_func (JsonObject *, Type *, GError **), which returns a gboolean; for
 * _teller_camera_finish_struct(). */
#define TELLER_CAMERA_DEFINE_STRUCT_PARSER(name, Type, parse_func)              \
  static gpointer                                                               \
  name (JsonObject *reply, gpointer data, GError **error)                       \
  {                                                                             \
    g_autofree Type *value = g_new0 (Type, 1);                                  \
                                                                                \
    if (!parse_func (reply, value, error))                                      \
      return NULL;                                                              \
    return g_steal_pointer (&value);                                            \
  }

/* The initializer of an endpoint whose reply is checked by its code and read by
 * @parse_func, its result freed with @free_func. */
#define TELLER_CAMERA_PARSE_ENDPOINT(parse_func, free_func) \
  { NULL, TELLER_CAMERA_CALL_DEFAULT, NULL, NULL, parse_func, (GDestroyNotify) (free_func) }

/* Defines the endpoint @name (see TELLER_CAMERA_PARSE_ENDPOINT) and its parse hook
 * name##_parse (see TELLER_CAMERA_DEFINE_PARSER). */
#define TELLER_CAMERA_DEFINE_ENDPOINT(name, parse_func, free_func)              \
  TELLER_CAMERA_DEFINE_PARSER (name##_parse, parse_func)                        \
  static const TellerCameraEndpoint name =                                      \
    TELLER_CAMERA_PARSE_ENDPOINT (name##_parse, free_func);

/* The same with TELLER_CAMERA_DEFINE_STRUCT_PARSER: the result is a @Type. */
#define TELLER_CAMERA_DEFINE_STRUCT_ENDPOINT(name, Type, parse_func)            \
  TELLER_CAMERA_DEFINE_STRUCT_PARSER (name##_parse, Type, parse_func)           \
  static const TellerCameraEndpoint name =                                      \
    TELLER_CAMERA_PARSE_ENDPOINT (name##_parse, g_free);

/* Checks the code only and finishes with TRUE. */
extern const TellerCameraEndpoint _teller_camera_plain_endpoint;

typedef struct
{
  char           *path;      /* relative to the base URL: "param=get", "video=open&camidx=0" */
  JsonNode       *body;      /* (nullable) */
  gpointer        data;      /* (nullable): handed to the hooks */
  GDestroyNotify  data_free;
  /* g_get_monotonic_time() by which a chain of calls must be done; 0 for none.
   * The call's timeout is then what is left, not the service's per-call one. */
  gint64          deadline;
  /* This call's own timeout instead of the service's, for the calls the document
   * makes wait on the device (the blocking liveness check); 0: the service's. */
  guint           timeout_ms;
} TellerCameraRequest;

/* Takes @body. */
TellerCameraRequest *_teller_camera_request_new      (const char          *path,
                                                      JsonNode            *body);
void                 _teller_camera_request_free     (TellerCameraRequest *request);
/* Takes @data. */
void                 _teller_camera_request_set_data (TellerCameraRequest *request,
                                                      gpointer             data,
                                                      GDestroyNotify       data_free);

/* Takes @request. */
void     _teller_camera_call           (gpointer                    self,
                                        const TellerCameraEndpoint *endpoint,
                                        TellerCameraRequest        *request,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data,
                                        gpointer                    source_tag);
/* _teller_camera_call() of @body (taken) to @path, without request data. */
void     _teller_camera_post           (gpointer                    self,
                                        const TellerCameraEndpoint *endpoint,
                                        const char                 *path,
                                        JsonNode                   *body,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data,
                                        gpointer                    source_tag);

/* The deadline of a chain of calls that starts now: one per-call timeout from now,
 * or 0 when the service has no timeout. */
gint64   _teller_camera_chain_deadline (gpointer                    self);

/*
 * The reply's "code" as a string: CameraService builds send "0" or the number 0
 * (NOTES.md).  @message: (out) (optional): the reply's "message", borrowed.
 * %NULL with %TELLER_ERROR_BAD_RESPONSE when the reply is not an object or has
 * no code of either type.
 */
char    *_teller_camera_reply_dup_code (JsonNode                   *reply,
                                        const char                **message,
                                        GError                    **error);

void     _teller_camera_report_invalid (gpointer                    self,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data,
                                        gpointer                    source_tag,
                                        const char                 *message);
gpointer _teller_camera_finish_pointer (gpointer                    self,
                                        GAsyncResult               *result,
                                        gpointer                    source_tag,
                                        GError                    **error);
gboolean _teller_camera_finish_boolean (gpointer                    self,
                                        GAsyncResult               *result,
                                        gpointer                    source_tag,
                                        GError                    **error);
/* For the calls whose result is a small struct the caller owns (a resolution). */
gboolean _teller_camera_finish_struct  (gpointer                    self,
                                        GAsyncResult               *result,
                                        gpointer                    source_tag,
                                        gpointer                    out,
                                        gsize                       size,
                                        GError                    **error);

G_END_DECLS
