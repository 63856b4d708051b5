/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "teller-sim-capture-private.h"

/*
 * The request of POST /video=grabimage, v1.5 (chapter 3.3, table 1) or v1.0
 * (appendix 13.1), read as the service reads it: every value a JSON string.
 */

#define MAX_FONTSIZE       3000
/* Appendix 13.1 gives jquality 35 as the default; table 1 gives none, so the same. */
#define DEFAULT_QUALITY    35
#define DEFAULT_FONTSIZE   32

void
_teller_sim_capture_params_free (TellerSimCaptureParams *params)
{
  g_free (params->wm_content);
  g_free (params->wm_font);
  g_free (params->v10_filepath);
  g_free (params);
}

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
parse_edge (const char    *text,
            TellerSimEdge *edge)
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
parse_custom_rect (JsonObject              *process,
                   TellerSimCaptureParams  *params,
                   char                   **message)
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

  /* "角度参数的单位默认为度": the rectangle turned about its centre, clockwise as
   * seen (teller-sim-capture-render.c). */
  if (!get_string (rect, "angle", &angle, message))
    return FALSE;
  if (angle != NULL)
    {
      gint64 degrees;

      if (!g_ascii_string_to_signed (angle, 10, -360, 360, &degrees, NULL))
        return bad_param (message, "angle", "应为角度 (degrees)");
      params->rect_angle = degrees;
    }

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
parse_watermark (JsonObject              *request,
                 TellerSimCaptureParams  *params,
                 char                   **message)
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
parse_v15 (JsonObject              *request,
           JsonObject              *process,
           TellerSimCaptureParams  *params,
           char                   **message)
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
    gboolean split = FALSE;
    const char *text;

    if (!get_bool (process, "split_page", &split, message) ||
        !get_string (process, "split_page", &text, message))
      return FALSE;
    params->split_page = text != NULL ? split : -1;

    /* Where each shows in the image: teller-sim-capture-render.c. */
    if (!get_bool (process, "remove_black_edge", &params->remove_black_edge, message) ||
        !get_bool (process, "rect_correct", &params->rect_correct, message) ||
        !get_bool (process, "correct_idcard_direction", &params->correct_idcard_direction, message))
      return FALSE;
  }

  if (params->cut_type == 2 && !params->has_custom_rect)
    return bad_param (message, "custom_rect", "自定义切边需要 custom_rect");

  /* "大小超过 6000*6000 时无效" */
  if (params->fixed_width > TELLER_SIM_CAPTURE_MAX_SIDE ||
      params->fixed_height > TELLER_SIM_CAPTURE_MAX_SIDE)
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
parse_v10 (JsonObject              *request,
           TellerSimCaptureParams  *params,
           char                   **message)
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
  if (params->fixed_width > TELLER_SIM_CAPTURE_MAX_SIDE ||
      params->fixed_height > TELLER_SIM_CAPTURE_MAX_SIDE)
    params->fixed_width = params->fixed_height = 0;
  params->max_file_size = max_file_size;
  params->reply_v10 = TRUE;

  return parse_watermark (request, params, message);
}

TellerSimCaptureParams *
_teller_sim_capture_parse_request (JsonNode  *body,
                                   char     **message)
{
  g_autoptr(TellerSimCaptureParams) params = g_new0 (TellerSimCaptureParams, 1);
  JsonObject *request = NULL;
  JsonObject *process = NULL;

  params->split_page = -1;
  params->document_type = 1;
  params->xdpi = params->ydpi = TELLER_SIM_CAPTURE_DEFAULT_DPI;
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
