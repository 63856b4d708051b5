/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-jpeg.h"

/*
 * JPEG marker segments (ITU T.81 annex B), JFIF's APP0 density and EXIF's APP1
 * resolution and orientation: read for the captures' sizes (teller-captured-image.c),
 * the pages of a PDF (teller-pdf-writer.c) and the simulator's comments.
 */

/* Below this a "density" is an aspect ratio or junk, not a resolution. */
#define MIN_DPI 10.0
#define CM_PER_INCH 2.54

#define MARKER_SOI 0xD8
#define MARKER_EOI 0xD9
#define MARKER_SOS 0xDA
#define MARKER_APP0 0xE0
#define MARKER_APP1 0xE1

static guint
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? ((guint) p[0] << 8) | p[1] : ((guint) p[1] << 8) | p[0];
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  if (big_endian)
    return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* ---- The segment walker ------------------------------------------------- */

gboolean
teller_jpeg_is_frame_marker (guint8 marker)
{
  return marker >= 0xC0 && marker <= 0xCF &&
         marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

/**
 * teller_jpeg_iter_init:
 * @iter: an iterator to set up
 * @data: (array length=size): the file
 * @size: its size
 *
 * Returns: %FALSE when @data does not start with SOI
 */
gboolean
teller_jpeg_iter_init (TellerJpegIter *iter,
                       const guint8   *data,
                       gsize           size)
{
  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  iter->data = data;
  iter->size = size;
  iter->pos = 2;
  iter->in_scan = FALSE;
  return size >= 2 && data[0] == 0xFF && data[1] == MARKER_SOI;
}

/* Inside a scan, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker;
 * anything else is the next marker.  Returns @size when the data ends first. */
static gsize
skip_entropy_coded_data (const guint8 *data,
                         gsize         size,
                         gsize         pos)
{
  while (pos < size)
    {
      const guint8 *ff = memchr (data + pos, 0xFF, size - pos);
      guint8 next;

      if (ff == NULL || (gsize) (ff - data) + 1 >= size)
        return size;

      pos = ff - data;
      next = data[pos + 1];
      if (next != 0x00 && (next < 0xD0 || next > 0xD7))
        return pos;
      pos += 2;
    }

  return size;
}

static gboolean
fail (TellerJpegProblem *problem,
      TellerJpegProblem  value)
{
  if (problem != NULL)
    *problem = value;
  return FALSE;
}

/* The next marker after any number of 0xFF fill bytes, past TEM and RSTn, which
 * stand alone; the position ends just after it. */
static gboolean
next_marker (TellerJpegIter    *iter,
             guint8            *marker,
             TellerJpegProblem *problem)
{
  const guint8 *data = iter->data;

  for (;;)
    {
      if (iter->pos >= iter->size)
        return fail (problem, TELLER_JPEG_TRUNCATED);
      if (data[iter->pos] != 0xFF)
        return fail (problem, TELLER_JPEG_DAMAGED);
      while (iter->pos < iter->size && data[iter->pos] == 0xFF)
        iter->pos++;
      if (iter->pos >= iter->size)
        return fail (problem, TELLER_JPEG_TRUNCATED);

      *marker = data[iter->pos++];
      if (*marker != 0x01 && (*marker < 0xD0 || *marker > 0xD7))
        return TRUE;
    }
}

/**
 * teller_jpeg_iter_next:
 * @iter: an iterator
 * @segment: (out): the segment
 * @problem: (out) (optional): what stopped the walk
 *
 * Returns: %TRUE with the next segment, EOI included; %FALSE when the data is
 *   damaged or ends early
 */
gboolean
teller_jpeg_iter_next (TellerJpegIter    *iter,
                       TellerJpegSegment *segment,
                       TellerJpegProblem *problem)
{
  guint8 marker;
  gsize length;

  g_return_val_if_fail (iter != NULL && segment != NULL, FALSE);

  if (iter->in_scan)
    {
      iter->pos = skip_entropy_coded_data (iter->data, iter->size, iter->pos);
      iter->in_scan = FALSE;
    }

  if (!next_marker (iter, &marker, problem))
    return FALSE;
  if (marker == 0x00 || marker == MARKER_SOI)
    return fail (problem, TELLER_JPEG_DAMAGED);

  memset (segment, 0, sizeof *segment);
  segment->marker = marker;
  if (marker == MARKER_EOI)
    {
      segment->end = iter->pos;
      return TRUE;
    }

  if (iter->size - iter->pos < 2)
    return fail (problem, TELLER_JPEG_TRUNCATED);
  length = read_u16 (iter->data + iter->pos, TRUE);
  if (length < 2)
    return fail (problem, TELLER_JPEG_BAD_SEGMENT);
  if (iter->size - iter->pos < length)
    return fail (problem, TELLER_JPEG_TRUNCATED);

  segment->payload = iter->data + iter->pos + 2;
  segment->length = length - 2;
  segment->end = iter->pos + length;
  iter->pos = segment->end;
  iter->in_scan = marker == MARKER_SOS;
  return TRUE;
}

/* ---- What the headers say ---------------------------------------------- */

static double
usable_dpi (double dpi)
{
  return dpi >= MIN_DPI ? dpi : 0.0;
}

/* Lf, P, Y, X, Nf: the first frame header gives the size. */
static TellerJpegProblem
read_frame_header (const TellerJpegSegment *segment,
                   TellerJpegInfo          *info)
{
  const guint8 *p = segment->payload;

  if (segment->length < 6)
    return TELLER_JPEG_BAD_FRAME;

  info->frame_marker = segment->marker;
  info->progressive = segment->marker == 0xC2 || segment->marker == 0xC6 ||
                      segment->marker == 0xCA || segment->marker == 0xCE;
  info->precision = p[0];
  info->height = read_u16 (p + 1, TRUE);
  info->width = read_u16 (p + 3, TRUE);
  info->components = p[5];
  return TELLER_JPEG_OK;
}

/* JFIF APP0: "JFIF\0", version, units (1 dots per inch, 2 per cm), x and y density. */
static void
read_jfif (const TellerJpegSegment *segment,
           double                  *x_dpi,
           double                  *y_dpi)
{
  const guint8 *p = segment->payload;
  double scale;

  if (segment->length < 12 || memcmp (p, "JFIF\0", 5) != 0)
    return;

  switch (p[7])
    {
    case 1: scale = 1.0; break;
    case 2: scale = CM_PER_INCH; break;
    default: return; /* 0: only an aspect ratio */
    }

  *x_dpi = usable_dpi (read_u16 (p + 8, TRUE) * scale);
  *y_dpi = usable_dpi (read_u16 (p + 10, TRUE) * scale);
}

static gboolean
is_exif (const TellerJpegSegment *segment)
{
  return segment->marker == MARKER_APP1 && segment->length >= 6 &&
         memcmp (segment->payload, "Exif\0\0", 6) == 0;
}

static double
read_rational (const guint8 *tiff,
               gsize         length,
               guint32       offset,
               gboolean      big_endian)
{
  guint32 denominator;

  if (offset > length - 8)
    return 0.0;

  denominator = read_u32 (tiff + offset + 4, big_endian);
  return denominator != 0 ? (double) read_u32 (tiff + offset, big_endian) / denominator : 0.0;
}

/* EXIF APP1: a TIFF structure whose first IFD holds the resolution and orientation. */
static void
read_exif (const TellerJpegSegment *segment,
           double                  *x_dpi,
           double                  *y_dpi,
           guint                   *orientation)
{
  const guint8 *tiff = segment->payload + 6;
  gsize tiff_length;
  double x_res = 0.0, y_res = 0.0, scale = 1.0;
  gboolean big_endian;
  guint32 ifd;
  guint n_entries;

  if (segment->length < 6 + 8)
    return;

  tiff_length = segment->length - 6;
  if (memcmp (tiff, "MM", 2) == 0)
    big_endian = TRUE;
  else if (memcmp (tiff, "II", 2) == 0)
    big_endian = FALSE;
  else
    return;

  ifd = read_u32 (tiff + 4, big_endian);
  if (read_u16 (tiff + 2, big_endian) != 42 || ifd > tiff_length - 2)
    return;

  n_entries = read_u16 (tiff + ifd, big_endian);
  for (guint i = 0; i < n_entries; i++)
    {
      gsize entry = ifd + 2 + (gsize) i * 12;
      const guint8 *value = tiff + entry + 8;
      guint tag, type;

      if (entry + 12 > tiff_length)
        break;

      tag = read_u16 (tiff + entry, big_endian);
      type = read_u16 (tiff + entry + 2, big_endian);
      if (tag == 0x0112 && type == 3)
        *orientation = read_u16 (value, big_endian);
      else if (tag == 0x0128 && type == 3)
        scale = read_u16 (value, big_endian) == 3 ? CM_PER_INCH : 1.0;
      else if (tag == 0x011A && type == 5)
        x_res = read_rational (tiff, tiff_length, read_u32 (value, big_endian), big_endian);
      else if (tag == 0x011B && type == 5)
        y_res = read_rational (tiff, tiff_length, read_u32 (value, big_endian), big_endian);
    }

  *x_dpi = usable_dpi (x_res * scale);
  *y_dpi = usable_dpi (y_res * scale);
}

typedef struct
{
  gboolean seen_frame;
  gboolean seen_scan;
  gboolean seen_exif;
  double   jfif_x;
  double   jfif_y;
  double   exif_x;
  double   exif_y;
} ReadState;

/* One segment's worth of information; TELLER_JPEG_OK to go on. */
static TellerJpegProblem
read_segment (const TellerJpegSegment *segment,
              ReadState               *state,
              TellerJpegInfo          *info)
{
  if (segment->marker == MARKER_APP0)
    {
      read_jfif (segment, &state->jfif_x, &state->jfif_y);
    }
  else if (is_exif (segment) && !state->seen_exif)
    {
      state->seen_exif = TRUE;
      read_exif (segment, &state->exif_x, &state->exif_y, &info->orientation);
    }
  else if (teller_jpeg_is_frame_marker (segment->marker) && !state->seen_frame)
    {
      state->seen_frame = TRUE;
      return read_frame_header (segment, info);
    }
  else if (segment->marker == MARKER_SOS)
    {
      if (!state->seen_frame)
        return TELLER_JPEG_NO_FRAME;
      state->seen_scan = TRUE;
    }

  return TELLER_JPEG_OK;
}

/* JFIF first, as libjpeg and img2pdf read it; EXIF when JFIF gives only a ratio. */
static void
choose_resolution (const ReadState *state,
                   TellerJpegInfo  *info)
{
  if (state->jfif_x > 0 && state->jfif_y > 0)
    {
      info->x_dpi = state->jfif_x;
      info->y_dpi = state->jfif_y;
    }
  else if (state->exif_x > 0 && state->exif_y > 0)
    {
      info->x_dpi = state->exif_x;
      info->y_dpi = state->exif_y;
    }
  if (info->orientation < 1 || info->orientation > 8)
    info->orientation = 1;
}

/**
 * teller_jpeg_read_info:
 * @data: (array length=size): the file
 * @size: its size
 * @mode: how far to read
 * @info: (out): what the headers say
 *
 * With %TELLER_JPEG_READ_WHOLE every marker up to EOI is walked, so a truncated or
 * damaged file is refused here rather than shown half grey by whoever decodes it.
 *
 * Returns: %TELLER_JPEG_OK, or what is wrong with the file
 */
TellerJpegProblem
teller_jpeg_read_info (const guint8       *data,
                       gsize               size,
                       TellerJpegReadMode  mode,
                       TellerJpegInfo     *info)
{
  ReadState state = { 0 };
  TellerJpegIter iter;
  TellerJpegSegment segment;
  TellerJpegProblem problem = TELLER_JPEG_OK;

  g_return_val_if_fail (info != NULL, TELLER_JPEG_NO_FRAME);

  memset (info, 0, sizeof *info);
  info->orientation = 1;
  if (!teller_jpeg_iter_init (&iter, data, size))
    return TELLER_JPEG_NO_FRAME;

  while (teller_jpeg_iter_next (&iter, &segment, &problem) && segment.marker != MARKER_EOI)
    {
      problem = read_segment (&segment, &state, info);
      if (problem != TELLER_JPEG_OK)
        return problem;
      if (mode == TELLER_JPEG_READ_HEADER && state.seen_frame)
        break;
    }
  if (problem != TELLER_JPEG_OK)
    return problem;

  if (!state.seen_frame)
    return TELLER_JPEG_NO_FRAME;
  if (mode == TELLER_JPEG_READ_WHOLE && !state.seen_scan)
    return TELLER_JPEG_NO_SCAN;
  /* A height of 0 defers it to a DNL marker, which nothing at a counter sends and PDF
   * readers do not support. */
  if (info->width == 0 || info->height == 0)
    return TELLER_JPEG_NO_SIZE;

  choose_resolution (&state, info);
  return TELLER_JPEG_OK;
}

const char *
teller_jpeg_problem_to_string (TellerJpegProblem problem)
{
  switch (problem)
    {
    case TELLER_JPEG_OK:
      return NULL;
    case TELLER_JPEG_TRUNCATED:
      return _("the file is truncated");
    case TELLER_JPEG_DAMAGED:
      return _("the data between two markers is damaged");
    case TELLER_JPEG_BAD_SEGMENT:
      return _("a marker segment is damaged");
    case TELLER_JPEG_BAD_FRAME:
      return _("the frame header is damaged");
    case TELLER_JPEG_NO_FRAME:
      return _("it has no frame header (SOF marker)");
    case TELLER_JPEG_NO_SCAN:
      return _("it holds no image data");
    case TELLER_JPEG_NO_SIZE:
      return _("the frame header gives no image size");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * teller_jpeg_get_size:
 *
 * Walks the marker segments from SOI to the first frame header (SOF0…SOF15, not
 * DHT, JPG or DAC) and reads its size, without decoding anything.
 *
 * Returns: %FALSE when @data is not a JPEG or has no frame header before the scan
 */
gboolean
teller_jpeg_get_size (const guint8 *data,
                      gsize         size,
                      int          *width,
                      int          *height)
{
  TellerJpegInfo info;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (teller_jpeg_read_info (data, size, TELLER_JPEG_READ_HEADER, &info) != TELLER_JPEG_OK)
    return FALSE;
  if (width != NULL)
    *width = (int) info.width;
  if (height != NULL)
    *height = (int) info.height;
  return TRUE;
}

/**
 * teller_image_type_sniff_data:
 *
 * Returns: (nullable): the camera service's image_type for the data's format, from
 *   its signature, or %NULL when it is none the service reads
 */
const char *
teller_image_type_sniff_data (const guint8 *data,
                              gsize         size)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size >= 3 && data[0] == 0xFF && data[1] == MARKER_SOI && data[2] == 0xFF)
    return "jpg";
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (size >= 2 && memcmp (data, "BM", 2) == 0)
    return "bmp";
  if (size >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "tif";
  return NULL;
}
