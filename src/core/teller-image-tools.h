/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "teller-camera-service.h"
#include "teller-captured-image.h"

G_BEGIN_DECLS

/*
 * The CameraService's image tools (001_5b286aac9e459b89.txt chapter 6, imagepro=),
 * text recognition (chapter 10, /ocr) and the serial barcode scanner (chapter 11,
 * barcode_scanner=): typed requests and results, the builders that give each call's
 * exact request body (every value a string where the document says String) and the
 * parsers that read a reply after its code check, answering %TELLER_ERROR_BAD_RESPONSE
 * for a missing or wrong-typed field.  Unknown fields are ignored.
 *
 * The forward typedefs and the two enums live in teller-camera-service.h, beside the
 * async calls.
 */

/* An integer option left out of the request (the service then uses its default). */
#define TELLER_IMAGE_OPTION_UNSET G_MININT

/* ---- source_image (chapter 6.4) ------------------------------------------ */

typedef enum
{
  TELLER_IMAGE_SOURCE_BYTES,    /* image data, sent as "base64" (encoded in a worker) */
  TELLER_IMAGE_SOURCE_BASE64,   /* "base64", already encoded */
  TELLER_IMAGE_SOURCE_FILEPATH, /* "filepath", a path on the service's machine */
  TELLER_IMAGE_SOURCE_UUID,     /* "uuid" of an image the service made (make_uuid "1") */
} TellerImageSourceKind;

struct _TellerImageSource
{
  TellerImageSourceKind  kind;
  char                  *value;      /* base64 text, path or uuid; NULL for BYTES */
  GBytes                *bytes;      /* BYTES only */
  char                  *image_type; /* BYTES/BASE64: "jpg" (the default, left out when
                                      * NULL), "png", "bmp"... */
};

TellerImageSource *teller_image_source_new_bytes    (GBytes                  *bytes,
                                                     const char              *image_type);
TellerImageSource *teller_image_source_new_base64   (const char              *base64,
                                                     const char              *image_type);
TellerImageSource *teller_image_source_new_filepath (const char              *filepath);
TellerImageSource *teller_image_source_new_uuid     (const char              *uuid);
TellerImageSource *teller_image_source_copy         (const TellerImageSource *source);
void               teller_image_source_free         (TellerImageSource       *source);
/* Encodes BYTES sources: call it from a worker thread for large images. */
JsonNode          *teller_image_source_to_json      (const TellerImageSource *source);
/* The image_type of @bytes from their signature: "jpg", "png", "bmp", "tif" or NULL. */
const char        *teller_image_type_sniff          (GBytes                  *bytes);

/* Reads each file into a BYTES source in a worker thread; a file that cannot be read
 * or is not an image finishes with %TELLER_ERROR_INVALID_INPUT.  Finishes with a
 * GPtrArray of sources. */
