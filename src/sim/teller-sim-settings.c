/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include "teller-sim-settings-private.h"

/*
 * The device settings of the simulated CameraService (001_5b286aac9e459b89.txt):
 * video=getproperty / video=setproperty (3.7, 3.8) and param=set / param=get
 * (chapter 5); video=record (3.6) is in teller-sim-record.c.  The state lives in
 * a TellerSimSettings the camera owns (qdata), one SimDevice per camera index.
 *
 * Codes: "0" success; "1" for anything the request gets wrong (a missing or
 * malformed field, an unknown property, a value a field cannot take), the
 * failure code 3.8 documents and the parse failure of 3.5; "2" when the camera
 * is unplugged or not there, as 3.5 words it ("设备未连接").  Settings that do
 * not belong to the camera (sign screen, cache data) answer while it is unplugged.
 */

typedef struct
{
  const char *name;
  gboolean    supported;
  int         min;
  int         max;
  int         step;
  int         default_value;
  gboolean    has_auto;
} PropertySpec;

/*
 * A document camera's UVC controls.  Contrast (0–64, default 32, no automatic
 * control) and exposure (-13 to -1, automatic) are 3.7's examples; pan, tilt,
 * roll and iris are what such a camera lacks ("settable": "1").
 */
static const PropertySpec property_specs[] = {
  { "brightness",            TRUE,  -64,   64,  1,    0, FALSE },
  { "contrast",              TRUE,    0,   64,  1,   32, FALSE },
  { "hue",                   TRUE,  -40,   40,  1,    0, FALSE },
  { "saturation",            TRUE,    0,  128,  1,   64, FALSE },
  { "sharpness",             TRUE,    0,    6,  1,    3, FALSE },
  { "gamma",                 TRUE,   72,  500,  1,  100, FALSE },
  { "colorenable",           TRUE,    0,    1,  1,    1, FALSE },
  { "whitebalance",          TRUE, 2800, 6500, 10, 4600, TRUE },
  { "backlightcompensation", TRUE,    0,    2,  1,    1, FALSE },
  { "gain",                  TRUE,    0,  100,  1,    0, FALSE },
  { "pan",                   FALSE },
  { "tilt",                  FALSE },
  { "roll",                  FALSE },
  { "zoom",                  TRUE,  100,  400,  1,  100, FALSE },
  { "exposure",              TRUE,  -13,   -1,  1,   -6, TRUE },
  { "iris",                  FALSE },
  { "focus",                 TRUE,    0, 1023,  1,   68, TRUE },
};

#define N_PROPERTIES G_N_ELEMENTS (property_specs)

/* Largest first, as 5.3's example lists them. */
static const SimSize document_resolutions[] = {
  { 4000, 3000 }, { 3264, 2448 }, { 2592, 1944 }, { 2048, 1536 }, { 1920, 1080 },
  { 1600, 1200 }, { 1280, 960 }, { 1280, 720 }, { 1024, 768 }, { 800, 600 }, { 640, 480 },
};
static const SimSize portrait_resolutions[] = {
  { 1920, 1080 }, { 1280, 720 }, { 640, 480 },
};

const char * const _teller_sim_video_formats[] = { "MJPG", "YUY2", NULL };

static GQuark
settings_quark (void)
{
  return g_quark_from_static_string ("teller-sim-settings");
}

/* ---- State ------------------------------------------------------------- */

static void
device_init (SimDevice     *device,
             const SimSize *resolutions,
             guint          n_resolutions,
             guint          resolution)
{
  device->resolutions = resolutions;
  device->n_resolutions = n_resolutions;
  device->resolution = resolution;
  device->frame_rate = 15;
  device->video_format = _teller_sim_video_formats[0];
  device->values = g_new0 (int, N_PROPERTIES);
  device->automatic = g_new0 (gboolean, N_PROPERTIES);
  for (guint i = 0; i < N_PROPERTIES; i++)
    {
      device->values[i] = property_specs[i].default_value;
      device->automatic[i] = property_specs[i].has_auto;
    }
}

