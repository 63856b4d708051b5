/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-image-tools-private.h"

/*
 * Replies of chapters 6, 10 and 11, read after the code check.  A field the document
 * lists but the reply leaves out is an error only where the call is useless without
 * it; a field of the wrong type always is.  Numbers the document types as int are
 * JSON numbers; Strings are JSON strings.
 */

gboolean
_teller_image_tools_bad_field (GError     **error,
                               const char  *member)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service sent “%s” in a form it does not document"), member);
  return FALSE;
}

gboolean
_teller_image_tools_missing_field (GError     **error,
                                   const char  *member)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service’s reply lacks “%s”"), member);
  return FALSE;
}

/* *@out is left alone when the member is absent and not @required. */
gboolean
_teller_image_tools_get_int (JsonObject  *object,
                             const char  *member,
                             gboolean     required,
                             int         *out,
                             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL)
    return required ? _teller_image_tools_missing_field (error, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return _teller_image_tools_bad_field (error, member);

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return _teller_image_tools_bad_field (error, member);

  if (value != (double) (gint64) value || value < G_MININT || value > G_MAXINT)
    return _teller_image_tools_bad_field (error, member);
  *out = (int) value;
  return TRUE;
}

/* *@out is a borrowed string, or NULL when the member is absent and not @required. */
gboolean
_teller_image_tools_get_string (JsonObject  *object,
                                const char  *member,
                                gboolean     required,
                                const char **out,
                                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    return required ? _teller_image_tools_missing_field (error, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _teller_image_tools_bad_field (error, member);

  *out = json_node_get_string (node);
  return TRUE;
}

JsonArray *
_teller_image_tools_get_array (JsonObject  *object,
                               const char  *member,
                               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      _teller_image_tools_missing_field (error, member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _teller_image_tools_bad_field (error, member);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
_teller_image_tools_get_element_object (JsonArray   *array,
                                        guint        index,
                                        const char  *member,
                                        GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _teller_image_tools_bad_field (error, member);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/**
 * teller_image_tools_decode_base64:
 *
 * Decodes standard base64, allowing line breaks, refusing anything else:
 * g_base64_decode() would silently skip stray characters.
 *
 * Returns: (transfer full): the data, or %NULL with %TELLER_ERROR_BAD_RESPONSE
 */
GBytes *
teller_image_tools_decode_base64 (const char  *text,
                                  GError     **error)
{
  gsize significant = 0, padding = 0;
  guchar *data;
  gsize size = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        continue;
      if (*p == '=' ? padding++ >= 2 : (padding > 0 || !is_base64_char (*p)))
        {
          g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                       _("The camera service sent image data that is not base64"));
          return NULL;
        }
      significant++;
    }

  if (significant % 4 != 0)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service sent base64 data of a wrong length"));
      return NULL;
    }

  data = significant > 0 ? g_base64_decode (text, &size) : NULL;
  return g_bytes_new_take (data, size);
}

static gboolean
decode_member (JsonObject  *object,
               const char  *member,
               gboolean     required,
               GBytes     **out,
               GError     **error)
{
  const char *text;

  if (!_teller_image_tools_get_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  *out = teller_image_tools_decode_base64 (text, error);
  return *out != NULL;
}

/* ---- Images ------------------------------------------------------------ */

void
teller_tool_image_free (TellerToolImage *image)
{
  if (image == NULL)
    return;

  g_free (image->uuid);
  g_free (image->filepath);
  g_clear_pointer (&image->jpeg, g_bytes_unref);
  g_free (image);
}

/* One image object of 3.3 table 2: index, filepath, uuid, base64. */
TellerToolImage *
teller_tool_image_parse (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(TellerToolImage) image = g_new0 (TellerToolImage, 1);
  const char *uuid, *filepath;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_teller_image_tools_get_int (object, "index", FALSE, &image->index, error) ||
      !_teller_image_tools_get_string (object, "uuid", FALSE, &uuid, error) ||
      !_teller_image_tools_get_string (object, "filepath", FALSE, &filepath, error) ||
      !decode_member (object, "base64", FALSE, &image->jpeg, error))
    return NULL;

  if (image->jpeg == NULL && (filepath == NULL || *filepath == '\0'))
    {
      _teller_image_tools_missing_field (error, "base64");
      return NULL;
    }

  image->uuid = g_strdup (uuid != NULL && *uuid != '\0' ? uuid : NULL);
  image->filepath = g_strdup (filepath != NULL && *filepath != '\0' ? filepath : NULL);
  return g_steal_pointer (&image);
}

GPtrArray *
teller_tool_images_parse (JsonObject  *reply,
                          GError     **error)
{
  g_autoptr(GPtrArray) images =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_tool_image_free);
  JsonArray *array;
  int count = -1;

  g_return_val_if_fail (reply != NULL, NULL);

  if (!_teller_image_tools_get_int (reply, "image_count", FALSE, &count, error))
    return NULL;
  array = _teller_image_tools_get_array (reply, "images", error);
  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = _teller_image_tools_get_element_object (array, i, "images", error);
      TellerToolImage *image;

      if (object == NULL)
        return NULL;
      image = teller_tool_image_parse (object, error);
      if (image == NULL)
        return NULL;
      if (!json_object_has_member (object, "index"))
        image->index = (int) i;
      g_ptr_array_add (images, image);
    }

  if (count >= 0 && (guint) count != images->len)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service announced %d images but sent %u"), count, images->len);
      return NULL;
    }

  return g_steal_pointer (&images);
}

