/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "teller-sim-imagepro-private.h"

/*
 * Barcode recognition (6.3) and text recognition (10.1), without an engine.  The
 * simulator "recognises" by the convention of teller-sim-imagepro-private.h, so a
 * client sees the documented reply shapes and codes with deterministic content:
 *
 *  1. a JPEG comment "TELLER-SIM-BARCODE:TYPE:CODE[;TYPE:CODE…]" gives those
 *     barcodes, "TELLER-SIM-TEXT:line\nline…" those text lines;
 *  2. a plain white image has no barcode and no text (count 0, block_count 0);
 *  3. any other image has one CODE_128 "SIM" + the first 12 hex digits of the
 *     SHA-1 of its bytes, and three sample lines, the last carrying that digest.
 *
 * Every barcode sits at the centre of the picture, so a roi (6.3) that leaves the
 * centre out finds none; cut_type and binary are checked and change nothing.
 */

/* ---- Barcodes ------------------------------------------------------------- */

static JsonNode *
bad_request (const char *message)
{
  return _teller_sim_tools_error (TELLER_SIM_TOOLS_CODE_BAD_REQUEST, message);
}

static char *
digest (GBytes *bytes)
{
  g_autofree char *sha1 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, bytes);

  return g_ascii_strup (sha1, 12);
}

static gboolean
parse_fraction (JsonObject  *roi,
                const char  *member,
                double      *out,
                char       **message)
{
  const char *text;
  char *end = NULL;

  if (!_teller_sim_tools_get_string (roi, member, TRUE, &text, message))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*out) || *out < 0 || *out > 1)
    {
      *message = g_strdup_printf ("roi 的 %s 无效: %s", member, text);
      return FALSE;
    }
  return TRUE;
}

/* FALSE with *@message on a bad roi; *@sees_centre tells whether it holds the code. */
static gboolean
parse_roi (JsonObject  *request,
           gboolean    *sees_centre,
           char       **message)
{
  JsonNode *node = json_object_get_member (request, "roi");
  double top, left, bottom, right;

  *sees_centre = TRUE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup ("参数 roi 必须为对象");
      return FALSE;
    }
  if (!parse_fraction (json_node_get_object (node), "top", &top, message) ||
      !parse_fraction (json_node_get_object (node), "left", &left, message) ||
      !parse_fraction (json_node_get_object (node), "bottom", &bottom, message) ||
      !parse_fraction (json_node_get_object (node), "right", &right, message))
    return FALSE;
  if (bottom <= top || right <= left)
    {
      *message = g_strdup ("roi 的区域为空");
      return FALSE;
    }
  *sees_centre = top <= 0.5 && bottom >= 0.5 && left <= 0.5 && right >= 0.5;
  return TRUE;
}

static void
add_barcode (JsonBuilder *builder,
             const char  *type,
             const char  *code)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
}

/* Adds the barcodes of @image to the open array; returns how many. */
static guint
recognise_barcodes (JsonBuilder *builder,
                    GBytes      *image,
                    GdkPixbuf   *pixbuf)
{
  g_autofree char *comment = _teller_sim_tools_jpeg_find_comment (image,
                                                                  TELLER_SIM_BARCODE_COMMENT);
  g_auto(GStrv) entries = NULL;
  g_autofree char *code = NULL, *sum = NULL;
  guint count = 0;

  if (comment != NULL)
    {
      entries = g_strsplit (comment, ";", -1);
      for (guint i = 0; entries[i] != NULL; i++)
        {
          char *colon = strchr (entries[i], ':');

          if (colon == NULL || colon == entries[i] || colon[1] == '\0')
            continue;
          *colon = '\0';
          add_barcode (builder, entries[i], colon + 1);
          count++;
        }
      return count;
    }
  if (_teller_sim_tools_is_blank (pixbuf))
    return 0;

  sum = digest (image);
  code = g_strconcat ("SIM", sum, NULL);
  add_barcode (builder, "CODE_128", code);
  return 1;
}

static JsonNode *
barcode_reply (GBytes    *image,
               GdkPixbuf *pixbuf,
               gboolean   sees_centre)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();
  g_autoptr(JsonBuilder) list = json_builder_new ();
  g_autoptr(JsonNode) barcodes = NULL;
  guint count = 0;

  json_builder_begin_array (list);
  if (sees_centre)
    count = recognise_barcodes (list, image, pixbuf);
  json_builder_end_array (list);
  barcodes = json_builder_get_root (list);

  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "barcode");
  json_builder_add_value (builder, g_steal_pointer (&barcodes));
  return _teller_sim_tools_end (builder);
}

