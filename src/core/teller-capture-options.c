/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-capture-options.h"
#include "teller-error.h"

/*
 * video=grabimage, built and parsed in one place (001_5b286aac9e459b89.txt,
 * chapter 3.3; appendix 13.1 for the v1.0 reply older service builds send).
 */

/* The document ignores fixed sizes above 6000 × 6000 and font sizes above 3000. */
#define MAX_FIXED_SIDE 6000
#define MAX_FONTSIZE   3000

/* ---- TellerCaptureOptions ---------------------------------------------- */

G_DEFINE_BOXED_TYPE (TellerCaptureOptions, teller_capture_options,
                     teller_capture_options_copy, teller_capture_options_free)

/**
 * teller_capture_options_new:
 *
 * Returns: (transfer full): options with every field unset: the request is
 *   `{"image_process_info": {}}` and the service's defaults apply
 */
TellerCaptureOptions *
teller_capture_options_new (void)
{
  TellerCaptureOptions *options = g_new0 (TellerCaptureOptions, 1);

  options->camidx = TELLER_CAPTURE_UNSET;
  options->make_uuid = TELLER_CAPTURE_UNSET;
  options->cut_type = TELLER_CAPTURE_UNSET;
  options->multi_object = TELLER_CAPTURE_UNSET;
  options->rotate = TELLER_CAPTURE_UNSET;
  options->fixed_width = TELLER_CAPTURE_UNSET;
  options->fixed_height = TELLER_CAPTURE_UNSET;
  options->split_page = TELLER_CAPTURE_UNSET;
  options->reduce_shadow = TELLER_CAPTURE_UNSET;
  options->color_type = TELLER_CAPTURE_UNSET;
  options->remove_black_edge = TELLER_CAPTURE_UNSET;
  options->rect_correct = TELLER_CAPTURE_UNSET;
  options->correct_idcard_direction = TELLER_CAPTURE_UNSET;
  options->document_type = TELLER_CAPTURE_UNSET;
  options->xdpi = TELLER_CAPTURE_UNSET;
  options->ydpi = TELLER_CAPTURE_UNSET;
  options->jpg_quality = TELLER_CAPTURE_UNSET;
  options->max_file_size = TELLER_CAPTURE_UNSET;
  options->watermark.pos = TELLER_CAPTURE_UNSET;
  options->watermark.transparency = TELLER_CAPTURE_UNSET;
  options->watermark.fontsize = TELLER_CAPTURE_UNSET;

  return options;
}

static void
set_dpi_quality (TellerCaptureOptions *options,
                 int                   dpi,
                 int                   quality)
{
  options->xdpi = options->ydpi = dpi;
  options->jpg_quality = quality;
}

/**
 * teller_capture_options_new_preset:
 *
 * - document: a page on the document camera, cut to its edges, deskewed, shadows
 *   and black edges removed, 300 dpi;
 * - id-card: an identity card, cut and turned upright, 300 dpi at high quality;
 * - book: an open book, flattened and split into its two pages;
 * - photo: the customer's portrait from the face camera, cut to the face.
 *
 * Returns: (transfer full): the preset's options
 */
TellerCaptureOptions *
teller_capture_options_new_preset (TellerCapturePreset preset)
{
  TellerCaptureOptions *options = teller_capture_options_new ();

  options->camidx = 0;
  options->color_type = TELLER_CAPTURE_COLOR_COLOR;

  switch (preset)
    {
    case TELLER_CAPTURE_PRESET_DOCUMENT:
      options->cut_type = TELLER_CAPTURE_CUT_AUTO;
      options->document_type = TELLER_CAPTURE_DOCUMENT_WHITE;
      options->rect_correct = TRUE;
      options->remove_black_edge = TRUE;
      options->reduce_shadow = TRUE;
      set_dpi_quality (options, 300, 80);
      break;
    case TELLER_CAPTURE_PRESET_ID_CARD:
      options->cut_type = TELLER_CAPTURE_CUT_AUTO;
      options->document_type = TELLER_CAPTURE_DOCUMENT_CARD;
      options->correct_idcard_direction = TRUE;
      options->rect_correct = TRUE;
      set_dpi_quality (options, 300, 90);
      break;
    case TELLER_CAPTURE_PRESET_BOOK:
      options->cut_type = TELLER_CAPTURE_CUT_BOOK;
      options->split_page = TRUE;
      options->reduce_shadow = TRUE;
      set_dpi_quality (options, 300, 80);
      break;
    case TELLER_CAPTURE_PRESET_PHOTO:
      options->camidx = 1;
      options->cut_type = TELLER_CAPTURE_CUT_FACE;
      set_dpi_quality (options, 200, 90);
      break;
    default:
      g_return_val_if_reached (options);
    }

  return options;
}

