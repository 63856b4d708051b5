/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "test-sim-card.h"

/*
 * The card reader, face and fingerprint devices (card=, face=, fp=) seen from the
 * wire, against chapters 4, 7 and 8 of the CameraService document.  Check digits
 * are computed here, independently of the simulator's own code.
 */

static const char * const id_card_fields[] = {
  "name", "sex", "birthday", "address", "cardID", "issueOrgan", "validStart", "validEnd",
  "sexCode", "nationCode", "appendMsg", "fingerBase64", "photoBase64", "passportId",
  "signCount", "nameEn", "cardVersion", "admissibleInstitution",
  "photoBase64_Z", "photoBase64_F", "strIDUID", NULL
};

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

/* ---- Helpers ---------------------------------------------------------------- */

JsonObject *
control (const char *body)
{
  JsonObject *reply = post_ok ("/__sim/card", body);

  assert_member (reply, "code", "0");
  return reply;
}

void
assert_error (JsonObject *reply,
              const char *code,
              const char *message)
{
  assert_member (reply, "code", code);
  ck_assert_msg (json_object_has_member (reply, "message"), "no message");
  if (message != NULL)
    assert_member (reply, "message", message);
  else
    ck_assert_uint_gt (strlen (json_object_get_string_member (reply, "message")), 0);
}

void
assert_all_strings (JsonObject         *object,
                    const char * const *names)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    ck_assert_msg (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING,
                   "%s is not a string", name);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    ck_assert_msg (json_object_has_member (object, names[i]), "no member %s", names[i]);
  if (names != NULL)
    ck_assert_uint_eq (json_object_get_size (object), g_strv_length ((char **) names));
}

const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member (object, name);
}

GBytes *
decode_base64 (const char *text)
{
  gsize size = 0;
  guchar *data = g_base64_decode (text, &size);

  return g_bytes_new_take (data, size);
}

GdkPixbuf *
load_image (const char *base64,
            const char *expected_format)
{
  g_autoptr(GBytes) bytes = decode_base64 (base64);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean ok = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  GdkPixbufFormat *format;

  ok = gdk_pixbuf_loader_close (loader, NULL) && ok;
  if (!ok || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    return NULL;
  format = gdk_pixbuf_loader_get_format (loader);
  if (expected_format != NULL)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (format);

      ck_assert_str_eq (name, expected_format);
    }
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

void
assert_jpeg (const char *base64,
             int         width,
             int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = load_image (base64, "jpeg");

  ck_assert_msg (pixbuf != NULL, "not an image");
  ck_assert_int_eq (gdk_pixbuf_get_width (pixbuf), width);
  ck_assert_int_eq (gdk_pixbuf_get_height (pixbuf), height);
}

/* Mean absolute difference of two same-sized RGB pictures, 0-255. */
double
picture_difference (const char *a,
                    const char *b)
{
  g_autoptr(GdkPixbuf) first = load_image (a, NULL);
  g_autoptr(GdkPixbuf) second = load_image (b, NULL);
  const guint8 *p = gdk_pixbuf_read_pixels (first), *q = gdk_pixbuf_read_pixels (second);
  gsize size = gdk_pixbuf_get_byte_length (first);
  guint64 sum = 0;

  ck_assert_uint_eq (size, gdk_pixbuf_get_byte_length (second));
  for (gsize i = 0; i < size; i++)
    sum += (guint) ABS ((int) p[i] - (int) q[i]);
  return (double) sum / size;
}

static gboolean
gb11643_valid (const char *number)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  if (strlen (number) != 18)
    return FALSE;
  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (number[i]))
        return FALSE;
      sum += (number[i] - '0') * weights[i];
    }
  /* ISO 7064 MOD 11-2: the check value makes the weighted sum 1 modulo 11. */
  for (int check = 0; check <= 10; check++)
    if ((sum + check) % 11 == 1)
      return number[17] == (check == 10 ? 'X' : '0' + check);
  return FALSE;
}

static gboolean
luhn_valid (const char *number)
{
  gsize length = strlen (number);
  int sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      int digit = number[length - 1 - i] - '0';

      if (digit < 0 || digit > 9)
        return FALSE;
      if (i % 2 == 1)
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
  return length >= 12 && sum % 10 == 0;
}

