/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-bench"

/*
 * bench-teller: the real Teller window (TellerApplication, as `teller` runs it)
 * pointed at a CameraService URL (a bench-sim in another process), driven from a
 * main-loop timer, for bench/camera.sh.  It needs an X server (xvfb-run) and the
 * GSettings schema (GSETTINGS_SCHEMA_DIR, GSETTINGS_BACKEND=memory).
 *
 *   bench-teller preview URL SECONDS SIM_PID
 *     The Camera pane shows the stream; after the first frames and a one-second
 *     warm-up, SECONDS of wall time: frames shown and process CPU time.
 *   bench-teller capture URL RUNS SIM_PID
 *     RUNS times, with the preview playing: the same video=grabimage request sent
 *     by curl (the peer), then a capture from the Camera pane (camera.capture) until
 *     its thumbnail is painted.
 *   bench-teller memory URL COUNT
 *     VmRSS before the first capture and after COUNT captures into one transaction.
 *
 * Each prints machine-read "key=value" lines for the script.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "teller-application.h"
#include "teller-camera-pane.h"
#include "teller-capture-options-popover.h"
#include "teller-document-tile.h"
#include "teller-window.h"

#define TICK_MS          10
#define WARM_UP_US       G_USEC_PER_SEC
#define MIN_FRAMES       10
#define STEP_TIMEOUT_US  (120 * G_USEC_PER_SEC)

typedef enum { MODE_PREVIEW, MODE_CAPTURE, MODE_MEMORY } Mode;

typedef enum
{
  PHASE_START,       /* waiting for the window and the first frames */
  PHASE_WARM_UP,
  PHASE_MEASURE,     /* preview: the measured window */
  PHASE_CURL,        /* capture: the peer request runs */
  PHASE_CAPTURE,     /* capture: Teller captures, until the thumbnail is painted */
  PHASE_MEMORY,      /* memory: captures one after another */
  PHASE_SETTLE,
  PHASE_DONE,
} Phase;

typedef struct
{
  Mode               mode;
  const char        *url;
  double             seconds;
  guint              count;
  pid_t              sim_pid;

  TellerApplication *app;
  TellerWindow      *window;
  Phase              phase;
  gint64             phase_started;
  gboolean           failed;

  /* preview */
  gint64             start_us;
  gint64             start_cpu_us;
  guint              start_frames;

  /* capture */
  guint              run;
  char              *body;
  GPid               curl_pid;
  GString           *curl_out;
  GIOChannel        *curl_channel;
  double            *curl_ms;
  double            *doc_ms;
  double            *thumb_ms;
  double            *paint_ms;
  guint             *frames_during;
  double            *max_gap_ms;
  gint64             capture_started;
  gint64             doc_at;
  gint64             thumb_at;
  gint64             paint_at;
  guint              capture_frames0;
  gint64             last_main_paint;
  gint64             max_main_gap;
  GtkWidget         *tile_window;
  GtkWidget         *tile;
  gboolean           curl_done;

  /* memory */
  guint              mark;
  guint              captured;
  gsize              rss_before_kb;
  gsize              rss_captures_kb;
  gint64             memory_started;
} Bench;

/* ---- Helpers -------------------------------------------------------------- */

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

/* A "VmRSS:" style line of /proc/self/status, in kB. */
static gsize
proc_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen (key), NULL, 10) : 0;
}

static TellerCameraPane *
pane (Bench *b)
{
  return teller_window_get_camera_pane (b->window);
}

static TellerPreview *
preview (Bench *b)
{
  return teller_camera_pane_get_preview (pane (b));
}

static TellerTransaction *
transaction (Bench *b)
{
  return teller_services_get_transaction (teller_window_get_services (b->window));
}

static void
set_phase (Bench *b,
           Phase  phase)
{
  b->phase = phase;
  b->phase_started = g_get_monotonic_time ();
}

