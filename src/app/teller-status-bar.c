/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-status-bar.h"

struct _TellerStatusBar
{
  GtkWidget   parent_instance;

  /* Template Widgets */
  GtkWidget  *root_box; /* bound so dispose_template unparents it */
  GtkBox     *indicators;

  /* Owned References */
  GListModel *model;

  gboolean    demo;
};

G_DEFINE_FINAL_TYPE (TellerStatusBar, teller_status_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
nth_indicator (TellerStatusBar *self,
               guint            position)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->indicators));

  for (guint i = 0; child != NULL && i < position; i++)
    child = gtk_widget_get_next_sibling (child);

  return child;
}

static void
items_changed_cb (TellerStatusBar *self,
                  guint            position,
                  guint            removed,
                  guint            added,
                  GListModel      *model)
{
  GtkWidget *child = nth_indicator (self, position);
  GtkWidget *previous;

  for (guint i = 0; i < removed && child != NULL; i++)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (self->indicators, child);
      child = next;
    }

  previous = position > 0 ? nth_indicator (self, position - 1) : NULL;

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TellerService) service = g_list_model_get_item (model, position + i);
      GtkWidget *indicator = teller_service_indicator_new (service);

      gtk_box_insert_child_after (self->indicators, indicator, previous);
      previous = indicator;
    }
}

static void
teller_status_bar_dispose (GObject *object)
{
  TellerStatusBar *self = TELLER_STATUS_BAR (object);

  teller_status_bar_set_model (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_STATUS_BAR);

  G_OBJECT_CLASS (teller_status_bar_parent_class)->dispose (object);
}

static void
teller_status_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TellerStatusBar *self = TELLER_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_status_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TellerStatusBar *self = TELLER_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      teller_status_bar_set_model (self, g_value_get_object (value));
      break;

    case PROP_DEMO:
      teller_status_bar_set_demo (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_status_bar_class_init (TellerStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_status_bar_dispose;
  object_class->get_property = teller_status_bar_get_property;
  object_class->set_property = teller_status_bar_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerStatusBar, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerStatusBar, indicators);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbar");
}

static void
teller_status_bar_init (TellerStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GListModel *
teller_status_bar_get_model (TellerStatusBar *self)
{
  g_return_val_if_fail (TELLER_IS_STATUS_BAR (self), NULL);

  return self->model;
}

void
teller_status_bar_set_model (TellerStatusBar *self,
                             GListModel      *model)
{
  guint old_n_items = 0;

  g_return_if_fail (TELLER_IS_STATUS_BAR (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    {
      old_n_items = g_list_model_get_n_items (self->model);
      g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
    }

  g_set_object (&self->model, model);

  /* The indicators box is gone once the template is disposed. */
  if (self->indicators != NULL)
    items_changed_cb (self, 0, old_n_items,
                      model != NULL ? g_list_model_get_n_items (model) : 0, model);

  if (model != NULL)
    g_signal_connect_object (model, "items-changed",
                             G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
teller_status_bar_get_demo (TellerStatusBar *self)
{
  g_return_val_if_fail (TELLER_IS_STATUS_BAR (self), FALSE);

  return self->demo;
}

void
teller_status_bar_set_demo (TellerStatusBar *self,
                            gboolean         demo)
{
  g_return_if_fail (TELLER_IS_STATUS_BAR (self));

  demo = !!demo;
  if (self->demo == demo)
    return;

  self->demo = demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

guint
teller_status_bar_get_n_indicators (TellerStatusBar *self)
{
  guint n = 0;

  g_return_val_if_fail (TELLER_IS_STATUS_BAR (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->indicators));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

TellerServiceIndicator *
teller_status_bar_get_indicator (TellerStatusBar *self,
                                 guint            position)
{
  g_return_val_if_fail (TELLER_IS_STATUS_BAR (self), NULL);

  return TELLER_SERVICE_INDICATOR (nth_indicator (self, position));
}
