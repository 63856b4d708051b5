/* SPDX-License-Identifier: GPL-3.0-or-later */
/* teller-cli card id / samid / social / ic / mag: the JSON a script gets, masked
 * numbers unless --reveal, the photo only with --photo, and the failures. */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "test-identity-cli.h"

/* What a successful masked run must never print on stderr, nor in full on stdout. */
static const char * const id_card_values[] = {
  "name", "cardID", "address", "birthday", "issueOrgan", NULL
};

static const char *
member (JsonObject *object,
        const char *name)
{
  ck_assert_msg (json_object_has_member (object, name), "no \"%s\"", name);
  return json_object_get_string_member (object, name);
}

static void
place (const char *card)
{
  ck_assert (teller_sim_card_reader_place (id_cli_reader (), card));
}

START_TEST (test_id_masked)
{
  g_autofree char *number = teller_sim_card_reader_dup_card_value ("mainland", "cardID");
  g_autofree char *name = teller_sim_card_reader_dup_card_value ("mainland", "name");
  g_autofree char *masked = id_cli_mask (number);
  g_auto(IdCliRun) run = { 0 };
  g_autoptr(JsonObject) card = NULL;
  g_auto(GStrv) files = NULL;

  place ("mainland");
  run = id_cli_run ("card", "id");
  card = id_cli_assert_ok (&run);

  ck_assert_str_eq (member (card, "kind"), "id-card");
  ck_assert_str_eq (member (card, "card_type"), "B");
  ck_assert_str_eq (member (card, "type_name"), "mainland");
  ck_assert_str_eq (member (card, "name"), name);
  ck_assert_str_eq (member (card, "number"), masked);
  ck_assert_str_eq (member (card, "birth_date"), "1985-03-12");
  ck_assert_str_eq (member (card, "valid_from"), "2016-04-05");
  ck_assert_str_eq (member (card, "valid_until"), "2036-04-05");
  ck_assert_str_eq (member (card, "sex_code"), "1");
  ck_assert_str_eq (member (card, "nation_code"), "01");
  ck_assert_ptr_nonnull (member (card, "sex"));
  ck_assert_ptr_nonnull (member (card, "nation"));
  ck_assert_ptr_nonnull (member (card, "address"));
  ck_assert_ptr_nonnull (member (card, "issuing_authority"));
  ck_assert (!json_object_get_boolean_member (card, "expired"));
  ck_assert (!json_object_get_boolean_member (card, "has_fingerprint"));
  /* Nothing the card leaves empty, no photo unless asked, nothing written. */
  ck_assert (!json_object_has_member (card, "passport_id"));
  ck_assert (!json_object_has_member (card, "photo"));
  files = id_cli_list_dir ();
  ck_assert_uint_eq (g_strv_length (files), 0);

  ck_assert_msg (strstr (run.out, number) == NULL, "the full number is on stdout");
  id_cli_assert_no_values (run.err, "mainland", id_card_values);
}
END_TEST

