/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>

#include "teller-sim-stream-private.h"

/*
 * What the simulated cameras see.  Camera 0 looks down on a desk where a page
 * slides in from the right, lies still and slides out to the left, once per
 * cycle (video=detectdoc reads the same cycle); camera 1 sees a face.  Both
 * carry a caption with the frame number and the time.  Drawn with cairo over
 * the background videotestsrc fills, in GStreamer's streaming threads.
 */

/* Where the page is in its cycle, as fractions of document-cycle-ms. */
#define PHASE_ARRIVE 0.15 /* starts sliding in from the right */
#define PHASE_STILL  0.30 /* lies still in the middle */
#define PHASE_LEAVE  0.75 /* starts sliding out to the left */
#define PHASE_GONE   0.90 /* out of view until the next cycle */

/* Opaque ARGB for videotestsrc's foreground-color, which fills each frame. */
#define DESK_COLOR   0xff6b4a2fu
#define FACE_COLOR   0xff8aa0b8u
#define ERROR_COLOR  0xffa81c1cu
#define CLOSED_COLOR 0xff2c3e70u

/* Font faces are looked up once, on the main thread: cairo's toy font lookup
 * from several streaming threads at once is slower and races in fontconfig. */
typedef enum
{
  FONT_MONO,
  FONT_SANS_BOLD,
  FONT_CJK_BOLD,
  N_FONTS
} Font;

struct _TellerSimPainter
{
  cairo_font_face_t *fonts[N_FONTS];
};

/* ---- The page's cycle ---------------------------------------------------- */

static double
smoothstep (double t)
{
  return t * t * (3.0 - 2.0 * t);
}

void
_teller_sim_document_pose_at (gint64                 elapsed_us,
                              guint                  cycle_ms,
                              TellerSimDocumentPose *pose)
{
  gint64 cycle_us = (gint64) MAX (cycle_ms, 1) * 1000;
  double phase;

  elapsed_us = MAX (elapsed_us, 0);
  pose->cycle = elapsed_us / cycle_us;
  phase = (double) (elapsed_us % cycle_us) / (double) cycle_us;
  pose->visible = phase >= PHASE_ARRIVE && phase < PHASE_GONE;
  pose->still = phase >= PHASE_STILL && phase < PHASE_LEAVE;

  if (phase < PHASE_ARRIVE)
    pose->offset = 1.0;
  else if (phase < PHASE_STILL)
    pose->offset = 1.0 - smoothstep ((phase - PHASE_ARRIVE) / (PHASE_STILL - PHASE_ARRIVE));
  else if (phase < PHASE_LEAVE)
    pose->offset = 0.0;
  else if (phase < PHASE_GONE)
    pose->offset = -smoothstep ((phase - PHASE_LEAVE) / (PHASE_GONE - PHASE_LEAVE));
  else
    pose->offset = -1.0;
}

/* ---- Drawing ------------------------------------------------------------ */

static void
draw_desk (cairo_t *cr,
           double   w,
           double   h)
{
  /* A few darker bands read as wood grain and cost next to nothing. */
  for (int i = 0; i < 9; i++)
    {
      cairo_set_source_rgba (cr, 0, 0, 0, (i % 2) != 0 ? 0.05 : 0.10);
      cairo_rectangle (cr, 0, h * (i + 0.3) / 9.0, w, h / 45.0);
      cairo_fill (cr);
    }
}