static void
finish (Bench    *b,
        gboolean  failed)
{
  b->failed = b->failed || failed;
  set_phase (b, PHASE_DONE);
  if (b->tile_window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&b->tile_window)));
  g_action_group_activate_action (G_ACTION_GROUP (b->app), "quit", NULL);
}

static void
fail (Bench      *b,
      const char *message)
{
  g_printerr ("bench-teller: %s\n", message);
  finish (b, TRUE);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* ---- Capture: the peer (curl) ------------------------------------------- */

static gboolean
curl_out_cb (GIOChannel   *channel,
             GIOCondition  condition,
             gpointer      user_data)
{
  Bench *b = user_data;
  char buffer[256];
  gsize read = 0;

  if (g_io_channel_read_chars (channel, buffer, sizeof buffer, &read, NULL) == G_IO_STATUS_NORMAL &&
      read > 0)
    {
      g_string_append_len (b->curl_out, buffer, read);
      return G_SOURCE_CONTINUE;
    }
  return G_SOURCE_REMOVE;
}

static void
curl_exit_cb (GPid     pid,
              int      status,
              gpointer user_data)
{
  Bench *b = user_data;

  /* Whatever is still in the pipe. */
  while (curl_out_cb (b->curl_channel, G_IO_IN, b) == G_SOURCE_CONTINUE)
    ;
  g_clear_pointer (&b->curl_channel, g_io_channel_unref);
  g_spawn_close_pid (pid);
  b->curl_pid = 0;
  if (!g_spawn_check_wait_status (status, NULL) || b->curl_out->len == 0)
    {
      fail (b, "curl failed");
      return;
    }
  /* -w '%{time_total}' prints seconds. */
  b->curl_ms[b->run] = g_ascii_strtod (b->curl_out->str, NULL) * 1000.0;
  b->curl_done = TRUE;
}

static gboolean
start_curl (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (b->url, "/video=grabimage", NULL);
  const char *argv[] = {
    "curl", "-s", "-S", "--fail", "-o", "/dev/null", "-w", "%{time_total}",
    "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", b->body, url, NULL
  };
  int out_fd = -1;

  g_string_truncate (b->curl_out, 0);
  b->curl_done = FALSE;
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &b->curl_pid, NULL, &out_fd, NULL, &error))
    {
      g_printerr ("bench-teller: cannot run curl: %s\n", error->message);
      return FALSE;
    }
  b->curl_channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (b->curl_channel, TRUE);
  g_io_channel_set_encoding (b->curl_channel, NULL, NULL);
  g_io_add_watch (b->curl_channel, G_IO_IN | G_IO_HUP, curl_out_cb, b);
  g_child_watch_add (b->curl_pid, curl_exit_cb, b);
  return TRUE;
}

/* ---- Capture: Teller ------------------------------------------------------ */

static void
main_after_paint_cb (GdkFrameClock *clock,
                     Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->phase == PHASE_CAPTURE && b->last_main_paint != 0)
    b->max_main_gap = MAX (b->max_main_gap, now - b->last_main_paint);
  b->last_main_paint = now;
}

static void
tile_after_paint_cb (GdkFrameClock *clock,
                     Bench         *b)
{
  if (b->phase == PHASE_CAPTURE && b->thumb_at != 0 && b->paint_at == 0)
    b->paint_at = g_get_monotonic_time ();
}

static void
thumbnail_cb (GObject    *tile,
              GParamSpec *pspec,
              Bench      *b)
{
  if (b->phase == PHASE_CAPTURE && b->thumb_at == 0 &&
      teller_document_tile_get_thumbnail (TELLER_DOCUMENT_TILE (tile)) != NULL)
    {
      b->thumb_at = g_get_monotonic_time ();
      gtk_widget_queue_draw (b->tile_window);
    }
}

