/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "test-sim-card.h"

/*
 * The face (face=, chapter 7) and fingerprint (fp=, chapter 8) devices seen from
 * the wire.
 */

/* ---- face= ------------------------------------------------------------------- */

START_TEST (test_verifyidcard)
{
  g_autoptr(JsonObject) no_card = post_ok ("/face=verifyidcard", "{}");
  g_autoptr(JsonObject) placed = control ("{\"place\":\"foreign\",\"face_score\":42}");
  g_autoptr(JsonObject) bad_camidx = post_ok ("/face=verifyidcard", "{\"camidx\":\"3\"}");
  g_autoptr(JsonObject) bad_multi = post_ok ("/face=verifyidcard", "{\"multi_face\":\"2\"}");
  g_autoptr(JsonObject) reply = post_ok ("/face=verifyidcard",
                                         "{\"camidx\":\"2\",\"multi_face\":\"true\"}");
  g_autoptr(JsonObject) plain = post_ok ("/face=verifyidcard", "{\"multi_face\":\"0\"}");
  g_autofree char *photo = teller_sim_card_reader_dup_card_value ("foreign", "photoBase64");
  g_autofree char *number = teller_sim_card_reader_dup_card_value ("foreign", "cardID");
  JsonObject *result = json_object_get_object_member (reply, "result");

  assert_error (no_card, "11", NULL);
  assert_error (bad_camidx, "1", "参数camidx无效");
  assert_error (bad_multi, "1", NULL);
  assert_member (reply, "code", "0");
  assert_member (reply, "message", "");
  assert_all_strings (result, (const char *[]) { "confidence", "image_camera", "image_idcard",
                                                 "cardID", NULL });
  assert_member (result, "confidence", "42");
  assert_member (result, "image_idcard", photo);
  assert_member (result, "cardID", number);
  assert_jpeg (member (result, "image_camera"), 358, 441);
  ck_assert (picture_difference (member (result, "image_camera"), photo) > 8.0);
  assert_member (plain, "code", "0");
}
END_TEST

START_TEST (test_verifybase64)
{
  g_autofree char *a = teller_sim_card_reader_dup_card_value ("mainland", "photoBase64");
  g_autofree char *b = teller_sim_card_reader_dup_card_value ("hmt", "photoBase64_Z");
  g_autofree char *text = g_base64_encode ((const guchar *) "plain text", 10);
  g_autofree char *good = g_strdup_printf ("{\"face0\":\"%s\",\"face1\":\"%s\"}", a, b);
  g_autofree char *missing = g_strdup_printf ("{\"face0\":\"%s\"}", a);
  g_autofree char *not_image = g_strdup_printf ("{\"face0\":\"%s\",\"face1\":\"%s\"}", a, text);
  g_autofree char *not_base64 = g_strdup_printf ("{\"face0\":\"@@@\",\"face1\":\"%s\"}", b);
  g_autoptr(JsonObject) reply = post_ok ("/face=verifybase64", good);
  g_autoptr(JsonObject) no_face1 = post_ok ("/face=verifybase64", missing);
  g_autoptr(JsonObject) bad_face1 = post_ok ("/face=verifybase64", not_image);
  g_autoptr(JsonObject) bad_face0 = post_ok ("/face=verifybase64", not_base64);
  g_autoptr(JsonObject) empty = post_ok ("/face=verifybase64", "{}");
  g_autoptr(JsonObject) scored = control ("{\"face_score\":7}");
  g_autoptr(JsonObject) low = post_ok ("/face=verifybase64", good);

  assert_all_strings (reply, (const char *[]) { "code", "message", "confidence", NULL });
  assert_member (reply, "code", "0");
  assert_member (reply, "confidence", "91");
  assert_member (low, "confidence", "7");
  assert_member (no_face1, "code", "1");
  ck_assert (strstr (member (no_face1, "message"), "face1") != NULL);
  assert_member (bad_face1, "code", "1");
  ck_assert (strstr (member (bad_face1, "message"), "face1") != NULL);
  assert_member (bad_face0, "code", "1");
  ck_assert (strstr (member (bad_face0, "message"), "face0") != NULL);
  assert_member (empty, "code", "1");
}
END_TEST

