/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "teller-sim-capture-private.h"

/* cairo has no autoptr cleanups of its own (GDK adds them, and the simulator has no GDK). */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

/*
 * A capture's images: the scene cut to the objects the request asks for, rotated,
 * scaled and watermarked, encoded as real JPEGs with gdk-pixbuf, then the reply of
 * table 2 (v1.5) or appendix 13.1 (v1.0).  Drawing and encoding 8 MP takes a good part
 * of a second: this runs in a worker thread.
 */

#define THUMBNAIL_SIDE     200
#define MIN_SHRUNK_SIDE    64

/* ---- Cropping ---------------------------------------------------------- */

/* An image to make: width × height pixels (before rotate and the fixed size),
 * to_scene taking them to the frame's.  Mostly a rectangle of the frame; a
 * corrected page, a turned ID card or a custom_rect with an angle are not. */
typedef struct
{
  double         width;
  double         height;
  cairo_matrix_t to_scene;
} Crop;

static Crop
crop_from_rect (const TellerSimRect *rect)
{
  Crop crop = { rect->width, rect->height, { 0 } };

  cairo_matrix_init_translate (&crop.to_scene, rect->x, rect->y);
  return crop;
}

static double
edge_pixels (const TellerSimEdge *edge,
             double               extent)
{
  return edge->percent ? edge->value * extent / 100.0 : edge->value;
}

/*
 * custom_rect: left, top, right and bottom give the rectangle; "angle", 矩形框的角度,
 * turns that rectangle about its centre, clockwise as seen.  The rectangle is the
 * area cut, so the image is its content squared up, as large as the rectangle
 * (right - left by bottom - top) whatever the angle, not the turned rectangle's
 * bounding box, which would take in desk outside the area asked for.  Frame
 * corners the turned rectangle leaves are black.
 */
static gboolean
custom_rect (const TellerSimCaptureParams *params,
             const TellerSimScene         *scene,
             const TellerSimRect          *bounds,
             Crop                         *crop)
{
  double left = CLAMP (edge_pixels (&params->rect[0], scene->width), bounds->x, bounds->x + bounds->width);
  double top = CLAMP (edge_pixels (&params->rect[1], scene->height), bounds->y, bounds->y + bounds->height);
  double right = CLAMP (edge_pixels (&params->rect[2], scene->width), bounds->x, bounds->x + bounds->width);
  double bottom = CLAMP (edge_pixels (&params->rect[3], scene->height), bounds->y, bounds->y + bounds->height);
  TellerSimRect rect = { left, top, right - left, bottom - top };

  if (rect.width < 1 || rect.height < 1)
    return FALSE;
  if (fmod (params->rect_angle, 360) == 0)
    {
      *crop = crop_from_rect (&rect);
      return TRUE;
    }

  crop->width = rect.width;
  crop->height = rect.height;
  cairo_matrix_init_translate (&crop->to_scene, rect.x + rect.width / 2, rect.y + rect.height / 2);
  cairo_matrix_rotate (&crop->to_scene, params->rect_angle * G_PI / 180.0);
  cairo_matrix_translate (&crop->to_scene, -rect.width / 2, -rect.height / 2);
  return TRUE;
}

/* An object cut from the document camera's frame (cut_type 1 and 3). */
static Crop
object_crop (const TellerSimCaptureParams *params,
             const TellerSimScene         *scene,
             guint                         i)
{
  const TellerSimRect *rect = &scene->objects[i];
  Crop crop;

  /* rect_correct: "仅当 cut_type 为"1"自动切边时, 且 fixed_width 与 fixed_height
   * 不指定时有效".  The skewed page comes out squared up, the sheet itself rather
   * than its bounding box with the desk in its corners. */
  if (i == 0 && params->rect_correct && params->cut_type == 1 &&
      params->fixed_width == 0 && params->fixed_height == 0)
    {
      crop.width = scene->page_width;
      crop.height = scene->page_height;
      crop.to_scene = scene->page_matrix;
      return crop;
    }

  /* correct_idcard_direction: "仅支持居民二代身份证件"; an ID card is what the
   * request calls a card document (document_type "2", 证件卡片) when auto cut
   * finds it.  The card lies upside down: half a turn sets it upright. */
  if (i == scene->idcard && params->correct_idcard_direction && params->cut_type == 1 &&
      params->document_type == 2)
    {
      crop.width = rect->width;
      crop.height = rect->height;
      cairo_matrix_init_translate (&crop.to_scene, rect->x + rect->width, rect->y + rect->height);
      cairo_matrix_rotate (&crop.to_scene, G_PI);
      return crop;
    }

  return crop_from_rect (rect);
}

