/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include "teller-camera-service-private.h"
#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-json-util.h"
#include "teller-vendor-codes.h"

/*
 * The reply of /ocr (chapter 10.1): "json" for type json, "output_file" for type
 * file, and the engine's ocr_result codes.
 */

/* ocr_result's codes are listed under "ocr.ocr_result" (teller-vendor-codes.c). */
#define OCR_RESULT_OPERATION "ocr.ocr_result"

/* Some builds send "json" as a string holding the object. */
static JsonObject *
dup_ocr_json (JsonObject  *reply,
              GError     **error)
{
  JsonNode *node = json_object_get_member (reply, "json");
  g_autoptr(JsonNode) parsed = NULL;

  if (node == NULL)
    {
      _teller_json_missing_field (error, "json");
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_ref (json_node_get_object (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    parsed = json_from_string (json_node_get_string (node), NULL);
  if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed))
    {
      _teller_json_bad_field (error, "json");
      return NULL;
    }
  return json_object_ref (json_node_get_object (parsed));
}

/* The engine's failure, kept with the reply's message; FALSE when @ocr_result is 0. */
static gboolean
set_ocr_result_error (int          ocr_result,
                      JsonObject  *reply,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (reply, "message");
  const char *message = NULL;
  char text[16];

  if (ocr_result == 0)
    return FALSE;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    message = json_node_get_string (node);
  g_snprintf (text, sizeof text, "%d", ocr_result);
  g_propagate_error (error, teller_error_new_vendor (TELLER_VENDOR_CAMERA_SERVICE,
                                                     OCR_RESULT_OPERATION, text, message));
  return TRUE;
}

/**
 * teller_ocr_reply_check:
 *
 * The engine's failure (json.ocr_result not 0) wins over the reply's own code,
 * whichever form "json" comes in: the object, or a string holding it (the form
 * teller_ocr_result_parse() reads too).  A failing code that is an ocr_result
 * value (as a "file" reply, which has no "json", carries it) is explained from
 * the same table.
 */
gboolean
teller_ocr_reply_check (JsonNode  *reply,
                        GError   **error)
{
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *code = NULL;
  const char *message = NULL;
  JsonObject *object;
  int ocr_result = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code = _teller_camera_reply_dup_code (reply, &message, error);
  if (code == NULL)
    return FALSE;

  /* An unreadable "json" is the parser's to report; here only its verdict counts. */
  object = json_node_get_object (reply);
  if (json_object_has_member (object, "json"))
    json = dup_ocr_json (object, NULL);
  if (json != NULL &&
      _teller_json_get_int (json, "ocr_result", FALSE, &ocr_result, NULL) &&
      set_ocr_result_error (ocr_result, object, error))
    return FALSE;

  if (!teller_vendor_code_is_success (TELLER_VENDOR_CAMERA_SERVICE, "ocr", code) &&
      teller_vendor_code_lookup (TELLER_VENDOR_CAMERA_SERVICE, OCR_RESULT_OPERATION, code) != NULL)
    {
      g_propagate_error (error, teller_error_new_vendor (TELLER_VENDOR_CAMERA_SERVICE,
                                                         OCR_RESULT_OPERATION, code, message));
      return FALSE;
    }

  return teller_camera_reply_check ("ocr", reply, error);
}

static void
ocr_block_free (TellerOcrBlock *block)
{
  g_free (block->text);
  g_free (block);
}

static void
ocr_page_free (TellerOcrPage *page)
{
  g_ptr_array_unref (page->blocks);
  g_free (page);
}

void
teller_ocr_result_free (TellerOcrResult *result)
{
  if (result == NULL)
    return;

  g_free (result->output_file);
  g_ptr_array_unref (result->pages);
  g_free (result);
}

static char *
decode_text (const char  *base64,
             GError     **error)
{
  g_autoptr(GBytes) bytes = teller_image_tools_decode_base64 (base64, error);
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  if (!g_utf8_validate_len (data, size, NULL))
    {
      _teller_json_bad_field (error, "text_base64");
      return NULL;
    }
  return g_strndup (data, size);
}

/* A block of the table's form: {"location": {...}, "text_base64"} or {"text"}. */
static TellerOcrBlock *
parse_block (JsonObject  *object,
             GError     **error)
{
  TellerOcrBlock *block;
  JsonNode *node = json_object_get_member (object, "location");
  JsonObject *location;
  const char *base64, *text;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _teller_json_bad_field (error, "location");
      return NULL;
    }
  location = json_node_get_object (node);
  if (!_teller_json_get_string (object, "text_base64", FALSE, &base64, error) ||
      !_teller_json_get_string (object, "text", FALSE, &text, error))
    return NULL;
  if (base64 == NULL && text == NULL)
    {
      _teller_json_missing_field (error, "text_base64");
      return NULL;
    }

  block = g_new0 (TellerOcrBlock, 1);
  if (!_teller_json_get_int (location, "left", TRUE, &block->left, error) ||
      !_teller_json_get_int (location, "top", TRUE, &block->top, error) ||
      !_teller_json_get_int (location, "right", TRUE, &block->right, error) ||
      !_teller_json_get_int (location, "bottom", TRUE, &block->bottom, error) ||
      (block->text = base64 != NULL ? decode_text (base64, error) : g_strdup (text)) == NULL)
    {
      ocr_block_free (block);
      return NULL;
    }
  return block;
}

