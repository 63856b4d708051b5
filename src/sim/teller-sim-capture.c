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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_pattern_t, cairo_pattern_destroy)

/*
 * POST /video=grabimage: chapter 3.3 (v1.5) and appendix 13.1 (v1.0).
 *
 * Under the simulated document camera lies an A4 page beside two cards on a dark
 * desk; the face cameras see a drawn face.  Each capture draws that scene with
 * cairo at the camera's resolution, crops, rotates and scales it as the request
 * asks and encodes real JPEGs with gdk-pixbuf.  Drawing and encoding 8 MP takes a
 * good part of a second, so it runs in a worker thread while the message is
 * paused: the simulator keeps answering other requests meanwhile.
 */

/* The document lists result codes only for video=detectdoc (chapter 3.5).  Its "1",
 * 解析Json参数失败 (the request could not be read), is what a request whose
 * parameter has the wrong JSON type or an invalid value is to the service as well,
 * so every bad parameter answers "1" with a message naming the parameter; "2" is
 * its device-not-connected code. */
#define CODE_OK            "0"
#define CODE_BAD_REQUEST   "1"
#define CODE_NOT_CONNECTED "2"

#define FACE_FRAME_WIDTH   1280
#define FACE_FRAME_HEIGHT  960
#define MIN_FRAME_SIDE     320
/* The document ignores fixed sizes above 6000 × 6000 (table 1). */
#define MAX_SIDE           6000
#define MAX_FONTSIZE       3000
#define DEFAULT_DPI        200
/* Appendix 13.1 gives jquality 35 as the default; table 1 gives none, so the same. */
#define DEFAULT_QUALITY    35
#define DEFAULT_FONTSIZE   32
#define THUMBNAIL_SIDE     200
#define MIN_SHRUNK_SIDE    64

typedef enum
{
  REPLY_FORM_AUTO,
  REPLY_FORM_V1_0,
} ReplyForm;

struct _TellerSimCapture
{
  GObject          parent_instance;

  /* Owned References */
  TellerSimCamera *camera;

  guint            frame_width;
  guint            frame_height;
  ReplyForm        reply_form;
};

G_DEFINE_FINAL_TYPE (TellerSimCapture, teller_sim_capture, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REPLY_FORM,
  PROP_FRAME_WIDTH,
  PROP_FRAME_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- The request ------------------------------------------------------- */

typedef struct
{
  double   value;
  gboolean percent;
} Edge;

typedef struct
{
  gboolean  v15;            /* has image_process_info */
  guint     camidx;
  gboolean  make_uuid;
  guint     cut_type;       /* 0 none, 1 auto, 2 custom, 3 book, 4 face */
  gboolean  multi_object;
  guint     rotate;         /* 0, 90, 180 or 270, clockwise */
  guint     fixed_width;
  guint     fixed_height;
  int       split_page;     /* -1: the cut type's default */
  gboolean  reduce_shadow;
  guint     color_type;     /* 0 colour, 1 grey, 2 black and white */
  guint     document_type;
  gboolean  has_custom_rect;
  Edge      rect[4];        /* left, top, right, bottom */
  guint     xdpi;
  guint     ydpi;
  guint     quality;
  guint64   max_file_size;
  gboolean  watermark;
  guint     wm_pos;
  char     *wm_content;
  double    wm_alpha;
  guint     wm_fontsize;
  char     *wm_font;
  double    wm_rgb[3];
  char     *v10_filepath;   /* v1.0 "filepath": "", "base64" or a path */

  /* From the simulator's state, taken on the main thread. */
  guint     frame_width;
  guint     frame_height;
  gboolean  reply_v10;
} CaptureParams;

static void
capture_params_free (CaptureParams *params)
{
  g_free (params->wm_content);
  g_free (params->wm_font);
  g_free (params->v10_filepath);
  g_free (params);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaptureParams, capture_params_free)

static gboolean
bad_param (char       **message,
           const char  *name,
           const char  *why)
{
  *message = g_strdup_printf ("参数%s无效: %s", name, why);
  return FALSE;
}

/* Every value of the document is a JSON string; absent leaves *out NULL. */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            const char **out,
            char       **message)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_param (message, name, "必须为字符串 (must be a JSON string)");
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_uint (JsonObject  *object,
          const char  *name,
          guint        min,
          guint        max,
          guint       *out,
          char       **message)
{
  const char *text;
  guint64 value;

  if (!get_string (object, name, &text, message))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_autofree char *why = g_strdup_printf ("应为 %u 到 %u (expected %u to %u)",
                                              min, max, min, max);
      return bad_param (message, name, why);
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *name,
          gboolean    *out,
          char       **message)
{
  const char *text;

  if (!get_string (object, name, &text, message))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "1") || g_str_equal (text, "true"))
    *out = TRUE;
  else if (g_str_equal (text, "0") || g_str_equal (text, "false"))
    *out = FALSE;
  else
    return bad_param (message, name, "应为 \"0\"/\"1\"/\"false\"/\"true\"");
  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *name,
            JsonObject **out,
            char       **message)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_param (message, name, "必须为对象 (must be a JSON object)");
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_rotate (JsonObject  *object,
            guint       *out,
            char       **message)
{
  const char *text;
  gint64 value;

  if (!get_string (object, "rotate", &text, message))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* "必须为 90 的倍数": any multiple, negative ones counting anticlockwise. */
  if (!g_ascii_string_to_signed (text, 10, -3600, 3600, &value, NULL) || value % 90 != 0)
    return bad_param (message, "rotate", "必须为 90 的倍数 (must be a multiple of 90)");
  *out = (guint) (((value % 360) + 360) % 360);
  return TRUE;
}

