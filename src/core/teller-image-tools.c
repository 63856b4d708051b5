/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-image-options.h"
#include "teller-image-tools.h"
#include "teller-jpeg.h"

/*
 * Requests of chapters 6, 10 and 11 of the CameraService document.  Members go out
 * in the order of the document's tables and examples, and every value the document
 * types as String is sent as a string ("0", "200"), including numbers (NOTES.md).
 * The parsers are in teller-image-tools-parse.c.
 */

/* Chapter 11.1: the baud rates the scanner takes. */
static const guint baud_rates[] = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 };

/* ---- TellerImageSource ------------------------------------------------- */

static TellerImageSource *
image_source_new (TellerImageSourceKind  kind,
                  const char            *value,
                  const char            *image_type)
{
  TellerImageSource *source = g_new0 (TellerImageSource, 1);

  source->kind = kind;
  source->value = g_strdup (value);
  source->image_type = g_strdup (image_type);
  return source;
}

/**
 * teller_image_source_new_bytes:
 * @bytes: the image file's data
 * @image_type: (nullable): "jpg" (the service's default when %NULL), "png"...
 *
 * Returns: (transfer full): a source sent as base64, encoded when the request is
 *   built (in a worker thread)
 */
TellerImageSource *
teller_image_source_new_bytes (GBytes     *bytes,
                               const char *image_type)
{
  TellerImageSource *source;

  g_return_val_if_fail (bytes != NULL, NULL);

  source = image_source_new (TELLER_IMAGE_SOURCE_BYTES, NULL, image_type);
  source->bytes = g_bytes_ref (bytes);
  return source;
}

TellerImageSource *
teller_image_source_new_base64 (const char *base64,
                                const char *image_type)
{
  g_return_val_if_fail (base64 != NULL, NULL);

  return image_source_new (TELLER_IMAGE_SOURCE_BASE64, base64, image_type);
}

/* The document asks for forward slashes only ("filepath 只能用正斜杠 /", 6.1). */
TellerImageSource *
teller_image_source_new_filepath (const char *filepath)
{
  TellerImageSource *source;

  g_return_val_if_fail (filepath != NULL, NULL);

  source = image_source_new (TELLER_IMAGE_SOURCE_FILEPATH, filepath, NULL);
  g_strdelimit (source->value, "\\", '/');
  return source;
}

TellerImageSource *
teller_image_source_new_uuid (const char *uuid)
{
  g_return_val_if_fail (uuid != NULL, NULL);

  return image_source_new (TELLER_IMAGE_SOURCE_UUID, uuid, NULL);
}

TellerImageSource *
teller_image_source_copy (const TellerImageSource *source)
{
  TellerImageSource *copy;

  g_return_val_if_fail (source != NULL, NULL);

  copy = image_source_new (source->kind, source->value, source->image_type);
  if (source->bytes != NULL)
    copy->bytes = g_bytes_ref (source->bytes);
  return copy;
}

void
teller_image_source_free (TellerImageSource *source)
{
  if (source == NULL)
    return;

  g_free (source->value);
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_free (source->image_type);
  g_free (source);
}

static void
add_source (JsonBuilder             *builder,
            const TellerImageSource *source)
{
  json_builder_add_value (builder, teller_image_source_to_json (source));
}

/**
 * teller_image_source_to_json:
 *
 * The source_image object of chapter 6.4: {"base64", "image_type"}, {"filepath"} or
 * {"uuid"}.  A BYTES source is base64-encoded here.
 *
 * Returns: (transfer full): the object
 */
JsonNode *
teller_image_source_to_json (const TellerImageSource *source)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  json_builder_begin_object (builder);
  switch (source->kind)
    {
    case TELLER_IMAGE_SOURCE_BYTES:
      encoded = g_base64_encode (g_bytes_get_data (source->bytes, NULL),
                                 g_bytes_get_size (source->bytes));
      _teller_image_options_add_string (builder, "base64", encoded);
      _teller_image_options_add_string (builder, "image_type", source->image_type);
      break;
    case TELLER_IMAGE_SOURCE_BASE64:
      _teller_image_options_add_string (builder, "base64", source->value);
      _teller_image_options_add_string (builder, "image_type", source->image_type);
      break;
    case TELLER_IMAGE_SOURCE_FILEPATH:
      _teller_image_options_add_string (builder, "filepath", source->value);
      break;
    case TELLER_IMAGE_SOURCE_UUID:
      _teller_image_options_add_string (builder, "uuid", source->value);
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * teller_image_type_sniff:
 *
 * Returns: (nullable): the image_type value for the data's format, from its
 *   signature, or %NULL when it is none the service reads
 */
const char *
teller_image_type_sniff (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return teller_image_type_sniff_data (data, size);
}

static void
load_sources_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char * const *paths = task_data;
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) teller_image_source_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *display = g_filename_display_name (paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *data = NULL;
      gsize size = 0;
      const char *type;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (!g_file_get_contents (paths[i], &data, &size, &error))
        {
          g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                                   _("Could not read the image “%s”: %s"), display,
                                   error->message);
          return;
        }
      bytes = g_bytes_new_take (data, size);
      type = teller_image_type_sniff (bytes);
      if (type == NULL)
        {
          g_task_return_new_error (task, TELLER_ERROR, TELLER_ERROR_INVALID_INPUT,
                                   _("“%s” is not a JPEG, PNG, BMP or TIFF image"), display);
          return;
        }
      g_ptr_array_add (sources, teller_image_source_new_bytes (bytes, type));
    }

  g_task_return_pointer (task, g_steal_pointer (&sources), (GDestroyNotify) g_ptr_array_unref);
}

