/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Image capture, video=grabimage: the request builder and the reply parser against
 * chapter 3.3's examples and appendix 13.1's v1.0 form, the client against the
 * simulator (real JPEGs, every option that shows in the image, every fault), against
 * a crafted server for replies no honest service sends, and `teller-cli camera
 * capture`. */

#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "teller-camera-service.h"
#include "teller-capture-options.h"
#include "teller-error.h"
#include "teller-sim.h"
#include "teller-sim-camera.h"
#include "teller-sim-capture-private.h"
#include "test-util.h"

/* Generous: 8 MP and 12 MP captures run under AddressSanitizer too. */
#define CAPTURE_TIMEOUT_MS 30000
/* The tests that are not about the frame size use a small camera, for speed. */
#define SMALL_WIDTH  800
#define SMALL_HEIGHT 600

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error ? error->message : "");
  return node;
}

/* Every member of @expected is in @actual with the same type and value, and
 * @actual has nothing more. */
static void
assert_json_equal (JsonNode   *expected,
                   JsonNode   *actual,
                   const char *path)
{
  ck_assert_msg (actual != NULL, "%s: missing", path);
  ck_assert_msg (json_node_get_node_type (expected) == json_node_get_node_type (actual),
                 "%s: node types differ", path);

  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *e = json_node_get_object (expected);
      JsonObject *a = json_node_get_object (actual);
      g_autoptr(GList) members = json_object_get_members (e);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_strdup_printf ("%s.%s", path, (char *) l->data);

          assert_json_equal (json_object_get_member (e, l->data),
                             json_object_get_member (a, l->data), child);
        }
      ck_assert_msg (json_object_get_size (e) == json_object_get_size (a),
                     "%s: %u members, expected %u", path,
                     json_object_get_size (a), json_object_get_size (e));
    }
  else if (JSON_NODE_HOLDS_VALUE (expected))
    {
      ck_assert_msg (json_node_get_value_type (expected) == json_node_get_value_type (actual),
                     "%s: value types differ (%s, expected %s)", path,
                     g_type_name (json_node_get_value_type (actual)),
                     g_type_name (json_node_get_value_type (expected)));
      if (json_node_get_value_type (expected) == G_TYPE_STRING)
        ck_assert_msg (g_str_equal (json_node_get_string (expected), json_node_get_string (actual)),
                       "%s: \"%s\", expected \"%s\"", path,
                       json_node_get_string (actual), json_node_get_string (expected));
    }
}

/* A tiny real JPEG, made here with gdk-pixbuf. */
static GBytes *
make_jpeg (int width,
           int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  ck_assert_msg (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, NULL),
                 "%s", error ? error->message : "");
  return g_bytes_new_take (buffer, size);
}

static char *
make_jpeg_base64 (int width,
                  int height)
{
  g_autoptr(GBytes) jpeg = make_jpeg (width, height);

  return g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}

static GdkPixbuf *
decode_jpeg (GBytes *jpeg)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (gdk_pixbuf_loader_write_bytes (loader, jpeg, &error));
  ck_assert_msg (gdk_pixbuf_loader_close (loader, &error), "%s", error ? error->message : "");
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* ---- The request ------------------------------------------------------- */

/* Chapter 3.3's example request, verbatim. */
static const char document_request[] =
  "{\n"
  "  \"camidx\": \"0\",\n"
  "  \"image_storage_info\": {\n"
  "    \"xdpi\": \"200\",\n"
  "    \"ydpi\": \"200\",\n"
  "    \"jpg_quality\": \"60\"\n"
  "  },\n"
  "  \"image_process_info\": {\n"
  "    \"cut_type\": \"1\",\n"
  "    \"multi_object\": \"1\",\n"
  "    \"rotate\": \"0\",\n"
  "    \"fixed_width\": \"0\",\n"
  "    \"fixed_height\": \"0\",\n"
  "    \"split_page\": \"1\",\n"
  "    \"reduce_shadow\": \"1\",\n"
  "    \"color_type\": \"0\",\n"
  "    \"remove_black_edge\": \"1\",\n"
  "    \"rect_correct\": \"1\",\n"
  "    \"document_type\": \"1\"\n"
  "  },\n"
  "  \"watermark\": {\n"
  "    \"pos\": \"4\",\n"
  "    \"content\": \"watermark string\",\n"
  "    \"transparency\": \"128\",\n"
  "    \"fontsize\": \"80\",\n"
  "    \"color\": \"red\"\n"
  "  }\n"
  "}\n";

START_TEST (test_request_document_example)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(JsonNode) expected = parse (document_request);
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(GError) error = NULL;

  options->camidx = 0;
  options->xdpi = 200;
  options->ydpi = 200;
  options->jpg_quality = 60;
  options->cut_type = TELLER_CAPTURE_CUT_AUTO;
  options->multi_object = TRUE;
  options->rotate = 0;
  options->fixed_width = 0;
  options->fixed_height = 0;
  options->split_page = TRUE;
  options->reduce_shadow = TRUE;
  options->color_type = TELLER_CAPTURE_COLOR_COLOR;
  options->remove_black_edge = TRUE;
  options->rect_correct = TRUE;
  options->document_type = TELLER_CAPTURE_DOCUMENT_COLOR;
  options->watermark.enabled = TRUE;
  options->watermark.pos = TELLER_WATERMARK_CENTER;
  options->watermark.content = g_strdup ("watermark string");
  options->watermark.transparency = 128;
  options->watermark.fontsize = 80;
  options->watermark.color = g_strdup ("red");

  actual = teller_capture_options_to_json (options, &error);
  ck_assert_msg (actual != NULL, "%s", error ? error->message : "");
  assert_json_equal (expected, actual, "request");
}
END_TEST

START_TEST (test_request_empty_keeps_process_info)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(JsonNode) body = teller_capture_options_to_json (options, NULL);
  g_autofree char *text = json_to_string (body, FALSE);

  /* Without image_process_info the service would answer in the v1.0 form. */
  ck_assert_str_eq (text, "{\"image_process_info\":{}}");
}
END_TEST

