/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Local edits of a document's image: rotate and crop rewrite the file in place
 * through teller_document_store_write_bytes() (temporary file, fsync, rename), so
 * an interrupted edit leaves the old image.  JPEGs are written at quality
 * TELLER_IMAGE_EDIT_JPEG_QUALITY and PNGs losslessly; resolution (DPI) and colour
 * profile are kept, and an EXIF orientation is applied first, so the pixels come out
 * upright.  Only JPEG and PNG are written: anything else is %G_IO_ERROR_NOT_SUPPORTED.
 * Decoding and encoding are slow for camera-sized images: use the _async calls,
 * which run in a worker thread.
 */

#define TELLER_IMAGE_EDIT_JPEG_QUALITY 92

/* Page size of teller_image_compose_a4(): A4 at 300 DPI. */
#define TELLER_IMAGE_A4_DPI    300
#define TELLER_IMAGE_A4_WIDTH  2480
#define TELLER_IMAGE_A4_HEIGHT 3508

/* TRUE for the content types the edits can write back (JPEG, PNG). */
gboolean teller_image_edit_can_edit (const char *content_type);

/* @degrees: 90 (clockwise), 180 or 270 (counter-clockwise). */
gboolean teller_image_edit_rotate        (GFile               *file,
                                          int                  degrees,
                                          GCancellable        *cancellable,
                                          GError             **error);
void     teller_image_edit_rotate_async  (GFile               *file,
                                          int                  degrees,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean teller_image_edit_rotate_finish (GAsyncResult        *result,
                                          GError             **error);

/* The rectangle is in pixels of the upright image and is clamped to it; an empty
 * result is %G_IO_ERROR_INVALID_ARGUMENT. */
gboolean teller_image_edit_crop          (GFile               *file,
                                          int                  x,
                                          int                  y,
                                          int                  width,
                                          int                  height,
                                          GCancellable        *cancellable,
                                          GError             **error);
void     teller_image_edit_crop_async    (GFile               *file,
                                          int                  x,
                                          int                  y,
                                          int                  width,
                                          int                  height,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean teller_image_edit_crop_finish   (GAsyncResult        *result,
                                          GError             **error);

/*
 * Lays @image (any format gdk-pixbuf reads) on a white A4 page, portrait, at its real
 * size (its DPI, 300 when it has none), shrunk to fit inside 15 mm margins, centred
 * across and a little above the middle.  Returns the page as a 300 DPI JPEG.
 */
GBytes  *teller_image_compose_a4         (GBytes              *image,
                                          GError             **error);
void     teller_image_compose_a4_async   (GBytes              *image,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GBytes  *teller_image_compose_a4_finish  (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
