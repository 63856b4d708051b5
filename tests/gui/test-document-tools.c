/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <poppler.h>
#include <string.h>

#include "teller-application.h"
#include "teller-crop-dialog.h"
#include "teller-device-settings-dialog.h"
#include "teller-document-tile.h"
#include "teller-id-copy-dialog.h"
#include "teller-ocr-dialog.h"
#include "teller-window.h"
#include "test-gui-util.h"

TCase *document_tools_edit_tcase (void);

/*
 * The document tools of the transaction pane and the camera settings dialog, on the
 * real window and the built-in simulator, driven from a main-loop tick as
 * test-gui.c does: each step finishes, keeps waiting (bounded) or fails.
 */

typedef struct
{
  TestGuiHarness     h;
  char              *tmpdir;
  GFile             *front;
  GFile             *back;
  int                target;    /* the property value the settings step asked for */
  gboolean           read_back; /* the camera answered with it */
} Fixture;

/* ---- Helpers --------------------------------------------------------------- */

static TellerTransactionPane *
pane (Fixture *f)
{
  return teller_window_get_transaction_pane (f->h.window);
}

static GListModel *
documents (Fixture *f)
{
  return G_LIST_MODEL (teller_transaction_pane_get_transaction (pane (f)));
}

static guint
n_documents (Fixture *f)
{
  return g_list_model_get_n_items (documents (f));
}

static TellerDocument *
document_at (Fixture *f,
             guint    position)
{
  g_autoptr(TellerDocument) document = g_list_model_get_item (documents (f), position);

  /* The transaction keeps it alive. */
  return document;
}

static void
select_only (Fixture     *f,
             const guint *positions,
             guint        n_positions)
{
  GtkSelectionModel *selection = teller_transaction_pane_get_selection (pane (f));

  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < n_positions; i++)
    gtk_selection_model_select_item (selection, positions[i], FALSE);
}

/* As the operator sees it: the button bound to the action is sensitive. */
static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  GtkWidget *button = test_gui_find_actionable (GTK_WIDGET (pane (f)), name);

  g_assert (button != NULL);
  return gtk_widget_get_sensitive (button);
}

static gboolean
file_size (GFile  *file,
           int    *width,
           int    *height,
           char  **format_name)
{
  g_autofree char *path = g_file_get_path (file);
  GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, width, height);

  if (format_name != NULL)
    *format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  return format != NULL;
}

static char *
dup_pixbuf_option (GFile      *file,
                   const char *key)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, NULL);

  return pixbuf != NULL ? g_strdup (gdk_pixbuf_get_option (pixbuf, key)) : NULL;
}

/* Every file in the transaction folder is a listed document: no temporary leftovers. */
static gboolean
folder_is_clean (Fixture  *f,
                 char    **stray)
{
  GFile *folder = teller_transaction_get_folder (TELLER_TRANSACTION (documents (f)));
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      gboolean listed = FALSE;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;

      for (guint i = 0; i < n_documents (f); i++)
        listed |= g_file_equal (child, teller_document_get_file (document_at (f, i)));
      if (!listed)
        {
          *stray = g_file_get_basename (child);
          return FALSE;
        }
    }

  return TRUE;
}

static guint
n_thumbnails (Fixture *f)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  guint n = 0;

  test_gui_collect_tiles (GTK_WIDGET (teller_transaction_pane_get_grid_view (pane (f))), tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      TellerDocumentTile *tile = g_ptr_array_index (tiles, i);

      n += teller_document_tile_get_document (tile) != NULL &&
           teller_document_tile_get_thumbnail (tile) != NULL;
    }

  return n;
}

static TellerSimServer *
camera_server (Fixture *f)
{
  return teller_sim_get_camera_server (teller_application_get_sim (f->h.app));
}

static TellerCameraService *
camera (Fixture *f)
{
  return teller_services_get_camera (teller_window_get_services (f->h.window));
}

/* ---- Steps ----------------------------------------------------------------- */

