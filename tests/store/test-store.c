/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "teller-document-store.h"
#include "teller-document.h"
#include "teller-thumbnailer.h"
#include "teller-transaction.h"

#define ASYNC_TIMEOUT_SECONDS 20
#define NOBODY_ID 65534

static char *tmpdir;
static guint n_core_messages;

/* ------------------------------------------------------------------ helpers */

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      /* The privacy rule: the core logs nothing above debug level in these paths. */
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0 &&
          g_str_equal (fields[i].value, "teller-core") &&
          (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                        G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) != 0)
        n_core_messages++;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  tmpdir = g_dir_make_tmp ("teller-store-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "%s", error ? error->message : "");
  n_core_messages = 0;
}

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  /* A test may have left a folder read-only. */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
teardown (void)
{
  remove_tree (tmpdir);
  ck_assert_msg (!g_file_test (tmpdir, G_FILE_TEST_EXISTS), "temp dir left behind");
  g_clear_pointer (&tmpdir, g_free);
  ck_assert_uint_eq (n_core_messages, 0);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
put_file (const char *path,
          const char *contents,
          gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static char *
get_file (const char *path,
          gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

/* Short messages: a failed comparison of megabytes would overflow check's pipe. */
static void
assert_file_is (const char *path,
                const char *expected)
{
  g_autofree char *contents = get_file (path, NULL);

  ck_assert_msg (g_str_equal (contents, expected), "%s holds %.40s..., not %s",
                 path, contents, expected);
}

static guint
count_entries (const char *path,
               const char *suffix)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint count = 0;

  ck_assert_ptr_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (suffix == NULL || g_str_has_suffix (name, suffix))
        count++;
    }
  g_dir_close (dir);

  return count;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  ck_assert_int_eq (g_stat (path, &st), 0);
  return st.st_mode & 07777;
}

static GBytes *
png_bytes (int width,
           int height,
           guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

static GBytes *
jpeg_bytes (int width,
            int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x3070b0ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "80", NULL);
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

/* An APP1 segment holding only EXIF Orientation = 6 (rotate 90° clockwise to view). */
static GBytes *
jpeg_bytes_rotated (int width,
                    int height)
{
  static const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr(GBytes) plain = jpeg_bytes (width, height);
  gsize size;
  const guint8 *data = g_bytes_get_data (plain, &size);
  GByteArray *out = g_byte_array_new ();

  ck_assert (data[0] == 0xff && data[1] == 0xd8);
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, data + 2, size - 2);

  return g_byte_array_free_to_bytes (out);
}

/* An A4 page, white, with a black square near the top-left corner. */
static void
write_pdf (const char *path)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 100, 100, 200, 200);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* --------------------------------------------------- a stream that misbehaves */

#define TEST_TYPE_STREAM (test_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestStream, test_stream, TEST, STREAM, GInputStream)

struct _TestStream
{
  GInputStream  parent_instance;
  guint64       total;
  guint64       produced;
  guint64       fail_after;    /* bytes before a read error */
  guint64       cancel_after;  /* bytes before it cancels @cancellable */
  guint64       slow_after;    /* bytes before each read sleeps */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TestStream, test_stream, G_TYPE_INPUT_STREAM)

static gssize
test_stream_read (GInputStream  *stream,
                  void          *buffer,
                  gsize          count,
                  GCancellable  *cancellable,
                  GError       **error)
{
  TestStream *self = TEST_STREAM (stream);
  guint64 limit = MIN (self->total, self->fail_after);
  gsize n;

  if (self->produced >= self->cancel_after && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  if (self->produced >= self->fail_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "simulated: the device went away");
      return -1;
    }

  n = MIN (count, limit - self->produced);
  memset (buffer, 'N', n);
  self->produced += n;

  if (self->produced > self->slow_after)
    g_usleep (20 * 1000);

  return n;
}

static void
test_stream_finalize (GObject *object)
{
  g_clear_object (&TEST_STREAM (object)->cancellable);

  G_OBJECT_CLASS (test_stream_parent_class)->finalize (object);
}

static void
test_stream_class_init (TestStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_stream_read;
}

static void
test_stream_init (TestStream *self)
{
  self->fail_after = G_MAXUINT64;
  self->cancel_after = G_MAXUINT64;
  self->slow_after = G_MAXUINT64;
}

static GInputStream *
test_stream_new (guint64 total)
{
  TestStream *self = g_object_new (TEST_TYPE_STREAM, NULL);

  self->total = total;
  return G_INPUT_STREAM (self);
}

/* ------------------------------------------------------------ main loop waits */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  gboolean   timed_out;
  GPtrArray *results;   /* of GAsyncResult */
} Wait;

static gboolean
wait_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);

  return G_SOURCE_REMOVE;
}

static void
wait_init (Wait *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->pending = 0;
  wait->timed_out = FALSE;
  wait->results = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->loop, g_main_loop_unref);
  g_clear_pointer (&wait->results, g_ptr_array_unref);
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  g_ptr_array_add (wait->results, g_object_ref (result));
  if (--wait->pending == 0)
    g_main_loop_quit (wait->loop);
}

/* Bounded, so a hang fails the test instead of blocking the suite. */
static void
wait_run (Wait *wait)
{
  guint id = g_timeout_add_seconds (ASYNC_TIMEOUT_SECONDS, wait_timeout_cb, wait);

  if (wait->pending > 0)
    g_main_loop_run (wait->loop);
  ck_assert_msg (!wait->timed_out, "timed out waiting for an async operation");
  g_source_remove (id);
}

static void
wait_until_gone (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + ASYNC_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "file was not deleted");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Drops the last reference and spins until pending tasks let go of the object too. */
static void
unref_and_wait (gpointer object)
{
  GObject *weak = object;
  gint64 deadline = g_get_monotonic_time () + ASYNC_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  g_object_unref (object);

  while (weak != NULL)
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "object leaked by a pending task");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* ----------------------------------------------------------- atomic writes */

