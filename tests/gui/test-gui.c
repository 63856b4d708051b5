/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "teller-application.h"
#include "teller-document-tile.h"
#include "teller-preferences-window.h"
#include "teller-window.h"
#include "test-gui-util.h"

/*
 * Runs the real window in-process on the built-in simulator and drives it from a
 * main-loop tick (test-gui-util.h): each step either finishes, keeps waiting
 * (bounded), or records a failure.  Then once more in Chinese.
 */

typedef struct
{
  TestGuiHarness     h;
  char              *tmpdir;
  char              *output_dir;
  GFile             *png;
  GFile             *pdf;
  GPtrArray         *document_files;
} Fixture;

static TellerTransactionPane *
pane (Fixture *f)
{
  return teller_window_get_transaction_pane (f->h.window);
}

static guint
n_grid_items (Fixture *f)
{
  GtkGridView *grid_view = teller_transaction_pane_get_grid_view (pane (f));
  GtkSelectionModel *model = gtk_grid_view_get_model (grid_view);

  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

static guint
n_tiles_with_thumbnail (Fixture *f)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  guint n = 0;

  test_gui_collect_tiles (GTK_WIDGET (teller_transaction_pane_get_grid_view (pane (f))), tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      TellerDocumentTile *tile = g_ptr_array_index (tiles, i);

      if (teller_document_tile_get_document (tile) != NULL &&
          teller_document_tile_get_thumbnail (tile) != NULL)
        n++;
    }

  return n;
}

/* (a) The camera indicator must say "online", as the widget shows it. */
static gboolean
step_wait_online (Fixture *f)
{
  TellerStatusBar *bar;
  TellerServiceIndicator *indicator;
  GtkWidget *dot;

  if (f->h.window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (f->h.app));

      if (!TELLER_IS_WINDOW (active) || !gtk_widget_get_mapped (GTK_WIDGET (active)))
        return FALSE;
      f->h.window = TELLER_WINDOW (active);
      /* The Camera page opens first; this test is about the transaction. */
      gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (pane (f)))),
                                   GTK_WIDGET (pane (f)));
    }

  bar = teller_window_get_status_bar (f->h.window);
  /* The camera and the card reader: two services of the one CameraService program. */
  STEP_CHECK (f, teller_status_bar_get_n_indicators (bar) <= 2,
              "expected two service indicators, got %u", teller_status_bar_get_n_indicators (bar));
  if (teller_status_bar_get_n_indicators (bar) < 2)
    return FALSE;

  /* The card reader answers the simulator's probe too. */
  if (teller_service_indicator_get_state (teller_status_bar_get_indicator (bar, 1)) !=
      TELLER_SERVICE_STATE_ONLINE)
    return FALSE;
  indicator = teller_status_bar_get_indicator (bar, 0);
  if (teller_service_indicator_get_state (indicator) != TELLER_SERVICE_STATE_ONLINE)
    return FALSE;

  STEP_CHECK (f, g_strcmp0 (teller_service_indicator_get_state_label (indicator), _("Online")) == 0,
              "indicator says “%s”", teller_service_indicator_get_state_label (indicator));
  dot = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (indicator)));
  STEP_CHECK (f, dot != NULL && gtk_widget_has_css_class (dot, "online"),
              "the status dot is not styled online");
  STEP_CHECK (f, g_strcmp0 (teller_transaction_pane_get_visible_page (pane (f)), "empty") == 0,
              "a new transaction should show the empty page");
  return TRUE;
}

/* (b) Two fixtures through the same path as the file chooser and drag and drop. */
static gboolean
step_import (Fixture *f)
{
  teller_transaction_pane_import_file (pane (f), f->png);
  teller_transaction_pane_import_file (pane (f), f->pdf);
  STEP_CHECK (f, teller_transaction_pane_get_importing (pane (f)), "import did not start");
  return TRUE;
}