START_TEST (test_request_every_field)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(TellerCaptureOptions) copy = NULL;
  g_autoptr(JsonNode) expected = parse (
    "{\"camidx\":\"1\",\"make_uuid\":\"1\","
    "\"image_storage_info\":{\"xdpi\":\"300\",\"ydpi\":\"150\",\"jpg_quality\":\"100\","
    "\"max_file_size\":\"1024000\"},"
    "\"image_process_info\":{\"cut_type\":\"2\",\"multi_object\":\"0\",\"rotate\":\"270\","
    "\"fixed_width\":\"6000\",\"fixed_height\":\"10\",\"split_page\":\"0\",\"reduce_shadow\":\"0\","
    "\"color_type\":\"2\",\"remove_black_edge\":\"0\",\"rect_correct\":\"0\","
    "\"correct_idcard_direction\":\"1\",\"document_type\":\"2\","
    "\"custom_rect\":{\"left\":\"100px\",\"top\":\"5%\",\"right\":\"2000\",\"bottom\":\"90%\","
    "\"angle\":\"0\"}},"
    "\"watermark\":{\"pos\":\"0\",\"content\":\"柜台 01\",\"transparency\":\"0\","
    "\"fontsize\":\"3000\",\"font\":\"Noto Sans CJK SC\",\"color\":\"blue\"}}");
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) copied = NULL;
  g_autoptr(GError) error = NULL;

  options->camidx = 1;
  options->make_uuid = TRUE;
  options->xdpi = 300;
  options->ydpi = 150;
  options->jpg_quality = 100;
  options->max_file_size = 1024000;
  options->cut_type = TELLER_CAPTURE_CUT_CUSTOM;
  options->multi_object = FALSE;
  options->rotate = 270;
  options->fixed_width = 6000;
  options->fixed_height = 10;
  options->split_page = FALSE;
  options->reduce_shadow = FALSE;
  options->color_type = TELLER_CAPTURE_COLOR_BLACK_WHITE;
  options->remove_black_edge = FALSE;
  options->rect_correct = FALSE;
  options->correct_idcard_direction = TRUE;
  options->document_type = TELLER_CAPTURE_DOCUMENT_CARD;
  /* The document's own custom_rect example. */
  options->custom_rect.left = g_strdup ("100px");
  options->custom_rect.top = g_strdup ("5%");
  options->custom_rect.right = g_strdup ("2000");
  options->custom_rect.bottom = g_strdup ("90%");
  options->custom_rect.angle = g_strdup ("0");
  options->watermark.enabled = TRUE;
  options->watermark.pos = TELLER_WATERMARK_TOP_LEFT;
  options->watermark.content = g_strdup ("柜台 01");
  options->watermark.transparency = 0;
  options->watermark.fontsize = 3000;
  options->watermark.font = g_strdup ("Noto Sans CJK SC");
  options->watermark.color = g_strdup ("blue");

  actual = teller_capture_options_to_json (options, &error);
  ck_assert_msg (actual != NULL, "%s", error ? error->message : "");
  assert_json_equal (expected, actual, "request");

  /* A copy owns its strings and builds the same request. */
  copy = teller_capture_options_copy (options);
  ck_assert_ptr_ne (copy->custom_rect.left, options->custom_rect.left);
  g_clear_pointer (&options, teller_capture_options_free);
  copied = teller_capture_options_to_json (copy, NULL);
  assert_json_equal (expected, copied, "copy");
}
END_TEST

typedef void (*BreakFunc) (TellerCaptureOptions *options);

#define BREAK(name, statement) \
  static void name (TellerCaptureOptions *o) { statement; }

BREAK (bad_camidx, o->camidx = 3)
BREAK (bad_make_uuid, o->make_uuid = 2)
BREAK (bad_cut_type, o->cut_type = 5)
BREAK (bad_multi, o->multi_object = 7)
BREAK (bad_rotate, o->rotate = 45)
BREAK (bad_rotate_big, o->rotate = 450)
BREAK (bad_fixed_width, o->fixed_width = 6001)
BREAK (bad_fixed_height, o->fixed_height = -2)
BREAK (bad_color, o->color_type = 3)
BREAK (bad_document_type, o->document_type = 3)
BREAK (bad_xdpi, o->xdpi = 0)
BREAK (bad_ydpi, o->ydpi = 65536)
BREAK (bad_quality_low, o->jpg_quality = 9)
BREAK (bad_quality_high, o->jpg_quality = 101)
BREAK (bad_max_file_size, o->max_file_size = -5)
BREAK (bad_custom_without_rect, o->cut_type = TELLER_CAPTURE_CUT_CUSTOM)
BREAK (bad_rect_unit, o->custom_rect.left = g_strdup ("10pt"); o->custom_rect.top = g_strdup ("0");
       o->custom_rect.right = g_strdup ("1"); o->custom_rect.bottom = g_strdup ("1"))
BREAK (bad_rect_percent, o->custom_rect.left = g_strdup ("150%"); o->custom_rect.top = g_strdup ("0");
       o->custom_rect.right = g_strdup ("1"); o->custom_rect.bottom = g_strdup ("1"))
BREAK (bad_rect_missing_edge, o->custom_rect.left = g_strdup ("1"))
BREAK (bad_rect_angle, o->custom_rect.left = g_strdup ("0"); o->custom_rect.top = g_strdup ("0");
       o->custom_rect.right = g_strdup ("1"); o->custom_rect.bottom = g_strdup ("1");
       o->custom_rect.angle = g_strdup ("ten"))
BREAK (bad_watermark_pos, o->watermark.enabled = TRUE; o->watermark.pos = 5)
BREAK (bad_watermark_alpha, o->watermark.enabled = TRUE; o->watermark.transparency = 256)
BREAK (bad_watermark_font, o->watermark.enabled = TRUE; o->watermark.fontsize = 3001)
BREAK (bad_watermark_utf8, o->watermark.enabled = TRUE; o->watermark.content = g_strdup ("\xff\xfe"))

static const BreakFunc breakers[] = {
  bad_camidx, bad_make_uuid, bad_cut_type, bad_multi, bad_rotate, bad_rotate_big,
  bad_fixed_width, bad_fixed_height, bad_color, bad_document_type, bad_xdpi, bad_ydpi,
  bad_quality_low, bad_quality_high, bad_max_file_size, bad_custom_without_rect,
  bad_rect_unit, bad_rect_percent, bad_rect_missing_edge, bad_rect_angle,
  bad_watermark_pos, bad_watermark_alpha, bad_watermark_font, bad_watermark_utf8,
};

START_TEST (test_validation_rejects)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  breakers[_i] (options);
  ck_assert (!teller_capture_options_validate (options, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
  g_clear_error (&error);
  body = teller_capture_options_to_json (options, &error);
  ck_assert_ptr_null (body);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
}
END_TEST

START_TEST (test_validation_accepts_limits)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  static const int rotations[] = { -360, -90, 0, 90, 180, 270, 360 };

  options->jpg_quality = 10;
  options->fixed_width = 6000;
  options->fixed_height = 0;
  options->xdpi = 1;
  options->ydpi = 65535;
  options->max_file_size = 0;
  options->watermark.enabled = TRUE;          /* every watermark field unset */
  ck_assert_msg (teller_capture_options_validate (options, &error), "%s",
                 error ? error->message : "");
  options->jpg_quality = 100;
  for (guint i = 0; i < G_N_ELEMENTS (rotations); i++)
    {
      options->rotate = rotations[i];
      ck_assert_msg (teller_capture_options_validate (options, NULL), "rotate %d", rotations[i]);
    }
}
END_TEST

