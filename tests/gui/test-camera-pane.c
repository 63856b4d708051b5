/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "teller-application.h"
#include "teller-camera-pane.h"
#include "teller-sim-stream.h"
#include "teller-window.h"

/*
 * The camera pane on the built-in simulator, driven from a main-loop tick like
 * test-gui.c: each step finishes, keeps waiting (bounded) or records a failure.
 * The tick also measures the longest gap between two ticks: the pane must never
 * block the main loop, whatever the camera does.
 */

#define TICK_MS         50
#define STEP_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define SETTLE_TICKS    16
/*
 * Ticks come every 50 ms.  Between two, the main thread may sleep (in poll,
 * under 50 ms) or work; a blocking call (a socket read, a state change joining
 * a streaming thread) sleeps far longer.  Time spent waiting for a CPU is the
 * machine's load and not counted.  The sanitizers' tests/meson.build options
 * (fast_unwind_on_malloc=0: every allocation unwinds its stack) make the main
 * thread's own work, rendering above all, many times slower, so only the
 * sleeping bound is as strict there.
 */
#define MAX_SLEEP_US    (500 * 1000)
#if defined(__SANITIZE_ADDRESS__)
#define MAX_TICK_GAP_US (10 * G_USEC_PER_SEC)
#else
#define MAX_TICK_GAP_US (G_USEC_PER_SEC)
#endif
#define MIN_FRAMES      10
/* After a cut, the preview's first retry comes after 1 s (RETRY_MIN_MS in
 * teller-preview.c); playing again must not take much longer than that. */
#define CUT_RECOVERY_US (8 * G_USEC_PER_SEC)

/* A small stream keeps the test quick, even under the sanitizers. */
#define SIM_WIDTH       960
#define SIM_HEIGHT      540
#define SIM_FRAMERATE   15
#define SIM_CYCLE_MS    3000

typedef struct
{
  TellerApplication *app;
  TellerWindow      *window;
  char              *tmpdir;
  char              *output_dir;
  guint              step;
  gint64             step_started;
  gint64             last_tick;
  gint64             last_on_cpu;
  gint64             last_waited;
  gint64             max_gap;
  gint64             max_sleep;
  guint              max_gap_step;
  guint              ticks;
  gboolean           started;
  guint              mark;
  guint              requests;
  /* The stream cut mid-frame (step_cut_stream, step_cut_recovers) */
  TellerDocument    *kept_document;
  guint              kept_n_documents;
  gint64             cut_at;
  char              *failure;
} Fixture;

typedef gboolean (*StepFunc) (Fixture *f);

#define STEP_CHECK(f, cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        (f)->failure = g_strdup_printf (__VA_ARGS__); \
        return TRUE; \
      } \
  } G_STMT_END

static char *first_warning;

/* A warning or critical from GTK, GStreamer's GLib side or the app fails the test. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0 &&
      first_warning == NULL)
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
            message = fields[i].value;
        }

      if (message != NULL && strstr (message, "session bus") == NULL)
        first_warning = g_strdup (message);
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* ---- Accessors ---------------------------------------------------------- */

static TellerCameraPane *
pane (Fixture *f)
{
  return teller_window_get_camera_pane (f->window);
}

static TellerPreview *
preview (Fixture *f)
{
  return teller_camera_pane_get_preview (pane (f));
}

static TellerTransaction *
transaction (Fixture *f)
{
  return teller_services_get_transaction (teller_window_get_services (f->window));
}

static guint
n_documents (Fixture *f)
{
  return teller_transaction_get_n_documents (transaction (f));
}

static TellerSim *
sim (Fixture *f)
{
  return teller_application_get_sim (f->app);
}

static TellerSimServer *
camera_server (Fixture *f)
{
  return teller_sim_get_camera_server (sim (f));
}

static TellerSimStream *
sim_stream (Fixture *f)
{
  return teller_sim_stream_get_for_camera (teller_sim_get_camera (sim (f)));
}

static TellerCameraService *
camera (Fixture *f)
{
  return teller_services_get_camera (teller_window_get_services (f->window));
}

static GtkStack *
stack (Fixture *f)
{
  return GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (pane (f)), GTK_TYPE_STACK));
}

static TellerToast *
toast (Fixture *f)
{
  return teller_window_get_toast (f->window);
}

static void
activate (Fixture    *f,
          const char *action)
{
  gtk_widget_activate_action (GTK_WIDGET (pane (f)), action, NULL);
}

