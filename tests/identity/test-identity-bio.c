/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chapters 7 (face=) and 8 (fp=) against the in-process simulator: the face check
 * against the ID card, two faces, liveness in both forms (with the status seen
 * while it runs, a failed check, and one that never finishes), fingerprints of
 * every type and their comparison. */

#include "config.h"

#include <string.h>

#include "teller-error.h"
#include "teller-sim-card-private.h"
#include "test-identity.h"
#include "test-identity-sim.h"
#include "test-util.h"

/* ---- 7.1, 7.2 ------------------------------------------------------------- */

START_TEST (test_verify_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerFaceMatch) match = NULL;
  g_autoptr(TellerFaceMatch) multi = NULL;
  g_autofree char *number = sim_value ("mainland", "cardID");

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  teller_sim_card_reader_set_face_score (ifx.card, 77);
  match = call_verify_id (1, FALSE, &error);
  ck_assert_msg (match != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (match->confidence, 77);
  ck_assert (bytes_are_image (match->camera_image));
  ck_assert (bytes_are_image (match->card_image));
  ck_assert_str_eq (match->card_number, number);

  teller_sim_card_reader_set_face_score (ifx.card, 0);
  multi = call_verify_id (2, TRUE, NULL);
  ck_assert_ptr_nonnull (multi);
  ck_assert_int_eq (multi->confidence, 0);
}
END_TEST

START_TEST (test_verify_id_errors)
{
  g_autoptr(GError) no_card = NULL;
  g_autoptr(GError) bad_camera = NULL;
  g_autoptr(GError) fault = NULL;

  ck_assert_ptr_null (call_verify_id (1, FALSE, &no_card));
  assert_vendor_error (no_card, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NO_CARD);

  ck_assert_ptr_null (call_verify_id (3, FALSE, &bad_camera));
  test_assert_error (bad_camera, TELLER_ERROR_INVALID_INPUT);
  ck_assert_uint_eq (sim_requests ("face=verifyidcard"), 1);

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  sim_fault ("face=verifyidcard", "malformed");
  ck_assert_ptr_null (call_verify_id (1, FALSE, &fault));
  test_assert_error (fault, TELLER_ERROR_BAD_RESPONSE);
}
END_TEST

START_TEST (test_compare_faces)
{
  g_autoptr(GBytes) a = test_make_png ();
  g_autoptr(GBytes) b = test_make_png ();
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) empty_error = NULL;
  int confidence = -1;

  teller_sim_card_reader_set_face_score (ifx.card, 64);
  ck_assert_msg (call_compare_faces (a, b, &confidence, &error), "%s",
                 error != NULL ? error->message : "");
  ck_assert_int_eq (confidence, 64);

  teller_sim_card_reader_set_face_score (ifx.card, 100);
  ck_assert (call_compare_faces (a, b, &confidence, NULL));
  ck_assert_int_eq (confidence, 100);

  ck_assert (!call_compare_faces (a, empty, &confidence, &empty_error));
  test_assert_error (empty_error, TELLER_ERROR_INVALID_INPUT);
  ck_assert_uint_eq (sim_requests ("face=verifybase64"), 2);
}
END_TEST

/* ---- 7.3, 7.4 ------------------------------------------------------------- */

static void
status_cb (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *seen)
{
  const char *status = teller_card_reader_get_liveness_status (TELLER_CARD_READER (object));

  g_ptr_array_add (seen, g_strdup (status));
}

