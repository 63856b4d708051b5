/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-settings-private.h"
#include "teller-json-util.h"
#include "teller-error.h"

/*
 * Builders and parsers of the device settings (3.7, 3.8 and chapter 5 of
 * 001_5b286aac9e459b89.txt).  The record calls (3.6) are in teller-camera-record.c.
 */

static const char * const property_names[] = {
  "brightness", "contrast", "hue", "saturation", "sharpness", "gamma",
  "colorenable", "whitebalance", "backlightcompensation", "gain", "pan",
  "tilt", "roll", "zoom", "exposure", "iris", "focus", NULL
};

/* ---- JSON helpers ------------------------------------------------------ */

/* Settings replies never carry null for a string member: here null is a wrong type. */
gboolean
_teller_camera_json_get_string (JsonObject  *object,
                                const char  *name,
                                gboolean     required,
                                const char **value,
                                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return _teller_json_bad_field (error, name);
    }
  return _teller_json_get_string (object, name, required, value, error);
}

gboolean
_teller_camera_parse_int (const char *text,
                          gint64      min,
                          gint64      max,
                          gint64     *value)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return FALSE;
  /* Hand-written service builds pad numbers now and then: " 64" is still 64. */
  stripped = g_strstrip (g_strdup (text));
  return g_ascii_string_to_signed (stripped, 10, min, max, value, NULL);
}

gboolean
_teller_camera_json_get_int (JsonObject  *object,
                             const char  *name,
                             int         *value,
                             GError     **error)
{
  const char *text;
  gint64 number;

  if (!_teller_camera_json_get_string (object, name, TRUE, &text, error))
    return FALSE;
  if (!_teller_camera_parse_int (text, G_MININT, G_MAXINT, &number))
    return _teller_json_bad_field (error, name);

  *value = (int) number;
  return TRUE;
}

void
_teller_camera_add_string (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_teller_camera_add_uint (JsonBuilder *builder,
                         const char  *name,
                         guint        value)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", value);
  _teller_camera_add_string (builder, name, text);
}

void
_teller_camera_add_camidx (JsonBuilder *builder,
                           guint        camidx)
{
  _teller_camera_add_uint (builder, "camidx", camidx);
}

static JsonBuilder *
begin_object (void)
{
  JsonBuilder *builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  return builder;
}

