/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "teller-error.h"
#include "teller-pdf-writer.h"

/* The camera service's default storage resolution, so a capture without a density
 * still prints at the size the counter scanned it. */
#define DEFAULT_DPI 200.0
/* Below this a "density" is an aspect ratio or junk, not a resolution. */
#define MIN_DPI 10.0
#define POINTS_PER_INCH 72.0
#define CM_PER_INCH 2.54
#define OUTPUT_BUFFER_SIZE (256 * 1024)
/* Cairo hands a JPEG to its output in one write with a 32-bit length. */
#define MAX_IMAGE_FILE_SIZE ((goffset) 1 << 30)

/* What the file itself says; the resolutions are 0 when it says nothing usable. */
typedef struct
{
  guint  width;
  guint  height;
  guint  components;
  guint  precision;
  guint8 frame_marker;
  double x_dpi;
  double y_dpi;
  guint  orientation;
} JpegInfo;

/* One page: an image surface and how to place it. */
typedef struct
{
  cairo_surface_t *image;
  guint            width;
  guint            height;
  double           x_dpi;
  double           y_dpi;
  guint            orientation;
} Page;

/* The temporary file the PDF grows in, beside the destination. */
typedef struct
{
  char     *path;
  char     *tmp_path;
  FILE     *file;
  int       saved_errno;
  gboolean  abandoned;
} PdfOutput;

typedef struct
{
  GFile     *output;
  GPtrArray *images;
} WriteData;

/* ---- Reading JPEG headers ---------------------------------------------- */

static guint
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0];
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]
                    : ((guint32) p[3] << 24) | (p[2] << 16) | (p[1] << 8) | p[0];
}

static double
usable_dpi (double dpi)
{
  return dpi >= MIN_DPI ? dpi : 0.0;
}