static gboolean
step_wait_online (Fixture *f)
{
  GtkWidget *stack;

  if (f->h.window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (f->h.app));

      if (!TELLER_IS_WINDOW (active) || !gtk_widget_get_mapped (GTK_WIDGET (active)))
        return FALSE;
      f->h.window = TELLER_WINDOW (active);
    }

  if (!teller_service_get_online (TELLER_SERVICE (camera (f))))
    return FALSE;

  STEP_CHECK (f, teller_application_get_sim (f->h.app) != NULL, "no simulator in demo mode");

  /* The transaction pane may not be the first page: show it, as the sidebar would. */
  stack = gtk_widget_get_ancestor (GTK_WIDGET (pane (f)), GTK_TYPE_STACK);
  STEP_CHECK (f, stack != NULL, "the pane is not in the window's stack");
  gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (pane (f)));
  return TRUE;
}

static gboolean
step_import (Fixture *f)
{
  if (f->h.phase++ == 0)
    {
      teller_transaction_pane_import_file (pane (f), f->front);
      teller_transaction_pane_import_file (pane (f), f->back);
      return FALSE;
    }

  if (n_documents (f) < 2 || n_thumbnails (f) < 2 || teller_transaction_pane_get_importing (pane (f)))
    return FALSE;

  select_only (f, (guint[]) { 0 }, 1);
  STEP_CHECK (f, !action_enabled (f, "pane.id-copy"), "ID card copy is offered for one image");
  return TRUE;
}

/* Ctrl+] turns the front clockwise: the file's sides swap, and so do its resolutions. */
static gboolean
step_rotate (Fixture *f)
{
  TellerDocument *front = document_at (f, 0);
  g_autofree char *format = NULL;
  g_autofree char *x_dpi = NULL, *y_dpi = NULL, *stray = NULL;
  int width = 0, height = 0;

  if (f->h.phase++ == 0)
    {
      select_only (f, (guint[]) { 0 }, 1);
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.rotate-right", NULL);
      STEP_CHECK (f, teller_transaction_pane_get_busy (pane (f)), "rotating shows no progress");
      STEP_CHECK (f, action_enabled (f, "pane.finish") == FALSE,
                  "the transaction can be finished under a running tool");
      return FALSE;
    }

  if (teller_transaction_pane_get_busy (pane (f)) || n_thumbnails (f) < 2)
    return FALSE;

  STEP_CHECK (f, file_size (teller_document_get_file (front), &width, &height, &format),
              "the rotated file is not an image");
  STEP_CHECK (f, width == 400 && height == 640, "rotated to %d×%d, not 400×640", width, height);
  STEP_CHECK (f, g_strcmp0 (format, "jpeg") == 0, "rotated into %s, not JPEG", format);
  x_dpi = dup_pixbuf_option (teller_document_get_file (front), "x-dpi");
  y_dpi = dup_pixbuf_option (teller_document_get_file (front), "y-dpi");
  STEP_CHECK (f, g_strcmp0 (x_dpi, "150") == 0 && g_strcmp0 (y_dpi, "200") == 0,
              "the resolution was not turned with the image: %s×%s", x_dpi, y_dpi);
  STEP_CHECK (f, folder_is_clean (f, &stray), "rotating left %s behind", stray);
  STEP_CHECK (f, teller_window_get_toast (f->h.window) == NULL, "rotating raised a toast");
  return TRUE;
}

static gboolean
step_crop (Fixture *f)
{
  TellerCropDialog *dialog = test_gui_find_toplevel (TELLER_TYPE_CROP_DIALOG);
  int width = 0, height = 0;

  switch (f->h.phase)
    {
    case 0:
      select_only (f, (guint[]) { 0 }, 1);
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.crop", NULL);
      f->h.phase++;
      return FALSE;

    case 1:
      if (dialog == NULL || !teller_crop_dialog_get_loaded (dialog))
        return FALSE;
      teller_crop_dialog_get_image_size (dialog, &width, &height);
      STEP_CHECK (f, width == 400 && height == 640, "the dialog shows %d×%d", width, height);
      teller_crop_dialog_set_selection (dialog, &(GdkRectangle) { 50, 60, 200, 300 });
      f->h.phase++;
      return FALSE;

    case 2:
      if (!test_gui_settled (&f->h))
        return FALSE;
      if (!test_gui_save_screenshot (GTK_WIDGET (dialog), "screenshot-crop", &f->h.failure))
        return TRUE;
      gtk_widget_activate_action (GTK_WIDGET (dialog), "crop.apply", NULL);
      f->h.phase++;
      return FALSE;

    default:
      if (dialog != NULL || n_thumbnails (f) < 2)
        return FALSE;
      STEP_CHECK (f, file_size (teller_document_get_file (document_at (f, 0)), &width, &height, NULL),
                  "the cropped file is not an image");
      STEP_CHECK (f, width == 200 && height == 300, "cropped to %d×%d, not 200×300", width, height);
      return TRUE;
    }
}

