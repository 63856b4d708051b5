/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chapter 4 (card=) against the in-process simulator: every card kind, the module
 * id, init/release, the probe, and what goes wrong (no card, unplugged, pulled,
 * a damaged photo, faults on the route). */

#include "config.h"

#include <string.h>

#include "teller-error.h"
#include "teller-sim-card-private.h"
#include "test-identity.h"
#include "test-identity-sim.h"
#include "test-util.h"

static const char * const binary_fields[] = {
  "photoBase64", "fingerBase64", "photoBase64_Z", "photoBase64_F", NULL
};

/* Every text field the simulator's @card carries is in @identity, equal, and
 * nothing else is. */
static void
assert_card_fields (TellerIdentity *identity,
                    const char     *card)
{
  g_auto(GStrv) names = teller_identity_dup_field_names (identity);

  ck_assert_uint_gt (g_strv_length (names), 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *expected = sim_value (card, names[i]);

      ck_assert_msg (expected != NULL, "%s is not on %s", names[i], card);
      ck_assert_str_eq (teller_identity_get_field (identity, names[i]), expected);
    }
}

/* The other way round: each of @fields the simulator gives (non-empty) was read. */
static void
assert_fields_read (TellerIdentity      *identity,
                    const char          *card,
                    const char * const  *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *expected = sim_value (card, fields[i]);

      if (expected == NULL || *expected == '\0' || g_strv_contains (binary_fields, fields[i]))
        continue;
      ck_assert_msg (teller_identity_get_field (identity, fields[i]) != NULL, "%s missing from %s",
                     fields[i], card);
    }
}

static const char * const id_fields[] = {
  "name", "sex", "birthday", "address", "cardID", "issueOrgan", "validStart", "validEnd",
  "sexCode", "nationCode", "appendMsg", "passportId", "signCount", "nameEn", "cardVersion",
  "admissibleInstitution", "strIDUID", NULL
};

static TellerIdentity *
read_placed (const char     *card,
             TellerCardKind  kind)
{
  g_autoptr(GError) error = NULL;
  TellerIdentity *identity;

  ck_assert (teller_sim_card_reader_place (ifx.card, card));
  identity = call_read (kind, &error);
  ck_assert_msg (identity != NULL, "%s: %s", card, error != NULL ? error->message : "");
  assert_card_fields (identity, card);
  return identity;
}

START_TEST (test_read_id_cards)
{
  static const struct { const char *card; TellerIdCardType type; } cases[] = {
    { "mainland", TELLER_ID_CARD_TYPE_MAINLAND },
    { "mainland-finger", TELLER_ID_CARD_TYPE_MAINLAND_FINGER },
    { "mainland-expired", TELLER_ID_CARD_TYPE_MAINLAND },
    { "hmt", TELLER_ID_CARD_TYPE_HMT },
    { "foreign", TELLER_ID_CARD_TYPE_FOREIGN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TellerIdentity) identity = read_placed (cases[i].card, TELLER_CARD_KIND_ID_CARD);
      g_autofree char *number = sim_value (cases[i].card, "cardID");
      g_autofree char *finger = sim_value (cases[i].card, "fingerBase64");

      assert_fields_read (identity, cases[i].card, id_fields);
      ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_ID_CARD);
      ck_assert_int_eq (teller_identity_get_id_card_type (identity), cases[i].type);
      ck_assert_str_eq (teller_identity_get_number (identity), number);
      ck_assert (bytes_are_image (teller_identity_get_photo (identity)));
      ck_assert (bytes_are_image (teller_identity_get_front (identity)));
      ck_assert (bytes_are_image (teller_identity_get_back (identity)));
      ck_assert_ptr_null (teller_identity_get_warning (identity));
      ck_assert_int_eq (teller_identity_get_card_finger (identity) != NULL, *finger != '\0');
    }
}
END_TEST