static gboolean
settled (Fixture *f)
{
  return ++f->ticks % SETTLE_TICKS == 0;
}

static gboolean
file_is_jpeg (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &contents, &length, NULL) && length > 4 &&
         (guchar) contents[0] == 0xFF && (guchar) contents[1] == 0xD8 &&
         (guchar) contents[2] == 0xFF;
}

/* ---- Screenshots --------------------------------------------------------- */

static gboolean
write_node (GtkWidget             *widget,
            GskRenderNode         *node,
            const graphene_rect_t *viewport,
            const char            *name,
            char                 **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = g_strdup_printf ("%s.png", name);
  g_autofree char *path = NULL;
  const char *builddir = g_getenv ("TELLER_BUILDDIR");

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         viewport);
  path = g_build_filename (builddir != NULL ? builddir : ".", "tests", "gui", filename, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      *error = g_strdup_printf ("could not write %s", path);
      return FALSE;
    }

  g_print ("screenshot: %s\n", path);
  return TRUE;
}

static void
snapshot_widget (GtkSnapshot *snapshot,
                 GtkWidget   *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

/* Where @popover (its own surface) floats, in @window's coordinates. */
static void
get_popover_bounds (GtkWidget       *window,
                    GtkWidget       *popover,
                    graphene_rect_t *bounds)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  double window_x, window_y, popover_x, popover_y;

  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  graphene_rect_init (bounds,
                      gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x,
                      gdk_popup_get_position_y (GDK_POPUP (surface)) + popover_y - window_y,
                      gtk_widget_get_width (popover), gtk_widget_get_height (popover));
}

/* The window, and @popover over it as the operator sees them.  FALSE with
 * @error unset when there is nothing to draw yet. */
static gboolean
save_screenshot (GtkWidget  *window,
                 GtkWidget  *popover,
                 const char *name,
                 char      **error)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gint64 started = g_get_monotonic_time ();
  gboolean written;
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                                 gtk_widget_get_height (window));

  snapshot_widget (snapshot, window);

  if (popover != NULL)
    {
      graphene_rect_t bounds;

      get_popover_bounds (window, popover, &bounds);
      graphene_rect_union (&viewport, &bounds, &viewport);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &bounds.origin);
      snapshot_widget (snapshot, popover);
      gtk_snapshot_restore (snapshot);
    }

  /* Nothing, while a widget waits for its new size: the step tries again. */
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;

  /* Rendering and encoding run on the main thread: say what they cost. */
  written = write_node (window, node, &viewport, name, error);
  g_print ("  (%.0f ms)\n", (g_get_monotonic_time () - started) / 1000.0);
  return written;
}

/* ---- Steps ---------------------------------------------------------------- */

/* The Camera pane is the first page, and its preview plays within seconds. */
static gboolean
step_wait_playing (Fixture *f)
{
  if (f->window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (f->app));

      if (!TELLER_IS_WINDOW (active) || !gtk_widget_get_mapped (GTK_WIDGET (active)))
        return FALSE;
      f->window = TELLER_WINDOW (active);
      STEP_CHECK (f, g_strcmp0 (gtk_stack_get_visible_child_name (stack (f)), "camera") == 0,
                  "the visible page is “%s”, not the camera",
                  gtk_stack_get_visible_child_name (stack (f)));
      STEP_CHECK (f, gtk_widget_get_mapped (GTK_WIDGET (pane (f))), "the camera pane is not shown");
    }

  if (teller_preview_get_state (preview (f)) != TELLER_PREVIEW_STATE_PLAYING ||
      teller_preview_get_frames_shown (preview (f)) <= MIN_FRAMES)
    return FALSE;

  g_print ("preview playing, %u frames after %.1f s\n",
           teller_preview_get_frames_shown (preview (f)),
           (g_get_monotonic_time () - f->step_started) / (double) G_USEC_PER_SEC);
  STEP_CHECK (f, gdk_texture_get_width (teller_preview_get_texture (preview (f))) == SIM_WIDTH,
              "the frames are not the stream's size");
  return TRUE;
}

static gboolean
step_screenshot_camera (Fixture *f)
{
  if (!settled (f))
    return FALSE;

  if (!save_screenshot (GTK_WIDGET (f->window), NULL, "screenshot-camera", &f->failure))
    return f->failure != NULL;
  return TRUE;
}