START_TEST (test_presets)
{
  static const char * const names[] = { "document", "id-card", "book", "photo" };
  TellerCapturePreset preset;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TellerCaptureOptions) options = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = NULL;

      ck_assert (teller_capture_preset_from_string (names[i], &preset));
      ck_assert_int_eq (preset, i);
      options = teller_capture_options_new_preset (preset);
      body = teller_capture_options_to_json (options, &error);
      ck_assert_msg (body != NULL, "%s: %s", names[i], error ? error->message : "");
      ck_assert (json_object_has_member (json_node_get_object (body), "image_process_info"));
    }
  ck_assert (!teller_capture_preset_from_string ("selfie", &preset));
  ck_assert (!teller_capture_preset_from_string (NULL, &preset));

  {
    g_autoptr(TellerCaptureOptions) document = teller_capture_options_new_preset (TELLER_CAPTURE_PRESET_DOCUMENT);
    g_autoptr(TellerCaptureOptions) card = teller_capture_options_new_preset (TELLER_CAPTURE_PRESET_ID_CARD);
    g_autoptr(TellerCaptureOptions) book = teller_capture_options_new_preset (TELLER_CAPTURE_PRESET_BOOK);
    g_autoptr(TellerCaptureOptions) photo = teller_capture_options_new_preset (TELLER_CAPTURE_PRESET_PHOTO);

    ck_assert_int_eq (document->camidx, 0);
    ck_assert_int_eq (document->cut_type, TELLER_CAPTURE_CUT_AUTO);
    ck_assert_int_eq (document->document_type, TELLER_CAPTURE_DOCUMENT_WHITE);
    ck_assert_int_eq (card->document_type, TELLER_CAPTURE_DOCUMENT_CARD);
    ck_assert_int_eq (card->correct_idcard_direction, 1);
    ck_assert_int_eq (book->cut_type, TELLER_CAPTURE_CUT_BOOK);
    ck_assert_int_eq (book->split_page, 1);
    ck_assert_int_eq (photo->camidx, 1);
    ck_assert_int_eq (photo->cut_type, TELLER_CAPTURE_CUT_FACE);
  }
}
END_TEST

/* ---- The reply --------------------------------------------------------- */

static GPtrArray *
parse_reply_text (const char  *text,
                  GError     **error)
{
  g_autoptr(JsonNode) reply = parse (text);

  return teller_captured_images_parse (json_node_get_object (reply), error);
}

START_TEST (test_reply_document_example)
{
  /* Table 2's example with two tiny real JPEGs in place of "****". */
  g_autofree char *first = make_jpeg_base64 (4, 3);
  g_autofree char *second = make_jpeg_base64 (2, 5);
  g_autofree char *text = g_strdup_printf ("{\"code\":\"0\",\"message\":\"\",\"image_count\":2,"
                                           "\"images\":[{\"index\":0,\"base64\":\"%s\"},"
                                           "{\"index\":1,\"base64\":\"%s\"}]}", first, second);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = parse_reply_text (text, &error);
  TellerCapturedImage *image;

  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (images->len, 2);
  image = g_ptr_array_index (images, 0);
  ck_assert_int_eq (image->index, 0);
  ck_assert_int_eq (image->width, 4);
  ck_assert_int_eq (image->height, 3);
  ck_assert_ptr_null (image->filepath);
  ck_assert_ptr_null (image->uuid);
  ck_assert_ptr_null (image->thumbnail);
  image = g_ptr_array_index (images, 1);
  ck_assert_int_eq (image->index, 1);
  ck_assert_int_eq (image->width, 2);
  ck_assert_int_eq (image->height, 5);

  /* The bytes are the JPEG itself. */
  {
    g_autoptr(GBytes) expected = make_jpeg (2, 5);
    ck_assert (g_bytes_equal (expected, image->jpeg));
  }
}
END_TEST