/* JFIF APP0: "JFIF\0", version, units (1 dots per inch, 2 per cm), x and y density. */
static void
parse_jfif (const guint8 *segment,
            gsize         length,
            double       *x_dpi,
            double       *y_dpi)
{
  double scale;

  if (length < 12 || memcmp (segment, "JFIF\0", 5) != 0)
    return;

  switch (segment[7])
    {
    case 1: scale = 1.0; break;
    case 2: scale = CM_PER_INCH; break;
    default: return; /* 0: only an aspect ratio */
    }

  *x_dpi = usable_dpi (read_u16 (segment + 8, TRUE) * scale);
  *y_dpi = usable_dpi (read_u16 (segment + 10, TRUE) * scale);
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
parse_exif (const guint8 *segment,
            gsize         length,
            double       *x_dpi,
            double       *y_dpi,
            guint        *orientation)
{
  const guint8 *tiff = segment + 6;
  gsize tiff_length;
  double x_res = 0.0, y_res = 0.0, scale = 1.0;
  gboolean big_endian;
  guint32 ifd;
  guint n_entries;

  if (length < 6 + 8 || memcmp (segment, "Exif\0\0", 6) != 0)
    return;

  tiff_length = length - 6;
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

static gboolean
is_frame_marker (guint8 marker)
{
  /* SOF0..SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  return marker >= 0xC0 && marker <= 0xCF &&
         marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

/* Inside a scan, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker;
 * anything else is the next marker.  Returns @length when the data ends first. */
static gsize
skip_entropy_coded_data (const guint8 *data,
                         gsize         length,
                         gsize         pos)
{
  while (pos < length)
    {
      const guint8 *ff = memchr (data + pos, 0xFF, length - pos);
      guint8 next;

      if (ff == NULL || (gsize) (ff - data) + 1 >= length)
        return length;

      pos = ff - data;
      next = data[pos + 1];
      if (next != 0x00 && (next < 0xD0 || next > 0xD7))
        return pos;
      pos += 2;
    }

  return length;
}

/* Walks every marker up to EOI, so a truncated or damaged file is refused here
 * rather than shown half grey by the reader of the PDF.  Returns NULL when the file
 * is whole, or what is wrong with it. */
static const char *
parse_jpeg (const guint8 *data,
            gsize         length,
            JpegInfo     *info)
{
  double jfif_x = 0.0, jfif_y = 0.0, exif_x = 0.0, exif_y = 0.0;
  gboolean seen_frame = FALSE, seen_scan = FALSE, seen_exif = FALSE;
  gsize pos = 2;

  memset (info, 0, sizeof *info);
  info->orientation = 1;

  for (;;)
    {
      const guint8 *segment;
      gsize segment_length;
      guint8 marker;

      if (pos >= length)
        return _("the file is truncated");
      if (data[pos] != 0xFF)
        return _("the data between two markers is damaged");
      /* Any number of 0xFF fill bytes may precede a marker. */
      while (pos < length && data[pos] == 0xFF)
        pos++;
      if (pos >= length)
        return _("the file is truncated");

      marker = data[pos++];
      if (marker == 0xD9) /* EOI */
        break;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) /* TEM, RSTn: no length */
        continue;
      if (marker == 0x00 || marker == 0xD8)
        return _("the data between two markers is damaged");

      if (length - pos < 2)
        return _("the file is truncated");
      segment_length = read_u16 (data + pos, TRUE);
      if (segment_length < 2)
        return _("a marker segment is damaged");
      if (length - pos < segment_length)
        return _("the file is truncated");

      segment = data + pos + 2;
      segment_length -= 2;
      pos += segment_length + 2;

      if (marker == 0xE0)
        parse_jfif (segment, segment_length, &jfif_x, &jfif_y);
      else if (marker == 0xE1 && !seen_exif && segment_length >= 6 &&
               memcmp (segment, "Exif\0\0", 6) == 0)
        {
          seen_exif = TRUE;
          parse_exif (segment, segment_length, &exif_x, &exif_y, &info->orientation);
        }
      else if (is_frame_marker (marker) && !seen_frame)
        {
          if (segment_length < 6)
            return _("the frame header is damaged");
          seen_frame = TRUE;
          info->frame_marker = marker;
          info->precision = segment[0];
          info->height = read_u16 (segment + 1, TRUE);
          info->width = read_u16 (segment + 3, TRUE);
          info->components = segment[5];
        }
      else if (marker == 0xDA) /* SOS */
        {
          if (!seen_frame)
            return _("it has no frame header (SOF marker)");
          seen_scan = TRUE;
          pos = skip_entropy_coded_data (data, length, pos);
        }
    }

  if (!seen_frame)
    return _("it has no frame header (SOF marker)");
  if (!seen_scan)
    return _("it holds no image data");
  /* A height of 0 defers it to a DNL marker, which PDF readers do not support. */
  if (info->width == 0 || info->height == 0)
    return _("the frame header gives no image size");

  /* JFIF first, as libjpeg and img2pdf read it; EXIF when JFIF gives only a ratio. */
  info->x_dpi = jfif_x > 0 && jfif_y > 0 ? jfif_x : exif_x > 0 && exif_y > 0 ? exif_x : 0.0;
  info->y_dpi = jfif_x > 0 && jfif_y > 0 ? jfif_y : exif_x > 0 && exif_y > 0 ? exif_y : 0.0;
  if (info->orientation < 1 || info->orientation > 8)
    info->orientation = 1;

  return NULL;
}

/* What both PDF's DCTDecode and cairo's JPEG pass-through take: Huffman-coded
 * baseline, extended or progressive, 8 bits, grey or colour.  Cairo would fall back
 * to the (blank) pixels for anything else, so those files are decoded instead. */
static gboolean
jpeg_can_pass_through (const JpegInfo *info)
{
  return info->frame_marker <= 0xC2 && info->precision == 8 &&
         (info->components == 1 || info->components == 3);
}

/* ---- Loading pages ----------------------------------------------------- */

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->image, cairo_surface_destroy);
}

static void
set_image_error (GError     **error,
                 GFile       *file,
                 GQuark       domain,
                 int          code,
                 const char  *detail)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, domain, code, _("Could not read “%s”: %s"), name, detail);
}

