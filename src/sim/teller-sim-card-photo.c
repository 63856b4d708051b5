/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "teller-pixbuf-util.h"
#include "teller-sim-card-private.h"
#include "teller-sim-imagepro-private.h"

/*
 * The pictures of the synthetic people: a simple drawn head and shoulders, which
 * differs from person to person (skin, hair and its style, clothes, face shape,
 * eyes, smile, glasses), as the card's photo and as the face camera sees them;
 * and the card's two sides drawn with its text, as the service builds return them
 * in photoBase64_Z and photoBase64_F.
 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

#define JPEG_QUALITY 90

/* ---- Surfaces ------------------------------------------------------------ */

GdkPixbuf *
_teller_sim_photo_to_pixbuf (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  gboolean alpha = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32;
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int channels = alpha ? 4 : 3;
  int dest_stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *dest = gdk_pixbuf_get_pixels (pixbuf);
  const guint8 *src;

  cairo_surface_flush (surface);
  src = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *in = (const guint32 *) (gconstpointer) (src + (gsize) y * stride);
      guint8 *out = dest + (gsize) y * dest_stride;

      for (int x = 0; x < width; x++, out += channels)
        {
          guint a = alpha ? in[x] >> 24 : 0xFF;

          /* cairo stores premultiplied colour; the pixbuf wants it straight. */
          for (int c = 0; c < 3; c++)
            {
              guint v = (in[x] >> (16 - 8 * c)) & 0xFF;

              out[c] = a == 0 ? 0 : (guint8) MIN (255u, (v * 255 + a / 2) / a);
            }
          if (alpha)
            out[3] = (guint8) a;
        }
    }
  return pixbuf;
}

GBytes *
_teller_sim_photo_encode_jpeg (cairo_surface_t *surface)
{
  g_autoptr(GdkPixbuf) pixbuf = _teller_sim_photo_to_pixbuf (surface);
  g_autoptr(GError) error = NULL;
  GBytes *jpeg = _teller_sim_tools_encode_jpeg (pixbuf, JPEG_QUALITY, 300, 300, &error);

  /* Only memory exhaustion gets here: gdk-pixbuf always has its JPEG saver. */
  if (jpeg == NULL)
    g_error ("Cannot encode a simulated photo: %s", error->message);
  return jpeg;
}

/* ---- The person ---------------------------------------------------------- */

static void
set_colour (cairo_t *cr,
            guint32  rgb,
            double   light)
{
  cairo_set_source_rgb (cr,
                        MIN (1.0, ((rgb >> 16) & 0xFF) / 255.0 * light),
                        MIN (1.0, ((rgb >> 8) & 0xFF) / 255.0 * light),
                        MIN (1.0, (rgb & 0xFF) / 255.0 * light));
}

static void
ellipse (cairo_t *cr,
         double   cx,
         double   cy,
         double   rx,
         double   ry)
{
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
}

static void
draw_hair_back (cairo_t             *cr,
                const TellerSimLook *look,
                double               rx,
                double               ry,
                double               light)
{
  set_colour (cr, look->hair, light);
  if (look->hair_style == TELLER_SIM_HAIR_LONG)
    {
      ellipse (cr, 0, -0.1 * ry, rx * 1.25, ry * 1.2);
      cairo_rectangle (cr, -rx * 1.25, -0.1 * ry, rx * 2.5, ry * 1.6);
      cairo_fill (cr);
    }
  else if (look->hair_style == TELLER_SIM_HAIR_BUN)
    {
      ellipse (cr, 0, -ry * 1.2, rx * 0.5, ry * 0.35);
      cairo_fill (cr);
    }
}

