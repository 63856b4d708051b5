/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-capture-options.h"
#include "teller-error.h"
#include "teller-image-options.h"

/*
 * video=grabimage's request (001_5b286aac9e459b89.txt, chapter 3.3, table 1); its
 * reply is read in teller-captured-image.c.
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

/* TELLER_CAPTURE_UNSET is -1; the shared builders leave out TELLER_IMAGE_OPTION_UNSET. */
static int
option_int (gint64 value)
{
  return value == TELLER_CAPTURE_UNSET ? TELLER_IMAGE_OPTION_UNSET : (int) value;
}

/* Borrowed views of the options in the image tools' structs, for the shared builders. */
static void
view_processing (const TellerCaptureOptions *options,
                 TellerImageProcessing      *p)
{
  p->cut_type = option_int (options->cut_type);
  p->multi_object = option_int (options->multi_object);
  p->rotate = option_int (options->rotate);
  p->fixed_width = option_int (options->fixed_width);
  p->fixed_height = option_int (options->fixed_height);
  p->split_page = option_int (options->split_page);
  p->reduce_shadow = option_int (options->reduce_shadow);
  p->color_type = option_int (options->color_type);
  p->remove_black_edge = option_int (options->remove_black_edge);
  p->rect_correct = option_int (options->rect_correct);
  p->correct_idcard_direction = option_int (options->correct_idcard_direction);
  p->document_type = option_int (options->document_type);
  p->custom_left = options->custom_rect.left;
  p->custom_top = options->custom_rect.top;
  p->custom_right = options->custom_rect.right;
  p->custom_bottom = options->custom_rect.bottom;
  p->custom_angle = options->custom_rect.angle;
}

static void
view_storage (const TellerCaptureOptions *options,
              TellerImageStorage         *storage)
{
  storage->xdpi = option_int (options->xdpi);
  storage->ydpi = option_int (options->ydpi);
  storage->jpg_quality = option_int (options->jpg_quality);
  /* Validated: at most G_MAXINT32. */
  storage->max_file_size = option_int (options->max_file_size);
}

static void
view_watermark (const TellerCaptureWatermark *watermark,
                TellerImageWatermark         *view)
{
  view->enabled = watermark->enabled;
  view->pos = option_int (watermark->pos);
  view->content = watermark->content;
  view->transparency = option_int (watermark->transparency);
  view->fontsize = option_int (watermark->fontsize);
  view->font = watermark->font;
  view->color = watermark->color;
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
  TellerImageProcessing processing;
  TellerImageStorage storage;
  TellerImageWatermark watermark;

  g_return_val_if_fail (options != NULL, NULL);

  if (!teller_capture_options_validate (options, error))
    return NULL;

  view_processing (options, &processing);
  view_storage (options, &storage);
  view_watermark (&options->watermark, &watermark);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  _teller_image_options_add_int (builder, "camidx", option_int (options->camidx));
  _teller_image_options_add_int (builder, "make_uuid", option_int (options->make_uuid));
  _teller_image_options_add_storage (builder, &storage);
  _teller_image_options_add_processing (builder, &processing);
  _teller_image_options_add_watermark (builder, &watermark);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
