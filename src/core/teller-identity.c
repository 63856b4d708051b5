/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>


#include "teller-identity-private.h"

/*
 * Every value lives in a buffer this object owns, and every buffer is zeroed
 * before it is freed: on wipe, on replace, when a field is overwritten, and at
 * the end.  Images and templates are GBytes whose free function zeroes them
 * (teller_secure_bytes_new_take()), so a reference a widget still holds is zeroed
 * when the widget lets go of it.  Nothing here logs.
 */

typedef struct
{
  char *name;
  char *value;
} Field;

typedef enum
{
  BLOB_PHOTO,
  BLOB_FRONT,
  BLOB_BACK,
  BLOB_CARD_FINGER,
  BLOB_LIVE_FACE,
  BLOB_READ_FINGER,
  BLOB_READ_FINGER_IMAGE,
  N_BLOBS
} Blob;

struct _TellerIdentity
{
  GObject           parent_instance;

  TellerCardKind    kind;
  TellerIdCardType  id_card_type;
  GPtrArray        *fields;         /* of Field, in the reply's order */
  GBytes           *blobs[N_BLOBS];
  char             *warning;
  char             *derived_number; /* a magnetic card's account number, from Track2 */
  int               face_score;
  int               finger_score;

  guint             idle_timeout_ms;
  GSource          *idle_source;
};