static JsonNode *
end_object (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- Properties (3.7, 3.8) --------------------------------------------- */

const char * const *
teller_camera_property_names (void)
{
  return property_names;
}

gboolean
teller_camera_property_name_is_valid (const char *name)
{
  return name != NULL && g_strv_contains (property_names, name);
}

void
teller_camera_property_free (TellerCameraProperty *property)
{
  if (property == NULL)
    return;

  g_free (property->name);
  g_free (property);
}

/* "0"/"1" flags; anything else is not what the document describes. */
static gboolean
get_flag (JsonObject  *reply,
          const char  *name,
          const char  *true_text,
          gboolean    *value,
          GError     **error)
{
  const char *text;

  if (!_teller_camera_json_get_string (reply, name, TRUE, &text, error))
    return FALSE;
  if (!g_str_equal (text, "0") && !g_str_equal (text, "1"))
    return _teller_json_bad_field (error, name);

  *value = g_str_equal (text, true_text);
  return TRUE;
}

/**
 * teller_camera_property_parse:
 * @name: the property asked for (the reply does not repeat it)
 *
 * Reads video=getproperty (3.8).  "settable" "0" means settable; "1" means not,
 * and the range fields are then absent.
 *
 * The document contradicts itself on "is_auto": its table says "0" is automatic
 * and "1" manual, its footnote ("当某一属性处于自动控制状态("is_auto":"1")时")
 * says "1" is automatic.  The footnote is read: it agrees with the field's name
 * (is_auto "1" = yes) and with the DirectShow flags behind the service (auto = 1).
 * This is not the rule teller_image_tools_build_barcode() follows for 6.3, where
 * the table's "cut_type" wins over the example's "cutpage": there the table is
 * the only definition and the example a sample that contradicts it; here the
 * footnote is a definition of its own, and the name and the platform side with
 * it.  The simulator answers the same way (teller-sim-settings.c).
 */
TellerCameraProperty *
teller_camera_property_parse (const char  *name,
                              JsonObject  *reply,
                              GError     **error)
{
  g_autoptr(TellerCameraProperty) property = g_new0 (TellerCameraProperty, 1);
  gboolean not_settable;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  property->name = g_strdup (name);
  if (!get_flag (reply, "settable", "1", &not_settable, error))
    return NULL;
  property->settable = !not_settable;
  if (!property->settable)
    return g_steal_pointer (&property);

  if (!_teller_camera_json_get_int (reply, "min", &property->min, error) ||
      !_teller_camera_json_get_int (reply, "max", &property->max, error) ||
      !_teller_camera_json_get_int (reply, "step", &property->step, error) ||
      !_teller_camera_json_get_int (reply, "default", &property->default_value, error) ||
      !_teller_camera_json_get_int (reply, "current", &property->current, error) ||
      !get_flag (reply, "is_auto", "1", &property->is_auto, error))
    return NULL;

  if (property->min > property->max || property->step < 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent an impossible range for “%s”"), name);
      return NULL;
    }

  return g_steal_pointer (&property);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         int          value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* Teller's own JSON (teller-cli), with numbers and booleans, not the vendor's strings. */
JsonNode *
teller_camera_property_to_json (const TellerCameraProperty *property)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (property != NULL, NULL);

  builder = begin_object ();
  _teller_camera_add_string (builder, "name", property->name);
  add_boolean (builder, "settable", property->settable);
  if (property->settable)
    {
      add_int (builder, "min", property->min);
      add_int (builder, "max", property->max);
      add_int (builder, "step", property->step);
      add_int (builder, "default", property->default_value);
      add_int (builder, "current", property->current);
      add_boolean (builder, "auto", property->is_auto);
    }
  return end_object (builder);
}

/**
 * teller_camera_property_check_value:
 *
 * The service turns a value it cannot take into automatic control, or the
 * default (3.7), without an error.  Callers that mean a value check it here
 * first, so a typo never switches a setting to automatic silently.
 *
 * Returns: %FALSE with %TELLER_ERROR_INVALID_INPUT when @value is outside the
 *   range, off the step, or the property cannot be set
 */
gboolean
teller_camera_property_check_value (const TellerCameraProperty  *property,
                                    int                          value,
                                    GError                     **error)
{
  g_return_val_if_fail (property != NULL, FALSE);

  if (!property->settable)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("This camera does not let “%s” be set"), property->name);
      return FALSE;
    }
  if (value < property->min || value > property->max)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("“%s” takes values from %d to %d"), property->name,
                   property->min, property->max);
      return FALSE;
    }
  if (property->step > 1 && ((gint64) value - property->min) % property->step != 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("“%s” moves in steps of %d from %d"), property->name,
                   property->step, property->min);
      return FALSE;
    }
  return TRUE;
}

/*
 * A value just outside the range: the documented way to ask for automatic
 * control, or the default where the property has none (3.7's "999" examples).
 * The step is the device's word: it is clamped to the range's width and the sums
 * are done in 64 bits, so a device that sends a huge step cannot make the value
 * wrap around into the range.
 */
int
teller_camera_property_auto_value (const TellerCameraProperty *property)
{
  gint64 width, step;
  gint64 candidates[4];

  g_return_val_if_fail (property != NULL, 0);

  width = (gint64) property->max - property->min;
  step = CLAMP ((gint64) property->step, 1, MAX (width, 1));
  candidates[0] = MAX ((gint64) property->max + step, 999);
  candidates[1] = (gint64) property->min - step;
  candidates[2] = (gint64) property->max + 1;
  candidates[3] = (gint64) property->min - 1;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] >= G_MININT && candidates[i] <= G_MAXINT)
      return (int) candidates[i];

  /* A range from G_MININT to G_MAXINT leaves no value outside it. */
  return property->max;
}

/* {"camidx": "0", "key": "brightness"} */
JsonNode *
teller_camera_build_get_property (guint       camidx,
                                  const char *name)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  g_return_val_if_fail (name != NULL, NULL);

  _teller_camera_add_camidx (builder, camidx);
  _teller_camera_add_string (builder, "key", name);
  return end_object (builder);
}

