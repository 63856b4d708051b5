/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-capture-options-popover.h"

#define U TELLER_CAPTURE_UNSET
#define KB 1024
#define MAX_CHOICES 11

struct _TellerCaptureOptionsPopover
{
  GtkPopover            parent_instance;

  /* Template Widgets */
  GtkDropDown          *cut_dropdown;
  GtkDropDown          *rotate_dropdown;
  GtkDropDown          *color_dropdown;
  GtkDropDown          *document_dropdown;
  GtkDropDown          *position_dropdown;
  GtkDropDown          *wm_color_dropdown;
  GtkSpinButton        *width_spin;
  GtkSpinButton        *height_spin;
  GtkSpinButton        *angle_spin;
  GtkSpinButton        *dpi_spin;
  GtkSpinButton        *quality_spin;
  GtkSpinButton        *max_size_spin;
  GtkSpinButton        *font_size_spin;
  GtkSpinButton        *transparency_spin;
  GtkCheckButton       *multi_check;
  GtkCheckButton       *split_check;
  GtkCheckButton       *shadow_check;
  GtkCheckButton       *black_edge_check;
  GtkCheckButton       *rect_check;
  GtkCheckButton       *idcard_check;
  GtkEditable          *left_entry;
  GtkEditable          *top_entry;
  GtkEditable          *right_entry;
  GtkEditable          *bottom_entry;
  GtkEditable          *wm_text_entry;
  GtkEditable          *wm_font_entry;
  GtkSwitch            *watermark_switch;
  GtkWidget            *custom_rect_grid;
  GtkWidget            *error_label;
  GtkWidget            *reset_button;

  /* Owned References */
  TellerCaptureOptions *options;
  TellerCaptureOptions *defaults;

  gboolean              loading;
  gboolean              modified;
};

G_DEFINE_FINAL_TYPE (TellerCaptureOptionsPopover, teller_capture_options_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Each widget edits one field of TellerCaptureOptions, found through these tables
 * by the widget's offset in the instance and the field's offset in the options.
 */
#define WIDGET(name) G_STRUCT_OFFSET (TellerCaptureOptionsPopover, name)
#define FIELD(name)  G_STRUCT_OFFSET (TellerCaptureOptions, name)

/* Drop-downs of int fields; item i stands for values[i]. */
static const struct {
  glong widget;
  glong field;
  int   values[MAX_CHOICES];
} int_choices[] = {
  { WIDGET (cut_dropdown), FIELD (cut_type), { U, 0, 1, 2, 3, 4 } },
  { WIDGET (rotate_dropdown), FIELD (rotate), { U, 0, 90, 180, 270 } },
  { WIDGET (color_dropdown), FIELD (color_type), { U, 0, 1, 2 } },
  { WIDGET (document_dropdown), FIELD (document_type), { U, 0, 1, 2 } },
  { WIDGET (position_dropdown), FIELD (watermark.pos), { U, 0, 1, 2, 3, 4 } },
};

/* Figure 1 of chapter 3.3 names the watermark's colours; item 0 leaves it out. */
static const char * const watermark_colors[] = {
  NULL, "red", "green", "blue", "black", "white", "yellow", "orange", "purple", "cyan", "gray",
};

static const struct {
  glong widget;
  glong field;
} flags[] = {
  { WIDGET (multi_check), FIELD (multi_object) },
  { WIDGET (split_check), FIELD (split_page) },
  { WIDGET (shadow_check), FIELD (reduce_shadow) },
  { WIDGET (black_edge_check), FIELD (remove_black_edge) },
  { WIDGET (rect_check), FIELD (rect_correct) },
  { WIDGET (idcard_check), FIELD (correct_idcard_direction) },
};

/* Text fields; an empty entry leaves the field out. */
static const struct {
  glong widget;
  glong field;
} texts[] = {
  { WIDGET (left_entry), FIELD (custom_rect.left) },
  { WIDGET (top_entry), FIELD (custom_rect.top) },
  { WIDGET (right_entry), FIELD (custom_rect.right) },
  { WIDGET (bottom_entry), FIELD (custom_rect.bottom) },
  { WIDGET (wm_text_entry), FIELD (watermark.content) },
  { WIDGET (wm_font_entry), FIELD (watermark.font) },
};

/* Spin buttons of int fields: the lowest value is "unset", shown as @special. */
static const struct {
  glong       widget;
  glong       field;
  const char *special;
} numbers[] = {
  { WIDGET (width_spin), FIELD (fixed_width), N_("Off") },
  { WIDGET (height_spin), FIELD (fixed_height), N_("Off") },
  { WIDGET (quality_spin), FIELD (jpg_quality), N_("Default") },
  { WIDGET (font_size_spin), FIELD (watermark.fontsize), N_("Default") },
  { WIDGET (transparency_spin), FIELD (watermark.transparency), N_("Default") },
};

#define WIDGET_AT(self, offset) G_STRUCT_MEMBER (gpointer, self, offset)
#define INT_AT(options, offset) G_STRUCT_MEMBER (int, options, offset)
#define STRING_AT(options, offset) G_STRUCT_MEMBER (char *, options, offset)

/* The service rejects JPEG qualities under 10 (chapter 3.3, table 1). */
#define MIN_JPEG_QUALITY 10

static int
spin_get_field (GtkSpinButton *spin)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  double value = gtk_adjustment_get_value (adjustment);

  return value <= gtk_adjustment_get_lower (adjustment) ? U : (int) value;
}

