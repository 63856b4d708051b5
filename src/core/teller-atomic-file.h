/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A file written whole or not at all: the data grows in a hidden temporary file
 * beside the destination (mode 0600, created with O_EXCL|O_CLOEXEC), is synced,
 * renamed over (or, with NO_REPLACE, next to) the destination, and the folder synced,
 * so a crash leaves the old file or none, never half a file.  Freed before it is
 * committed, the temporary file goes and the destination is untouched.
 *
 * Errors are the system's own (a GIOErrorEnum from errno, with strerror's text): the
 * callers say which document they concern.
 */
typedef struct _TellerAtomicFile TellerAtomicFile;

typedef enum
{
  TELLER_ATOMIC_FILE_REPLACE = 0,
  TELLER_ATOMIC_FILE_NO_REPLACE = 1 << 0, /* G_IO_ERROR_EXISTS when the name is taken */
} TellerAtomicFileFlags;

TellerAtomicFile *teller_atomic_file_new    (const char             *destination,
                                             GError                **error);
/* Buffered; blocking. */
gboolean          teller_atomic_file_write  (TellerAtomicFile       *file,
                                             const void             *data,
                                             gsize                   length,
                                             GError                **error);
/* Flushes, fsyncs and closes the temporary file; then only the rename is left. */
gboolean          teller_atomic_file_sync   (TellerAtomicFile       *file,
                                             GError                **error);
/* Renames the synced file to @destination (NULL: the one it was made for) and syncs
 * the folder.  Only a failed folder sync leaves the file renamed with %FALSE. */
gboolean          teller_atomic_file_rename (TellerAtomicFile       *file,
                                             const char             *destination,
                                             TellerAtomicFileFlags   flags,
                                             GError                **error);
/* teller_atomic_file_sync(), then teller_atomic_file_rename() to the destination. */
gboolean          teller_atomic_file_commit (TellerAtomicFile       *file,
                                             TellerAtomicFileFlags   flags,
                                             GError                **error);
/* Removes the temporary file unless it was renamed. */
void              teller_atomic_file_free   (TellerAtomicFile       *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerAtomicFile, teller_atomic_file_free)

G_END_DECLS