/* Capture with the Document preset: one JPEG more in the transaction. */
static gboolean
step_capture (Fixture *f)
{
  GtkWidget *button = teller_camera_pane_get_capture_button (pane (f));
  g_autoptr(TellerDocument) document = NULL;
  TellerToast *shown;

  if (!f->started)
    {
      gtk_drop_down_set_selected (teller_camera_pane_get_preset_dropdown (pane (f)),
                                  TELLER_CAPTURE_PRESET_DOCUMENT);
      f->mark = n_documents (f);
      f->requests = teller_sim_server_get_request_count (camera_server (f), "video=grabimage");
      activate (f, "camera.capture");
      STEP_CHECK (f, teller_camera_pane_get_capturing (pane (f)), "the capture did not start");
      STEP_CHECK (f, !gtk_widget_get_sensitive (button),
                  "the capture button is sensitive while capturing");
      /* A second press while the first runs starts nothing. */
      activate (f, "camera.capture");
      f->started = TRUE;
      return FALSE;
    }

  if (teller_camera_pane_get_capturing (pane (f)) || n_documents (f) < f->mark + 1)
    return FALSE;

  STEP_CHECK (f, n_documents (f) == f->mark + 1, "expected %u documents, got %u",
              f->mark + 1, n_documents (f));
  STEP_CHECK (f, teller_sim_server_get_request_count (camera_server (f), "video=grabimage") ==
              f->requests + 1, "a second press started a second capture");
  STEP_CHECK (f, gtk_widget_get_sensitive (button), "the capture button stays insensitive");

  document = g_list_model_get_item (G_LIST_MODEL (transaction (f)), f->mark);
  STEP_CHECK (f, g_file_query_exists (teller_document_get_file (document), NULL),
              "the captured document's file does not exist");
  STEP_CHECK (f, file_is_jpeg (teller_document_get_file (document)), "the capture is not a JPEG");

  shown = toast (f);
  STEP_CHECK (f, shown != NULL && !teller_toast_get_is_error (shown) &&
              g_strcmp0 (teller_toast_get_title (shown), "Captured 1 image") == 0,
              "no “Captured 1 image” toast: %s",
              shown != NULL ? teller_toast_get_title (shown) : "none");
  return TRUE;
}

static gboolean
has_document (Fixture        *f,
              TellerDocument *document)
{
  GListModel *model = G_LIST_MODEL (transaction (f));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TellerDocument) item = g_list_model_get_item (model, i);

      if (item == document)
        return TRUE;
    }
  return FALSE;
}

/*
 * The simulator cuts the stream in the middle of a JPEG: the preview leaves
 * PLAYING for RECONNECTING and says why...
 */
static gboolean
step_cut_stream (Fixture *f)
{
  TellerPreviewState state = teller_preview_get_state (preview (f));
  const char *reason;
  guint cut;

  if (!f->started)
    {
      STEP_CHECK (f, state == TELLER_PREVIEW_STATE_PLAYING, "the preview is not playing");
      STEP_CHECK (f, n_documents (f) >= 1, "no document captured before the cut");
      f->kept_n_documents = n_documents (f);
      g_clear_object (&f->kept_document);
      f->kept_document = g_list_model_get_item (G_LIST_MODEL (transaction (f)),
                                                f->kept_n_documents - 1);
      cut = teller_sim_stream_cut_streams (sim_stream (f), 0);
      STEP_CHECK (f, cut >= 1, "the simulator had no stream of camera 0 to cut");
      f->cut_at = g_get_monotonic_time ();
      f->started = TRUE;
      return FALSE;
    }

  if (state == TELLER_PREVIEW_STATE_PLAYING)
    return FALSE;

  STEP_CHECK (f, state == TELLER_PREVIEW_STATE_RECONNECTING,
              "after the cut the preview is %d, not reconnecting", state);
  reason = teller_preview_get_status_message (preview (f));
  STEP_CHECK (f, reason != NULL && *reason != '\0', "the reconnecting preview gives no reason");
  g_print ("stream cut: reconnecting after %.2f s: %s\n",
           (g_get_monotonic_time () - f->cut_at) / (double) G_USEC_PER_SEC, reason);
  f->mark = teller_preview_get_frames_shown (preview (f));
  return TRUE;
}

/* ...then plays new frames again within its back-off, and the transaction keeps
 * what was captured before, file and all. */