static void
spin_set_field (GtkSpinButton *spin,
                gint64         value)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

  gtk_adjustment_set_value (adjustment,
                            value == U ? gtk_adjustment_get_lower (adjustment) : (double) value);
}

static void
replace_string (char       **field,
                const char  *text)
{
  g_free (*field);
  *field = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* ---- Options to widgets ------------------------------------------------- */

static guint
choice_position (const int *values,
                 int        value)
{
  /* The padding after the listed values is 0s, which the real 0 comes before. */
  for (guint i = 0; i < MAX_CHOICES; i++)
    if (values[i] == value)
      return i;
  return 0;
}

static guint
watermark_color_position (const char *color)
{
  for (guint i = 1; i < G_N_ELEMENTS (watermark_colors); i++)
    if (g_ascii_strcasecmp (color != NULL ? color : "", watermark_colors[i]) == 0)
      return i;
  /* "grey" is read as well as "gray"; anything else falls back to the default. */
  if (g_strcmp0 (color, "grey") == 0)
    return G_N_ELEMENTS (watermark_colors) - 1;
  return 0;
}

static void
teller_capture_options_popover_load (TellerCaptureOptionsPopover *self)
{
  const TellerCaptureOptions *options = self->options;

  self->loading = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (int_choices); i++)
    gtk_drop_down_set_selected (WIDGET_AT (self, int_choices[i].widget),
                                choice_position (int_choices[i].values,
                                                 INT_AT (options, int_choices[i].field)));
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    gtk_check_button_set_active (WIDGET_AT (self, flags[i].widget),
                                 INT_AT (options, flags[i].field) == 1);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text = STRING_AT (options, texts[i].field);

      gtk_editable_set_text (WIDGET_AT (self, texts[i].widget), text != NULL ? text : "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    spin_set_field (WIDGET_AT (self, numbers[i].widget), INT_AT (options, numbers[i].field));

  spin_set_field (self->dpi_spin, options->xdpi);
  spin_set_field (self->max_size_spin,
                  options->max_file_size > 0 ? MAX (options->max_file_size / KB, 1) : U);
  spin_set_field (self->angle_spin,
                  options->custom_rect.angle != NULL ? g_ascii_strtoll (options->custom_rect.angle,
                                                                        NULL, 10) : U);
  gtk_drop_down_set_selected (self->wm_color_dropdown,
                              watermark_color_position (options->watermark.color));
  gtk_switch_set_active (self->watermark_switch, options->watermark.enabled);

  self->loading = FALSE;
}

/* ---- Widgets to options ------------------------------------------------- */

static gboolean
options_equal (const TellerCaptureOptions *a,
               const TellerCaptureOptions *b)
{
  g_autoptr(JsonNode) json_a = teller_capture_options_to_json (a, NULL);
  g_autoptr(JsonNode) json_b = teller_capture_options_to_json (b, NULL);

  return json_a != NULL && json_b != NULL && json_node_equal (json_a, json_b);
}

/* After every edit: the checks the service would make, shown while editing. */
static void
teller_capture_options_popover_changed (TellerCaptureOptionsPopover *self)
{
  g_autoptr(GError) error = NULL;
  gboolean modified;
  GtkWidget *watermark_widgets[] = {
    GTK_WIDGET (self->wm_text_entry), GTK_WIDGET (self->position_dropdown),
    GTK_WIDGET (self->wm_color_dropdown), GTK_WIDGET (self->font_size_spin),
    GTK_WIDGET (self->transparency_spin), GTK_WIDGET (self->wm_font_entry),
  };

  gtk_widget_set_visible (self->custom_rect_grid,
                          self->options->cut_type == TELLER_CAPTURE_CUT_CUSTOM);
  for (guint i = 0; i < G_N_ELEMENTS (watermark_widgets); i++)
    gtk_widget_set_sensitive (watermark_widgets[i], self->options->watermark.enabled);

  if (!teller_capture_options_validate (self->options, &error))
    gtk_label_set_label (GTK_LABEL (self->error_label), error->message);
  gtk_widget_set_visible (self->error_label, error != NULL);

  modified = self->defaults != NULL && !options_equal (self->options, self->defaults);
  gtk_widget_set_sensitive (self->reset_button, modified);
  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
choice_changed_cb (TellerCaptureOptionsPopover *self,
                   GParamSpec                  *pspec,
                   GtkDropDown                 *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->loading)
    return;

  if (dropdown == self->wm_color_dropdown && selected < G_N_ELEMENTS (watermark_colors))
    replace_string (&self->options->watermark.color, watermark_colors[selected]);

  for (guint i = 0; i < G_N_ELEMENTS (int_choices); i++)
    if (WIDGET_AT (self, int_choices[i].widget) == (gpointer) dropdown && selected < MAX_CHOICES)
      INT_AT (self->options, int_choices[i].field) = int_choices[i].values[selected];

  teller_capture_options_popover_changed (self);
}

static void
flag_toggled_cb (TellerCaptureOptionsPopover *self,
                 GtkCheckButton              *check)
{
  if (self->loading)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    if (WIDGET_AT (self, flags[i].widget) == (gpointer) check)
      INT_AT (self->options, flags[i].field) = gtk_check_button_get_active (check) ? 1 : 0;

  teller_capture_options_popover_changed (self);
}

static void
text_changed_cb (TellerCaptureOptionsPopover *self,
                 GtkEditable                 *editable)
{
  if (self->loading)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (WIDGET_AT (self, texts[i].widget) == (gpointer) editable)
      replace_string (&STRING_AT (self->options, texts[i].field), gtk_editable_get_text (editable));

  teller_capture_options_popover_changed (self);
}

static void
number_changed_cb (TellerCaptureOptionsPopover *self,
                   GtkSpinButton               *spin)
{
  TellerCaptureOptions *options = self->options;
  int value = spin_get_field (spin);

  if (self->loading)
    return;

  if (spin == self->quality_spin && value != U && value < MIN_JPEG_QUALITY)
    {
      /* Sets the field through this handler again. */
      gtk_spin_button_set_value (spin, MIN_JPEG_QUALITY);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (WIDGET_AT (self, numbers[i].widget) == (gpointer) spin)
      INT_AT (options, numbers[i].field) = value;

  if (spin == self->dpi_spin)
    options->xdpi = options->ydpi = value;
  else if (spin == self->max_size_spin)
    options->max_file_size = value == U ? U : (gint64) value * KB;
  else if (spin == self->angle_spin)
    {
      char angle[16];

      g_snprintf (angle, sizeof angle, "%d", value);
      replace_string (&options->custom_rect.angle, value == U ? NULL : angle);
    }

  teller_capture_options_popover_changed (self);
}

static void
watermark_toggled_cb (TellerCaptureOptionsPopover *self)
{
  if (self->loading)
    return;

  self->options->watermark.enabled = gtk_switch_get_active (self->watermark_switch);
  teller_capture_options_popover_changed (self);
}

static void
reset_clicked_cb (TellerCaptureOptionsPopover *self)
{
  if (self->defaults != NULL)
    teller_capture_options_popover_set_options (self, self->defaults);
}

/* The lowest value of a spin button reads as a word: "Default", "Off". */
static gboolean
spin_output_cb (GtkSpinButton *spin)
{
  const char *special = g_object_get_data (G_OBJECT (spin), "special");

  if (special == NULL || spin_get_field (spin) != U)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (spin), special);
  return TRUE;
}

static int
spin_input_cb (GtkSpinButton *spin,
               double        *new_value)
{
  const char *special = g_object_get_data (G_OBJECT (spin), "special");

  if (special == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), special) != 0)
    return FALSE;

  *new_value = gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin));
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
teller_capture_options_popover_dispose (GObject *object)
{
  TellerCaptureOptionsPopover *self = TELLER_CAPTURE_OPTIONS_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_CAPTURE_OPTIONS_POPOVER);
  g_clear_pointer (&self->options, teller_capture_options_free);
  g_clear_pointer (&self->defaults, teller_capture_options_free);

  G_OBJECT_CLASS (teller_capture_options_popover_parent_class)->dispose (object);
}

