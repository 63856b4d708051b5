/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include "teller-pixbuf-util.h"

/* Exact rounding of channel × alpha / 255. */
static guint8
premultiply (guint8 channel,
             guint8 alpha)
{
  guint product = (guint) channel * alpha + 0x80;

  return (guint8) ((product + (product >> 8)) >> 8);
}

static void
copy_row (const guint8 *source,
          guint32      *destination,
          int           width,
          int           n_channels,
          gboolean      has_alpha)
{
  for (int x = 0; x < width; x++, source += n_channels)
    {
      guint8 alpha = has_alpha ? source[3] : 0xFF;

      destination[x] = ((guint32) alpha << 24) |
                       ((guint32) premultiply (source[0], alpha) << 16) |
                       ((guint32) premultiply (source[1], alpha) << 8) |
                       (guint32) premultiply (source[2], alpha);
    }
}

/**
 * teller_pixbuf_to_cairo_surface:
 * @pixbuf: an 8-bit RGB or RGBA pixbuf
 * @format: %CAIRO_FORMAT_ARGB32 or %CAIRO_FORMAT_RGB24
 *
 * Returns: (transfer full): the new surface, possibly in an error state
 */
cairo_surface_t *
teller_pixbuf_to_cairo_surface (GdkPixbuf      *pixbuf,
                                cairo_format_t  format)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface;
  guint8 *data;
  int stride;

  g_return_val_if_fail (format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24, NULL);
  g_assert (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8);
  g_assert (n_channels >= (has_alpha ? 4 : 3));

  surface = cairo_image_surface_create (format, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* cairo's stride is a multiple of 4, so each row is word-aligned. */
  for (int y = 0; y < height; y++)
    copy_row (pixels + (gsize) y * rowstride,
              (guint32 *) (gpointer) (data + (gsize) y * stride),
              width, n_channels, has_alpha);
  cairo_surface_mark_dirty (surface);

  return surface;
}