START_TEST (test_reply_uuid_and_loose_forms)
{
  g_autofree char *jpeg = make_jpeg_base64 (3, 3);
  g_autofree char *unpadded = g_strndup (jpeg, strcspn (jpeg, "="));
  g_autofree char *wrapped = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  GString *lines = g_string_new (NULL);
  TellerCapturedImage *image;

  for (const char *p = jpeg; *p != '\0'; p++)
    {
      g_string_append_c (lines, *p);
      if ((p - jpeg) % 76 == 75)
        g_string_append (lines, "\\r\\n");
    }
  wrapped = g_string_free (lines, FALSE);

  /* make_uuid's filepath and uuid; image_count wrong (the array wins); an index as
   * text; base64 as a data URI, broken into MIME lines, or without its padding. */
  text = g_strdup_printf ("{\"code\":\"0\",\"image_count\":7,\"images\":["
                          "{\"index\":0,\"filepath\":\"D:\\\\img\\\\a.jpg\",\"uuid\":\"u-1\",\"base64\":\"%s\"},"
                          "{\"index\":\"1\",\"base64\":\"data:image/jpeg;base64,%s\"},"
                          "{\"base64\":\"%s\"},"
                          "{\"index\":3,\"base64\":\"%s\"}]}",
                          jpeg, jpeg, wrapped, unpadded);
  images = parse_reply_text (text, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (images->len, 4);
  image = g_ptr_array_index (images, 0);
  ck_assert_str_eq (image->filepath, "D:\\img\\a.jpg");
  ck_assert_str_eq (image->uuid, "u-1");
  for (guint i = 0; i < images->len; i++)
    {
      image = g_ptr_array_index (images, i);
      ck_assert_int_eq (image->index, i);
      ck_assert_int_eq (image->width, 3);
    }
}
END_TEST

START_TEST (test_reply_v10)
{
  g_autofree char *photo = make_jpeg_base64 (6, 4);
  g_autofree char *thumbnail = make_jpeg_base64 (3, 2);
  g_autofree char *full = g_strdup_printf ("{\"code\":\"0\",\"message\":\"\",\"uuid\":\"3f2a\","
                                           "\"filepath\":\"C:\\\\CameraService\\\\3f2a.jpg\","
                                           "\"photoBase64\":\"%s\",\"thumbnail\":\"%s\"}",
                                           photo, thumbnail);
  /* "filepath": "base64" in the request: photoBase64 alone. */
  g_autofree char *bare = g_strdup_printf ("{\"code\":\"0\",\"photoBase64\":\"%s\"}", photo);
  /* A path given in the request: uuid comes back empty. */
  g_autofree char *given = g_strdup_printf ("{\"code\":\"0\",\"uuid\":\"\",\"filepath\":\"/tmp/x.jpg\","
                                            "\"photoBase64\":\"%s\",\"thumbnail\":\"\"}", photo);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  TellerCapturedImage *image;
  int width = 0, height = 0;

  images = parse_reply_text (full, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (images->len, 1);
  image = g_ptr_array_index (images, 0);
  ck_assert_int_eq (image->index, 0);
  ck_assert_int_eq (image->width, 6);
  ck_assert_int_eq (image->height, 4);
  ck_assert_str_eq (image->uuid, "3f2a");
  ck_assert_str_eq (image->filepath, "C:\\CameraService\\3f2a.jpg");
  ck_assert_ptr_nonnull (image->thumbnail);
  ck_assert (teller_jpeg_get_size (g_bytes_get_data (image->thumbnail, NULL),
                                   g_bytes_get_size (image->thumbnail), &width, &height));
  ck_assert_int_eq (width, 3);
  g_clear_pointer (&images, g_ptr_array_unref);

  images = parse_reply_text (bare, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  image = g_ptr_array_index (images, 0);
  ck_assert_ptr_null (image->uuid);
  ck_assert_ptr_null (image->filepath);
  ck_assert_ptr_null (image->thumbnail);
  g_clear_pointer (&images, g_ptr_array_unref);

  images = parse_reply_text (given, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  image = g_ptr_array_index (images, 0);
  ck_assert_ptr_null (image->uuid);
  ck_assert_str_eq (image->filepath, "/tmp/x.jpg");
}
END_TEST

/* Replies a service should never send; each is a bad response, never a crash. */
static const char * const bad_replies[] = {
  "{\"code\":\"0\",\"message\":\"\"}",                                   /* no image at all */
  "{\"code\":\"0\",\"image_count\":1}",                                   /* a count, no array */
  "{\"code\":\"0\",\"image_count\":0,\"images\":[]}",                     /* an empty array */
  "{\"code\":\"0\",\"images\":{\"base64\":\"%s\"}}",                      /* not an array */
  "{\"code\":\"0\",\"images\":[\"%s\"]}",                                 /* not objects */
  "{\"code\":\"0\",\"images\":[{\"index\":0}]}",                          /* no base64 */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":12}]}",            /* base64 a number */
  "{\"code\":\"0\",\"images\":[{\"index\":-1,\"base64\":\"%s\"}]}",       /* a negative index */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"\"}]}",          /* empty */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"/9j/4AAQ@@@@\"}]}",   /* not base64 */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"/9j/4A==AAAA\"}]}",   /* data after padding */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"/9j/4\"}]}",          /* a lone sextet */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"aGVsbG8gd29ybGQ=\"}]}", /* "hello world" */
  "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"/9j/2Q==\"}]}",  /* SOI then EOI, no frame */
  "{\"code\":\"0\",\"images\":[{\"base64\":\"%s\"},{\"base64\":\"iVBORw0KGgo=\"}]}", /* a PNG after a JPEG */
  "{\"code\":\"0\",\"photoBase64\":null}",                                /* v1.0 without the image */
  "{\"code\":\"0\",\"photoBase64\":\"%s\",\"uuid\":5}",                  /* v1.0, uuid a number */
  "{\"code\":\"0\",\"photoBase64\":\"%s\",\"thumbnail\":\"***\"}",       /* v1.0, bad thumbnail */
  "{\"code\":\"0\",\"photoBase64\":\"data:image/jpeg,%s\"}",             /* a data URI, not base64 */
};

START_TEST (test_reply_bad)
{
  g_autofree char *jpeg = make_jpeg_base64 (2, 2);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  text = g_strdup_printf (bad_replies[_i], jpeg);
#pragma GCC diagnostic pop
  images = parse_reply_text (text, &error);
  ck_assert_msg (images == NULL, "reply %d was accepted", _i);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE),
                 "reply %d: %s", _i, error->message);
}
END_TEST

START_TEST (test_jpeg_size_reader)
{
  /* SOI, APP0 (4 bytes of payload), fill bytes, SOF2 (progressive) 0x0102 × 0x0304. */
  static const guint8 progressive[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, 'J', 'F', 'I', 'F', 0xFF, 0xFF, 0xC2, 0x00, 0x0B,
    0x08, 0x01, 0x02, 0x03, 0x04, 0x01, 0x01, 0x11, 0x00,
  };
  /* A DHT (0xC4) is not a frame header even though it sits in the SOF range. */
  static const guint8 dht_first[] = {
    0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B,
    0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00,
  };
  static const guint8 segment_overruns[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x40, 0x00, 0x00 };
  static const guint8 scan_first[] = { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9 };
  static const guint8 sof_short[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x05, 0x08, 0x00, 0x10 };
  static const guint8 zero_height[] = {
    0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00,
  };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
  int width = 0, height = 0;

  ck_assert (teller_jpeg_get_size (progressive, sizeof progressive, &width, &height));
  ck_assert_int_eq (width, 0x0304);
  ck_assert_int_eq (height, 0x0102);
  ck_assert (teller_jpeg_get_size (dht_first, sizeof dht_first, &width, &height));
  ck_assert_int_eq (width, 0x20);
  ck_assert_int_eq (height, 0x10);

  ck_assert (!teller_jpeg_get_size (segment_overruns, sizeof segment_overruns, NULL, NULL));
  ck_assert (!teller_jpeg_get_size (scan_first, sizeof scan_first, NULL, NULL));
  ck_assert (!teller_jpeg_get_size (sof_short, sizeof sof_short, NULL, NULL));
  ck_assert (!teller_jpeg_get_size (zero_height, sizeof zero_height, NULL, NULL));
  ck_assert (!teller_jpeg_get_size (png, sizeof png, NULL, NULL));
  ck_assert (!teller_jpeg_get_size (progressive, 3, NULL, NULL));
  /* Every truncation of a valid header fails cleanly (ASan watches the reads). */
  for (gsize n = 0; n < sizeof progressive - 6; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (progressive, n);
      ck_assert_msg (!teller_jpeg_get_size (copy, n, NULL, NULL), "%zu bytes", n);
    }
}
END_TEST

/* ---- Against the simulator --------------------------------------------- */

typedef struct
{
  TellerSim           *sim;
  TellerJsonClient    *client;
  TellerCameraService *camera;
  char                *url;
} Fixture;

static Fixture fixture;

static TellerSimCapture *
sim_capture (void)
{
  return _teller_sim_capture_get (teller_sim_get_camera_server (fixture.sim));
}

static void
setup_sim (void)
{
  g_autoptr(GError) error = NULL;

  fixture.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fixture.sim, 0, &error), "%s", error ? error->message : "");
  fixture.url = teller_sim_dup_camera_url (fixture.sim);
  fixture.client = teller_json_client_new ();
  fixture.camera = teller_camera_service_new (fixture.client, fixture.url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), CAPTURE_TIMEOUT_MS);
  g_object_set (sim_capture (), "frame-width", SMALL_WIDTH, "frame-height", SMALL_HEIGHT, NULL);
}

static void
teardown_sim (void)
{
  g_clear_object (&fixture.camera);
  g_clear_object (&fixture.client);
  g_clear_object (&fixture.sim);
  g_clear_pointer (&fixture.url, g_free);
  while (g_main_context_iteration (NULL, FALSE));
}

static void
set_fault (const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (teller_sim_get_camera_server (fixture.sim),
                                              "video=grabimage", spec, &error),
                 "%s", error ? error->message : "");
}

static GPtrArray *
capture_with (TellerCameraService         *camera,
              const TellerCaptureOptions  *options,
              GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_capture_async (camera, options, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CAPTURE_TIMEOUT_MS * 2);
  return teller_camera_service_capture_finish (camera, result, error);
}

static GPtrArray *
capture (const TellerCaptureOptions *options)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *images = capture_with (fixture.camera, options, &error);

  ck_assert_msg (images != NULL, "capture failed: %s", error ? error->message : "");
  ck_assert_uint_ge (images->len, 1);
  return images;
}

static TellerCapturedImage *
first (GPtrArray *images)
{
  return g_ptr_array_index (images, 0);
}

/* POSTs raw JSON, for requests the typed client never sends. */
static JsonNode *
post_raw (const char *route,
          const char *body_text)
{
  g_autoptr(JsonNode) body = parse (body_text);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = teller_json_client_build_url (fixture.url, route);
  JsonNode *reply;

  teller_json_client_post_async (fixture.client, url, body, CAPTURE_TIMEOUT_MS, NULL,
                                 test_store_result_cb, &result);
  test_wait_for_result (&result, CAPTURE_TIMEOUT_MS * 2);
  reply = teller_json_client_request_finish (fixture.client, result, &error);
  ck_assert_msg (reply != NULL, "%s", error ? error->message : "");
  return reply;
}

