/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-document.h"

G_BEGIN_DECLS

#define TELLER_TYPE_ID_COPY_DIALOG (teller_id_copy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TellerIdCopyDialog, teller_id_copy_dialog, TELLER, ID_COPY_DIALOG, GtkWindow)

/*
 * Asks how to make an ID card copy: which image is the front (the operator may
 * swap them) and the optional watermark.  "Create" ("id-copy.create") emits
 * "create" and closes; whoever opened the dialog makes the copy.
 */
GtkWidget      *teller_id_copy_dialog_new           (GtkWindow          *parent,
                                                     TellerDocument     *front,
                                                     TellerDocument     *back);
TellerDocument *teller_id_copy_dialog_get_front     (TellerIdCopyDialog *self);
TellerDocument *teller_id_copy_dialog_get_back      (TellerIdCopyDialog *self);
/* The watermark text, or NULL when the watermark is off or empty. */
const char     *teller_id_copy_dialog_get_watermark (TellerIdCopyDialog *self);
/* @text: (nullable): NULL turns the watermark off. */
void            teller_id_copy_dialog_set_watermark (TellerIdCopyDialog *self,
                                                     const char         *text);

G_END_DECLS