START_TEST (test_write_bytes_creates_and_replaces)
{
  g_autofree char *path = tmp_path ("receipt.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) first = g_bytes_new_static ("first version", 13);
  g_autoptr(GBytes) second = g_bytes_new_static ("second", 6);
  g_autoptr(GError) error = NULL;

  ck_assert (teller_document_store_write_bytes (file, first, NULL, &error));
  g_assert_no_error (error);
  assert_file_is (path, "first version");
  ck_assert_uint_eq (file_mode (path), 0600);

  /* Replacing, even an existing world-readable file, leaves a private one. */
  g_chmod (path, 0644);
  ck_assert (teller_document_store_write_bytes (file, second, NULL, &error));
  g_assert_no_error (error);
  assert_file_is (path, "second");
  ck_assert_uint_eq (file_mode (path), 0600);

  ck_assert_uint_eq (count_entries (tmpdir, ".part"), 0);
  ck_assert_uint_eq (count_entries (tmpdir, NULL), 1);
}
END_TEST

START_TEST (test_write_stream_large)
{
  g_autofree char *path = tmp_path ("big.bin");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) stream = test_stream_new (5 * 1024 * 1024 + 17);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  ck_assert (teller_document_store_write_stream (file, stream, NULL, &error));
  g_assert_no_error (error);

  contents = get_file (path, &length);
  ck_assert_uint_eq (length, 5 * 1024 * 1024 + 17);
  ck_assert_int_eq (contents[0], 'N');
  ck_assert_int_eq (contents[length - 1], 'N');
  ck_assert_uint_eq (count_entries (tmpdir, ".part"), 0);
}
END_TEST

START_TEST (test_write_stream_fails_halfway)
{
  g_autofree char *path = tmp_path ("id-card.jpg");
  g_autofree char *absent_path = tmp_path ("new.jpg");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) absent = g_file_new_for_path (absent_path);
  g_autoptr(GInputStream) stream = test_stream_new (1024 * 1024);
  g_autoptr(GInputStream) stream2 = test_stream_new (1024 * 1024);
  g_autoptr(GError) error = NULL;

  put_file (path, "OLD CONTENT", -1);
  TEST_STREAM (stream)->fail_after = 300 * 1024;

  ck_assert (!teller_document_store_write_stream (file, stream, NULL, &error));
  /* The cause's code survives, and the operator sees which document failed. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  ck_assert_msg (g_str_has_prefix (error->message, "Could not save “id-card.jpg”: simulated"),
                 "%s", error->message);
  /* It really got half-way before failing. */
  ck_assert_uint_eq (TEST_STREAM (stream)->produced, 300 * 1024);

  assert_file_is (path, "OLD CONTENT");
  ck_assert_uint_eq (count_entries (tmpdir, ".part"), 0);

  /* A new document that fails is simply not there. */
  g_clear_error (&error);
  TEST_STREAM (stream2)->fail_after = 100 * 1024;
  ck_assert (!teller_document_store_write_stream (absent, stream2, NULL, &error));
  ck_assert (error != NULL);
  ck_assert (!g_file_test (absent_path, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (count_entries (tmpdir, NULL), 1);
}
END_TEST

START_TEST (test_write_stream_cancelled_halfway)
{
  g_autofree char *path = tmp_path ("contract.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) stream = test_stream_new (4 * 1024 * 1024);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  put_file (path, "OLD CONTENT", -1);
  TEST_STREAM (stream)->cancel_after = 512 * 1024;
  TEST_STREAM (stream)->cancellable = g_object_ref (cancellable);

  ck_assert (!teller_document_store_write_stream (file, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert_uint_ge (TEST_STREAM (stream)->produced, 512 * 1024);
  ck_assert_uint_lt (TEST_STREAM (stream)->produced, 4 * 1024 * 1024);

  assert_file_is (path, "OLD CONTENT");
  ck_assert_uint_eq (count_entries (tmpdir, ".part"), 0);
}
END_TEST

static goffset
bytes_in_folder (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  goffset total = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        total += st.st_size;
    }
  if (d != NULL)
    g_dir_close (d);

  return total;
}

/* The real thing: the process dies with SIGKILL while the bytes are going to disk. */
START_TEST (test_write_killed_midway)
{
  g_autofree char *path = tmp_path ("passport.jpg");
  gint64 deadline;
  int status = 0;
  pid_t pid;

  put_file (path, "OLD CONTENT", -1);

  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      GInputStream *stream = test_stream_new (64 * 1024 * 1024);

      /* After 1 MB it slows to 64 KB per 20 ms: about 20 s for the rest. */
      TEST_STREAM (stream)->slow_after = 1024 * 1024;
      teller_document_store_write_stream (file, stream, NULL, NULL);
      _exit (0);
    }

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (bytes_in_folder (tmpdir) < 1024 * 1024)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, NULL, 0);
          ck_abort_msg ("the writer never got going");
        }
      g_usleep (1000);
    }

  ck_assert_int_eq (kill (pid, SIGKILL), 0);
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  assert_file_is (path, "OLD CONTENT");
  /* The dead writer's temp file may stay; it is hidden and never taken for the document. */
  ck_assert_uint_le (count_entries (tmpdir, ".part"), 1);
}
END_TEST

/* As root, permissions do not stop writes, so the attempt runs as "nobody". */
static void
write_as_unprivileged (const char *path,
                       int         fd)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("data", 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;

  if (geteuid () == 0 &&
      (setgroups (0, NULL) != 0 || setgid (NOBODY_ID) != 0 || setuid (NOBODY_ID) != 0))
    _exit (2);

  if (teller_document_store_write_bytes (file, bytes, NULL, &error))
    _exit (3);

  report = g_strdup_printf ("%d\n%s", error->code, error->message);
  if (write (fd, report, strlen (report)) < 0)
    _exit (4);
  _exit (0);
}