START_TEST (test_liveness_polling)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerLiveness) liveness = NULL;
  g_autoptr(TellerLiveness) whole = NULL;
  gboolean saw_service_message = FALSE;

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "live", 1000));
  g_signal_connect (ifx.reader, "notify::liveness-status", G_CALLBACK (status_cb), seen);
  ck_assert_ptr_null (teller_card_reader_get_liveness_status (ifx.reader));

  liveness = call_liveness (TELLER_LIVENESS_POLLING, 0, TRUE, &error);
  ck_assert_msg (liveness != NULL, "%s", error != NULL ? error->message : "");
  ck_assert (bytes_are_image (liveness->image));
  ck_assert_uint_eq (liveness->cost_ms, 1000);

  /* Seen while it ran, cleared at the end. */
  ck_assert_uint_ge (seen->len, 2);
  for (guint i = 0; i + 1 < seen->len; i++)
    {
      ck_assert_ptr_nonnull (g_ptr_array_index (seen, i));
      if (g_strcmp0 (g_ptr_array_index (seen, i), "正在检测，请正视摄像头") == 0)
        saw_service_message = TRUE;
    }
  ck_assert (saw_service_message);
  ck_assert_ptr_null (g_ptr_array_index (seen, seen->len - 1));
  ck_assert_ptr_null (teller_card_reader_get_liveness_status (ifx.reader));
  ck_assert_uint_eq (sim_requests ("face=startlivedetection"), 1);
  ck_assert_uint_ge (sim_requests ("face=islive"), 2);

  /* No cut: the whole frame. */
  whole = call_liveness (TELLER_LIVENESS_POLLING, 3, FALSE, NULL);
  ck_assert_ptr_nonnull (whole);
  ck_assert (bytes_are_image (whole->image));
  ck_assert_uint_gt (g_bytes_get_size (whole->image), 0);
}
END_TEST

START_TEST (test_liveness_blocking)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerLiveness) liveness = NULL;

  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "live", 800));
  liveness = call_liveness (TELLER_LIVENESS_BLOCKING, 2, TRUE, &error);
  ck_assert_msg (liveness != NULL, "%s", error != NULL ? error->message : "");
  ck_assert (bytes_are_image (liveness->image));
  ck_assert_uint_eq (liveness->cost_ms, 800);
  ck_assert_uint_eq (sim_requests ("face=startlivedetection"), 1);
  ck_assert_uint_eq (sim_requests ("face=islive"), 0);
  ck_assert_ptr_null (teller_card_reader_get_liveness_status (ifx.reader));
}
END_TEST

START_TEST (test_liveness_not_live)
{
  g_autoptr(GError) polling = NULL;
  g_autoptr(GError) blocking = NULL;
  g_autoptr(GError) too_long = NULL;

  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "not_live", 500));
  ck_assert_ptr_null (call_liveness (TELLER_LIVENESS_POLLING, 0, FALSE, &polling));
  assert_vendor_error (polling, TELLER_ERROR_DEVICE, TELLER_SIM_FACE_CODE_NOT_LIVE);
  ck_assert_str_eq (teller_error_get_vendor_message (polling), "未检测到活体");
  ck_assert_ptr_null (call_liveness (TELLER_LIVENESS_BLOCKING, 0, FALSE, &blocking));
  assert_vendor_error (blocking, TELLER_ERROR_DEVICE, TELLER_SIM_FACE_CODE_NOT_LIVE);

  /* A check longer than its "time" fails with the service's own timeout code. */
  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "live", 3000));
  ck_assert_ptr_null (call_liveness (TELLER_LIVENESS_POLLING, 1, FALSE, &too_long));
  assert_vendor_error (too_long, TELLER_ERROR_DEVICE, TELLER_SIM_FACE_CODE_TIMEOUT);
  ck_assert_ptr_null (teller_card_reader_get_liveness_status (ifx.reader));
}
END_TEST

/* A check that never finishes: given up at time_s + 10 s. */
static void
assert_gives_up (TellerLivenessMode mode)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed_ms;

  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "never", 1000));
  start = g_get_monotonic_time ();
  ck_assert_ptr_null (call_liveness (mode, 1, FALSE, &error));
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  test_assert_error (error, TELLER_ERROR_TIMEOUT);
  ck_assert_str_eq (error->message, "The liveness check did not finish in time");
  ck_assert_int_ge (elapsed_ms, 10500);
  ck_assert_int_le (elapsed_ms, 16000);
  ck_assert_ptr_null (teller_card_reader_get_liveness_status (ifx.reader));
}

START_TEST (test_liveness_never_polling)
{
  assert_gives_up (TELLER_LIVENESS_POLLING);
  /* It kept asking while it waited. */
  ck_assert_uint_ge (sim_requests ("face=islive"), 20);
}
END_TEST

