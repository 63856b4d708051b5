/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * TellerIdentity: the customer's identity data, in memory only.
 *
 * One object per transaction (teller_transaction_get_identity()) holds whatever the
 * counter learned about the customer: the card last read (any kind), its photo and
 * fingerprint template, the card's front/back images, the live face and the scores
 * of the face and fingerprint checks.  Nothing of it is written to disk or logged.
 *
 * It is wiped (every buffer zeroed, then freed; "empty" becomes TRUE and
 * "changed" is emitted) by teller_identity_wipe(): when the transaction finishes,
 * when another card is read (teller_identity_replace()), and when nobody touched it
 * for "idle-timeout-ms".
 */

typedef enum
{
  TELLER_CARD_KIND_NONE,
  TELLER_CARD_KIND_ID_CARD,          /* card=idcard, any cardType */
  TELLER_CARD_KIND_SOCIAL_SECURITY,  /* card=sociaseceritycard */
  TELLER_CARD_KIND_IC,               /* card=iccard */
  TELLER_CARD_KIND_MAGNETIC,         /* card=magcard */
} TellerCardKind;

#define TELLER_TYPE_CARD_KIND (teller_card_kind_get_type ())
GType teller_card_kind_get_type (void);

/* The ID card's cardType letter (chapter 4.1). */
typedef enum
{
  TELLER_ID_CARD_TYPE_UNKNOWN,         /* "A", or a letter the document does not name */
  TELLER_ID_CARD_TYPE_MAINLAND,        /* "B": mainland card without fingerprint */
  TELLER_ID_CARD_TYPE_MAINLAND_FINGER, /* "C": mainland card with fingerprint */
  TELLER_ID_CARD_TYPE_HMT,             /* "J": Hong Kong/Macau/Taiwan residence permit */
  TELLER_ID_CARD_TYPE_FOREIGN,         /* "I": foreign permanent resident card */
} TellerIdCardType;

#define TELLER_TYPE_ID_CARD_TYPE (teller_id_card_type_get_type ())
GType teller_id_card_type_get_type (void);

TellerIdCardType teller_id_card_type_from_letter (const char *letter);

#define TELLER_TYPE_IDENTITY (teller_identity_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentity, teller_identity, TELLER, IDENTITY, GObject)

TellerIdentity   *teller_identity_new             (void);

/* Properties "kind", "id-card-type", "empty", "idle-timeout-ms"; signal "changed"
 * after anything is set or wiped. */
TellerCardKind    teller_identity_get_kind        (TellerIdentity *self);
TellerIdCardType  teller_identity_get_id_card_type (TellerIdentity *self);
gboolean          teller_identity_get_empty       (TellerIdentity *self);

/*
 * Card fields by the vendor's member name, as chapter 4 spells them: "name",
 * "cardID", "validEnd", "passportId", ... for an ID card; "SocialSecurityNumber",
 * "CardNumber", ... for a social-security card; the ICCardInfo names for an IC card;
 * "Track1".."Track3" for a magnetic card.  %NULL when the card did not carry it.
 * The string is the identity's: valid until the next change or wipe.
 */
const char       *teller_identity_get_field       (TellerIdentity *self,
                                                   const char     *name);
/* The names of the fields present, in the order the reply listed them. */
GStrv             teller_identity_dup_field_names (TellerIdentity *self);

/* Sets a field (or removes it when @value is NULL).  For the reader's parser. */
void              teller_identity_set_field       (TellerIdentity *self,
                                                   const char     *name,
                                                   const char     *value);
void              teller_identity_set_card        (TellerIdentity   *self,
                                                   TellerCardKind    kind,
                                                   TellerIdCardType  id_card_type);

/* The person's number on this card: cardID (ID card), SocialSecurityNumber,
 * CardNumber (IC, or the magnetic card's primary account number from Track2). */
const char       *teller_identity_get_number      (TellerIdentity *self);
/* The number with all but the first 6 and last 4 characters replaced by '*'
 * ("110101********1234"); numbers of 10 or fewer characters keep only the last 4. */
char             *teller_identity_dup_masked_number (TellerIdentity *self);
char             *teller_identity_mask_number     (const char     *number);

