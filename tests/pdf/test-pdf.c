/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Local PDF from images: page sizes, JPEGs passed through byte for byte, atomic output. */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

#include "teller-error.h"
#include "teller-pdf-writer.h"

/* poppler-glib 22.12 defines no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define ASYNC_TIMEOUT_SECONDS 30
#define SIZE_TOLERANCE 0.01

static char *tmpdir;

/* ------------------------------------------------------------------ helpers */

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  tmpdir = g_dir_make_tmp ("teller-pdf-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "%s", error ? error->message : "");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
teardown (void)
{
  remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  ck_assert_ptr_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  ck_assert_msg (g_file_get_contents (path, &contents, &length, &error),
                 "%s", error ? error->message : "");
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char   *path,
            const guint8 *data,
            gsize         length)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (g_file_set_contents (path, (const char *) data, length, &error),
                 "%s", error ? error->message : "");
}

/* Left half red, right half blue, with a little texture so the JPEG is not trivial. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * n_channels;
        gboolean left = x < width / 2;
        guint8 texture = (x * 7 + y * 13) % 24;

        p[0] = left ? 220 - texture : 30 + texture;
        p[1] = 30 + texture;
        p[2] = left ? 30 + texture : 220 - texture;
        if (alpha)
          p[3] = 255;
      }

  return pixbuf;
}

/* dpi 0: saved without a density (libjpeg then writes a JFIF 1:1 aspect ratio). */
static char *
make_image (const char *name,
            const char *type,
            int         width,
            int         height,
            int         x_dpi,
            int         y_dpi)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height, g_str_equal (type, "png"));
  g_autoptr(GError) error = NULL;
  g_autofree char *x = g_strdup_printf ("%d", x_dpi);
  g_autofree char *y = g_strdup_printf ("%d", y_dpi);
  char *path = tmp_path (name);
  gboolean ok;

  if (x_dpi > 0)
    ok = gdk_pixbuf_save (pixbuf, path, type, &error, "x-dpi", x, "y-dpi", y, NULL);
  else
    ok = gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  ck_assert_msg (ok, "%s", error ? error->message : "");

  return path;
}

static void
put_u16 (GByteArray *array,
         guint       value,
         gboolean    big_endian)
{
  guint8 b[2] = { value & 0xFF, (value >> 8) & 0xFF };

  if (big_endian)
    {
      guint8 t = b[0];
      b[0] = b[1];
      b[1] = t;
    }
  g_byte_array_append (array, b, 2);
}

static void
put_u32 (GByteArray *array,
         guint32     value,
         gboolean    big_endian)
{
  put_u16 (array, big_endian ? value >> 16 : value & 0xFFFF, big_endian);
  put_u16 (array, big_endian ? value & 0xFFFF : value >> 16, big_endian);
}

static void
put_entry (GByteArray *array,
           guint       tag,
           guint       type,
           guint32     value,
           gboolean    big_endian)
{
  put_u16 (array, tag, big_endian);
  put_u16 (array, type, big_endian);
  put_u32 (array, 1, big_endian);
  if (type == 3)
    {
      put_u16 (array, value, big_endian);
      put_u16 (array, 0, big_endian);
    }
  else
    put_u32 (array, value, big_endian);
}

