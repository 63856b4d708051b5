/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "teller-camera-service.h"
#include "teller-capture-options.h"
#include "teller-error.h"
#include "teller-sim.h"
#include "teller-sim-camera.h"
#include "teller-sim-capture-private.h"
#include "test-util.h"

G_BEGIN_DECLS

/*
 * Image capture, video=grabimage: the request builder and the reply parser against
 * chapter 3.3's examples and appendix 13.1's v1.0 form, the client against the
 * simulator (real JPEGs, every option that shows in the image, every fault), against
 * a crafted server for replies no honest service sends, and `teller-cli camera
 * capture`.  One check suite, a test case a file, sharing these helpers.
 */

/* Generous: 8 MP and 12 MP captures run under AddressSanitizer too. */
#define CAPTURE_TIMEOUT_MS 30000

/* The simulator and a client of it (setup_sim()), or of the crafted server. */
typedef struct
{
  TellerSim           *sim;
  TellerJsonClient    *client;
  TellerCameraService *camera;
  char                *url;
} Fixture;

extern Fixture fixture;

/* The helpers of test-capture.c, shared by its files. */
JsonNode *parse (const char *text);
void assert_json_equal (JsonNode *expected, JsonNode *actual, const char *path);
GBytes *make_jpeg (int width, int height);
char *make_jpeg_base64 (int width, int height);
GdkPixbuf *decode_jpeg (GBytes *jpeg);
TellerSimCapture *sim_capture (void);
void setup_sim (void);
void teardown_sim (void);
void set_fault (const char *spec);
GPtrArray *capture_with (TellerCameraService *camera, const TellerCaptureOptions *options, GError **error);
GPtrArray *capture (const TellerCaptureOptions *options);
TellerCapturedImage *first (GPtrArray *images);
JsonNode *post_raw (const char *route, const char *body_text);

/* One test case a file. */
TCase *capture_request_tcase (void);
TCase *capture_reply_tcase (void);
TCase *capture_sim_tcase (void);
TCase *capture_crafted_tcase (void);
TCase *capture_cli_tcase (void);
TCase *capture_ws_tcase (void);

G_END_DECLS
