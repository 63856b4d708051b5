/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "teller-base64.h"
#include "teller-card-reader-private.h"
#include "teller-error.h"

/*
 * The replies of chapter 4 (card=).  Every field the document lists is a JSON
 * string; one of another type makes the whole reply a bad response, because a
 * reader that garbles one field cannot be trusted with the others.  Members the
 * document does not list are ignored, empty strings mean "not on this card".
 * No message here ever quotes a value: they reach the operator and the logs.
 */

/* 4.1 IDCardInfo's text members, and what NOTES.md adds (strIDUID). */
static const char * const id_card_text[] = {
  "name", "sex", "birthday", "address", "cardID", "issueOrgan", "validStart", "validEnd",
  "sexCode", "nationCode", "appendMsg", "passportId", "signCount", "nameEn", "cardVersion",
  "admissibleInstitution", "strIDUID", NULL
};

/* 4.1 IDCardInfo's base64 members, and the card images NOTES.md adds. */
static const char * const id_card_binary[] = {
  "photoBase64", "fingerBase64", "photoBase64_Z", "photoBase64_F", NULL
};

/* NOTES.md: some service builds put these beside IDCardInfo rather than in it. */
static const char * const id_card_top_level[] = {
  "photoBase64_Z", "photoBase64_F", "strIDUID", NULL
};

/* 4.3 SocialCardInfo */
static const char * const social_text[] = {
  "SocialSecurityNumber", "CardNumber", "Name", "Sex", "Nation", "Birthday", "Birthplace",
  "CardDistinguishCode", "SocialSecurityCardType", "CardNormVer", "VisaInstitution",
  "ValidStart", "ValidEnd", NULL
};

/* 4.4 ICCardInfo */
static const char * const ic_text[] = {
  "CardNumber", "AccountNumber", "Name", "CertificatesType", "CertificatesNo", "Track1",
  "Track2", "Track3", "Balance", "BalanceLimit", "EffectiveDate", "SerialNumber",
  "CurrencyCode", "PinRetryTime", "ExpiryDate", "Atc", "NameExtend", "SingleTradingLimit",
  "ResetThreshold", "TransactionLimitNumber_I_N", "TransactionLimitNumber_I_C",
  "TradingLimitNumber", "TradingLimitNumber_Double", "TransactionAmountUpperLimit",
  "CurrencyConversionFactor", "TradingFloor", "TradingCeiling", "AppLock", "IcCardAID",
  "AuthorizedAmount", "OtherAmount", "TransactionCurrencyCode", "TransactionDate",
  "TransactionTime", "MerchantNumber", NULL
};

/* 4.7 MagCardInfo */
static const char * const magnetic_text[] = { "Track1", "Track2", "Track3", NULL };

typedef struct
{
  TellerCardKind       kind;
  const char          *path;
  const char          *info;
  const char * const  *text;
} CardFormat;

static const CardFormat formats[] = {
  { TELLER_CARD_KIND_ID_CARD, "card=idcard", "IDCardInfo", id_card_text },
  { TELLER_CARD_KIND_SOCIAL_SECURITY, "card=sociaseceritycard", "SocialCardInfo", social_text },
  { TELLER_CARD_KIND_IC, "card=iccard", "ICCardInfo", ic_text },
  { TELLER_CARD_KIND_MAGNETIC, "card=magcard", "MagCardInfo", magnetic_text },
};

static const CardFormat *
format_for_kind (TellerCardKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].kind == kind)
      return &formats[i];
  return NULL;
}

const char *
_teller_card_kind_path (TellerCardKind kind)
{
  const CardFormat *format = format_for_kind (kind);

  return format != NULL ? format->path : NULL;
}

static gboolean
not_text (GError **error)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The card reader sent a card whose fields are not text"));
  return FALSE;
}

static gboolean
no_card_data (GError **error)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The card reader answered without the card’s data"));
  return FALSE;
}

gboolean
_teller_card_get_text (JsonObject  *object,
                       const char  *member,
                       const char **out,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return not_text (error);

  if (*json_node_get_string (node) != '\0')
    *out = json_node_get_string (node);
  return TRUE;
}

