/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "teller-document-tile.h"
#include "test-gui-util.h"

/* The harness and helpers of the GUI tests that drive the real window. */

char *test_gui_first_warning;
const char *test_gui_screenshot_suffix = "";

/*
 * A warning or critical from GTK, GStreamer's GLib side or the app (a bad template,
 * a failed binding) fails the test.  Only the session bus is allowed to be missing:
 * there is none under Xvfb.
 */
GLogWriterOutput
test_gui_log_writer (GLogLevelFlags   level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0 &&
      test_gui_first_warning == NULL)
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
            message = fields[i].value;
        }

      if (message != NULL && strstr (message, "session bus") == NULL)
        test_gui_first_warning = g_strdup (message);
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* ---- main() ------------------------------------------------------------------ */

static void
setup_i18n (gboolean chinese)
{
  /* The build's translations, so LANGUAGE=zh_CN shows the Chinese dialogs. */
  if (g_getenv ("TELLER_LOCALEDIR") == NULL)
    {
      const char *builddir = g_getenv ("TELLER_BUILDDIR");
      g_autofree char *localedir = g_build_filename (builddir != NULL ? builddir : ".", "po", NULL);

      g_setenv ("TELLER_LOCALEDIR", localedir, TRUE);
    }

  if (chinese)
    {
      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
      g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
      test_gui_screenshot_suffix = "-zh_CN";
    }

  if (setlocale (LC_ALL, "") == NULL && chinese)
    exit (TEST_GUI_EXIT_SKIP);

  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELLER_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
test_gui_init (int   argc,
               char *argv[])
{
  gboolean chinese = argc > 1 && g_str_equal (argv[1], "--locale=zh_CN");

  g_log_set_writer_func (test_gui_log_writer, NULL, NULL);
  setup_i18n (chinese);
  return chinese;
}

START_TEST (test_zh_CN)
{
  g_autoptr(GError) error = NULL;
  const char *self_path = g_getenv ("TELLER_TEST_GUI_SELF");
  const char *argv[] = { self_path, "--locale=zh_CN", NULL };
  int wait_status = 0;

  ck_assert_ptr_nonnull (self_path);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, NULL, &wait_status, &error),
                 "could not run the Chinese pass");

  if (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == TEST_GUI_EXIT_SKIP)
    {
      g_printerr ("zh_CN locale is not generated here: Chinese pass skipped\n");
      return;
    }

  ck_assert_msg (g_spawn_check_wait_status (wait_status, &error),
                 "the Chinese pass failed: %s", error != NULL ? error->message : "");
}
END_TEST

void
test_gui_add_zh_CN_pass (Suite      *suite,
                         const char *argv0)
{
  TCase *zh = tcase_create ("zh_CN");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);

  g_setenv ("TELLER_TEST_GUI_SELF", self_path != NULL ? self_path : argv0, TRUE);
  tcase_set_timeout (zh, 300);
  tcase_add_test (zh, test_zh_CN);
  suite_add_tcase (suite, zh);
}

int
test_gui_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int n_failed;

  srunner_run_all (runner, CK_NORMAL);
  n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* ---- The app and its steps ------------------------------------------------- */

char *
test_gui_setup_folders (const char  *tmpl,
                        char       **output_dir)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  char *tmpdir = g_dir_make_tmp (tmpl, &error);

  ck_assert_msg (tmpdir != NULL, "no temporary folder");

  /* Nothing may land in the real user's data folder. */
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);
  output = g_build_filename (tmpdir, "output", NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "output-folder", output);

  if (output_dir != NULL)
    *output_dir = g_steal_pointer (&output);
  return tmpdir;
}

void
test_gui_remove_folder (const char *path)
{
  g_autoptr(GFile) folder = g_file_new_for_path (path);

  test_gui_delete_tree (folder);
}

gboolean
test_gui_settled (TestGuiHarness *h)
{
  return ++h->ticks % TEST_GUI_SETTLE_TICKS == 0;
}