G_DEFINE_FINAL_TYPE (TellerIdentity, teller_identity, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TellerCardKind, teller_card_kind,
                    G_DEFINE_ENUM_VALUE (TELLER_CARD_KIND_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (TELLER_CARD_KIND_ID_CARD, "id-card"),
                    G_DEFINE_ENUM_VALUE (TELLER_CARD_KIND_SOCIAL_SECURITY, "social-security"),
                    G_DEFINE_ENUM_VALUE (TELLER_CARD_KIND_IC, "ic"),
                    G_DEFINE_ENUM_VALUE (TELLER_CARD_KIND_MAGNETIC, "magnetic"))

G_DEFINE_ENUM_TYPE (TellerIdCardType, teller_id_card_type,
                    G_DEFINE_ENUM_VALUE (TELLER_ID_CARD_TYPE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (TELLER_ID_CARD_TYPE_MAINLAND, "mainland"),
                    G_DEFINE_ENUM_VALUE (TELLER_ID_CARD_TYPE_MAINLAND_FINGER, "mainland-finger"),
                    G_DEFINE_ENUM_VALUE (TELLER_ID_CARD_TYPE_HMT, "hmt"),
                    G_DEFINE_ENUM_VALUE (TELLER_ID_CARD_TYPE_FOREIGN, "foreign"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID_CARD_TYPE,
  PROP_EMPTY,
  PROP_IDLE_TIMEOUT_MS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- Secure buffers ---------------------------------------------------- */

void
teller_secure_zero (gpointer data,
                    gsize    size)
{
  if (data == NULL || size == 0)
    return;

  /* explicit_bzero() is a barrier the optimizer keeps, unlike a memset() of memory
   * about to be freed. */
  explicit_bzero (data, size);
}

typedef struct
{
  gpointer data;
  gsize    size;
} SecureBuffer;

static void
secure_buffer_free (gpointer user_data)
{
  SecureBuffer *buffer = user_data;

  teller_secure_zero (buffer->data, buffer->size);
  g_free (buffer->data);
  g_free (buffer);
}

GBytes *
teller_secure_bytes_new_take (gpointer data,
                              gsize    size)
{
  SecureBuffer *buffer;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  buffer = g_new0 (SecureBuffer, 1);
  buffer->data = data;
  buffer->size = size;
  return g_bytes_new_with_free_func (data, size, secure_buffer_free, buffer);
}

GBytes *
teller_secure_bytes_new (gconstpointer data,
                         gsize         size)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);

  return teller_secure_bytes_new_take (g_memdup2 (data, size), size);
}

/* Takes @bytes; the result is ours alone and zeroes itself.  When the caller's
 * reference was the last one, g_bytes_unref_to_data() hands the buffer over
 * without a copy (or copies and drops a buffer that zeroes itself). */
static GBytes *
secure_bytes_adopt (GBytes *bytes)
{
  gpointer data;
  gsize size;

  if (bytes == NULL)
    return NULL;
  if (g_bytes_get_size (bytes) == 0)
    {
      g_bytes_unref (bytes);
      return NULL;
    }

  data = g_bytes_unref_to_data (bytes, &size);
  return teller_secure_bytes_new_take (data, size);
}

static void
secure_string_free (char *text)
{
  if (text == NULL)
    return;
  teller_secure_zero (text, strlen (text));
  g_free (text);
}

static void
field_free (Field *field)
{
  secure_string_free (field->name);
  secure_string_free (field->value);
  g_free (field);
}

/* ---- State ------------------------------------------------------------- */

static gboolean
is_empty (TellerIdentity *self)
{
  if (self->kind != TELLER_CARD_KIND_NONE || self->fields->len > 0 || self->warning != NULL ||
      self->face_score >= 0 || self->finger_score >= 0)
    return FALSE;

  for (guint i = 0; i < N_BLOBS; i++)
    if (self->blobs[i] != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  TellerIdentity *self = user_data;

  /* The source is ours to drop: wipe must not try to destroy it again. */
  g_clear_pointer (&self->idle_source, g_source_unref);
  teller_identity_wipe (self);
  return G_SOURCE_REMOVE;
}

static void
disarm (TellerIdentity *self)
{
  if (self->idle_source == NULL)
    return;
  g_source_destroy (self->idle_source);
  g_clear_pointer (&self->idle_source, g_source_unref);
}

/* (Re)starts the idle countdown while there is something to wipe. */
static void
arm (TellerIdentity *self)
{
  g_autoptr(GMainContext) context = NULL;

  disarm (self);
  if (self->idle_timeout_ms == 0 || is_empty (self))
    return;

  context = g_main_context_ref_thread_default ();
  self->idle_source = g_timeout_source_new (self->idle_timeout_ms);
  g_source_set_static_name (self->idle_source, "[teller] identity idle wipe");
  g_source_set_callback (self->idle_source, idle_timeout_cb, self, NULL);
  g_source_attach (self->idle_source, context);
}

/* Frees (zeroed) everything held, without telling anyone. */
static void
clear_contents (TellerIdentity *self)
{
  g_ptr_array_set_size (self->fields, 0);
  for (guint i = 0; i < N_BLOBS; i++)
    g_clear_pointer (&self->blobs[i], g_bytes_unref);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->derived_number, secure_string_free);
  self->kind = TELLER_CARD_KIND_NONE;
  self->id_card_type = TELLER_ID_CARD_TYPE_UNKNOWN;
  self->face_score = -1;
  self->finger_score = -1;
}

typedef struct
{
  TellerCardKind   kind;
  TellerIdCardType id_card_type;
  gboolean         empty;
} Snapshot;

static Snapshot
snapshot (TellerIdentity *self)
{
  return (Snapshot) { self->kind, self->id_card_type, is_empty (self) };
}

/* After a change: the notifications, "changed", and the idle countdown. */
static void
changed (TellerIdentity *self,
         Snapshot        before)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (before.kind != self->kind)
    g_object_notify_by_pspec (object, properties[PROP_KIND]);
  if (before.id_card_type != self->id_card_type)
    g_object_notify_by_pspec (object, properties[PROP_ID_CARD_TYPE]);
  if (before.empty != is_empty (self))
    g_object_notify_by_pspec (object, properties[PROP_EMPTY]);
  g_object_thaw_notify (object);

  arm (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- Public API -------------------------------------------------------- */

TellerIdentity *
teller_identity_new (void)
{
  return g_object_new (TELLER_TYPE_IDENTITY, NULL);
}

TellerCardKind
teller_identity_get_kind (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), TELLER_CARD_KIND_NONE);
  return self->kind;
}

TellerIdCardType
teller_identity_get_id_card_type (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), TELLER_ID_CARD_TYPE_UNKNOWN);
  return self->id_card_type;
}