gboolean
_teller_card_parse_base64 (JsonObject  *object,
                           const char  *member,
                           GBytes     **out,
                           GError     **error)
{
  g_autoptr(GBytes) decoded = NULL;
  const char *text;
  gpointer data;
  gsize size;

  *out = NULL;
  if (!_teller_card_get_text (object, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  decoded = teller_base64_decode_strict (text, NULL);
  if (decoded == NULL)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The service sent “%s” that is not base64"), member);
      return FALSE;
    }

  data = g_bytes_unref_to_data (g_steal_pointer (&decoded), &size);
  *out = teller_secure_bytes_new_take (data, size);
  return TRUE;
}

gboolean
_teller_card_bytes_are_image (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean ok;

  ok = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  /* Closed either way: a loader finalized open complains. */
  ok = gdk_pixbuf_loader_close (loader, NULL) && ok;
  return ok && gdk_pixbuf_loader_get_pixbuf (loader) != NULL;
}

static gboolean
is_listed (const char * const *names,
           const char         *name)
{
  return names != NULL && g_strv_contains (names, name);
}

/* The info object's text members, in the reply's order, into @identity; its
 * @binary_members (nullable) are only checked to be text, and read later. */
static gboolean
read_text_members (JsonObject          *info,
                   const char * const  *text_members,
                   const char * const  *binary_members,
                   TellerIdentity      *identity,
                   GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, info);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      const char *value;

      if (!is_listed (text_members, name) && !is_listed (binary_members, name))
        continue;
      if (!_teller_card_get_text (info, name, &value, error))
        return FALSE;
      if (value != NULL && is_listed (text_members, name))
        teller_identity_set_field (identity, name, value);
    }
  return TRUE;
}

static JsonObject *
get_info (JsonObject  *reply,
          const char  *member,
          GError     **error)
{
  JsonNode *node = json_object_get_member (reply, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      no_card_data (error);
      return NULL;
    }
  return json_node_get_object (node);
}

/* ---- 4.1 ID card ------------------------------------------------------- */

/* An image member of IDCardInfo, or of the reply beside it; NULL with no error
 * when it is absent, not base64 or not an image (then *@broken is set). */
static gboolean
read_card_image (JsonObject  *info,
                 JsonObject  *reply,
                 const char  *member,
                 gboolean     must_be_image,
                 GBytes     **out,
                 gboolean    *broken,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *where = info;
  const char *text;

  *out = NULL;
  if (!_teller_card_get_text (info, member, &text, error))
    return FALSE;
  if (text == NULL && is_listed (id_card_top_level, member))
    {
      where = reply;
      if (!_teller_card_get_text (reply, member, &text, error))
        return FALSE;
    }
  if (text == NULL)
    return TRUE;

  /* A damaged picture costs the operator the picture, not the whole card. */
  if (!_teller_card_parse_base64 (where, member, &bytes, &local_error) ||
      (must_be_image && !_teller_card_bytes_are_image (bytes)))
    {
      *broken = TRUE;
      return TRUE;
    }
  *out = g_steal_pointer (&bytes);
  return TRUE;
}

static gboolean
read_id_card_images (JsonObject      *info,
                     JsonObject      *reply,
                     TellerIdentity  *identity,
                     GError         **error)
{
  GBytes *photo, *front, *back, *finger;
  gboolean photo_broken = FALSE, sides_broken = FALSE, finger_broken = FALSE;
  const char *warning = NULL;

  if (!read_card_image (info, reply, "photoBase64", TRUE, &photo, &photo_broken, error))
    return FALSE;
  teller_identity_take_photo (identity, photo);
  if (!read_card_image (info, reply, "photoBase64_Z", TRUE, &front, &sides_broken, error))
    return FALSE;
  teller_identity_take_front (identity, front);
  if (!read_card_image (info, reply, "photoBase64_F", TRUE, &back, &sides_broken, error))
    return FALSE;
  teller_identity_take_back (identity, back);
  if (!read_card_image (info, reply, "fingerBase64", FALSE, &finger, &finger_broken, error))
    return FALSE;
  teller_identity_take_card_finger (identity, finger);

  if (photo_broken)
    warning = _("The card’s photo is not an image; the rest of the card was read");
  else if (sides_broken)
    warning = _("The card’s front or back image is not an image; "
                "the rest of the card was read");
  else if (finger_broken)
    warning = _("The card’s fingerprint data is damaged; the rest of the card was read");
  teller_identity_set_warning (identity, warning);
  return TRUE;
}

