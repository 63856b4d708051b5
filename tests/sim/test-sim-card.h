/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "test-sim-util.h"

G_BEGIN_DECLS

/* Shared by the card=, face= and fp= tests (test-sim-card*.c). */

/* POSTs @body to /__sim/card and expects code "0". */
JsonObject *control            (const char         *body);
/* @code, and @message (any non-empty one when NULL). */
void        assert_error       (JsonObject         *reply,
                                const char         *code,
                                const char         *message);
/* Every member is a string; with @names, exactly those members. */
void        assert_all_strings (JsonObject         *object,
                                const char * const *names);
const char *member             (JsonObject         *object,
                                const char         *name);
GBytes     *decode_base64      (const char         *text);
/* NULL when gdk-pixbuf cannot load it; else of @expected_format (when given). */
GdkPixbuf  *load_image         (const char         *base64,
                                const char         *expected_format);
void        assert_jpeg        (const char         *base64,
                                int                 width,
                                int                 height);
/* Mean absolute difference of two same-sized pictures, 0-255. */
double      picture_difference (const char         *a,
                                const char         *b);
/* Starts a POST; the reply fills in as the main context runs. */
Reply      *post_async         (const char         *path,
                                const char         *body);

Suite      *card_biometrics_suite (void);

G_END_DECLS
