/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-identity-card-view.h"
#include "teller-identity-face-check.h"
#include "teller-identity-finger-check.h"
#include "teller-services.h"

G_BEGIN_DECLS

#define TELLER_TYPE_IDENTITY_PANE (teller_identity_pane_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityPane, teller_identity_pane, TELLER, IDENTITY_PANE, GtkWidget)

/*
 * The Identity pane (issue 4): reads the customer's card into the transaction's
 * TellerIdentity and shows it like the card (TellerIdentityCardView), verifies the
 * person (TellerIdentityFaceCheck) and the fingerprint (TellerIdentityFingerCheck),
 * and adds an ID card copy to the transaction.  It shows the identity and holds no
 * copy of it: when the identity is wiped, every widget empties.
 */
TellerServices            *teller_identity_pane_get_services      (TellerIdentityPane *self);
void                       teller_identity_pane_set_services      (TellerIdentityPane *self,
                                                                   TellerServices     *services);
TellerIdentity            *teller_identity_pane_get_identity      (TellerIdentityPane *self);
gboolean                   teller_identity_pane_get_reading       (TellerIdentityPane *self);
gboolean                   teller_identity_pane_get_copying       (TellerIdentityPane *self);

/* For tests. */
TellerIdentityCardView    *teller_identity_pane_get_card_view     (TellerIdentityPane *self);
TellerIdentityFaceCheck   *teller_identity_pane_get_face_check    (TellerIdentityPane *self);
TellerIdentityFingerCheck *teller_identity_pane_get_finger_check  (TellerIdentityPane *self);
/* "empty" or "card" */
const char                *teller_identity_pane_get_visible_page  (TellerIdentityPane *self);
/* The error on show above the card ("title\ndetail"), or NULL. */
char                      *teller_identity_pane_dup_banner_text   (TellerIdentityPane *self);
GtkPopover                *teller_identity_pane_get_copy_popover  (TellerIdentityPane *self);
GtkEditable               *teller_identity_pane_get_watermark_entry (TellerIdentityPane *self);

G_END_DECLS
