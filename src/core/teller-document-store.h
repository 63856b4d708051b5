/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TELLER_TYPE_DOCUMENT_STORE (teller_document_store_get_type ())
G_DECLARE_FINAL_TYPE (TellerDocumentStore, teller_document_store, TELLER, DOCUMENT_STORE, GObject)

/*
 * Every document reaches disk through here: written to a temporary file beside the
 * destination, flushed with fsync, renamed over the destination and the folder synced,
 * so a crash or an interrupted write leaves the old file (or none) and never half a file.
 */
TellerDocumentStore *teller_document_store_new            (GFile               *root);
GFile               *teller_document_store_get_root       (TellerDocumentStore *self);
void                 teller_document_store_set_root       (TellerDocumentStore *self,
                                                           GFile               *root);

/* Creates a new, unique, empty folder for one customer's transaction under the root. */
GFile               *teller_document_store_create_transaction_folder (TellerDocumentStore *self,
                                                                     GError             **error);

/* A file name inside @folder that does not exist yet, derived from @basename. */
GFile               *teller_document_store_unique_child   (GFile               *folder,
                                                           const char          *basename);

gboolean             teller_document_store_write_stream   (GFile               *destination,
                                                           GInputStream        *source,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
gboolean             teller_document_store_write_bytes    (GFile               *destination,
                                                           GBytes              *bytes,
                                                           GCancellable        *cancellable,
                                                           GError             **error);

/* Runs in a worker thread; finishes with the GFile written. */
void                 teller_document_store_save_bytes_async  (TellerDocumentStore *self,
                                                              GFile               *folder,
                                                              const char          *basename,
                                                              GBytes              *bytes,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
void                 teller_document_store_import_file_async (TellerDocumentStore *self,
                                                              GFile               *folder,
                                                              GFile               *source,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GFile               *teller_document_store_save_finish       (TellerDocumentStore *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