gboolean
teller_identity_get_empty (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), TRUE);
  return is_empty (self);
}

TellerIdCardType
teller_id_card_type_from_letter (const char *letter)
{
  if (letter == NULL)
    return TELLER_ID_CARD_TYPE_UNKNOWN;
  if (strcmp (letter, "B") == 0)
    return TELLER_ID_CARD_TYPE_MAINLAND;
  if (strcmp (letter, "C") == 0)
    return TELLER_ID_CARD_TYPE_MAINLAND_FINGER;
  if (strcmp (letter, "J") == 0)
    return TELLER_ID_CARD_TYPE_HMT;
  if (strcmp (letter, "I") == 0)
    return TELLER_ID_CARD_TYPE_FOREIGN;
  return TELLER_ID_CARD_TYPE_UNKNOWN;
}

static Field *
find_field (TellerIdentity *self,
            const char     *name,
            guint          *index)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (strcmp (field->name, name) == 0)
        {
          if (index != NULL)
            *index = i;
          return field;
        }
    }
  return NULL;
}

const char *
teller_identity_get_field (TellerIdentity *self,
                           const char     *name)
{
  Field *field;

  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = find_field (self, name, NULL);
  return field != NULL ? field->value : NULL;
}

GStrv
teller_identity_dup_field_names (TellerIdentity *self)
{
  GStrv names;

  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);

  names = g_new0 (char *, self->fields->len + 1);
  for (guint i = 0; i < self->fields->len; i++)
    names[i] = g_strdup (((Field *) g_ptr_array_index (self->fields, i))->name);
  return names;
}

void
teller_identity_set_field (TellerIdentity *self,
                           const char     *name,
                           const char     *value)
{
  Snapshot before;
  Field *field;
  guint index;

  g_return_if_fail (TELLER_IS_IDENTITY (self));
  g_return_if_fail (name != NULL);

  before = snapshot (self);
  field = find_field (self, name, &index);
  if (field == NULL && value == NULL)
    return;
  if (field != NULL && g_strcmp0 (field->value, value) == 0)
    return;

  if (value == NULL)
    {
      g_ptr_array_remove_index (self->fields, index);
    }
  else if (field != NULL)
    {
      secure_string_free (field->value);
      field->value = g_strdup (value);
    }
  else
    {
      field = g_new0 (Field, 1);
      field->name = g_strdup (name);
      field->value = g_strdup (value);
      g_ptr_array_add (self->fields, field);
    }

  g_clear_pointer (&self->derived_number, secure_string_free);
  changed (self, before);
}

void
teller_identity_set_card (TellerIdentity   *self,
                          TellerCardKind    kind,
                          TellerIdCardType  id_card_type)
{
  Snapshot before;

  g_return_if_fail (TELLER_IS_IDENTITY (self));

  if (self->kind == kind && self->id_card_type == id_card_type)
    return;

  before = snapshot (self);
  self->kind = kind;
  self->id_card_type = id_card_type;
  g_clear_pointer (&self->derived_number, secure_string_free);
  changed (self, before);
}

/* The primary account number: the digits of Track2 before its field separator
 * ("=", or "D" as some readers print it), after an optional start sentinel. */
static char *
dup_track2_account (const char *track2)
{
  const char *start = track2;
  gsize length = 0;

  if (track2 == NULL)
    return NULL;
  if (*start == ';')
    start++;
  while (g_ascii_isdigit (start[length]))
    length++;

  if (length == 0 || (start[length] != '=' && start[length] != 'D' && start[length] != '\0'))
    return NULL;
  return g_strndup (start, length);
}

