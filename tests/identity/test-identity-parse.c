/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The card reader's replies and request bodies, from document-shaped JSON
 * (chapters 4, 7 and 8 of 001_5b286aac9e459b89.txt). */

#include "config.h"

#include <string.h>

#include "teller-card-reader-private.h"
#include "teller-error.h"
#include "test-identity.h"

#define NOT_TEXT "The card reader sent a card whose fields are not text"

/* 4.1, a mainland card with fingerprint ("C"), every field of IDCardInfo, and the
 * card images and UID beside it (NOTES.md).  %s: photo, finger, front, back. */
static const char id_card_reply[] =
  "{\"code\":\"0\",\"message\":\"\",\"cardType\":\"C\",\"IDCardInfo\":{"
  "\"name\":\"张三\",\"sex\":\"男\",\"birthday\":\"19900307\","
  "\"address\":\"北京市东城区景山前街4号\",\"cardID\":\"110101199003071234\","
  "\"issueOrgan\":\"北京市公安局东城分局\",\"validStart\":\"20150101\",\"validEnd\":\"20350101\","
  "\"sexCode\":\"1\",\"nationCode\":\"01\",\"appendMsg\":\"\",\"fingerBase64\":\"%s\","
  "\"photoBase64\":\"%s\",\"passportId\":\"\",\"signCount\":\"\",\"nameEn\":\"\","
  "\"cardVersion\":\"\",\"admissibleInstitution\":\"\"},"
  "\"photoBase64_Z\":\"%s\",\"photoBase64_F\":\"%s\",\"strIDUID\":\"A1B2C3D4\"}";

static TellerIdentity *
parse_card (TellerCardKind   kind,
            const char      *text,
            GError         **error)
{
  g_autoptr(JsonObject) reply = test_json_object (text);

  return _teller_card_parse (kind, reply, error);
}

static char *
id_card_text (const char *photo)
{
  g_autofree char *png = test_make_png_base64 ();
  g_autofree char *finger = g_base64_encode ((const guchar *) "minutiae-of-finger", 18);

  return g_strdup_printf (id_card_reply, finger, photo != NULL ? photo : png, png, png);
}

START_TEST (test_id_card_mainland)
{
  static const char * const expected[] = {
    "name", "张三", "sex", "男", "birthday", "19900307", "address", "北京市东城区景山前街4号",
    "cardID", "110101199003071234", "issueOrgan", "北京市公安局东城分局",
    "validStart", "20150101", "validEnd", "20350101", "sexCode", "1", "nationCode", "01",
    "strIDUID", "A1B2C3D4", NULL
  };
  g_autofree char *text = id_card_text (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, &error);
  g_autoptr(GBytes) png = test_make_png ();
  g_auto(GStrv) names = NULL;
  g_autofree char *nation = NULL;
  g_autofree char *sex = NULL;

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_ID_CARD);
  ck_assert_int_eq (teller_identity_get_id_card_type (identity), TELLER_ID_CARD_TYPE_MAINLAND_FINGER);
  for (guint i = 0; expected[i] != NULL; i += 2)
    ck_assert_str_eq (teller_identity_get_field (identity, expected[i]), expected[i + 1]);

  /* Empty strings are "not on this card"; the order is the reply's. */
  ck_assert_ptr_null (teller_identity_get_field (identity, "appendMsg"));
  ck_assert_ptr_null (teller_identity_get_field (identity, "passportId"));
  names = teller_identity_dup_field_names (identity);
  ck_assert_uint_eq (g_strv_length (names), 11);
  ck_assert_str_eq (names[0], "name");
  ck_assert_str_eq (names[4], "cardID");
  ck_assert_str_eq (names[10], "strIDUID");

  ck_assert (g_bytes_equal (teller_identity_get_photo (identity), png));
  ck_assert (g_bytes_equal (teller_identity_get_front (identity), png));
  ck_assert (g_bytes_equal (teller_identity_get_back (identity), png));
  ck_assert_uint_eq (g_bytes_get_size (teller_identity_get_card_finger (identity)), 18);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_card_finger (identity), NULL),
                    "minutiae-of-finger", 18);
  ck_assert_ptr_null (teller_identity_get_warning (identity));

  ck_assert_str_eq (teller_identity_get_number (identity), "110101199003071234");
  nation = teller_identity_dup_nation (identity);
  sex = teller_identity_dup_sex (identity);
  ck_assert_str_eq (nation, "Han");
  ck_assert_str_eq (sex, "Male");
}
END_TEST

