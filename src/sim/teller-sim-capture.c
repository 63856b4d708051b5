/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-capture-private.h"

/*
 * POST /video=grabimage: chapter 3.3 (v1.5) and appendix 13.1 (v1.0).
 *
 * The request is read in teller-sim-capture-request.c; the scene under the camera is
 * drawn in teller-sim-capture-scene.c, then cut, encoded and answered in
 * teller-sim-capture-render.c.  That takes a good part of a second at 8 MP, so it
 * runs in a worker thread while the message is paused: the simulator keeps
 * answering other requests meanwhile.  This file is the route and the object.
 */

#define MIN_FRAME_SIDE     320

typedef enum
{
  REPLY_FORM_AUTO,
  REPLY_FORM_V1_0,
} ReplyForm;

struct _TellerSimCapture
{
  GObject          parent_instance;

  /* Owned References */
  TellerSimCamera *camera;

  guint            frame_width;
  guint            frame_height;
  ReplyForm        reply_form;
};

G_DEFINE_FINAL_TYPE (TellerSimCapture, teller_sim_capture, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REPLY_FORM,
  PROP_FRAME_WIDTH,
  PROP_FRAME_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- The route --------------------------------------------------------- */

/* One capture in flight: the paused message and what to make. */
typedef struct
{
  SoupServerMessage      *message;
  gulong                  disconnected_id;
  gboolean                gone;
  TellerSimCaptureParams *params;
} CaptureJob;

static void
capture_job_free (CaptureJob *job)
{
  g_clear_signal_handler (&job->disconnected_id, job->message);
  g_clear_object (&job->message);
  g_clear_pointer (&job->params, _teller_sim_capture_params_free);
  g_free (job);
}

static void
capture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CaptureJob *job = task_data;
  GError *error = NULL;
  char *reply = _teller_sim_capture_build_reply (job->params, cancellable, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, g_free);
}

static void
job_disconnected_cb (SoupServerMessage *message,
                     CaptureJob        *job)
{
  /* The client left: the worker finishes, but nobody gets its answer. */
  job->gone = TRUE;
}

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaptureJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = g_task_propagate_pointer (G_TASK (result), &error);
  gsize length;

  if (job->gone)
    return;

  if (reply == NULL)
    {
      /* Encoding failed, which only a simulator bug or memory exhaustion causes. */
      g_autoptr(JsonNode) node = teller_sim_camera_build_error ("video=grabimage", "3", NULL);

      g_warning ("Simulated capture failed: %s", error->message);
      reply = json_to_string (node, FALSE);
    }

  length = strlen (reply);
  soup_server_message_set_status (job->message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (job->message, "application/json;charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&reply), length);
  soup_server_message_unpause (job->message);
}

static gboolean
camera_connected (TellerSimCapture *self,
                  guint             camidx)
{
  /* video=status reports video0 and video1 with the plug and never a video2. */
  return camidx <= 1 && teller_sim_camera_get_plugged (self->camera);
}

/* POST /video=grabimage, chapter 3.3 and appendix 13.1 */
static void
grabimage_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              JsonNode          *body,
              gpointer           user_data)
{
  TellerSimCapture *self = user_data;
  g_autoptr(TellerSimCaptureParams) params = NULL;
  g_autofree char *error_message = NULL;
  g_autoptr(GTask) task = NULL;
  CaptureJob *job;

  params = _teller_sim_capture_parse_request (body, &error_message);
  if (params == NULL)
    {
      teller_sim_server_reply_code (server, message, TELLER_SIM_CAPTURE_CODE_BAD_REQUEST,
                                    error_message);
      return;
    }

  if (!camera_connected (self, params->camidx))
    {
      g_autoptr(JsonNode) reply = teller_sim_camera_build_error (route,
                                                                 TELLER_SIM_CAPTURE_CODE_NOT_CONNECTED,
                                                                 NULL);

      teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
      return;
    }

  params->frame_width = self->frame_width;
  params->frame_height = self->frame_height;
  params->reply_v10 = params->reply_v10 || self->reply_form == REPLY_FORM_V1_0;

  job = g_new0 (CaptureJob, 1);
  job->message = g_object_ref (message);
  job->params = g_steal_pointer (&params);
  job->disconnected_id = g_signal_connect (message, "disconnected",
                                           G_CALLBACK (job_disconnected_cb), job);
  soup_server_message_pause (message);

  task = g_task_new (self, NULL, capture_done_cb, NULL);
  g_task_set_source_tag (task, grabimage_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) capture_job_free);
  g_task_run_in_thread (task, capture_thread);
}