/* Both images selected: front above back on one A4 page, a new document. */
static gboolean
step_id_copy (Fixture *f)
{
  TellerIdCopyDialog *dialog = test_gui_find_toplevel (TELLER_TYPE_ID_COPY_DIALOG);
  g_autofree char *format = NULL;
  int width = 0, height = 0;
  double ratio;

  switch (f->h.phase)
    {
    case 0:
      select_only (f, (guint[]) { 0, 1 }, 2);
      STEP_CHECK (f, action_enabled (f, "pane.id-copy"), "ID card copy is off for two images");
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.id-copy", NULL);
      f->h.phase++;
      return FALSE;

    case 1:
      if (dialog == NULL)
        return FALSE;
      STEP_CHECK (f, teller_id_copy_dialog_get_front (dialog) == document_at (f, 0),
                  "the first selected image is not the front");
      teller_id_copy_dialog_set_watermark (dialog, "For this use only");
      gtk_widget_activate_action (GTK_WIDGET (dialog), "id-copy.create", NULL);
      STEP_CHECK (f, teller_transaction_pane_get_busy (pane (f)), "the copy shows no progress");
      f->h.phase++;
      return FALSE;

    default:
      if (teller_transaction_pane_get_busy (pane (f)))
        return FALSE;
      STEP_CHECK (f, teller_window_get_toast (f->h.window) == NULL, "the copy failed: %s",
                  teller_toast_get_title (teller_window_get_toast (f->h.window)));
      STEP_CHECK (f, n_documents (f) == 3, "%u documents after the copy", n_documents (f));
      STEP_CHECK (f, file_size (teller_document_get_file (document_at (f, 2)), &width, &height,
                                &format), "the copy is not an image");
      ratio = (double) height / width;
      STEP_CHECK (f, g_strcmp0 (format, "jpeg") == 0 && ratio > 1.40 && ratio < 1.43,
                  "the copy is a %d×%d %s, not an A4 JPEG", width, height, format);
      STEP_CHECK (f, teller_document_get_kind (document_at (f, 0)) == TELLER_DOCUMENT_KIND_IMAGE,
                  "the front changed");
      test_gui_keep_for_review (teller_document_get_file (document_at (f, 2)),
                                "id-card-copy.jpg");
      return TRUE;
    }
}

static gboolean
step_merge_pdf (Fixture *f)
{
  PopplerDocument *pdf;
  g_autoptr(GError) error = NULL;
  int n_pages;
  g_autofree char *uri = NULL, *stray = NULL;
  TellerDocument *merged;

  if (f->h.phase++ == 0)
    {
      select_only (f, (guint[]) { 0, 1 }, 2);
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.merge-pdf", NULL);
      return FALSE;
    }

  if (teller_transaction_pane_get_busy (pane (f)) || n_documents (f) < 4)
    return FALSE;

  merged = document_at (f, 3);
  STEP_CHECK (f, teller_document_get_kind (merged) == TELLER_DOCUMENT_KIND_PDF,
              "the merged document is not a PDF");
  uri = g_file_get_uri (teller_document_get_file (merged));
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  STEP_CHECK (f, pdf != NULL, "poppler cannot open the merged PDF: %s", error->message);
  n_pages = poppler_document_get_n_pages (pdf);
  g_object_unref (pdf);
  STEP_CHECK (f, n_pages == 2, "the PDF has %d pages", n_pages);
  STEP_CHECK (f, folder_is_clean (f, &stray), "merging left %s behind", stray);

  /* A PDF is no image: the image tools step back. */
  select_only (f, (guint[]) { 3 }, 1);
  STEP_CHECK (f, !action_enabled (f, "pane.rotate-right") && !action_enabled (f, "pane.crop") &&
                 !action_enabled (f, "pane.ocr") && !action_enabled (f, "pane.merge-pdf"),
              "image tools are offered for a PDF");
  STEP_CHECK (f, action_enabled (f, "pane.open") && action_enabled (f, "pane.remove"),
              "open and remove are off for a PDF");
  return TRUE;
}