static void
add_crop (GArray     *crops,
          const Crop *crop,
          gboolean    split)
{
  Crop half = *crop;

  if (!split)
    {
      g_array_append_val (crops, half);
      return;
    }

  /* "将切边后的长边对半分割" */
  if (crop->width >= crop->height)
    {
      half.width = crop->width / 2;
      g_array_append_val (crops, half);
      cairo_matrix_translate (&half.to_scene, half.width, 0);
    }
  else
    {
      half.height = crop->height / 2;
      g_array_append_val (crops, half);
      cairo_matrix_translate (&half.to_scene, 0, half.height);
    }
  g_array_append_val (crops, half);
}

static void
add_rect (GArray              *crops,
          const TellerSimRect *rect,
          gboolean             split)
{
  Crop crop = crop_from_rect (rect);

  add_crop (crops, &crop, split);
}

/* The images to make (Crop). */
static GArray *
compute_crops (const TellerSimCaptureParams  *params,
               const TellerSimScene          *scene,
               char                         **message)
{
  g_autoptr(GArray) crops = g_array_new (FALSE, FALSE, sizeof (Crop));
  TellerSimRect whole = { 0, 0, scene->width, scene->height };
  Crop crop;
  gboolean split;

  /* remove_black_edge: what is kept of the frame leaves out the dark band along
   * its edges (the objects cut lie well inside it). */
  if (params->remove_black_edge && scene->black_edge > 0)
    whole = (TellerSimRect) { scene->black_edge, scene->black_edge,
                              scene->width - 2 * scene->black_edge,
                              scene->height - 2 * scene->black_edge };

  switch (params->cut_type)
    {
    case 1:
    case 3:
      split = params->split_page == 1 || (params->cut_type == 3 && params->split_page != 0);
      if (scene->face)
        add_rect (crops, &whole, split);
      else if (params->cut_type == 1 && params->multi_object)
        for (guint i = 0; i < scene->n_objects; i++)
          {
            crop = object_crop (params, scene, i);
            add_crop (crops, &crop, split);
          }
      else
        {
          /* A card document: the largest card rather than the largest object. */
          crop = object_crop (params, scene, params->cut_type == 1 && params->document_type == 2);
          add_crop (crops, &crop, split);
        }
      break;
    case 2:
      if (!custom_rect (params, scene, &whole, &crop))
        {
          *message = g_strdup ("参数custom_rect无效: 矩形区域为空");
          return NULL;
        }
      add_crop (crops, &crop, FALSE);
      break;
    case 4:
      /* No face on the document camera: the service keeps the whole frame. */
      add_rect (crops, scene->face ? &scene->head : &whole, FALSE);
      break;
    case 0:
    default:
      add_rect (crops, &whole, FALSE);
      break;
    }

  return g_steal_pointer (&crops);
}

/* ---- Rendering and encoding (worker thread) ---------------------------- */

static void
draw_watermark (cairo_t                      *cr,
                const TellerSimCaptureParams *params,
                int                           width,
                int                           height)
{
  g_autofree char *text = NULL;
  cairo_text_extents_t extents;
  double margin = params->wm_fontsize / 2.0;
  double x, y;

  if (params->wm_content != NULL && *params->wm_content != '\0')
    text = g_strdup (params->wm_content);
  else
    {
      /* "当内容为空时, 将当前时间作为水印" */
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      text = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
    }

  cairo_select_font_face (cr, params->wm_font != NULL ? params->wm_font : "Sans",
                          CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, params->wm_fontsize);
  cairo_text_extents (cr, text, &extents);

  /* 0 top left, 1 top right, 2 bottom left, 3 bottom right, 4 centre. */
  x = (params->wm_pos == 1 || params->wm_pos == 3) ? width - margin - extents.width
                                                   : margin;
  y = (params->wm_pos >= 2 && params->wm_pos <= 3) ? height - margin
                                                   : margin + extents.height;
  if (params->wm_pos == 4)
    {
      x = (width - extents.width) / 2;
      y = (height + extents.height) / 2;
    }

  cairo_set_source_rgba (cr, params->wm_rgb[0], params->wm_rgb[1], params->wm_rgb[2],
                         params->wm_alpha);
  cairo_move_to (cr, x - extents.x_bearing, y - (extents.height + extents.y_bearing));
  cairo_show_text (cr, text);
}

