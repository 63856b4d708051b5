/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <glib-unix.h>

#include "teller-card-reader.h"
#include "teller-cli-private.h"
#include "teller-image-tools.h"

/*
 * teller-cli face verify-id / compare / liveness: chapter 7 of the CameraService
 * document.  Scores go to standard output as {"confidence": N}; a face image goes to
 * disk only when --out names a file, since it is biometric data.
 */

/* The face camera pairs the document names: "1" and "2". */
#define FACE_CAMIDX_DEFAULT 1
#define FACE_CAMIDX_MAX     2
/* A longer check is no liveness check; it also bounds the wait for the answer. */
#define LIVENESS_MAX_S      600
/* An option the command line did not give. */
#define NOT_GIVEN           G_MININT

static TellerCardReader *
get_reader (TellerCli *cli)
{
  return teller_services_get_card_reader (cli->services);
}

static JsonNode *
build_confidence (int confidence)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_int_value (builder, confidence);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
check_camidx (TellerCli *cli,
              int        camidx,
              int       *status)
{
  if (camidx >= FACE_CAMIDX_DEFAULT && camidx <= FACE_CAMIDX_MAX)
    return TRUE;
  *status = teller_cli_usage_error (cli, _("The face camera is 1 or 2 (--camidx)"));
  return FALSE;
}

/* ---- face verify-id ------------------------------------------------------ */

static void
verify_id_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autoptr(TellerFaceMatch) match =
    teller_card_reader_verify_id_finish (TELLER_CARD_READER (object), result, &error);

  teller_cli_finish (cli, match != NULL ? build_confidence (match->confidence) : NULL, error);
}

static int
face_verify_id (TellerCli  *cli,
                int         argc,
                char      **argv)
{
  int camidx = FACE_CAMIDX_DEFAULT, status;
  gboolean multi_face = FALSE;
  const GOptionEntry entries[] = {
    { "camidx", 0, 0, G_OPTION_ARG_INT, &camidx, N_("Face camera: 1 (the default) or 2"), N_("N") },
    { "multi-face", 0, 0, G_OPTION_ARG_NONE, &multi_face,
      N_("Compare every face in the picture and keep the best"), NULL },
    { NULL }
  };

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Compares the face camera's picture with the photo of the ID card on the\n"
        "reader (face=verifyidcard) and prints {\"confidence\": 0-100}."),
        &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments besides its options"));
  if (!check_camidx (cli, camidx, &status))
    return status;

  teller_card_reader_verify_id_async (get_reader (cli), camidx, multi_face, NULL, verify_id_cb,
                                      cli);
  return TELLER_CLI_RUNNING;
}

/* ---- face compare ------------------------------------------------------------ */

static void
compare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  int confidence = 0;

  if (teller_card_reader_compare_faces_finish (TELLER_CARD_READER (object), result, &confidence,
                                               &error))
    teller_cli_finish (cli, build_confidence (confidence), NULL);
  else
    teller_cli_finish (cli, NULL, error);
}

static void
faces_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) sources = teller_image_sources_load_finish (result, &error);
  const TellerImageSource *face0, *face1;

  if (sources == NULL)
    {
      teller_cli_finish (cli, NULL, error);
      return;
    }
  face0 = g_ptr_array_index (sources, 0);
  face1 = g_ptr_array_index (sources, 1);
  teller_card_reader_compare_faces_async (get_reader (cli), face0->bytes, face1->bytes, NULL,
                                          compare_cb, cli);
}

static int
face_compare (TellerCli  *cli,
              int         argc,
              char      **argv)
{
  g_auto(GStrv) paths = NULL;
  int status;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("A B") },
    { NULL }
  };

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Compares the faces in two image files, JPEG, PNG, BMP or TIFF\n"
        "(face=verifybase64), and prints {\"confidence\": 0-100}."),
        &argc, &argv, &status))
    return status;
  if (paths == NULL || g_strv_length (paths) != 2)
    return teller_cli_usage_error (cli, _("Give two face images"));

  /* The files are checked to be images before anything is sent. */
  teller_image_sources_load_async ((const char * const *) paths, NULL, faces_loaded_cb, cli);
  return TELLER_CLI_RUNNING;
}

/* ---- face liveness ------------------------------------------------------------ */

typedef struct
{
  TellerCli      *cli;
  GCancellable   *cancellable;
  char           *out;
  guint           signal_ids[2];
  TellerLiveness *liveness;
} LivenessCall;