START_TEST (test_sim_plain_8mp)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  TellerCapturedImage *image;

  g_object_set (sim_capture (), "frame-width", TELLER_SIM_CAPTURE_DEFAULT_WIDTH,
                "frame-height", TELLER_SIM_CAPTURE_DEFAULT_HEIGHT, NULL);
  images = capture (options);
  ck_assert_uint_eq (images->len, 1);
  image = first (images);
  ck_assert_int_eq (image->index, 0);
  /* No cut by default: the whole 3264 × 2448 frame. */
  ck_assert_int_eq (image->width, TELLER_SIM_CAPTURE_DEFAULT_WIDTH);
  ck_assert_int_eq (image->height, TELLER_SIM_CAPTURE_DEFAULT_HEIGHT);
  /* The header's size is the decoded image's size. */
  pixbuf = decode_jpeg (image->jpeg);
  ck_assert_int_eq (gdk_pixbuf_get_width (pixbuf), image->width);
  ck_assert_int_eq (gdk_pixbuf_get_height (pixbuf), image->height);
}
END_TEST

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TellerCameraStatus) status =
    teller_camera_service_status_finish (TELLER_CAMERA_SERVICE (object), result, NULL);
  gint64 *finished_at = user_data;

  ck_assert_ptr_nonnull (status);
  *finished_at = g_get_monotonic_time ();
}

START_TEST (test_sim_12mp_keeps_serving)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  gint64 status_at = 0, capture_at;

  g_object_set (sim_capture (), "frame-width", 4000, "frame-height", 3000, NULL);
  options->jpg_quality = 95;
  teller_camera_service_capture_async (fixture.camera, options, NULL, test_store_result_cb, &result);
  /* Asked after the capture, answered before it: the encoding runs off the loop. */
  teller_camera_service_status_async (fixture.camera, NULL, status_cb, &status_at);
  test_wait_for_result (&result, CAPTURE_TIMEOUT_MS * 2);
  capture_at = g_get_monotonic_time ();
  images = teller_camera_service_capture_finish (fixture.camera, result, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (first (images)->width, 4000);
  ck_assert_int_eq (first (images)->height, 3000);
  ck_assert_msg (status_at != 0 && status_at < capture_at,
                 "video=status waited for the capture");
}
END_TEST

START_TEST (test_sim_rotate_swaps)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) upright = NULL;
  g_autoptr(GPtrArray) turned = NULL;
  g_autoptr(GPtrArray) upside = NULL;

  options->cut_type = TELLER_CAPTURE_CUT_AUTO;
  upright = capture (options);
  options->rotate = 90;
  turned = capture (options);
  options->rotate = 180;
  upside = capture (options);

  /* The page is portrait; a quarter turn makes it landscape. */
  ck_assert_int_lt (first (upright)->width, first (upright)->height);
  ck_assert_int_eq (first (turned)->width, first (upright)->height);
  ck_assert_int_eq (first (turned)->height, first (upright)->width);
  ck_assert_int_eq (first (upside)->width, first (upright)->width);
  ck_assert_int_eq (first (upside)->height, first (upright)->height);
}
END_TEST

START_TEST (test_sim_grey_pixels)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) colour = NULL;
  g_autoptr(GPtrArray) grey = NULL;
  g_autoptr(GdkPixbuf) colour_pixbuf = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guint8 *pixels;
  int stride, n_channels;
  gboolean coloured = FALSE;

  options->camidx = 0;
  colour = capture (options);
  colour_pixbuf = decode_jpeg (first (colour)->jpeg);
  pixels = gdk_pixbuf_read_pixels (colour_pixbuf);
  stride = gdk_pixbuf_get_rowstride (colour_pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (colour_pixbuf);
  for (int y = 0; y < gdk_pixbuf_get_height (colour_pixbuf) && !coloured; y++)
    for (int x = 0; x < gdk_pixbuf_get_width (colour_pixbuf) && !coloured; x++)
      {
        const guint8 *p = pixels + y * stride + x * n_channels;
        coloured = p[0] != p[1] || p[1] != p[2];
      }
  ck_assert_msg (coloured, "the colour capture has no colour to lose");

  options->color_type = TELLER_CAPTURE_COLOR_GREY;
  grey = capture (options);
  pixbuf = decode_jpeg (first (grey)->jpeg);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      {
        const guint8 *p = pixels + y * stride + x * n_channels;
        ck_assert_msg (p[0] == p[1] && p[1] == p[2], "pixel %d,%d is %u,%u,%u",
                       x, y, p[0], p[1], p[2]);
      }
}
END_TEST

START_TEST (test_sim_black_and_white)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guint8 *pixels;
  int stride, n_channels, width, height;
  guint64 extreme = 0;

  options->color_type = TELLER_CAPTURE_COLOR_BLACK_WHITE;
  options->jpg_quality = 100;
  images = capture (options);
  pixbuf = decode_jpeg (first (images)->jpeg);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = pixels + y * stride + x * n_channels;

        ck_assert (p[0] == p[1] && p[1] == p[2]);
        extreme += p[0] < 32 || p[0] > 223;
      }
  /* The sim writes only 0 and 255; JPEG rings a little at the edges. */
  ck_assert_msg (extreme * 100 >= (guint64) width * height * 97,
                 "%" G_GUINT64_FORMAT " of %d pixels are black or white", extreme, width * height);
}
END_TEST

START_TEST (test_sim_multi_object)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) single = NULL;
  g_autoptr(GPtrArray) several = NULL;

  options->cut_type = TELLER_CAPTURE_CUT_AUTO;
  single = capture (options);
  ck_assert_uint_eq (single->len, 1);

  options->multi_object = TRUE;
  several = capture (options);
  ck_assert_uint_gt (several->len, 1);
  for (guint i = 0; i < several->len; i++)
    ck_assert_int_eq (((TellerCapturedImage *) g_ptr_array_index (several, i))->index, i);
  /* Without multi_object, the largest object: the page, first of the set. */
  ck_assert_int_eq (first (single)->width, first (several)->width);
  ck_assert_int_eq (first (single)->height, first (several)->height);
}
END_TEST

START_TEST (test_sim_quality_changes_size)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) low = NULL;
  g_autoptr(GPtrArray) high = NULL;

  options->jpg_quality = 20;
  low = capture (options);
  options->jpg_quality = 90;
  high = capture (options);
  ck_assert_int_eq (first (low)->width, first (high)->width);
  ck_assert_uint_lt (g_bytes_get_size (first (low)->jpeg), g_bytes_get_size (first (high)->jpeg));
}
END_TEST

START_TEST (test_sim_dpi_in_jfif)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) defaults = NULL;
  const guint8 *data;
  gsize size;

  options->xdpi = 300;
  options->ydpi = 150;
  images = capture (options);
  data = g_bytes_get_data (first (images)->jpeg, &size);
  /* SOI, then APP0 "JFIF\0", version, units (1 = dots per inch), Xdensity, Ydensity. */
  ck_assert_uint_gt (size, 18);
  ck_assert (data[2] == 0xFF && data[3] == 0xE0);
  ck_assert (memcmp (data + 6, "JFIF", 5) == 0);
  ck_assert_uint_eq (data[13], 1);
  ck_assert_uint_eq ((data[14] << 8) | data[15], 300);
  ck_assert_uint_eq ((data[16] << 8) | data[17], 150);

  /* The document's default is 200. */
  {
    g_autoptr(TellerCaptureOptions) plain = teller_capture_options_new ();

    defaults = capture (plain);
    data = g_bytes_get_data (first (defaults)->jpeg, &size);
    ck_assert_uint_eq ((data[14] << 8) | data[15], 200);
    ck_assert_uint_eq ((data[16] << 8) | data[17], 200);
  }
}
END_TEST

