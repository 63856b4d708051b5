/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-stream.h"

/* ---- Document detection ------------------------------------------------ */

START_TEST (test_detect_sequence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (TellerDetectState));
  g_autoptr(GString) trace = g_string_new (NULL);
  gint64 end;
  guint arrivals = 0, departures = 0;

  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_NOT_STARTED);
  ck_assert_ptr_null (error);

  ck_assert_msg (detect_start (100, &error), "%s", error ? error->message : "");
  /* More than two cycles of the 1.5 s document, polled every 100 ms.  No stream
   * client: detection runs on the clock alone. */
  end = g_get_monotonic_time () + (gint64) TEST_CYCLE_MS * 2300;
  while (g_get_monotonic_time () < end)
    {
      TellerDetectState state = detect_status (&error);

      ck_assert_msg (error == NULL, "%s", error ? error->message : "");
      g_array_append_val (states, state);
      g_string_append_printf (trace, "%d ", state);
      spin (100);
    }

  /* 100... → 101 once → 102... → 100..., for every arrival. */
  for (guint i = 0; i < states->len; i++)
    {
      TellerDetectState state = g_array_index (states, TellerDetectState, i);
      TellerDetectState previous = i > 0 ? g_array_index (states, TellerDetectState, i - 1)
                                         : TELLER_DETECT_STATE_NONE;

      switch (state)
        {
        case TELLER_DETECT_STATE_NEW_DOCUMENT:
          ck_assert_msg (previous == TELLER_DETECT_STATE_NONE, "101 not after 100: %s", trace->str);
          arrivals++;
          break;
        case TELLER_DETECT_STATE_SAME_DOCUMENT:
          ck_assert_msg (previous == TELLER_DETECT_STATE_NEW_DOCUMENT ||
                         previous == TELLER_DETECT_STATE_SAME_DOCUMENT,
                         "102 without a 101 first: %s", trace->str);
          break;
        case TELLER_DETECT_STATE_NONE:
          if (previous == TELLER_DETECT_STATE_SAME_DOCUMENT)
            departures++;
          ck_assert_msg (previous != TELLER_DETECT_STATE_NEW_DOCUMENT,
                         "the document vanished right after 101: %s", trace->str);
          break;
        case TELLER_DETECT_STATE_NOT_STARTED:
        case TELLER_DETECT_STATE_UNKNOWN:
        default:
          ck_abort_msg ("unexpected state %d: %s", state, trace->str);
        }
    }
  ck_assert_msg (arrivals >= 2 && departures >= 1, "arrivals %u, departures %u: %s",
                 arrivals, departures, trace->str);
  ck_assert_int_eq (g_array_index (states, TellerDetectState, 0), TELLER_DETECT_STATE_NONE);

  ck_assert_msg (detect_stop (&error), "%s", error ? error->message : "");
  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_NOT_STARTED);
  /* Stopping again is harmless ("5", nothing to stop). */
  ck_assert_msg (detect_stop (&error), "%s", error ? error->message : "");
}
END_TEST

START_TEST (test_detect_unplugged)
{
  g_autoptr(GError) error = NULL;

  ck_assert (detect_start (0, &error));
  set_plugged (FALSE);

  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_UNKNOWN);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  g_clear_error (&error);

  ck_assert (!detect_start (0, &error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  g_clear_error (&error);

  /* Back in, detection has to be started again. */
  set_plugged (TRUE);
  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_NOT_STARTED);
}
END_TEST

static JsonObject *
post_detectdoc (const char *body_text)
{
  g_autoptr(JsonNode) body = parse (body_text);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (camera), "video=detectdoc");
  g_autoptr(JsonNode) reply = NULL;

  teller_json_client_post_async (client, url, body, CALL_TIMEOUT_MS, NULL,
                                 test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  reply = teller_json_client_request_finish (client, result, &error);
  ck_assert_msg (reply != NULL, "%s", error ? error->message : "");
  return json_object_ref (json_node_get_object (reply));
}

/* The wire: codes as strings with the document's descriptions, "1" for requests
 * the service cannot read. */
START_TEST (test_detect_wire)
{
  static const struct {
    const char *body;
    const char *code;
    const char *message;
  } cases[] = {
    { "{\"action\":\"status\"}", "5", "未启动文档检测" },
    { "{\"action\":\"stop\"}", "5", "未启动文档检测" },
    { "{\"action\":\"scan\"}", "1", NULL },
    { "{}", "1", NULL },
    { "{\"action\":\"start\",\"detect_interval\":\"soon\"}", "1", NULL },
    { "{\"action\":\"start\",\"detect_interval\":\"0\"}", "1", NULL },
    { "{\"action\":\"start\",\"detect_interval\":\"200\"}", "0", "开始文档检测" },
    { "{\"action\":\"stop\"}", "6", "退出文档检测" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = post_detectdoc (cases[i].body);

      ck_assert_msg (g_strcmp0 (json_object_get_string_member_with_default (reply, "code", ""),
                                cases[i].code) == 0, "%s", cases[i].body);
      if (cases[i].message != NULL)
        ck_assert_str_eq (json_object_get_string_member_with_default (reply, "message", ""),
                          cases[i].message);
    }
}
END_TEST

TCase *
stream_detect_tcase (void)
{
  TCase *tc = tcase_create ("detectdoc");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_detect_sequence);
  tcase_add_test (tc, test_detect_unplugged);
  tcase_add_test (tc, test_detect_wire);

  return tc;
}