START_TEST (test_id_card_hmt)
{
  static const char text[] =
    "{\"code\":\"0\",\"cardType\":\"J\",\"IDCardInfo\":{\"name\":\"陈大文\",\"sex\":\"男\","
    "\"birthday\":\"19850412\",\"address\":\"\",\"cardID\":\"810000198504120014\","
    "\"issueOrgan\":\"公安部出入境管理局\",\"validStart\":\"20200101\",\"validEnd\":\"20250101\","
    "\"sexCode\":\"1\",\"passportId\":\"H01234567\",\"signCount\":\"02\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, &error);

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (teller_identity_get_id_card_type (identity), TELLER_ID_CARD_TYPE_HMT);
  ck_assert_str_eq (teller_identity_get_field (identity, "passportId"), "H01234567");
  ck_assert_str_eq (teller_identity_get_field (identity, "signCount"), "02");
  ck_assert_ptr_null (teller_identity_get_field (identity, "address"));
  ck_assert_ptr_null (teller_identity_get_photo (identity));
  ck_assert_ptr_null (teller_identity_get_front (identity));
}
END_TEST

START_TEST (test_id_card_foreign)
{
  static const char text[] =
    "{\"code\":\"0\",\"cardType\":\"I\",\"IDCardInfo\":{\"name\":\"史密斯\","
    "\"nameEn\":\"SMITH, JOHN\",\"sex\":\"男\",\"sexCode\":\"1\",\"birthday\":\"19800101\","
    "\"cardID\":\"CAN110080010101\",\"nationCode\":\"CAN\",\"issueOrgan\":\"公安部\","
    "\"validStart\":\"20230101\",\"validEnd\":\"20330101\",\"cardVersion\":\"01\","
    "\"admissibleInstitution\":\"1100\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, &error);
  g_autofree char *nation = NULL;

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (teller_identity_get_id_card_type (identity), TELLER_ID_CARD_TYPE_FOREIGN);
  ck_assert_str_eq (teller_identity_get_field (identity, "nameEn"), "SMITH, JOHN");
  ck_assert_str_eq (teller_identity_get_field (identity, "cardVersion"), "01");
  ck_assert_str_eq (teller_identity_get_field (identity, "admissibleInstitution"), "1100");
  nation = teller_identity_dup_nation (identity);
  ck_assert_str_eq (nation, "CAN");
}
END_TEST

START_TEST (test_id_card_types)
{
  static const struct { const char *letter; TellerIdCardType type; } cases[] = {
    { "\"A\"", TELLER_ID_CARD_TYPE_UNKNOWN }, { "\"B\"", TELLER_ID_CARD_TYPE_MAINLAND },
    { "\"C\"", TELLER_ID_CARD_TYPE_MAINLAND_FINGER }, { "\"J\"", TELLER_ID_CARD_TYPE_HMT },
    { "\"I\"", TELLER_ID_CARD_TYPE_FOREIGN }, { "\"Q\"", TELLER_ID_CARD_TYPE_UNKNOWN },
    { "null", TELLER_ID_CARD_TYPE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"code\":\"0\",\"cardType\":%s,\"IDCardInfo\":"
                                               "{\"name\":\"张三\",\"cardID\":\"1\"}}",
                                               cases[i].letter);
      g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, NULL);

      ck_assert_ptr_nonnull (identity);
      ck_assert_int_eq (teller_identity_get_id_card_type (identity), cases[i].type);
    }
}
END_TEST

START_TEST (test_id_card_images_inside)
{
  g_autofree char *png = test_make_png_base64 ();
  g_autofree char *text = g_strdup_printf ("{\"code\":\"0\",\"cardType\":\"B\",\"IDCardInfo\":{"
                                           "\"name\":\"张三\",\"cardID\":\"110101199003071234\","
                                           "\"photoBase64_Z\":\"%s\",\"photoBase64_F\":\"%s\","
                                           "\"strIDUID\":\"UID\"}}", png, png);
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, NULL);

  ck_assert_ptr_nonnull (identity);
  ck_assert_ptr_nonnull (teller_identity_get_front (identity));
  ck_assert_ptr_nonnull (teller_identity_get_back (identity));
  ck_assert_str_eq (teller_identity_get_field (identity, "strIDUID"), "UID");
  ck_assert_ptr_null (teller_identity_get_card_finger (identity));
}
END_TEST

/* Every documented member of IDCardInfo, in turn a number, an object, an array, a
 * boolean: the reply is bad, and the message names no value. */
