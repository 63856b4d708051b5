/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "teller-camera-service.h"
#include "teller-image-tools.h"
#include "teller-transaction.h"

G_BEGIN_DECLS

/*
 * An ID card copy: the card's front above its back on one white A4 page, with an
 * optional watermark across both, added to the transaction as a document.  The
 * same merge (imagepro=merge_images, chapter 6.2) and A4 composition
 * (teller_image_compose_a4()) as the Transaction pane's ID Card Copy, so both look
 * alike; teller_identity_copy_merge_options_init() holds the shared layout.
 *
 * This is the only way identity data reaches the disk, and only on the operator's
 * word: the images go from memory to the service and back into the one document.
 */

/* The merge's layout: vertical, centred, margin, JPEG quality, and the watermark
 * (centred, translucent red) when @watermark is not NULL or empty. */
void            teller_identity_copy_merge_options_init (TellerMergeOptions   *options,
                                                         const char           *watermark);

void            teller_identity_copy_add_async          (TellerCameraService  *camera,
                                                         TellerTransaction    *transaction,
                                                         GBytes               *front,
                                                         GBytes               *back,
                                                         const char           *watermark,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
TellerDocument *teller_identity_copy_add_finish         (GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
