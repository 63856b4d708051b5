/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shared by the Identity pane's widgets. */

/* The picture in @bytes (any format GTK or gdk-pixbuf reads), or NULL when it is
 * not one.  Card photos and fingerprints are small: decoded where called. */
GdkTexture *teller_identity_texture_new         (GBytes       *bytes);

/*
 * What went wrong with a card reader, face or fingerprint call, in words for the
 * operator: the kind of failure, then the device's own reason where it gave one.
 * Never any card value: replies' values do not reach GErrors (teller-card-reader.h).
 */
char       *teller_identity_describe_error      (const GError *error);
/* "@what: " and teller_identity_describe_error(), for a check's status line. */
char       *teller_identity_describe_failure    (const char   *what,
                                                 const GError *error);

typedef enum
{
  TELLER_VERDICT_FACE,
  TELLER_VERDICT_FINGER,
} TellerVerdictKind;

/* "Same person: 91 ≥ 80", "Not the same person: 42 < 80" and the fingerprint's
 * counterparts: the score against the threshold, in words.  Sets @passed. */
char       *teller_identity_format_verdict      (TellerVerdictKind  kind,
                                                 int                score,
                                                 int                threshold,
                                                 gboolean          *passed);

/* The app's GSettings, or NULL where the schema is not installed. */
GSettings  *teller_identity_settings_new        (void);

/* Adds @css_class to @widget when @on, removes it otherwise. */
void        teller_identity_set_css_class       (GtkWidget    *widget,
                                                 const char   *css_class,
                                                 gboolean      on);

G_END_DECLS
