/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No log line carries identity data: the whole flow (read a card, the face check,
 * liveness, fingerprints, failures) runs with every debug message on and every
 * log line collected, and none of the simulator's card values shows up in them,
 * nor in any error message the operator would read. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "teller-error.h"
#include "teller-transaction.h"
#include "test-identity.h"
#include "test-identity-sim.h"
#include "test-util.h"

#define PROBE_LINE "teller-identity-privacy: the collector works"

/* Worker threads log too. */
static GMutex lines_lock;
static GPtrArray *lines;

static GLogWriterOutput
collect_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lines_lock);

  if (lines == NULL)
    return G_LOG_WRITER_HANDLED;
  g_ptr_array_add (lines, g_steal_pointer (&line));
  /* Every field, not only the message: a value in CODE_FUNC or a custom field
   * would be as bad. */
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_ptr_array_add (lines, g_strdup (fields[i].value));
      else if (fields[i].value != NULL)
        g_ptr_array_add (lines, g_strndup (fields[i].value, fields[i].length));
    }
  return G_LOG_WRITER_HANDLED;
}

static void
note_error (GPtrArray    *messages,
            const GError *error)
{
  ck_assert_ptr_nonnull (error);
  g_ptr_array_add (messages, g_strdup (error->message));
}

/* The values of the simulator's cards that must never show up. */
static GPtrArray *
secret_values (void)
{
  static const char * const cards[] = { "mainland-finger", "mainland", "hmt", "foreign" };
  static const char * const fields[] = {
    "name", "cardID", "address", "birthday", "passportId", "nameEn", "strIDUID",
    "fingerBase64", "photoBase64",
  };
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
      {
        char *value = sim_value (cards[i], fields[j]);

        if (value != NULL && strlen (value) >= 4)
          g_ptr_array_add (values, value);
        else
          g_free (value);
      }
  g_ptr_array_add (values, sim_value ("social", "SocialSecurityNumber"));
  g_ptr_array_add (values, sim_value ("social", "Name"));
  g_ptr_array_add (values, sim_value ("ic", "CardNumber"));
  g_ptr_array_add (values, sim_value ("ic", "Track2"));
  g_ptr_array_add (values, sim_value ("magnetic", "Track2"));
  return values;
}

