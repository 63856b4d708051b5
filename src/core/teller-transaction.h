/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "teller-document.h"
#include "teller-document-store.h"
#include "teller-identity.h"

G_BEGIN_DECLS

#define TELLER_TYPE_TRANSACTION (teller_transaction_get_type ())
G_DECLARE_FINAL_TYPE (TellerTransaction, teller_transaction, TELLER, TRANSACTION, GObject)

/*
 * The current customer: an ordered GListModel of TellerDocument.  Its folder is made
 * lazily, on the first document, so an idle counter leaves no empty folders behind.
 */
TellerTransaction   *teller_transaction_new             (TellerDocumentStore *store);
TellerDocumentStore *teller_transaction_get_store       (TellerTransaction   *self);
GFile               *teller_transaction_ensure_folder   (TellerTransaction   *self,
                                                         GError             **error);
GFile               *teller_transaction_get_folder      (TellerTransaction   *self);
guint                teller_transaction_get_n_documents (TellerTransaction   *self);
gboolean             teller_transaction_get_empty       (TellerTransaction   *self);

void                 teller_transaction_append          (TellerTransaction   *self,
                                                         TellerDocument      *document);
void                 teller_transaction_insert          (TellerTransaction   *self,
                                                         guint                position,
                                                         TellerDocument      *document);
/*
 * Removal is undoable: the document leaves the model but its file stays until
 * teller_transaction_purge_removed() (the undo window closed) or the transaction ends.
 */
gboolean             teller_transaction_remove          (TellerTransaction   *self,
                                                         guint                position);
gboolean             teller_transaction_undo_remove     (TellerTransaction   *self);
gboolean             teller_transaction_get_can_undo    (TellerTransaction   *self);
void                 teller_transaction_purge_removed   (TellerTransaction   *self);
gboolean             teller_transaction_move            (TellerTransaction   *self,
                                                         guint                from,
                                                         guint                to);
gboolean             teller_transaction_find            (TellerTransaction   *self,
                                                         TellerDocument      *document,
                                                         guint               *position);

/* Adds a copy of @source (written atomically into the folder) at the end. */
void                 teller_transaction_import_file_async  (TellerTransaction   *self,
                                                            GFile               *source,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                 teller_transaction_add_bytes_async    (TellerTransaction   *self,
                                                            const char          *basename,
                                                            const char          *title,
                                                            GBytes              *bytes,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* Lists @file, already written in full into this transaction's folder (by the PDF
 * writer, say), at the end.  Finish with teller_transaction_add_finish(). */
void                 teller_transaction_add_file_async     (TellerTransaction   *self,
                                                            GFile               *file,
                                                            const char          *title,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
TellerDocument      *teller_transaction_add_finish         (TellerTransaction   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* The customer's identity data, in memory only (also the "identity" property). */
TellerIdentity      *teller_transaction_get_identity    (TellerTransaction   *self);

/* Ends this customer: the identity is wiped, the documents stay on disk, the model
 * empties, "finished" is emitted. */
void                 teller_transaction_finish          (TellerTransaction   *self);

G_END_DECLS