static gboolean
tick_cb (gpointer user_data)
{
  TestGuiHarness *h = user_data;
  gint64 now = g_get_monotonic_time ();

  if (h->on_tick != NULL)
    h->on_tick (h, now);

  if (h->step < h->n_steps && h->failure == NULL)
    {
      if (h->steps[h->step].func (h))
        {
          h->step++;
          h->step_started = now;
          h->ticks = 0;
          h->phase = 0;
          h->started = FALSE;
        }
      else if (now - h->step_started > TEST_GUI_STEP_TIMEOUT_US)
        {
          if (h->report_phase)
            h->failure = g_strdup_printf ("timed out at step “%s” (phase %u)",
                                          h->steps[h->step].name, h->phase);
          else
            h->failure = g_strdup_printf ("timed out at step “%s”", h->steps[h->step].name);
        }
    }

  if (h->step < h->n_steps && h->failure == NULL)
    return G_SOURCE_CONTINUE;

  g_action_group_activate_action (G_ACTION_GROUP (h->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
startup_cb (GApplication   *app,
            TestGuiHarness *h)
{
  h->on_startup (h);
}

static void
activate_cb (GApplication   *app,
             TestGuiHarness *h)
{
  h->step_started = g_get_monotonic_time ();
  g_timeout_add (TEST_GUI_TICK_MS, tick_cb, h);
}

int
test_gui_run_app (TestGuiHarness *h)
{
  char *argv[] = { (char *) "teller", (char *) "--demo", NULL };
  int status;

  h->app = teller_application_new_with_flags (G_APPLICATION_NON_UNIQUE);
  if (h->on_startup != NULL)
    g_signal_connect_after (h->app, "startup", G_CALLBACK (startup_cb), h);
  g_signal_connect_after (h->app, "activate", G_CALLBACK (activate_cb), h);
  status = g_application_run (G_APPLICATION (h->app), G_N_ELEMENTS (argv) - 1, argv);
  g_clear_object (&h->app);

  return status;
}

void
test_gui_assert_finished (TestGuiHarness *h,
                          int             status)
{
  ck_assert_msg (h->failure == NULL, "%s", h->failure);
  ck_assert_msg (test_gui_first_warning == NULL, "logged: %s", test_gui_first_warning);
  ck_assert_int_eq (h->step, h->n_steps);
  ck_assert_int_eq (status, 0);
}

/* ---- Widgets and files ----------------------------------------------------- */

GtkWidget *
test_gui_find_actionable (GtkWidget  *widget,
                          const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;

      if ((found = test_gui_find_actionable (child, action_name)) != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
test_gui_find_widget (GtkWidget *widget,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_gui_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gpointer
test_gui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

gboolean
test_gui_save_node (GtkWidget             *widget,
                    GskRenderNode         *node,
                    const graphene_rect_t *viewport,
                    const char            *name,
                    char                 **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = g_strdup_printf ("%s%s.png", name, test_gui_screenshot_suffix);
  g_autofree char *path = NULL;
  const char *builddir = g_getenv ("TELLER_BUILDDIR");

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         viewport);
  path = g_build_filename (builddir != NULL ? builddir : ".", "tests", "gui", filename, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      *error = g_strdup_printf ("could not write %s", path);
      return FALSE;
    }

  g_print ("screenshot: %s\n", path);
  return TRUE;
}

gboolean
test_gui_save_screenshot (GtkWidget  *widget,
                          const char *name,
                          char      **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      *error = g_strdup_printf ("nothing to render for %s%s.png", name, test_gui_screenshot_suffix);
      return FALSE;
    }

  return test_gui_save_node (widget, node, &GRAPHENE_RECT_INIT (0, 0, width, height), name, error);
}

/* Beside the screenshots, so a reviewer can see the result itself. */
void
test_gui_keep_for_review (GFile      *file,
                          const char *name)
{
  const char *builddir = g_getenv ("TELLER_BUILDDIR");
  g_autofree char *path = g_build_filename (builddir != NULL ? builddir : ".", "tests", "gui",
                                            name, NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (path);

  if (g_file_copy (file, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL))
    g_print ("kept: %s\n", path);
}

void
test_gui_collect_tiles (GtkWidget *widget,
                        GPtrArray *tiles)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (TELLER_IS_DOCUMENT_TILE (child))
        g_ptr_array_add (tiles, child);
      else
        test_gui_collect_tiles (child, tiles);
    }
}

void
test_gui_delete_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      test_gui_delete_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}
