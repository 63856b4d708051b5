/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"

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

TCase *
capture_request_tcase (void)
{
  TCase *tc = tcase_create ("request");

  tcase_add_test (tc, test_request_document_example);
  tcase_add_test (tc, test_request_empty_keeps_process_info);
  tcase_add_test (tc, test_request_every_field);
  tcase_add_loop_test (tc, test_validation_rejects, 0, G_N_ELEMENTS (breakers));
  tcase_add_test (tc, test_validation_accepts_limits);
  tcase_add_test (tc, test_presets);

  return tc;
}