static gboolean
step_cut_recovers (Fixture *f)
{
  GFile *file;

  STEP_CHECK (f, g_get_monotonic_time () - f->cut_at < CUT_RECOVERY_US,
              "not playing again %.1f s after the cut (state %d, %u new frames)",
              (g_get_monotonic_time () - f->cut_at) / (double) G_USEC_PER_SEC,
              teller_preview_get_state (preview (f)),
              teller_preview_get_frames_shown (preview (f)) - f->mark);
  if (teller_preview_get_state (preview (f)) != TELLER_PREVIEW_STATE_PLAYING ||
      teller_preview_get_frames_shown (preview (f)) <= f->mark + MIN_FRAMES)
    return FALSE;

  g_print ("stream cut: playing again after %.2f s\n",
           (g_get_monotonic_time () - f->cut_at) / (double) G_USEC_PER_SEC);
  STEP_CHECK (f, teller_preview_get_status_message (preview (f)) == NULL,
              "the playing preview still says: %s",
              teller_preview_get_status_message (preview (f)));
  STEP_CHECK (f, gdk_texture_get_width (teller_preview_get_texture (preview (f))) == SIM_WIDTH,
              "the frames after the cut are not the stream's size");
  STEP_CHECK (f, n_documents (f) == f->kept_n_documents,
              "the cut changed the transaction: %u documents, %u before",
              n_documents (f), f->kept_n_documents);
  STEP_CHECK (f, has_document (f, f->kept_document), "the captured document is gone");
  file = teller_document_get_file (f->kept_document);
  STEP_CHECK (f, file != NULL && g_file_query_exists (file, NULL),
              "the captured document's file is gone after the cut");
  STEP_CHECK (f, file_is_jpeg (file), "the captured document's file is no JPEG any more");
  STEP_CHECK (f, gtk_widget_get_sensitive (teller_camera_pane_get_capture_button (pane (f))),
              "capture is off after the cut");
  g_clear_object (&f->kept_document);
  return TRUE;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first drop-down is the cut; the last button of the popover is Reset. */
static gboolean
check_options_edit (Fixture                     *f,
                    TellerCaptureOptionsPopover *popover)
{
  GtkWidget *cut = find_widget (GTK_WIDGET (popover), GTK_TYPE_DROP_DOWN);
  GtkWidget *box = gtk_popover_get_child (GTK_POPOVER (popover));
  GtkWidget *reset = gtk_widget_get_last_child (box);
  GtkWidget *button = GTK_WIDGET (teller_camera_pane_get_options_button (pane (f)));
  g_autoptr(TellerCaptureOptions) edited = NULL;
  g_autoptr(TellerCaptureOptions) reverted = NULL;

  if (cut == NULL || !GTK_IS_BUTTON (reset))
    return FALSE;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (cut), 1);
  edited = teller_capture_options_popover_dup_options (popover);
  if (edited->cut_type != TELLER_CAPTURE_CUT_NONE ||
      !teller_capture_options_popover_get_modified (popover) ||
      !gtk_widget_has_css_class (button, "modified") || !gtk_widget_get_sensitive (reset))
    return FALSE;

  g_signal_emit_by_name (reset, "clicked");
  reverted = teller_capture_options_popover_dup_options (popover);
  return reverted->cut_type == TELLER_CAPTURE_CUT_AUTO &&
         !teller_capture_options_popover_get_modified (popover) &&
         !gtk_widget_has_css_class (button, "modified");
}

/* The advanced options show the preset's; screenshot with the popover open. */
static gboolean
step_options (Fixture *f)
{
  GtkMenuButton *button = teller_camera_pane_get_options_button (pane (f));
  GtkWidget *popover = GTK_WIDGET (teller_camera_pane_get_options_popover (pane (f)));
  g_autoptr(TellerCaptureOptions) options = NULL;

  if (!f->started)
    {
      teller_window_dismiss_toast (f->window);
      gtk_menu_button_popup (button);
      f->started = TRUE;
    }

  if (!gtk_widget_get_mapped (popover) || !settled (f))
    return FALSE;

  options = teller_capture_options_popover_dup_options (TELLER_CAPTURE_OPTIONS_POPOVER (popover));
  STEP_CHECK (f, options->cut_type == TELLER_CAPTURE_CUT_AUTO &&
              options->document_type == TELLER_CAPTURE_DOCUMENT_WHITE &&
              options->xdpi == 300, "the popover does not show the Document preset");
  STEP_CHECK (f, !teller_capture_options_popover_get_modified (
                   TELLER_CAPTURE_OPTIONS_POPOVER (popover)),
              "the preset's options count as modified");

  if (!save_screenshot (GTK_WIDGET (f->window), popover, "screenshot-camera-options", &f->failure))
    return f->failure != NULL;
  STEP_CHECK (f, check_options_edit (f, TELLER_CAPTURE_OPTIONS_POPOVER (popover)),
              "an edit in the popover does not reach the options, or Reset does not undo it");
  gtk_menu_button_popdown (button);
  return TRUE;
}

