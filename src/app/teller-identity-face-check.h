/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-card-reader.h"
#include "teller-identity.h"

G_BEGIN_DECLS

/* The face camera pair the check uses: the document's camidx "1". */
#define TELLER_FACE_CHECK_CAMIDX 1

#define TELLER_TYPE_IDENTITY_FACE_CHECK (teller_identity_face_check_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityFaceCheck, teller_identity_face_check,
                      TELLER, IDENTITY_FACE_CHECK, GtkWidget)

/*
 * "Verify person": a liveness check (polling, its progress shown), then the face
 * camera against the photo of the ID card on the reader (face=verifyidcard).  The
 * live face and the score go into the identity; the verdict is the score against
 * "threshold" in words.  A check is cancelled when the identity is wiped, so no
 * result of one customer lands on the next.
 */
void              teller_identity_face_check_set_identity    (TellerIdentityFaceCheck *self,
                                                              TellerIdentity          *identity);
void              teller_identity_face_check_set_card_reader (TellerIdentityFaceCheck *self,
                                                              TellerCardReader        *reader);
/* "face.verify" and "face.cancel" */
void              teller_identity_face_check_start           (TellerIdentityFaceCheck *self);
void              teller_identity_face_check_cancel          (TellerIdentityFaceCheck *self);
gboolean          teller_identity_face_check_get_running     (TellerIdentityFaceCheck *self);
guint             teller_identity_face_check_get_threshold   (TellerIdentityFaceCheck *self);
void              teller_identity_face_check_set_threshold   (TellerIdentityFaceCheck *self,
                                                              guint                    threshold);

/* For tests. */
const char       *teller_identity_face_check_get_verdict     (TellerIdentityFaceCheck *self);
const char       *teller_identity_face_check_get_status      (TellerIdentityFaceCheck *self);
gboolean          teller_identity_face_check_get_live_shown  (TellerIdentityFaceCheck *self);

G_END_DECLS
