/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "teller-jpeg.h"
#include "teller-sim-imagepro-private.h"

/*
 * The pixel work of the image tools: real, if simple, so a client sees the effect
 * of what it asked (a rotated image has its sides swapped, a grey one is grey).
 * Everything here runs in the simulator's worker threads and touches no shared state.
 */

/* A guard against decompression bombs: 100 MP, well above any document camera. */
#define MAX_PIXELS (100 * 1000 * 1000)
/* A channel above this counts as paper white (JPEG noise stays below 255). */
#define WHITE_LEVEL 240

/* ---- Options ----------------------------------------------------------- */

/* Figure 1 of 3.3 (the watermark colours) is an image the text does not carry;
 * these are the usual names, plus #RRGGBB. */
static const struct {
  const char *name;
  guint32     rgb;
} colors[] = {
  { "black", 0x000000 }, { "white", 0xFFFFFF }, { "red", 0xFF0000 },
  { "green", 0x008000 }, { "blue", 0x0000FF }, { "yellow", 0xFFFF00 },
  { "cyan", 0x00FFFF }, { "magenta", 0xFF00FF }, { "gray", 0x808080 },
  { "grey", 0x808080 }, { "orange", 0xFFA500 }, { "purple", 0x800080 },
};

static gboolean
parse_color (const char *text,
             double      rgb[3])
{
  guint64 value = G_MAXUINT64;

  for (guint i = 0; i < G_N_ELEMENTS (colors) && value == G_MAXUINT64; i++)
    if (g_ascii_strcasecmp (text, colors[i].name) == 0)
      value = colors[i].rgb;
  if (value == G_MAXUINT64 && text[0] == '#' && strlen (text) == 7 &&
      !g_ascii_string_to_unsigned (text + 1, 16, 0, 0xFFFFFF, &value, NULL))
    return FALSE;
  if (value == G_MAXUINT64)
    return FALSE;

  rgb[0] = ((value >> 16) & 0xFF) / 255.0;
  rgb[1] = ((value >> 8) & 0xFF) / 255.0;
  rgb[2] = (value & 0xFF) / 255.0;
  return TRUE;
}

static JsonObject *
get_object_member (JsonObject  *request,
                   const char  *member,
                   char       **message)
{
  JsonNode *node = request != NULL ? json_object_get_member (request, member) : NULL;

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    *message = g_strdup_printf ("参数 %s 必须为对象", member);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* image_storage_info (3.3 table 1) */
gboolean
_teller_sim_tools_parse_storage (JsonObject        *request,
                                 TellerSimStorage  *storage,
                                 char             **message)
{
  JsonObject *info = get_object_member (request, "image_storage_info", message);

  storage->quality = 80;
  storage->xdpi = storage->ydpi = TELLER_SIM_TOOLS_DPI;
  storage->max_file_size = 0;
  if (*message != NULL)
    return FALSE;
  if (info == NULL)
    return TRUE;

  return _teller_sim_tools_get_int (info, "xdpi", 1, 65535, &storage->xdpi, message) &&
         _teller_sim_tools_get_int (info, "ydpi", 1, 65535, &storage->ydpi, message) &&
         _teller_sim_tools_get_int (info, "jpg_quality", 10, 100, &storage->quality, message) &&
         _teller_sim_tools_get_int (info, "max_file_size", 0, G_MAXINT,
                                    &storage->max_file_size, message);
}

void
_teller_sim_tools_watermark_clear (TellerSimWatermark *watermark)
{
  g_clear_pointer (&watermark->content, g_free);
  g_clear_pointer (&watermark->font, g_free);
}

/* watermark (3.3 table 1); a fontsize over 3000 is "invalid", so no watermark. */
gboolean
_teller_sim_tools_parse_watermark (JsonObject          *request,
                                   TellerSimWatermark  *watermark,
                                   char               **message)
{
  JsonObject *object = get_object_member (request, "watermark", message);
  const char *content = NULL, *font = NULL, *color = NULL;

  memset (watermark, 0, sizeof *watermark);
  watermark->pos = 4;
  watermark->transparency = 255;
  watermark->fontsize = 32;
  watermark->rgb[0] = 1.0;
  if (*message != NULL)
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!_teller_sim_tools_get_int (object, "pos", 0, 4, &watermark->pos, message) ||
      !_teller_sim_tools_get_string (object, "content", FALSE, &content, message) ||
      !_teller_sim_tools_get_int (object, "transparency", 0, 255, &watermark->transparency,
                                  message) ||
      !_teller_sim_tools_get_int (object, "fontsize", 1, G_MAXINT, &watermark->fontsize,
                                  message) ||
      !_teller_sim_tools_get_string (object, "font", FALSE, &font, message) ||
      !_teller_sim_tools_get_string (object, "color", FALSE, &color, message))
    return FALSE;
  if (color != NULL && !parse_color (color, watermark->rgb))
    {
      *message = g_strdup_printf ("水印颜色无效: %s", color);
      return FALSE;
    }

  watermark->enabled = watermark->fontsize <= 3000;
  watermark->content = g_strdup (content != NULL ? content : "");
  watermark->font = g_strdup (font != NULL && *font != '\0' ? font : "Sans");
  return TRUE;
}

