/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>

#include "test-util.h"

/*
 * teller-cli as a script runs it: its exit status, stdout and stderr.  The default
 * main context keeps turning while it runs, so an in-process simulator answers.
 * The executable is TELLER_CLI_PATH, which the test's meson target defines.
 */
typedef struct
{
  int   status;
  char *out;
  char *err;
} TestCliRun;

static inline void
test_cli_run_clear (TestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestCliRun, test_cli_run_clear)

/* Fails the test when teller-cli does not exit within @timeout_ms. */
static inline TestCliRun
test_run_cli (guint       timeout_ms,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TestCliRun run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) TELLER_CLI_PATH);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  ck_assert_msg (process != NULL, "%s", error ? error->message : "");
  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, timeout_ms);
  ck_assert (g_subprocess_communicate_utf8_finish (process, result, &run.out, &run.err, &error));
  ck_assert (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);

  return run;
}
