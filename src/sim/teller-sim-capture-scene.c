/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "teller-sim-capture-private.h"

/* cairo has no autoptr cleanups of its own (GDK adds them, and the simulator has no GDK). */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_pattern_t, cairo_pattern_destroy)

/*
 * Under the simulated document camera lies an A4 page beside two cards on a dark
 * desk; the face cameras see a drawn face.  Each capture draws it with cairo at the
 * camera's resolution.
 *
 * The scene holds what chapter 3.3's image options correct, so that each shows:
 * the frame's edges are a near-black band (remove_black_edge), the page lies
 * skewed, a parallelogram rather than a rectangle (rect_correct), the upper card
 * is an ID card lying upside down (correct_idcard_direction), and a soft shadow
 * falls across the page's lower left corner (reduce_shadow).
 */

#define FACE_FRAME_WIDTH   1280
#define FACE_FRAME_HEIGHT  960

/* The page's skew: turned 2.5° clockwise and sheared, so that its long edges
 * lean about 5° and its short ones 2.5°; no two corners are right angles. */
#define PAGE_TURN_DEGREES  2.5
#define PAGE_SHEAR         (-0.04)

/* The band along the frame's edges, a share of its shorter side. */
#define BLACK_EDGE_SHARE   0.015

/* Sets the page's size and page_matrix: an A4 sheet, skewed, as large as fits
 * centred in objects[0], its bounding box. */
static void
place_page (TellerSimScene *scene)
{
  const TellerSimRect *box = &scene->objects[0];
  double turn = PAGE_TURN_DEGREES * G_PI / 180.0;
  double corners[4][2] = { { 0, 0 }, { 1, 0 }, { 0, G_SQRT2 }, { 1, G_SQRT2 } };
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  cairo_matrix_t shape;
  double side;

  /* The turn after the shear; linear, so a page one unit wide shows the extents. */
  cairo_matrix_init (&shape, 1, 0, PAGE_SHEAR, 1, 0, 0);
  {
    cairo_matrix_t rotation;

    cairo_matrix_init_rotate (&rotation, turn);
    cairo_matrix_multiply (&shape, &shape, &rotation);
  }
  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      double x = corners[i][0], y = corners[i][1];

      cairo_matrix_transform_point (&shape, &x, &y);
      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
      min_y = MIN (min_y, y);
      max_y = MAX (max_y, y);
    }

  side = MIN (box->width / (max_x - min_x), box->height / (max_y - min_y));
  scene->page_width = side;
  scene->page_height = side * G_SQRT2;
  cairo_matrix_init_translate (&scene->page_matrix,
                               box->x + (box->width - side * (max_x - min_x)) / 2 - side * min_x,
                               box->y + (box->height - side * (max_y - min_y)) / 2 - side * min_y);
  cairo_matrix_multiply (&scene->page_matrix, &shape, &scene->page_matrix);
}

void
_teller_sim_scene_init (TellerSimScene               *scene,
                        const TellerSimCaptureParams *params)
{
  memset (scene, 0, sizeof *scene);
  scene->shadow = !params->reduce_shadow;

  if (params->camidx != 0)
    {
      scene->face = TRUE;
      scene->width = FACE_FRAME_WIDTH;
      scene->height = FACE_FRAME_HEIGHT;
      scene->head = (TellerSimRect) { 0.36 * FACE_FRAME_WIDTH, 0.12 * FACE_FRAME_HEIGHT,
                             0.28 * FACE_FRAME_WIDTH, 0.58 * FACE_FRAME_HEIGHT };
      return;
    }

  scene->width = params->frame_width;
  scene->height = params->frame_height;

  /* An A4 page (1 : √2) on the left, two ID-1 cards (85.6 × 54 mm) on the right. */
  scene->objects[0].height = 0.86 * scene->height;
  scene->objects[0].width = scene->objects[0].height / G_SQRT2;
  scene->objects[0].x = 0.06 * scene->width;
  scene->objects[0].y = 0.07 * scene->height;
  for (guint i = 1; i < 3; i++)
    {
      scene->objects[i].width = 0.30 * scene->width;
      scene->objects[i].height = scene->objects[i].width * 54.0 / 85.6;
      scene->objects[i].x = 0.60 * scene->width;
      scene->objects[i].y = (i == 1 ? 0.12 : 0.56) * scene->height;
    }
  scene->n_objects = 3;
  scene->idcard = 1;
  scene->black_edge = MAX (4, round (BLACK_EDGE_SHARE * MIN (scene->width, scene->height)));
  place_page (scene);
}

