/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-document.h"

G_BEGIN_DECLS

#define TELLER_DOCUMENT_TILE_SIZE 160

#define TELLER_TYPE_DOCUMENT_TILE (teller_document_tile_get_type ())
G_DECLARE_FINAL_TYPE (TellerDocumentTile, teller_document_tile, TELLER, DOCUMENT_TILE, GtkWidget)

GtkWidget      *teller_document_tile_new           (void);
TellerDocument *teller_document_tile_get_document  (TellerDocumentTile *self);
void            teller_document_tile_set_document  (TellerDocumentTile *self,
                                                    TellerDocument     *document);
/* The rendered thumbnail, or NULL while rendering, on failure, or for other files. */
GdkPaintable   *teller_document_tile_get_thumbnail (TellerDocumentTile *self);

G_END_DECLS
