/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-pane.h"
#include "teller-device-settings-dialog.h"
#include "teller-identity-pane.h"
#include "teller-status-bar.h"
#include "teller-toast-area.h"
#include "teller-transaction-pane.h"
#include "teller-window.h"

struct _TellerWindow
{
  GtkApplicationWindow   parent_instance;

  /* Template Widgets */
  TellerCameraPane      *camera_pane;
  TellerIdentityPane    *identity_pane;
  GtkStack              *stack;
  TellerStatusBar       *status_bar;
  TellerToastArea       *toast_area;
  TellerTransactionPane *transaction_pane;

  /* Owned References */
  TellerServices        *services;

  /* Borrowed References */
  GtkWindow             *camera_settings;
};

G_DEFINE_FINAL_TYPE (TellerWindow, teller_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
camera_settings_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TellerWindow *self = TELLER_WINDOW (widget);
  TellerCameraService *camera;
  GtkWidget *dialog;

  if (self->camera_settings != NULL)
    {
      gtk_window_present (self->camera_settings);
      return;
    }

  if (self->services == NULL)
    return;

  camera = teller_services_get_camera (self->services);
  dialog = teller_device_settings_dialog_new (GTK_WINDOW (self), camera,
                                              teller_camera_service_get_document_camera_index (camera));
  g_set_weak_pointer (&self->camera_settings, GTK_WINDOW (dialog));
  gtk_window_present (self->camera_settings);
}

static void
toggle_fullscreen_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* win.show-pane: a page of the sidebar by name, its keys ready at once. */
static void
show_pane_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TellerWindow *self = TELLER_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack,
                                                 g_variant_get_string (parameter, NULL));

  if (page == NULL)
    return;

  gtk_stack_set_visible_child (self->stack, page);
  gtk_widget_grab_focus (page);
}

static void
teller_window_constructed (GObject *object)
{
  TellerWindow *self = TELLER_WINDOW (object);

  G_OBJECT_CLASS (teller_window_parent_class)->constructed (object);

  if (self->services != NULL)
    {
      teller_status_bar_set_model (self->status_bar,
                                   teller_services_get_services (self->services));
      teller_transaction_pane_set_transaction (self->transaction_pane,
                                               teller_services_get_transaction (self->services));
      teller_camera_pane_set_services (self->camera_pane, self->services);
      teller_identity_pane_set_services (self->identity_pane, self->services);
    }

  /* Start in the first pane, so its keys work without a click first. */
  gtk_widget_grab_focus (GTK_WIDGET (self->camera_pane));
}

static void
teller_window_dispose (GObject *object)
{
  TellerWindow *self = TELLER_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_WINDOW);
  g_clear_weak_pointer (&self->camera_settings);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (teller_window_parent_class)->dispose (object);
}

static void
teller_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TellerWindow *self = TELLER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TellerWindow *self = TELLER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      self->services = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_window_class_init (TellerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = teller_window_constructed;
  object_class->dispose = teller_window_dispose;
  object_class->get_property = teller_window_get_property;
  object_class->set_property = teller_window_set_property;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, TELLER_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TELLER_TYPE_CAMERA_PANE);
  g_type_ensure (TELLER_TYPE_IDENTITY_PANE);
  g_type_ensure (TELLER_TYPE_STATUS_BAR);
  g_type_ensure (TELLER_TYPE_TOAST_AREA);
  g_type_ensure (TELLER_TYPE_TRANSACTION_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/teller-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerWindow, camera_pane);
  gtk_widget_class_bind_template_child (widget_class, TellerWindow, identity_pane);
  gtk_widget_class_bind_template_child (widget_class, TellerWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TellerWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, TellerWindow, toast_area);
  gtk_widget_class_bind_template_child (widget_class, TellerWindow, transaction_pane);

  gtk_widget_class_install_action (widget_class, "win.toggle-fullscreen", NULL,
                                   toggle_fullscreen_cb);
  gtk_widget_class_install_action (widget_class, "win.camera-settings", NULL, camera_settings_cb);
  gtk_widget_class_install_action (widget_class, "win.show-pane", "s", show_pane_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-pane",
                                       "s", "camera");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-pane",
                                       "s", "identity");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-pane",
                                       "s", "transaction");
}

static void
teller_window_init (TellerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TellerWindow *
teller_window_new (TellerApplication *application)
{
  TellerWindow *self;

  g_return_val_if_fail (TELLER_IS_APPLICATION (application), NULL);

  self = g_object_new (TELLER_TYPE_WINDOW,
                       "application", application,
                       "services", teller_application_get_services (application),
                       NULL);
  g_object_bind_property (application, "demo", self->status_bar, "demo", G_BINDING_SYNC_CREATE);

  return self;
}

TellerServices *
teller_window_get_services (TellerWindow *self)
{
  g_return_val_if_fail (TELLER_IS_WINDOW (self), NULL);

  return self->services;
}

TellerStatusBar *
teller_window_get_status_bar (TellerWindow *self)
{
  g_return_val_if_fail (TELLER_IS_WINDOW (self), NULL);

  return self->status_bar;
}

TellerCameraPane *
teller_window_get_camera_pane (TellerWindow *self)
{
  g_return_val_if_fail (TELLER_IS_WINDOW (self), NULL);

  return self->camera_pane;
}

TellerIdentityPane *
teller_window_get_identity_pane (TellerWindow *self)
{
  g_return_val_if_fail (TELLER_IS_WINDOW (self), NULL);

  return self->identity_pane;
}

TellerTransactionPane *
teller_window_get_transaction_pane (TellerWindow *self)
{
  g_return_val_if_fail (TELLER_IS_WINDOW (self), NULL);

  return self->transaction_pane;
}

void
teller_window_add_toast (TellerWindow *self,
                         TellerToast  *toast)
{
  g_return_if_fail (TELLER_IS_WINDOW (self));
  g_return_if_fail (TELLER_IS_TOAST (toast));

  teller_toast_area_add (self->toast_area, toast);
}

void
teller_window_show_toast (TellerWindow *self,
                          const char   *message)
{
  g_autoptr(TellerToast) toast = NULL;

  g_return_if_fail (TELLER_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = teller_toast_new (message);
  teller_toast_area_add (self->toast_area, toast);
}

void
teller_window_show_error (TellerWindow *self,
                          const char   *message)
{
  g_autoptr(TellerToast) toast = NULL;

  g_return_if_fail (TELLER_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = teller_toast_new_error (message);
  teller_toast_area_add (self->toast_area, toast);
}

void
teller_window_dismiss_toast (TellerWindow *self)
{
  g_return_if_fail (TELLER_IS_WINDOW (self));

  teller_toast_area_dismiss (self->toast_area);
}

TellerToast *
teller_window_get_toast (TellerWindow *self)
{
  g_return_val_if_fail (TELLER_IS_WINDOW (self), NULL);

  return teller_toast_area_get_toast (self->toast_area);
}
