/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-service.h"
#include "teller-capture-options.h"

G_BEGIN_DECLS

#define TELLER_CAMERA_SERVICE_DEFAULT_URL "http://127.0.0.1:38088"

typedef enum
{
  TELLER_CAMERA_PRESENCE_UNKNOWN,
  TELLER_CAMERA_PRESENCE_ABSENT,   /* "no"  */
  TELLER_CAMERA_PRESENCE_PRESENT,  /* "ok"  */
  TELLER_CAMERA_PRESENCE_RUNNING,  /* "run" */
} TellerCameraPresence;

/* One device slot of video=status, named as the service names it (video0, videoIR1...). */
typedef struct
{
  char                 *name;
  TellerCameraPresence  presence;
} TellerCameraSlot;

typedef struct
{
  GArray *slots; /* of TellerCameraSlot, in reply order */
} TellerCameraStatus;

typedef struct
{
  char *app_version;
  char *serial_number;
  char *brand_name;
  char *device_type;
  char *company_name;
  char *credit_code;
  char *device_serial_number; /* device_info.serial_number */
} TellerCameraInfo;

void                 teller_camera_status_free     (TellerCameraStatus *status);
TellerCameraPresence teller_camera_status_get      (const TellerCameraStatus *status,
                                                    const char               *slot_name);
TellerCameraStatus  *teller_camera_status_parse    (JsonObject         *reply,
                                                    GError            **error);
JsonNode            *teller_camera_status_to_json  (const TellerCameraStatus *status);
const char          *teller_camera_presence_to_string (TellerCameraPresence presence);

void                 teller_camera_info_free       (TellerCameraInfo   *info);
JsonNode            *teller_camera_info_to_json    (const TellerCameraInfo *info);
gboolean             teller_camera_info_merge_param (TellerCameraInfo  *info,
                                                     const char        *type,
                                                     JsonObject        *reply,
                                                     GError           **error);

JsonNode            *teller_camera_build_param_get (const char         *type,
                                                    const char         *camidx);
gboolean             teller_camera_reply_check     (const char         *operation,
                                                    JsonNode           *reply,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCameraStatus, teller_camera_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCameraInfo, teller_camera_info_free)

#define TELLER_TYPE_CAMERA_SERVICE (teller_camera_service_get_type ())
G_DECLARE_FINAL_TYPE (TellerCameraService, teller_camera_service, TELLER, CAMERA_SERVICE, TellerService)

TellerCameraService *teller_camera_service_new           (TellerJsonClient    *client,
                                                          const char          *base_url);
guint                teller_camera_service_get_document_camera_index (TellerCameraService *self);
void                 teller_camera_service_set_document_camera_index (TellerCameraService *self,
                                                                      guint                index);

