/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-toast-area.h"

struct _TellerToastArea
{
  GtkWidget    parent_instance;

  /* Template Widgets */
  GtkRevealer *revealer;
  GtkWidget   *frame;
  GtkWidget   *error_icon;
  GtkLabel    *title_label;
  GtkButton   *action_button;

  /* Owned References */
  TellerToast *toast;

  guint        timeout_source;
};

G_DEFINE_FINAL_TYPE (TellerToastArea, teller_toast_area, GTK_TYPE_WIDGET)

static void
dismiss_requested_cb (TellerToastArea *self,
                      TellerToast     *toast)
{
  if (toast == self->toast)
    teller_toast_area_dismiss (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  TellerToastArea *self = TELLER_TOAST_AREA (user_data);

  self->timeout_source = 0;
  teller_toast_area_dismiss (self);

  return G_SOURCE_REMOVE;
}

static void
action_button_clicked_cb (TellerToastArea *self)
{
  g_autoptr(TellerToast) toast = NULL;

  if (self->toast == NULL)
    return;

  /* The handler may raise a new toast; keep ours alive until it is dismissed. */
  toast = g_object_ref (self->toast);
  _teller_toast_emit_button_clicked (toast);

  if (toast == self->toast)
    teller_toast_area_dismiss (self);
}

static void
close_button_clicked_cb (TellerToastArea *self)
{
  teller_toast_area_dismiss (self);
}

/* The pointer resting on a toast means it is being read: hold the timeout. */
static void
motion_enter_cb (TellerToastArea *self)
{
  g_clear_handle_id (&self->timeout_source, g_source_remove);
}

static void
motion_leave_cb (TellerToastArea *self)
{
  guint timeout;

  if (self->toast == NULL || self->timeout_source != 0)
    return;

  timeout = teller_toast_get_timeout (self->toast);
  if (timeout > 0)
    self->timeout_source = g_timeout_add_seconds (timeout, timeout_cb, self);
}

static void
teller_toast_area_dispose (GObject *object)
{
  TellerToastArea *self = TELLER_TOAST_AREA (object);

  /* Whoever raised the toast learns it is gone with the window. */
  teller_toast_area_dismiss (self);
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_TOAST_AREA);

  G_OBJECT_CLASS (teller_toast_area_parent_class)->dispose (object);
}

static void
teller_toast_area_class_init (TellerToastAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_toast_area_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-toast-area.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerToastArea, revealer);
  gtk_widget_class_bind_template_child (widget_class, TellerToastArea, frame);
  gtk_widget_class_bind_template_child (widget_class, TellerToastArea, error_icon);
  gtk_widget_class_bind_template_child (widget_class, TellerToastArea, title_label);
  gtk_widget_class_bind_template_child (widget_class, TellerToastArea, action_button);
  gtk_widget_class_bind_template_callback (widget_class, action_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, motion_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, motion_leave_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "toastarea");
}

static void
teller_toast_area_init (TellerToastArea *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
teller_toast_area_present (TellerToastArea *self)
{
  TellerToast *toast = self->toast;
  const char *button_label = teller_toast_get_button_label (toast);
  gboolean is_error = teller_toast_get_is_error (toast);
  guint timeout = teller_toast_get_timeout (toast);

  gtk_label_set_label (self->title_label, teller_toast_get_title (toast));
  gtk_button_set_label (self->action_button, button_label != NULL ? button_label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), button_label != NULL);
  gtk_widget_set_visible (self->error_icon, is_error);

  if (is_error)
    gtk_widget_add_css_class (self->frame, "error");
  else
    gtk_widget_remove_css_class (self->frame, "error");

  gtk_revealer_set_reveal_child (self->revealer, TRUE);

  if (timeout > 0)
    self->timeout_source = g_timeout_add_seconds (timeout, timeout_cb, self);
}

void
teller_toast_area_add (TellerToastArea *self,
                       TellerToast     *toast)
{
  g_return_if_fail (TELLER_IS_TOAST_AREA (self));
  g_return_if_fail (TELLER_IS_TOAST (toast));

  g_object_ref (toast);
  teller_toast_area_dismiss (self);

  self->toast = toast;
  g_signal_connect_object (toast, "dismiss-requested",
                           G_CALLBACK (dismiss_requested_cb), self, G_CONNECT_SWAPPED);
  teller_toast_area_present (self);
}

void
teller_toast_area_dismiss (TellerToastArea *self)
{
  g_autoptr(TellerToast) toast = NULL;

  g_return_if_fail (TELLER_IS_TOAST_AREA (self));

  g_clear_handle_id (&self->timeout_source, g_source_remove);

  if (self->toast == NULL)
    return;

  toast = g_steal_pointer (&self->toast);
  g_signal_handlers_disconnect_by_data (toast, self);

  if (self->revealer != NULL)
    gtk_revealer_set_reveal_child (self->revealer, FALSE);

  _teller_toast_emit_dismissed (toast);
}

TellerToast *
teller_toast_area_get_toast (TellerToastArea *self)
{
  g_return_val_if_fail (TELLER_IS_TOAST_AREA (self), NULL);

  return self->toast;
}
