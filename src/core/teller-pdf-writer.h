/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Merges images into a PDF without the camera service: one page per image, sized
 * from the image's resolution.  JPEGs go in unchanged (their bytes are the page's
 * image stream); other formats are decoded and stored losslessly.  The PDF is
 * written beside @output and renamed over it once complete.
 */
gboolean teller_pdf_write_from_images        (GFile               *output,
                                              GFile * const       *images,
                                              guint                n_images,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* Runs teller_pdf_write_from_images() in a worker thread. */
void     teller_pdf_write_from_images_async  (GFile               *output,
                                              GFile * const       *images,
                                              guint                n_images,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean teller_pdf_write_from_images_finish (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
