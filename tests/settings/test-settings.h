/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>

#include "teller-camera-service.h"
#include "teller-error.h"
#include "teller-sim.h"
#include "teller-sim-settings.h"
#include "test-util.h"

G_BEGIN_DECLS

#define CALL_TIMEOUT_MS 2000

/* The in-process simulator and a camera service pointed at it (test-settings.c). */
typedef struct
{
  TellerSim           *sim;
  TellerJsonClient    *client;
  TellerCameraService *camera;
  char                *url;
} SettingsFixture;

extern SettingsFixture fixture;

void             settings_setup        (void);
void             settings_teardown     (void);
JsonNode        *settings_parse        (const char *text);
/* @node equals the JSON @expected, member by member (order aside). */
void             settings_assert_json  (JsonNode   *node,
                                        const char *expected);
void             settings_set_fault    (const char *route,
                                        const char *spec);
guint            settings_request_count (const char *route);
void             settings_set_plugged  (gboolean    plugged);
TellerSimCamera *settings_sim_camera   (void);
/* Waits for the async call that stores its result in *@result. */
void             settings_wait         (GAsyncResult **result);
/* @error is a TELLER_ERROR of @kind and, when @code is not NULL, carries that vendor code. */
void             settings_assert_error (const GError *error,
                                        TellerError   kind,
                                        const char   *code);

TCase *settings_parse_tcase      (void);
TCase *settings_builders_tcase   (void);
TCase *settings_sim_tcase        (void);
TCase *settings_sim_record_tcase (void);
TCase *settings_cli_tcase        (void);

G_END_DECLS
