/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include "teller-sim-settings-private.h"

/*
 * param=get and param=set of the simulated CameraService (chapter 5 of
 * 001_5b286aac9e459b89.txt), beyond app_version, serial_number and device_info,
 * which teller-sim-camera.c answers.  The codes are teller-sim-settings.c's.
 */

/* 5.7: the customer's screen, right of a 1920-pixel counter screen. */
static const int sign_screen[4] = { 1920, 0, 1280, 800 };

void
_teller_sim_cache_entry_free (CacheEntry *entry)
{
  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

/* ---- param=get (5.3, 5.4, 5.7, 5.10, 5.11, 5.15, 5.17) ----------------- */

static void
add_size (JsonBuilder   *builder,
          const char    *name,
          const SimSize *size)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  _teller_sim_add_int (builder, "width", (int) size->width);
  _teller_sim_add_int (builder, "height", (int) size->height);
  json_builder_end_object (builder);
}

static void
add_resolution (JsonBuilder   *builder,
                const SimSize *size)
{
  g_autofree char *text = g_strdup_printf ("%ux%u", size->width, size->height);

  _teller_sim_add_string (builder, "resolution", text);
}

static void
add_resolution_list (JsonBuilder     *builder,
                     const SimDevice *device)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < device->n_resolutions; i++)
    g_string_append_printf (list, "%s%ux%u", i > 0 ? " " : "",
                            device->resolutions[i].width, device->resolutions[i].height);
  _teller_sim_add_string (builder, "resolution", list->str);
}

static void
add_video_formats (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "available_video_type");
  json_builder_begin_array (builder);
  for (guint i = 0; _teller_sim_video_formats[i] != NULL; i++)
    json_builder_add_string_value (builder, _teller_sim_video_formats[i]);
  json_builder_end_array (builder);
}

static void
add_screen_position (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "pos");
  json_builder_begin_object (builder);
  _teller_sim_add_int (builder, "x", sign_screen[0]);
  _teller_sim_add_int (builder, "y", sign_screen[1]);
  _teller_sim_add_int (builder, "width", sign_screen[2]);
  _teller_sim_add_int (builder, "height", sign_screen[3]);
  json_builder_end_object (builder);
}