START_TEST (test_id_card_wrong_types)
{
  static const char * const members[] = {
    "name", "sex", "birthday", "address", "cardID", "issueOrgan", "validStart", "validEnd",
    "sexCode", "nationCode", "appendMsg", "fingerBase64", "photoBase64", "passportId",
    "signCount", "nameEn", "cardVersion", "admissibleInstitution", "photoBase64_Z",
    "photoBase64_F", "strIDUID",
  };
  static const char * const wrong[] = { "110101", "{\"v\":\"x\"}", "[\"张三\"]", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    for (guint j = 0; j < G_N_ELEMENTS (wrong); j++)
      {
        g_autofree char *text = g_strdup_printf ("{\"code\":\"0\",\"cardType\":\"B\",\"IDCardInfo\":"
                                                 "{\"name\":\"张三\",\"cardID\":\"110101199003071234\","
                                                 "\"%s\":%s}}", members[i], wrong[j]);
        g_autoptr(GError) error = NULL;
        g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, &error);

        ck_assert_msg (identity == NULL, "%s as %s was accepted", members[i], wrong[j]);
        test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
        ck_assert_str_eq (error->message, NOT_TEXT);
      }
}
END_TEST

START_TEST (test_id_card_wrong_types_outside)
{
  static const char * const cases[] = {
    "{\"code\":\"0\",\"cardType\":2,\"IDCardInfo\":{\"name\":\"张三\",\"cardID\":\"1\"}}",
    "{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"张三\",\"cardID\":\"1\"},\"photoBase64_Z\":5}",
    "{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"张三\",\"cardID\":\"1\"},\"strIDUID\":[1]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, cases[i], &error);

      ck_assert_ptr_null (identity);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
      ck_assert (strstr (error->message, "张三") == NULL);
    }
}
END_TEST

START_TEST (test_id_card_unknown_members)
{
  static const char text[] =
    "{\"code\":\"0\",\"cardType\":\"B\",\"vendorExtra\":{\"a\":1},\"IDCardInfo\":{"
    "\"name\":\"张三\",\"cardID\":\"110101199003071234\",\"extraNumber\":12,"
    "\"extraObject\":{\"x\":[1,2]},\"validEnd\":null}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, &error);
  g_auto(GStrv) names = NULL;

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_ptr_null (teller_identity_get_field (identity, "extraNumber"));
  ck_assert_ptr_null (teller_identity_get_field (identity, "validEnd"));
  names = teller_identity_dup_field_names (identity);
  ck_assert_uint_eq (g_strv_length (names), 2);
}
END_TEST

START_TEST (test_id_card_missing)
{
  static const char * const cases[] = {
    "{\"code\":\"0\",\"cardType\":\"B\"}",
    "{\"code\":\"0\",\"cardType\":\"B\",\"IDCardInfo\":\"张三\"}",
    "{\"code\":\"0\",\"cardType\":\"B\",\"IDCardInfo\":null}",
    "{\"code\":\"0\",\"IDCardInfo\":{\"cardID\":\"110101199003071234\"}}",
    "{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"张三\"}}",
    "{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"\",\"cardID\":\"110101199003071234\"}}",
    "{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"张三\",\"cardID\":\"\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, cases[i], &error);

      ck_assert_msg (identity == NULL, "case %u was accepted", i);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
      ck_assert (strstr (error->message, "张三") == NULL);
      ck_assert (strstr (error->message, "110101") == NULL);
    }
}
END_TEST

START_TEST (test_id_card_photo_not_image)
{
  g_autofree char *garbage = g_base64_encode ((const guchar *) "this is not an image at all", 27);
  g_autofree char *text = id_card_text (garbage);
  g_autofree char *not_base64 = id_card_text ("***not base64***");
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_ID_CARD, text, &error);
  g_autoptr(TellerIdentity) second = parse_card (TELLER_CARD_KIND_ID_CARD, not_base64, NULL);

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_ptr_null (teller_identity_get_photo (identity));
  ck_assert_str_eq (teller_identity_get_warning (identity),
                    "The card’s photo is not an image; the rest of the card was read");
  /* The rest of the card is kept. */
  ck_assert_str_eq (teller_identity_get_field (identity, "name"), "张三");
  ck_assert_ptr_nonnull (teller_identity_get_front (identity));
  ck_assert_ptr_nonnull (teller_identity_get_card_finger (identity));

  ck_assert_ptr_nonnull (second);
  ck_assert_ptr_null (teller_identity_get_photo (second));
  ck_assert_ptr_nonnull (teller_identity_get_warning (second));
}
END_TEST

