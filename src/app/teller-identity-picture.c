/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include "teller-identity-picture.h"
#include "teller-identity-util.h"

struct _TellerIdentityPicture
{
  GtkWidget     parent_instance;

  GtkWidget    *placeholder;
  GdkPaintable *paintable;
  gboolean      contain;
};

G_DEFINE_FINAL_TYPE (TellerIdentityPicture, teller_identity_picture, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAINTABLE,
  PROP_ICON_NAME,
  PROP_CONTAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
teller_identity_picture_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  TellerIdentityPicture *self = TELLER_IDENTITY_PICTURE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double ratio, scale, w, h;

  if (self->paintable == NULL)
    {
      GTK_WIDGET_CLASS (teller_identity_picture_parent_class)->snapshot (widget, snapshot);
      return;
    }

  ratio = gdk_paintable_get_intrinsic_aspect_ratio (self->paintable);
  if (ratio <= 0)
    ratio = width / MAX (height, 1);

  /* Cover fills the frame and crops; contain shows all of it. */
  scale = self->contain ? MIN (width / ratio, height) : MAX (width / ratio, height);
  h = scale;
  w = scale * ratio;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2, (height - h) / 2));
  gdk_paintable_snapshot (self->paintable, GDK_SNAPSHOT (snapshot), w, h);
  gtk_snapshot_restore (snapshot);
}

static void
teller_identity_picture_dispose (GObject *object)
{
  TellerIdentityPicture *self = TELLER_IDENTITY_PICTURE (object);

  g_clear_pointer (&self->placeholder, gtk_widget_unparent);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (teller_identity_picture_parent_class)->dispose (object);
}

static void
teller_identity_picture_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TellerIdentityPicture *self = TELLER_IDENTITY_PICTURE (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, gtk_image_get_icon_name (GTK_IMAGE (self->placeholder)));
      break;

    case PROP_CONTAIN:
      g_value_set_boolean (value, self->contain);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_picture_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  TellerIdentityPicture *self = TELLER_IDENTITY_PICTURE (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      teller_identity_picture_set_paintable (self, g_value_get_object (value));
      break;

    case PROP_ICON_NAME:
      gtk_image_set_from_icon_name (GTK_IMAGE (self->placeholder), g_value_get_string (value));
      break;

    case PROP_CONTAIN:
      self->contain = g_value_get_boolean (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_picture_class_init (TellerIdentityPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_picture_dispose;
  object_class->get_property = teller_identity_picture_get_property;
  object_class->set_property = teller_identity_picture_set_property;
  widget_class->snapshot = teller_identity_picture_snapshot;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTAIN] =
    g_param_spec_boolean ("contain", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "identitypicture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
teller_identity_picture_init (TellerIdentityPicture *self)
{
  self->placeholder = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (self->placeholder), 56);
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_widget_set_parent (self->placeholder, GTK_WIDGET (self));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
teller_identity_picture_new (void)
{
  return g_object_new (TELLER_TYPE_IDENTITY_PICTURE, NULL);
}

GdkPaintable *
teller_identity_picture_get_paintable (TellerIdentityPicture *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PICTURE (self), NULL);

  return self->paintable;
}

void
teller_identity_picture_set_paintable (TellerIdentityPicture *self,
                                       GdkPaintable          *paintable)
{
  g_return_if_fail (TELLER_IS_IDENTITY_PICTURE (self));
  g_return_if_fail (paintable == NULL || GDK_IS_PAINTABLE (paintable));

  if (!g_set_object (&self->paintable, paintable))
    return;

  gtk_widget_set_visible (self->placeholder, paintable == NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
}

gboolean
teller_identity_picture_set_bytes (TellerIdentityPicture *self,
                                   GBytes                *bytes)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (TELLER_IS_IDENTITY_PICTURE (self), FALSE);

  texture = teller_identity_texture_new (bytes);
  teller_identity_picture_set_paintable (self, GDK_PAINTABLE (texture));
  return texture != NULL;
}