static void
settings_free (TellerSimSettings *self)
{
  for (guint i = 0; i < TELLER_SIM_SETTINGS_N_CAMERAS; i++)
    {
      g_free (self->devices[i].values);
      g_free (self->devices[i].automatic);
      _teller_sim_device_clear_record (&self->devices[i]);
    }
  g_ptr_array_unref (self->cache);
  g_free (self);
}

TellerSimSettings *
_teller_sim_settings_get (TellerSimCamera *camera)
{
  return g_object_get_qdata (G_OBJECT (camera), settings_quark ());
}

SimDevice *
_teller_sim_settings_device (TellerSimCamera *camera,
                             guint            camidx)
{
  TellerSimSettings *self;

  g_return_val_if_fail (TELLER_IS_SIM_CAMERA (camera), NULL);

  self = _teller_sim_settings_get (camera);
  if (self == NULL || camidx >= TELLER_SIM_SETTINGS_N_CAMERAS)
    return NULL;
  return &self->devices[camidx];
}

const SimSize *
_teller_sim_current_size (const SimDevice *device)
{
  return &device->resolutions[device->resolution];
}

/*
 * 5.14: the preview keeps the aspect ratio of the current resolution, so the
 * preview fits the asked-for box at that ratio, no larger than the resolution
 * itself; even sizes, as video encoders want them.
 */
void
_teller_sim_fit_preview (SimDevice *device,
                         guint      width,
                         guint      height)
{
  const SimSize *size = _teller_sim_current_size (device);
  double aspect = (double) size->width / size->height;
  double fit_width = MIN (width, size->width);
  double fit_height = MIN (height, size->height);

  if (fit_width / fit_height > aspect)
    fit_width = fit_height * aspect;
  else
    fit_height = fit_width / aspect;

  device->preview.width = MAX (2, 2 * (guint) (fit_width / 2 + 0.5));
  device->preview.height = MAX (2, 2 * (guint) (fit_height / 2 + 0.5));
}

/* ---- Request helpers --------------------------------------------------- */

const char *
_teller_sim_json_string (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
_teller_sim_parse_uint (const char *text,
                        guint       min,
                        guint       max,
                        guint      *value)
{
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

static gboolean
parse_int (const char *text,
           int        *value)
{
  gint64 number;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &number, NULL))
    return FALSE;
  *value = (int) number;
  return TRUE;
}

JsonBuilder *
_teller_sim_begin_success (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, SIM_CODE_OK);
  return builder;
}

