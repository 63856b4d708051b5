/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

/* The reply's images, and the readers the capture shares with the image tools. */
#include "teller-base64.h"
#include "teller-captured-image.h"
#include "teller-jpeg.h"

G_BEGIN_DECLS

/*
 * The request of video=grabimage (001_5b286aac9e459b89.txt, chapter 3.3, table 1);
 * the images it answers with are TellerCapturedImage (teller-captured-image.h).
 *
 * Every numeric or yes/no field may be TELLER_CAPTURE_UNSET, which leaves it out
 * of the request so the service applies its documented default; strings are left
 * out when NULL.  The request always carries "image_process_info" ({} when empty),
 * which is what selects the v1.5 interface.
 */

#define TELLER_CAPTURE_UNSET (-1)

typedef enum
{
  TELLER_CAPTURE_CUT_NONE = 0,    /* "0" 不切边 */
  TELLER_CAPTURE_CUT_AUTO = 1,    /* "1" 自动切边 */
  TELLER_CAPTURE_CUT_CUSTOM = 2,  /* "2" 自定义切边, needs custom_rect */
  TELLER_CAPTURE_CUT_BOOK = 3,    /* "3" 书刊展平 */
  TELLER_CAPTURE_CUT_FACE = 4,    /* "4" 人脸切边 */
} TellerCaptureCut;

typedef enum
{
  TELLER_CAPTURE_COLOR_COLOR = 0,
  TELLER_CAPTURE_COLOR_GREY = 1,
  TELLER_CAPTURE_COLOR_BLACK_WHITE = 2,
} TellerCaptureColor;

typedef enum
{
  TELLER_CAPTURE_DOCUMENT_WHITE = 0, /* white-background print, A4 */
  TELLER_CAPTURE_DOCUMENT_COLOR = 1, /* colour page, the service's default */
  TELLER_CAPTURE_DOCUMENT_CARD = 2,  /* identity card */
} TellerCaptureDocumentType;

typedef enum
{
  TELLER_CAPTURE_PRESET_DOCUMENT,
  TELLER_CAPTURE_PRESET_ID_CARD,
  TELLER_CAPTURE_PRESET_BOOK,
  TELLER_CAPTURE_PRESET_PHOTO,
} TellerCapturePreset;

typedef enum
{
  TELLER_WATERMARK_TOP_LEFT = 0,
  TELLER_WATERMARK_TOP_RIGHT = 1,
  TELLER_WATERMARK_BOTTOM_LEFT = 2,
  TELLER_WATERMARK_BOTTOM_RIGHT = 3,
  TELLER_WATERMARK_CENTER = 4,
} TellerWatermarkPosition;

/* custom_rect: edges are "100px", "5%" or a bare number (pixels); angle in degrees. */
typedef struct
{
  char *left;
  char *top;
  char *right;
  char *bottom;
  char *angle;
} TellerCaptureRect;

typedef struct
{
  gboolean  enabled;
  int       pos;           /* TellerWatermarkPosition */
  char     *content;       /* UTF-8; "" or NULL stamps the current time */
  int       transparency;  /* 0 transparent … 255 opaque */
  int       fontsize;      /* 1 … 3000 */
  char     *font;
  char     *color;         /* e.g. "red" (figure 1) */
} TellerCaptureWatermark;

typedef struct
{
  int                     camidx;        /* 0 document camera, 1 face, 2 second face */
  int                     make_uuid;     /* 1: images come with a uuid and the service's path */

  /* image_process_info */
  int                     cut_type;      /* TellerCaptureCut */
  int                     multi_object;
  int                     rotate;        /* a multiple of 90 */
  int                     fixed_width;   /* 0 … 6000, with cut_type 1 or 4 */
  int                     fixed_height;
  int                     split_page;
  int                     reduce_shadow;
  int                     color_type;    /* TellerCaptureColor */
  int                     remove_black_edge;
  int                     rect_correct;
  int                     correct_idcard_direction;
  int                     document_type; /* TellerCaptureDocumentType */
  TellerCaptureRect       custom_rect;   /* sent when any edge is set */

  /* image_storage_info */
  int                     xdpi;          /* 1 … 65535 (the JFIF density field) */
  int                     ydpi;
  int                     jpg_quality;   /* 10 … 100 */
  gint64                  max_file_size; /* bytes, 0 no limit */

  TellerCaptureWatermark  watermark;
} TellerCaptureOptions;

#define TELLER_TYPE_CAPTURE_OPTIONS (teller_capture_options_get_type ())
GType                 teller_capture_options_get_type   (void) G_GNUC_CONST;

TellerCaptureOptions *teller_capture_options_new        (void);
TellerCaptureOptions *teller_capture_options_new_preset (TellerCapturePreset          preset);
TellerCaptureOptions *teller_capture_options_copy       (const TellerCaptureOptions *options);
void                  teller_capture_options_free       (TellerCaptureOptions       *options);

gboolean              teller_capture_options_validate   (const TellerCaptureOptions *options,
                                                         GError                    **error);
/* The request body, or %NULL with %TELLER_ERROR_INVALID_INPUT. */
JsonNode             *teller_capture_options_to_json    (const TellerCaptureOptions *options,
                                                         GError                    **error);

gboolean              teller_capture_preset_from_string (const char                 *name,
                                                         TellerCapturePreset        *preset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCaptureOptions, teller_capture_options_free)

G_END_DECLS