/* {"camidx": "0", "brightness": "64"}: one property per call (3.7). */
JsonNode *
teller_camera_build_set_property (guint       camidx,
                                  const char *name,
                                  int         value)
{
  g_autoptr(JsonBuilder) builder = begin_object ();
  char text[16];

  g_return_val_if_fail (name != NULL, NULL);

  g_snprintf (text, sizeof text, "%d", value);
  _teller_camera_add_camidx (builder, camidx);
  _teller_camera_add_string (builder, name, text);
  return end_object (builder);
}

/* ---- Resolutions ------------------------------------------------------- */

/* "2592x1944"; an "X" or spaces around the "x" are read too. */
gboolean
teller_resolution_parse (const char       *text,
                         TellerResolution *resolution)
{
  g_auto(GStrv) parts = NULL;
  gint64 width, height;

  g_return_val_if_fail (resolution != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  parts = g_strsplit_set (text, "xX", -1);
  if (g_strv_length (parts) != 2 ||
      !_teller_camera_parse_int (parts[0], 1, G_MAXUINT16, &width) ||
      !_teller_camera_parse_int (parts[1], 1, G_MAXUINT16, &height))
    return FALSE;

  resolution->width = (guint) width;
  resolution->height = (guint) height;
  return TRUE;
}

char *
teller_resolution_to_string (const TellerResolution *resolution)
{
  g_return_val_if_fail (resolution != NULL, NULL);

  return g_strdup_printf ("%ux%u", resolution->width, resolution->height);
}

/* 5.3: "resolution" is one string, "2592x1944 2048x1536 1600x1400 1024x768". */
GArray *
teller_camera_resolutions_parse (JsonObject  *reply,
                                 GError     **error)
{
  g_autoptr(GArray) list = NULL;
  g_auto(GStrv) words = NULL;
  const char *text;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_teller_camera_json_get_string (reply, "resolution", TRUE, &text, error))
    return NULL;

  list = g_array_new (FALSE, FALSE, sizeof (TellerResolution));
  words = g_strsplit_set (text, " \t,;", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      TellerResolution resolution;

      if (*words[i] == '\0')
        continue;
      if (!teller_resolution_parse (words[i], &resolution))
        {
          _teller_json_bad_field (error, "resolution");
          return NULL;
        }
      g_array_append_val (list, resolution);
    }

  return g_steal_pointer (&list);
}

/* 5.2 and 5.4: "resolution" is one "WxH" string. */
gboolean
teller_camera_resolution_reply_parse (JsonObject        *reply,
                                      TellerResolution  *resolution,
                                      GError           **error)
{
  const char *text;

  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (resolution != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_teller_camera_json_get_string (reply, "resolution", TRUE, &text, error))
    return FALSE;
  if (!teller_resolution_parse (text, resolution))
    return _teller_json_bad_field (error, "resolution");
  return TRUE;
}

static gboolean
size_from_object (JsonObject        *object,
                  TellerResolution  *resolution,
                  GError           **error)
{
  int width, height;

  if (!_teller_camera_json_get_int (object, "width", &width, error) ||
      !_teller_camera_json_get_int (object, "height", &height, error))
    return FALSE;
  if (width < 0 || height < 0)
    return _teller_json_bad_field (error, width < 0 ? "width" : "height");

  resolution->width = (guint) width;
  resolution->height = (guint) height;
  return TRUE;
}

/* 5.15: "preview_resolution": {"width": "640", "height": "480"} */
gboolean
teller_camera_preview_resolution_parse (JsonObject        *reply,
                                        TellerResolution  *resolution,
                                        GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (resolution != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = json_object_get_member (reply, "preview_resolution");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return _teller_json_bad_field (error, "preview_resolution");
  return size_from_object (json_node_get_object (node), resolution, error);
}

static void
add_size (JsonBuilder            *builder,
          const char             *name,
          const TellerResolution *resolution)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  _teller_camera_add_uint (builder, "width", resolution->width);
  _teller_camera_add_uint (builder, "height", resolution->height);
  json_builder_end_object (builder);
}

