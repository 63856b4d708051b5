/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <glib/gi18n.h>
#include <string.h>

#include "test-identity-pane.h"

/* Accessors and helpers of the Identity pane's GUI test. */

/* ---- Accessors ------------------------------------------------------------- */

TellerIdentityPane *
pane (Fixture *f)
{
  return teller_window_get_identity_pane (f->h.window);
}

TellerIdentityCardView *
card_view (Fixture *f)
{
  return teller_identity_pane_get_card_view (pane (f));
}

TellerIdentityFaceCheck *
face_check (Fixture *f)
{
  return teller_identity_pane_get_face_check (pane (f));
}

TellerIdentityFingerCheck *
finger_check (Fixture *f)
{
  return teller_identity_pane_get_finger_check (pane (f));
}

TellerIdentity *
identity (Fixture *f)
{
  return teller_identity_pane_get_identity (pane (f));
}

TellerTransaction *
transaction (Fixture *f)
{
  return teller_services_get_transaction (teller_window_get_services (f->h.window));
}

TellerSimCardReader *
sim_reader (Fixture *f)
{
  return teller_sim_get_card_reader (teller_application_get_sim (f->h.app));
}

const char *
shown (Fixture    *f,
       const char *what)
{
  return teller_identity_card_view_get_text (card_view (f), what);
}

char *
card_value (const char *card,
            const char *field)
{
  return teller_sim_card_reader_dup_card_value (card, field);
}

char *
expected_mask (const char *number)
{
  gsize length = strlen (number);
  GString *mask = g_string_new_len (number, 6);

  for (gsize i = 6; i < length - 4; i++)
    g_string_append_c (mask, '*');
  g_string_append (mask, number + length - 4);
  return g_string_free (mask, FALSE);
}

/* ---- Driving the pane ------------------------------------------------------- */

void
read_card (Fixture    *f,
           const char *target)
{
  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "identity.read", "s", target);
}

gboolean
place_and_read (Fixture    *f,
                const char *card)
{
  if (f->h.phase == 0)
    {
      if (card != NULL)
        ck_assert (teller_sim_card_reader_place (sim_reader (f), card));
      else
        teller_sim_card_reader_remove (sim_reader (f));
      read_card (f, "any");
      ck_assert_msg (teller_identity_pane_get_reading (pane (f)), "the read did not start");
      f->h.phase = 1;
      return FALSE;
    }

  return !teller_identity_pane_get_reading (pane (f)) && test_gui_settled (&f->h);
}

/* Control requests the C API has no call for (a broken photo). */
static void
posted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    f->h.failure = g_strdup_printf ("control request failed: %s", error->message);
  f->posted = TRUE;
}

void
post_control (Fixture    *f,
              const char *json)
{
  g_autofree char *base = teller_sim_dup_camera_url (teller_application_get_sim (f->h.app));
  g_autofree char *url = g_strconcat (base, "/__sim/card", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  if (f->session == NULL)
    f->session = soup_session_new ();

  f->posted = FALSE;
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  soup_session_send_and_read_async (f->session, message, G_PRIORITY_DEFAULT, NULL, posted_cb, f);
}

void
emit_click (Fixture    *f,
            const char *signal)
{
  GtkWidget *button = GTK_WIDGET (teller_identity_card_view_get_reveal_button (card_view (f)));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (button);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      /* "pressed" and "released" take the same arguments. */
      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, signal, 1, 4.0, 4.0);
          return;
        }
    }

  ck_abort_msg ("the reveal button has no click gesture");
}

void
emit_key (Fixture    *f,
          gboolean    press)
{
  GtkWidget *button = GTK_WIDGET (teller_identity_card_view_get_reveal_button (card_view (f)));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (button);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;

      if (press)
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_space, 65, 0, &handled);
      else
        g_signal_emit_by_name (controller, "key-released", GDK_KEY_space, 65, 0);
      return;
    }

  ck_abort_msg ("the reveal button has no key controller");
}