void
teller_image_sources_load_async (const char * const  *paths,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (paths != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, teller_image_sources_load_async);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, load_sources_thread);
}

GPtrArray *
teller_image_sources_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Options ----------------------------------------------------------- */

void
teller_process_options_init (TellerProcessOptions *options)
{
  TellerImageProcessing *p = &options->processing;

  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->make_uuid = TELLER_IMAGE_OPTION_UNSET;
  _teller_image_processing_init (p);
  _teller_image_storage_init (&options->storage);
  _teller_image_watermark_init (&options->watermark);
}

void
teller_process_options_clear (TellerProcessOptions *options)
{
  _teller_image_processing_clear (&options->processing);
  _teller_image_watermark_clear (&options->watermark);
}

void
teller_merge_options_init (TellerMergeOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->make_uuid = options->merge_type = TELLER_IMAGE_OPTION_UNSET;
  options->margin = options->align = TELLER_IMAGE_OPTION_UNSET;
  _teller_image_storage_init (&options->storage);
  _teller_image_watermark_init (&options->watermark);
}

void
teller_merge_options_clear (TellerMergeOptions *options)
{
  _teller_image_watermark_clear (&options->watermark);
}

void
teller_barcode_options_init (TellerBarcodeOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->cut_type = options->binary = TELLER_IMAGE_OPTION_UNSET;
}

void
teller_barcode_options_clear (TellerBarcodeOptions *options)
{
  g_clear_pointer (&options->source, teller_image_source_free);
}

/* ---- Builders ---------------------------------------------------------- */

const char *
teller_merge_format_to_operation (TellerMergeFormat format)
{
  switch (format)
    {
    case TELLER_MERGE_FORMAT_PDF: return "imagepro=merge2pdf";
    case TELLER_MERGE_FORMAT_TIF: return "imagepro=merge2tif";
    case TELLER_MERGE_FORMAT_OFD: return "imagepro=merge2ofd";
    default: g_return_val_if_reached (NULL);
    }
}

static void
add_sources_array (JsonBuilder *builder,
                   GPtrArray   *sources)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < sources->len; i++)
    add_source (builder, g_ptr_array_index (sources, i));
  json_builder_end_array (builder);
}

/* 6.1: the body is the array itself, [{"uuid": ...}, {"filepath": ...}]. */
JsonNode *
teller_image_tools_build_merge_document (GPtrArray *sources)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (sources != NULL, NULL);

  add_sources_array (builder, sources);
  return json_builder_get_root (builder);
}

