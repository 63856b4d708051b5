/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "teller-crop-dialog.h"
#include "teller-id-copy-dialog.h"
#include "teller-identity-copy.h"
#include "teller-image-edit.h"
#include "teller-image-tools.h"
#include "teller-ocr-dialog.h"
#include "teller-pdf-writer.h"
#include "teller-transaction-pane-private.h"

/*
 * The document tools of the transaction pane.  Each long operation counts in
 * self->n_tools, which shows the spinner and disables the tools (and finishing the
 * transaction) until it ends; failures go to the window's toasts.  Nothing existing
 * is touched until a result is complete: rotate and crop replace a file atomically,
 * the others add a new document and leave the originals as they are.
 *
 * A run begins with tool_run_begin() and ends with tool_run_end() or, saying what
 * failed, tool_run_fail().  Each step hands its ToolRun to the next as `next`,
 * stolen before the call: the call's other arguments read it, and C leaves their
 * order open.
 */

typedef struct _ToolRun ToolRun;

/* Goes on from the images tool_run_load_sources() loaded; owns @run. */
typedef void (*ToolSourcesFunc) (ToolRun   *run,
                                 GPtrArray *sources);

struct _ToolRun
{
  TellerTransactionPane *self;
  TellerTransaction     *transaction;
  TellerCameraService   *camera;
  TellerDocument        *document;  /* rotate: the one being turned */
  GFile                 *output;    /* merge-pdf */
  char                  *watermark; /* id-copy, NULL for none */
  char                  *failure;   /* what failed, should the step running fail */
  ToolSourcesFunc        sources_loaded;
};

static void
tool_run_free (ToolRun *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->transaction);
  g_clear_object (&run->camera);
  g_clear_object (&run->document);
  g_clear_object (&run->output);
  g_clear_pointer (&run->watermark, g_free);
  g_clear_pointer (&run->failure, g_free);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ToolRun, tool_run_free)

static void
tool_run_set_failure (ToolRun    *run,
                      const char *failure)
{
  g_free (run->failure);
  run->failure = g_strdup (failure);
}

/* Shows @status with the spinner, and keeps the tools disabled, until the run ends.
 * @failure heads the toast should it fail; NULL where the failing step says it. */
static ToolRun *
tool_run_begin (TellerTransactionPane *self,
                const char            *status,
                const char            *failure)
{
  ToolRun *run = g_new0 (ToolRun, 1);

  run->self = g_object_ref (self);
  run->transaction = g_object_ref (self->transaction);
  run->failure = g_strdup (failure);

  self->n_tools++;
  gtk_label_set_label (self->tools_label, status);
  gtk_widget_set_visible (self->tools_status, TRUE);
  gtk_spinner_start (self->tools_spinner);
  _teller_transaction_pane_update_actions (self);

  return run;
}

/* As tool_run_begin(), for a run that needs the camera service: NULL, and nothing
 * begun, without one. */
static ToolRun *
tool_run_begin_with_camera (TellerTransactionPane *self,
                            const char            *status,
                            const char            *failure)
{
  TellerWindow *window = _teller_transaction_pane_get_window (self);
  TellerServices *services = window != NULL ? teller_window_get_services (window) : NULL;
  ToolRun *run;

  if (services == NULL)
    return NULL;

  run = tool_run_begin (self, status, failure);
  run->camera = g_object_ref (teller_services_get_camera (services));
  return run;
}

static void
tool_run_end (ToolRun *run)
{
  TellerTransactionPane *self = run->self;

  g_assert (self->n_tools > 0);

  if (--self->n_tools == 0 && self->tools_spinner != NULL)
    {
      gtk_spinner_stop (self->tools_spinner);
      gtk_widget_set_visible (self->tools_status, FALSE);
    }
  _teller_transaction_pane_update_actions (self);
}

static void
show_tool_error (TellerTransactionPane *self,
                 const char            *what,
                 const GError          *error)
{
  /* Translators: what failed, then why: "Could not recognize text: the service timed out" */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what, error->message);

  _teller_transaction_pane_show_error (self, message);
}