Reply *
post_async (const char *path,
            const char *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  Reply *reply = g_new0 (Reply, 1);

  reply->message = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (reply->message, "application/json", bytes);
  soup_session_send_and_read_async (session, reply->message, G_PRIORITY_DEFAULT, NULL,
                                    reply_sent_cb, reply);
  return reply;
}

/* ---- card= ------------------------------------------------------------------ */

START_TEST (test_no_card)
{
  g_autoptr(JsonObject) id = post_ok ("/card=idcard", "{}");
  g_autoptr(JsonObject) social = post_ok ("/card=sociaseceritycard", "{}");
  g_autoptr(JsonObject) ic = post_ok ("/card=iccard", "{}");
  g_autoptr(JsonObject) mag = post_ok ("/card=magcard", "{}");
  g_autoptr(JsonObject) sam = post_ok ("/card=getsamid", "{}");

  assert_error (id, "11", "未检测到卡片，请放置身份证");
  ck_assert (!json_object_has_member (id, "IDCardInfo"));
  assert_error (social, "11", NULL);
  ck_assert (!json_object_has_member (social, "SocialCardInfo"));
  assert_error (ic, "11", NULL);
  assert_error (mag, "11", NULL);
  /* The module answers without a card. */
  assert_member (sam, "code", "0");
  assert_member (sam, "message", "");
  assert_member (sam, "samID", "05.01-20170930-0102030405-0123456789");
  ck_assert_ptr_null (teller_sim_card_reader_get_placed (teller_sim_get_card_reader (sim)));
}
END_TEST

static void
check_id_card (const char *name,
               const char *card_type)
{
  g_autofree char *place = g_strdup_printf ("{\"place\":\"%s\"}", name);
  g_autoptr(JsonObject) placed = control (place);
  g_autoptr(JsonObject) reply = post_ok ("/card=idcard", "{}");
  JsonObject *info = json_object_get_object_member (reply, "IDCardInfo");
  const char *number = member (info, "cardID");
  g_autofree char *birthday = NULL;
  g_autoptr(GBytes) finger = NULL;
  gboolean hmt = g_str_equal (card_type, "J"), foreign = g_str_equal (card_type, "I");
  gboolean male;

  assert_member (placed, "card", name);
  assert_member (reply, "code", "0");
  assert_member (reply, "message", "");
  assert_member (reply, "cardType", card_type);
  ck_assert_uint_eq (json_object_get_size (reply), 4);
  ck_assert_ptr_nonnull (info);
  assert_all_strings (info, id_card_fields);

  ck_assert_msg (gb11643_valid (number), "%s: bad check character", name);
  birthday = g_strndup (number + 6, 8);
  ck_assert_str_eq (member (info, "birthday"), birthday);
  male = (number[16] - '0') % 2 == 1;
  assert_member (info, "sexCode", male ? "1" : "2");
  assert_member (info, "sex", male ? "男" : "女");
  ck_assert_uint_eq (strlen (member (info, "validStart")), 8);
  ck_assert (strlen (member (info, "validEnd")) == 8 || g_str_equal (member (info, "validEnd"), "长期"));
  ck_assert_uint_gt (strlen (member (info, "name")), 0);
  ck_assert_uint_gt (strlen (member (info, "issueOrgan")), 0);
  ck_assert_uint_gt (strlen (member (info, "strIDUID")), 0);

  /* The kinds' own fields, empty on the other kinds. */
  ck_assert_int_eq (strlen (member (info, "passportId")) > 0, hmt);
  ck_assert_int_eq (strlen (member (info, "signCount")) > 0, hmt);
  ck_assert_int_eq (strlen (member (info, "nameEn")) > 0, foreign);
  ck_assert_int_eq (strlen (member (info, "cardVersion")) > 0, foreign);
  ck_assert_int_eq (strlen (member (info, "admissibleInstitution")) > 0, foreign);
  if (hmt)
    ck_assert (g_str_has_prefix (number, "810000") || g_str_has_prefix (number, "820000") ||
               g_str_has_prefix (number, "830000"));
  else if (foreign)
    {
      ck_assert (number[0] == '9');
      assert_member (info, "nationCode", "USA");
    }
  else
    ck_assert (strlen (member (info, "nationCode")) == 2 &&
               g_ascii_isdigit (member (info, "nationCode")[0]) &&
               g_ascii_isdigit (member (info, "nationCode")[1]));

  finger = decode_base64 (member (info, "fingerBase64"));
  ck_assert_uint_eq (g_bytes_get_size (finger), g_str_equal (card_type, "C") ? 1024 : 0);

  assert_jpeg (member (info, "photoBase64"), 358, 441);
  assert_jpeg (member (info, "photoBase64_Z"), 856, 540);
  assert_jpeg (member (info, "photoBase64_F"), 856, 540);

  /* What tests use to look for leaks is what the reply carries. */
  for (guint i = 0; id_card_fields[i] != NULL; i++)
    {
      g_autofree char *value = teller_sim_card_reader_dup_card_value (name, id_card_fields[i]);

      ck_assert_str_eq (value, member (info, id_card_fields[i]));
    }
}

