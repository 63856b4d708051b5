/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "teller-document-tile.h"
#include "teller-transaction-pane-private.h"

G_DEFINE_FINAL_TYPE (TellerTransactionPane, teller_transaction_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRANSACTION,
  PROP_IMPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  TellerTransactionPane *self;
  char                  *display_name;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->display_name, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

static char *
dup_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

TellerWindow *
_teller_transaction_pane_get_window (TellerTransactionPane *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TELLER_TYPE_WINDOW);

  return window != NULL ? TELLER_WINDOW (window) : NULL;
}

void
_teller_transaction_pane_show_error (TellerTransactionPane *self,
                                     const char            *message)
{
  TellerWindow *window = _teller_transaction_pane_get_window (self);

  if (window != NULL)
    teller_window_show_error (window, message);
}

GPtrArray *
_teller_transaction_pane_dup_selected (TellerTransactionPane *self)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return documents;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gpointer item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL)
        g_ptr_array_add (documents, item);
    }

  return documents;
}

/* The one selected position, or GTK_INVALID_LIST_POSITION for none or several. */
static guint
teller_transaction_pane_get_single_selected (TellerTransactionPane *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) != 1)
    return GTK_INVALID_LIST_POSITION;

  return gtk_bitset_get_minimum (selected);
}

void
_teller_transaction_pane_update_actions (TellerTransactionPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GPtrArray) selected = NULL;
  guint n_documents = 0;
  guint single;
  gboolean can_undo = FALSE;

  /* The selection notifies while the template is torn down. */
  if (self->selection == NULL)
    return;

  selected = _teller_transaction_pane_dup_selected (self);
  single = teller_transaction_pane_get_single_selected (self);

  if (self->transaction != NULL)
    {
      n_documents = teller_transaction_get_n_documents (self->transaction);
      can_undo = teller_transaction_get_can_undo (self->transaction);
    }

  gtk_widget_action_set_enabled (widget, "pane.add-file", self->transaction != NULL);
  gtk_widget_action_set_enabled (widget, "pane.open", selected->len > 0);
  gtk_widget_action_set_enabled (widget, "pane.remove", selected->len > 0);
  gtk_widget_action_set_enabled (widget, "pane.undo", can_undo);
  /* Moving is one document at a time: a scattered selection has no single "earlier". */
  gtk_widget_action_set_enabled (widget, "pane.move-up",
                                 single != GTK_INVALID_LIST_POSITION && single > 0);
  gtk_widget_action_set_enabled (widget, "pane.move-down",
                                 single != GTK_INVALID_LIST_POSITION && single + 1 < n_documents);
  /* Finishing under a running import or tool would file its result with the next customer. */
  gtk_widget_action_set_enabled (widget, "pane.finish",
                                 n_documents > 0 && self->n_importing == 0 && self->n_tools == 0);

  _teller_transaction_pane_update_tools (self, selected);
}

static void
teller_transaction_pane_set_n_importing (TellerTransactionPane *self,
                                         guint                  n_importing)
{
  gboolean was_importing = self->n_importing > 0;

  self->n_importing = n_importing;

  if (was_importing != (n_importing > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  _teller_transaction_pane_update_actions (self);
}

static void
import_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(TellerDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  TellerTransactionPane *self = data->self;

  document = teller_transaction_add_finish (TELLER_TRANSACTION (source), result, &error);

  teller_transaction_pane_set_n_importing (self, self->n_importing - 1);

  if (document == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = NULL;

      /* The store's errors usually name the file already; say it once. */
      if (strstr (error->message, data->display_name) != NULL)
        message = g_strdup (error->message);
      else
        /* Translators: the first %s is a file name, the second the reason */
        message = g_strdup_printf (_("Could not add “%s”: %s"), data->display_name, error->message);

      _teller_transaction_pane_show_error (self, message);
    }
}

void
teller_transaction_pane_import_file (TellerTransactionPane *self,
                                     GFile                 *file)
{
  ImportData *data;

  g_return_if_fail (TELLER_IS_TRANSACTION_PANE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->transaction != NULL);

  data = g_new0 (ImportData, 1);
  data->self = g_object_ref (self);
  data->display_name = dup_display_name (file);

  teller_transaction_pane_set_n_importing (self, self->n_importing + 1);
  teller_transaction_import_file_async (self->transaction, file, self->cancellable,
                                        import_cb, data);
}

static void
chooser_response_cb (TellerTransactionPane *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n_files = g_list_model_get_n_items (files);

      for (guint i = 0; i < n_files; i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          teller_transaction_pane_import_file (self, file);
        }
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            gboolean        images,
            gboolean        pdf)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (images)
    gtk_file_filter_add_pixbuf_formats (filter);
  if (pdf)
    gtk_file_filter_add_mime_type (filter, "application/pdf");
  if (!images && !pdf)
    gtk_file_filter_add_pattern (filter, "*");

  gtk_file_chooser_add_filter (chooser, filter);
}

static void
add_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Add Files"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Images and PDF Documents"), TRUE, TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Images"), TRUE, FALSE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("PDF Documents"), FALSE, TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("All Files"), FALSE, FALSE);

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
launch_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TellerTransactionPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not open the document: %s"), error->message);
      _teller_transaction_pane_show_error (self, message);
    }
}