START_TEST (test_write_readonly_folder)
{
  g_autofree char *folder = tmp_path ("locked");
  g_autofree char *path = g_build_filename (folder, "statement.pdf", NULL);
  g_auto(GStrv) lines = NULL;
  char report[1024] = { 0 };
  int fds[2];
  int status = 0;
  pid_t pid;

  ck_assert_int_eq (g_mkdir (folder, 0555), 0);
  g_chmod (tmpdir, 0755);
  ck_assert_int_eq (pipe (fds), 0);

  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      close (fds[0]);
      write_as_unprivileged (path, fds[1]);
    }

  close (fds[1]);
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                 "writer exited with status %d", status);
  ck_assert_int_gt (read (fds[0], report, sizeof report - 1), 0);
  close (fds[0]);

  lines = g_strsplit (report, "\n", 2);
  ck_assert_int_eq (atoi (lines[0]), G_IO_ERROR_PERMISSION_DENIED);
  ck_assert_msg (g_str_has_prefix (lines[1], "Could not save “statement.pdf”: "),
                 "%s", lines[1]);
  ck_assert_uint_eq (count_entries (folder, NULL), 0);
}
END_TEST

START_TEST (test_write_missing_folder)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-such-folder", "a.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("data", 4);
  g_autoptr(GError) error = NULL;

  ck_assert (!teller_document_store_write_bytes (file, bytes, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  ck_assert (g_str_has_prefix (error->message, "Could not save “a.pdf”: "));
}
END_TEST

/* ------------------------------------------------------------ naming rules */

static void
assert_child_name (GFile      *folder,
                   const char *basename,
                   const char *expected)
{
  g_autoptr(GFile) child = teller_document_store_unique_child (folder, basename);
  g_autofree char *name = g_file_get_basename (child);

  ck_assert (g_file_has_parent (child, folder));
  ck_assert_str_eq (name, expected);
}

static void
touch (const char *name)
{
  g_autofree char *path = tmp_path (name);

  put_file (path, "", 0);
}

START_TEST (test_unique_child)
{
  g_autoptr(GFile) folder = g_file_new_for_path (tmpdir);
  g_autofree char *long_name = g_strnfill (400, 'a');
  g_autofree char *long_pdf = g_strconcat (long_name, ".pdf", NULL);
  g_autoptr(GFile) long_child = NULL;
  g_autofree char *long_child_name = NULL;

  assert_child_name (folder, "scan.jpg", "scan.jpg");
  touch ("scan.jpg");
  assert_child_name (folder, "scan.jpg", "scan-2.jpg");
  touch ("scan-2.jpg");
  assert_child_name (folder, "scan.jpg", "scan-3.jpg");

  assert_child_name (folder, "notes", "notes");
  touch ("notes");
  assert_child_name (folder, "notes", "notes-2");

  /* Nothing escapes the folder or hides from the file manager. */
  assert_child_name (folder, "../../etc/passwd", "_.._etc_passwd");
  assert_child_name (folder, "a/b.pdf", "a_b.pdf");
  assert_child_name (folder, ".hidden.pdf", "hidden.pdf");
  assert_child_name (folder, "..", "document");
  assert_child_name (folder, "", "document");
  assert_child_name (folder, NULL, "document");
  assert_child_name (folder, "line\nbreak.txt", "line_break.txt");

  /* Long names are cut but keep their extension. */
  long_child = teller_document_store_unique_child (folder, long_pdf);
  long_child_name = g_file_get_basename (long_child);
  ck_assert_uint_le (strlen (long_child_name), 255 - strlen (".XXXXXX.part") - 1);
  ck_assert (g_str_has_suffix (long_child_name, ".pdf"));
}
END_TEST

static gboolean
is_folder_name (const char *name)
{
  return g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}(-[0-9]+)?$", name, 0, 0);
}

