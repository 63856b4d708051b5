/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include "teller-toast.h"

struct _TellerToast
{
  GObject parent_instance;

  char     *title;
  char     *button_label;
  guint     timeout;
  gboolean  is_error;
  gboolean  dismissed;
};

G_DEFINE_FINAL_TYPE (TellerToast, teller_toast, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_BUTTON_LABEL,
  PROP_TIMEOUT,
  PROP_IS_ERROR,
  N_PROPS
};

enum {
  BUTTON_CLICKED,
  DISMISSED,
  DISMISS_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
teller_toast_finalize (GObject *object)
{
  TellerToast *self = TELLER_TOAST (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->button_label, g_free);

  G_OBJECT_CLASS (teller_toast_parent_class)->finalize (object);
}

static void
teller_toast_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TellerToast *self = TELLER_TOAST (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_BUTTON_LABEL:
      g_value_set_string (value, self->button_label);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_IS_ERROR:
      g_value_set_boolean (value, self->is_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_toast_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TellerToast *self = TELLER_TOAST (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_BUTTON_LABEL:
      teller_toast_set_button_label (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      teller_toast_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_IS_ERROR:
      self->is_error = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_toast_class_init (TellerToastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = teller_toast_finalize;
  object_class->get_property = teller_toast_get_property;
  object_class->set_property = teller_toast_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUTTON_LABEL] =
    g_param_spec_string ("button-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds before the toast hides itself; 0 keeps it until it is closed. */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, TELLER_TOAST_DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_ERROR] =
    g_param_spec_boolean ("is-error", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TellerToast::button-clicked:
   *
   * The operator pressed the toast's button; "dismissed" follows.
   */
  signals[BUTTON_CLICKED] =
    g_signal_new ("button-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TellerToast::dismissed:
   *
   * The toast left the screen: timed out, closed, replaced by a newer one, or its
   * window went away.  Emitted once.
   */
  signals[DISMISSED] =
    g_signal_new ("dismissed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Private to TellerToastArea: teller_toast_dismiss() asks the area showing it. */
  signals[DISMISS_REQUESTED] =
    g_signal_new ("dismiss-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
teller_toast_init (TellerToast *self)
{
  self->timeout = TELLER_TOAST_DEFAULT_TIMEOUT_S;
}

TellerToast *
teller_toast_new (const char *title)
{
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (TELLER_TYPE_TOAST, "title", title, NULL);
}

/* Errors stay until the operator closes them: an error that vanishes unread is lost. */
TellerToast *
teller_toast_new_error (const char *title)
{
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (TELLER_TYPE_TOAST,
                       "title", title,
                       "is-error", TRUE,
                       "timeout", 0,
                       NULL);
}

const char *
teller_toast_get_title (TellerToast *self)
{
  g_return_val_if_fail (TELLER_IS_TOAST (self), NULL);

  return self->title;
}

const char *
teller_toast_get_button_label (TellerToast *self)
{
  g_return_val_if_fail (TELLER_IS_TOAST (self), NULL);

  return self->button_label;
}

void
teller_toast_set_button_label (TellerToast *self,
                               const char  *button_label)
{
  g_return_if_fail (TELLER_IS_TOAST (self));

  if (g_strcmp0 (self->button_label, button_label) == 0)
    return;

  g_free (self->button_label);
  self->button_label = g_strdup (button_label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUTTON_LABEL]);
}

guint
teller_toast_get_timeout (TellerToast *self)
{
  g_return_val_if_fail (TELLER_IS_TOAST (self), 0);

  return self->timeout;
}

void
teller_toast_set_timeout (TellerToast *self,
                          guint        timeout_s)
{
  g_return_if_fail (TELLER_IS_TOAST (self));

  if (self->timeout == timeout_s)
    return;

  self->timeout = timeout_s;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

gboolean
teller_toast_get_is_error (TellerToast *self)
{
  g_return_val_if_fail (TELLER_IS_TOAST (self), FALSE);

  return self->is_error;
}

void
teller_toast_dismiss (TellerToast *self)
{
  g_return_if_fail (TELLER_IS_TOAST (self));

  if (!self->dismissed)
    g_signal_emit (self, signals[DISMISS_REQUESTED], 0);
}

void
_teller_toast_emit_button_clicked (TellerToast *self)
{
  g_return_if_fail (TELLER_IS_TOAST (self));

  if (!self->dismissed)
    g_signal_emit (self, signals[BUTTON_CLICKED], 0);
}

void
_teller_toast_emit_dismissed (TellerToast *self)
{
  g_return_if_fail (TELLER_IS_TOAST (self));

  if (self->dismissed)
    return;

  self->dismissed = TRUE;
  g_signal_emit (self, signals[DISMISSED], 0);
}
