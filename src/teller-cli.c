/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "teller-error.h"
#include "teller-services.h"

enum {
  EXIT_OK = 0,
  EXIT_DEVICE = 1,
  EXIT_USAGE = 2,
  EXIT_UNREACHABLE = 3,
};

typedef struct
{
  TellerServicesConfig  config;
  TellerServices       *services;
  gboolean              json;
  GMainLoop            *loop;
  JsonNode             *result;
  GError               *error;
} Cli;

typedef void (*CommandFunc) (Cli *cli, char **args);

typedef struct
{
  const char  *group;
  const char  *name;
  const char  *usage;
  CommandFunc  run;
  guint        n_args;
} Command;

/* ---- Output ------------------------------------------------------------ */

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_error_json (const char *kind,
                  const char *code,
                  const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code != NULL ? code : "");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  print_json (root);
}

static int
report_error (Cli          *cli,
              const GError *error)
{
  const char *kind = error->domain == TELLER_ERROR ?
                     teller_error_kind_to_string (error->code) : "error";

  g_printerr ("teller-cli: %s\n", error->message);
  if (cli->json)
    print_error_json (kind, teller_error_get_vendor_code (error), error->message);

  return teller_error_exit_status (error);
}

static int
usage_error (Cli        *cli,
             const char *message)
{
  g_printerr ("teller-cli: %s\n", message);
  g_printerr (_("Run “teller-cli --help” to see the commands.\n"));
  if (cli->json)
    print_error_json ("usage", NULL, message);

  return EXIT_USAGE;
}

/* ---- Commands ---------------------------------------------------------- */

static void
finish_call (Cli      *cli,
             JsonNode *result,
             GError   *error)
{
  cli->result = result;
  cli->error = error;
  g_main_loop_quit (cli->loop);
}

static void
camera_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Cli *cli = user_data;
  GError *error = NULL;
  g_autoptr(TellerCameraStatus) status =
    teller_camera_service_status_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  finish_call (cli, status != NULL ? teller_camera_status_to_json (status) : NULL, error);
}

static void
camera_status (Cli   *cli,
               char **args)
{
  teller_camera_service_status_async (teller_services_get_camera (cli->services), NULL,
                                      camera_status_cb, cli);
}

static void
camera_info_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *cli = user_data;
  GError *error = NULL;
  g_autoptr(TellerCameraInfo) info =
    teller_camera_service_info_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  finish_call (cli, info != NULL ? teller_camera_info_to_json (info) : NULL, error);
}

static void
camera_info (Cli   *cli,
             char **args)
{
  teller_camera_service_info_async (teller_services_get_camera (cli->services), NULL,
                                    camera_info_cb, cli);
}

static const Command commands[] = {
  { "camera", "status", "camera status", camera_status, 0 },
  { "camera", "info", "camera info", camera_info, 0 },
};

static const Command *
find_command (char **args,
              guint  n_args)
{
  if (n_args < 2)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].group, args[0]) && g_str_equal (commands[i].name, args[1]))
      return &commands[i];

  return NULL;
}

static char *
build_commands_summary (void)
{
  GString *summary = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %s", commands[i].usage);
  g_string_append (summary, "\n\n");
  g_string_append (summary, _("Exit status: 0 success, 1 the service or device reported an error, "
                              "2 usage error, 3 the service was unreachable or timed out."));

  return g_string_free (summary, FALSE);
}

/* ---- Main -------------------------------------------------------------- */

static gboolean
parse_options (Cli     *cli,
               int     *argc,
               char  ***argv,
               GError **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *summary = build_commands_summary ();
  g_autofree char *camera_url = NULL, *kic_url = NULL, *lianke_url = NULL;
  g_autofree char *sonma_url = NULL, *kuaishou_url = NULL;
  int timeout_s = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "camera-url", 0, 0, G_OPTION_ARG_STRING, &camera_url, N_("CameraService address"), N_("URL") },
    { "kic-url", 0, 0, G_OPTION_ARG_STRING, &kic_url, N_("KIC cloud scan address"), N_("URL") },
    { "lianke-url", 0, 0, G_OPTION_ARG_STRING, &lianke_url, N_("Lianke cloud print address"), N_("URL") },
    { "sonma-url", 0, 0, G_OPTION_ARG_STRING, &sonma_url, N_("Sonma cloud print address"), N_("URL") },
    { "kuaishou-url", 0, 0, G_OPTION_ARG_STRING, &kuaishou_url, N_("Kuaishou print component address"), N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, N_("Seconds to wait for each answer"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print errors as JSON on standard output too"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("COMMAND — drive the counter devices from scripts"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  /* Stop at the command, so its own arguments are left for it. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  cli->json = json;
  if (timeout_s < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The timeout must be a positive number of seconds"));
      return FALSE;
    }
  if (timeout_s > 0)
    cli->config.timeout_s = timeout_s;

#define OVERRIDE(field, value) if (value != NULL) { g_free (cli->config.field); cli->config.field = g_steal_pointer (&value); }
  OVERRIDE (camera_url, camera_url);
  OVERRIDE (kic_url, kic_url);
  OVERRIDE (lianke_url, lianke_url);
  OVERRIDE (sonma_url, sonma_url);
  OVERRIDE (kuaishou_url, kuaishou_url);
#undef OVERRIDE

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  Cli cli = { 0 };
  g_autoptr(GError) error = NULL;
  const Command *command;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELLER_LOCALEDIR") != NULL ?
                  g_getenv ("TELLER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  teller_services_config_init_defaults (&cli.config);
  teller_services_config_load_settings (&cli.config);

  if (!parse_options (&cli, &argc, &argv, &error))
    {
      status = usage_error (&cli, error->message);
      teller_services_config_clear (&cli.config);
      return status;
    }

  command = find_command (argv + 1, argc - 1);
  if (command == NULL || (guint) argc - 3 != command->n_args)
    {
      status = usage_error (&cli, argc < 2 ? _("No command given")
                                           : command == NULL ? _("Unknown command")
                                                             : _("Wrong number of arguments"));
      teller_services_config_clear (&cli.config);
      return status;
    }

  cli.services = teller_services_new (&cli.config);
  cli.loop = g_main_loop_new (NULL, FALSE);
  command->run (&cli, argv + 3);
  g_main_loop_run (cli.loop);

  if (cli.error != NULL)
    status = report_error (&cli, cli.error);
  else
    {
      print_json (cli.result);
      status = EXIT_OK;
    }

  g_clear_error (&cli.error);
  g_clear_pointer (&cli.result, json_node_unref);
  g_clear_pointer (&cli.loop, g_main_loop_unref);
  g_clear_object (&cli.services);
  teller_services_config_clear (&cli.config);

  return status;
}
