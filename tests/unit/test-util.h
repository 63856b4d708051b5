/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <gio/gio.h>

/*
 * Runs the default main context until *@result is set by an async callback, failing
 * the test after @timeout_ms instead of hanging.
 */
static inline void
test_wait_for_result (GAsyncResult **result,
                      guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (*result == NULL)
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "timed out waiting for a result");
      g_main_context_iteration (NULL, FALSE);
      if (*result == NULL)
        g_usleep (1000);
    }
}

static inline void
test_store_result_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Spins the main context until @condition (re-evaluated each turn) holds. */
#define TEST_WAIT_UNTIL(condition, timeout_ms) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(condition)) \
      { \
        ck_assert_msg (g_get_monotonic_time () < _deadline, "timed out waiting for " #condition); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (1000); \
      } \
  } G_STMT_END
