/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-capture.h"

/* The tests that are not about the frame size use a small camera, for speed. */
#define SMALL_WIDTH  800
#define SMALL_HEIGHT 600

JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error ? error->message : "");
  return node;
}

/* Every member of @expected is in @actual with the same type and value, and
 * @actual has nothing more. */
void
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
GBytes *
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

char *
make_jpeg_base64 (int width,
                  int height)
{
  g_autoptr(GBytes) jpeg = make_jpeg (width, height);

  return g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}

GdkPixbuf *
decode_jpeg (GBytes *jpeg)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (gdk_pixbuf_loader_write_bytes (loader, jpeg, &error));
  ck_assert_msg (gdk_pixbuf_loader_close (loader, &error), "%s", error ? error->message : "");
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* ---- The simulator fixture, which the crafted server and the CLI share -- */

Fixture fixture;

TellerSimCapture *
sim_capture (void)
{
  return _teller_sim_capture_get (teller_sim_get_camera_server (fixture.sim));
}

void
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

void
teardown_sim (void)
{
  g_clear_object (&fixture.camera);
  g_clear_object (&fixture.client);
  g_clear_object (&fixture.sim);
  g_clear_pointer (&fixture.url, g_free);
  while (g_main_context_iteration (NULL, FALSE));
}

void
set_fault (const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (teller_sim_get_camera_server (fixture.sim),
                                              "video=grabimage", spec, &error),
                 "%s", error ? error->message : "");
}

GPtrArray *
capture_with (TellerCameraService         *camera,
              const TellerCaptureOptions  *options,
              GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_capture_async (camera, options, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CAPTURE_TIMEOUT_MS * 2);
  return teller_camera_service_capture_finish (camera, result, error);
}

GPtrArray *
capture (const TellerCaptureOptions *options)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *images = capture_with (fixture.camera, options, &error);

  ck_assert_msg (images != NULL, "capture failed: %s", error ? error->message : "");
  ck_assert_uint_ge (images->len, 1);
  return images;
}

TellerCapturedImage *
first (GPtrArray *images)
{
  return g_ptr_array_index (images, 0);
}

/* POSTs raw JSON, for requests the typed client never sends. */
JsonNode *
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

/* ---- The suite ---------------------------------------------------- */

static Suite *
capture_suite (void)
{
  Suite *suite = suite_create ("capture");

  suite_add_tcase (suite, capture_request_tcase ());
  suite_add_tcase (suite, capture_reply_tcase ());
  suite_add_tcase (suite, capture_sim_tcase ());
  suite_add_tcase (suite, capture_crafted_tcase ());
  suite_add_tcase (suite, capture_cli_tcase ());
  suite_add_tcase (suite, capture_ws_tcase ());

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