START_TEST (test_id_card_bad_sides_and_finger)
{
  g_autofree char *garbage = g_base64_encode ((const guchar *) "not a picture", 13);
  g_autofree char *sides = g_strdup_printf ("{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"张三\","
                                            "\"cardID\":\"1\"},\"photoBase64_Z\":\"%s\"}", garbage);
  g_autoptr(TellerIdentity) a = parse_card (TELLER_CARD_KIND_ID_CARD, sides, NULL);
  g_autoptr(TellerIdentity) b = parse_card (TELLER_CARD_KIND_ID_CARD,
                                            "{\"code\":\"0\",\"IDCardInfo\":{\"name\":\"张三\","
                                            "\"cardID\":\"1\",\"fingerBase64\":\"@@@\"}}", NULL);

  ck_assert_ptr_nonnull (a);
  ck_assert_ptr_null (teller_identity_get_front (a));
  ck_assert_str_eq (teller_identity_get_warning (a),
                    "The card’s front or back image is not an image; the rest of the card was read");
  ck_assert_ptr_nonnull (b);
  ck_assert_ptr_null (teller_identity_get_card_finger (b));
  ck_assert_str_eq (teller_identity_get_warning (b),
                    "The card’s fingerprint data is damaged; the rest of the card was read");
}
END_TEST

/* ---- 4.3, 4.4, 4.7 -------------------------------------------------------- */

static void
assert_all_fields (TellerIdentity      *identity,
                   const char * const  *pairs)
{
  g_auto(GStrv) names = teller_identity_dup_field_names (identity);
  guint n = 0;

  for (guint i = 0; pairs[i] != NULL; i += 2, n++)
    {
      ck_assert_str_eq (teller_identity_get_field (identity, pairs[i]), pairs[i + 1]);
      ck_assert_str_eq (names[n], pairs[i]);
    }
  ck_assert_uint_eq (g_strv_length (names), n);
}

static char *
build_reply (const char          *info_member,
             const char * const  *pairs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "0");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, info_member);
  json_builder_begin_object (builder);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      json_builder_set_member_name (builder, pairs[i]);
      json_builder_add_string_value (builder, pairs[i + 1]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static const char * const social_fields[] = {
  "SocialSecurityNumber", "440301198807150021", "CardNumber", "S44030112", "Name", "王小明",
  "Sex", "1", "Nation", "01", "Birthday", "19880715", "Birthplace", "广东省深圳市",
  "CardDistinguishCode", "440300D15600000500A1B2C3D4E5F6A7", "SocialSecurityCardType", "3",
  "CardNormVer", "3.00", "VisaInstitution", "深圳市人力资源和社会保障局",
  "ValidStart", "20200801", "ValidEnd", "20300801", NULL
};

START_TEST (test_social_card)
{
  g_autofree char *text = build_reply ("SocialCardInfo", social_fields);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_SOCIAL_SECURITY, text, &error);
  g_autofree char *nation = NULL;
  g_autofree char *sex = NULL;

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_SOCIAL_SECURITY);
  assert_all_fields (identity, social_fields);
  ck_assert_str_eq (teller_identity_get_number (identity), "440301198807150021");
  nation = teller_identity_dup_nation (identity);
  sex = teller_identity_dup_sex (identity);
  ck_assert_str_eq (nation, "Han");
  ck_assert_str_eq (sex, "Male");
}
END_TEST

static const char * const ic_fields[] = {
  "CardNumber", "6222021234567890123", "AccountNumber", "6222021234567890123",
  "Name", "ZHANG SAN", "CertificatesType", "00", "CertificatesNo", "110101199003071234",
  "Track1", "", "Track2", "6222021234567890123D30122201234567", "Track3", "",
  "Balance", "000000010000", "BalanceLimit", "000000100000", "EffectiveDate", "200101",
  "SerialNumber", "01", "CurrencyCode", "0156", "PinRetryTime", "3", "ExpiryDate", "301231",
  "Atc", "0012", "NameExtend", "", "SingleTradingLimit", "000000050000",
  "ResetThreshold", "000000000000", "TransactionLimitNumber_I_N", "00",
  "TransactionLimitNumber_I_C", "00", "TradingLimitNumber", "00",
  "TradingLimitNumber_Double", "00", "TransactionAmountUpperLimit", "000000100000",
  "CurrencyConversionFactor", "00000000", "TradingFloor", "00", "TradingCeiling", "00",
  "AppLock", "0", "IcCardAID", "A000000333010101", "AuthorizedAmount", "000000000000",
  "OtherAmount", "000000000000", "TransactionCurrencyCode", "0156",
  "TransactionDate", "240601", "TransactionTime", "101010", "MerchantNumber", "123456789012345",
  NULL
};

