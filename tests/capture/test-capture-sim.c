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

/* ---- Image options that correct the scene (table 1) ------------------- */

/* images[index] of a v1.5 capture with this image_process_info, decoded. */
static GdkPixbuf *
grab_pixbuf (const char *process,
             guint       index)
{
  g_autofree char *body = g_strdup_printf ("{\"image_process_info\":%s}", process);
  g_autoptr(JsonNode) reply = post_raw ("video=grabimage", body);
  JsonObject *object = json_node_get_object (reply);
  JsonArray *images;
  g_autofree guchar *data = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  gsize size;

  ck_assert_msg (g_str_equal (json_object_get_string_member (object, "code"), "0"),
                 "%s: %s", process, json_object_get_string_member (object, "message"));
  images = json_object_get_array_member (object, "images");
  ck_assert_uint_gt (json_array_get_length (images), index);
  data = g_base64_decode (json_object_get_string_member (json_array_get_object_element (images, index),
                                                         "base64"), &size);
  jpeg = g_bytes_new_take (g_steal_pointer (&data), size);
  return decode_jpeg (jpeg);
}

/* Mean brightness of an area, and how many of its pixels are red, in fractions
 * of the image's size. */
static double
area_luma (GdkPixbuf *pixbuf,
           double     x0,
           double     y0,
           double     x1,
           double     y1,
           guint     *n_red)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int left = (int) (x0 * width), right = MAX (left + 1, (int) (x1 * width));
  int top = (int) (y0 * height), bottom = MAX (top + 1, (int) (y1 * height));
  double sum = 0;
  guint red = 0;

  for (int y = top; y < bottom && y < height; y++)
    for (int x = left; x < right && x < width; x++)
      {
        const guint8 *p = pixels + y * stride + x * n_channels;

        sum += (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000.0;
        red += p[0] > 150 && p[1] < 100 && p[2] < 100;
      }
  if (n_red != NULL)
    *n_red = red;
  return sum / ((double) (MIN (bottom, height) - top) * (MIN (right, width) - left));
}

/* The darkest of the mean brightness of each of the outermost @depth rows and
 * columns. */
static double
darkest_edge_line (GdkPixbuf *pixbuf,
                   int        depth)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  double darkest = 255;

  for (int i = 0; i < depth; i++)
    {
      darkest = MIN (darkest, area_luma (pixbuf, 0, (double) i / height, 1, (i + 1.0) / height, NULL));
      darkest = MIN (darkest, area_luma (pixbuf, 0, (height - 1.0 - i) / height, 1, (double) (height - i) / height, NULL));
      darkest = MIN (darkest, area_luma (pixbuf, (double) i / width, 0, (i + 1.0) / width, 1, NULL));
      darkest = MIN (darkest, area_luma (pixbuf, (width - 1.0 - i) / width, 0, (double) (width - i) / width, 1, NULL));
    }
  return darkest;
}

/* The darkest single pixel a few pixels in from the image's edges. */
static int
darkest_inset_pixel (GdkPixbuf *pixbuf,
                     int        inset)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int darkest = 255;

  for (int y = inset; y < height - inset; y++)
    for (int x = inset; x < width - inset; x++)
      if (y == inset || y == height - 1 - inset || x == inset || x == width - 1 - inset)
        {
          const guint8 *p = pixels + y * stride + x * n_channels;

          darkest = MIN (darkest, (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000);
        }
  return darkest;
}

START_TEST (test_sim_remove_black_edge)
{
  g_autoptr(GdkPixbuf) raw = NULL;
  g_autoptr(GdkPixbuf) clean = NULL;
  g_autoptr(GdkPixbuf) custom = NULL;

  g_object_set (sim_capture (), "frame-width", 1600, "frame-height", 1200, NULL);
  raw = grab_pixbuf ("{}", 0);
  clean = grab_pixbuf ("{\"remove_black_edge\":\"1\"}", 0);

  /* The frame's edges are a near-black band, the desk inside it is not. */
  ck_assert_int_eq (gdk_pixbuf_get_width (raw), 1600);
  ck_assert_int_eq (gdk_pixbuf_get_height (raw), 1200);
  ck_assert_double_lt (darkest_edge_line (raw, 1), 24);
  ck_assert_double_gt (area_luma (raw, 0.03, 0.03, 0.05, 0.05, NULL), 30);

  /* Removed: the band, the same width all round, is cut away. */
  ck_assert_int_lt (gdk_pixbuf_get_width (clean), 1600);
  ck_assert_int_eq (1600 - gdk_pixbuf_get_width (clean), 1200 - gdk_pixbuf_get_height (clean));
  ck_assert_double_gt (darkest_edge_line (clean, 2), 30);

  /* A custom rectangle over the whole frame keeps clear of the band too. */
  custom = grab_pixbuf ("{\"cut_type\":\"2\",\"remove_black_edge\":\"true\",\"custom_rect\":"
                        "{\"left\":\"0\",\"top\":\"0%\",\"right\":\"100%\",\"bottom\":\"1200px\"}}", 0);
  ck_assert_int_eq (gdk_pixbuf_get_width (custom), gdk_pixbuf_get_width (clean));
  ck_assert_double_gt (darkest_edge_line (custom, 2), 30);
}
END_TEST