/* custom_rect edges: "100px", "5%", or a bare number of pixels. */
static gboolean
parse_edge (const char *text,
            Edge       *edge)
{
  char *end = NULL;
  double value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || value < 0)
    return FALSE;
  edge->percent = g_str_equal (end, "%");
  if (!edge->percent && *end != '\0' && !g_str_equal (end, "px"))
    return FALSE;
  if (edge->percent && value > 100)
    return FALSE;
  edge->value = value;
  return TRUE;
}

static gboolean
parse_custom_rect (JsonObject     *process,
                   CaptureParams  *params,
                   char          **message)
{
  static const char * const names[] = { "left", "top", "right", "bottom" };
  JsonObject *rect;
  const char *angle;

  if (!get_object (process, "custom_rect", &rect, message))
    return FALSE;
  if (rect == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *text;

      if (!get_string (rect, names[i], &text, message))
        return FALSE;
      if (!parse_edge (text, &params->rect[i]))
        return bad_param (message, names[i], "应为像素或百分比, 如 \"100px\" 或 \"5%\"");
    }

  /* The simulator crops the axis-aligned rectangle; the angle is only checked. */
  if (!get_string (rect, "angle", &angle, message))
    return FALSE;
  if (angle != NULL && !g_ascii_string_to_signed (angle, 10, -360, 360, NULL, NULL))
    return bad_param (message, "angle", "应为角度 (degrees)");

  params->has_custom_rect = TRUE;
  return TRUE;
}

static const struct {
  const char *name;
  double      rgb[3];
} colors[] = {
  { "red", { 1, 0, 0 } },
  { "green", { 0, 0.6, 0 } },
  { "blue", { 0, 0, 1 } },
  { "black", { 0, 0, 0 } },
  { "white", { 1, 1, 1 } },
  { "yellow", { 1, 0.85, 0 } },
  { "orange", { 1, 0.55, 0 } },
  { "purple", { 0.5, 0, 0.5 } },
  { "cyan", { 0, 0.8, 0.8 } },
  { "gray", { 0.5, 0.5, 0.5 } },
  { "grey", { 0.5, 0.5, 0.5 } },
};

/* Figure 1's colour table is an image the text copy of the document lacks: common
 * names and "#RRGGBB"/"0xRRGGBB" are read; anything else falls back to red, the
 * example's colour, as a lenient service would. */
