/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How many "-2", "-3"... variants of a name are tried before giving up. */
#define TELLER_DOCUMENT_STORE_MAX_NAME_TRIES 10000

/* teller-document-store-write.c */

/* "Could not save “NAME”: …", keeping @cause's domain and code (cancellation stays
 * recognisable). */
void   _teller_document_store_set_save_error      (GError       **error,
                                                   const char    *name,
                                                   GError        *cause);
void   _teller_document_store_set_not_local_error (GError       **error);
/* Writes @source into @folder under a name derived from @basename that no one else
 * has, never replacing a file.  Blocks. */
GFile *_teller_document_store_write_new           (GFile         *folder,
                                                   const char    *basename,
                                                   GInputStream  *source,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

G_END_DECLS
