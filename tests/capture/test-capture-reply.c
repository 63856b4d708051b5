/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"

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

TCase *
capture_reply_tcase (void)
{
  TCase *tc = tcase_create ("reply");

  tcase_add_test (tc, test_reply_document_example);
  tcase_add_test (tc, test_reply_uuid_and_loose_forms);
  tcase_add_test (tc, test_reply_v10);
  tcase_add_loop_test (tc, test_reply_bad, 0, G_N_ELEMENTS (bad_replies));
  tcase_add_test (tc, test_jpeg_size_reader);

  return tc;
}
