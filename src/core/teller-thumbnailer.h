/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A thumbnail as premultiplied ARGB32 (cairo's layout, native endian), which the GUI
 * wraps as a GdkMemoryTexture without a copy.  Rendering runs in a worker thread:
 * images through gdk-pixbuf, PDFs (first page) through poppler.
 */
typedef struct
{
  GBytes *pixels;
  int     width;
  int     height;
  gsize   stride;
} TellerThumbnail;

void             teller_thumbnail_free         (TellerThumbnail *thumbnail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerThumbnail, teller_thumbnail_free)

TellerThumbnail *teller_thumbnail_render       (GFile               *file,
                                                int                  max_size,
                                                GCancellable        *cancellable,
                                                GError             **error);
void             teller_thumbnail_render_async (GFile               *file,
                                                int                  max_size,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TellerThumbnail *teller_thumbnail_render_finish (GAsyncResult       *result,
                                                 GError            **error);

G_END_DECLS
