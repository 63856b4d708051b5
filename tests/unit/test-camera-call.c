/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera service's one call machinery and what it guards: bodies of tens of
 * megabytes serialized off the main loop, the documented empty replies, the vendor
 * table as the only judge of a reply's code, one deadline per chain of calls, the
 * OCR engine's verdict in either form of "json", overflow-proof automatic values,
 * and the checks at the public entry points. */

#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "teller-camera-service.h"
#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-sim.h"
#include "teller-sim-camera.h"
#include "teller-vendor-codes.h"
#include "test-util.h"

#define CAM             TELLER_VENDOR_CAMERA_SERVICE
#define CALL_TIMEOUT_MS 2000
#define WAIT_MS         (CALL_TIMEOUT_MS * 4)

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error ? error->message : "");
  return node;
}

/* ---- Criticals from the service layer --------------------------------- */

static guint criticals;

static void
count_critical_cb (const char     *domain,
                   GLogLevelFlags  level,
                   const char     *message,
                   gpointer        user_data)
{
  criticals++;
}

/* @expr must fail a g_return_if_fail() of the service layer ("teller-core"), not
 * crash and not leave the check to a library underneath. */
#define ASSERT_CRITICAL(expr) \
  G_STMT_START { \
    guint _before = criticals; \
    guint _id = g_log_set_handler ("teller-core", G_LOG_LEVEL_CRITICAL, count_critical_cb, NULL); \
    expr; \
    g_log_remove_handler ("teller-core", _id); \
    ck_assert_msg (criticals == _before + 1, "no teller-core critical for " #expr); \
  } G_STMT_END

START_TEST (test_entry_points_check_arguments)
{
  g_autoptr(JsonNode) ok = parse ("{\"code\":\"0\"}");
  JsonObject *object = json_node_get_object (ok);
  TellerResolution size;
  TellerScreenRect rect;
  gpointer result = GINT_TO_POINTER (1);
  gboolean done = TRUE;

  ASSERT_CRITICAL (result = teller_error_new_vendor (TELLER_VENDOR_CAMERA_SERVICE, "video=status",
                                                     NULL, NULL));
  ck_assert_ptr_null (result);
  ASSERT_CRITICAL (done = teller_camera_reply_check (NULL, ok, NULL));
  ck_assert (!done);
  ASSERT_CRITICAL (done = teller_camera_info_merge_param (NULL, "app_version", object, NULL));
  ck_assert (!done);
  ASSERT_CRITICAL (result = teller_camera_status_to_json (NULL));
  ck_assert_ptr_null (result);
  ASSERT_CRITICAL (result = teller_camera_info_to_json (NULL));
  ck_assert_ptr_null (result);

  /* Every public parser of teller-camera-settings.c and teller-camera-record.c. */
  ASSERT_CRITICAL (result = teller_camera_resolutions_parse (NULL, NULL));
  ck_assert_ptr_null (result);
  ASSERT_CRITICAL (done = teller_camera_resolution_reply_parse (NULL, &size, NULL));
  ASSERT_CRITICAL (done = teller_camera_resolution_reply_parse (object, NULL, NULL));
  ASSERT_CRITICAL (done = teller_camera_preview_resolution_parse (NULL, &size, NULL));
  ASSERT_CRITICAL (result = teller_camera_video_formats_parse (NULL, NULL));
  ASSERT_CRITICAL (result = teller_camera_video_format_parse (NULL, NULL));
  ASSERT_CRITICAL (done = teller_camera_screen_position_parse (NULL, &rect, NULL));
  ASSERT_CRITICAL (done = teller_camera_screen_position_parse (object, NULL, NULL));
  ASSERT_CRITICAL (result = teller_camera_cache_value_parse (NULL, NULL));
  ASSERT_CRITICAL (result = teller_camera_cache_entries_parse (NULL, NULL));
  ASSERT_CRITICAL (done = teller_resolution_parse ("640x480", NULL));
  ASSERT_CRITICAL (result = teller_camera_property_to_json (NULL));
  ASSERT_CRITICAL (result = teller_camera_record_start_parse (NULL, NULL));
  ASSERT_CRITICAL (result = teller_camera_record_stop_parse (NULL, NULL));
  ASSERT_CRITICAL (result = teller_camera_record_status_parse (NULL, NULL));
  ASSERT_CRITICAL (result = teller_camera_record_audio_parse (NULL, NULL));
  ASSERT_CRITICAL (result = teller_record_status_to_json (NULL));
  ck_assert (!done);
  ck_assert_ptr_null (result);
}
END_TEST

/* ---- The vendor table judges every code -------------------------------- */

START_TEST (test_reply_check_reads_the_vendor_table)
{
  g_autoptr(JsonNode) one = parse ("{\"code\":\"1\"}");
  g_autoptr(JsonNode) five = parse ("{\"code\":\"5\",\"message\":\"未启动文档检测\"}");
  g_autoptr(JsonNode) six = parse ("{\"code\":6}");
  g_autoptr(JsonNode) hundred = parse ("{\"code\":\"100\"}");
  g_autoptr(GError) error = NULL;

  /* 7.4: "1" is "still checking", a state the table lists, not a failure. */
  ck_assert (teller_camera_reply_check ("face=islive", one, NULL));
  ck_assert (!teller_camera_reply_check ("video=status", one, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
  g_clear_error (&error);

  /* 3.5, per action: the table's "video=detectdoc:ACTION" entries. */
  ck_assert (teller_camera_reply_check ("video=detectdoc:stop", five, NULL));
  ck_assert (teller_camera_reply_check ("video=detectdoc:stop", six, NULL));
  ck_assert (teller_camera_reply_check ("video=detectdoc:status", five, NULL));
  ck_assert (teller_camera_reply_check ("video=detectdoc:status", hundred, NULL));
  ck_assert (!teller_camera_reply_check ("video=detectdoc:start", five, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "5");
  ck_assert_str_eq (teller_error_get_vendor_message (error), "未启动文档检测");
  g_clear_error (&error);

  /* The action's key falls back to the operation's entries, then the generic ones. */
  ck_assert (teller_vendor_code_is_success (CAM, "video=detectdoc:start", "0"));
  ck_assert (teller_vendor_code_is_success (CAM, "video=detectdoc:status", "101"));
  ck_assert (!teller_vendor_code_is_success (CAM, "video=detectdoc", "6"));
  ck_assert_str_eq (teller_vendor_code_lookup (CAM, "video=detectdoc:start", "1")->operation,
                    "video=detectdoc");
}
END_TEST

/* ---- OCR: the engine's verdict in either form of "json" ---------------- */

START_TEST (test_ocr_engine_failure_in_string_json)
{
  g_autoptr(JsonNode) as_string = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) as_object = parse ("{\"code\":\"0\",\"json\":{\"ocr_result\":1009,"
                                         "\"page_count\":0}}");
  g_autoptr(TellerOcrResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_object_new ();

  /* {"code":"0","json":"{\"ocr_result\":1009,...}"}: the service's code says
   * success, the engine says busy; the string holds the verdict. */
  json_object_set_string_member (object, "code", "0");
  json_object_set_string_member (object, "message", "busy");
  json_object_set_string_member (object, "json", "{\"ocr_result\":1009,\"page_count\":0}");
  json_node_take_object (as_string, object);

  ck_assert (!teller_ocr_reply_check (as_string, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BUSY));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "1009");
  ck_assert_str_eq (teller_error_get_vendor_message (error), "busy");
  g_clear_error (&error);

  /* The parser never turns a failed recognition into an empty text either. */
  result = teller_ocr_result_parse (json_node_get_object (as_string), TELLER_OCR_OUTPUT_JSON,
                                    &error);
  ck_assert_ptr_null (result);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BUSY));
  g_clear_error (&error);
  result = teller_ocr_result_parse (json_node_get_object (as_object), TELLER_OCR_OUTPUT_JSON,
                                    &error);
  ck_assert_ptr_null (result);
  ck_assert_str_eq (teller_error_get_vendor_code (error), "1009");
}
END_TEST

/* ---- Automatic values cannot wrap into the range ---------------------- */

START_TEST (test_auto_value_does_not_overflow)
{
  static const TellerCameraProperty properties[] = {
    /* name, settable, min, max, step, default, current, is_auto */
    { NULL, TRUE, 0, 1000000, G_MAXINT, 0, 0, FALSE },            /* max + step wraps */
    { NULL, TRUE, -64, 64, G_MAXINT, 0, 0, FALSE },
    { NULL, TRUE, G_MININT + 5, G_MAXINT - 10, 100, 0, 0, FALSE }, /* min - step wraps */
    { NULL, TRUE, -13, -1, 1, -5, -5, TRUE },                     /* 3.7's exposure */
    { NULL, TRUE, 0, 64, 0, 32, 32, FALSE },                      /* no step */
  };

  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      const TellerCameraProperty *property = &properties[i];
      int value = teller_camera_property_auto_value (property);

      ck_assert_msg (value < property->min || value > property->max,
                     "case %u: %d lies in [%d, %d]", i, value, property->min, property->max);
    }
  /* The document's own example value where it fits. */
  ck_assert_int_eq (teller_camera_property_auto_value (&properties[3]), 999);
}
END_TEST

