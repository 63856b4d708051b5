/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-store.h"

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

TCase *
store_write_tcase (void)
{
  TCase *tc = tcase_create ("atomic-write");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_write_bytes_creates_and_replaces);
  tcase_add_test (tc, test_write_stream_large);
  tcase_add_test (tc, test_write_stream_fails_halfway);
  tcase_add_test (tc, test_write_stream_cancelled_halfway);
  tcase_add_test (tc, test_write_killed_midway);
  tcase_add_test (tc, test_write_readonly_folder);
  tcase_add_test (tc, test_write_missing_folder);

  return tc;
}
