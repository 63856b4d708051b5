/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Request builders against the request examples of 001_5b286aac9e459b89.txt,
 * member by member: every value a string, nothing extra. */

#include "config.h"

#include "teller-camera-settings.h"
#include "test-settings.h"

/* 3.7: {"camidx": "0", "brightness": "64"} and {"camidx": "0", "exposure": "999"} */
START_TEST (test_build_set_property)
{
  g_autoptr(JsonNode) brightness = teller_camera_build_set_property (0, "brightness", 64);
  g_autoptr(JsonNode) exposure = teller_camera_build_set_property (0, "exposure", 999);
  g_autoptr(JsonNode) negative = teller_camera_build_set_property (1, "exposure", -13);
  g_autofree char *text = json_to_string (brightness, FALSE);

  settings_assert_json (brightness, "{\"camidx\": \"0\", \"brightness\": \"64\"}");
  settings_assert_json (exposure, "{\"camidx\": \"0\", \"exposure\": \"999\"}");
  settings_assert_json (negative, "{\"camidx\": \"1\", \"exposure\": \"-13\"}");
  /* camidx first, as the document writes it. */
  ck_assert_str_eq (text, "{\"camidx\":\"0\",\"brightness\":\"64\"}");
}
END_TEST

/* 3.8: camidx and key */
START_TEST (test_build_get_property)
{
  g_autoptr(JsonNode) body = teller_camera_build_get_property (0, "focus");

  settings_assert_json (body, "{\"camidx\": \"0\", \"key\": \"focus\"}");
}
END_TEST

/* 5.1, 5.2, 5.3, 5.4, 5.14 */
START_TEST (test_build_resolution_requests)
{
  TellerResolution size = { 2592, 1944 };
  TellerResolution preview = { 1280, 960 };
  g_autoptr(JsonNode) set = teller_camera_build_set_resolution (0, &size);
  g_autoptr(JsonNode) list = teller_camera_build_param_get ("resolution", "0");
  g_autoptr(JsonNode) current = teller_camera_build_param_get ("current_resolution", "0");
  g_autoptr(JsonNode) set_preview = teller_camera_build_set_preview_resolution (0, &preview);
  g_autoptr(JsonNode) get_preview = teller_camera_build_param_get ("preview_resolution", "1");
  g_autoptr(JsonNode) rate = teller_camera_build_set_frame_rate (0, 10);

  settings_assert_json (set, "{ \"resolution\": { \"width\": \"2592\", \"height\": \"1944\" }, "
                             "\"camidx\": \"0\" }");
  settings_assert_json (list, "{\"type\": \"resolution\", \"camidx\": \"0\"}");
  settings_assert_json (current, "{\"type\": \"current_resolution\", \"camidx\": \"0\"}");
  settings_assert_json (set_preview, "{\"preview_resolution\": {\"width\": \"1280\", "
                                     "\"height\": \"960\"}, \"camidx\": \"0\"}");
  settings_assert_json (get_preview, "{\"type\": \"preview_resolution\", \"camidx\": \"1\"}");
  settings_assert_json (rate, "{\"framerate\": \"10\", \"camidx\": \"0\"}");
}
END_TEST

/* 5.7–5.12 */
START_TEST (test_build_screen_cut_page_formats)
{
  TellerCutPageOptions on = { TRUE, TRUE, 0.75 };
  TellerCutPageOptions largest = { TRUE, FALSE, 0 };
  TellerCutPageOptions off = { FALSE, TRUE, 0.75 };
  g_autoptr(JsonNode) screen = teller_camera_build_param_get ("screen_pos", NULL);
  g_autoptr(JsonNode) mouse_on = teller_camera_build_sign_screen_mouse (TRUE);
  g_autoptr(JsonNode) mouse_off = teller_camera_build_sign_screen_mouse (FALSE);
  g_autoptr(JsonNode) cut_on = teller_camera_build_set_cut_page (&on);
  g_autoptr(JsonNode) cut_largest = teller_camera_build_set_cut_page (&largest);
  g_autoptr(JsonNode) cut_off = teller_camera_build_set_cut_page (&off);
  g_autoptr(JsonNode) formats = teller_camera_build_param_get ("available_video_type", "0");
  g_autoptr(JsonNode) format = teller_camera_build_param_get ("video_type", "0");
  g_autoptr(JsonNode) set_format = teller_camera_build_set_video_format (0, "MJPG");

  settings_assert_json (screen, "{ \"type\":\"screen_pos\"}");
  settings_assert_json (mouse_on, "{ \"enable_sign_screen_mouse\":\"1\" }");
  settings_assert_json (mouse_off, "{ \"enable_sign_screen_mouse\":\"0\" }");
  settings_assert_json (cut_on,
                        "{\"cutpage\":\"true\", \"multi_object\":\"true\", \"cutratio\":\"0.75\"}");
  settings_assert_json (cut_largest, "{\"cutpage\":\"true\", \"multi_object\":\"false\"}");
  settings_assert_json (cut_off, "{\"cutpage\":\"false\"}");
  settings_assert_json (formats, "{\"type\": \"available_video_type\", \"camidx\": \"0\"}");
  settings_assert_json (format, "{\"type\": \"video_type\", \"camidx\": \"0\"}");
  settings_assert_json (set_format, "{\"video_type\": \"MJPG\", \"camidx\": \"0\"}");
}
END_TEST

