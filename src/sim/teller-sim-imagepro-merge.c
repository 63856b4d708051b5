/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "teller-sim-imagepro-private.h"

/*
 * merge2pdf / merge2tif / merge2ofd (6.1), merge_images (6.2) and process (6.4).
 *
 * process does real pixel work for cut_type 0 (none), 1 and 4 (auto crop: the
 * bounding box of everything that is not paper white; the simulator finds no face,
 * it crops the same way), 2 (custom_rect; its angle is accepted but not applied)
 * and 3 (book: no flattening, only the page split), fixed_width/fixed_height,
 * split_page, rotate and color_type.  multi_object, reduce_shadow,
 * remove_black_edge, rect_correct, correct_idcard_direction and document_type are
 * checked and have no effect: the simulated pictures have no shadow, black edge,
 * skew or second object to act on.
 */

typedef struct
{
  int      cut_type;
  int      rotate;
  int      color_type;
  int      fixed_width;
  int      fixed_height;
  gboolean split_page;
  char    *rect[4];      /* custom_rect left, top, right, bottom */
} Processing;

static void
processing_clear (Processing *p)
{
  for (guint i = 0; i < G_N_ELEMENTS (p->rect); i++)
    g_clear_pointer (&p->rect[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Processing, processing_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TellerSimWatermark, _teller_sim_tools_watermark_clear)

static JsonNode *
bad_request (const char *message)
{
  return _teller_sim_tools_error (TELLER_SIM_TOOLS_CODE_BAD_REQUEST, message);
}

static JsonObject *
body_object (JsonNode *body)
{
  return body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
}

/* Decodes each image; NULL with *@message for the first that is not one. */
static GPtrArray *
decode_all (GPtrArray  *images,
            char      **message)
{
  g_autoptr(GPtrArray) pixbufs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < images->len; i++)
    {
      g_autoptr(GError) error = NULL;
      GdkPixbuf *pixbuf = _teller_sim_tools_decode (g_ptr_array_index (images, i), &error);

      if (pixbuf == NULL)
        {
          *message = g_strdup_printf ("第 %u 张图像无法解码: %s", i + 1, error->message);
          return NULL;
        }
      g_ptr_array_add (pixbufs, pixbuf);
    }
  return g_steal_pointer (&pixbufs);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_base64 (JsonBuilder *builder,
            GBytes      *bytes)
{
  g_autofree char *text = g_base64_encode (g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes));

  add_string (builder, "base64", text);
}

/* ---- 6.1 ------------------------------------------------------------------ */

JsonNode *
_teller_sim_tools_merge_document_job (const TellerSimToolsContext *context,
                                      JsonNode                    *body)
{
  const char *format = strrchr (context->route, '2') + 1; /* "pdf", "tif", "ofd" */
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *message = NULL, *path = NULL;
  TellerSimSourceError kind;

  /* The body is the array itself (6.1). */
  images = _teller_sim_imagepro_load_sources (context->imagepro, body, &kind, &message);
  if (images == NULL)
    return bad_request (message);

  if (g_str_equal (format, "pdf"))
    document = _teller_sim_tools_make_pdf (images, &error);
  else if (g_str_equal (format, "tif"))
    document = _teller_sim_tools_make_tiff (images, &error);
  else
    document = _teller_sim_tools_make_ofd (images, &error);
  if (document == NULL)
    {
      g_free (message);
      message = g_strdup_printf ("合并失败: %s", error->message);
      return bad_request (message);
    }

  path = _teller_sim_imagepro_new_path (context->imagepro, "merge", format);
  if (!_teller_sim_imagepro_write (path, document, &message))
    return bad_request (message);

  builder = _teller_sim_tools_begin_success ();
  add_string (builder, "filepath", path);
  add_base64 (builder, document);
  return _teller_sim_tools_end (builder);
}

/* ---- 6.2 ------------------------------------------------------------------ */

JsonNode *
_teller_sim_tools_merge_images_job (const TellerSimToolsContext *context,
                                    JsonNode                    *body)
{
  JsonObject *request = body_object (body);
  g_auto(TellerSimWatermark) watermark = { 0 };
  g_autoptr(GPtrArray) images = NULL, pixbufs = NULL;
  g_autoptr(GdkPixbuf) merged = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *message = NULL, *uuid = NULL, *path = NULL;
  int merge_type = 1, margin = 5, align = 1;
  gboolean make_uuid = FALSE;
  TellerSimStorage storage;
  TellerSimSourceError kind;

  if (request == NULL)
    return bad_request ("请求参数必须为对象");
  if (!_teller_sim_tools_get_switch (request, "make_uuid", &make_uuid, &message) ||
      !_teller_sim_tools_get_int (request, "merge_type", 0, 1, &merge_type, &message) ||
      !_teller_sim_tools_get_int (request, "margin", 0, 10000, &margin, &message) ||
      !_teller_sim_tools_get_int (request, "align", 0, 2, &align, &message) ||
      !_teller_sim_tools_parse_storage (request, &storage, &message) ||
      !_teller_sim_tools_parse_watermark (request, &watermark, &message))
    return bad_request (message);

  images = _teller_sim_imagepro_load_sources (context->imagepro,
                                              json_object_get_member (request, "source_images"),
                                              &kind, &message);
  if (images == NULL || (pixbufs = decode_all (images, &message)) == NULL)
    return bad_request (message);
  merged = _teller_sim_tools_merge (pixbufs, merge_type == 1, margin, align);
  if (merged == NULL)
    return bad_request ("合并后的图像过大");
  jpeg = _teller_sim_tools_finish_image (merged, &storage, &watermark, NULL);
  if (jpeg == NULL)
    return bad_request ("图像编码失败");
  if (make_uuid &&
      !_teller_sim_imagepro_store_image (context->imagepro, jpeg, &uuid, &path, NULL))
    return bad_request ("保存图像失败");

  builder = _teller_sim_tools_begin_success ();
  json_builder_set_member_name (builder, "image");
  json_builder_begin_object (builder);
  if (uuid != NULL)
    add_string (builder, "uuid", uuid);
  add_base64 (builder, jpeg);
  json_builder_end_object (builder);
  return _teller_sim_tools_end (builder);
}

/* ---- 6.4 ------------------------------------------------------------------ */

static gboolean
parse_custom_rect (JsonObject  *info,
                   Processing  *p,
                   char       **message)
{
  static const char * const edges[] = { "left", "top", "right", "bottom" };
  JsonNode *node = json_object_get_member (info, "custom_rect");
  JsonObject *rect;
  const char *angle;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup ("cut_type 为 2 时须指定 custom_rect 对象");
      return FALSE;
    }
  rect = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      const char *value;

      if (!_teller_sim_tools_get_string (rect, edges[i], TRUE, &value, message))
        return FALSE;
      p->rect[i] = g_strdup (value);
    }
  return _teller_sim_tools_get_string (rect, "angle", FALSE, &angle, message);
}