/* Ends the run; unless it was cancelled, says what failed and why. */
static void
tool_run_fail (ToolRun      *run,
               const GError *error)
{
  g_assert (run->failure != NULL);

  tool_run_end (run);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_tool_error (run->self, run->failure, error);
}

static void
tool_run_added_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  g_autoptr(TellerDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = teller_transaction_add_finish (TELLER_TRANSACTION (source), result, &error);
  if (document == NULL)
    tool_run_fail (run, error);
  else
    tool_run_end (run);
}

/* The last step of a run that makes a document: adds @bytes to the transaction. */
static void
tool_run_add_bytes (ToolRun    *run,
                    const char *basename,
                    const char *title,
                    GBytes     *bytes)
{
  teller_transaction_add_bytes_async (run->transaction, basename, title, bytes,
                                      run->self->cancellable, tool_run_added_cb, run);
}

static void
tool_run_sources_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  ToolRun *next;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  sources = teller_image_sources_load_finish (result, &error);
  if (sources == NULL)
    {
      tool_run_fail (run, error);
      return;
    }

  next = g_steal_pointer (&run);
  next->sources_loaded (next, sources);
}

/* Loads the files of @documents for the camera service, then goes on with @loaded. */
static void
tool_run_load_sources (ToolRun         *run,
                       GPtrArray       *documents,
                       ToolSourcesFunc  loaded)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  for (guint i = 0; i < documents->len; i++)
    {
      TellerDocument *document = g_ptr_array_index (documents, i);
      g_autofree char *path = g_file_get_path (teller_document_get_file (document));

      g_strv_builder_add (builder, path != NULL ? path : "");
    }

  paths = g_strv_builder_end (builder);
  run->sources_loaded = loaded;
  teller_image_sources_load_async ((const char * const *) paths, run->self->cancellable,
                                   tool_run_sources_cb, run);
}

static GtkWindow *
get_parent_window (TellerTransactionPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
is_editable_image (TellerDocument *document)
{
  return teller_document_get_kind (document) == TELLER_DOCUMENT_KIND_IMAGE &&
         teller_image_edit_can_edit (teller_document_get_content_type (document));
}

static gboolean
all_match (GPtrArray *documents,
           gboolean (*match) (TellerDocument *document))
{
  for (guint i = 0; i < documents->len; i++)
    {
      if (!match (g_ptr_array_index (documents, i)))
        return FALSE;
    }

  return documents->len > 0;
}

static gboolean
is_image (TellerDocument *document)
{
  return teller_document_get_kind (document) == TELLER_DOCUMENT_KIND_IMAGE;
}

/* The selected documents if there are some and all are images, else NULL. */
static GPtrArray *
dup_selected_images (TellerTransactionPane *self)
{
  g_autoptr(GPtrArray) documents = _teller_transaction_pane_dup_selected (self);

  return all_match (documents, is_image) ? g_steal_pointer (&documents) : NULL;
}

void
_teller_transaction_pane_update_tools (TellerTransactionPane *self,
                                       GPtrArray             *selected)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = self->transaction != NULL && self->n_tools == 0;
  gboolean editable = idle && all_match (selected, is_editable_image);
  gboolean images = idle && all_match (selected, is_image);

  gtk_widget_action_set_enabled (widget, "pane.rotate-left", editable);
  gtk_widget_action_set_enabled (widget, "pane.rotate-right", editable);
  gtk_widget_action_set_enabled (widget, "pane.crop", editable && selected->len == 1);
  gtk_widget_action_set_enabled (widget, "pane.id-copy", images && selected->len == 2);
  gtk_widget_action_set_enabled (widget, "pane.merge-pdf", images);
  gtk_widget_action_set_enabled (widget, "pane.ocr", images);
}

/* ---- Rotate ------------------------------------------------------------ */

static void
rotate_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;

  if (teller_image_edit_rotate_finish (result, &error))
    {
      tool_run_end (run);
      teller_document_emit_changed (run->document);
      return;
    }

  /* The title as it is now: the document may have been renamed meanwhile. */
  /* Translators: %s is a document's title */
  what = g_strdup_printf (_("Could not rotate “%s”"),
                          teller_document_get_title (run->document));
  tool_run_set_failure (run, what);
  tool_run_fail (run, error);
}