/* Splices an EXIF APP1 (orientation, resolution per inch) in after the SOI. */
static char *
add_exif (const char *jpeg_path,
          const char *name,
          guint       orientation,
          guint       dpi,
          gboolean    big_endian)
{
  g_autoptr(GBytes) jpeg = read_bytes (jpeg_path);
  g_autoptr(GByteArray) tiff = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data;
  gsize length;
  char *path = tmp_path (name);
  /* Header 8, entry count 2, four entries, next-IFD offset 4: the rationals follow. */
  const guint32 rationals = 8 + 2 + 4 * 12 + 4;

  g_byte_array_append (tiff, (const guint8 *) (big_endian ? "MM" : "II"), 2);
  put_u16 (tiff, 42, big_endian);
  put_u32 (tiff, 8, big_endian);
  put_u16 (tiff, 4, big_endian);
  put_entry (tiff, 0x0112, 3, orientation, big_endian);
  put_entry (tiff, 0x011A, 5, rationals, big_endian);
  put_entry (tiff, 0x011B, 5, rationals + 8, big_endian);
  put_entry (tiff, 0x0128, 3, 2, big_endian);
  put_u32 (tiff, 0, big_endian);
  for (guint i = 0; i < 2; i++)
    {
      put_u32 (tiff, dpi * 10, big_endian);
      put_u32 (tiff, 10, big_endian);
    }

  data = g_bytes_get_data (jpeg, &length);
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, (const guint8 *) "\xFF\xE1", 2);
  put_u16 (out, 2 + 6 + tiff->len, TRUE);
  g_byte_array_append (out, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (out, tiff->data, tiff->len);
  g_byte_array_append (out, data + 2, length - 2);
  write_file (path, out->data, out->len);

  return path;
}

static GFile **
files_new (const char * const *paths,
           guint              *n_files)
{
  guint n = g_strv_length ((char **) paths);
  GFile **files = g_new0 (GFile *, n + 1);

  for (guint i = 0; i < n; i++)
    files[i] = g_file_new_for_path (paths[i]);
  *n_files = n;

  return files;
}

static void
files_free (GFile **files)
{
  for (guint i = 0; files[i] != NULL; i++)
    g_object_unref (files[i]);
  g_free (files);
}

static gboolean
write_pdf (const char          *output,
           const char * const  *paths,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(GFile) out = g_file_new_for_path (output);
  guint n_files;
  GFile **files = files_new (paths, &n_files);
  gboolean ok = teller_pdf_write_from_images (out, files, n_files, cancellable, error);

  files_free (files);
  return ok;
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  ck_assert_msg (document != NULL, "not a PDF poppler reads: %s", error ? error->message : "");
  return document;
}

static void
assert_page_size (PopplerDocument *document,
                  int              index,
                  double           width,
                  double           height)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  double w, h;

  ck_assert_ptr_nonnull (page);
  poppler_page_get_size (page, &w, &h);
  ck_assert_msg (fabs (w - width) < SIZE_TOLERANCE && fabs (h - height) < SIZE_TOLERANCE,
                 "page %d is %.3f × %.3f pt, expected %.3f × %.3f", index, w, h, width, height);
}

/*
 * The JPEG file is in the PDF once, whole, and its stream ends right after it: the
 * page's image stream is the file, byte for byte.
 */
static void
assert_jpeg_stream_identical (GBytes     *pdf,
                              const char *jpeg_path)
{
  g_autoptr(GBytes) jpeg = read_bytes (jpeg_path);
  gsize pdf_length, jpeg_length;
  const char *pdf_data = g_bytes_get_data (pdf, &pdf_length);
  const char *jpeg_data = g_bytes_get_data (jpeg, &jpeg_length);
  const char *found = memmem (pdf_data, pdf_length, jpeg_data, jpeg_length);
  const char *end;
  const char *before;

  ck_assert_msg (found != NULL, "%s is not in the PDF unchanged", jpeg_path);
  ck_assert_msg (memmem (found + 1, pdf_length - (found + 1 - pdf_data),
                         jpeg_data, jpeg_length) == NULL,
                 "%s is in the PDF twice", jpeg_path);

  end = found + jpeg_length;
  while (end < pdf_data + pdf_length && (*end == '\r' || *end == '\n'))
    end++;
  ck_assert_msg (g_str_has_prefix (end, "endstream"), "the stream of %s goes on past the file",
                 jpeg_path);

  before = found;
  while (before > pdf_data && (before[-1] == '\r' || before[-1] == '\n'))
    before--;
  ck_assert_msg (before - pdf_data >= 6 && memcmp (before - 6, "stream", 6) == 0,
                 "the stream of %s starts before the file", jpeg_path);
}

