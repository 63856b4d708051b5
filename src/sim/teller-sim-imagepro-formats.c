/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>

#include "teller-image-tools.h"
#include "teller-sim-imagepro-private.h"

/*
 * The documents merge2pdf, merge2tif and merge2ofd make (6.1), and the files /ocr
 * writes (10.1: txt, docx, pdf).  All are real files of their format:
 *
 *  - PDF: one page per image, sized at 200 dpi; JPEG images are embedded as they
 *    are (cairo's JPEG MIME data), others as lossless pixels.
 *  - TIFF: a baseline multi-page TIFF, one uncompressed RGB page per image (no
 *    libtiff: a small writer below).
 *  - OFD (GB/T 33190): a ZIP container with OFD.xml, Document.xml, one Content.xml
 *    per page and the JPEGs as resources.  It has what a reader needs to show the
 *    pages, and nothing more (no signatures, no annotations, no outline); the
 *    simulator does not check it against the standard's schemas.
 *  - DOCX: the smallest WordprocessingML package, one paragraph per line.
 */

#define POINTS_PER_PIXEL (72.0 / TELLER_SIM_TOOLS_DPI)
#define MM_PER_PIXEL     (25.4 / TELLER_SIM_TOOLS_DPI)

/* ---- PDF ----------------------------------------------------------------- */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
image_surface (GBytes    *bytes,
               GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  cairo_surface_t *surface;

  if (g_strcmp0 (teller_image_type_sniff (bytes), "jpg") != 0)
    {
      /* Pixels, which cairo compresses losslessly. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            const guchar *s = gdk_pixbuf_read_pixels (pixbuf) +
                              y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3;
            guchar *d = cairo_image_surface_get_data (surface) +
                        y * cairo_image_surface_get_stride (surface) + x * 4;

            *(guint32 *) (gpointer) d = ((guint32) s[0] << 16) | ((guint32) s[1] << 8) | s[2];
          }
      cairo_surface_mark_dirty (surface);
      return surface;
    }

  /* The PDF backend embeds the JPEG itself (DCTDecode): no re-encoding. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG,
                               g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (bytes));
  return surface;
}

static gboolean
status_ok (cairo_status_t   status,
           GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cairo: %s", cairo_status_to_string (status));
  return FALSE;
}

GBytes *
_teller_sim_tools_make_pdf (GPtrArray  *images,
                            GError    **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (write_cb, out, 595, 842);
  cairo_t *cr = cairo_create (pdf);
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < images->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (images, i);
      g_autoptr(GdkPixbuf) pixbuf = _teller_sim_tools_decode (bytes, error);
      cairo_surface_t *surface;

      if (pixbuf == NULL)
        {
          ok = FALSE;
          break;
        }
      cairo_pdf_surface_set_size (pdf, gdk_pixbuf_get_width (pixbuf) * POINTS_PER_PIXEL,
                                  gdk_pixbuf_get_height (pixbuf) * POINTS_PER_PIXEL);
      surface = image_surface (bytes, pixbuf);
      cairo_save (cr);
      cairo_scale (cr, POINTS_PER_PIXEL, POINTS_PER_PIXEL);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (surface);
    }

  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  ok = ok && status_ok (cairo_surface_status (pdf), error);
  cairo_surface_destroy (pdf);
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&out)) : NULL;
}

/* /ocr's pdf output: the recognised text, one line after another on A4 pages. */
GBytes *
_teller_sim_tools_make_text_pdf (const char  *text,
                                 GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (write_cb, out, 595, 842);
  cairo_t *cr = cairo_create (pdf);
  double y = 72;
  gboolean ok;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (y > 842 - 72)
        {
          cairo_show_page (cr);
          y = 72;
        }
      cairo_move_to (cr, 72, y);
      cairo_show_text (cr, lines[i]);
      y += 18;
    }
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  ok = status_ok (cairo_surface_status (pdf), error);
  cairo_surface_destroy (pdf);
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&out)) : NULL;
}

/* ---- TIFF ---------------------------------------------------------------- */

enum {
  TIFF_SHORT = 3,
  TIFF_LONG = 4,
  TIFF_RATIONAL = 5,
};

#define TIFF_ENTRIES 13