START_TEST (test_id_cards)
{
  check_id_card ("mainland", "B");
  check_id_card ("mainland-finger", "C");
  check_id_card ("mainland-expired", "B");
  check_id_card ("hmt", "J");
  check_id_card ("foreign", "I");
}
END_TEST

START_TEST (test_validity)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y%m%d");
  g_autofree char *expired = teller_sim_card_reader_dup_card_value ("mainland-expired", "validEnd");
  g_autofree char *valid = teller_sim_card_reader_dup_card_value ("mainland", "validEnd");

  ck_assert_int_lt (strcmp (expired, today), 0);
  ck_assert_int_ge (strcmp (valid, "20360101"), 0);
  for (const char * const *card = (const char *[]) { "mainland-finger", "hmt", "foreign", NULL };
       *card != NULL; card++)
    {
      g_autofree char *end = teller_sim_card_reader_dup_card_value (*card, "validEnd");

      ck_assert_int_gt (strcmp (end, today), 0);
    }
}
END_TEST

START_TEST (test_photos_differ)
{
  const char * const *names = (const char *[]) { "mainland", "mainland-finger",
                                                 "mainland-expired", "hmt", "foreign", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = i + 1; names[j] != NULL; j++)
      {
        g_autofree char *a = teller_sim_card_reader_dup_card_value (names[i], "photoBase64");
        g_autofree char *b = teller_sim_card_reader_dup_card_value (names[j], "photoBase64");

        ck_assert_msg (picture_difference (a, b) > 8.0, "%s and %s look alike", names[i], names[j]);
      }
}
END_TEST

START_TEST (test_social)
{
  g_autoptr(JsonObject) placed = control ("{\"place\":\"social\"}");
  g_autoptr(JsonObject) reply = post_ok ("/card=sociaseceritycard", "{}");
  g_autoptr(JsonObject) id = post_ok ("/card=idcard", "{}");
  JsonObject *info = json_object_get_object_member (reply, "SocialCardInfo");

  assert_member (reply, "code", "0");
  assert_member (reply, "message", "");
  ck_assert (!json_object_has_member (reply, "cardType"));
  assert_all_strings (info, social_fields);
  ck_assert (gb11643_valid (member (info, "SocialSecurityNumber")));
  /* A non-ID card on the reader is no ID card. */
  assert_error (id, "11", "未检测到卡片，请放置身份证");
}
END_TEST

START_TEST (test_ic)
{
  g_autoptr(JsonObject) placed = control ("{\"place\":\"ic\"}");
  g_autoptr(JsonObject) reply = post_ok ("/card=iccard", "{}");
  g_autoptr(JsonObject) mag = post_ok ("/card=magcard", "{}");
  JsonObject *info = json_object_get_object_member (reply, "ICCardInfo");
  g_autofree char *track2_prefix = NULL;

  assert_member (reply, "code", "0");
  assert_all_strings (info, ic_fields);
  ck_assert (luhn_valid (member (info, "CardNumber")));
  ck_assert (gb11643_valid (member (info, "CertificatesNo")));
  track2_prefix = g_strconcat (member (info, "CardNumber"), "=", NULL);
  ck_assert (g_str_has_prefix (member (info, "Track2"), track2_prefix));
  for (guint i = 0; ic_fields[i] != NULL; i++)
    ck_assert_msg (strlen (member (info, ic_fields[i])) > 0, "%s is empty", ic_fields[i]);
  /* An inserted IC card is not swiped. */
  assert_error (mag, "11", NULL);
}
END_TEST