START_TEST (test_transaction_folders_unique)
{
  g_autofree char *root_path = g_build_filename (tmpdir, "nested", "root", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ck_assert_ptr_eq (teller_document_store_get_root (store), root);

  /* Several within one second must still be distinct: that is the -2, -3 suffix. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) folder = teller_document_store_create_transaction_folder (store, &error);
      g_autofree char *path = NULL;
      char *name;

      g_assert_no_error (error);
      ck_assert (g_file_has_parent (folder, root));
      path = g_file_get_path (folder);
      ck_assert (g_file_test (path, G_FILE_TEST_IS_DIR));
      ck_assert_uint_eq (file_mode (path), 0700);
      ck_assert_uint_eq (count_entries (path, NULL), 0);

      name = g_file_get_basename (folder);
      ck_assert_msg (is_folder_name (name), "bad folder name %s", name);
      ck_assert_msg (g_hash_table_add (seen, name), "folder %s handed out twice", name);
    }

  ck_assert_uint_eq (count_entries (root_path, NULL), 5);
}
END_TEST

/* ----------------------------------------------------------- document kinds */

static TellerDocumentKind
kind_of (const char  *name,
         const char  *contents,
         gssize       length,
         char       **content_type)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (contents != NULL)
    put_file (path, contents, length);

  return teller_document_kind_for_file (file, content_type);
}

START_TEST (test_document_kind)
{
  g_autoptr(GBytes) png = png_bytes (4, 4, 0xff0000ff);
  g_autofree char *pdf_path = tmp_path ("form.pdf");
  g_autofree char *pdf_contents = NULL;
  g_autofree char *content_type = NULL;
  gsize pdf_length = 0;

  write_pdf (pdf_path);
  pdf_contents = get_file (pdf_path, &pdf_length);

  ck_assert_int_eq (kind_of ("form.pdf", NULL, 0, &content_type), TELLER_DOCUMENT_KIND_PDF);
  ck_assert_str_eq (content_type, "application/pdf");
  g_clear_pointer (&content_type, g_free);

  /* Content decides when the name says nothing. */
  ck_assert_int_eq (kind_of ("upload.bin", pdf_contents, pdf_length, NULL),
                    TELLER_DOCUMENT_KIND_PDF);
  ck_assert_int_eq (kind_of ("noext", g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                             &content_type), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (content_type, "image/png");

  /* A file not there yet is judged by its name. */
  ck_assert_int_eq (kind_of ("missing.jpg", NULL, 0, NULL), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_int_eq (kind_of ("notes.txt", "hello there", -1, NULL), TELLER_DOCUMENT_KIND_OTHER);
}
END_TEST

START_TEST (test_document_properties)
{
  g_autofree char *path = tmp_path ("id-front.png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) png = png_bytes (4, 4, 0xff0000ff);
  g_autoptr(TellerDocument) doc = NULL;
  g_autoptr(TellerDocument) titled = NULL;
  g_autoptr(GFile) prop_file = NULL;
  g_autofree char *content_type = NULL;
  TellerDocumentKind kind;
  GEnumClass *enum_class;

  put_file (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  doc = teller_document_new (file, NULL);

  ck_assert_ptr_eq (teller_document_get_file (doc), file);
  ck_assert_str_eq (teller_document_get_title (doc), "id-front.png");
  ck_assert_int_eq (teller_document_get_kind (doc), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (teller_document_get_content_type (doc), "image/png");
  ck_assert_ptr_nonnull (teller_document_get_created (doc));

  g_object_get (doc, "file", &prop_file, "kind", &kind, "content-type", &content_type, NULL);
  ck_assert_ptr_eq (prop_file, file);
  ck_assert_int_eq (kind, TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (content_type, "image/png");

  titled = teller_document_new (file, "ID card, front");
  ck_assert_str_eq (teller_document_get_title (titled), "ID card, front");

  enum_class = g_type_class_ref (TELLER_TYPE_DOCUMENT_KIND);
  ck_assert_str_eq (g_enum_get_value (enum_class, TELLER_DOCUMENT_KIND_PDF)->value_nick, "pdf");
  g_type_class_unref (enum_class);
}
END_TEST

/* --------------------------------------------------------- the transaction */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  GArray *changes;
  guint   n_documents;
  guint   empty;
  guint   can_undo;
  guint   folder;
  guint   finished;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  Change change = { position, removed, added };

  g_array_append_val (rec->changes, change);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  if (g_str_equal (pspec->name, "n-documents"))
    rec->n_documents++;
  else if (g_str_equal (pspec->name, "empty"))
    rec->empty++;
  else if (g_str_equal (pspec->name, "can-undo"))
    rec->can_undo++;
  else if (g_str_equal (pspec->name, "folder"))
    rec->folder++;
}

static void
finished_cb (TellerTransaction *transaction,
             Recorder          *rec)
{
  rec->finished++;
}

static void
recorder_attach (Recorder          *rec,
                 TellerTransaction *transaction)
{
  memset (rec, 0, sizeof *rec);
  rec->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (transaction, "items-changed", G_CALLBACK (items_changed_cb), rec);
  g_signal_connect (transaction, "notify", G_CALLBACK (notify_cb), rec);
  g_signal_connect (transaction, "finished", G_CALLBACK (finished_cb), rec);
}

static void
recorder_detach (Recorder          *rec,
                 TellerTransaction *transaction)
{
  g_signal_handlers_disconnect_by_data (transaction, rec);
  g_clear_pointer (&rec->changes, g_array_unref);
}

static void
assert_change (Recorder *rec,
               guint     index,
               guint     position,
               guint     removed,
               guint     added)
{
  Change *change;

  ck_assert_uint_lt (index, rec->changes->len);
  change = &g_array_index (rec->changes, Change, index);
  ck_assert_msg (change->position == position && change->removed == removed &&
                 change->added == added,
                 "change %u: got (%u,%u,%u), expected (%u,%u,%u)", index,
                 change->position, change->removed, change->added, position, removed, added);
}

/* Compares the model with the expected documents, given NULL-terminated. */
static void
assert_order (TellerTransaction *transaction,
              ...)
{
  GListModel *model = G_LIST_MODEL (transaction);
  TellerDocument *expected;
  guint i = 0;
  va_list args;

  va_start (args, transaction);
  while ((expected = va_arg (args, TellerDocument *)) != NULL)
    {
      g_autoptr(TellerDocument) item = g_list_model_get_item (model, i);

      ck_assert_msg (item == expected, "wrong document at %u", i);
      i++;
    }
  va_end (args);

  ck_assert_uint_eq (g_list_model_get_n_items (model), i);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), i);
  ck_assert (teller_transaction_get_empty (transaction) == (i == 0));
  ck_assert_ptr_null (g_list_model_get_item (model, i));
}

static TellerDocument *
make_document (const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  put_file (path, name, -1);
  return teller_document_new (file, NULL);
}

static TellerTransaction *
make_transaction (void)
{
  g_autofree char *root_path = tmp_path ("store");
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);

  return teller_transaction_new (store);
}

START_TEST (test_transaction_model)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(TellerDocument) a = make_document ("a.txt");
  g_autoptr(TellerDocument) b = make_document ("b.txt");
  g_autoptr(TellerDocument) c = make_document ("c.txt");
  g_autoptr(TellerDocument) d = make_document ("d.txt");
  Recorder rec;
  guint position = 99;

  ck_assert (g_list_model_get_item_type (G_LIST_MODEL (transaction)) == TELLER_TYPE_DOCUMENT);
  ck_assert_ptr_null (teller_transaction_get_folder (transaction));
  assert_order (transaction, NULL);
  recorder_attach (&rec, transaction);

  teller_transaction_append (transaction, a);
  teller_transaction_append (transaction, b);
  teller_transaction_append (transaction, c);
  assert_order (transaction, a, b, c, NULL);
  assert_change (&rec, 0, 0, 0, 1);
  assert_change (&rec, 1, 1, 0, 1);
  assert_change (&rec, 2, 2, 0, 1);
  ck_assert_uint_eq (rec.n_documents, 3);
  ck_assert_uint_eq (rec.empty, 1);

  teller_transaction_insert (transaction, 1, d);
  assert_order (transaction, a, d, b, c, NULL);
  assert_change (&rec, 3, 1, 0, 1);

  /* move (0, 2): a goes to index 2 and d, b shift up; one signal covers the span. */
  ck_assert (teller_transaction_move (transaction, 0, 2));
  assert_order (transaction, d, b, a, c, NULL);
  assert_change (&rec, 4, 0, 3, 3);
  ck_assert (teller_transaction_move (transaction, 3, 1));
  assert_order (transaction, d, c, b, a, NULL);
  assert_change (&rec, 5, 1, 3, 3);
  ck_assert (!teller_transaction_move (transaction, 4, 0));
  ck_assert (!teller_transaction_move (transaction, 0, 4));
  ck_assert_uint_eq (rec.changes->len, 6);
  ck_assert_uint_eq (rec.n_documents, 4);

  ck_assert (teller_transaction_find (transaction, b, &position));
  ck_assert_uint_eq (position, 2);

  /* Remove two, then undo both: each comes back where it was. */
  ck_assert (!teller_transaction_get_can_undo (transaction));
  ck_assert (teller_transaction_remove (transaction, 2));
  assert_order (transaction, d, c, a, NULL);
  assert_change (&rec, 6, 2, 1, 0);
  ck_assert (teller_transaction_get_can_undo (transaction));
  ck_assert (!teller_transaction_find (transaction, b, NULL));
  ck_assert (teller_transaction_remove (transaction, 0));
  assert_order (transaction, c, a, NULL);
  assert_change (&rec, 7, 0, 1, 0);
  ck_assert_uint_eq (rec.can_undo, 1);
  ck_assert (!teller_transaction_remove (transaction, 2));

  ck_assert (teller_transaction_undo_remove (transaction));
  assert_order (transaction, d, c, a, NULL);
  assert_change (&rec, 8, 0, 0, 1);
  ck_assert (teller_transaction_get_can_undo (transaction));
  ck_assert (teller_transaction_undo_remove (transaction));
  assert_order (transaction, d, c, b, a, NULL);
  assert_change (&rec, 9, 2, 0, 1);
  ck_assert (!teller_transaction_get_can_undo (transaction));
  ck_assert_uint_eq (rec.can_undo, 2);
  ck_assert (!teller_transaction_undo_remove (transaction));
  ck_assert_uint_eq (rec.changes->len, 10);

  /* Removing everything flips "empty" once, and only then. */
  rec.empty = 0;
  for (guint i = 0; i < 4; i++)
    ck_assert (teller_transaction_remove (transaction, 0));
  ck_assert_uint_eq (rec.empty, 1);
  ck_assert (teller_transaction_get_empty (transaction));

  recorder_detach (&rec, transaction);
  unref_and_wait (transaction);
}
END_TEST

static char *
document_path (TellerDocument *doc)
{
  return g_file_get_path (teller_document_get_file (doc));
}

START_TEST (test_transaction_purge)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(TellerDocument) a = make_document ("a.txt");
  g_autoptr(TellerDocument) b = make_document ("b.txt");
  g_autoptr(TellerDocument) c = make_document ("c.txt");
  g_autofree char *a_path = document_path (a);
  g_autofree char *b_path = document_path (b);
  g_autofree char *c_path = document_path (c);
  Recorder rec;

  teller_transaction_append (transaction, a);
  teller_transaction_append (transaction, b);
  teller_transaction_append (transaction, c);
  recorder_attach (&rec, transaction);

  /* a is removed and put back: it must survive the purge. */
  teller_transaction_remove (transaction, 0);
  teller_transaction_undo_remove (transaction);
  teller_transaction_remove (transaction, 1);
  ck_assert (teller_transaction_get_can_undo (transaction));

  teller_transaction_purge_removed (transaction);
  ck_assert (!teller_transaction_get_can_undo (transaction));
  ck_assert (!teller_transaction_undo_remove (transaction));
  wait_until_gone (b_path);

  ck_assert (g_file_test (a_path, G_FILE_TEST_EXISTS));
  ck_assert (g_file_test (c_path, G_FILE_TEST_EXISTS));
  assert_order (transaction, a, c, NULL);

  /* Nothing pending: a second purge does nothing at all. */
  rec.can_undo = 0;
  teller_transaction_purge_removed (transaction);
  ck_assert_uint_eq (rec.can_undo, 0);

  recorder_detach (&rec, transaction);
  unref_and_wait (transaction);
  ck_assert (g_file_test (a_path, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_transaction_finish)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(TellerDocument) a = make_document ("a.txt");
  g_autoptr(TellerDocument) b = make_document ("b.txt");
  g_autoptr(TellerDocument) c = make_document ("c.txt");
  g_autofree char *a_path = document_path (a);
  g_autofree char *b_path = document_path (b);
  g_autofree char *c_path = document_path (c);
  g_autoptr(GFile) first_folder = NULL;
  g_autoptr(GError) error = NULL;
  GFile *second_folder;
  Recorder rec;

  first_folder = g_object_ref (teller_transaction_ensure_folder (transaction, &error));
  g_assert_no_error (error);
  ck_assert_ptr_eq (teller_transaction_ensure_folder (transaction, NULL), first_folder);
  teller_transaction_append (transaction, a);
  teller_transaction_append (transaction, b);
  teller_transaction_append (transaction, c);
  teller_transaction_remove (transaction, 1);

  recorder_attach (&rec, transaction);
  teller_transaction_finish (transaction);

  ck_assert_uint_eq (rec.finished, 1);
  ck_assert_uint_eq (rec.changes->len, 1);
  assert_change (&rec, 0, 0, 2, 0);
  assert_order (transaction, NULL);
  ck_assert_uint_eq (rec.n_documents, 1);
  ck_assert_uint_eq (rec.empty, 1);
  ck_assert_uint_eq (rec.can_undo, 1);
  ck_assert_uint_eq (rec.folder, 1);
  ck_assert_ptr_null (teller_transaction_get_folder (transaction));
  ck_assert (!teller_transaction_get_can_undo (transaction));

  /* The pending removal is deleted; the kept documents stay. */
  wait_until_gone (b_path);
  ck_assert (g_file_test (a_path, G_FILE_TEST_EXISTS));
  ck_assert (g_file_test (c_path, G_FILE_TEST_EXISTS));

  /* The next customer gets a folder of their own. */
  second_folder = teller_transaction_ensure_folder (transaction, &error);
  g_assert_no_error (error);
  ck_assert (!g_file_equal (first_folder, second_folder));

  recorder_detach (&rec, transaction);
  unref_and_wait (transaction);
}
END_TEST

/* Proves the document shows up only once its file is complete. */
typedef struct
{
  GBytes *expected;
  guint   checked;
} ContentCheck;

static void
check_content_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ContentCheck *check)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(TellerDocument) doc = g_list_model_get_item (model, i);
      g_autoptr(GBytes) on_disk = NULL;
      g_autoptr(GError) error = NULL;

      on_disk = g_file_load_bytes (teller_document_get_file (doc), NULL, NULL, &error);
      g_assert_no_error (error);
      ck_assert (g_bytes_equal (on_disk, check->expected));
      check->checked++;
    }
}

