/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include "test-pdf.h"

#define SIZE_TOLERANCE 0.01

char *tmpdir;

/* ------------------------------------------------------------------ helpers */

void
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

void
teardown (void)
{
  remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  ck_assert_ptr_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  ck_assert_msg (g_file_get_contents (path, &contents, &length, &error),
                 "%s", error ? error->message : "");
  return g_bytes_new_take (contents, length);
}

void
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
char *
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
char *
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

GFile **
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

void
files_free (GFile **files)
{
  for (guint i = 0; files[i] != NULL; i++)
    g_object_unref (files[i]);
  g_free (files);
}

gboolean
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

PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  ck_assert_msg (document != NULL, "not a PDF poppler reads: %s", error ? error->message : "");
  return document;
}

void
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
void
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

guint
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

void
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

void
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

void
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

/* ---- The suite ---------------------------------------------------- */

static Suite *
pdf_suite (void)
{
  Suite *suite = suite_create ("pdf");

  suite_add_tcase (suite, pdf_pages_tcase ());
  suite_add_tcase (suite, pdf_errors_tcase ());
  suite_add_tcase (suite, pdf_cancel_tcase ());
  suite_add_tcase (suite, pdf_cli_tcase ());

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
