/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "teller-application.h"
#include "teller-camera-pane.h"
#include "teller-sim-stream.h"
#include "teller-window.h"
#include "test-gui-util.h"

/*
 * The camera pane on the built-in simulator, driven from a main-loop tick
 * (test-gui-util.h): each step finishes, keeps waiting (bounded) or records a failure.
 * The tick also measures the longest gap between two ticks: the pane must never
 * block the main loop, whatever the camera does.
 */

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
  TestGuiHarness     h;
  char              *tmpdir;
  char              *output_dir;
  gint64             last_tick;
  gint64             last_on_cpu;
  gint64             last_waited;
  gint64             max_gap;
  gint64             max_sleep;
  guint              max_gap_step;
  guint              mark;
  guint              requests;
  /* The stream cut mid-frame (step_cut_stream, step_cut_recovers) */
  TellerDocument    *kept_document;
  guint              kept_n_documents;
  gint64             cut_at;
} Fixture;

/* ---- Accessors ---------------------------------------------------------- */

static TellerCameraPane *
pane (Fixture *f)
{
  return teller_window_get_camera_pane (f->h.window);
}

static TellerPreview *
preview (Fixture *f)
{
  return teller_camera_pane_get_preview (pane (f));
}

static TellerTransaction *
transaction (Fixture *f)
{
  return teller_services_get_transaction (teller_window_get_services (f->h.window));
}

static guint
n_documents (Fixture *f)
{
  return teller_transaction_get_n_documents (transaction (f));
}

static TellerSim *
sim (Fixture *f)
{
  return teller_application_get_sim (f->h.app);
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
  return teller_services_get_camera (teller_window_get_services (f->h.window));
}

static GtkStack *
stack (Fixture *f)
{
  return GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (pane (f)), GTK_TYPE_STACK));
}

static TellerToast *
toast (Fixture *f)
{
  return teller_window_get_toast (f->h.window);
}

static void
activate (Fixture    *f,
          const char *action)
{
  gtk_widget_activate_action (GTK_WIDGET (pane (f)), action, NULL);
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
  written = test_gui_save_node (window, node, &viewport, name, error);
  g_print ("  (%.0f ms)\n", (g_get_monotonic_time () - started) / 1000.0);
  return written;
}

/* ---- Steps ---------------------------------------------------------------- */

/* The Camera pane is the first page, and its preview plays within seconds. */
static int
source_width (Fixture *f)
{
  int width = 0;

  if (!teller_preview_get_source_size (preview (f), &width, NULL))
    return 0;
  return width;
}

static gboolean
step_wait_playing (Fixture *f)
{
  if (f->h.window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (f->h.app));

      if (!TELLER_IS_WINDOW (active) || !gtk_widget_get_mapped (GTK_WIDGET (active)))
        return FALSE;
      f->h.window = TELLER_WINDOW (active);
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
           (g_get_monotonic_time () - f->h.step_started) / (double) G_USEC_PER_SEC);
  STEP_CHECK (f, source_width (f) == SIM_WIDTH, "the stream's size was not read");
  /* Frames are scaled in GStreamer's threads to what the pane shows, never larger. */
  STEP_CHECK (f, gdk_texture_get_width (teller_preview_get_texture (preview (f))) <=
                 gtk_widget_get_width (GTK_WIDGET (preview (f))) *
                 gtk_widget_get_scale_factor (GTK_WIDGET (preview (f))),
              "the frames are larger than the preview shows them");
  return TRUE;
}

static gboolean
step_screenshot_camera (Fixture *f)
{
  if (!test_gui_settled (&f->h))
    return FALSE;

  if (!save_screenshot (GTK_WIDGET (f->h.window), NULL, "screenshot-camera", &f->h.failure))
    return f->h.failure != NULL;
  return TRUE;
}