static void
draw_document (cairo_t                     *cr,
               double                       w,
               double                       h,
               const TellerSimDocumentPose *pose)
{
  double page_h = h * 0.82;
  double page_w = page_h / G_SQRT2;
  double x = w / 2.0 + pose->offset * (w / 2.0 + page_w * 0.6) - page_w / 2.0;
  double y = (h - page_h) / 2.0;
  double margin = page_w * 0.1;
  double line_h = MAX (page_h * 0.014, 1.0);
  guint32 seed = (guint32) pose->cycle * 2654435761u + 12345u;

  if (!pose->visible)
    return;

  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_rectangle (cr, x + h * 0.012, y + h * 0.012, page_w, page_h);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.98, 0.98, 0.96);
  cairo_rectangle (cr, x, y, page_w, page_h);
  cairo_fill (cr);

  /* A title, then paragraphs of "text": each arrival is a different page. */
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.2);
  cairo_rectangle (cr, x + page_w * 0.25, y + margin, page_w * 0.5, line_h * 2);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.4);
  for (int i = 0; i < 22; i++)
    {
      double line_y = y + margin * 2 + line_h * 2.4 * i;
      double fraction;

      seed = seed * 1103515245u + 12345u;
      fraction = (i % 6 == 5) ? 0.3 + (seed >> 16) % 30 / 100.0
                              : 0.75 + (seed >> 16) % 25 / 100.0;
      if (line_y + line_h > y + page_h - margin * 2)
        break;
      if (i % 6 == 5 || i % 6 == 0)
        continue;
      cairo_rectangle (cr, x + margin, line_y, (page_w - 2 * margin) * fraction, line_h);
    }
  cairo_fill (cr);

  /* A red seal near the signature, as on most counter paperwork. */
  cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.8);
  cairo_set_line_width (cr, MAX (page_w * 0.01, 1.0));
  cairo_arc (cr, x + page_w * 0.72, y + page_h * 0.86, page_w * 0.09, 0, 2 * G_PI);
  cairo_stroke (cr);
}

static void
draw_face (cairo_t *cr,
           double   w,
           double   h,
           gint64   elapsed_us)
{
  double t = elapsed_us / 1e6;
  double cx = w / 2.0 + sin (t * 1.3) * w * 0.02;
  double cy = h * 0.45;
  double r = h * 0.25;
  gboolean blink = fmod (t, 4.0) < 0.15;

  cairo_set_source_rgb (cr, 0.15, 0.22, 0.4);
  cairo_save (cr);
  cairo_translate (cr, cx, h * 1.05);
  cairo_scale (cr, w * 0.3, h * 0.35);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.96, 0.8, 0.66);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.2, 0.13, 0.08);
  cairo_arc (cr, cx, cy, r * 1.02, G_PI * 1.05, G_PI * 1.95);
  cairo_fill (cr);

  if (blink)
    {
      cairo_set_line_width (cr, MAX (r * 0.03, 1.0));
      cairo_move_to (cr, cx - r * 0.5, cy - r * 0.1);
      cairo_line_to (cr, cx - r * 0.2, cy - r * 0.1);
      cairo_move_to (cr, cx + r * 0.2, cy - r * 0.1);
      cairo_line_to (cr, cx + r * 0.5, cy - r * 0.1);
      cairo_stroke (cr);
    }
  else
    {
      cairo_arc (cr, cx - r * 0.35, cy - r * 0.1, r * 0.08, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, cx + r * 0.35, cy - r * 0.1, r * 0.08, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  cairo_set_source_rgb (cr, 0.6, 0.2, 0.2);
  cairo_set_line_width (cr, MAX (r * 0.04, 1.0));
  cairo_arc (cr, cx, cy + r * 0.1, r * 0.45, G_PI * 0.2, G_PI * 0.8);
  cairo_stroke (cr);
}

static void
draw_caption (cairo_t           *cr,
              cairo_font_face_t *font,
              double             h,
              guint              camidx,
              guint64            frame)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%F %H:%M:%S");
  char text[96];
  cairo_text_extents_t extents;
  double size = MAX (h / 30.0, 8.0);
  double pad = size * 0.4;

  g_snprintf (text, sizeof text, "CAM%u  #%06" G_GUINT64_FORMAT "  %s.%03d",
              camidx, frame, clock, g_date_time_get_microsecond (now) / 1000);

  cairo_set_font_face (cr, font);
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &extents);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_rectangle (cr, pad, pad, extents.x_advance + 2 * pad, size + 2 * pad);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, 2 * pad, pad * 1.5 + size * 0.85);
  cairo_show_text (cr, text);
}

