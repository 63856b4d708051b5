/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* One page: an image surface and how to place it (teller-pdf-writer-page.c). */
typedef struct
{
  cairo_surface_t *image;
  guint            width;
  guint            height;
  double           x_dpi;
  double           y_dpi;
  guint            orientation;
} TellerPdfPage;

/* Reads @file into @page: a baseline or progressive 8-bit JPEG rides as it is, any
 * other image gdk-pixbuf reads is decoded.  Clear the page either way. */
gboolean _teller_pdf_page_load     (TellerPdfPage        *page,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    GError              **error);
void     _teller_pdf_page_clear    (TellerPdfPage        *page);
/* In points, as the page is meant to be seen. */
void     _teller_pdf_page_get_size (const TellerPdfPage  *page,
                                    double               *width,
                                    double               *height);
void     _teller_pdf_page_draw     (const TellerPdfPage  *page,
                                    cairo_t              *cr);

G_END_DECLS
