/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TELLER_TYPE_IDENTITY_PICTURE (teller_identity_picture_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdentityPicture, teller_identity_picture,
                      TELLER, IDENTITY_PICTURE, GtkWidget)

/*
 * A photo frame of a fixed size (its size request): the picture fills it, cropped
 * to the frame's shape ("cover") or whole inside it ("contain"), and a placeholder
 * icon stands in while there is none.  Unlike a GtkPicture, the picture's own
 * size never changes the frame's, so frames side by side stay alike.
 */
GtkWidget    *teller_identity_picture_new           (void);
GdkPaintable *teller_identity_picture_get_paintable (TellerIdentityPicture *self);
void          teller_identity_picture_set_paintable (TellerIdentityPicture *self,
                                                     GdkPaintable          *paintable);
/* Decodes @bytes (nullable) and shows them; FALSE (placeholder shown) when they are
 * not a picture. */
gboolean      teller_identity_picture_set_bytes     (TellerIdentityPicture *self,
                                                     GBytes                *bytes);

G_END_DECLS
