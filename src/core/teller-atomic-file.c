/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "teller-atomic-file.h"

/* Well under NAME_MAX (255 bytes), leaving room for ".", ".XXXXXX" and ".part". */
#define MAX_PREFIX_BYTES 200
#define BUFFER_SIZE (256 * 1024)

struct _TellerAtomicFile
{
  char   *destination;
  char   *tmp_path;   /* NULL once renamed */
  int     fd;         /* -1 once synced and closed */
  guint8 *buffer;
  gsize   buffered;
};

static gboolean
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

/* Cuts at a UTF-8 character boundary so a long name stays valid. */
static char *
utf8_prefix (const char *text,
             gsize       max_bytes)
{
  gsize cut = strlen (text);

  if (cut <= max_bytes)
    return g_strdup (text);
  cut = max_bytes;
  while (cut > 0 && (text[cut] & 0xC0) == 0x80)
    cut--;
  return g_strndup (text, cut);
}

/**
 * teller_atomic_file_new:
 * @destination: the file to write, which may exist
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the temporary file, open for writing
 */
TellerAtomicFile *
teller_atomic_file_new (const char  *destination,
                        GError     **error)
{
  g_autoptr(TellerAtomicFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (destination != NULL, NULL);

  dir = g_path_get_dirname (destination);
  basename = g_path_get_basename (destination);
  /* Hidden, and short enough for NAME_MAX whatever the destination's name. */
  prefix = utf8_prefix (basename, MAX_PREFIX_BYTES);
  name = g_strdup_printf (".%s.XXXXXX.part", prefix);

  file = g_new0 (TellerAtomicFile, 1);
  file->destination = g_strdup (destination);
  file->tmp_path = g_build_filename (dir, name, NULL);
  /* 0600: documents are personal data.  g_mkstemp_full() adds O_CREAT | O_EXCL. */
  file->fd = g_mkstemp_full (file->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (file->fd < 0)
    {
      set_errno_error (error, errno);
      g_clear_pointer (&file->tmp_path, g_free);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          length,
           GError       **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_errno_error (error, n < 0 ? errno : ENOSPC);

      data += n;
      length -= n;
    }

  return TRUE;
}

static gboolean
flush_buffer (TellerAtomicFile  *file,
              GError           **error)
{
  gsize buffered = file->buffered;

  file->buffered = 0;
  return write_all (file->fd, file->buffer, buffered, error);
}

gboolean
teller_atomic_file_write (TellerAtomicFile  *file,
                          const void        *data,
                          gsize              length,
                          GError           **error)
{
  g_return_val_if_fail (file != NULL && file->fd >= 0, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length > BUFFER_SIZE - file->buffered && !flush_buffer (file, error))
    return FALSE;
  if (length >= BUFFER_SIZE)
    return write_all (file->fd, data, length, error);

  if (file->buffer == NULL)
    file->buffer = g_malloc (BUFFER_SIZE);
  memcpy (file->buffer + file->buffered, data, length);
  file->buffered += length;
  return TRUE;
}

gboolean
teller_atomic_file_sync (TellerAtomicFile  *file,
                         GError           **error)
{
  int fd;

  g_return_val_if_fail (file != NULL && file->fd >= 0, FALSE);

  if (!flush_buffer (file, error))
    return FALSE;
  while (fsync (file->fd) != 0)
    if (errno != EINTR)
      return set_errno_error (error, errno);

  fd = file->fd;
  file->fd = -1;
  return g_close (fd, error);
}

/* Atomic and never replaces: two saves racing for one name both keep their file. */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;

  /* The filesystem lacks RENAME_NOREPLACE; link(2) refuses to replace too. */
  if (link (from, to) == 0)
    {
      g_unlink (from);
      return 0;
    }
  if (errno != EPERM && errno != ENOTSUP)
    return -1;

  /* No hard links either (FAT): check, then rename; racy, but nothing better is left. */
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    {
      errno = EEXIST;
      return -1;
    }
  return rename (from, to);
}

/* Makes the rename itself durable; some filesystems cannot sync a folder, which is fine. */
static gboolean
fsync_dir (const char  *path,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return set_errno_error (error, errno);

  ok = fsync (fd) == 0 || errno == EINVAL || errno == ENOTSUP;
  if (!ok)
    set_errno_error (error, errno);
  close (fd);

  return ok;
}

gboolean
teller_atomic_file_rename (TellerAtomicFile       *file,
                           const char             *destination,
                           TellerAtomicFileFlags   flags,
                           GError                **error)
{
  int status;

  g_return_val_if_fail (file != NULL && file->fd < 0 && file->tmp_path != NULL, FALSE);

  if (destination == NULL)
    destination = file->destination;

  if (flags & TELLER_ATOMIC_FILE_NO_REPLACE)
    status = rename_noreplace (file->tmp_path, destination);
  else
    status = rename (file->tmp_path, destination);
  if (status != 0)
    return set_errno_error (error, errno);

  g_clear_pointer (&file->tmp_path, g_free);
  return fsync_dir (destination, error);
}

gboolean
teller_atomic_file_commit (TellerAtomicFile       *file,
                           TellerAtomicFileFlags   flags,
                           GError                **error)
{
  return teller_atomic_file_sync (file, error) &&
         teller_atomic_file_rename (file, NULL, flags, error);
}

void
teller_atomic_file_free (TellerAtomicFile *file)
{
  if (file == NULL)
    return;

  if (file->fd >= 0)
    close (file->fd);
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  g_free (file->tmp_path);
  g_free (file->destination);
  g_free (file->buffer);
  g_free (file);
}