START_TEST (test_read_id_card_details)
{
  g_autoptr(TellerIdentity) finger = read_placed ("mainland-finger", TELLER_CARD_KIND_ID_CARD);
  g_autoptr(TellerIdentity) expired = read_placed ("mainland-expired", TELLER_CARD_KIND_ID_CARD);
  g_autoptr(TellerIdentity) hmt = read_placed ("hmt", TELLER_CARD_KIND_ID_CARD);
  g_autoptr(TellerIdentity) foreign = read_placed ("foreign", TELLER_CARD_KIND_ID_CARD);
  g_autofree char *template_b64 = sim_value ("mainland-finger", "fingerBase64");
  g_autofree guchar *template = NULL;
  g_autofree char *nation = teller_identity_dup_nation (finger);
  g_autofree char *sex = teller_identity_dup_sex (finger);
  g_autofree char *foreign_nation = teller_identity_dup_nation (foreign);
  gsize template_size = 0;

  template = g_base64_decode (template_b64, &template_size);
  ck_assert_uint_eq (g_bytes_get_size (teller_identity_get_card_finger (finger)), template_size);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_card_finger (finger), NULL), template,
                    template_size);
  ck_assert_str_eq (nation, "Hui");
  ck_assert_str_eq (sex, "Female");
  ck_assert (!teller_identity_is_expired (finger, NULL));
  ck_assert (teller_identity_is_expired (expired, NULL));
  ck_assert_ptr_nonnull (teller_identity_get_field (hmt, "passportId"));
  ck_assert_ptr_nonnull (teller_identity_get_field (hmt, "signCount"));
  ck_assert_ptr_nonnull (teller_identity_get_field (foreign, "nameEn"));
  ck_assert_ptr_nonnull (teller_identity_get_field (foreign, "cardVersion"));
  ck_assert_ptr_nonnull (teller_identity_get_field (foreign, "admissibleInstitution"));
  ck_assert_str_eq (foreign_nation, "USA");
}
END_TEST

START_TEST (test_read_other_cards)
{
  static const char * const social_fields[] = {
    "SocialSecurityNumber", "CardNumber", "Name", "Sex", "Nation", "Birthday", "Birthplace",
    "CardDistinguishCode", "SocialSecurityCardType", "CardNormVer", "VisaInstitution",
    "ValidStart", "ValidEnd", NULL
  };
  static const char * const ic_fields[] = {
    "CardNumber", "AccountNumber", "Name", "CertificatesType", "CertificatesNo", "Track1",
    "Track2", "Track3", "Balance", "BalanceLimit", "EffectiveDate", "SerialNumber",
    "CurrencyCode", "PinRetryTime", "ExpiryDate", "Atc", "NameExtend", "SingleTradingLimit",
    "ResetThreshold", "TransactionLimitNumber_I_N", "TransactionLimitNumber_I_C",
    "TradingLimitNumber", "TradingLimitNumber_Double", "TransactionAmountUpperLimit",
    "CurrencyConversionFactor", "TradingFloor", "TradingCeiling", "AppLock", "IcCardAID",
    "AuthorizedAmount", "OtherAmount", "TransactionCurrencyCode", "TransactionDate",
    "TransactionTime", "MerchantNumber", NULL
  };
  static const char * const magnetic_fields[] = { "Track1", "Track2", "Track3", NULL };
  g_autoptr(TellerIdentity) social = read_placed ("social", TELLER_CARD_KIND_SOCIAL_SECURITY);
  g_autoptr(TellerIdentity) ic = read_placed ("ic", TELLER_CARD_KIND_IC);
  g_autoptr(TellerIdentity) magnetic = read_placed ("magnetic", TELLER_CARD_KIND_MAGNETIC);
  g_autofree char *social_number = sim_value ("social", "SocialSecurityNumber");
  g_autofree char *ic_number = sim_value ("ic", "CardNumber");
  g_autofree char *track2 = sim_value ("magnetic", "Track2");
  g_auto(GStrv) ic_names = teller_identity_dup_field_names (ic);

  assert_fields_read (social, "social", social_fields);
  assert_fields_read (ic, "ic", ic_fields);
  assert_fields_read (magnetic, "magnetic", magnetic_fields);
  /* Every field of 4.4. */
  ck_assert_uint_eq (g_strv_length (ic_names), 35);

  ck_assert_int_eq (teller_identity_get_kind (social), TELLER_CARD_KIND_SOCIAL_SECURITY);
  ck_assert_int_eq (teller_identity_get_kind (ic), TELLER_CARD_KIND_IC);
  ck_assert_int_eq (teller_identity_get_kind (magnetic), TELLER_CARD_KIND_MAGNETIC);
  ck_assert_str_eq (teller_identity_get_number (social), social_number);
  ck_assert_str_eq (teller_identity_get_number (ic), ic_number);
  /* The magnetic card's number is Track2's account number, before its "=". */
  *strchr (track2, '=') = '\0';
  ck_assert_str_eq (teller_identity_get_number (magnetic), track2);
  ck_assert (!teller_identity_is_expired (ic, NULL));
}
END_TEST