static gboolean
step_wait_thumbnails (Fixture *f)
{
  GListModel *model;

  if (n_grid_items (f) < 2 || n_tiles_with_thumbnail (f) < 2)
    return FALSE;

  STEP_CHECK (f, n_grid_items (f) == 2, "expected 2 documents, got %u", n_grid_items (f));
  STEP_CHECK (f, !teller_transaction_pane_get_importing (pane (f)), "still importing");
  STEP_CHECK (f, g_strcmp0 (teller_transaction_pane_get_visible_page (pane (f)), "documents") == 0,
              "the documents page is not shown");

  model = G_LIST_MODEL (teller_transaction_pane_get_transaction (pane (f)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TellerDocument) document = g_list_model_get_item (model, i);

      g_ptr_array_add (f->document_files, g_object_ref (teller_document_get_file (document)));
    }

  return TRUE;
}

/* The one selected position, or GTK_INVALID_LIST_POSITION for none or several. */
static guint
selected_position (GtkSelectionModel *selection)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

  return gtk_bitset_get_size (selected) == 1 ? gtk_bitset_get_minimum (selected)
                                             : GTK_INVALID_LIST_POSITION;
}

static gboolean
check_move (Fixture *f)
{
  GtkSelectionModel *selection = teller_transaction_pane_get_selection (pane (f));
  GListModel *model = G_LIST_MODEL (teller_transaction_pane_get_transaction (pane (f)));
  g_autoptr(GObject) first = g_list_model_get_item (model, 0);
  g_autoptr(GObject) moved = NULL;

  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.move-down", NULL);
  moved = g_list_model_get_item (model, 1);
  if (moved != first || selected_position (selection) != 1)
    return FALSE;

  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.move-up", NULL);
  return selected_position (selection) == 0;
}

/* (c) Remove through the action, then undo; the file waits on disk meanwhile. */
static gboolean
step_remove_undo (Fixture *f)
{
  GtkSelectionModel *selection = teller_transaction_pane_get_selection (pane (f));
  g_autoptr(TellerDocument) removed = NULL;
  TellerToast *toast;

  STEP_CHECK (f, check_move (f), "moving a document did not keep it selected");

  gtk_selection_model_select_item (selection, 1, TRUE);
  removed = g_list_model_get_item (G_LIST_MODEL (selection), 1);
  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.remove", NULL);
  STEP_CHECK (f, n_grid_items (f) == 1, "after remove: %u items", n_grid_items (f));

  toast = teller_window_get_toast (f->h.window);
  STEP_CHECK (f, toast != NULL && teller_toast_get_button_label (toast) != NULL,
              "no undo toast after remove");
  STEP_CHECK (f, g_file_query_exists (teller_document_get_file (removed), NULL),
              "the removed file was deleted before the undo window closed");

  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.undo", NULL);
  STEP_CHECK (f, n_grid_items (f) == 2, "after undo: %u items", n_grid_items (f));
  STEP_CHECK (f, teller_window_get_toast (f->h.window) == NULL, "undo left the toast up");
  return TRUE;
}

/* (d) */
static gboolean
step_screenshot_transaction (Fixture *f)
{
  if (!test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, n_tiles_with_thumbnail (f) == 2, "thumbnails lost after undo");
  if (!test_gui_save_screenshot (GTK_WIDGET (f->h.window), "screenshot-transaction", &f->h.failure))
    return TRUE;
  return TRUE;
}

/* A failed import names the file and stays on screen until closed. */
static gboolean
step_import_error (Fixture *f)
{
  TellerToast *toast = teller_window_get_toast (f->h.window);

  if (!f->h.started)
    {
      g_autofree char *path = g_build_filename (f->tmpdir, "missing-scan.png", NULL);
      g_autoptr(GFile) missing = g_file_new_for_path (path);

      teller_transaction_pane_import_file (pane (f), missing);
      f->h.started = TRUE;
      return FALSE;
    }

  if (toast == NULL || !teller_toast_get_is_error (toast) || !test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, strstr (teller_toast_get_title (toast), "missing-scan.png") != NULL,
              "the error does not name the file: %s", teller_toast_get_title (toast));
  STEP_CHECK (f, teller_toast_get_timeout (toast) == 0, "an error toast would hide by itself");
  STEP_CHECK (f, n_grid_items (f) == 2, "a failed import changed the documents");
  if (!test_gui_save_screenshot (GTK_WIDGET (f->h.window), "screenshot-error", &f->h.failure))
    return TRUE;
  return TRUE;
}