START_TEST (test_sim_rect_correct)
{
  g_autoptr(GdkPixbuf) skewed = NULL;
  g_autoptr(GdkPixbuf) corrected = NULL;
  g_autoptr(GdkPixbuf) fixed = NULL;
  g_autoptr(GdkPixbuf) uncut = NULL;
  static const double corners[4][2] = { { 0, 0 }, { 0.97, 0 }, { 0, 0.97 }, { 0.97, 0.97 } };

  g_object_set (sim_capture (), "frame-width", 1600, "frame-height", 1200, NULL);
  skewed = grab_pixbuf ("{\"cut_type\":\"1\"}", 0);
  corrected = grab_pixbuf ("{\"cut_type\":\"1\",\"rect_correct\":\"1\"}", 0);

  /* Auto cut alone: the skewed page's bounding box, the desk in its corners and
   * the page's edges slanting across the border. */
  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    ck_assert_double_lt (area_luma (skewed, corners[i][0], corners[i][1],
                                    corners[i][0] + 0.03, corners[i][1] + 0.03, NULL), 100);
  ck_assert_int_lt (darkest_inset_pixel (skewed, 3), 100);

  /* Corrected: the sheet alone, squared up; paper right to its edges. */
  ck_assert_int_lt (gdk_pixbuf_get_width (corrected), gdk_pixbuf_get_width (skewed));
  ck_assert_int_lt (gdk_pixbuf_get_height (corrected), gdk_pixbuf_get_height (skewed));
  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    ck_assert_double_gt (area_luma (corrected, corners[i][0], corners[i][1],
                                    corners[i][0] + 0.03, corners[i][1] + 0.03, NULL), 140);
  ck_assert_int_gt (darkest_inset_pixel (corrected, 3), 100);

  /* "仅当 cut_type 为"1"自动切边时, 且 fixed_width 与 fixed_height 不指定时有效" */
  fixed = grab_pixbuf ("{\"cut_type\":\"1\",\"rect_correct\":\"1\",\"fixed_width\":\"400\"}", 0);
  ck_assert_double_lt (area_luma (fixed, 0, 0, 0.03, 0.03, NULL), 100);
  uncut = grab_pixbuf ("{\"rect_correct\":\"1\"}", 0);
  ck_assert_int_eq (gdk_pixbuf_get_width (uncut), 1600);
  ck_assert_int_eq (gdk_pixbuf_get_height (uncut), 1200);
}
END_TEST

/* Red pixels in the card image's top-left and bottom-right corners. */
static void
marker_corners (GdkPixbuf *card,
                guint     *top_left,
                guint     *bottom_right)
{
  area_luma (card, 0, 0, 0.12, 0.16, top_left);
  area_luma (card, 0.88, 0.84, 1, 1, bottom_right);
}

