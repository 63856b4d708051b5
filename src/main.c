/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "teller-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TellerApplication) app = NULL;
  const char *localedir;

  /* Lets tests and `meson devenv` use the translations built in the build folder. */
  localedir = g_getenv ("TELLER_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = teller_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
