/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-camera.h"

G_BEGIN_DECLS

/*
 * Image capture, POST /video=grabimage (chapter 3.3 and appendix 13.1), and its
 * control route POST /__sim/capture:
 *
 *   {"reply_form": "auto" | "v1.0",   answer v1.5 requests in the v1.0 form, as
 *                                     older service builds do (NOTES.md)
 *    "frame_width": 4000,             the document camera's frame, 320 to 6000
 *    "frame_height": 3000}            (default 3264 × 2448, about 8 MP)
 *
 * Every member is optional; the reply is {"code": "0"}, or "1" with a message.
 */

#define TELLER_SIM_CAPTURE_DEFAULT_WIDTH  3264
#define TELLER_SIM_CAPTURE_DEFAULT_HEIGHT 2448

#define TELLER_TYPE_SIM_CAPTURE (teller_sim_capture_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimCapture, teller_sim_capture, TELLER, SIM_CAPTURE, GObject)

/* Adds both routes to @server; the server owns the capture from then on. */
void              _teller_sim_capture_register (TellerSimServer *server,
                                                TellerSimCamera *camera);
/* (transfer none): the capture registered on @server, or %NULL */
TellerSimCapture *_teller_sim_capture_get      (TellerSimServer *server);

G_END_DECLS