/* Reads to the end rather than trusting the size, so a pipe (`<(…)`) works too. */
static GBytes *
read_local_file (GFile       *file,
                 const char  *path,
                 GError     **error)
{
  g_autofree guint8 *buffer = NULL;
  gsize capacity, done = 0;
  struct stat st;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    goto failed;

  capacity = S_ISREG (st.st_mode) ? (gsize) MIN (st.st_size, MAX_IMAGE_FILE_SIZE) + 1
                                  : 64 * 1024;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (done == capacity)
        {
          if (capacity > MAX_IMAGE_FILE_SIZE)
            {
              set_image_error (error, file, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("the file is too large"));
              close (fd);
              return NULL;
            }
          capacity = MIN (capacity * 2, (gsize) MAX_IMAGE_FILE_SIZE + 1);
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + done, capacity - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      if (n == 0)
        break;
      done += n;
    }
  close (fd);

  return g_bytes_new_take (g_steal_pointer (&buffer), done);

failed:
  saved_errno = errno;
  set_image_error (error, file, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   g_strerror (saved_errno));
  if (fd >= 0)
    close (fd);
  return NULL;
}

/* Local files (and pipes) directly, with plain messages; any other through GIO. */
static GBytes *
read_image_file (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (path != NULL)
    return read_local_file (file, path, error);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      set_image_error (error, file, local_error->domain, local_error->code,
                       local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static gboolean
check_surface (cairo_surface_t  *surface,
               GFile            *file,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  set_image_error (error, file, G_IO_ERROR,
                   status == CAIRO_STATUS_INVALID_SIZE ? G_IO_ERROR_NOT_SUPPORTED
                                                       : G_IO_ERROR_FAILED,
                   status == CAIRO_STATUS_INVALID_SIZE ? _("the image is too large")
                                                       : cairo_status_to_string (status));
  return FALSE;
}

/*
 * The JPEG rides on a one-pixel surface as MIME data: cairo's PDF backend writes the
 * file's bytes as the image stream, with the width and height its header gives, and
 * never reads a pixel.  The pixel only sets the unit square the image is drawn into,
 * as every PDF image is (page_draw() scales it to the page).  A surface of the
 * JPEG's own size would cost the same PDF plus a 15 MB copy per A4 page, which cairo
 * makes when it records the page: most of the time it takes to write the PDF.
 */
static gboolean
page_load_jpeg (Page            *page,
                GFile           *file,
                GBytes          *bytes,
                const JpegInfo  *info,
                GError         **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  cairo_status_t status;

  page->image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  if (!check_surface (page->image, file, error))
    return FALSE;

  status = cairo_surface_set_mime_data (page->image, CAIRO_MIME_TYPE_JPEG, data, length,
                                        (cairo_destroy_func_t) g_bytes_unref,
                                        g_bytes_ref (bytes));
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_bytes_unref (bytes);
      set_image_error (error, file, G_IO_ERROR, G_IO_ERROR_FAILED,
                       cairo_status_to_string (status));
      return FALSE;
    }

  page->width = info->width;
  page->height = info->height;
  page->x_dpi = info->x_dpi;
  page->y_dpi = info->y_dpi;
  page->orientation = info->orientation;

  return TRUE;
}

static double
pixbuf_option_double (GdkPixbuf  *pixbuf,
                      const char *key)
{
  const char *value = gdk_pixbuf_get_option (pixbuf, key);

  return value != NULL ? g_ascii_strtod (value, NULL) : 0.0;
}

/* GdkPixbuf's non-premultiplied RGB(A) to cairo's native-endian, premultiplied ARGB. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface;
  guint8 *dst;
  int dst_stride;

  surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                        width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize) y * src_stride;
      guint32 *d = (guint32 *) (gpointer) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++, s += n_channels)
        {
          guint a = alpha ? s[3] : 0xFF;
          guint r = (s[0] * a + 127) / 255;
          guint g = (s[1] * a + 127) / 255;
          guint b = (s[2] * a + 127) / 255;

          d[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Any other format gdk-pixbuf reads: decoded and stored losslessly by cairo. */
static gboolean
page_load_decoded (Page          *page,
                   GFile         *file,
                   GBytes        *bytes,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *orientation;

  pixbuf = gdk_pixbuf_new_from_stream (stream, cancellable, &local_error);
  if (pixbuf == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_image_error (error, file, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         local_error->message);
      return FALSE;
    }

  page->image = surface_from_pixbuf (pixbuf);
  if (!check_surface (page->image, file, error))
    return FALSE;

  orientation = gdk_pixbuf_get_option (pixbuf, "orientation");
  page->width = gdk_pixbuf_get_width (pixbuf);
  page->height = gdk_pixbuf_get_height (pixbuf);
  page->x_dpi = usable_dpi (pixbuf_option_double (pixbuf, "x-dpi"));
  page->y_dpi = usable_dpi (pixbuf_option_double (pixbuf, "y-dpi"));
  page->orientation = orientation != NULL ? (guint) g_ascii_strtoull (orientation, NULL, 10) : 1;
  if (page->orientation < 1 || page->orientation > 8)
    page->orientation = 1;

  return TRUE;
}

static gboolean
page_load (Page          *page,
           GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GBytes) bytes = read_image_file (file, cancellable, error);
  const guint8 *data;
  gsize length;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      JpegInfo info;
      const char *problem = parse_jpeg (data, length, &info);

      if (problem != NULL)
        {
          g_autofree char *name = g_file_get_parse_name (file);

          /* Translators: the second %s says what is wrong, e.g. "the file is truncated". */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” is not a usable JPEG image: %s"), name, problem);
          return FALSE;
        }

      if (jpeg_can_pass_through (&info))
        return page_load_jpeg (page, file, bytes, &info, error);
    }

  return page_load_decoded (page, file, bytes, cancellable, error);
}

