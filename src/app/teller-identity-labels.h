/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "teller-identity.h"

G_BEGIN_DECLS

/*
 * What the operator reads for a card's fields: the readable, translated label of
 * each member name of chapter 4 (4.1 ID card, 4.3 social-security card, 4.4 IC card,
 * 4.7 magnetic card), whether its value is a date, and whether it is a number to
 * mask on screen until revealed.
 */

typedef enum
{
  TELLER_FIELD_PLAIN     = 0,
  TELLER_FIELD_DATE      = 1 << 0, /* shown through teller_identity_format_date() */
  TELLER_FIELD_SENSITIVE = 1 << 1, /* masked until the operator holds the eye button */
} TellerFieldFlags;

/* The translated label of @name, or NULL for a member the document does not name. */
const char       *teller_identity_field_label  (TellerCardKind  kind,
                                                const char     *name);
TellerFieldFlags  teller_identity_field_flags  (TellerCardKind  kind,
                                                const char     *name);
/* The value of @name as shown: a date formatted, a sensitive number masked unless
 * @revealed; NULL when the card did not carry it. */
char             *teller_identity_dup_shown_field (TellerIdentity *identity,
                                                   const char     *name,
                                                   gboolean        revealed);
/* "Resident ID Card", "Social Security Card"...: what the card is, translated. */
const char       *teller_identity_card_title   (TellerIdentity *identity);

G_END_DECLS
