/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "teller-image-tools.h"

G_BEGIN_DECLS

/*
 * The members that video=grabimage (chapter 3.3, table 1) and the image tools
 * (6.2, 6.4) share, built once for both: image_process_info, image_storage_info and
 * watermark.  Members go out in the table's order, every value as a string; an
 * integer that is TELLER_IMAGE_OPTION_UNSET and a NULL string are left out.
 */

void _teller_image_options_add_string     (JsonBuilder                 *builder,
                                           const char                  *name,
                                           const char                  *value);
void _teller_image_options_add_int        (JsonBuilder                 *builder,
                                           const char                  *name,
                                           int                          value);

void _teller_image_processing_init        (TellerImageProcessing       *processing);
void _teller_image_processing_clear       (TellerImageProcessing       *processing);
void _teller_image_storage_init           (TellerImageStorage          *storage);
void _teller_image_watermark_init         (TellerImageWatermark        *watermark);
void _teller_image_watermark_clear        (TellerImageWatermark        *watermark);

/* Always there, {} when nothing is set: without it grabimage falls back to v1.0. */
void _teller_image_options_add_processing (JsonBuilder                 *builder,
                                           const TellerImageProcessing *processing);
/* Only when a field is set. */
void _teller_image_options_add_storage    (JsonBuilder                 *builder,
                                           const TellerImageStorage    *storage);
/* Only when enabled; an unset content goes out as "", which stamps the time. */
void _teller_image_options_add_watermark  (JsonBuilder                 *builder,
                                           const TellerImageWatermark  *watermark);

G_END_DECLS