void                 teller_camera_service_status_async  (TellerCameraService *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TellerCameraStatus  *teller_camera_service_status_finish (TellerCameraService *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* param=get with "type": returns the whole reply object after the code check. */
void                 teller_camera_service_param_get_async  (TellerCameraService *self,
                                                             const char          *type,
                                                             const char          *camidx,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
JsonObject          *teller_camera_service_param_get_finish (TellerCameraService *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* app_version, serial_number and device_info, asked together. */
void                 teller_camera_service_info_async    (TellerCameraService *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TellerCameraInfo    *teller_camera_service_info_finish   (TellerCameraService *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* video=grabimage (teller-camera-service-capture.c): a GPtrArray of TellerCapturedImage. */
void                 teller_camera_service_capture_async  (TellerCameraService        *self,
                                                           const TellerCaptureOptions *options,
                                                           GCancellable               *cancellable,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
GPtrArray           *teller_camera_service_capture_finish (TellerCameraService        *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);

/* ---- Image tools, text recognition, barcode scanner (chapters 6, 10, 11) ----
 * Types, builders and parsers in teller-image-tools.h; the calls are in
 * teller-camera-service-tools.c.  Image data is base64-encoded and decoded in
 * worker threads, never on the main loop. */

typedef enum
{
  TELLER_MERGE_FORMAT_PDF,
  TELLER_MERGE_FORMAT_TIF,
  TELLER_MERGE_FORMAT_OFD,
} TellerMergeFormat;

typedef enum
{
  TELLER_OCR_OUTPUT_JSON,
  TELLER_OCR_OUTPUT_FILE,
} TellerOcrOutput;

typedef struct _TellerImageSource    TellerImageSource;
typedef struct _TellerToolImage      TellerToolImage;
typedef struct _TellerMergedDocument TellerMergedDocument;
typedef struct _TellerMergeOptions   TellerMergeOptions;
typedef struct _TellerBarcodeOptions TellerBarcodeOptions;
typedef struct _TellerBarcodeResult  TellerBarcodeResult;
typedef struct _TellerProcessOptions TellerProcessOptions;
typedef struct _TellerOcrResult      TellerOcrResult;

/* merge2pdf, merge2tif, merge2ofd; @sources: TellerImageSource, at least one. */
void teller_camera_service_merge_document_async (TellerCameraService *self,
                                                 TellerMergeFormat    format,
                                                 GPtrArray           *sources,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
TellerMergedDocument *teller_camera_service_merge_document_finish (TellerCameraService  *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

/* @options: (nullable): the service's defaults when NULL. */
void teller_camera_service_merge_images_async (TellerCameraService      *self,
                                               GPtrArray                *sources,
                                               const TellerMergeOptions *options,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
TellerToolImage *teller_camera_service_merge_images_finish (TellerCameraService  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* @options: (nullable): NULL reads a barcode from camera 0. */
void teller_camera_service_barcode_async (TellerCameraService        *self,
                                          const TellerBarcodeOptions *options,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data);
TellerBarcodeResult *teller_camera_service_barcode_finish (TellerCameraService  *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Finishes with a GPtrArray of TellerToolImage. */
void teller_camera_service_process_async (TellerCameraService        *self,
                                          const TellerImageSource    *source,
                                          const TellerProcessOptions *options,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data);
GPtrArray *teller_camera_service_process_finish (TellerCameraService  *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* @source: base64 or bytes; @output_path: (nullable).  Finishes with the file's path. */
void teller_camera_service_storage_image_async (TellerCameraService     *self,
                                                const TellerImageSource *source,
                                                const char              *output_path,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
char *teller_camera_service_storage_image_finish (TellerCameraService  *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void teller_camera_service_file_to_base64_async (TellerCameraService *self,
                                                 const char          *filepath,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes *teller_camera_service_file_to_base64_finish (TellerCameraService  *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

void teller_camera_service_copy_file_async (TellerCameraService *self,
                                            const char          *source_file,
                                            const char          *target_file,
                                            gboolean             delete_source,
                                            gboolean             cover_target,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean teller_camera_service_copy_file_finish (TellerCameraService  *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void teller_camera_service_start_editor_async (TellerCameraService *self,
                                               GPtrArray           *sources,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean teller_camera_service_start_editor_finish (TellerCameraService  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Finishes with a GPtrArray of TellerToolImage (mostly paths, as 6.9 says). */
void teller_camera_service_get_editor_images_async (TellerCameraService *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray *teller_camera_service_get_editor_images_finish (TellerCameraService  *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* @output_file: (nullable): type "file" only, a path on the service's machine. */
void teller_camera_service_ocr_async (TellerCameraService *self,
                                      TellerOcrOutput      output,
                                      GPtrArray           *sources,
                                      const char          *output_file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
TellerOcrResult *teller_camera_service_ocr_finish (TellerCameraService  *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* @baud_rate: 0 for the service's default (115200), else one the document lists. */
void teller_camera_service_barcode_scanner_open_async (TellerCameraService *self,
                                                       guint                baud_rate,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean teller_camera_service_barcode_scanner_open_finish (TellerCameraService  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void teller_camera_service_barcode_scanner_get_async (TellerCameraService *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* @code: (out) (nullable): the code read, NULL when nothing was scanned yet. */
gboolean teller_camera_service_barcode_scanner_get_finish (TellerCameraService  *self,
                                                           GAsyncResult         *result,
                                                           char                **code,
                                                           GError              **error);
void teller_camera_service_barcode_scanner_close_async (TellerCameraService *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean teller_camera_service_barcode_scanner_close_finish (TellerCameraService  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* ---- Preview stream, video=open/close, document detection -------------------
 * (teller-camera-service-stream.c; chapters 3.1, 3.5, 3.9, 3.10) */

/**
 * TellerDetectState:
 * @TELLER_DETECT_STATE_UNKNOWN: no answer (the call failed: see its error)
 * @TELLER_DETECT_STATE_NOT_STARTED: detection is not running ("5", and "6")
 * @TELLER_DETECT_STATE_NONE: no document in view ("100")
 * @TELLER_DETECT_STATE_NEW_DOCUMENT: a new document lies still: capture it ("101",
 *   reported once per document)
 * @TELLER_DETECT_STATE_SAME_DOCUMENT: the document already reported is still there ("102")
 *
 * A video=detectdoc "status" result; the values are the vendor's codes.
 */
typedef enum
{
  TELLER_DETECT_STATE_UNKNOWN = 0,
  TELLER_DETECT_STATE_NOT_STARTED = 5,
  TELLER_DETECT_STATE_NONE = 100,
  TELLER_DETECT_STATE_NEW_DOCUMENT = 101,
  TELLER_DETECT_STATE_SAME_DOCUMENT = 102,
} TellerDetectState;

const char          *teller_detect_state_to_string       (TellerDetectState    state);
JsonNode            *teller_camera_build_detectdoc       (const char          *action,
                                                          guint                interval_ms);
gboolean             teller_camera_detect_reply_check    (const char          *action,
                                                          JsonNode            *reply,
                                                          TellerDetectState   *state,
                                                          GError             **error);

char                *teller_camera_service_dup_stream_url (TellerCameraService *self,
                                                           guint                camidx);

void                 teller_camera_service_open_async    (TellerCameraService *self,
                                                          guint                camidx,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean             teller_camera_service_open_finish   (TellerCameraService *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                 teller_camera_service_close_async   (TellerCameraService *self,
                                                          guint                camidx,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean             teller_camera_service_close_finish  (TellerCameraService *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* @interval_ms: how often the service looks for a document; 0 for its default (500). */
void                 teller_camera_service_detect_start_async  (TellerCameraService *self,
                                                                guint                interval_ms,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean             teller_camera_service_detect_start_finish (TellerCameraService *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);
void                 teller_camera_service_detect_stop_async   (TellerCameraService *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean             teller_camera_service_detect_stop_finish  (TellerCameraService *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);
void                 teller_camera_service_detect_status_async (TellerCameraService *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
TellerDetectState    teller_camera_service_detect_status_finish (TellerCameraService *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);

G_END_DECLS

/* ---- Device settings: video=record, video=setproperty/getproperty, param=set/get
 * (3.6–3.8 and chapter 5).  Types, builders and parsers in teller-camera-settings.h;
 * the calls in teller-camera-service-settings.c.  @camidx is the device index
 * ("0" document camera, "1" and "2" portrait cameras). */
#include "teller-camera-settings.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  int         value;
} TellerCameraPropertyValue;

void teller_camera_service_get_property_async (TellerCameraService *self,
                                               guint                camidx,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
TellerCameraProperty *teller_camera_service_get_property_finish (TellerCameraService  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* Every property of 3.8, in the document's order: a GPtrArray of TellerCameraProperty. */
void teller_camera_service_get_properties_async (TellerCameraService *self,
                                                 guint                camidx,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray *teller_camera_service_get_properties_finish (TellerCameraService  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Checked against the device's range first: TELLER_ERROR_INVALID_INPUT, nothing set,
 * for a value the service would silently turn into automatic control (3.7). */
void teller_camera_service_set_property_async (TellerCameraService *self,
                                               guint                camidx,
                                               const char          *name,
                                               int                  value,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean teller_camera_service_set_property_finish (TellerCameraService  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Automatic control, or the default where the property has none (3.7). */
void teller_camera_service_set_property_auto_async (TellerCameraService *self,
                                                    guint                camidx,
                                                    const char          *name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean teller_camera_service_set_property_auto_finish (TellerCameraService  *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* One setproperty per value (the service sets one per call), in order; stops at the first error. */
void teller_camera_service_set_properties_async (TellerCameraService             *self,
                                                 guint                            camidx,
                                                 const TellerCameraPropertyValue *values,
                                                 guint                            n_values,
                                                 GCancellable                    *cancellable,
                                                 GAsyncReadyCallback              callback,
                                                 gpointer                         user_data);
gboolean teller_camera_service_set_properties_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* A GArray of TellerResolution, largest first as the service lists them. */
void teller_camera_service_get_resolutions_async (TellerCameraService *self,
                                                  guint                camidx,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GArray *teller_camera_service_get_resolutions_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void teller_camera_service_get_resolution_async (TellerCameraService *self,
                                                 guint                camidx,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean teller_camera_service_get_resolution_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      TellerResolution     *resolution,
                                                      GError              **error);
/* @effective: the resolution the device took, which may differ from the one asked for (5.2). */
void teller_camera_service_set_resolution_async (TellerCameraService    *self,
                                                 guint                   camidx,
                                                 const TellerResolution *resolution,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean teller_camera_service_set_resolution_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      TellerResolution     *effective,
                                                      GError              **error);
void teller_camera_service_set_frame_rate_async (TellerCameraService *self,
                                                 guint                camidx,
                                                 guint                frame_rate,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean teller_camera_service_set_frame_rate_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void teller_camera_service_get_preview_resolution_async (TellerCameraService *self,
                                                         guint                camidx,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean teller_camera_service_get_preview_resolution_finish (TellerCameraService  *self,
                                                              GAsyncResult         *result,
                                                              TellerResolution     *resolution,
                                                              GError              **error);
/* The device keeps the aspect ratio of the current resolution (5.14): read it back. */
void teller_camera_service_set_preview_resolution_async (TellerCameraService    *self,
                                                         guint                   camidx,
                                                         const TellerResolution *resolution,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
gboolean teller_camera_service_set_preview_resolution_finish (TellerCameraService  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void teller_camera_service_get_video_formats_async (TellerCameraService *self,
                                                    guint                camidx,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GStrv teller_camera_service_get_video_formats_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void teller_camera_service_get_video_format_async (TellerCameraService *self,
                                                   guint                camidx,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char *teller_camera_service_get_video_format_finish (TellerCameraService  *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void teller_camera_service_set_video_format_async (TellerCameraService *self,
                                                   guint                camidx,
                                                   const char          *format,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean teller_camera_service_set_video_format_finish (TellerCameraService  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void teller_camera_service_set_cut_page_async (TellerCameraService        *self,
                                               const TellerCutPageOptions *options,
                                               GCancellable               *cancellable,
                                               GAsyncReadyCallback         callback,
                                               gpointer                    user_data);
gboolean teller_camera_service_set_cut_page_finish (TellerCameraService  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void teller_camera_service_get_screen_position_async (TellerCameraService *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean teller_camera_service_get_screen_position_finish (TellerCameraService  *self,
                                                           GAsyncResult         *result,
                                                           TellerScreenRect     *rect,
                                                           GError              **error);
void teller_camera_service_set_sign_screen_mouse_async (TellerCameraService *self,
                                                        gboolean             enable,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean teller_camera_service_set_sign_screen_mouse_finish (TellerCameraService  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void teller_camera_service_set_cache_data_async (TellerCameraService *self,
                                                 const char          *key,
                                                 const char          *value,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean teller_camera_service_set_cache_data_finish (TellerCameraService  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void teller_camera_service_clean_cache_data_async (TellerCameraService *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean teller_camera_service_clean_cache_data_finish (TellerCameraService  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void teller_camera_service_get_cache_data_async (TellerCameraService *self,
                                                 const char          *key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char *teller_camera_service_get_cache_data_finish (TellerCameraService  *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* A GPtrArray of TellerCacheEntry. */
void teller_camera_service_get_all_cache_data_async (TellerCameraService *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray *teller_camera_service_get_all_cache_data_finish (TellerCameraService  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Returns the path of the video file (a temporary one when options->filepath is NULL). */
void teller_camera_service_record_start_async (TellerCameraService       *self,
                                               const TellerRecordOptions *options,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data);
char *teller_camera_service_record_start_finish (TellerCameraService  *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* @camidx -1: the document's form, without "parameter".  Stop returns the final length. */
void teller_camera_service_record_stop_async (TellerCameraService *self,
                                              int                  camidx,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
TellerRecordStatus *teller_camera_service_record_stop_finish (TellerCameraService  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Status "102" (device error) finishes with TELLER_ERROR_DEVICE and vendor code "102". */
void teller_camera_service_record_status_async (TellerCameraService *self,
                                                int                  camidx,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TellerRecordStatus *teller_camera_service_record_status_finish (TellerCameraService  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void teller_camera_service_record_audio_async (TellerCameraService *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GStrv teller_camera_service_record_audio_finish (TellerCameraService  *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* The same capture over the service's WebSocket, {"function": "grab_image"}
 * (chapter 3.3, table 3; teller-camera-service-ws.c): a GPtrArray of
 * TellerCapturedImage, errors as teller_camera_service_capture_async(). */
void                 teller_camera_service_capture_ws_async  (TellerCameraService        *self,
                                                              const TellerCaptureOptions *options,
                                                              GCancellable               *cancellable,
                                                              GAsyncReadyCallback         callback,
                                                              gpointer                    user_data);
GPtrArray           *teller_camera_service_capture_ws_finish (TellerCameraService        *self,
                                                              GAsyncResult               *result,
                                                              GError                    **error);

G_END_DECLS