/* ---- Other transports (the WebSocket, teller-sim-websocket.c) ---------- */

static char *
code_reply (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_to_string (node, FALSE);
}

static void
reply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *reply = _teller_sim_capture_build_reply (task_data, cancellable, &error);

  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The peer left: nobody to answer. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (reply == NULL)
    {
      g_autoptr(JsonNode) node = teller_sim_camera_build_error ("video=grabimage", "3", NULL);

      g_warning ("Simulated capture failed: %s", error->message);
      reply = json_to_string (node, FALSE);
    }
  g_task_return_pointer (task, reply, g_free);
}

/*
 * _teller_sim_capture_reply_async:
 * @body: (nullable): table 1's parameters, as video=grabimage's body
 *
 * What video=grabimage would answer to @body, as JSON text, built in a worker
 * thread: the images, or the error reply (bad parameter "1", camera absent "2").
 * The HTTP route is left as it is.
 */
void
_teller_sim_capture_reply_async (TellerSimCapture    *self,
                                 JsonNode            *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(TellerSimCaptureParams) params = NULL;
  g_autofree char *error_message = NULL;

  g_return_if_fail (TELLER_IS_SIM_CAPTURE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _teller_sim_capture_reply_async);

  params = _teller_sim_capture_parse_request (body, &error_message);
  if (params == NULL)
    {
      g_task_return_pointer (task, code_reply (TELLER_SIM_CAPTURE_CODE_BAD_REQUEST, error_message),
                             g_free);
      return;
    }

  if (!camera_connected (self, params->camidx))
    {
      g_autoptr(JsonNode) reply = teller_sim_camera_build_error ("video=grabimage",
                                                                 TELLER_SIM_CAPTURE_CODE_NOT_CONNECTED,
                                                                 NULL);

      g_task_return_pointer (task, json_to_string (reply, FALSE), g_free);
      return;
    }

  params->frame_width = self->frame_width;
  params->frame_height = self->frame_height;
  params->reply_v10 = params->reply_v10 || self->reply_form == REPLY_FORM_V1_0;

  g_task_set_task_data (task, g_steal_pointer (&params),
                        (GDestroyNotify) _teller_sim_capture_params_free);
  g_task_run_in_thread (task, reply_thread);
}

/* (transfer full): the reply's JSON text; %NULL only when cancelled */
char *
_teller_sim_capture_reply_finish (TellerSimCapture  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* POST /__sim/capture, see the header */
static void
control_cb (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            JsonNode          *body,
            gpointer           user_data)
{
  TellerSimCapture *self = user_data;
  JsonObject *object;
  const char *form = NULL;
  gint64 width = self->frame_width, height = self->frame_height;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      teller_sim_server_reply_code (server, message, TELLER_SIM_CAPTURE_CODE_BAD_REQUEST,
                                    "expected {\"reply_form\": \"auto\"|\"v1.0\", "
                                    "\"frame_width\": N, \"frame_height\": N}");
      return;
    }

  object = json_node_get_object (body);
  form = json_object_get_string_member_with_default (object, "reply_form", NULL);
  width = json_object_get_int_member_with_default (object, "frame_width", width);
  height = json_object_get_int_member_with_default (object, "frame_height", height);
  if ((form != NULL && !g_str_equal (form, "auto") && !g_str_equal (form, "v1.0")) ||
      width < MIN_FRAME_SIDE || width > TELLER_SIM_CAPTURE_MAX_SIDE ||
      height < MIN_FRAME_SIDE || height > TELLER_SIM_CAPTURE_MAX_SIDE)
    {
      teller_sim_server_reply_code (server, message, TELLER_SIM_CAPTURE_CODE_BAD_REQUEST,
                                    "reply_form is \"auto\" or \"v1.0\"; frames are 320 to 6000 pixels");
      return;
    }

  g_object_set (self,
                "frame-width", (guint) width,
                "frame-height", (guint) height,
                NULL);
  if (form != NULL)
    g_object_set (self, "reply-form", form, NULL);
  teller_sim_server_reply_code (server, message, TELLER_SIM_CAPTURE_CODE_OK, NULL);
}