static gboolean
step_rotate (Fixture *f)
{
  activate (f, "camera.rotate");
  STEP_CHECK (f, teller_preview_get_view_rotation (preview (f)) == 90,
              "rotate did not turn the view");
  for (guint i = 0; i < 3; i++)
    activate (f, "camera.rotate");
  STEP_CHECK (f, teller_preview_get_view_rotation (preview (f)) == 0,
              "four turns are not a circle");
  return TRUE;
}

/* Unplugging ends the stream: the preview says so, and the loop keeps turning. */
static gboolean
step_unplug (Fixture *f)
{
  TellerPreviewState state = teller_preview_get_state (preview (f));

  if (!f->started)
    {
      teller_sim_camera_set_plugged (teller_sim_get_camera (sim (f)), FALSE);
      f->started = TRUE;
      return FALSE;
    }

  if (state != TELLER_PREVIEW_STATE_RECONNECTING && state != TELLER_PREVIEW_STATE_OFFLINE)
    return FALSE;

  f->mark = teller_preview_get_frames_shown (preview (f));
  return TRUE;
}

/* Once the service reports the camera gone, capture is off, and says why. */
static gboolean
step_offline_controls (Fixture *f)
{
  GtkWidget *button = teller_camera_pane_get_capture_button (pane (f));
  const char *tooltip;

  if (teller_service_get_state (TELLER_SERVICE (camera (f))) != TELLER_SERVICE_STATE_OFFLINE ||
      teller_preview_get_state (preview (f)) != TELLER_PREVIEW_STATE_OFFLINE || !settled (f))
    return FALSE;

  tooltip = gtk_widget_get_tooltip_text (button);
  STEP_CHECK (f, !gtk_widget_get_sensitive (button), "capture stays sensitive while offline");
  STEP_CHECK (f, tooltip != NULL && strstr (tooltip, "offline") != NULL,
              "the capture button does not say why: %s", tooltip ? tooltip : "(none)");
  STEP_CHECK (f, teller_preview_get_status_message (preview (f)) != NULL,
              "the offline preview gives no reason");
  STEP_CHECK (f, teller_preview_get_frames_shown (preview (f)) <= f->mark + 1,
              "frames keep coming from an unplugged camera");

  if (!save_screenshot (GTK_WIDGET (f->window), NULL, "screenshot-camera-offline", &f->failure))
    return f->failure != NULL;
  return TRUE;
}

static gboolean
step_replug (Fixture *f)
{
  if (!f->started)
    {
      f->mark = teller_preview_get_frames_shown (preview (f));
      teller_sim_camera_set_plugged (teller_sim_get_camera (sim (f)), TRUE);
      f->started = TRUE;
      return FALSE;
    }

  return teller_preview_get_state (preview (f)) == TELLER_PREVIEW_STATE_PLAYING &&
         teller_preview_get_frames_shown (preview (f)) > f->mark + MIN_FRAMES &&
         gtk_widget_get_sensitive (teller_camera_pane_get_capture_button (pane (f)));
}

/* The document cycle lays a new page under the camera every few seconds. */
static gboolean
step_auto_capture (Fixture *f)
{
  if (!f->started)
    {
      f->mark = n_documents (f);
      activate (f, "camera.auto-capture");
      STEP_CHECK (f, teller_camera_pane_get_auto_capture (pane (f)), "auto capture did not start");
      f->started = TRUE;
      return FALSE;
    }

  STEP_CHECK (f, teller_camera_pane_get_auto_capture (pane (f)),
              "auto capture stopped by itself: %s",
              toast (f) ? teller_toast_get_title (toast (f)) : "no toast");
  if (teller_camera_pane_get_pages_captured (pane (f)) < 1 || n_documents (f) < f->mark + 1)
    return FALSE;

  /* The counter just changed: a widget waiting for its size draws nothing. */
  if (!settled (f))
    return FALSE;

  if (!save_screenshot (GTK_WIDGET (f->window), NULL, "screenshot-camera-auto", &f->failure))
    return f->failure != NULL;
  activate (f, "camera.stop-auto-capture");
  STEP_CHECK (f, !teller_camera_pane_get_auto_capture (pane (f)), "auto capture did not stop");
  return TRUE;
}

