/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-service.h"
#include "teller-card-reader-private.h"
#include "teller-error.h"

/*
 * Chapter 4 (card=) of the CameraService document, the probe, and the object
 * itself.  Faces are in teller-card-reader-face.c, fingerprints in
 * teller-card-reader-finger.c, the replies' parsers in teller-card-reader-parse.c.
 * Card replies carry photos: they are parsed (base64, image check) in a worker
 * thread and land in a fresh TellerIdentity, which the caller moves into the
 * transaction's with teller_identity_replace() once it is complete.
 */

struct _TellerCardReader
{
  TellerService  parent_instance;

  char          *liveness_status;
};

G_DEFINE_FINAL_TYPE (TellerCardReader, teller_card_reader, TELLER_TYPE_SERVICE)

enum {
  PROP_0,
  PROP_LIVENESS_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- 4.1, 4.3, 4.4, 4.7: reading a card -------------------------------- */

#define DEFINE_CARD_ENDPOINT(name, kind)                                      \
  static gpointer                                                             \
  name##_parse (JsonObject *reply, gpointer data, GError **error)             \
  {                                                                           \
    return _teller_card_parse (kind, reply, error);                           \
  }                                                                           \
  static const TellerCameraEndpoint name = {                                  \
    NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, NULL, NULL, name##_parse,       \
    g_object_unref                                                            \
  };

DEFINE_CARD_ENDPOINT (id_card_endpoint, TELLER_CARD_KIND_ID_CARD)
DEFINE_CARD_ENDPOINT (social_endpoint, TELLER_CARD_KIND_SOCIAL_SECURITY)
DEFINE_CARD_ENDPOINT (ic_endpoint, TELLER_CARD_KIND_IC)
DEFINE_CARD_ENDPOINT (magnetic_endpoint, TELLER_CARD_KIND_MAGNETIC)

static const TellerCameraEndpoint *
endpoint_for_kind (TellerCardKind kind)
{
  switch (kind)
    {
    case TELLER_CARD_KIND_ID_CARD: return &id_card_endpoint;
    case TELLER_CARD_KIND_SOCIAL_SECURITY: return &social_endpoint;
    case TELLER_CARD_KIND_IC: return &ic_endpoint;
    case TELLER_CARD_KIND_MAGNETIC: return &magnetic_endpoint;
    case TELLER_CARD_KIND_NONE:
    default: return NULL;
    }
}

/* "Whichever card is on the reader": the order the header promises. */
static const TellerCardKind any_card_order[] = {
  TELLER_CARD_KIND_ID_CARD,
  TELLER_CARD_KIND_SOCIAL_SECURITY,
  TELLER_CARD_KIND_IC,
};

typedef struct
{
  gboolean  any;        /* TELLER_CARD_KIND_NONE: try the kinds in turn */
  guint     step;       /* index in any_card_order while @any */
  GError   *id_error;   /* the ID card's failure, reported when none reads */
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_error (&data->id_error);
  g_free (data);
}

static void read_one (GTask *task, TellerCardKind kind);

/* Only "no card of this kind" moves on to the next kind: an unreachable service,
 * a timeout or a broken reply is the answer for every kind, given at once. */
static gboolean
try_next_kind (const GError *error)
{
  return g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  TellerIdentity *identity;

  identity = _teller_camera_finish_pointer (object, result, read_one, &error);
  if (identity != NULL)
    {
      g_task_return_pointer (task, identity, g_object_unref);
      return;
    }

  if (!data->any || !try_next_kind (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->step == 0)
    data->id_error = g_steal_pointer (&error);
  if (++data->step < G_N_ELEMENTS (any_card_order))
    {
      read_one (g_steal_pointer (&task), any_card_order[data->step]);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&data->id_error));
}

/* Takes @task. */
static void
read_one (GTask          *task,
          TellerCardKind  kind)
{
  _teller_camera_post (g_task_get_source_object (task), endpoint_for_kind (kind),
                       _teller_card_kind_path (kind), NULL, g_task_get_cancellable (task),
                       read_cb, task, read_one);
}

/**
 * teller_card_reader_read_async:
 *
 * Reads a card into a new #TellerIdentity (see teller-card-reader.h).
 */
void
teller_card_reader_read_async (TellerCardReader    *self,
                               TellerCardKind       kind,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (TELLER_IS_CARD_READER (self));
  g_return_if_fail (kind == TELLER_CARD_KIND_NONE || endpoint_for_kind (kind) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_card_reader_read_async);
  data = g_new0 (ReadData, 1);
  data->any = kind == TELLER_CARD_KIND_NONE;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  read_one (g_steal_pointer (&task), data->any ? any_card_order[0] : kind);
}

/**
 * teller_card_reader_read_finish:
 *
 * Returns: (transfer full): the card just read, in an identity of its own
 */
TellerIdentity *
teller_card_reader_read_finish (TellerCardReader  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  return _teller_camera_finish_pointer (self, result, teller_card_reader_read_async, error);
}

/* ---- 4.2 card=getsamid ------------------------------------------------- */

TELLER_CAMERA_DEFINE_ENDPOINT (sam_id_endpoint, _teller_card_parse_sam_id, g_free)

void
teller_card_reader_sam_id_async (TellerCardReader    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CARD_READER (self));