/* validEnd (ValidEnd, ExpiryDate) before @today; "长期" (no end) never expires.
 * %FALSE when there is no end date or it cannot be read. */
gboolean          teller_identity_is_expired      (TellerIdentity *self,
                                                   GDateTime      *today);
/* "YYYYMMDD" as "YYYY-MM-DD"; other text unchanged; %NULL for %NULL. */
char             *teller_identity_format_date     (const char     *value);
/* The nation or ethnic group (GB 3304) of a mainland card's nationCode, translated;
 * for a foreign card the nationality code as is. */
char             *teller_identity_dup_nation      (TellerIdentity *self);
/* "Male"/"Female" from sexCode (GB 2261.1), translated; else the card's sex text. */
char             *teller_identity_dup_sex         (TellerIdentity *self);

/*
 * Images and templates.  Every setter takes its data (the identity zeroes it on
 * wipe); getters return the identity's reference, %NULL when absent.
 *   photo          the card's face photo (photoBase64), only when it decodes as an image
 *   front, back    the card's images (photoBase64_Z, photoBase64_F)
 *   card_finger    the card's fingerprint template (fingerBase64)
 *   live_face      the face from the liveness check or the face camera
 *   read_finger    the fingerprint read at the counter (its feature template)
 *   read_finger_image  its picture (bmp or png), for the screen only
 */
GBytes           *teller_identity_get_photo       (TellerIdentity *self);
GBytes           *teller_identity_get_front       (TellerIdentity *self);
GBytes           *teller_identity_get_back        (TellerIdentity *self);
GBytes           *teller_identity_get_card_finger (TellerIdentity *self);
GBytes           *teller_identity_get_live_face   (TellerIdentity *self);
GBytes           *teller_identity_get_read_finger (TellerIdentity *self);
GBytes           *teller_identity_get_read_finger_image (TellerIdentity *self);
void              teller_identity_take_photo      (TellerIdentity *self, GBytes *photo);
void              teller_identity_take_front      (TellerIdentity *self, GBytes *front);
void              teller_identity_take_back       (TellerIdentity *self, GBytes *back);
void              teller_identity_take_card_finger (TellerIdentity *self, GBytes *finger);
void              teller_identity_take_live_face  (TellerIdentity *self, GBytes *face);
void              teller_identity_take_read_finger (TellerIdentity *self,
                                                   GBytes         *feature,
                                                   GBytes         *image);

/* What the card carried that could not be used, for the operator ("The card's
 * photo is not an image"); %NULL when nothing. */
const char       *teller_identity_get_warning     (TellerIdentity *self);
void              teller_identity_set_warning     (TellerIdentity *self,
                                                   const char     *warning);

/* Check scores, 0-100; -1 when not checked yet. */
int               teller_identity_get_face_score  (TellerIdentity *self);
void              teller_identity_set_face_score  (TellerIdentity *self, int score);
int               teller_identity_get_finger_score (TellerIdentity *self);
void              teller_identity_set_finger_score (TellerIdentity *self, int score);

/* Moves everything of @source into @self (wiping what @self held first) and leaves
 * @source empty.  A card read goes into a fresh object and lands here only once
 * complete, so a failed or cancelled read never leaves half a customer. */
void              teller_identity_replace         (TellerIdentity *self,
                                                   TellerIdentity *source);
void              teller_identity_wipe            (TellerIdentity *self);

/* Wipes after @timeout_ms without teller_identity_touch() or a change; 0 never. */
guint             teller_identity_get_idle_timeout_ms (TellerIdentity *self);
void              teller_identity_set_idle_timeout_ms (TellerIdentity *self,
                                                       guint           timeout_ms);
void              teller_identity_touch           (TellerIdentity *self);

/* Zeroes @size bytes at @data in a way the compiler cannot drop. */
void              teller_secure_zero              (gpointer        data,
                                                   gsize           size);
/* A GBytes over a copy of @data that is zeroed when the last reference goes. */
GBytes           *teller_secure_bytes_new         (gconstpointer   data,
                                                   gsize           size);
/* Takes @data (g_malloc'd): the GBytes zeroes and frees it at the end. */
GBytes           *teller_secure_bytes_new_take    (gpointer        data,
                                                   gsize           size);

G_END_DECLS
