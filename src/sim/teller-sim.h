/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-camera.h"
#include "teller-sim-card.h"
#include "teller-sim-server.h"

G_BEGIN_DECLS

/* CameraService's documented port, which teller-devsim takes by default. */
#define TELLER_SIM_DEFAULT_CAMERA_PORT 38088

#define TELLER_TYPE_SIM (teller_sim_get_type ())
G_DECLARE_FINAL_TYPE (TellerSim, teller_sim, TELLER, SIM, GObject)

TellerSim       *teller_sim_new               (void);
gboolean         teller_sim_start             (TellerSim  *self,
                                               guint       camera_port,
                                               GError    **error);
TellerSimServer *teller_sim_get_camera_server (TellerSim  *self);
TellerSimCamera *teller_sim_get_camera        (TellerSim  *self);
TellerSimCardReader *teller_sim_get_card_reader (TellerSim *self);
char            *teller_sim_dup_camera_url    (TellerSim  *self);

G_END_DECLS