/* ---- Against the simulator --------------------------------------------- */

typedef struct
{
  TellerSim           *sim;
  TellerJsonClient    *client;
  TellerCameraService *camera;
  char                *url;
} Fixture;

static Fixture fx;

static void
setup_sim (void)
{
  g_autoptr(GError) error = NULL;

  fx.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fx.sim, 0, &error), "%s", error ? error->message : "");
  fx.url = teller_sim_dup_camera_url (fx.sim);
  fx.client = teller_json_client_new ();
  fx.camera = teller_camera_service_new (fx.client, fx.url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fx.camera), CALL_TIMEOUT_MS);
}

static void
teardown_sim (void)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  g_clear_object (&fx.camera);
  g_clear_object (&fx.client);
  g_clear_object (&fx.sim);
  g_clear_pointer (&fx.url, g_free);
  while (g_main_context_iteration (NULL, FALSE) && g_get_monotonic_time () < deadline)
    ;
}

static void
set_fault (const char *route,
           const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (teller_sim_get_camera_server (fx.sim), route, spec,
                                              &error),
                 "%s", error ? error->message : "");
}

/* The raw body the simulator answers @path with, by GET. */
static GBytes *
raw_get (const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/%s", fx.url, path);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  test_wait_for_result (&result, WAIT_MS);
  body = soup_session_send_and_read_finish (session, result, &error);
  ck_assert_msg (body != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (soup_message_get_status (message), SOUP_STATUS_OK);
  return body;
}

START_TEST (test_client_allow_empty)
{
  g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (fx.camera), "video=open&camidx=0");
  g_autoptr(GBytes) raw = raw_get ("video=close&camidx=0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  /* 3.9/3.10 document no reply: the simulator sends none. */
  ck_assert_uint_eq (g_bytes_get_size (raw), 0);

  teller_json_client_request_async (fx.client, "GET", url, NULL, TELLER_JSON_CLIENT_ALLOW_EMPTY,
                                    CALL_TIMEOUT_MS, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, WAIT_MS);
  reply = teller_json_client_request_finish (fx.client, result, &error);
  ck_assert_ptr_null (reply);
  ck_assert_msg (error == NULL, "%s", error->message);
  g_clear_object (&result);

  /* Without the flag an empty body is what it always was: a bad response. */
  teller_json_client_get_async (fx.client, url, CALL_TIMEOUT_MS, NULL, test_store_result_cb,
                                &result);
  test_wait_for_result (&result, WAIT_MS);
  reply = teller_json_client_request_finish (fx.client, result, &error);
  ck_assert_ptr_null (reply);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
  g_clear_error (&error);
  g_clear_object (&result);

  /* With it, a body that is there must still be JSON. */
  set_fault ("video=open", "malformed");
  teller_json_client_request_async (fx.client, "GET", url, NULL, TELLER_JSON_CLIENT_ALLOW_EMPTY,
                                    CALL_TIMEOUT_MS, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, WAIT_MS);
  reply = teller_json_client_request_finish (fx.client, result, &error);
  ck_assert_ptr_null (reply);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE));
}
END_TEST