void               teller_image_sources_load_async  (const char * const      *paths,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
GPtrArray         *teller_image_sources_load_finish (GAsyncResult            *result,
                                                     GError                 **error);

/* ---- Options shared with the capture call (chapter 3.3, referred to by 6.2/6.4) */

typedef enum
{
  TELLER_CUT_TYPE_NONE = 0,
  TELLER_CUT_TYPE_AUTO = 1,
  TELLER_CUT_TYPE_CUSTOM = 2,
  TELLER_CUT_TYPE_BOOK = 3,
  TELLER_CUT_TYPE_FACE = 4,
} TellerCutType;

typedef enum
{
  TELLER_COLOR_TYPE_COLOR = 0,
  TELLER_COLOR_TYPE_GREY = 1,
  TELLER_COLOR_TYPE_BLACK_WHITE = 2,
} TellerColorType;

/* image_process_info.  Integers are TELLER_IMAGE_OPTION_UNSET to leave them out;
 * switches are 0 or 1.  custom_rect is sent when any of its strings is set; they
 * keep their unit ("100px", "5%", "2000"). */
typedef struct
{
  int   cut_type;
  int   multi_object;
  int   rotate;
  int   fixed_width;
  int   fixed_height;
  int   split_page;
  int   reduce_shadow;
  int   color_type;
  int   remove_black_edge;
  int   rect_correct;
  int   correct_idcard_direction;
  int   document_type;
  char *custom_left;
  char *custom_top;
  char *custom_right;
  char *custom_bottom;
  char *custom_angle;
} TellerImageProcessing;

/* image_storage_info */
typedef struct
{
  int xdpi;
  int ydpi;
  int jpg_quality;
  int max_file_size;
} TellerImageStorage;

/* watermark: sent when @enabled.  pos 0..4 is top left, top right, bottom left,
 * bottom right, centre; an empty content stamps the time. */
typedef struct
{
  gboolean  enabled;
  int       pos;
  char     *content;
  int       transparency;
  int       fontsize;
  char     *font;
  char     *color;
} TellerImageWatermark;

/* imagepro=process (6.4) */
struct _TellerProcessOptions
{
  int                   make_uuid;
  TellerImageProcessing processing;
  TellerImageStorage    storage;
  TellerImageWatermark  watermark;
};

void teller_process_options_init  (TellerProcessOptions *options);
void teller_process_options_clear (TellerProcessOptions *options);

/* imagepro=merge_images (6.2) */
typedef enum
{
  TELLER_MERGE_HORIZONTAL = 0,
  TELLER_MERGE_VERTICAL = 1,
} TellerMergeDirection;

typedef enum
{
  TELLER_MERGE_ALIGN_START = 0,  /* left or top */
  TELLER_MERGE_ALIGN_CENTER = 1,
  TELLER_MERGE_ALIGN_END = 2,    /* right or bottom */
} TellerMergeAlign;

struct _TellerMergeOptions
{
  int                  make_uuid;
  int                  merge_type;   /* TellerMergeDirection */
  int                  margin;       /* px */
  int                  align;        /* TellerMergeAlign */
  TellerImageStorage   storage;
  TellerImageWatermark watermark;
};

void teller_merge_options_init  (TellerMergeOptions *options);
void teller_merge_options_clear (TellerMergeOptions *options);

/* imagepro=barcode (6.3): no source reads camera 0. */
struct _TellerBarcodeOptions
{
  TellerImageSource *source;
  gboolean           has_roi;
  double             roi_top;    /* fractions of the picture, 0..1 */
  double             roi_left;
  double             roi_bottom;
  double             roi_right;
  int                cut_type;   /* 0 or 1 (any non-0 is "on"), or UNSET */
  int                binary;
};

void teller_barcode_options_init  (TellerBarcodeOptions *options);
void teller_barcode_options_clear (TellerBarcodeOptions *options);

/* ---- Results ----------------------------------------------------------- */

/* One element of "images" (3.3 table 2), or merge_images' "image": TellerToolImage
 * is TellerCapturedImage (teller-captured-image.h).  Its jpeg is NULL when the reply
 * carried only a path. */
void      teller_tool_image_free    (TellerToolImage       *image);
JsonNode *teller_tool_image_to_json (const TellerToolImage *image);

/* merge2pdf / merge2tif / merge2ofd (6.1) */
struct _TellerMergedDocument
{
  char   *filepath; /* where the service wrote it, on its machine */
  GBytes *data;     /* the document, NULL when the reply carried only a path */
};

void teller_merged_document_free (TellerMergedDocument *document);

typedef struct
{
  char *type;
  char *code;
} TellerBarcode;

struct _TellerBarcodeResult
{
  GPtrArray *barcodes; /* TellerBarcode, empty when none was found */
};

void      teller_barcode_result_free    (TellerBarcodeResult       *result);
JsonNode *teller_barcode_result_to_json (const TellerBarcodeResult *result);

/* Chapter 10: a text block and where it is, in pixels of the page's image. */
typedef struct
{
  int   left;
  int   top;
  int   right;
  int   bottom;
  int   font_size; /* 0 unless sent (the "words" form of the example) */
  char *text;
} TellerOcrBlock;

typedef struct
{
  int        index;
  GPtrArray *blocks; /* TellerOcrBlock */
} TellerOcrPage;

struct _TellerOcrResult
{
  int        ocr_result;  /* 0 */
  char      *output_file; /* type "file" */
  GPtrArray *pages;       /* TellerOcrPage; empty for type "file" */
};

void      teller_ocr_result_free     (TellerOcrResult       *result);
/* Every block's text, a line each, pages in order. */
char     *teller_ocr_result_dup_text (const TellerOcrResult *result);
JsonNode *teller_ocr_result_to_json  (const TellerOcrResult *result);

/* ---- Request builders (exact bodies, unit-tested against the document) --- */

const char *teller_merge_format_to_operation (TellerMergeFormat format);

JsonNode *teller_image_tools_build_merge_document (GPtrArray                  *sources);
JsonNode *teller_image_tools_build_merge_images   (GPtrArray                  *sources,
                                                   const TellerMergeOptions   *options);
JsonNode *teller_image_tools_build_barcode        (const TellerBarcodeOptions *options);
JsonNode *teller_image_tools_build_process        (const TellerImageSource    *source,
                                                   const TellerProcessOptions *options);
JsonNode *teller_image_tools_build_storage_image  (const TellerImageSource    *source,
                                                   const char                 *output_path);
JsonNode *teller_image_tools_build_file2base64    (const char                 *filepath);
JsonNode *teller_image_tools_build_copyfile       (const char                 *source_file,
                                                   const char                 *target_file,
                                                   gboolean                    delete_source,
                                                   gboolean                    cover_target);
JsonNode *teller_image_tools_build_start_editor   (GPtrArray                  *sources);
JsonNode *teller_image_tools_build_ocr            (TellerOcrOutput             output,
                                                   GPtrArray                  *sources,
                                                   const char                 *output_file);
JsonNode *teller_image_tools_build_scanner_open   (guint                       baud_rate);
gboolean  teller_image_tools_baud_rate_is_valid   (guint                       baud_rate);

/* ---- Reply parsers (after the code check) ------------------------------ */

/* teller_base64_decode_strict() (teller-base64.h), which tool replies share with
 * captures, except that "" is empty data; NULL with %TELLER_ERROR_BAD_RESPONSE. */
GBytes               *teller_image_tools_decode_base64  (const char  *text,
                                                         GError     **error);

TellerMergedDocument *teller_merged_document_parse      (JsonObject  *reply,
                                                         GError     **error);
TellerToolImage      *teller_tool_image_parse           (JsonObject  *image,
                                                         GError     **error);
/* "images" (process, storage_image, get_editor_images): the array wins over
 * "image_count", as for a capture. */
GPtrArray            *teller_tool_images_parse          (JsonObject  *reply,
                                                         GError     **error);
TellerBarcodeResult  *teller_barcode_result_parse       (JsonObject  *reply,
                                                         GError     **error);
TellerOcrResult      *teller_ocr_result_parse           (JsonObject  *reply,
                                                         TellerOcrOutput output,
                                                         GError     **error);
GBytes               *teller_image_tools_parse_base64   (JsonObject  *reply,
                                                         GError     **error);
/* barcode_scanner=get: the code, or NULL (no error) when nothing was scanned. */
gboolean              teller_image_tools_parse_scanner_code (JsonObject  *reply,
                                                             char       **code,
                                                             GError     **error);

/*
 * /ocr reports the engine's result in json.ocr_result (chapter 10), whose codes are
 * kept under "ocr.ocr_result" in the vendor table; this check reads it before the
 * reply's own code.
 */
gboolean teller_ocr_reply_check (JsonNode  *reply,
                                 GError   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerImageSource, teller_image_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerToolImage, teller_tool_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerMergedDocument, teller_merged_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerBarcodeResult, teller_barcode_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerOcrResult, teller_ocr_result_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TellerProcessOptions, teller_process_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TellerMergeOptions, teller_merge_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TellerBarcodeOptions, teller_barcode_options_clear)

G_END_DECLS