static void
parse_color (const char *text,
             double      rgb[3])
{
  guint64 value;

  rgb[0] = 1;
  rgb[1] = rgb[2] = 0;
  if (text == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (g_ascii_strcasecmp (text, colors[i].name) == 0)
      {
        memcpy (rgb, colors[i].rgb, sizeof colors[i].rgb);
        return;
      }

  if (text[0] == '#')
    text++;
  else if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    text += 2;
  if (strlen (text) == 6 && g_ascii_string_to_unsigned (text, 16, 0, 0xFFFFFF, &value, NULL))
    {
      rgb[0] = ((value >> 16) & 0xFF) / 255.0;
      rgb[1] = ((value >> 8) & 0xFF) / 255.0;
      rgb[2] = (value & 0xFF) / 255.0;
    }
}

static gboolean
parse_watermark (JsonObject     *request,
                 CaptureParams  *params,
                 char          **message)
{
  JsonObject *watermark;
  const char *content, *font, *color;
  guint transparency = 128, fontsize = DEFAULT_FONTSIZE;

  if (!get_object (request, "watermark", &watermark, message))
    return FALSE;
  if (watermark == NULL)
    return TRUE;

  if (!get_uint (watermark, "pos", 0, 4, &params->wm_pos, message) ||
      !get_string (watermark, "content", &content, message) ||
      !get_uint (watermark, "transparency", 0, 255, &transparency, message) ||
      !get_uint (watermark, "fontsize", 1, G_MAXINT, &fontsize, message) ||
      !get_string (watermark, "font", &font, message) ||
      !get_string (watermark, "color", &color, message))
    return FALSE;
  if (content != NULL && !g_utf8_validate (content, -1, NULL))
    return bad_param (message, "content", "必须为 UTF8 编码");

  params->watermark = TRUE;
  params->wm_content = g_strdup (content);
  params->wm_alpha = transparency / 255.0;
  /* "超过 3000 时无效": the default then applies. */
  params->wm_fontsize = fontsize > MAX_FONTSIZE ? DEFAULT_FONTSIZE : fontsize;
  params->wm_font = g_strdup (font);
  parse_color (color, params->wm_rgb);
  return TRUE;
}

/* Table 1, the v1.5 request. */
static gboolean
parse_v15 (JsonObject     *request,
           JsonObject     *process,
           CaptureParams  *params,
           char          **message)
{
  JsonObject *storage;
  guint max_file_size = 0;

  if (!get_bool (request, "make_uuid", &params->make_uuid, message) ||
      !get_uint (process, "cut_type", 0, 4, &params->cut_type, message) ||
      !get_bool (process, "multi_object", &params->multi_object, message) ||
      !get_rotate (process, &params->rotate, message) ||
      !get_uint (process, "fixed_width", 0, G_MAXINT, &params->fixed_width, message) ||
      !get_uint (process, "fixed_height", 0, G_MAXINT, &params->fixed_height, message) ||
      !get_bool (process, "reduce_shadow", &params->reduce_shadow, message) ||
      !get_uint (process, "color_type", 0, 2, &params->color_type, message) ||
      !get_uint (process, "document_type", 0, 2, &params->document_type, message) ||
      !parse_custom_rect (process, params, message))
    return FALSE;

  {
    gboolean split = FALSE, ignored = FALSE;
    const char *text;

    if (!get_bool (process, "split_page", &split, message) ||
        !get_string (process, "split_page", &text, message))
      return FALSE;
    params->split_page = text != NULL ? split : -1;

    /* Read for their types; the drawn scene has no black edge or distortion. */
    if (!get_bool (process, "remove_black_edge", &ignored, message) ||
        !get_bool (process, "rect_correct", &ignored, message) ||
        !get_bool (process, "correct_idcard_direction", &ignored, message))
      return FALSE;
  }

  if (params->cut_type == 2 && !params->has_custom_rect)
    return bad_param (message, "custom_rect", "自定义切边需要 custom_rect");

  /* "大小超过 6000*6000 时无效" */
  if (params->fixed_width > MAX_SIDE || params->fixed_height > MAX_SIDE)
    params->fixed_width = params->fixed_height = 0;

  if (!get_object (request, "image_storage_info", &storage, message) ||
      !get_uint (storage, "xdpi", 1, 65535, &params->xdpi, message) ||
      !get_uint (storage, "ydpi", 1, 65535, &params->ydpi, message) ||
      !get_uint (storage, "jpg_quality", 10, 100, &params->quality, message) ||
      !get_uint (storage, "max_file_size", 0, G_MAXINT, &max_file_size, message))
    return FALSE;
  params->max_file_size = max_file_size;

  return parse_watermark (request, params, message);
}

/* Appendix 13.1, the v1.0 request, mapped onto the same parameters. */
static gboolean
parse_v10 (JsonObject     *request,
           CaptureParams  *params,
           char          **message)
{
  const char *filepath;
  gboolean cutpage = TRUE;
  guint max_file_size = 0;

  if (!get_string (request, "filepath", &filepath, message) ||
      !get_rotate (request, &params->rotate, message) ||
      !get_bool (request, "cutpage", &cutpage, message) ||
      !get_uint (request, "width", 0, G_MAXINT, &params->fixed_width, message) ||
      !get_uint (request, "height", 0, G_MAXINT, &params->fixed_height, message) ||
      !get_uint (request, "xdpi", 1, 65535, &params->xdpi, message) ||
      !get_uint (request, "ydpi", 1, 65535, &params->ydpi, message) ||
      !get_uint (request, "jquality", 10, 100, &params->quality, message) ||
      !get_uint (request, "max_file_size", 0, G_MAXINT, &max_file_size, message))
    return FALSE;

  params->v10_filepath = g_strdup (filepath != NULL ? filepath : "");
  /* "文档摄像头拍摄的图像默认进行图像去边校正，对人像摄像头该参数无效" */
  params->cut_type = cutpage && params->camidx == 0 ? 1 : 0;
  if (params->fixed_width > MAX_SIDE || params->fixed_height > MAX_SIDE)
    params->fixed_width = params->fixed_height = 0;
  params->max_file_size = max_file_size;
  params->reply_v10 = TRUE;

  return parse_watermark (request, params, message);
}

static CaptureParams *
parse_request (JsonNode  *body,
               char     **message)
{
  g_autoptr(CaptureParams) params = g_new0 (CaptureParams, 1);
  JsonObject *request = NULL;
  JsonObject *process = NULL;

  params->split_page = -1;
  params->document_type = 1;
  params->xdpi = params->ydpi = DEFAULT_DPI;
  params->quality = DEFAULT_QUALITY;

  /* No body at all is an empty request; anything but an object is unreadable. */
  if (body != NULL && !JSON_NODE_HOLDS_OBJECT (body))
    {
      *message = g_strdup ("解析Json参数失败");
      return NULL;
    }
  if (body != NULL)
    request = json_node_get_object (body);

  if (!get_uint (request, "camidx", 0, 2, &params->camidx, message) ||
      !get_object (request, "image_process_info", &process, message))
    return NULL;

  params->v15 = request != NULL && json_object_has_member (request, "image_process_info");
  if (params->v15 ? !parse_v15 (request, process, params, message)
                  : !parse_v10 (request, params, message))
    return NULL;

  return g_steal_pointer (&params);
}

/* ---- The scene --------------------------------------------------------- */

typedef struct
{
  double x, y, width, height;
} Rect;

typedef struct
{
  gboolean face;
  double   width;
  double   height;
  Rect     objects[3];      /* the page, then the two cards */
  guint    n_objects;
  Rect     head;            /* the face camera's head and hair */
  gboolean shadow;
} Scene;

static void
scene_init (Scene               *scene,
            const CaptureParams *params)
{
  memset (scene, 0, sizeof *scene);
  scene->shadow = !params->reduce_shadow;

  if (params->camidx != 0)
    {
      scene->face = TRUE;
      scene->width = FACE_FRAME_WIDTH;
      scene->height = FACE_FRAME_HEIGHT;
      scene->head = (Rect) { 0.36 * FACE_FRAME_WIDTH, 0.12 * FACE_FRAME_HEIGHT,
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
draw_page (cairo_t    *cr,
           const Rect *page,
           gboolean    shadow,
           GRand      *rand)
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
rounded_rect (cairo_t    *cr,
              const Rect *rect,
              double      radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, rect->x + rect->width - radius, rect->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, rect->x + rect->width - radius, rect->y + rect->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, rect->x + radius, rect->y + rect->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, rect->x + radius, rect->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_card (cairo_t    *cr,
           const Rect *card,
           guint       number,
           GRand      *rand)
{
  g_autoptr(cairo_pattern_t) gradient = NULL;
  double line = 0.035 * card->height;

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
}

static void
draw_face (cairo_t     *cr,
           const Scene *scene)
{
  const Rect *head = &scene->head;
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

static void
draw_scene (cairo_t     *cr,
            const Scene *scene)
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

  draw_page (cr, &scene->objects[0], scene->shadow, rand);
  for (guint i = 1; i < scene->n_objects; i++)
    draw_card (cr, &scene->objects[i], i, rand);
}

/* ---- Cropping ---------------------------------------------------------- */

static double
edge_pixels (const Edge *edge,
             double      extent)
{
  return edge->percent ? edge->value * extent / 100.0 : edge->value;
}

static gboolean
custom_rect (const CaptureParams  *params,
             const Scene          *scene,
             Rect                 *rect)
{
  double left = CLAMP (edge_pixels (&params->rect[0], scene->width), 0, scene->width);
  double top = CLAMP (edge_pixels (&params->rect[1], scene->height), 0, scene->height);
  double right = CLAMP (edge_pixels (&params->rect[2], scene->width), 0, scene->width);
  double bottom = CLAMP (edge_pixels (&params->rect[3], scene->height), 0, scene->height);

  *rect = (Rect) { left, top, right - left, bottom - top };
  return rect->width >= 1 && rect->height >= 1;
}

static void
add_rect (GArray     *rects,
          const Rect *rect,
          gboolean    split)
{
  Rect half = *rect;

  if (!split)
    {
      g_array_append_val (rects, half);
      return;
    }

  /* "将切边后的长边对半分割" */
  if (rect->width >= rect->height)
    {
      half.width = rect->width / 2;
      g_array_append_val (rects, half);
      half.x += half.width;
    }
  else
    {
      half.height = rect->height / 2;
      g_array_append_val (rects, half);
      half.y += half.height;
    }
  g_array_append_val (rects, half);
}

/* The areas of the frame that become images, in frame pixels. */
static GArray *
compute_crops (const CaptureParams  *params,
               const Scene          *scene,
               char                **message)
{
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (Rect));
  Rect whole = { 0, 0, scene->width, scene->height };
  Rect rect;
  gboolean split;

  switch (params->cut_type)
    {
    case 1:
    case 3:
      split = params->split_page == 1 || (params->cut_type == 3 && params->split_page != 0);
      if (scene->face)
        add_rect (rects, &whole, split);
      else if (params->cut_type == 1 && params->multi_object)
        for (guint i = 0; i < scene->n_objects; i++)
          add_rect (rects, &scene->objects[i], split);
      else if (params->cut_type == 1 && params->document_type == 2)
        /* A card document: the largest card rather than the largest object. */
        add_rect (rects, &scene->objects[1], split);
      else
        add_rect (rects, &scene->objects[0], split);
      break;
    case 2:
      if (!custom_rect (params, scene, &rect))
        {
          *message = g_strdup ("参数custom_rect无效: 矩形区域为空");
          return NULL;
        }
      add_rect (rects, &rect, FALSE);
      break;
    case 4:
      /* No face on the document camera: the service keeps the whole frame. */
      add_rect (rects, scene->face ? &scene->head : &whole, FALSE);
      break;
    case 0:
    default:
      add_rect (rects, &whole, FALSE);
      break;
    }

  return g_steal_pointer (&rects);
}

/* ---- Rendering and encoding (worker thread) ---------------------------- */

static void
draw_watermark (cairo_t             *cr,
                const CaptureParams *params,
                int                  width,
                int                  height)
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
render_image (const CaptureParams *params,
              const Scene         *scene,
              const Rect          *crop)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
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
  cairo_translate (cr, -crop->x, -crop->y);
  draw_scene (cr, scene);
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
encode_within_limit (GdkPixbuf            *pixbuf,
                     const CaptureParams  *params,
                     GError              **error)
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
  g_autoptr(GBytes) jpeg = encode_jpeg (small, 60, DEFAULT_DPI, DEFAULT_DPI, error);

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
build_v10_reply (JsonBuilder         *builder,
                 const CaptureParams *params,
                 GdkPixbuf           *pixbuf,
                 GBytes              *jpeg,
                 GError             **error)
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

static char *
capture_to_reply (const CaptureParams  *params,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) crops = NULL;
  g_autofree char *message = NULL;
  Scene scene;

  scene_init (&scene, params);
  crops = compute_crops (params, &scene, &message);

  json_builder_begin_object (builder);
  if (crops == NULL)
    {
      add_string (builder, "code", CODE_BAD_REQUEST);
      add_string (builder, "message", message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      return json_to_string (root, FALSE);
    }

  add_string (builder, "code", CODE_OK);
  add_string (builder, "message", "");

  if (params->reply_v10)
    {
      g_autoptr(GdkPixbuf) pixbuf = render_image (params, &scene, &g_array_index (crops, Rect, 0));
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

          pixbuf = render_image (params, &scene, &g_array_index (crops, Rect, i));
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

/* ---- The route --------------------------------------------------------- */

/* One capture in flight: the paused message and what to make. */
typedef struct
{
  SoupServerMessage *message;
  gulong             disconnected_id;
  gboolean           gone;
  CaptureParams     *params;
} CaptureJob;

static void
capture_job_free (CaptureJob *job)
{
  g_clear_signal_handler (&job->disconnected_id, job->message);
  g_clear_object (&job->message);
  g_clear_pointer (&job->params, capture_params_free);
  g_free (job);
}

static void
capture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CaptureJob *job = task_data;
  GError *error = NULL;
  char *reply = capture_to_reply (job->params, cancellable, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, g_free);
}

static void
job_disconnected_cb (SoupServerMessage *message,
                     CaptureJob        *job)
{
  /* The client left: the worker finishes, but nobody gets its answer. */
  job->gone = TRUE;
}

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaptureJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = g_task_propagate_pointer (G_TASK (result), &error);
  gsize length;

  if (job->gone)
    return;

  if (reply == NULL)
    {
      /* Encoding failed, which only a simulator bug or memory exhaustion causes. */
      g_autoptr(JsonNode) node = teller_sim_camera_build_error ("video=grabimage", "3", NULL);

      g_warning ("Simulated capture failed: %s", error->message);
      reply = json_to_string (node, FALSE);
    }

  length = strlen (reply);
  soup_server_message_set_status (job->message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (job->message, "application/json;charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&reply), length);
  soup_server_message_unpause (job->message);
}

static gboolean
camera_connected (TellerSimCapture *self,
                  guint             camidx)
{
  /* video=status reports video0 and video1 with the plug and never a video2. */
  return camidx <= 1 && teller_sim_camera_get_plugged (self->camera);
}

/* POST /video=grabimage, chapter 3.3 and appendix 13.1 */
static void
grabimage_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route,
              JsonNode          *body,
              gpointer           user_data)
{
  TellerSimCapture *self = user_data;
  g_autoptr(CaptureParams) params = NULL;
  g_autofree char *error_message = NULL;
  g_autoptr(GTask) task = NULL;
  CaptureJob *job;

  params = parse_request (body, &error_message);
  if (params == NULL)
    {
      teller_sim_server_reply_code (server, message, CODE_BAD_REQUEST, error_message);
      return;
    }

  if (!camera_connected (self, params->camidx))
    {
      g_autoptr(JsonNode) reply = teller_sim_camera_build_error (route, CODE_NOT_CONNECTED, NULL);

      teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
      return;
    }

  params->frame_width = self->frame_width;
  params->frame_height = self->frame_height;
  params->reply_v10 = params->reply_v10 || self->reply_form == REPLY_FORM_V1_0;

  job = g_new0 (CaptureJob, 1);
  job->message = g_object_ref (message);
  job->params = g_steal_pointer (&params);
  job->disconnected_id = g_signal_connect (message, "disconnected",
                                           G_CALLBACK (job_disconnected_cb), job);
  soup_server_message_pause (message);

  task = g_task_new (self, NULL, capture_done_cb, NULL);
  g_task_set_source_tag (task, grabimage_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) capture_job_free);
  g_task_run_in_thread (task, capture_thread);
}

/* POST /__sim/capture, see the header */
static void
control_cb (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            JsonNode          *body,
            gpointer           user_data)
{
  TellerSimCapture *self = user_data;
  JsonObject *object;
  const char *form = NULL;
  gint64 width = self->frame_width, height = self->frame_height;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      teller_sim_server_reply_code (server, message, CODE_BAD_REQUEST,
                                    "expected {\"reply_form\": \"auto\"|\"v1.0\", "
                                    "\"frame_width\": N, \"frame_height\": N}");
      return;
    }

  object = json_node_get_object (body);
  form = json_object_get_string_member_with_default (object, "reply_form", NULL);
  width = json_object_get_int_member_with_default (object, "frame_width", width);
  height = json_object_get_int_member_with_default (object, "frame_height", height);
  if ((form != NULL && !g_str_equal (form, "auto") && !g_str_equal (form, "v1.0")) ||
      width < MIN_FRAME_SIDE || width > MAX_SIDE ||
      height < MIN_FRAME_SIDE || height > MAX_SIDE)
    {
      teller_sim_server_reply_code (server, message, CODE_BAD_REQUEST,
                                    "reply_form is \"auto\" or \"v1.0\"; frames are 320 to 6000 pixels");
      return;
    }

  g_object_set (self,
                "frame-width", (guint) width,
                "frame-height", (guint) height,
                NULL);
  if (form != NULL)
    g_object_set (self, "reply-form", form, NULL);
  teller_sim_server_reply_code (server, message, CODE_OK, NULL);
}

/* ---- GObject ----------------------------------------------------------- */

static void
teller_sim_capture_dispose (GObject *object)
{
  TellerSimCapture *self = TELLER_SIM_CAPTURE (object);

  g_clear_object (&self->camera);

  G_OBJECT_CLASS (teller_sim_capture_parent_class)->dispose (object);
}

static void
teller_sim_capture_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerSimCapture *self = TELLER_SIM_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_REPLY_FORM:
      g_value_set_string (value, self->reply_form == REPLY_FORM_V1_0 ? "v1.0" : "auto");
      break;
    case PROP_FRAME_WIDTH:
      g_value_set_uint (value, self->frame_width);
      break;
    case PROP_FRAME_HEIGHT:
      g_value_set_uint (value, self->frame_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_capture_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TellerSimCapture *self = TELLER_SIM_CAPTURE (object);
  ReplyForm form;

  switch (prop_id)
    {
    case PROP_REPLY_FORM:
      form = g_strcmp0 (g_value_get_string (value), "v1.0") == 0 ? REPLY_FORM_V1_0
                                                                 : REPLY_FORM_AUTO;
      if (self->reply_form != form)
        {
          self->reply_form = form;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FRAME_WIDTH:
      if (self->frame_width != g_value_get_uint (value))
        {
          self->frame_width = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FRAME_HEIGHT:
      if (self->frame_height != g_value_get_uint (value))
        {
          self->frame_height = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_sim_capture_class_init (TellerSimCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_sim_capture_dispose;
  object_class->get_property = teller_sim_capture_get_property;
  object_class->set_property = teller_sim_capture_set_property;

  /**
   * TellerSimCapture:reply-form:
   *
   * "auto" answers each request in its own form; "v1.0" answers every request in
   * appendix 13.1's form, as older service builds do.
   */
  properties[PROP_REPLY_FORM] =
    g_param_spec_string ("reply-form", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TellerSimCapture:frame-width:
   *
   * The document camera's frame; 4000 × 3000 makes it a 12 MP camera.
   */
  properties[PROP_FRAME_WIDTH] =
    g_param_spec_uint ("frame-width", NULL, NULL, MIN_FRAME_SIDE, MAX_SIDE,
                       TELLER_SIM_CAPTURE_DEFAULT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME_HEIGHT] =
    g_param_spec_uint ("frame-height", NULL, NULL, MIN_FRAME_SIDE, MAX_SIDE,
                       TELLER_SIM_CAPTURE_DEFAULT_HEIGHT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
teller_sim_capture_init (TellerSimCapture *self)
{
  self->frame_width = TELLER_SIM_CAPTURE_DEFAULT_WIDTH;
  self->frame_height = TELLER_SIM_CAPTURE_DEFAULT_HEIGHT;
  self->reply_form = REPLY_FORM_AUTO;
}

#define CAPTURE_DATA_KEY "teller-sim-capture"

void
_teller_sim_capture_register (TellerSimServer *server,
                              TellerSimCamera *camera)
{
  TellerSimCapture *self;

  g_return_if_fail (TELLER_IS_SIM_SERVER (server));
  g_return_if_fail (TELLER_IS_SIM_CAMERA (camera));

  self = g_object_new (TELLER_TYPE_SIM_CAPTURE, NULL);
  self->camera = g_object_ref (camera);
  teller_sim_server_add_route_full (server, "video=grabimage", grabimage_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "__sim/capture", control_cb,
                                    g_object_ref (self), g_object_unref);
  /* The capture refers to the camera, never to the server: no cycle. */
  g_object_set_data_full (G_OBJECT (server), CAPTURE_DATA_KEY, self, g_object_unref);
}

TellerSimCapture *
_teller_sim_capture_get (TellerSimServer *server)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  return g_object_get_data (G_OBJECT (server), CAPTURE_DATA_KEY);
}