/* Polls islive as a client does until its code is no longer "1". */
static JsonObject *
poll_islive (const char *body,
             guint      *polls)
{
  for (*polls = 1; *polls < 200; (*polls)++)
    {
      g_autoptr(JsonObject) reply = post_ok ("/face=islive", body);

      if (!g_str_equal (member (reply, "code"), "1"))
        return g_steal_pointer (&reply);
      assert_member (reply, "message", "正在检测，请正视摄像头");
      spin (50);
    }
  ck_abort_msg ("islive never ended");
  return NULL;
}

START_TEST (test_liveness_polling)
{
  g_autoptr(JsonObject) not_started = post_ok ("/face=islive", "{}");
  g_autoptr(JsonObject) set = control ("{\"place\":\"mainland\",\"liveness_ms\":400}");
  g_autoptr(JsonObject) start = post_ok ("/face=startlivedetection", "{\"camidx\":\"1\",\"time\":\"5\"}");
  gint64 started = g_get_monotonic_time ();
  g_autoptr(JsonObject) live = NULL;
  g_autoptr(JsonObject) cut = NULL;
  guint polls = 0;

  assert_error (not_started, "23", "未启动活体检测");
  assert_member (start, "code", "0");
  assert_member (start, "message", "");
  live = poll_islive ("{\"cutface\":\"false\"}", &polls);
  ck_assert_int_ge (g_get_monotonic_time () - started, 400000);
  ck_assert_uint_gt (polls, 1);
  assert_all_strings (live, (const char *[]) { "code", "message", "image", "cost", NULL });
  assert_member (live, "code", "0");
  assert_member (live, "cost", "400");
  assert_jpeg (member (live, "image"), 640, 480);
  /* The result stays until another check starts. */
  cut = post_ok ("/face=islive", "{\"cutface\":\"true\"}");
  assert_member (cut, "code", "0");
  assert_jpeg (member (cut, "image"), 200, 240);
}
END_TEST

START_TEST (test_liveness_not_live)
{
  g_autoptr(JsonObject) set = control ("{\"liveness\":\"not_live\",\"liveness_ms\":100}");
  g_autoptr(JsonObject) start = post_ok ("/face=startlivedetection", "{}");
  g_autoptr(JsonObject) reply = NULL;
  guint polls;

  assert_member (start, "code", "0");
  reply = poll_islive ("{}", &polls);
  assert_error (reply, "21", "未检测到活体");
  ck_assert (!json_object_has_member (reply, "image"));
}
END_TEST

START_TEST (test_liveness_timeout)
{
  g_autoptr(JsonObject) set = control ("{\"liveness_ms\":5000}");
  g_autoptr(JsonObject) start = post_ok ("/face=startlivedetection", "{\"time\":\"1\"}");
  gint64 started = g_get_monotonic_time ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(Reply) blocking = NULL;
  g_autoptr(JsonObject) blocked = NULL;
  guint polls;

  reply = poll_islive ("{}", &polls);
  assert_error (reply, "22", "活体检测超时");
  ck_assert_int_ge (g_get_monotonic_time () - started, 1000000);
  ck_assert_int_lt (g_get_monotonic_time () - started, 4000000);

  blocking = post ("/face=startlivedetection", "{\"time\":\"1\",\"blocking_mode\":\"true\"}");
  blocked = parse_object (blocking->body);
  assert_error (blocked, "22", "活体检测超时");
  ck_assert_int_ge (blocking->elapsed_us, 1000000);
}
END_TEST

