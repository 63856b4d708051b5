/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-card-private.h"

/*
 * The synthetic cards.  Every person is made up; the numbers are shaped like real
 * ones and carry valid check characters, computed here rather than written down,
 * so a typo cannot leave a card with a wrong one:
 *   - mainland and HMT (810000 Hong Kong, 820000 Macau, 830000 Taiwan) numbers:
 *     GB 11643-1999, ISO 7064 MOD 11-2, the 17th digit odd for men;
 *   - the foreign permanent resident card's 2023 number: "9", the province that
 *     took the application, the ISO 3166 numeric nationality, the birth date, a
 *     sequence and the same check character;
 *   - bank card numbers: Luhn.
 * Addresses use real districts with made-up streets.
 */

/* The reply order of 4.1, then the service builds' extras (NOTES.md). */
#define ID_FIELDS(name, sex, birthday, address, issue, start, end, sex_code, nation,    \
                  finger, passport, sign_count, name_en, version, institution, uid)      \
  (const char * const []) {                                                            \
    "name", name, "sex", sex, "birthday", birthday, "address", address,                  \
    "cardID", "{ID}", "issueOrgan", issue, "validStart", start, "validEnd", end,         \
    "sexCode", sex_code, "nationCode", nation, "appendMsg", "",                          \
    "fingerBase64", finger, "photoBase64", "{PHOTO}",                                    \
    "passportId", passport, "signCount", sign_count,                                     \
    "nameEn", name_en, "cardVersion", version, "admissibleInstitution", institution,     \
    "photoBase64_Z", "{FRONT}", "photoBase64_F", "{BACK}", "strIDUID", uid, NULL }

