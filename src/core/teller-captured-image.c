/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-base64.h"
#include "teller-captured-image.h"
#include "teller-error.h"
#include "teller-jpeg.h"
#include "teller-json-util.h"

/*
 * The images of video=grabimage's reply (001_5b286aac9e459b89.txt, chapter 3.3
 * table 2; appendix 13.1 for the v1.0 reply older service builds send), which the
 * image tools of chapter 6 answer with too.
 */

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

static TellerCapturedImage *
captured_image_new (int index)
{
  TellerCapturedImage *image = g_new0 (TellerCapturedImage, 1);

  image->index = index;
  return image;
}

/* Decodes the image and checks that it is a JPEG, reading its size. */
static gboolean
take_jpeg (TellerCapturedImage  *image,
           const char           *base64,
           GError              **error)
{
  gsize size = 0;
  const guint8 *data;

  image->jpeg = teller_base64_decode_strict (base64, error);
  if (image->jpeg == NULL)
    return FALSE;

  data = g_bytes_get_data (image->jpeg, &size);
  if (!teller_jpeg_get_size (data, size, &image->width, &image->height))
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent an image that is not a JPEG"));
      return FALSE;
    }
  return TRUE;
}

/* Empty strings are how the service says "none" (a given filepath leaves uuid ""). */
static char *
dup_unless_empty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
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

static void
set_entry_error (GError **error)
{
  if (error != NULL && *error == NULL)
    g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                 _("The camera service sent an image entry it does not document"));
}

/**
 * teller_captured_image_parse:
 * @object: one element of "images" (or merge_images' "image")
 * @position: its place in the array, the index when it has none
 * @flags: whether a path may stand in for the data
 *
 * Returns: (transfer full) (nullable): the image, or %NULL with
 *   %TELLER_ERROR_BAD_RESPONSE
 */
TellerCapturedImage *
teller_captured_image_parse (JsonObject             *object,
                             guint                   position,
                             TellerImageParseFlags   flags,
                             GError                **error)
{
  g_autoptr(TellerCapturedImage) image = NULL;
  const char *base64, *filepath, *uuid;
  int index;

  g_return_val_if_fail (object != NULL, NULL);

  if (!read_index (object, position, &index))
    {
      set_entry_error (error);
      return NULL;
    }
  if (!_teller_json_get_string (object, "base64", FALSE, &base64, error) ||
      !_teller_json_get_string (object, "filepath", FALSE, &filepath, error) ||
      !_teller_json_get_string (object, "uuid", FALSE, &uuid, error))
    return NULL;

  image = captured_image_new (index);
  image->filepath = dup_unless_empty (filepath);
  image->uuid = dup_unless_empty (uuid);

  /* A tool that wrote a file may send its path alone, or with an empty "base64". */
  if ((flags & TELLER_IMAGE_PARSE_PATH_ONLY_OK) && image->filepath != NULL &&
      (base64 == NULL || *base64 == '\0'))
    return g_steal_pointer (&image);

  if (base64 == NULL)
    {
      _teller_json_missing_field (error, "base64");
      return NULL;
    }
  if (!take_jpeg (image, base64, error))
    return NULL;

  return g_steal_pointer (&image);
}

/**
 * teller_captured_images_parse_array:
 * @array: the reply's "images"
 * @flags: whether a path may stand in for an image's data
 *
 * Returns: (transfer full) (element-type TellerCapturedImage) (nullable): the images
 *   in reply order, possibly none, or %NULL with %TELLER_ERROR_BAD_RESPONSE
 */
GPtrArray *
teller_captured_images_parse_array (JsonArray              *array,
                                    TellerImageParseFlags   flags,
                                    GError                **error)
{
  g_autoptr(GPtrArray) images =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_captured_image_free);
  guint n;

  g_return_val_if_fail (array != NULL, NULL);

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      TellerCapturedImage *image;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_entry_error (error);
          return NULL;
        }
      image = teller_captured_image_parse (json_node_get_object (node), i, flags, error);
      if (image == NULL)
        return NULL;
      g_ptr_array_add (images, image);
    }

  return g_steal_pointer (&images);
}

static void
set_no_image_error (GError **error)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service reported a capture but sent no image"));
}

/* Appendix 13.1: one image in "photoBase64", with "uuid", "filepath" and a
 * "thumbnail" unless the request's filepath was "base64". */
static GPtrArray *
parse_v10 (JsonObject  *reply,
           GError     **error)
{
  g_autoptr(GPtrArray) images =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_captured_image_free);
  const char *photo, *filepath, *uuid, *thumbnail;
  TellerCapturedImage *image;

  if (!_teller_json_get_string (reply, "photoBase64", FALSE, &photo, error) ||
      !_teller_json_get_string (reply, "filepath", FALSE, &filepath, error) ||
      !_teller_json_get_string (reply, "uuid", FALSE, &uuid, error) ||
      !_teller_json_get_string (reply, "thumbnail", FALSE, &thumbnail, error))
    return NULL;
  if (photo == NULL)
    {
      set_no_image_error (error);
      return NULL;
    }

  image = captured_image_new (0);
  g_ptr_array_add (images, image);
  if (!take_jpeg (image, photo, error))
    return NULL;
  image->filepath = dup_unless_empty (filepath);
  image->uuid = dup_unless_empty (uuid);
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
  g_autoptr(GPtrArray) images = NULL;
  JsonNode *node;

  g_return_val_if_fail (reply != NULL, NULL);

  node = json_object_get_member (reply, "images");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (json_object_has_member (reply, "photoBase64"))
        return parse_v10 (reply, error);
      set_no_image_error (error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _teller_json_bad_field (error, "images");
      return NULL;
    }

  images = teller_captured_images_parse_array (json_node_get_array (node),
                                               TELLER_IMAGE_PARSE_DEFAULT, error);
  if (images != NULL && images->len == 0)
    {
      set_no_image_error (error);
      return NULL;
    }
  return g_steal_pointer (&images);
}