static void
liveness_call_free (LivenessCall *call)
{
  for (guint i = 0; i < G_N_ELEMENTS (call->signal_ids); i++)
    g_clear_handle_id (&call->signal_ids[i], g_source_remove);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->liveness, teller_liveness_free);
  g_free (call->out);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LivenessCall, liveness_call_free)

static JsonNode *
build_liveness (LivenessCall *call,
                const char   *image)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "live");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "cost_ms");
  json_builder_add_int_value (builder, call->liveness->cost_ms);
  teller_cli_add_string (builder, "image", image);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
face_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LivenessCall) call = user_data;
  GError *error = NULL;
  g_autofree char *path = teller_cli_write_file_finish (result, &error);

  teller_cli_finish (call->cli, path != NULL ? build_liveness (call, path) : NULL, error);
}

static void
liveness_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LivenessCall) call = user_data;
  GError *error = NULL;

  call->liveness = teller_card_reader_liveness_finish (TELLER_CARD_READER (object), result,
                                                       &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Interrupted before the liveness check finished"));
    }
  if (call->liveness == NULL)
    teller_cli_finish (call->cli, NULL, error);
  else if (call->out == NULL)
    teller_cli_finish (call->cli, build_liveness (call, NULL), NULL);
  else if (call->liveness->image == NULL)
    teller_cli_finish (call->cli, NULL,
                       g_error_new_literal (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                                            _("The service sent no face image; nothing was written")));
  else
    {
      /* The write's callback owns the call from here. */
      teller_cli_write_file_async (call->out, call->liveness->image, FALSE, face_written_cb, call);
      g_steal_pointer (&call);
    }
}

/* Ctrl+C ends the wait: the check in flight finishes cancelled. */
static gboolean
liveness_signal_cb (gpointer user_data)
{
  LivenessCall *call = user_data;

  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
face_liveness (TellerCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(LivenessCall) call = g_new0 (LivenessCall, 1);
  int camidx = FACE_CAMIDX_DEFAULT, time_s = NOT_GIVEN, status;
  gboolean blocking = FALSE, cut_face = FALSE;
  const GOptionEntry entries[] = {
    { "timeout", 0, 0, G_OPTION_ARG_INT, &time_s,
      N_("Longest the check may run (the service's default is 5)"), N_("SECONDS") },
    { "blocking", 0, 0, G_OPTION_ARG_NONE, &blocking,
      N_("Wait for the result in one call instead of polling"), NULL },
    { "camidx", 0, 0, G_OPTION_ARG_INT, &camidx, N_("Camera pair: 1 (the default) or 2"), N_("N") },
    { "cut-face", 0, 0, G_OPTION_ARG_NONE, &cut_face,
      N_("Keep only the face, cut out of the picture"), NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &call->out,
      N_("Write the face image to this file"), N_("FILE") },
    { NULL }
  };

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Checks that a live person faces the camera pair (face=startlivedetection,\n"
        "then face=islive until it answers) and prints {\"live\":true, \"cost_ms\":1234,\n"
        "\"image\":FILE (with --out)}.  A check that fails (no live face) exits with\n"
        "status 1 and the service's message; one that never ends, with status 3."),
        &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments besides its options"));
  if (time_s != NOT_GIVEN && (time_s < 1 || time_s > LIVENESS_MAX_S))
    return teller_cli_usage_error (cli, _("The liveness check lasts 1 to 600 seconds (--timeout)"));
  if (!check_camidx (cli, camidx, &status))
    return status;

  call->cli = cli;
  call->cancellable = g_cancellable_new ();
  call->signal_ids[0] = g_unix_signal_add (SIGINT, liveness_signal_cb, call);
  call->signal_ids[1] = g_unix_signal_add (SIGTERM, liveness_signal_cb, call);
  /* 0 asks for the service's own default. */
  if (time_s == NOT_GIVEN)
    time_s = 0;
  teller_card_reader_liveness_async (get_reader (cli),
                                     blocking ? TELLER_LIVENESS_BLOCKING : TELLER_LIVENESS_POLLING,
                                     camidx, time_s, cut_face, call->cancellable, liveness_cb,
                                     call);
  g_steal_pointer (&call);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_face_commands[] = {
  { "face", "verify-id", "face verify-id [--camidx N] [--multi-face]", face_verify_id },
  { "face", "compare", "face compare A B", face_compare },
  { "face", "liveness",
    "face liveness [--timeout S] [--blocking] [--camidx N] [--cut-face] [--out FILE]",
    face_liveness },
  { NULL }
};