START_TEST (test_liveness_never_blocking)
{
  assert_gives_up (TELLER_LIVENESS_BLOCKING);
}
END_TEST

static void
cancel_on_status_cb (GObject      *object,
                     GParamSpec   *pspec,
                     GCancellable *cancellable)
{
  if (teller_card_reader_get_liveness_status (TELLER_CARD_READER (object)) != NULL)
    g_cancellable_cancel (cancellable);
}

START_TEST (test_liveness_cancelled)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad_camera = NULL;
  g_autoptr(TellerLiveness) liveness = NULL;
  gint64 start = g_get_monotonic_time ();

  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "never", 1000));
  g_signal_connect (ifx.reader, "notify::liveness-status", G_CALLBACK (cancel_on_status_cb),
                    cancellable);
  teller_card_reader_liveness_async (ifx.reader, TELLER_LIVENESS_POLLING, 1, 5, FALSE,
                                     cancellable, test_store_result_cb, &pending);
  test_wait_for_result (&pending, WAIT_MS);
  liveness = teller_card_reader_liveness_finish (ifx.reader, pending, &error);
  ck_assert_ptr_null (liveness);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert_int_lt ((g_get_monotonic_time () - start) / 1000, 3000);
  ck_assert_ptr_null (teller_card_reader_get_liveness_status (ifx.reader));

  g_clear_object (&pending);
  teller_card_reader_liveness_async (ifx.reader, TELLER_LIVENESS_POLLING, 0, 5, FALSE,
                                     NULL, test_store_result_cb, &pending);
  test_wait_for_result (&pending, WAIT_MS);
  ck_assert_ptr_null (teller_card_reader_liveness_finish (ifx.reader, pending, &bad_camera));
  test_assert_error (bad_camera, TELLER_ERROR_INVALID_INPUT);
}
END_TEST

/* ---- Chapter 8 ------------------------------------------------------------ */

START_TEST (test_read_finger_types)
{
  static const TellerFingerprintType types[] = {
    TELLER_FINGERPRINT_BMP, TELLER_FINGERPRINT_RAW, TELLER_FINGERPRINT_PNG,
    TELLER_FINGERPRINT_FEATURE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerFingerprint) fingerprint = call_read_finger (types[i], &error);

      ck_assert_msg (fingerprint != NULL, "%s: %s", teller_fingerprint_type_to_string (types[i]),
                     error != NULL ? error->message : "");
      ck_assert_int_eq (fingerprint->type, types[i]);
      ck_assert_ptr_nonnull (fingerprint->feature);
      ck_assert_uint_eq (g_bytes_get_size (fingerprint->feature), TELLER_SIM_FINGER_FEATURE_SIZE);
      switch (types[i])
        {
        case TELLER_FINGERPRINT_BMP:
        case TELLER_FINGERPRINT_PNG:
          ck_assert (bytes_are_image (fingerprint->image));
          break;
        case TELLER_FINGERPRINT_RAW:
          ck_assert_uint_eq (g_bytes_get_size (fingerprint->image),
                             TELLER_SIM_FINGER_WIDTH * TELLER_SIM_FINGER_HEIGHT * 3);
          break;
        case TELLER_FINGERPRINT_FEATURE:
        default:
          ck_assert_ptr_null (fingerprint->image);
          break;
        }
    }
}
END_TEST

START_TEST (test_read_finger_errors)
{
  g_autoptr(GError) no_finger = NULL;
  g_autoptr(GError) fault = NULL;

  sim_control ("{\"finger\": false}");
  ck_assert_ptr_null (call_read_finger (TELLER_FINGERPRINT_BMP, &no_finger));
  assert_vendor_error (no_finger, TELLER_ERROR_DEVICE, TELLER_SIM_FINGER_CODE_NO_FINGER);

  sim_control ("{\"finger\": true}");
  sim_fault ("fp=read", "drop");
  ck_assert_ptr_null (call_read_finger (TELLER_FINGERPRINT_FEATURE, &fault));
  test_assert_error (fault, TELLER_ERROR_UNREACHABLE);
}
END_TEST

