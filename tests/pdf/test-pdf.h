/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

#include "teller-error.h"
#include "teller-pdf-writer.h"

G_BEGIN_DECLS

/*
 * Local PDF from images: page sizes, JPEGs passed through byte for byte, atomic
 * output.  One check suite, a test case a file, sharing these helpers.
 */

/* poppler-glib 22.12 defines no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define ASYNC_TIMEOUT_SECONDS 30

extern char *tmpdir;

/* The helpers of test-pdf.c, shared by its files. */
void setup (void);
void teardown (void);
char *tmp_path (const char *name);
guint count_entries (const char *path);
GBytes *read_bytes (const char *path);
void write_file (const char *path, const guint8 *data, gsize length);
char *make_image (const char *name, const char *type, int width, int height, int x_dpi, int y_dpi);
char *add_exif (const char *jpeg_path, const char *name, guint orientation, guint dpi, gboolean big_endian);
GFile **files_new (const char * const *paths, guint *n_files);
void files_free (GFile **files);
gboolean write_pdf (const char *output, const char * const *paths, GCancellable *cancellable, GError **error);
PopplerDocument *open_pdf (GBytes *pdf);
void assert_page_size (PopplerDocument *document, int index, double width, double height);
void assert_jpeg_stream_identical (GBytes *pdf, const char *jpeg_path);
guint count_occurrences (GBytes *pdf, const char *needle);
void assert_red (PopplerDocument *document, int index, double fx, double fy);
void assert_blue (PopplerDocument *document, int index, double fx, double fy);
void assert_untouched (const char *output, const char *old_content, guint n_entries);

/* One test case a file. */
TCase *pdf_pages_tcase (void);
TCase *pdf_errors_tcase (void);
TCase *pdf_cancel_tcase (void);
TCase *pdf_cli_tcase (void);

G_END_DECLS