START_TEST (test_ic_card)
{
  g_autofree char *text = build_reply ("ICCardInfo", ic_fields);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_IC, text, &error);
  g_autoptr(GDateTime) past = g_date_time_new_local (2024, 6, 1, 0, 0, 0);
  g_autoptr(GDateTime) future = g_date_time_new_local (2031, 1, 1, 0, 0, 0);
  g_auto(GStrv) names = NULL;

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_IC);
  names = teller_identity_dup_field_names (identity);
  /* 35 documented fields, three of them empty here. */
  ck_assert_uint_eq (g_strv_length (names), 32);
  for (guint i = 0; ic_fields[i] != NULL; i += 2)
    {
      if (*ic_fields[i + 1] == '\0')
        ck_assert_ptr_null (teller_identity_get_field (identity, ic_fields[i]));
      else
        ck_assert_str_eq (teller_identity_get_field (identity, ic_fields[i]), ic_fields[i + 1]);
    }
  ck_assert_str_eq (teller_identity_get_number (identity), "6222021234567890123");
  ck_assert (!teller_identity_is_expired (identity, past));
  ck_assert (teller_identity_is_expired (identity, future));
}
END_TEST

START_TEST (test_magnetic_card)
{
  static const char * const fields[] = {
    "Track1", "%B6222021234567890^ZHANG/SAN^30121010000000000000?",
    "Track2", ";6222021234567890=30121010000000000000?",
    "Track3", ";996222021234567890=1561560000000000000003000000214000030120=000000000000=000000000000=00000000?",
    NULL
  };
  g_autofree char *text = build_reply ("MagCardInfo", fields);
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerIdentity) identity = parse_card (TELLER_CARD_KIND_MAGNETIC, text, &error);
  g_autofree char *masked = NULL;

  ck_assert_msg (identity != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_MAGNETIC);
  assert_all_fields (identity, fields);
  ck_assert_str_eq (teller_identity_get_number (identity), "6222021234567890");
  masked = teller_identity_dup_masked_number (identity);
  ck_assert_str_eq (masked, "622202******7890");
}
END_TEST

START_TEST (test_text_cards_bad)
{
  static const struct { TellerCardKind kind; const char *text; } cases[] = {
    { TELLER_CARD_KIND_SOCIAL_SECURITY, "{\"code\":\"0\"}" },
    { TELLER_CARD_KIND_SOCIAL_SECURITY, "{\"code\":\"0\",\"SocialCardInfo\":[]}" },
    { TELLER_CARD_KIND_SOCIAL_SECURITY, "{\"code\":\"0\",\"SocialCardInfo\":{}}" },
    { TELLER_CARD_KIND_SOCIAL_SECURITY, "{\"code\":\"0\",\"SocialCardInfo\":{\"Name\":\"\",\"Other\":\"x\"}}" },
    { TELLER_CARD_KIND_SOCIAL_SECURITY, "{\"code\":\"0\",\"SocialCardInfo\":{\"Name\":\"王\",\"ValidEnd\":20300801}}" },
    { TELLER_CARD_KIND_IC, "{\"code\":\"0\",\"ICCardInfo\":\"6222\"}" },
    { TELLER_CARD_KIND_IC, "{\"code\":\"0\",\"ICCardInfo\":{\"CardNumber\":6222,\"Name\":\"Z\"}}" },
    { TELLER_CARD_KIND_IC, "{\"code\":\"0\",\"IDCardInfo\":{\"CardNumber\":\"6222\"}}" },
    { TELLER_CARD_KIND_MAGNETIC, "{\"code\":\"0\",\"MagCardInfo\":{\"Track1\":\"\",\"Track2\":\"\",\"Track3\":\"\"}}" },
    { TELLER_CARD_KIND_MAGNETIC, "{\"code\":\"0\",\"MagCardInfo\":{\"Track2\":{\"pan\":\"6222\"}}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerIdentity) identity = parse_card (cases[i].kind, cases[i].text, &error);

      ck_assert_msg (identity == NULL, "case %u was accepted", i);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
      ck_assert (strstr (error->message, "6222") == NULL);
    }
}
END_TEST

START_TEST (test_sam_id)
{
  g_autoptr(JsonObject) good = test_json_object ("{\"code\":\"0\",\"message\":\"\",\"samID\":\"05.01-20190305-0012345678\"}");
  g_autoptr(JsonObject) missing = test_json_object ("{\"code\":\"0\"}");
  g_autoptr(JsonObject) wrong = test_json_object ("{\"code\":\"0\",\"samID\":12}");
  g_autofree char *sam_id = _teller_card_parse_sam_id (good, NULL);
  g_autoptr(GError) error = NULL;

  ck_assert_str_eq (sam_id, "05.01-20190305-0012345678");
  ck_assert_ptr_null (_teller_card_parse_sam_id (missing, &error));
  test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  ck_assert_ptr_null (_teller_card_parse_sam_id (wrong, &error));
  test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
}
END_TEST

/* ---- Chapter 7 ------------------------------------------------------------ */

START_TEST (test_confidence)
{
  static const struct { const char *value; int expected; } good[] = {
    { "\"0\"", 0 }, { "\"100\"", 100 }, { "\"87\"", 87 }, { "\"87.6\"", 88 }, { "90", 90 },
    { "65.2", 65 },
  };
  static const char * const bad[] = {
    "\"101\"", "\"-1\"", "\"abc\"", "\"\"", "\"80%\"", "\" 80\"", "true", "{}", "[80]", "null",
    "100.6", "-3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"confidence\":%s}", good[i].value);
      g_autoptr(JsonObject) reply = test_json_object (text);
      int confidence = -1;

      ck_assert (_teller_card_parse_confidence (reply, &confidence, NULL));
      ck_assert_int_eq (confidence, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"confidence\":%s}", bad[i]);
      g_autoptr(JsonObject) reply = test_json_object (text);
      g_autoptr(GError) error = NULL;
      int confidence = -1;

      ck_assert_msg (!_teller_card_parse_confidence (reply, &confidence, &error), "%s accepted", bad[i]);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
    }
}
END_TEST

