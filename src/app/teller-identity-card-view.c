/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-card-view.h"
#include "teller-identity-labels.h"
#include "teller-identity-picture.h"

/* What the vendor writes for a card that never expires. */
#define VALID_END_LONG_TERM "长期"

struct _TellerIdentityCardView
{
  GtkWidget                   parent_instance;

  /* Template Widgets */
  GtkWidget                  *card_box;
  GtkLabel                   *title_label;
  GtkWidget                  *finger_badge;
  GtkWidget                  *expired_badge;
  GtkWidget                  *name_caption;
  GtkLabel                   *name_label;
  GtkWidget                  *sex_caption;
  GtkWidget                  *sex_box;
  GtkLabel                   *sex_label;
  GtkLabel                   *nation_caption;
  GtkLabel                   *nation_label;
  GtkWidget                  *birth_caption;
  GtkLabel                   *birth_label;
  GtkWidget                  *address_caption;
  GtkLabel                   *address_label;
  GtkLabel                   *number_caption;
  GtkWidget                  *number_box;
  GtkLabel                   *number_label;
  TellerIdentityRevealButton *reveal_button;
  TellerIdentityPicture      *photo;
  GtkWidget                  *rule;
  GtkWidget                  *issue_grid;
  GtkLabel                   *issuer_caption;
  GtkLabel                   *issuer_label;
  GtkWidget                  *validity_caption;
  GtkLabel                   *validity_label;
  GtkGrid                    *extra_grid;
  GtkWidget                  *warning_box;
  GtkLabel                   *warning_label;
  GtkSizeGroup               *caption_group;

  /* Owned References */
  TellerIdentity             *identity;
  GSignalGroup               *identity_signals;
};

G_DEFINE_FINAL_TYPE (TellerIdentityCardView, teller_identity_card_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IDENTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The ID card members the card layout shows in place; the others go in the list. */
static const char * const id_card_laid_out[] = {
  "name", "sex", "sexCode", "nationCode", "birthday", "address", "cardID",
  "issueOrgan", "validStart", "validEnd", NULL
};

/* The members of the other kinds that the layout shows (besides the number). */
static const char * const social_laid_out[] = {
  "Name", "VisaInstitution", "ValidStart", "ValidEnd", NULL
};

static const char * const ic_laid_out[] = {
  "Name", "EffectiveDate", "ExpiryDate", NULL
};

/* ---- Helpers --------------------------------------------------------------- */

static gboolean
is_revealed (TellerIdentityCardView *self)
{
  return teller_identity_reveal_button_get_revealed (self->reveal_button);
}

/* Sets @label to @text ("" for NULL) and shows @label and @caption only with a value. */
static void
set_row (GtkWidget  *caption,
         GtkLabel   *label,
         const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
  if (caption != NULL)
    gtk_widget_set_visible (caption, has_text);
}

static void
take_row (GtkWidget *caption,
          GtkLabel  *label,
          char      *text)
{
  set_row (caption, label, text);
  g_free (text);
}

static char *
dup_date (TellerIdentity *identity,
          const char     *name)
{
  const char *value = teller_identity_get_field (identity, name);

  if (g_strcmp0 (value, VALID_END_LONG_TERM) == 0)
    /* Translators: the validity end of a card that never expires (长期) */
    return g_strdup (_("long-term"));

  return teller_identity_format_date (value);
}

static char *
dup_validity (TellerIdentity *identity,
              const char     *start_name,
              const char     *end_name)
{
  g_autofree char *start = dup_date (identity, start_name);
  g_autofree char *end = dup_date (identity, end_name);

  if (start != NULL && end != NULL)
    /* Translators: a card's validity, from the first date to the second */
    return g_strdup_printf (_("%s – %s"), start, end);
  if (end != NULL)
    /* Translators: a card's validity when only its end date is known */
    return g_strdup_printf (_("until %s"), end);

  return g_steal_pointer (&start);
}

static char *
dup_number (TellerIdentityCardView *self)
{
  if (teller_identity_get_number (self->identity) == NULL)
    return NULL;

  return is_revealed (self) ? g_strdup (teller_identity_get_number (self->identity)) :
                              teller_identity_dup_masked_number (self->identity);
}

/* ---- The field list ------------------------------------------------------ */

static void
clear_extras (TellerIdentityCardView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->extra_grid))) != NULL)
    gtk_grid_remove (self->extra_grid, child);
}