START_TEST (test_liveness_blocking)
{
  g_autoptr(JsonObject) set = control ("{\"place\":\"hmt\",\"liveness_ms\":300}");
  g_autoptr(Reply) blocking = post_async ("/face=startlivedetection",
                                          "{\"blocking_mode\":\"true\","
                                          "\"blocking_param\":{\"cutface\":\"true\"}}");
  g_autoptr(JsonObject) meanwhile = post_ok ("/card=getsamid", "{}");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) whole = NULL;
  g_autoptr(Reply) again = NULL;

  /* The server answered another call while the check ran. */
  assert_member (meanwhile, "code", "0");
  ck_assert (!blocking->done);
  ck_assert (wait_for (&blocking->done, WAIT_MS));
  reply = parse_object (blocking->body);
  assert_member (reply, "code", "0");
  assert_member (reply, "cost", "300");
  assert_jpeg (member (reply, "image"), 200, 240);

  again = post ("/face=startlivedetection", "{\"blocking_mode\":\"true\"}");
  whole = parse_object (again->body);
  assert_jpeg (member (whole, "image"), 640, 480);
  ck_assert_int_ge (again->elapsed_us, 300000);
}
END_TEST

START_TEST (test_liveness_never)
{
  g_autoptr(JsonObject) set = control ("{\"liveness\":\"never\",\"liveness_ms\":100}");
  g_autoptr(JsonObject) start = post_ok ("/face=startlivedetection", "{\"time\":\"1\"}");
  g_autoptr(Reply) blocking = NULL;
  g_autoptr(JsonObject) later = NULL;
  gboolean timed_out = FALSE;

  spin (1300);
  later = post_ok ("/face=islive", "{}");
  assert_error (later, "1", "正在检测，请正视摄像头");

  /* Blocking never answers: the client gives up. */
  blocking = post_async ("/face=startlivedetection", "{\"time\":\"1\",\"blocking_mode\":\"true\"}");
  wait_for (&timed_out, 1500);
  ck_assert (!blocking->done);
  soup_session_abort (session);
  ck_assert (wait_for (&blocking->done, WAIT_MS));
  ck_assert_ptr_nonnull (blocking->error);
}
END_TEST

START_TEST (test_liveness_bad_requests)
{
  const char * const bodies[] = {
    "{\"camidx\":\"3\"}", "{\"time\":\"abc\"}", "{\"time\":\"0\"}", "{\"time\":5}",
    "{\"blocking_mode\":\"maybe\"}", "{\"blocking_mode\":\"true\",\"blocking_param\":\"x\"}",
    "{\"blocking_mode\":\"true\",\"blocking_param\":{\"cutface\":\"y\"}}", "[]", NULL
  };
  g_autoptr(JsonObject) islive = post_ok ("/face=islive", "{\"cutface\":\"maybe\"}");

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      g_autoptr(JsonObject) reply = post_ok ("/face=startlivedetection", bodies[i]);

      ck_assert_msg (g_str_equal (member (reply, "code"), "1"), "%s was taken", bodies[i]);
    }
  assert_member (islive, "code", "1");
  ck_assert (!g_str_equal (member (islive, "message"), "正在检测，请正视摄像头"));
}
END_TEST

/* ---- fp= ----------------------------------------------------------------------- */

static guint32
read_le (const guint8 *at,
         guint         size)
{
  guint32 value = 0;

  for (guint i = 0; i < size; i++)
    value |= (guint32) at[i] << (8 * i);
  return value;
}

static JsonObject *
read_finger (const char *type,
             gint64     *elapsed_us)
{
  g_autofree char *body = type != NULL ? g_strdup_printf ("{\"type\":\"%s\"}", type) : g_strdup ("{}");
  g_autoptr(Reply) reply = post ("/fp=read", body);

  ck_assert_uint_eq (reply->status, 200);
  *elapsed_us = reply->elapsed_us;
  return parse_object (reply->body);
}

