/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-finger-check.h"
#include "teller-identity-picture.h"
#include "teller-identity-util.h"
#include "teller-identity-verdict.h"

struct _TellerIdentityFingerCheck
{
  GtkWidget         parent_instance;

  /* Template Widgets */
  GtkWidget        *root_box;
  TellerIdentityPicture *finger_picture;
  TellerIdentityVerdict *verdict;
  GtkLabel         *status_label;

  /* Owned References */
  TellerIdentity   *identity;
  TellerCardReader *reader;
  GSignalGroup     *identity_signals;
  GCancellable     *cancellable; /* the read or comparison running, else NULL */

  guint             threshold;
};

G_DEFINE_FINAL_TYPE (TellerIdentityFingerCheck, teller_identity_finger_check, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  TellerIdentityFingerCheck *self;
  GCancellable              *cancellable;
} Op;

static void
op_free (Op *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

/* ---- State --------------------------------------------------------------- */

static gboolean
has_card (TellerIdentityFingerCheck *self)
{
  return self->identity != NULL && !teller_identity_get_empty (self->identity);
}

/* Only a mainland card of type "C" carries the template fp=verify needs. */
static gboolean
card_has_finger (TellerIdentityFingerCheck *self)
{
  return has_card (self) &&
         teller_identity_get_id_card_type (self->identity) == TELLER_ID_CARD_TYPE_MAINLAND_FINGER &&
         teller_identity_get_card_finger (self->identity) != NULL;
}

static void
update_actions (TellerIdentityFingerCheck *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = self->cancellable == NULL && self->reader != NULL;

  gtk_widget_action_set_enabled (widget, "finger.read", idle && has_card (self));
  gtk_widget_action_set_enabled (widget, "finger.compare", idle && card_has_finger (self));
  gtk_widget_action_set_enabled (widget, "finger.cancel", self->cancellable != NULL);
}

static void
set_status (TellerIdentityFingerCheck *self,
            const char                *status)
{
  /* Answers may arrive after the template is gone. */
  if (self->status_label != NULL)
    gtk_label_set_text (self->status_label, status != NULL ? status : "");
}

static void
set_running (TellerIdentityFingerCheck *self,
             GCancellable              *cancellable)
{
  if (!g_set_object (&self->cancellable, cancellable))
    return;

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static gboolean
op_is_current (Op *op)
{
  return op->self->cancellable == op->cancellable &&
         !g_cancellable_is_cancelled (op->cancellable);
}

static void
op_fail (Op         *op,
         const char *what,
         GError     *error)
{
  g_autofree char *message = teller_identity_describe_failure (what, error);

  set_running (op->self, NULL);
  set_status (op->self, message);
}

static void
show_hint (TellerIdentityFingerCheck *self)
{
  if (self->cancellable != NULL)
    return;

  if (!has_card (self))
    set_status (self, _("Read a card first."));
  else if (teller_identity_get_kind (self->identity) != TELLER_CARD_KIND_ID_CARD)
    set_status (self, _("Fingerprints can be compared with mainland ID cards "
                        "that carry fingerprint data."));
  else if (!card_has_finger (self))
    set_status (self, _("This card carries no fingerprint data."));
  else if (teller_identity_get_finger_score (self->identity) < 0)
    set_status (self, _("The customer lays a finger on the fingerprint reader."));
  else
    set_status (self, NULL);
}

static void
refresh (TellerIdentityFingerCheck *self)
{
  gboolean shown = has_card (self);
  int score = shown ? teller_identity_get_finger_score (self->identity) : -1;

  teller_identity_picture_set_bytes (self->finger_picture,
                                     shown ? teller_identity_get_read_finger_image (self->identity) :
                                             NULL);
  teller_identity_verdict_show (self->verdict, TELLER_VERDICT_FINGER, score,
                                (int) self->threshold);
}

static void
identity_changed_cb (TellerIdentityFingerCheck *self)
{
  /* A wipe ends what runs: its answer belongs to nobody now. */
  if (!has_card (self))
    teller_identity_finger_check_cancel (self);

  refresh (self);
  update_actions (self);
  show_hint (self);
}

/* ---- Read and compare ---------------------------------------------------- */

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(TellerFingerprint) fingerprint = NULL;
  g_autoptr(GError) error = NULL;
  TellerIdentityFingerCheck *self = op->self;

  fingerprint = teller_card_reader_read_finger_finish (TELLER_CARD_READER (source), result,
                                                       &error);
  if (!op_is_current (op))
    return;

  if (fingerprint == NULL)
    {
      op_fail (op, _("Could not read the fingerprint"), error);
      return;
    }

  set_running (self, NULL);
  /* A new finger: the score of the last one does not apply to it. */
  teller_identity_set_finger_score (self->identity, -1);
  teller_identity_take_read_finger (self->identity, g_steal_pointer (&fingerprint->feature),
                                    g_steal_pointer (&fingerprint->image));
  show_hint (self);
}

static void
compare_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  int confidence = 0;

  if (!teller_card_reader_verify_finger_finish (TELLER_CARD_READER (source), result,
                                                &confidence, &error))
    {
      if (op_is_current (op))
        op_fail (op, _("Could not compare the fingerprints"), error);
      return;
    }

  if (!op_is_current (op))
    return;

  set_running (op->self, NULL);
  teller_identity_set_finger_score (op->self->identity, confidence);
  show_hint (op->self);
}

static Op *
op_begin (TellerIdentityFingerCheck *self,
          const char                *status)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Op *op = g_new0 (Op, 1);

  teller_identity_touch (self->identity);
  set_running (self, cancellable);
  set_status (self, status);

  op->self = g_object_ref (self);
  op->cancellable = g_object_ref (cancellable);
  return op;
}

