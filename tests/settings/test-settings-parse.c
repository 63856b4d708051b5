/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reply parsers against the reply shapes of 001_5b286aac9e459b89.txt: the
 * documented fields are read, unknown ones ignored, missing or wrong-typed ones
 * are TELLER_ERROR_BAD_RESPONSE. */

#include "config.h"

#include "teller-camera-settings.h"
#include "test-settings.h"

static JsonObject *
reply (const char *text)
{
  g_autoptr(JsonNode) node = settings_parse (text);

  return json_object_ref (json_node_get_object (node));
}

static void
assert_bad_response (GError **error)
{
  settings_assert_error (*error, TELLER_ERROR_BAD_RESPONSE, NULL);
  g_clear_error (error);
}

/* 3.8 */
START_TEST (test_parse_property)
{
  g_autoptr(JsonObject) full = reply ("{\"code\":\"0\",\"message\":\"\",\"settable\":\"0\","
                                      "\"min\":\"-64\","
                                      "\"max\":\"64\",\"step\":\"1\",\"default\":\"0\","
                                      "\"current\":\"12\",\"is_auto\":\"0\","
                                      "\"extra\":\"ignored\"}");
  g_autoptr(JsonObject) automatic = reply ("{\"code\":\"0\",\"settable\":\"0\",\"min\":\"-13\","
                                           "\"max\":\"-1\",\"step\":\"1\",\"default\":\"-6\","
                                           "\"current\":\"-5\",\"is_auto\":\"1\"}");
  g_autoptr(JsonObject) fixed = reply ("{\"code\":\"0\",\"settable\":\"1\"}");
  g_autoptr(TellerCameraProperty) brightness = teller_camera_property_parse ("brightness", full,
                                                                             NULL);
  g_autoptr(TellerCameraProperty) exposure = teller_camera_property_parse ("exposure", automatic,
                                                                           NULL);
  g_autoptr(TellerCameraProperty) pan = teller_camera_property_parse ("pan", fixed, NULL);

  ck_assert_str_eq (brightness->name, "brightness");
  ck_assert (brightness->settable);
  ck_assert_int_eq (brightness->min, -64);
  ck_assert_int_eq (brightness->max, 64);
  ck_assert_int_eq (brightness->step, 1);
  ck_assert_int_eq (brightness->default_value, 0);
  ck_assert_int_eq (brightness->current, 12);
  ck_assert (!brightness->is_auto);
  /* The footnote and the name of is_auto: "1" is automatic. */
  ck_assert (exposure->is_auto);
  ck_assert_int_eq (exposure->current, -5);
  ck_assert (!pan->settable);
}
END_TEST

START_TEST (test_parse_property_rejects)
{
  static const char * const bad[] = {
    "{\"code\":\"0\"}",                                                   /* no settable */
    "{\"code\":\"0\",\"settable\":0}",                                    /* a number */
    "{\"code\":\"0\",\"settable\":\"0\",\"min\":\"0\",\"max\":\"9\",\"step\":\"1\","
    "\"default\":\"5\",\"is_auto\":\"0\"}",                               /* no current */
    "{\"code\":\"0\",\"settable\":\"0\",\"min\":\"0\",\"max\":\"9\",\"step\":\"1\","
    "\"default\":\"5\",\"current\":5,\"is_auto\":\"0\"}",                 /* current a number */
    "{\"code\":\"0\",\"settable\":\"0\",\"min\":\"0\",\"max\":\"nine\",\"step\":\"1\","
    "\"default\":\"5\",\"current\":\"5\",\"is_auto\":\"0\"}",             /* not a number */
    "{\"code\":\"0\",\"settable\":\"0\",\"min\":\"0\",\"max\":\"9\",\"step\":\"1\","
    "\"default\":\"5\",\"current\":\"5\",\"is_auto\":\"yes\"}",           /* not a flag */
    "{\"code\":\"0\",\"settable\":\"0\",\"min\":\"9\",\"max\":\"0\",\"step\":\"1\","
    "\"default\":\"5\",\"current\":\"5\",\"is_auto\":\"0\"}",             /* min above max */
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = reply (bad[i]);

      ck_assert_msg (teller_camera_property_parse ("gain", object, &error) == NULL, "%s", bad[i]);
      assert_bad_response (&error);
    }
}
END_TEST