void
_teller_sim_reply_success (TellerSimServer   *server,
                           SoupServerMessage *message,
                           JsonBuilder       *builder)
{
  g_autoptr(JsonNode) reply = NULL;

  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

void
_teller_sim_add_string (JsonBuilder *builder,
                        const char  *name,
                        const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_teller_sim_add_int (JsonBuilder *builder,
                     const char  *name,
                     int          value)
{
  char text[16];

  g_snprintf (text, sizeof text, "%d", value);
  _teller_sim_add_string (builder, name, text);
}

void
_teller_sim_reply_bad_request (TellerSimServer   *server,
                               SoupServerMessage *message,
                               const char        *text)
{
  teller_sim_server_reply_code (server, message, SIM_CODE_BAD_REQUEST, text);
}

void
_teller_sim_reply_ok (TellerSimServer   *server,
                      SoupServerMessage *message)
{
  teller_sim_server_reply_code (server, message, SIM_CODE_OK, NULL);
}

SimDevice *
_teller_sim_settings_lookup (TellerSimCamera   *camera,
                             TellerSimServer   *server,
                             SoupServerMessage *message,
                             JsonObject        *object,
                             guint              fallback)
{
  const char *text = _teller_sim_json_string (object, "camidx");
  guint camidx = fallback;

  if (text != NULL && !_teller_sim_parse_uint (text, 0, 2, &camidx))
    {
      _teller_sim_reply_bad_request (server, message, "参数camidx无效");
      return NULL;
    }
  if (!teller_sim_camera_get_plugged (camera) || camidx >= TELLER_SIM_SETTINGS_N_CAMERAS)
    {
      teller_sim_server_reply_code (server, message, SIM_CODE_NOT_CONNECTED,
                                    "设备未连接，或者设备被占有，请检查");
      return NULL;
    }
  return _teller_sim_settings_device (camera, camidx);
}

JsonObject *
_teller_sim_body_object (JsonNode *body)
{
  return body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
}

/* ---- video=getproperty, video=setproperty (3.7, 3.8) ------------------- */

static int
find_property (const char *name)
{
  for (guint i = 0; i < N_PROPERTIES; i++)
    if (g_strcmp0 (property_specs[i].name, name) == 0)
      return (int) i;
  return -1;
}

static void
getproperty_cb (TellerSimServer   *server,
                SoupServerMessage *message,
                const char        *route,
                JsonNode          *body,
                gpointer           user_data)
{
  JsonObject *object = _teller_sim_body_object (body);
  /* "key" is optional in 3.8, but no reply shape is given without it. */
  int index = find_property (_teller_sim_json_string (object, "key"));
  g_autoptr(JsonBuilder) builder = NULL;
  const PropertySpec *spec;
  SimDevice *device;

  if (object == NULL)
    {
      _teller_sim_reply_bad_request (server, message, "解析Json参数失败");
      return;
    }
  device = _teller_sim_settings_lookup (user_data, server, message, object, 0);
  if (device == NULL)
    return;
  if (index < 0)
    {
      _teller_sim_reply_bad_request (server, message, "参数key无效");
      return;
    }

  spec = &property_specs[index];
  builder = _teller_sim_begin_success ();
  _teller_sim_add_string (builder, "settable", spec->supported ? "0" : "1");
  if (spec->supported)
    {
      _teller_sim_add_int (builder, "min", spec->min);
      _teller_sim_add_int (builder, "max", spec->max);
      _teller_sim_add_int (builder, "step", spec->step);
      _teller_sim_add_int (builder, "default", spec->default_value);
      _teller_sim_add_int (builder, "current", device->values[index]);
      /* "1" is automatic: see teller_camera_property_parse() on 3.8's contradiction. */
      _teller_sim_add_string (builder, "is_auto", device->automatic[index] ? "1" : "0");
    }
  _teller_sim_reply_success (server, message, builder);
}

/* 3.7: only the first property member counts; a value the device cannot take
 * switches the property to automatic control, or to its default without one. */
static void
apply_property (SimDevice *device,
                guint      index,
                int        value)
{
  const PropertySpec *spec = &property_specs[index];
  gboolean fits = value >= spec->min && value <= spec->max &&
                  ((gint64) value - spec->min) % spec->step == 0;

  if (fits)
    {
      device->values[index] = value;
      device->automatic[index] = FALSE;
    }
  else if (spec->has_auto)
    {
      device->automatic[index] = TRUE;
    }
  else
    {
      device->values[index] = spec->default_value;
    }
}

static void
setproperty_cb (TellerSimServer   *server,
                SoupServerMessage *message,
                const char        *route,
                JsonNode          *body,
                gpointer           user_data)
{
  JsonObject *object = _teller_sim_body_object (body);
  SimDevice *device;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  int index = -1, value;

  if (object == NULL)
    {
      _teller_sim_reply_bad_request (server, message, "解析Json参数失败");
      return;
    }
  device = _teller_sim_settings_lookup (user_data, server, message, object, 0);
  if (device == NULL)
    return;

  json_object_iter_init_ordered (&iter, object);
  while (index < 0 && json_object_iter_next_ordered (&iter, &name, &node))
    index = find_property (name);

  if (index < 0)
    _teller_sim_reply_bad_request (server, message, "没有可设置的属性");
  else if (!property_specs[index].supported)
    _teller_sim_reply_bad_request (server, message, "设备不支持该属性");
  else if (!parse_int (_teller_sim_json_string (object, property_specs[index].name), &value))
    _teller_sim_reply_bad_request (server, message, "属性值无效");
  else
    {
      apply_property (device, index, value);
      _teller_sim_reply_ok (server, message);
    }
}

/* ---- Life cycle -------------------------------------------------------- */

void
_teller_sim_settings_attach (TellerSimCamera *camera,
                             TellerSimServer *server)
{
  TellerSimSettings *self = g_new0 (TellerSimSettings, 1);

  device_init (&self->devices[0], document_resolutions, G_N_ELEMENTS (document_resolutions), 2);
  device_init (&self->devices[1], portrait_resolutions, G_N_ELEMENTS (portrait_resolutions), 1);
  for (guint i = 0; i < TELLER_SIM_SETTINGS_N_CAMERAS; i++)
    _teller_sim_fit_preview (&self->devices[i], 640, 480);
  self->cache = g_ptr_array_new_with_free_func ((GDestroyNotify) _teller_sim_cache_entry_free);
  g_object_set_qdata_full (G_OBJECT (camera), settings_quark (), self,
                           (GDestroyNotify) settings_free);

  teller_sim_server_add_route_full (server, "video=getproperty", getproperty_cb,
                                    g_object_ref (camera), g_object_unref);
  teller_sim_server_add_route_full (server, "video=setproperty", setproperty_cb,
                                    g_object_ref (camera), g_object_unref);
  teller_sim_server_add_route_full (server, "param=set", _teller_sim_param_set_cb,
                                    g_object_ref (camera), g_object_unref);
  teller_sim_server_add_route_full (server, "video=record", _teller_sim_record_cb,
                                    g_object_ref (camera), g_object_unref);
}

/* ---- Reading the state back -------------------------------------------- */

gboolean
teller_sim_settings_get_resolution (TellerSimCamera *camera,
                                    guint            camidx,
                                    guint           *width,
                                    guint           *height)
{
  SimDevice *device = _teller_sim_settings_device (camera, camidx);

  if (device == NULL)
    return FALSE;
  *width = _teller_sim_current_size (device)->width;
  *height = _teller_sim_current_size (device)->height;
  return TRUE;
}

gboolean
teller_sim_settings_get_preview_resolution (TellerSimCamera *camera,
                                            guint            camidx,
                                            guint           *width,
                                            guint           *height)
{
  SimDevice *device = _teller_sim_settings_device (camera, camidx);

  if (device == NULL)
    return FALSE;
  *width = device->preview.width;
  *height = device->preview.height;
  return TRUE;
}

guint
teller_sim_settings_get_frame_rate (TellerSimCamera *camera,
                                    guint            camidx)
{
  SimDevice *device = _teller_sim_settings_device (camera, camidx);

  return device != NULL ? device->frame_rate : 0;
}

const char *
teller_sim_settings_get_video_format (TellerSimCamera *camera,
                                      guint            camidx)
{
  SimDevice *device = _teller_sim_settings_device (camera, camidx);

  return device != NULL ? device->video_format : NULL;
}

gboolean
teller_sim_settings_get_property (TellerSimCamera *camera,
                                  guint            camidx,
                                  const char      *name,
                                  int             *value,
                                  gboolean        *is_auto)
{
  SimDevice *device = _teller_sim_settings_device (camera, camidx);
  int index = find_property (name);

  if (device == NULL || index < 0 || !property_specs[index].supported)
    return FALSE;
  if (value != NULL)
    *value = device->values[index];
  if (is_auto != NULL)
    *is_auto = device->automatic[index];
  return TRUE;
}

gboolean
teller_sim_settings_get_cut_page (TellerSimCamera *camera,
                                  gboolean        *multi_object,
                                  double          *cut_ratio)
{
  TellerSimSettings *self = _teller_sim_settings_get (camera);

  g_return_val_if_fail (self != NULL, FALSE);

  if (multi_object != NULL)
    *multi_object = self->multi_object;
  if (cut_ratio != NULL)
    *cut_ratio = self->cut_ratio;
  return self->cut_page;
}

gboolean
teller_sim_settings_get_sign_screen_mouse (TellerSimCamera *camera)
{
  TellerSimSettings *self = _teller_sim_settings_get (camera);

  g_return_val_if_fail (self != NULL, FALSE);

  return self->sign_screen_mouse;
}

const char *
teller_sim_settings_get_recording_path (TellerSimCamera *camera,
                                        guint            camidx)
{
  SimDevice *device = _teller_sim_settings_device (camera, camidx);

  return device != NULL && device->recording ? device->record_path : NULL;
}