/* ---- GObject ----------------------------------------------------------- */

static void
teller_sim_capture_dispose (GObject *object)
{
  TellerSimCapture *self = TELLER_SIM_CAPTURE (object);

  g_clear_object (&self->camera);

  G_OBJECT_CLASS (teller_sim_capture_parent_class)->dispose (object);
}

static void
teller_sim_capture_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerSimCapture *self = TELLER_SIM_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_REPLY_FORM:
      g_value_set_string (value, self->reply_form == REPLY_FORM_V1_0 ? "v1.0" : "auto");
      break;
    case PROP_FRAME_WIDTH:
      g_value_set_uint (value, self->frame_width);
      break;
    case PROP_FRAME_HEIGHT:
      g_value_set_uint (value, self->frame_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_capture_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TellerSimCapture *self = TELLER_SIM_CAPTURE (object);
  ReplyForm form;

  switch (prop_id)
    {
    case PROP_REPLY_FORM:
      form = g_strcmp0 (g_value_get_string (value), "v1.0") == 0 ? REPLY_FORM_V1_0
                                                                 : REPLY_FORM_AUTO;
      if (self->reply_form != form)
        {
          self->reply_form = form;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FRAME_WIDTH:
      if (self->frame_width != g_value_get_uint (value))
        {
          self->frame_width = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FRAME_HEIGHT:
      if (self->frame_height != g_value_get_uint (value))
        {
          self->frame_height = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_capture_class_init (TellerSimCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_sim_capture_dispose;
  object_class->get_property = teller_sim_capture_get_property;
  object_class->set_property = teller_sim_capture_set_property;

  /**
   * TellerSimCapture:reply-form:
   *
   * "auto" answers each request in its own form; "v1.0" answers every request in
   * appendix 13.1's form, as older service builds do.
   */
  properties[PROP_REPLY_FORM] =
    g_param_spec_string ("reply-form", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TellerSimCapture:frame-width:
   *
   * The document camera's frame; 4000 × 3000 makes it a 12 MP camera.
   */
  properties[PROP_FRAME_WIDTH] =
    g_param_spec_uint ("frame-width", NULL, NULL, MIN_FRAME_SIDE, TELLER_SIM_CAPTURE_MAX_SIDE,
                       TELLER_SIM_CAPTURE_DEFAULT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME_HEIGHT] =
    g_param_spec_uint ("frame-height", NULL, NULL, MIN_FRAME_SIDE, TELLER_SIM_CAPTURE_MAX_SIDE,
                       TELLER_SIM_CAPTURE_DEFAULT_HEIGHT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_sim_capture_init (TellerSimCapture *self)
{
  self->frame_width = TELLER_SIM_CAPTURE_DEFAULT_WIDTH;
  self->frame_height = TELLER_SIM_CAPTURE_DEFAULT_HEIGHT;
  self->reply_form = REPLY_FORM_AUTO;
}

#define CAPTURE_DATA_KEY "teller-sim-capture"

void
_teller_sim_capture_register (TellerSimServer *server,
                              TellerSimCamera *camera)
{
  TellerSimCapture *self;

  g_return_if_fail (TELLER_IS_SIM_SERVER (server));
  g_return_if_fail (TELLER_IS_SIM_CAMERA (camera));

  self = g_object_new (TELLER_TYPE_SIM_CAPTURE, NULL);
  self->camera = g_object_ref (camera);
  teller_sim_server_add_route_full (server, "video=grabimage", grabimage_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "__sim/capture", control_cb,
                                    g_object_ref (self), g_object_unref);
  /* The capture refers to the camera, never to the server: no cycle. */
  g_object_set_data_full (G_OBJECT (server), CAPTURE_DATA_KEY, self, g_object_unref);
}

TellerSimCapture *
_teller_sim_capture_get (TellerSimServer *server)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  return g_object_get_data (G_OBJECT (server), CAPTURE_DATA_KEY);
}