/* Waits out a capture auto capture may have started as it stopped. */
static gboolean
step_idle (Fixture *f)
{
  return !teller_camera_pane_get_capturing (pane (f)) && settled (f);
}

static gboolean
step_record (Fixture *f)
{
  TellerToast *shown = toast (f);

  if (!f->started)
    {
      teller_window_dismiss_toast (f->window);
      activate (f, "camera.record");
      STEP_CHECK (f, teller_camera_pane_get_recording (pane (f)), "recording did not start");
      f->started = TRUE;
      f->mark = 0;
      return FALSE;
    }

  if (f->mark == 0)
    {
      if (g_strcmp0 (teller_camera_pane_get_record_label (pane (f)), "00:01") != 0)
        return FALSE;
      f->mark = 1;
      activate (f, "camera.record");
      STEP_CHECK (f, !teller_camera_pane_get_recording (pane (f)), "recording did not stop");
      return FALSE;
    }

  if (shown == NULL)
    return FALSE;

  STEP_CHECK (f, !teller_toast_get_is_error (shown) &&
              g_str_has_prefix (teller_toast_get_title (shown), "Recording saved as "),
              "unexpected toast after recording: %s", teller_toast_get_title (shown));
  return TRUE;
}

static gboolean
step_barcode (Fixture *f)
{
  TellerToast *shown = toast (f);

  if (!f->started)
    {
      teller_window_dismiss_toast (f->window);
      activate (f, "camera.read-barcode");
      f->started = TRUE;
      return FALSE;
    }

  if (shown == NULL)
    return FALSE;

  STEP_CHECK (f, !teller_toast_get_is_error (shown), "reading a barcode failed: %s",
              teller_toast_get_title (shown));
  g_print ("barcode: %s\n", teller_toast_get_title (shown));
  return TRUE;
}

/* A failing capture shows why and leaves the transaction alone. */
static gboolean
step_capture_fault (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TellerToast *shown = toast (f);

  if (!f->started)
    {
      teller_window_dismiss_toast (f->window);
      STEP_CHECK (f, teller_sim_server_set_fault (camera_server (f), "video=grabimage", "http500",
                                                  &error), "could not set the fault");
      f->mark = n_documents (f);
      activate (f, "camera.capture");
      f->started = TRUE;
      return FALSE;
    }

  if (teller_camera_pane_get_capturing (pane (f)) || shown == NULL || !settled (f))
    return FALSE;

  STEP_CHECK (f, teller_toast_get_is_error (shown), "no error toast: %s",
              teller_toast_get_title (shown));
  STEP_CHECK (f, g_str_has_prefix (teller_toast_get_title (shown), "Could not capture: "),
              "the error toast says: %s", teller_toast_get_title (shown));
  STEP_CHECK (f, n_documents (f) == f->mark, "a failed capture changed the transaction");
  if (!save_screenshot (GTK_WIDGET (f->window), NULL, "screenshot-camera-error", &f->failure))
    return f->failure != NULL;
  teller_sim_server_clear_faults (camera_server (f));
  return TRUE;
}

/* ...and the pane keeps working. */
static gboolean
step_capture_again (Fixture *f)
{
  if (!f->started)
    {
      teller_window_dismiss_toast (f->window);
      f->mark = n_documents (f);
      activate (f, "camera.capture");
      f->started = TRUE;
      return FALSE;
    }

  return !teller_camera_pane_get_capturing (pane (f)) && n_documents (f) == f->mark + 1;
}

/* The Photo preset brings the face camera; Ctrl+1's action the document camera. */
static gboolean
step_face_camera (Fixture *f)
{
  GtkDropDown *presets = teller_camera_pane_get_preset_dropdown (pane (f));

  if (!f->started)
    {
      f->mark = teller_preview_get_frames_shown (preview (f));
      gtk_drop_down_set_selected (presets, TELLER_CAPTURE_PRESET_PHOTO);
      STEP_CHECK (f, teller_preview_get_camera_index (preview (f)) == 1,
                  "the Photo preset did not show the face camera");
      STEP_CHECK (f, teller_preview_get_texture (preview (f)) == NULL,
                  "the document camera's last frame stays up for the face camera");
      f->started = TRUE;
      return FALSE;
    }

  if (teller_preview_get_state (preview (f)) != TELLER_PREVIEW_STATE_PLAYING ||
      teller_preview_get_frames_shown (preview (f)) <= f->mark + MIN_FRAMES)
    return FALSE;

  gtk_widget_activate_action (GTK_WIDGET (pane (f)), "camera.device", "s", "document");
  STEP_CHECK (f, teller_preview_get_camera_index (preview (f)) == 0,
              "camera.device did not switch back to the document camera");
  gtk_drop_down_set_selected (presets, TELLER_CAPTURE_PRESET_DOCUMENT);
  return TRUE;
}