/* 5.17 types all_cache_data a String but shows an array: the array is sent. */
static void
add_all_cache_data (JsonBuilder       *builder,
                    TellerSimSettings *self)
{
  json_builder_set_member_name (builder, "all_cache_data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->cache->len; i++)
    {
      CacheEntry *entry = g_ptr_array_index (self->cache, i);

      json_builder_begin_object (builder);
      _teller_sim_add_string (builder, "key", entry->key);
      _teller_sim_add_string (builder, "value", entry->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static CacheEntry *
find_cache_entry (TellerSimSettings *self,
                  const char        *key)
{
  for (guint i = 0; key != NULL && i < self->cache->len; i++)
    {
      CacheEntry *entry = g_ptr_array_index (self->cache, i);

      if (g_str_equal (entry->key, key))
        return entry;
    }
  return NULL;
}

static gboolean
param_get_cache (TellerSimSettings *self,
                 TellerSimServer   *server,
                 SoupServerMessage *message,
                 const char        *type,
                 JsonObject        *object)
{
  const char *key = _teller_sim_json_string (object, "key");
  CacheEntry *entry = find_cache_entry (self, key);
  g_autoptr(JsonBuilder) builder = NULL;

  if (g_str_equal (type, "get_cache_data") && entry == NULL)
    {
      _teller_sim_reply_bad_request (server, message, "缓存数据不存在");
      return TRUE;
    }

  builder = _teller_sim_begin_success ();
  if (entry != NULL && g_str_equal (type, "get_cache_data"))
    {
      _teller_sim_add_string (builder, "key", entry->key);
      _teller_sim_add_string (builder, "value", entry->value);
    }
  else
    add_all_cache_data (builder, self);
  _teller_sim_reply_success (server, message, builder);
  return TRUE;
}

/* The types that need no camera: the sign screen's and the cache's. */
static gboolean
param_get_service (TellerSimSettings *self,
                   TellerSimServer   *server,
                   SoupServerMessage *message,
                   const char        *type,
                   JsonObject        *object)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (g_str_equal (type, "get_cache_data") || g_str_equal (type, "get_all_cache_data"))
    return param_get_cache (self, server, message, type, object);
  if (!g_str_equal (type, "screen_pos"))
    return FALSE;

  builder = _teller_sim_begin_success ();
  add_screen_position (builder);
  _teller_sim_reply_success (server, message, builder);
  return TRUE;
}

gboolean
_teller_sim_settings_param_get (TellerSimCamera   *camera,
                                TellerSimServer   *server,
                                SoupServerMessage *message,
                                const char        *type,
                                JsonNode          *body)
{
  static const char * const device_types[] = {
    "resolution", "current_resolution", "preview_resolution",
    "available_video_type", "video_type", NULL
  };
  TellerSimSettings *self = _teller_sim_settings_get (camera);
  JsonObject *object = _teller_sim_body_object (body);
  g_autoptr(JsonBuilder) builder = NULL;
  SimDevice *device;

  if (self == NULL || type == NULL)
    return FALSE;
  if (!g_strv_contains (device_types, type))
    return param_get_service (self, server, message, type, object);

  device = _teller_sim_settings_lookup (camera, server, message, object, 0);
  if (device == NULL)
    return TRUE;

  builder = _teller_sim_begin_success ();
  if (g_str_equal (type, "resolution"))
    add_resolution_list (builder, device);
  else if (g_str_equal (type, "current_resolution"))
    add_resolution (builder, _teller_sim_current_size (device));
  else if (g_str_equal (type, "preview_resolution"))
    add_size (builder, "preview_resolution", &device->preview);
  else if (g_str_equal (type, "available_video_type"))
    add_video_formats (builder);
  else
    _teller_sim_add_string (builder, "video_type", device->video_format);
  _teller_sim_reply_success (server, message, builder);
  return TRUE;
}

/* ---- param=set (5.1, 5.2, 5.8, 5.9, 5.12, 5.14, 5.16) ------------------ */

static gboolean
parse_size (JsonObject *object,
            const char *name,
            SimSize    *size)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonObject *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  member = json_node_get_object (node);
  return _teller_sim_parse_uint (_teller_sim_json_string (member, "width"), 1, G_MAXUINT16,
                                 &size->width) &&
         _teller_sim_parse_uint (_teller_sim_json_string (member, "height"), 1, G_MAXUINT16,
                                 &size->height);
}

/* 5.2 answers the resolution "actually in effect": the listed one nearest in
 * width and height, so 1920x1000 gives 1920x1080, not the 1600x1200 of equal area. */
static guint
nearest_resolution (const SimDevice *device,
                    const SimSize   *size)
{
  gint64 best_offset = G_MAXINT64;
  guint best = 0;

  for (guint i = 0; i < device->n_resolutions; i++)
    {
      const SimSize *listed = &device->resolutions[i];
      gint64 offset = ABS ((gint64) listed->width - size->width) +
                      ABS ((gint64) listed->height - size->height);

      if (offset < best_offset)
        {
          best = i;
          best_offset = offset;
        }
    }
  return best;
}

static void
set_resolution (TellerSimServer   *server,
                SoupServerMessage *message,
                SimDevice         *device,
                JsonObject        *object)
{
  g_autoptr(JsonBuilder) builder = NULL;
  SimSize size;

  if (!parse_size (object, "resolution", &size))
    {
      _teller_sim_reply_bad_request (server, message, "参数resolution无效");
      return;
    }

  device->resolution = nearest_resolution (device, &size);
  /* The preview follows the new aspect ratio at about the same width. */
  _teller_sim_fit_preview (device, device->preview.width, G_MAXUINT16);
  builder = _teller_sim_begin_success ();
  add_resolution (builder, _teller_sim_current_size (device));
  _teller_sim_reply_success (server, message, builder);
}

static gboolean
parse_true_false (const char *text,
                  gboolean   *value)
{
  if (g_strcmp0 (text, "true") != 0 && g_strcmp0 (text, "false") != 0)
    return FALSE;
  *value = g_str_equal (text, "true");
  return TRUE;
}

static void
set_cut_page (TellerSimSettings *self,
              TellerSimServer   *server,
              SoupServerMessage *message,
              JsonObject        *object)
{
  const char *multi = _teller_sim_json_string (object, "multi_object");
  const char *ratio = _teller_sim_json_string (object, "cutratio");
  gboolean enable, multi_object = FALSE;
  double cut_ratio = 0;
  char *end = NULL;

  if (!parse_true_false (_teller_sim_json_string (object, "cutpage"), &enable) ||
      (multi != NULL && !parse_true_false (multi, &multi_object)))
    {
      _teller_sim_reply_bad_request (server, message, "参数cutpage无效");
      return;
    }
  if (ratio != NULL)
    cut_ratio = g_ascii_strtod (ratio, &end);
  if (ratio != NULL && (end == ratio || *end != '\0' || !(cut_ratio > 0 && cut_ratio < 100)))
    {
      _teller_sim_reply_bad_request (server, message, "参数cutratio无效");
      return;
    }

  self->cut_page = enable;
  self->multi_object = enable && multi_object;
  self->cut_ratio = enable ? cut_ratio : 0;
  _teller_sim_reply_ok (server, message);
}

static void
set_cache (TellerSimSettings *self,
           TellerSimServer   *server,
           SoupServerMessage *message,
           const char        *type,
           JsonObject        *object)
{
  const char *key = _teller_sim_json_string (object, "key");
  const char *value = _teller_sim_json_string (object, "value");
  CacheEntry *entry;

  if (g_str_equal (type, "clean_cache_data"))
    {
      g_ptr_array_set_size (self->cache, 0);
      _teller_sim_reply_ok (server, message);
      return;
    }
  if (!g_str_equal (type, "set_cache_data") || key == NULL || *key == '\0' || value == NULL)
    {
      _teller_sim_reply_bad_request (server, message, "参数无效");
      return;
    }

  entry = find_cache_entry (self, key);
  if (entry == NULL)
    {
      entry = g_new0 (CacheEntry, 1);
      entry->key = g_strdup (key);
      g_ptr_array_add (self->cache, entry);
    }
  g_free (entry->value);
  entry->value = g_strdup (value);
  _teller_sim_reply_ok (server, message);
}

static void
set_sign_screen_mouse (TellerSimSettings *self,
                       TellerSimServer   *server,
                       SoupServerMessage *message,
                       const char        *enable)
{
  if (g_strcmp0 (enable, "1") != 0 && g_strcmp0 (enable, "0") != 0)
    {
      _teller_sim_reply_bad_request (server, message, "参数enable_sign_screen_mouse无效");
      return;
    }
  self->sign_screen_mouse = g_str_equal (enable, "1");
  _teller_sim_reply_ok (server, message);
}

/* The camera's own settings: resolution, preview, frame rate, video format. */
static void
param_set_device (TellerSimCamera   *camera,
                  TellerSimServer   *server,
                  SoupServerMessage *message,
                  JsonObject        *object)
{
  SimDevice *device = _teller_sim_settings_lookup (camera, server, message, object, 0);
  const char *format = _teller_sim_json_string (object, "video_type");
  SimSize size;
  guint rate;

  if (device == NULL)
    return;

  if (json_object_has_member (object, "resolution"))
    set_resolution (server, message, device, object);
  else if (json_object_has_member (object, "preview_resolution") &&
           !parse_size (object, "preview_resolution", &size))
    _teller_sim_reply_bad_request (server, message, "参数preview_resolution无效");
  else if (json_object_has_member (object, "preview_resolution"))
    {
      _teller_sim_fit_preview (device, size.width, size.height);
      _teller_sim_reply_ok (server, message);
    }
  else if (json_object_has_member (object, "framerate") &&
           !_teller_sim_parse_uint (_teller_sim_json_string (object, "framerate"), 1, 60, &rate))
    _teller_sim_reply_bad_request (server, message, "参数framerate无效");
  else if (json_object_has_member (object, "framerate"))
    {
      device->frame_rate = rate;
      _teller_sim_reply_ok (server, message);
    }
  else if (format != NULL && g_strv_contains (_teller_sim_video_formats, format))
    {
      /* Static strings, so the state never points into a request. */
      device->video_format = g_str_equal (format, "MJPG") ? _teller_sim_video_formats[0]
                                                          : _teller_sim_video_formats[1];
      _teller_sim_reply_ok (server, message);
    }
  else
    _teller_sim_reply_bad_request (server, message, "参数video_type无效");
}

void
_teller_sim_param_set_cb (TellerSimServer   *server,
                          SoupServerMessage *message,
                          const char        *route,
                          JsonNode          *body,
                          gpointer           user_data)
{
  TellerSimCamera *camera = user_data;
  TellerSimSettings *self = _teller_sim_settings_get (camera);
  JsonObject *object = _teller_sim_body_object (body);
  const char *type = _teller_sim_json_string (object, "type");
  static const char * const device_members[] = {
    "resolution", "preview_resolution", "framerate", "video_type", NULL
  };
  gboolean for_device = FALSE;

  for (guint i = 0; object != NULL && device_members[i] != NULL; i++)
    for_device |= json_object_has_member (object, device_members[i]);

  if (object == NULL)
    _teller_sim_reply_bad_request (server, message, "解析Json参数失败");
  else if (type != NULL)
    set_cache (self, server, message, type, object);
  else if (json_object_has_member (object, "cutpage"))
    set_cut_page (self, server, message, object);
  else if (json_object_has_member (object, "enable_sign_screen_mouse"))
    set_sign_screen_mouse (self, server, message,
                           _teller_sim_json_string (object, "enable_sign_screen_mouse"));
  else if (for_device)
    param_set_device (camera, server, message, object);
  else
    _teller_sim_reply_bad_request (server, message, "没有可设置的参数");
}

/* ---- Reading the state back -------------------------------------------- */

const char *
teller_sim_settings_get_cache_value (TellerSimCamera *camera,
                                     const char      *key)
{
  TellerSimSettings *self = _teller_sim_settings_get (camera);
  CacheEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  entry = find_cache_entry (self, key);
  return entry != NULL ? entry->value : NULL;
}