static void
run_whole_flow (GPtrArray *messages)
{
  g_autofree char *dir = g_dir_make_tmp ("teller-privacy-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);
  g_autoptr(TellerTransaction) transaction = teller_transaction_new (store);
  TellerIdentity *current = teller_transaction_get_identity (transaction);
  g_autoptr(TellerIdentity) identity = NULL;
  g_autoptr(TellerIdentity) social = NULL;
  g_autoptr(TellerFaceMatch) match = NULL;
  g_autoptr(TellerLiveness) liveness = NULL;
  g_autoptr(TellerFingerprint) finger = NULL;
  g_autoptr(GError) error = NULL;
  int confidence = -1;

  /* Read the card and move it into the transaction, as the pane does. */
  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland-finger"));
  identity = call_read (TELLER_CARD_KIND_NONE, NULL);
  ck_assert_ptr_nonnull (identity);
  teller_identity_replace (current, identity);

  match = call_verify_id (1, TRUE, NULL);
  ck_assert_ptr_nonnull (match);
  teller_identity_set_face_score (current, match->confidence);

  ck_assert (teller_sim_card_reader_set_liveness (ifx.card, "live", 700));
  liveness = call_liveness (TELLER_LIVENESS_POLLING, 0, TRUE, NULL);
  ck_assert_ptr_nonnull (liveness);
  teller_identity_take_live_face (current, g_bytes_ref (liveness->image));
  ck_assert (call_compare_faces (liveness->image, teller_identity_get_photo (current),
                                 &confidence, NULL));

  finger = call_read_finger (TELLER_FINGERPRINT_BMP, NULL);
  ck_assert_ptr_nonnull (finger);
  teller_identity_take_read_finger (current, g_bytes_ref (finger->feature), g_bytes_ref (finger->image));
  ck_assert (call_verify_finger (TELLER_FINGERPRINT_FEATURE, finger->feature,
                                 teller_identity_get_card_finger (current), &confidence, NULL));
  ck_assert (call_verify_finger (TELLER_FINGERPRINT_FEATURE, finger->feature, NULL,
                                 &confidence, NULL));
  teller_identity_set_finger_score (current, confidence);

  /* Other cards. */
  ck_assert (teller_sim_card_reader_place (ifx.card, "social"));
  social = call_read (TELLER_CARD_KIND_NONE, NULL);
  ck_assert_ptr_nonnull (social);
  teller_identity_replace (current, social);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const cards[] = { "hmt", "foreign", "ic" };
      g_autoptr(TellerIdentity) other = NULL;

      ck_assert (teller_sim_card_reader_place (ifx.card, cards[i]));
      other = call_read (TELLER_CARD_KIND_NONE, NULL);
      ck_assert_ptr_nonnull (other);
    }

  /* Failures: pulled mid-read, a damaged photo, a malformed reply, a card whose
   * fields came garbled, no card, an unplugged reader. */
  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  sim_control ("{\"pull_next_read\": true}");
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &error));
  note_error (messages, error);
  g_clear_error (&error);

  sim_control ("{\"photo\": \"garbage\"}");
  g_clear_object (&identity);
  identity = call_read (TELLER_CARD_KIND_ID_CARD, NULL);
  ck_assert_ptr_nonnull (identity);
  g_ptr_array_add (messages, g_strdup (teller_identity_get_warning (identity)));
  sim_control ("{\"photo\": \"normal\"}");

  sim_fault ("card=idcard", "malformed");
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_ID_CARD, &error));
  note_error (messages, error);
  g_clear_error (&error);
  teller_sim_server_clear_faults (ifx.server);

  teller_sim_card_reader_remove (ifx.card);
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &error));
  note_error (messages, error);
  g_clear_error (&error);
  ck_assert_ptr_null (call_verify_id (1, FALSE, &error));
  note_error (messages, error);
  g_clear_error (&error);

  teller_sim_card_reader_set_plugged (ifx.card, FALSE);
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &error));
  note_error (messages, error);
  g_clear_error (&error);
  teller_service_probe_now (TELLER_SERVICE (ifx.reader));
  TEST_WAIT_UNTIL (teller_service_get_state (TELLER_SERVICE (ifx.reader)) ==
                   TELLER_SERVICE_STATE_ERROR, WAIT_MS);
  g_ptr_array_add (messages,
                   g_strdup (teller_service_get_state_reason (TELLER_SERVICE (ifx.reader))));

  /* The customer leaves: the idle wipe and the transaction's end. */
  teller_identity_set_idle_timeout_ms (current, 50);
  TEST_WAIT_UNTIL (teller_identity_get_empty (current), WAIT_MS);
  teller_transaction_finish (transaction);
  g_rmdir (dir);
}

START_TEST (test_no_identity_in_logs)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) secrets = secret_values ();
  guint checked = 0;

  /* Before anything logs (check runs each test in a child of its own). */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_debug_enabled (TRUE);
  lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (collect_writer, NULL, NULL);

  identity_sim_setup ();
  run_whole_flow (messages);
  identity_sim_teardown ();

  /* The collector sees debug lines, so finding nothing means something. */
  g_debug (PROBE_LINE);
  for (guint i = 0; i < lines->len && checked == 0; i++)
    if (strstr (g_ptr_array_index (lines, i), PROBE_LINE) != NULL)
      checked++;
  ck_assert_msg (checked == 1, "the log collector saw no debug line");

  ck_assert_uint_ge (secrets->len, 20);
  for (guint s = 0; s < secrets->len; s++)
    {
      const char *secret = g_ptr_array_index (secrets, s);

      for (guint i = 0; i < lines->len; i++)
        ck_assert_msg (strstr (g_ptr_array_index (lines, i), secret) == NULL,
                       "log line %u carries a card value", i);
      for (guint i = 0; i < messages->len; i++)
        ck_assert_msg (strstr (g_ptr_array_index (messages, i), secret) == NULL,
                       "message %u carries a card value", i);
    }
  ck_assert_uint_ge (messages->len, 7);
  g_mutex_lock (&lines_lock);
  g_clear_pointer (&lines, g_ptr_array_unref);
  g_mutex_unlock (&lines_lock);
}
END_TEST

Suite *
identity_privacy_suite (void)
{
  Suite *suite = suite_create ("identity-privacy");
  TCase *logs = tcase_create ("logs");

  tcase_set_timeout (logs, 120);
  tcase_add_test (logs, test_no_identity_in_logs);
  suite_add_tcase (suite, logs);
  return suite;
}
