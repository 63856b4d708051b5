/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-id-copy-dialog.h"
#include "teller-thumbnailer.h"

#define PREVIEW_SIZE 180

struct _TellerIdCopyDialog
{
  GtkWindow       parent_instance;

  /* Template Widgets */
  GtkPicture     *front_picture;
  GtkPicture     *back_picture;
  GtkLabel       *front_label;
  GtkLabel       *back_label;
  GtkSwitch      *watermark_switch;
  GtkEntry       *watermark_entry;

  /* Owned References */
  TellerDocument *sides[2]; /* front, back */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (TellerIdCopyDialog, teller_id_copy_dialog, GTK_TYPE_WINDOW)

enum {
  CREATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* No preview is no reason to stop: the copy itself reads the files again. */
  thumbnail = teller_thumbnail_render_finish (result, NULL);
  if (thumbnail == NULL)
    return;

  texture = gdk_memory_texture_new (thumbnail->width, thumbnail->height,
                                    GDK_MEMORY_DEFAULT, thumbnail->pixels, thumbnail->stride);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
show_sides (TellerIdCopyDialog *self)
{
  GtkPicture *pictures[] = { self->front_picture, self->back_picture };
  GtkLabel *labels[] = { self->front_label, self->back_label };
  int size = PREVIEW_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      gtk_picture_set_paintable (pictures[i], NULL);
      gtk_label_set_label (labels[i], teller_document_get_title (self->sides[i]));
      teller_thumbnail_render_async (teller_document_get_file (self->sides[i]), size,
                                     self->cancellable, thumbnail_cb, g_object_ref (pictures[i]));
    }
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TellerIdCopyDialog *self = TELLER_ID_COPY_DIALOG (widget);
  TellerDocument *front = self->sides[0];
  GdkPaintable *front_paintable = gtk_picture_get_paintable (self->front_picture);

  self->sides[0] = self->sides[1];
  self->sides[1] = front;

  /* Swap what is already rendered rather than rendering it again. */
  if (front_paintable != NULL)
    g_object_ref (front_paintable);
  gtk_picture_set_paintable (self->front_picture, gtk_picture_get_paintable (self->back_picture));
  gtk_picture_set_paintable (self->back_picture, front_paintable);
  g_clear_object (&front_paintable);
  gtk_label_set_label (self->front_label, teller_document_get_title (self->sides[0]));
  gtk_label_set_label (self->back_label, teller_document_get_title (self->sides[1]));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TellerIdCopyDialog *self = TELLER_ID_COPY_DIALOG (widget);

  /* Held over the destroy: the handler may still read the sides. */
  g_object_ref (self);
  g_signal_emit (self, signals[CREATE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
teller_id_copy_dialog_dispose (GObject *object)
{
  TellerIdCopyDialog *self = TELLER_ID_COPY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_ID_COPY_DIALOG);

  G_OBJECT_CLASS (teller_id_copy_dialog_parent_class)->dispose (object);
}

static void
teller_id_copy_dialog_finalize (GObject *object)
{
  TellerIdCopyDialog *self = TELLER_ID_COPY_DIALOG (object);

  g_clear_object (&self->sides[0]);
  g_clear_object (&self->sides[1]);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (teller_id_copy_dialog_parent_class)->finalize (object);
}

static void
teller_id_copy_dialog_class_init (TellerIdCopyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_id_copy_dialog_dispose;
  object_class->finalize = teller_id_copy_dialog_finalize;

  /**
   * TellerIdCopyDialog::create:
   * @self: a #TellerIdCopyDialog
   *
   * The operator asked for the copy; read the sides and the watermark now, the
   * dialog closes right after.
   */
  signals[CREATE] =
    g_signal_new ("create",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-id-copy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerIdCopyDialog, front_picture);
  gtk_widget_class_bind_template_child (widget_class, TellerIdCopyDialog, back_picture);
  gtk_widget_class_bind_template_child (widget_class, TellerIdCopyDialog, front_label);
  gtk_widget_class_bind_template_child (widget_class, TellerIdCopyDialog, back_label);
  gtk_widget_class_bind_template_child (widget_class, TellerIdCopyDialog, watermark_switch);
  gtk_widget_class_bind_template_child (widget_class, TellerIdCopyDialog, watermark_entry);

  gtk_widget_class_install_action (widget_class, "id-copy.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "id-copy.swap", NULL, swap_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
teller_id_copy_dialog_init (TellerIdCopyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: the default watermark of an ID card copy */
  gtk_editable_set_text (GTK_EDITABLE (self->watermark_entry), _("For this use only"));
}

GtkWidget *
teller_id_copy_dialog_new (GtkWindow      *parent,
                           TellerDocument *front,
                           TellerDocument *back)
{
  TellerIdCopyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TELLER_IS_DOCUMENT (front), NULL);
  g_return_val_if_fail (TELLER_IS_DOCUMENT (back), NULL);

  self = g_object_new (TELLER_TYPE_ID_COPY_DIALOG, "transient-for", parent, NULL);
  self->sides[0] = g_object_ref (front);
  self->sides[1] = g_object_ref (back);
  show_sides (self);

  return GTK_WIDGET (self);
}

TellerDocument *
teller_id_copy_dialog_get_front (TellerIdCopyDialog *self)
{
  g_return_val_if_fail (TELLER_IS_ID_COPY_DIALOG (self), NULL);

  return self->sides[0];
}

TellerDocument *
teller_id_copy_dialog_get_back (TellerIdCopyDialog *self)
{
  g_return_val_if_fail (TELLER_IS_ID_COPY_DIALOG (self), NULL);

  return self->sides[1];
}

const char *
teller_id_copy_dialog_get_watermark (TellerIdCopyDialog *self)
{
  const char *text;

  g_return_val_if_fail (TELLER_IS_ID_COPY_DIALOG (self), NULL);

  if (!gtk_switch_get_active (self->watermark_switch))
    return NULL;

  text = gtk_editable_get_text (GTK_EDITABLE (self->watermark_entry));
  return text != NULL && *text != '\0' ? text : NULL;
}

void
teller_id_copy_dialog_set_watermark (TellerIdCopyDialog *self,
                                     const char         *text)
{
  g_return_if_fail (TELLER_IS_ID_COPY_DIALOG (self));

  gtk_switch_set_active (self->watermark_switch, text != NULL);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->watermark_entry), text);
}