static guint
count_occurrences (GBytes     *pdf,
                   const char *needle)
{
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  const char *end = data + length;
  guint n = 0;

  for (const char *p = data; (p = memmem (p, end - p, needle, strlen (needle))) != NULL; p++)
    n++;

  return n;
}

/* Renders the page and reads one pixel at a fraction of its width and height. */
static void
page_pixel (PopplerDocument *document,
            int              index,
            double           fx,
            double           fy,
            guint8          *r,
            guint8          *g,
            guint8          *b)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h, scale;
  int sw, sh, stride;
  guint32 pixel;

  poppler_page_get_size (page, &w, &h);
  scale = 100.0 / MAX (w, h);
  sw = MAX (1, (int) (w * scale));
  sh = MAX (1, (int) (h * scale));
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, sw, sh);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  stride = cairo_image_surface_get_stride (surface);
  pixel = *(guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                   (int) (fy * (sh - 1)) * stride + (int) (fx * (sw - 1)) * 4);
  *r = (pixel >> 16) & 0xFF;
  *g = (pixel >> 8) & 0xFF;
  *b = pixel & 0xFF;
  cairo_surface_destroy (surface);
}

static void
assert_red (PopplerDocument *document,
            int              index,
            double           fx,
            double           fy)
{
  guint8 r, g, b;

  page_pixel (document, index, fx, fy, &r, &g, &b);
  ck_assert_msg (r > 150 && b < 100 && g < 100,
                 "page %d at (%.2f, %.2f) is #%02x%02x%02x, not red", index, fx, fy, r, g, b);
}

static void
assert_blue (PopplerDocument *document,
             int              index,
             double           fx,
             double           fy)
{
  guint8 r, g, b;

  page_pixel (document, index, fx, fy, &r, &g, &b);
  ck_assert_msg (b > 150 && r < 100 && g < 100,
                 "page %d at (%.2f, %.2f) is #%02x%02x%02x, not blue", index, fx, fy, r, g, b);
}

static void
assert_untouched (const char *output,
                  const char *old_content,
                  guint       n_entries)
{
  if (old_content == NULL)
    ck_assert_msg (!g_file_test (output, G_FILE_TEST_EXISTS), "%s was left behind", output);
  else
    {
      g_autoptr(GBytes) bytes = read_bytes (output);
      g_autoptr(GBytes) old = g_bytes_new_static (old_content, strlen (old_content));

      ck_assert_msg (g_bytes_equal (bytes, old), "%s was changed", output);
    }

  /* No temporary file either. */
  ck_assert_uint_eq (count_entries (tmpdir), n_entries);
}

/* -------------------------------------------------------------------- pages */

