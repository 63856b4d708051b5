/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-camera.h"

G_BEGIN_DECLS

/*
 * The simulated camera's device settings (video=record, video=setproperty,
 * video=getproperty, param=set and param=get of 001_5b286aac9e459b89.txt), read
 * back by tests and integrators without going through HTTP.  @camidx 0 is the
 * document camera, 1 the portrait camera; there is no camera 2.
 */

#define TELLER_SIM_SETTINGS_N_CAMERAS 2

gboolean    teller_sim_settings_get_resolution         (TellerSimCamera *camera,
                                                        guint            camidx,
                                                        guint           *width,
                                                        guint           *height);
gboolean    teller_sim_settings_get_preview_resolution (TellerSimCamera *camera,
                                                        guint            camidx,
                                                        guint           *width,
                                                        guint           *height);
guint       teller_sim_settings_get_frame_rate         (TellerSimCamera *camera,
                                                        guint            camidx);
const char *teller_sim_settings_get_video_format       (TellerSimCamera *camera,
                                                        guint            camidx);
/* FALSE for a property the camera does not have (pan, tilt, roll, iris). */
gboolean    teller_sim_settings_get_property           (TellerSimCamera *camera,
                                                        guint            camidx,
                                                        const char      *name,
                                                        int             *value,
                                                        gboolean        *is_auto);
gboolean    teller_sim_settings_get_cut_page           (TellerSimCamera *camera,
                                                        gboolean        *multi_object,
                                                        double          *cut_ratio);
gboolean    teller_sim_settings_get_sign_screen_mouse  (TellerSimCamera *camera);
/* (nullable): the cached value of @key */
const char *teller_sim_settings_get_cache_value        (TellerSimCamera *camera,
                                                        const char      *key);
/* (nullable): the file of the running recording */
const char *teller_sim_settings_get_recording_path     (TellerSimCamera *camera,
                                                        guint            camidx);

G_END_DECLS