/* ---- Decoding and encoding ---------------------------------------------- */

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  gboolean *too_big = user_data;

  /* Refusing here stops the loader before it allocates the picture. */
  if ((gint64) width * height > MAX_PIXELS)
    {
      *too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
    }
}

static GdkPixbuf *
flatten (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf), dst_stride = gdk_pixbuf_get_rowstride (flat);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guchar *src = gdk_pixbuf_read_pixels (pixbuf);
  guchar *dst = gdk_pixbuf_get_pixels (flat);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *s = src + y * src_stride + x * channels;
        guchar *d = dst + y * dst_stride + x * 3;
        int alpha = channels == 4 ? s[3] : 255;

        for (int c = 0; c < 3; c++)
          d[c] = (guchar) ((s[c] * alpha + 255 * (255 - alpha) + 127) / 255);
      }
  return flat;
}

GdkPixbuf *
_teller_sim_tools_decode (GBytes  *bytes,
                          GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gboolean too_big = FALSE;
  GdkPixbuf *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &too_big);
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || too_big)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           too_big ? "image too large" : "no image");
      return NULL;
    }

  if (gdk_pixbuf_get_has_alpha (pixbuf) || gdk_pixbuf_get_n_channels (pixbuf) != 3)
    return flatten (pixbuf);
  return g_object_ref (pixbuf);
}

GBytes *
_teller_sim_tools_encode_jpeg (GdkPixbuf  *pixbuf,
                               int         quality,
                               int         xdpi,
                               int         ydpi,
                               GError    **error)
{
  g_autofree char *quality_text = g_strdup_printf ("%d", CLAMP (quality, 10, 100));
  g_autofree char *x_text = g_strdup_printf ("%d", xdpi);
  g_autofree char *y_text = g_strdup_printf ("%d", ydpi);
  char *keys[] = { (char *) "quality", (char *) "x-dpi", (char *) "y-dpi", NULL };
  char *values[] = { quality_text, x_text, y_text, NULL };
  char *data = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_bufferv (pixbuf, &data, &size, "jpeg", keys, values, error))
    return NULL;
  return g_bytes_new_take (data, size);
}

/* ---- Pixel work ---------------------------------------------------------- */

gboolean
_teller_sim_tools_is_blank (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 3; x++)
      if (pixels[y * stride + x] < WHITE_LEVEL)
        return FALSE;
  return TRUE;
}

GdkPixbuf *
_teller_sim_tools_grey (GdkPixbuf *pixbuf,
                        gboolean   black_white)
{
  GdkPixbuf *grey = gdk_pixbuf_copy (pixbuf);
  int width = gdk_pixbuf_get_width (grey), height = gdk_pixbuf_get_height (grey);
  int stride = gdk_pixbuf_get_rowstride (grey);
  guchar *pixels = gdk_pixbuf_get_pixels (grey);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        int level = (299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000;

        if (black_white)
          level = level >= 128 ? 255 : 0;
        p[0] = p[1] = p[2] = (guchar) level;
      }
  return grey;
}