static void
draw_bars (cairo_t *cr,
           GRand   *rand,
           double   x,
           double   y,
           double   width,
           double   line_height,
           guint    n_lines)
{
  for (guint i = 0; i < n_lines; i++)
    {
      double length = width * (i + 1 == n_lines ? g_rand_double_range (rand, 0.2, 0.6)
                                                : g_rand_double_range (rand, 0.85, 1.0));

      cairo_rectangle (cr, x, y + i * line_height * 2.2, length, line_height);
    }
  cairo_fill (cr);
}

static void
draw_page (cairo_t             *cr,
           const TellerSimRect *page,
           gboolean             shadow,
           GRand               *rand)
{
  double margin = 0.09 * page->width;
  double line = 0.009 * page->height;
  double y;

  cairo_set_source_rgb (cr, 0.96, 0.96, 0.94);
  cairo_rectangle (cr, page->x, page->y, page->width, page->height);
  cairo_fill (cr);

  /* Title, then paragraphs of text-like bars. */
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
  cairo_rectangle (cr, page->x + page->width * 0.25, page->y + margin,
                   page->width * 0.5, line * 2.4);
  cairo_fill (cr);

  y = page->y + margin + line * 6;
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.28);
  for (guint paragraph = 0; paragraph < 6; paragraph++)
    {
      guint n_lines = 3 + g_rand_int_range (rand, 0, 4);

      draw_bars (cr, rand, page->x + margin, y, page->width - 2 * margin, line, n_lines);
      y += (n_lines * 2.2 + 2) * line;
    }

  /* A signature line and a red seal, so colour and grey captures differ. */
  cairo_set_line_width (cr, line * 0.3);
  cairo_move_to (cr, page->x + page->width * 0.55, page->y + page->height * 0.88);
  cairo_line_to (cr, page->x + page->width - margin, page->y + page->height * 0.88);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.82, 0.1, 0.1);
  cairo_set_line_width (cr, line * 0.5);
  cairo_arc (cr, page->x + page->width * 0.72, page->y + page->height * 0.84,
             page->width * 0.09, 0, 2 * G_PI);
  cairo_stroke (cr);

  if (shadow)
    {
      /* A lamp's or a hand's shadow across a corner; reduce_shadow leaves it out. */
      g_autoptr(cairo_pattern_t) gradient = NULL;

      gradient = cairo_pattern_create_linear (page->x, page->y + page->height,
                                              page->x + page->width * 0.5,
                                              page->y + page->height * 0.5);
      cairo_pattern_add_color_stop_rgba (gradient, 0, 0, 0, 0, 0.35);
      cairo_pattern_add_color_stop_rgba (gradient, 1, 0, 0, 0, 0);
      cairo_set_source (cr, gradient);
      cairo_rectangle (cr, page->x, page->y, page->width, page->height);
      cairo_fill (cr);
    }
}