/* A widget under @widget that shows identity data (class identity-value) and is
 * not empty, said in words; NULL when there is none. */
static char *
find_uncleared (GtkWidget *widget)
{
  if (gtk_widget_has_css_class (widget, "identity-value"))
    {
      if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
        return g_strdup_printf ("a label still shows %zu bytes",
                                strlen (gtk_label_get_text (GTK_LABEL (widget))));
      if (TELLER_IS_IDENTITY_PICTURE (widget) &&
          teller_identity_picture_get_paintable (TELLER_IDENTITY_PICTURE (widget)) != NULL)
        return g_strdup ("a picture is still shown");
      if (GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL)
        return g_strdup ("a picture is still shown");
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found = find_uncleared (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

char *
check_cleared (Fixture *f)
{
  g_autofree char *extra = teller_identity_card_view_dup_extra_text (card_view (f));
  char *found;

  if (g_strcmp0 (teller_identity_pane_get_visible_page (pane (f)), "empty") != 0)
    return g_strdup ("the card page is still shown");
  if (!teller_identity_get_empty (identity (f)))
    return g_strdup ("the identity is not empty");
  if (*extra != '\0')
    return g_strdup ("the field list is not empty");
  if ((found = find_uncleared (GTK_WIDGET (pane (f)))) != NULL)
    return found;
  if (teller_identity_card_view_get_photo_shown (card_view (f)))
    return g_strdup ("the photo is still shown");

  return NULL;
}

/* The view scrolled to its end, where the checks are. */
void
scroll_to_checks (Fixture *f)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (card_view (f)),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
}

void
scroll_to_top (Fixture *f)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (card_view (f)),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            0);
}

gboolean
screenshot (Fixture    *f,
            const char *name)
{
  return test_gui_save_screenshot (GTK_WIDGET (f->h.window), name, &f->h.failure);
}

/* Paintables kept per widget: each follows its widget's drawings as they happen,
 * where a new one only finds the widget's cached drawing, which GTK drops while a
 * popup is open. */
static GHashTable *paintables;

static GdkPaintable *
dup_watcher (GtkWidget *widget)
{
  GdkPaintable *paintable;

  if (paintables == NULL)
    paintables = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  paintable = g_hash_table_lookup (paintables, widget);
  if (paintable == NULL)
    {
      paintable = gtk_widget_paintable_new (widget);
      g_hash_table_insert (paintables, widget, paintable);
    }

  return paintable;
}

void
watch_drawings (GtkWidget *widget)
{
  dup_watcher (widget);
}

void
free_watched_drawings (void)
{
  g_clear_pointer (&paintables, g_hash_table_unref);
}

static void
snapshot_widget (GtkSnapshot *snapshot,
                 GtkWidget   *widget)
{
  GdkPaintable *paintable = dup_watcher (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

/* The window with @popover (its own surface) drawn where it floats.  FALSE, with
 * no failure, while there is nothing to draw yet. */
gboolean
screenshot_with_popover (Fixture    *f,
                         GtkWidget  *popover,
                         const char *name)
{
  GtkWidget *window = GTK_WIDGET (f->h.window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  double window_x, window_y, popover_x, popover_y;
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                                 gtk_widget_get_height (window));
  graphene_rect_t bounds;

  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  graphene_rect_init (&bounds,
                      gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x,
                      gdk_popup_get_position_y (GDK_POPUP (surface)) + popover_y - window_y,
                      gtk_widget_get_width (popover), gtk_widget_get_height (popover));

  snapshot_widget (snapshot, window);
  graphene_rect_union (&viewport, &bounds, &viewport);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &bounds.origin);
  snapshot_widget (snapshot, popover);
  gtk_snapshot_restore (snapshot);

  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;

  return test_gui_save_node (window, node, &viewport, name, &f->h.failure);
}