START_TEST (test_verify_finger)
{
  g_autoptr(TellerFingerprint) first = call_read_finger (TELLER_FINGERPRINT_FEATURE, NULL);
  g_autoptr(TellerFingerprint) second = call_read_finger (TELLER_FINGERPRINT_BMP, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reader_error = NULL;
  g_autoptr(GError) png_error = NULL;
  int confidence = -1;

  ck_assert_ptr_nonnull (first);
  ck_assert_ptr_nonnull (second);
  teller_sim_card_reader_set_finger_score (ifx.card, 73);

  /* Two templates. */
  ck_assert_msg (call_verify_finger (TELLER_FINGERPRINT_FEATURE, first->feature, second->feature,
                                     &confidence, &error), "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (confidence, 73);

  /* Two images. */
  confidence = -1;
  ck_assert (call_verify_finger (TELLER_FINGERPRINT_BMP, second->image, second->image,
                                 &confidence, NULL));
  ck_assert_int_eq (confidence, 73);

  /* One against the finger on the reader now. */
  teller_sim_card_reader_set_finger_score (ifx.card, 12);
  confidence = -1;
  ck_assert (call_verify_finger (TELLER_FINGERPRINT_FEATURE, first->feature, NULL, &confidence, NULL));
  ck_assert_int_eq (confidence, 12);

  sim_control ("{\"finger\": false}");
  ck_assert (!call_verify_finger (TELLER_FINGERPRINT_FEATURE, first->feature, NULL, &confidence,
                                  &reader_error));
  assert_vendor_error (reader_error, TELLER_ERROR_DEVICE, TELLER_SIM_FINGER_CODE_NO_FINGER);

  /* png cannot be compared (8.1): refused before anything is sent. */
  ck_assert (!call_verify_finger (TELLER_FINGERPRINT_PNG, first->feature, first->feature,
                                  &confidence, &png_error));
  test_assert_error (png_error, TELLER_ERROR_INVALID_INPUT);
  ck_assert_uint_eq (sim_requests ("fp=verify"), 4);
}
END_TEST

/* The card's own template against the finger on the reader: the GUI's flow. */
START_TEST (test_verify_card_finger)
{
  g_autoptr(TellerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  int confidence = -1;

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland-finger"));
  identity = call_read (TELLER_CARD_KIND_ID_CARD, NULL);
  ck_assert_ptr_nonnull (identity);
  ck_assert_ptr_nonnull (teller_identity_get_card_finger (identity));
  ck_assert_msg (call_verify_finger (TELLER_FINGERPRINT_FEATURE,
                                     teller_identity_get_card_finger (identity), NULL,
                                     &confidence, &error), "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (confidence, 88);
}
END_TEST

Suite *
identity_bio_suite (void)
{
  Suite *suite = suite_create ("identity-bio");
  TCase *faces = tcase_create ("faces");
  TCase *liveness = tcase_create ("liveness");
  TCase *fingers = tcase_create ("fingers");

  tcase_add_checked_fixture (faces, identity_sim_setup, identity_sim_teardown);
  tcase_add_test (faces, test_verify_id);
  tcase_add_test (faces, test_verify_id_errors);
  tcase_add_test (faces, test_compare_faces);
  suite_add_tcase (suite, faces);

  tcase_add_checked_fixture (liveness, identity_sim_setup, identity_sim_teardown);
  tcase_set_timeout (liveness, 60);
  tcase_add_test (liveness, test_liveness_polling);
  tcase_add_test (liveness, test_liveness_blocking);
  tcase_add_test (liveness, test_liveness_not_live);
  tcase_add_test (liveness, test_liveness_never_polling);
  tcase_add_test (liveness, test_liveness_never_blocking);
  tcase_add_test (liveness, test_liveness_cancelled);
  suite_add_tcase (suite, liveness);

  tcase_add_checked_fixture (fingers, identity_sim_setup, identity_sim_teardown);
  tcase_add_test (fingers, test_read_finger_types);
  tcase_add_test (fingers, test_read_finger_errors);
  tcase_add_test (fingers, test_verify_finger);
  tcase_add_test (fingers, test_verify_card_finger);
  suite_add_tcase (suite, fingers);

  return suite;
}
