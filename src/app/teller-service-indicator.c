/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-service-indicator.h"

struct _TellerServiceIndicator
{
  GtkWidget           parent_instance;

  /* Template Widgets */
  GtkWidget          *root_box; /* bound so dispose_template unparents it */
  GtkWidget          *dot;
  GtkLabel           *name_label;
  GtkLabel           *state_label;

  /* Owned References */
  TellerService      *service;
  GBindingGroup      *bindings;

  TellerServiceState  state;
};

G_DEFINE_FINAL_TYPE (TellerServiceIndicator, teller_service_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_to_label (TellerServiceState state)
{
  switch (state)
    {
    case TELLER_SERVICE_STATE_ONLINE:
      /* Translators: a device service state in the status bar */
      return _("Online");

    case TELLER_SERVICE_STATE_OFFLINE:
      /* Translators: a device service state in the status bar */
      return _("Offline");

    case TELLER_SERVICE_STATE_ERROR:
      /* Translators: a device service state in the status bar */
      return _("Error");

    case TELLER_SERVICE_STATE_UNKNOWN:
    default:
      /* Translators: a device service state in the status bar */
      return _("Checking…");
    }
}

static const char *
state_to_css_class (TellerServiceState state)
{
  switch (state)
    {
    case TELLER_SERVICE_STATE_ONLINE:
      return "online";

    case TELLER_SERVICE_STATE_OFFLINE:
      return "offline";

    case TELLER_SERVICE_STATE_ERROR:
      return "error";

    case TELLER_SERVICE_STATE_UNKNOWN:
    default:
      return "unknown";
    }
}

static gboolean
state_to_label_transform (GBinding     *binding,
                          const GValue *from,
                          GValue       *to,
                          gpointer      user_data)
{
  g_value_set_string (to, state_to_label (g_value_get_enum (from)));
  return TRUE;
}

static gboolean
state_to_css_classes_transform (GBinding     *binding,
                                const GValue *from,
                                GValue       *to,
                                gpointer      user_data)
{
  const char *classes[] = { "status-dot", state_to_css_class (g_value_get_enum (from)), NULL };

  g_value_set_boxed (to, classes);
  return TRUE;
}

static void
teller_service_indicator_set_state (TellerServiceIndicator *self,
                                    TellerServiceState      state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
teller_service_indicator_dispose (GObject *object)
{
  TellerServiceIndicator *self = TELLER_SERVICE_INDICATOR (object);

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_SERVICE_INDICATOR);

  G_OBJECT_CLASS (teller_service_indicator_parent_class)->dispose (object);
}

static void
teller_service_indicator_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TellerServiceIndicator *self = TELLER_SERVICE_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_service_indicator_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TellerServiceIndicator *self = TELLER_SERVICE_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      teller_service_indicator_set_service (self, g_value_get_object (value));
      break;

    case PROP_STATE:
      teller_service_indicator_set_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_service_indicator_class_init (TellerServiceIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_service_indicator_dispose;
  object_class->get_property = teller_service_indicator_get_property;
  object_class->set_property = teller_service_indicator_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, TELLER_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Written only by the binding to the service, so it is what the dot shows. */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       TELLER_TYPE_SERVICE_STATE, TELLER_SERVICE_STATE_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-service-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerServiceIndicator, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerServiceIndicator, dot);
  gtk_widget_class_bind_template_child (widget_class, TellerServiceIndicator, name_label);
  gtk_widget_class_bind_template_child (widget_class, TellerServiceIndicator, state_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "serviceindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
teller_service_indicator_init (TellerServiceIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "display-name",
                        self->name_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "state-reason",
                        self, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "state",
                        self, "state", G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->bindings, "state",
                             self->state_label, "label", G_BINDING_SYNC_CREATE,
                             state_to_label_transform, NULL, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "state",
                             self->dot, "css-classes", G_BINDING_SYNC_CREATE,
                             state_to_css_classes_transform, NULL, NULL, NULL);
}

GtkWidget *
teller_service_indicator_new (TellerService *service)
{
  g_return_val_if_fail (TELLER_IS_SERVICE (service), NULL);

  return g_object_new (TELLER_TYPE_SERVICE_INDICATOR, "service", service, NULL);
}

TellerService *
teller_service_indicator_get_service (TellerServiceIndicator *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICE_INDICATOR (self), NULL);

  return self->service;
}

void
teller_service_indicator_set_service (TellerServiceIndicator *self,
                                      TellerService          *service)
{
  g_return_if_fail (TELLER_IS_SERVICE_INDICATOR (self));
  g_return_if_fail (service == NULL || TELLER_IS_SERVICE (service));

  if (!g_set_object (&self->service, service))
    return;

  g_binding_group_set_source (self->bindings, service);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

TellerServiceState
teller_service_indicator_get_state (TellerServiceIndicator *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICE_INDICATOR (self), TELLER_SERVICE_STATE_UNKNOWN);

  return self->state;
}

const char *
teller_service_indicator_get_state_label (TellerServiceIndicator *self)
{
  g_return_val_if_fail (TELLER_IS_SERVICE_INDICATOR (self), NULL);

  return gtk_label_get_label (self->state_label);
}