START_TEST (test_property_check_and_auto_value)
{
  TellerCameraProperty whitebalance = { (char *) "whitebalance", TRUE, 2800, 6500, 10, 4600, 4600,
                                       TRUE };
  TellerCameraProperty focus = { (char *) "focus", TRUE, 0, 1023, 1, 68, 68, TRUE };
  TellerCameraProperty exposure = { (char *) "exposure", TRUE, -13, -1, 1, -6, -6, TRUE };
  TellerCameraProperty pan = { (char *) "pan", FALSE };
  g_autoptr(GError) error = NULL;

  ck_assert (teller_camera_property_check_value (&whitebalance, 2800, NULL));
  ck_assert (teller_camera_property_check_value (&whitebalance, 6500, NULL));
  ck_assert (!teller_camera_property_check_value (&whitebalance, 3005, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);
  ck_assert (!teller_camera_property_check_value (&whitebalance, 6510, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);
  ck_assert (!teller_camera_property_check_value (&pan, 0, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);

  /* Outside the range, as 3.7's "999" is for exposure. */
  ck_assert_int_eq (teller_camera_property_auto_value (&exposure), 999);
  ck_assert_int_gt (teller_camera_property_auto_value (&focus), focus.max);
  ck_assert_int_gt (teller_camera_property_auto_value (&whitebalance), whitebalance.max);
}
END_TEST

/* 5.3 and 5.4 */
START_TEST (test_parse_resolutions)
{
  g_autoptr(JsonObject) list = reply ("{\"code\":\"0\","
                                      "\"resolution\":\"2592x1944 2048x1536 1600x1400 1024x768\"}");
  g_autoptr(JsonObject) current = reply ("{\"code\":\"0\",\"resolution\":\"2592x1944\"}");
  g_autoptr(JsonObject) bad_list = reply ("{\"code\":\"0\",\"resolution\":\"2592x1944 2048x\"}");
  g_autoptr(JsonObject) numeric = reply ("{\"code\":\"0\",\"resolution\":2592}");
  g_autoptr(JsonObject) missing = reply ("{\"code\":\"0\"}");
  g_autoptr(GArray) sizes = teller_camera_resolutions_parse (list, NULL);
  TellerResolution size = { 0 };
  g_autoptr(GError) error = NULL;

  ck_assert_uint_eq (sizes->len, 4);
  ck_assert_uint_eq (g_array_index (sizes, TellerResolution, 0).width, 2592);
  ck_assert_uint_eq (g_array_index (sizes, TellerResolution, 0).height, 1944);
  ck_assert_uint_eq (g_array_index (sizes, TellerResolution, 2).height, 1400);
  ck_assert_uint_eq (g_array_index (sizes, TellerResolution, 3).width, 1024);
  ck_assert (teller_camera_resolution_reply_parse (current, &size, NULL));
  ck_assert_uint_eq (size.width, 2592);
  ck_assert_uint_eq (size.height, 1944);

  ck_assert_ptr_null (teller_camera_resolutions_parse (bad_list, &error));
  assert_bad_response (&error);
  ck_assert (!teller_camera_resolution_reply_parse (numeric, &size, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_resolutions_parse (missing, &error));
  assert_bad_response (&error);
}
END_TEST

START_TEST (test_resolution_text)
{
  TellerResolution size = { 0 };
  g_autofree char *text = NULL;

  ck_assert (teller_resolution_parse ("3264x2448", &size));
  ck_assert_uint_eq (size.width, 3264);
  ck_assert (teller_resolution_parse ("640 X 480", &size));
  ck_assert_uint_eq (size.height, 480);
  ck_assert (!teller_resolution_parse ("640x", &size));
  ck_assert (!teller_resolution_parse ("0x480", &size));
  ck_assert (!teller_resolution_parse ("640x480x3", &size));
  ck_assert (!teller_resolution_parse ("wide", &size));
  ck_assert (!teller_resolution_parse ("-640x480", &size));
  text = teller_resolution_to_string (&(TellerResolution) { 4000, 3000 });
  ck_assert_str_eq (text, "4000x3000");
}
END_TEST

/* 5.10, 5.11, 5.15, 5.7 */
START_TEST (test_parse_formats_preview_screen)
{
  g_autoptr(JsonObject) formats = reply ("{\"code\": \"0\", \"available_video_type\": [\"MJPEG\", "
                                         "\"YUY2\"]}");
  g_autoptr(JsonObject) format = reply ("{\"code\": \"0\", \"video_type\": \"YUY2\"}");
  g_autoptr(JsonObject) preview = reply ("{\"code\":\"0\",\"message\":\"\",\"preview_resolution\":"
                                         "{\"width\":\"640\",\"height\":\"480\"}}");
  g_autoptr(JsonObject) screen = reply ("{\"code\":\"0\",\"pos\":{\"x\":\"-1280\",\"y\":\"0\","
                                        "\"width\":\"1280\",\"height\":\"800\"}}");
  g_auto(GStrv) list = teller_camera_video_formats_parse (formats, NULL);
  g_autofree char *current = teller_camera_video_format_parse (format, NULL);
  TellerResolution size = { 0 };
  TellerScreenRect rect = { 0 };

  /* 5.10 writes MJPEG where 5.11 and 5.12 write MJPG: listed the way 5.12 takes it. */
  ck_assert_uint_eq (g_strv_length (list), 2);
  ck_assert_str_eq (list[0], "MJPG");
  ck_assert_str_eq (list[1], "YUY2");
  ck_assert_str_eq (current, "YUY2");
  ck_assert (teller_camera_preview_resolution_parse (preview, &size, NULL));
  ck_assert_uint_eq (size.width, 640);
  ck_assert_uint_eq (size.height, 480);
  ck_assert (teller_camera_screen_position_parse (screen, &rect, NULL));
  ck_assert_int_eq (rect.x, -1280);
  ck_assert_int_eq (rect.y, 0);
  ck_assert_uint_eq (rect.width, 1280);
  ck_assert_uint_eq (rect.height, 800);
}
END_TEST

START_TEST (test_parse_formats_preview_screen_rejects)
{
  g_autoptr(JsonObject) formats = reply ("{\"code\": \"0\", "
                                         "\"available_video_type\": \"MJPG YUY2\"}");
  g_autoptr(JsonObject) formats_mixed = reply ("{\"code\": \"0\", "
                                               "\"available_video_type\": [\"MJPG\", 2]}");
  g_autoptr(JsonObject) no_format = reply ("{\"code\": \"0\"}");
  g_autoptr(JsonObject) preview = reply ("{\"code\":\"0\",\"preview_resolution\":\"640x480\"}");
  g_autoptr(JsonObject) screen = reply ("{\"code\":\"0\",\"pos\":{\"x\":\"0\",\"y\":\"0\","
                                        "\"width\":\"1280\"}}");
  TellerResolution size;
  TellerScreenRect rect;
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (teller_camera_video_formats_parse (formats, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_video_formats_parse (formats_mixed, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_video_format_parse (no_format, &error));
  assert_bad_response (&error);
  ck_assert (!teller_camera_preview_resolution_parse (preview, &size, &error));
  assert_bad_response (&error);
  ck_assert (!teller_camera_screen_position_parse (screen, &rect, &error));
  assert_bad_response (&error);
}
END_TEST

/* 5.17: the example array, the same array sent as the String the table names, and "". */
START_TEST (test_parse_cache)
{
  g_autoptr(JsonObject) value = reply ("{\"code\":\"0\",\"key\":\"user1\",\"value\":\"aaa\"}");
  g_autoptr(JsonObject) all = reply ("{\"code\":\"0\",\"all_cache_data\":[{\"key\": \"user1\", "
                                     "\"value\": \"aaa\"}, "
                                     "{\"key\": \"user2\", \"value\": \"bbb\"}]}");
  g_autoptr(JsonObject) all_text = reply ("{\"code\":\"0\","
                                          "\"all_cache_data\":\"[{\\\"key\\\": \\\"user1\\\", "
                                          "\\\"value\\\": \\\"aaa\\\"}]\"}");
  g_autoptr(JsonObject) empty = reply ("{\"code\":\"0\",\"all_cache_data\":\"\"}");
  g_autoptr(JsonObject) bad = reply ("{\"code\":\"0\",\"all_cache_data\":[{\"key\": \"user1\"}]}");
  g_autoptr(JsonObject) garbage = reply ("{\"code\":\"0\",\"all_cache_data\":\"[{\"}");
  g_autofree char *text = teller_camera_cache_value_parse (value, NULL);
  g_autoptr(GPtrArray) entries = teller_camera_cache_entries_parse (all, NULL);
  g_autoptr(GPtrArray) entries_text = teller_camera_cache_entries_parse (all_text, NULL);
  g_autoptr(GPtrArray) none = teller_camera_cache_entries_parse (empty, NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_str_eq (text, "aaa");
  ck_assert_uint_eq (entries->len, 2);
  ck_assert_str_eq (((TellerCacheEntry *) g_ptr_array_index (entries, 0))->key, "user1");
  ck_assert_str_eq (((TellerCacheEntry *) g_ptr_array_index (entries, 1))->value, "bbb");
  ck_assert_uint_eq (entries_text->len, 1);
  ck_assert_str_eq (((TellerCacheEntry *) g_ptr_array_index (entries_text, 0))->value, "aaa");
  ck_assert_uint_eq (none->len, 0);
  ck_assert_ptr_null (teller_camera_cache_entries_parse (bad, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_cache_entries_parse (garbage, &error));
  assert_bad_response (&error);
}
END_TEST

/* 3.6 */
START_TEST (test_parse_record)
{
  g_autoptr(JsonObject) start = reply ("{\"code\":\"0\",\"filepath\":\"C:\\\\Temp\\\\rec.mp4\"}");
  g_autoptr(JsonObject) stop = reply ("{\"code\":\"0\",\"time\":\"12\"}");
  g_autoptr(JsonObject) idle = reply ("{\"code\":\"0\",\"message\":\"空闲\",\"status\":\"100\"}");
  g_autoptr(JsonObject) busy = reply ("{\"code\":\"0\",\"message\":\"录像中\",\"status\":\"101\","
                                      "\"time\":\"00:01:05\"}");
  g_autoptr(JsonObject) audio = reply ("{\"code\":\"0\",\"audio\":[\"Mic\",\"Line\"]}");
  g_autofree char *path = teller_camera_record_start_parse (start, NULL);
  g_autoptr(TellerRecordStatus) stopped = teller_camera_record_stop_parse (stop, NULL);
  g_autoptr(TellerRecordStatus) idle_status = teller_camera_record_status_parse (idle, NULL);
  g_autoptr(TellerRecordStatus) busy_status = teller_camera_record_status_parse (busy, NULL);
  g_auto(GStrv) names = teller_camera_record_audio_parse (audio, NULL);

  ck_assert_str_eq (path, "C:\\Temp\\rec.mp4");
  ck_assert_str_eq (stopped->time, "12");
  ck_assert (stopped->seconds == 12);
  ck_assert_int_eq (idle_status->state, TELLER_RECORD_STATE_IDLE);
  ck_assert_ptr_null (idle_status->time);
  ck_assert (idle_status->seconds < 0);
  ck_assert_int_eq (busy_status->state, TELLER_RECORD_STATE_RECORDING);
  ck_assert (busy_status->seconds == 65);
  ck_assert_uint_eq (g_strv_length (names), 2);
  ck_assert_str_eq (names[1], "Line");
}
END_TEST

/* "102" and any undocumented status are the device's errors, kept with the code;
 * a missing or wrong-typed field is a bad response. */
START_TEST (test_parse_record_rejects)
{
  g_autoptr(JsonObject) device = reply ("{\"code\":\"0\",\"message\":\"设备错误\",\"status\":\"102\"}");
  g_autoptr(JsonObject) unknown = reply ("{\"code\":\"0\",\"status\":\"105\"}");
  g_autoptr(JsonObject) no_status = reply ("{\"code\":\"0\",\"time\":\"1\"}");
  g_autoptr(JsonObject) no_path = reply ("{\"code\":\"0\"}");
  g_autoptr(JsonObject) time_number = reply ("{\"code\":\"0\",\"time\":12}");
  g_autoptr(JsonObject) audio_text = reply ("{\"code\":\"0\",\"audio\":\"Mic\"}");
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (teller_camera_record_status_parse (device, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "102");
  ck_assert_str_eq (teller_error_get_vendor_message (error), "设备错误");
  g_clear_error (&error);
  ck_assert_ptr_null (teller_camera_record_status_parse (unknown, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "105");
  g_clear_error (&error);
  ck_assert_ptr_null (teller_camera_record_status_parse (no_status, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_record_start_parse (no_path, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_record_stop_parse (time_number, &error));
  assert_bad_response (&error);
  ck_assert_ptr_null (teller_camera_record_audio_parse (audio_text, &error));
  assert_bad_response (&error);
}
END_TEST

START_TEST (test_record_time)
{
  ck_assert (teller_record_time_to_seconds ("0") == 0);
  ck_assert (teller_record_time_to_seconds ("12") == 12);
  ck_assert (teller_record_time_to_seconds ("12.5") == 12.5);
  ck_assert (teller_record_time_to_seconds ("01:05") == 65);
  ck_assert (teller_record_time_to_seconds ("01:00:05") == 3605);
  ck_assert (teller_record_time_to_seconds ("") < 0);
  ck_assert (teller_record_time_to_seconds (NULL) < 0);
  ck_assert (teller_record_time_to_seconds ("12s") < 0);
  ck_assert (teller_record_time_to_seconds ("01:75") < 0);
  ck_assert (teller_record_time_to_seconds ("-3") < 0);
  ck_assert (teller_record_time_to_seconds ("1:2:3:4") < 0);
}
END_TEST

TCase *
settings_parse_tcase (void)
{
  TCase *tc = tcase_create ("parsers");

  tcase_add_test (tc, test_parse_property);
  tcase_add_test (tc, test_parse_property_rejects);
  tcase_add_test (tc, test_property_check_and_auto_value);
  tcase_add_test (tc, test_parse_resolutions);
  tcase_add_test (tc, test_resolution_text);
  tcase_add_test (tc, test_parse_formats_preview_screen);
  tcase_add_test (tc, test_parse_formats_preview_screen_rejects);
  tcase_add_test (tc, test_parse_cache);
  tcase_add_test (tc, test_parse_record);
  tcase_add_test (tc, test_parse_record_rejects);
  tcase_add_test (tc, test_record_time);
  return tc;
}
