/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-settings-private.h"
#include "teller-error.h"

/*
 * TellerCameraService's device settings: video=getproperty / video=setproperty
 * (3.7, 3.8) and video=record (3.6); the param=set / param=get calls of chapter 5
 * are in teller-camera-service-param.c.  Requests and replies are built and read
 * in teller-camera-settings.c and teller-camera-record.c; the calls run on the
 * camera service's call machinery (teller-camera-service-private.h).
 */

/* ---- Parsers ---------------------------------------------------------- */

/* @data: the property's name, which the reply does not repeat */
static gpointer
parse_property (JsonObject *reply, gpointer data, GError **error)
{
  return teller_camera_property_parse (data, reply, error);
}

static const TellerCameraEndpoint property_endpoint =
  TELLER_CAMERA_PARSE_ENDPOINT (parse_property, teller_camera_property_free);
TELLER_CAMERA_DEFINE_ENDPOINT (record_start_endpoint, teller_camera_record_start_parse, g_free)
TELLER_CAMERA_DEFINE_ENDPOINT (record_stop_endpoint, teller_camera_record_stop_parse,
                               teller_record_status_free)
TELLER_CAMERA_DEFINE_ENDPOINT (record_status_endpoint, teller_camera_record_status_parse,
                               teller_record_status_free)
TELLER_CAMERA_DEFINE_ENDPOINT (record_audio_endpoint, teller_camera_record_audio_parse,
                               g_strfreev)

/* ---- Properties (3.7, 3.8) --------------------------------------------- */

/* video=getproperty, alone (@deadline 0) or as one step of a chain. */
static void
get_property_call (TellerCameraService *self,
                   guint                camidx,
                   const char          *name,
                   gint64               deadline,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  TellerCameraRequest *request;

  if (!teller_camera_property_name_is_valid (name))
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_camera_service_get_property_async,
                                     _("The camera has no such property"));
      return;
    }

  request = _teller_camera_request_new ("video=getproperty",
                                        teller_camera_build_get_property (camidx, name));
  _teller_camera_request_set_data (request, g_strdup (name), g_free);
  request->deadline = deadline;
  _teller_camera_call (self, &property_endpoint, request, cancellable, callback, user_data,
                       teller_camera_service_get_property_async);
}

void
teller_camera_service_get_property_async (TellerCameraService *self,
                                          guint                camidx,
                                          const char          *name,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  get_property_call (self, camidx, name, 0, cancellable, callback, user_data);
}

TellerCameraProperty *
teller_camera_service_get_property_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_property_async,
                                        error);
}

/*
 * The calls that go through several properties one request at a time: the
 * service sets one property per call (3.7) and answers one per getproperty, and a
 * checked set reads the range first.  The whole chain has one deadline, the
 * service's per-call timeout from its start: each request gets what is left of
 * it, so seventeen slow answers cannot add up to seventeen timeouts.
 */
typedef struct
{
  char     *name;
  int       value;
  gboolean  automatic;
} PendingValue;

typedef struct
{
  guint      camidx;
  guint      next;
  gint64     deadline;
  GArray    *values;     /* of PendingValue, for the set calls */
  GPtrArray *properties; /* of TellerCameraProperty, for get_properties */
} Chain;

static void
pending_value_clear (PendingValue *value)
{
  g_free (value->name);
}

static void
chain_free (Chain *chain)
{
  g_clear_pointer (&chain->values, g_array_unref);
  g_clear_pointer (&chain->properties, g_ptr_array_unref);
  g_free (chain);
}

static GTask *
chain_task_new (TellerCameraService *self,
                guint                camidx,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Chain *chain = g_new0 (Chain, 1);

  g_task_set_source_tag (task, source_tag);
  chain->camidx = camidx;
  chain->deadline = _teller_camera_chain_deadline (self);
  chain->values = g_array_new (FALSE, TRUE, sizeof (PendingValue));
  g_array_set_clear_func (chain->values, (GDestroyNotify) pending_value_clear);
  chain->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_camera_property_free);
  g_task_set_task_data (task, chain, (GDestroyNotify) chain_free);
  return task;
}

static void get_properties_next (GTask *task);

/* A property the device cannot report (code "1", 3.8) is listed as not settable;
 * any other failure (device gone, service down, chain out of time) ends the call. */
static void
get_properties_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chain *chain = g_task_get_task_data (task);
  const char *name = teller_camera_property_names ()[chain->next];
  g_autoptr(GError) error = NULL;
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  TellerCameraProperty *property;

  property = teller_camera_service_get_property_finish (self, result, &error);
  if (property == NULL &&
      !(g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE) &&
        g_strcmp0 (teller_error_get_vendor_code (error), "1") == 0))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (property == NULL)
    {
      property = g_new0 (TellerCameraProperty, 1);
      property->name = g_strdup (name);
    }

  g_ptr_array_add (chain->properties, property);
  chain->next++;
  get_properties_next (g_steal_pointer (&task));
}

/* Takes @task. */
static void
get_properties_next (GTask *task)
{
  Chain *chain = g_task_get_task_data (task);
  const char *name = teller_camera_property_names ()[chain->next];

  if (name == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&chain->properties),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  get_property_call (g_task_get_source_object (task), chain->camidx, name, chain->deadline,
                     g_task_get_cancellable (task), get_properties_cb, task);
}

void
teller_camera_service_get_properties_async (TellerCameraService *self,
                                            guint                camidx,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  get_properties_next (chain_task_new (self, camidx, cancellable, callback, user_data,
                                       teller_camera_service_get_properties_async));
}

