/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/*
 * GdkPixbuf's straight (non-premultiplied) 8-bit RGB(A) bytes as a new cairo image
 * surface in cairo's native-endian, premultiplied words.  @format is
 * CAIRO_FORMAT_ARGB32, or CAIRO_FORMAT_RGB24 for a pixbuf without alpha (a PDF then
 * stores no soft mask); the alpha byte is 0xFF for opaque pixels either way.  Check
 * the surface's status: it is in error when cairo cannot make one that large.
 */
cairo_surface_t *teller_pixbuf_to_cairo_surface (GdkPixbuf      *pixbuf,
                                                 cairo_format_t  format);

G_END_DECLS
