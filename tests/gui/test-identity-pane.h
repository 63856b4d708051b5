/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "teller-application.h"
#include "teller-identity-pane.h"
#include "teller-identity-picture.h"
#include "teller-sim.h"
#include "teller-window.h"
#include "test-gui-util.h"

G_BEGIN_DECLS

/*
 * The Identity pane's GUI test, in three files: test-identity-pane.c (logs, card
 * reads, the run), test-identity-pane-checks.c (face and fingerprint checks, ID
 * card copy, wipes) and test-identity-pane-util.c (accessors and helpers).
 */

/* A quick liveness check keeps the test short. */
#define LIVENESS_MS   300
#define IDLE_WIPE_MS  100

typedef struct
{
  TestGuiHarness h;
  char          *tmpdir;
  guint          n_documents;
  gboolean       posted;       /* the last control request was answered */
  SoupSession   *session;
} Fixture;

/* test-identity-pane-util.c: accessors */
TellerIdentityPane        *pane           (Fixture    *f);
TellerIdentityCardView    *card_view      (Fixture    *f);
TellerIdentityFaceCheck   *face_check     (Fixture    *f);
TellerIdentityFingerCheck *finger_check   (Fixture    *f);
TellerIdentity            *identity       (Fixture    *f);
TellerTransaction         *transaction    (Fixture    *f);
TellerSimCardReader       *sim_reader     (Fixture    *f);
/* The text on show for @what (teller_identity_card_view_get_text()). */
const char                *shown          (Fixture    *f,
                                           const char *what);
char                      *card_value     (const char *card,
                                           const char *field);
/* First 6 and last 4 of @number, the rest '*'. */
char                      *expected_mask  (const char *number);

/* test-identity-pane-util.c: driving the pane */
void      read_card                (Fixture    *f,
                                    const char *target);
/* Phase 0 places @card (NULL: takes it away) and reads; TRUE once the read ended
 * and the window drew it. */
gboolean  place_and_read           (Fixture    *f,
                                    const char *card);
/* POST /__sim/card; f->posted turns TRUE on the answer. */
void      post_control             (Fixture    *f,
                                    const char *json);
/* Emits "pressed" or "released" on the reveal button's click gesture. */
void      emit_click               (Fixture    *f,
                                    const char *signal);
/* Space pressed (TRUE) or released on the reveal button. */
void      emit_key                 (Fixture    *f,
                                    gboolean    press);
/* NULL when every widget showing identity data is empty, else what is not. */
char     *check_cleared            (Fixture    *f);
void      scroll_to_checks         (Fixture    *f);
void      scroll_to_top            (Fixture    *f);
gboolean  screenshot               (Fixture    *f,
                                    const char *name);
/* Starts following @widget's drawings (see test-identity-pane-util.c). */
void      watch_drawings           (GtkWidget  *widget);
gboolean  screenshot_with_popover  (Fixture    *f,
                                    GtkWidget  *popover,
                                    const char *name);
void      free_watched_drawings    (void);

/* test-identity-pane-checks.c */
gboolean  step_read_for_checks        (Fixture *f);
gboolean  step_verify_pass            (Fixture *f);
gboolean  step_screenshot_verify_pass (Fixture *f);
gboolean  step_verify_fail            (Fixture *f);
gboolean  step_liveness_fail          (Fixture *f);
gboolean  step_wrong_card             (Fixture *f);
gboolean  step_fingerprint            (Fixture *f);
gboolean  step_no_finger_data         (Fixture *f);
gboolean  step_id_copy                (Fixture *f);
gboolean  step_id_copy_captured       (Fixture *f);
gboolean  step_finish                 (Fixture *f);
gboolean  step_idle_wipe              (Fixture *f);

G_END_DECLS
