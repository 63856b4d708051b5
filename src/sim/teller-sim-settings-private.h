/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-settings.h"

G_BEGIN_DECLS

/* The CameraService's codes the settings routes answer with (see teller-sim-settings.c). */
#define SIM_CODE_OK            "0"
#define SIM_CODE_BAD_REQUEST   "1"
#define SIM_CODE_NOT_CONNECTED "2"

typedef struct
{
  guint width;
  guint height;
} SimSize;

/* One camera's state; video=record's lives here too (teller-sim-record.c). */
typedef struct
{
  const SimSize *resolutions;
  guint          n_resolutions;
  guint          resolution;      /* index into resolutions */
  SimSize        preview;
  guint          frame_rate;
  const char    *video_format;    /* static: "MJPG" or "YUY2" */
  int           *values;          /* one per property of the table */
  gboolean      *automatic;

  gboolean       recording;
  gint64         record_started;  /* monotonic µs */
  char          *record_path;
} SimDevice;

typedef struct
{
  char *key;
  char *value;
} CacheEntry;

/* Owned by the camera (qdata); what is not a camera's own belongs to the service. */
typedef struct
{
  SimDevice  devices[TELLER_SIM_SETTINGS_N_CAMERAS];
  gboolean   cut_page;
  gboolean   multi_object;
  double     cut_ratio;
  gboolean   sign_screen_mouse;
  GPtrArray *cache; /* of CacheEntry, in the order keys were first set */
} TellerSimSettings;

extern const char * const _teller_sim_video_formats[]; /* "MJPG", "YUY2", NULL */

/* Called by teller-sim-camera.c: creates the state (owned by @camera) and its routes. */
void               _teller_sim_settings_attach    (TellerSimCamera   *camera,
                                                   TellerSimServer   *server);
/* param=get's types beyond app_version/serial_number/device_info; FALSE when @type
 * is not one of them (nothing answered). */
gboolean           _teller_sim_settings_param_get (TellerSimCamera   *camera,
                                                   TellerSimServer   *server,
                                                   SoupServerMessage *message,
                                                   const char        *type,
                                                   JsonNode          *body);

TellerSimSettings *_teller_sim_settings_get       (TellerSimCamera   *camera);
/* The device @camidx names (@fallback when absent), or NULL after answering the
 * error: "1" for a malformed index, "2" when the camera is not there or unplugged. */
SimDevice         *_teller_sim_settings_lookup    (TellerSimCamera   *camera,
                                                   TellerSimServer   *server,
                                                   SoupServerMessage *message,
                                                   JsonObject        *object,
                                                   guint              fallback);
SimDevice         *_teller_sim_settings_device    (TellerSimCamera   *camera,
                                                   guint              camidx);
const char        *_teller_sim_json_string        (JsonObject        *object,
                                                   const char        *name);
gboolean           _teller_sim_parse_uint         (const char        *text,
                                                   guint              min,
                                                   guint              max,
                                                   guint             *value);
void               _teller_sim_reply_success      (TellerSimServer   *server,
                                                   SoupServerMessage *message,
                                                   JsonBuilder       *builder);
JsonBuilder       *_teller_sim_begin_success      (void);

const SimSize     *_teller_sim_current_size      (const SimDevice   *device);
void               _teller_sim_fit_preview        (SimDevice         *device,
                                                   guint              width,
                                                   guint              height);
JsonObject        *_teller_sim_body_object        (JsonNode          *body);
void               _teller_sim_add_string         (JsonBuilder       *builder,
                                                   const char        *name,
                                                   const char        *value);
void               _teller_sim_add_int            (JsonBuilder       *builder,
                                                   const char        *name,
                                                   int                value);
void               _teller_sim_reply_bad_request  (TellerSimServer   *server,
                                                   SoupServerMessage *message,
                                                   const char        *text);
void               _teller_sim_reply_ok           (TellerSimServer   *server,
                                                   SoupServerMessage *message);

/* teller-sim-settings-param.c */
void               _teller_sim_param_set_cb       (TellerSimServer   *server,
                                                   SoupServerMessage *message,
                                                   const char        *route,
                                                   JsonNode          *body,
                                                   gpointer           user_data);
void               _teller_sim_cache_entry_free   (CacheEntry        *entry);

/* teller-sim-record.c */
void               _teller_sim_record_cb          (TellerSimServer   *server,
                                                   SoupServerMessage *message,
                                                   const char        *route,
                                                   JsonNode          *body,
                                                   gpointer           user_data);
void               _teller_sim_device_clear_record (SimDevice        *device);

G_END_DECLS
