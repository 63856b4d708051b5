/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-identity-pane-private.h"
#include "teller-identity-util.h"
#include "teller-window.h"

/*
 * The Identity pane: "Read Card" wipes what is shown first (no data of the last
 * customer may stay on screen, even when the read fails), reads into a fresh
 * TellerIdentity and moves it into the transaction's only once complete.  The
 * widgets draw from that identity on each "changed"; when it is wiped by anyone
 * (the transaction finished, the idle timeout, "Clear") whatever runs for it is
 * cancelled, so no late answer lands on the next customer.
 */

G_DEFINE_FINAL_TYPE (TellerIdentityPane, teller_identity_pane, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* The identity.read targets. */
static const struct {
  const char     *name;
  TellerCardKind  kind;
} read_targets[] = {
  { "any", TELLER_CARD_KIND_NONE },
  { "id-card", TELLER_CARD_KIND_ID_CARD },
  { "social", TELLER_CARD_KIND_SOCIAL_SECURITY },
  { "ic", TELLER_CARD_KIND_IC },
  { "magnetic", TELLER_CARD_KIND_MAGNETIC },
};

/* ---- Shared with teller-identity-pane-copy.c ----------------------------- */

TellerCardReader *
_teller_identity_pane_get_reader (TellerIdentityPane *self)
{
  return self->services != NULL ? teller_services_get_card_reader (self->services) : NULL;
}

void
_teller_identity_pane_notify (TellerIdentityPane *self,
                              guint               prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

gboolean
_teller_identity_pane_has_card (TellerIdentityPane *self)
{
  return self->identity != NULL && !teller_identity_get_empty (self->identity);
}

void
_teller_identity_pane_update_actions (TellerIdentityPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "identity.read",
                                 self->read_cancellable == NULL &&
                                 _teller_identity_pane_get_reader (self) != NULL);
  gtk_widget_action_set_enabled (widget, "identity.clear",
                                 _teller_identity_pane_has_card (self) ||
                                 self->read_cancellable != NULL);
  _teller_identity_pane_update_copy (self);
}

void
_teller_identity_pane_show_error (TellerIdentityPane *self,
                                  const char         *title,
                                  const GError       *error)
{
  g_autofree char *detail = teller_identity_describe_error (error);

  /* Answers may arrive after the template is gone. */
  if (self->banner == NULL)
    return;

  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_detail, detail);
  gtk_widget_set_visible (self->banner, TRUE);
}

static void
hide_banner (TellerIdentityPane *self)
{
  if (self->banner != NULL)
    gtk_widget_set_visible (self->banner, FALSE);
}

void
_teller_identity_pane_show_toast (TellerIdentityPane *self,
                                  const char         *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TELLER_TYPE_WINDOW);

  if (window != NULL)
    teller_window_show_toast (TELLER_WINDOW (window), message);
}

/* ---- State --------------------------------------------------------------- */

static void
set_reading (TellerIdentityPane *self,
             GCancellable       *cancellable)
{
  if (!g_set_object (&self->read_cancellable, cancellable))
    return;

  _teller_identity_pane_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
}

static void
cancel_read (TellerIdentityPane *self)
{
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  set_reading (self, NULL);
}

/* The empty page says what to do, what is going on, or what is wrong. */
static void
update_empty_page (TellerIdentityPane *self)
{
  TellerCardReader *reader = _teller_identity_pane_get_reader (self);
  gboolean reading = self->read_cancellable != NULL;
  g_autofree char *state = NULL;

  if (self->empty_title == NULL)
    return;

  gtk_stack_set_visible_child_name (self->empty_icon_stack, reading ? "spinner" : "icon");
  gtk_label_set_text (self->empty_title, reading ? _("Reading the Card…") : _("No Card Read"));
  gtk_label_set_text (self->empty_description,
                      reading ? _("Keep the card on the reader.") :
                                _("Place the customer's card on the reader, "
                                  "then press Read Card (Ctrl+I)."));

  if (reader != NULL &&
      teller_service_get_state (TELLER_SERVICE (reader)) == TELLER_SERVICE_STATE_OFFLINE)
    {
      const char *reason = teller_service_get_state_reason (TELLER_SERVICE (reader));

      state = reason != NULL ?
              /* Translators: %s says why, as the card reader service reported it */
              g_strdup_printf (_("The card reader is offline: %s"), reason) :
              g_strdup (_("The card reader is offline."));
    }

  gtk_label_set_text (self->reader_state_label, state != NULL ? state : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reader_state_label), state != NULL);
}

