/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-identity-util.h"

G_BEGIN_DECLS

#define TELLER_TYPE_IDENTITY_VERDICT (teller_identity_verdict_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityVerdict, teller_identity_verdict,
                      TELLER, IDENTITY_VERDICT, GtkWidget)

/*
 * The result of a face or fingerprint check: the score as a bar, and under it the
 * verdict in words (teller_identity_format_verdict()) on a green or red pill.  The
 * widget carries the "passed" or "failed" style class; it is hidden while there is
 * no score.
 */
/* A @score below 0 clears and hides it. */
void        teller_identity_verdict_show     (TellerIdentityVerdict *self,
                                              TellerVerdictKind      kind,
                                              int                    score,
                                              int                    threshold);
/* The verdict in words, "" while there is none. */
const char *teller_identity_verdict_get_text (TellerIdentityVerdict *self);

G_END_DECLS