GdkPixbuf *
_teller_sim_tools_crop (GdkPixbuf *pixbuf,
                        int        left,
                        int        top,
                        int        right,
                        int        bottom)
{
  g_autoptr(GdkPixbuf) sub = NULL;

  left = CLAMP (left, 0, gdk_pixbuf_get_width (pixbuf) - 1);
  top = CLAMP (top, 0, gdk_pixbuf_get_height (pixbuf) - 1);
  right = CLAMP (right, left + 1, gdk_pixbuf_get_width (pixbuf));
  bottom = CLAMP (bottom, top + 1, gdk_pixbuf_get_height (pixbuf));
  sub = gdk_pixbuf_new_subpixbuf (pixbuf, left, top, right - left, bottom - top);
  return gdk_pixbuf_copy (sub);
}

/* "Auto crop": the bounding box of everything that is not paper white. */
GdkPixbuf *
_teller_sim_tools_autocrop (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int left = width, top = height, right = -1, bottom = -1;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 3;

        if (p[0] >= WHITE_LEVEL && p[1] >= WHITE_LEVEL && p[2] >= WHITE_LEVEL)
          continue;
        left = MIN (left, x);
        right = MAX (right, x);
        top = MIN (top, y);
        bottom = MAX (bottom, y);
      }

  if (right < 0)
    return gdk_pixbuf_copy (pixbuf);
  return _teller_sim_tools_crop (pixbuf, left, top, right + 1, bottom + 1);
}

GdkPixbuf *
_teller_sim_tools_rotate (GdkPixbuf *pixbuf,
                          int        degrees)
{
  int turn = ((degrees % 360) + 360) % 360;

  /* gdk-pixbuf counts counter-clockwise. */
  switch (turn)
    {
    case 90: return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 180: return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 270: return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default: return g_object_ref (pixbuf);
    }
}

static int
align_offset (int space,
              int size,
              int align)
{
  switch (align)
    {
    case 0: return 0;
    case 2: return space - size;
    default: return (space - size) / 2;
    }
}

/* 6.2: one row (or column) on white, @margin px apart, aligned across. */
GdkPixbuf *
_teller_sim_tools_merge (GPtrArray *pixbufs,
                         gboolean   vertical,
                         int        margin,
                         int        align)
{
  int along = margin * ((int) pixbufs->len - 1), across = 0, position = 0;
  GdkPixbuf *canvas;

  for (guint i = 0; i < pixbufs->len; i++)
    {
      GdkPixbuf *image = g_ptr_array_index (pixbufs, i);
      int w = gdk_pixbuf_get_width (image), h = gdk_pixbuf_get_height (image);

      along += vertical ? h : w;
      across = MAX (across, vertical ? w : h);
    }
  if ((gint64) along * across > MAX_PIXELS)
    return NULL;

  canvas = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, vertical ? across : along,
                           vertical ? along : across);
  gdk_pixbuf_fill (canvas, 0xFFFFFFFF);
  for (guint i = 0; i < pixbufs->len; i++)
    {
      GdkPixbuf *image = g_ptr_array_index (pixbufs, i);
      int w = gdk_pixbuf_get_width (image), h = gdk_pixbuf_get_height (image);
      int x = vertical ? align_offset (across, w, align) : position;
      int y = vertical ? position : align_offset (across, h, align);

      gdk_pixbuf_copy_area (image, 0, 0, w, h, canvas, x, y);
      position += (vertical ? h : w) + margin;
    }
  return canvas;
}

/* ---- Cairo drawing ------------------------------------------------------- */

static cairo_surface_t *
pixbuf_to_surface (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  int dst_stride = cairo_image_surface_get_stride (surface);
  const guchar *src = gdk_pixbuf_read_pixels (pixbuf);
  guchar *dst = cairo_image_surface_get_data (surface);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *s = src + y * src_stride + x * 3;

        *(guint32 *) (gpointer) (dst + y * dst_stride + x * 4) =
          0xFF000000u | ((guint32) s[0] << 16) | ((guint32) s[1] << 8) | s[2];
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static GdkPixbuf *
surface_to_pixbuf (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int src_stride = cairo_image_surface_get_stride (surface);
  int dst_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *src;
  guchar *dst = gdk_pixbuf_get_pixels (pixbuf);

  cairo_surface_flush (surface);
  src = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 v = *(const guint32 *) (gconstpointer) (src + y * src_stride + x * 4);
        guchar *d = dst + y * dst_stride + x * 3;

        d[0] = (v >> 16) & 0xFF;
        d[1] = (v >> 8) & 0xFF;
        d[2] = v & 0xFF;
      }
  return pixbuf;
}

