/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include "teller-card-reader.h"
#include "teller-cli-private.h"

/*
 * teller-cli finger read / verify: chapter 8 of the CameraService document.  A
 * fingerprint (image or template) is biometric data: it reaches the disk only in the
 * file --out names, and the templates read for a comparison zero themselves after it.
 */

static TellerCardReader *
get_reader (TellerCli *cli)
{
  return teller_services_get_card_reader (cli->services);
}

/* --type, "feature" when not given; FALSE with a usage error for anything else. */
static gboolean
parse_type (TellerCli             *cli,
            const char            *text,
            TellerFingerprintType *type,
            int                   *status)
{
  if (text == NULL)
    {
      *type = TELLER_FINGERPRINT_FEATURE;
      return TRUE;
    }
  if (teller_fingerprint_type_from_string (text, type))
    return TRUE;

  *status = teller_cli_usage_error (cli, _("The type is bmp, raw, png or feature (--type)"));
  return FALSE;
}

/* ---- finger read ------------------------------------------------------------ */

typedef struct
{
  TellerCli             *cli;
  TellerFingerprintType  type;
  char                  *out;
  gsize                  size;
  gboolean               has_feature;
} ReadCall;

static void
read_call_free (ReadCall *call)
{
  g_free (call->out);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadCall, read_call_free)

static JsonNode *
build_read_result (ReadCall   *call,
                   const char *path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  teller_cli_add_string (builder, "type", teller_fingerprint_type_to_string (call->type));
  teller_cli_add_string (builder, "path", path);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) call->size);
  json_builder_set_member_name (builder, "has_feature");
  json_builder_add_boolean_value (builder, call->has_feature);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
finger_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ReadCall) call = user_data;
  GError *error = NULL;
  g_autofree char *path = teller_cli_write_file_finish (result, &error);

  teller_cli_finish (call->cli, path != NULL ? build_read_result (call, path) : NULL, error);
}

static void
finger_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ReadCall) call = user_data;
  GError *error = NULL;
  g_autoptr(TellerFingerprint) fingerprint =
    teller_card_reader_read_finger_finish (TELLER_CARD_READER (object), result, &error);
  GBytes *data;

  if (fingerprint == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }

  data = call->type == TELLER_FINGERPRINT_FEATURE ? fingerprint->feature : fingerprint->image;
  if (data == NULL)
    {
      teller_cli_finish (call->cli, NULL,
                         g_error_new (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                                      _("The service sent no %s data; nothing was written"),
                                      teller_fingerprint_type_to_string (call->type)));
      return;
    }
  call->size = g_bytes_get_size (data);
  call->has_feature = fingerprint->feature != NULL;
  /* The write's callback owns the call from here. */
  teller_cli_write_file_async (call->out, data, FALSE, finger_written_cb, call);
  g_steal_pointer (&call);
}

static int
finger_read (TellerCli  *cli,
             int         argc,
             char      **argv)
{
  g_autoptr(ReadCall) call = g_new0 (ReadCall, 1);
  g_autofree char *type = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_("bmp, raw, png or feature (the default)"), N_("TYPE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &call->out, N_("The file to write"), N_("FILE") },
    { NULL }
  };

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Reads a finger on the fingerprint reader (fp=read) and writes it to FILE: the\n"
        "template for feature, else the image (raw is 24-bit RGB without a header).\n"
        "Prints {\"type\":\"feature\", \"path\":FILE, \"bytes\":N, \"has_feature\":true}.\n"
        "Templates and bmp or raw images can be compared with “finger verify”; png\n"
        "images cannot."),
        &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments besides its options"));
  if (!parse_type (cli, type, &call->type, &status))
    return status;
  if (call->out == NULL)
    return teller_cli_usage_error (cli, _("No output file given (--out FILE)"));

  call->cli = cli;
  teller_card_reader_read_finger_async (get_reader (cli), call->type, NULL, finger_read_cb,
                                        call);
  g_steal_pointer (&call);
  return TELLER_CLI_RUNNING;
}

/* ---- finger verify ----------------------------------------------------------- */

typedef struct
{
  TellerCli             *cli;
  TellerFingerprintType  type;
} VerifyCall;

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree VerifyCall *call = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  GError *error = NULL;
  int confidence = 0;

  if (!teller_card_reader_verify_finger_finish (TELLER_CARD_READER (object), result, &confidence,
                                                &error))
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_int_value (builder, confidence);
  json_builder_end_object (builder);
  teller_cli_finish (call->cli, json_builder_get_root (builder), NULL);
}

static void
templates_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree VerifyCall *call = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) files = teller_cli_read_files_finish (result, &error);

  if (files == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }
  /* One file: the reader takes the other finger now. */
  teller_card_reader_verify_finger_async (get_reader (call->cli), call->type,
                                          g_ptr_array_index (files, 0),
                                          files->len > 1 ? g_ptr_array_index (files, 1) : NULL,
                                          NULL, verify_cb, call);
  g_steal_pointer (&call);
}

static int
finger_verify (TellerCli  *cli,
               int         argc,
               char      **argv)
{
  g_auto(GStrv) paths = NULL;
  g_autofree char *type_text = NULL;
  TellerFingerprintType type;
  VerifyCall *call;
  int status;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text,
      N_("What the files hold: bmp, raw or feature (the default)"), N_("TYPE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("A [B]") },
    { NULL }
  };

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Compares two fingerprints read with “finger read” (fp=verify), or with one\n"
        "file, that one against a finger the reader takes now, and prints\n"
        "{\"confidence\": 0-100}."),
        &argc, &argv, &status))
    return status;
  if (!parse_type (cli, type_text, &type, &status))
    return status;
  if (type == TELLER_FINGERPRINT_PNG)
    return teller_cli_usage_error (cli, _("PNG fingerprints cannot be compared; use bmp, raw or "
                                          "feature"));
  if (paths == NULL || g_strv_length (paths) > 2)
    return teller_cli_usage_error (cli, _("Give one or two fingerprint files"));

  call = g_new0 (VerifyCall, 1);
  call->cli = cli;
  call->type = type;
  teller_cli_read_files_async ((const char * const *) paths, templates_read_cb, call);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_finger_commands[] = {
  { "finger", "read", "finger read [--type bmp|raw|png|feature] --out FILE", finger_read },
  { "finger", "verify", "finger verify A [B] [--type bmp|raw|feature]", finger_verify },
  { NULL }
};
