/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <json-glib/json-glib.h>

#include "teller-card-reader.h"
#include "teller-identity.h"

G_BEGIN_DECLS

/* The suites of the identity test; each file adds its own. */
Suite  *identity_object_suite  (void);   /* test-identity.c: TellerIdentity, services */
Suite  *identity_parse_suite   (void);   /* test-identity-parse.c: replies, bodies */
Suite  *identity_sim_suite     (void);   /* test-identity-sim.c: chapter 4 against the simulator */
Suite  *identity_bio_suite     (void);   /* test-identity-bio.c: chapters 7, 8 against it */
Suite  *identity_privacy_suite (void);   /* test-identity-privacy.c: nothing in the logs */

/* A JSON object fixture, failing the test when it does not parse. */
JsonObject *test_json_object   (const char *text);
/* A small PNG (a real image gdk-pixbuf decodes), and its base64. */
GBytes     *test_make_png      (void);
char       *test_make_png_base64 (void);
/* Every value under @node is a JSON string (CameraService requests, NOTES.md). */
void        test_assert_all_strings (JsonNode *node);
/* @error is a TELLER_ERROR of @kind. */
void        test_assert_error  (const GError *error,
                                int           kind);

G_END_DECLS
