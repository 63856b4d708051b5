/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include "teller-image-options.h"

/*
 * Chapter 3.3's table 1 members, as TellerCaptureOptions and the image tools' option
 * structs send them.  The document sends every number as a string ("0", "200").
 */

void
_teller_image_options_add_string (JsonBuilder *builder,
                                  const char  *name,
                                  const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_teller_image_options_add_int (JsonBuilder *builder,
                               const char  *name,
                               int          value)
{
  g_autofree char *text = NULL;

  if (value == TELLER_IMAGE_OPTION_UNSET)
    return;
  text = g_strdup_printf ("%d", value);
  _teller_image_options_add_string (builder, name, text);
}

/* ---- Initialising ------------------------------------------------------ */

void
_teller_image_processing_init (TellerImageProcessing *p)
{
  memset (p, 0, sizeof *p);
  p->cut_type = p->multi_object = p->rotate = TELLER_IMAGE_OPTION_UNSET;
  p->fixed_width = p->fixed_height = p->split_page = TELLER_IMAGE_OPTION_UNSET;
  p->reduce_shadow = p->color_type = p->remove_black_edge = TELLER_IMAGE_OPTION_UNSET;
  p->rect_correct = p->correct_idcard_direction = TELLER_IMAGE_OPTION_UNSET;
  p->document_type = TELLER_IMAGE_OPTION_UNSET;
}

void
_teller_image_processing_clear (TellerImageProcessing *p)
{
  g_clear_pointer (&p->custom_left, g_free);
  g_clear_pointer (&p->custom_top, g_free);
  g_clear_pointer (&p->custom_right, g_free);
  g_clear_pointer (&p->custom_bottom, g_free);
  g_clear_pointer (&p->custom_angle, g_free);
}

void
_teller_image_storage_init (TellerImageStorage *storage)
{
  storage->xdpi = storage->ydpi = TELLER_IMAGE_OPTION_UNSET;
  storage->jpg_quality = storage->max_file_size = TELLER_IMAGE_OPTION_UNSET;
}

void
_teller_image_watermark_init (TellerImageWatermark *watermark)
{
  memset (watermark, 0, sizeof *watermark);
  watermark->pos = watermark->transparency = watermark->fontsize = TELLER_IMAGE_OPTION_UNSET;
}

void
_teller_image_watermark_clear (TellerImageWatermark *watermark)
{
  g_clear_pointer (&watermark->content, g_free);
  g_clear_pointer (&watermark->font, g_free);
  g_clear_pointer (&watermark->color, g_free);
}

/* ---- Building ---------------------------------------------------------- */

static gboolean
custom_rect_is_set (const TellerImageProcessing *p)
{
  return p->custom_left != NULL || p->custom_top != NULL || p->custom_right != NULL ||
         p->custom_bottom != NULL || p->custom_angle != NULL;
}

static void
add_custom_rect (JsonBuilder                 *builder,
                 const TellerImageProcessing *p)
{
  json_builder_set_member_name (builder, "custom_rect");
  json_builder_begin_object (builder);
  _teller_image_options_add_string (builder, "left", p->custom_left);
  _teller_image_options_add_string (builder, "top", p->custom_top);
  _teller_image_options_add_string (builder, "right", p->custom_right);
  _teller_image_options_add_string (builder, "bottom", p->custom_bottom);
  _teller_image_options_add_string (builder, "angle", p->custom_angle);
  json_builder_end_object (builder);
}

void
_teller_image_options_add_processing (JsonBuilder                 *builder,
                                      const TellerImageProcessing *p)
{
  json_builder_set_member_name (builder, "image_process_info");
  json_builder_begin_object (builder);
  _teller_image_options_add_int (builder, "cut_type", p->cut_type);
  _teller_image_options_add_int (builder, "multi_object", p->multi_object);
  _teller_image_options_add_int (builder, "rotate", p->rotate);
  _teller_image_options_add_int (builder, "fixed_width", p->fixed_width);
  _teller_image_options_add_int (builder, "fixed_height", p->fixed_height);
  _teller_image_options_add_int (builder, "split_page", p->split_page);
  _teller_image_options_add_int (builder, "reduce_shadow", p->reduce_shadow);
  _teller_image_options_add_int (builder, "color_type", p->color_type);
  _teller_image_options_add_int (builder, "remove_black_edge", p->remove_black_edge);
  _teller_image_options_add_int (builder, "rect_correct", p->rect_correct);
  _teller_image_options_add_int (builder, "correct_idcard_direction",
                                 p->correct_idcard_direction);
  _teller_image_options_add_int (builder, "document_type", p->document_type);
  if (custom_rect_is_set (p))
    add_custom_rect (builder, p);
  json_builder_end_object (builder);
}

static gboolean
storage_is_set (const TellerImageStorage *storage)
{
  return storage->xdpi != TELLER_IMAGE_OPTION_UNSET ||
         storage->ydpi != TELLER_IMAGE_OPTION_UNSET ||
         storage->jpg_quality != TELLER_IMAGE_OPTION_UNSET ||
         storage->max_file_size != TELLER_IMAGE_OPTION_UNSET;
}

void
_teller_image_options_add_storage (JsonBuilder              *builder,
                                   const TellerImageStorage *storage)
{
  if (!storage_is_set (storage))
    return;

  json_builder_set_member_name (builder, "image_storage_info");
  json_builder_begin_object (builder);
  _teller_image_options_add_int (builder, "xdpi", storage->xdpi);
  _teller_image_options_add_int (builder, "ydpi", storage->ydpi);
  _teller_image_options_add_int (builder, "jpg_quality", storage->jpg_quality);
  _teller_image_options_add_int (builder, "max_file_size", storage->max_file_size);
  json_builder_end_object (builder);
}

void
_teller_image_options_add_watermark (JsonBuilder                *builder,
                                     const TellerImageWatermark *watermark)
{
  if (!watermark->enabled)
    return;

  json_builder_set_member_name (builder, "watermark");
  json_builder_begin_object (builder);
  _teller_image_options_add_int (builder, "pos", watermark->pos);
  _teller_image_options_add_string (builder, "content",
                                    watermark->content != NULL ? watermark->content : "");
  _teller_image_options_add_int (builder, "transparency", watermark->transparency);
  _teller_image_options_add_int (builder, "fontsize", watermark->fontsize);
  _teller_image_options_add_string (builder, "font", watermark->font);
  _teller_image_options_add_string (builder, "color", watermark->color);
  json_builder_end_object (builder);
}