JsonNode *
teller_tool_image_to_json (const TellerToolImage *image)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, image->index);
  if (image->uuid != NULL)
    {
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, image->uuid);
    }
  if (image->filepath != NULL)
    {
      json_builder_set_member_name (builder, "filepath");
      json_builder_add_string_value (builder, image->filepath);
    }
  if (image->jpeg != NULL)
    {
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, (gint64) g_bytes_get_size (image->jpeg));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- Merged documents, base64 ------------------------------------------ */

void
teller_merged_document_free (TellerMergedDocument *document)
{
  if (document == NULL)
    return;

  g_free (document->filepath);
  g_clear_pointer (&document->data, g_bytes_unref);
  g_free (document);
}

/* 6.1: "filepath" and "base64"; a reply with neither is of no use. */
TellerMergedDocument *
teller_merged_document_parse (JsonObject  *reply,
                              GError     **error)
{
  g_autoptr(TellerMergedDocument) document = g_new0 (TellerMergedDocument, 1);
  const char *filepath;

  g_return_val_if_fail (reply != NULL, NULL);

  if (!_teller_image_tools_get_string (reply, "filepath", FALSE, &filepath, error) ||
      !decode_member (reply, "base64", FALSE, &document->data, error))
    return NULL;

  if (document->data == NULL && (filepath == NULL || *filepath == '\0'))
    {
      _teller_image_tools_missing_field (error, "base64");
      return NULL;
    }

  document->filepath = g_strdup (filepath != NULL && *filepath != '\0' ? filepath : NULL);
  return g_steal_pointer (&document);
}

/* 6.6 */
GBytes *
teller_image_tools_parse_base64 (JsonObject  *reply,
                                 GError     **error)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  if (!decode_member (reply, "base64", TRUE, &bytes, error))
    return NULL;
  return bytes;
}

/* 11.2: "barcode" is emptied once read, so "" (or no member) means nothing new. */
gboolean
teller_image_tools_parse_scanner_code (JsonObject  *reply,
                                       char       **code,
                                       GError     **error)
{
  const char *text;

  g_return_val_if_fail (reply != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  *code = NULL;
  if (!_teller_image_tools_get_string (reply, "barcode", FALSE, &text, error))
    return FALSE;
  if (text != NULL && *text != '\0')
    *code = g_strdup (text);
  return TRUE;
}

/* ---- Barcodes ---------------------------------------------------------- */

static void
barcode_free (TellerBarcode *barcode)
{
  g_free (barcode->type);
  g_free (barcode->code);
  g_free (barcode);
}

void
teller_barcode_result_free (TellerBarcodeResult *result)
{
  if (result == NULL)
    return;

  g_ptr_array_unref (result->barcodes);
  g_free (result);
}

static TellerBarcodeResult *
barcode_result_new (void)
{
  TellerBarcodeResult *result = g_new0 (TellerBarcodeResult, 1);

  result->barcodes = g_ptr_array_new_with_free_func ((GDestroyNotify) barcode_free);
  return result;
}

/* 6.3: "count" and "barcode", a list of {type, code}. */
TellerBarcodeResult *
teller_barcode_result_parse (JsonObject  *reply,
                             GError     **error)
{
  g_autoptr(TellerBarcodeResult) result = barcode_result_new ();
  JsonArray *array;
  int count = -1;

  g_return_val_if_fail (reply != NULL, NULL);

  if (!_teller_image_tools_get_int (reply, "count", FALSE, &count, error))
    return NULL;
  if (count == 0 && !json_object_has_member (reply, "barcode"))
    return g_steal_pointer (&result);

  array = _teller_image_tools_get_array (reply, "barcode", error);
  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = _teller_image_tools_get_element_object (array, i, "barcode", error);
      const char *type, *code;
      TellerBarcode *barcode;

      if (object == NULL ||
          !_teller_image_tools_get_string (object, "type", TRUE, &type, error) ||
          !_teller_image_tools_get_string (object, "code", TRUE, &code, error))
        return NULL;

      barcode = g_new0 (TellerBarcode, 1);
      barcode->type = g_strdup (type);
      barcode->code = g_strdup (code);
      g_ptr_array_add (result->barcodes, barcode);
    }

  if (count >= 0 && (guint) count != result->barcodes->len)
    {
      g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                   _("The camera service announced %d barcodes but sent %u"), count,
                   result->barcodes->len);
      return NULL;
    }

  return g_steal_pointer (&result);
}

JsonNode *
teller_barcode_result_to_json (const TellerBarcodeResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, result->barcodes->len);
  json_builder_set_member_name (builder, "barcode");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->barcodes->len; i++)
    {
      const TellerBarcode *barcode = g_ptr_array_index (result->barcodes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, barcode->type);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, barcode->code);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