static gboolean
parse_processing (JsonObject  *request,
                  Processing  *p,
                  char       **message)
{
  static const char * const switches[] = {
    "multi_object", "reduce_shadow", "remove_black_edge", "rect_correct",
    "correct_idcard_direction",
  };
  JsonNode *node = json_object_get_member (request, "image_process_info");
  JsonObject *info;
  gboolean unused;
  int document_type = 1;

  memset (p, 0, sizeof *p);
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup ("参数 image_process_info 必须为对象");
      return FALSE;
    }
  info = json_node_get_object (node);
  if (!_teller_sim_tools_get_int (info, "cut_type", 0, 4, &p->cut_type, message) ||
      !_teller_sim_tools_get_int (info, "rotate", -3600, 3600, &p->rotate, message) ||
      !_teller_sim_tools_get_int (info, "color_type", 0, 2, &p->color_type, message) ||
      !_teller_sim_tools_get_int (info, "fixed_width", 0, G_MAXINT, &p->fixed_width, message) ||
      !_teller_sim_tools_get_int (info, "fixed_height", 0, G_MAXINT, &p->fixed_height, message) ||
      !_teller_sim_tools_get_int (info, "document_type", 0, 2, &document_type, message))
    return FALSE;
  if (p->rotate % 90 != 0)
    {
      *message = g_strdup ("rotate 必须为 90 的倍数");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    if (!_teller_sim_tools_get_switch (info, switches[i], &unused, message))
      return FALSE;

  /* 3.3: split_page is on by default for book flattening only. */
  p->split_page = p->cut_type == 3;
  if (!_teller_sim_tools_get_switch (info, "split_page", &p->split_page, message))
    return FALSE;
  return p->cut_type != 2 || parse_custom_rect (info, p, message);
}

/* "100px", "5%" or "2000" (pixels), along a side of @size pixels. */
static gboolean
parse_edge (const char *text,
            int         size,
            int        *out)
{
  g_autofree char *number = g_strdup (text);
  gboolean percent = g_str_has_suffix (number, "%");
  char *end = NULL;
  double value;

  if (percent)
    number[strlen (number) - 1] = '\0';
  else if (g_str_has_suffix (number, "px"))
    number[strlen (number) - 2] = '\0';
  value = g_ascii_strtod (number, &end);
  if (end == number || *end != '\0' || !isfinite (value) || value < 0)
    return FALSE;
  *out = (int) (percent ? value * size / 100.0 : value);
  return TRUE;
}

static GdkPixbuf *
cut (GdkPixbuf         *pixbuf,
     const Processing  *p,
     char             **message)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int edges[4];

  switch (p->cut_type)
    {
    case 1:
    case 4:
      return _teller_sim_tools_autocrop (pixbuf);
    case 2:
      for (guint i = 0; i < 4; i++)
        if (!parse_edge (p->rect[i], i % 2 == 0 ? width : height, &edges[i]))
          {
            *message = g_strdup_printf ("custom_rect 的值无效: %s", p->rect[i]);
            return NULL;
          }
      if (edges[2] <= edges[0] || edges[3] <= edges[1] || edges[0] >= width || edges[1] >= height)
        {
          *message = g_strdup ("custom_rect 不在图像范围内");
          return NULL;
        }
      return _teller_sim_tools_crop (pixbuf, edges[0], edges[1], edges[2], edges[3]);
    default:
      return g_object_ref (pixbuf);
    }
}

