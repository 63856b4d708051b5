/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TELLER_TYPE_OCR_DIALOG (teller_ocr_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TellerOcrDialog, teller_ocr_dialog, TELLER, OCR_DIALOG, GtkWindow)

/*
 * Shows recognized text, selectable and editable so the operator can fix a
 * misread character before using it.  "ocr.copy" puts it on the clipboard;
 * "ocr.save" emits "save-text" with the text as shown and closes.
 */
GtkWidget *teller_ocr_dialog_new      (GtkWindow       *parent,
                                       const char      *text);
char      *teller_ocr_dialog_dup_text (TellerOcrDialog *self);

G_END_DECLS