static void
teller_transaction_pane_launch (TellerTransactionPane *self,
                                GFile                 *file)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autofree char *uri = g_file_get_uri (file);

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launch_cb, g_object_ref (self));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  g_autoptr(GPtrArray) documents = _teller_transaction_pane_dup_selected (self);

  for (guint i = 0; i < documents->len; i++)
    {
      TellerDocument *document = g_ptr_array_index (documents, i);

      teller_transaction_pane_launch (self, teller_document_get_file (document));
    }
}

static void
undo_toast_clicked_cb (TellerTransactionPane *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pane.undo", NULL);
}

/* The undo window closed: only now do the removed files leave the disk. */
static void
undo_toast_dismissed_cb (TellerTransactionPane *self,
                         TellerToast           *toast)
{
  if (self->undo_toast == toast)
    g_clear_weak_pointer (&self->undo_toast);

  self->n_undo = 0;
  if (self->transaction != NULL)
    teller_transaction_purge_removed (self->transaction);
}

static void
teller_transaction_pane_show_undo_toast (TellerTransactionPane *self,
                                         GPtrArray             *documents)
{
  TellerWindow *window = _teller_transaction_pane_get_window (self);
  g_autoptr(TellerToast) toast = NULL;
  g_autofree char *message = NULL;

  if (window == NULL)
    return;

  if (documents->len == 1)
    /* Translators: %s is the title of the document just removed */
    message = g_strdup_printf (_("“%s” removed"),
                               teller_document_get_title (g_ptr_array_index (documents, 0)));
  else
    message = g_strdup_printf (ngettext ("%u document removed", "%u documents removed",
                                         documents->len), documents->len);
  toast = teller_toast_new (message);
  teller_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked",
                           G_CALLBACK (undo_toast_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (undo_toast_dismissed_cb), self, G_CONNECT_SWAPPED);

  teller_window_add_toast (window, toast);
  g_set_weak_pointer (&self->undo_toast, toast);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  g_autoptr(GPtrArray) documents = _teller_transaction_pane_dup_selected (self);

  if (documents->len == 0)
    return;

  /* The toast goes up first: replacing an older undo toast purges what it
   * covered, and that must happen before this removal joins the undo list. */
  teller_transaction_pane_show_undo_toast (self, documents);

  /* Last first, so the positions still to remove do not shift; undo then puts
   * them back first to last, each at its old place. */
  self->n_undo = 0;
  for (guint i = documents->len; i > 0; i--)
    {
      guint position;

      if (teller_transaction_find (self->transaction, g_ptr_array_index (documents, i - 1),
                                   &position) &&
          teller_transaction_remove (self->transaction, position))
        self->n_undo++;
    }
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  guint n_undo = MAX (self->n_undo, 1);

  self->n_undo = 0;
  for (guint i = 0; i < n_undo; i++)
    {
      if (!teller_transaction_undo_remove (self->transaction))
        break;
    }

  if (self->undo_toast != NULL)
    teller_toast_dismiss (self->undo_toast);
}