static void
add_extra (TellerIdentityCardView *self,
           const char             *label_text,
           const char             *value,
           int                     row)
{
  GtkWidget *caption = gtk_label_new (label_text);
  GtkWidget *label = gtk_label_new (value);

  /* On the value's first line, whatever the two fonts' sizes. */
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_set_valign (caption, GTK_ALIGN_BASELINE);
  gtk_widget_add_css_class (caption, "id-card-caption");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "id-card-value");
  gtk_widget_add_css_class (label, "identity-value");

  gtk_size_group_add_widget (self->caption_group, caption);
  gtk_grid_attach (self->extra_grid, caption, 0, row, 1, 1);
  gtk_grid_attach (self->extra_grid, label, 1, row, 1, 1);
}

static gboolean
is_laid_out (TellerIdentity *identity,
             const char     *name)
{
  switch (teller_identity_get_kind (identity))
    {
    case TELLER_CARD_KIND_ID_CARD:
      return g_strv_contains (id_card_laid_out, name);

    case TELLER_CARD_KIND_SOCIAL_SECURITY:
      return g_strv_contains (social_laid_out, name);

    case TELLER_CARD_KIND_IC:
    case TELLER_CARD_KIND_MAGNETIC:
      return g_strv_contains (ic_laid_out, name);

    case TELLER_CARD_KIND_NONE:
    default:
      return FALSE;
    }
}

/* Every other field the card carried, under its readable label. */
static void
fill_extras (TellerIdentityCardView *self)
{
  TellerIdentity *identity = self->identity;
  TellerCardKind kind = teller_identity_get_kind (identity);
  const char *number = teller_identity_get_number (identity);
  g_auto(GStrv) names = teller_identity_dup_field_names (identity);
  int row = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *label = teller_identity_field_label (kind, names[i]);
      g_autofree char *value = NULL;

      /* An ID card's other members (the chip's UID, say) mean nothing to the operator. */
      if (is_laid_out (identity, names[i]) ||
          (label == NULL && kind == TELLER_CARD_KIND_ID_CARD))
        continue;

      /* The number is shown above, beside the eye button. */
      if (kind != TELLER_CARD_KIND_ID_CARD &&
          g_strcmp0 (teller_identity_get_field (identity, names[i]), number) == 0)
        continue;

      value = teller_identity_dup_shown_field (identity, names[i], is_revealed (self));
      if (value == NULL || *value == '\0')
        continue;

      add_extra (self, label != NULL ? label : names[i], value, row++);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->extra_grid), row > 0);
}

/* ---- Refresh ------------------------------------------------------------- */


static void
show_expiry (TellerIdentityCardView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean expired = teller_identity_is_expired (self->identity, now);

  gtk_widget_set_visible (self->expired_badge, expired);
  if (expired)
    gtk_widget_add_css_class (GTK_WIDGET (self->validity_label), "expired");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->validity_label), "expired");
}

static void
show_id_card (TellerIdentityCardView *self)
{
  TellerIdentity *identity = self->identity;
  TellerIdCardType type = teller_identity_get_id_card_type (identity);
  gboolean foreign = type == TELLER_ID_CARD_TYPE_FOREIGN;
  g_autofree char *sex = teller_identity_dup_sex (identity);
  g_autofree char *nation = teller_identity_dup_nation (identity);

  set_row (NULL, self->sex_label, sex);
  gtk_label_set_text (self->nation_caption, foreign ? _("Nationality") : _("Ethnic group"));
  set_row (GTK_WIDGET (self->nation_caption), self->nation_label, nation);
  gtk_widget_set_visible (self->sex_caption, sex != NULL || nation != NULL);
  gtk_widget_set_visible (self->sex_box, sex != NULL || nation != NULL);
  take_row (self->birth_caption, self->birth_label, dup_date (identity, "birthday"));
  set_row (self->address_caption, self->address_label,
           teller_identity_get_field (identity, "address"));
  gtk_label_set_text (self->issuer_caption, _("Issuing authority"));
  set_row (GTK_WIDGET (self->issuer_caption), self->issuer_label,
           teller_identity_get_field (identity, "issueOrgan"));
  take_row (self->validity_caption, self->validity_label,
            dup_validity (identity, "validStart", "validEnd"));
  gtk_widget_set_visible (self->finger_badge,
                          teller_identity_get_card_finger (identity) != NULL);
  /* A photo that is not a picture leaves the placeholder (and the warning). */
  teller_identity_picture_set_bytes (self->photo, teller_identity_get_photo (identity));
}

