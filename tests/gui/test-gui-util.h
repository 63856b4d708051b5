/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first warning or critical logged (bar the missing session bus), or NULL. */
extern char *test_gui_first_warning;

GLogWriterOutput test_gui_log_writer      (GLogLevelFlags   level,
                                           const GLogField *fields,
                                           gsize            n_fields,
                                           gpointer         user_data);
/* The first widget under @widget bound to @action_name ("pane.open"). */
GtkWidget       *test_gui_find_actionable (GtkWidget       *widget,
                                           const char      *action_name);
/* A mapped toplevel of @type, or NULL. */
gpointer         test_gui_find_toplevel   (GType            type);
/* Renders @widget to $TELLER_BUILDDIR/tests/gui/@name.png. */
gboolean         test_gui_save_screenshot (GtkWidget       *widget,
                                           const char      *name,
                                           char           **error);
/* Copies @file beside the screenshots, for a reviewer. */
void             test_gui_keep_for_review (GFile           *file,
                                           const char      *name);
/* Every TellerDocumentTile under @widget. */
void             test_gui_collect_tiles   (GtkWidget       *widget,
                                           GPtrArray       *tiles);
void             test_gui_delete_tree     (GFile           *file);

G_END_DECLS
