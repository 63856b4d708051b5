/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-document.h"

G_BEGIN_DECLS

#define TELLER_TYPE_CROP_DIALOG (teller_crop_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TellerCropDialog, teller_crop_dialog, TELLER, CROP_DIALOG, GtkWindow)

/*
 * Shows @document's image with a rectangle the operator drags out, moves or
 * resizes.  Apply ("crop.apply") writes the cropped image over the file atomically,
 * emits the document's "changed" and closes; Cancel changes nothing.  A failure is
 * shown in the dialog, which stays open so the operator can try again.
 */
GtkWidget      *teller_crop_dialog_new           (GtkWindow        *parent,
                                                  TellerDocument   *document);
TellerDocument *teller_crop_dialog_get_document  (TellerCropDialog *self);

/* FALSE until the image is shown; the selection calls below need it loaded. */
gboolean        teller_crop_dialog_get_loaded    (TellerCropDialog *self);
void            teller_crop_dialog_get_image_size (TellerCropDialog *self,
                                                   int              *width,
                                                   int              *height);
/* In pixels of the upright image; clamped to it. */
void            teller_crop_dialog_set_selection (TellerCropDialog   *self,
                                                  const GdkRectangle *selection);
void            teller_crop_dialog_get_selection (TellerCropDialog   *self,
                                                  GdkRectangle       *selection);

G_END_DECLS