START_TEST (test_sim_fixed_size_and_file_limit)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) fixed = NULL;
  g_autoptr(GPtrArray) unlimited = NULL;
  g_autoptr(GPtrArray) limited = NULL;

  options->cut_type = TELLER_CAPTURE_CUT_AUTO;
  options->fixed_width = 640;
  options->fixed_height = 480;
  fixed = capture (options);
  ck_assert_int_eq (first (fixed)->width, 640);
  ck_assert_int_eq (first (fixed)->height, 480);

  g_object_set (sim_capture (), "frame-width", 2000, "frame-height", 1500, NULL);
  options->fixed_width = options->fixed_height = TELLER_CAPTURE_UNSET;
  options->jpg_quality = 90;
  unlimited = capture (options);
  options->max_file_size = g_bytes_get_size (first (unlimited)->jpeg) / 4;
  limited = capture (options);
  ck_assert_uint_le (g_bytes_get_size (first (limited)->jpeg), (gsize) options->max_file_size);
  ck_assert_int_lt (first (limited)->width, first (unlimited)->width);
}
END_TEST

START_TEST (test_sim_uuid_split_face_watermark)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) uuid = NULL;
  g_autoptr(GPtrArray) split = NULL;
  g_autoptr(GPtrArray) face = NULL;
  g_autoptr(GPtrArray) face_cut = NULL;
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(GPtrArray) marked = NULL;

  options->make_uuid = TRUE;
  uuid = capture (options);
  ck_assert (g_uuid_string_is_valid (first (uuid)->uuid));
  ck_assert (strstr (first (uuid)->filepath, first (uuid)->uuid) != NULL);

  options->make_uuid = FALSE;
  options->cut_type = TELLER_CAPTURE_CUT_AUTO;
  options->split_page = TRUE;
  split = capture (options);
  ck_assert_uint_eq (split->len, 2);
  ck_assert_ptr_null (first (split)->uuid);

  options->split_page = TELLER_CAPTURE_UNSET;
  options->cut_type = TELLER_CAPTURE_UNSET;
  options->camidx = 1;
  face = capture (options);
  options->cut_type = TELLER_CAPTURE_CUT_FACE;
  face_cut = capture (options);
  ck_assert_int_lt (first (face_cut)->width, first (face)->width);
  ck_assert_int_lt (first (face_cut)->height, first (face)->height);

  options->camidx = 0;
  options->cut_type = TELLER_CAPTURE_UNSET;
  plain = capture (options);
  options->watermark.enabled = TRUE;
  options->watermark.content = g_strdup ("TELLER 柜台");
  options->watermark.fontsize = 60;
  marked = capture (options);
  ck_assert (!g_bytes_equal (first (plain)->jpeg, first (marked)->jpeg));
}
END_TEST

START_TEST (test_sim_v10_reply_form)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(JsonNode) control = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autofree char *form = NULL;
  TellerCapturedImage *image;

  /* Through the control route, as a test driving teller-devsim would. */
  control = post_raw ("__sim/capture", "{\"reply_form\":\"v1.0\"}");
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (control), "code"), "0");
  g_object_get (sim_capture (), "reply-form", &form, NULL);
  ck_assert_str_eq (form, "v1.0");

  options->cut_type = TELLER_CAPTURE_CUT_AUTO;
  options->multi_object = TRUE;  /* v1.0 has room for one image only */
  images = capture (options);
  ck_assert_uint_eq (images->len, 1);
  image = first (images);
  ck_assert (g_uuid_string_is_valid (image->uuid));
  ck_assert_ptr_nonnull (image->filepath);
  ck_assert_ptr_nonnull (image->thumbnail);
  ck_assert_int_gt (image->width, 0);
}
END_TEST

START_TEST (test_sim_v10_request)
{
  /* Appendix 13.1's request, and its "filepath": "base64" form. */
  g_autoptr(JsonNode) full = post_raw ("video=grabimage",
    "{\"filepath\":\"\",\"rotate\":\"0\",\"camidx\":\"0\",\"cutpage\":\"0\",\"watermark\":"
    "{\"pos\":\"4\",\"content\":\"\",\"transparency\":\"100\",\"fontsize\":\"60\","
    "\"font\":\"微软雅黑\",\"color\":\"red\"}}");
  g_autoptr(JsonNode) bare = post_raw ("video=grabimage", "{\"filepath\":\"base64\",\"jquality\":\"50\"}");
  JsonObject *object = json_node_get_object (full);

  ck_assert_str_eq (json_object_get_string_member (object, "code"), "0");
  ck_assert (json_object_has_member (object, "photoBase64"));
  ck_assert (json_object_has_member (object, "thumbnail"));
  ck_assert (json_object_has_member (object, "uuid"));
  ck_assert (json_object_has_member (object, "filepath"));
  ck_assert (!json_object_has_member (object, "images"));

  object = json_node_get_object (bare);
  ck_assert_str_eq (json_object_get_string_member (object, "code"), "0");
  ck_assert (json_object_has_member (object, "photoBase64"));
  ck_assert (!json_object_has_member (object, "uuid"));
  ck_assert (!json_object_has_member (object, "thumbnail"));
}
END_TEST

/* The simulator holds requests to the document: every value a string, rotate a
 * multiple of 90; anything else is code "1". */
static const char * const sim_bad_requests[] = {
  "{\"camidx\":0,\"image_process_info\":{}}",
  "{\"image_process_info\":{\"rotate\":90}}",
  "{\"image_process_info\":{\"rotate\":\"45\"}}",
  "{\"image_process_info\":{\"cut_type\":\"9\"}}",
  "{\"image_process_info\":\"none\"}",
  "{\"image_process_info\":{},\"image_storage_info\":{\"jpg_quality\":\"5\"}}",
  "{\"image_process_info\":{\"cut_type\":\"2\"}}",
  "{\"image_process_info\":{\"cut_type\":\"2\",\"custom_rect\":{\"left\":\"10pt\",\"top\":\"0\",\"right\":\"1\",\"bottom\":\"1\"}}}",
  "{\"image_process_info\":{},\"watermark\":{\"pos\":4}}",
  "{\"rotate\":\"30\"}",
  "[1, 2]",
};

START_TEST (test_sim_rejects_bad_requests)
{
  g_autoptr(JsonNode) reply = post_raw ("video=grabimage", sim_bad_requests[_i]);
  JsonObject *object = json_node_get_object (reply);

  ck_assert_str_eq (json_object_get_string_member (object, "code"), "1");
  ck_assert_uint_gt (strlen (json_object_get_string_member (object, "message")), 0);
}
END_TEST

START_TEST (test_sim_invalid_options_not_sent)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

  options->rotate = 45;
  images = capture_with (fixture.camera, options, &error);
  ck_assert_ptr_null (images);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                         "video=grabimage"), 0);
}
END_TEST

START_TEST (test_sim_unplugged)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

  teller_sim_camera_set_plugged (teller_sim_get_camera (fixture.sim), FALSE);
  images = capture_with (fixture.camera, options, &error);
  ck_assert_ptr_null (images);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  ck_assert_ptr_nonnull (teller_error_get_vendor_message (error));
  g_clear_error (&error);

  /* The second face camera is never there. */
  teller_sim_camera_set_plugged (teller_sim_get_camera (fixture.sim), TRUE);
  options->camidx = 2;
  images = capture_with (fixture.camera, options, &error);
  ck_assert_ptr_null (images);
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
}
END_TEST