static void
rounded_rect (cairo_t             *cr,
              const TellerSimRect *rect,
              double               radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, rect->x + rect->width - radius, rect->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, rect->x + rect->width - radius, rect->y + rect->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, rect->x + radius, rect->y + rect->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, rect->x + radius, rect->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_card (cairo_t             *cr,
           const TellerSimRect *card,
           guint                number,
           gboolean             idcard,
           GRand               *rand)
{
  g_autoptr(cairo_pattern_t) gradient = NULL;
  double line = 0.035 * card->height;

  cairo_save (cr);
  if (idcard)
    {
      /* Upside down: turned half a turn about its centre. */
      cairo_translate (cr, card->x + card->width / 2, card->y + card->height / 2);
      cairo_rotate (cr, G_PI);
      cairo_translate (cr, -(card->x + card->width / 2), -(card->y + card->height / 2));
    }

  gradient = cairo_pattern_create_linear (card->x, card->y, card->x + card->width,
                                          card->y + card->height);
  if (number == 1)
    {
      cairo_pattern_add_color_stop_rgb (gradient, 0, 0.80, 0.88, 0.96);
      cairo_pattern_add_color_stop_rgb (gradient, 1, 0.93, 0.95, 0.90);
    }
  else
    {
      cairo_pattern_add_color_stop_rgb (gradient, 0, 0.95, 0.86, 0.70);
      cairo_pattern_add_color_stop_rgb (gradient, 1, 0.97, 0.94, 0.88);
    }
  cairo_set_source (cr, gradient);
  rounded_rect (cr, card, card->height * 0.05);
  cairo_fill (cr);

  /* The photo box on the right, a chip or a title on the left, text lines. */
  cairo_set_source_rgb (cr, 0.55, 0.62, 0.72);
  cairo_rectangle (cr, card->x + card->width * 0.66, card->y + card->height * 0.18,
                   card->width * 0.26, card->height * 0.62);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.82, 0.68, 0.30);
  cairo_rectangle (cr, card->x + card->width * 0.08, card->y + card->height * 0.12,
                   card->width * 0.14, card->height * 0.16);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.2, 0.22, 0.26);
  draw_bars (cr, rand, card->x + card->width * 0.08, card->y + card->height * 0.40,
             card->width * 0.50, line, 5);

  if (idcard)
    {
      /* A red marker in the card's top-left corner as printed, which tells which
       * way up it lies. */
      cairo_set_source_rgb (cr, 0.85, 0.08, 0.08);
      cairo_rectangle (cr, card->x + card->width * 0.025, card->y + card->height * 0.04,
                       card->width * 0.045, card->height * 0.07);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_face (cairo_t              *cr,
           const TellerSimScene *scene)
{
  const TellerSimRect *head = &scene->head;
  double cx = head->x + head->width / 2;
  double cy = head->y + head->height * 0.55;

  cairo_set_source_rgb (cr, 0.62, 0.70, 0.80);
  cairo_paint (cr);

  /* Shoulders, neck, hair, face. */
  cairo_set_source_rgb (cr, 0.15, 0.18, 0.25);
  cairo_save (cr);
  cairo_translate (cr, cx, scene->height * 1.02);
  cairo_scale (cr, head->width * 1.3, scene->height * 0.28);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.86, 0.70, 0.58);
  cairo_rectangle (cr, cx - head->width * 0.16, cy, head->width * 0.32, head->height * 0.55);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.10, 0.08, 0.07);
  cairo_save (cr);
  cairo_translate (cr, cx, head->y + head->height * 0.42);
  cairo_scale (cr, head->width / 2, head->height * 0.42);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.93, 0.78, 0.66);
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, head->width * 0.42, head->height * 0.42);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);

  /* Eyes, brows, mouth. */
  for (int side = -1; side <= 1; side += 2)
    {
      double ex = cx + side * head->width * 0.16;
      double ey = cy - head->height * 0.08;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_arc (cr, ex, ey, head->width * 0.06, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.15, 0.1);
      cairo_arc (cr, ex, ey, head->width * 0.03, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_line_width (cr, head->width * 0.02);
      cairo_move_to (cr, ex - head->width * 0.07, ey - head->height * 0.07);
      cairo_line_to (cr, ex + head->width * 0.07, ey - head->height * 0.08);
      cairo_stroke (cr);
    }
  cairo_set_source_rgb (cr, 0.7, 0.25, 0.25);
  cairo_set_line_width (cr, head->width * 0.025);
  cairo_arc (cr, cx, cy + head->height * 0.08, head->width * 0.14, G_PI * 0.2, G_PI * 0.8);
  cairo_stroke (cr);
}

void
_teller_sim_scene_draw (cairo_t              *cr,
                        const TellerSimScene *scene)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x7e11e7);
  g_autoptr(cairo_pattern_t) desk = NULL;

  if (scene->face)
    {
      draw_face (cr, scene);
      return;
    }

  desk = cairo_pattern_create_linear (0, 0, scene->width, scene->height);
  cairo_pattern_add_color_stop_rgb (desk, 0, 0.17, 0.18, 0.20);
  cairo_pattern_add_color_stop_rgb (desk, 1, 0.26, 0.27, 0.30);
  cairo_set_source (cr, desk);
  cairo_paint (cr);

  /* The band along the frame's edges, the dark of a lens's or lid's rim. */
  cairo_set_source_rgb (cr, 0.02, 0.02, 0.02);
  cairo_rectangle (cr, 0, 0, scene->width, scene->height);
  cairo_rectangle (cr, scene->black_edge, scene->black_edge,
                   scene->width - 2 * scene->black_edge, scene->height - 2 * scene->black_edge);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

  cairo_save (cr);
  cairo_transform (cr, &scene->page_matrix);
  draw_page (cr, &(TellerSimRect) { 0, 0, scene->page_width, scene->page_height },
             scene->shadow, rand);
  cairo_restore (cr);
  for (guint i = 1; i < scene->n_objects; i++)
    draw_card (cr, &scene->objects[i], i, i == scene->idcard, rand);
}
