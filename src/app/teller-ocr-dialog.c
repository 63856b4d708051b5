/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-ocr-dialog.h"

#define COPIED_FEEDBACK_MS 2000

struct _TellerOcrDialog
{
  GtkWindow      parent_instance;

  /* Template Widgets */
  GtkTextView   *text_view;
  GtkButton     *copy_button;

  guint          copied_source;
};

G_DEFINE_FINAL_TYPE (TellerOcrDialog, teller_ocr_dialog, GTK_TYPE_WINDOW)

enum {
  SAVE_TEXT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
copied_timeout_cb (gpointer user_data)
{
  TellerOcrDialog *self = TELLER_OCR_DIALOG (user_data);

  self->copied_source = 0;
  gtk_button_set_label (self->copy_button, _("C_opy"));
  return G_SOURCE_REMOVE;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TellerOcrDialog *self = TELLER_OCR_DIALOG (widget);
  g_autofree char *text = teller_ocr_dialog_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  /* Say it worked where the operator is looking, then go back. */
  gtk_button_set_label (self->copy_button, _("Copied"));
  g_clear_handle_id (&self->copied_source, g_source_remove);
  self->copied_source = g_timeout_add (COPIED_FEEDBACK_MS, copied_timeout_cb, self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TellerOcrDialog *self = TELLER_OCR_DIALOG (widget);
  g_autofree char *text = teller_ocr_dialog_dup_text (self);

  g_signal_emit (self, signals[SAVE_TEXT], 0, text);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
teller_ocr_dialog_dispose (GObject *object)
{
  TellerOcrDialog *self = TELLER_OCR_DIALOG (object);

  g_clear_handle_id (&self->copied_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_OCR_DIALOG);

  G_OBJECT_CLASS (teller_ocr_dialog_parent_class)->dispose (object);
}

static void
teller_ocr_dialog_class_init (TellerOcrDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_ocr_dialog_dispose;

  /**
   * TellerOcrDialog::save-text:
   * @self: a #TellerOcrDialog
   * @text: the text as the dialog shows it
   *
   * The operator asked to keep the text as a document of the transaction.
   */
  signals[SAVE_TEXT] =
    g_signal_new ("save-text",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-ocr-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerOcrDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, TellerOcrDialog, copy_button);

  gtk_widget_class_install_action (widget_class, "ocr.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "ocr.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "ocr.save", NULL);
}

static void
teller_ocr_dialog_init (TellerOcrDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
teller_ocr_dialog_new (GtkWindow  *parent,
                       const char *text)
{
  TellerOcrDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (TELLER_TYPE_OCR_DIALOG, "transient-for", parent, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);

  return GTK_WIDGET (self);
}

char *
teller_ocr_dialog_dup_text (TellerOcrDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (TELLER_IS_OCR_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