static void
draw_hair_front (cairo_t             *cr,
                 const TellerSimLook *look,
                 double               rx,
                 double               ry,
                 double               light)
{
  set_colour (cr, look->hair, light);
  switch (look->hair_style)
    {
    case TELLER_SIM_HAIR_RECEDING:
      /* Only the sides are left. */
      ellipse (cr, -rx * 0.95, -ry * 0.25, rx * 0.18, ry * 0.4);
      ellipse (cr, rx * 0.95, -ry * 0.25, rx * 0.18, ry * 0.4);
      cairo_fill (cr);
      break;
    case TELLER_SIM_HAIR_SHORT:
    case TELLER_SIM_HAIR_LONG:
    case TELLER_SIM_HAIR_BUN:
    default:
      /* A cap over the forehead, with a parting for long hair. */
      cairo_new_path (cr);
      cairo_save (cr);
      cairo_translate (cr, 0, -ry * 0.15);
      cairo_scale (cr, rx * 1.08, ry * 0.97);
      cairo_arc (cr, 0, 0, 1, G_PI, 2 * G_PI);
      cairo_restore (cr);
      cairo_curve_to (cr, rx * 0.9, -ry * 0.35, rx * 0.3, -ry * 0.62, -rx * 0.1, -ry * 0.5);
      cairo_curve_to (cr, -rx * 0.5, -ry * 0.62, -rx * 1.0, -ry * 0.3, -rx * 1.08, -ry * 0.15);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    }
}

static void
draw_eyes (cairo_t             *cr,
           const TellerSimLook *look,
           double               rx,
           double               ry)
{
  double gap = rx * 0.42 * look->eye_gap;
  double eye_y = -ry * 0.08;

  for (int side = -1; side <= 1; side += 2)
    {
      cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
      ellipse (cr, side * gap, eye_y, rx * 0.2, ry * 0.08);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.18, 0.12, 0.08);
      ellipse (cr, side * gap, eye_y, rx * 0.09, ry * 0.075);
      cairo_fill (cr);
      /* The eyebrow, in the hair's colour. */
      set_colour (cr, look->hair == 0x8a8a8a ? 0x5a5a5a : look->hair, 1.0);
      cairo_set_line_width (cr, ry * 0.035);
      cairo_move_to (cr, side * (gap - rx * 0.22), eye_y - ry * 0.14);
      cairo_curve_to (cr, side * gap, eye_y - ry * 0.22, side * (gap + rx * 0.1),
                      eye_y - ry * 0.2, side * (gap + rx * 0.24), eye_y - ry * 0.13);
      cairo_stroke (cr);
      if (look->glasses)
        {
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          cairo_set_line_width (cr, ry * 0.025);
          cairo_rectangle (cr, side * gap - rx * 0.3, eye_y - ry * 0.13, rx * 0.6, ry * 0.26);
          cairo_stroke (cr);
        }
    }
  if (look->glasses)
    {
      cairo_move_to (cr, -gap + rx * 0.3, eye_y);
      cairo_line_to (cr, gap - rx * 0.3, eye_y);
      cairo_stroke (cr);
    }
}

static void
draw_mouth_and_nose (cairo_t             *cr,
                     const TellerSimLook *look,
                     double               rx,
                     double               ry,
                     double               light)
{
  set_colour (cr, look->skin, 0.7 * light);
  cairo_set_line_width (cr, ry * 0.025);
  cairo_move_to (cr, 0, ry * 0.02);
  cairo_line_to (cr, -rx * 0.1, ry * 0.3);
  cairo_line_to (cr, rx * 0.05, ry * 0.32);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.62, 0.25, 0.25);
  cairo_set_line_width (cr, ry * 0.04);
  cairo_move_to (cr, -rx * 0.35, ry * 0.52);
  cairo_curve_to (cr, -rx * 0.1, ry * (0.52 + 0.12 * look->smile),
                  rx * 0.1, ry * (0.52 + 0.12 * look->smile), rx * 0.35, ry * 0.52);
  cairo_stroke (cr);
}

/*
 * Head and shoulders, the head's centre at the origin, its half-height @ry.
 * @light brightens or darkens the person as a camera's lighting would.
 */