static gboolean
step_ocr (Fixture *f)
{
  TellerOcrDialog *dialog = test_gui_find_toplevel (TELLER_TYPE_OCR_DIALOG);
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  TellerDocument *saved;

  switch (f->h.phase)
    {
    case 0:
      select_only (f, (guint[]) { 1 }, 1);
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.ocr", NULL);
      STEP_CHECK (f, teller_transaction_pane_get_busy (pane (f)), "recognition shows no progress");
      f->h.phase++;
      return FALSE;

    case 1:
      if (dialog == NULL || !test_gui_settled (&f->h))
        return FALSE;
      text = teller_ocr_dialog_dup_text (dialog);
      STEP_CHECK (f, text != NULL && *text != '\0', "the dialog shows no text");
      if (!test_gui_save_screenshot (GTK_WIDGET (dialog), "screenshot-ocr", &f->h.failure))
        return TRUE;
      gtk_widget_activate_action (GTK_WIDGET (dialog), "ocr.save", NULL);
      f->h.phase++;
      return FALSE;

    default:
      if (teller_transaction_pane_get_busy (pane (f)) || n_documents (f) < 5)
        return FALSE;
      saved = document_at (f, 4);
      basename = g_file_get_basename (teller_document_get_file (saved));
      STEP_CHECK (f, g_str_has_suffix (basename, ".txt"), "the text was saved as %s", basename);
      STEP_CHECK (f, g_file_load_contents (teller_document_get_file (saved), NULL, &contents,
                                           NULL, NULL, NULL) && strstr (contents, "OCR") != NULL,
                  "the text document holds no recognized text");
      return TRUE;
    }
}

static gboolean
step_screenshot_tools (Fixture *f)
{
  if (f->h.phase++ == 0)
    select_only (f, (guint[]) { 0, 1 }, 2);

  /* Four previews: the text document shows an icon. */
  if (!test_gui_settled (&f->h) || n_thumbnails (f) < 4)
    return FALSE;

  STEP_CHECK (f, action_enabled (f, "pane.id-copy"), "ID card copy is off for two images");
  if (!test_gui_save_screenshot (GTK_WIDGET (f->h.window), "screenshot-document-tools", &f->h.failure))
    return TRUE;
  return TRUE;
}

/* A refused merge: an error toast, and the documents as they were. */
static gboolean
step_id_copy_fault (Fixture *f)
{
  TellerIdCopyDialog *dialog = test_gui_find_toplevel (TELLER_TYPE_ID_COPY_DIALOG);
  TellerToast *toast = teller_window_get_toast (f->h.window);

  switch (f->h.phase)
    {
    case 0:
      STEP_CHECK (f, teller_sim_server_set_fault (camera_server (f), "imagepro=merge_images",
                                                  "code=1", NULL), "could not set the fault");
      teller_window_dismiss_toast (f->h.window);
      select_only (f, (guint[]) { 0, 1 }, 2);
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.id-copy", NULL);
      f->h.phase++;
      return FALSE;

    case 1:
      if (dialog == NULL)
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (dialog), "id-copy.create", NULL);
      f->h.phase++;
      return FALSE;

    default:
      if (teller_transaction_pane_get_busy (pane (f)) || toast == NULL)
        return FALSE;
      STEP_CHECK (f, teller_toast_get_is_error (toast), "the failure is not shown as an error");
      STEP_CHECK (f, strstr (teller_toast_get_title (toast), _("Could not make the ID card copy")) != NULL,
                  "the error does not say what failed: %s", teller_toast_get_title (toast));
      STEP_CHECK (f, n_documents (f) == 5, "a failed copy changed the documents: %u",
                  n_documents (f));
      teller_sim_server_clear_faults (camera_server (f));
      return TRUE;
    }
}