static void
teller_capture_options_popover_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  TellerCaptureOptionsPopover *self = TELLER_CAPTURE_OPTIONS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_children (GtkWidgetClass *widget_class)
{
  static const struct {
    const char *name;
    glong       offset;
  } children[] = {
#define CHILD(name) { #name, WIDGET (name) }
    CHILD (cut_dropdown), CHILD (rotate_dropdown), CHILD (color_dropdown),
    CHILD (document_dropdown), CHILD (position_dropdown), CHILD (wm_color_dropdown),
    CHILD (width_spin), CHILD (height_spin), CHILD (angle_spin), CHILD (dpi_spin),
    CHILD (quality_spin), CHILD (max_size_spin), CHILD (font_size_spin),
    CHILD (transparency_spin), CHILD (multi_check), CHILD (split_check),
    CHILD (shadow_check), CHILD (black_edge_check), CHILD (rect_check),
    CHILD (idcard_check), CHILD (left_entry), CHILD (top_entry), CHILD (right_entry),
    CHILD (bottom_entry), CHILD (wm_text_entry), CHILD (wm_font_entry),
    CHILD (watermark_switch), CHILD (custom_rect_grid), CHILD (error_label),
    CHILD (reset_button),
#undef CHILD
  };

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i].name, FALSE,
                                               children[i].offset);
}