START_TEST (test_face_match)
{
  g_autofree char *png = test_make_png_base64 ();
  g_autofree char *text = g_strdup_printf ("{\"code\":\"0\",\"message\":\"\",\"result\":{"
                                           "\"confidence\":\"93\",\"image_camera\":\"%s\","
                                           "\"image_idcard\":\"%s\",\"cardID\":\"110101199003071234\"}}",
                                           png, png);
  g_autoptr(JsonObject) reply = test_json_object (text);
  g_autoptr(JsonObject) bare = test_json_object ("{\"code\":\"0\",\"result\":{\"confidence\":\"12\"}}");
  g_autoptr(TellerFaceMatch) match = _teller_face_match_parse (reply, NULL);
  g_autoptr(TellerFaceMatch) bare_match = _teller_face_match_parse (bare, NULL);
  g_autoptr(GBytes) expected = test_make_png ();

  ck_assert_ptr_nonnull (match);
  ck_assert_int_eq (match->confidence, 93);
  ck_assert (g_bytes_equal (match->camera_image, expected));
  ck_assert (g_bytes_equal (match->card_image, expected));
  ck_assert_str_eq (match->card_number, "110101199003071234");

  ck_assert_ptr_nonnull (bare_match);
  ck_assert_int_eq (bare_match->confidence, 12);
  ck_assert_ptr_null (bare_match->camera_image);
  ck_assert_ptr_null (bare_match->card_number);
}
END_TEST

START_TEST (test_face_match_bad)
{
  static const char * const cases[] = {
    "{\"code\":\"0\",\"confidence\":\"93\"}",
    "{\"code\":\"0\",\"result\":\"93\"}",
    "{\"code\":\"0\",\"result\":{}}",
    "{\"code\":\"0\",\"result\":{\"confidence\":\"120\"}}",
    "{\"code\":\"0\",\"result\":{\"confidence\":\"93\",\"image_camera\":42}}",
    "{\"code\":\"0\",\"result\":{\"confidence\":\"93\",\"image_idcard\":\"%%%\"}}",
    "{\"code\":\"0\",\"result\":{\"confidence\":\"93\",\"cardID\":110101199003071234}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = test_json_object (cases[i]);
      g_autoptr(GError) error = NULL;

      ck_assert_msg (_teller_face_match_parse (reply, &error) == NULL, "case %u accepted", i);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
      ck_assert (strstr (error->message, "110101") == NULL);
    }
}
END_TEST

static void
assert_json_eq (JsonNode   *node,
                const char *expected)
{
  g_autoptr(JsonNode) wanted = json_from_string (expected, NULL);

  ck_assert_ptr_nonnull (wanted);
  ck_assert_msg (json_node_equal (node, wanted), "got %s", json_to_string (node, FALSE));
}