/**
 * teller_capture_preset_from_string:
 * @name: "document", "id-card", "book" or "photo"
 *
 * Returns: %TRUE when @name is a preset
 */
gboolean
teller_capture_preset_from_string (const char          *name,
                                   TellerCapturePreset *preset)
{
  static const char * const names[] = { "document", "id-card", "book", "photo" };

  g_return_val_if_fail (preset != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *preset = (TellerCapturePreset) i;
        return TRUE;
      }
  return FALSE;
}

TellerCaptureOptions *
teller_capture_options_copy (const TellerCaptureOptions *options)
{
  TellerCaptureOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = g_memdup2 (options, sizeof *options);
  copy->custom_rect.left = g_strdup (options->custom_rect.left);
  copy->custom_rect.top = g_strdup (options->custom_rect.top);
  copy->custom_rect.right = g_strdup (options->custom_rect.right);
  copy->custom_rect.bottom = g_strdup (options->custom_rect.bottom);
  copy->custom_rect.angle = g_strdup (options->custom_rect.angle);
  copy->watermark.content = g_strdup (options->watermark.content);
  copy->watermark.font = g_strdup (options->watermark.font);
  copy->watermark.color = g_strdup (options->watermark.color);
  return copy;
}

void
teller_capture_options_free (TellerCaptureOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->custom_rect.left);
  g_free (options->custom_rect.top);
  g_free (options->custom_rect.right);
  g_free (options->custom_rect.bottom);
  g_free (options->custom_rect.angle);
  g_free (options->watermark.content);
  g_free (options->watermark.font);
  g_free (options->watermark.color);
  g_free (options);
}

/* ---- Validation -------------------------------------------------------- */

static gboolean
check_range (gint64       value,
             gint64       min,
             gint64       max,
             const char  *name,
             GError     **error)
{
  g_autofree char *min_text = NULL, *max_text = NULL, *value_text = NULL;

  if (value == TELLER_CAPTURE_UNSET || (value >= min && value <= max))
    return TRUE;

  /* Formatted apart: xgettext cannot read G_GINT64_FORMAT inside a msgid. */
  min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min);
  max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max);
  value_text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
               _("The capture option “%s” must be between %s and %s, not %s"),
               name, min_text, max_text, value_text);
  return FALSE;
}

static gboolean
check_flag (int          value,
            const char  *name,
            GError     **error)
{
  return check_range (value, 0, 1, name, error);
}

static gboolean
rect_is_set (const TellerCaptureRect *rect)
{
  return rect->left != NULL || rect->top != NULL || rect->right != NULL ||
         rect->bottom != NULL || rect->angle != NULL;
}

/* "100px", "5%" or "2000": a non-negative number, then "px", "%" or nothing. */
static gboolean
edge_is_valid (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  if (*p == '%')
    return p[1] == '\0' && g_ascii_strtod (text, NULL) <= 100.0;
  return *p == '\0' || g_str_equal (p, "px");
}