START_TEST (test_client_post_bytes)
{
  static const char body[] = "{\"type\":\"app_version\"}";
  g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (fx.camera), "param=get");
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body - 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  teller_json_client_post_bytes_async (fx.client, url, bytes, CALL_TIMEOUT_MS, NULL,
                                       test_store_result_cb, &result);
  test_wait_for_result (&result, WAIT_MS);
  reply = teller_json_client_request_finish (fx.client, result, &error);
  ck_assert_msg (reply != NULL, "%s", error ? error->message : "");
  ck_assert (teller_camera_reply_check ("param=get", reply, NULL));
  ck_assert (json_object_has_member (json_node_get_object (reply), "app_version"));
}
END_TEST

static gboolean
open_close (gboolean   open,
            GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (open)
    {
      teller_camera_service_open_async (fx.camera, 0, NULL, test_store_result_cb, &result);
      test_wait_for_result (&result, WAIT_MS);
      return teller_camera_service_open_finish (fx.camera, result, error);
    }
  teller_camera_service_close_async (fx.camera, 0, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, WAIT_MS);
  return teller_camera_service_close_finish (fx.camera, result, error);
}

static gboolean
scanner_close (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_barcode_scanner_close_async (fx.camera, NULL, test_store_result_cb,
                                                     &result);
  test_wait_for_result (&result, WAIT_MS);
  return teller_camera_service_barcode_scanner_close_finish (fx.camera, result, error);
}

