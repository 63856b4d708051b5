/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-labels.h"

typedef struct
{
  const char       *name;
  const char       *label;
  TellerFieldFlags  flags;
} FieldLabel;

#define DATE      TELLER_FIELD_DATE
#define SENSITIVE TELLER_FIELD_SENSITIVE

/* 4.1 IDCardInfo */
static const FieldLabel id_card_fields[] = {
  { "name", N_("Name"), 0 },
  { "sex", N_("Sex"), 0 },
  { "birthday", N_("Date of birth"), DATE },
  { "address", N_("Address"), 0 },
  { "cardID", N_("ID number"), SENSITIVE },
  { "issueOrgan", N_("Issuing authority"), 0 },
  { "validStart", N_("Valid from"), DATE },
  { "validEnd", N_("Valid until"), DATE },
  { "nationCode", N_("Ethnic group"), 0 },
  { "appendMsg", N_("Additional information"), 0 },
  { "passportId", N_("Pass number"), SENSITIVE },
  { "signCount", N_("Times issued"), 0 },
  { "nameEn", N_("English name"), 0 },
  { "cardVersion", N_("Card version"), 0 },
  { "admissibleInstitution", N_("Accepting authority"), 0 },
};

/* 4.3 SocialCardInfo */
static const FieldLabel social_fields[] = {
  { "SocialSecurityNumber", N_("Social security number"), SENSITIVE },
  { "CardNumber", N_("Card number"), SENSITIVE },
  { "Name", N_("Name"), 0 },
  { "Sex", N_("Sex"), 0 },
  { "Nation", N_("Ethnic group"), 0 },
  { "Birthday", N_("Date of birth"), DATE },
  { "Birthplace", N_("Place of birth"), 0 },
  { "CardDistinguishCode", N_("Card identification code"), 0 },
  { "SocialSecurityCardType", N_("Card type"), 0 },
  { "CardNormVer", N_("Card version"), 0 },
  { "VisaInstitution", N_("Issuing authority"), 0 },
  { "ValidStart", N_("Valid from"), DATE },
  { "ValidEnd", N_("Valid until"), DATE },
};

/* 4.4 ICCardInfo (and 4.7 MagCardInfo, its tracks) */
static const FieldLabel ic_fields[] = {
  { "CardNumber", N_("Card number"), SENSITIVE },
  { "AccountNumber", N_("Account number"), SENSITIVE },
  { "Name", N_("Name"), 0 },
  { "CertificatesType", N_("ID document type"), 0 },
  { "CertificatesNo", N_("ID document number"), SENSITIVE },
  { "Track1", N_("Track 1"), SENSITIVE },
  { "Track2", N_("Track 2"), SENSITIVE },
  { "Track3", N_("Track 3"), SENSITIVE },
  { "Balance", N_("Balance"), 0 },
  { "BalanceLimit", N_("Balance limit"), 0 },
  { "EffectiveDate", N_("Effective date"), DATE },
  { "SerialNumber", N_("Card serial number"), 0 },
  { "CurrencyCode", N_("Application currency code"), 0 },
  { "PinRetryTime", N_("PIN tries left"), 0 },
  { "ExpiryDate", N_("Expiry date"), DATE },
  { "Atc", N_("Application transaction counter"), 0 },
  { "NameExtend", N_("Cardholder name extension"), 0 },
  { "SingleTradingLimit", N_("Single transaction limit"), 0 },
  { "ResetThreshold", N_("Reset threshold"), 0 },
  { "TransactionLimitNumber_I_N", N_("Transaction limit count (international, country)"), 0 },
  { "TransactionLimitNumber_I_C", N_("Transaction limit count (international, currency)"), 0 },
  { "TradingLimitNumber", N_("Transaction limit count (international currency)"), 0 },
  { "TradingLimitNumber_Double", N_("Transaction amount limit count (dual currency)"), 0 },
  { "TransactionAmountUpperLimit", N_("Transaction amount upper limit"), 0 },
  { "CurrencyConversionFactor", N_("Currency conversion factor"), 0 },
  { "TradingFloor", N_("Transaction floor limit"), 0 },
  { "TradingCeiling", N_("Transaction ceiling limit"), 0 },
  { "AppLock", N_("Application locked"), 0 },
  { "IcCardAID", N_("Application ID (AID)"), 0 },
  { "AuthorizedAmount", N_("Authorized amount"), 0 },
  { "OtherAmount", N_("Other amount"), 0 },
  { "TransactionCurrencyCode", N_("Transaction currency code"), 0 },
  { "TransactionDate", N_("Transaction date"), DATE },
  { "TransactionTime", N_("Transaction time"), 0 },
  { "MerchantNumber", N_("Merchant number"), 0 },
};