/* Kind NONE: the ID card, then the social-security card, then the IC card. */
START_TEST (test_read_whichever)
{
  static const struct { const char *card; TellerCardKind kind; guint social; guint ic; } cases[] = {
    { "mainland", TELLER_CARD_KIND_ID_CARD, 0, 0 },
    { "social", TELLER_CARD_KIND_SOCIAL_SECURITY, 1, 0 },
    { "ic", TELLER_CARD_KIND_IC, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint social_before = sim_requests ("card=sociaseceritycard");
      guint ic_before = sim_requests ("card=iccard");
      g_autoptr(TellerIdentity) identity = read_placed (cases[i].card, TELLER_CARD_KIND_NONE);

      ck_assert_int_eq (teller_identity_get_kind (identity), cases[i].kind);
      ck_assert_uint_eq (sim_requests ("card=sociaseceritycard") - social_before, cases[i].social);
      ck_assert_uint_eq (sim_requests ("card=iccard") - ic_before, cases[i].ic);
    }
}
END_TEST

START_TEST (test_no_card)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) any_error = NULL;

  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_ID_CARD, &error));
  assert_vendor_error (error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NO_CARD);
  ck_assert_str_eq (teller_error_get_vendor_message (error), TELLER_SIM_CARD_MESSAGE_NO_ID_CARD);

  /* Whichever card: all three asked, the ID card's answer reported. */
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &any_error));
  assert_vendor_error (any_error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NO_CARD);
  ck_assert_str_eq (teller_error_get_vendor_message (any_error), TELLER_SIM_CARD_MESSAGE_NO_ID_CARD);
  ck_assert_uint_eq (sim_requests ("card=sociaseceritycard"), 1);
  ck_assert_uint_eq (sim_requests ("card=iccard"), 1);

  /* A magnetic card is swiped, not read by "whichever". */
  ck_assert (teller_sim_card_reader_place (ifx.card, "magnetic"));
  g_clear_error (&any_error);
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &any_error));
  assert_vendor_error (any_error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NO_CARD);

  /* A card of another kind is "no card" for this one. */
  g_clear_error (&error);
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_IC, &error));
  assert_vendor_error (error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NO_CARD);
}
END_TEST

START_TEST (test_unplugged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sam_error = NULL;
  g_autoptr(GError) open_error = NULL;

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  teller_sim_card_reader_set_plugged (ifx.card, FALSE);
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &error));
  assert_vendor_error (error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NOT_CONNECTED);
  ck_assert_ptr_null (call_sam_id (&sam_error));
  assert_vendor_error (sam_error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NOT_CONNECTED);
  ck_assert (!call_open (TRUE, &open_error));
  assert_vendor_error (open_error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_NOT_CONNECTED);

  teller_sim_card_reader_set_plugged (ifx.card, TRUE);
  g_clear_error (&error);
  g_autoptr(TellerIdentity) identity = call_read (TELLER_CARD_KIND_NONE, &error);
  ck_assert_ptr_nonnull (identity);
}
END_TEST

START_TEST (test_pulled_mid_read)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) any_error = NULL;
  g_autoptr(TellerIdentity) again = NULL;

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland-finger"));
  sim_control ("{\"pull_next_read\": true}");
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_ID_CARD, &error));
  assert_vendor_error (error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_PULLED);

  /* In "whichever" mode the ID card's own failure is what the operator hears. */
  sim_control ("{\"pull_next_read\": true}");
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &any_error));
  assert_vendor_error (any_error, TELLER_ERROR_DEVICE, TELLER_SIM_CARD_CODE_PULLED);

  /* Laid back on the reader, it reads. */
  again = call_read (TELLER_CARD_KIND_NONE, NULL);
  ck_assert_ptr_nonnull (again);
}
END_TEST

START_TEST (test_garbage_photo)
{
  g_autoptr(TellerIdentity) identity = NULL;
  g_autofree char *name = sim_value ("mainland", "name");

  sim_control ("{\"photo\": \"garbage\"}");
  identity = read_placed ("mainland", TELLER_CARD_KIND_ID_CARD);
  ck_assert_ptr_null (teller_identity_get_photo (identity));
  ck_assert_str_eq (teller_identity_get_warning (identity),
                    "The card’s photo is not an image; the rest of the card was read");
  ck_assert_str_eq (teller_identity_get_field (identity, "name"), name);
  ck_assert_ptr_nonnull (teller_identity_get_front (identity));
}
END_TEST

START_TEST (test_faults)
{
  static const struct { const char *spec; int kind; const char *code; } cases[] = {
    { "malformed", TELLER_ERROR_BAD_RESPONSE, NULL },
    { "truncated", TELLER_ERROR_BAD_RESPONSE, NULL },
    { "drop", TELLER_ERROR_UNREACHABLE, NULL },
    { "http500", TELLER_ERROR_BAD_RESPONSE, NULL },
    { "code=9", TELLER_ERROR_DEVICE, "9" },
    { "stall", TELLER_ERROR_TIMEOUT, NULL },
  };

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  teller_service_set_timeout_ms (TELLER_SERVICE (ifx.reader), 1000);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerIdentity) identity = NULL;

      sim_fault ("card=idcard", cases[i].spec);
      identity = call_read (TELLER_CARD_KIND_ID_CARD, &error);
      ck_assert_msg (identity == NULL, "%s: the read succeeded", cases[i].spec);
      assert_vendor_error (error, cases[i].kind, cases[i].code);
    }
  teller_sim_server_clear_faults (ifx.server);
  g_autoptr(TellerIdentity) identity = call_read (TELLER_CARD_KIND_ID_CARD, NULL);
  ck_assert_ptr_nonnull (identity);
}
END_TEST