static void
rotate_selected (TellerTransactionPane *self,
                 int                    degrees)
{
  g_autoptr(GPtrArray) documents = _teller_transaction_pane_dup_selected (self);

  for (guint i = 0; i < documents->len; i++)
    {
      TellerDocument *document = g_ptr_array_index (documents, i);
      ToolRun *run;

      if (!is_editable_image (document))
        continue;

      run = tool_run_begin (self, _("Rotating…"), NULL);
      run->document = g_object_ref (document);
      teller_image_edit_rotate_async (teller_document_get_file (document), degrees,
                                      self->cancellable, rotate_cb, run);
    }
}

static void
rotate_left_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  rotate_selected (TELLER_TRANSACTION_PANE (widget), 270);
}

static void
rotate_right_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rotate_selected (TELLER_TRANSACTION_PANE (widget), 90);
}

/* ---- Crop -------------------------------------------------------------- */

static void
crop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  g_autoptr(GPtrArray) documents = _teller_transaction_pane_dup_selected (self);
  GtkWidget *dialog;

  if (documents->len != 1 || !is_editable_image (g_ptr_array_index (documents, 0)))
    return;

  /* The dialog writes the file itself and emits the document's "changed". */
  dialog = teller_crop_dialog_new (get_parent_window (self), g_ptr_array_index (documents, 0));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- ID card copy ------------------------------------------------------ */

static void
id_copy_composed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GError) error = NULL;

  page = teller_image_compose_a4_finish (result, &error);
  if (page == NULL)
    {
      tool_run_fail (run, error);
      return;
    }

  tool_run_set_failure (run, _("Could not save the ID card copy"));
  tool_run_add_bytes (g_steal_pointer (&run), "id-card-copy.jpg", _("ID Card Copy"), page);
}

static void
id_copy_merged_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  ToolRun *next;
  g_autoptr(TellerToolImage) image = NULL;
  g_autoptr(GError) error = NULL;

  image = teller_camera_service_merge_images_finish (TELLER_CAMERA_SERVICE (source), result,
                                                     &error);
  if (image != NULL && image->jpeg == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The camera service sent no image"));
  if (error != NULL)
    {
      tool_run_fail (run, error);
      return;
    }

  next = g_steal_pointer (&run);
  teller_image_compose_a4_async (image->jpeg, next->self->cancellable, id_copy_composed_cb, next);
}

static void
id_copy_merge (ToolRun   *run,
               GPtrArray *sources)
{
  g_auto(TellerMergeOptions) options = { 0 };

  teller_identity_copy_merge_options_init (&options, run->watermark);
  teller_camera_service_merge_images_async (run->camera, sources, &options,
                                            run->self->cancellable, id_copy_merged_cb, run);
}

static void
id_copy_create_cb (TellerTransactionPane *self,
                   TellerIdCopyDialog    *dialog)
{
  g_autoptr(GPtrArray) sides = g_ptr_array_new ();
  ToolRun *run;

  if (self->transaction == NULL)
    return;

  run = tool_run_begin_with_camera (self, _("Making the ID card copy…"),
                                    _("Could not make the ID card copy"));
  if (run == NULL)
    return;

  run->watermark = g_strdup (teller_id_copy_dialog_get_watermark (dialog));
  g_ptr_array_add (sides, teller_id_copy_dialog_get_front (dialog));
  g_ptr_array_add (sides, teller_id_copy_dialog_get_back (dialog));
  tool_run_load_sources (run, sides, id_copy_merge);
}