START_TEST (test_sim_correct_idcard_direction)
{
  g_autoptr(GdkPixbuf) as_lies = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) not_card = NULL;
  guint top_left, bottom_right;

  g_object_set (sim_capture (), "frame-width", 1600, "frame-height", 1200, NULL);
  as_lies = grab_pixbuf ("{\"cut_type\":\"1\",\"document_type\":\"2\"}", 0);
  upright = grab_pixbuf ("{\"cut_type\":\"1\",\"document_type\":\"2\",\"correct_idcard_direction\":\"1\"}", 0);

  /* The card lies upside down: its top-left marker shows bottom right. */
  ck_assert_int_gt (gdk_pixbuf_get_width (as_lies), gdk_pixbuf_get_height (as_lies));
  marker_corners (as_lies, &top_left, &bottom_right);
  ck_assert_uint_eq (top_left, 0);
  ck_assert_uint_gt (bottom_right, 50);

  /* Corrected: upright, the same size. */
  ck_assert_int_eq (gdk_pixbuf_get_width (upright), gdk_pixbuf_get_width (as_lies));
  ck_assert_int_eq (gdk_pixbuf_get_height (upright), gdk_pixbuf_get_height (as_lies));
  marker_corners (upright, &top_left, &bottom_right);
  ck_assert_uint_gt (top_left, 50);
  ck_assert_uint_eq (bottom_right, 0);

  /* "仅支持居民二代身份证件": not asked for a card document, the card among the
   * objects stays as it lies. */
  not_card = grab_pixbuf ("{\"cut_type\":\"1\",\"multi_object\":\"1\",\"document_type\":\"1\","
                          "\"correct_idcard_direction\":\"1\"}", 1);
  marker_corners (not_card, &top_left, &bottom_right);
  ck_assert_uint_eq (top_left, 0);
  ck_assert_uint_gt (bottom_right, 50);
}
END_TEST

START_TEST (test_sim_custom_rect_angle)
{
  g_autoptr(GdkPixbuf) straight = NULL;
  g_autoptr(GdkPixbuf) turned = NULL;
  static const double corners[4][2] = { { 0.04, 0.07 }, { 0.93, 0.07 }, { 0.04, 0.88 }, { 0.93, 0.88 } };
  guint dark = 0;

  /* The lower card of a 1600 × 1200 frame, exactly. */
  g_object_set (sim_capture (), "frame-width", 1600, "frame-height", 1200, NULL);
  straight = grab_pixbuf ("{\"cut_type\":\"2\",\"custom_rect\":{\"left\":\"960px\",\"top\":\"672px\","
                          "\"right\":\"1440px\",\"bottom\":\"974px\",\"angle\":\"0\"}}", 0);
  turned = grab_pixbuf ("{\"cut_type\":\"2\",\"custom_rect\":{\"left\":\"960px\",\"top\":\"672px\","
                        "\"right\":\"1440px\",\"bottom\":\"974px\",\"angle\":\"15\"}}", 0);

  /* The image is the rectangle's content, as large as the rectangle either way. */
  ck_assert_int_eq (gdk_pixbuf_get_width (straight), 480);
  ck_assert_int_eq (gdk_pixbuf_get_height (straight), 302);
  ck_assert_int_eq (gdk_pixbuf_get_width (turned), 480);
  ck_assert_int_eq (gdk_pixbuf_get_height (turned), 302);

  /* Square on the card, all card; turned, its corners reach the desk. */
  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      ck_assert_double_gt (area_luma (straight, corners[i][0], corners[i][1],
                                      corners[i][0] + 0.02, corners[i][1] + 0.03, NULL), 150);
      dark += area_luma (turned, corners[i][0], corners[i][1],
                         corners[i][0] + 0.02, corners[i][1] + 0.03, NULL) < 100;
    }
  ck_assert_uint_ge (dark, 2);
}
END_TEST

START_TEST (test_sim_reduce_shadow)
{
  g_autoptr(GdkPixbuf) shadowed = NULL;
  g_autoptr(GdkPixbuf) clear = NULL;
  double difference;

  /* The squared-up page, so that both corners measured are paper. */
  g_object_set (sim_capture (), "frame-width", 1600, "frame-height", 1200, NULL);
  shadowed = grab_pixbuf ("{\"cut_type\":\"1\",\"rect_correct\":\"1\"}", 0);
  clear = grab_pixbuf ("{\"cut_type\":\"1\",\"rect_correct\":\"1\",\"reduce_shadow\":\"1\"}", 0);

  /* Blank margin at the top right against the bottom left, where the shadow falls. */
  difference = area_luma (shadowed, 0.92, 0.02, 0.97, 0.05, NULL) -
               area_luma (shadowed, 0.02, 0.92, 0.07, 0.97, NULL);
  ck_assert_double_gt (difference, 30);
  difference = area_luma (clear, 0.92, 0.02, 0.97, 0.05, NULL) -
               area_luma (clear, 0.02, 0.92, 0.07, 0.97, NULL);
  ck_assert_double_lt (fabs (difference), 10);
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
  tcase_add_test (tc, test_sim_remove_black_edge);
  tcase_add_test (tc, test_sim_rect_correct);
  tcase_add_test (tc, test_sim_correct_idcard_direction);
  tcase_add_test (tc, test_sim_custom_rect_angle);
  tcase_add_test (tc, test_sim_reduce_shadow);

  return tc;
}