static TellerIdentity *
parse_id_card (JsonObject  *reply,
               GError     **error)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  const char *card_type;
  const char *value;
  JsonObject *info;

  if (!_teller_card_get_text (reply, "cardType", &card_type, error))
    return NULL;
  info = get_info (reply, "IDCardInfo", error);
  if (info == NULL || !read_text_members (info, id_card_text, id_card_binary, identity, error))
    return NULL;

  /* Found beside IDCardInfo by some builds (NOTES.md). */
  if (teller_identity_get_field (identity, "strIDUID") == NULL)
    {
      if (!_teller_card_get_text (reply, "strIDUID", &value, error))
        return NULL;
      if (value != NULL)
        teller_identity_set_field (identity, "strIDUID", value);
    }

  if (teller_identity_get_field (identity, "name") == NULL ||
      teller_identity_get_field (identity, "cardID") == NULL)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The card reader sent an ID card without a name or number"));
      return NULL;
    }

  if (!read_id_card_images (info, reply, identity, error))
    return NULL;

  teller_identity_set_card (identity, TELLER_CARD_KIND_ID_CARD,
                            teller_id_card_type_from_letter (card_type));
  return g_steal_pointer (&identity);
}

/* ---- 4.3, 4.4, 4.7: cards that are text only --------------------------- */

static TellerIdentity *
parse_text_card (const CardFormat  *format,
                 JsonObject        *reply,
                 GError           **error)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  g_auto(GStrv) names = NULL;
  JsonObject *info;

  info = get_info (reply, format->info, error);
  if (info == NULL || !read_text_members (info, format->text, NULL, identity, error))
    return NULL;

  /* An info object with nothing the document lists in it is no card at all. */
  names = teller_identity_dup_field_names (identity);
  if (names[0] == NULL)
    {
      no_card_data (error);
      return NULL;
    }

  teller_identity_set_card (identity, format->kind, TELLER_ID_CARD_TYPE_UNKNOWN);
  return g_steal_pointer (&identity);
}

TellerIdentity *
_teller_card_parse (TellerCardKind   kind,
                    JsonObject      *reply,
                    GError         **error)
{
  const CardFormat *format = format_for_kind (kind);

  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (reply != NULL, NULL);

  if (kind == TELLER_CARD_KIND_ID_CARD)
    return parse_id_card (reply, error);
  return parse_text_card (format, reply, error);
}

/* ---- 4.2, and what chapters 7 and 8 share ------------------------------ */

char *
_teller_card_parse_sam_id (JsonObject  *reply,
                           GError     **error)
{
  const char *sam_id;

  if (!_teller_card_get_text (reply, "samID", &sam_id, NULL) || sam_id == NULL)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The card reader did not send the ID card module’s number"));
      return NULL;
    }
  return g_strdup (sam_id);
}

static gboolean
read_score (JsonNode *node,
            double   *value)
{
  const char *text;
  char *end = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      if (!g_ascii_isdigit (*text))
        return FALSE;
      *value = g_ascii_strtod (text, &end);
      return end != NULL && *end == '\0';
    default:
      return FALSE;
    }
}

gboolean
_teller_card_parse_confidence (JsonObject  *object,
                               int         *confidence,
                               GError     **error)
{
  JsonNode *node = json_object_get_member (object, "confidence");
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The service answered without a similarity score"));
      return FALSE;
    }
  if (!read_score (node, &value) || !isfinite (value) || value < 0 || value > 100)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The service sent a similarity score that is not a number from 0 to 100"));
      return FALSE;
    }

  /* The document says "a value from 0 to 100"; some builds send decimals. */
  *confidence = (int) (value + 0.5);
  return TRUE;
}

gpointer
_teller_card_confidence_parse (JsonObject  *reply,
                               gpointer     data,
                               GError     **error)
{
  int confidence;

  if (!_teller_card_parse_confidence (reply, &confidence, error))
    return NULL;
  /* Offset by one so a score of 0 is not the NULL of a failure. */
  return GINT_TO_POINTER (confidence + 1);
}