START_TEST (test_magnetic)
{
  g_autoptr(JsonObject) placed = control ("{\"place\":\"magnetic\"}");
  g_autoptr(JsonObject) reply = post_ok ("/card=magcard", "{}");
  g_autoptr(JsonObject) ic = post_ok ("/card=iccard", "{}");
  g_autoptr(JsonObject) id = post_ok ("/card=idcard", "{}");
  g_autoptr(JsonObject) social = post_ok ("/card=sociaseceritycard", "{}");
  JsonObject *info = json_object_get_object_member (reply, "MagCardInfo");
  g_auto(GStrv) track2 = NULL;

  assert_member (reply, "code", "0");
  assert_all_strings (info, (const char *[]) { "Track1", "Track2", "Track3", NULL });
  track2 = g_strsplit (member (info, "Track2"), "=", 2);
  ck_assert_uint_eq (strlen (track2[0]), 19);
  ck_assert (luhn_valid (track2[0]));
  assert_error (ic, "11", NULL);
  assert_error (id, "11", NULL);
  assert_error (social, "11", NULL);
}
END_TEST

START_TEST (test_unplugged)
{
  const char * const routes[] = {
    "/card=idcard", "/card=getsamid", "/card=sociaseceritycard", "/card=iccard",
    "/card=magcard", "/card=init", "/card=release", "/face=verifyidcard", NULL
  };
  g_autoptr(JsonObject) unplugged = control ("{\"place\":\"mainland\",\"plugged\":false}");
  g_autoptr(JsonObject) plugged = NULL;
  g_autoptr(JsonObject) id = NULL;

  ck_assert (!json_object_get_boolean_member (unplugged, "plugged"));
  for (guint i = 0; routes[i] != NULL; i++)
    {
      g_autoptr(JsonObject) reply = post_ok (routes[i], "{}");

      assert_error (reply, "2", "设备未连接，或者设备被占有，请检查");
    }
  plugged = control ("{\"plugged\":true}");
  id = post_ok ("/card=idcard", "{}");
  assert_member (id, "code", "0");
}
END_TEST

START_TEST (test_init_release)
{
  g_autoptr(JsonObject) init = post_ok ("/card=init", "{}");
  g_autoptr(JsonObject) release = post_ok ("/card=release", "{}");

  assert_all_strings (init, (const char *[]) { "code", "message", NULL });
  assert_member (init, "code", "0");
  assert_member (init, "message", "");
  assert_member (release, "code", "0");
  assert_member (release, "message", "");
}
END_TEST

START_TEST (test_pulled)
{
  g_autoptr(JsonObject) placed = control ("{\"place\":\"hmt\",\"pull_next_read\":true}");
  g_autoptr(Reply) first = post ("/card=idcard", "{}");
  g_autoptr(JsonObject) failed = parse_object (first->body);
  g_autoptr(JsonObject) again = post_ok ("/card=idcard", "{}");

  assert_error (failed, "12", "读卡失败，请勿移动卡片");
  ck_assert (!json_object_has_member (failed, "IDCardInfo"));
  ck_assert_int_ge (first->elapsed_us, 150000);
  /* Once only: the card is read the next time. */
  assert_member (again, "code", "0");
  assert_member (again, "cardType", "J");
}
END_TEST

