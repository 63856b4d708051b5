/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The barcode scanner (chapter 11), bad input and faults, against the in-process
 * simulator; the fixture and call helpers are in test-tools-sim.c. */

#include "config.h"

#include <string.h>

#include "teller-camera-service.h"
#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-sim.h"
#include "teller-sim-imagepro-private.h"
#include "test-tools.h"
#include "test-tools-sim.h"
#include "test-util.h"

/* ---- 11 -------------------------------------------------------------------------- */

static gboolean
scanner_get (char   **code,
             GError **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  gboolean ok;

  teller_camera_service_barcode_scanner_get_async (fx.camera, NULL, test_store_result_cb,
                                                         &pending);
  ok = teller_camera_service_barcode_scanner_get_finish (fx.camera, AWAIT (pending), code, error);
  g_clear_object (&pending);
  return ok;
}

START_TEST (test_scanner_cycle)
{
  g_autoptr(GAsyncResult) pending = NULL;
  TellerSimScanner *scanner = _teller_sim_scanner_get (teller_sim_get_camera_server (fx.sim));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  gboolean ok;

  ck_assert (!_teller_sim_scanner_scan (scanner, "LOST"));

  teller_camera_service_barcode_scanner_open_async (fx.camera, 9600, NULL,
                                                          test_store_result_cb, &pending);
  ok = teller_camera_service_barcode_scanner_open_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (ok, "%s", error != NULL ? error->message : "");

  ck_assert (scanner_get (&code, &error));
  ck_assert_ptr_null (code);

  ck_assert (_teller_sim_scanner_scan (scanner, "6901234567892"));
  ck_assert (scanner_get (&code, &error));
  ck_assert_str_eq (code, "6901234567892");
  g_clear_pointer (&code, g_free);
  /* 11.2: read once, then emptied. */
  ck_assert (scanner_get (&code, &error));
  ck_assert_ptr_null (code);

  teller_camera_service_barcode_scanner_close_async (fx.camera, NULL, test_store_result_cb,
                                                           &pending);
  ok = teller_camera_service_barcode_scanner_close_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (ok, "%s", error != NULL ? error->message : "");
  ck_assert (!_teller_sim_scanner_is_open (scanner));

  ck_assert (!scanner_get (&code, &error));
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "1");
}
END_TEST

START_TEST (test_scanner_unplugged_and_bad_baud)
{
  g_autoptr(GAsyncResult) pending = NULL;
  TellerSimScanner *scanner = _teller_sim_scanner_get (teller_sim_get_camera_server (fx.sim));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  teller_camera_service_barcode_scanner_open_async (fx.camera, 14400, NULL,
                                                          test_store_result_cb, &pending);
  ok = teller_camera_service_barcode_scanner_open_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert (!ok);
  tools_assert_vendor_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
  g_clear_error (&error);

  _teller_sim_scanner_set_plugged (scanner, FALSE);
  teller_camera_service_barcode_scanner_open_async (fx.camera, 0, NULL,
                                                          test_store_result_cb, &pending);
  ok = teller_camera_service_barcode_scanner_open_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert (!ok);
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "2");
}
END_TEST

/* ---- Bad input -------------------------------------------------------------------- */

