/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The image tools, OCR and the barcode scanner (chapters 6, 10, 11): builders and
 * parsers against the document's examples (here), every endpoint against the
 * in-process simulator (test-tools-sim.c), and teller-cli (test-tools-cli.c). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-sim-imagepro-private.h"
#include "test-tools.h"

/* ---- Helpers shared by the three suites ---------------------------------- */

JsonNode *
test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error != NULL ? error->message : text);
  return node;
}

void
test_assert_all_strings (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        test_assert_all_strings (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        test_assert_all_strings (json_array_get_element (array, i));
    }
  else
    {
      ck_assert_msg (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING,
                     "a request value is not a string");
    }
}

GBytes *
test_make_jpeg (int      width,
                int      height,
                gboolean white)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  char *data = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        gboolean block = x > width / 4 && x < width / 2 && y > height / 4 && y < height / 2;

        p[0] = white ? 255 : (block ? 20 : (guchar) (x * 255 / width));
        p[1] = white ? 255 : (block ? 20 : (guchar) (y * 255 / height));
        p[2] = white ? 255 : (block ? 20 : 128);
      }
  ck_assert (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "jpeg", NULL, "quality", "90", NULL));
  return g_bytes_new_take (data, size);
}

GBytes *
test_make_jpeg_with_comment (int         width,
                             int         height,
                             const char *comment)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (width, height, FALSE);

  return _teller_sim_tools_jpeg_add_comment (jpeg, comment);
}

GdkPixbuf *
test_decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  ck_assert_msg (gdk_pixbuf_loader_write_bytes (loader, bytes,
                                                &error) && gdk_pixbuf_loader_close (loader, &error),
                 "not an image: %s", error != NULL ? error->message : "");
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

int
test_pdf_page_count (GBytes *bytes)
{
  /* poppler-glib 22.12 defines no autoptr for its types. */
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, NULL);
  int pages;

  if (document == NULL)
    return -1;
  pages = poppler_document_get_n_pages (document);
  g_object_unref (document);
  return pages;
}

static guint32
read32 (const guint8 *data)
{
  return data[0] | (data[1] << 8) | (data[2] << 16) | ((guint32) data[3] << 24);
}

int
test_tiff_page_count (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint32 offset;
  int pages = 0;

  if (size < 8 || memcmp (data, "II*\0", 4) != 0)
    return -1;
  for (offset = read32 (data + 4); offset != 0 && pages < 1000; pages++)
    {
      guint16 entries;

      if ((gsize) offset + 2 > size)
        return -1;
      entries = data[offset] | (data[offset + 1] << 8);
      if ((gsize) offset + 2 + entries * 12 + 4 > size)
        return -1;
      offset = read32 (data + offset + 2 + entries * 12);
    }
  return pages;
}

/* ---- Builders against the document's request examples -------------------- */

static void
assert_member_equal (JsonNode   *built,
                     JsonNode   *example,
                     const char *member)
{
  JsonNode *a = json_object_get_member (json_node_get_object (built), member);
  JsonNode *b = json_object_get_member (json_node_get_object (example), member);
  g_autofree char *a_text = NULL, *b_text = NULL;

  ck_assert_msg (a != NULL, "built request lacks %s", member);
  ck_assert_msg (b != NULL, "example lacks %s", member);
  a_text = json_to_string (a, FALSE);
  b_text = json_to_string (b, FALSE);
  ck_assert_msg (json_node_equal (a, b), "%s: built %s, document %s", member, a_text, b_text);
}

