/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-camera.h"

G_BEGIN_DECLS

/*
 * CameraService's WebSocket API (chapter 1: "HTTP 协议和 WebSocket 协议", port
 * 38088; chapter 3.3, table 3): a text message {"function": "grab_image",
 * "params": {table 1}} is answered with {"function": "grab_image", table 2}.
 *
 * Faults: route "ws:grab_image" (teller_sim_server_set_fault()) takes
 * "latency=MS", "code=CODE" (the error reply with CODE), "drop" (the WebSocket
 * is closed without an answer), "malformed" (a text message that is not JSON),
 * "stall" (no answer at all); "truncated" and "http500" close the WebSocket
 * with a server-error close code.
 */
#define TELLER_SIM_WEBSOCKET_ROUTE_GRAB_IMAGE "ws:grab_image"

/* Adds the WebSocket handler to the camera's @server. */
void _teller_sim_websocket_register (TellerSimServer *server,
                                     TellerSimCamera *camera);

G_END_DECLS