static const TellerSimCardSpec cards[] = {
  {
    "mainland", TELLER_SIM_CARD_KIND_ID, "B", "IDCardInfo", "11010119850312001", NULL, 0x5eed0001,
    { 0xe8c3a0, 0x1a1a1a, 0x2f5d9e, TELLER_SIM_HAIR_SHORT, 1.0, 1.0, 1.0, 0.3, FALSE },
    ID_FIELDS ("张伟明", "男", "19850312", "北京市东城区景山前街示例胡同18号",
               "北京市公安局东城分局", "20160405", "20360405", "1", "01",
               "", "", "", "", "", "", "0123A5F9C4D27E81"),
  },
  {
    "mainland-finger", TELLER_SIM_CARD_KIND_ID, "C", "IDCardInfo", "44030519920715028", NULL, 0x5eed0002,
    { 0xf0cfb4, 0x3b2416, 0xb0303a, TELLER_SIM_HAIR_LONG, 0.9, 1.05, 0.95, 0.6, FALSE },
    ID_FIELDS ("李静怡", "女", "19920715", "广东省深圳市南山区科技园示例路66号",
               "深圳市公安局南山分局", "20190620", "20390620", "2", "03",
               "{FINGER}", "", "", "", "", "", "04B81E6F2A9C3D57"),
  },
  {
    "mainland-expired", TELLER_SIM_CARD_KIND_ID, "B", "IDCardInfo", "32010219750822013", NULL, 0x5eed0003,
    { 0xc99a74, 0x8a8a8a, 0x55585c, TELLER_SIM_HAIR_RECEDING, 1.12, 0.95, 1.05, -0.2, TRUE },
    ID_FIELDS ("王建国", "男", "19750822", "江苏省南京市玄武区示例大街9号",
               "南京市公安局玄武分局", "20030601", "20230601", "1", "11",
               "", "", "", "", "", "", "07D3C2A1905E6B48"),
  },
  {
    "hmt", TELLER_SIM_CARD_KIND_ID, "J", "IDCardInfo", "81000019900815004", NULL, 0x5eed0004,
    { 0xf3d6c2, 0x0d0d0d, 0x2e8b57, TELLER_SIM_HAIR_BUN, 0.92, 1.0, 0.9, 0.8, TRUE },
    ID_FIELDS ("陈嘉欣", "女", "19900815", "香港特别行政区九龙油尖旺区示例道88号",
               "深圳市公安局", "20250910", "20300910", "2", "",
               "", "H61234567", "02", "", "", "", "0A6E5D4C3B2A1908"),
  },
  {
    "foreign", TELLER_SIM_CARD_KIND_ID, "I", "IDCardInfo", "91184019880523015", NULL, 0x5eed0005,
    { 0xf6dccb, 0xc8a050, 0x1f2a44, TELLER_SIM_HAIR_SHORT, 1.08, 1.1, 1.1, 0.0, FALSE },
    ID_FIELDS ("史密斯·约翰", "男", "19880523", "",
               "中华人民共和国国家移民管理局", "20240110", "20340110", "1", "USA",
               "", "", "", "SMITH, JOHN MICHAEL", "02", "1100", "0C1B2A3948576D6E"),
  },
  {
    "social", TELLER_SIM_CARD_KIND_SOCIAL, NULL, "SocialCardInfo", "11010819780930057", NULL, 0x5eed0006,
    { 0 },
    (const char * const []) {
      "SocialSecurityNumber", "{ID}", "CardNumber", "K01234567", "Name", "刘志强",
      "Sex", "男", "Nation", "01", "Birthday", "19780930", "Birthplace", "110108",
      "CardDistinguishCode", "110100D15600000500A1B2C3D4E5F607",
      "SocialSecurityCardType", "3", "CardNormVer", "3.00",
      "VisaInstitution", "北京市人力资源和社会保障局",
      "ValidStart", "20200110", "ValidEnd", "20300110", NULL },
  },
  {
    "ic", TELLER_SIM_CARD_KIND_IC, NULL, "ICCardInfo", "31010419880211022", "622202123456789012", 0x5eed0007,
    { 0 },
    (const char * const []) {
      "CardNumber", "{PAN}", "AccountNumber", "{PAN}", "Name", "赵敏",
      "CertificatesType", "00", "CertificatesNo", "{ID}",
      "Track1", "B{PAN}^ZHAO/MIN^3012201000000000000000",
      "Track2", "{PAN}=30122010000000000",
      "Track3", "996{PAN}=1561560500050006001013000000010000030120=000000000000=000000000",
      "Balance", "1234.56", "BalanceLimit", "5000.00", "EffectiveDate", "20201201",
      "SerialNumber", "001", "CurrencyCode", "156", "PinRetryTime", "3",
      "ExpiryDate", "20301231", "Atc", "0025", "NameExtend", "ZHAO/MIN",
      "SingleTradingLimit", "1000.00", "ResetThreshold", "0.00",
      "TransactionLimitNumber_I_N", "10", "TransactionLimitNumber_I_C", "10",
      "TradingLimitNumber", "10", "TradingLimitNumber_Double", "10",
      "TransactionAmountUpperLimit", "2000.00", "CurrencyConversionFactor", "1.0000",
      "TradingFloor", "0.00", "TradingCeiling", "1000.00", "AppLock", "0",
      "IcCardAID", "A000000333010101", "AuthorizedAmount", "0.00", "OtherAmount", "0.00",
      "TransactionCurrencyCode", "156", "TransactionDate", "20260512",
      "TransactionTime", "143025", "MerchantNumber", "102100049003401", NULL },
  },
  {
    "magnetic", TELLER_SIM_CARD_KIND_MAGNETIC, NULL, "MagCardInfo", NULL, "621700123456789012", 0x5eed0008,
    { 0 },
    (const char * const []) {
      "Track1", "B{PAN}^QIAN/HAO^3009201000000000000000",
      "Track2", "{PAN}=30092010000000000",
      "Track3", "996{PAN}=1561560500050006001013000000010000030090=000000000000=000000000",
      NULL },
  },
};

static const char * const card_names[] = {
  "mainland", "mainland-finger", "mainland-expired", "hmt", "foreign",
  "social", "ic", "magnetic", NULL
};

