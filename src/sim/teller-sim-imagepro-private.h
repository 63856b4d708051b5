/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "teller-sim-camera.h"

G_BEGIN_DECLS

/*
 * The CameraService's image tools (001_5b286aac9e459b89.txt chapter 6, imagepro=),
 * text recognition (chapter 10, /ocr) and serial barcode scanner (chapter 11,
 * barcode_scanner=), with two control routes:
 *
 *   POST /__sim/imagepro {}                  → {"code": "0", "sandbox": "/tmp/teller-sim-…"}
 *   POST /__sim/scanner  {"code": "…"}       "scans" a code: queued while the scanner is
 *                                             open, lost otherwise ({"queued": false})
 *                        {"plugged": false}  unplugs the scanner (true plugs it back)
 *
 * Files.  The real service reads and writes any path of its machine.  The simulator
 * only reads and writes inside its sandbox, a private temporary folder made on first
 * use and removed with the simulator: a path outside it is refused with code "1"
 * (/ocr: 90 for an image, 1006 for the output file).  Paths must be absolute with
 * forward slashes (6.1).  Images made with make_uuid "1" are kept as images/<uuid>.jpg, so a
 * later {"uuid": …} source finds them; merged documents go to merge/, OCR files to
 * ocr/, the editor's output to editor/.
 *
 * Codes.  Chapter 6 documents only "0" and "any other value, with a message".  The
 * simulator uses the two generic failure codes the document lists (3.5): "1" for a
 * request it cannot use (missing or wrong-typed member, not base64, an image it
 * cannot decode, unknown uuid, missing file, path outside the sandbox, an existing
 * target without cover_target_file) and "2" when the device is not connected.  /ocr
 * answers with its ocr_result codes (10.1) both in "code" and in json.ocr_result.
 *
 * Recognition.  No barcode or OCR engine is used; the simulator "recognises" by
 * convention (see teller-sim-imagepro-recognize.c):
 *   - a JPEG comment segment "TELLER-SIM-BARCODE:TYPE:CODE[;TYPE:CODE…]" is read as
 *     those barcodes, "TELLER-SIM-TEXT:line\nline…" as those text lines;
 *   - an image that is plain white has no barcode and no text;
 *   - any other image has one CODE_128 barcode "SIM" + 12 hex digits of the SHA-1 of
 *     its bytes, and three fixed sample lines (the last with that digest);
 *   - camera 0 "sees" a synthetic page carrying the EAN-13 code below.
 */

#define TELLER_SIM_TOOLS_CODE_OK            "0"
#define TELLER_SIM_TOOLS_CODE_BAD_REQUEST   "1"
#define TELLER_SIM_TOOLS_CODE_NOT_CONNECTED "2"

#define TELLER_SIM_BARCODE_COMMENT     "TELLER-SIM-BARCODE:"
#define TELLER_SIM_TEXT_COMMENT        "TELLER-SIM-TEXT:"
#define TELLER_SIM_CAMERA_BARCODE_TYPE "EAN_13"
#define TELLER_SIM_CAMERA_BARCODE      "6901234567892"

/* The resolution the documents are laid out at (image_storage_info's default). */
#define TELLER_SIM_TOOLS_DPI 200

#define TELLER_TYPE_SIM_IMAGEPRO (teller_sim_imagepro_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimImagepro, teller_sim_imagepro, TELLER, SIM_IMAGEPRO, GObject)

/* Adds every route above to @server; the server owns the tools from then on. */
void               _teller_sim_imagepro_register     (TellerSimServer   *server,
                                                      TellerSimCamera   *camera);
/* (transfer none): the tools registered on @server, or %NULL */
TellerSimImagepro *_teller_sim_imagepro_get          (TellerSimServer   *server);
const char        *_teller_sim_imagepro_get_sandbox  (TellerSimImagepro *self);
/* Keeps @jpeg as a make_uuid image; thread-safe. */
gboolean           _teller_sim_imagepro_store_image  (TellerSimImagepro *self,
                                                      GBytes            *jpeg,
                                                      char             **uuid,
                                                      char             **filepath,
                                                      GError           **error);

/* ---- The barcode scanner (teller-sim-scanner.c) ------------------------- */

#define TELLER_TYPE_SIM_SCANNER (teller_sim_scanner_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimScanner, teller_sim_scanner, TELLER, SIM_SCANNER, GObject)

