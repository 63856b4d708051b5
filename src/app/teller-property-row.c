/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "teller-property-row.h"

struct _TellerPropertyRow
{
  GtkListBoxRow         parent_instance;

  /* Template Widgets */
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkLabel             *error_label;
  GtkScale             *scale;
  GtkWidget            *auto_box;
  GtkSwitch            *auto_switch;
  GtkWidget            *reset_button;

  /* Owned References */
  TellerCameraService  *camera;
  TellerCameraProperty *property; /* current and is_auto follow what the camera took */
  GCancellable         *cancellable;

  guint                 camidx;
  int                   sent_value;
  guint                 apply_source;
  guint                 updating;  /* > 0 while the code, not the operator, moves controls */
  gboolean              in_flight; /* one request at a time, so replies cannot cross */
  gboolean              dirty;     /* the scale moved while a request was out */
};

G_DEFINE_FINAL_TYPE (TellerPropertyRow, teller_property_row, GTK_TYPE_LIST_BOX_ROW)

/* The names of 3.7/3.8 as the operator reads them. */
static const struct {
  const char *name;
  const char *title;
} titles[] = {
  { "brightness", N_("Brightness") },
  { "contrast", N_("Contrast") },
  { "hue", N_("Hue") },
  { "saturation", N_("Saturation") },
  { "sharpness", N_("Sharpness") },
  { "gamma", N_("Gamma") },
  { "colorenable", N_("Color") },
  { "whitebalance", N_("White Balance") },
  { "backlightcompensation", N_("Backlight Compensation") },
  { "gain", N_("Gain") },
  { "pan", N_("Pan") },
  { "tilt", N_("Tilt") },
  { "roll", N_("Roll") },
  { "zoom", N_("Zoom") },
  { "exposure", N_("Exposure") },
  { "iris", N_("Iris") },
  { "focus", N_("Focus") },
};

/*
 * 3.8 reports whether a property is automatic now, not whether it can be: these are
 * the controls UVC and DirectShow give an automatic mode, plus any the camera
 * reports as automatic.
 */
static const char * const auto_capable[] = { "whitebalance", "exposure", "focus", "iris", NULL };

static const char *
get_title (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      if (g_str_equal (titles[i].name, name))
        return _(titles[i].title);
    }

  return name;
}

static int
get_scale_value (TellerPropertyRow *self)
{
  return (int) lround (gtk_range_get_value (GTK_RANGE (self->scale)));
}

static void
set_controls (TellerPropertyRow *self)
{
  self->updating++;
  gtk_range_set_value (GTK_RANGE (self->scale), self->property->current);
  gtk_switch_set_active (self->auto_switch, self->property->is_auto);
  /* While automatic the reported value is only the last manual one (3.8). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), !self->property->is_auto);
  self->updating--;
}

static void
show_error (TellerPropertyRow *self,
            const GError      *error)
{
  g_autofree char *message = NULL;

  if (error != NULL)
    /* Translators: the first %s is a camera setting (Brightness), the second the reason */
    message = g_strdup_printf (_("Could not change %s: %s"),
                               get_title (self->property->name), error->message);

  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void send_value (TellerPropertyRow *self,
                        int                value);

/* Reads the property back after a change whose outcome the device decides (auto). */
static void
reread_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TellerPropertyRow) self = user_data;
  g_autoptr(TellerCameraProperty) property = NULL;
  g_autoptr(GError) error = NULL;

  property = teller_camera_service_get_property_finish (TELLER_CAMERA_SERVICE (source), result,
                                                        &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (property != NULL && property->settable)
    {
      g_clear_pointer (&self->property, teller_camera_property_free);
      self->property = g_steal_pointer (&property);
    }
  set_controls (self);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TellerPropertyRow) self = user_data;
  g_autoptr(GError) error = NULL;
  int value = self->sent_value;

  self->in_flight = FALSE;
  if (!teller_camera_service_set_property_finish (TELLER_CAMERA_SERVICE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Back to what the camera has; a later move is dropped with the failed one. */
      self->dirty = FALSE;
      show_error (self, error);
      set_controls (self);
      return;
    }

  show_error (self, NULL);
  self->property->current = value;
  self->property->is_auto = FALSE;
  set_controls (self);

  if (self->dirty)
    {
      self->dirty = FALSE;
      if (get_scale_value (self) != value)
        send_value (self, get_scale_value (self));
    }
}

static void
send_value (TellerPropertyRow *self,
            int                value)
{
  if (self->in_flight)
    {
      self->dirty = TRUE;
      return;
    }

  self->in_flight = TRUE;
  self->sent_value = value;
  teller_camera_service_set_property_async (self->camera, self->camidx, self->property->name,
                                            value, self->cancellable, sent_cb,
                                            g_object_ref (self));
}

static gboolean
apply_cb (gpointer user_data)
{
  TellerPropertyRow *self = TELLER_PROPERTY_ROW (user_data);

  self->apply_source = 0;
  send_value (self, get_scale_value (self));
  return G_SOURCE_REMOVE;
}

/* Snaps to the device's step, then applies once the operator pauses. */
static void
value_changed_cb (TellerPropertyRow *self,
                  GtkRange          *range)
{
  int min = self->property->min;
  int step = MAX (self->property->step, 1);
  int value = get_scale_value (self);
  int snapped = min + (int) lround ((double) (value - min) / step) * step;

  if (self->updating > 0)
    return;

  if (snapped != value || gtk_range_get_value (range) != value)
    {
      self->updating++;
      gtk_range_set_value (range, CLAMP (snapped, self->property->min, self->property->max));
      self->updating--;
    }

  g_clear_handle_id (&self->apply_source, g_source_remove);
  self->apply_source = g_timeout_add (TELLER_PROPERTY_ROW_DELAY_MS, apply_cb, self);
}