static void
put16 (GByteArray *out,
       guint16     value)
{
  guint8 bytes[2] = { value & 0xFF, value >> 8 };

  g_byte_array_append (out, bytes, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 bytes[4] = { value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, value >> 24 };

  g_byte_array_append (out, bytes, 4);
}

static void
set32 (GByteArray *out,
       gsize       at,
       guint32     value)
{
  out->data[at] = value & 0xFF;
  out->data[at + 1] = (value >> 8) & 0xFF;
  out->data[at + 2] = (value >> 16) & 0xFF;
  out->data[at + 3] = value >> 24;
}

static void
put_entry (GByteArray *out,
           guint16     tag,
           guint16     type,
           guint32     count,
           guint32     value)
{
  put16 (out, tag);
  put16 (out, type);
  put32 (out, count);
  if (type == TIFF_SHORT && count == 1)
    {
      put16 (out, (guint16) value);
      put16 (out, 0);
    }
  else
    put32 (out, value);
}

/* One page: its pixels, the values that do not fit an entry, then its IFD.  Returns
 * the offset of the IFD's "next IFD" field, for the following page to fill in. */
static gsize
append_tiff_page (GByteArray *out,
                  GdkPixbuf  *pixbuf)
{
  guint32 width = (guint32) gdk_pixbuf_get_width (pixbuf);
  guint32 height = (guint32) gdk_pixbuf_get_height (pixbuf);
  guint32 strip = (guint32) out->len, strip_size = width * height * 3;
  guint32 bits, resolution, ifd;

  for (guint32 y = 0; y < height; y++)
    g_byte_array_append (out,
                         gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf),
                         width * 3);
  if (out->len % 2 != 0)
    g_byte_array_append (out, (const guint8 *) "", 1);

  bits = out->len;
  put16 (out, 8);
  put16 (out, 8);
  put16 (out, 8);
  put16 (out, 0);
  resolution = out->len;
  put32 (out, TELLER_SIM_TOOLS_DPI);
  put32 (out, 1);

  ifd = out->len;
  put16 (out, TIFF_ENTRIES);
  put_entry (out, 256, TIFF_LONG, 1, width);           /* ImageWidth */
  put_entry (out, 257, TIFF_LONG, 1, height);          /* ImageLength */
  put_entry (out, 258, TIFF_SHORT, 3, bits);           /* BitsPerSample 8,8,8 */
  put_entry (out, 259, TIFF_SHORT, 1, 1);              /* Compression: none */
  put_entry (out, 262, TIFF_SHORT, 1, 2);              /* Photometric: RGB */
  put_entry (out, 273, TIFF_LONG, 1, strip);           /* StripOffsets */
  put_entry (out, 277, TIFF_SHORT, 1, 3);              /* SamplesPerPixel */
  put_entry (out, 278, TIFF_LONG, 1, height);          /* RowsPerStrip */
  put_entry (out, 279, TIFF_LONG, 1, strip_size);      /* StripByteCounts */
  put_entry (out, 282, TIFF_RATIONAL, 1, resolution);  /* XResolution */
  put_entry (out, 283, TIFF_RATIONAL, 1, resolution);  /* YResolution */
  put_entry (out, 284, TIFF_SHORT, 1, 1);              /* PlanarConfiguration: chunky */
  put_entry (out, 296, TIFF_SHORT, 1, 2);              /* ResolutionUnit: inch */
  put32 (out, 0);

  return ifd + 2 + TIFF_ENTRIES * 12;
}

GBytes *
_teller_sim_tools_make_tiff (GPtrArray  *images,
                             GError    **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize next = 4;

  g_byte_array_append (out, (const guint8 *) "II*\0", 4);
  put32 (out, 0);
  for (guint i = 0; i < images->len; i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = _teller_sim_tools_decode (g_ptr_array_index (images, i), error);
      gsize ifd_link;

      if (pixbuf == NULL)
        return NULL;
      if (out->len + (gsize) gdk_pixbuf_get_width (pixbuf) * gdk_pixbuf_get_height (pixbuf) * 3
          > G_MAXUINT32 - 4096)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "TIFF over 4 GiB");
          return NULL;
        }
      ifd_link = append_tiff_page (out, pixbuf);
      /* The IFD starts two bytes after its entry count's offset: link the previous one. */
      set32 (out, next, (guint32) (ifd_link - 2 - TIFF_ENTRIES * 12));
      next = ifd_link;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- ZIP (stored, no compression) ----------------------------------------- */