static gboolean
step_ocr_fault (Fixture *f)
{
  TellerToast *toast = teller_window_get_toast (f->h.window);

  if (f->h.phase++ == 0)
    {
      STEP_CHECK (f, teller_sim_server_set_fault (camera_server (f), "ocr", "http500", NULL),
                  "could not set the fault");
      teller_window_dismiss_toast (f->h.window);
      select_only (f, (guint[]) { 0 }, 1);
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "pane.ocr", NULL);
      return FALSE;
    }

  if (teller_transaction_pane_get_busy (pane (f)) || toast == NULL)
    return FALSE;

  STEP_CHECK (f, teller_toast_get_is_error (toast) &&
                 strstr (teller_toast_get_title (toast), _("Could not recognize text")) != NULL,
              "no recognition error: %s", teller_toast_get_title (toast));
  STEP_CHECK (f, test_gui_find_toplevel (TELLER_TYPE_OCR_DIALOG) == NULL,
              "a failed recognition shows text");
  STEP_CHECK (f, n_documents (f) == 5, "a failed recognition changed the documents");
  teller_sim_server_clear_faults (camera_server (f));
  teller_window_dismiss_toast (f->h.window);
  return TRUE;
}

static void
read_back_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(TellerCameraProperty) property = NULL;

  property = teller_camera_service_get_property_finish (TELLER_CAMERA_SERVICE (source), result,
                                                        NULL);
  f->read_back = property != NULL && property->current == f->target;
  f->h.phase = f->read_back ? 4 : 2;
}

static void
scroll_to_row (TellerDeviceSettingsDialog *dialog,
               const char                 *name)
{
  GtkWidget *row = GTK_WIDGET (teller_device_settings_dialog_get_property_row (dialog, name));
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  if (gtk_widget_translate_coordinates (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                        0, 0, &x, &y))
    gtk_adjustment_set_value (adjustment, y - 12);
}

static gboolean
step_device_settings (Fixture *f)
{
  TellerDeviceSettingsDialog *dialog = test_gui_find_toplevel (TELLER_TYPE_DEVICE_SETTINGS_DIALOG);
  TellerPropertyRow *row;
  GtkRange *scale;

  if (f->h.phase == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->h.window), "win.camera-settings", NULL);
      f->h.phase++;
      return FALSE;
    }

  if (dialog == NULL || g_strcmp0 (teller_device_settings_dialog_get_page (dialog), "settings") != 0)
    return FALSE;

  row = teller_device_settings_dialog_get_property_row (dialog, "brightness");
  STEP_CHECK (f, row != NULL, "no brightness row");
  scale = teller_property_row_get_scale (row);

  switch (f->h.phase)
    {
    case 1:
      STEP_CHECK (f, teller_device_settings_dialog_get_n_property_rows (dialog) == 17,
                  "%u property rows, not 17",
                  teller_device_settings_dialog_get_n_property_rows (dialog));
      if (!test_gui_settled (&f->h))
        return FALSE;
      if (!test_gui_save_screenshot (GTK_WIDGET (dialog), "screenshot-device-settings", &f->h.failure))
        return TRUE;
      scroll_to_row (dialog, "whitebalance");
      f->h.phase = 6;
      return FALSE;

    case 6:
      /* Further down: the rows with automatic control, and those the camera lacks. */
      if (!test_gui_settled (&f->h))
        return FALSE;
      if (!test_gui_save_screenshot (GTK_WIDGET (dialog), "screenshot-device-settings-auto",
                                     &f->h.failure))
        return TRUE;
      f->target = (int) gtk_range_get_value (scale) + 10;
      gtk_range_set_value (scale, f->target);
      f->h.phase = 2;
      return FALSE;

    case 2:
      /* Poll the camera until it has the value (after the 300 ms pause). */
      f->h.phase = 3;
      teller_camera_service_get_property_async (camera (f), 0, "brightness", NULL,
                                                read_back_cb, f);
      return FALSE;

    case 3:
      return FALSE;

    case 4:
      STEP_CHECK (f, f->read_back, "the camera never took brightness %d", f->target);
      STEP_CHECK (f, teller_property_row_get_error (row) == NULL, "the row shows an error");

      /* A refused change: the reason under the row, the scale back where the camera is. */
      STEP_CHECK (f, teller_sim_server_set_fault (camera_server (f), "video=setproperty",
                                                  "code=1", NULL), "could not set the fault");
      gtk_range_set_value (scale, f->target + 5);
      f->h.phase = 5;
      return FALSE;

    case 5:
      if (teller_property_row_get_error (row) == NULL)
        return FALSE;
      STEP_CHECK (f, (int) gtk_range_get_value (scale) == f->target,
                  "the scale stayed at %d after the camera refused it",
                  (int) gtk_range_get_value (scale));
      teller_sim_server_clear_faults (camera_server (f));
      gtk_window_destroy (GTK_WINDOW (dialog));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* A service that does not answer: the dialog says so instead of showing controls. */
static gboolean
step_device_settings_offline (Fixture *f)
{
  TellerDeviceSettingsDialog *dialog = test_gui_find_toplevel (TELLER_TYPE_DEVICE_SETTINGS_DIALOG);

  if (f->h.phase++ == 0)
    {
      TellerJsonClient *client = teller_services_get_client (teller_window_get_services (f->h.window));
      g_autoptr(TellerCameraService) gone = teller_camera_service_new (client, "http://127.0.0.1:9");

      gtk_window_present (GTK_WINDOW (teller_device_settings_dialog_new (GTK_WINDOW (f->h.window),
                                                                         gone, 0)));
      return FALSE;
    }

  if (dialog == NULL ||
      g_strcmp0 (teller_device_settings_dialog_get_page (dialog), "offline") != 0 || !test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, teller_device_settings_dialog_get_n_property_rows (dialog) == 0,
              "an offline camera shows property rows");
  if (!test_gui_save_screenshot (GTK_WIDGET (dialog), "screenshot-device-settings-offline",
                                 &f->h.failure))
    return TRUE;
  gtk_window_destroy (GTK_WINDOW (dialog));
  return TRUE;
}

static const TestGuiStep steps[] = {
  TEST_GUI_STEP ("camera online", step_wait_online),
  TEST_GUI_STEP ("import", step_import),
  TEST_GUI_STEP ("rotate", step_rotate),
  TEST_GUI_STEP ("crop", step_crop),
  TEST_GUI_STEP ("ID card copy", step_id_copy),
  TEST_GUI_STEP ("merge into PDF", step_merge_pdf),
  TEST_GUI_STEP ("recognize text", step_ocr),
  TEST_GUI_STEP ("tools screenshot", step_screenshot_tools),
  TEST_GUI_STEP ("ID card copy fault", step_id_copy_fault),
  TEST_GUI_STEP ("recognition fault", step_ocr_fault),
  TEST_GUI_STEP ("device settings", step_device_settings),
  TEST_GUI_STEP ("device settings offline", step_device_settings_offline),
};

/* A card-like picture: a header band and three coloured blocks on paper white. */
static void
write_jpeg (const char *path,
            guint32     accent)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 400);
  g_autoptr(GdkPixbuf) header = NULL;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0xf6f5f4ff);
  header = gdk_pixbuf_new_subpixbuf (pixbuf, 0, 0, 640, 70);
  gdk_pixbuf_fill (header, accent);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GdkPixbuf) block = gdk_pixbuf_new_subpixbuf (pixbuf, 40, 110 + i * 90, 360, 50);

      gdk_pixbuf_fill (block, 0x77767bff);
    }

  gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90",
                   "x-dpi", "200", "y-dpi", "150", NULL);
  ck_assert_msg (error == NULL, "could not write the JPEG fixture");
}