  /* The document's "card= getsamid" has a stray space; the service's path has none. */
  _teller_camera_post (self, &sam_id_endpoint, "card=getsamid", NULL, cancellable, callback,
                       user_data, teller_card_reader_sam_id_async);
}

char *
teller_card_reader_sam_id_finish (TellerCardReader  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return _teller_camera_finish_pointer (self, result, teller_card_reader_sam_id_async, error);
}

/* ---- 4.5 card=init, 4.6 card=release ----------------------------------- */

void
teller_card_reader_open_async (TellerCardReader    *self,
                               gboolean             open,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CARD_READER (self));

  _teller_camera_post (self, &_teller_camera_plain_endpoint, open ? "card=init" : "card=release",
                       NULL, cancellable, callback, user_data, teller_card_reader_open_async);
}

gboolean
teller_card_reader_open_finish (TellerCardReader  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  return _teller_camera_finish_boolean (self, result, teller_card_reader_open_async, error);
}

/* ---- Probe ------------------------------------------------------------- */

static void
probe_sam_id_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sam_id = NULL;

  sam_id = teller_card_reader_sam_id_finish (TELLER_CARD_READER (object), result, &error);
  if (sam_id == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* card=getsamid answers only when the ID card module is there, and reads no card. */
static void
teller_card_reader_probe_async (TellerService       *service,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (service, cancellable, callback, user_data);

  g_task_set_source_tag (task, teller_card_reader_probe_async);
  teller_card_reader_sam_id_async (TELLER_CARD_READER (service), cancellable, probe_sam_id_cb,
                                   g_steal_pointer (&task));
}

static gboolean
teller_card_reader_probe_finish (TellerService  *service,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Calls whose result is a score ------------------------------------ */

/* The result of _teller_card_confidence_parse() is the score plus one. */
gboolean
_teller_card_reader_finish_confidence (TellerCardReader  *self,
                                       GAsyncResult      *result,
                                       gpointer           source_tag,
                                       int               *confidence,
                                       GError           **error)
{
  gpointer value = _teller_camera_finish_pointer (self, result, source_tag, error);

  if (value == NULL)
    return FALSE;
  if (confidence != NULL)
    *confidence = GPOINTER_TO_INT (value) - 1;
  return TRUE;
}

/* ---- Liveness status --------------------------------------------------- */

const char *
teller_card_reader_get_liveness_status (TellerCardReader *self)
{
  g_return_val_if_fail (TELLER_IS_CARD_READER (self), NULL);
  return self->liveness_status;
}

void
_teller_card_reader_set_liveness_status (TellerCardReader *self,
                                         const char       *status)
{
  g_return_if_fail (TELLER_IS_CARD_READER (self));

  if (g_strcmp0 (self->liveness_status, status) == 0)
    return;
  g_free (self->liveness_status);
  self->liveness_status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVENESS_STATUS]);
}

/* ---- GObject ----------------------------------------------------------- */

static void
teller_card_reader_finalize (GObject *object)
{
  TellerCardReader *self = TELLER_CARD_READER (object);

  g_clear_pointer (&self->liveness_status, g_free);

  G_OBJECT_CLASS (teller_card_reader_parent_class)->finalize (object);
}

static void
teller_card_reader_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerCardReader *self = TELLER_CARD_READER (object);

  switch (prop_id)
    {
    case PROP_LIVENESS_STATUS:
      g_value_set_string (value, self->liveness_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_card_reader_class_init (TellerCardReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TellerServiceClass *service_class = TELLER_SERVICE_CLASS (klass);

  object_class->finalize = teller_card_reader_finalize;
  object_class->get_property = teller_card_reader_get_property;
  service_class->probe_async = teller_card_reader_probe_async;
  service_class->probe_finish = teller_card_reader_probe_finish;

  properties[PROP_LIVENESS_STATUS] =
    g_param_spec_string ("liveness-status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_card_reader_init (TellerCardReader *self)
{
}

/**
 * teller_card_reader_new:
 * @base_url: (nullable): the CameraService's address; %NULL for the documented one
 */
TellerCardReader *
teller_card_reader_new (TellerJsonClient *client,
                        const char       *base_url)
{
  return g_object_new (TELLER_TYPE_CARD_READER,
                       "display-name", _("Card reader"),
                       "client", client,
                       "base-url", base_url != NULL ? base_url : TELLER_CAMERA_SERVICE_DEFAULT_URL,
                       NULL);
}