static void
teller_transaction_pane_move_selected (TellerTransactionPane *self,
                                       int                    delta)
{
  guint from = teller_transaction_pane_get_single_selected (self);
  guint to;

  if (from == GTK_INVALID_LIST_POSITION)
    return;
  if (delta < 0 && from == 0)
    return;

  to = delta < 0 ? from - 1 : from + 1;

  if (teller_transaction_move (self->transaction, from, to))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), to, TRUE);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  teller_transaction_pane_move_selected (TELLER_TRANSACTION_PANE (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  teller_transaction_pane_move_selected (TELLER_TRANSACTION_PANE (widget), 1);
}

static void
finished_toast_clicked_cb (TellerTransactionPane *self,
                           TellerToast           *toast)
{
  GFile *folder = g_object_get_data (G_OBJECT (toast), "folder");

  if (folder != NULL)
    teller_transaction_pane_launch (self, folder);
}

static void
teller_transaction_pane_show_finished_toast (TellerTransactionPane *self,
                                             TellerWindow          *window,
                                             GFile                 *folder)
{
  g_autoptr(TellerToast) toast = NULL;
  g_autofree char *message = NULL;
  g_autofree char *path = g_file_get_parse_name (folder);

  /* Translators: %s is the folder the documents were saved in */
  message = g_strdup_printf (_("Transaction finished — documents saved in %s"), path);
  toast = teller_toast_new (message);
  teller_toast_set_button_label (toast, _("_Open Folder"));
  teller_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "folder", g_object_ref (folder), g_object_unref);
  g_signal_connect_object (toast, "button-clicked",
                           G_CALLBACK (finished_toast_clicked_cb), self, G_CONNECT_SWAPPED);
  teller_window_add_toast (window, toast);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);
  TellerWindow *window = _teller_transaction_pane_get_window (self);
  g_autoptr(GFile) folder = NULL;

  if (teller_transaction_get_folder (self->transaction) != NULL)
    folder = g_object_ref (teller_transaction_get_folder (self->transaction));

  /* Settles a pending undo first, so no removed file outlives the customer. */
  if (window != NULL)
    teller_window_dismiss_toast (window);

  teller_transaction_finish (self->transaction);

  if (window != NULL && folder != NULL)
    teller_transaction_pane_show_finished_toast (self, window, folder);
}

static void
grid_activate_cb (TellerTransactionPane *self,
                  guint                  position,
                  GtkGridView           *grid_view)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self), "pane.open", NULL);
}

static gboolean
drop_cb (TellerTransactionPane *self,
         const GValue          *value,
         double                 x,
         double                 y,
         GtkDropTarget         *target)
{
  g_autoptr(GSList) files = NULL;

  if (self->transaction == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    teller_transaction_pane_import_file (self, G_FILE (l->data));

  return files != NULL;
}

static gboolean
n_documents_to_label (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  guint n = g_value_get_uint (from);

  g_value_take_string (to, g_strdup_printf (ngettext ("%u document", "%u documents", n), n));
  return TRUE;
}

static gboolean
folder_to_label (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  GFile *folder = g_value_get_object (from);

  g_value_take_string (to, folder != NULL ? g_file_get_parse_name (folder) : g_strdup (""));
  return TRUE;
}

static gboolean
empty_to_page (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_value_set_string (to, g_value_get_boolean (from) ? "empty" : "documents");
  return TRUE;
}

static gboolean
teller_transaction_pane_grab_focus (GtkWidget *widget)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "documents") == 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));

  return gtk_widget_grab_focus (self->add_button);
}

static void
teller_transaction_pane_dispose (GObject *object)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (object);

  /* Settle a pending undo while the transaction is still at hand. */
  if (self->undo_toast != NULL)
    teller_toast_dismiss (self->undo_toast);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->undo_toast);

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_TRANSACTION_PANE);
  g_clear_object (&self->transaction);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (teller_transaction_pane_parent_class)->dispose (object);
}