JsonNode *
_teller_sim_tools_barcode_job (const TellerSimToolsContext *context,
                               JsonNode                    *body)
{
  JsonObject *request = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ?
                        json_node_get_object (body) : NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean sees_centre, unused;
  TellerSimSourceError kind;

  if (body != NULL && request == NULL)
    return bad_request ("请求参数必须为对象");
  /* The table says "cut_type", the example "cutpage": both are read. */
  if (request != NULL &&
      (!parse_roi (request, &sees_centre, &message) ||
       !_teller_sim_tools_get_switch (request, "cut_type", &unused, &message) ||
       !_teller_sim_tools_get_switch (request, "cutpage", &unused, &message) ||
       !_teller_sim_tools_get_switch (request, "binary", &unused, &message)))
    return bad_request (message);
  if (request == NULL)
    sees_centre = TRUE;

  if (request != NULL && json_object_has_member (request, "source_image"))
    image = _teller_sim_imagepro_load_source (context->imagepro,
                                              json_object_get_member (request, "source_image"),
                                              FALSE, &kind, &message);
  else if (!context->camera_plugged)
    return _teller_sim_tools_error (TELLER_SIM_TOOLS_CODE_NOT_CONNECTED,
                                    "设备未连接，或者设备被占有，请检查");
  else
    image = _teller_sim_tools_camera_frame ();
  if (image == NULL)
    return bad_request (message != NULL ? message : "采集图像失败");

  pixbuf = _teller_sim_tools_decode (image, &error);
  if (pixbuf == NULL)
    {
      message = g_strdup_printf ("图像无法解码: %s", error->message);
      return bad_request (message);
    }
  return barcode_reply (image, pixbuf, sees_centre);
}

/* ---- Text ----------------------------------------------------------------- */

/* 10.1's ocr_result codes the simulator uses. */
enum {
  OCR_OPEN_FAILED = 90,
  OCR_READ_FAILED = 91,
  OCR_BAD_PARAMETER = 1006,
  OCR_NO_SUCH_FILE = 1013,
  OCR_NO_SUCH_FOLDER = 1014,
  OCR_UNKNOWN_TYPE = 1016,
  OCR_NO_PAGES = 1018,
};

/* {"code": "<ocr_result>", "message", "json": {"ocr_result": N}} ("json" for type json). */
static JsonNode *
ocr_error (int         ocr_result,
           const char *message,
           gboolean    json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *code = g_strdup_printf ("%d", ocr_result);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (json)
    {
      json_builder_set_member_name (builder, "json");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ocr_result");
      json_builder_add_int_value (builder, ocr_result);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
ocr_code_for_source_error (TellerSimSourceError kind)
{
  switch (kind)
    {
    case TELLER_SIM_SOURCE_MISSING: return OCR_NO_SUCH_FILE;
    case TELLER_SIM_SOURCE_FORBIDDEN: return OCR_OPEN_FAILED;
    case TELLER_SIM_SOURCE_UNREADABLE: return OCR_READ_FAILED;
    case TELLER_SIM_SOURCE_BAD_PARAM:
    default: return OCR_BAD_PARAMETER;
    }
}

static GStrv
recognise_lines (GBytes    *image,
                 GdkPixbuf *pixbuf)
{
  g_autofree char *comment = _teller_sim_tools_jpeg_find_comment (image, TELLER_SIM_TEXT_COMMENT);
  g_autofree char *sum = NULL, *last = NULL;

  if (comment != NULL)
    return g_strsplit (comment, "\n", -1);
  if (_teller_sim_tools_is_blank (pixbuf))
    return g_new0 (char *, 1);

  sum = digest (image);
  last = g_strconcat ("SHA1 ", sum, NULL);
  return g_strdupv ((char *[]) { (char *) "模拟文字识别结果", (char *) "Teller simulated OCR",
                                 last, NULL });
}

/* One page of 10.1: blocks stacked down the page, text in base64 as the table says. */
static void
add_page (JsonBuilder *builder,
          guint        index,
          GdkPixbuf   *pixbuf,
          GStrv        lines)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  guint n = g_strv_length (lines);
  int row = n > 0 ? MAX (1, height / (int) (n + 1)) : 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "page_index");
  json_builder_add_int_value (builder, index);
  json_builder_set_member_name (builder, "block_count");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "page_content");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_base64_encode ((const guchar *) lines[i], strlen (lines[i]));
      int top = (int) i * row + row / 2;
      const char *names[] = { "left", "top", "right", "bottom" };
      int values[] = { width / 10, top, width - width / 10, MIN (height, top + row * 3 / 4) };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "location");
      json_builder_begin_object (builder);
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          json_builder_set_member_name (builder, names[j]);
          json_builder_add_int_value (builder, values[j]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "text_base64");
      json_builder_add_string_value (builder, text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

typedef struct
{
  gboolean     file;
  const char  *output_file;
  GPtrArray   *images;      /* GBytes */
  GPtrArray   *pixbufs;
} OcrRequest;

static JsonNode *
ocr_json_reply (OcrRequest *ocr)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();

  json_builder_set_member_name (builder, "json");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ocr_result");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "page_count");
  json_builder_add_int_value (builder, ocr->pixbufs->len);
  json_builder_set_member_name (builder, "pages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ocr->pixbufs->len; i++)
    {
      g_auto(GStrv) lines = recognise_lines (g_ptr_array_index (ocr->images, i),
                                             g_ptr_array_index (ocr->pixbufs, i));

      add_page (builder, i, g_ptr_array_index (ocr->pixbufs, i), lines);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return _teller_sim_tools_end (builder);
}

static GBytes *
ocr_document (OcrRequest *ocr,
              const char *extension)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ocr->pixbufs->len; i++)
    {
      g_auto(GStrv) lines = recognise_lines (g_ptr_array_index (ocr->images, i),
                                             g_ptr_array_index (ocr->pixbufs, i));

      for (guint j = 0; lines[j] != NULL; j++)
        g_string_append_printf (text, "%s\n", lines[j]);
    }
  if (g_str_equal (extension, "docx"))
    return _teller_sim_tools_make_docx (text->str);
  if (g_str_equal (extension, "pdf"))
    return _teller_sim_tools_make_text_pdf (text->str, NULL);
  return g_bytes_new (text->str, text->len);
}

