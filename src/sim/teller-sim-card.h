/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-server.h"

G_BEGIN_DECLS

/*
 * The card reader, face and fingerprint devices of CameraService chapters 4, 7, 8
 * (card=, face=, fp=), on the camera's server.
 *
 * It holds a few synthetic cards (made-up people, valid check digits, generated
 * photos) and answers "no card" until one is placed.  Card names:
 *   "mainland"          cardType "B", valid until 2036
 *   "mainland-finger"   cardType "C", with fingerprint data
 *   "mainland-expired"  cardType "B", validEnd in the past
 *   "hmt"               cardType "J" (passportId, signCount)
 *   "foreign"           cardType "I" (nameEn, cardVersion, admissibleInstitution)
 *   "social"            a social-security card (card=sociaseceritycard)
 *   "ic"                an IC (bank) card, every field of 4.4 (card=iccard)
 *   "magnetic"          a magnetic stripe card, swiped (card=magcard)
 *
 * Control route POST /__sim/card with any of these members:
 *   {"place": NAME}          lays a card on the reader (replaces the one there)
 *   {"remove": true}         takes it away
 *   {"plugged": false}       unplugs the reader (every card= call fails; true: back)
 *   {"pull_next_read": true} the next read fails as a card pulled mid-read would
 *   {"photo": "garbage"}     the ID cards' photoBase64 becomes base64 of non-image bytes
 *                            ("normal" restores)
 *   {"face_score": N}        confidence of face=verifyidcard/verifybase64 (default 91)
 *   {"finger_score": N}      confidence of fp=verify (default 88)
 *   {"liveness": "live" | "not_live" | "never"}   how the next checks end (default live;
 *                            "never" keeps islive at "1" forever)
 *   {"liveness_ms": N}       how long a check runs before it ends (default 1500)
 *   {"finger": true|false}   a finger on the fingerprint reader (default true)
 *   {"reset": true}          everything back to the defaults above, no card placed
 * It answers {"card": NAME or "", ...the current settings}.
 */

#define TELLER_TYPE_SIM_CARD_READER (teller_sim_card_reader_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimCardReader, teller_sim_card_reader, TELLER, SIM_CARD_READER, GObject)

/* Registers the card=, face= and fp= routes and /__sim/card on @server. */
TellerSimCardReader *teller_sim_card_reader_new          (TellerSimServer     *server);

/* The names above, NULL-terminated. */
const char * const  *teller_sim_card_reader_list_cards   (void);
/* FALSE for an unknown name. */
gboolean             teller_sim_card_reader_place        (TellerSimCardReader *self,
                                                          const char          *name);
void                 teller_sim_card_reader_remove       (TellerSimCardReader *self);
const char          *teller_sim_card_reader_get_placed   (TellerSimCardReader *self);
void                 teller_sim_card_reader_set_plugged  (TellerSimCardReader *self,
                                                          gboolean             plugged);
void                 teller_sim_card_reader_set_face_score   (TellerSimCardReader *self,
                                                              guint                score);
void                 teller_sim_card_reader_set_finger_score (TellerSimCardReader *self,
                                                              guint                score);
/* "live", "not_live" or "never"; FALSE for anything else. */
gboolean             teller_sim_card_reader_set_liveness (TellerSimCardReader *self,
                                                          const char          *outcome,
                                                          guint                duration_ms);
void                 teller_sim_card_reader_reset        (TellerSimCardReader *self);

/*
 * A synthetic card's value, as its reply carries it: teller_sim_card_reader_
 * dup_card_value ("mainland", "cardID").  For tests that check a value never shows
 * up where it must not (logs).  NULL when the card has no such field.
 */
char                *teller_sim_card_reader_dup_card_value (const char *card,
                                                            const char *field);

G_END_DECLS