START_TEST (test_id_reveal_and_photo)
{
  g_autofree char *number = teller_sim_card_reader_dup_card_value ("mainland", "cardID");
  g_autofree char *photo = id_cli_path ("photo.jpg");
  g_autoptr(JsonObject) card = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_auto(IdCliRun) run = { 0 };
  GStatBuf st;

  place ("mainland");
  run = id_cli_run ("card", "id", "--reveal", "--photo", photo);
  card = id_cli_assert_ok (&run);

  ck_assert_str_eq (member (card, "number"), number);
  ck_assert_str_eq (member (card, "photo"), photo);
  bytes = id_cli_read_file (photo);
  ck_assert_uint_gt (g_bytes_get_size (bytes), 100);
  ck_assert_mem_eq (g_bytes_get_data (bytes, NULL), "\xff\xd8\xff", 3);
  pixbuf = gdk_pixbuf_new_from_file (photo, NULL);
  ck_assert_ptr_nonnull (pixbuf);
  ck_assert_int_gt (gdk_pixbuf_get_width (pixbuf), 0);
  /* Personal data: readable by its owner only. */
  ck_assert_int_eq (g_stat (photo, &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0600);
  id_cli_assert_no_values (run.err, "mainland", id_card_values);
}
END_TEST

/* A service build that sends the photo as PNG: --photo still writes a JPEG. */
static void
png_card_cb (TellerSimServer   *server,
             SoupServerMessage *message,
             const char        *route,
             JsonNode          *body,
             gpointer           user_data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 30, 40);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *png = NULL, *base64 = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x8090a0ff);
  ck_assert (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", NULL, NULL));
  base64 = g_base64_encode ((const guchar *) png, size);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "0");
  json_builder_set_member_name (builder, "cardType");
  json_builder_add_string_value (builder, "B");
  json_builder_set_member_name (builder, "IDCardInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "测试");
  json_builder_set_member_name (builder, "cardID");
  json_builder_add_string_value (builder, "11010119900101123X");
  json_builder_set_member_name (builder, "photoBase64");
  json_builder_add_string_value (builder, base64);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  teller_sim_server_reply_json (server, message, 200, reply);
}

START_TEST (test_id_photo_png)
{
  g_autoptr(TellerSimServer) server = teller_sim_server_new ("png-card", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *photo = id_cli_path ("photo.jpg");
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) card = NULL;
  g_auto(IdCliRun) run = { 0 };

  teller_sim_server_add_route (server, "card=idcard", png_card_cb, NULL);
  ck_assert_msg (teller_sim_server_listen (server, 0, &error), "%s",
                 error != NULL ? error->message : "");
  url = teller_sim_server_dup_base_url (server);
  id_cli_set_url (url);

  run = id_cli_run ("card", "id", "--photo", photo);
  card = id_cli_assert_ok (&run);
  ck_assert_str_eq (member (card, "number"), "110101********123X");
  bytes = id_cli_read_file (photo);
  ck_assert_mem_eq (g_bytes_get_data (bytes, NULL), "\xff\xd8\xff", 3);
  pixbuf = gdk_pixbuf_new_from_file (photo, NULL);
  ck_assert_ptr_nonnull (pixbuf);
  ck_assert_int_eq (gdk_pixbuf_get_width (pixbuf), 30);
  ck_assert_int_eq (gdk_pixbuf_get_height (pixbuf), 40);
}
END_TEST

START_TEST (test_id_card_kinds)
{
  g_autofree char *passport = teller_sim_card_reader_dup_card_value ("hmt", "passportId");
  g_autofree char *name_en = teller_sim_card_reader_dup_card_value ("foreign", "nameEn");
  g_auto(IdCliRun) finger = { 0 }, expired = { 0 }, hmt = { 0 }, foreign = { 0 };
  g_autoptr(JsonObject) finger_card = NULL, expired_card = NULL;
  g_autoptr(JsonObject) hmt_card = NULL, foreign_card = NULL;

  place ("mainland-finger");
  finger = id_cli_run ("card", "id");
  finger_card = id_cli_assert_ok (&finger);
  ck_assert_str_eq (member (finger_card, "card_type"), "C");
  ck_assert_str_eq (member (finger_card, "type_name"), "mainland");
  ck_assert (json_object_get_boolean_member (finger_card, "has_fingerprint"));
  ck_assert_msg (strstr (finger.out, "Base64") == NULL, "raw data in the output");

  place ("mainland-expired");
  expired = id_cli_run ("card", "id");
  expired_card = id_cli_assert_ok (&expired);
  ck_assert (json_object_get_boolean_member (expired_card, "expired"));

  place ("hmt");
  hmt = id_cli_run ("card", "id");
  hmt_card = id_cli_assert_ok (&hmt);
  ck_assert_str_eq (member (hmt_card, "card_type"), "J");
  ck_assert_str_eq (member (hmt_card, "type_name"), "hmt");
  ck_assert_str_eq (member (hmt_card, "sign_count"), "02");
  /* The permit's own number is masked like the ID number. */
  ck_assert_str_ne (member (hmt_card, "passport_id"), passport);
  ck_assert (strstr (hmt.out, passport) == NULL);
  id_cli_assert_no_values (hmt.err, "hmt", id_card_values);

  place ("foreign");
  foreign = id_cli_run ("card", "id");
  foreign_card = id_cli_assert_ok (&foreign);
  ck_assert_str_eq (member (foreign_card, "card_type"), "I");
  ck_assert_str_eq (member (foreign_card, "type_name"), "foreign");
  ck_assert_str_eq (member (foreign_card, "name_en"), name_en);
  ck_assert_str_eq (member (foreign_card, "card_version"), "02");
  ck_assert_str_eq (member (foreign_card, "admissible_institution"), "1100");
  ck_assert_str_eq (member (foreign_card, "nation_code"), "USA");
}
END_TEST

