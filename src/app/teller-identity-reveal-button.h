/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TELLER_TYPE_IDENTITY_REVEAL_BUTTON (teller_identity_reveal_button_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityRevealButton, teller_identity_reveal_button,
                      TELLER, IDENTITY_REVEAL_BUTTON, GtkWidget)

/*
 * An eye button that is "revealed" only while it is held: pressed with the
 * pointer or a touch, or with Space or Return while it has the focus.  Letting go,
 * leaving with the focus, or the button going off screen hides again, so a number
 * never stays uncovered behind the operator's back.
 */
GtkWidget *teller_identity_reveal_button_new          (void);
gboolean   teller_identity_reveal_button_get_revealed (TellerIdentityRevealButton *self);
/* Ends a reveal now (the data shown changed, say). */
void       teller_identity_reveal_button_release      (TellerIdentityRevealButton *self);

G_END_DECLS