START_TEST (test_liveness_bodies)
{
  g_autoptr(JsonNode) polling = _teller_liveness_build_start (1, 0, FALSE, FALSE);
  g_autoptr(JsonNode) blocking = _teller_liveness_build_start (2, 3, TRUE, TRUE);
  g_autoptr(JsonNode) blocking_whole = _teller_liveness_build_start (1, 5, TRUE, FALSE);

  assert_json_eq (polling, "{\"camidx\":\"1\",\"time\":\"5\"}");
  assert_json_eq (blocking, "{\"camidx\":\"2\",\"time\":\"3\",\"blocking_mode\":\"true\","
                            "\"blocking_param\":{\"cutface\":\"true\"}}");
  assert_json_eq (blocking_whole, "{\"camidx\":\"1\",\"time\":\"5\",\"blocking_mode\":\"true\","
                                  "\"blocking_param\":{\"cutface\":\"false\"}}");
  test_assert_all_strings (polling);
  test_assert_all_strings (blocking);
}
END_TEST

START_TEST (test_liveness_reply)
{
  g_autofree char *png = test_make_png_base64 ();
  g_autofree char *text = g_strdup_printf ("{\"code\":\"0\",\"message\":\"\",\"image\":\"%s\","
                                           "\"cost\":\"1234\"}", png);
  g_autoptr(JsonObject) reply = test_json_object (text);
  g_autoptr(JsonObject) bare = test_json_object ("{\"code\":\"0\",\"cost\":\"\"}");
  g_autoptr(TellerLiveness) liveness = _teller_liveness_parse (reply, NULL);
  g_autoptr(TellerLiveness) bare_liveness = _teller_liveness_parse (bare, NULL);
  static const char * const bad[] = {
    "{\"code\":\"0\",\"cost\":\"12ms\"}",
    "{\"code\":\"0\",\"cost\":\"-5\"}",
    "{\"code\":\"0\",\"cost\":true}",
    "{\"code\":\"0\",\"image\":7}",
    "{\"code\":\"0\",\"image\":\"!!\"}",
  };

  ck_assert_ptr_nonnull (liveness);
  ck_assert_uint_eq (liveness->cost_ms, 1234);
  ck_assert_ptr_nonnull (liveness->image);
  ck_assert_ptr_nonnull (bare_liveness);
  ck_assert_uint_eq (bare_liveness->cost_ms, 0);
  ck_assert_ptr_null (bare_liveness->image);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) bad_reply = test_json_object (bad[i]);
      g_autoptr(GError) error = NULL;

      ck_assert_msg (_teller_liveness_parse (bad_reply, &error) == NULL, "case %u accepted", i);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
    }
}
END_TEST

/* ---- Chapter 8 ------------------------------------------------------------ */

START_TEST (test_fingerprint_types)
{
  static const char * const names[] = { "bmp", "raw", "png", "feature" };
  TellerFingerprintType type;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ck_assert (teller_fingerprint_type_from_string (names[i], &type));
      ck_assert_int_eq (type, (int) i);
      ck_assert_str_eq (teller_fingerprint_type_to_string (type), names[i]);
    }
  ck_assert (!teller_fingerprint_type_from_string ("jpeg", &type));
  ck_assert (!teller_fingerprint_type_from_string (NULL, &type));
  ck_assert (g_type_is_a (TELLER_TYPE_FINGERPRINT_TYPE, G_TYPE_ENUM));
}
END_TEST

START_TEST (test_fingerprint_reply)
{
  g_autofree char *image = g_base64_encode ((const guchar *) "BMimage", 7);
  g_autofree char *feature = g_base64_encode ((const guchar *) "template", 8);
  g_autofree char *bmp_text = g_strdup_printf ("{\"code\":\"0\",\"bmp\":\"%s\",\"feature\":\"%s\"}",
                                               image, feature);
  g_autofree char *feature_text = g_strdup_printf ("{\"code\":\"0\",\"feature\":\"%s\"}", feature);
  g_autofree char *raw_text = g_strdup_printf ("{\"code\":\"0\",\"raw\":\"%s\"}", image);
  g_autoptr(JsonObject) bmp_reply = test_json_object (bmp_text);
  g_autoptr(JsonObject) feature_reply = test_json_object (feature_text);
  g_autoptr(JsonObject) raw_reply = test_json_object (raw_text);
  g_autoptr(TellerFingerprint) bmp = _teller_fingerprint_parse (bmp_reply, TELLER_FINGERPRINT_BMP, NULL);
  g_autoptr(TellerFingerprint) only = _teller_fingerprint_parse (feature_reply, TELLER_FINGERPRINT_FEATURE, NULL);
  g_autoptr(TellerFingerprint) raw = _teller_fingerprint_parse (raw_reply, TELLER_FINGERPRINT_RAW, NULL);

  ck_assert_ptr_nonnull (bmp);
  ck_assert_int_eq (bmp->type, TELLER_FINGERPRINT_BMP);
  ck_assert_mem_eq (g_bytes_get_data (bmp->image, NULL), "BMimage", 7);
  ck_assert_mem_eq (g_bytes_get_data (bmp->feature, NULL), "template", 8);
  ck_assert_ptr_nonnull (only);
  ck_assert_ptr_null (only->image);
  ck_assert_mem_eq (g_bytes_get_data (only->feature, NULL), "template", 8);
  /* A device may give no template with an image. */
  ck_assert_ptr_nonnull (raw);
  ck_assert_ptr_null (raw->feature);
}
END_TEST