START_TEST (test_bad_sources)
{
  g_autoptr(GPtrArray) not_base64 = tools_sources_new ();
  g_autoptr(GPtrArray) missing = tools_sources_new ();
  g_autoptr(GPtrArray) unknown_uuid = tools_sources_new ();
  g_autoptr(GPtrArray) not_image = tools_sources_new ();
  g_autoptr(GPtrArray) empty = tools_sources_new ();
  g_autofree char *absent = tools_sandbox_file ("absent.jpg", NULL);
  g_autoptr(GBytes) text = g_bytes_new_static ("just text", 9);
  GPtrArray *cases[] = { not_base64, missing, unknown_uuid, not_image };

  g_ptr_array_add (not_base64, teller_image_source_new_base64 ("@@not base64@@", NULL));
  g_ptr_array_add (missing, teller_image_source_new_filepath (absent));
  g_ptr_array_add (unknown_uuid,
                   teller_image_source_new_uuid ("00000000-0000-4000-8000-000000000000"));
  g_ptr_array_add (not_image, teller_image_source_new_bytes (text, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerMergedDocument) document = tools_merge (TELLER_MERGE_FORMAT_PDF, cases[i], &error);

      ck_assert_msg (document == NULL, "case %u merged", i);
      tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "1");
      ck_assert_ptr_nonnull (teller_error_get_vendor_message (error));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TellerMergedDocument) document = tools_merge (TELLER_MERGE_FORMAT_PDF, empty, &error);

    /* Refused before anything is sent. */
    ck_assert_ptr_null (document);
    tools_assert_vendor_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
    ck_assert_uint_eq (teller_sim_server_get_request_count (teller_sim_get_camera_server (fx.sim),
                                                            "imagepro=merge2pdf"), 4);
  }
}
END_TEST

START_TEST (test_storage_refuses_paths)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(TellerImageSource) uuid = teller_image_source_new_uuid ("00000000-0000-4000-8000-000000000000");
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;

  teller_camera_service_storage_image_async (fx.camera, uuid, NULL, NULL,
                                                   test_store_result_cb, &pending);
  stored = teller_camera_service_storage_image_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_ptr_null (stored);
  tools_assert_vendor_error (error, TELLER_ERROR_INVALID_INPUT, NULL);
}
END_TEST

/* The simulator refuses what the document does not allow, as a raw request shows. */
static const char * const wrong_bodies[][2] = {
  { "imagepro=process", "{\"source_image\": {\"base64\": \"/9j/\"}, \"image_process_info\": {\"rotate\": 90}}" },
  { "imagepro=process", "{\"source_image\": {\"base64\": \"/9j/\"}, \"image_process_info\": {\"rotate\": \"45\"}}" },
  { "imagepro=merge2pdf", "{\"source_image\": []}" },
  { "imagepro=merge_images", "{\"source_images\": [], \"margin\": \"5\"}" },
  { "imagepro=copyfile", "{\"source_file\": \"/a\", \"target_file\": \"/b\"}" },
  { "imagepro=start_editor", "{\"source_images\": []}" },
  { "imagepro=barcode", "{\"roi\": {\"top\": 0.1}}" },
  { "imagepro=storage_image", "{\"source_image\": {\"filepath\": \"/tmp/x.jpg\"}}" },
  { "barcode_scanner=open", "{\"baud_rate\": 9600}" },
};

START_TEST (test_wrong_request_types)
{
  g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (fx.camera), wrong_bodies[_i][0]);
  g_autoptr(JsonNode) body = test_parse_json (wrong_bodies[_i][1]);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  teller_json_client_post_async (fx.client, url, body, CALL_TIMEOUT_MS, NULL, test_store_result_cb,
                                 &result);
  test_wait_for_result (&result, WAIT_MS);
  reply = teller_json_client_request_finish (fx.client, result, &error);
  ck_assert_msg (reply != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (reply), "code"), "1");
  ck_assert (strlen (json_object_get_string_member (json_node_get_object (reply), "message")) > 0);
}
END_TEST

/* ---- Faults -------------------------------------------------------------------------- */

static const struct {
  const char *spec;
  int         kind;
} fault_cases[] = {
  { "code=2", TELLER_ERROR_DEVICE },
  { "drop", TELLER_ERROR_UNREACHABLE },
  { "malformed", TELLER_ERROR_BAD_RESPONSE },
  { "truncated", TELLER_ERROR_BAD_RESPONSE },
  { "http500", TELLER_ERROR_BAD_RESPONSE },
  { "latency=8000", TELLER_ERROR_TIMEOUT },
};

