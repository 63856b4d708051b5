/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TELLER_DOCUMENT_KIND_IMAGE,
  TELLER_DOCUMENT_KIND_PDF,
  TELLER_DOCUMENT_KIND_OTHER,
} TellerDocumentKind;

#define TELLER_TYPE_DOCUMENT_KIND (teller_document_kind_get_type ())
GType teller_document_kind_get_type (void);

#define TELLER_TYPE_DOCUMENT (teller_document_get_type ())
G_DECLARE_FINAL_TYPE (TellerDocument, teller_document, TELLER, DOCUMENT, GObject)

/* A file that has been written in full to the transaction folder. */
TellerDocument     *teller_document_new           (GFile          *file,
                                                   const char     *title);
GFile              *teller_document_get_file      (TellerDocument *self);
const char         *teller_document_get_title     (TellerDocument *self);
TellerDocumentKind  teller_document_get_kind      (TellerDocument *self);
const char         *teller_document_get_content_type (TellerDocument *self);
GDateTime          *teller_document_get_created   (TellerDocument *self);
/* The file was rewritten in place (rotated, cropped): emits "changed". */
void                teller_document_emit_changed  (TellerDocument *self);

TellerDocumentKind  teller_document_kind_for_file (GFile          *file,
                                                   char          **content_type);

G_END_DECLS