static const struct {
  const char *spec;
  int         code;
} fault_cases[] = {
  { "code=3", TELLER_ERROR_DEVICE },
  { "drop", TELLER_ERROR_UNREACHABLE },
  { "malformed", TELLER_ERROR_BAD_RESPONSE },
  { "truncated", TELLER_ERROR_BAD_RESPONSE },
  { "http500", TELLER_ERROR_BAD_RESPONSE },
  { "latency=3000", TELLER_ERROR_TIMEOUT },
};

START_TEST (test_sim_faults)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;
  gint64 start = g_get_monotonic_time ();

  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), 1000);
  set_fault (fault_cases[_i].spec);
  images = capture_with (fixture.camera, options, &error);
  ck_assert_msg (images == NULL, "fault %s gave images", fault_cases[_i].spec);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, fault_cases[_i].code),
                 "fault %s: %s (%d)", fault_cases[_i].spec, error->message, error->code);
  ck_assert_int_lt ((g_get_monotonic_time () - start) / 1000, 2500);
  if (fault_cases[_i].code == TELLER_ERROR_DEVICE)
    ck_assert_str_eq (teller_error_get_vendor_code (error), "3");
}
END_TEST

START_TEST (test_sim_cancel_and_teardown_mid_capture)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) orphan = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (sim_capture (), "frame-width", 4000, "frame-height", 3000, NULL);
  teller_camera_service_capture_async (fixture.camera, options, cancellable,
                                       test_store_result_cb, &cancelled);
  /* Let the request reach the simulator and its worker start, then leave. */
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                        "video=grabimage") == 1, 5000);
  g_cancellable_cancel (cancellable);
  test_wait_for_result (&cancelled, 5000);
  images = teller_camera_service_capture_finish (fixture.camera, cancelled, &error);
  ck_assert_ptr_null (images);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));

  /* A second capture in flight while the whole simulator goes away. */
  teller_camera_service_capture_async (fixture.camera, options, NULL, test_store_result_cb, &orphan);
  TEST_WAIT_UNTIL (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                        "video=grabimage") == 2, 5000);
  g_clear_object (&fixture.sim);
  test_wait_for_result (&orphan, CAPTURE_TIMEOUT_MS);
  images = teller_camera_service_capture_finish (fixture.camera, orphan, NULL);
  ck_assert_ptr_null (images);
  /* The workers finish into the void; nothing crashes meanwhile. */
  for (int i = 0; i < 300; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}
END_TEST

/* ---- A crafted server: replies no honest service sends ----------------- */

typedef struct
{
  SoupServer *server;
  char       *url;
  char       *body;           /* the canned reply */
  gsize       stream_total;   /* or stream this many bytes of an endless string */
  gsize       streamed;
} Crafted;

static Crafted crafted;

#define STREAM_CHUNK (1024 * 1024)
static char stream_chunk[STREAM_CHUNK];

static void
wrote_chunk_cb (SoupServerMessage *message,
                gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (crafted.streamed >= crafted.stream_total)
    {
      soup_message_body_complete (body);
      return;
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, stream_chunk, STREAM_CHUNK);
  crafted.streamed += STREAM_CHUNK;
}

static void
crafted_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char prefix[] = "{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  if (crafted.stream_total == 0)
    {
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        crafted.body, strlen (crafted.body));
      return;
    }

  /* Chunked, so the client cannot refuse by the length: it has to count. */
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, prefix, strlen (prefix));
  g_signal_connect (message, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), NULL);
}

static void
setup_crafted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  memset (stream_chunk, 'A', sizeof stream_chunk);
  crafted.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (crafted.server, "/", crafted_cb, NULL, NULL);
  ck_assert_msg (soup_server_listen (crafted.server, address, 0, &error), "%s", error ? error->message : "");
  /* Not soup_server_get_uris(): it leaks the address in libsoup 3.2. */
  listeners = soup_server_get_listeners (crafted.server);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  ck_assert_msg (bound != NULL, "%s", error ? error->message : "");
  crafted.url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  fixture.client = teller_json_client_new ();
  fixture.camera = teller_camera_service_new (fixture.client, crafted.url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fixture.camera), CAPTURE_TIMEOUT_MS);
}

static void
teardown_crafted (void)
{
  g_clear_object (&fixture.camera);
  g_clear_object (&fixture.client);
  if (crafted.server != NULL)
    soup_server_disconnect (crafted.server);
  g_clear_object (&crafted.server);
  g_clear_pointer (&crafted.url, g_free);
  g_clear_pointer (&crafted.body, g_free);
  crafted.stream_total = crafted.streamed = 0;
  while (g_main_context_iteration (NULL, FALSE));
}

static void
assert_crafted_bad (void)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = capture_with (fixture.camera, options, &error);

  ck_assert_ptr_null (images);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE),
                 "%s", error->message);
}

START_TEST (test_crafted_bad_replies)
{
  static const char * const replies[] = {
    "{\"code\":\"0\",\"message\":\"\",\"image_count\":1}",
    "{\"code\":\"0\",\"image_count\":1,\"images\":[{\"index\":0,\"base64\":\"not base64!\"}]}",
    "{\"code\":\"0\",\"image_count\":1,\"images\":[{\"index\":0,\"base64\":\"aGVsbG8gd29ybGQ=\"}]}",
    "{\"code\":0,\"photoBase64\":\"aGVsbG8=\"}",
  };

  crafted.body = g_strdup (replies[_i]);
  assert_crafted_bad ();
}
END_TEST

START_TEST (test_crafted_good_reply_number_code)
{
  g_autofree char *jpeg = make_jpeg_base64 (5, 7);
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  /* "code" as the number 0, as some builds send it (NOTES.md). */
  crafted.body = g_strdup_printf ("{\"code\":0,\"image_count\":1,\"images\":[{\"index\":0,\"base64\":\"%s\"}]}", jpeg);
  images = capture_with (fixture.camera, options, &error);
  ck_assert_msg (images != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (first (images)->width, 5);
  ck_assert_int_eq (first (images)->height, 7);
}
END_TEST

START_TEST (test_crafted_huge_reply_refused)
{
  /* 100 MB of "image" against a 16 MB limit: refused while it streams. */
  teller_json_client_set_max_reply_size (fixture.client, 16 * 1024 * 1024);
  crafted.stream_total = 100 * (gsize) 1024 * 1024;
  assert_crafted_bad ();
  ck_assert_uint_lt (crafted.streamed, crafted.stream_total);
}
END_TEST

START_TEST (test_crafted_large_garbage_decoded_off_loop)
{
  /* 24 MB of base64 that decodes to something that is not a JPEG. */
  GString *body = g_string_new ("{\"code\":\"0\",\"images\":[{\"index\":0,\"base64\":\"");

  for (guint i = 0; i < 24 * 1024; i++)
    g_string_append_len (body, stream_chunk, 1024);
  g_string_append (body, "\"}]}");
  crafted.body = g_string_free (body, FALSE);
  assert_crafted_bad ();
}
END_TEST

/* ---- teller-cli camera capture ----------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs teller-cli while this process's main loop keeps the simulator answering. */
static CliRun
run_cli (const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) TELLER_CLI_PATH);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  ck_assert_msg (process != NULL, "%s", error ? error->message : "");
  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CAPTURE_TIMEOUT_MS * 2);
  ck_assert (g_subprocess_communicate_utf8_finish (process, result, &run.out, &run.err, &error));
  ck_assert (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);

  return run;
}