START_TEST (test_garbage_photo)
{
  g_autoptr(JsonObject) placed = control ("{\"place\":\"mainland\",\"photo\":\"garbage\"}");
  g_autoptr(JsonObject) reply = post_ok ("/card=idcard", "{}");
  g_autoptr(JsonObject) face = post_ok ("/face=verifyidcard", "{}");
  g_autoptr(JsonObject) normal = NULL;
  g_autoptr(JsonObject) restored = NULL;
  JsonObject *info = json_object_get_object_member (reply, "IDCardInfo");
  g_autoptr(GBytes) bytes = decode_base64 (member (info, "photoBase64"));
  g_autoptr(GdkPixbuf) pixbuf = load_image (member (info, "photoBase64"), NULL);

  assert_member (placed, "photo", "garbage");
  assert_member (reply, "code", "0");
  ck_assert_uint_gt (g_bytes_get_size (bytes), 16);
  ck_assert_ptr_null (pixbuf);
  /* The rest of the card is intact. */
  ck_assert (gb11643_valid (member (info, "cardID")));
  assert_member (json_object_get_object_member (face, "result"), "image_idcard",
                 member (info, "photoBase64"));

  normal = control ("{\"photo\":\"normal\"}");
  restored = post_ok ("/card=idcard", "{}");
  assert_jpeg (member (json_object_get_object_member (restored, "IDCardInfo"), "photoBase64"),
               358, 441);
}
END_TEST

START_TEST (test_control)
{
  TellerSimCardReader *reader = teller_sim_get_card_reader (sim);
  g_autoptr(JsonObject) state = control ("{}");
  g_autoptr(JsonObject) bad_card = post_ok ("/__sim/card", "{\"place\":\"passport\",\"face_score\":5}");
  g_autoptr(JsonObject) bad_member = post_ok ("/__sim/card", "{\"plugged\":\"no\"}");
  g_autoptr(JsonObject) unknown = post_ok ("/__sim/card", "{\"colour\":\"red\"}");
  g_autoptr(JsonObject) not_object = post_ok ("/__sim/card", "[]");
  g_autoptr(JsonObject) changed = control ("{\"place\":\"ic\",\"face_score\":12,\"finger_score\":34,"
                                           "\"liveness\":\"never\",\"liveness_ms\":10,"
                                           "\"finger\":false,\"pull_next_read\":true}");
  g_autoptr(JsonObject) reset = NULL;
  g_autofree char *unknown_field = teller_sim_card_reader_dup_card_value ("mainland", "Track2");
  g_autofree char *unknown_card = teller_sim_card_reader_dup_card_value ("passport", "name");
  g_autofree char *type = teller_sim_card_reader_dup_card_value ("foreign", "cardType");
  const char * const *names = teller_sim_card_reader_list_cards ();

  assert_member (state, "card", "");
  ck_assert (json_object_get_boolean_member (state, "plugged"));
  ck_assert (json_object_get_boolean_member (state, "finger"));
  ck_assert_int_eq (json_object_get_int_member (state, "face_score"), 91);
  ck_assert_int_eq (json_object_get_int_member (state, "finger_score"), 88);
  assert_member (state, "liveness", "live");
  ck_assert_int_eq (json_object_get_int_member (state, "liveness_ms"), 1500);
  assert_member (state, "photo", "normal");

  /* A bad request changes nothing. */
  assert_member (bad_card, "code", "1");
  assert_member (bad_member, "code", "1");
  assert_member (unknown, "code", "1");
  assert_member (not_object, "code", "1");

  assert_member (changed, "card", "ic");
  ck_assert_int_eq (json_object_get_int_member (changed, "face_score"), 12);
  ck_assert_int_eq (json_object_get_int_member (changed, "finger_score"), 34);
  assert_member (changed, "liveness", "never");
  ck_assert_int_eq (json_object_get_int_member (changed, "liveness_ms"), 10);
  ck_assert (!json_object_get_boolean_member (changed, "finger"));
  ck_assert (json_object_get_boolean_member (changed, "pull_next_read"));
  ck_assert_str_eq (teller_sim_card_reader_get_placed (reader), "ic");

  reset = control ("{\"reset\":true}");
  assert_member (reset, "card", "");
  ck_assert_int_eq (json_object_get_int_member (reset, "face_score"), 91);
  assert_member (reset, "liveness", "live");
  ck_assert (!json_object_get_boolean_member (reset, "pull_next_read"));

  ck_assert_ptr_null (unknown_field);
  ck_assert_ptr_null (unknown_card);
  ck_assert_str_eq (type, "I");
  ck_assert_uint_eq (g_strv_length ((char **) names), 8);
  ck_assert (!teller_sim_card_reader_place (reader, "passport"));
  ck_assert (teller_sim_card_reader_place (reader, "social"));
  ck_assert (!teller_sim_card_reader_set_liveness (reader, "maybe", 10));
  teller_sim_card_reader_remove (reader);
  ck_assert_ptr_null (teller_sim_card_reader_get_placed (reader));
}
END_TEST