/* The three endpoints documented without a reply take an empty body and the
 * service's usual {"code":"0"} alike; a failing code is still an error. */
START_TEST (test_documented_empty_replies)
{
  static const char * const routes[] = { "video=open", "video=close", "barcode_scanner=close" };
  g_autoptr(GError) error = NULL;

  ck_assert_msg (open_close (TRUE, &error), "%s", error ? error->message : "");
  ck_assert_msg (open_close (FALSE, &error), "%s", error ? error->message : "");
  ck_assert_msg (scanner_close (&error), "%s", error ? error->message : "");

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    set_fault (routes[i], "code=0");
  ck_assert_msg (open_close (TRUE, &error), "%s", error ? error->message : "");
  ck_assert_msg (open_close (FALSE, &error), "%s", error ? error->message : "");
  ck_assert_msg (scanner_close (&error), "%s", error ? error->message : "");

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    set_fault (routes[i], "code=2");
  ck_assert (!open_close (TRUE, &error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  g_clear_error (&error);
  ck_assert (!open_close (FALSE, &error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  g_clear_error (&error);
  ck_assert (!scanner_close (&error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
}
END_TEST

/* A chain of calls has one deadline: seventeen slow getproperty answers, or a
 * slow read before a slow set, end with TIMEOUT within the call's timeout. */
START_TEST (test_get_properties_one_deadline)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) properties = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  /* 17 × 300 ms: each answer is in time, all of them are not. */
  set_fault ("video=getproperty", "latency=300");
  teller_camera_service_get_properties_async (fx.camera, 0, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 4);
  properties = teller_camera_service_get_properties_finish (fx.camera, result, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  ck_assert_msg (properties == NULL, "the chain took %" G_GINT64_FORMAT " ms and succeeded",
                 elapsed_ms);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT), "%s", error->message);
  ck_assert_int_lt (elapsed_ms, CALL_TIMEOUT_MS + 1000);
}
END_TEST

START_TEST (test_set_property_one_deadline)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;
  gboolean done;

  /* Read 1.2 s, set 1.2 s: each in time, together not. */
  set_fault ("video=getproperty", "latency=1200");
  set_fault ("video=setproperty", "latency=1200");
  teller_camera_service_set_property_async (fx.camera, 0, "brightness", 0, NULL,
                                            test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 4);
  done = teller_camera_service_set_property_finish (fx.camera, result, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  ck_assert_msg (!done, "the chain took %" G_GINT64_FORMAT " ms and succeeded", elapsed_ms);
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT), "%s", error->message);
  ck_assert_int_lt (elapsed_ms, CALL_TIMEOUT_MS + 1000);
}
END_TEST

START_TEST (test_chain_in_time_succeeds)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) properties = NULL;

  set_fault ("video=getproperty", "latency=20");
  teller_camera_service_get_properties_async (fx.camera, 0, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 4);
  properties = teller_camera_service_get_properties_finish (fx.camera, result, &error);
  ck_assert_msg (properties != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (properties->len, 17);
}
END_TEST

/* ---- Large request bodies never stall the main loop -------------------- */

