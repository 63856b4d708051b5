/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "teller-sim.h"

/*
 * teller-devsim: the device simulator on its own, for tests, benchmarks and
 * integrators.  It prints one "SERVICE URL" line per service on stdout, which
 * scripts read to find the ports.
 */

enum {
  EXIT_OK = 0,
  EXIT_FAILURE_START = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  int        port;
  char     **faults;
  gboolean   unplugged;
  char      *card;
} Options;

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/*
 * Both routes and specs may hold "=" ("video=status=latency=500"), so the route
 * ends at the first "=" after which a valid spec follows.
 */
static gboolean
apply_fault_option (TellerSimServer  *server,
                    const char       *option,
                    GError          **error)
{
  g_autoptr(GError) last_error = NULL;

  for (const char *eq = strchr (option, '='); eq != NULL; eq = strchr (eq + 1, '='))
    {
      g_autofree char *route = g_strndup (option, eq - option);

      g_clear_error (&last_error);
      if (teller_sim_server_set_fault (server, route, eq + 1, &last_error))
        return TRUE;
    }

  if (last_error == NULL)
    g_set_error_literal (&last_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Expected ROUTE=SPEC"));
  g_propagate_error (error, g_steal_pointer (&last_error));
  return FALSE;
}

static gboolean
parse_options (int      *argc,
               char   ***argv,
               Options  *options,
               GError  **error)
{
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &options->port,
      N_("CameraService port (0 picks a free one)"), N_("PORT") },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &options->faults,
      N_("Inject a fault, e.g. video=status=latency=500,drop (repeatable)"), N_("ROUTE=SPEC") },
    { "unplugged", 0, 0, G_OPTION_ARG_NONE, &options->unplugged,
      N_("Start with the document camera unplugged"), NULL },
    { "card", 'c', 0, G_OPTION_ARG_STRING, &options->card,
      N_("Place a card on the card reader at start (names below)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *cards = g_strjoinv (", ", (char **) teller_sim_card_reader_list_cards ());
  g_autofree char *description = g_strdup_printf (_("Cards for --card: %s"), cards);

  context = g_option_context_new (_("— simulate the counter’s devices"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), (*argv)[1]);
      return FALSE;
    }
  if (options->port < 0 || options->port > G_MAXUINT16)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Port %d is out of range (0 to 65535)"), options->port);
      return FALSE;
    }
  if (options->card != NULL &&
      !g_strv_contains (teller_sim_card_reader_list_cards (), options->card))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown card “%s”; the cards are: %s"), options->card, cards);
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure (TellerSim      *sim,
           const Options  *options)
{
  TellerSimServer *server = teller_sim_get_camera_server (sim);

  for (guint i = 0; options->faults != NULL && options->faults[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!apply_fault_option (server, options->faults[i], &error))
        {
          g_printerr ("%s: ", g_get_prgname ());
          g_printerr (_("Invalid --fault “%s”: %s\n"), options->faults[i], error->message);
          return FALSE;
        }
    }

  if (options->unplugged)
    teller_sim_camera_set_plugged (teller_sim_get_camera (sim), FALSE);
  if (options->card != NULL)
    teller_sim_card_reader_place (teller_sim_get_card_reader (sim), options->card);
  return TRUE;
}

static int
run (TellerSim *sim,
     guint      port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *camera_url = NULL;
  guint sigint_id, sigterm_id;

  if (!teller_sim_start (sim, port, &error))
    {
      g_printerr ("%s: ", g_get_prgname ());
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_printerr (_("Port %u is already in use; stop the program using it or pass "
                      "--port (0 picks a free port)\n"), port);
      else
        g_printerr (_("Cannot start the simulator: %s\n"), error->message);
      return EXIT_FAILURE_START;
    }

  camera_url = teller_sim_dup_camera_url (sim);
  /* Machine-read: never translated, flushed so a pipe sees it at once. */
  printf ("camera %s\n", camera_url);
  fflush (stdout);

  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerSim) sim = NULL;
  Options options = { .port = TELLER_SIM_DEFAULT_CAMERA_PORT };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELLER_LOCALEDIR") != NULL ?
                  g_getenv ("TELLER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_options (&argc, &argv, &options, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_strfreev (options.faults);
      g_free (options.card);
      return EXIT_USAGE;
    }

  sim = teller_sim_new ();
  if (configure (sim, &options))
    status = run (sim, (guint) options.port);
  else
    status = EXIT_USAGE;

  g_strfreev (options.faults);
  g_free (options.card);
  return status;
}
