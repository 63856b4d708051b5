/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-identity-private.h"

/*
 * GB 3304 (names and codes of China's ethnic groups), as a mainland ID card's
 * nationCode carries it: two digits, "01" to "56", plus "97" (other) and "98"
 * (a Chinese citizen of foreign origin).  The English names are the romanizations
 * the standard itself gives.  The msgids carry the context "ethnic group" so they
 * never share a translation with a language or a country of the same English name.
 */
typedef struct
{
  const char *code;
  const char *name;
} CodeName;

static const CodeName nations[] = {
  { "01", NC_("ethnic group", "Han") },
  { "02", NC_("ethnic group", "Mongol") },
  { "03", NC_("ethnic group", "Hui") },
  { "04", NC_("ethnic group", "Tibetan") },
  { "05", NC_("ethnic group", "Uygur") },
  { "06", NC_("ethnic group", "Miao") },
  { "07", NC_("ethnic group", "Yi") },
  { "08", NC_("ethnic group", "Zhuang") },
  { "09", NC_("ethnic group", "Buyei") },
  { "10", NC_("ethnic group", "Korean") },
  { "11", NC_("ethnic group", "Manchu") },
  { "12", NC_("ethnic group", "Dong") },
  { "13", NC_("ethnic group", "Yao") },
  { "14", NC_("ethnic group", "Bai") },
  { "15", NC_("ethnic group", "Tujia") },
  { "16", NC_("ethnic group", "Hani") },
  { "17", NC_("ethnic group", "Kazak") },
  { "18", NC_("ethnic group", "Dai") },
  { "19", NC_("ethnic group", "Li") },
  { "20", NC_("ethnic group", "Lisu") },
  { "21", NC_("ethnic group", "Va") },
  { "22", NC_("ethnic group", "She") },
  { "23", NC_("ethnic group", "Gaoshan") },
  { "24", NC_("ethnic group", "Lahu") },
  { "25", NC_("ethnic group", "Sui") },
  { "26", NC_("ethnic group", "Dongxiang") },
  { "27", NC_("ethnic group", "Naxi") },
  { "28", NC_("ethnic group", "Jingpo") },
  { "29", NC_("ethnic group", "Kirgiz") },
  { "30", NC_("ethnic group", "Tu") },
  { "31", NC_("ethnic group", "Daur") },
  { "32", NC_("ethnic group", "Mulam") },
  { "33", NC_("ethnic group", "Qiang") },
  { "34", NC_("ethnic group", "Blang") },
  { "35", NC_("ethnic group", "Salar") },
  { "36", NC_("ethnic group", "Maonan") },
  { "37", NC_("ethnic group", "Gelao") },
  { "38", NC_("ethnic group", "Xibe") },
  { "39", NC_("ethnic group", "Achang") },
  { "40", NC_("ethnic group", "Pumi") },
  { "41", NC_("ethnic group", "Tajik") },
  { "42", NC_("ethnic group", "Nu") },
  { "43", NC_("ethnic group", "Uzbek") },
  { "44", NC_("ethnic group", "Russian") },
  { "45", NC_("ethnic group", "Ewenki") },
  { "46", NC_("ethnic group", "Deang") },
  { "47", NC_("ethnic group", "Bonan") },
  { "48", NC_("ethnic group", "Yugur") },
  { "49", NC_("ethnic group", "Gin") },
  { "50", NC_("ethnic group", "Tatar") },
  { "51", NC_("ethnic group", "Derung") },
  { "52", NC_("ethnic group", "Oroqen") },
  { "53", NC_("ethnic group", "Hezhen") },
  { "54", NC_("ethnic group", "Monba") },
  { "55", NC_("ethnic group", "Lhoba") },
  { "56", NC_("ethnic group", "Jino") },
  { "97", NC_("ethnic group", "Other") },
  { "98", NC_("ethnic group", "Of foreign origin") },
};

/* GB 2261.1: 0 not known, 1 male, 2 female, 9 not stated. */
static const CodeName sexes[] = {
  { "0", NC_("sex", "Unknown") },
  { "1", NC_("sex", "Male") },
  { "2", NC_("sex", "Female") },
  { "9", NC_("sex", "Unspecified") },
};

static const char *
lookup (const CodeName *table,
        gsize           n_entries,
        const char     *code,
        const char     *context)
{
  for (gsize i = 0; i < n_entries; i++)
    if (strcmp (table[i].code, code) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, context, table[i].name);
  return NULL;
}

const char *
_teller_identity_nation_name (const char *code)
{
  char padded[3];

  if (code == NULL)
    return NULL;

  /* Some readers drop the leading zero: "1" is "01". */
  if (g_ascii_isdigit (code[0]) && code[1] == '\0')
    {
      padded[0] = '0';
      padded[1] = code[0];
      padded[2] = '\0';
      code = padded;
    }

  return lookup (nations, G_N_ELEMENTS (nations), code, "ethnic group");
}

const char *
_teller_identity_sex_name (const char *code)
{
  if (code == NULL)
    return NULL;
  return lookup (sexes, G_N_ELEMENTS (sexes), code, "sex");
}
