/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-card-reader.h"
#include "teller-identity.h"

G_BEGIN_DECLS

#define TELLER_TYPE_IDENTITY_FINGER_CHECK (teller_identity_finger_check_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityFingerCheck, teller_identity_finger_check,
                      TELLER, IDENTITY_FINGER_CHECK, GtkWidget)

/*
 * Fingerprints (chapter 8): "Read Fingerprint" (fp=read, BMP: its picture on screen,
 * its template kept in the identity) and "Compare with Card" (fp=verify of the
 * card's template against the one read, or against a finger the reader takes now),
 * for mainland ID cards that carry fingerprint data.  The verdict is the score
 * against "threshold" in words.  A wipe of the identity cancels what runs.
 */
void        teller_identity_finger_check_set_identity    (TellerIdentityFingerCheck *self,
                                                          TellerIdentity            *identity);
void        teller_identity_finger_check_set_card_reader (TellerIdentityFingerCheck *self,
                                                          TellerCardReader          *reader);
/* "finger.read", "finger.compare", "finger.cancel" */
void        teller_identity_finger_check_read            (TellerIdentityFingerCheck *self);
void        teller_identity_finger_check_compare         (TellerIdentityFingerCheck *self);
void        teller_identity_finger_check_cancel          (TellerIdentityFingerCheck *self);
gboolean    teller_identity_finger_check_get_running     (TellerIdentityFingerCheck *self);
void        teller_identity_finger_check_set_threshold   (TellerIdentityFingerCheck *self,
                                                          guint                      threshold);

/* For tests. */
const char *teller_identity_finger_check_get_verdict     (TellerIdentityFingerCheck *self);
const char *teller_identity_finger_check_get_status      (TellerIdentityFingerCheck *self);
gboolean    teller_identity_finger_check_get_image_shown (TellerIdentityFingerCheck *self);

G_END_DECLS