/* Whoever stands at the counter without an ID card on the reader. */
static const TellerSimLook visitor_look = {
  0xdcb08c, 0x2b1b10, 0x6b4f8a, TELLER_SIM_HAIR_SHORT, 0.97, 0.98, 1.0, 0.5, FALSE
};

G_LOCK_DEFINE_STATIC (fields_cache);
static GHashTable *fields_cache; /* name → GStrv of pairs, kept for the process */

/**
 * teller_sim_card_reader_list_cards:
 *
 * Returns: (transfer none): the synthetic cards' names, NULL-terminated
 */
const char * const *
teller_sim_card_reader_list_cards (void)
{
  return card_names;
}

const TellerSimCardSpec *
_teller_sim_card_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    if (g_str_equal (cards[i].name, name))
      return &cards[i];
  return NULL;
}

const TellerSimLook *
_teller_sim_card_default_look (void)
{
  return &visitor_look;
}

char
_teller_sim_card_gb11643_check (const char *digits17)
{
  /* W(i) = 2^(i-1) mod 11 for positions 18..2, read left to right. */
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  g_return_val_if_fail (digits17 != NULL && strlen (digits17) == 17, '?');

  for (guint i = 0; i < 17; i++)
    {
      g_return_val_if_fail (g_ascii_isdigit (digits17[i]), '?');
      sum += (digits17[i] - '0') * weights[i];
    }
  return "10X98765432"[sum % 11];
}