START_TEST (test_build_merge_document_example)
{
  /* 6.1, the example verbatim (uuids as printed, one digit short). */
  g_autoptr(JsonNode) example =
    test_parse_json ("[{\"uuid\":\"115cc17b-1b80-4f8b-a591-9cdec8cd39c\"}, "
                     "{\"filepath\":\"D:/tmp/T.jpg\"}, "
                     "{\"uuid\":\"9720d6a5-a8bc-40bc-bf01-f8ea06af9b53\"}]");
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_image_source_free);
  g_autoptr(JsonNode) built = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (sources, teller_image_source_new_uuid ("115cc17b-1b80-4f8b-a591-9cdec8cd39c"));
  /* "filepath 只能用正斜杠 /": a Windows path is turned around. */
  g_ptr_array_add (sources, teller_image_source_new_filepath ("D:\\tmp\\T.jpg"));
  g_ptr_array_add (sources, teller_image_source_new_uuid ("9720d6a5-a8bc-40bc-bf01-f8ea06af9b53"));
  built = teller_image_tools_build_merge_document (sources);

  ck_assert (JSON_NODE_HOLDS_ARRAY (built));
  for (guint i = 0; i < 3; i++)
    ck_assert (json_node_equal (json_array_get_element (json_node_get_array (built), i),
                                json_array_get_element (json_node_get_array (example), i)));
  text = json_to_string (built, FALSE);
  ck_assert_str_eq (text, "[{\"uuid\":\"115cc17b-1b80-4f8b-a591-9cdec8cd39c\"},"
                    "{\"filepath\":\"D:/tmp/T.jpg\"},"
                    "{\"uuid\":\"9720d6a5-a8bc-40bc-bf01-f8ea06af9b53\"}]");
  ck_assert_str_eq (teller_merge_format_to_operation (TELLER_MERGE_FORMAT_TIF),
                    "imagepro=merge2tif");
}
END_TEST

START_TEST (test_build_barcode_example)
{
  /* 6.3's example; its "cutpage" is the table's "cut_type". */
  g_autoptr(JsonNode) example =
    test_parse_json ("{\"cutpage\": \"1\", \"binary\": \"1\", \"roi\": {\"top\": \"0.1\", "
                     "\"left\": \"0.1\", \"bottom\": \"0.9\", \"right\": \"0.9\"}}");
  g_auto(TellerBarcodeOptions) options = { 0 };
  g_autoptr(JsonNode) built = NULL;
  g_autoptr(JsonNode) camera = teller_image_tools_build_barcode (NULL);
  g_autofree char *camera_text = json_to_string (camera, FALSE);
  JsonObject *object;

  teller_barcode_options_init (&options);
  options.has_roi = TRUE;
  options.roi_top = options.roi_left = 0.1;
  options.roi_bottom = options.roi_right = 0.9;
  options.cut_type = 1;
  options.binary = 1;
  built = teller_image_tools_build_barcode (&options);

  assert_member_equal (built, example, "roi");
  assert_member_equal (built, example, "binary");
  object = json_node_get_object (built);
  ck_assert_str_eq (json_object_get_string_member (object, "cut_type"),
                    json_object_get_string_member (json_node_get_object (example), "cutpage"));
  ck_assert (!json_object_has_member (object, "source_image"));
  test_assert_all_strings (built);
  /* No source: the service reads camera 0, and the body is still an object. */
  ck_assert_str_eq (camera_text, "{}");
}
END_TEST

