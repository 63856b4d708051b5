/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "teller-cli-private.h"

/* The most --timeout takes: request-timeout's maximum in the GSettings schema. */
#define TELLER_CLI_MAX_TIMEOUT_S 600

/* Every area's command table; a new area adds its table here. */
static const TellerCliCommand * const command_tables[] = {
  teller_cli_camera_commands,
  teller_cli_capture_commands,
  teller_cli_detect_commands,
  teller_cli_pdf_commands,
  teller_cli_settings_commands,
  teller_cli_tools_commands,
  teller_cli_card_commands,
  teller_cli_face_commands,
  teller_cli_finger_commands,
};

/* ---- Output, shared by every command ----------------------------------- */

void
teller_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
teller_cli_add_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
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
  teller_cli_print_json (root);
}

int
teller_cli_report_error (TellerCli    *cli,
                         const GError *error)
{
  const char *kind = error->domain == TELLER_ERROR ?
                     teller_error_kind_to_string (error->code) : "error";

  g_printerr ("teller-cli: %s\n", error->message);
  if (cli->json)
    print_error_json (kind, teller_error_get_vendor_code (error), error->message);

  return teller_error_exit_status (error);
}

int
teller_cli_usage_error (TellerCli  *cli,
                        const char *message)
{
  g_printerr ("teller-cli: %s\n", message);
  if (cli->json)
    print_error_json ("usage", NULL, message);

  return TELLER_CLI_EXIT_USAGE;
}

void
teller_cli_finish (TellerCli *cli,
                   JsonNode  *result,
                   GError    *error)
{
  cli->result = result;
  cli->error = error;
  g_main_loop_quit (cli->loop);
}

gboolean
teller_cli_parse_command_options_with_help (TellerCli          *cli,
                                            const GOptionEntry *entries,
                                            const char         *description,
                                            int                *argc,
                                            char             ***argv,
                                            int                *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  *status = teller_cli_usage_error (cli, error->message);
  return FALSE;
}

gboolean
teller_cli_parse_command_options (TellerCli          *cli,
                                  const GOptionEntry *entries,
                                  int                *argc,
                                  char             ***argv,
                                  int                *status)
{
  return teller_cli_parse_command_options_with_help (cli, entries, NULL, argc, argv, status);
}

/* ---- Commands ---------------------------------------------------------- */

static const TellerCliCommand *
find_command (const char *group,
              const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (command_tables); i++)
    for (const TellerCliCommand *command = command_tables[i]; command->group != NULL; command++)
      if (g_str_equal (command->group, group) && g_str_equal (command->name, name))
        return command;

  return NULL;
}

static char *
build_commands_summary (void)
{
  GString *summary = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (command_tables); i++)
    for (const TellerCliCommand *command = command_tables[i]; command->group != NULL; command++)
      g_string_append_printf (summary, "\n  %s", command->usage);
  g_string_append (summary, "\n\n");
  g_string_append (summary, _("Exit status: 0 success, 1 the service or device reported an error, "
                              "2 usage error, 3 the service was unreachable or timed out."));

  return g_string_free (summary, FALSE);
}

/* ---- Main -------------------------------------------------------------- */

static void
override_string (char **slot,
                 char **value)
{
  if (*value == NULL)
    return;
  g_free (*slot);
  *slot = g_steal_pointer (value);
}

static gboolean
parse_options (TellerCli  *cli,
               int        *argc,
               char     ***argv,
               GError    **error)
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
  /* The GSettings key's range; it also keeps seconds × 1000 within a guint. */
  if (timeout_s > TELLER_CLI_MAX_TIMEOUT_S)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The timeout can be at most %d seconds"), TELLER_CLI_MAX_TIMEOUT_S);
      return FALSE;
    }
  if (timeout_s > 0)
    cli->config.timeout_s = timeout_s;

  override_string (&cli->config.camera_url, &camera_url);
  override_string (&cli->config.kic_url, &kic_url);
  override_string (&cli->config.lianke_url, &lianke_url);
  override_string (&cli->config.sonma_url, &sonma_url);
  override_string (&cli->config.kuaishou_url, &kuaishou_url);

  return TRUE;
}

static int
run_command (TellerCli  *cli,
             int         argc,
             char      **argv)
{
  const TellerCliCommand *command;
  int status;

  if (argc < 2)
    return teller_cli_usage_error (cli, _("No command given; run “teller-cli --help” to see the commands"));
  command = argc >= 3 ? find_command (argv[1], argv[2]) : NULL;
  if (command == NULL)
    return teller_cli_usage_error (cli, _("Unknown command; run “teller-cli --help” to see the commands"));

  cli->services = teller_services_new (&cli->config);
  cli->loop = g_main_loop_new (NULL, FALSE);
  status = command->run (cli, argc - 2, argv + 2);
  if (status != TELLER_CLI_RUNNING)
    return status;

  g_main_loop_run (cli->loop);
  if (cli->error != NULL)
    return teller_cli_report_error (cli, cli->error);
  if (cli->result != NULL)
    teller_cli_print_json (cli->result);

  return TELLER_CLI_EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  TellerCli cli = { 0 };
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELLER_LOCALEDIR") != NULL ?
                  g_getenv ("TELLER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  teller_services_config_init_defaults (&cli.config);
  teller_services_config_load_settings (&cli.config);

  if (!parse_options (&cli, &argc, &argv, &error))
    status = teller_cli_usage_error (&cli, error->message);
  else
    status = run_command (&cli, argc, argv);

  g_clear_error (&cli.error);
  g_clear_pointer (&cli.result, json_node_unref);
  g_clear_pointer (&cli.loop, g_main_loop_unref);
  g_clear_object (&cli.services);
  teller_services_config_clear (&cli.config);

  return status;
}