/* Hidden, the preview stops and closes the camera as often as it opened it;
 * shown again, it plays. */
static gboolean
step_hide (Fixture *f)
{
  guint opens, closes;

  if (!f->started)
    {
      gtk_stack_set_visible_child_name (stack (f), "transaction");
      f->started = TRUE;
      return FALSE;
    }

  /* The stack's crossfade keeps the pane mapped for a moment. */
  if (teller_preview_get_state (preview (f)) != TELLER_PREVIEW_STATE_IDLE ||
      teller_sim_stream_get_n_clients (sim_stream (f), 0) != 0)
    return FALSE;

  opens = teller_sim_server_get_request_count (camera_server (f), "video=open");
  closes = teller_sim_server_get_request_count (camera_server (f), "video=close");
  if (closes < opens)
    return FALSE;

  STEP_CHECK (f, opens >= 1 && closes == opens, "video=open %u times, video=close %u times",
              opens, closes);
  /* The simulated service opens its cameras itself when it starts. */
  STEP_CHECK (f, teller_sim_stream_get_open (sim_stream (f), 0),
              "the preview closed the camera more often than it opened it");
  return TRUE;
}

static gboolean
step_show_again (Fixture *f)
{
  if (!f->started)
    {
      f->mark = teller_preview_get_frames_shown (preview (f));
      gtk_stack_set_visible_child_name (stack (f), "camera");
      f->started = TRUE;
      return FALSE;
    }

  return teller_preview_get_state (preview (f)) == TELLER_PREVIEW_STATE_PLAYING &&
         teller_preview_get_frames_shown (preview (f)) > f->mark + MIN_FRAMES;
}

static const struct {
  const char *name;
  StepFunc    func;
} steps[] = {
  { "preview playing", step_wait_playing },
  { "camera screenshot", step_screenshot_camera },
  { "capture", step_capture },
  { "stream cut mid-frame", step_cut_stream },
  { "preview back after the cut", step_cut_recovers },
  { "options popover", step_options },
  { "rotate", step_rotate },
  { "unplug", step_unplug },
  { "offline controls", step_offline_controls },
  { "replug", step_replug },
  { "auto capture", step_auto_capture },
  { "after auto capture", step_idle },
  { "record", step_record },
  { "barcode", step_barcode },
  { "capture fault", step_capture_fault },
  { "capture again", step_capture_again },
  { "face camera", step_face_camera },
  { "back to the document camera", step_show_again },
  { "hide", step_hide },
  { "show again", step_show_again },
};

/*
 * This thread's time on a CPU and waiting for one, in µs: the first two fields of
 * /proc/thread-self/schedstat (ns).  Zero where the kernel does not keep them.
 */
static void
get_schedstat (gint64 *on_cpu,
               gint64 *waited)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  *on_cpu = *waited = 0;
  if (!g_file_get_contents ("/proc/thread-self/schedstat", &contents, NULL, NULL))
    return;

  fields = g_strsplit (g_strstrip (contents), " ", -1);
  if (g_strv_length (fields) < 2)
    return;

  *on_cpu = g_ascii_strtoll (fields[0], NULL, 10) / 1000;
  *waited = g_ascii_strtoll (fields[1], NULL, 10) / 1000;
}

/* The longest time between ticks less waits for a CPU, and the longest sleep. */
static void
measure_gap (Fixture *f,
             gint64   now)
{
  gint64 on_cpu, waited, gap, sleep;

  get_schedstat (&on_cpu, &waited);
  if (f->last_tick != 0)
    {
      gap = now - f->last_tick - (waited - f->last_waited);
      sleep = gap - (on_cpu - f->last_on_cpu);
      if (gap > f->max_gap)
        {
          f->max_gap = gap;
          f->max_gap_step = f->step;
        }
      f->max_sleep = MAX (f->max_sleep, sleep);
    }

  f->last_tick = now;
  f->last_on_cpu = on_cpu;
  f->last_waited = waited;
}