static void
identity_changed_cb (TellerIdentityPane *self)
{
  gboolean has_card = _teller_identity_pane_has_card (self);

  /* Wiped by someone else: what runs belongs to the customer who has gone. */
  if (!has_card && !self->wiping)
    {
      cancel_read (self);
      _teller_identity_pane_stop_copy (self);
      hide_banner (self);
    }

  if (self->content_stack != NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, has_card ? "card" : "empty");
      gtk_widget_set_visible (self->checks_box,
                              has_card &&
                              teller_identity_get_kind (self->identity) == TELLER_CARD_KIND_ID_CARD);
    }

  update_empty_page (self);
  _teller_identity_pane_update_actions (self);
}

/* What the operator does in the pane counts as using the identity. */
static void
touch_cb (TellerIdentityPane *self)
{
  if (_teller_identity_pane_has_card (self))
    teller_identity_touch (self->identity);
}

static gboolean
scroll_cb (TellerIdentityPane *self)
{
  touch_cb (self);
  return FALSE;
}

/* ---- Reading ------------------------------------------------------------- */

typedef struct
{
  TellerIdentityPane *self;
  GCancellable       *cancellable;
} Read;

static void
read_free (Read *read)
{
  g_clear_object (&read->self);
  g_clear_object (&read->cancellable);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Read) read = user_data;
  TellerIdentityPane *self = read->self;
  g_autoptr(TellerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = teller_card_reader_read_finish (TELLER_CARD_READER (source), result, &error);
  /* A read that was cancelled (or superseded) lands nowhere, even if it succeeded. */
  if (self->read_cancellable != read->cancellable || g_cancellable_is_cancelled (read->cancellable))
    return;

  set_reading (self, NULL);
  update_empty_page (self);

  if (identity == NULL)
    {
      _teller_identity_pane_show_error (self, _("Could not read the card"), error);
      return;
    }

  if (self->identity != NULL)
    teller_identity_replace (self->identity, identity);
}

static void
wipe (TellerIdentityPane *self)
{
  teller_identity_face_check_cancel (self->face_check);
  teller_identity_finger_check_cancel (self->finger_check);
  _teller_identity_pane_stop_copy (self);

  if (self->identity != NULL)
    {
      self->wiping = TRUE;
      teller_identity_wipe (self->identity);
      self->wiping = FALSE;
    }
}

static void
read_card (TellerIdentityPane *self,
           TellerCardKind      kind)
{
  TellerCardReader *reader = _teller_identity_pane_get_reader (self);
  Read *read;

  if (reader == NULL || self->read_cancellable != NULL)
    return;

  /* Nothing of the last customer stays on screen, whatever this read gives. */
  hide_banner (self);
  wipe (self);

  read = g_new0 (Read, 1);
  read->self = g_object_ref (self);
  read->cancellable = g_cancellable_new ();
  set_reading (self, read->cancellable);
  update_empty_page (self);
  teller_card_reader_read_async (reader, kind, read->cancellable, read_cb, read);
}

/* ---- Actions ------------------------------------------------------------- */

static void
read_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  const char *target = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (read_targets); i++)
    {
      if (g_str_equal (read_targets[i].name, target))
        {
          read_card (TELLER_IDENTITY_PANE (widget), read_targets[i].kind);
          return;
        }
    }
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (widget);

  cancel_read (self);
  hide_banner (self);
  wipe (self);
  update_empty_page (self);
}

static void
banner_close_cb (TellerIdentityPane *self)
{
  hide_banner (self);
}

/* ---- GtkWidget ------------------------------------------------------------- */

static gboolean
teller_identity_pane_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (TELLER_IDENTITY_PANE (widget)->read_button);
}

/* ---- GObject --------------------------------------------------------------- */

static void
teller_identity_pane_dispose (GObject *object)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  _teller_identity_pane_stop_copy (self);

  if (self->identity_signals != NULL)
    g_signal_group_set_target (self->identity_signals, NULL);
  if (self->reader_signals != NULL)
    g_signal_group_set_target (self->reader_signals, NULL);
  g_clear_object (&self->identity_signals);
  g_clear_object (&self->reader_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_IDENTITY_PANE);
  g_clear_object (&self->settings);
  g_clear_object (&self->identity);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (teller_identity_pane_parent_class)->dispose (object);
}