static void
draw_person (cairo_t             *cr,
             const TellerSimLook *look,
             double               ry,
             double               light)
{
  double rx = ry * 0.78 * look->face_width / look->face_length;

  ry *= look->face_length;
  draw_hair_back (cr, look, rx, ry, light);

  /* Shoulders and neck. */
  set_colour (cr, look->clothes, light);
  ellipse (cr, 0, ry * 2.35, rx * 2.6, ry * 1.2);
  cairo_fill (cr);
  set_colour (cr, look->skin, 0.92 * light);
  cairo_rectangle (cr, -rx * 0.42, ry * 0.6, rx * 0.84, ry * 0.7);
  cairo_fill (cr);

  /* Ears, then the face over them. */
  set_colour (cr, look->skin, 0.95 * light);
  ellipse (cr, -rx, 0, rx * 0.16, ry * 0.22);
  ellipse (cr, rx, 0, rx * 0.16, ry * 0.22);
  cairo_fill (cr);
  set_colour (cr, look->skin, light);
  ellipse (cr, 0, 0, rx, ry);
  cairo_fill (cr);

  draw_eyes (cr, look, rx, ry);
  draw_mouth_and_nose (cr, look, rx, ry, light);
  draw_hair_front (cr, look, rx, ry, light);
}

/* A room behind the counter: wall, a door frame, a poster. */
static void
draw_room (cairo_t *cr,
           double   width,
           double   height)
{
  cairo_pattern_t *wall = cairo_pattern_create_linear (0, 0, 0, height);

  cairo_pattern_add_color_stop_rgb (wall, 0, 0.78, 0.80, 0.76);
  cairo_pattern_add_color_stop_rgb (wall, 1, 0.58, 0.60, 0.57);
  cairo_set_source (cr, wall);
  cairo_paint (cr);
  cairo_pattern_destroy (wall);

  cairo_set_source_rgb (cr, 0.45, 0.33, 0.22);
  cairo_rectangle (cr, width * 0.04, height * 0.1, width * 0.16, height * 0.9);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.30, 0.45, 0.65);
  cairo_rectangle (cr, width * 0.78, height * 0.12, width * 0.16, height * 0.22);
  cairo_fill (cr);
}

GBytes *
_teller_sim_photo_draw (const TellerSimLook *look,
                        TellerSimShot        shot)
{
  gboolean frame = shot == TELLER_SIM_SHOT_FRAME;
  gboolean cut = shot == TELLER_SIM_SHOT_CUT_FACE;
  int width = frame ? TELLER_SIM_LIVE_FRAME_WIDTH
              : cut ? TELLER_SIM_LIVE_CUT_WIDTH : TELLER_SIM_PHOTO_WIDTH;
  int height = frame ? TELLER_SIM_LIVE_FRAME_HEIGHT
               : cut ? TELLER_SIM_LIVE_CUT_HEIGHT : TELLER_SIM_PHOTO_HEIGHT;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                                   width, height);
  g_autoptr(cairo_t) cr = cairo_create (surface);

  g_return_val_if_fail (look != NULL, NULL);

  if (shot == TELLER_SIM_SHOT_ID_PHOTO)
    {
      /* The card photo's plain white background, the head filling the frame. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_translate (cr, width / 2.0, height * 0.42);
      draw_person (cr, look, height * 0.27, 1.0);
      return _teller_sim_photo_encode_jpeg (surface);
    }

  /* The face camera: a room, warmer light, the head a little turned and off centre. */
  draw_room (cr, width, height);
  if (frame)
    {
      cairo_translate (cr, width * 0.52, height * 0.4);
      cairo_rotate (cr, 0.05);
      draw_person (cr, look, height * 0.22, 1.06);
    }
  else
    {
      cairo_translate (cr, width * 0.53, height * 0.43);
      cairo_rotate (cr, 0.06);
      draw_person (cr, look, height * 0.28, 1.06);
    }
  return _teller_sim_photo_encode_jpeg (surface);
}