static gboolean
check_custom_rect (const TellerCaptureOptions  *options,
                   GError                     **error)
{
  const TellerCaptureRect *rect = &options->custom_rect;
  const char * const edges[] = { rect->left, rect->top, rect->right, rect->bottom };
  const char * const names[] = { "left", "top", "right", "bottom" };

  if (!rect_is_set (rect))
    {
      if (options->cut_type != TELLER_CAPTURE_CUT_CUSTOM)
        return TRUE;
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("A custom cut needs the rectangle to cut"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    if (!edge_is_valid (edges[i]))
      {
        g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                     _("The custom rectangle’s %s edge must be pixels or a percentage, "
                       "such as “100px” or “5%%”"), names[i]);
        return FALSE;
      }

  if (rect->angle != NULL &&
      !g_ascii_string_to_signed (rect->angle, 10, -360, 360, NULL, NULL))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("The custom rectangle’s angle must be whole degrees"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_watermark (const TellerCaptureWatermark  *watermark,
                 GError                       **error)
{
  if (!watermark->enabled)
    return TRUE;

  if (!check_range (watermark->pos, 0, 4, "watermark.pos", error) ||
      !check_range (watermark->transparency, 0, 255, "watermark.transparency", error) ||
      !check_range (watermark->fontsize, 1, MAX_FONTSIZE, "watermark.fontsize", error))
    return FALSE;

  if (watermark->content != NULL && !g_utf8_validate (watermark->content, -1, NULL))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("The watermark text must be UTF-8"));
      return FALSE;
    }

  return TRUE;
}

/**
 * teller_capture_options_validate:
 *
 * Checks every set field against table 1's ranges.
 *
 * Returns: %FALSE with %TELLER_ERROR_INVALID_INPUT naming the first bad field
 */
gboolean
teller_capture_options_validate (const TellerCaptureOptions  *options,
                                 GError                     **error)
{
  g_return_val_if_fail (options != NULL, FALSE);

  if (!check_range (options->camidx, 0, 2, "camidx", error) ||
      !check_flag (options->make_uuid, "make_uuid", error) ||
      !check_range (options->cut_type, 0, 4, "cut_type", error) ||
      !check_flag (options->multi_object, "multi_object", error) ||
      !check_range (options->fixed_width, 0, MAX_FIXED_SIDE, "fixed_width", error) ||
      !check_range (options->fixed_height, 0, MAX_FIXED_SIDE, "fixed_height", error) ||
      !check_flag (options->split_page, "split_page", error) ||
      !check_flag (options->reduce_shadow, "reduce_shadow", error) ||
      !check_range (options->color_type, 0, 2, "color_type", error) ||
      !check_flag (options->remove_black_edge, "remove_black_edge", error) ||
      !check_flag (options->rect_correct, "rect_correct", error) ||
      !check_flag (options->correct_idcard_direction, "correct_idcard_direction", error) ||
      !check_range (options->document_type, 0, 2, "document_type", error) ||
      !check_range (options->xdpi, 1, 65535, "xdpi", error) ||
      !check_range (options->ydpi, 1, 65535, "ydpi", error) ||
      !check_range (options->jpg_quality, 10, 100, "jpg_quality", error) ||
      !check_range (options->max_file_size, 0, G_MAXINT32, "max_file_size", error))
    return FALSE;

  /* "必须为 90 的倍数" */
  if (options->rotate != TELLER_CAPTURE_UNSET &&
      (options->rotate % 90 != 0 || options->rotate < -360 || options->rotate > 360))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                   _("The rotation must be a multiple of 90 degrees, not %d"), options->rotate);
      return FALSE;
    }

  return check_custom_rect (options, error) && check_watermark (&options->watermark, error);
}

/* ---- The request ------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* The document sends every number as a string ("0", "200"). */
static void
add_number (JsonBuilder *builder,
            const char  *name,
            gint64       value)
{
  g_autofree char *text = NULL;

  if (value == TELLER_CAPTURE_UNSET)
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  add_string (builder, name, text);
}

static void
add_storage_info (JsonBuilder                *builder,
                  const TellerCaptureOptions *options)
{
  if (options->xdpi == TELLER_CAPTURE_UNSET && options->ydpi == TELLER_CAPTURE_UNSET &&
      options->jpg_quality == TELLER_CAPTURE_UNSET &&
      options->max_file_size == TELLER_CAPTURE_UNSET)
    return;

  json_builder_set_member_name (builder, "image_storage_info");
  json_builder_begin_object (builder);
  add_number (builder, "xdpi", options->xdpi);
  add_number (builder, "ydpi", options->ydpi);
  add_number (builder, "jpg_quality", options->jpg_quality);
  add_number (builder, "max_file_size", options->max_file_size);
  json_builder_end_object (builder);
}