GPtrArray *
teller_camera_service_get_properties_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_properties_async,
                                        error);
}

static void set_next (GTask *task);

static void
set_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chain *chain = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  chain->next++;
  set_next (g_steal_pointer (&task));
}

/* The range is known now: check the value (or pick the "automatic" one), then set it. */
static void
set_got_property_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TellerCameraService *self = TELLER_CAMERA_SERVICE (object);
  Chain *chain = g_task_get_task_data (task);
  PendingValue *pending = &g_array_index (chain->values, PendingValue, chain->next);
  GError *error = NULL;
  g_autoptr(TellerCameraProperty) property = NULL;
  TellerCameraRequest *request;
  int value = pending->value;
  GCancellable *cancellable;

  property = teller_camera_service_get_property_finish (self, result, &error);
  if (property != NULL && pending->automatic && !property->settable)
    g_set_error (&error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                 _("This camera does not let “%s” be set"), property->name);
  else if (property != NULL && pending->automatic)
    value = teller_camera_property_auto_value (property);
  else if (property != NULL)
    teller_camera_property_check_value (property, value, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The cancellable is read before the task is handed on. */
  cancellable = g_task_get_cancellable (task);
  request = _teller_camera_request_new ("video=setproperty",
                                        teller_camera_build_set_property (chain->camidx,
                                                                          pending->name, value));
  request->deadline = chain->deadline;
  _teller_camera_call (self, &_teller_camera_plain_endpoint, request, cancellable, set_done_cb,
                       g_steal_pointer (&task), set_got_property_cb);
}

/* Takes @task. */
static void
set_next (GTask *task)
{
  Chain *chain = g_task_get_task_data (task);
  PendingValue *pending;

  if (chain->next == chain->values->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  pending = &g_array_index (chain->values, PendingValue, chain->next);
  get_property_call (g_task_get_source_object (task), chain->camidx, pending->name,
                     chain->deadline, g_task_get_cancellable (task), set_got_property_cb, task);
}

static void
chain_add_value (GTask      *task,
                 const char *name,
                 int         value,
                 gboolean    automatic)
{
  Chain *chain = g_task_get_task_data (task);
  PendingValue pending = { g_strdup (name), value, automatic };

  g_array_append_val (chain->values, pending);
}

void
teller_camera_service_set_property_async (TellerCameraService *self,
                                          guint                camidx,
                                          const char          *name,
                                          int                  value,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  task = chain_task_new (self, camidx, cancellable, callback, user_data,
                         teller_camera_service_set_property_async);
  chain_add_value (task, name, value, FALSE);
  set_next (task);
}

gboolean
teller_camera_service_set_property_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_property_async,
                                        error);
}

void
teller_camera_service_set_property_auto_async (TellerCameraService *self,
                                               guint                camidx,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  task = chain_task_new (self, camidx, cancellable, callback, user_data,
                         teller_camera_service_set_property_auto_async);
  chain_add_value (task, name, 0, TRUE);
  set_next (task);
}

gboolean
teller_camera_service_set_property_auto_finish (TellerCameraService  *self,
                                                GAsyncResult         *result,
                                                GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_property_auto_async,
                                        error);
}

void
teller_camera_service_set_properties_async (TellerCameraService             *self,
                                            guint                            camidx,
                                            const TellerCameraPropertyValue *values,
                                            guint                            n_values,
                                            GCancellable                    *cancellable,
                                            GAsyncReadyCallback              callback,
                                            gpointer                         user_data)
{
  GTask *task;

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (values != NULL || n_values == 0);

  task = chain_task_new (self, camidx, cancellable, callback, user_data,
                         teller_camera_service_set_properties_async);
  for (guint i = 0; i < n_values; i++)
    chain_add_value (task, values[i].name, values[i].value, FALSE);
  set_next (task);
}

gboolean
teller_camera_service_set_properties_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_properties_async,
                                        error);
}

/* ---- video=record (3.6) ------------------------------------------------ */

void
teller_camera_service_record_start_async (TellerCameraService       *self,
                                          const TellerRecordOptions *options,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &record_start_endpoint, "video=record",
                       teller_camera_build_record ("start", options), cancellable, callback,
                       user_data, teller_camera_service_record_start_async);
}

char *
teller_camera_service_record_start_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_start_async,
                                        error);
}

void
teller_camera_service_record_stop_async (TellerCameraService *self,
                                         int                  camidx,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &record_stop_endpoint, "video=record",
                       teller_camera_build_record_action ("stop", camidx), cancellable, callback,
                       user_data, teller_camera_service_record_stop_async);
}

TellerRecordStatus *
teller_camera_service_record_stop_finish (TellerCameraService  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_stop_async,
                                        error);
}

void
teller_camera_service_record_status_async (TellerCameraService *self,
                                           int                  camidx,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &record_status_endpoint, "video=record",
                       teller_camera_build_record_action ("status", camidx), cancellable, callback,
                       user_data, teller_camera_service_record_status_async);
}

TellerRecordStatus *
teller_camera_service_record_status_finish (TellerCameraService  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_status_async,
                                        error);
}

void
teller_camera_service_record_audio_async (TellerCameraService *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &record_audio_endpoint, "video=record",
                       teller_camera_build_record ("audio", NULL), cancellable, callback, user_data,
                       teller_camera_service_record_audio_async);
}

GStrv
teller_camera_service_record_audio_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_record_audio_async,
                                        error);
}