START_TEST (test_fingerprint_reply_bad)
{
  static const struct { TellerFingerprintType type; const char *text; } cases[] = {
    { TELLER_FINGERPRINT_BMP, "{\"code\":\"0\",\"feature\":\"dGVtcGxhdGU=\"}" },
    { TELLER_FINGERPRINT_PNG, "{\"code\":\"0\",\"bmp\":\"dGVtcGxhdGU=\"}" },
    { TELLER_FINGERPRINT_FEATURE, "{\"code\":\"0\",\"bmp\":\"dGVtcGxhdGU=\"}" },
    { TELLER_FINGERPRINT_FEATURE, "{\"code\":\"0\",\"feature\":12}" },
    { TELLER_FINGERPRINT_BMP, "{\"code\":\"0\",\"bmp\":\"$$$\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = test_json_object (cases[i].text);
      g_autoptr(GError) error = NULL;

      ck_assert_msg (_teller_fingerprint_parse (reply, cases[i].type, &error) == NULL, "case %u", i);
      test_assert_error (error, TELLER_ERROR_BAD_RESPONSE);
    }
}
END_TEST

START_TEST (test_fingerprint_verify_body)
{
  g_autoptr(GBytes) a = g_bytes_new ("first", 5);
  g_autoptr(GBytes) b = g_bytes_new ("second", 6);
  g_autoptr(JsonNode) two = _teller_fingerprint_build_verify (TELLER_FINGERPRINT_FEATURE, a, b);
  g_autoptr(JsonNode) one = _teller_fingerprint_build_verify (TELLER_FINGERPRINT_BMP, a, NULL);

  /* The document's example form: [{"feature": "<base64>"}, {"feature": "<base64>"}]. */
  assert_json_eq (two, "[{\"feature\":\"Zmlyc3Q=\"},{\"feature\":\"c2Vjb25k\"}]");
  assert_json_eq (one, "[{\"bmp\":\"Zmlyc3Q=\"}]");
  test_assert_all_strings (two);
}
END_TEST

Suite *
identity_parse_suite (void)
{
  Suite *suite = suite_create ("identity-parse");
  TCase *cards = tcase_create ("cards");
  TCase *faces = tcase_create ("faces");
  TCase *fingers = tcase_create ("fingers");

  tcase_add_test (cards, test_id_card_mainland);
  tcase_add_test (cards, test_id_card_hmt);
  tcase_add_test (cards, test_id_card_foreign);
  tcase_add_test (cards, test_id_card_types);
  tcase_add_test (cards, test_id_card_images_inside);
  tcase_add_test (cards, test_id_card_wrong_types);
  tcase_add_test (cards, test_id_card_wrong_types_outside);
  tcase_add_test (cards, test_id_card_unknown_members);
  tcase_add_test (cards, test_id_card_missing);
  tcase_add_test (cards, test_id_card_photo_not_image);
  tcase_add_test (cards, test_id_card_bad_sides_and_finger);
  tcase_add_test (cards, test_social_card);
  tcase_add_test (cards, test_ic_card);
  tcase_add_test (cards, test_magnetic_card);
  tcase_add_test (cards, test_text_cards_bad);
  tcase_add_test (cards, test_sam_id);
  suite_add_tcase (suite, cards);

  tcase_add_test (faces, test_confidence);
  tcase_add_test (faces, test_face_match);
  tcase_add_test (faces, test_face_match_bad);
  tcase_add_test (faces, test_liveness_bodies);
  tcase_add_test (faces, test_liveness_reply);
  suite_add_tcase (suite, faces);

  tcase_add_test (fingers, test_fingerprint_types);
  tcase_add_test (fingers, test_fingerprint_reply);
  tcase_add_test (fingers, test_fingerprint_reply_bad);
  tcase_add_test (fingers, test_fingerprint_verify_body);
  suite_add_tcase (suite, fingers);

  return suite;
}