START_TEST (test_transaction_import)
{
  TellerTransaction *transaction = make_transaction ();
  g_autofree char *source_path = tmp_path ("scan.jpg");
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autofree char *missing_path = tmp_path ("missing.jpg");
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GBytes) jpeg = jpeg_bytes (64, 48);
  g_autoptr(TellerDocument) first = NULL;
  g_autoptr(TellerDocument) second = NULL;
  g_autoptr(TellerDocument) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *root_path = tmp_path ("store");
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  ContentCheck check = { jpeg, 0 };
  Wait wait;

  put_file (source_path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_signal_connect (transaction, "items-changed", G_CALLBACK (check_content_cb), &check);

  wait_init (&wait);
  wait.pending = 2;
  teller_transaction_import_file_async (transaction, source, NULL, wait_done_cb, &wait);
  teller_transaction_import_file_async (transaction, source, NULL, wait_done_cb, &wait);
  /* Nothing is listed before it is on disk. */
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 0);
  wait_run (&wait);

  first = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  g_assert_no_error (error);
  second = teller_transaction_add_finish (transaction, wait.results->pdata[1], &error);
  g_assert_no_error (error);
  ck_assert_uint_eq (check.checked, 2);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 2);
  ck_assert (teller_transaction_find (transaction, first, NULL));
  ck_assert (teller_transaction_find (transaction, second, NULL));

  /* Both copies sit in the new transaction folder, under distinct names. */
  ck_assert (g_file_has_parent (teller_transaction_get_folder (transaction), root));
  ck_assert (g_file_has_parent (teller_document_get_file (first),
                                teller_transaction_get_folder (transaction)));
  first_name = g_file_get_basename (teller_document_get_file (first));
  second_name = g_file_get_basename (teller_document_get_file (second));
  ck_assert (g_str_equal (first_name, "scan.jpg") || g_str_equal (first_name, "scan-2.jpg"));
  ck_assert (g_str_equal (second_name, "scan.jpg") || g_str_equal (second_name, "scan-2.jpg"));
  ck_assert_str_ne (first_name, second_name);
  ck_assert_int_eq (teller_document_get_kind (first), TELLER_DOCUMENT_KIND_IMAGE);
  ck_assert_str_eq (teller_document_get_title (first), first_name);

  /* A source that cannot be read adds nothing and leaves nothing behind. */
  g_ptr_array_set_size (wait.results, 0);
  wait.pending = 1;
  teller_transaction_import_file_async (transaction, missing, NULL, wait_done_cb, &wait);
  wait_run (&wait);
  none = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  ck_assert_ptr_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  ck_assert (g_str_has_prefix (error->message, "Could not save “missing.jpg”: "));
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 2);
  folder_path = g_file_get_path (teller_transaction_get_folder (transaction));
  ck_assert_uint_eq (count_entries (folder_path, NULL), 2);

  wait_clear (&wait);
  g_signal_handlers_disconnect_by_data (transaction, &check);
  unref_and_wait (transaction);
}
END_TEST