/* A service that does not answer is reported at once, not asked three times. */
START_TEST (test_transport_errors_not_retried)
{
  static const char * const specs[] = { "drop", "malformed", "stall" };

  ck_assert (teller_sim_card_reader_place (ifx.card, "social"));
  teller_service_set_timeout_ms (TELLER_SERVICE (ifx.reader), 1000);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;

      sim_fault ("card=idcard", specs[i]);
      ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &error));
      ck_assert (!g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
    }
  ck_assert_uint_eq (sim_requests ("card=sociaseceritycard"), 0);
  ck_assert_uint_eq (sim_requests ("card=iccard"), 0);

  /* Nothing listening at all. */
  g_autoptr(GError) error = NULL;
  teller_service_set_base_url (TELLER_SERVICE (ifx.reader), "http://127.0.0.1:9");
  ck_assert_ptr_null (call_read (TELLER_CARD_KIND_NONE, &error));
  test_assert_error (error, TELLER_ERROR_UNREACHABLE);
}
END_TEST

START_TEST (test_sam_id_and_open)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sam_id = call_sam_id (&error);

  ck_assert_msg (sam_id != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (sam_id, TELLER_SIM_CARD_SAM_ID);
  ck_assert_uint_eq (sim_requests ("card=getsamid"), 1);
  ck_assert (call_open (TRUE, NULL));
  ck_assert (call_open (FALSE, NULL));
  ck_assert_uint_eq (sim_requests ("card=init"), 1);
  ck_assert_uint_eq (sim_requests ("card=release"), 1);
}
END_TEST

START_TEST (test_probe)
{
  TellerService *service = TELLER_SERVICE (ifx.reader);

  teller_service_probe_now (service);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_ONLINE, WAIT_MS);
  ck_assert_uint_eq (sim_requests ("card=getsamid"), 1);

  teller_sim_card_reader_set_plugged (ifx.card, FALSE);
  teller_service_probe_now (service);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_ERROR, WAIT_MS);
  ck_assert_ptr_nonnull (teller_service_get_state_reason (service));

  teller_service_set_base_url (service, "http://127.0.0.1:9");
  teller_service_probe_now (service);
  TEST_WAIT_UNTIL (teller_service_get_state (service) == TELLER_SERVICE_STATE_OFFLINE, WAIT_MS);
}
END_TEST

START_TEST (test_read_cancelled)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = NULL;

  ck_assert (teller_sim_card_reader_place (ifx.card, "mainland"));
  sim_fault ("card=idcard", "latency=2000");
  teller_card_reader_read_async (ifx.reader, TELLER_CARD_KIND_NONE, cancellable,
                                 test_store_result_cb, &pending);
  g_cancellable_cancel (cancellable);
  test_wait_for_result (&pending, WAIT_MS);
  identity = teller_card_reader_read_finish (ifx.reader, pending, &error);
  ck_assert_ptr_null (identity);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}
END_TEST

Suite *
identity_sim_suite (void)
{
  Suite *suite = suite_create ("identity-sim");
  TCase *cards = tcase_create ("cards");
  TCase *errors = tcase_create ("errors");

  tcase_add_checked_fixture (cards, identity_sim_setup, identity_sim_teardown);
  tcase_add_test (cards, test_read_id_cards);
  tcase_add_test (cards, test_read_id_card_details);
  tcase_add_test (cards, test_read_other_cards);
  tcase_add_test (cards, test_read_whichever);
  tcase_add_test (cards, test_sam_id_and_open);
  tcase_add_test (cards, test_probe);
  suite_add_tcase (suite, cards);

  tcase_add_checked_fixture (errors, identity_sim_setup, identity_sim_teardown);
  tcase_set_timeout (errors, 120);
  tcase_add_test (errors, test_no_card);
  tcase_add_test (errors, test_unplugged);
  tcase_add_test (errors, test_pulled_mid_read);
  tcase_add_test (errors, test_garbage_photo);
  tcase_add_test (errors, test_faults);
  tcase_add_test (errors, test_transport_errors_not_retried);
  tcase_add_test (errors, test_read_cancelled);
  suite_add_tcase (suite, errors);

  return suite;
}
