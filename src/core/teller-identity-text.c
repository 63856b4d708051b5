/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include "teller-identity-private.h"

/*
 * What the identity's values say, for the screen: the number masked, the validity
 * read as a date, the codes of nation and sex as words.  Only the public getters
 * are used; the code tables are in teller-identity-nation.c.
 */

char *
teller_identity_mask_number (const char *number)
{
  GString *masked;
  glong length;
  glong keep_head;
  glong keep_tail;
  glong i = 0;

  if (number == NULL)
    return NULL;
  if (!g_utf8_validate (number, -1, NULL))
    return g_strdup ("****");

  length = g_utf8_strlen (number, -1);
  keep_head = length > 10 ? 6 : 0;
  /* A number as short as what would be shown is masked whole. */
  keep_tail = length > 4 ? 4 : 0;

  masked = g_string_sized_new (strlen (number));
  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      if (i < keep_head || i >= length - keep_tail)
        g_string_append_len (masked, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (masked, '*');
    }
  return g_string_free (masked, FALSE);
}

char *
teller_identity_dup_masked_number (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);
  return teller_identity_mask_number (teller_identity_get_number (self));
}

static gboolean
read_digits (const char *text,
             guint       n_digits,
             guint      *out)
{
  *out = 0;
  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *out = *out * 10 + (guint) (text[i] - '0');
    }
  return TRUE;
}

/* "YYYYMMDD", "YYYY.MM.DD", "YYYY-MM-DD" or an IC card's "YYMMDD" (EMV, 20YY). */
static GDate *
parse_date (const char *text)
{
  gsize length = strlen (text);
  guint year, month, day;
  gboolean ok;

  if (length == 8)
    ok = read_digits (text, 4, &year) && read_digits (text + 4, 2, &month) &&
         read_digits (text + 6, 2, &day);
  else if (length == 10 && (text[4] == '.' || text[4] == '-') && text[7] == text[4])
    ok = read_digits (text, 4, &year) && read_digits (text + 5, 2, &month) &&
         read_digits (text + 8, 2, &day);
  else if (length == 6)
    ok = read_digits (text, 2, &year) && read_digits (text + 2, 2, &month) &&
         read_digits (text + 4, 2, &day) && ((year += 2000), TRUE);
  else
    ok = FALSE;

  if (!ok || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
teller_identity_is_expired (TellerIdentity *self,
                            GDateTime      *today)
{
  static const char * const end_fields[] = { "validEnd", "ValidEnd", "ExpiryDate" };
  g_autoptr(GDateTime) now = NULL;
  const char *end = NULL;
  GDate *end_date;
  GDate *today_date;
  gboolean expired;

  g_return_val_if_fail (TELLER_IS_IDENTITY (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (end_fields) && end == NULL; i++)
    end = teller_identity_get_field (self, end_fields[i]);
  if (end == NULL || strstr (end, "长期") != NULL)
    return FALSE;

  end_date = parse_date (end);
  if (end_date == NULL)
    return FALSE;

  if (today == NULL)
    today = now = g_date_time_new_now_local ();
  today_date = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (today),
                               (GDateMonth) g_date_time_get_month (today),
                               (GDateYear) g_date_time_get_year (today));
  /* The card is good through its last day. */
  expired = g_date_compare (end_date, today_date) < 0;
  g_date_free (end_date);
  g_date_free (today_date);
  return expired;
}

char *
teller_identity_format_date (const char *value)
{
  if (value == NULL)
    return NULL;
  if (strlen (value) == 8)
    {
      for (guint i = 0; i < 8; i++)
        if (!g_ascii_isdigit (value[i]))
          return g_strdup (value);
      return g_strdup_printf ("%.4s-%.2s-%.2s", value, value + 4, value + 6);
    }
  return g_strdup (value);
}

char *
teller_identity_dup_nation (TellerIdentity *self)
{
  const char *code;
  const char *name;

  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);

  code = teller_identity_get_field (self, "nationCode");
  if (code == NULL)
    code = teller_identity_get_field (self, "Nation");
  if (code == NULL)
    return NULL;

  /* A foreign resident's card carries a nationality (ISO 3166) code here. */
  if (teller_identity_get_kind (self) == TELLER_CARD_KIND_ID_CARD &&
      teller_identity_get_id_card_type (self) == TELLER_ID_CARD_TYPE_FOREIGN)
    return g_strdup (code);

  name = _teller_identity_nation_name (code);
  return g_strdup (name != NULL ? name : code);
}

char *
teller_identity_dup_sex (TellerIdentity *self)
{
  const char *text;
  const char *name;

  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);

  name = _teller_identity_sex_name (teller_identity_get_field (self, "sexCode"));
  if (name != NULL)
    return g_strdup (name);

  text = teller_identity_get_field (self, "sex");
  if (text == NULL)
    text = teller_identity_get_field (self, "Sex");
  /* A social-security card may carry the GB 2261.1 code as its sex. */
  name = _teller_identity_sex_name (text);
  return g_strdup (name != NULL ? name : text);
}
