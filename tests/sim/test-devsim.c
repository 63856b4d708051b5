/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "test-sim-util.h"

/* teller-devsim run as a separate program, the way scripts and integrators run it. */

static const char *
devsim_path (void)
{
  const char *path = g_getenv ("TELLER_DEVSIM");

  return path != NULL ? path : TELLER_DEVSIM_PATH;
}

/* The simulator must not outlive a test that fails halfway. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn_devsim (const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  ck_assert_msg (g_file_test (devsim_path (), G_FILE_TEST_IS_EXECUTABLE),
                 "%s is not built", devsim_path ());
  g_ptr_array_add (argv, (gpointer) devsim_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  ck_assert_msg (process != NULL, "%s", error != NULL ? error->message : "");
  return process;
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Returns the exit status, after at most WAIT_MS. */
static int
wait_exit (GSubprocess *process)
{
  gboolean exited = FALSE;

  g_subprocess_wait_async (process, NULL, waited_cb, &exited);
  if (!wait_for (&exited, WAIT_MS))
    {
      g_subprocess_force_exit (process);
      ck_abort_msg ("teller-devsim did not exit");
    }
  ck_assert_msg (g_subprocess_get_if_exited (process), "teller-devsim was killed");
  return g_subprocess_get_exit_status (process);
}

typedef struct
{
  gboolean  done;
  char     *line;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                          result, NULL, NULL);
  read->done = TRUE;
}

static char *
read_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) data = NULL;
  LineRead read = { FALSE, NULL };

  data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (data, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  if (!wait_for (&read.done, WAIT_MS))
    {
      g_subprocess_force_exit (process);
      ck_abort_msg ("teller-devsim printed nothing");
    }
  return read.line;
}

/* Starts teller-devsim with @args and points the tests at the URL it prints. */
static GSubprocess *
start_devsim (const char * const *args)
{
  GSubprocess *process = spawn_devsim (args);
  g_autofree char *line = read_line (process);

  ck_assert_ptr_nonnull (line);
  ck_assert_msg (g_str_has_prefix (line, "camera http://127.0.0.1:"), "printed “%s”", line);
  g_free (base_url);
  base_url = g_strdup (line + strlen ("camera "));
  return process;
}

START_TEST (test_devsim_runs)
{
  g_autoptr(GSubprocess) process = start_devsim ((const char *[]) { "--port", "0", NULL });
  g_autoptr(JsonObject) status = post_ok ("/video=status", "{}");

  assert_member (status, "code", "0");
  assert_member (status, "video0", "ok");

  g_subprocess_send_signal (process, SIGTERM);
  ck_assert_int_eq (wait_exit (process), 0);
}
END_TEST

START_TEST (test_devsim_options)
{
  g_autoptr(GSubprocess) process = start_devsim ((const char *[]) {
    "--port=0", "--unplugged", "--fault", "video=status=latency=100,code=3",
    "--fault", "*=code=9", NULL });
  g_autoptr(JsonObject) status = post_ok ("/video=status", "{}");
  g_autoptr(JsonObject) param = post_ok ("/param=get", "{\"type\":\"app_version\"}");
  g_autoptr(JsonObject) cleared_all = NULL;
  g_autoptr(JsonObject) cleared = NULL;
  g_autoptr(JsonObject) serial = NULL;

  assert_member (status, "code", "3");
  assert_member (param, "code", "9");

  cleared_all = post_ok ("/__sim/fault", "{\"route\":\"*\",\"fault\":\"none\"}");
  cleared = post_ok ("/__sim/fault", "{\"route\":\"video=status\",\"fault\":\"none\"}");
  serial = post_ok ("/param=get", "{\"type\":\"serial_number\"}");
  assert_member (serial, "code", "2");

  g_subprocess_send_signal (process, SIGINT);
  ck_assert_int_eq (wait_exit (process), 0);
}
END_TEST

START_TEST (test_devsim_bad_options)
{
  const char *cases[][4] = {
    { "--port", "0", "--fault", "video=status=bogus" },
    { "--port", "0", "--fault", "drop" },
    { "--port", "99999", NULL, NULL },
    { "--port", "x", NULL, NULL },
    { "--no-such-option", NULL, NULL, NULL },
    { "--port", "0", "extra", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[5] = { NULL };
      g_autoptr(GSubprocess) process = NULL;

      memcpy (args, cases[i], sizeof cases[i]);
      process = spawn_devsim (args);
      ck_assert_msg (wait_exit (process) == 2, "case %u did not exit 2", i);
    }
}
END_TEST

START_TEST (test_devsim_port_in_use)
{
  g_autofree char *port = g_strdup_printf ("%u", teller_sim_server_get_port (server));
  g_autoptr(GSubprocess) process = spawn_devsim ((const char *[]) { "--port", port, NULL });

  ck_assert_int_eq (wait_exit (process), 1);
}
END_TEST

Suite *
devsim_suite (void)
{
  Suite *suite = suite_create ("devsim");
  TCase *devsim = tcase_create ("devsim");

  tcase_add_checked_fixture (devsim, sim_test_setup, sim_test_teardown);
  suite_add_tcase (suite, devsim);
  tcase_add_test (devsim, test_devsim_runs);
  tcase_add_test (devsim, test_devsim_options);
  tcase_add_test (devsim, test_devsim_bad_options);
  tcase_add_test (devsim, test_devsim_port_in_use);
  return suite;
}
