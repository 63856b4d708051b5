/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"

/* ---- Against the simulator: the tests --------------------------------- */

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

TCase *
capture_sim_tcase (void)
{
  TCase *tc = tcase_create ("simulator");

  tcase_add_checked_fixture (tc, setup_sim, teardown_sim);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_sim_plain_8mp);
  tcase_add_test (tc, test_sim_12mp_keeps_serving);
  tcase_add_test (tc, test_sim_rotate_swaps);
  tcase_add_test (tc, test_sim_grey_pixels);
  tcase_add_test (tc, test_sim_black_and_white);
  tcase_add_test (tc, test_sim_multi_object);
  tcase_add_test (tc, test_sim_quality_changes_size);
  tcase_add_test (tc, test_sim_dpi_in_jfif);
  tcase_add_test (tc, test_sim_fixed_size_and_file_limit);
  tcase_add_test (tc, test_sim_uuid_split_face_watermark);
  tcase_add_test (tc, test_sim_v10_reply_form);
  tcase_add_test (tc, test_sim_v10_request);
  tcase_add_loop_test (tc, test_sim_rejects_bad_requests, 0, G_N_ELEMENTS (sim_bad_requests));
  tcase_add_test (tc, test_sim_invalid_options_not_sent);
  tcase_add_test (tc, test_sim_unplugged);
  tcase_add_loop_test (tc, test_sim_faults, 0, G_N_ELEMENTS (fault_cases));
  tcase_add_test (tc, test_sim_cancel_and_teardown_mid_capture);

  return tc;
}
