/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TELLER_TYPE_PREFERENCES_WINDOW (teller_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TellerPreferencesWindow, teller_preferences_window,
                      TELLER, PREFERENCES_WINDOW, GtkWindow)

/* @settings: the application's io.github.tellerdesk.Teller settings. */
GtkWidget *teller_preferences_window_new (GtkWindow *parent,
                                          GSettings *settings);

/* TRUE for an http:// or https:// address with a host: what a service URL must be. */
gboolean   teller_preferences_is_valid_service_url (const char *text);

G_END_DECLS
