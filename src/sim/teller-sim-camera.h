/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-server.h"

G_BEGIN_DECLS

#define TELLER_TYPE_SIM_CAMERA (teller_sim_camera_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimCamera, teller_sim_camera, TELLER, SIM_CAMERA, GObject)

TellerSimCamera *teller_sim_camera_new         (TellerSimServer *server);
gboolean         teller_sim_camera_get_plugged (TellerSimCamera *self);
void             teller_sim_camera_set_plugged (TellerSimCamera *self,
                                                gboolean         plugged);

/* The CameraService error envelope, {"code": CODE, "message": TEXT}, as a
 * #TellerSimErrorBuilder for teller_sim_server_new(). */
JsonNode        *teller_sim_camera_build_error (const char *route,
                                                const char *code,
                                                gpointer    user_data);

G_END_DECLS