static gboolean
tick_cb (gpointer user_data)
{
  Fixture *f = user_data;
  gint64 now = g_get_monotonic_time ();

  measure_gap (f, now);

  if (f->step < G_N_ELEMENTS (steps) && f->failure == NULL)
    {
      if (steps[f->step].func (f))
        {
          f->step++;
          f->step_started = now;
          f->ticks = 0;
          f->started = FALSE;
        }
      else if (now - f->step_started > STEP_TIMEOUT_US)
        {
          f->failure = g_strdup_printf ("timed out at step “%s”", steps[f->step].name);
        }
    }

  if (f->step < G_N_ELEMENTS (steps) && f->failure == NULL)
    return G_SOURCE_CONTINUE;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* Before the window: the stream's size applies when its pipeline starts. */
static void
startup_cb (GApplication *app,
            Fixture      *f)
{
  TellerSimStream *stream = teller_sim_stream_get_for_camera (teller_sim_get_camera (sim (f)));

  teller_sim_stream_set_size (stream, SIM_WIDTH, SIM_HEIGHT);
  teller_sim_stream_set_framerate (stream, SIM_FRAMERATE);
  teller_sim_stream_set_document_cycle_ms (stream, SIM_CYCLE_MS);
}

static void
activate_cb (GApplication *app,
             Fixture      *f)
{
  f->step_started = g_get_monotonic_time ();
  g_timeout_add (TICK_MS, tick_cb, f);
}

static void
delete_tree (GFile *file)
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
      delete_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}

static void
fixture_setup (Fixture *f)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("teller-camera-XXXXXX", &error);
  ck_assert_msg (f->tmpdir != NULL, "no temporary folder");

  /* Nothing may land in the real user's data folder. */
  g_setenv ("XDG_DATA_HOME", f->tmpdir, TRUE);
  f->output_dir = g_build_filename (f->tmpdir, "output", NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "output-folder", f->output_dir);
}

static void
fixture_teardown (Fixture *f)
{
  g_autoptr(GFile) tmpdir = g_file_new_for_path (f->tmpdir);

  delete_tree (tmpdir);
  g_clear_pointer (&f->output_dir, g_free);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->failure, g_free);
  g_clear_object (&f->kept_document);
}

START_TEST (test_camera_pane)
{
  Fixture f = { 0 };
  char *argv[] = { (char *) "teller", (char *) "--demo", NULL };
  int status;

  fixture_setup (&f);

  f.app = teller_application_new_with_flags (G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (f.app, "startup", G_CALLBACK (startup_cb), &f);
  g_signal_connect_after (f.app, "activate", G_CALLBACK (activate_cb), &f);
  status = g_application_run (G_APPLICATION (f.app), G_N_ELEMENTS (argv) - 1, argv);
  g_clear_object (&f.app);

  g_print ("longest main loop stall (less waits for a CPU): %.0f ms, at step “%s”; "
           "longest sleep: %.0f ms\n", f.max_gap / 1000.0,
           steps[MIN (f.max_gap_step, G_N_ELEMENTS (steps) - 1)].name, f.max_sleep / 1000.0);
  ck_assert_msg (f.failure == NULL, "%s", f.failure);
  ck_assert_msg (first_warning == NULL, "logged: %s", first_warning);
  ck_assert_int_eq (f.step, G_N_ELEMENTS (steps));
  ck_assert_int_eq (status, 0);
  ck_assert_msg (f.max_sleep < MAX_SLEEP_US, "the main loop slept %.0f ms between two ticks",
                 f.max_sleep / 1000.0);
  ck_assert_msg (f.max_gap < MAX_TICK_GAP_US, "the main loop stalled for %.0f ms",
                 f.max_gap / 1000.0);

  fixture_teardown (&f);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("camera-pane");
  TCase *pane_case = tcase_create ("camera");
  g_autofree char *localedir = NULL;
  const char *builddir = g_getenv ("TELLER_BUILDDIR");
  SRunner *runner;
  int n_failed;

  g_log_set_writer_func (log_writer, NULL, NULL);

  localedir = g_build_filename (builddir != NULL ? builddir : ".", "po", NULL);
  g_setenv ("TELLER_LOCALEDIR", localedir, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  tcase_set_timeout (pane_case, 300);
  tcase_add_test (pane_case, test_camera_pane);
  suite_add_tcase (suite, pane_case);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