START_TEST (test_jpeg_pages)
{
  g_autofree char *a4 = make_image ("a4.jpg", "jpeg", 1654, 2339, 200, 200);
  g_autofree char *small = make_image ("small.jpg", "jpeg", 300, 200, 100, 100);
  g_autofree char *no_dpi = make_image ("no-dpi.jpg", "jpeg", 640, 480, 0, 0);
  g_autofree char *uneven = make_image ("uneven.jpg", "jpeg", 500, 400, 150, 75);
  g_autofree char *output = tmp_path ("out.pdf");
  const char *paths[] = { a4, small, no_dpi, uneven, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  struct stat st;

  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);

  ck_assert_int_eq (poppler_document_get_n_pages (document), 4);
  /* width × 72 / dpi: A4 at 200 dpi, then 100 dpi, the 200 dpi default, 150 × 75 dpi. */
  assert_page_size (document, 0, 1654 * 72.0 / 200, 2339 * 72.0 / 200);
  assert_page_size (document, 1, 216, 144);
  assert_page_size (document, 2, 640 * 72.0 / 200, 480 * 72.0 / 200);
  assert_page_size (document, 3, 240, 384);

  for (guint i = 0; paths[i] != NULL; i++)
    assert_jpeg_stream_identical (pdf, paths[i]);
  ck_assert_uint_eq (count_occurrences (pdf, "/DCTDecode"), 4);
  ck_assert_uint_eq (count_occurrences (pdf, "/Subtype /Image"), 4);

  /* Drawn from the JPEG, not from the blank surface that carries it. */
  for (int page = 0; page < 4; page++)
    {
      assert_red (document, page, 0.25, 0.5);
      assert_blue (document, page, 0.75, 0.5);
    }

  /* Documents are personal data; only the destination is left. */
  ck_assert_int_eq (g_stat (output, &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0600);
  ck_assert_uint_eq (count_entries (tmpdir), 5);
}
END_TEST

START_TEST (test_png_decoded_losslessly)
{
  g_autofree char *png = make_image ("scan.png", "png", 600, 300, 300, 300);
  g_autofree char *png_no_dpi = make_image ("plain.png", "png", 400, 100, 0, 0);
  g_autofree char *jpeg = make_image ("photo.jpg", "jpeg", 320, 240, 160, 160);
  g_autofree char *output = tmp_path ("mixed.pdf");
  const char *paths[] = { png, jpeg, png_no_dpi, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;

  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);

  ck_assert_int_eq (poppler_document_get_n_pages (document), 3);
  assert_page_size (document, 0, 144, 72);
  assert_page_size (document, 1, 144, 108);
  assert_page_size (document, 2, 400 * 72.0 / 200, 100 * 72.0 / 200);

  assert_jpeg_stream_identical (pdf, jpeg);
  ck_assert_uint_eq (count_occurrences (pdf, "/DCTDecode"), 1);
  for (int page = 0; page < 3; page++)
    {
      assert_red (document, page, 0.25, 0.5);
      assert_blue (document, page, 0.75, 0.5);
    }
}
END_TEST

START_TEST (test_exif_resolution_and_orientation)
{
  g_autofree char *plain = make_image ("plain.jpg", "jpeg", 400, 200, 0, 0);
  /* 6: stored turned a quarter left, shown turned right; its left half ends up on top. */
  g_autofree char *turned = add_exif (plain, "turned.jpg", 6, 300, TRUE);
  g_autofree char *upright = add_exif (plain, "upright.jpg", 1, 100, FALSE);
  g_autofree char *output = tmp_path ("exif.pdf");
  const char *paths[] = { turned, upright, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;

  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);

  ck_assert_int_eq (poppler_document_get_n_pages (document), 2);
  /* 400 × 200 at 300 dpi is 96 × 48 pt, turned to 48 × 96. */
  assert_page_size (document, 0, 48, 96);
  assert_red (document, 0, 0.5, 0.25);
  assert_blue (document, 0, 0.5, 0.75);
  assert_page_size (document, 1, 288, 144);
  assert_red (document, 1, 0.25, 0.5);

  assert_jpeg_stream_identical (pdf, turned);
  assert_jpeg_stream_identical (pdf, upright);
}
END_TEST

START_TEST (test_replaces_existing_output)
{
  g_autofree char *jpeg = make_image ("page.jpg", "jpeg", 200, 200, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");
  const char *paths[] = { jpeg, jpeg, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;

  write_file (output, (const guint8 *) "old", 3);
  ck_assert_msg (write_pdf (output, paths, NULL, &error), "%s", error ? error->message : "");
  pdf = read_bytes (output);
  document = open_pdf (pdf);
  ck_assert_int_eq (poppler_document_get_n_pages (document), 2);
  assert_page_size (document, 1, 72, 72);
  ck_assert_uint_eq (count_entries (tmpdir), 2);
}
END_TEST

/* ------------------------------------------------------------------- errors */

static void
assert_fails (const char * const *paths,
              const char         *output,
              const char         *old_content,
              GQuark              domain,
              int                 code,
              const char         *named)
{
  g_autoptr(GError) error = NULL;
  guint n_entries = count_entries (tmpdir);

  ck_assert (!write_pdf (output, paths, NULL, &error));
  ck_assert_msg (g_error_matches (error, domain, code), "unexpected error: %s (%s %d)",
                 error->message, g_quark_to_string (error->domain), error->code);
  ck_assert_msg (strstr (error->message, named) != NULL, "“%s” does not name %s",
                 error->message, named);
  assert_untouched (output, old_content, n_entries);
}

START_TEST (test_corrupt_jpeg)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 300, 300, 200, 200);
  g_autofree char *truncated = tmp_path ("truncated.jpg");
  g_autofree char *no_frame = tmp_path ("no-frame.jpg");
  g_autofree char *garbage = tmp_path ("garbage.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GBytes) bytes = read_bytes (good);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  /* SOI, a JFIF APP0, EOI: a header and nothing else. */
  static const guint8 header_only[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x01,
    0x00, 0xC8, 0x00, 0xC8, 0x00, 0x00, 0xFF, 0xD9
  };
  const char *cut[] = { good, truncated, NULL };
  const char *headless[] = { no_frame, good, NULL };
  const char *not_image[] = { garbage, NULL };

  write_file (truncated, data, length / 2);
  write_file (no_frame, header_only, sizeof header_only);
  write_file (garbage, (const guint8 *) "\xFF\xD8\xFF not really", 14);

  assert_fails (cut, output, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "truncated.jpg");
  assert_fails (headless, output, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no-frame.jpg");
  assert_fails (not_image, output, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "garbage.jpg");

  /* An existing PDF survives a failed merge as it was. */
  write_file (output, (const guint8 *) "old", 3);
  assert_fails (cut, output, "old", G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "truncated.jpg");
}
END_TEST

START_TEST (test_corrupt_messages)
{
  g_autofree char *no_frame = tmp_path ("no-frame.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  static const guint8 header_only[] = { 0xFF, 0xD8, 0xFF, 0xD9 };
  const char *paths[] = { no_frame, NULL };
  g_autoptr(GError) error = NULL;

  write_file (no_frame, header_only, sizeof header_only);
  ck_assert (!write_pdf (output, paths, NULL, &error));
  ck_assert_msg (strstr (error->message, "SOF") != NULL, "%s", error->message);
  ck_assert_msg (strchr (error->message, '\n') == NULL, "not one line: %s", error->message);
}
END_TEST

START_TEST (test_missing_file)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 100, 100, 200, 200);
  g_autofree char *missing = tmp_path ("missing.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  const char *paths[] = { good, missing, NULL };

  assert_fails (paths, output, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, missing);
  write_file (output, (const guint8 *) "old", 3);
  assert_fails (paths, output, "old", G_IO_ERROR, G_IO_ERROR_NOT_FOUND, missing);
}
END_TEST

START_TEST (test_unwritable_destination)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 100, 100, 200, 200);
  g_autofree char *no_folder = g_build_filename (tmpdir, "no-such-folder", "out.pdf", NULL);
  g_autofree char *folder = tmp_path ("a-folder");
  const char *paths[] = { good, NULL };
  g_autoptr(GError) error = NULL;

  assert_fails (paths, no_folder, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, no_folder);

  /* A folder in the way is refused, and left as it was. */
  ck_assert_int_eq (g_mkdir (folder, 0700), 0);
  ck_assert (!write_pdf (folder, paths, NULL, &error));
  ck_assert_msg (strstr (error->message, "a-folder") != NULL, "%s", error->message);
  ck_assert (g_file_test (folder, G_FILE_TEST_IS_DIR));
  ck_assert_uint_eq (count_entries (tmpdir), 2);
  ck_assert_uint_eq (count_entries (folder), 0);
}
END_TEST

START_TEST (test_no_images)
{
  g_autoptr(GFile) output = g_file_new_for_path (tmpdir);
  g_autoptr(GError) error = NULL;

  ck_assert (!teller_pdf_write_from_images (output, NULL, 0, NULL, &error));
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT));
}
END_TEST

