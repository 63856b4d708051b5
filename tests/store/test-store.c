/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-store.h"

char *tmpdir;
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

void
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

void
teardown (void)
{
  remove_tree (tmpdir);
  ck_assert_msg (!g_file_test (tmpdir, G_FILE_TEST_EXISTS), "temp dir left behind");
  g_clear_pointer (&tmpdir, g_free);
  ck_assert_uint_eq (n_core_messages, 0);
}

char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

void
put_file (const char *path,
          const char *contents,
          gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

char *
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
void
assert_file_is (const char *path,
                const char *expected)
{
  g_autofree char *contents = get_file (path, NULL);

  ck_assert_msg (g_str_equal (contents, expected), "%s holds %.40s..., not %s",
                 path, contents, expected);
}

guint
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

guint
file_mode (const char *path)
{
  GStatBuf st;

  ck_assert_int_eq (g_stat (path, &st), 0);
  return st.st_mode & 07777;
}

GBytes *
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

GBytes *
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
GBytes *
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
void
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

GInputStream *
test_stream_new (guint64 total)
{
  TestStream *self = g_object_new (TEST_TYPE_STREAM, NULL);

  self->total = total;
  return G_INPUT_STREAM (self);
}

/* ------------------------------------------------------------ main loop waits */

static gboolean
wait_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);

  return G_SOURCE_REMOVE;
}

void
wait_init (Wait *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->pending = 0;
  wait->timed_out = FALSE;
  wait->results = g_ptr_array_new_with_free_func (g_object_unref);
}

void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->loop, g_main_loop_unref);
  g_clear_pointer (&wait->results, g_ptr_array_unref);
}

void
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
void
wait_run (Wait *wait)
{
  guint id = g_timeout_add_seconds (ASYNC_TIMEOUT_SECONDS, wait_timeout_cb, wait);

  if (wait->pending > 0)
    g_main_loop_run (wait->loop);
  ck_assert_msg (!wait->timed_out, "timed out waiting for an async operation");
  g_source_remove (id);
}

void
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
void
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

/* ---- The suite ---------------------------------------------------- */

static Suite *
store_suite (void)
{
  Suite *suite = suite_create ("store");

  suite_add_tcase (suite, store_write_tcase ());
  suite_add_tcase (suite, store_names_tcase ());
  suite_add_tcase (suite, store_transaction_tcase ());
  suite_add_tcase (suite, store_thumbnails_tcase ());

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
