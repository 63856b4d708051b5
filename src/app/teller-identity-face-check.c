/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-face-check.h"
#include "teller-identity-picture.h"
#include "teller-identity-util.h"
#include "teller-identity-verdict.h"

/* The document's default length of a liveness check (its "time" left out). */
#define LIVENESS_TIME_S 0

struct _TellerIdentityFaceCheck
{
  GtkWidget         parent_instance;

  /* Template Widgets */
  GtkWidget        *root_box;
  TellerIdentityPicture *card_photo;
  TellerIdentityPicture *live_face;
  TellerIdentityVerdict *verdict;
  GtkLabel         *status_label;

  /* Owned References */
  TellerIdentity   *identity;
  TellerCardReader *reader;
  GSignalGroup     *identity_signals;
  GSignalGroup     *reader_signals;
  GCancellable     *cancellable; /* the check running, else NULL */

  guint             threshold;
};

G_DEFINE_FINAL_TYPE (TellerIdentityFaceCheck, teller_identity_face_check, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a check carries from the liveness step to the comparison. */
typedef struct
{
  TellerIdentityFaceCheck *self;
  GCancellable            *cancellable;
  GBytes                  *liveness_face;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->self);
  g_clear_object (&check->cancellable);
  g_clear_pointer (&check->liveness_face, g_bytes_unref);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

/* ---- State --------------------------------------------------------------- */

static gboolean
has_id_card (TellerIdentityFaceCheck *self)
{
  return self->identity != NULL && !teller_identity_get_empty (self->identity) &&
         teller_identity_get_kind (self->identity) == TELLER_CARD_KIND_ID_CARD;
}

static void
update_actions (TellerIdentityFaceCheck *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "face.verify",
                                 !running && self->reader != NULL && has_id_card (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "face.cancel", running);
}

static void
set_status (TellerIdentityFaceCheck *self,
            const char              *status)
{
  /* Answers may arrive after the template is gone. */
  if (self->status_label != NULL)
    gtk_label_set_text (self->status_label, status != NULL ? status : "");
}

static void
set_running (TellerIdentityFaceCheck *self,
             GCancellable            *cancellable)
{
  if (!g_set_object (&self->cancellable, cancellable))
    return;

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* The check that @check belongs to is still the one running. */
static gboolean
check_is_current (Check *check)
{
  return check->self->cancellable == check->cancellable &&
         !g_cancellable_is_cancelled (check->cancellable);
}

static void
show_hint (TellerIdentityFaceCheck *self)
{
  g_autofree char *hint = NULL;

  if (self->cancellable != NULL)
    return;

  if (!has_id_card (self))
    {
      set_status (self, _("Read an ID card first: the face is compared with its photo."));
      return;
    }

  /* Translators: %u is the lowest score that counts as the same person */
  hint = g_strdup_printf (_("The customer looks into the face camera. "
                            "Same person from a score of %u."), self->threshold);
  set_status (self, hint);
}

/* Redraws everything from the identity: its photo, live face and score. */
static void
refresh (TellerIdentityFaceCheck *self)
{
  gboolean shown = self->identity != NULL && !teller_identity_get_empty (self->identity);
  int score = shown ? teller_identity_get_face_score (self->identity) : -1;

  teller_identity_picture_set_bytes (self->card_photo,
                                     shown ? teller_identity_get_photo (self->identity) : NULL);
  teller_identity_picture_set_bytes (self->live_face,
                                     shown ? teller_identity_get_live_face (self->identity) : NULL);
  teller_identity_verdict_show (self->verdict, TELLER_VERDICT_FACE, score, (int) self->threshold);
}

static void
identity_changed_cb (TellerIdentityFaceCheck *self)
{
  /* A wipe ends the check: its answer belongs to nobody now. */
  if (self->identity == NULL || teller_identity_get_empty (self->identity))
    teller_identity_face_check_cancel (self);

  refresh (self);
  update_actions (self);
  if (self->cancellable == NULL && (self->identity == NULL ||
                                    teller_identity_get_face_score (self->identity) < 0))
    show_hint (self);
}

static void
liveness_status_cb (TellerIdentityFaceCheck *self)
{
  const char *status = self->reader != NULL ?
                       teller_card_reader_get_liveness_status (self->reader) : NULL;

  /* The service's own words ("please blink"), while the check runs. */
  if (self->cancellable != NULL && status != NULL && *status != '\0')
    set_status (self, status);
}

/* ---- The check ------------------------------------------------------------- */

static void
check_fail (Check       *check,
            const char  *what,
            GError      *error)
{
  g_autofree char *message = teller_identity_describe_failure (what, error);

  set_running (check->self, NULL);
  set_status (check->self, message);
}

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  TellerIdentityFaceCheck *self = check->self;
  g_autoptr(TellerFaceMatch) match = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *live;

  match = teller_card_reader_verify_id_finish (TELLER_CARD_READER (source), result, &error);
  if (!check_is_current (check))
    return;

  if (match == NULL)
    {
      check_fail (check, _("The face-vs-ID check failed"), error);
      return;
    }

  set_running (self, NULL);

  /* The service compared with the card on the reader now: it must be the one shown. */
  if (match->card_number != NULL &&
      g_strcmp0 (match->card_number, teller_identity_get_field (self->identity, "cardID")) != 0)
    {
      set_status (self, _("The card on the reader is not the card that was read. "
                          "Read the card again, then verify."));
      return;
    }

  /* Handed over, not copied: the identity zeroes what it holds when wiped. */
  live = match->camera_image != NULL ? g_steal_pointer (&match->camera_image) :
                                       g_steal_pointer (&check->liveness_face);
  teller_identity_take_live_face (self->identity, live);
  teller_identity_set_face_score (self->identity, match->confidence);
  set_status (self, NULL);
}

static void
liveness_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(TellerLiveness) liveness = NULL;
  g_autoptr(GError) error = NULL;
  Check *next;

  liveness = teller_card_reader_liveness_finish (TELLER_CARD_READER (source), result, &error);
  if (!check_is_current (check))
    return;

  if (liveness == NULL)
    {
      check_fail (check, _("The liveness check failed"), error);
      return;
    }

  check->liveness_face = g_steal_pointer (&liveness->image);
  set_status (check->self, _("Comparing the face with the photo on the card…"));

  next = g_steal_pointer (&check);
  teller_card_reader_verify_id_async (next->self->reader, TELLER_FACE_CHECK_CAMIDX, FALSE,
                                      next->cancellable, verify_cb, next);
}