void              _teller_sim_scanner_register    (TellerSimServer  *server);
TellerSimScanner *_teller_sim_scanner_get         (TellerSimServer  *server);
/* FALSE when the scanner is closed or unplugged: nobody reads the port, the code is lost. */
gboolean          _teller_sim_scanner_scan        (TellerSimScanner *self,
                                                   const char       *code);
gboolean          _teller_sim_scanner_is_open     (TellerSimScanner *self);
void              _teller_sim_scanner_set_plugged (TellerSimScanner *self,
                                                   gboolean          plugged);

/* ---- Jobs: a route's work, run in a worker thread ----------------------- */

typedef struct
{
  TellerSimImagepro *imagepro;
  const char        *route;
  gboolean           camera_plugged; /* read on the main thread when the request came */
} TellerSimToolsContext;

/* Returns the reply: success or the error envelope.  Runs in a worker thread. */
typedef JsonNode *(*TellerSimToolsJob) (const TellerSimToolsContext *context,
                                        JsonNode                    *body);

JsonNode    *_teller_sim_tools_error         (const char  *code,
                                              const char  *message);
/* {"code": "0", "message": "", … (the caller's members) */
JsonBuilder *_teller_sim_tools_begin_success (void);
JsonNode    *_teller_sim_tools_end           (JsonBuilder *builder);
/* {"code": "0", "message": ""} */
JsonNode    *_teller_sim_tools_success       (void);

/* Readers of request members; FALSE with *@message set (in Chinese, as the service). */
gboolean _teller_sim_tools_get_string (JsonObject  *object,
                                       const char  *member,
                                       gboolean     required,
                                       const char **out,
                                       char       **message);
/* A String holding an integer in [@min, @max]; *@out keeps its default when absent. */
gboolean _teller_sim_tools_get_int    (JsonObject  *object,
                                       const char  *member,
                                       int          min,
                                       int          max,
                                       int         *out,
                                       char       **message);
/* "0"/"false" or "1"/"true" (any other non-"0" counts as on, as 6.3 says). */
gboolean _teller_sim_tools_get_switch (JsonObject  *object,
                                       const char  *member,
                                       gboolean    *out,
                                       char       **message);

typedef enum
{
  TELLER_SIM_SOURCE_BAD_PARAM,   /* not an object, not base64, no image given */
  TELLER_SIM_SOURCE_MISSING,     /* no such file or uuid */
  TELLER_SIM_SOURCE_FORBIDDEN,   /* outside the sandbox */
  TELLER_SIM_SOURCE_UNREADABLE,  /* the file could not be read */
} TellerSimSourceError;

/* A source_image object (6.4) → the image file's bytes (not decoded). */
GBytes    *_teller_sim_imagepro_load_source  (TellerSimImagepro     *self,
                                              JsonNode              *source,
                                              gboolean               base64_only,
                                              TellerSimSourceError  *kind,
                                              char                 **message);
/* An array of them → GPtrArray of GBytes, at least one. */
GPtrArray *_teller_sim_imagepro_load_sources (TellerSimImagepro     *self,
                                              JsonNode              *array,
                                              TellerSimSourceError  *kind,
                                              char                 **message);
/* An absolute path inside the sandbox, canonical; NULL with *@message otherwise. */
char      *_teller_sim_imagepro_resolve      (TellerSimImagepro     *self,
                                              const char            *path,
                                              gboolean               must_exist,
                                              char                 **message);
/* A new file name sandbox/@folder/<uuid>.@extension, the folder made. */
char      *_teller_sim_imagepro_new_path     (TellerSimImagepro     *self,
                                              const char            *folder,
                                              const char            *extension);
/* Writes @bytes to @path (inside the sandbox), making its folder. */
gboolean   _teller_sim_imagepro_write        (const char            *path,
                                              GBytes                *bytes,
                                              char                 **message);
void       _teller_sim_imagepro_set_editor_images (TellerSimImagepro *self,
                                                   GPtrArray         *paths);
GPtrArray *_teller_sim_imagepro_dup_editor_images (TellerSimImagepro *self);

/* ---- Pixels (teller-sim-imagepro-pixels.c) ------------------------------ */