static void
draw_watermark (cairo_t                  *cr,
                int                       width,
                int                       height,
                const TellerSimWatermark *watermark)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  const char *text = *watermark->content != '\0' ? watermark->content : stamp;
  cairo_text_extents_t extents;
  double x, y, pad = watermark->fontsize / 2.0;

  cairo_select_font_face (cr, watermark->font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, watermark->fontsize);
  cairo_text_extents (cr, text, &extents);
  x = watermark->pos == 1 || watermark->pos == 3 ? width - extents.width - pad : pad;
  y = watermark->pos >= 2 ? height - pad : pad + extents.height;
  if (watermark->pos == 4)
    {
      x = (width - extents.width) / 2;
      y = (height + extents.height) / 2;
    }
  cairo_set_source_rgba (cr, watermark->rgb[0], watermark->rgb[1], watermark->rgb[2],
                         watermark->transparency / 255.0);
  cairo_move_to (cr, x - extents.x_bearing, y);
  cairo_show_text (cr, text);
}

static GdkPixbuf *
apply_watermark (GdkPixbuf                *pixbuf,
                 const TellerSimWatermark *watermark)
{
  cairo_surface_t *surface = pixbuf_to_surface (pixbuf);
  cairo_t *cr = cairo_create (surface);
  GdkPixbuf *marked;

  draw_watermark (cr, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), watermark);
  cairo_destroy (cr);
  marked = surface_to_pixbuf (surface);
  cairo_surface_destroy (surface);
  return marked;
}

GdkPixbuf *
_teller_sim_tools_mark_edited (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  cairo_surface_t *surface = pixbuf_to_surface (pixbuf);
  cairo_t *cr = cairo_create (surface);
  double line = MAX (2.0, MIN (width, height) / 100.0);
  GdkPixbuf *marked;

  cairo_set_source_rgb (cr, 0.85, 0.1, 0.1);
  cairo_set_line_width (cr, line);
  cairo_rectangle (cr, line * 2, line * 2, width - line * 4, height - line * 4);
  cairo_stroke (cr);
  cairo_destroy (cr);
  marked = surface_to_pixbuf (surface);
  cairo_surface_destroy (surface);
  return marked;
}

GBytes *
_teller_sim_tools_finish_image (GdkPixbuf                *pixbuf,
                                const TellerSimStorage   *storage,
                                const TellerSimWatermark *watermark,
                                GError                  **error)
{
  g_autoptr(GdkPixbuf) image = watermark != NULL && watermark->enabled ?
                               apply_watermark (pixbuf, watermark) : g_object_ref (pixbuf);
  GBytes *jpeg = _teller_sim_tools_encode_jpeg (image, storage->quality, storage->xdpi,
                                                storage->ydpi, error);

  /* 3.3: max_file_size shrinks the picture until the file fits. */
  for (guint i = 0; jpeg != NULL && storage->max_file_size > 0 && i < 12 &&
       g_bytes_get_size (jpeg) > (gsize) storage->max_file_size; i++)
    {
      double scale = sqrt ((double) storage->max_file_size / g_bytes_get_size (jpeg)) * 0.95;
      int w = MAX (16, (int) (gdk_pixbuf_get_width (image) * scale));
      int h = MAX (16, (int) (gdk_pixbuf_get_height (image) * scale));
      GdkPixbuf *smaller = gdk_pixbuf_scale_simple (image, w, h, GDK_INTERP_BILINEAR);

      g_object_unref (image);
      image = smaller;
      g_bytes_unref (jpeg);
      jpeg = _teller_sim_tools_encode_jpeg (image, storage->quality, storage->xdpi,
                                            storage->ydpi, error);
    }
  return jpeg;
}