/* ---- Actions ------------------------------------------------------------- */

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  teller_identity_face_check_start (TELLER_IDENTITY_FACE_CHECK (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TellerIdentityFaceCheck *self = TELLER_IDENTITY_FACE_CHECK (widget);

  teller_identity_face_check_cancel (self);
  set_status (self, _("The check was cancelled."));
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_identity_face_check_dispose (GObject *object)
{
  TellerIdentityFaceCheck *self = TELLER_IDENTITY_FACE_CHECK (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->identity_signals != NULL)
    g_signal_group_set_target (self->identity_signals, NULL);
  if (self->reader_signals != NULL)
    g_signal_group_set_target (self->reader_signals, NULL);
  g_clear_object (&self->identity_signals);
  g_clear_object (&self->reader_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_IDENTITY_FACE_CHECK);
  g_clear_object (&self->identity);
  g_clear_object (&self->reader);

  G_OBJECT_CLASS (teller_identity_face_check_parent_class)->dispose (object);
}

static void
teller_identity_face_check_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  TellerIdentityFaceCheck *self = TELLER_IDENTITY_FACE_CHECK (object);

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
teller_identity_face_check_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  TellerIdentityFaceCheck *self = TELLER_IDENTITY_FACE_CHECK (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      teller_identity_face_check_set_threshold (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_face_check_class_init (TellerIdentityFaceCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_face_check_dispose;
  object_class->get_property = teller_identity_face_check_get_property;
  object_class->set_property = teller_identity_face_check_set_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The face-match-threshold setting. */
  properties[PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL, 1, 100, 80,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TELLER_TYPE_IDENTITY_PICTURE);
  g_type_ensure (TELLER_TYPE_IDENTITY_VERDICT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-identity-face-check.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFaceCheck, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFaceCheck, card_photo);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFaceCheck, live_face);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFaceCheck, verdict);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityFaceCheck, status_label);

  gtk_widget_class_install_action (widget_class, "face.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "face.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "facecheck");
}

static void
teller_identity_face_check_init (TellerIdentityFaceCheck *self)
{
  self->threshold = 80;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->identity_signals = g_signal_group_new (TELLER_TYPE_IDENTITY);
  g_signal_group_connect_swapped (self->identity_signals, "changed",
                                  G_CALLBACK (identity_changed_cb), self);
  self->reader_signals = g_signal_group_new (TELLER_TYPE_CARD_READER);
  g_signal_group_connect_swapped (self->reader_signals, "notify::liveness-status",
                                  G_CALLBACK (liveness_status_cb), self);

  identity_changed_cb (self);
}

/* ---- Public API -------------------------------------------------------------- */

void
teller_identity_face_check_set_identity (TellerIdentityFaceCheck *self,
                                         TellerIdentity          *identity)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self));
  g_return_if_fail (identity == NULL || TELLER_IS_IDENTITY (identity));

  if (self->identity == identity)
    return;

  teller_identity_face_check_cancel (self);
  g_set_object (&self->identity, identity);
  g_signal_group_set_target (self->identity_signals, identity);
  identity_changed_cb (self);
}