/* Converts cairo's native-endian xRGB to packed RGB, applying color_type. */
static GdkPixbuf *
surface_to_pixbuf (cairo_surface_t *surface,
                   guint            color_type)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int src_stride = cairo_image_surface_get_stride (surface);
  const guint8 *src;
  GdkPixbuf *pixbuf;
  guint8 *dest;
  int dest_stride;

  cairo_surface_flush (surface);
  src = cairo_image_surface_get_data (surface);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  dest = gdk_pixbuf_get_pixels (pixbuf);
  dest_stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    {
      const guint32 *in = (const guint32 *) (gconstpointer) (src + (gsize) y * src_stride);
      guint8 *out = dest + (gsize) y * dest_stride;

      for (int x = 0; x < width; x++, out += 3)
        {
          guint r = (in[x] >> 16) & 0xFF, g = (in[x] >> 8) & 0xFF, b = in[x] & 0xFF;

          if (color_type != 0)
            {
              guint luma = (299 * r + 587 * g + 114 * b + 500) / 1000;

              if (color_type == 2)
                luma = luma >= 128 ? 255 : 0;
              r = g = b = luma;
            }
          out[0] = r;
          out[1] = g;
          out[2] = b;
        }
    }

  return pixbuf;
}

static GdkPixbuf *
render_image (const TellerSimCaptureParams *params,
              const TellerSimScene         *scene,
              const Crop                   *crop)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  cairo_matrix_t from_scene = crop->to_scene;
  gboolean swap = params->rotate == 90 || params->rotate == 270;
  int rotated_width = (int) MAX (1, round (swap ? crop->height : crop->width));
  int rotated_height = (int) MAX (1, round (swap ? crop->width : crop->height));
  int width = rotated_width, height = rotated_height;

  /* fixed_width/fixed_height: "仅当 cut_type 为"1"或"4"时有效"; one alone keeps
   * the aspect ratio. */
  if ((params->cut_type == 1 || params->cut_type == 4) &&
      (params->fixed_width > 0 || params->fixed_height > 0))
    {
      width = params->fixed_width > 0 ? (int) params->fixed_width
                                      : MAX (1, (int) round ((double) rotated_width * params->fixed_height / rotated_height));
      height = params->fixed_height > 0 ? (int) params->fixed_height
                                        : MAX (1, (int) round ((double) rotated_height * params->fixed_width / rotated_width));
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);

  cairo_save (cr);
  cairo_scale (cr, (double) width / rotated_width, (double) height / rotated_height);
  switch (params->rotate)
    {
    case 90:
      cairo_translate (cr, rotated_width, 0);
      break;
    case 180:
      cairo_translate (cr, rotated_width, rotated_height);
      break;
    case 270:
      cairo_translate (cr, 0, rotated_height);
      break;
    default:
      break;
    }
  cairo_rotate (cr, params->rotate * G_PI / 180.0);
  if (cairo_matrix_invert (&from_scene) == CAIRO_STATUS_SUCCESS)
    cairo_transform (cr, &from_scene);
  _teller_sim_scene_draw (cr, scene);
  cairo_restore (cr);

  if (params->watermark)
    draw_watermark (cr, params, width, height);

  return surface_to_pixbuf (surface, params->color_type);
}

static GBytes *
encode_jpeg (GdkPixbuf  *pixbuf,
             guint       quality,
             guint       xdpi,
             guint       ydpi,
             GError    **error)
{
  g_autofree char *quality_text = g_strdup_printf ("%u", quality);
  g_autofree char *xdpi_text = g_strdup_printf ("%u", xdpi);
  g_autofree char *ydpi_text = g_strdup_printf ("%u", ydpi);
  char *keys[] = { (char *) "quality", (char *) "x-dpi", (char *) "y-dpi", NULL };
  char *values[] = { quality_text, xdpi_text, ydpi_text, NULL };
  char *buffer = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &size, "jpeg", keys, values, error))
    return NULL;
  return g_bytes_new_take (buffer, size);
}

/* max_file_size: "通过缩小图像分辨率的形式，来缩小图像文件的体积" */
static GBytes *
encode_within_limit (GdkPixbuf                     *pixbuf,
                     const TellerSimCaptureParams  *params,
                     GError                       **error)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  double scale = 1.0;

  for (;;)
    {
      g_autoptr(GdkPixbuf) scaled = NULL;
      g_autoptr(GBytes) jpeg = NULL;
      int scaled_width = MAX (1, (int) (width * scale));
      int scaled_height = MAX (1, (int) (height * scale));
      double factor;

      scaled = scale < 1.0 ? gdk_pixbuf_scale_simple (pixbuf, scaled_width, scaled_height,
                                                      GDK_INTERP_BILINEAR)
                           : g_object_ref (pixbuf);
      jpeg = encode_jpeg (scaled, params->quality, params->xdpi, params->ydpi, error);
      if (jpeg == NULL)
        return NULL;
      if (params->max_file_size == 0 || g_bytes_get_size (jpeg) <= params->max_file_size ||
          MIN (scaled_width, scaled_height) <= MIN_SHRUNK_SIDE)
        return g_steal_pointer (&jpeg);

      /* The size goes roughly with the pixel count; aim a little under. */
      factor = sqrt ((double) params->max_file_size / g_bytes_get_size (jpeg)) * 0.9;
      scale *= CLAMP (factor, 0.1, 0.9);
      scale = MAX (scale, (double) MIN_SHRUNK_SIDE / MIN (width, height));
    }
}

