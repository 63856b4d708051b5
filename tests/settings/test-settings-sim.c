/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every settings call of TellerCameraService against the in-process simulator:
 * set then get shows the new value, the device's range is enforced, an
 * unplugged camera gives the vendor's code, faults give the right kinds. */

#include "config.h"

#include "test-settings.h"

/* Runs @call (an _async call ending in "test_store_result_cb, &result") and
 * waits for it; the result is in `result`. */
#define CALL(call) \
  g_autoptr(GAsyncResult) result = NULL; \
  call; \
  settings_wait (&result)

static TellerCameraProperty *
get_property (guint        camidx,
              const char  *name,
              GError     **error)
{
  CALL (teller_camera_service_get_property_async (fixture.camera, camidx, name, NULL,
                                                  test_store_result_cb, &result));
  return teller_camera_service_get_property_finish (fixture.camera, result, error);
}

static gboolean
set_property (guint        camidx,
              const char  *name,
              int          value,
              GError     **error)
{
  CALL (teller_camera_service_set_property_async (fixture.camera, camidx, name, value, NULL,
                                                  test_store_result_cb, &result));
  return teller_camera_service_set_property_finish (fixture.camera, result, error);
}

static gboolean
set_property_auto (const char  *name,
                   GError     **error)
{
  CALL (teller_camera_service_set_property_auto_async (fixture.camera, 0, name, NULL,
                                                       test_store_result_cb, &result));
  return teller_camera_service_set_property_auto_finish (fixture.camera, result, error);
}

static GArray *
get_resolutions (guint    camidx,
                 GError **error)
{
  CALL (teller_camera_service_get_resolutions_async (fixture.camera, camidx, NULL,
                                                     test_store_result_cb, &result));
  return teller_camera_service_get_resolutions_finish (fixture.camera, result, error);
}

static gboolean
get_resolution (TellerResolution  *size,
                GError           **error)
{
  CALL (teller_camera_service_get_resolution_async (fixture.camera, 0, NULL,
                                                    test_store_result_cb, &result));
  return teller_camera_service_get_resolution_finish (fixture.camera, result, size, error);
}

static gboolean
set_resolution (guint              width,
                guint              height,
                TellerResolution  *effective,
                GError           **error)
{
  TellerResolution size = { width, height };

  CALL (teller_camera_service_set_resolution_async (fixture.camera, 0, &size, NULL,
                                                    test_store_result_cb, &result));
  return teller_camera_service_set_resolution_finish (fixture.camera, result, effective, error);
}

static gboolean
get_preview (TellerResolution  *size,
             GError           **error)
{
  CALL (teller_camera_service_get_preview_resolution_async (fixture.camera, 0, NULL,
                                                            test_store_result_cb, &result));
  return teller_camera_service_get_preview_resolution_finish (fixture.camera, result, size, error);
}

static gboolean
set_preview (guint    width,
             guint    height,
             GError **error)
{
  TellerResolution size = { width, height };

  CALL (teller_camera_service_set_preview_resolution_async (fixture.camera, 0, &size, NULL,
                                                            test_store_result_cb, &result));
  return teller_camera_service_set_preview_resolution_finish (fixture.camera, result, error);
}

static gboolean
set_frame_rate (guint    rate,
                GError **error)
{
  CALL (teller_camera_service_set_frame_rate_async (fixture.camera, 0, rate, NULL,
                                                    test_store_result_cb, &result));
  return teller_camera_service_set_frame_rate_finish (fixture.camera, result, error);
}

/* ---- Properties -------------------------------------------------------- */

START_TEST (test_property_each_round_trip)
{
  const char * const *names = teller_camera_property_names ();
  g_autoptr(GError) error = NULL;

  ck_assert_uint_eq (g_strv_length ((char **) names), 17);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(TellerCameraProperty) before = get_property (0, names[i], &error);
      g_autoptr(TellerCameraProperty) after = NULL;
      int value;

      ck_assert_msg (before != NULL, "%s: %s", names[i], error ? error->message : "");
      ck_assert_str_eq (before->name, names[i]);
      ck_assert_int_eq (before->settable, teller_sim_settings_get_property (settings_sim_camera (),
                                                                            0,
                                                                            names[i], NULL, NULL));
      if (!before->settable)
        continue;

      /* A value inside the range other than the current one, on the step. */
      value = before->current != before->max ? before->max : before->min;
      ck_assert_msg (set_property (0, names[i], value, &error), "%s: %s", names[i],
                     error ? error->message : "");
      after = get_property (0, names[i], &error);
      ck_assert_int_eq (after->current, value);
      ck_assert (!after->is_auto);
    }
}
END_TEST