typedef struct
{
  int    quality;       /* jpg_quality, 10..100 */
  int    xdpi;
  int    ydpi;
  int    max_file_size; /* bytes, 0 for no limit */
} TellerSimStorage;

typedef struct
{
  gboolean  enabled;
  int       pos;          /* 0..4: top left, top right, bottom left, bottom right, centre */
  char     *content;      /* empty: the current time */
  int       transparency; /* 0..255 */
  int       fontsize;
  char     *font;
  double    rgb[3];
} TellerSimWatermark;

void       _teller_sim_tools_watermark_clear  (TellerSimWatermark *watermark);
gboolean   _teller_sim_tools_parse_storage    (JsonObject         *request,
                                               TellerSimStorage   *storage,
                                               char              **message);
gboolean   _teller_sim_tools_parse_watermark  (JsonObject         *request,
                                               TellerSimWatermark *watermark,
                                               char              **message);

/* Decodes any image gdk-pixbuf reads into RGB without alpha (flattened on white). */
GdkPixbuf *_teller_sim_tools_decode           (GBytes             *bytes,
                                               GError            **error);
GBytes    *_teller_sim_tools_encode_jpeg      (GdkPixbuf          *pixbuf,
                                               int                 quality,
                                               int                 xdpi,
                                               int                 ydpi,
                                               GError            **error);
/* Watermark, then JPEG within max_file_size (shrinking the picture, as 3.3 says). */
GBytes    *_teller_sim_tools_finish_image     (GdkPixbuf                *pixbuf,
                                               const TellerSimStorage   *storage,
                                               const TellerSimWatermark *watermark,
                                               GError                  **error);
gboolean   _teller_sim_tools_is_blank         (GdkPixbuf          *pixbuf);
GdkPixbuf *_teller_sim_tools_grey             (GdkPixbuf          *pixbuf,
                                               gboolean            black_white);
GdkPixbuf *_teller_sim_tools_autocrop         (GdkPixbuf          *pixbuf);
GdkPixbuf *_teller_sim_tools_crop             (GdkPixbuf          *pixbuf,
                                               int                 left,
                                               int                 top,
                                               int                 right,
                                               int                 bottom);
/* Positive degrees turn clockwise; a multiple of 90. */
GdkPixbuf *_teller_sim_tools_rotate           (GdkPixbuf          *pixbuf,
                                               int                 degrees);
GdkPixbuf *_teller_sim_tools_merge            (GPtrArray          *pixbufs,
                                               gboolean            vertical,
                                               int                 margin,
                                               int                 align);
/* A red frame, as if the operator had marked the image in the editor. */
GdkPixbuf *_teller_sim_tools_mark_edited      (GdkPixbuf          *pixbuf);
/* The page camera 0 sees: a form with the EAN-13 code above, as a JPEG. */
GBytes    *_teller_sim_tools_camera_frame     (void);
GBytes    *_teller_sim_tools_jpeg_add_comment (GBytes             *jpeg,
                                               const char         *text);
/* The text after @prefix of the first JPEG comment starting with it, or NULL. */
char      *_teller_sim_tools_jpeg_find_comment (GBytes            *jpeg,
                                                const char        *prefix);

/* ---- Documents (teller-sim-imagepro-formats.c) -------------------------- */

/* Each takes a GPtrArray of image file bytes, one page per image. */
GBytes *_teller_sim_tools_make_pdf      (GPtrArray   *images,
                                         GError     **error);
GBytes *_teller_sim_tools_make_tiff     (GPtrArray   *images,
                                         GError     **error);
GBytes *_teller_sim_tools_make_ofd      (GPtrArray   *images,
                                         GError     **error);
GBytes *_teller_sim_tools_make_docx     (const char  *text);
GBytes *_teller_sim_tools_make_text_pdf (const char  *text,
                                         GError     **error);

/* ---- The routes' jobs ---------------------------------------------------- */

JsonNode *_teller_sim_tools_merge_document_job (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_merge_images_job   (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_process_job        (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_barcode_job        (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_ocr_job            (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_storage_image_job  (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_file2base64_job    (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_copyfile_job       (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_start_editor_job   (const TellerSimToolsContext *context,
                                                JsonNode                    *body);
JsonNode *_teller_sim_tools_get_editor_job     (const TellerSimToolsContext *context,
                                                JsonNode                    *body);

G_END_DECLS
