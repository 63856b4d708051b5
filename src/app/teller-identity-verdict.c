/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include "teller-identity-verdict.h"

struct _TellerIdentityVerdict
{
  GtkWidget    parent_instance;

  /* Template Widgets */
  GtkWidget   *root_box; /* bound so dispose_template unparents it */
  GtkLevelBar *score_bar;
  GtkImage    *verdict_icon;
  GtkLabel    *verdict_label;
};

G_DEFINE_FINAL_TYPE (TellerIdentityVerdict, teller_identity_verdict, GTK_TYPE_WIDGET)

static void
teller_identity_verdict_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TELLER_TYPE_IDENTITY_VERDICT);

  G_OBJECT_CLASS (teller_identity_verdict_parent_class)->dispose (object);
}

static void
teller_identity_verdict_class_init (TellerIdentityVerdictClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_verdict_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-identity-verdict.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityVerdict, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityVerdict, score_bar);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityVerdict, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityVerdict, verdict_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "verdict");
}

static void
teller_identity_verdict_init (TellerIdentityVerdict *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The verdict's colour says pass or fail; the theme's low/high steps would not. */
  gtk_level_bar_remove_offset_value (self->score_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->score_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->score_bar, GTK_LEVEL_BAR_OFFSET_FULL);
}

void
teller_identity_verdict_show (TellerIdentityVerdict *self,
                              TellerVerdictKind      kind,
                              int                    score,
                              int                    threshold)
{
  g_autofree char *text = NULL;
  gboolean passed = FALSE;

  g_return_if_fail (TELLER_IS_IDENTITY_VERDICT (self));

  if (score >= 0)
    text = teller_identity_format_verdict (kind, score, threshold, &passed);

  gtk_label_set_text (self->verdict_label, text != NULL ? text : "");
  gtk_image_set_from_icon_name (self->verdict_icon,
                                passed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_level_bar_set_value (self->score_bar, MAX (score, 0));

  /* The bar and the pill take their colour from these (style.css). */
  teller_identity_set_css_class (GTK_WIDGET (self), "passed", text != NULL && passed);
  teller_identity_set_css_class (GTK_WIDGET (self), "failed", text != NULL && !passed);
  /* Hidden as a whole, so that the section's spacing keeps no gap for it. */
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
}

const char *
teller_identity_verdict_get_text (TellerIdentityVerdict *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_VERDICT (self), NULL);

  return gtk_label_get_text (self->verdict_label);
}