START_TEST (test_properties_all)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) properties = NULL;
  TellerCameraProperty *pan, *exposure;

  teller_camera_service_get_properties_async (fixture.camera, 0, NULL, test_store_result_cb,
                                              &result);
  settings_wait (&result);
  properties = teller_camera_service_get_properties_finish (fixture.camera, result, &error);
  ck_assert_msg (properties != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (properties->len, 17);
  pan = g_ptr_array_index (properties, 10);
  exposure = g_ptr_array_index (properties, 14);
  ck_assert_str_eq (pan->name, "pan");
  ck_assert (!pan->settable);
  ck_assert_str_eq (exposure->name, "exposure");
  ck_assert_int_eq (exposure->min, -13);
  ck_assert_int_eq (exposure->max, -1);
  ck_assert (exposure->is_auto);
  ck_assert_uint_eq (settings_request_count ("video=getproperty"), 17);
}
END_TEST

/* 3.8's failure code "1" for one property lists it as not settable; "2" ends the call. */
START_TEST (test_properties_all_unreadable)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) properties = NULL;
  g_autoptr(GPtrArray) none = NULL;

  settings_set_fault ("video=getproperty", "code=1");
  teller_camera_service_get_properties_async (fixture.camera, 0, NULL, test_store_result_cb,
                                              &result);
  settings_wait (&result);
  properties = teller_camera_service_get_properties_finish (fixture.camera, result, NULL);
  ck_assert_uint_eq (properties->len, 17);
  for (guint i = 0; i < properties->len; i++)
    ck_assert (!((TellerCameraProperty *) g_ptr_array_index (properties, i))->settable);

  settings_set_fault ("video=getproperty", "code=2");
  teller_camera_service_get_properties_async (fixture.camera, 0, NULL, test_store_result_cb,
                                              &failed);
  settings_wait (&failed);
  none = teller_camera_service_get_properties_finish (fixture.camera, failed, &error);
  ck_assert_ptr_null (none);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
}
END_TEST

/* Outside the range, off the step, not settable: refused before anything is set. */
START_TEST (test_property_range_refused)
{
  g_autoptr(GError) error = NULL;
  int value;

  ck_assert (!set_property (0, "brightness", 65, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);
  ck_assert (!set_property (0, "whitebalance", 3005, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);
  ck_assert (!set_property (0, "pan", 0, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);
  ck_assert (!set_property (0, "volume", 1, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);

  ck_assert_uint_eq (settings_request_count ("video=setproperty"), 0);
  ck_assert (teller_sim_settings_get_property (settings_sim_camera (), 0, "brightness", &value,
                                               NULL));
  ck_assert_int_eq (value, 0);
}
END_TEST

/* The simulator does what 3.7 says with a value the device cannot take: automatic
 * control where there is one ("exposure": "999"), the default otherwise. */
static void
post_raw (const char *operation,
          const char *body_text,
          const char *expected_code)
{
  g_autoptr(JsonNode) body = settings_parse (body_text);
  g_autofree char *url = g_strconcat (fixture.url, "/", operation, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;

  teller_json_client_post_async (fixture.client, url, body, CALL_TIMEOUT_MS, NULL,
                                 test_store_result_cb, &result);
  settings_wait (&result);
  reply = teller_json_client_request_finish (fixture.client, result, NULL);
  ck_assert_ptr_nonnull (reply);
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (reply), "code"),
                    expected_code);
}

START_TEST (test_sim_setproperty_documented_fallback)
{
  gboolean is_auto;
  int value;

  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"exposure\": \"-3\"}", "0");
  ck_assert (teller_sim_settings_get_property (settings_sim_camera (), 0, "exposure", &value,
                                               &is_auto));
  ck_assert_int_eq (value, -3);
  ck_assert (!is_auto);
  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"exposure\": \"999\"}", "0");
  teller_sim_settings_get_property (settings_sim_camera (), 0, "exposure", &value, &is_auto);
  ck_assert (is_auto);

  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"contrast\": \"10\"}", "0");
  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"contrast\": \"999\"}", "0");
  teller_sim_settings_get_property (settings_sim_camera (), 0, "contrast", &value, &is_auto);
  ck_assert_int_eq (value, 32);
  ck_assert (!is_auto);

  /* Only the first property counts. */
  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"gain\": \"7\", \"hue\": \"5\"}", "0");
  teller_sim_settings_get_property (settings_sim_camera (), 0, "hue", &value, NULL);
  ck_assert_int_eq (value, 0);

  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"gain\": \"bright\"}", "1");
  post_raw ("video=setproperty", "{\"camidx\": \"0\", \"iris\": \"1\"}", "1");
  post_raw ("video=setproperty", "{\"camidx\": \"0\"}", "1");
  post_raw ("video=getproperty", "{\"camidx\": \"0\", \"key\": \"volume\"}", "1");
  post_raw ("video=getproperty", "{\"camidx\": \"x\", \"key\": \"gain\"}", "1");
}
END_TEST