/* The newest document goes on a tile, as the transaction pane shows it. */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Bench      *b)
{
  g_autoptr(TellerDocument) document = NULL;

  if (b->phase != PHASE_CAPTURE || added == 0 || b->doc_at != 0)
    return;

  b->doc_at = g_get_monotonic_time ();
  document = g_list_model_get_item (model, position + added - 1);
  teller_document_tile_set_document (TELLER_DOCUMENT_TILE (b->tile), document);
}

static void
start_capture (Bench *b)
{
  b->doc_at = b->thumb_at = b->paint_at = 0;
  b->max_main_gap = 0;
  b->last_main_paint = g_get_monotonic_time ();
  b->capture_frames0 = teller_preview_get_frames_shown (preview (b));
  teller_document_tile_set_document (TELLER_DOCUMENT_TILE (b->tile), NULL);
  set_phase (b, PHASE_CAPTURE);
  b->capture_started = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (pane (b)), "camera.capture", NULL);
}

static void
report_capture (Bench *b)
{
  guint n = b->count;
  double teller = median (b->paint_ms, n), peer = median (b->curl_ms, n);

  printf ("capture runs=%u curl_ms=%.1f doc_ms=%.1f thumb_ms=%.1f paint_ms=%.1f "
          "overhead_ms=%.1f ratio=%.2f frames_during=%u max_gap_ms=%.1f\n",
          n, peer, median (b->doc_ms, n), median (b->thumb_ms, n), teller, teller - peer,
          teller / peer, b->frames_during[n / 2], median (b->max_gap_ms, n));
}

static void
capture_tick (Bench *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->phase == PHASE_CURL)
    {
      if (b->curl_done)
        start_capture (b);
      return;
    }

  if (b->paint_at == 0 || teller_camera_pane_get_capturing (pane (b)))
    return;

  b->doc_ms[b->run] = (b->doc_at - b->capture_started) / 1000.0;
  b->thumb_ms[b->run] = (b->thumb_at - b->capture_started) / 1000.0;
  b->paint_ms[b->run] = (b->paint_at - b->capture_started) / 1000.0;
  b->frames_during[b->run] = teller_preview_get_frames_shown (preview (b)) - b->capture_frames0;
  b->max_gap_ms[b->run] = b->max_main_gap / 1000.0;
  printf ("run %u: curl %.1f ms; teller: document %.1f ms, thumbnail %.1f ms, painted %.1f ms; "
          "%u preview frames meanwhile (%.1f fps), longest gap between window paints %.1f ms\n",
          b->run + 1, b->curl_ms[b->run], b->doc_ms[b->run], b->thumb_ms[b->run],
          b->paint_ms[b->run], b->frames_during[b->run],
          b->frames_during[b->run] / ((b->paint_at - b->capture_started) / (double) G_USEC_PER_SEC),
          b->max_gap_ms[b->run]);
  fflush (stdout);
  (void) now;

  if (++b->run == b->count)
    {
      report_capture (b);
      finish (b, FALSE);
      return;
    }

  set_phase (b, PHASE_CURL);
  if (!start_curl (b))
    fail (b, "curl did not start");
}

static gboolean
setup_capture (Bench *b)
{
  g_autoptr(TellerCaptureOptions) options = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;

  /* The very body the pane sends, so both ask the simulator for the same work. */
  options = teller_capture_options_popover_dup_options (teller_camera_pane_get_options_popover (pane (b)));
  node = teller_capture_options_to_json (options, &error);
  if (node == NULL)
    {
      g_printerr ("bench-teller: %s\n", error->message);
      return FALSE;
    }
  b->body = json_to_string (node, FALSE);
  printf ("request body: %s\n", b->body);

  b->tile_window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (b->tile_window), "bench: newest document");
  b->tile = teller_document_tile_new ();
  gtk_window_set_child (GTK_WINDOW (b->tile_window), b->tile);
  g_signal_connect (b->tile, "notify::thumbnail", G_CALLBACK (thumbnail_cb), b);
  gtk_window_present (GTK_WINDOW (b->tile_window));
  gtk_widget_realize (b->tile_window);
  clock = gtk_widget_get_frame_clock (b->tile_window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (tile_after_paint_cb), b);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (main_after_paint_cb), b);
  g_signal_connect (transaction (b), "items-changed", G_CALLBACK (items_changed_cb), b);

  b->curl_out = g_string_new (NULL);
  b->curl_ms = g_new0 (double, b->count);
  b->doc_ms = g_new0 (double, b->count);
  b->thumb_ms = g_new0 (double, b->count);
  b->paint_ms = g_new0 (double, b->count);
  b->max_gap_ms = g_new0 (double, b->count);
  b->frames_during = g_new0 (guint, b->count);
  return TRUE;
}