/* Social-security, IC and magnetic cards: name and number above, the rest listed. */
static void
show_other_card (TellerIdentityCardView *self)
{
  TellerIdentity *identity = self->identity;
  TellerCardKind kind = teller_identity_get_kind (identity);
  gboolean social = kind == TELLER_CARD_KIND_SOCIAL_SECURITY;

  set_row (NULL, self->sex_label, NULL);
  set_row (GTK_WIDGET (self->nation_caption), self->nation_label, NULL);
  gtk_widget_set_visible (self->sex_caption, FALSE);
  gtk_widget_set_visible (self->sex_box, FALSE);
  set_row (self->birth_caption, self->birth_label, NULL);
  set_row (self->address_caption, self->address_label, NULL);
  gtk_label_set_text (self->issuer_caption, _("Issuing authority"));
  set_row (GTK_WIDGET (self->issuer_caption), self->issuer_label,
           social ? teller_identity_get_field (identity, "VisaInstitution") : NULL);
  take_row (self->validity_caption, self->validity_label,
            social ? dup_validity (identity, "ValidStart", "ValidEnd") :
                     dup_validity (identity, "EffectiveDate", "ExpiryDate"));
  gtk_widget_set_visible (self->finger_badge, FALSE);
}

static const char *
number_caption (TellerIdentity *identity)
{
  switch (teller_identity_get_kind (identity))
    {
    case TELLER_CARD_KIND_ID_CARD:
      return teller_identity_get_id_card_type (identity) == TELLER_ID_CARD_TYPE_FOREIGN ?
             _("Card number") : _("ID number");

    case TELLER_CARD_KIND_SOCIAL_SECURITY:
      return _("Social security number");

    case TELLER_CARD_KIND_IC:
    case TELLER_CARD_KIND_MAGNETIC:
      return _("Card number");

    case TELLER_CARD_KIND_NONE:
    default:
      return "";
    }
}

static void
show_number (TellerIdentityCardView *self)
{
  g_autofree char *number = dup_number (self);

  gtk_label_set_text (self->number_caption, number_caption (self->identity));
  set_row (GTK_WIDGET (self->number_caption), self->number_label, number);
  gtk_widget_set_visible (self->number_box, number != NULL);
}

static void
show_warning (TellerIdentityCardView *self)
{
  const char *warning = teller_identity_get_warning (self->identity);

  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (self->warning_box, warning != NULL);
}

static void
clear_all (TellerIdentityCardView *self)
{
  GtkLabel *labels[] = {
    self->title_label, self->name_label, self->sex_label, self->nation_label,
    self->birth_label, self->address_label, self->number_label, self->issuer_label,
    self->validity_label, self->warning_label,
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_label_set_text (labels[i], "");

  teller_identity_picture_set_paintable (self->photo, NULL);
  gtk_widget_set_visible (self->expired_badge, FALSE);
  gtk_widget_set_visible (self->finger_badge, FALSE);
  gtk_widget_set_visible (self->warning_box, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->validity_label), "expired");
  clear_extras (self);
}

static void
refresh (TellerIdentityCardView *self)
{
  gboolean id_card;

  clear_all (self);
  if (self->identity == NULL || teller_identity_get_empty (self->identity))
    return;

  id_card = teller_identity_get_kind (self->identity) == TELLER_CARD_KIND_ID_CARD;
  gtk_label_set_text (self->title_label, teller_identity_card_title (self->identity));
  set_row (self->name_caption, self->name_label,
           teller_identity_get_field (self->identity, id_card ? "name" : "Name"));

  if (id_card)
    show_id_card (self);
  else
    show_other_card (self);

  gtk_widget_set_visible (GTK_WIDGET (self->photo), id_card);
  show_number (self);
  show_expiry (self);
  show_warning (self);
  fill_extras (self);
  gtk_widget_set_visible (self->rule, gtk_widget_get_visible (self->issue_grid) &&
                          (gtk_widget_get_visible (GTK_WIDGET (self->issuer_label)) ||
                           gtk_widget_get_visible (GTK_WIDGET (self->validity_label))));
}

static void
identity_changed_cb (TellerIdentityCardView *self)
{
  /* A new card (or none): whatever was uncovered is covered again. */
  teller_identity_reveal_button_release (self->reveal_button);
  refresh (self);
}