/* ---- The card's sides ---------------------------------------------------- */

/*
 * cairo's toy text API draws with one font and no fallback, so pick one that has
 * Chinese glyphs: the first family whose font maps "证" to a real glyph.
 */
static const char *
chinese_font_family (void)
{
  static gsize once;
  static const char *family;

  if (g_once_init_enter (&once))
    {
      static const char * const candidates[] = {
        "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", NULL
      };
      g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
      const char *found = "Sans";

      for (guint i = 0; candidates[i] != NULL && g_str_equal (found, "Sans"); i++)
        {
          g_autoptr(cairo_t) cr = cairo_create (surface);
          cairo_glyph_t *glyphs = NULL;
          int n_glyphs = 0;

          cairo_select_font_face (cr, candidates[i], CAIRO_FONT_SLANT_NORMAL,
                                  CAIRO_FONT_WEIGHT_NORMAL);
          if (cairo_scaled_font_text_to_glyphs (cairo_get_scaled_font (cr), 0, 0, "证", -1,
                                                &glyphs, &n_glyphs, NULL, NULL, NULL)
                == CAIRO_STATUS_SUCCESS && n_glyphs == 1 && glyphs[0].index != 0)
            found = candidates[i];
          cairo_glyph_free (glyphs);
        }
      family = found;
      g_once_init_leave (&once, 1);
    }
  return family;
}

