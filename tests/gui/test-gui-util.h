/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <gtk/gtk.h>

#include "teller-application.h"
#include "teller-window.h"

G_BEGIN_DECLS

/*
 * The harness shared by the GUI tests: each runs the real window in-process on the
 * built-in simulator (--demo) and drives it from a main-loop tick.  Each step either
 * finishes (TRUE), keeps waiting (FALSE, bounded by TEST_GUI_STEP_TIMEOUT_US), or
 * records a failure.  The loop always ends, so a broken build fails instead of hanging.
 *
 * A test's Fixture starts with a TestGuiHarness named h, so that a step can be handed
 * the harness as its Fixture:
 *
 *   typedef struct { TestGuiHarness h; ... } Fixture;
 */

#define TEST_GUI_TICK_MS         50
#define TEST_GUI_STEP_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define TEST_GUI_SETTLE_TICKS    16
/* The Chinese pass exits with this where zh_CN is not generated. */
#define TEST_GUI_EXIT_SKIP       77

typedef struct _TestGuiHarness TestGuiHarness;

/* A step, called with the Fixture that starts with the harness. */
typedef gboolean (*TestGuiStepFunc) (gpointer fixture);

typedef struct
{
  const char      *name;
  TestGuiStepFunc  func;
} TestGuiStep;

/* An entry of a steps table: TEST_GUI_STEP ("import", step_import). */
#define TEST_GUI_STEP(name, func) { (name), (TestGuiStepFunc) (void (*) (void)) (func) }

struct _TestGuiHarness
{
  TellerApplication *app;
  TellerWindow      *window;
  guint              step;
  gint64             step_started;
  guint              ticks;
  /* Reset to 0 and FALSE when a step finishes; the steps use them as they like. */
  guint              phase;
  gboolean           started;
  char              *failure;

  /* Set by the test before test_gui_run_app(). */
  const TestGuiStep *steps;
  guint              n_steps;
  /* The timeout message names the phase the step was in. */
  gboolean           report_phase;
  /* Called on every tick before the step, and after the app's own startup. */
  void             (*on_tick)    (TestGuiHarness *h,
                                  gint64          now);
  void             (*on_startup) (TestGuiHarness *h);
};

/* In a step: records the failure and ends the step unless @cond holds. */
#define STEP_CHECK(f, cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        (f)->h.failure = g_strdup_printf (__VA_ARGS__); \
        return TRUE; \
      } \
  } G_STMT_END

/* The first warning or critical logged (bar the missing session bus), or NULL. */
extern char *test_gui_first_warning;
/* Added to every screenshot's name: "-zh_CN" in the Chinese pass. */
extern const char *test_gui_screenshot_suffix;

GLogWriterOutput test_gui_log_writer      (GLogLevelFlags   level,
                                           const GLogField *fields,
                                           gsize            n_fields,
                                           gpointer         user_data);

/* Logs through test_gui_log_writer() and binds the build's translations; with
 * --locale=zh_CN in @argv, in Chinese (exiting with TEST_GUI_EXIT_SKIP where that
 * locale is not generated).  TRUE for the Chinese pass. */
gboolean         test_gui_init            (int              argc,
                                           char            *argv[]);
/* Runs the window again in Chinese, in a child process: gettext picks the
 * language at first use. */
void             test_gui_add_zh_CN_pass  (Suite           *suite,
                                           const char      *argv0);
/* Runs every test of @suite; the exit status for main(). */
int              test_gui_run_suite       (Suite           *suite);

/* A temporary folder that stands for the user's data folder, with its "output"
 * folder set as the output folder (into @output_dir, unless NULL). */
char            *test_gui_setup_folders   (const char      *tmpl,
                                           char           **output_dir);
void             test_gui_remove_folder   (const char      *path);

/* Runs `teller --demo` (non-unique) until the steps end; the app's exit status. */
int              test_gui_run_app         (TestGuiHarness  *h);
/* Every step ran, nothing failed or warned, and the app exited with 0. */
void             test_gui_assert_finished (TestGuiHarness  *h,
                                           int              status);
/* TRUE every TEST_GUI_SETTLE_TICKS ticks: lets a window draw before a screenshot. */
gboolean         test_gui_settled         (TestGuiHarness  *h);

/* The first widget under @widget bound to @action_name ("pane.open"). */
GtkWidget       *test_gui_find_actionable (GtkWidget       *widget,
                                           const char      *action_name);
/* @widget, or the first widget under it, of @type; or NULL. */
GtkWidget       *test_gui_find_widget     (GtkWidget       *widget,
                                           GType            type);
/* A mapped toplevel of @type, or NULL. */
gpointer         test_gui_find_toplevel   (GType            type);
/* Renders @widget to $TELLER_BUILDDIR/tests/gui/@name<suffix>.png. */
gboolean         test_gui_save_screenshot (GtkWidget       *widget,
                                           const char      *name,
                                           char           **error);
/* Renders @node (drawn from @widget) over @viewport to the same place. */
gboolean         test_gui_save_node       (GtkWidget             *widget,
                                           GskRenderNode         *node,
                                           const graphene_rect_t *viewport,
                                           const char            *name,
                                           char                 **error);
/* Copies @file beside the screenshots, for a reviewer. */
void             test_gui_keep_for_review (GFile           *file,
                                           const char      *name);
/* Every TellerDocumentTile under @widget. */
void             test_gui_collect_tiles   (GtkWidget       *widget,
                                           GPtrArray       *tiles);
void             test_gui_delete_tree     (GFile           *file);

G_END_DECLS