START_TEST (test_transaction_add_bytes)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(GBytes) png = png_bytes (16, 16, 0x00ff00ff);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *folder_path = NULL;
  ContentCheck check = { png, 0 };
  Wait wait;

  g_signal_connect (transaction, "items-changed", G_CALLBACK (check_content_cb), &check);

  /* Five saves racing for one name: each keeps its own file. */
  wait_init (&wait);
  wait.pending = 5;
  for (guint i = 0; i < 5; i++)
    teller_transaction_add_bytes_async (transaction, "id-photo.png", "ID photo", png, NULL,
                                        wait_done_cb, &wait);
  wait_run (&wait);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TellerDocument) doc = NULL;
      g_autofree char *path = NULL;

      doc = teller_transaction_add_finish (transaction, wait.results->pdata[i], &error);
      g_assert_no_error (error);
      ck_assert_str_eq (teller_document_get_title (doc), "ID photo");
      ck_assert_int_eq (teller_document_get_kind (doc), TELLER_DOCUMENT_KIND_IMAGE);
      path = document_path (doc);
      ck_assert_uint_eq (file_mode (path), 0600);
      ck_assert (g_hash_table_add (names, g_file_get_basename (teller_document_get_file (doc))));
    }

  ck_assert_uint_eq (check.checked, 5);
  ck_assert_uint_eq (teller_transaction_get_n_documents (transaction), 5);
  ck_assert (g_hash_table_contains (names, "id-photo.png"));
  ck_assert (g_hash_table_contains (names, "id-photo-5.png"));
  folder_path = g_file_get_path (teller_transaction_get_folder (transaction));
  ck_assert_uint_eq (count_entries (folder_path, NULL), 5);

  wait_clear (&wait);
  g_signal_handlers_disconnect_by_data (transaction, &check);
  unref_and_wait (transaction);
}
END_TEST