/* A service on its own thread and main context, so that reading a request of
 * tens of megabytes does not happen on the main loop being measured. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  guint         port;
  gsize         received;
} ThreadServer;

static void
thread_server_cb (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  static const char reply[] = "{\"code\":\"2\",\"message\":\"thread server\"}";
  ThreadServer *self = user_data;

  g_mutex_lock (&self->lock);
  self->received = soup_server_message_get_request_body (message)->length;
  g_mutex_unlock (&self->lock);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, reply,
                                    sizeof reply - 1);
}

static gpointer
thread_server_run (gpointer user_data)
{
  ThreadServer *self = user_data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, thread_server_cb, self, NULL);
  /* Not soup_server_listen_local() nor soup_server_get_uris(): both leak in
   * libsoup 3.2 (see teller_sim_server_listen()). */
  g_assert (soup_server_listen (server, address, 0, NULL));
  listeners = soup_server_get_listeners (server);
  bound = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);

  g_mutex_lock (&self->lock);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);
  soup_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
thread_server_start (ThreadServer *self)
{
  memset (self, 0, sizeof *self);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("thread-server", thread_server_run, self);
  g_mutex_lock (&self->lock);
  while (self->port == 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
thread_server_stop (ThreadServer *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last != 0)
    ticker->max_gap = MAX (ticker->max_gap, now - ticker->last);
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

START_TEST (test_large_body_serialized_off_main_loop)
{
  /* 36 MB of image data: 48 MB of base64 in the request. */
  const gsize size = 36 * 1024 * 1024;
  g_autoptr(GBytes) image = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_image_source_free);
  g_autoptr(TellerJsonClient) client = teller_json_client_new ();
  g_autoptr(TellerCameraService) camera = NULL;
  g_autoptr(TellerMergedDocument) document = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 serialize_us;
  Ticker ticker = { 0 };
  ThreadServer server;
  guint tick_id;

  g_ptr_array_add (sources, teller_image_source_new_bytes (image, "jpg"));

  /* What serializing this request costs the thread that does it. */
  {
    g_autoptr(JsonNode) body = teller_image_tools_build_merge_document (sources);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *text = NULL;
    gint64 start = g_get_monotonic_time ();

    json_generator_set_root (generator, body);
    text = json_generator_to_data (generator, NULL);
    serialize_us = g_get_monotonic_time () - start;
    ck_assert_uint_gt (strlen (text), size);
  }

  thread_server_start (&server);
  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  camera = teller_camera_service_new (client, url);
  teller_service_set_timeout_ms (TELLER_SERVICE (camera), 60000);

  tick_id = g_timeout_add (1, tick_cb, &ticker);
  teller_camera_service_merge_document_async (camera, TELLER_MERGE_FORMAT_PDF, sources, NULL,
                                              test_store_result_cb, &result);
  test_wait_for_result (&result, 60000);
  g_source_remove (tick_id);

  document = teller_camera_service_merge_document_finish (camera, result, &error);
  thread_server_stop (&server);

  /* The exchange took place: the service saw the whole body and answered "2". */
  ck_assert_ptr_null (document);
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  ck_assert_uint_gt (server.received, size);
  /* The main loop never stopped for anything like the serialization. */
  ck_assert_msg (ticker.max_gap < serialize_us / 2,
                 "the main loop stalled %" G_GINT64_FORMAT " µs; serializing takes %"
                 G_GINT64_FORMAT " µs", ticker.max_gap, serialize_us);
}
END_TEST

static Suite *
camera_call_suite (void)
{
  Suite *suite = suite_create ("camera-call");
  TCase *unit = tcase_create ("unit");
  TCase *sim = tcase_create ("simulator");
  TCase *large = tcase_create ("large-body");

  tcase_add_test (unit, test_entry_points_check_arguments);
  tcase_add_test (unit, test_reply_check_reads_the_vendor_table);
  tcase_add_test (unit, test_ocr_engine_failure_in_string_json);
  tcase_add_test (unit, test_auto_value_does_not_overflow);
  suite_add_tcase (suite, unit);

  tcase_add_checked_fixture (sim, setup_sim, teardown_sim);
  tcase_set_timeout (sim, 30);
  tcase_add_test (sim, test_client_allow_empty);
  tcase_add_test (sim, test_client_post_bytes);
  tcase_add_test (sim, test_documented_empty_replies);
  tcase_add_test (sim, test_get_properties_one_deadline);
  tcase_add_test (sim, test_set_property_one_deadline);
  tcase_add_test (sim, test_chain_in_time_succeeds);
  suite_add_tcase (suite, sim);

  tcase_set_timeout (large, 120);
  tcase_add_test (large, test_large_body_serialized_off_main_loop);
  suite_add_tcase (suite, large);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (camera_call_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