/* 5.16, 5.17 */
START_TEST (test_build_cache_requests)
{
  g_autoptr(JsonNode) set = teller_camera_build_set_cache_data ("user1", "aaa");
  g_autoptr(JsonNode) clean = teller_camera_build_clean_cache_data ();
  g_autoptr(JsonNode) get = teller_camera_build_get_cache_data ("user1");
  g_autoptr(JsonNode) get_all = teller_camera_build_get_cache_data (NULL);

  settings_assert_json (set,
                        "{\"type\": \"set_cache_data\", \"key\": \"user1\", \"value\": \"aaa\"}");
  settings_assert_json (clean, "{\"type\": \"clean_cache_data\"}");
  settings_assert_json (get, "{\"type\": \"get_cache_data\", \"key\": \"user1\"}");
  settings_assert_json (get_all, "{\"type\": \"get_all_cache_data\"}");
}
END_TEST

/* 3.6: "parameter" with every documented member, all strings; unset ones left out. */
START_TEST (test_build_record)
{
  g_autoptr(TellerRecordOptions) options = teller_record_options_new ();
  g_autoptr(TellerRecordOptions) defaults = teller_record_options_new ();
  g_autoptr(JsonNode) start = NULL;
  g_autoptr(JsonNode) start_defaults = teller_camera_build_record ("start", defaults);
  g_autoptr(JsonNode) stop = teller_camera_build_record_action ("stop", -1);
  g_autoptr(JsonNode) status = teller_camera_build_record_action ("status", 0);
  g_autoptr(JsonNode) audio = teller_camera_build_record ("audio", NULL);

  options->camidx = 0;
  options->width = 1280;
  options->height = 720;
  options->audio = g_strdup ("Mic");
  options->framerate = 15;
  options->filepath = g_strdup ("/tmp/a.mp4");
  options->bit_rate = 800000;
  options->watermark = g_new0 (TellerRecordWatermark, 1);
  options->watermark->pos = 3;
  options->watermark->content = g_strdup ("柜台 1");
  options->watermark->transparency = 128;
  options->watermark->font_size = 24;
  options->watermark->font = g_strdup ("Noto Sans CJK SC");
  options->watermark->color = g_strdup ("#FFFFFF");
  start = teller_camera_build_record ("start", options);

  settings_assert_json (start, "{\"action\": \"start\", \"parameter\": {\"camidx\": \"0\", "
                               "\"width\": \"1280\", \"height\": \"720\", \"audio\": \"Mic\", "
                               "\"framerate\": \"15\", \"filepath\": \"/tmp/a.mp4\", "
                               "\"bit_rate\": \"800000\", \"watermark\": {\"pos\": \"3\", "
                               "\"content\": \"柜台 1\", \"transparency\": \"128\", "
                               "\"fontsize\": \"24\", \"font\": \"Noto Sans CJK SC\", "
                               "\"color\": \"#FFFFFF\"}}}");
  settings_assert_json (start_defaults, "{\"action\": \"start\", \"parameter\": {}}");
  settings_assert_json (stop, "{\"action\": \"stop\"}");
  settings_assert_json (status, "{\"action\": \"status\", \"parameter\": {\"camidx\": \"0\"}}");
  settings_assert_json (audio, "{\"action\": \"audio\"}");
}
END_TEST

/* An empty watermark content is the document's "stamp the current time". */
START_TEST (test_build_record_watermark_defaults)
{
  g_autoptr(TellerRecordOptions) options = teller_record_options_new ();
  g_autoptr(JsonNode) start = NULL;

  options->watermark = g_new0 (TellerRecordWatermark, 1);
  options->watermark->transparency = -1;
  start = teller_camera_build_record ("start", options);
  settings_assert_json (start, "{\"action\": \"start\", \"parameter\": "
                               "{\"watermark\": {\"pos\": \"0\", \"content\": \"\"}}}");
}
END_TEST

TCase *
settings_builders_tcase (void)
{
  TCase *tc = tcase_create ("builders");

  tcase_add_test (tc, test_build_set_property);
  tcase_add_test (tc, test_build_get_property);
  tcase_add_test (tc, test_build_resolution_requests);
  tcase_add_test (tc, test_build_screen_cut_page_formats);
  tcase_add_test (tc, test_build_cache_requests);
  tcase_add_test (tc, test_build_record);
  tcase_add_test (tc, test_build_record_watermark_defaults);
  return tc;
}