static guint32 crc_table[256];

static void
init_crc_table (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
  g_once_init_leave (&initialized, 1);
}

static guint32
zip_crc32 (const guint8 *data,
       gsize         size)
{
  guint32 c = 0xFFFFFFFFu;

  init_crc_table ();
  for (gsize i = 0; i < size; i++)
    c = crc_table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

typedef struct
{
  GByteArray *out;
  GByteArray *directory;
  guint16     count;
} Zip;

static void
zip_add (Zip          *zip,
         const char   *name,
         const guint8 *data,
         gsize         size)
{
  guint32 crc = zip_crc32 (data, size), offset = zip->out->len;
  guint16 name_length = (guint16) strlen (name);

  put32 (zip->out, 0x04034b50);             /* local file header */
  put16 (zip->out, 20);                     /* version needed */
  put16 (zip->out, 0x0800);                 /* flags: UTF-8 names */
  put16 (zip->out, 0);                      /* stored */
  put16 (zip->out, 0);                      /* time */
  put16 (zip->out, 0x21);                   /* date: 1980-01-01 */
  put32 (zip->out, crc);
  put32 (zip->out, (guint32) size);
  put32 (zip->out, (guint32) size);
  put16 (zip->out, name_length);
  put16 (zip->out, 0);
  g_byte_array_append (zip->out, (const guint8 *) name, name_length);
  g_byte_array_append (zip->out, data, (guint) size);

  put32 (zip->directory, 0x02014b50);       /* central directory header */
  put16 (zip->directory, 20);
  put16 (zip->directory, 20);
  put16 (zip->directory, 0x0800);
  put16 (zip->directory, 0);
  put16 (zip->directory, 0);
  put16 (zip->directory, 0x21);
  put32 (zip->directory, crc);
  put32 (zip->directory, (guint32) size);
  put32 (zip->directory, (guint32) size);
  put16 (zip->directory, name_length);
  put16 (zip->directory, 0);                /* extra */
  put16 (zip->directory, 0);                /* comment */
  put16 (zip->directory, 0);                /* disk */
  put16 (zip->directory, 0);                /* internal attributes */
  put32 (zip->directory, 0);                /* external attributes */
  put32 (zip->directory, offset);
  g_byte_array_append (zip->directory, (const guint8 *) name, name_length);
  zip->count++;
}

static void
zip_add_text (Zip        *zip,
              const char *name,
              const char *text)
{
  zip_add (zip, name, (const guint8 *) text, strlen (text));
}

static GBytes *
zip_finish (Zip *zip)
{
  guint32 start = zip->out->len;

  g_byte_array_append (zip->out, zip->directory->data, zip->directory->len);
  put32 (zip->out, 0x06054b50);             /* end of central directory */
  put16 (zip->out, 0);
  put16 (zip->out, 0);
  put16 (zip->out, zip->count);
  put16 (zip->out, zip->count);
  put32 (zip->out, zip->directory->len);
  put32 (zip->out, start);
  put16 (zip->out, 0);
  g_byte_array_unref (zip->directory);
  return g_byte_array_free_to_bytes (zip->out);
}

static void
zip_init (Zip *zip)
{
  zip->out = g_byte_array_new ();
  zip->directory = g_byte_array_new ();
  zip->count = 0;
}

/* ---- OFD ----------------------------------------------------------------- */

#define XML_HEADER "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define OFD_NS     "xmlns:ofd=\"http://www.ofdspec.org/2016\""

static char *
mm (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%.2f", value));
}

static char *
ofd_page (guint  index,
          int    width,
          int    height)
{
  g_autofree char *w = mm (width * MM_PER_PIXEL), *h = mm (height * MM_PER_PIXEL);

  /* IDs: 1 the document, then per page 3 (page, layer, image) and the resource. */
  return g_strdup_printf (XML_HEADER "<ofd:Page " OFD_NS "><ofd:Area><ofd:PhysicalBox>0 0 %s %s"
                          "</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID=\"%u\">"
                          "<ofd:ImageObject ID=\"%u\" Boundary=\"0 0 %s %s\" CTM=\"%s 0 0 %s 0 0\""
                          " ResourceID=\"%u\"/></ofd:Layer></ofd:Content></ofd:Page>",
                          w, h, 10 + index * 4 + 1, 10 + index * 4 + 2, w, h, w, h,
                          10 + index * 4 + 3);
}

static char *
ofd_root (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf (XML_HEADER "<ofd:OFD " OFD_NS " Version=\"1.0\" DocType=\"OFD\">"
                          "<ofd:DocBody><ofd:DocInfo><ofd:DocID>%s</ofd:DocID>"
                          "<ofd:CreationDate>%s</ofd:CreationDate><ofd:Creator>Teller simulator"
                          "</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml"
                          "</ofd:DocRoot></ofd:DocBody></ofd:OFD>", uuid, date);
}

GBytes *
_teller_sim_tools_make_ofd (GPtrArray  *images,
                            GError    **error)
{
  g_autoptr(GString) pages = g_string_new (NULL), media = g_string_new (NULL);
  g_autofree char *root = ofd_root ();
  g_autofree char *document = NULL, *resources = NULL;
  Zip zip;

  zip_init (&zip);
  zip_add_text (&zip, "OFD.xml", root);
  for (guint i = 0; i < images->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (images, i);
      g_autoptr(GdkPixbuf) pixbuf = _teller_sim_tools_decode (bytes, error);
      g_autoptr(GBytes) jpeg = NULL;
      g_autofree char *page = NULL, *page_name = NULL, *image_name = NULL;

      if (pixbuf != NULL)
        jpeg = g_strcmp0 (teller_image_type_sniff (bytes), "jpg") == 0 ? g_bytes_ref (bytes) :
               _teller_sim_tools_encode_jpeg (pixbuf, 90, TELLER_SIM_TOOLS_DPI,
                                              TELLER_SIM_TOOLS_DPI, error);
      if (jpeg == NULL)
        {
          g_bytes_unref (zip_finish (&zip));
          return NULL;
        }
      page = ofd_page (i, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
      page_name = g_strdup_printf ("Doc_0/Pages/Page_%u/Content.xml", i);
      image_name = g_strdup_printf ("Doc_0/Res/image_%u.jpg", i);
      zip_add_text (&zip, page_name, page);
      zip_add (&zip, image_name, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
      g_string_append_printf (pages, "<ofd:Page ID=\"%u\" BaseLoc=\"Pages/Page_%u/Content.xml\"/>",
                              10 + i * 4, i);
      g_string_append_printf (media, "<ofd:MultiMedia ID=\"%u\" Type=\"Image\" Format=\"JPEG\">"
                              "<ofd:MediaFile>image_%u.jpg</ofd:MediaFile></ofd:MultiMedia>",
                              10 + i * 4 + 3, i);
    }

  document = g_strdup_printf (XML_HEADER "<ofd:Document " OFD_NS "><ofd:CommonData>"
                              "<ofd:MaxUnitID>%u</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>"
                              "0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:DocumentRes>"
                              "DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>%s"
                              "</ofd:Pages></ofd:Document>", 10 + images->len * 4, pages->str);
  resources = g_strdup_printf (XML_HEADER "<ofd:Res " OFD_NS " BaseLoc=\"Res\"><ofd:MultiMedias>"
                               "%s</ofd:MultiMedias></ofd:Res>", media->str);
  zip_add_text (&zip, "Doc_0/Document.xml", document);
  zip_add_text (&zip, "Doc_0/DocumentRes.xml", resources);
  return zip_finish (&zip);
}

/* ---- DOCX ---------------------------------------------------------------- */

GBytes *
_teller_sim_tools_make_docx (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) body = g_string_new (XML_HEADER "<w:document xmlns:w=\"http://schemas"
                                          ".openxmlformats.org/wordprocessingml/2006/main\">"
                                          "<w:body>");
  Zip zip;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      g_string_append_printf (body, "<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>",
                              escaped);
    }
  g_string_append (body, "</w:body></w:document>");

  zip_init (&zip);
  zip_add_text (&zip, "[Content_Types].xml",
                XML_HEADER "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
                "vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                "ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" "
                "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml."
                "document.main+xml\"/></Types>");
  zip_add_text (&zip, "_rels/.rels",
                XML_HEADER "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
                "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
                "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                "Target=\"word/document.xml\"/></Relationships>");
  zip_add_text (&zip, "word/document.xml", body->str);
  return zip_finish (&zip);
}