#undef DATE
#undef SENSITIVE

static const FieldLabel *
find_field (TellerCardKind  kind,
            const char     *name)
{
  const FieldLabel *table;
  gsize n;

  switch (kind)
    {
    case TELLER_CARD_KIND_ID_CARD:
      table = id_card_fields;
      n = G_N_ELEMENTS (id_card_fields);
      break;

    case TELLER_CARD_KIND_SOCIAL_SECURITY:
      table = social_fields;
      n = G_N_ELEMENTS (social_fields);
      break;

    case TELLER_CARD_KIND_IC:
    case TELLER_CARD_KIND_MAGNETIC:
      table = ic_fields;
      n = G_N_ELEMENTS (ic_fields);
      break;

    case TELLER_CARD_KIND_NONE:
    default:
      return NULL;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (g_strcmp0 (table[i].name, name) == 0)
        return &table[i];
    }

  return NULL;
}

const char *
teller_identity_field_label (TellerCardKind  kind,
                             const char     *name)
{
  const FieldLabel *field = find_field (kind, name);

  return field != NULL ? _(field->label) : NULL;
}

TellerFieldFlags
teller_identity_field_flags (TellerCardKind  kind,
                             const char     *name)
{
  const FieldLabel *field = find_field (kind, name);

  /* Whatever the document does not name might be anything: treat it as private. */
  return field != NULL ? field->flags : TELLER_FIELD_SENSITIVE;
}

char *
teller_identity_dup_shown_field (TellerIdentity *identity,
                                 const char     *name,
                                 gboolean        revealed)
{
  const char *value = teller_identity_get_field (identity, name);
  TellerFieldFlags flags;

  if (value == NULL)
    return NULL;

  flags = teller_identity_field_flags (teller_identity_get_kind (identity), name);
  if ((flags & TELLER_FIELD_SENSITIVE) != 0 && !revealed)
    return teller_identity_mask_number (value);
  if ((flags & TELLER_FIELD_DATE) != 0)
    return teller_identity_format_date (value);

  return g_strdup (value);
}

const char *
teller_identity_card_title (TellerIdentity *identity)
{
  switch (teller_identity_get_kind (identity))
    {
    case TELLER_CARD_KIND_ID_CARD:
      switch (teller_identity_get_id_card_type (identity))
        {
        case TELLER_ID_CARD_TYPE_MAINLAND:
        case TELLER_ID_CARD_TYPE_MAINLAND_FINGER:
          return _("Resident ID Card");

        case TELLER_ID_CARD_TYPE_HMT:
          return _("Residence Permit for Hong Kong, Macao and Taiwan Residents");

        case TELLER_ID_CARD_TYPE_FOREIGN:
          return _("Foreign Permanent Resident ID Card");

        case TELLER_ID_CARD_TYPE_UNKNOWN:
        default:
          return _("ID Card");
        }

    case TELLER_CARD_KIND_SOCIAL_SECURITY:
      return _("Social Security Card");

    case TELLER_CARD_KIND_IC:
      return _("IC Card");

    case TELLER_CARD_KIND_MAGNETIC:
      return _("Magnetic Stripe Card");

    case TELLER_CARD_KIND_NONE:
    default:
      return "";
    }
}