START_TEST (test_build_process_example)
{
  /* 6.4 refers to 3.3 for its options: its example's three objects, member by member. */
  g_autoptr(JsonNode) example = test_parse_json (
    "{\"camidx\": \"0\", \"image_storage_info\": {\"xdpi\": \"200\", \"ydpi\": \"200\", "
    "\"jpg_quality\": \"60\"}, \"image_process_info\": {\"cut_type\": \"1\", "
    "\"multi_object\": \"1\", \"rotate\": \"0\", \"fixed_width\": \"0\", \"fixed_height\": \"0\", "
    "\"split_page\": \"1\", \"reduce_shadow\": \"1\", \"color_type\": \"0\", "
    "\"remove_black_edge\": \"1\", \"rect_correct\": \"1\", \"document_type\": \"1\"}, "
    "\"watermark\": {\"pos\": \"4\", \"content\": \"watermark string\", \"transparency\": \"128\", "
    "\"fontsize\": \"80\", \"color\": \"red\"}}");
  g_auto(TellerProcessOptions) options = { 0 };
  g_autoptr(TellerImageSource) source = teller_image_source_new_uuid ("9720d6a5-a8bc-40bc-bf01-f8ea06af9b53");
  g_autoptr(JsonNode) built = NULL, bare = NULL;
  g_autofree char *bare_text = NULL;
  TellerImageProcessing *p = &options.processing;
  JsonObject *object;

  teller_process_options_init (&options);
  options.make_uuid = 1;
  p->cut_type = TELLER_CUT_TYPE_AUTO;
  p->multi_object = 1;
  p->rotate = 0;
  p->fixed_width = p->fixed_height = 0;
  p->split_page = p->reduce_shadow = 1;
  p->color_type = TELLER_COLOR_TYPE_COLOR;
  p->remove_black_edge = p->rect_correct = 1;
  p->document_type = 1;
  options.storage.xdpi = options.storage.ydpi = 200;
  options.storage.jpg_quality = 60;
  options.watermark.enabled = TRUE;
  options.watermark.pos = 4;
  options.watermark.content = g_strdup ("watermark string");
  options.watermark.transparency = 128;
  options.watermark.fontsize = 80;
  options.watermark.color = g_strdup ("red");
  built = teller_image_tools_build_process (source, &options);

  assert_member_equal (built, example, "image_process_info");
  assert_member_equal (built, example, "image_storage_info");
  assert_member_equal (built, example, "watermark");
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (built), "make_uuid"), "1");
  object = json_object_get_object_member (json_node_get_object (built), "source_image");
  ck_assert_str_eq (json_object_get_string_member (object, "uuid"),
                    "9720d6a5-a8bc-40bc-bf01-f8ea06af9b53");
  test_assert_all_strings (built);

  /* Without options: image_process_info still goes out, empty. */
  bare = teller_image_tools_build_process (source, NULL);
  bare_text = json_to_string (bare, FALSE);
  ck_assert_str_eq (bare_text,
                    "{\"source_image\":{\"uuid\":\"9720d6a5-a8bc-40bc-bf01-f8ea06af9b53\"},"
                    "\"image_process_info\":{}}");
}
END_TEST

START_TEST (test_build_merge_images_and_files)
{
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_image_source_free);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello", 5);
  g_auto(TellerMergeOptions) options = { 0 };
  g_autoptr(JsonNode) merge = NULL, storage = NULL, file2base64 = NULL, copy = NULL;
  g_autoptr(JsonNode) editor = NULL, ocr_json = NULL, ocr_file = NULL, open = NULL, open_default = NULL;
  g_autofree char *merge_text = NULL, *storage_text = NULL, *copy_text = NULL, *editor_text = NULL;
  g_autofree char *ocr_json_text = NULL, *ocr_file_text = NULL, *open_text = NULL;
  g_autofree char *open_default_text = NULL, *file2base64_text = NULL;
  g_autoptr(TellerImageSource) png = teller_image_source_new_bytes (bytes, "png");

  g_ptr_array_add (sources, teller_image_source_new_bytes (bytes, NULL));
  g_ptr_array_add (sources, teller_image_source_new_filepath ("D:/a.jpg"));
  teller_merge_options_init (&options);
  options.make_uuid = 1;
  options.merge_type = TELLER_MERGE_HORIZONTAL;
  options.margin = 5;
  options.align = TELLER_MERGE_ALIGN_CENTER;

  merge = teller_image_tools_build_merge_images (sources, &options);
  merge_text = json_to_string (merge, FALSE);
  ck_assert_str_eq (merge_text, "{\"make_uuid\":\"1\",\"source_images\":[{\"base64\":\"aGVsbG8=\"},"
                    "{\"filepath\":\"D:/a.jpg\"}],\"merge_type\":\"0\",\"margin\":\"5\","
                    "\"align\":\"1\"}");

  storage = teller_image_tools_build_storage_image (png, "D:/out.png");
  storage_text = json_to_string (storage, FALSE);
  ck_assert_str_eq (storage_text,
                    "{\"source_image\":{\"base64\":\"aGVsbG8=\",\"image_type\":\"png\"},"
                    "\"output_image\":{\"filepath\":\"D:/out.png\"}}");

  file2base64 = teller_image_tools_build_file2base64 ("D:/a.jpg");
  file2base64_text = json_to_string (file2base64, FALSE);
  ck_assert_str_eq (file2base64_text, "{\"filepath\":\"D:/a.jpg\"}");

  /* 6.7: the four members are required, the flags "0" or "1". */
  copy = teller_image_tools_build_copyfile ("D:/a.jpg", "D:/b.jpg", FALSE, TRUE);
  copy_text = json_to_string (copy, FALSE);
  ck_assert_str_eq (copy_text, "{\"source_file\":\"D:/a.jpg\",\"target_file\":\"D:/b.jpg\","
                    "\"delete_source_file\":\"0\",\"cover_target_file\":\"1\"}");

  /* 6.8 spells it "sources_images". */
  editor = teller_image_tools_build_start_editor (sources);
  editor_text = json_to_string (editor, FALSE);
  ck_assert (g_str_has_prefix (editor_text, "{\"sources_images\":[{\"base64\":"));

  /* 10.1: output_file only for type "file". */
  ocr_json = teller_image_tools_build_ocr (TELLER_OCR_OUTPUT_JSON, sources, "D:/1.docx");
  ocr_json_text = json_to_string (ocr_json, FALSE);
  ck_assert (g_str_has_prefix (ocr_json_text, "{\"type\":\"json\",\"source_images\":["));
  ck_assert (strstr (ocr_json_text, "output_file") == NULL);
  ocr_file = teller_image_tools_build_ocr (TELLER_OCR_OUTPUT_FILE, sources, "D:/1.docx");
  ocr_file_text = json_to_string (ocr_file, FALSE);
  ck_assert (g_str_has_suffix (ocr_file_text, ",\"output_file\":\"D:/1.docx\"}"));

  /* 11.1 */
  open = teller_image_tools_build_scanner_open (9600);
  open_text = json_to_string (open, FALSE);
  ck_assert_str_eq (open_text, "{\"baud_rate\":\"9600\"}");
  open_default = teller_image_tools_build_scanner_open (0);
  open_default_text = json_to_string (open_default, FALSE);
  ck_assert_str_eq (open_default_text, "{}");
  ck_assert (!teller_image_tools_baud_rate_is_valid (14400));

  test_assert_all_strings (merge);
  test_assert_all_strings (copy);
  test_assert_all_strings (ocr_file);
}
END_TEST