/* Capture with the Document preset: one JPEG more in the transaction. */
static gboolean
step_capture (Fixture *f)
{
  GtkWidget *button = teller_camera_pane_get_capture_button (pane (f));
  g_autoptr(TellerDocument) document = NULL;
  TellerToast *shown;

  if (!f->h.started)
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
      f->h.started = TRUE;
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

  if (!f->h.started)
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
      f->h.started = TRUE;
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
  STEP_CHECK (f, source_width (f) == SIM_WIDTH, "the stream's size after the cut is wrong");
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

/* The first drop-down is the cut; the last button of the popover is Reset. */
static gboolean
check_options_edit (Fixture                     *f,
                    TellerCaptureOptionsPopover *popover)
{
  GtkWidget *cut = test_gui_find_widget (GTK_WIDGET (popover), GTK_TYPE_DROP_DOWN);
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

  if (!f->h.started)
    {
      teller_window_dismiss_toast (f->h.window);
      gtk_menu_button_popup (button);
      f->h.started = TRUE;
    }

  if (!gtk_widget_get_mapped (popover) || !test_gui_settled (&f->h))
    return FALSE;

  options = teller_capture_options_popover_dup_options (TELLER_CAPTURE_OPTIONS_POPOVER (popover));
  STEP_CHECK (f, options->cut_type == TELLER_CAPTURE_CUT_AUTO &&
              options->document_type == TELLER_CAPTURE_DOCUMENT_WHITE &&
              options->xdpi == 300, "the popover does not show the Document preset");
  STEP_CHECK (f, !teller_capture_options_popover_get_modified (
                   TELLER_CAPTURE_OPTIONS_POPOVER (popover)),
              "the preset's options count as modified");

  if (!save_screenshot (GTK_WIDGET (f->h.window), popover, "screenshot-camera-options", &f->h.failure))
    return f->h.failure != NULL;
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

  if (!f->h.started)
    {
      teller_sim_camera_set_plugged (teller_sim_get_camera (sim (f)), FALSE);
      f->h.started = TRUE;
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
      teller_preview_get_state (preview (f)) != TELLER_PREVIEW_STATE_OFFLINE || !test_gui_settled (&f->h))
    return FALSE;

  tooltip = gtk_widget_get_tooltip_text (button);
  STEP_CHECK (f, !gtk_widget_get_sensitive (button), "capture stays sensitive while offline");
  STEP_CHECK (f, tooltip != NULL && strstr (tooltip, "offline") != NULL,
              "the capture button does not say why: %s", tooltip ? tooltip : "(none)");
  STEP_CHECK (f, teller_preview_get_status_message (preview (f)) != NULL,
              "the offline preview gives no reason");
  STEP_CHECK (f, teller_preview_get_frames_shown (preview (f)) <= f->mark + 1,
              "frames keep coming from an unplugged camera");

  if (!save_screenshot (GTK_WIDGET (f->h.window), NULL, "screenshot-camera-offline", &f->h.failure))
    return f->h.failure != NULL;
  return TRUE;
}

static gboolean
step_replug (Fixture *f)
{
  if (!f->h.started)
    {
      f->mark = teller_preview_get_frames_shown (preview (f));
      teller_sim_camera_set_plugged (teller_sim_get_camera (sim (f)), TRUE);
      f->h.started = TRUE;
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
  if (!f->h.started)
    {
      f->mark = n_documents (f);
      activate (f, "camera.auto-capture");
      STEP_CHECK (f, teller_camera_pane_get_auto_capture (pane (f)), "auto capture did not start");
      f->h.started = TRUE;
      return FALSE;
    }

  STEP_CHECK (f, teller_camera_pane_get_auto_capture (pane (f)),
              "auto capture stopped by itself: %s",
              toast (f) ? teller_toast_get_title (toast (f)) : "no toast");
  if (teller_camera_pane_get_pages_captured (pane (f)) < 1 || n_documents (f) < f->mark + 1)
    return FALSE;

  /* The counter just changed: a widget waiting for its size draws nothing. */
  if (!test_gui_settled (&f->h))
    return FALSE;

  if (!save_screenshot (GTK_WIDGET (f->h.window), NULL, "screenshot-camera-auto", &f->h.failure))
    return f->h.failure != NULL;
  activate (f, "camera.stop-auto-capture");
  STEP_CHECK (f, !teller_camera_pane_get_auto_capture (pane (f)), "auto capture did not stop");
  return TRUE;
}

/* Waits out a capture auto capture may have started as it stopped. */
static gboolean
step_idle (Fixture *f)
{
  return !teller_camera_pane_get_capturing (pane (f)) && test_gui_settled (&f->h);
}

static gboolean
step_record (Fixture *f)
{
  TellerToast *shown = toast (f);

  if (!f->h.started)
    {
      teller_window_dismiss_toast (f->h.window);
      activate (f, "camera.record");
      STEP_CHECK (f, teller_camera_pane_get_recording (pane (f)), "recording did not start");
      f->h.started = TRUE;
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

  if (!f->h.started)
    {
      teller_window_dismiss_toast (f->h.window);
      activate (f, "camera.read-barcode");
      f->h.started = TRUE;
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

  if (!f->h.started)
    {
      teller_window_dismiss_toast (f->h.window);
      STEP_CHECK (f, teller_sim_server_set_fault (camera_server (f), "video=grabimage", "http500",
                                                  &error), "could not set the fault");
      f->mark = n_documents (f);
      activate (f, "camera.capture");
      f->h.started = TRUE;
      return FALSE;
    }

  if (teller_camera_pane_get_capturing (pane (f)) || shown == NULL || !test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, teller_toast_get_is_error (shown), "no error toast: %s",
              teller_toast_get_title (shown));
  STEP_CHECK (f, g_str_has_prefix (teller_toast_get_title (shown), "Could not capture: "),
              "the error toast says: %s", teller_toast_get_title (shown));
  STEP_CHECK (f, n_documents (f) == f->mark, "a failed capture changed the transaction");
  if (!save_screenshot (GTK_WIDGET (f->h.window), NULL, "screenshot-camera-error", &f->h.failure))
    return f->h.failure != NULL;
  teller_sim_server_clear_faults (camera_server (f));
  return TRUE;
}

/* ...and the pane keeps working. */
static gboolean
step_capture_again (Fixture *f)
{
  if (!f->h.started)
    {
      teller_window_dismiss_toast (f->h.window);
      f->mark = n_documents (f);
      activate (f, "camera.capture");
      f->h.started = TRUE;
      return FALSE;
    }

  return !teller_camera_pane_get_capturing (pane (f)) && n_documents (f) == f->mark + 1;
}

/* The Photo preset brings the face camera; Ctrl+1's action the document camera. */
static gboolean
step_face_camera (Fixture *f)
{
  GtkDropDown *presets = teller_camera_pane_get_preset_dropdown (pane (f));

  if (!f->h.started)
    {
      f->mark = teller_preview_get_frames_shown (preview (f));
      gtk_drop_down_set_selected (presets, TELLER_CAPTURE_PRESET_PHOTO);
      STEP_CHECK (f, teller_preview_get_camera_index (preview (f)) == 1,
                  "the Photo preset did not show the face camera");
      STEP_CHECK (f, teller_preview_get_texture (preview (f)) == NULL,
                  "the document camera's last frame stays up for the face camera");
      f->h.started = TRUE;
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

  if (!f->h.started)
    {
      gtk_stack_set_visible_child_name (stack (f), "transaction");
      f->h.started = TRUE;
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
  if (!f->h.started)
    {
      f->mark = teller_preview_get_frames_shown (preview (f));
      gtk_stack_set_visible_child_name (stack (f), "camera");
      f->h.started = TRUE;
      return FALSE;
    }

  return teller_preview_get_state (preview (f)) == TELLER_PREVIEW_STATE_PLAYING &&
         teller_preview_get_frames_shown (preview (f)) > f->mark + MIN_FRAMES;
}

static const TestGuiStep steps[] = {
  TEST_GUI_STEP ("preview playing", step_wait_playing),
  TEST_GUI_STEP ("camera screenshot", step_screenshot_camera),
  TEST_GUI_STEP ("capture", step_capture),
  TEST_GUI_STEP ("stream cut mid-frame", step_cut_stream),
  TEST_GUI_STEP ("preview back after the cut", step_cut_recovers),
  TEST_GUI_STEP ("options popover", step_options),
  TEST_GUI_STEP ("rotate", step_rotate),
  TEST_GUI_STEP ("unplug", step_unplug),
  TEST_GUI_STEP ("offline controls", step_offline_controls),
  TEST_GUI_STEP ("replug", step_replug),
  TEST_GUI_STEP ("auto capture", step_auto_capture),
  TEST_GUI_STEP ("after auto capture", step_idle),
  TEST_GUI_STEP ("record", step_record),
  TEST_GUI_STEP ("barcode", step_barcode),
  TEST_GUI_STEP ("capture fault", step_capture_fault),
  TEST_GUI_STEP ("capture again", step_capture_again),
  TEST_GUI_STEP ("face camera", step_face_camera),
  TEST_GUI_STEP ("back to the document camera", step_show_again),
  TEST_GUI_STEP ("hide", step_hide),
  TEST_GUI_STEP ("show again", step_show_again),
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
measure_gap (TestGuiHarness *h,
             gint64          now)
{
  Fixture *f = (Fixture *) h;
  gint64 on_cpu, waited, gap, sleep;

  get_schedstat (&on_cpu, &waited);
  if (f->last_tick != 0)
    {
      gap = now - f->last_tick - (waited - f->last_waited);
      sleep = gap - (on_cpu - f->last_on_cpu);
      if (gap > f->max_gap)
        {
          f->max_gap = gap;
          f->max_gap_step = f->h.step;
        }
      f->max_sleep = MAX (f->max_sleep, sleep);
    }

  f->last_tick = now;
  f->last_on_cpu = on_cpu;
  f->last_waited = waited;
}

/* Before the window: the stream's size applies when its pipeline starts. */
static void
startup_cb (TestGuiHarness *h)
{
  Fixture *f = (Fixture *) h;
  TellerSimStream *stream = teller_sim_stream_get_for_camera (teller_sim_get_camera (sim (f)));

  teller_sim_stream_set_size (stream, SIM_WIDTH, SIM_HEIGHT);
  teller_sim_stream_set_framerate (stream, SIM_FRAMERATE);
  teller_sim_stream_set_document_cycle_ms (stream, SIM_CYCLE_MS);
}

static void
fixture_setup (Fixture *f)
{
  f->tmpdir = test_gui_setup_folders ("teller-camera-XXXXXX", &f->output_dir);
  f->h.steps = steps;
  f->h.n_steps = G_N_ELEMENTS (steps);
  f->h.on_tick = measure_gap;
  f->h.on_startup = startup_cb;
}

static void
fixture_teardown (Fixture *f)
{
  test_gui_remove_folder (f->tmpdir);
  g_clear_pointer (&f->output_dir, g_free);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->h.failure, g_free);
  g_clear_object (&f->kept_document);
}

START_TEST (test_camera_pane)
{
  Fixture f = { 0 };
  int status;

  fixture_setup (&f);
  status = test_gui_run_app (&f.h);

  g_print ("longest main loop stall (less waits for a CPU): %.0f ms, at step “%s”; "
           "longest sleep: %.0f ms\n", f.max_gap / 1000.0,
           steps[MIN (f.max_gap_step, G_N_ELEMENTS (steps) - 1)].name, f.max_sleep / 1000.0);
  test_gui_assert_finished (&f.h, status);
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

  test_gui_init (argc, argv);

  tcase_set_timeout (pane_case, 300);
  tcase_add_test (pane_case, test_camera_pane);
  suite_add_tcase (suite, pane_case);

  return test_gui_run_suite (suite);
}