START_TEST (test_faults_apply)
{
  g_autoptr(JsonObject) placed = control ("{\"place\":\"mainland\"}");
  g_autoptr(JsonObject) faulted = NULL;
  g_autoptr(JsonObject) still = NULL;

  set_fault ("card=idcard", "code=2");
  faulted = post_ok ("/card=idcard", "{}");
  assert_member (faulted, "code", "2");
  /* The control route never is. */
  set_fault ("*", "http500");
  still = control ("{}");
  ck_assert_uint_eq (teller_sim_server_get_request_count (server, "card=idcard"), 1);
}
END_TEST

/* ---- teller-devsim --card ------------------------------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reply *reply = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);

  reply->body = line != NULL ? g_bytes_new_take (line, strlen (line)) : NULL;
  reply->done = TRUE;
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static GSubprocess *
spawn_devsim (const char *card)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, TELLER_DEVSIM_PATH, "--port", "0",
                                         "--card", card, NULL);
  ck_assert_msg (process != NULL, "%s", error != NULL ? error->message : "");
  return process;
}

START_TEST (test_devsim_card)
{
  g_autoptr(GSubprocess) process = spawn_devsim ("hmt");
  g_autoptr(GSubprocess) wrong = spawn_devsim ("passport");
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(Reply) line = g_new0 (Reply, 1);
  g_autoptr(JsonObject) reply = NULL;
  const char *text;
  gboolean exited = FALSE;

  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, line);
  ck_assert (wait_for (&line->done, WAIT_MS));
  ck_assert_ptr_nonnull (line->body);
  text = g_bytes_get_data (line->body, NULL);
  ck_assert (g_str_has_prefix (text, "camera http://127.0.0.1:"));
  g_free (base_url);
  base_url = g_strndup (text + strlen ("camera "), g_bytes_get_size (line->body) - strlen ("camera "));
  reply = post_ok ("/card=idcard", "{}");
  assert_member (reply, "cardType", "J");
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, waited_cb, &exited);
  ck_assert (wait_for (&exited, WAIT_MS));
  ck_assert_int_eq (g_subprocess_get_exit_status (process), 0);

  /* An unknown card is a usage error. */
  exited = FALSE;
  g_subprocess_wait_async (wrong, NULL, waited_cb, &exited);
  ck_assert (wait_for (&exited, WAIT_MS));
  ck_assert_int_eq (g_subprocess_get_exit_status (wrong), 2);
}
END_TEST

static Suite *
card_suite (void)
{
  Suite *suite = suite_create ("sim-card");
  TCase *cards = tcase_create ("cards");
  TCase *devsim = tcase_create ("devsim");
  TCase *all[] = { cards, devsim };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      tcase_add_checked_fixture (all[i], sim_test_setup, sim_test_teardown);
      suite_add_tcase (suite, all[i]);
    }

  tcase_add_test (cards, test_no_card);
  tcase_add_test (cards, test_id_cards);
  tcase_add_test (cards, test_validity);
  tcase_add_test (cards, test_photos_differ);
  tcase_add_test (cards, test_social);
  tcase_add_test (cards, test_ic);
  tcase_add_test (cards, test_magnetic);
  tcase_add_test (cards, test_unplugged);
  tcase_add_test (cards, test_init_release);
  tcase_add_test (cards, test_pulled);
  tcase_add_test (cards, test_garbage_photo);
  tcase_add_test (cards, test_control);
  tcase_add_test (cards, test_faults_apply);


  tcase_add_test (devsim, test_devsim_card);
  return suite;
}

int
main (void)
{
  SRunner *runner;
  int failed;

  /* A critical from the simulator is a bug, whatever the test was checking. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  runner = srunner_create (card_suite ());
  srunner_add_suite (runner, card_biometrics_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