const char *
teller_identity_get_number (TellerIdentity *self)
{
  const char *number;

  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);

  switch (self->kind)
    {
    case TELLER_CARD_KIND_ID_CARD:
      return teller_identity_get_field (self, "cardID");
    case TELLER_CARD_KIND_SOCIAL_SECURITY:
      return teller_identity_get_field (self, "SocialSecurityNumber");
    case TELLER_CARD_KIND_IC:
      return teller_identity_get_field (self, "CardNumber");
    case TELLER_CARD_KIND_MAGNETIC:
      if (self->derived_number == NULL)
        self->derived_number = dup_track2_account (teller_identity_get_field (self, "Track2"));
      return self->derived_number;
    case TELLER_CARD_KIND_NONE:
    default:
      break;
    }

  number = teller_identity_get_field (self, "cardID");
  if (number == NULL)
    number = teller_identity_get_field (self, "SocialSecurityNumber");
  if (number == NULL)
    number = teller_identity_get_field (self, "CardNumber");
  return number;
}

/* ---- Images, templates, warning, scores -------------------------------- */

static GBytes *
get_blob (TellerIdentity *self,
          Blob            blob)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);
  return self->blobs[blob];
}

/* Takes @bytes. */
static void
take_blobs (TellerIdentity *self,
            Blob            first,
            GBytes         *first_bytes,
            Blob            second,
            GBytes         *second_bytes)
{
  Snapshot before = snapshot (self);

  g_clear_pointer (&self->blobs[first], g_bytes_unref);
  self->blobs[first] = secure_bytes_adopt (first_bytes);
  if (second != N_BLOBS)
    {
      g_clear_pointer (&self->blobs[second], g_bytes_unref);
      self->blobs[second] = secure_bytes_adopt (second_bytes);
    }
  changed (self, before);
}

#define DEFINE_BLOB(name, blob)                                            \
  GBytes *                                                                 \
  teller_identity_get_##name (TellerIdentity *self)                        \
  {                                                                        \
    return get_blob (self, blob);                                          \
  }                                                                        \
  void                                                                     \
  teller_identity_take_##name (TellerIdentity *self, GBytes *bytes)        \
  {                                                                        \
    g_return_if_fail (TELLER_IS_IDENTITY (self));                          \
    take_blobs (self, blob, bytes, N_BLOBS, NULL);                         \
  }

DEFINE_BLOB (photo, BLOB_PHOTO)
DEFINE_BLOB (front, BLOB_FRONT)
DEFINE_BLOB (back, BLOB_BACK)
DEFINE_BLOB (card_finger, BLOB_CARD_FINGER)
DEFINE_BLOB (live_face, BLOB_LIVE_FACE)

GBytes *
teller_identity_get_read_finger (TellerIdentity *self)
{
  return get_blob (self, BLOB_READ_FINGER);
}

GBytes *
teller_identity_get_read_finger_image (TellerIdentity *self)
{
  return get_blob (self, BLOB_READ_FINGER_IMAGE);
}

void
teller_identity_take_read_finger (TellerIdentity *self,
                                  GBytes         *feature,
                                  GBytes         *image)
{
  g_return_if_fail (TELLER_IS_IDENTITY (self));
  take_blobs (self, BLOB_READ_FINGER, feature, BLOB_READ_FINGER_IMAGE, image);
}

const char *
teller_identity_get_warning (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), NULL);
  return self->warning;
}

void
teller_identity_set_warning (TellerIdentity *self,
                             const char     *warning)
{
  Snapshot before;

  g_return_if_fail (TELLER_IS_IDENTITY (self));

  if (g_strcmp0 (self->warning, warning) == 0)
    return;
  before = snapshot (self);
  g_free (self->warning);
  self->warning = g_strdup (warning);
  changed (self, before);
}

static void
set_score (TellerIdentity *self,
           int            *slot,
           int             score)
{
  Snapshot before;

  g_return_if_fail (score >= -1 && score <= 100);

  if (*slot == score)
    return;
  before = snapshot (self);
  *slot = score;
  changed (self, before);
}

int
teller_identity_get_face_score (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), -1);
  return self->face_score;
}

void
teller_identity_set_face_score (TellerIdentity *self,
                                int             score)
{
  g_return_if_fail (TELLER_IS_IDENTITY (self));
  set_score (self, &self->face_score, score);
}

int
teller_identity_get_finger_score (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), -1);
  return self->finger_score;
}