static char *
make_out_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("teller-capture-XXXXXX", &error);

  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

START_TEST (test_cli_capture_writes_files)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *out = g_build_filename (dir, "new", "folder", NULL);
  g_auto(CliRun) run = run_cli ("--camera-url", fixture.url, "camera", "capture", "--out", out,
                                "--cut-type", "1", "--multi", "--dpi", "300", "--quality", "80",
                                "--color", "0", "--rotate", "90", "--watermark", "T-01", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *images;
  guint n_files = 0;

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  root = parse (run.out);
  images = json_object_get_array_member (json_node_get_object (root), "images");
  ck_assert_uint_gt (json_array_get_length (images), 1);

  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *entry = json_array_get_object_element (images, i);
      const char *path = json_object_get_string_member (entry, "path");
      g_autofree char *contents = NULL;
      gsize length = 0;
      int width = 0, height = 0;

      ck_assert (g_str_has_prefix (path, out));
      ck_assert_msg (g_file_get_contents (path, &contents, &length, NULL), "%s is missing", path);
      ck_assert_int_eq (length, json_object_get_int_member (entry, "bytes"));
      ck_assert (teller_jpeg_get_size ((const guint8 *) contents, length, &width, &height));
      ck_assert_int_eq (width, json_object_get_int_member (entry, "width"));
      ck_assert_int_eq (height, json_object_get_int_member (entry, "height"));
      /* --rotate 90 turned the portrait page into landscape. */
      if (i == 0)
        ck_assert_int_gt (width, height);
    }

  {
    g_autoptr(GDir) listing = g_dir_open (out, 0, NULL);
    const char *name;

    /* Each image under a name of its own, and no temporary file left behind. */
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        ck_assert_msg (g_str_has_suffix (name, ".jpg"), "stray file %s", name);
        n_files++;
      }
    ck_assert_uint_eq (n_files, json_array_get_length (images));
  }
  remove_dir (dir);
}
END_TEST

START_TEST (test_cli_capture_errors)
{
  g_autofree char *dir = make_out_dir ();
  g_auto(CliRun) no_out = run_cli ("--camera-url", fixture.url, "camera", "capture", NULL);
  g_auto(CliRun) bad_quality = run_cli ("--camera-url", fixture.url, "camera", "capture",
                                        "--out", dir, "--quality", "5", NULL);
  g_auto(CliRun) stray = run_cli ("--camera-url", fixture.url, "camera", "capture",
                                  "--out", dir, "extra", NULL);
  g_auto(CliRun) unplugged = { 0 };
  g_auto(CliRun) unreachable = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *error_object;

  ck_assert_int_eq (no_out.status, 2);
  ck_assert (strstr (no_out.err, "--out") != NULL);
  ck_assert_int_eq (bad_quality.status, 2);
  ck_assert_int_eq (stray.status, 2);
  ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fixture.sim),
                                                         "video=grabimage"), 0);

  teller_sim_camera_set_plugged (teller_sim_get_camera (fixture.sim), FALSE);
  unplugged = run_cli ("--json", "--camera-url", fixture.url, "camera", "capture", "--out", dir, NULL);
  ck_assert_int_eq (unplugged.status, 1);
  root = parse (unplugged.out);
  error_object = json_object_get_object_member (json_node_get_object (root), "error");
  ck_assert_str_eq (json_object_get_string_member (error_object, "kind"), "device");
  ck_assert_str_eq (json_object_get_string_member (error_object, "code"), "2");

  unreachable = run_cli ("--camera-url", "http://127.0.0.1:1", "camera", "capture", "--out", dir, NULL);
  ck_assert_int_eq (unreachable.status, 3);
  /* Nothing was written for the failures. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    ck_assert_ptr_null (g_dir_read_name (listing));
  }
  remove_dir (dir);
}
END_TEST

/* ---- The suite --------------------------------------------------------- */

static Suite *
capture_suite (void)
{
  Suite *suite = suite_create ("capture");
  TCase *request = tcase_create ("request");
  TCase *reply = tcase_create ("reply");
  TCase *sim = tcase_create ("simulator");
  TCase *crafted_case = tcase_create ("crafted");
  TCase *cli = tcase_create ("cli");

  tcase_add_test (request, test_request_document_example);
  tcase_add_test (request, test_request_empty_keeps_process_info);
  tcase_add_test (request, test_request_every_field);
  tcase_add_loop_test (request, test_validation_rejects, 0, G_N_ELEMENTS (breakers));
  tcase_add_test (request, test_validation_accepts_limits);
  tcase_add_test (request, test_presets);
  suite_add_tcase (suite, request);

  tcase_add_test (reply, test_reply_document_example);
  tcase_add_test (reply, test_reply_uuid_and_loose_forms);
  tcase_add_test (reply, test_reply_v10);
  tcase_add_loop_test (reply, test_reply_bad, 0, G_N_ELEMENTS (bad_replies));
  tcase_add_test (reply, test_jpeg_size_reader);
  suite_add_tcase (suite, reply);

  tcase_add_checked_fixture (sim, setup_sim, teardown_sim);
  tcase_set_timeout (sim, 120);
  tcase_add_test (sim, test_sim_plain_8mp);
  tcase_add_test (sim, test_sim_12mp_keeps_serving);
  tcase_add_test (sim, test_sim_rotate_swaps);
  tcase_add_test (sim, test_sim_grey_pixels);
  tcase_add_test (sim, test_sim_black_and_white);
  tcase_add_test (sim, test_sim_multi_object);
  tcase_add_test (sim, test_sim_quality_changes_size);
  tcase_add_test (sim, test_sim_dpi_in_jfif);
  tcase_add_test (sim, test_sim_fixed_size_and_file_limit);
  tcase_add_test (sim, test_sim_uuid_split_face_watermark);
  tcase_add_test (sim, test_sim_v10_reply_form);
  tcase_add_test (sim, test_sim_v10_request);
  tcase_add_loop_test (sim, test_sim_rejects_bad_requests, 0, G_N_ELEMENTS (sim_bad_requests));
  tcase_add_test (sim, test_sim_invalid_options_not_sent);
  tcase_add_test (sim, test_sim_unplugged);
  tcase_add_loop_test (sim, test_sim_faults, 0, G_N_ELEMENTS (fault_cases));
  tcase_add_test (sim, test_sim_cancel_and_teardown_mid_capture);
  suite_add_tcase (suite, sim);

  tcase_add_checked_fixture (crafted_case, setup_crafted, teardown_crafted);
  tcase_set_timeout (crafted_case, 120);
  tcase_add_loop_test (crafted_case, test_crafted_bad_replies, 0, 4);
  tcase_add_test (crafted_case, test_crafted_good_reply_number_code);
  tcase_add_test (crafted_case, test_crafted_huge_reply_refused);
  tcase_add_test (crafted_case, test_crafted_large_garbage_decoded_off_loop);
  suite_add_tcase (suite, crafted_case);

  tcase_add_checked_fixture (cli, setup_sim, teardown_sim);
  tcase_set_timeout (cli, 120);
  tcase_add_test (cli, test_cli_capture_writes_files);
  tcase_add_test (cli, test_cli_capture_errors);
  suite_add_tcase (suite, cli);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (capture_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