static void
add_process_info (JsonBuilder                *builder,
                  const TellerCaptureOptions *options)
{
  /* Always present, {} at least: without it the service falls back to v1.0. */
  json_builder_set_member_name (builder, "image_process_info");
  json_builder_begin_object (builder);
  add_number (builder, "cut_type", options->cut_type);
  add_number (builder, "multi_object", options->multi_object);
  add_number (builder, "rotate", options->rotate);
  add_number (builder, "fixed_width", options->fixed_width);
  add_number (builder, "fixed_height", options->fixed_height);
  add_number (builder, "split_page", options->split_page);
  add_number (builder, "reduce_shadow", options->reduce_shadow);
  add_number (builder, "color_type", options->color_type);
  add_number (builder, "remove_black_edge", options->remove_black_edge);
  add_number (builder, "rect_correct", options->rect_correct);
  add_number (builder, "correct_idcard_direction", options->correct_idcard_direction);
  add_number (builder, "document_type", options->document_type);
  if (rect_is_set (&options->custom_rect))
    {
      json_builder_set_member_name (builder, "custom_rect");
      json_builder_begin_object (builder);
      add_string (builder, "left", options->custom_rect.left);
      add_string (builder, "top", options->custom_rect.top);
      add_string (builder, "right", options->custom_rect.right);
      add_string (builder, "bottom", options->custom_rect.bottom);
      add_string (builder, "angle", options->custom_rect.angle);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
add_watermark (JsonBuilder                  *builder,
               const TellerCaptureWatermark *watermark)
{
  if (!watermark->enabled)
    return;

  json_builder_set_member_name (builder, "watermark");
  json_builder_begin_object (builder);
  add_number (builder, "pos", watermark->pos);
  add_string (builder, "content", watermark->content);
  add_number (builder, "transparency", watermark->transparency);
  add_number (builder, "fontsize", watermark->fontsize);
  add_string (builder, "font", watermark->font);
  add_string (builder, "color", watermark->color);
  json_builder_end_object (builder);
}

/**
 * teller_capture_options_to_json:
 *
 * The body of POST /video=grabimage, shaped as chapter 3.3's example: every value
 * a string, unset fields left out, "image_process_info" always there.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with
 *   %TELLER_ERROR_INVALID_INPUT when a field is out of range
 */
JsonNode *
teller_capture_options_to_json (const TellerCaptureOptions  *options,
                                GError                     **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  if (!teller_capture_options_validate (options, error))
    return NULL;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_number (builder, "camidx", options->camidx);
  add_number (builder, "make_uuid", options->make_uuid);
  add_storage_info (builder, options);
  add_process_info (builder, options);
  add_watermark (builder, &options->watermark);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- TellerCapturedImage ----------------------------------------------- */

G_DEFINE_BOXED_TYPE (TellerCapturedImage, teller_captured_image,
                     teller_captured_image_copy, teller_captured_image_free)

TellerCapturedImage *
teller_captured_image_copy (const TellerCapturedImage *image)
{
  TellerCapturedImage *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = g_new0 (TellerCapturedImage, 1);
  copy->jpeg = image->jpeg != NULL ? g_bytes_ref (image->jpeg) : NULL;
  copy->index = image->index;
  copy->width = image->width;
  copy->height = image->height;
  copy->filepath = g_strdup (image->filepath);
  copy->uuid = g_strdup (image->uuid);
  copy->thumbnail = image->thumbnail != NULL ? g_bytes_ref (image->thumbnail) : NULL;
  return copy;
}

void
teller_captured_image_free (TellerCapturedImage *image)
{
  if (image == NULL)
    return;

  g_clear_pointer (&image->jpeg, g_bytes_unref);
  g_clear_pointer (&image->thumbnail, g_bytes_unref);
  g_free (image->filepath);
  g_free (image->uuid);
  g_free (image);
}

/* ---- Decoding ---------------------------------------------------------- */

static inline guint
read_be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

/**
 * teller_jpeg_get_size:
 *
 * Walks the marker segments from SOI to the first frame header (SOF0…SOF15, not
 * DHT, JPG or DAC) and reads its size, without decoding anything.
 *
 * Returns: %FALSE when @data is not a JPEG or has no frame header before the scan
 */
gboolean
teller_jpeg_get_size (const guint8 *data,
                      gsize         size,
                      int          *width,
                      int          *height)
{
  gsize pos = 2;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8)
    return FALSE;

  while (pos < size)
    {
      guint8 marker;
      guint length;

      if (data[pos] != 0xFF)
        return FALSE;
      /* Any number of 0xFF fill bytes may precede a marker. */
      while (pos < size && data[pos] == 0xFF)
        pos++;
      if (pos >= size)
        return FALSE;
      marker = data[pos++];

      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        continue; /* TEM and RSTn stand alone */
      if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA || marker == 0x00)
        return FALSE; /* a second SOI, the end, or the scan before any frame header */

      if (size - pos < 2)
        return FALSE;
      length = read_be16 (data + pos);
      if (length < 2 || length > size - pos)
        return FALSE;

      if (marker >= 0xC0 && marker <= 0xCF &&
          marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          guint h, w;

          /* Lf, P, Y, X, Nf */
          if (length < 8)
            return FALSE;
          h = read_be16 (data + pos + 3);
          w = read_be16 (data + pos + 5);
          /* Y = 0 defers the height to a DNL segment, which nothing at a counter sends. */
          if (w == 0 || h == 0)
            return FALSE;
          if (width != NULL)
            *width = (int) w;
          if (height != NULL)
            *height = (int) h;
          return TRUE;
        }

      pos += length;
    }

  return FALSE;
}

static inline gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

static inline gboolean
is_line_space (char c)
{
  return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/**
 * teller_base64_decode_strict:
 * @text: base64, possibly as a data URI ("data:image/jpeg;base64,...") as some
 *   service builds send, possibly broken into lines, padded or not
 *
 * g_base64_decode() skips whatever is not base64, so garbage decodes to garbage
 * without a word; this refuses it instead.
 *
 * Returns: (transfer full) (nullable): the data, or %NULL with
 *   %TELLER_ERROR_BAD_RESPONSE
 */
GBytes *
teller_base64_decode_strict (const char  *text,
                             GError     **error)
{
  const char *start = text;
  g_autofree char *clean = NULL;
  gsize n_chars = 0, n_padding = 0, n_space = 0, length, out_length;
  guint8 *out;
  int state = 0;
  guint save = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_has_prefix (text, "data:"))
    {
      const char *comma = strchr (text, ',');

      if (comma == NULL || comma - text < 7 || strncmp (comma - 7, ";base64", 7) != 0)
        goto bad;
      start = comma + 1;
    }

  for (const char *p = start; *p != '\0'; p++)
    {
      if (is_line_space (*p))
        n_space++;
      else if (*p == '=')
        n_padding++;
      else if (is_base64_char (*p) && n_padding == 0)
        n_chars++;
      else
        goto bad; /* a foreign character, or data after the padding */
    }

  /* Padding completes the last group of four; a group of one character cannot be. */
  if (n_chars == 0 || n_padding > 2 || n_chars % 4 == 1 ||
      (n_padding > 0 && (n_chars + n_padding) % 4 != 0))
    goto bad;

  length = n_chars + n_space + n_padding;
  if (n_space > 0 || n_padding == 0)
    {
      /* Decode a tidy copy: without line breaks, padded. */
      gsize pad = (4 - n_chars % 4) % 4;
      char *q;

      clean = g_malloc (n_chars + pad + 1);
      q = clean;
      for (const char *p = start; *p != '\0'; p++)
        if (is_base64_char (*p))
          *q++ = *p;
      memset (q, '=', pad);
      q[pad] = '\0';
      start = clean;
      length = n_chars + pad;
    }

  out = g_malloc ((length / 4) * 3 + 3);
  out_length = g_base64_decode_step (start, length, out, &state, &save);
  if (out_length == 0)
    {
      g_free (out);
      goto bad;
    }
  return g_bytes_new_take (out, out_length);

bad:
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service sent an image that is not valid base64"));
  return NULL;
}

static gboolean
get_optional_string (JsonObject  *object,
                     const char  *member,
                     const char **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent “%s” in a form it does not document"), member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* Decodes one image and checks that it is a JPEG, reading its size. */
static TellerCapturedImage *
decode_image (const char  *base64,
              int          index,
              GError     **error)
{
  g_autoptr(TellerCapturedImage) image = g_new0 (TellerCapturedImage, 1);
  gsize size = 0;
  const guint8 *data;

  image->index = index;
  image->jpeg = teller_base64_decode_strict (base64, error);
  if (image->jpeg == NULL)
    return NULL;

  data = g_bytes_get_data (image->jpeg, &size);
  if (!teller_jpeg_get_size (data, size, &image->width, &image->height))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent an image that is not a JPEG"));
      return NULL;
    }

  return g_steal_pointer (&image);
}

static gboolean
read_index (JsonObject *object,
            guint       position,
            int        *index)
{
  JsonNode *node = json_object_get_member (object, "index");
  gint64 value;

  /* Table 2 makes it an int; accept its string form too, as with "code". */
  *index = (int) position;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_value_type (node) != G_TYPE_STRING ||
           !g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT, &value, NULL))
    return FALSE;
  if (value < 0 || value > G_MAXINT)
    return FALSE;
  *index = (int) value;
  return TRUE;
}