void
teller_identity_set_finger_score (TellerIdentity *self,
                                  int             score)
{
  g_return_if_fail (TELLER_IS_IDENTITY (self));
  set_score (self, &self->finger_score, score);
}

/* ---- Replace, wipe, idle ----------------------------------------------- */

void
teller_identity_replace (TellerIdentity *self,
                         TellerIdentity *source)
{
  Snapshot before;
  Snapshot source_before;

  g_return_if_fail (TELLER_IS_IDENTITY (self));
  g_return_if_fail (TELLER_IS_IDENTITY (source));
  g_return_if_fail (self != source);

  before = snapshot (self);
  source_before = snapshot (source);
  clear_contents (self);

  /* Moved, not copied: no second copy of the data is left to zero. */
  g_ptr_array_extend_and_steal (self->fields, g_steal_pointer (&source->fields));
  source->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  for (guint i = 0; i < N_BLOBS; i++)
    self->blobs[i] = g_steal_pointer (&source->blobs[i]);
  self->warning = g_steal_pointer (&source->warning);
  self->kind = source->kind;
  self->id_card_type = source->id_card_type;
  self->face_score = source->face_score;
  self->finger_score = source->finger_score;

  clear_contents (source);
  disarm (source);

  changed (self, before);
  if (!source_before.empty)
    changed (source, source_before);
}

/**
 * teller_identity_wipe:
 *
 * Zeroes and frees everything held.  "changed" is emitted even when the identity
 * was empty already, so whatever shows identity data (the Identity pane's results)
 * clears itself at every wipe.
 */
void
teller_identity_wipe (TellerIdentity *self)
{
  Snapshot before;

  g_return_if_fail (TELLER_IS_IDENTITY (self));

  before = snapshot (self);
  clear_contents (self);
  disarm (self);
  changed (self, before);
}

guint
teller_identity_get_idle_timeout_ms (TellerIdentity *self)
{
  g_return_val_if_fail (TELLER_IS_IDENTITY (self), 0);
  return self->idle_timeout_ms;
}

void
teller_identity_set_idle_timeout_ms (TellerIdentity *self,
                                     guint           timeout_ms)
{
  g_return_if_fail (TELLER_IS_IDENTITY (self));

  if (self->idle_timeout_ms == timeout_ms)
    return;
  self->idle_timeout_ms = timeout_ms;
  arm (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT_MS]);
}

void
teller_identity_touch (TellerIdentity *self)
{
  g_return_if_fail (TELLER_IS_IDENTITY (self));
  arm (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
teller_identity_dispose (GObject *object)
{
  TellerIdentity *self = TELLER_IDENTITY (object);

  disarm (self);
  clear_contents (self);

  G_OBJECT_CLASS (teller_identity_parent_class)->dispose (object);
}

static void
teller_identity_finalize (GObject *object)
{
  TellerIdentity *self = TELLER_IDENTITY (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (teller_identity_parent_class)->finalize (object);
}

static void
teller_identity_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TellerIdentity *self = TELLER_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_ID_CARD_TYPE:
      g_value_set_enum (value, self->id_card_type);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, is_empty (self));
      break;
    case PROP_IDLE_TIMEOUT_MS:
      g_value_set_uint (value, self->idle_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TellerIdentity *self = TELLER_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_IDLE_TIMEOUT_MS:
      teller_identity_set_idle_timeout_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_identity_class_init (TellerIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_identity_dispose;
  object_class->finalize = teller_identity_finalize;
  object_class->get_property = teller_identity_get_property;
  object_class->set_property = teller_identity_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TELLER_TYPE_CARD_KIND, TELLER_CARD_KIND_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID_CARD_TYPE] =
    g_param_spec_enum ("id-card-type", NULL, NULL, TELLER_TYPE_ID_CARD_TYPE,
                       TELLER_ID_CARD_TYPE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_TIMEOUT_MS] =
    g_param_spec_uint ("idle-timeout-ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TellerIdentity::changed:
   *
   * Something was set, replaced or wiped: redraw whatever shows the identity.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
teller_identity_init (TellerIdentity *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->face_score = -1;
  self->finger_score = -1;
}
