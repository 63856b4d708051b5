/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-identity.h"
#include "teller-identity-reveal-button.h"

G_BEGIN_DECLS

#define TELLER_TYPE_IDENTITY_CARD_VIEW (teller_identity_card_view_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityCardView, teller_identity_card_view,
                      TELLER, IDENTITY_CARD_VIEW, GtkWidget)

/*
 * Shows the card held by a TellerIdentity the way the card itself looks: photo,
 * name, sex, nation, birth date, address, number (masked until the eye button is
 * held), issuer and validity (flagged when expired), and the fields of the other
 * card kinds in a list.  It keeps nothing of its own: every "changed" of the
 * identity redraws it from the identity, so a wipe empties every label and picture.
 */
TellerIdentity             *teller_identity_card_view_get_identity      (TellerIdentityCardView *self);
void                        teller_identity_card_view_set_identity      (TellerIdentityCardView *self,
                                                                         TellerIdentity         *identity);

/* For tests: the text on show for "title", "name", "sex", "nation", "birth",
 * "address", "number", "issuer", "validity" or "warning". */
const char                 *teller_identity_card_view_get_text          (TellerIdentityCardView *self,
                                                                         const char             *what);
/* Every row of the field list, as "label: value" lines. */
char                       *teller_identity_card_view_dup_extra_text    (TellerIdentityCardView *self);
gboolean                    teller_identity_card_view_get_photo_shown   (TellerIdentityCardView *self);
gboolean                    teller_identity_card_view_get_expired_shown (TellerIdentityCardView *self);
TellerIdentityRevealButton *teller_identity_card_view_get_reveal_button (TellerIdentityCardView *self);

G_END_DECLS