/* ---- Parsers against the document's reply examples ------------------------ */

/* The start of a JPEG (SOI, APP0) without a frame header: not an image. */
#define IMAGE_B64 "/9j/4AAQ"

/* 3.3's reply example prints "****" for the image data; a real JPEG stands in.  Tool
 * replies are read as a capture's: "image_count" loses to the array, an index may
 * come as a string, and each image's size is read from its JPEG. */
START_TEST (test_parse_images_example)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (8, 6, FALSE);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_autofree char *reply_text = g_strdup_printf (
    "{\"code\": \"0\", \"message\": \"\", \"image_count\": 3, \"images\": ["
    "{\"index\": 0, \"base64\": \"%s\"}, {\"index\": \"1\", \"base64\": \"%s\"}]}", b64, b64);
  g_autofree char *uuid_text = g_strdup_printf (
    "{\"code\": \"0\", \"image_count\": 1, \"images\": [{\"index\": 0, \"filepath\": \"D:/1.jpg\","
    " \"uuid\": \"u-1\", \"base64\": \"%s\"}]}", b64);
  g_autoptr(JsonNode) reply = test_parse_json (reply_text);
  g_autoptr(JsonNode) with_uuid = test_parse_json (uuid_text);
  g_autoptr(JsonNode) storage = test_parse_json (
    "{\"code\": \"0\", \"image_count\": 1, \"images\": [{\"filepath\": \"D:/2.jpg\", \"base64\": \"\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = teller_tool_images_parse (json_node_get_object (reply), &error);
  g_autoptr(GPtrArray) uuid_images = teller_tool_images_parse (json_node_get_object (with_uuid),
                                                               NULL);
  g_autoptr(GPtrArray) paths = teller_tool_images_parse (json_node_get_object (storage), NULL);
  const TellerToolImage *image;

  ck_assert_msg (images != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (images->len, 2);
  image = g_ptr_array_index (images, 1);
  ck_assert_int_eq (image->index, 1);
  ck_assert_uint_eq (g_bytes_get_size (image->jpeg), g_bytes_get_size (jpeg));
  ck_assert_int_eq (image->width, 8);
  ck_assert_int_eq (image->height, 6);
  ck_assert_ptr_null (image->uuid);

  image = g_ptr_array_index (uuid_images, 0);
  ck_assert_str_eq (image->uuid, "u-1");
  ck_assert_str_eq (image->filepath, "D:/1.jpg");
  image = g_ptr_array_index (paths, 0);
  ck_assert_str_eq (image->filepath, "D:/2.jpg");
  ck_assert_ptr_null (image->jpeg);
}
END_TEST

static const char * const bad_images_replies[] = {
  "{\"code\": \"0\", \"images\": [{\"index\": 0, \"base64\": \"" IMAGE_B64 "\"}]}",
  "{\"code\": \"0\", \"images\": [{\"index\": 0, \"base64\": \"aGVsbG8gd29ybGQ=\"}]}",
  "{\"code\": \"0\", \"image_count\": 1}",
  "{\"code\": \"0\", \"images\": {}}",
  "{\"code\": \"0\", \"images\": [{\"index\": 0, \"base64\": \"not base64!\"}]}",
  "{\"code\": \"0\", \"images\": [{\"index\": -1, \"filepath\": \"D:/1.jpg\"}]}",
  "{\"code\": \"0\", \"images\": [{\"index\": 0}]}",
  "{\"code\": \"0\", \"images\": [{\"index\": 0, \"base64\": \"\"}]}",
  "{\"code\": \"0\", \"images\": [7]}",
};

START_TEST (test_parse_images_rejects)
{
  g_autoptr(JsonNode) reply = test_parse_json (bad_images_replies[_i]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = teller_tool_images_parse (json_node_get_object (reply), &error);

  ck_assert_msg (images == NULL, "accepted %s", bad_images_replies[_i]);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_parse_merged_document)
{
  /* 6.1: filepath and base64 ("%PDF-" here). */
  g_autoptr(JsonNode) reply = test_parse_json ("{\"code\": \"0\", \"message\": \"\", "
                                               "\"filepath\": \"D:/tmp/1.pdf\", \"base64\": \"JVBERi0=\"}");
  g_autoptr(JsonNode) path_only = test_parse_json ("{\"code\": \"0\", \"filepath\": \"D:/tmp/1.pdf\"}");
  g_autoptr(JsonNode) neither = test_parse_json ("{\"code\": \"0\"}");
  g_autoptr(JsonNode) wrong = test_parse_json ("{\"code\": \"0\", \"base64\": 12}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerMergedDocument) document = teller_merged_document_parse (json_node_get_object (reply),
                                                                           NULL);
  g_autoptr(TellerMergedDocument) path = teller_merged_document_parse (json_node_get_object (path_only),
                                                                       NULL);

  ck_assert_str_eq (document->filepath, "D:/tmp/1.pdf");
  ck_assert_mem_eq (g_bytes_get_data (document->data, NULL), "%PDF-", 5);
  ck_assert_ptr_null (path->data);
  ck_assert_ptr_null (teller_merged_document_parse (json_node_get_object (neither), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);
  ck_assert_ptr_null (teller_merged_document_parse (json_node_get_object (wrong), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_parse_barcode)
{
  /* 6.3: count (int) and barcode, a list of {type, code} Strings. */
  g_autoptr(JsonNode) reply = test_parse_json ("{\"code\": \"0\", \"message\": \"\", \"count\": 2, "
                                               "\"barcode\": [{\"type\": \"QR_CODE\", \"code\": \"A1\"},"
                                               " {\"type\": \"EAN_13\", \"code\": \"6901234567892\"}]}");
  g_autoptr(JsonNode) none = test_parse_json ("{\"code\": \"0\", \"count\": 0}");
  const char *bad[] = {
    "{\"code\": \"0\", \"count\": \"1\", \"barcode\": [{\"type\": \"QR_CODE\", \"code\": \"A\"}]}",
    "{\"code\": \"0\", \"count\": 1, \"barcode\": [{\"type\": \"QR_CODE\"}]}",
    "{\"code\": \"0\", \"count\": 1, \"barcode\": [{\"type\": \"QR_CODE\", \"code\": 5}]}",
    "{\"code\": \"0\", \"count\": 2, \"barcode\": [{\"type\": \"QR_CODE\", \"code\": \"A\"}]}",
    "{\"code\": \"0\", \"count\": 1}",
  };
  g_autoptr(TellerBarcodeResult) result = teller_barcode_result_parse (json_node_get_object (reply),
                                                                       NULL);
  g_autoptr(TellerBarcodeResult) empty = teller_barcode_result_parse (json_node_get_object (none),
                                                                      NULL);
  g_autoptr(JsonNode) back = teller_barcode_result_to_json (result);
  g_autofree char *back_text = json_to_string (back, FALSE);

  ck_assert_uint_eq (result->barcodes->len, 2);
  ck_assert_str_eq (((TellerBarcode *) g_ptr_array_index (result->barcodes, 1))->code,
                    "6901234567892");
  ck_assert_uint_eq (empty->barcodes->len, 0);
  ck_assert_str_eq (back_text, "{\"count\":2,\"barcode\":[{\"type\":\"QR_CODE\",\"code\":\"A1\"},"
                    "{\"type\":\"EAN_13\",\"code\":\"6901234567892\"}]}");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;

      ck_assert_msg (teller_barcode_result_parse (json_node_get_object (node), &error) == NULL,
                     "accepted %s", bad[i]);
      ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
    }
}
END_TEST

/*
 * 10.1's example shows a page in the "words" form and one in the table's form
 * (page_content, location, text_base64 — and "text" for the second block).  Both
 * pages are read; "5paH5pys5YaF5a65MC0x" is "文本内容0-1".
 */
#define OCR_EXAMPLE \
  "{ \"ocr_result\": 0, \"page_count\": 2, \"pages\": [{ \"page_index\": 0, \"words\": [{ " \
  "\"word\": \"中文字识别\", \"bbox\": [100, 100, 300, 200], \"font_size\": 30 }] }, " \
  "{ \"page_index\": 1, \"block_count\": 2, \"page_content\": [{ \"location\": { \"left\": 100, " \
  "\"top\": 100, \"right\": 300, \"bottom\": 300 }, \"text_base64\": \"5paH5pys5YaF5a65MC0x\" }, " \
  "{ \"location\": { \"left\": 500, \"top\": 500, \"right\": 800, \"bottom\": 800 }, " \
  "\"text\": \"文字识别\" }] }] }"

START_TEST (test_parse_ocr_example)
{
  g_autoptr(JsonNode) reply = test_parse_json ("{\"code\": \"0\", \"message\": \"\", \"json\": " OCR_EXAMPLE "}");
  g_autoptr(JsonNode) as_string = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) file = test_parse_json ("{\"code\": \"0\", \"output_file\": \"D:/1.docx\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerOcrResult) result = teller_ocr_result_parse (json_node_get_object (reply),
                                                               TELLER_OCR_OUTPUT_JSON, &error);
  g_autoptr(TellerOcrResult) from_string = NULL;
  g_autoptr(TellerOcrResult) file_result = teller_ocr_result_parse (json_node_get_object (file),
                                                                    TELLER_OCR_OUTPUT_FILE, NULL);
  g_autofree char *text = NULL;
  const TellerOcrPage *page;
  const TellerOcrBlock *block;
  JsonObject *object = json_object_new ();

  ck_assert_msg (result != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (result->pages->len, 2);
  page = g_ptr_array_index (result->pages, 0);
  block = g_ptr_array_index (page->blocks, 0);
  ck_assert_str_eq (block->text, "中文字识别");
  ck_assert_int_eq (block->right, 300);
  ck_assert_int_eq (block->font_size, 30);
  page = g_ptr_array_index (result->pages, 1);
  ck_assert_int_eq (page->index, 1);
  ck_assert_uint_eq (page->blocks->len, 2);
  block = g_ptr_array_index (page->blocks, 0);
  ck_assert_str_eq (block->text, "文本内容0-1");
  ck_assert_int_eq (block->bottom, 300);
  text = teller_ocr_result_dup_text (result);
  ck_assert_str_eq (text, "中文字识别\n文本内容0-1\n文字识别\n");

  /* Some builds send "json" as a string holding the object. */
  json_object_set_string_member (object, "code", "0");
  json_object_set_string_member (object, "json", OCR_EXAMPLE);
  json_node_take_object (as_string, object);
  from_string = teller_ocr_result_parse (json_node_get_object (as_string), TELLER_OCR_OUTPUT_JSON,
                                         NULL);
  ck_assert_uint_eq (from_string->pages->len, 2);

  ck_assert_str_eq (file_result->output_file, "D:/1.docx");
  ck_assert_uint_eq (file_result->pages->len, 0);
}
END_TEST

static const char * const bad_ocr_replies[] = {
  "{\"code\": \"0\"}",
  "{\"code\": \"0\", \"json\": 5}",
  "{\"code\": \"0\", \"json\": {\"page_count\": 0}}",
  "{\"code\": \"0\", \"json\": {\"ocr_result\": \"0\", \"pages\": []}}",
  "{\"code\": \"0\", \"json\": {\"ocr_result\": 0, \"pages\": [{\"page_content\": [{\"text\": \"a\"}]}]}}",
  "{\"code\": \"0\", \"json\": {\"ocr_result\": 0, \"pages\": [{\"page_content\": [{\"location\": "
  "{\"left\": 1, \"top\": 1, \"right\": 2, \"bottom\": 2}, \"text_base64\": \"!!\"}]}]}}",
  "{\"code\": \"0\", \"json\": {\"ocr_result\": 0, \"pages\": [{\"page_content\": [{\"location\": "
  "{\"left\": \"1\", \"top\": 1, \"right\": 2, \"bottom\": 2}, \"text\": \"a\"}]}]}}",
  "{\"code\": \"0\", \"json\": {\"ocr_result\": 0, \"pages\": [{\"words\": [{\"word\": \"a\", "
  "\"bbox\": [1, 2, 3]}]}]}}",
  "{\"code\": \"0\", \"json\": {\"ocr_result\": 0, \"pages\": [{\"block_count\": 1}]}}",
};

START_TEST (test_parse_ocr_rejects)
{
  g_autoptr(JsonNode) reply = test_parse_json (bad_ocr_replies[_i]);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerOcrResult) result = teller_ocr_result_parse (json_node_get_object (reply),
                                                               TELLER_OCR_OUTPUT_JSON, &error);

  ck_assert_msg (result == NULL, "accepted %s", bad_ocr_replies[_i]);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_ocr_reply_check)
{
  g_autoptr(JsonNode) ok = test_parse_json ("{\"code\": \"0\", \"json\": {\"ocr_result\": 0}}");
  g_autoptr(JsonNode) missing = test_parse_json ("{\"code\": \"1013\", \"message\": \"no file\","
                                                 " \"json\": {\"ocr_result\": 1013}}");
  g_autoptr(JsonNode) engine_only = test_parse_json ("{\"code\": \"0\", \"json\": {\"ocr_result\": 1009}}");
  g_autoptr(JsonNode) file_busy = test_parse_json ("{\"code\": \"1009\", \"message\": \"busy\"}");
  g_autoptr(JsonNode) generic = test_parse_json ("{\"code\": \"1\", \"message\": \"x\"}");
  g_autoptr(GError) error = NULL;

  ck_assert (teller_ocr_reply_check (ok, NULL));

  ck_assert (!teller_ocr_reply_check (missing, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "1013");
  ck_assert_str_eq (teller_error_get_vendor_message (error), "no file");
  g_clear_error (&error);

  /* The engine's result wins even when the reply's code says success. */
  ck_assert (!teller_ocr_reply_check (engine_only, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BUSY));
  g_clear_error (&error);

  ck_assert (!teller_ocr_reply_check (file_busy, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BUSY));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "1009");
  g_clear_error (&error);

  ck_assert (!teller_ocr_reply_check (generic, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "1");
}
END_TEST

START_TEST (test_parse_small_replies)
{
  g_autoptr(JsonNode) base64 = test_parse_json ("{\"code\": \"0\", \"message\": \"\", \"base64\": \"aGVsbG8=\"}");
  g_autoptr(JsonNode) bad_base64 = test_parse_json ("{\"code\": \"0\", \"base64\": \"aGVsbG8!\"}");
  g_autoptr(JsonNode) no_base64 = test_parse_json ("{\"code\": \"0\"}");
  g_autoptr(JsonNode) scanned = test_parse_json ("{\"code\": \"0\", \"message\": \"\", \"barcode\": \"X-1\"}");
  g_autoptr(JsonNode) nothing = test_parse_json ("{\"code\": \"0\", \"message\": \"\", \"barcode\": \"\"}");
  g_autoptr(JsonNode) wrong = test_parse_json ("{\"code\": \"0\", \"barcode\": 12}");
  g_autoptr(GBytes) bytes = teller_image_tools_parse_base64 (json_node_get_object (base64), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  ck_assert_mem_eq (g_bytes_get_data (bytes, NULL), "hello", 5);
  ck_assert_ptr_null (teller_image_tools_parse_base64 (json_node_get_object (bad_base64), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);
  ck_assert_ptr_null (teller_image_tools_parse_base64 (json_node_get_object (no_base64), &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);

  ck_assert (teller_image_tools_parse_scanner_code (json_node_get_object (scanned), &code, NULL));
  ck_assert_str_eq (code, "X-1");
  g_clear_pointer (&code, g_free);
  ck_assert (teller_image_tools_parse_scanner_code (json_node_get_object (nothing), &code, NULL));
  ck_assert_ptr_null (code);
  ck_assert (!teller_image_tools_parse_scanner_code (json_node_get_object (wrong), &code, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_decode_base64_strict)
{
  /* The capture's decoder: line breaks, spaces, no padding and a data URI pass; "" is
   * an empty file. */
  const char *good[] = { "", "aGVsbG8=", "aGVs\r\nbG8=", "aGk=", "YQ==", "aGVsbG8", "aGVs bG8=",
                         "data:image/jpeg;base64,aGk=" };
  const char *bad[] = { "a", "aGVsbG8=a", "a===", "@@@@", "aGVsbG8==", "data:,aGk=" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GBytes) bytes = teller_image_tools_decode_base64 (good[i], NULL);

      ck_assert_msg (bytes != NULL, "refused %s", good[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (teller_image_tools_decode_base64 (bad[i], &error) == NULL, "accepted %s",
                     bad[i]);
      ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
    }
}
END_TEST

START_TEST (test_image_type_sniff)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (8, 8, FALSE);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n....", 12);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);

  ck_assert_str_eq (teller_image_type_sniff (jpeg), "jpg");
  ck_assert_str_eq (teller_image_type_sniff (png), "png");
  ck_assert_ptr_null (teller_image_type_sniff (text));
}
END_TEST

Suite *
tools_unit_suite (void)
{
  Suite *suite = suite_create ("tools-builders-parsers");
  TCase *tc = tcase_create ("document");

  tcase_add_test (tc, test_build_merge_document_example);
  tcase_add_test (tc, test_build_barcode_example);
  tcase_add_test (tc, test_build_process_example);
  tcase_add_test (tc, test_build_merge_images_and_files);
  tcase_add_test (tc, test_parse_images_example);
  tcase_add_loop_test (tc, test_parse_images_rejects, 0, G_N_ELEMENTS (bad_images_replies));
  tcase_add_test (tc, test_parse_merged_document);
  tcase_add_test (tc, test_parse_barcode);
  tcase_add_test (tc, test_parse_ocr_example);
  tcase_add_loop_test (tc, test_parse_ocr_rejects, 0, G_N_ELEMENTS (bad_ocr_replies));
  tcase_add_test (tc, test_ocr_reply_check);
  tcase_add_test (tc, test_parse_small_replies);
  tcase_add_test (tc, test_decode_base64_strict);
  tcase_add_test (tc, test_image_type_sniff);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (tools_unit_suite ());
  int failed;

  srunner_add_suite (runner, tools_sim_suite ());
  srunner_add_suite (runner, tools_cli_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