/* ---- Actions ------------------------------------------------------------- */

static void
read_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  teller_identity_finger_check_read (TELLER_IDENTITY_FINGER_CHECK (widget));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  teller_identity_finger_check_compare (TELLER_IDENTITY_FINGER_CHECK (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TellerIdentityFingerCheck *self = TELLER_IDENTITY_FINGER_CHECK (widget);

  teller_identity_finger_check_cancel (self);
  set_status (self, _("Cancelled."));
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_identity_finger_check_dispose (GObject *object)
{
  TellerIdentityFingerCheck *self = TELLER_IDENTITY_FINGER_CHECK (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->identity_signals != NULL)
    g_signal_group_set_target (self->identity_signals, NULL);
  g_clear_object (&self->identity_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_IDENTITY_FINGER_CHECK);
  g_clear_object (&self->identity);
  g_clear_object (&self->reader);

  G_OBJECT_CLASS (teller_identity_finger_check_parent_class)->dispose (object);
}

static void
teller_identity_finger_check_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  TellerIdentityFingerCheck *self = TELLER_IDENTITY_FINGER_CHECK (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    case PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_finger_check_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  TellerIdentityFingerCheck *self = TELLER_IDENTITY_FINGER_CHECK (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      teller_identity_finger_check_set_threshold (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_finger_check_class_init (TellerIdentityFingerCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_finger_check_dispose;
  object_class->get_property = teller_identity_finger_check_get_property;
  object_class->set_property = teller_identity_finger_check_set_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The finger-match-threshold setting. */
  properties[PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL, 1, 100, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TELLER_TYPE_IDENTITY_PICTURE);
  g_type_ensure (TELLER_TYPE_IDENTITY_VERDICT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-identity-finger-check.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFingerCheck, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFingerCheck, finger_picture);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFingerCheck, verdict);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFingerCheck, status_label);

  gtk_widget_class_install_action (widget_class, "finger.read", NULL, read_action);
  gtk_widget_class_install_action (widget_class, "finger.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "finger.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fingercheck");
}

static void
teller_identity_finger_check_init (TellerIdentityFingerCheck *self)
{
  self->threshold = 60;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->identity_signals = g_signal_group_new (TELLER_TYPE_IDENTITY);
  g_signal_group_connect_swapped (self->identity_signals, "changed",
                                  G_CALLBACK (identity_changed_cb), self);

  identity_changed_cb (self);
}

/* ---- Public API -------------------------------------------------------------- */

void
teller_identity_finger_check_set_identity (TellerIdentityFingerCheck *self,
                                           TellerIdentity            *identity)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self));
  g_return_if_fail (identity == NULL || TELLER_IS_IDENTITY (identity));

  if (self->identity == identity)
    return;

  teller_identity_finger_check_cancel (self);
  g_set_object (&self->identity, identity);
  g_signal_group_set_target (self->identity_signals, identity);
  identity_changed_cb (self);
}

void
teller_identity_finger_check_set_card_reader (TellerIdentityFingerCheck *self,
                                              TellerCardReader          *reader)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self));
  g_return_if_fail (reader == NULL || TELLER_IS_CARD_READER (reader));

  if (self->reader == reader)
    return;

  teller_identity_finger_check_cancel (self);
  g_set_object (&self->reader, reader);
  update_actions (self);
}

void
teller_identity_finger_check_read (TellerIdentityFingerCheck *self)
{
  Op *op;

  g_return_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self));

  if (self->cancellable != NULL || self->reader == NULL || !has_card (self))
    return;

  op = op_begin (self, _("Lay a finger on the fingerprint reader…"));
  teller_card_reader_read_finger_async (self->reader, TELLER_FINGERPRINT_BMP, op->cancellable,
                                        read_cb, op);
}

void
teller_identity_finger_check_compare (TellerIdentityFingerCheck *self)
{
  GBytes *read_finger;
  Op *op;

  g_return_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self));

  if (self->cancellable != NULL || self->reader == NULL || !card_has_finger (self))
    return;

  /* Without a finger read yet, the reader takes one now. */
  read_finger = teller_identity_get_read_finger (self->identity);
  teller_identity_set_finger_score (self->identity, -1);
  op = op_begin (self, read_finger != NULL ?
                       _("Comparing the fingerprints…") :
                       _("Lay a finger on the fingerprint reader to compare it with the card…"));
  teller_card_reader_verify_finger_async (self->reader, TELLER_FINGERPRINT_FEATURE,
                                          teller_identity_get_card_finger (self->identity),
                                          read_finger, op->cancellable, compare_cb, op);
}

void
teller_identity_finger_check_cancel (TellerIdentityFingerCheck *self)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  set_running (self, NULL);
}

gboolean
teller_identity_finger_check_get_running (TellerIdentityFingerCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self), FALSE);

  return self->cancellable != NULL;
}

void
teller_identity_finger_check_set_threshold (TellerIdentityFingerCheck *self,
                                            guint                      threshold)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self));

  threshold = CLAMP (threshold, 1, 100);
  if (self->threshold == threshold)
    return;

  self->threshold = threshold;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

const char *
teller_identity_finger_check_get_verdict (TellerIdentityFingerCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self), NULL);

  return teller_identity_verdict_get_text (self->verdict);
}

const char *
teller_identity_finger_check_get_status (TellerIdentityFingerCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self), NULL);

  return gtk_label_get_text (self->status_label);
}

gboolean
teller_identity_finger_check_get_image_shown (TellerIdentityFingerCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FINGER_CHECK (self), FALSE);

  return teller_identity_picture_get_paintable (self->finger_picture) != NULL;
}