/* (e) Finishing empties the screen, never the disk. */
static gboolean
step_finish (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.finish", NULL);

  STEP_CHECK (f, n_grid_items (f) == 0, "after finish: %u items", n_grid_items (f));
  STEP_CHECK (f, g_strcmp0 (teller_transaction_pane_get_visible_page (pane (f)), "empty") == 0,
              "the empty page is not shown after finish");
  STEP_CHECK (f, f->document_files->len == 2, "expected 2 document files");

  for (guint i = 0; i < f->document_files->len; i++)
    {
      GFile *file = g_ptr_array_index (f->document_files, i);
      g_autofree char *path = g_file_get_path (file);

      STEP_CHECK (f, g_file_query_exists (file, NULL), "%s is gone after finish", path);
      STEP_CHECK (f, g_str_has_prefix (path, f->output_dir),
                  "%s is outside the output folder", path);
    }

  STEP_CHECK (f, teller_window_get_toast (f->h.window) != NULL, "no toast after finish");
  return TRUE;
}

static gboolean
step_screenshot_finished (Fixture *f)
{
  if (!test_gui_settled (&f->h))
    return FALSE;

  if (!test_gui_save_screenshot (GTK_WIDGET (f->h.window), "screenshot-finished", &f->h.failure))
    return TRUE;
  return TRUE;
}

static GtkWindow *
find_preferences (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->h.app)); l != NULL; l = l->next)
    {
      if (TELLER_IS_PREFERENCES_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

/* (f) */
static gboolean
step_open_preferences (Fixture *f)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->h.app), "preferences", NULL);
  STEP_CHECK (f, find_preferences (f) != NULL, "app.preferences opened no window");
  return TRUE;
}

/* An address that is not http(s) is flagged and never reaches GSettings. */
static gboolean
check_url_validation (Fixture   *f,
                      GtkWindow *preferences)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *before = g_settings_get_string (settings, "camera-url");
  g_autofree char *invalid = NULL;
  g_autofree char *valid = NULL;
  GtkWidget *entry = test_gui_find_widget (GTK_WIDGET (preferences), GTK_TYPE_ENTRY);

  if (entry == NULL)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (entry), "ftp://127.0.0.1:38088");
  invalid = g_settings_get_string (settings, "camera-url");
  if (g_strcmp0 (invalid, before) != 0 || !gtk_widget_has_css_class (entry, "error"))
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (entry), "http://127.0.0.1:38089");
  valid = g_settings_get_string (settings, "camera-url");
  if (g_strcmp0 (valid, "http://127.0.0.1:38089") != 0 || gtk_widget_has_css_class (entry, "error"))
    return FALSE;

  g_settings_reset (settings, "camera-url");
  return TRUE;
}

static gboolean
step_screenshot_preferences (Fixture *f)
{
  GtkWindow *preferences = find_preferences (f);

  if (preferences == NULL || !gtk_widget_get_mapped (GTK_WIDGET (preferences)) || !test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, gtk_window_get_transient_for (preferences) == GTK_WINDOW (f->h.window),
              "preferences are not transient for the main window");
  if (!test_gui_save_screenshot (GTK_WIDGET (preferences), "screenshot-preferences", &f->h.failure))
    return TRUE;
  STEP_CHECK (f, check_url_validation (f, preferences), "the camera address is not validated");
  gtk_window_destroy (preferences);
  return TRUE;
}

static gboolean
step_shortcuts (Fixture *f)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (f->h.window);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  STEP_CHECK (f, overlay != NULL, "no keyboard shortcuts window");
  if (!gtk_widget_get_visible (GTK_WIDGET (overlay)))
    gtk_widget_activate_action (GTK_WIDGET (f->h.window), "win.show-help-overlay", NULL);

  if (!gtk_widget_get_mapped (GTK_WIDGET (overlay)) || !test_gui_settled (&f->h))
    return FALSE;

  if (!test_gui_save_screenshot (GTK_WIDGET (overlay), "screenshot-shortcuts", &f->h.failure))
    return TRUE;
  gtk_window_close (GTK_WINDOW (overlay));
  return TRUE;
}