JsonNode *
teller_image_tools_build_merge_images (GPtrArray                *sources,
                                       const TellerMergeOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  TellerMergeOptions defaults;

  g_return_val_if_fail (sources != NULL, NULL);

  if (options == NULL)
    {
      teller_merge_options_init (&defaults);
      options = &defaults;
    }

  json_builder_begin_object (builder);
  _teller_image_options_add_int (builder, "make_uuid", options->make_uuid);
  json_builder_set_member_name (builder, "source_images");
  add_sources_array (builder, sources);
  _teller_image_options_add_int (builder, "merge_type", options->merge_type);
  _teller_image_options_add_int (builder, "margin", options->margin);
  _teller_image_options_add_int (builder, "align", options->align);
  _teller_image_options_add_storage (builder, &options->storage);
  _teller_image_options_add_watermark (builder, &options->watermark);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_fraction (JsonBuilder *builder,
              const char  *name,
              double       value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  _teller_image_options_add_string (builder, name,
                                    g_ascii_formatd (text, sizeof text, "%g", value));
}

/*
 * 6.3.  The table names the auto-crop switch "cut_type"; the document's example
 * sends "cutpage" instead.  The table is the definition, so "cut_type" goes out.
 */
JsonNode *
teller_image_tools_build_barcode (const TellerBarcodeOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  if (options != NULL && options->source != NULL)
    {
      json_builder_set_member_name (builder, "source_image");
      add_source (builder, options->source);
    }
  if (options != NULL && options->has_roi)
    {
      json_builder_set_member_name (builder, "roi");
      json_builder_begin_object (builder);
      add_fraction (builder, "top", options->roi_top);
      add_fraction (builder, "left", options->roi_left);
      add_fraction (builder, "bottom", options->roi_bottom);
      add_fraction (builder, "right", options->roi_right);
      json_builder_end_object (builder);
    }
  if (options != NULL)
    {
      _teller_image_options_add_int (builder, "cut_type", options->cut_type);
      _teller_image_options_add_int (builder, "binary", options->binary);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/*
 * 6.4.  image_process_info always goes out, "{}" when empty: the capture call treats
 * a request without it as the v1.0 interface (3.3), and process shares its handling.
 */
JsonNode *
teller_image_tools_build_process (const TellerImageSource    *source,
                                  const TellerProcessOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  TellerProcessOptions defaults;

  g_return_val_if_fail (source != NULL, NULL);

  if (options == NULL)
    {
      teller_process_options_init (&defaults);
      options = &defaults;
    }

  json_builder_begin_object (builder);
  _teller_image_options_add_int (builder, "make_uuid", options->make_uuid);
  json_builder_set_member_name (builder, "source_image");
  add_source (builder, source);
  _teller_image_options_add_processing (builder, &options->processing);
  _teller_image_options_add_storage (builder, &options->storage);
  _teller_image_options_add_watermark (builder, &options->watermark);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* 6.5: the source must be base64 ("此处的 source_image 只接受 base64 和 image_type"). */
JsonNode *
teller_image_tools_build_storage_image (const TellerImageSource *source,
                                        const char              *output_path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (source->kind == TELLER_IMAGE_SOURCE_BYTES ||
                        source->kind == TELLER_IMAGE_SOURCE_BASE64, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source_image");
  add_source (builder, source);
  if (output_path != NULL)
    {
      json_builder_set_member_name (builder, "output_image");
      json_builder_begin_object (builder);
      _teller_image_options_add_string (builder, "filepath", output_path);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
teller_image_tools_build_file2base64 (const char *filepath)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (filepath != NULL, NULL);

  json_builder_begin_object (builder);
  _teller_image_options_add_string (builder, "filepath", filepath);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* 6.7: all four members are required. */
JsonNode *
teller_image_tools_build_copyfile (const char *source_file,
                                   const char *target_file,
                                   gboolean    delete_source,
                                   gboolean    cover_target)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (source_file != NULL, NULL);
  g_return_val_if_fail (target_file != NULL, NULL);

  json_builder_begin_object (builder);
  _teller_image_options_add_string (builder, "source_file", source_file);
  _teller_image_options_add_string (builder, "target_file", target_file);
  _teller_image_options_add_string (builder, "delete_source_file", delete_source ? "1" : "0");
  _teller_image_options_add_string (builder, "cover_target_file", cover_target ? "1" : "0");
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* 6.8 names the member "sources_images" (sic), unlike 6.2 and 10.1. */
JsonNode *
teller_image_tools_build_start_editor (GPtrArray *sources)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (sources != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sources_images");
  add_sources_array (builder, sources);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
teller_image_tools_build_ocr (TellerOcrOutput  output,
                              GPtrArray       *sources,
                              const char      *output_file)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (sources != NULL, NULL);

  json_builder_begin_object (builder);
  _teller_image_options_add_string (builder, "type",
                                    output == TELLER_OCR_OUTPUT_FILE ? "file" : "json");
  json_builder_set_member_name (builder, "source_images");
  add_sources_array (builder, sources);
  if (output == TELLER_OCR_OUTPUT_FILE)
    _teller_image_options_add_string (builder, "output_file", output_file);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
teller_image_tools_baud_rate_is_valid (guint baud_rate)
{
  for (guint i = 0; i < G_N_ELEMENTS (baud_rates); i++)
    if (baud_rates[i] == baud_rate)
      return TRUE;
  return FALSE;
}

/* 11.1: {} for the default 115200, else {"baud_rate": "9600"}. */
JsonNode *
teller_image_tools_build_scanner_open (guint baud_rate)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (baud_rate == 0 || teller_image_tools_baud_rate_is_valid (baud_rate), NULL);

  json_builder_begin_object (builder);
  if (baud_rate != 0)
    _teller_image_options_add_int (builder, "baud_rate", (int) baud_rate);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