/* ---- Drawing ----------------------------------------------------------- */

static double
page_x_dpi (const Page *page)
{
  return page->x_dpi > 0 && page->y_dpi > 0 ? page->x_dpi : DEFAULT_DPI;
}

static double
page_y_dpi (const Page *page)
{
  return page->x_dpi > 0 && page->y_dpi > 0 ? page->y_dpi : DEFAULT_DPI;
}

/* The image's own size in points, before its EXIF orientation is applied. */
static void
page_get_image_size (const Page *page,
                     double     *width,
                     double     *height)
{
  *width = page->width * POINTS_PER_INCH / page_x_dpi (page);
  *height = page->height * POINTS_PER_INCH / page_y_dpi (page);
}

static void
page_get_size (const Page *page,
               double     *width,
               double     *height)
{
  /* Orientations 5 to 8 turn the image a quarter. */
  if (page->orientation >= 5)
    page_get_image_size (page, height, width);
  else
    page_get_image_size (page, width, height);
}

/* Maps the image as stored onto the page as it is meant to be seen (EXIF 0x0112). */
static void
orientation_matrix (guint           orientation,
                    double          w,
                    double          h,
                    cairo_matrix_t *matrix)
{
  switch (orientation)
    {
    case 2: cairo_matrix_init (matrix, -1, 0, 0, 1, w, 0); break;
    case 3: cairo_matrix_init (matrix, -1, 0, 0, -1, w, h); break;
    case 4: cairo_matrix_init (matrix, 1, 0, 0, -1, 0, h); break;
    case 5: cairo_matrix_init (matrix, 0, 1, 1, 0, 0, 0); break;
    case 6: cairo_matrix_init (matrix, 0, 1, -1, 0, h, 0); break;
    case 7: cairo_matrix_init (matrix, 0, -1, -1, 0, h, w); break;
    case 8: cairo_matrix_init (matrix, 0, -1, 1, 0, 0, w); break;
    default: cairo_matrix_init_identity (matrix); break;
    }
}