static void
teller_transaction_pane_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (object);

  switch (prop_id)
    {
    case PROP_TRANSACTION:
      g_value_set_object (value, self->transaction);
      break;

    case PROP_IMPORTING:
      g_value_set_boolean (value, self->n_importing > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_transaction_pane_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  TellerTransactionPane *self = TELLER_TRANSACTION_PANE (object);

  switch (prop_id)
    {
    case PROP_TRANSACTION:
      teller_transaction_pane_set_transaction (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_transaction_pane_class_init (TellerTransactionPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_transaction_pane_dispose;
  object_class->get_property = teller_transaction_pane_get_property;
  object_class->set_property = teller_transaction_pane_set_property;

  widget_class->grab_focus = teller_transaction_pane_grab_focus;

  properties[PROP_TRANSACTION] =
    g_param_spec_object ("transaction", NULL, NULL, TELLER_TYPE_TRANSACTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TELLER_TYPE_DOCUMENT_TILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-transaction-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, grid_view);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, selection);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, count_label);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, folder_label);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, add_button);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, tools_box);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, tools_status);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, tools_spinner);
  gtk_widget_class_bind_template_child (widget_class, TellerTransactionPane, tools_label);
  gtk_widget_class_bind_template_callback (widget_class, _teller_transaction_pane_update_actions);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);

  gtk_widget_class_install_action (widget_class, "pane.add-file", NULL, add_file_action);
  gtk_widget_class_install_action (widget_class, "pane.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "pane.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "pane.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "pane.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "pane.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "pane.finish", NULL, finish_action);
  _teller_transaction_pane_class_init_tools (widget_class);

  /* Window-wide keys live in the template's managed shortcut controller; these
   * two only make sense with the focus among the documents. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "pane.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "pane.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "pane.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "pane.open", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "transactionpane");
}

static void
teller_transaction_pane_init (TellerTransactionPane *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->bindings, "n-documents", self->count_label, "label",
                             G_BINDING_SYNC_CREATE, n_documents_to_label, NULL, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "folder", self->folder_label, "label",
                             G_BINDING_SYNC_CREATE, folder_to_label, NULL, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "empty", self->content_stack, "visible-child-name",
                             G_BINDING_SYNC_CREATE, empty_to_page, NULL, NULL, NULL);
  g_binding_group_bind (self->bindings, "empty", self->tools_box, "visible",
                        G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  self->signals = g_signal_group_new (TELLER_TYPE_TRANSACTION);
  g_signal_group_connect_swapped (self->signals, "notify::can-undo",
                                  G_CALLBACK (_teller_transaction_pane_update_actions), self);
  g_signal_group_connect_swapped (self->signals, "notify::n-documents",
                                  G_CALLBACK (_teller_transaction_pane_update_actions), self);

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  _teller_transaction_pane_update_actions (self);
}

TellerTransaction *
teller_transaction_pane_get_transaction (TellerTransactionPane *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION_PANE (self), NULL);

  return self->transaction;
}

void
teller_transaction_pane_set_transaction (TellerTransactionPane *self,
                                         TellerTransaction     *transaction)
{
  g_return_if_fail (TELLER_IS_TRANSACTION_PANE (self));
  g_return_if_fail (transaction == NULL || TELLER_IS_TRANSACTION (transaction));

  if (!g_set_object (&self->transaction, transaction))
    return;

  g_binding_group_set_source (self->bindings, transaction);
  g_signal_group_set_target (self->signals, transaction);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSACTION]);
  _teller_transaction_pane_update_actions (self);
}

gboolean
teller_transaction_pane_get_importing (TellerTransactionPane *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION_PANE (self), FALSE);

  return self->n_importing > 0;
}

GtkGridView *
teller_transaction_pane_get_grid_view (TellerTransactionPane *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION_PANE (self), NULL);

  return self->grid_view;
}

GtkSelectionModel *
teller_transaction_pane_get_selection (TellerTransactionPane *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION_PANE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

gboolean
teller_transaction_pane_get_busy (TellerTransactionPane *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION_PANE (self), FALSE);

  return self->n_tools > 0;
}

const char *
teller_transaction_pane_get_visible_page (TellerTransactionPane *self)
{
  g_return_val_if_fail (TELLER_IS_TRANSACTION_PANE (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}
