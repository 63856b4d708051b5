/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <string.h>

#include "teller-document-tile.h"
#include "test-gui-util.h"

/* Helpers of the GUI tests that drive the real window (test-document-tools.c). */

char *test_gui_first_warning;

GLogWriterOutput
test_gui_log_writer (GLogLevelFlags   level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0 &&
      test_gui_first_warning == NULL)
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
            message = fields[i].value;
        }

      if (message != NULL && strstr (message, "session bus") == NULL)
        test_gui_first_warning = g_strdup (message);
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

GtkWidget *
test_gui_find_actionable (GtkWidget  *widget,
                          const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;

      if ((found = test_gui_find_actionable (child, action_name)) != NULL)
        return found;
    }

  return NULL;
}

gpointer
test_gui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

gboolean
test_gui_save_screenshot (GtkWidget  *widget,
                          const char *name,
                          char      **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = g_strdup_printf ("%s.png", name);
  g_autofree char *path = NULL;
  const char *builddir = g_getenv ("TELLER_BUILDDIR");
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      *error = g_strdup_printf ("nothing to render for %s", filename);
      return FALSE;
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (builddir != NULL ? builddir : ".", "tests", "gui", filename, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      *error = g_strdup_printf ("could not write %s", path);
      return FALSE;
    }

  g_print ("screenshot: %s\n", path);
  return TRUE;
}

/* Beside the screenshots, so a reviewer can see the result itself. */
void
test_gui_keep_for_review (GFile      *file,
                          const char *name)
{
  const char *builddir = g_getenv ("TELLER_BUILDDIR");
  g_autofree char *path = g_build_filename (builddir != NULL ? builddir : ".", "tests", "gui",
                                            name, NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (path);

  if (g_file_copy (file, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL))
    g_print ("kept: %s\n", path);
}

void
test_gui_collect_tiles (GtkWidget *widget,
                        GPtrArray *tiles)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (TELLER_IS_DOCUMENT_TILE (child))
        g_ptr_array_add (tiles, child);
      else
        test_gui_collect_tiles (child, tiles);
    }
}

void
test_gui_delete_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      test_gui_delete_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}
