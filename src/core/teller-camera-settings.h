/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The CameraService's device settings (001_5b286aac9e459b89.txt): video=record
 * (3.6), video=setproperty / video=getproperty (3.7, 3.8) and param=set /
 * param=get (chapter 5).  Builders give the exact request body (every value a
 * string); parsers read one reply after teller_camera_reply_check() and answer
 * %TELLER_ERROR_BAD_RESPONSE for a missing or wrong-typed field.  Unknown fields
 * are ignored.
 */

/* The 17 property names of 3.7/3.8, in the document's order, NULL-terminated. */
const char * const *teller_camera_property_names        (void);
gboolean            teller_camera_property_name_is_valid (const char *name);

typedef struct
{
  char     *name;
  gboolean  settable;      /* "settable": "0"; without it none of the fields below */
  int       min;
  int       max;
  int       step;
  int       default_value; /* "default" */
  int       current;       /* inaccurate while is_auto, as 3.8 warns */
  gboolean  is_auto;       /* "is_auto" "1", as 3.8's footnote and the name say, not its
                            table: see teller_camera_property_parse() */
} TellerCameraProperty;

void                  teller_camera_property_free        (TellerCameraProperty  *property);
TellerCameraProperty *teller_camera_property_parse       (const char            *name,
                                                          JsonObject            *reply,
                                                          GError               **error);
JsonNode             *teller_camera_property_to_json     (const TellerCameraProperty *property);
gboolean              teller_camera_property_check_value (const TellerCameraProperty *property,
                                                          int                    value,
                                                          GError               **error);
int                   teller_camera_property_auto_value  (const TellerCameraProperty *property);

JsonNode *teller_camera_build_get_property (guint       camidx,
                                            const char *name);
JsonNode *teller_camera_build_set_property (guint       camidx,
                                            const char *name,
                                            int         value);

/* ---- Resolutions (5.2, 5.3, 5.4, 5.14, 5.15) ---- */

typedef struct
{
  guint width;
  guint height;
} TellerResolution;

gboolean  teller_resolution_parse     (const char             *text,
                                       TellerResolution       *resolution);
char     *teller_resolution_to_string (const TellerResolution *resolution);

GArray   *teller_camera_resolutions_parse         (JsonObject              *reply,
                                                   GError                 **error);
gboolean  teller_camera_resolution_reply_parse    (JsonObject              *reply,
                                                   TellerResolution        *resolution,
                                                   GError                 **error);
gboolean  teller_camera_preview_resolution_parse  (JsonObject              *reply,
                                                   TellerResolution        *resolution,
                                                   GError                 **error);
JsonNode *teller_camera_build_set_resolution      (guint                    camidx,
                                                   const TellerResolution  *resolution);
JsonNode *teller_camera_build_set_preview_resolution (guint                 camidx,
                                                      const TellerResolution *resolution);
JsonNode *teller_camera_build_set_frame_rate      (guint                    camidx,
                                                   guint                    frame_rate);

/* ---- Video formats (5.10, 5.11, 5.12) ---- */

/* "MJPG" or "YUY2"; "MJPEG" (5.10's example) is read as "MJPG". */
const char *teller_camera_video_format_normalize (const char *format);
GStrv       teller_camera_video_formats_parse    (JsonObject  *reply,
                                                  GError     **error);
char       *teller_camera_video_format_parse     (JsonObject  *reply,
                                                  GError     **error);
JsonNode   *teller_camera_build_set_video_format (guint        camidx,
                                                  const char  *format);

/* ---- Cut-page preview (5.9), sign screen (5.7, 5.8) ---- */

typedef struct
{
  gboolean enable;
  gboolean multi_object;
  double   cut_ratio;    /* width / height to lock; 0 leaves "cutratio" out */
} TellerCutPageOptions;

JsonNode *teller_camera_build_set_cut_page (const TellerCutPageOptions *options);

typedef struct
{
  int   x;
  int   y;
  guint width;
  guint height;
} TellerScreenRect;

gboolean  teller_camera_screen_position_parse  (JsonObject        *reply,
                                                TellerScreenRect  *rect,
                                                GError           **error);
JsonNode *teller_camera_build_sign_screen_mouse (gboolean          enable);

/* ---- Cache data (5.16, 5.17) ---- */

typedef struct
{
  char *key;
  char *value;
} TellerCacheEntry;

void       teller_cache_entry_free               (TellerCacheEntry *entry);
JsonNode  *teller_camera_build_set_cache_data    (const char  *key,
                                                  const char  *value);
JsonNode  *teller_camera_build_clean_cache_data  (void);
JsonNode  *teller_camera_build_get_cache_data    (const char  *key);
char      *teller_camera_cache_value_parse       (JsonObject  *reply,
                                                  GError     **error);
GPtrArray *teller_camera_cache_entries_parse     (JsonObject  *reply,
                                                  GError     **error);

/* ---- video=record (3.6) ---- */

typedef struct
{
  int    pos;          /* 0 top left, 1 top right, 2 bottom left, 3 bottom right, 4 centre */
  char  *content;      /* UTF-8; NULL or "" stamps the current time */
  int    transparency; /* 0 (invisible) to 255 (opaque); -1 leaves it to the service */
  guint  font_size;    /* 0 leaves it to the service (32) */
  char  *font;
  char  *color;
} TellerRecordWatermark;

/* Zero and NULL fields are left out, so the service's defaults apply. */
typedef struct
{
  int                    camidx;    /* -1: the service's default, "1" */
  guint                  width;
  guint                  height;
  char                  *audio;
  guint                  framerate;
  char                  *filepath;  /* NULL: the service makes a temporary file */
  guint                  bit_rate;
  TellerRecordWatermark *watermark;
} TellerRecordOptions;

typedef enum
{
  TELLER_RECORD_STATE_IDLE,      /* "100" */
  TELLER_RECORD_STATE_RECORDING, /* "101" */
} TellerRecordState;

typedef struct
{
  TellerRecordState  state;
  char              *time;     /* as the service sent it, NULL when absent */
  double             seconds;  /* time read as seconds, -1 when it cannot be read */
} TellerRecordStatus;

TellerRecordOptions *teller_record_options_new      (void);
void                 teller_record_options_free     (TellerRecordOptions *options);
void                 teller_record_watermark_free   (TellerRecordWatermark *watermark);
void                 teller_record_status_free      (TellerRecordStatus  *status);
JsonNode            *teller_record_status_to_json   (const TellerRecordStatus *status);
double               teller_record_time_to_seconds  (const char          *time);

JsonNode           *teller_camera_build_record        (const char                *action,
                                                       const TellerRecordOptions *options);
JsonNode           *teller_camera_build_record_action (const char                *action,
                                                       int                        camidx);
char               *teller_camera_record_start_parse  (JsonObject  *reply,
                                                       GError     **error);
TellerRecordStatus *teller_camera_record_stop_parse   (JsonObject  *reply,
                                                       GError     **error);
TellerRecordStatus *teller_camera_record_status_parse (JsonObject  *reply,
                                                       GError     **error);
GStrv               teller_camera_record_audio_parse  (JsonObject  *reply,
                                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCameraProperty, teller_camera_property_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCacheEntry, teller_cache_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerRecordOptions, teller_record_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerRecordStatus, teller_record_status_free)

G_END_DECLS