START_TEST (test_social)
{
  static const char * const values[] = { "SocialSecurityNumber", "CardNumber", "Name", NULL };
  g_autofree char *ssn = teller_sim_card_reader_dup_card_value ("social", "SocialSecurityNumber");
  g_autofree char *masked = id_cli_mask (ssn);
  g_auto(IdCliRun) run = { 0 }, revealed = { 0 };
  g_autoptr(JsonObject) card = NULL, full = NULL;

  place ("social");
  run = id_cli_run ("card", "social");
  card = id_cli_assert_ok (&run);
  ck_assert_str_eq (member (card, "kind"), "social-security");
  ck_assert_str_eq (member (card, "social_security_number"), masked);
  ck_assert_str_eq (member (card, "number"), masked);
  ck_assert_str_ne (member (card, "card_number"), "K01234567");
  ck_assert_str_eq (member (card, "birth_date"), "1978-09-30");
  ck_assert_str_eq (member (card, "valid_until"), "2030-01-10");
  ck_assert_ptr_nonnull (member (card, "issuing_authority"));
  ck_assert (!json_object_get_boolean_member (card, "expired"));
  ck_assert (strstr (run.out, ssn) == NULL);
  id_cli_assert_no_values (run.err, "social", values);

  revealed = id_cli_run ("card", "social", "--reveal");
  full = id_cli_assert_ok (&revealed);
  ck_assert_str_eq (member (full, "social_security_number"), ssn);
  ck_assert_str_eq (member (full, "card_number"), "K01234567");
}
END_TEST

START_TEST (test_ic)
{
  static const char * const values[] = {
    "CardNumber", "AccountNumber", "CertificatesNo", "Track1", "Track2", "Track3", NULL
  };
  g_autofree char *pan = teller_sim_card_reader_dup_card_value ("ic", "CardNumber");
  g_autofree char *track2 = teller_sim_card_reader_dup_card_value ("ic", "Track2");
  g_autofree char *masked = id_cli_mask (pan);
  g_autofree char *masked_track2 = id_cli_mask (track2);
  g_auto(IdCliRun) run = { 0 }, revealed = { 0 };
  g_autoptr(JsonObject) card = NULL, full = NULL;

  place ("ic");
  run = id_cli_run ("card", "ic");
  card = id_cli_assert_ok (&run);
  ck_assert_str_eq (member (card, "kind"), "ic");
  ck_assert_str_eq (member (card, "card_number"), masked);
  ck_assert_str_eq (member (card, "number"), masked);
  ck_assert_str_eq (member (card, "track2"), masked_track2);
  ck_assert_str_eq (member (card, "balance"), "1234.56");
  ck_assert_str_eq (member (card, "ic_card_aid"), "A000000333010101");
  ck_assert_str_eq (member (card, "transaction_limit_number_i_n"), "10");
  ck_assert_str_eq (member (card, "pin_retry_time"), "3");
  ck_assert_str_eq (member (card, "expiry_date"), "2030-12-31");
  ck_assert_str_eq (member (card, "merchant_number"), "102100049003401");
  /* Every field of 4.4 (35), kind, number and expired. */
  ck_assert_uint_eq (json_object_get_size (card), 35 + 3);
  id_cli_assert_no_values (run.out, "ic", values);
  id_cli_assert_no_values (run.err, "ic", values);

  revealed = id_cli_run ("card", "ic", "--reveal");
  full = id_cli_assert_ok (&revealed);
  ck_assert_str_eq (member (full, "card_number"), pan);
  ck_assert_str_eq (member (full, "track2"), track2);
}
END_TEST

