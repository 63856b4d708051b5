/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>

#include "teller-card-reader.h"
#include "teller-sim.h"

G_BEGIN_DECLS

/* The simulator fixture (test-identity-calls.c), shared by the sim, bio and
 * privacy suites: an in-process simulator and a TellerCardReader on it. */

#define CALL_TIMEOUT_MS 5000
#define WAIT_MS 30000

typedef struct
{
  TellerSim           *sim;
  TellerSimServer     *server;
  TellerSimCardReader *card;    /* the simulator's reader */
  TellerJsonClient    *client;
  TellerCardReader    *reader;  /* ours */
} IdentitySimFixture;

extern IdentitySimFixture ifx;

void               identity_sim_setup    (void);
void               identity_sim_teardown (void);

/* POSTs @json to the simulator's control route /__sim/card. */
void               sim_control           (const char            *json);
guint              sim_requests          (const char            *route);
/* A fault on @route ("card=idcard", "malformed"). */
void               sim_fault             (const char            *route,
                                          const char            *spec);
/* @field of the simulator's card @card. */
char              *sim_value             (const char            *card,
                                          const char            *field);

/* The calls, each waited for on the main context. */
TellerIdentity    *call_read             (TellerCardKind         kind,
                                          GError               **error);
char              *call_sam_id           (GError               **error);
gboolean           call_open             (gboolean               open,
                                          GError               **error);
TellerFaceMatch   *call_verify_id        (guint                  camidx,
                                          gboolean               multi_face,
                                          GError               **error);
gboolean           call_compare_faces    (GBytes                *face0,
                                          GBytes                *face1,
                                          int                   *confidence,
                                          GError               **error);
TellerLiveness    *call_liveness         (TellerLivenessMode     mode,
                                          guint                  time_s,
                                          gboolean               cut_face,
                                          GError               **error);
TellerFingerprint *call_read_finger      (TellerFingerprintType  type,
                                          GError               **error);
gboolean           call_verify_finger    (TellerFingerprintType  type,
                                          GBytes                *first,
                                          GBytes                *second,
                                          int                   *confidence,
                                          GError               **error);

/* TELLER_ERROR @kind with the vendor's @code (NULL: any). */
void               assert_vendor_error   (const GError          *error,
                                          int                    kind,
                                          const char            *code);
gboolean           bytes_are_image       (GBytes                *bytes);

G_END_DECLS
