/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-card-reader-private.h"
#include "teller-error.h"

/*
 * Chapter 8: reading a fingerprint (8.1) and comparing two (8.2).  Templates and
 * images are biometric data: they live in GBytes that zero themselves, are built
 * into requests and decoded from replies in worker threads, and never logged.
 */

G_DEFINE_ENUM_TYPE (TellerFingerprintType, teller_fingerprint_type,
                    G_DEFINE_ENUM_VALUE (TELLER_FINGERPRINT_BMP, "bmp"),
                    G_DEFINE_ENUM_VALUE (TELLER_FINGERPRINT_RAW, "raw"),
                    G_DEFINE_ENUM_VALUE (TELLER_FINGERPRINT_PNG, "png"),
                    G_DEFINE_ENUM_VALUE (TELLER_FINGERPRINT_FEATURE, "feature"))

/* The document's names, which are both the request's "type" and the reply's members. */
static const char * const type_names[] = { "bmp", "raw", "png", "feature" };

const char *
teller_fingerprint_type_to_string (TellerFingerprintType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), NULL);
  return type_names[type];
}

gboolean
teller_fingerprint_type_from_string (const char            *text,
                                     TellerFingerprintType *type)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (text, type_names[i]) == 0)
      {
        if (type != NULL)
          *type = (TellerFingerprintType) i;
        return TRUE;
      }
  return FALSE;
}

void
teller_fingerprint_free (TellerFingerprint *fingerprint)
{
  if (fingerprint == NULL)
    return;

  g_clear_pointer (&fingerprint->image, g_bytes_unref);
  g_clear_pointer (&fingerprint->feature, g_bytes_unref);
  g_free (fingerprint);
}

static gboolean
no_fingerprint (GError **error)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The fingerprint reader answered without the fingerprint"));
  return FALSE;
}

/* 8.1: the image of the type asked for (the same member name) and the template
 * ("feature"), which comes with every type; "feature" alone when that was asked. */
TellerFingerprint *
_teller_fingerprint_parse (JsonObject            *reply,
                           TellerFingerprintType  type,
                           GError               **error)
{
  g_autoptr(TellerFingerprint) fingerprint = g_new0 (TellerFingerprint, 1);

  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), NULL);

  fingerprint->type = type;
  if (type != TELLER_FINGERPRINT_FEATURE &&
      !_teller_card_parse_base64 (reply, type_names[type], &fingerprint->image, error))
    return NULL;
  if (!_teller_card_parse_base64 (reply, "feature", &fingerprint->feature, error))
    return NULL;

  if (type == TELLER_FINGERPRINT_FEATURE ? fingerprint->feature == NULL
                                         : fingerprint->image == NULL)
    {
      no_fingerprint (error);
      return NULL;
    }
  return g_steal_pointer (&fingerprint);
}

static void
add_template (JsonBuilder *builder,
              const char  *type_name,
              GBytes      *bytes)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  char *text = g_base64_encode (data, size);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, type_name);
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  teller_secure_zero (text, strlen (text));
  g_free (text);
}

/* 8.2: the document's example form, [{"feature": "<base64>"}, ...]: one element
 * compares against a finger the reader takes now. */
JsonNode *
_teller_fingerprint_build_verify (TellerFingerprintType  type,
                                  GBytes                *first,
                                  GBytes                *second)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), NULL);
  g_return_val_if_fail (first != NULL, NULL);

  json_builder_begin_array (builder);
  add_template (builder, type_names[type], first);
  if (second != NULL)
    add_template (builder, type_names[type], second);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* ---- 8.1 fp=read ------------------------------------------------------- */

static gpointer
read_finger_parse (JsonObject  *reply,
                   gpointer     data,
                   GError     **error)
{
  return _teller_fingerprint_parse (reply, (TellerFingerprintType) GPOINTER_TO_UINT (data), error);
}

static const TellerCameraEndpoint read_finger_endpoint = {
  NULL, TELLER_CAMERA_CALL_PARSE_IN_THREAD, NULL, NULL, read_finger_parse,
  (GDestroyNotify) teller_fingerprint_free
};

void
teller_card_reader_read_finger_async (TellerCardReader      *self,
                                      TellerFingerprintType  type,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  TellerCameraRequest *request;

  g_return_if_fail (TELLER_IS_CARD_READER (self));
  g_return_if_fail ((guint) type < G_N_ELEMENTS (type_names));

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type_names[type]);
  json_builder_end_object (builder);

  request = _teller_camera_request_new ("fp=read", json_builder_get_root (builder));
  _teller_camera_request_set_data (request, GUINT_TO_POINTER (type), NULL);
  _teller_camera_call (self, &read_finger_endpoint, request, cancellable, callback, user_data,
                       teller_card_reader_read_finger_async);
}

TellerFingerprint *
teller_card_reader_read_finger_finish (TellerCardReader  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return _teller_camera_finish_pointer (self, result, teller_card_reader_read_finger_async, error);
}

/* ---- 8.2 fp=verify ----------------------------------------------------- */

typedef struct
{
  TellerFingerprintType  type;
  GBytes                *first;
  GBytes                *second;  /* NULL: against the reader */
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_clear_pointer (&data->first, g_bytes_unref);
  g_clear_pointer (&data->second, g_bytes_unref);
  g_free (data);
}

/* Worker thread: bmp and raw images are hundreds of kilobytes of base64. */
static JsonNode *
build_verify (gpointer   user_data,
              GError   **error)
{
  VerifyData *data = user_data;

  return _teller_fingerprint_build_verify (data->type, data->first, data->second);
}

static const TellerCameraEndpoint verify_finger_endpoint = {
  NULL, TELLER_CAMERA_CALL_DEFAULT, build_verify, NULL, _teller_card_confidence_parse, NULL
};

void
teller_card_reader_verify_finger_async (TellerCardReader      *self,
                                        TellerFingerprintType  type,
                                        GBytes                *first,
                                        GBytes                *second,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  TellerCameraRequest *request;
  VerifyData *data;
  const char *invalid = NULL;

  g_return_if_fail (TELLER_IS_CARD_READER (self));
  g_return_if_fail ((guint) type < G_N_ELEMENTS (type_names));
  g_return_if_fail (first != NULL);

  /* The document: "png 数据不能用于指纹比对". */
  if (type == TELLER_FINGERPRINT_PNG)
    invalid = _("PNG fingerprint images cannot be compared; "
                "use the template or a BMP or raw image");
  else if (g_bytes_get_size (first) == 0 || (second != NULL && g_bytes_get_size (second) == 0))
    invalid = _("A fingerprint to compare is empty");
  if (invalid != NULL)
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_card_reader_verify_finger_async, invalid);
      return;
    }

  data = g_new0 (VerifyData, 1);
  data->type = type;
  data->first = g_bytes_ref (first);
  data->second = second != NULL ? g_bytes_ref (second) : NULL;
  request = _teller_camera_request_new ("fp=verify", NULL);
  _teller_camera_request_set_data (request, data, (GDestroyNotify) verify_data_free);
  _teller_camera_call (self, &verify_finger_endpoint, request, cancellable, callback, user_data,
                       teller_card_reader_verify_finger_async);
}

gboolean
teller_card_reader_verify_finger_finish (TellerCardReader  *self,
                                         GAsyncResult      *result,
                                         int               *confidence,
                                         GError           **error)
{
  return _teller_card_reader_finish_confidence (self, result,
                                               teller_card_reader_verify_finger_async,
                                               confidence, error);
}