START_TEST (test_transaction_add_cancelled)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 nothing", 16);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TellerDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder_path = NULL;
  Wait wait;

  g_cancellable_cancel (cancellable);
  wait_init (&wait);
  wait.pending = 1;
  teller_transaction_add_bytes_async (transaction, "a.pdf", NULL, bytes, cancellable,
                                      wait_done_cb, &wait);
  wait_run (&wait);

  doc = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  ck_assert_ptr_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert (teller_transaction_get_empty (transaction));
  folder_path = g_file_get_path (teller_transaction_get_folder (transaction));
  ck_assert_uint_eq (count_entries (folder_path, NULL), 0);

  wait_clear (&wait);
  unref_and_wait (transaction);
}
END_TEST

/* A save still running when the customer leaves must not show up for the next one,
 * yet its file is kept. */
START_TEST (test_transaction_finish_during_add)
{
  TellerTransaction *transaction = make_transaction ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 nothing", 16);
  g_autoptr(TellerDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) old_folder = NULL;
  g_autofree char *old_folder_path = NULL;
  Wait wait;

  wait_init (&wait);
  wait.pending = 1;
  teller_transaction_add_bytes_async (transaction, "late.pdf", NULL, bytes, NULL,
                                      wait_done_cb, &wait);
  old_folder = g_object_ref (teller_transaction_get_folder (transaction));
  teller_transaction_finish (transaction);
  wait_run (&wait);

  doc = teller_transaction_add_finish (transaction, wait.results->pdata[0], &error);
  ck_assert_ptr_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert (teller_transaction_get_empty (transaction));
  old_folder_path = g_file_get_path (old_folder);
  ck_assert_uint_eq (count_entries (old_folder_path, ".pdf"), 1);

  wait_clear (&wait);
  unref_and_wait (transaction);
}
END_TEST

/* --------------------------------------------------------------- thumbnails */

static TellerThumbnail *
render (const char *name,
        int         max_size,
        GError    **error)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return teller_thumbnail_render (file, max_size, NULL, error);
}

static guint32
pixel_at (TellerThumbnail *thumbnail,
          int              x,
          int              y)
{
  const guint8 *data = g_bytes_get_data (thumbnail->pixels, NULL);
  guint32 pixel;

  memcpy (&pixel, data + (gsize) y * thumbnail->stride + (gsize) x * 4, 4);
  return pixel;
}

static void
assert_thumbnail (TellerThumbnail *thumbnail,
                  int              max_size,
                  int              width,
                  int              height)
{
  ck_assert_ptr_nonnull (thumbnail);
  ck_assert_int_le (thumbnail->width, max_size);
  ck_assert_int_le (thumbnail->height, max_size);
  ck_assert_msg (ABS (thumbnail->width - width) <= 1 && ABS (thumbnail->height - height) <= 1,
                 "thumbnail is %dx%d, expected %dx%d",
                 thumbnail->width, thumbnail->height, width, height);
  ck_assert_uint_ge (thumbnail->stride, (gsize) thumbnail->width * 4);
  ck_assert_uint_eq (g_bytes_get_size (thumbnail->pixels),
                     thumbnail->stride * thumbnail->height);
}

