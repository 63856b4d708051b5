/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator fixture and the card reader's calls, each waited for. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "teller-error.h"
#include "test-identity.h"
#include "test-identity-sim.h"
#include "test-util.h"

IdentitySimFixture ifx;

void
identity_sim_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  ifx.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (ifx.sim, 0, &error), "%s", error != NULL ? error->message : "");
  ifx.server = teller_sim_get_camera_server (ifx.sim);
  ifx.card = teller_sim_get_card_reader (ifx.sim);
  ck_assert_ptr_nonnull (ifx.card);
  url = teller_sim_dup_camera_url (ifx.sim);
  ifx.client = teller_json_client_new ();
  ifx.reader = teller_card_reader_new (ifx.client, url);
  teller_service_set_timeout_ms (TELLER_SERVICE (ifx.reader), CALL_TIMEOUT_MS);
}

void
identity_sim_teardown (void)
{
  g_clear_object (&ifx.reader);
  g_clear_object (&ifx.client);
  g_clear_object (&ifx.sim);
  ifx.server = NULL;
  ifx.card = NULL;
  while (g_main_context_iteration (NULL, FALSE));
}

void
sim_control (const char *json)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string (json, &error);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *url = NULL;

  ck_assert_msg (body != NULL, "bad control: %s", json);
  url = teller_service_dup_url (TELLER_SERVICE (ifx.reader), "__sim/card");
  teller_json_client_post_async (ifx.client, url, body, CALL_TIMEOUT_MS, NULL,
                                 test_store_result_cb, &pending);
  test_wait_for_result (&pending, WAIT_MS);
  reply = teller_json_client_request_finish (ifx.client, pending, &error);
  ck_assert_msg (reply != NULL, "control %s: %s", json, error != NULL ? error->message : "");
}

guint
sim_requests (const char *route)
{
  return teller_sim_server_get_request_count (ifx.server, route);
}

void
sim_fault (const char *route,
           const char *spec)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (teller_sim_server_set_fault (ifx.server, route, spec, &error), "%s",
                 error != NULL ? error->message : "");
}

char *
sim_value (const char *card,
           const char *field)
{
  return teller_sim_card_reader_dup_card_value (card, field);
}

void
assert_vendor_error (const GError *error,
                     int           kind,
                     const char   *code)
{
  test_assert_error (error, kind);
  if (code != NULL)
    ck_assert_str_eq (teller_error_get_vendor_code (error), code);
}

gboolean
bytes_are_image (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean ok;

  if (bytes == NULL)
    return FALSE;
  ok = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  ok = gdk_pixbuf_loader_close (loader, NULL) && ok;
  return ok;
}

/* ---- Calls ---------------------------------------------------------------- */

#define AWAIT(pending) (test_wait_for_result (&(pending), WAIT_MS), (pending))

TellerIdentity *
call_read (TellerCardKind   kind,
           GError         **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_read_async (ifx.reader, kind, NULL, test_store_result_cb, &pending);
  return teller_card_reader_read_finish (ifx.reader, AWAIT (pending), error);
}

char *
call_sam_id (GError **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_sam_id_async (ifx.reader, NULL, test_store_result_cb, &pending);
  return teller_card_reader_sam_id_finish (ifx.reader, AWAIT (pending), error);
}

gboolean
call_open (gboolean   open,
           GError   **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_open_async (ifx.reader, open, NULL, test_store_result_cb, &pending);
  return teller_card_reader_open_finish (ifx.reader, AWAIT (pending), error);
}

TellerFaceMatch *
call_verify_id (guint     camidx,
                gboolean  multi_face,
                GError  **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_verify_id_async (ifx.reader, camidx, multi_face, NULL,
                                      test_store_result_cb, &pending);
  return teller_card_reader_verify_id_finish (ifx.reader, AWAIT (pending), error);
}

gboolean
call_compare_faces (GBytes  *face0,
                    GBytes  *face1,
                    int     *confidence,
                    GError **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_compare_faces_async (ifx.reader, face0, face1, NULL,
                                          test_store_result_cb, &pending);
  return teller_card_reader_compare_faces_finish (ifx.reader, AWAIT (pending), confidence, error);
}

TellerLiveness *
call_liveness (TellerLivenessMode   mode,
               guint                time_s,
               gboolean             cut_face,
               GError             **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_liveness_async (ifx.reader, mode, 1, time_s, cut_face, NULL,
                                     test_store_result_cb, &pending);
  return teller_card_reader_liveness_finish (ifx.reader, AWAIT (pending), error);
}

TellerFingerprint *
call_read_finger (TellerFingerprintType   type,
                  GError                **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_read_finger_async (ifx.reader, type, NULL, test_store_result_cb, &pending);
  return teller_card_reader_read_finger_finish (ifx.reader, AWAIT (pending), error);
}

gboolean
call_verify_finger (TellerFingerprintType   type,
                    GBytes                 *first,
                    GBytes                 *second,
                    int                    *confidence,
                    GError                **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  teller_card_reader_verify_finger_async (ifx.reader, type, first, second, NULL,
                                          test_store_result_cb, &pending);
  return teller_card_reader_verify_finger_finish (ifx.reader, AWAIT (pending), confidence, error);
}