/* ---- Memory ------------------------------------------------------------- */

static void
memory_tick (Bench *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->phase == PHASE_SETTLE)
    {
      /* Three seconds on the transaction pane, its tiles rendered. */
      if (now - b->phase_started < 3 * G_USEC_PER_SEC)
        return;
      printf ("memory captures=%u seconds=%.1f rss_before_kb=%" G_GSIZE_FORMAT
              " rss_after_kb=%" G_GSIZE_FORMAT " rss_shown_kb=%" G_GSIZE_FORMAT
              " hwm_kb=%" G_GSIZE_FORMAT "\n",
              b->captured, (b->phase_started - b->memory_started) / (double) G_USEC_PER_SEC,
              b->rss_before_kb, b->rss_captures_kb, proc_status_kb ("VmRSS:"),
              proc_status_kb ("VmHWM:"));
      finish (b, FALSE);
      return;
    }

  if (teller_camera_pane_get_capturing (pane (b)) ||
      teller_transaction_get_n_documents (transaction (b)) < b->mark + 1)
    {
      if (now - b->phase_started > STEP_TIMEOUT_US)
        fail (b, "a capture did not finish in two minutes");
      return;
    }

  b->captured++;
  if (b->captured % 25 == 0)
    {
      printf ("  %u captures, VmRSS %" G_GSIZE_FORMAT " kB\n", b->captured,
              proc_status_kb ("VmRSS:"));
      fflush (stdout);
    }

  if (b->captured == b->count)
    {
      GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (pane (b)), GTK_TYPE_STACK));

      b->rss_captures_kb = proc_status_kb ("VmRSS:");
      gtk_stack_set_visible_child_name (stack, "transaction");
      set_phase (b, PHASE_SETTLE);
      return;
    }

  b->mark = teller_transaction_get_n_documents (transaction (b));
  set_phase (b, PHASE_MEMORY);
  gtk_widget_activate_action (GTK_WIDGET (pane (b)), "camera.capture", NULL);
  if (!teller_camera_pane_get_capturing (pane (b)))
    fail (b, "the capture did not start");
}

/* ---- The tick -------------------------------------------------------------- */