static void
put_bytes (const char *name,
           GBytes     *bytes)
{
  g_autofree char *path = tmp_path (name);

  put_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

START_TEST (test_thumbnail_png)
{
  /* Half-transparent red, so the premultiplication shows. */
  g_autoptr(GBytes) png = png_bytes (300, 200, 0xff000080);
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  put_bytes ("photo.png", png);
  thumbnail = render ("photo.png", 120, &error);
  g_assert_no_error (error);
  assert_thumbnail (thumbnail, 120, 120, 80);
  ck_assert_uint_eq (pixel_at (thumbnail, 60, 40), 0x80800000);
}
END_TEST

START_TEST (test_thumbnail_jpeg)
{
  g_autoptr(GBytes) jpeg = jpeg_bytes (400, 100);
  g_autoptr(GBytes) rotated = jpeg_bytes_rotated (200, 100);
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(TellerThumbnail) upright = NULL;
  g_autoptr(GError) error = NULL;

  put_bytes ("scan.jpg", jpeg);
  thumbnail = render ("scan.jpg", 128, &error);
  g_assert_no_error (error);
  assert_thumbnail (thumbnail, 128, 128, 32);
  ck_assert_uint_eq (pixel_at (thumbnail, 64, 16) >> 24, 0xff);

  /* Stored landscape, EXIF says portrait: the thumbnail is portrait. */
  put_bytes ("phone.jpg", rotated);
  upright = render ("phone.jpg", 128, &error);
  g_assert_no_error (error);
  assert_thumbnail (upright, 128, 64, 128);
}
END_TEST

START_TEST (test_thumbnail_pdf)
{
  g_autofree char *path = tmp_path ("form.pdf");
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  write_pdf (path);
  thumbnail = render ("form.pdf", 200, &error);
  g_assert_no_error (error);
  /* A4 is 595 x 842 points. */
  assert_thumbnail (thumbnail, 200, 141, 200);

  /* White paper behind the page, the square drawn black: at 100..300 pt of 842. */
  ck_assert_uint_eq (pixel_at (thumbnail, 2, 2), 0xffffffff);
  ck_assert_uint_eq (pixel_at (thumbnail, 140, 199), 0xffffffff);
  ck_assert_uint_eq (pixel_at (thumbnail, 47, 47), 0xff000000);
}
END_TEST

static void
assert_render_fails (const char *name,
                     gint        code)
{
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;

  thumbnail = render (name, 128, &error);
  ck_assert_ptr_null (thumbnail);
  g_assert_error (error, G_IO_ERROR, code);
  ck_assert (error->message != NULL && *error->message != '\0');
}

START_TEST (test_thumbnail_corrupt)
{
  g_autofree char *pdf_path = tmp_path ("form.pdf");
  g_autofree char *pdf = NULL;
  g_autofree char *half_path = tmp_path ("half.pdf");
  g_autofree char *stub_path = tmp_path ("stub.pdf");
  g_autofree char *noise_path = tmp_path ("noise.jpg");
  g_autofree char *empty_path = tmp_path ("empty.png");
  g_autofree char *text_path = tmp_path ("notes.txt");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(TellerThumbnail) half = NULL;
  g_autoptr(GError) error = NULL;
  guint8 noise[8192];
  gsize length = 0;

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  /* A JPEG start marker, so the decoder really goes at it. */
  noise[0] = 0xff;
  noise[1] = 0xd8;
  noise[2] = 0xff;
  put_file (noise_path, (const char *) noise, sizeof noise);
  assert_render_fails ("noise.jpg", G_IO_ERROR_INVALID_DATA);

  write_pdf (pdf_path);
  pdf = get_file (pdf_path, &length);
  put_file (stub_path, pdf, 64);
  assert_render_fails ("stub.pdf", G_IO_ERROR_INVALID_DATA);

  /* Cut in the middle: poppler may repair it; either way, no crash and a sane answer. */
  put_file (half_path, pdf, length / 2);
  half = render ("half.pdf", 128, &error);
  if (half != NULL)
    assert_thumbnail (half, 128, half->width, half->height);
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  put_file (empty_path, "", 0);
  assert_render_fails ("empty.png", G_IO_ERROR_INVALID_DATA);
  put_file (text_path, "just text", -1);
  assert_render_fails ("notes.txt", G_IO_ERROR_INVALID_DATA);
  assert_render_fails ("missing.png", G_IO_ERROR_NOT_FOUND);
}
END_TEST

START_TEST (test_thumbnail_async)
{
  g_autofree char *path = tmp_path ("form.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(TellerThumbnail) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cancel_error = NULL;
  Wait wait;

  write_pdf (path);
  g_cancellable_cancel (cancellable);

  wait_init (&wait);
  wait.pending = 2;
  teller_thumbnail_render_async (file, 96, NULL, wait_done_cb, &wait);
  teller_thumbnail_render_async (file, 96, cancellable, wait_done_cb, &wait);
  wait_run (&wait);

  for (guint i = 0; i < 2; i++)
    {
      GAsyncResult *result = wait.results->pdata[i];

      if (g_task_get_cancellable (G_TASK (result)) == NULL)
        thumbnail = teller_thumbnail_render_finish (result, &error);
      else
        cancelled = teller_thumbnail_render_finish (result, &cancel_error);
    }

  g_assert_no_error (error);
  g_assert_error (cancel_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert_ptr_null (cancelled);
  assert_thumbnail (thumbnail, 96, 68, 96);

  wait_clear (&wait);
}
END_TEST

/* ------------------------------------------------------------------- suite */

static Suite *
store_suite (void)
{
  Suite *suite = suite_create ("store");
  TCase *write = tcase_create ("atomic-write");
  TCase *names = tcase_create ("names");
  TCase *transaction = tcase_create ("transaction");
  TCase *thumbnails = tcase_create ("thumbnails");

  tcase_add_checked_fixture (write, setup, teardown);
  tcase_add_test (write, test_write_bytes_creates_and_replaces);
  tcase_add_test (write, test_write_stream_large);
  tcase_add_test (write, test_write_stream_fails_halfway);
  tcase_add_test (write, test_write_stream_cancelled_halfway);
  tcase_add_test (write, test_write_killed_midway);
  tcase_add_test (write, test_write_readonly_folder);
  tcase_add_test (write, test_write_missing_folder);
  suite_add_tcase (suite, write);

  tcase_add_checked_fixture (names, setup, teardown);
  tcase_add_test (names, test_unique_child);
  tcase_add_test (names, test_transaction_folders_unique);
  tcase_add_test (names, test_document_kind);
  tcase_add_test (names, test_document_properties);
  suite_add_tcase (suite, names);

  tcase_add_checked_fixture (transaction, setup, teardown);
  tcase_add_test (transaction, test_transaction_model);
  tcase_add_test (transaction, test_transaction_purge);
  tcase_add_test (transaction, test_transaction_finish);
  tcase_add_test (transaction, test_transaction_import);
  tcase_add_test (transaction, test_transaction_add_bytes);
  tcase_add_test (transaction, test_transaction_add_cancelled);
  tcase_add_test (transaction, test_transaction_finish_during_add);
  suite_add_tcase (suite, transaction);

  tcase_add_checked_fixture (thumbnails, setup, teardown);
  tcase_add_test (thumbnails, test_thumbnail_png);
  tcase_add_test (thumbnails, test_thumbnail_jpeg);
  tcase_add_test (thumbnails, test_thumbnail_pdf);
  tcase_add_test (thumbnails, test_thumbnail_corrupt);
  tcase_add_test (thumbnails, test_thumbnail_async);
  suite_add_tcase (suite, thumbnails);

  return suite;
}

int
main (int    argc,
      char **argv)
{
  SRunner *runner;
  int failed;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (log_writer, NULL, NULL);

  runner = srunner_create (store_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? 0 : 1;
}
