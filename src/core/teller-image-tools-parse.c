/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-base64.h"
#include "teller-captured-image.h"
#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-json-util.h"

/*
 * Replies of chapters 6, 10 and 11, read after the code check, with the member
 * readers of teller-json-util.h; the images are TellerCapturedImage's
 * (teller-captured-image.c).
 */

/**
 * teller_image_tools_decode_base64:
 *
 * The one strict decoder, teller_base64_decode_strict(): tool replies are "the same
 * as capture" (chapter 6).  Only "" differs: a tool sends an empty file (6.6) or an
 * empty OCR text block as "", which is no data rather than bad data.
 *
 * Returns: (transfer full): the data, or %NULL with %TELLER_ERROR_BAD_RESPONSE
 */
GBytes *
teller_image_tools_decode_base64 (const char  *text,
                                  GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    return g_bytes_new (NULL, 0);
  return teller_base64_decode_strict (text, error);
}

static gboolean
decode_member (JsonObject  *object,
               const char  *member,
               gboolean     required,
               GBytes     **out,
               GError     **error)
{
  const char *text;

  if (!_teller_json_get_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  *out = teller_image_tools_decode_base64 (text, error);
  return *out != NULL;
}

/* ---- Images ------------------------------------------------------------ */

/* TellerToolImage is TellerCapturedImage (teller-captured-image.h), parsed alike. */
void
teller_tool_image_free (TellerToolImage *image)
{
  teller_captured_image_free (image);
}

/* One image object of 3.3 table 2: index, filepath, uuid, base64 (or a path alone). */
TellerToolImage *
teller_tool_image_parse (JsonObject  *object,
                         GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);

  return teller_captured_image_parse (object, 0, TELLER_IMAGE_PARSE_PATH_ONLY_OK, error);
}

/* "images" (process, storage_image, get_editor_images); as with a capture, the array
 * is what arrived, whatever "image_count" says. */
GPtrArray *
teller_tool_images_parse (JsonObject  *reply,
                          GError     **error)
{
  JsonArray *array;

  g_return_val_if_fail (reply != NULL, NULL);

  array = _teller_json_get_array (reply, "images", error);
  if (array == NULL)
    return NULL;
  return teller_captured_images_parse_array (array, TELLER_IMAGE_PARSE_PATH_ONLY_OK, error);
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

  if (!_teller_json_get_string (reply, "filepath", FALSE, &filepath, error) ||
      !decode_member (reply, "base64", FALSE, &document->data, error))
    return NULL;

  if (document->data == NULL && (filepath == NULL || *filepath == '\0'))
    {
      _teller_json_missing_field (error, "base64");
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
  if (!_teller_json_get_string (reply, "barcode", FALSE, &text, error))
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

  if (!_teller_json_get_int (reply, "count", FALSE, &count, error))
    return NULL;
  if (count == 0 && !json_object_has_member (reply, "barcode"))
    return g_steal_pointer (&result);

  array = _teller_json_get_array (reply, "barcode", error);
  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = _teller_json_get_element_object (array, i, "barcode", error);
      const char *type, *code;
      TellerBarcode *barcode;

      if (object == NULL ||
          !_teller_json_get_string (object, "type", TRUE, &type, error) ||
          !_teller_json_get_string (object, "code", TRUE, &code, error))
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