static void
auto_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TellerPropertyRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!teller_camera_service_set_property_auto_finish (TELLER_CAMERA_SERVICE (source), result,
                                                       &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error);
      set_controls (self);
      return;
    }

  show_error (self, NULL);
  teller_camera_service_get_property_async (self->camera, self->camidx, self->property->name,
                                            self->cancellable, reread_cb, g_object_ref (self));
}

static void
auto_changed_cb (TellerPropertyRow *self,
                 GParamSpec        *pspec,
                 GtkSwitch         *auto_switch)
{
  if (self->updating > 0)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), !gtk_switch_get_active (auto_switch));
  g_clear_handle_id (&self->apply_source, g_source_remove);

  if (gtk_switch_get_active (auto_switch))
    teller_camera_service_set_property_auto_async (self->camera, self->camidx,
                                                   self->property->name, self->cancellable,
                                                   auto_cb, g_object_ref (self));
  else
    /* A manual value ends automatic control (3.7). */
    send_value (self, get_scale_value (self));
}

static void
reset_clicked_cb (TellerPropertyRow *self)
{
  g_clear_handle_id (&self->apply_source, g_source_remove);

  self->updating++;
  gtk_range_set_value (GTK_RANGE (self->scale), self->property->default_value);
  gtk_switch_set_active (self->auto_switch, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), TRUE);
  self->updating--;

  send_value (self, self->property->default_value);
}

static void
teller_property_row_dispose (GObject *object)
{
  TellerPropertyRow *self = TELLER_PROPERTY_ROW (object);

  /* A move still waiting for its pause is sent now rather than lost. */
  if (self->apply_source != 0 && self->property != NULL)
    {
      g_clear_handle_id (&self->apply_source, g_source_remove);
      teller_camera_service_set_property_async (self->camera, self->camidx, self->property->name,
                                                get_scale_value (self), NULL, NULL, NULL);
    }

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_PROPERTY_ROW);

  G_OBJECT_CLASS (teller_property_row_parent_class)->dispose (object);
}

static void
teller_property_row_finalize (GObject *object)
{
  TellerPropertyRow *self = TELLER_PROPERTY_ROW (object);

  g_clear_object (&self->camera);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->property, teller_camera_property_free);

  G_OBJECT_CLASS (teller_property_row_parent_class)->finalize (object);
}

static void
teller_property_row_class_init (TellerPropertyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_property_row_dispose;
  object_class->finalize = teller_property_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-property-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, scale);
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, auto_box);
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, TellerPropertyRow, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
teller_property_row_init (TellerPropertyRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

static void
teller_property_row_setup (TellerPropertyRow *self)
{
  const TellerCameraProperty *property = self->property;
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->scale));
  int step = MAX (property->step, 1);
  g_autofree char *range = NULL;

  gtk_label_set_label (self->title_label, get_title (property->name));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, get_title (property->name), -1);

  if (!property->settable)
    {
      gtk_label_set_label (self->subtitle_label, _("Not available on this camera"));
      gtk_widget_set_visible (GTK_WIDGET (self->scale), FALSE);
      gtk_widget_set_visible (self->reset_button, FALSE);
      gtk_widget_set_visible (self->auto_box, FALSE);
      return;
    }

  /* Translators: a camera setting's range and default, e.g. "0 to 64, default 32" */
  range = g_strdup_printf (_("%d to %d, default %d"), property->min, property->max,
                           property->default_value);
  gtk_label_set_label (self->subtitle_label, range);

  self->updating++;
  gtk_adjustment_configure (adjustment, property->current, property->min, property->max,
                            step, MAX (step, (property->max - property->min) / 10), 0);
  self->updating--;
  gtk_scale_add_mark (self->scale, property->default_value, GTK_POS_BOTTOM, NULL);
  gtk_widget_set_visible (self->auto_box,
                          property->is_auto || g_strv_contains (auto_capable, property->name));
  set_controls (self);
}

GtkWidget *
teller_property_row_new (TellerCameraService        *camera,
                         guint                       camidx,
                         const TellerCameraProperty *property)
{
  TellerPropertyRow *self;

  g_return_val_if_fail (TELLER_IS_CAMERA_SERVICE (camera), NULL);
  g_return_val_if_fail (property != NULL && property->name != NULL, NULL);

  self = g_object_new (TELLER_TYPE_PROPERTY_ROW, NULL);
  self->camera = g_object_ref (camera);
  self->camidx = camidx;
  self->property = g_memdup2 (property, sizeof *property);
  self->property->name = g_strdup (property->name);
  teller_property_row_setup (self);

  return GTK_WIDGET (self);
}

const char *
teller_property_row_get_name (TellerPropertyRow *self)
{
  g_return_val_if_fail (TELLER_IS_PROPERTY_ROW (self), NULL);

  return self->property->name;
}

GtkRange *
teller_property_row_get_scale (TellerPropertyRow *self)
{
  g_return_val_if_fail (TELLER_IS_PROPERTY_ROW (self), NULL);

  return GTK_RANGE (self->scale);
}

const char *
teller_property_row_get_error (TellerPropertyRow *self)
{
  g_return_val_if_fail (TELLER_IS_PROPERTY_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_label (self->error_label);
}