/* ------------------------------------------------------------- cancellation */

START_TEST (test_cancelled_before)
{
  g_autofree char *good = make_image ("good.jpg", "jpeg", 100, 100, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *paths[] = { good, NULL };
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  ck_assert (!write_pdf (output, paths, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_untouched (output, NULL, 1);
}
END_TEST

static void
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + ASYNC_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/*
 * The second image is a FIFO: opening it for writing returns once the worker has
 * finished the first page and is reading the second, so the cancellation lands
 * mid-PDF, deterministically.
 */
START_TEST (test_cancelled_midway)
{
  g_autofree char *first = make_image ("first.jpg", "jpeg", 800, 600, 200, 200);
  g_autofree char *third = make_image ("third.jpg", "jpeg", 800, 600, 200, 200);
  g_autofree char *fifo = tmp_path ("second.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GBytes) jpeg = read_bytes (first);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { first, fifo, third, NULL };
  guint n_files;
  GFile **files;
  gsize length;
  const guint8 *data = g_bytes_get_data (jpeg, &length);
  int fd;

  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  files = files_new (paths, &n_files);
  teller_pdf_write_from_images_async (out, files, n_files, cancellable, store_result_cb, &result);
  files_free (files);

  fd = g_open (fifo, O_WRONLY, 0);
  ck_assert_int_ge (fd, 0);
  g_cancellable_cancel (cancellable);
  ck_assert_int_eq (write (fd, data, length), (gssize) length);
  close (fd);

  wait_for_result (&result);
  ck_assert (!teller_pdf_write_from_images_finish (result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_untouched (output, NULL, 3);
}
END_TEST

START_TEST (test_async)
{
  g_autofree char *jpeg = make_image ("page.jpg", "jpeg", 400, 400, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");
  g_autoptr(GFile) out = g_file_new_for_path (output);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  const char *paths[] = { jpeg, jpeg, jpeg, NULL };
  guint n_files;
  GFile **files = files_new (paths, &n_files);

  teller_pdf_write_from_images_async (out, files, n_files, NULL, store_result_cb, &result);
  /* The task holds its own references. */
  files_free (files);
  wait_for_result (&result);
  ck_assert_msg (teller_pdf_write_from_images_finish (result, &error), "%s",
                 error ? error->message : "");

  pdf = read_bytes (output);
  document = open_pdf (pdf);
  ck_assert_int_eq (poppler_document_get_n_pages (document), 3);
  /* Three pages of one file: each page carries its own copy. */
  ck_assert_uint_eq (count_occurrences (pdf, "/DCTDecode"), 3);
}
END_TEST

/* ---------------------------------------------------------------------- cli */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static CliRun
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) TELLER_CLI_PATH);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  ck_assert_msg (process != NULL, "%s", error ? error->message : "");
  ck_assert (g_subprocess_communicate_utf8 (process, NULL, NULL, &run.out, &run.err, &error));
  ck_assert (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);

  return run;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  ck_assert_msg (node != NULL && JSON_NODE_HOLDS_OBJECT (node), "not a JSON object: %s", text);
  return json_object_ref (json_node_get_object (node));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

START_TEST (test_cli_success)
{
  g_autofree char *a = make_image ("a.jpg", "jpeg", 400, 300, 200, 200);
  g_autofree char *b = make_image ("b.png", "png", 200, 100, 100, 100);
  g_autofree char *output = tmp_path ("out.pdf");
  g_auto(CliRun) run = run_cli ("pdf", "from-images", "--out", output, a, b, NULL);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GBytes) pdf = NULL;

  ck_assert_msg (run.status == 0, "exit %d: %s", run.status, run.err);
  object = parse_object (run.out);
  pdf = read_bytes (output);
  ck_assert_str_eq (json_object_get_string_member (object, "path"), output);
  ck_assert_int_eq (json_object_get_int_member (object, "pages"), 2);
  ck_assert_int_eq (json_object_get_int_member (object, "bytes"), g_bytes_get_size (pdf));
  assert_jpeg_stream_identical (pdf, a);
}
END_TEST

START_TEST (test_cli_usage)
{
  g_autofree char *a = make_image ("a.jpg", "jpeg", 40, 30, 200, 200);
  g_autofree char *output = tmp_path ("out.pdf");

  {
    g_auto(CliRun) run = run_cli ("pdf", "from-images", a, NULL);

    ck_assert_int_eq (run.status, 2);
    ck_assert_msg (strstr (run.err, "--out") != NULL, "%s", run.err);
    ck_assert_str_eq (run.out, "");
  }
  {
    g_auto(CliRun) run = run_cli ("--json", "pdf", "from-images", "--out", output, NULL);
    g_autoptr(JsonObject) object = NULL;
    JsonObject *error;

    ck_assert_int_eq (run.status, 2);
    object = parse_object (run.out);
    error = json_object_get_object_member (object, "error");
    ck_assert_str_eq (json_object_get_string_member (error, "kind"), "usage");
  }
  {
    g_auto(CliRun) run = run_cli ("pdf", "from-images", "--bogus", NULL);

    ck_assert_int_eq (run.status, 2);
  }
  ck_assert (!g_file_test (output, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_cli_corrupt_image)
{
  g_autofree char *a = make_image ("a.jpg", "jpeg", 40, 30, 200, 200);
  g_autofree char *broken = tmp_path ("broken.jpg");
  g_autofree char *output = tmp_path ("out.pdf");
  static const guint8 header_only[] = { 0xFF, 0xD8, 0xFF, 0xD9 };

  write_file (broken, header_only, sizeof header_only);
  {
    g_auto(CliRun) run = run_cli ("pdf", "from-images", "--out", output, a, broken, NULL);

    ck_assert_int_eq (run.status, 1);
    ck_assert_msg (g_str_has_prefix (run.err, "teller-cli: ") && count_lines (run.err) == 1 &&
                   strstr (run.err, "broken.jpg") != NULL, "%s", run.err);
    ck_assert_str_eq (run.out, "");
  }
  {
    g_auto(CliRun) run = run_cli ("--json", "pdf", "from-images", "--out", output, broken, NULL);
    g_autoptr(JsonObject) object = NULL;
    JsonObject *error;

    ck_assert_int_eq (run.status, 1);
    object = parse_object (run.out);
    error = json_object_get_object_member (object, "error");
    ck_assert_str_eq (json_object_get_string_member (error, "kind"), "error");
    ck_assert (strstr (json_object_get_string_member (error, "message"), "broken.jpg") != NULL);
  }
  ck_assert (!g_file_test (output, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (count_entries (tmpdir), 2);
}
END_TEST

/* --------------------------------------------------------------------- main */

static Suite *
pdf_suite (void)
{
  Suite *suite = suite_create ("pdf");
  TCase *pages = tcase_create ("pages");
  TCase *errors = tcase_create ("errors");
  TCase *cancel = tcase_create ("cancel");
  TCase *cli = tcase_create ("cli");

  tcase_add_checked_fixture (pages, setup, teardown);
  tcase_add_test (pages, test_jpeg_pages);
  tcase_add_test (pages, test_png_decoded_losslessly);
  tcase_add_test (pages, test_exif_resolution_and_orientation);
  tcase_add_test (pages, test_replaces_existing_output);
  suite_add_tcase (suite, pages);

  tcase_add_checked_fixture (errors, setup, teardown);
  tcase_add_test (errors, test_corrupt_jpeg);
  tcase_add_test (errors, test_corrupt_messages);
  tcase_add_test (errors, test_missing_file);
  tcase_add_test (errors, test_unwritable_destination);
  tcase_add_test (errors, test_no_images);
  suite_add_tcase (suite, errors);

  tcase_add_checked_fixture (cancel, setup, teardown);
  tcase_add_test (cancel, test_cancelled_before);
  tcase_add_test (cancel, test_cancelled_midway);
  tcase_add_test (cancel, test_async);
  suite_add_tcase (suite, cancel);

  tcase_add_checked_fixture (cli, setup, teardown);
  tcase_add_test (cli, test_cli_success);
  tcase_add_test (cli, test_cli_usage);
  tcase_add_test (cli, test_cli_corrupt_image);
  suite_add_tcase (suite, cli);

  return suite;
}

int
main (int    argc,
      char **argv)
{
  SRunner *runner;
  int failed;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  runner = srunner_create (pdf_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? 0 : 1;
}