/* 10.1: the format follows the file name's suffix (txt, docx, pdf); txt by default. */
static JsonNode *
ocr_file_reply (const TellerSimToolsContext *context,
                OcrRequest                  *ocr)
{
  g_autofree char *message = NULL, *path = NULL, *folder = NULL, *extension = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *dot;

  if (ocr->output_file == NULL)
    path = _teller_sim_imagepro_new_path (context->imagepro, "ocr", "txt");
  else if ((path = _teller_sim_imagepro_resolve (context->imagepro, ocr->output_file, FALSE,
                                                 &message)) == NULL)
    return ocr_error (OCR_BAD_PARAMETER, message, FALSE);

  dot = strrchr (path, '.');
  extension = g_ascii_strdown (dot != NULL && strchr (dot, '/') == NULL ? dot + 1 : "", -1);
  if (!g_strv_contains ((const char * const[]) { "txt", "docx", "pdf", NULL }, extension))
    return ocr_error (OCR_UNKNOWN_TYPE, "不支持的输出文件类型", FALSE);
  folder = g_path_get_dirname (path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return ocr_error (OCR_NO_SUCH_FOLDER, "目标路径不存在", FALSE);

  document = ocr_document (ocr, extension);
  if (document == NULL || !_teller_sim_imagepro_write (path, document, &message))
    return ocr_error (1008, message != NULL ? message : "写文件失败", FALSE);

  builder = _teller_sim_tools_begin_success ();
  json_builder_set_member_name (builder, "output_file");
  json_builder_add_string_value (builder, path);
  return _teller_sim_tools_end (builder);
}

static JsonNode *
ocr_load (const TellerSimToolsContext *context,
          JsonObject                  *request,
          OcrRequest                  *ocr)
{
  g_autofree char *message = NULL;
  TellerSimSourceError kind;
  JsonNode *sources = json_object_get_member (request, "source_images");

  if (sources != NULL && JSON_NODE_HOLDS_ARRAY (sources) &&
      json_array_get_length (json_node_get_array (sources)) == 0)
    return ocr_error (OCR_NO_PAGES, "无可导出的图像", !ocr->file);

  ocr->images = _teller_sim_imagepro_load_sources (context->imagepro, sources, &kind, &message);
  if (ocr->images == NULL)
    return ocr_error (ocr_code_for_source_error (kind), message, !ocr->file);

  ocr->pixbufs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ocr->images->len; i++)
    {
      GdkPixbuf *pixbuf = _teller_sim_tools_decode (g_ptr_array_index (ocr->images, i), NULL);

      if (pixbuf == NULL)
        return ocr_error (OCR_READ_FAILED, "读取文件失败", !ocr->file);
      g_ptr_array_add (ocr->pixbufs, pixbuf);
    }
  return NULL;
}

JsonNode *
_teller_sim_tools_ocr_job (const TellerSimToolsContext *context,
                           JsonNode                    *body)
{
  JsonObject *request = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ?
                        json_node_get_object (body) : NULL;
  g_autofree char *message = NULL;
  OcrRequest ocr = { 0 };
  const char *type = NULL;
  JsonNode *reply;

  if (request == NULL ||
      !_teller_sim_tools_get_string (request, "type", TRUE, &type, &message) ||
      !_teller_sim_tools_get_string (request, "output_file", FALSE, &ocr.output_file, &message))
    return ocr_error (OCR_BAD_PARAMETER, message != NULL ? message : "请求参数必须为对象", FALSE);
  if (!g_str_equal (type, "json") && !g_str_equal (type, "file"))
    return ocr_error (OCR_BAD_PARAMETER, "type 必须为 file 或 json", FALSE);
  ocr.file = g_str_equal (type, "file");

  reply = ocr_load (context, request, &ocr);
  if (reply == NULL)
    reply = ocr.file ? ocr_file_reply (context, &ocr) : ocr_json_reply (&ocr);

  g_clear_pointer (&ocr.images, g_ptr_array_unref);
  g_clear_pointer (&ocr.pixbufs, g_ptr_array_unref);
  return reply;
}
