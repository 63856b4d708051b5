/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-settings-private.h"
#include "teller-error.h"
#include "teller-vendor-codes.h"

/*
 * video=record (3.6 of 001_5b286aac9e459b89.txt): one endpoint, four actions
 * ("start", "stop", "status", "audio"), options under "parameter".
 */

#define RECORD_STATUS_OPERATION "video=record.status"

TellerRecordOptions *
teller_record_options_new (void)
{
  TellerRecordOptions *options = g_new0 (TellerRecordOptions, 1);

  options->camidx = -1;
  return options;
}

void
teller_record_watermark_free (TellerRecordWatermark *watermark)
{
  if (watermark == NULL)
    return;

  g_free (watermark->content);
  g_free (watermark->font);
  g_free (watermark->color);
  g_free (watermark);
}

void
teller_record_options_free (TellerRecordOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->audio);
  g_free (options->filepath);
  teller_record_watermark_free (options->watermark);
  g_free (options);
}

void
teller_record_status_free (TellerRecordStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->time);
  g_free (status);
}

/* ---- Requests ---------------------------------------------------------- */

static void
add_optional_uint (JsonBuilder *builder,
                   const char  *name,
                   guint        value)
{
  if (value > 0)
    _teller_camera_add_uint (builder, name, value);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value != NULL)
    _teller_camera_add_string (builder, name, value);
}

static void
add_watermark (JsonBuilder                 *builder,
               const TellerRecordWatermark *watermark)
{
  json_builder_set_member_name (builder, "watermark");
  json_builder_begin_object (builder);
  _teller_camera_add_uint (builder, "pos", (guint) CLAMP (watermark->pos, 0, 4));
  /* An empty content is the document's way to stamp the current time. */
  _teller_camera_add_string (builder, "content",
                             watermark->content != NULL ? watermark->content : "");
  if (watermark->transparency >= 0)
    _teller_camera_add_uint (builder, "transparency", (guint) MIN (watermark->transparency, 255));
  add_optional_uint (builder, "fontsize", watermark->font_size);
  add_optional_string (builder, "font", watermark->font);
  add_optional_string (builder, "color", watermark->color);
  json_builder_end_object (builder);
}

static void
add_parameter (JsonBuilder               *builder,
               const TellerRecordOptions *options)
{
  json_builder_set_member_name (builder, "parameter");
  json_builder_begin_object (builder);
  if (options->camidx >= 0)
    _teller_camera_add_camidx (builder, (guint) options->camidx);
  add_optional_uint (builder, "width", options->width);
  add_optional_uint (builder, "height", options->height);
  add_optional_string (builder, "audio", options->audio);
  add_optional_uint (builder, "framerate", options->framerate);
  add_optional_string (builder, "filepath", options->filepath);
  add_optional_uint (builder, "bit_rate", options->bit_rate);
  if (options->watermark != NULL)
    add_watermark (builder, options->watermark);
  json_builder_end_object (builder);
}

/**
 * teller_camera_build_record:
 * @action: "start", "stop", "status" or "audio"
 * @options: (nullable): the "parameter" object; unset fields are left out so
 *   the service's defaults (camidx "1", 640x480, 10 fps, 400000 bit/s) apply
 *
 * Returns: (transfer full): `{"action": "start", "parameter": {...}}`
 */