static gboolean
step_about (Fixture *f)
{
  GtkWindow *about;

  if (!f->h.started)
    {
      g_action_group_activate_action (G_ACTION_GROUP (f->h.app), "about", NULL);
      f->h.started = TRUE;
    }

  about = test_gui_find_toplevel (GTK_TYPE_ABOUT_DIALOG);
  if (about == NULL || !test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, g_strcmp0 (gtk_about_dialog_get_version (GTK_ABOUT_DIALOG (about)),
                            PACKAGE_VERSION) == 0, "the about dialog shows another version");
  STEP_CHECK (f, gtk_window_get_transient_for (about) == GTK_WINDOW (f->h.window),
              "the about dialog is not transient for the main window");
  gtk_window_close (about);
  return TRUE;
}

static const TestGuiStep steps[] = {
  TEST_GUI_STEP ("camera online", step_wait_online),
  TEST_GUI_STEP ("import", step_import),
  TEST_GUI_STEP ("thumbnails", step_wait_thumbnails),
  TEST_GUI_STEP ("remove and undo", step_remove_undo),
  TEST_GUI_STEP ("transaction screenshot", step_screenshot_transaction),
  TEST_GUI_STEP ("import error", step_import_error),
  TEST_GUI_STEP ("finish", step_finish),
  TEST_GUI_STEP ("finished screenshot", step_screenshot_finished),
  TEST_GUI_STEP ("open preferences", step_open_preferences),
  TEST_GUI_STEP ("preferences screenshot", step_screenshot_preferences),
  TEST_GUI_STEP ("keyboard shortcuts", step_shortcuts),
  TEST_GUI_STEP ("about", step_about),
};

static void
write_png (const char *path)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 400);
  g_autoptr(GError) error = NULL;
  static const guint32 colours[] = { 0x3584e4ff, 0x33d17aff, 0xf6d32dff, 0xe01b24ff };

  gdk_pixbuf_fill (pixbuf, 0xf6f5f4ff);
  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    {
      g_autoptr(GdkPixbuf) band = gdk_pixbuf_new_subpixbuf (pixbuf, 40 + i * 145, 60, 125, 280);

      gdk_pixbuf_fill (band, colours[i]);
    }

  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  ck_assert_msg (error == NULL, "could not write the PNG fixture");
}

static void
write_pdf (const char *path)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 36);
  cairo_move_to (cr, 60, 120);
  cairo_show_text (cr, "Application Form");
  cairo_set_line_width (cr, 2);
  for (int i = 0; i < 12; i++)
    {
      cairo_move_to (cr, 60, 200 + i * 48);
      cairo_line_to (cr, 535, 200 + i * 48);
    }
  cairo_stroke (cr);
  cairo_show_page (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
fixture_setup (Fixture *f)
{
  g_autofree char *png_path = NULL;
  g_autofree char *pdf_path = NULL;

  f->tmpdir = test_gui_setup_folders ("teller-gui-XXXXXX", &f->output_dir);

  png_path = g_build_filename (f->tmpdir, "id-card.png", NULL);
  pdf_path = g_build_filename (f->tmpdir, "application-form.pdf", NULL);
  write_png (png_path);
  write_pdf (pdf_path);
  f->png = g_file_new_for_path (png_path);
  f->pdf = g_file_new_for_path (pdf_path);
  f->document_files = g_ptr_array_new_with_free_func (g_object_unref);
  f->h.steps = steps;
  f->h.n_steps = G_N_ELEMENTS (steps);
}

static void
fixture_teardown (Fixture *f)
{
  test_gui_remove_folder (f->tmpdir);
  g_clear_object (&f->png);
  g_clear_object (&f->pdf);
  g_clear_pointer (&f->document_files, g_ptr_array_unref);
  g_clear_pointer (&f->output_dir, g_free);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->h.failure, g_free);
}

START_TEST (test_transaction_flow)
{
  Fixture f = { 0 };
  int status;

  fixture_setup (&f);
  status = test_gui_run_app (&f.h);
  test_gui_assert_finished (&f.h, status);
  fixture_teardown (&f);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  gboolean chinese = test_gui_init (argc, argv);
  Suite *suite = suite_create ("gui");
  TCase *flow = tcase_create ("transaction");

  tcase_set_timeout (flow, 300);
  tcase_add_test (flow, test_transaction_flow);
  suite_add_tcase (suite, flow);

  /* The Chinese pass runs this binary again with --locale=zh_CN. */
  if (!chinese)
    test_gui_add_zh_CN_pass (suite, argv[0]);

  return test_gui_run_suite (suite);
}