static void
text_at (cairo_t    *cr,
         double      x,
         double      y,
         double      size,
         gboolean    label,
         const char *text)
{
  cairo_select_font_face (cr, chinese_font_family (), CAIRO_FONT_SLANT_NORMAL,
                          label ? CAIRO_FONT_WEIGHT_NORMAL : CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, size);
  /* Labels in the card's blue, values in black. */
  if (label)
    cairo_set_source_rgb (cr, 0.16, 0.38, 0.62);
  else
    cairo_set_source_rgb (cr, 0.08, 0.08, 0.08);
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* The address in lines of at most @per_line characters. */
static void
text_wrapped (cairo_t    *cr,
              double      x,
              double      y,
              const char *text,
              glong       per_line)
{
  glong length = g_utf8_strlen (text, -1);

  for (glong start = 0; start < length; start += per_line, y += 38)
    {
      g_autofree char *line = g_utf8_substring (text, start, MIN (length, start + per_line));

      text_at (cr, x, y, 28, FALSE, line);
    }
}

/* "19850312" → "1985 年 3 月 12 日" */
static char *
format_birthday (const char *date)
{
  if (date == NULL || strlen (date) != 8)
    return g_strdup (date != NULL ? date : "");
  return g_strdup_printf ("%.4s 年 %d 月 %d 日", date,
                          (date[4] - '0') * 10 + (date[5] - '0'),
                          (date[6] - '0') * 10 + (date[7] - '0'));
}

/* "20160405"-"20360405" → "2016.04.05-2036.04.05"; "长期" stays. */
static char *
format_validity (const char *start,
                 const char *end)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *dates[] = { start, end };

  for (guint i = 0; i < 2; i++)
    {
      const char *d = dates[i] != NULL ? dates[i] : "";

      if (i == 1)
        g_string_append_c (text, '-');
      if (strlen (d) == 8)
        g_string_append_printf (text, "%.4s.%.2s.%.2s", d, d + 4, d + 6);
      else
        g_string_append (text, d);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
nation_name (const char *code)
{
  /* GB 3304, the few groups the synthetic people belong to. */
  static const char * const names[] = { "01", "汉", "03", "回", "11", "满", NULL };

  for (guint i = 0; names[i] != NULL; i += 2)
    if (g_strcmp0 (code, names[i]) == 0)
      return names[i + 1];
  return code != NULL ? code : "";
}

static void
draw_photo (cairo_t *cr,
            GBytes  *photo,
            double   x,
            double   y,
            double   width)
{
  g_autoptr(GdkPixbuf) pixbuf = _teller_sim_tools_decode (photo, NULL);
  g_autoptr(cairo_surface_t) image = NULL;
  double scale;

  if (pixbuf == NULL)
    return;
  image = teller_pixbuf_to_cairo_surface (pixbuf, CAIRO_FORMAT_RGB24);
  scale = width / gdk_pixbuf_get_width (pixbuf);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_front (cairo_t                 *cr,
            const TellerSimCardSpec *spec,
            const char * const      *pairs,
            GBytes                  *photo)
{
  const char *type = spec->card_type;
  g_autofree char *birthday = format_birthday (_teller_sim_card_pairs_lookup (pairs, "birthday"));
  const char *sex = _teller_sim_card_pairs_lookup (pairs, "sex");

  draw_photo (cr, photo, 580, 60, 230);
  if (g_str_equal (type, "I"))
    {
      text_at (cr, 40, 50, 24, FALSE, "中华人民共和国外国人永久居留身份证");
      text_at (cr, 40, 110, 20, TRUE, "姓名 Name");
      text_at (cr, 40, 150, 30, FALSE, _teller_sim_card_pairs_lookup (pairs, "name"));
      text_at (cr, 40, 190, 24, FALSE, _teller_sim_card_pairs_lookup (pairs, "nameEn"));
      text_at (cr, 40, 250, 20, TRUE, "性别 Sex");
      text_at (cr, 160, 250, 24, FALSE, g_strcmp0 (sex, "男") == 0 ? "男 M" : "女 F");
      text_at (cr, 40, 300, 20, TRUE, "出生日期 Date of Birth");
      text_at (cr, 300, 300, 24, FALSE, _teller_sim_card_pairs_lookup (pairs, "birthday"));
      text_at (cr, 40, 350, 20, TRUE, "国籍 Nationality");
      text_at (cr, 300, 350, 24, FALSE, _teller_sim_card_pairs_lookup (pairs, "nationCode"));
      text_at (cr, 40, 470, 20, TRUE, "证件号码 Card No.");
    }
  else
    {
      text_at (cr, 50, 90, 24, TRUE, "姓名");
      text_at (cr, 140, 90, 32, FALSE, _teller_sim_card_pairs_lookup (pairs, "name"));
      text_at (cr, 50, 150, 24, TRUE, "性别");
      text_at (cr, 140, 150, 28, FALSE, sex);
      if (!g_str_equal (type, "J"))
        {
          text_at (cr, 260, 150, 24, TRUE, "民族");
          text_at (cr, 350, 150, 28, FALSE,
                   nation_name (_teller_sim_card_pairs_lookup (pairs, "nationCode")));
        }
      text_at (cr, 50, 210, 24, TRUE, "出生");
      text_at (cr, 140, 210, 28, FALSE, birthday);
      text_at (cr, 50, 270, 24, TRUE, "住址");
      text_wrapped (cr, 140, 270, _teller_sim_card_pairs_lookup (pairs, "address"), 14);
      text_at (cr, 50, 470, 24, TRUE, "公民身份号码");
    }
  text_at (cr, 280, 470, 34, FALSE, _teller_sim_card_pairs_lookup (pairs, "cardID"));
}

static void
draw_emblem (cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0.80, 0.10, 0.10);
  ellipse (cr, 130, 150, 85, 85);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.98, 0.82, 0.15);
  for (int i = 0; i < 5; i++)
    {
      double cx = i == 0 ? 105 : 150 + 22 * cos (G_PI * (0.75 - i * 0.22));
      double cy = i == 0 ? 140 : 150 - 40 * sin (G_PI * (0.75 - i * 0.22)) + 20;
      double r = i == 0 ? 26 : 9;

      cairo_new_path (cr);
      for (int p = 0; p < 10; p++)
        {
          double angle = -G_PI / 2 + p * G_PI / 5;
          double radius = p % 2 == 0 ? r : r * 0.4;

          cairo_line_to (cr, cx + radius * cos (angle), cy + radius * sin (angle));
        }
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

static void
draw_back (cairo_t                 *cr,
           const TellerSimCardSpec *spec,
           const char * const      *pairs)
{
  const char *type = spec->card_type;
  const char *number = _teller_sim_card_pairs_lookup (pairs, "cardID");
  g_autofree char *validity = format_validity (_teller_sim_card_pairs_lookup (pairs, "validStart"),
                                               _teller_sim_card_pairs_lookup (pairs, "validEnd"));
  const char *title = "居民身份证";

  if (g_str_equal (type, "J"))
    title = g_str_has_prefix (number, "83") ? "台湾居民居住证" : "港澳居民居住证";
  else if (g_str_equal (type, "I"))
    title = "外国人永久居留身份证";

  draw_emblem (cr);
  text_at (cr, 270, 120, 40, FALSE, "中华人民共和国");
  text_at (cr, 270, 210, g_utf8_strlen (title, -1) > 5 ? 44 : 58, FALSE, title);
  text_at (cr, 120, 400, 24, TRUE, "签发机关");
  text_at (cr, 260, 400, 26, FALSE, _teller_sim_card_pairs_lookup (pairs, "issueOrgan"));
  text_at (cr, 120, 460, 24, TRUE, "有效期限");
  text_at (cr, 260, 460, 26, FALSE, validity);
  if (g_str_equal (type, "J"))
    {
      text_at (cr, 120, 300, 24, TRUE, "通行证号码");
      text_at (cr, 260, 300, 26, FALSE, _teller_sim_card_pairs_lookup (pairs, "passportId"));
      text_at (cr, 120, 345, 24, TRUE, "签发次数");
      text_at (cr, 260, 345, 26, FALSE, _teller_sim_card_pairs_lookup (pairs, "signCount"));
    }
}

GBytes *
_teller_sim_photo_card_side (const TellerSimCardSpec *spec,
                             const char * const      *pairs,
                             GBytes                  *photo,
                             gboolean                 front)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  cairo_pattern_t *paper;

  g_return_val_if_fail (spec != NULL && spec->card_type != NULL, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TELLER_SIM_CARD_SIDE_WIDTH,
                                        TELLER_SIM_CARD_SIDE_HEIGHT);
  cr = cairo_create (surface);

  /* The card on a dark scanner lid: rounded corners, a pale printed background. */
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
  cairo_paint (cr);
  paper = cairo_pattern_create_linear (0, 0, TELLER_SIM_CARD_SIDE_WIDTH, TELLER_SIM_CARD_SIDE_HEIGHT);
  cairo_pattern_add_color_stop_rgb (paper, 0, 0.93, 0.95, 0.97);
  cairo_pattern_add_color_stop_rgb (paper, 0.5, 0.97, 0.95, 0.90);
  cairo_pattern_add_color_stop_rgb (paper, 1, 0.90, 0.94, 0.96);
  cairo_set_source (cr, paper);
  cairo_new_path (cr);
  cairo_arc (cr, 30, 30, 24, G_PI, 1.5 * G_PI);
  cairo_arc (cr, TELLER_SIM_CARD_SIDE_WIDTH - 30, 30, 24, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (cr, TELLER_SIM_CARD_SIDE_WIDTH - 30, TELLER_SIM_CARD_SIDE_HEIGHT - 30, 24, 0, 0.5 * G_PI);
  cairo_arc (cr, 30, TELLER_SIM_CARD_SIDE_HEIGHT - 30, 24, 0.5 * G_PI, G_PI);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_pattern_destroy (paper);

  if (front)
    draw_front (cr, spec, pairs, photo);
  else
    draw_back (cr, spec, pairs);
  return _teller_sim_photo_encode_jpeg (surface);
}