/* A word of the example's other form: {"word", "bbox": [l, t, r, b], "font_size"}. */
static TellerOcrBlock *
parse_word (JsonObject  *object,
            GError     **error)
{
  TellerOcrBlock *block;
  const char *word;
  JsonArray *array;
  int values[4];

  if (!_teller_json_get_string (object, "word", TRUE, &word, error))
    return NULL;
  array = _teller_json_get_array (object, "bbox", error);
  if (array == NULL)
    return NULL;
  if (json_array_get_length (array) != 4)
    {
      _teller_json_bad_field (error, "bbox");
      return NULL;
    }
  for (guint i = 0; i < 4; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          _teller_json_bad_field (error, "bbox");
          return NULL;
        }
      values[i] = (int) json_node_get_int (node);
    }

  block = g_new0 (TellerOcrBlock, 1);
  block->left = values[0];
  block->top = values[1];
  block->right = values[2];
  block->bottom = values[3];
  block->text = g_strdup (word);
  if (!_teller_json_get_int (object, "font_size", FALSE, &block->font_size, error))
    {
      ocr_block_free (block);
      return NULL;
    }
  return block;
}

static TellerOcrPage *
parse_page (JsonObject  *object,
            guint        position,
            GError     **error)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ocr_block_free);
  gboolean words = !json_object_has_member (object, "page_content") &&
                   json_object_has_member (object, "words");
  const char *member = words ? "words" : "page_content";
  JsonArray *array = NULL;
  TellerOcrPage *page;
  int index = (int) position, block_count = -1;

  if (!_teller_json_get_int (object, "page_index", FALSE, &index, error) ||
      !_teller_json_get_int (object, "block_count", FALSE, &block_count, error))
    return NULL;
  if (block_count != 0 || json_object_has_member (object, member))
    array = _teller_json_get_array (object, member, error);
  if (array == NULL && block_count != 0)
    return NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = _teller_json_get_element_object (array, i, member, error);
      TellerOcrBlock *block;

      if (element == NULL)
        return NULL;
      block = words ? parse_word (element, error) : parse_block (element, error);
      if (block == NULL)
        return NULL;
      g_ptr_array_add (blocks, block);
    }

  page = g_new0 (TellerOcrPage, 1);
  page->index = index;
  page->blocks = g_steal_pointer (&blocks);
  return page;
}

static gboolean
parse_pages (JsonObject       *reply,
             JsonObject       *json,
             TellerOcrResult  *result,
             GError          **error)
{
  JsonArray *pages;
  int page_count = -1;

  if (!_teller_json_get_int (json, "ocr_result", TRUE, &result->ocr_result, error))
    return FALSE;
  /* A failed recognition has no text to read, whatever the reply's code says. */
  if (set_ocr_result_error (result->ocr_result, reply, error))
    return FALSE;
  if (!_teller_json_get_int (json, "page_count", FALSE, &page_count, error))
    return FALSE;
  if (page_count == 0 && !json_object_has_member (json, "pages"))
    return TRUE;
  pages = _teller_json_get_array (json, "pages", error);
  if (pages == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      JsonObject *object = _teller_json_get_element_object (pages, i, "pages", error);
      TellerOcrPage *page;

      if (object == NULL || (page = parse_page (object, i, error)) == NULL)
        return FALSE;
      g_ptr_array_add (result->pages, page);
    }
  return TRUE;
}

/* 10.1: "json" for type json, "output_file" for type file. */
TellerOcrResult *
teller_ocr_result_parse (JsonObject       *reply,
                         TellerOcrOutput   output,
                         GError          **error)
{
  g_autoptr(TellerOcrResult) result = g_new0 (TellerOcrResult, 1);
  g_autoptr(JsonObject) json = NULL;
  const char *output_file;

  g_return_val_if_fail (reply != NULL, NULL);

  result->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) ocr_page_free);
  if (output == TELLER_OCR_OUTPUT_FILE)
    {
      if (!_teller_json_get_string (reply, "output_file", TRUE, &output_file, error))
        return NULL;
      result->output_file = g_strdup (output_file);
      return g_steal_pointer (&result);
    }

  json = dup_ocr_json (reply, error);
  if (json == NULL || !parse_pages (reply, json, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

char *
teller_ocr_result_dup_text (const TellerOcrResult *result)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->pages->len; i++)
    {
      const TellerOcrPage *page = g_ptr_array_index (result->pages, i);

      for (guint j = 0; j < page->blocks->len; j++)
        {
          const TellerOcrBlock *block = g_ptr_array_index (page->blocks, j);

          g_string_append (text, block->text);
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (text, FALSE);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                int          value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_page_json (JsonBuilder         *builder,
               const TellerOcrPage *page)
{
  json_builder_begin_object (builder);
  add_int_member (builder, "page_index", page->index);
  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->blocks->len; i++)
    {
      const TellerOcrBlock *block = g_ptr_array_index (page->blocks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, block->text);
      add_int_member (builder, "left", block->left);
      add_int_member (builder, "top", block->top);
      add_int_member (builder, "right", block->right);
      add_int_member (builder, "bottom", block->bottom);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
teller_ocr_result_to_json (const TellerOcrResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  if (result->output_file != NULL)
    {
      json_builder_set_member_name (builder, "output_file");
      json_builder_add_string_value (builder, result->output_file);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }

  add_int_member (builder, "page_count", (int) result->pages->len);
  json_builder_set_member_name (builder, "pages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->pages->len; i++)
    add_page_json (builder, g_ptr_array_index (result->pages, i));
  json_builder_end_array (builder);
  text = teller_ocr_result_dup_text (result);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