static void
draw_centered_text (cairo_t           *cr,
                    cairo_font_face_t *font,
                    const char        *text,
                    double             size,
                    double             w,
                    double             baseline)
{
  cairo_text_extents_t extents;

  cairo_set_font_face (cr, font);
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, (w - extents.x_advance) / 2.0, baseline);
  cairo_show_text (cr, text);
}

static void
draw_message (cairo_t            *cr,
              cairo_font_face_t **fonts,
              double              w,
              double              h,
              TellerSimNotice     kind)
{
  /* What the real service shows, and the same in English for a machine
   * without Chinese fonts. */
  const char *native = kind == TELLER_SIM_NOTICE_DEVICE_CLOSED ? "设备被关闭" : "设备异常";
  const char *english = kind == TELLER_SIM_NOTICE_DEVICE_CLOSED ? "DEVICE CLOSED" : "DEVICE ERROR";

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, MAX (h * 0.012, 1.0));
  cairo_arc (cr, w / 2.0, h * 0.3, h * 0.12, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_move_to (cr, w / 2.0, h * 0.23);
  cairo_line_to (cr, w / 2.0, h * 0.32);
  cairo_stroke (cr);
  cairo_arc (cr, w / 2.0, h * 0.36, h * 0.012, 0, 2 * G_PI);
  cairo_fill (cr);

  draw_centered_text (cr, fonts[FONT_CJK_BOLD], native, h / 10.0, w, h * 0.62);
  draw_centered_text (cr, fonts[FONT_SANS_BOLD], english, h / 16.0, w, h * 0.76);
}

/* ---- The painter ---------------------------------------------------------- */

TellerSimPainter *
_teller_sim_painter_new (void)
{
  TellerSimPainter *painter = g_new0 (TellerSimPainter, 1);

  painter->fonts[FONT_MONO] = cairo_toy_font_face_create ("DejaVu Sans Mono",
                                                          CAIRO_FONT_SLANT_NORMAL,
                                                          CAIRO_FONT_WEIGHT_NORMAL);
  painter->fonts[FONT_SANS_BOLD] = cairo_toy_font_face_create ("DejaVu Sans",
                                                               CAIRO_FONT_SLANT_NORMAL,
                                                               CAIRO_FONT_WEIGHT_BOLD);
  /* What the real service writes, in Chinese, needs a font that has it. */
  painter->fonts[FONT_CJK_BOLD] = cairo_toy_font_face_create ("WenQuanYi Micro Hei",
                                                              CAIRO_FONT_SLANT_NORMAL,
                                                              CAIRO_FONT_WEIGHT_BOLD);
  return painter;
}

void
_teller_sim_painter_free (TellerSimPainter *painter)
{
  if (painter == NULL)
    return;

  for (guint i = 0; i < N_FONTS; i++)
    cairo_font_face_destroy (painter->fonts[i]);
  g_free (painter);
}

guint32
_teller_sim_painter_scene_color (guint camidx)
{
  return camidx == 0 ? DESK_COLOR : FACE_COLOR;
}

guint32
_teller_sim_painter_notice_color (TellerSimNotice notice)
{
  return notice == TELLER_SIM_NOTICE_DEVICE_CLOSED ? CLOSED_COLOR : ERROR_COLOR;
}

void
_teller_sim_painter_draw_scene (TellerSimPainter *painter,
                                cairo_t          *cr,
                                double            width,
                                double            height,
                                guint             camidx,
                                gint64            elapsed_us,
                                guint             cycle_ms,
                                guint64           frame)
{
  if (camidx == 0)
    {
      TellerSimDocumentPose pose;

      _teller_sim_document_pose_at (elapsed_us, cycle_ms, &pose);
      draw_desk (cr, width, height);
      draw_document (cr, width, height, &pose);
    }
  else
    {
      draw_face (cr, width, height, elapsed_us);
    }
  draw_caption (cr, painter->fonts[FONT_MONO], height, camidx, frame);
}

void
_teller_sim_painter_draw_notice (TellerSimPainter *painter,
                                 cairo_t          *cr,
                                 double            width,
                                 double            height,
                                 TellerSimNotice   notice)
{
  draw_message (cr, painter->fonts, width, height, notice);
}