/* Table 2: "images": [{"index", "base64", "filepath", "uuid"}].  "image_count" is
 * not trusted: the array is what arrived. */
static GPtrArray *
parse_v15 (JsonArray  *array,
           GError    **error)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_captured_image_free);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *base64, *filepath, *uuid;
      TellerCapturedImage *image;
      int index;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      object = json_node_get_object (node);
      if (!read_index (object, i, &index) ||
          !get_optional_string (object, "base64", &base64, error) ||
          !get_optional_string (object, "filepath", &filepath, error) ||
          !get_optional_string (object, "uuid", &uuid, error))
        goto bad;
      if (base64 == NULL)
        goto bad;

      image = decode_image (base64, index, error);
      if (image == NULL)
        return NULL;
      image->filepath = g_strdup (filepath);
      image->uuid = g_strdup (uuid);
      g_ptr_array_add (images, image);
    }

  if (images->len == 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service reported a capture but sent no image"));
      return NULL;
    }
  return g_steal_pointer (&images);

bad:
  if (error != NULL && *error == NULL)
    g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                 _("The camera service sent an image entry it does not document"));
  return NULL;
}

/* Appendix 13.1: one image in "photoBase64", with "uuid", "filepath" and a
 * "thumbnail" unless the request's filepath was "base64". */