/* 5.2: { "resolution": { "width": "2592", "height": "1944" }, "camidx": "0" } */
JsonNode *
teller_camera_build_set_resolution (guint                   camidx,
                                    const TellerResolution *resolution)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (resolution != NULL, NULL);

  builder = begin_object ();
  add_size (builder, "resolution", resolution);
  _teller_camera_add_camidx (builder, camidx);
  return end_object (builder);
}

/* 5.14: {"preview_resolution": {"width": ..., "height": ...}, "camidx": ...} */
JsonNode *
teller_camera_build_set_preview_resolution (guint                   camidx,
                                            const TellerResolution *resolution)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (resolution != NULL, NULL);

  builder = begin_object ();
  add_size (builder, "preview_resolution", resolution);
  _teller_camera_add_camidx (builder, camidx);
  return end_object (builder);
}

/* 5.1: {"framerate": "10", "camidx": "0"} */
JsonNode *
teller_camera_build_set_frame_rate (guint camidx,
                                    guint frame_rate)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  _teller_camera_add_uint (builder, "framerate", frame_rate);
  _teller_camera_add_camidx (builder, camidx);
  return end_object (builder);
}

/* ---- Video formats ----------------------------------------------------- */

/**
 * teller_camera_video_format_normalize:
 *
 * 5.10's example lists "MJPEG" while 5.11 and 5.12 name the same format "MJPG",
 * the only spelling 5.12 accepts; listing it as "MJPG" lets a caller hand a
 * listed format straight back to set.
 *
 * Returns: (nullable): "MJPG", "YUY2", or %NULL for a format 5.12 does not take
 */
const char *
teller_camera_video_format_normalize (const char *format)
{
  if (g_strcmp0 (format, "MJPG") == 0 || g_strcmp0 (format, "MJPEG") == 0)
    return "MJPG";
  if (g_strcmp0 (format, "YUY2") == 0)
    return "YUY2";
  return NULL;
}

/* 5.10: "available_video_type": ["MJPEG", "YUY2"] */
GStrv
teller_camera_video_formats_parse (JsonObject  *reply,
                                   GError     **error)
{
  g_autoptr(GStrvBuilder) formats = NULL;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  formats = g_strv_builder_new ();
  node = json_object_get_member (reply, "available_video_type");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _teller_json_bad_field (error, "available_video_type");
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *format;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          _teller_json_bad_field (error, "available_video_type");
          return NULL;
        }
      /* A format 5.12 cannot select is kept as sent, for display. */
      format = json_node_get_string (element);
      if (teller_camera_video_format_normalize (format) != NULL)
        format = teller_camera_video_format_normalize (format);
      g_strv_builder_add (formats, format);
    }

  return g_strv_builder_end (formats);
}

/* 5.11: "video_type": "MJPG" */
char *
teller_camera_video_format_parse (JsonObject  *reply,
                                  GError     **error)
{
  const char *format;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_teller_camera_json_get_string (reply, "video_type", TRUE, &format, error))
    return NULL;
  if (teller_camera_video_format_normalize (format) != NULL)
    format = teller_camera_video_format_normalize (format);
  return g_strdup (format);
}

/* 5.12: {"video_type": "MJPG", "camidx": "0"} */
JsonNode *
teller_camera_build_set_video_format (guint       camidx,
                                      const char *format)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  g_return_val_if_fail (format != NULL, NULL);

  _teller_camera_add_string (builder, "video_type", format);
  _teller_camera_add_camidx (builder, camidx);
  return end_object (builder);
}

/* ---- Cut-page preview, sign screen ------------------------------------- */

/* 5.9: {"cutpage": "true", "multi_object": "true", "cutratio": "0.75"} */
JsonNode *
teller_camera_build_set_cut_page (const TellerCutPageOptions *options)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  g_return_val_if_fail (options != NULL, NULL);

  _teller_camera_add_string (builder, "cutpage", options->enable ? "true" : "false");
  /* Both only mean something while cutting is on (5.9). */
  if (options->enable)
    _teller_camera_add_string (builder, "multi_object", options->multi_object ? "true" : "false");
  if (options->enable && options->cut_ratio > 0)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (text, sizeof text, "%.4g", options->cut_ratio);
      _teller_camera_add_string (builder, "cutratio", text);
    }
  return end_object (builder);
}