static void
page_draw (const Page *page,
           cairo_t    *cr)
{
  cairo_matrix_t matrix;
  double width, height;

  page_get_image_size (page, &width, &height);
  orientation_matrix (page->orientation, width, height, &matrix);

  cairo_save (cr);
  cairo_transform (cr, &matrix);
  /* Whatever the surface's size (one pixel for a JPEG), it fills the image's place. */
  cairo_scale (cr, width / cairo_image_surface_get_width (page->image),
               height / cairo_image_surface_get_height (page->image));
  cairo_set_source_surface (cr, page->image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* ---- Output ------------------------------------------------------------ */

static cairo_status_t
output_write_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  PdfOutput *out = closure;

  /* After a failure or a cancellation cairo still writes its trailer; drop it. */
  if (out->abandoned || out->saved_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;

  if (fwrite (data, 1, length, out->file) != length)
    {
      out->saved_errno = errno != 0 ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }

  return CAIRO_STATUS_SUCCESS;
}

static void
set_output_error (GError      **error,
                  const char   *path,
                  int           code,
                  const char   *detail)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, code, _("Could not write “%s”: %s"), name, detail);
}

static void
set_output_errno (GError     **error,
                  const char  *path,
                  int          saved_errno)
{
  set_output_error (error, path, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
}

static gboolean
output_open (PdfOutput   *out,
             const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  /* Hidden, and short enough for NAME_MAX whatever the destination's name. */
  g_autofree char *name = g_strdup_printf (".%.200s.XXXXXX.part", basename);
  int fd;

  out->path = g_strdup (path);
  /* The rename would refuse it, but only once the whole PDF is written. */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_output_errno (error, path, EISDIR);
      return FALSE;
    }

  out->tmp_path = g_build_filename (dir, name, NULL);
  /* 0600: the pages are customers' documents. */
  fd = g_mkstemp_full (out->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_output_errno (error, path, errno);
      g_clear_pointer (&out->tmp_path, g_free);
      return FALSE;
    }

  out->file = fdopen (fd, "wb");
  if (out->file == NULL)
    {
      set_output_errno (error, path, errno);
      close (fd);
      return FALSE;
    }
  setvbuf (out->file, NULL, _IOFBF, OUTPUT_BUFFER_SIZE);

  return TRUE;
}

/* Makes the rename durable; some filesystems cannot sync a folder, which is fine. */
static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
output_commit (PdfOutput  *out,
               GError    **error)
{
  FILE *file = g_steal_pointer (&out->file);

  if (fflush (file) != 0 || fsync (fileno (file)) != 0)
    {
      set_output_errno (error, out->path, errno);
      fclose (file);
      return FALSE;
    }
  if (fclose (file) != 0)
    {
      set_output_errno (error, out->path, errno);
      return FALSE;
    }
  if (g_rename (out->tmp_path, out->path) != 0)
    {
      set_output_errno (error, out->path, errno);
      return FALSE;
    }

  g_clear_pointer (&out->tmp_path, g_free);
  sync_folder (out->path);

  return TRUE;
}

/* On every failure: the destination was never touched, only the temporary file goes. */
static void
output_clear (PdfOutput *out)
{
  g_clear_pointer (&out->file, fclose);
  if (out->tmp_path != NULL)
    g_unlink (out->tmp_path);
  g_clear_pointer (&out->tmp_path, g_free);
  g_clear_pointer (&out->path, g_free);
}

static gboolean
check_pdf_status (PdfOutput       *out,
                  cairo_status_t   status,
                  GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  if (status == CAIRO_STATUS_WRITE_ERROR && out->saved_errno != 0)
    set_output_errno (error, out->path, out->saved_errno);
  else
    set_output_error (error, out->path, G_IO_ERROR_FAILED, cairo_status_to_string (status));

  return FALSE;
}

static cairo_surface_t *
create_pdf_surface (PdfOutput *out,
                    double     width,
                    double     height)
{
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (output_write_cb, out,
                                                              width, height);

  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Teller");
  return pdf;
}

/* One image in memory at a time: each page is finished, and its image written and
 * freed, before the next file is read. */