static gboolean
tick_cb (gpointer user_data)
{
  Bench *b = user_data;
  gint64 now = g_get_monotonic_time ();

  switch (b->phase)
    {
    case PHASE_START:
      {
        GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (b->app));

        if (now - b->phase_started > STEP_TIMEOUT_US)
          {
            fail (b, "the preview did not start playing");
            break;
          }
        if (!TELLER_IS_WINDOW (active) || !gtk_widget_get_mapped (GTK_WIDGET (active)))
          break;
        b->window = TELLER_WINDOW (active);
        if (teller_preview_get_state (preview (b)) != TELLER_PREVIEW_STATE_PLAYING ||
            teller_preview_get_frames_shown (preview (b)) < MIN_FRAMES)
          break;
        set_phase (b, PHASE_WARM_UP);
      }
      break;

    case PHASE_WARM_UP:
      if (now - b->phase_started < WARM_UP_US)
        break;
      printf ("window %dx%d, preview %dx%d, frames %dx%d\n",
              gtk_widget_get_width (GTK_WIDGET (b->window)),
              gtk_widget_get_height (GTK_WIDGET (b->window)),
              gtk_widget_get_width (GTK_WIDGET (preview (b))),
              gtk_widget_get_height (GTK_WIDGET (preview (b))),
              gdk_texture_get_width (teller_preview_get_texture (preview (b))),
              gdk_texture_get_height (teller_preview_get_texture (preview (b))));
      fflush (stdout);
      if (b->mode == MODE_PREVIEW)
        {
          b->start_us = now;
          b->start_cpu_us = cpu_time_us ();
          b->start_frames = teller_preview_get_frames_shown (preview (b));
          if (b->sim_pid > 0)
            kill (b->sim_pid, SIGUSR1);
          set_phase (b, PHASE_MEASURE);
        }
      else if (b->mode == MODE_CAPTURE)
        {
          if (!setup_capture (b))
            {
              fail (b, "cannot set the capture up");
              break;
            }
          set_phase (b, PHASE_CURL);
          if (!start_curl (b))
            fail (b, "curl did not start");
        }
      else
        {
          b->rss_before_kb = proc_status_kb ("VmRSS:");
          b->memory_started = now;
          b->mark = teller_transaction_get_n_documents (transaction (b));
          set_phase (b, PHASE_MEMORY);
          gtk_widget_activate_action (GTK_WIDGET (pane (b)), "camera.capture", NULL);
        }
      break;

    case PHASE_MEASURE:
      if (now - b->start_us < b->seconds * G_USEC_PER_SEC)
        break;
      if (b->sim_pid > 0)
        kill (b->sim_pid, SIGUSR1);
      printf ("teller frames=%u seconds=%.3f cpu_ms=%.1f state=%d\n",
              teller_preview_get_frames_shown (preview (b)) - b->start_frames,
              (now - b->start_us) / (double) G_USEC_PER_SEC,
              (cpu_time_us () - b->start_cpu_us) / 1000.0,
              (int) teller_preview_get_state (preview (b)));
      fflush (stdout);
      finish (b, FALSE);
      break;

    case PHASE_CURL:
    case PHASE_CAPTURE:
      if (now - b->phase_started > STEP_TIMEOUT_US)
        fail (b, "a capture did not finish in two minutes");
      else
        capture_tick (b);
      break;

    case PHASE_MEMORY:
    case PHASE_SETTLE:
      memory_tick (b);
      break;

    case PHASE_DONE:
      return G_SOURCE_REMOVE;
    }

  return b->phase == PHASE_DONE ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GSettings) settings = NULL;
  char *app_argv[] = { argv[0], NULL };
  Bench b = { 0 };
  int status;

  if (argc < 4 || (!g_str_equal (argv[1], "preview") && !g_str_equal (argv[1], "capture") &&
                   !g_str_equal (argv[1], "memory")))
    {
      g_printerr ("usage: bench-teller preview URL SECONDS SIM_PID\n"
                  "       bench-teller capture URL RUNS SIM_PID\n"
                  "       bench-teller memory URL COUNT\n");
      return 2;
    }
  b.mode = g_str_equal (argv[1], "preview") ? MODE_PREVIEW :
           g_str_equal (argv[1], "capture") ? MODE_CAPTURE : MODE_MEMORY;
  b.url = argv[2];
  b.seconds = g_ascii_strtod (argv[3], NULL);
  b.count = (guint) MAX (1, atoi (argv[3]));
  b.sim_pid = argc > 4 ? (pid_t) atoi (argv[4]) : 0;

  /* The memory backend is one per process: what is set here, the application reads. */
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "camera-url", b.url);

  b.app = teller_application_new_with_flags (G_APPLICATION_NON_UNIQUE);
  g_application_hold (G_APPLICATION (b.app));
  set_phase (&b, PHASE_START);
  g_timeout_add (TICK_MS, tick_cb, &b);
  status = g_application_run (G_APPLICATION (b.app), 1, app_argv);
  g_object_unref (b.app);
  return status != 0 || b.failed ? 1 : 0;
}