/* 5.7: "pos": {"x": "0", "y": "0", "width": "1280", "height": "800"} */
gboolean
teller_camera_screen_position_parse (JsonObject        *reply,
                                     TellerScreenRect  *rect,
                                     GError           **error)
{
  JsonNode *node;
  TellerResolution size;
  JsonObject *pos;

  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = json_object_get_member (reply, "pos");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return _teller_json_bad_field (error, "pos");

  pos = json_node_get_object (node);
  if (!_teller_camera_json_get_int (pos, "x", &rect->x, error) ||
      !_teller_camera_json_get_int (pos, "y", &rect->y, error) ||
      !size_from_object (pos, &size, error))
    return FALSE;

  rect->width = size.width;
  rect->height = size.height;
  return TRUE;
}

/* 5.8: { "enable_sign_screen_mouse": "1" } */
JsonNode *
teller_camera_build_sign_screen_mouse (gboolean enable)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  _teller_camera_add_string (builder, "enable_sign_screen_mouse", enable ? "1" : "0");
  return end_object (builder);
}

/* ---- Cache data -------------------------------------------------------- */

void
teller_cache_entry_free (TellerCacheEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

/* 5.16: {"type": "set_cache_data", "key": ..., "value": ...} */
JsonNode *
teller_camera_build_set_cache_data (const char *key,
                                    const char *value)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  g_return_val_if_fail (key != NULL && value != NULL, NULL);

  _teller_camera_add_string (builder, "type", "set_cache_data");
  _teller_camera_add_string (builder, "key", key);
  _teller_camera_add_string (builder, "value", value);
  return end_object (builder);
}

/* 5.16: {"type": "clean_cache_data"}, without key and value */
JsonNode *
teller_camera_build_clean_cache_data (void)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  _teller_camera_add_string (builder, "type", "clean_cache_data");
  return end_object (builder);
}

/* 5.17: {"type": "get_cache_data", "key": ...}; NULL @key: get_all_cache_data */
JsonNode *
teller_camera_build_get_cache_data (const char *key)
{
  g_autoptr(JsonBuilder) builder = begin_object ();

  _teller_camera_add_string (builder, "type",
                             key != NULL ? "get_cache_data" : "get_all_cache_data");
  if (key != NULL)
    _teller_camera_add_string (builder, "key", key);
  return end_object (builder);
}

/* 5.17: "value" */
char *
teller_camera_cache_value_parse (JsonObject  *reply,
                                 GError     **error)
{
  const char *value;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_teller_camera_json_get_string (reply, "value", TRUE, &value, error))
    return NULL;
  return g_strdup (value);
}

static gboolean
append_entries (JsonArray  *array,
                GPtrArray  *entries,
                GError    **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(TellerCacheEntry) entry = g_new0 (TellerCacheEntry, 1);
      const char *key, *value;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return _teller_json_bad_field (error, "all_cache_data");
      object = json_node_get_object (element);
      if (!_teller_camera_json_get_string (object, "key", TRUE, &key, error) ||
          !_teller_camera_json_get_string (object, "value", TRUE, &value, error))
        return FALSE;
      entry->key = g_strdup (key);
      entry->value = g_strdup (value);
      g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  return TRUE;
}

/**
 * teller_camera_cache_entries_parse:
 *
 * 5.17 types "all_cache_data" as a String and then shows an array of
 * {"key", "value"} objects: both the array and a string holding it are read.
 *
 * Returns: (transfer full) (element-type TellerCacheEntry): the entries in reply order
 */
GPtrArray *
teller_camera_cache_entries_parse (JsonObject  *reply,
                                   GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  JsonNode *node;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = json_object_get_member (reply, "all_cache_data");
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_cache_entry_free);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      /* An empty cache may well come as "". */
      if (*text == '\0')
        return g_steal_pointer (&entries);
      node = parsed = json_from_string (text, NULL);
    }
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _teller_json_bad_field (error, "all_cache_data");
      return NULL;
    }

  if (!append_entries (json_node_get_array (node), entries, error))
    return NULL;
  return g_steal_pointer (&entries);
}