START_TEST (test_property_auto)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraProperty) exposure = NULL;
  g_autoptr(TellerCameraProperty) contrast = NULL;

  ck_assert (set_property (0, "exposure", -4, NULL));
  ck_assert (set_property (0, "contrast", 50, NULL));
  ck_assert (set_property_auto ("exposure", &error));
  ck_assert (set_property_auto ("contrast", &error));
  exposure = get_property (0, "exposure", NULL);
  contrast = get_property (0, "contrast", NULL);
  ck_assert (exposure->is_auto);
  ck_assert_int_eq (contrast->current, contrast->default_value);
  ck_assert (!set_property_auto ("tilt", &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
}
END_TEST

START_TEST (test_properties_set_several)
{
  const TellerCameraPropertyValue values[] = {
    { "brightness", 5 }, { "contrast", 40 }, { "gain", 101 }, { "hue", 3 },
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int brightness, contrast, hue;

  teller_camera_service_set_properties_async (fixture.camera, 1, values, G_N_ELEMENTS (values),
                                              NULL, test_store_result_cb, &result);
  settings_wait (&result);
  ck_assert (!teller_camera_service_set_properties_finish (fixture.camera, result, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);

  /* In order, up to the value out of range; on camera 1 only. */
  teller_sim_settings_get_property (settings_sim_camera (), 1, "brightness", &brightness, NULL);
  teller_sim_settings_get_property (settings_sim_camera (), 1, "contrast", &contrast, NULL);
  teller_sim_settings_get_property (settings_sim_camera (), 1, "hue", &hue, NULL);
  ck_assert_int_eq (brightness, 5);
  ck_assert_int_eq (contrast, 40);
  ck_assert_int_eq (hue, 0);
  teller_sim_settings_get_property (settings_sim_camera (), 0, "brightness", &brightness, NULL);
  ck_assert_int_eq (brightness, 0);
}
END_TEST

/* ---- Resolutions, preview, frame rate ---------------------------------- */

START_TEST (test_resolutions)
{
  g_autoptr(GArray) document = get_resolutions (0, NULL);
  g_autoptr(GArray) portrait = get_resolutions (1, NULL);
  gboolean has_3264 = FALSE;

  ck_assert_uint_eq (document->len, 11);
  ck_assert_uint_eq (g_array_index (document, TellerResolution, 0).width, 4000);
  ck_assert_uint_eq (g_array_index (document, TellerResolution, 0).height, 3000);
  ck_assert_uint_eq (g_array_index (document, TellerResolution, 10).width, 640);
  for (guint i = 0; i < document->len; i++)
    has_3264 |= g_array_index (document, TellerResolution, i).width == 3264;
  ck_assert (has_3264);
  ck_assert_uint_eq (portrait->len, 3);
  ck_assert_uint_eq (g_array_index (portrait, TellerResolution, 0).width, 1920);
}
END_TEST

START_TEST (test_resolution_round_trip)
{
  g_autoptr(GError) error = NULL;
  TellerResolution effective, current, preview;
  guint width, height;

  ck_assert_msg (set_resolution (3264, 2448, &effective, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_eq (effective.width, 3264);
  ck_assert (get_resolution (&current, NULL));
  ck_assert_uint_eq (current.width, 3264);
  ck_assert_uint_eq (current.height, 2448);
  ck_assert (teller_sim_settings_get_resolution (settings_sim_camera (), 0, &width, &height));
  ck_assert_uint_eq (width, 3264);

  /* 5.2 answers what is in effect: the listed resolution nearest to the request. */
  ck_assert (set_resolution (1920, 1000, &effective, NULL));
  ck_assert_uint_eq (effective.width, 1920);
  ck_assert_uint_eq (effective.height, 1080);
  /* 5.14: the preview keeps the aspect ratio of the current resolution. */
  ck_assert (get_preview (&preview, NULL));
  ck_assert_uint_eq (preview.width * 9, preview.height * 16);

  ck_assert (!set_resolution (0, 480, &effective, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  ck_assert_uint_eq (settings_request_count ("param=set"), 2);
}
END_TEST

START_TEST (test_preview_round_trip)
{
  TellerResolution preview;
  guint width, height;

  ck_assert (get_preview (&preview, NULL));
  ck_assert_uint_eq (preview.width, 640);
  ck_assert_uint_eq (preview.height, 480);
  ck_assert (set_preview (1600, 1200, NULL));
  ck_assert (get_preview (&preview, NULL));
  ck_assert_uint_eq (preview.width, 1600);
  ck_assert_uint_eq (preview.height, 1200);
  /* A 16:9 box on a 4:3 camera: the preview may differ from the request (5.14). */
  ck_assert (set_preview (1280, 720, NULL));
  ck_assert (get_preview (&preview, NULL));
  ck_assert_uint_eq (preview.width, 960);
  ck_assert_uint_eq (preview.height, 720);
  ck_assert (teller_sim_settings_get_preview_resolution (settings_sim_camera (), 0, &width,
                                                         &height));
  ck_assert_uint_eq (width, 960);
}
END_TEST

START_TEST (test_frame_rate)
{
  g_autoptr(GError) error = NULL;

  ck_assert (set_frame_rate (10, NULL));
  ck_assert_uint_eq (teller_sim_settings_get_frame_rate (settings_sim_camera (), 0), 10);
  ck_assert (!set_frame_rate (0, &error));
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);
  /* The simulator takes 1–60; its refusal is the device's, with its code. */
  ck_assert (!set_frame_rate (500, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "1");
  ck_assert_uint_eq (teller_sim_settings_get_frame_rate (settings_sim_camera (), 0), 10);
}
END_TEST

/* ---- Formats, cut page, sign screen, cache ----------------------------- */

START_TEST (test_video_formats)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) formats = NULL;
  g_autofree char *format = NULL;

  {
    CALL (teller_camera_service_get_video_formats_async (fixture.camera, 0, NULL,
                                                         test_store_result_cb, &result));
    formats = teller_camera_service_get_video_formats_finish (fixture.camera, result, &error);
  }
  ck_assert_uint_eq (g_strv_length (formats), 2);
  ck_assert_str_eq (formats[0], "MJPG");
  ck_assert_str_eq (formats[1], "YUY2");
  {
    CALL (teller_camera_service_set_video_format_async (fixture.camera, 0, "YUY2", NULL,
                                                        test_store_result_cb, &result));
    ck_assert (teller_camera_service_set_video_format_finish (fixture.camera, result, NULL));
  }
  {
    CALL (teller_camera_service_get_video_format_async (fixture.camera, 0, NULL,
                                                        test_store_result_cb, &result));
    format = teller_camera_service_get_video_format_finish (fixture.camera, result, NULL);
  }
  ck_assert_str_eq (format, "YUY2");
  ck_assert_str_eq (teller_sim_settings_get_video_format (settings_sim_camera (), 0), "YUY2");
  {
    CALL (teller_camera_service_set_video_format_async (fixture.camera, 0, "H264", NULL,
                                                        test_store_result_cb, &result));
    ck_assert (!teller_camera_service_set_video_format_finish (fixture.camera, result, &error));
  }
  settings_assert_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
}
END_TEST

static gboolean
set_cut_page (gboolean enable,
              gboolean multi_object,
              double   ratio)
{
  TellerCutPageOptions options = { enable, multi_object, ratio };

  CALL (teller_camera_service_set_cut_page_async (fixture.camera, &options, NULL,
                                                  test_store_result_cb, &result));
  return teller_camera_service_set_cut_page_finish (fixture.camera, result, NULL);
}

START_TEST (test_cut_page)
{
  gboolean multi_object;
  double ratio;

  ck_assert (!teller_sim_settings_get_cut_page (settings_sim_camera (), NULL, NULL));
  ck_assert (set_cut_page (TRUE, TRUE, 0.75));
  ck_assert (teller_sim_settings_get_cut_page (settings_sim_camera (), &multi_object, &ratio));
  ck_assert (multi_object);
  ck_assert (ratio > 0.7499 && ratio < 0.7501);
  ck_assert (set_cut_page (FALSE, FALSE, 0));
  ck_assert (!teller_sim_settings_get_cut_page (settings_sim_camera (), &multi_object, &ratio));
  ck_assert (!multi_object);
  post_raw ("param=set", "{\"cutpage\": \"yes\"}", "1");
  post_raw ("param=set", "{\"cutpage\": \"true\", \"cutratio\": \"wide\"}", "1");
}
END_TEST

START_TEST (test_sign_screen)
{
  TellerScreenRect rect = { 0 };

  {
    CALL (teller_camera_service_get_screen_position_async (fixture.camera, NULL,
                                                           test_store_result_cb, &result));
    ck_assert (teller_camera_service_get_screen_position_finish (fixture.camera, result, &rect,
                                                                 NULL));
  }
  ck_assert_int_eq (rect.x, 1920);
  ck_assert_int_eq (rect.y, 0);
  ck_assert_uint_eq (rect.width, 1280);
  ck_assert_uint_eq (rect.height, 800);
  for (int enable = 1; enable >= 0; enable--)
    {
      CALL (teller_camera_service_set_sign_screen_mouse_async (fixture.camera, enable, NULL,
                                                               test_store_result_cb, &result));
      ck_assert (teller_camera_service_set_sign_screen_mouse_finish (fixture.camera, result, NULL));
      ck_assert_int_eq (teller_sim_settings_get_sign_screen_mouse (settings_sim_camera ()), enable);
    }
}
END_TEST

static gboolean
set_cache (const char *key,
           const char *value)
{
  CALL (teller_camera_service_set_cache_data_async (fixture.camera, key, value, NULL,
                                                    test_store_result_cb, &result));
  return teller_camera_service_set_cache_data_finish (fixture.camera, result, NULL);
}

static char *
get_cache (const char  *key,
           GError     **error)
{
  CALL (teller_camera_service_get_cache_data_async (fixture.camera, key, NULL,
                                                    test_store_result_cb, &result));
  return teller_camera_service_get_cache_data_finish (fixture.camera, result, error);
}

static GPtrArray *
get_all_cache (void)
{
  CALL (teller_camera_service_get_all_cache_data_async (fixture.camera, NULL,
                                                        test_store_result_cb, &result));
  return teller_camera_service_get_all_cache_data_finish (fixture.camera, result, NULL);
}

START_TEST (test_cache)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) none = NULL;

  ck_assert (set_cache ("user1", "aaa"));
  ck_assert (set_cache ("user2", "bbb"));
  ck_assert (set_cache ("user1", "客户 ccc"));
  value = get_cache ("user1", NULL);
  ck_assert_str_eq (value, "客户 ccc");
  all = get_all_cache ();
  ck_assert_uint_eq (all->len, 2);
  ck_assert_str_eq (((TellerCacheEntry *) g_ptr_array_index (all, 0))->key, "user1");
  ck_assert_str_eq (((TellerCacheEntry *) g_ptr_array_index (all, 1))->value, "bbb");
  ck_assert_str_eq (teller_sim_settings_get_cache_value (settings_sim_camera (), "user2"), "bbb");

  {
    CALL (teller_camera_service_clean_cache_data_async (fixture.camera, NULL,
                                                        test_store_result_cb, &result));
    ck_assert (teller_camera_service_clean_cache_data_finish (fixture.camera, result, NULL));
  }
  none = get_all_cache ();
  ck_assert_uint_eq (none->len, 0);
  g_clear_pointer (&value, g_free);
  value = get_cache ("user1", &error);
  ck_assert_ptr_null (value);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "1");
}
END_TEST

/* ---- Unplugged, absent camera, faults ---------------------------------- */

START_TEST (test_unplugged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraProperty) property = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autofree char *value = NULL;
  TellerResolution size;

  settings_set_plugged (FALSE);
  property = get_property (0, "brightness", &error);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
  g_clear_error (&error);
  ck_assert (!set_property (0, "brightness", 1, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
  g_clear_error (&error);
  sizes = get_resolutions (0, &error);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
  g_clear_error (&error);
  ck_assert (!set_resolution (640, 480, &size, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
  g_clear_error (&error);
  ck_assert (!get_preview (&size, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
  g_clear_error (&error);
  ck_assert (!set_frame_rate (5, &error));
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
  g_clear_error (&error);

  /* The service's own settings do not need the camera. */
  ck_assert (set_cache ("k", "v"));
  value = get_cache ("k", NULL);
  ck_assert_str_eq (value, "v");

  settings_set_plugged (TRUE);
  ck_assert (set_property (0, "brightness", 1, NULL));
}
END_TEST

START_TEST (test_absent_camera)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = get_resolutions (2, &error);

  ck_assert_ptr_null (sizes);
  settings_assert_error (error, TELLER_ERROR_DEVICE, "2");
}
END_TEST

static const struct {
  const char *spec;
  TellerError kind;
} fault_cases[] = {
  { "code=2", TELLER_ERROR_DEVICE },
  { "drop", TELLER_ERROR_UNREACHABLE },
  { "malformed", TELLER_ERROR_BAD_RESPONSE },
  { "truncated", TELLER_ERROR_BAD_RESPONSE },
  { "http500", TELLER_ERROR_BAD_RESPONSE },
  { "latency=4000", TELLER_ERROR_TIMEOUT },
};

/* One settings route, every fault kind of the simulator. */
START_TEST (test_faults_param_set)
{
  g_autoptr(GError) error = NULL;
  TellerResolution effective;
  gint64 start = g_get_monotonic_time ();

  settings_set_fault ("param=set", fault_cases[_i].spec);
  ck_assert (!set_resolution (1280, 720, &effective, &error));
  settings_assert_error (error, fault_cases[_i].kind, NULL);
  ck_assert_int_lt ((g_get_monotonic_time () - start) / 1000, CALL_TIMEOUT_MS + 1000);
  if (fault_cases[_i].kind == TELLER_ERROR_DEVICE)
    ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
}
END_TEST

/* A fault on the second request of a checked set ends the call with its kind. */
START_TEST (test_fault_in_a_chain)
{
  g_autoptr(GError) error = NULL;

  settings_set_fault ("video=setproperty", "drop");
  ck_assert (!set_property (0, "gain", 3, &error));
  settings_assert_error (error, TELLER_ERROR_UNREACHABLE, NULL);
  ck_assert_uint_eq (settings_request_count ("video=getproperty"), 1);
}
END_TEST

TCase *
settings_sim_tcase (void)
{
  TCase *tc = tcase_create ("simulator");

  tcase_add_checked_fixture (tc, settings_setup, settings_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_property_each_round_trip);
  tcase_add_test (tc, test_properties_all);
  tcase_add_test (tc, test_properties_all_unreadable);
  tcase_add_test (tc, test_property_range_refused);
  tcase_add_test (tc, test_sim_setproperty_documented_fallback);
  tcase_add_test (tc, test_property_auto);
  tcase_add_test (tc, test_properties_set_several);
  tcase_add_test (tc, test_resolutions);
  tcase_add_test (tc, test_resolution_round_trip);
  tcase_add_test (tc, test_preview_round_trip);
  tcase_add_test (tc, test_frame_rate);
  tcase_add_test (tc, test_video_formats);
  tcase_add_test (tc, test_cut_page);
  tcase_add_test (tc, test_sign_screen);
  tcase_add_test (tc, test_cache);
  tcase_add_test (tc, test_unplugged);
  tcase_add_test (tc, test_absent_camera);
  tcase_add_loop_test (tc, test_faults_param_set, 0, G_N_ELEMENTS (fault_cases));
  tcase_add_test (tc, test_fault_in_a_chain);
  return tc;
}
