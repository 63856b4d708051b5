/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>

#include "teller-camera-service.h"
#include "teller-image-tools.h"
#include "teller-sim.h"
#include "teller-sim-imagepro-private.h"

G_BEGIN_DECLS

/* The simulator tests' fixture (test-tools-sim.c), shared by test-tools-sim-errors.c. */

#define CALL_TIMEOUT_MS 5000
#define WAIT_MS (CALL_TIMEOUT_MS * 3)

/* Waits for the call started with &@pending and gives its result (still in @pending). */
#define AWAIT(pending) (test_wait_for_result (&(pending), WAIT_MS), (pending))

typedef struct
{
  TellerSim           *sim;
  TellerJsonClient    *client;
  TellerCameraService *camera;
  TellerSimImagepro   *imagepro;
  const char          *sandbox;
} ToolsSimFixture;

extern ToolsSimFixture fx;

void                  tools_sim_setup           (void);
void                  tools_sim_teardown        (void);
TCase                *tools_sim_errors_tcase    (void);

GPtrArray            *tools_sources_new         (void);
void                  tools_add_jpeg            (GPtrArray                  *sources,
                                                 int                         width,
                                                 int                         height);
/* A path in the simulator's sandbox, written with @contents unless NULL. */
char                 *tools_sandbox_file        (const char                 *name,
                                                 GBytes                     *contents);
void                  tools_assert_vendor_error (const GError               *error,
                                                 int                         kind,
                                                 const char                 *code);

TellerMergedDocument *tools_merge               (TellerMergeFormat           format,
                                                 GPtrArray                  *sources,
                                                 GError                    **error);
GPtrArray            *tools_process             (const TellerImageSource    *source,
                                                 const TellerProcessOptions *options,
                                                 GError                    **error);
TellerBarcodeResult  *tools_barcode             (const TellerBarcodeOptions *options,
                                                 GError                    **error);
TellerOcrResult      *tools_ocr                 (TellerOcrOutput             output,
                                                 GPtrArray                  *sources,
                                                 const char                 *output_file,
                                                 GError                    **error);

G_END_DECLS