/* Only the numbers change: the rest stays as it is. */
static void
revealed_cb (TellerIdentityCardView *self)
{
  if (self->identity == NULL || teller_identity_get_empty (self->identity))
    return;

  if (is_revealed (self))
    teller_identity_touch (self->identity);

  show_number (self);
  clear_extras (self);
  fill_extras (self);
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_identity_card_view_dispose (GObject *object)
{
  TellerIdentityCardView *self = TELLER_IDENTITY_CARD_VIEW (object);

  if (self->identity_signals != NULL)
    g_signal_group_set_target (self->identity_signals, NULL);
  g_clear_object (&self->identity_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_IDENTITY_CARD_VIEW);
  g_clear_object (&self->identity);

  G_OBJECT_CLASS (teller_identity_card_view_parent_class)->dispose (object);
}

static void
teller_identity_card_view_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  TellerIdentityCardView *self = TELLER_IDENTITY_CARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_card_view_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  TellerIdentityCardView *self = TELLER_IDENTITY_CARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_IDENTITY:
      teller_identity_card_view_set_identity (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define BIND_CHILD(name) \
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityCardView, name)

static void
teller_identity_card_view_class_init (TellerIdentityCardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_card_view_dispose;
  object_class->get_property = teller_identity_card_view_get_property;
  object_class->set_property = teller_identity_card_view_set_property;

  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, TELLER_TYPE_IDENTITY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TELLER_TYPE_IDENTITY_PICTURE);
  g_type_ensure (TELLER_TYPE_IDENTITY_REVEAL_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-identity-card-view.ui");
  BIND_CHILD (card_box);
  BIND_CHILD (title_label);
  BIND_CHILD (finger_badge);
  BIND_CHILD (expired_badge);
  BIND_CHILD (name_caption);
  BIND_CHILD (name_label);
  BIND_CHILD (sex_caption);
  BIND_CHILD (sex_box);
  BIND_CHILD (sex_label);
  BIND_CHILD (nation_caption);
  BIND_CHILD (nation_label);
  BIND_CHILD (birth_caption);
  BIND_CHILD (birth_label);
  BIND_CHILD (address_caption);
  BIND_CHILD (address_label);
  BIND_CHILD (number_caption);
  BIND_CHILD (number_box);
  BIND_CHILD (number_label);
  BIND_CHILD (reveal_button);
  BIND_CHILD (photo);
  BIND_CHILD (rule);
  BIND_CHILD (issue_grid);
  BIND_CHILD (issuer_caption);
  BIND_CHILD (issuer_label);
  BIND_CHILD (validity_caption);
  BIND_CHILD (validity_label);
  BIND_CHILD (extra_grid);
  BIND_CHILD (warning_box);
  BIND_CHILD (warning_label);
  BIND_CHILD (caption_group);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "idcardview");
}

#undef BIND_CHILD

static void
teller_identity_card_view_init (TellerIdentityCardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->identity_signals = g_signal_group_new (TELLER_TYPE_IDENTITY);
  g_signal_group_connect_swapped (self->identity_signals, "changed",
                                  G_CALLBACK (identity_changed_cb), self);
  g_signal_connect_object (self->reveal_button, "notify::revealed",
                           G_CALLBACK (revealed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

/* ---- Public API -------------------------------------------------------------- */

TellerIdentity *
teller_identity_card_view_get_identity (TellerIdentityCardView *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self), NULL);

  return self->identity;
}

void
teller_identity_card_view_set_identity (TellerIdentityCardView *self,
                                        TellerIdentity         *identity)
{
  g_return_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self));
  g_return_if_fail (identity == NULL || TELLER_IS_IDENTITY (identity));

  if (!g_set_object (&self->identity, identity))
    return;

  g_signal_group_set_target (self->identity_signals, identity);
  identity_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
}

const char *
teller_identity_card_view_get_text (TellerIdentityCardView *self,
                                    const char             *what)
{
  const struct {
    const char *what;
    GtkLabel   *label;
  } labels[] = {
    { "title", self->title_label },
    { "name", self->name_label },
    { "sex", self->sex_label },
    { "nation", self->nation_label },
    { "birth", self->birth_label },
    { "address", self->address_label },
    { "number", self->number_label },
    { "issuer", self->issuer_label },
    { "validity", self->validity_label },
    { "warning", self->warning_label },
  };

  g_return_val_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_str_equal (labels[i].what, what))
        return gtk_label_get_text (labels[i].label);
    }

  g_return_val_if_reached (NULL);
}

char *
teller_identity_card_view_dup_extra_text (TellerIdentityCardView *self)
{
  GString *text = g_string_new (NULL);
  GtkWidget *child;

  g_return_val_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self), NULL);

  /* Children come in pairs, caption then value, in the order they were attached. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->extra_grid));
       child != NULL && gtk_widget_get_next_sibling (child) != NULL;
       child = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (child)))
    g_string_append_printf (text, "%s: %s\n", gtk_label_get_text (GTK_LABEL (child)),
                            gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (child))));

  return g_string_free (text, FALSE);
}

gboolean
teller_identity_card_view_get_photo_shown (TellerIdentityCardView *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self), FALSE);

  return teller_identity_picture_get_paintable (self->photo) != NULL;
}

gboolean
teller_identity_card_view_get_expired_shown (TellerIdentityCardView *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self), FALSE);

  return gtk_widget_get_visible (self->expired_badge) &&
         gtk_widget_has_css_class (GTK_WIDGET (self->validity_label), "expired");
}

TellerIdentityRevealButton *
teller_identity_card_view_get_reveal_button (TellerIdentityCardView *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_CARD_VIEW (self), NULL);

  return self->reveal_button;
}