START_TEST (test_fault_kinds_on_barcode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerBarcodeResult) result = NULL;

  ck_assert (teller_sim_server_set_fault (teller_sim_get_camera_server (fx.sim), "imagepro=barcode",
                                          fault_cases[_i].spec, NULL));
  result = tools_barcode (NULL, &error);
  ck_assert_ptr_null (result);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, fault_cases[_i].kind), "%s: got %s",
                 fault_cases[_i].spec, error->message);
}
END_TEST

START_TEST (test_latency_then_answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerBarcodeResult) result = NULL;

  /* A slow service that answers within the timeout: the job runs after the pause. */
  ck_assert (teller_sim_server_set_fault (teller_sim_get_camera_server (fx.sim), "imagepro=barcode",
                                          "latency=300", NULL));
  result = tools_barcode (NULL, &error);
  ck_assert_msg (result != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (result->barcodes->len, 1);
}
END_TEST

/* The control routes teller-devsim users drive over HTTP. */
static JsonObject *
post_control (const char *route,
              const char *body)
{
  g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (fx.camera), route);
  g_autoptr(JsonNode) request = test_parse_json (body);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  teller_json_client_post_async (fx.client, url, request, CALL_TIMEOUT_MS, NULL,
                                 test_store_result_cb, &pending);
  reply = teller_json_client_request_finish (fx.client, AWAIT (pending), &error);
  ck_assert_msg (reply != NULL, "%s", error != NULL ? error->message : "");
  return json_object_ref (json_node_get_object (reply));
}

START_TEST (test_control_routes)
{
  g_autoptr(JsonObject) sandbox = post_control ("__sim/imagepro", "{}");
  g_autoptr(JsonObject) lost = post_control ("__sim/scanner", "{\"code\": \"EARLY\"}");
  g_autoptr(JsonObject) queued = NULL, unplugged = NULL, bad = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  TellerSimScanner *scanner = _teller_sim_scanner_get (teller_sim_get_camera_server (fx.sim));

  ck_assert_str_eq (json_object_get_string_member (sandbox, "sandbox"), fx.sandbox);
  /* Scanned while the port is closed: nobody reads it. */
  ck_assert (!json_object_get_boolean_member (lost, "queued"));

  teller_camera_service_barcode_scanner_open_async (fx.camera, 0, NULL, test_store_result_cb,
                                                    &pending);
  ck_assert (teller_camera_service_barcode_scanner_open_finish (fx.camera, AWAIT (pending), NULL));
  g_clear_object (&pending);
  queued = post_control ("__sim/scanner", "{\"code\": \"LATE\"}");
  ck_assert (json_object_get_boolean_member (queued, "queued"));
  teller_camera_service_barcode_scanner_get_async (fx.camera, NULL, test_store_result_cb, &pending);
  ck_assert (teller_camera_service_barcode_scanner_get_finish (fx.camera, AWAIT (pending), &code,
                                                               &error));
  g_clear_object (&pending);
  ck_assert_str_eq (code, "LATE");

  unplugged = post_control ("__sim/scanner", "{\"plugged\": false}");
  ck_assert_str_eq (json_object_get_string_member (unplugged, "code"), "0");
  ck_assert (!_teller_sim_scanner_is_open (scanner));
  bad = post_control ("__sim/scanner", "{\"plugged\": \"no\"}");
  ck_assert_str_eq (json_object_get_string_member (bad, "code"), "1");
}
END_TEST

TCase *
tools_sim_errors_tcase (void)
{
  TCase *tc = tcase_create ("scanner-errors-faults");

  tcase_add_checked_fixture (tc, tools_sim_setup, tools_sim_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_control_routes);
  tcase_add_test (tc, test_scanner_cycle);
  tcase_add_test (tc, test_scanner_unplugged_and_bad_baud);
  tcase_add_test (tc, test_bad_sources);
  tcase_add_test (tc, test_storage_refuses_paths);
  tcase_add_loop_test (tc, test_wrong_request_types, 0, G_N_ELEMENTS (wrong_bodies));
  tcase_add_loop_test (tc, test_fault_kinds_on_barcode, 0, G_N_ELEMENTS (fault_cases));
  tcase_add_test (tc, test_latency_then_answer);
  return tc;
}