char
_teller_sim_card_luhn_check (const char *digits)
{
  gsize length;
  int sum = 0;

  g_return_val_if_fail (digits != NULL, '?');

  length = strlen (digits);
  /* With the check digit appended, the digits doubled are the ones now last,
   * third from last, and so on. */
  for (gsize i = 0; i < length; i++)
    {
      int digit = digits[length - 1 - i] - '0';

      g_return_val_if_fail (digit >= 0 && digit <= 9, '?');
      if (i % 2 == 0)
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
  return (char) ('0' + (10 - sum % 10) % 10);
}

/* xorshift32: the same bytes on every machine, unlike rand(). */
GBytes *
_teller_sim_card_make_bytes (guint32 seed,
                             gsize   size)
{
  guint8 *data = g_malloc (size);
  guint32 state = seed != 0 ? seed : 0x9e3779b9;

  for (gsize i = 0; i < size; i++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      data[i] = (guint8) (state >> 24);
    }
  return g_bytes_new_take (data, size);
}

/* A template shaped like the ID card's: a small header, then minutiae bytes. */
GBytes *
_teller_sim_finger_template (guint32 seed)
{
  g_autoptr(GBytes) noise = _teller_sim_card_make_bytes (seed, TELLER_SIM_FINGER_FEATURE_SIZE);
  guint8 *data = g_memdup2 (g_bytes_get_data (noise, NULL), TELLER_SIM_FINGER_FEATURE_SIZE);

  data[0] = 'C';   /* the card's templates start with 0x43 */
  data[1] = 0x01;
  data[4] = 0x01;  /* finger quality: good */
  data[5] = 0x0b;  /* right index finger */
  return g_bytes_new_take (data, TELLER_SIM_FINGER_FEATURE_SIZE);
}

static char *
expand_numbers (const TellerSimCardSpec *spec,
                const char              *value)
{
  g_autoptr(GString) text = g_string_new (value);

  if (spec->id_base != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%s%c", spec->id_base,
                                             _teller_sim_card_gb11643_check (spec->id_base));

      g_string_replace (text, "{ID}", id, 0);
    }
  if (spec->pan_base != NULL)
    {
      g_autofree char *pan = g_strdup_printf ("%s%c", spec->pan_base,
                                              _teller_sim_card_luhn_check (spec->pan_base));

      g_string_replace (text, "{PAN}", pan, 0);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
base64_of (GBytes *bytes)
{
  gsize size = 0;
  const guchar *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return size > 0 ? g_base64_encode (data, size) : g_strdup ("");
}

/* Two templates, as the card holds them: the right then the left index finger. */
static GBytes *
make_card_fingers (guint32 seed)
{
  g_autoptr(GBytes) right = _teller_sim_finger_template (seed);
  g_autoptr(GBytes) left = _teller_sim_finger_template (seed ^ 0xa5a5a5a5);
  g_autoptr(GByteArray) both = g_byte_array_sized_new (2 * TELLER_SIM_FINGER_FEATURE_SIZE);

  g_byte_array_append (both, g_bytes_get_data (right, NULL), TELLER_SIM_FINGER_FEATURE_SIZE);
  g_byte_array_append (both, g_bytes_get_data (left, NULL), TELLER_SIM_FINGER_FEATURE_SIZE);
  both->data[TELLER_SIM_FINGER_FEATURE_SIZE + 5] = 0x10; /* left index finger */
  return g_byte_array_free_to_bytes (g_steal_pointer (&both));
}

/* The text fields first: the card's images are drawn with them. */
static char **
build_fields (const TellerSimCardSpec *spec)
{
  guint n = g_strv_length ((char **) spec->fields);
  char **pairs = g_new0 (char *, n + 1);
  g_autoptr(GBytes) photo = NULL;

  for (guint i = 0; i < n; i += 2)
    {
      pairs[i] = g_strdup (spec->fields[i]);
      pairs[i + 1] = expand_numbers (spec, spec->fields[i + 1]);
    }

  if (spec->kind != TELLER_SIM_CARD_KIND_ID)
    return pairs;

  photo = _teller_sim_photo_draw (&spec->look, TELLER_SIM_SHOT_ID_PHOTO);
  for (guint i = 0; i < n; i += 2)
    {
      g_autoptr(GBytes) bytes = NULL;
      const char *value = pairs[i + 1];

      if (g_str_equal (value, "{PHOTO}"))
        bytes = g_bytes_ref (photo);
      else if (g_str_equal (value, "{FINGER}"))
        bytes = make_card_fingers (spec->seed);
      else if (g_str_equal (value, "{FRONT}") || g_str_equal (value, "{BACK}"))
        bytes = _teller_sim_photo_card_side (spec, (const char * const *) pairs, photo,
                                             g_str_equal (value, "{FRONT}"));
      else
        continue;
      g_free (pairs[i + 1]);
      pairs[i + 1] = base64_of (bytes);
    }
  return pairs;
}

const char * const *
_teller_sim_card_get_fields (const TellerSimCardSpec *spec)
{
  char **pairs;

  g_return_val_if_fail (spec != NULL, NULL);

  G_LOCK (fields_cache);
  if (fields_cache == NULL)
    fields_cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) g_strfreev);
  pairs = g_hash_table_lookup (fields_cache, spec->name);
  if (pairs == NULL)
    {
      pairs = build_fields (spec);
      g_hash_table_insert (fields_cache, (gpointer) spec->name, pairs);
    }
  G_UNLOCK (fields_cache);
  return (const char * const *) pairs;
}

const char *
_teller_sim_card_pairs_lookup (const char * const *pairs,
                               const char         *field)
{
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    if (g_str_equal (pairs[i], field))
      return pairs[i + 1];
  return NULL;
}

/**
 * teller_sim_card_reader_dup_card_value:
 * @card: a name from teller_sim_card_reader_list_cards()
 * @field: a member of the card's info object, or "cardType"
 *
 * Returns: (transfer full) (nullable): the value, as the reply carries it with the
 *   default settings ("photo": "normal")
 */
char *
teller_sim_card_reader_dup_card_value (const char *card,
                                       const char *field)
{
  const TellerSimCardSpec *spec = _teller_sim_card_lookup (card);

  g_return_val_if_fail (field != NULL, NULL);

  if (spec == NULL)
    return NULL;
  if (g_str_equal (field, "cardType"))
    return g_strdup (spec->card_type);
  return g_strdup (_teller_sim_card_pairs_lookup (_teller_sim_card_get_fields (spec), field));
}