static char *
encode_thumbnail (GdkPixbuf  *pixbuf,
                  GError    **error)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  double factor = (double) THUMBNAIL_SIDE / MAX (width, height);
  g_autoptr(GdkPixbuf) small = gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) (width * factor)),
                                                        MAX (1, (int) (height * factor)),
                                                        GDK_INTERP_BILINEAR);
  g_autoptr(GBytes) jpeg = encode_jpeg (small, 60, TELLER_SIM_CAPTURE_DEFAULT_DPI,
                                        TELLER_SIM_CAPTURE_DEFAULT_DPI, error);

  if (jpeg == NULL)
    return NULL;
  return g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}

static char *
fake_service_path (const char *uuid)
{
  /* Where the service would keep the file, on its own machine.  The simulator
   * writes nothing there: a client must never rely on reading it. */
  g_autofree char *name = g_strconcat (uuid, ".jpg", NULL);

  return g_build_filename (g_get_tmp_dir (), "CameraService", "images", name, NULL);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Appendix 13.1: one image.  "filepath": "base64" asks for photoBase64 alone. */
static void
build_v10_reply (JsonBuilder                   *builder,
                 const TellerSimCaptureParams  *params,
                 GdkPixbuf                     *pixbuf,
                 GBytes                        *jpeg,
                 GError                       **error)
{
  g_autofree char *photo = g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_autofree char *thumbnail = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *path = NULL;

  add_string (builder, "photoBase64", photo);
  if (g_strcmp0 (params->v10_filepath, "base64") == 0)
    return;

  /* An empty filepath lets the service choose the path and name the image by a
   * uuid; a given path is used as is, and the uuid is then empty. */
  if (params->v10_filepath == NULL || *params->v10_filepath == '\0')
    {
      uuid = g_uuid_string_random ();
      path = fake_service_path (uuid);
    }
  else
    {
      uuid = g_strdup ("");
      path = g_strdup (params->v10_filepath);
    }
  thumbnail = encode_thumbnail (pixbuf, error);
  add_string (builder, "uuid", uuid);
  add_string (builder, "filepath", path);
  add_string (builder, "thumbnail", thumbnail != NULL ? thumbnail : "");
}

char *
_teller_sim_capture_build_reply (const TellerSimCaptureParams  *params,
                                 GCancellable                  *cancellable,
                                 GError                       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) crops = NULL;
  g_autofree char *message = NULL;
  TellerSimScene scene;

  _teller_sim_scene_init (&scene, params);
  crops = compute_crops (params, &scene, &message);

  json_builder_begin_object (builder);
  if (crops == NULL)
    {
      add_string (builder, "code", TELLER_SIM_CAPTURE_CODE_BAD_REQUEST);
      add_string (builder, "message", message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      return json_to_string (root, FALSE);
    }

  add_string (builder, "code", TELLER_SIM_CAPTURE_CODE_OK);
  add_string (builder, "message", "");

  if (params->reply_v10)
    {
      g_autoptr(GdkPixbuf) pixbuf = render_image (params, &scene,
                                                  &g_array_index (crops, Crop, 0));
      g_autoptr(GBytes) jpeg = encode_within_limit (pixbuf, params, error);

      if (jpeg == NULL)
        return NULL;
      build_v10_reply (builder, params, pixbuf, jpeg, error);
    }
  else
    {
      /* Table 2. */
      json_builder_set_member_name (builder, "image_count");
      json_builder_add_int_value (builder, crops->len);
      json_builder_set_member_name (builder, "images");
      json_builder_begin_array (builder);
      for (guint i = 0; i < crops->len; i++)
        {
          g_autoptr(GdkPixbuf) pixbuf = NULL;
          g_autoptr(GBytes) jpeg = NULL;
          g_autofree char *base64 = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;

          pixbuf = render_image (params, &scene, &g_array_index (crops, Crop, i));
          jpeg = encode_within_limit (pixbuf, params, error);
          if (jpeg == NULL)
            return NULL;
          base64 = g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "index");
          json_builder_add_int_value (builder, i);
          if (params->make_uuid)
            {
              g_autofree char *uuid = g_uuid_string_random ();
              g_autofree char *path = fake_service_path (uuid);

              add_string (builder, "filepath", path);
              add_string (builder, "uuid", uuid);
            }
          add_string (builder, "base64", base64);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
