/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "teller-jpeg.h"
#include "teller-pdf-writer-private.h"
#include "teller-pixbuf-util.h"

/*
 * A PDF page from an image file: read (local files and pipes directly, anything
 * else through GIO), its JPEG headers checked, and drawn at its resolution, turned as
 * its EXIF orientation says.
 */

/* The camera service's default storage resolution, so a capture without a density
 * still prints at the size the counter scanned it. */
#define DEFAULT_DPI 200.0
/* Below this a "density" is an aspect ratio or junk, not a resolution. */
#define MIN_DPI 10.0
#define POINTS_PER_INCH 72.0
/* Cairo hands a JPEG to its output in one write with a 32-bit length. */
#define MAX_IMAGE_FILE_SIZE ((goffset) 1 << 30)

/* ---- Reading JPEG headers ---------------------------------------------- */

static double
usable_dpi (double dpi)
{
  return dpi >= MIN_DPI ? dpi : 0.0;
}

/* What both PDF's DCTDecode and cairo's JPEG pass-through take: Huffman-coded
 * baseline, extended or progressive, 8 bits, grey or colour.  Cairo would fall back
 * to the (blank) pixels for anything else, so those files are decoded instead. */
static gboolean
jpeg_can_pass_through (const TellerJpegInfo *info)
{
  return info->frame_marker <= 0xC2 && info->precision == 8 &&
         (info->components == 1 || info->components == 3);
}

/* ---- Loading pages ----------------------------------------------------- */

void
_teller_pdf_page_clear (TellerPdfPage *page)
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
 * as every PDF image is (_teller_pdf_page_draw() scales it to the page).  A surface of the
 * JPEG's own size would cost the same PDF plus a 15 MB copy per A4 page, which cairo
 * makes when it records the page: most of the time it takes to write the PDF.
 */
static gboolean
page_load_jpeg (TellerPdfPage         *page,
                GFile                 *file,
                GBytes                *bytes,
                const TellerJpegInfo  *info,
                GError               **error)
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

/* Any other format gdk-pixbuf reads: decoded and stored losslessly by cairo. */
static gboolean
page_load_decoded (TellerPdfPage  *page,
                   GFile          *file,
                   GBytes         *bytes,
                   GCancellable   *cancellable,
                   GError        **error)
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

  page->image = teller_pixbuf_to_cairo_surface (pixbuf, gdk_pixbuf_get_has_alpha (pixbuf)
                                                        ? CAIRO_FORMAT_ARGB32
                                                        : CAIRO_FORMAT_RGB24);
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

gboolean
_teller_pdf_page_load (TellerPdfPage  *page,
                       GFile          *file,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GBytes) bytes = read_image_file (file, cancellable, error);
  const guint8 *data;
  gsize length;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  if (g_strcmp0 (teller_image_type_sniff_data (data, length), "jpg") == 0)
    {
      TellerJpegInfo info;
      const char *problem;

      problem = teller_jpeg_problem_to_string (teller_jpeg_read_info (data, length,
                                                                      TELLER_JPEG_READ_WHOLE,
                                                                      &info));
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
page_x_dpi (const TellerPdfPage *page)
{
  return page->x_dpi > 0 && page->y_dpi > 0 ? page->x_dpi : DEFAULT_DPI;
}

static double
page_y_dpi (const TellerPdfPage *page)
{
  return page->x_dpi > 0 && page->y_dpi > 0 ? page->y_dpi : DEFAULT_DPI;
}

/* The image's own size in points, before its EXIF orientation is applied. */
static void
page_get_image_size (const TellerPdfPage *page,
                     double              *width,
                     double              *height)
{
  *width = page->width * POINTS_PER_INCH / page_x_dpi (page);
  *height = page->height * POINTS_PER_INCH / page_y_dpi (page);
}

void
_teller_pdf_page_get_size (const TellerPdfPage *page,
                           double              *width,
                           double              *height)
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

void
_teller_pdf_page_draw (const TellerPdfPage *page,
                       cairo_t             *cr)
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
