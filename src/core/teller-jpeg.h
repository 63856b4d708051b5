/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * JPEG headers, read without decoding: one marker-segment walker (the iterator) and
 * what the captures, the PDF writer and the simulator want from it.
 */

/* What is wrong with a file; teller_jpeg_problem_to_string() says it to a person. */
typedef enum
{
  TELLER_JPEG_OK,
  TELLER_JPEG_TRUNCATED,      /* the data ends inside a segment or before EOI */
  TELLER_JPEG_DAMAGED,        /* no marker where one must be, or a second SOI */
  TELLER_JPEG_BAD_SEGMENT,    /* a segment length below 2 */
  TELLER_JPEG_BAD_FRAME,      /* a frame header too short to hold the size */
  TELLER_JPEG_NO_FRAME,       /* no SOI, or a scan or the end before any SOFn */
  TELLER_JPEG_NO_SCAN,        /* EOI without any scan */
  TELLER_JPEG_NO_SIZE,        /* a width or height of 0 (a DNL, which nothing here reads) */
} TellerJpegProblem;

/* One marker segment; standalone markers (TEM, RSTn) are skipped. */
typedef struct
{
  guint8        marker;   /* 0xC0 SOF0 … 0xFE COM; 0xD9 for EOI */
  const guint8 *payload;  /* after the length field; NULL for EOI */
  gsize         length;   /* of the payload */
  gsize         end;      /* offset just past the segment */
} TellerJpegSegment;

typedef struct
{
  /*< private >*/
  const guint8 *data;
  gsize         size;
  gsize         pos;
  gboolean      in_scan;
} TellerJpegIter;

/* FALSE when @data does not start with SOI. */
gboolean    teller_jpeg_iter_init  (TellerJpegIter    *iter,
                                    const guint8      *data,
                                    gsize              size);
/* The next segment, stepping over a scan's entropy-coded data after SOS; FALSE with
 * @problem set when the walk cannot go on.  Stop at EOI. */
gboolean    teller_jpeg_iter_next  (TellerJpegIter    *iter,
                                    TellerJpegSegment *segment,
                                    TellerJpegProblem *problem);

/* SOF0…SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
gboolean    teller_jpeg_is_frame_marker (guint8 marker);

typedef struct
{
  guint    width;
  guint    height;
  guint    components;
  guint    precision;     /* bits per sample */
  guint8   frame_marker;  /* 0xC0 baseline, 0xC1 extended, 0xC2 progressive… */
  gboolean progressive;
  double   x_dpi;         /* JFIF density, else EXIF resolution; 0 when neither is usable */
  double   y_dpi;
  guint    orientation;   /* EXIF 0x0112, 1 … 8; 1 when absent */
} TellerJpegInfo;

typedef enum
{
  TELLER_JPEG_READ_HEADER, /* up to the first frame header: enough for the size */
  TELLER_JPEG_READ_WHOLE,  /* every marker up to EOI, so a truncated file is refused */
} TellerJpegReadMode;

TellerJpegProblem teller_jpeg_read_info (const guint8       *data,
                                         gsize               size,
                                         TellerJpegReadMode  mode,
                                         TellerJpegInfo     *info);
/* Translated, e.g. "the file is truncated"; NULL for TELLER_JPEG_OK. */
const char       *teller_jpeg_problem_to_string (TellerJpegProblem problem);

/* The width and height of a JPEG's first frame header (SOFn), without decoding. */
gboolean          teller_jpeg_get_size  (const guint8       *data,
                                         gsize               size,
                                         int                *width,
                                         int                *height);

/* The image_type of data from its signature: "jpg", "png", "bmp", "tif" or NULL. */
const char       *teller_image_type_sniff_data (const guint8 *data,
                                                gsize         size);

G_END_DECLS
