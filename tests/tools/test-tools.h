/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The three suites of the tools test; each file adds one. */
Suite     *tools_unit_suite (void);
Suite     *tools_sim_suite  (void);
Suite     *tools_cli_suite  (void);

/* A JSON fixture, failing the test when it does not parse. */
JsonNode  *test_parse_json  (const char *text);
/* Every value under @node is a JSON string (CameraService requests, NOTES.md). */
void       test_assert_all_strings (JsonNode *node);

/* A @width × @height JPEG: a colour gradient with a dark block, or plain white. */
GBytes    *test_make_jpeg   (int         width,
                             int         height,
                             gboolean    white);
/* The same with a JPEG comment, the simulator's recognition convention. */
GBytes    *test_make_jpeg_with_comment (int         width,
                                        int         height,
                                        const char *comment);
GdkPixbuf *test_decode      (GBytes     *bytes);
/* Pages of a PDF, by poppler; -1 when it does not open. */
int        test_pdf_page_count (GBytes  *bytes);
/* Pages of a TIFF, by walking its IFD chain; -1 when it is not one. */
int        test_tiff_page_count (GBytes *bytes);

G_END_DECLS