START_TEST (test_magnetic)
{
  static const char * const values[] = { "Track1", "Track2", "Track3", NULL };
  g_autofree char *track2 = teller_sim_card_reader_dup_card_value ("magnetic", "Track2");
  g_autofree char *pan = g_strndup (track2, strcspn (track2, "="));
  g_autofree char *masked_pan = id_cli_mask (pan);
  g_auto(IdCliRun) run = { 0 }, revealed = { 0 };
  g_autoptr(JsonObject) card = NULL, full = NULL;

  place ("magnetic");
  run = id_cli_run ("card", "mag");
  card = id_cli_assert_ok (&run);
  ck_assert_str_eq (member (card, "kind"), "magnetic");
  ck_assert_str_eq (member (card, "number"), masked_pan);
  ck_assert_ptr_nonnull (member (card, "track1"));
  ck_assert_ptr_nonnull (member (card, "track3"));
  ck_assert (!json_object_has_member (card, "expired"));
  ck_assert (strstr (run.out, pan) == NULL);
  id_cli_assert_no_values (run.out, "magnetic", values);
  id_cli_assert_no_values (run.err, "magnetic", values);

  revealed = id_cli_run ("card", "mag", "--reveal");
  full = id_cli_assert_ok (&revealed);
  ck_assert_str_eq (member (full, "track2"), track2);
  ck_assert_str_eq (member (full, "number"), pan);
}
END_TEST

START_TEST (test_samid)
{
  g_auto(IdCliRun) run = id_cli_run ("card", "samid");
  g_autoptr(JsonObject) object = id_cli_assert_ok (&run);

  /* The module answers with no card on the reader. */
  ck_assert_uint_gt (strlen (member (object, "sam_id")), 0);
}
END_TEST

START_TEST (test_no_card_and_unplugged)
{
  g_auto(IdCliRun) none = { 0 }, social = { 0 }, unplugged = { 0 }, samid = { 0 };

  none = id_cli_run ("card", "id");
  id_cli_assert_error (&none, 1, "device", NULL);
  social = id_cli_run ("card", "social");
  id_cli_assert_error (&social, 1, "device", NULL);

  place ("mainland");
  teller_sim_card_reader_set_plugged (id_cli_reader (), FALSE);
  unplugged = id_cli_run ("card", "id");
  ck_assert_int_eq (unplugged.status, 1);
  ck_assert (g_str_has_prefix (unplugged.err, "teller-cli: "));
  id_cli_assert_no_values (unplugged.err, "mainland", id_card_values);
  samid = id_cli_run ("card", "samid");
  ck_assert_int_eq (samid.status, 1);
}
END_TEST

START_TEST (test_pulled_and_malformed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = id_cli_path ("photo.jpg");
  g_auto(IdCliRun) pulled = { 0 }, malformed = { 0 }, after = { 0 };
  g_autoptr(JsonObject) card = NULL;
  TellerSimServer *server = teller_sim_get_camera_server (id_cli_sim ());
  g_auto(GStrv) files = NULL;

  place ("mainland");
  id_cli_control ("{\"pull_next_read\": true}");
  pulled = id_cli_run ("card", "id", "--photo", photo);
  ck_assert_int_eq (pulled.status, 1);
  id_cli_assert_no_values (pulled.err, "mainland", id_card_values);
  ck_assert (!g_file_test (photo, G_FILE_TEST_EXISTS));

  ck_assert (teller_sim_server_set_fault (server, "card=idcard", "malformed", &error));
  malformed = id_cli_run ("card", "id", "--photo", photo);
  id_cli_assert_error (&malformed, 1, "bad-response", NULL);
  files = id_cli_list_dir ();
  ck_assert_uint_eq (g_strv_length (files), 0);

  teller_sim_server_clear_faults (server);
  after = id_cli_run ("card", "id");
  card = id_cli_assert_ok (&after);
  ck_assert_str_eq (member (card, "kind"), "id-card");
}
END_TEST