static void
add_finished (GPtrArray        *pixbufs,
              GdkPixbuf        *pixbuf,
              const Processing *p)
{
  g_autoptr(GdkPixbuf) turned = _teller_sim_tools_rotate (pixbuf, p->rotate);

  if (p->color_type == 0)
    g_ptr_array_add (pixbufs, g_steal_pointer (&turned));
  else
    g_ptr_array_add (pixbufs, _teller_sim_tools_grey (turned, p->color_type == 2));
}

/* Cut, resize, split, then turn and colour each part. */
static GPtrArray *
run_processing (GdkPixbuf         *source,
                const Processing  *p,
                char             **message)
{
  g_autoptr(GPtrArray) pixbufs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GdkPixbuf) page = cut (source, p, message);
  int width, height;

  if (page == NULL)
    return NULL;
  /* 3.3: fixed_width/height apply to cut_type 1 and 4, and are invalid above 6000×6000. */
  if ((p->cut_type == 1 || p->cut_type == 4) && p->fixed_width > 0 && p->fixed_height > 0 &&
      p->fixed_width <= 6000 && p->fixed_height <= 6000)
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (page, p->fixed_width, p->fixed_height,
                                                   GDK_INTERP_BILINEAR);
      g_object_unref (page);
      page = scaled;
    }

  width = gdk_pixbuf_get_width (page);
  height = gdk_pixbuf_get_height (page);
  if (p->split_page && (p->cut_type == 1 || p->cut_type == 3) && MAX (width, height) >= 2)
    {
      gboolean wide = width >= height;
      int half = (wide ? width : height) / 2;
      g_autoptr(GdkPixbuf) first = _teller_sim_tools_crop (page, 0, 0, wide ? half : width,
                                                           wide ? height : half);
      g_autoptr(GdkPixbuf) second = _teller_sim_tools_crop (page, wide ? half : 0, wide ? 0 : half,
                                                            width, height);

      add_finished (pixbufs, first, p);
      add_finished (pixbufs, second, p);
    }
  else
    add_finished (pixbufs, page, p);

  return g_steal_pointer (&pixbufs);
}

static gboolean
add_image (JsonBuilder                 *builder,
           const TellerSimToolsContext *context,
           guint                        index,
           GBytes                      *jpeg,
           gboolean                     make_uuid)
{
  g_autofree char *uuid = NULL, *path = NULL;

  if (make_uuid &&
      !_teller_sim_imagepro_store_image (context->imagepro, jpeg, &uuid, &path, NULL))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, index);
  if (make_uuid)
    {
      add_string (builder, "filepath", path);
      add_string (builder, "uuid", uuid);
    }
  add_base64 (builder, jpeg);
  json_builder_end_object (builder);
  return TRUE;
}

static JsonNode *
process_reply (const TellerSimToolsContext *context,
               GPtrArray                   *pixbufs,
               const TellerSimStorage      *storage,
               const TellerSimWatermark    *watermark,
               gboolean                     make_uuid)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();

  json_builder_set_member_name (builder, "image_count");
  json_builder_add_int_value (builder, pixbufs->len);
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pixbufs->len; i++)
    {
      g_autoptr(GBytes) jpeg = _teller_sim_tools_finish_image (g_ptr_array_index (pixbufs, i),
                                                               storage, watermark, NULL);

      if (jpeg == NULL || !add_image (builder, context, i, jpeg, make_uuid))
        return bad_request ("图像编码失败");
    }
  json_builder_end_array (builder);
  return _teller_sim_tools_end (builder);
}

JsonNode *
_teller_sim_tools_process_job (const TellerSimToolsContext *context,
                               JsonNode                    *body)
{
  JsonObject *request = body_object (body);
  g_auto(Processing) processing = { 0 };
  g_auto(TellerSimWatermark) watermark = { 0 };
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GPtrArray) pixbufs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean make_uuid = FALSE;
  TellerSimStorage storage;
  TellerSimSourceError kind;

  if (request == NULL || !json_object_has_member (request, "source_image"))
    return bad_request ("缺少参数 source_image");
  if (!_teller_sim_tools_get_switch (request, "make_uuid", &make_uuid, &message) ||
      !parse_processing (request, &processing, &message) ||
      !_teller_sim_tools_parse_storage (request, &storage, &message) ||
      !_teller_sim_tools_parse_watermark (request, &watermark, &message))
    return bad_request (message);

  image = _teller_sim_imagepro_load_source (context->imagepro,
                                            json_object_get_member (request, "source_image"),
                                            FALSE, &kind, &message);
  if (image == NULL)
    return bad_request (message);
  pixbuf = _teller_sim_tools_decode (image, &error);
  if (pixbuf == NULL)
    {
      message = g_strdup_printf ("图像无法解码: %s", error->message);
      return bad_request (message);
    }

  pixbufs = run_processing (pixbuf, &processing, &message);
  if (pixbufs == NULL)
    return bad_request (message);
  return process_reply (context, pixbufs, &storage, &watermark, make_uuid);
}