JsonNode *
teller_camera_build_record (const char                *action,
                            const TellerRecordOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (action != NULL, NULL);

  json_builder_begin_object (builder);
  _teller_camera_add_string (builder, "action", action);
  if (options != NULL)
    add_parameter (builder, options);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * teller_camera_build_record_action:
 * @camidx: -1 for the document's form, without "parameter"
 *
 * "stop" and "status" take no parameter in 3.6; with several cameras the
 * camera is named the way "start" names it, in "parameter".
 */
JsonNode *
teller_camera_build_record_action (const char *action,
                                   int         camidx)
{
  g_autoptr(TellerRecordOptions) options = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  if (camidx >= 0)
    {
      options = teller_record_options_new ();
      options->camidx = camidx;
    }
  return teller_camera_build_record (action, options);
}

/* ---- Replies ----------------------------------------------------------- */

/**
 * teller_record_time_to_seconds:
 *
 * 3.6 calls "time" the length of the recording without a unit: whole or
 * decimal seconds ("12", "12.5") and clock forms ("00:00:12", "00:12") are read.
 *
 * Returns: the seconds, or -1 when @time is none of these
 */
double
teller_record_time_to_seconds (const char *time)
{
  g_auto(GStrv) parts = NULL;
  double seconds = 0;
  guint n_parts;

  if (time == NULL || *time == '\0')
    return -1;

  parts = g_strsplit (time, ":", -1);
  n_parts = g_strv_length (parts);
  if (n_parts > 3)
    return -1;

  for (guint i = 0; i < n_parts; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      char *end = NULL;
      double value;

      if (*part == '\0' || !g_ascii_isdigit (*part))
        return -1;
      value = g_ascii_strtod (part, &end);
      if (end == NULL || *end != '\0' || (i > 0 && value >= 60))
        return -1;
      seconds = seconds * 60 + value;
    }

  return seconds;
}

/* "start": "filepath" */
char *
teller_camera_record_start_parse (JsonObject  *reply,
                                  GError     **error)
{
  const char *filepath;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_teller_camera_json_get_string (reply, "filepath", TRUE, &filepath, error))
    return NULL;
  return g_strdup (filepath);
}

static TellerRecordStatus *
status_new (TellerRecordState  state,
            const char        *time)
{
  TellerRecordStatus *status = g_new0 (TellerRecordStatus, 1);

  status->state = state;
  status->time = g_strdup (time);
  status->seconds = teller_record_time_to_seconds (time);
  return status;
}

/* "stop": "time", the length of the finished recording. */
TellerRecordStatus *
teller_camera_record_stop_parse (JsonObject  *reply,
                                 GError     **error)
{
  const char *time;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_teller_camera_json_get_string (reply, "time", TRUE, &time, error))
    return NULL;
  return status_new (TELLER_RECORD_STATE_IDLE, time);
}

/**
 * teller_camera_record_status_parse:
 *
 * "status": "100" idle, "101" recording, "102" device error.  The states that
 * are not errors are those teller-vendor-codes.c lists as successes of
 * "video=record.status"; any other value is the device's error, kept with the
 * reply's message.
 */
TellerRecordStatus *
teller_camera_record_status_parse (JsonObject  *reply,
                                   GError     **error)
{
  const char *status, *time, *message;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_teller_camera_json_get_string (reply, "status", TRUE, &status, error) ||
      !_teller_camera_json_get_string (reply, "time", FALSE, &time, error) ||
      !_teller_camera_json_get_string (reply, "message", FALSE, &message, error))
    return NULL;

  if (!teller_vendor_code_is_success (TELLER_VENDOR_CAMERA_SERVICE,
                                      RECORD_STATUS_OPERATION, status))
    {
      if (error != NULL)
        *error = teller_error_new_vendor (TELLER_VENDOR_CAMERA_SERVICE, RECORD_STATUS_OPERATION,
                                          status, message);
      return NULL;
    }

  return status_new (g_str_equal (status, "101") ? TELLER_RECORD_STATE_RECORDING
                                                 : TELLER_RECORD_STATE_IDLE,
                     time);
}

/* "audio": the audio devices' names */
GStrv
teller_camera_record_audio_parse (JsonObject  *reply,
                                  GError     **error)
{
  g_autoptr(GStrvBuilder) names = NULL;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = g_strv_builder_new ();
  node = json_object_get_member (reply, "audio");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent “%s” in a form it does not document"), "audio");
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                       _("The camera service sent “%s” in a form it does not document"), "audio");
          return NULL;
        }
      g_strv_builder_add (names, json_node_get_string (element));
    }

  return g_strv_builder_end (names);
}

/* Teller's own JSON for teller-cli: {"state": "recording", "time": "12", "seconds": 12.0} */
JsonNode *
teller_record_status_to_json (const TellerRecordStatus *status)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (status != NULL, NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  _teller_camera_add_string (builder, "state",
                             status->state == TELLER_RECORD_STATE_RECORDING ? "recording" : "idle");
  if (status->time != NULL)
    _teller_camera_add_string (builder, "time", status->time);
  if (status->seconds >= 0)
    {
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, status->seconds);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
