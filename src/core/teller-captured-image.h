/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One image object of chapter 3.3's table 2: an image of a capture, or of an image
 * tool's reply (chapter 6 answers "the same as capture").  TellerToolImage
 * (teller-camera-service.h) names the same struct, hence its tag.
 */
typedef struct _TellerToolImage TellerCapturedImage;

struct _TellerToolImage
{
  GBytes *jpeg;       /* NULL only for a tool's image that came as a path alone */
  int     index;
  int     width;      /* from the JPEG's frame header; 0 without a JPEG */
  int     height;
  char   *filepath;   /* the service's own path, when make_uuid was "1" (v1.0: always) */
  char   *uuid;
  GBytes *thumbnail;  /* v1.0 replies only: a small JPEG */
};

typedef enum
{
  TELLER_IMAGE_PARSE_DEFAULT = 0,             /* every image carries its JPEG */
  TELLER_IMAGE_PARSE_PATH_ONLY_OK = 1 << 0,   /* a "filepath" may stand in for it */
} TellerImageParseFlags;

#define TELLER_TYPE_CAPTURED_IMAGE (teller_captured_image_get_type ())
GType                teller_captured_image_get_type (void) G_GNUC_CONST;
TellerCapturedImage *teller_captured_image_copy     (const TellerCapturedImage *image);
void                 teller_captured_image_free     (TellerCapturedImage       *image);

/*
 * Reads one image object: its "index" (@position when absent), "filepath", "uuid" and
 * "base64", which must decode to a JPEG whose size is read.  %NULL with
 * %TELLER_ERROR_BAD_RESPONSE otherwise.
 */
TellerCapturedImage *teller_captured_image_parse        (JsonObject            *object,
                                                         guint                  position,
                                                         TellerImageParseFlags  flags,
                                                         GError               **error);
/* Every element of an "images" array, in order; "image_count" is not read: the
 * array is what arrived.  A GPtrArray of TellerCapturedImage. */
GPtrArray           *teller_captured_images_parse_array (JsonArray             *array,
                                                         TellerImageParseFlags  flags,
                                                         GError               **error);

/*
 * Reads a successful video=grabimage reply, v1.5 ("images") or v1.0 ("photoBase64"),
 * decoding and checking every image: the result is a GPtrArray of
 * TellerCapturedImage, freed with its elements.  Blocking on large replies: call it
 * from a worker thread.
 */
GPtrArray           *teller_captured_images_parse       (JsonObject            *reply,
                                                         GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCapturedImage, teller_captured_image_free)

G_END_DECLS