static void
teller_identity_pane_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    case PROP_READING:
      g_value_set_boolean (value, self->read_cancellable != NULL);
      break;

    case PROP_COPYING:
      g_value_set_boolean (value, self->copy_cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_pane_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      teller_identity_pane_set_services (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_pane_class_init (TellerIdentityPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = teller_identity_pane_dispose;
  object_class->get_property = teller_identity_pane_get_property;
  object_class->set_property = teller_identity_pane_set_property;
  widget_class->grab_focus = teller_identity_pane_grab_focus;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, TELLER_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READING] =
    g_param_spec_boolean ("reading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPYING] =
    g_param_spec_boolean ("copying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TELLER_TYPE_IDENTITY_CARD_VIEW);
  g_type_ensure (TELLER_TYPE_IDENTITY_FACE_CHECK);
  g_type_ensure (TELLER_TYPE_IDENTITY_FINGER_CHECK);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-identity-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, root_box);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, read_button);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, copy_popover);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, front_icon);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, front_status);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, back_icon);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, back_status);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, watermark_check);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, watermark_entry);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, banner);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, banner_title);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, empty_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, empty_title);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, empty_description);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, reader_state_label);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, card_view);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, face_check);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, finger_check);
  gtk_widget_class_bind_template_child (widget_class, TellerIdentityPane, checks_box);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_cb);

  gtk_widget_class_install_action (widget_class, "identity.read", "s", read_action);
  gtk_widget_class_install_action (widget_class, "identity.clear", NULL, clear_action);
  _teller_identity_pane_class_init_copy (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "identitypane");
}

static void
add_touch_controllers (TellerIdentityPane *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  /* Watchers only: they never claim an event, so every widget still gets its own. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (touch_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-released", G_CALLBACK (touch_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

static void
teller_identity_pane_init (TellerIdentityPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->identity_signals = g_signal_group_new (TELLER_TYPE_IDENTITY);
  g_signal_group_connect_swapped (self->identity_signals, "changed",
                                  G_CALLBACK (identity_changed_cb), self);
  self->reader_signals = g_signal_group_new (TELLER_TYPE_CARD_READER);
  g_signal_group_connect_swapped (self->reader_signals, "notify::state",
                                  G_CALLBACK (update_empty_page), self);
  g_signal_group_connect_swapped (self->reader_signals, "notify::state-reason",
                                  G_CALLBACK (update_empty_page), self);
  add_touch_controllers (self);

  self->settings = teller_identity_settings_new ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "face-match-threshold", self->face_check, "threshold",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "finger-match-threshold", self->finger_check, "threshold",
                       G_SETTINGS_BIND_GET);
    }

  identity_changed_cb (self);
}

/* ---- Public API -------------------------------------------------------------- */

TellerServices *
teller_identity_pane_get_services (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return self->services;
}

void
teller_identity_pane_set_services (TellerIdentityPane *self,
                                   TellerServices     *services)
{
  TellerIdentity *identity = NULL;
  TellerCardReader *reader;

  g_return_if_fail (TELLER_IS_IDENTITY_PANE (self));
  g_return_if_fail (services == NULL || TELLER_IS_SERVICES (services));

  if (self->services == services)
    return;

  cancel_read (self);
  _teller_identity_pane_stop_copy (self);
  g_set_object (&self->services, services);

  if (services != NULL)
    identity = teller_transaction_get_identity (teller_services_get_transaction (services));
  g_set_object (&self->identity, identity);
  reader = _teller_identity_pane_get_reader (self);

  teller_identity_card_view_set_identity (self->card_view, identity);
  teller_identity_face_check_set_identity (self->face_check, identity);
  teller_identity_face_check_set_card_reader (self->face_check, reader);
  teller_identity_finger_check_set_identity (self->finger_check, identity);
  teller_identity_finger_check_set_card_reader (self->finger_check, reader);
  g_signal_group_set_target (self->identity_signals, identity);
  g_signal_group_set_target (self->reader_signals, reader);

  identity_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
}

TellerIdentity *
teller_identity_pane_get_identity (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return self->identity;
}

gboolean
teller_identity_pane_get_reading (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), FALSE);

  return self->read_cancellable != NULL;
}

gboolean
teller_identity_pane_get_copying (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), FALSE);

  return self->copy_cancellable != NULL;
}

TellerIdentityCardView *
teller_identity_pane_get_card_view (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return self->card_view;
}

TellerIdentityFaceCheck *
teller_identity_pane_get_face_check (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return self->face_check;
}

TellerIdentityFingerCheck *
teller_identity_pane_get_finger_check (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return self->finger_check;
}

const char *
teller_identity_pane_get_visible_page (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

char *
teller_identity_pane_dup_banner_text (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  if (!gtk_widget_get_visible (self->banner))
    return NULL;

  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->banner_title),
                          gtk_label_get_text (self->banner_detail));
}

GtkPopover *
teller_identity_pane_get_copy_popover (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return self->copy_popover;
}

GtkEditable *
teller_identity_pane_get_watermark_entry (TellerIdentityPane *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY_PANE (self), NULL);

  return GTK_EDITABLE (self->watermark_entry);
}