START_TEST (test_fp_read)
{
  gint64 elapsed;
  g_autoptr(JsonObject) bmp = read_finger (NULL, &elapsed);
  g_autoptr(JsonObject) raw = read_finger ("raw", &elapsed);
  g_autoptr(JsonObject) png = read_finger ("png", &elapsed);
  g_autoptr(JsonObject) feature = read_finger ("feature", &elapsed);
  g_autoptr(GBytes) bmp_bytes = decode_base64 (member (bmp, "bmp"));
  g_autoptr(GBytes) raw_bytes = decode_base64 (member (raw, "raw"));
  g_autoptr(GBytes) template = decode_base64 (member (feature, "feature"));
  g_autoptr(GdkPixbuf) bmp_image = load_image (member (bmp, "bmp"), "bmp");
  g_autoptr(GdkPixbuf) png_image = load_image (member (png, "png"), "png");
  const guint8 *header = g_bytes_get_data (bmp_bytes, NULL);
  const guint8 *pixels;
  gboolean opaque = FALSE;

  ck_assert_int_ge (elapsed, 250000);
  assert_all_strings (bmp, (const char *[]) { "code", "message", "bmp", "feature", NULL });
  assert_member (bmp, "code", "0");
  ck_assert (header[0] == 'B' && header[1] == 'M');
  ck_assert_uint_eq (read_le (header + 2, 4), g_bytes_get_size (bmp_bytes));
  ck_assert_uint_eq (read_le (header + 10, 4), 54);
  ck_assert_uint_eq (read_le (header + 18, 4), 256);
  ck_assert_uint_eq (read_le (header + 22, 4), 360);
  ck_assert_uint_eq (read_le (header + 28, 2), 24);
  ck_assert_uint_eq (g_bytes_get_size (bmp_bytes), 54 + 256 * 3 * 360);
  ck_assert_int_eq (gdk_pixbuf_get_width (bmp_image), 256);

  /* raw: 24-bit RGB, no header. */
  assert_all_strings (raw, (const char *[]) { "code", "message", "raw", "feature", NULL });
  ck_assert_uint_eq (g_bytes_get_size (raw_bytes), 256 * 360 * 3);

  /* png: the blank part transparent. */
  assert_all_strings (png, (const char *[]) { "code", "message", "png", "feature", NULL });
  ck_assert (gdk_pixbuf_get_has_alpha (png_image));
  pixels = gdk_pixbuf_read_pixels (png_image);
  ck_assert_uint_eq (pixels[3], 0);
  for (int i = 0; i < 256 * 360 && !opaque; i++)
    opaque = pixels[(i / 256) * gdk_pixbuf_get_rowstride (png_image) + (i % 256) * 4 + 3] > 200;
  ck_assert (opaque);

  /* feature alone, the same finger every time. */
  assert_all_strings (feature, (const char *[]) { "code", "message", "feature", NULL });
  ck_assert_uint_eq (g_bytes_get_size (template), 512);
  assert_member (bmp, "feature", member (feature, "feature"));
}
END_TEST

START_TEST (test_fp_read_failures)
{
  gint64 elapsed;
  g_autoptr(JsonObject) unknown = read_finger ("jpg", &elapsed);
  g_autoptr(JsonObject) lifted = control ("{\"finger\":false}");
  g_autoptr(JsonObject) none = read_finger ("bmp", &elapsed);

  assert_member (unknown, "code", "1");
  assert_error (none, "31", "未检测到手指");
  ck_assert (!json_object_has_member (none, "bmp"));
  ck_assert_int_ge (elapsed, 250000);
}
END_TEST

