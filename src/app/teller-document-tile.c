/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-document-tile.h"
#include "teller-thumbnailer.h"

struct _TellerDocumentTile
{
  GtkWidget       parent_instance;

  /* Template Widgets */
  GtkWidget      *root_box; /* bound so dispose_template unparents it */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkPicture     *picture;
  GtkImage       *icon;
  GtkLabel       *title_label;

  /* Owned References */
  TellerDocument *document;
  GdkTexture     *thumbnail;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (TellerDocumentTile, teller_document_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
teller_document_tile_show_icon (TellerDocumentTile *self,
                                const char         *icon_name,
                                const char         *tooltip)
{
  gtk_spinner_stop (self->spinner);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon), tooltip);
  gtk_stack_set_visible_child_name (self->stack, "icon");
}

static void
teller_document_tile_set_thumbnail (TellerDocumentTile *self,
                                    GdkTexture         *texture)
{
  if (!g_set_object (&self->thumbnail, texture))
    return;

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

static void
render_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TellerDocumentTile) self = user_data;
  g_autoptr(TellerThumbnail) thumbnail = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tooltip = NULL;

  thumbnail = teller_thumbnail_render_finish (result, &error);

  /* Cancelled means the tile now shows another document, or none. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (thumbnail == NULL)
    {
      /* Translators: %s is why the thumbnail could not be made */
      tooltip = g_strdup_printf (_("No preview: %s"), error->message);
      teller_document_tile_show_icon (self, "image-missing-symbolic", tooltip);
      return;
    }

  texture = gdk_memory_texture_new (thumbnail->width, thumbnail->height,
                                    GDK_MEMORY_DEFAULT, thumbnail->pixels, thumbnail->stride);
  teller_document_tile_set_thumbnail (self, texture);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "picture");
}

static void
teller_document_tile_cancel (TellerDocumentTile *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
teller_document_tile_load (TellerDocumentTile *self)
{
  int size;

  teller_document_tile_cancel (self);
  teller_document_tile_set_thumbnail (self, NULL);

  if (self->document == NULL)
    {
      gtk_spinner_stop (self->spinner);
      return;
    }

  if (teller_document_get_kind (self->document) == TELLER_DOCUMENT_KIND_OTHER)
    {
      teller_document_tile_show_icon (self, "text-x-generic-symbolic", NULL);
      return;
    }

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  size = TELLER_DOCUMENT_TILE_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  teller_thumbnail_render_async (teller_document_get_file (self->document), size,
                                 self->cancellable, render_cb, g_object_ref (self));
}

/* The file was rewritten (rotated, cropped): render it again. */
static void
document_changed_cb (TellerDocumentTile *self,
                     TellerDocument     *document)
{
  teller_document_tile_load (self);
}

static void
teller_document_tile_dispose (GObject *object)
{
  TellerDocumentTile *self = TELLER_DOCUMENT_TILE (object);

  teller_document_tile_cancel (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_clear_object (&self->document);
  g_clear_object (&self->thumbnail);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_DOCUMENT_TILE);

  G_OBJECT_CLASS (teller_document_tile_parent_class)->dispose (object);
}

static void
teller_document_tile_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TellerDocumentTile *self = TELLER_DOCUMENT_TILE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_document_tile_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TellerDocumentTile *self = TELLER_DOCUMENT_TILE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      teller_document_tile_set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_document_tile_class_init (TellerDocumentTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_document_tile_dispose;
  object_class->get_property = teller_document_tile_get_property;
  object_class->set_property = teller_document_tile_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, TELLER_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-document-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerDocumentTile, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerDocumentTile, stack);
  gtk_widget_class_bind_template_child (widget_class, TellerDocumentTile, spinner);
  gtk_widget_class_bind_template_child (widget_class, TellerDocumentTile, picture);
  gtk_widget_class_bind_template_child (widget_class, TellerDocumentTile, icon);
  gtk_widget_class_bind_template_child (widget_class, TellerDocumentTile, title_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "documenttile");
}

static void
teller_document_tile_init (TellerDocumentTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
teller_document_tile_new (void)
{
  return g_object_new (TELLER_TYPE_DOCUMENT_TILE, NULL);
}

TellerDocument *
teller_document_tile_get_document (TellerDocumentTile *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT_TILE (self), NULL);

  return self->document;
}

void
teller_document_tile_set_document (TellerDocumentTile *self,
                                   TellerDocument     *document)
{
  g_return_if_fail (TELLER_IS_DOCUMENT_TILE (self));
  g_return_if_fail (document == NULL || TELLER_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_swapped (document, "changed", G_CALLBACK (document_changed_cb), self);

  gtk_label_set_label (self->title_label,
                       document != NULL ? teller_document_get_title (document) : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label),
                               document != NULL ? teller_document_get_title (document) : NULL);
  teller_document_tile_load (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

GdkPaintable *
teller_document_tile_get_thumbnail (TellerDocumentTile *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT_TILE (self), NULL);

  return self->thumbnail != NULL ? GDK_PAINTABLE (self->thumbnail) : NULL;
}