static void
teller_capture_options_popover_class_init (TellerCaptureOptionsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_capture_options_popover_dispose;
  object_class->get_property = teller_capture_options_popover_get_property;

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, RESOURCE_PREFIX "/teller-capture-options-popover.ui");
  bind_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flag_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, watermark_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_input_cb);
}

static void
teller_capture_options_popover_init (TellerCaptureOptionsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_object_set_data (WIDGET_AT (self, numbers[i].widget), "special",
                       (gpointer) _(numbers[i].special));
  g_object_set_data (G_OBJECT (self->dpi_spin), "special", (gpointer) _("Default"));
  g_object_set_data (G_OBJECT (self->max_size_spin), "special", (gpointer) _("No limit"));
  g_object_set_data (G_OBJECT (self->angle_spin), "special", (gpointer) _("None"));

  self->options = teller_capture_options_new ();
  teller_capture_options_popover_load (self);
  teller_capture_options_popover_changed (self);
}

GtkWidget *
teller_capture_options_popover_new (void)
{
  return g_object_new (TELLER_TYPE_CAPTURE_OPTIONS_POPOVER, NULL);
}

void
teller_capture_options_popover_set_options (TellerCaptureOptionsPopover *self,
                                            const TellerCaptureOptions  *options)
{
  TellerCaptureOptions *defaults;

  g_return_if_fail (TELLER_IS_CAPTURE_OPTIONS_POPOVER (self));
  g_return_if_fail (options != NULL);

  /* @options may be self->defaults (Reset): copy before freeing. */
  defaults = teller_capture_options_copy (options);
  g_clear_pointer (&self->defaults, teller_capture_options_free);
  g_clear_pointer (&self->options, teller_capture_options_free);
  self->defaults = defaults;
  self->options = teller_capture_options_copy (defaults);

  teller_capture_options_popover_load (self);
  teller_capture_options_popover_changed (self);
}

TellerCaptureOptions *
teller_capture_options_popover_dup_options (TellerCaptureOptionsPopover *self)
{
  g_return_val_if_fail (TELLER_IS_CAPTURE_OPTIONS_POPOVER (self), NULL);

  return teller_capture_options_copy (self->options);
}

gboolean
teller_capture_options_popover_get_modified (TellerCaptureOptionsPopover *self)
{
  g_return_val_if_fail (TELLER_IS_CAPTURE_OPTIONS_POPOVER (self), FALSE);

  return self->modified;
}