static void
id_copy_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  g_autoptr(GPtrArray) documents = dup_selected_images (self);
  GtkWidget *dialog;

  if (documents == NULL || documents->len != 2)
    return;

  dialog = teller_id_copy_dialog_new (get_parent_window (self),
                                      g_ptr_array_index (documents, 0),
                                      g_ptr_array_index (documents, 1));
  g_signal_connect_object (dialog, "create", G_CALLBACK (id_copy_create_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Merge into PDF ---------------------------------------------------- */

static void
merge_pdf_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  ToolRun *next;
  g_autoptr(GError) error = NULL;

  if (!teller_pdf_write_from_images_finish (result, &error))
    {
      tool_run_fail (run, error);
      return;
    }

  next = g_steal_pointer (&run);
  teller_transaction_add_file_async (next->transaction, next->output, _("Merged Documents"),
                                     next->self->cancellable, tool_run_added_cb, next);
}

static void
merge_pdf_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  g_autoptr(GPtrArray) documents = dup_selected_images (self);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  ToolRun *run;
  GFile *folder;

  if (documents == NULL)
    return;

  folder = teller_transaction_ensure_folder (self->transaction, &error);
  if (folder == NULL)
    {
      show_tool_error (self, _("Could not merge into PDF"), error);
      return;
    }

  for (guint i = 0; i < documents->len; i++)
    g_ptr_array_add (files, teller_document_get_file (g_ptr_array_index (documents, i)));

  run = tool_run_begin (self, _("Merging into PDF…"), _("Could not merge into PDF"));
  run->output = teller_document_store_unique_child (folder, "merged-documents.pdf");
  teller_pdf_write_from_images_async (run->output, (GFile * const *) files->pdata, files->len,
                                      self->cancellable, merge_pdf_written_cb, run);
}

/* ---- Recognize text ---------------------------------------------------- */

static void
ocr_save_text_cb (TellerTransactionPane *self,
                  const char            *text,
                  TellerOcrDialog       *dialog)
{
  g_autoptr(GBytes) bytes = NULL;
  ToolRun *run;

  if (self->transaction == NULL)
    return;

  run = tool_run_begin (self, _("Saving the text…"), _("Could not save the recognized text"));
  bytes = g_bytes_new (text, strlen (text));
  tool_run_add_bytes (run, "recognized-text.txt", _("Recognized Text"), bytes);
}

static void
show_text (TellerTransactionPane *self,
           const char            *text)
{
  GtkWidget *dialog;

  if (text == NULL || *text == '\0')
    {
      TellerWindow *window = _teller_transaction_pane_get_window (self);

      if (window != NULL)
        teller_window_show_toast (window, _("No text was found in the selected images"));
      return;
    }

  dialog = teller_ocr_dialog_new (get_parent_window (self), text);
  g_signal_connect_object (dialog, "save-text", G_CALLBACK (ocr_save_text_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ocr_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(ToolRun) run = user_data;
  g_autoptr(TellerOcrResult) ocr = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ocr = teller_camera_service_ocr_finish (TELLER_CAMERA_SERVICE (source), result, &error);
  if (ocr == NULL)
    {
      tool_run_fail (run, error);
      return;
    }

  tool_run_end (run);
  text = teller_ocr_result_dup_text (ocr);
  show_text (run->self, g_strstrip (text));
}

static void
ocr_recognize (ToolRun   *run,
               GPtrArray *sources)
{
  teller_camera_service_ocr_async (run->camera, TELLER_OCR_OUTPUT_JSON, sources, NULL,
                                   run->self->cancellable, ocr_cb, run);
}

static void
ocr_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  g_autoptr(GPtrArray) documents = dup_selected_images (self);
  ToolRun *run;

  if (documents == NULL)
    return;

  run = tool_run_begin_with_camera (self, _("Recognizing text…"), _("Could not recognize text"));
  if (run != NULL)
    tool_run_load_sources (run, documents, ocr_recognize);
}

void
_teller_transaction_pane_class_init_tools (GtkWidgetClass *widget_class)
{
  g_type_ensure (TELLER_TYPE_CROP_DIALOG);

  gtk_widget_class_install_action (widget_class, "pane.rotate-left", NULL, rotate_left_action);
  gtk_widget_class_install_action (widget_class, "pane.rotate-right", NULL, rotate_right_action);
  gtk_widget_class_install_action (widget_class, "pane.crop", NULL, crop_action);
  gtk_widget_class_install_action (widget_class, "pane.id-copy", NULL, id_copy_action);
  gtk_widget_class_install_action (widget_class, "pane.merge-pdf", NULL, merge_pdf_action);
  gtk_widget_class_install_action (widget_class, "pane.ocr", NULL, ocr_action);
}