/* ---- The camera's picture and JPEG comments ------------------------------ */

static void
draw_camera_page (cairo_t *cr,
                  int      width,
                  int      height)
{
  const char *digits = TELLER_SIM_CAMERA_BARCODE;
  double x = width * 0.3, bar = width * 0.4 / 95.0;

  cairo_set_source_rgb (cr, 0.93, 0.93, 0.9);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, width * 0.1, height * 0.08, width * 0.8, height * 0.84);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, height / 20.0);
  cairo_move_to (cr, width * 0.15, height * 0.2);
  cairo_show_text (cr, "TELLER SIMULATED FORM");

  /* Bars that look like an EAN-13: widths from the digits, not a real encoding. */
  for (guint i = 0; digits[i] != '\0'; i++)
    for (int j = 0; j < 4; j++)
      {
        int w = 1 + ((digits[i] - '0' + j) % 3);

        if (j % 2 == 0)
          {
            cairo_rectangle (cr, x, height * 0.4, w * bar, height * 0.25);
            cairo_fill (cr);
          }
        x += w * bar;
      }
  cairo_set_font_size (cr, height / 28.0);
  cairo_move_to (cr, width * 0.35, height * 0.72);
  cairo_show_text (cr, digits);
}

GBytes *
_teller_sim_tools_camera_frame (void)
{
  int width = 1280, height = 960;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) jpeg = NULL;

  draw_camera_page (cr, width, height);
  cairo_destroy (cr);
  pixbuf = surface_to_pixbuf (surface);
  cairo_surface_destroy (surface);

  jpeg = _teller_sim_tools_encode_jpeg (pixbuf, 85, TELLER_SIM_TOOLS_DPI, TELLER_SIM_TOOLS_DPI,
                                        NULL);
  if (jpeg == NULL)
    return NULL;
  return _teller_sim_tools_jpeg_add_comment (jpeg, TELLER_SIM_BARCODE_COMMENT
                                             TELLER_SIM_CAMERA_BARCODE_TYPE ":"
                                             TELLER_SIM_CAMERA_BARCODE);
}

/* A COM segment after SOI and the JFIF APP0 segment, which must come first. */
GBytes *
_teller_sim_tools_jpeg_add_comment (GBytes     *jpeg,
                                    const char *text)
{
  gsize size = 0, length = strlen (text), at = 2;
  const guchar *data = g_bytes_get_data (jpeg, &size);
  TellerJpegIter iter;
  TellerJpegSegment segment;
  GByteArray *out;
  guchar header[4] = { 0xFF, 0xFE, (guchar) ((length + 2) >> 8), (guchar) ((length + 2) & 0xFF) };

  g_return_val_if_fail (teller_jpeg_iter_init (&iter, data, size), NULL);
  g_return_val_if_fail (length <= 65533, NULL);

  if (teller_jpeg_iter_next (&iter, &segment, NULL) && segment.marker == 0xE0)
    at = segment.end;

  out = g_byte_array_sized_new (size + length + 4);
  g_byte_array_append (out, data, at);
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, (const guint8 *) text, length);
  g_byte_array_append (out, data + at, size - at);
  return g_byte_array_free_to_bytes (out);
}

char *
_teller_sim_tools_jpeg_find_comment (GBytes     *jpeg,
                                     const char *prefix)
{
  gsize size = 0, prefix_length = strlen (prefix);
  const guchar *data = g_bytes_get_data (jpeg, &size);
  TellerJpegIter iter;
  TellerJpegSegment segment;

  if (!teller_jpeg_iter_init (&iter, data, size))
    return NULL;

  /* The scan data starts at SOS: no header segments after it. */
  while (teller_jpeg_iter_next (&iter, &segment, NULL) &&
         segment.marker != 0xDA && segment.marker != 0xD9)
    {
      if (segment.marker == 0xFE && segment.length >= prefix_length &&
          memcmp (segment.payload, prefix, prefix_length) == 0)
        return g_strndup ((const char *) segment.payload + prefix_length,
                          segment.length - prefix_length);
    }
  return NULL;
}
