/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-reveal-button.h"

/*
 * Not a GtkButton: a GtkButton's own click gesture claims the press, which would
 * cancel a second gesture watching the same press, and it acts on release.  This
 * widget takes the "button" CSS name so it looks like a flat circular button, and
 * sets the :active state itself while held.
 */

struct _TellerIdentityRevealButton
{
  GtkWidget  parent_instance;

  GtkWidget *image;
  gboolean   pointer_held;
  gboolean   key_held;
};

G_DEFINE_FINAL_TYPE (TellerIdentityRevealButton, teller_identity_reveal_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_held (TellerIdentityRevealButton *self,
          gboolean                   *held,
          gboolean                    value)
{
  gboolean was = teller_identity_reveal_button_get_revealed (self);
  gboolean now;

  *held = value;
  now = teller_identity_reveal_button_get_revealed (self);
  if (was == now)
    return;

  if (now)
    gtk_widget_set_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE, FALSE);
  else
    gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->image),
                                now ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_PRESSED,
                               now ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
pressed_cb (TellerIdentityRevealButton *self,
            int                         n_press,
            double                      x,
            double                      y,
            GtkGestureClick            *gesture)
{
  if (!gtk_widget_is_sensitive (GTK_WIDGET (self)))
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  set_held (self, &self->pointer_held, TRUE);
}

static void
released_cb (TellerIdentityRevealButton *self)
{
  set_held (self, &self->pointer_held, FALSE);
}

static gboolean
is_activate_key (guint keyval)
{
  return keyval == GDK_KEY_space || keyval == GDK_KEY_KP_Space ||
         keyval == GDK_KEY_Return || keyval == GDK_KEY_ISO_Enter || keyval == GDK_KEY_KP_Enter;
}

static gboolean
key_pressed_cb (TellerIdentityRevealButton *self,
                guint                       keyval,
                guint                       keycode,
                GdkModifierType             state)
{
  if (!is_activate_key (keyval) || !gtk_widget_is_sensitive (GTK_WIDGET (self)))
    return FALSE;

  /* Key repeat sends more presses while held: nothing changes. */
  set_held (self, &self->key_held, TRUE);
  return TRUE;
}

static void
key_released_cb (TellerIdentityRevealButton *self,
                 guint                       keyval,
                 guint                       keycode,
                 GdkModifierType             state)
{
  if (is_activate_key (keyval))
    set_held (self, &self->key_held, FALSE);
}

static void
focus_leave_cb (TellerIdentityRevealButton *self)
{
  set_held (self, &self->key_held, FALSE);
}

static void
teller_identity_reveal_button_unmap (GtkWidget *widget)
{
  teller_identity_reveal_button_release (TELLER_IDENTITY_REVEAL_BUTTON (widget));

  GTK_WIDGET_CLASS (teller_identity_reveal_button_parent_class)->unmap (widget);
}

static void
teller_identity_reveal_button_dispose (GObject *object)
{
  TellerIdentityRevealButton *self = TELLER_IDENTITY_REVEAL_BUTTON (object);

  g_clear_pointer (&self->image, gtk_widget_unparent);

  G_OBJECT_CLASS (teller_identity_reveal_button_parent_class)->dispose (object);
}

static void
teller_identity_reveal_button_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  TellerIdentityRevealButton *self = TELLER_IDENTITY_REVEAL_BUTTON (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, teller_identity_reveal_button_get_revealed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_reveal_button_class_init (TellerIdentityRevealButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_reveal_button_dispose;
  object_class->get_property = teller_identity_reveal_button_get_property;
  widget_class->unmap = teller_identity_reveal_button_unmap;

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "button");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
teller_identity_reveal_button_init (TellerIdentityRevealButton *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->image = gtk_image_new_from_icon_name ("view-reveal-symbolic");
  gtk_widget_set_parent (self->image, widget);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_add_css_class (widget, "flat");
  gtk_widget_add_css_class (widget, "circular");
  gtk_widget_add_css_class (widget, "image-button");
  gtk_widget_add_css_class (widget, "reveal-button");
  /* Translators: tooltip of the eye button beside a masked card number */
  gtk_widget_set_tooltip_text (widget, _("Hold to show the full number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show the full number while held"), -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_PRESSED,
                               GTK_ACCESSIBLE_TRISTATE_FALSE, -1);

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (click), FALSE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  g_signal_connect_swapped (click, "stopped", G_CALLBACK (released_cb), self);
  g_signal_connect_swapped (click, "cancel", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect_swapped (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, keys);

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (widget, focus);
}

GtkWidget *
teller_identity_reveal_button_new (void)
{
  return g_object_new (TELLER_TYPE_IDENTITY_REVEAL_BUTTON, NULL);
}

gboolean
teller_identity_reveal_button_get_revealed (TellerIdentityRevealButton *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_REVEAL_BUTTON (self), FALSE);

  return self->pointer_held || self->key_held;
}

void
teller_identity_reveal_button_release (TellerIdentityRevealButton *self)
{
  g_return_if_fail (TELLER_IS_IDENTITY_REVEAL_BUTTON (self));

  set_held (self, &self->key_held, FALSE);
  set_held (self, &self->pointer_held, FALSE);
}