static void
fixture_setup (Fixture *f)
{
  g_autofree char *front = NULL, *back = NULL;

  f->tmpdir = test_gui_setup_folders ("teller-tools-XXXXXX", NULL);

  front = g_build_filename (f->tmpdir, "id-front.jpg", NULL);
  back = g_build_filename (f->tmpdir, "id-back.jpg", NULL);
  write_jpeg (front, 0x3584e4ff);
  write_jpeg (back, 0x2ec27eff);
  f->front = g_file_new_for_path (front);
  f->back = g_file_new_for_path (back);
  f->h.steps = steps;
  f->h.n_steps = G_N_ELEMENTS (steps);
  f->h.report_phase = TRUE;
}

static void
fixture_teardown (Fixture *f)
{
  test_gui_remove_folder (f->tmpdir);
  g_clear_object (&f->front);
  g_clear_object (&f->back);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->h.failure, g_free);
}

START_TEST (test_document_tools)
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
  Suite *suite = suite_create ("document-tools");
  TCase *edit = document_tools_edit_tcase ();
  TCase *flow = tcase_create ("tools");

  test_gui_init (argc, argv);

  suite_add_tcase (suite, edit);

  tcase_set_timeout (flow, 300);
  tcase_add_test (flow, test_document_tools);
  suite_add_tcase (suite, flow);

  return test_gui_run_suite (suite);
}