START_TEST (test_fp_verify)
{
  g_autofree char *card = teller_sim_card_reader_dup_card_value ("mainland-finger", "fingerBase64");
  g_autoptr(GBytes) templates = decode_base64 (card);
  g_autofree char *first = g_base64_encode (g_bytes_get_data (templates, NULL), 512);
  g_autofree char *pair = g_strdup_printf ("[{\"feature\":\"%s\"},{\"type\":\"feature\",\"data\":\"%s\"}]",
                                           first, card);
  g_autofree char *three = g_strdup_printf ("[{\"bmp\":\"%s\"},{\"raw\":\"%s\"},{\"png\":\"%s\"}]",
                                            first, first, first);
  g_autofree char *one = g_strdup_printf ("[{\"feature\":\"%s\"}]", first);
  g_autofree char *png = g_strdup_printf ("[{\"feature\":\"%s\"},{\"png\":\"%s\"}]", first, first);
  g_autofree char *png_table = g_strdup_printf ("[{\"type\":\"png\",\"data\":\"%s\"}]", first);
  g_autoptr(JsonObject) two = post_ok ("/fp=verify", pair);
  g_autoptr(JsonObject) first_two = post_ok ("/fp=verify", three);
  g_autoptr(Reply) with_reader = post ("/fp=verify", one);
  g_autoptr(JsonObject) with_reader_reply = parse_object (with_reader->body);
  g_autoptr(JsonObject) rejected = post_ok ("/fp=verify", png);
  g_autoptr(JsonObject) rejected_table = post_ok ("/fp=verify", png_table);
  g_autoptr(JsonObject) scored = control ("{\"finger_score\":21,\"finger\":false}");
  g_autoptr(JsonObject) low = post_ok ("/fp=verify", pair);
  g_autoptr(JsonObject) no_finger = post_ok ("/fp=verify", one);

  assert_all_strings (two, (const char *[]) { "code", "message", "confidence", NULL });
  assert_member (two, "code", "0");
  assert_member (two, "confidence", "88");
  assert_member (first_two, "confidence", "88");
  assert_member (with_reader_reply, "confidence", "88");
  ck_assert_int_ge (with_reader->elapsed_us, 250000);
  assert_error (rejected, "32", "png 数据不能用于指纹比对");
  assert_error (rejected_table, "32", NULL);
  assert_member (low, "confidence", "21");
  assert_error (no_finger, "31", "未检测到手指");
}
END_TEST

START_TEST (test_fp_verify_bad_requests)
{
  const char * const bodies[] = {
    "{\"feature\":\"AAAA\"}", "[]", "[{\"feature\":\"@@@\"}]", "[{\"jpg\":\"AAAA\"}]",
    "[{\"type\":\"jpg\",\"data\":\"AAAA\"}]", "[{\"feature\":\"AAAA\",\"bmp\":\"AAAA\"}]",
    "[{\"type\":\"feature\"}]", "[{\"feature\":5}]", "[\"AAAA\"]", "[{\"feature\":\"\"}]", NULL
  };

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      g_autoptr(JsonObject) reply = post_ok ("/fp=verify", bodies[i]);

      ck_assert_msg (g_str_equal (member (reply, "code"), "1"), "%s was taken", bodies[i]);
      ck_assert_uint_gt (strlen (member (reply, "message")), 0);
    }
}
END_TEST

Suite *
card_biometrics_suite (void)
{
  Suite *suite = suite_create ("sim-card-biometrics");
  TCase *face = tcase_create ("face");
  TCase *finger = tcase_create ("finger");
  TCase *all[] = { face, finger };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      tcase_add_checked_fixture (all[i], sim_test_setup, sim_test_teardown);
      suite_add_tcase (suite, all[i]);
    }

  tcase_add_test (face, test_verifyidcard);
  tcase_add_test (face, test_verifybase64);
  tcase_add_test (face, test_liveness_polling);
  tcase_add_test (face, test_liveness_not_live);
  tcase_add_test (face, test_liveness_timeout);
  tcase_add_test (face, test_liveness_blocking);
  tcase_add_test (face, test_liveness_never);
  tcase_add_test (face, test_liveness_bad_requests);

  tcase_add_test (finger, test_fp_read);
  tcase_add_test (finger, test_fp_read_failures);
  tcase_add_test (finger, test_fp_verify);
  tcase_add_test (finger, test_fp_verify_bad_requests);
  return suite;
}