static GPtrArray *
parse_v10 (JsonObject  *reply,
           GError     **error)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_captured_image_free);
  const char *photo, *filepath, *uuid, *thumbnail;
  TellerCapturedImage *image;

  if (!get_optional_string (reply, "photoBase64", &photo, error) ||
      !get_optional_string (reply, "filepath", &filepath, error) ||
      !get_optional_string (reply, "uuid", &uuid, error) ||
      !get_optional_string (reply, "thumbnail", &thumbnail, error))
    return NULL;
  if (photo == NULL)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service reported a capture but sent no image"));
      return NULL;
    }

  image = decode_image (photo, 0, error);
  if (image == NULL)
    return NULL;
  g_ptr_array_add (images, image);
  /* Empty strings are how v1.0 says "none" (a given filepath leaves uuid ""). */
  if (filepath != NULL && *filepath != '\0')
    image->filepath = g_strdup (filepath);
  if (uuid != NULL && *uuid != '\0')
    image->uuid = g_strdup (uuid);
  if (thumbnail != NULL && *thumbnail != '\0')
    {
      image->thumbnail = teller_base64_decode_strict (thumbnail, error);
      if (image->thumbnail == NULL)
        return NULL;
    }

  return g_steal_pointer (&images);
}

/**
 * teller_captured_images_parse:
 * @reply: a video=grabimage reply whose code said success
 *
 * Returns: (transfer full) (element-type TellerCapturedImage) (nullable): the
 *   images in reply order, or %NULL with %TELLER_ERROR_BAD_RESPONSE
 */
GPtrArray *
teller_captured_images_parse (JsonObject  *reply,
                              GError     **error)
{
  JsonNode *images;

  g_return_val_if_fail (reply != NULL, NULL);

  images = json_object_get_member (reply, "images");
  if (images != NULL && JSON_NODE_HOLDS_ARRAY (images))
    return parse_v15 (json_node_get_array (images), error);
  if (images != NULL && !JSON_NODE_HOLDS_NULL (images))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent “%s” in a form it does not document"), "images");
      return NULL;
    }
  if (json_object_has_member (reply, "photoBase64"))
    return parse_v10 (reply, error);

  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service reported a capture but sent no image"));
  return NULL;
}