void
teller_identity_face_check_set_card_reader (TellerIdentityFaceCheck *self,
                                            TellerCardReader        *reader)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self));
  g_return_if_fail (reader == NULL || TELLER_IS_CARD_READER (reader));

  if (self->reader == reader)
    return;

  teller_identity_face_check_cancel (self);
  g_set_object (&self->reader, reader);
  g_signal_group_set_target (self->reader_signals, reader);
  update_actions (self);
}

void
teller_identity_face_check_start (TellerIdentityFaceCheck *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  Check *check;

  g_return_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self));

  if (self->cancellable != NULL || self->reader == NULL || !has_id_card (self))
    return;

  teller_identity_touch (self->identity);
  cancellable = g_cancellable_new ();
  set_running (self, cancellable);
  /* The last check's result does not stand for this one. */
  teller_identity_set_face_score (self->identity, -1);
  teller_identity_take_live_face (self->identity, NULL);
  set_status (self, _("Checking that a live person faces the camera…"));

  check = g_new0 (Check, 1);
  check->self = g_object_ref (self);
  check->cancellable = g_object_ref (cancellable);
  teller_card_reader_liveness_async (self->reader, TELLER_LIVENESS_POLLING,
                                     TELLER_FACE_CHECK_CAMIDX, LIVENESS_TIME_S, TRUE,
                                     cancellable, liveness_cb, check);
}

void
teller_identity_face_check_cancel (TellerIdentityFaceCheck *self)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  set_running (self, NULL);
  refresh (self);
}

gboolean
teller_identity_face_check_get_running (TellerIdentityFaceCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self), FALSE);

  return self->cancellable != NULL;
}

guint
teller_identity_face_check_get_threshold (TellerIdentityFaceCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self), 0);

  return self->threshold;
}

void
teller_identity_face_check_set_threshold (TellerIdentityFaceCheck *self,
                                          guint                    threshold)
{
  g_return_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self));

  threshold = CLAMP (threshold, 1, 100);
  if (self->threshold == threshold)
    return;

  self->threshold = threshold;
  identity_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

const char *
teller_identity_face_check_get_verdict (TellerIdentityFaceCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self), NULL);

  return teller_identity_verdict_get_text (self->verdict);
}

const char *
teller_identity_face_check_get_status (TellerIdentityFaceCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self), NULL);

  return gtk_label_get_text (self->status_label);
}

gboolean
teller_identity_face_check_get_live_shown (TellerIdentityFaceCheck *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_FACE_CHECK (self), FALSE);

  return teller_identity_picture_get_paintable (self->live_face) != NULL;
}
