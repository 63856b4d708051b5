/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-stream.h"

/* ---- No network -------------------------------------------------------- */

/* Chapter 3.5's table, action by action. */
static const struct {
  const char        *action;
  const char        *reply;
  gboolean           ok;
  TellerDetectState  state;
  int                error_kind;
  const char        *vendor_code;
} detect_replies[] = {
  { "start", "{\"code\":\"0\"}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "start", "{\"code\":0}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "start", "{\"code\":\"2\",\"message\":\"x\"}", FALSE, 0, TELLER_ERROR_DEVICE, "2" },
  { "start", "{\"code\":\"1\"}", FALSE, 0, TELLER_ERROR_INVALID_INPUT, "1" },
  { "start", "{\"code\":\"3\"}", FALSE, 0, TELLER_ERROR_DEVICE, "3" },
  { "stop", "{\"code\":\"6\"}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "stop", "{\"code\":\"5\"}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "stop", "{\"code\":\"2\"}", FALSE, 0, TELLER_ERROR_DEVICE, "2" },
  { "status", "{\"code\":\"100\"}", TRUE, TELLER_DETECT_STATE_NONE, 0, NULL },
  { "status", "{\"code\":\"101\",\"message\":\"检测到新文档\"}", TRUE,
    TELLER_DETECT_STATE_NEW_DOCUMENT, 0, NULL },
  { "status", "{\"code\":102}", TRUE, TELLER_DETECT_STATE_SAME_DOCUMENT, 0, NULL },
  { "status", "{\"code\":\"5\"}", TRUE, TELLER_DETECT_STATE_NOT_STARTED, 0, NULL },
  { "status", "{\"code\":\"6\"}", TRUE, TELLER_DETECT_STATE_NOT_STARTED, 0, NULL },
  { "status", "{\"code\":\"2\"}", FALSE, 0, TELLER_ERROR_DEVICE, "2" },
  { "status", "{\"code\":\"3\"}", FALSE, 0, TELLER_ERROR_DEVICE, "3" },
  { "status", "{\"code\":\"999\"}", FALSE, 0, TELLER_ERROR_DEVICE, "999" },
  { "status", "{\"message\":\"no code\"}", FALSE, 0, TELLER_ERROR_BAD_RESPONSE, NULL },
  { "status", "[100]", FALSE, 0, TELLER_ERROR_BAD_RESPONSE, NULL },
};

START_TEST (test_detect_reply_check)
{
  g_autoptr(JsonNode) reply = parse (detect_replies[_i].reply);
  g_autoptr(GError) error = NULL;
  TellerDetectState state = 42;
  gboolean ok = teller_camera_detect_reply_check (detect_replies[_i].action, reply, &state, &error);

  ck_assert_msg (ok == detect_replies[_i].ok, "%s %s", detect_replies[_i].action,
                 detect_replies[_i].reply);
  if (ok)
    {
      ck_assert_ptr_null (error);
      ck_assert_int_eq (state, detect_replies[_i].state);
      return;
    }
  ck_assert_int_eq (state, TELLER_DETECT_STATE_UNKNOWN);
  ck_assert (error->domain == TELLER_ERROR);
  ck_assert_int_eq (error->code, detect_replies[_i].error_kind);
  ck_assert_str_eq (teller_error_get_vendor_code (error) != NULL
                    ? teller_error_get_vendor_code (error) : "",
                    detect_replies[_i].vendor_code ? detect_replies[_i].vendor_code : "");
}
END_TEST

START_TEST (test_detect_builders_and_url)
{
  g_autoptr(JsonNode) start = teller_camera_build_detectdoc ("start", 500);
  g_autoptr(JsonNode) start_default = teller_camera_build_detectdoc ("start", 0);
  g_autoptr(JsonNode) status = teller_camera_build_detectdoc ("status", 300);
  g_autofree char *start_text = json_to_string (start, FALSE);
  g_autofree char *start_default_text = json_to_string (start_default, FALSE);
  g_autofree char *status_text = json_to_string (status, FALSE);
  g_autoptr(TellerJsonClient) json = teller_json_client_new ();
  g_autoptr(TellerCameraService) service =
    teller_camera_service_new (json, "http://127.0.0.1:38088/");
  g_autofree char *first = teller_camera_service_dup_stream_url (service, 0);
  g_autofree char *second = teller_camera_service_dup_stream_url (service, 0);
  g_autofree char *face = teller_camera_service_dup_stream_url (service, 1);

  /* Every value a string, detect_interval only with a start (chapter 3.5). */
  ck_assert_str_eq (start_text, "{\"action\":\"start\",\"detect_interval\":\"500\"}");
  ck_assert_str_eq (start_default_text, "{\"action\":\"start\"}");
  ck_assert_str_eq (status_text, "{\"action\":\"status\"}");

  /* Chapter 3.1: the camera index and a cache-busting tid, new each time. */
  ck_assert (g_str_has_prefix (first, "http://127.0.0.1:38088/video=stream&camidx=0&tid="));
  ck_assert (g_str_has_prefix (face, "http://127.0.0.1:38088/video=stream&camidx=1&tid="));
  ck_assert_str_ne (first, second);

  ck_assert_str_eq (teller_detect_state_to_string (TELLER_DETECT_STATE_NEW_DOCUMENT),
                    "new-document");
}
END_TEST

TCase *
stream_parsers_tcase (void)
{
  TCase *tc = tcase_create ("parsers");

  tcase_add_loop_test (tc, test_detect_reply_check, 0, G_N_ELEMENTS (detect_replies));
  tcase_add_test (tc, test_detect_builders_and_url);

  return tc;
}