START_TEST (test_photo_not_an_image)
{
  g_autofree char *photo = id_cli_path ("photo.jpg");
  g_auto(IdCliRun) plain = { 0 }, with_photo = { 0 };
  g_autoptr(JsonObject) card = NULL;

  id_cli_control ("{\"place\": \"mainland\", \"photo\": \"garbage\"}");

  /* The rest of the card is kept, with a warning. */
  plain = id_cli_run ("card", "id");
  card = id_cli_assert_ok (&plain);
  ck_assert_ptr_nonnull (member (card, "warning"));
  ck_assert_ptr_nonnull (member (card, "name"));

  /* A photo asked for and not there: a failure, and no file. */
  with_photo = id_cli_run ("card", "id", "--photo", photo);
  id_cli_assert_error (&with_photo, 1, "bad-response", NULL);
  ck_assert (!g_file_test (photo, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_usage_and_unreachable)
{
  g_auto(IdCliRun) extra = id_cli_run ("card", "id", "now");
  g_auto(IdCliRun) option = id_cli_run ("card", "samid", "--reveal");
  g_auto(IdCliRun) unreachable = { 0 };

  id_cli_assert_error (&extra, 2, "usage", NULL);
  id_cli_assert_error (&option, 2, "usage", NULL);

  id_cli_set_url ("http://127.0.0.1:1");
  unreachable = id_cli_run ("card", "id");
  id_cli_assert_error (&unreachable, 3, "unreachable", NULL);
}
END_TEST

START_TEST (test_help)
{
  g_auto(IdCliRun) all = id_cli_run ("--help");
  g_auto(IdCliRun) id = id_cli_run ("card", "id", "--help");
  g_auto(IdCliRun) ic = id_cli_run ("card", "ic", "--help");

  ck_assert_int_eq (all.status, 0);
  ck_assert (strstr (all.out, "card id [--reveal] [--photo FILE]") != NULL);
  ck_assert (strstr (all.out, "card samid") != NULL);
  ck_assert (strstr (all.out, "face liveness") != NULL);
  ck_assert (strstr (all.out, "finger verify") != NULL);

  ck_assert_int_eq (id.status, 0);
  ck_assert (strstr (id.out, "--reveal") != NULL);
  ck_assert (strstr (id.out, "\"kind\":\"id-card\"") != NULL);
  ck_assert (strstr (id.out, "\"number\":\"110101********1234\"") != NULL);
  ck_assert_int_eq (ic.status, 0);
  ck_assert (strstr (ic.out, "card_number") != NULL);
}
END_TEST

Suite *
id_cli_card_suite (void)
{
  Suite *suite = suite_create ("identity-cli-card");
  TCase *tc = tcase_create ("card");

  tcase_add_checked_fixture (tc, id_cli_setup, id_cli_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_id_masked);
  tcase_add_test (tc, test_id_reveal_and_photo);
  tcase_add_test (tc, test_id_photo_png);
  tcase_add_test (tc, test_id_card_kinds);
  tcase_add_test (tc, test_social);
  tcase_add_test (tc, test_ic);
  tcase_add_test (tc, test_magnetic);
  tcase_add_test (tc, test_samid);
  tcase_add_test (tc, test_no_card_and_unplugged);
  tcase_add_test (tc, test_pulled_and_malformed);
  tcase_add_test (tc, test_photo_not_an_image);
  tcase_add_test (tc, test_usage_and_unreachable);
  tcase_add_test (tc, test_help);
  suite_add_tcase (suite, tc);
  return suite;
}