static gboolean
write_pages (PdfOutput     *out,
             GFile * const *images,
             guint          n_images,
             GCancellable  *cancellable,
             GError       **error)
{
  cairo_surface_t *pdf = NULL;
  cairo_t *cr = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < n_images; i++)
    {
      Page page = { 0 };
      double width, height;

      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           page_load (&page, images[i], cancellable, error);
      if (ok)
        {
          page_get_size (&page, &width, &height);
          if (pdf == NULL)
            {
              pdf = create_pdf_surface (out, width, height);
              cr = cairo_create (pdf);
            }
          else
            cairo_pdf_surface_set_size (pdf, width, height);

          page_draw (&page, cr);
          /* Before the image goes, so cairo writes it rather than copy its pixels. */
          cairo_show_page (cr);
          ok = check_pdf_status (out, cairo_status (cr), error) &&
               check_pdf_status (out, cairo_surface_status (pdf), error);
        }
      page_clear (&page);
    }

  out->abandoned = !ok;
  g_clear_pointer (&cr, cairo_destroy);
  if (pdf != NULL)
    {
      cairo_surface_finish (pdf);
      if (ok)
        ok = check_pdf_status (out, cairo_surface_status (pdf), error);
      cairo_surface_destroy (pdf);
    }

  return ok;
}

/**
 * teller_pdf_write_from_images:
 * @output: the PDF to write; a local file, which may exist
 * @images: (array length=n_images): the images, one page each, in order
 * @n_images: the number of images, at least one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Each page is the image's size at its resolution (JFIF density, else EXIF
 * resolution, else 200 dpi), turned as its EXIF orientation says.  Baseline and
 * progressive 8-bit JPEGs are embedded byte for byte; other images are decoded with
 * gdk-pixbuf and stored losslessly.
 *
 * Blocks, so call it in a worker thread.  On failure, including cancellation,
 * @output is untouched: the PDF is written to a temporary file beside it, synced,
 * and only then renamed over it.
 *
 * Returns: %TRUE if @output now holds the PDF
 */
gboolean
teller_pdf_write_from_images (GFile          *output,
                              GFile * const  *images,
                              guint           n_images,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autofree char *path = NULL;
  PdfOutput out = { 0 };
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (images != NULL || n_images == 0, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_images == 0)
    {
      g_set_error_literal (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                           _("A PDF needs at least one image"));
      return FALSE;
    }

  path = g_file_get_path (output);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (output);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Could not write “%s”: PDFs can only be written to a local folder"),
                   name);
      return FALSE;
    }

  ok = output_open (&out, path, error) &&
       write_pages (&out, images, n_images, cancellable, error) &&
       output_commit (&out, error);
  output_clear (&out);

  return ok;
}

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->output);
  g_clear_pointer (&data->images, g_ptr_array_unref);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (teller_pdf_write_from_images (data->output, (GFile * const *) data->images->pdata,
                                    data->images->len, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * teller_pdf_write_from_images_async:
 * @output: the PDF to write
 * @images: (array length=n_images): the images, one page each, in order
 * @n_images: the number of images
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the PDF is written in full, or not at all
 * @user_data: data for @callback
 *
 * Runs teller_pdf_write_from_images() in a worker thread.  Finish with
 * teller_pdf_write_from_images_finish().
 */
void
teller_pdf_write_from_images_async (GFile               *output,
                                    GFile * const       *images,
                                    guint                n_images,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (G_IS_FILE (output));
  g_return_if_fail (images != NULL || n_images == 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (WriteData, 1);
  data->output = g_object_ref (output);
  data->images = g_ptr_array_new_full (n_images, g_object_unref);
  for (guint i = 0; i < n_images; i++)
    g_ptr_array_add (data->images, g_object_ref (images[i]));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_pdf_write_from_images_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  /* The result says what is on disk: a cancellation that came too late to stop the
   * rename must not report a PDF that was written as not written. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

/**
 * teller_pdf_write_from_images_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the PDF was written
 */
gboolean
teller_pdf_write_from_images_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        teller_pdf_write_from_images_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
