/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <glib-unix.h>

#include "teller-cli-private.h"

/*
 * teller-cli camera detect --count N --out DIR: smart capture from a script.  It
 * starts the service's document detection, polls its status, captures each new page
 * once it lies still (code 101), writes it to DIR, and stops detection when N pages
 * are in, when --wait runs out, or on Ctrl+C: detection is never left running.
 */

#define POLL_INTERVAL_MS 200

/*
 * Every call the run makes counts in @in_flight until its callback has run, and the
 * run is freed only when none is left, so no callback ever sees a freed run.  Ending
 * (stop_run()) cancels the status polls and captures; the start is never cancelled,
 * since the service may act on it regardless, and detect=stop goes out only once the
 * start has answered, so a stop cannot overtake the start it is meant to undo.
 */
typedef struct
{
  TellerCli           *cli;
  TellerCameraService *camera;
  GCancellable        *cancellable;
  GFile               *folder;
  GPtrArray           *files;   /* GFile, one per image written */
  GPtrArray           *images;  /* TellerCapturedImage */
  guint                count;
  guint                pages;
  guint                poll_id;
  guint                deadline_id;
  guint                sigint_id;
  guint                sigterm_id;
  guint                in_flight;
  GError              *error;
  gboolean             started;    /* the service may be detecting: stop it */
  gboolean             stopping;
} DetectRun;

static void
detect_run_free (DetectRun *run)
{
  g_assert (run->in_flight == 0);

  g_clear_handle_id (&run->poll_id, g_source_remove);
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  g_clear_handle_id (&run->sigint_id, g_source_remove);
  g_clear_handle_id (&run->sigterm_id, g_source_remove);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->folder);
  g_clear_pointer (&run->files, g_ptr_array_unref);
  g_clear_pointer (&run->images, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
}

/* The first error is the one to report: a failed stop, or a call it cut short, comes second. */
static void
take_error (DetectRun *run,
            GError    *error)
{
  if (error == NULL)
    return;
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
}

static void stopped_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

/* Once stopping and nothing is in flight: stop detection if it may run, then finish. */
static void
finish_when_idle (DetectRun *run)
{
  JsonNode *output = NULL;

  if (!run->stopping || run->in_flight > 0)
    return;

  if (run->started)
    {
      run->started = FALSE;
      run->in_flight++;
      teller_camera_service_detect_stop_async (run->camera, NULL, stopped_cb, run);
      return;
    }

  if (run->error == NULL)
    output = teller_cli_build_capture_result (run->files, run->images);
  teller_cli_finish (run->cli, output, g_steal_pointer (&run->error));
  detect_run_free (run);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DetectRun *run = user_data;
  GError *error = NULL;

  run->in_flight--;
  if (!teller_camera_service_detect_stop_finish (run->camera, result, &error))
    take_error (run, error);
  finish_when_idle (run);
}

/* Ends the run with @error (or success); detection is stopped before it finishes. */
static void
stop_run (DetectRun *run,
          GError    *error)
{
  if (run->stopping)
    {
      g_clear_error (&error);
      return;
    }

  run->stopping = TRUE;
  run->error = error;
  g_clear_handle_id (&run->poll_id, g_source_remove);
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  g_cancellable_cancel (run->cancellable);
  finish_when_idle (run);
}

static gboolean poll_cb (gpointer user_data);

static void
schedule_poll (DetectRun *run)
{
  if (!run->stopping)
    run->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, run);
}

static void
captured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DetectRun *run = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) images = teller_camera_service_capture_finish (run->camera, result, &error);

  run->in_flight--;
  /* Stopping already: a page that came in meanwhile is not wanted. */
  if (run->stopping)
    {
      g_clear_error (&error);
      finish_when_idle (run);
      return;
    }

  /* A command-line tool has no window to keep responsive: plain writes will do. */
  if (images == NULL ||
      !teller_cli_save_images (run->folder, images, "page", run->files, NULL, &error))
    {
      stop_run (run, error);
      return;
    }
  for (guint i = 0; i < images->len; i++)
    g_ptr_array_add (run->images, teller_captured_image_copy (g_ptr_array_index (images, i)));

  run->pages++;
  g_printerr (_("Captured page %u of %u\n"), run->pages, run->count);
  if (run->pages >= run->count)
    stop_run (run, NULL);
  else
    schedule_poll (run);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DetectRun *run = user_data;
  GError *error = NULL;
  TellerDetectState state;
  g_autoptr(TellerCaptureOptions) options = NULL;

  state = teller_camera_service_detect_status_finish (run->camera, result, &error);
  run->in_flight--;
  if (run->stopping)
    {
      g_clear_error (&error);
      finish_when_idle (run);
      return;
    }
  if (state == TELLER_DETECT_STATE_UNKNOWN)
    {
      stop_run (run, error);
      return;
    }
  if (state != TELLER_DETECT_STATE_NEW_DOCUMENT)
    {
      schedule_poll (run);
      return;
    }

  options = teller_capture_options_new_preset (TELLER_CAPTURE_PRESET_DOCUMENT);
  run->in_flight++;
  teller_camera_service_capture_async (run->camera, options, run->cancellable, captured_cb, run);
}

static gboolean
poll_cb (gpointer user_data)
{
  DetectRun *run = user_data;

  run->poll_id = 0;
  run->in_flight++;
  teller_camera_service_detect_status_async (run->camera, run->cancellable, status_cb, run);

  return G_SOURCE_REMOVE;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DetectRun *run = user_data;
  GError *error = NULL;

  run->in_flight--;
  if (!teller_camera_service_detect_start_finish (run->camera, result, &error))
    {
      /* Refused, or never arrived: nothing to stop.  A start that timed out may still
       * have been carried out, so that one is stopped all the same. */
      run->started = g_error_matches (error, TELLER_ERROR, TELLER_ERROR_TIMEOUT);
      stop_run (run, error);
      return;
    }

  run->started = TRUE;
  if (run->stopping)
    {
      finish_when_idle (run);
      return;
    }
  g_printerr (_("Waiting for pages under the camera…\n"));
  schedule_poll (run);
}

static gboolean
deadline_cb (gpointer user_data)
{
  DetectRun *run = user_data;

  run->deadline_id = 0;
  stop_run (run, g_error_new (TELLER_ERROR, TELLER_ERROR_TIMEOUT,
                              _("Only %u of %u pages arrived in time"), run->pages, run->count));
  return G_SOURCE_REMOVE;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  DetectRun *run = user_data;

  stop_run (run, g_error_new (TELLER_ERROR, TELLER_ERROR_DEVICE,
                              _("Interrupted after %u of %u pages"), run->pages, run->count));
  return G_SOURCE_CONTINUE;
}

static int
camera_detect (TellerCli  *cli,
               int         argc,
               char      **argv)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int count = 1, interval = 0, wait_s = 0;
  DetectRun *run;
  int status;
  const GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &count, N_("How many pages to capture"), N_("PAGES") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The folder to write the images to"), N_("DIR") },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, N_("How often the service looks for a page, in milliseconds"), N_("MS") },
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait_s, N_("Give up after this many seconds (default: wait until done)"), N_("SECONDS") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments besides its options"));
  if (out == NULL)
    return teller_cli_usage_error (cli, _("No output folder given (--out DIR)"));
  if (count < 1 || interval < 0 || wait_s < 0)
    return teller_cli_usage_error (cli, _("--count must be at least 1; --interval and --wait cannot be negative"));

  run = g_new0 (DetectRun, 1);
  run->cli = cli;
  run->camera = teller_services_get_camera (cli->services);
  run->cancellable = g_cancellable_new ();
  run->folder = g_file_new_for_commandline_arg (out);
  run->files = g_ptr_array_new_with_free_func (g_object_unref);
  run->images = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_captured_image_free);
  run->count = count;
  run->sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, run);
  run->sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, run);
  if (wait_s > 0)
    run->deadline_id = g_timeout_add_seconds (wait_s, deadline_cb, run);

  /* Before detection starts, so a folder that cannot be made costs nothing. */
  if (!teller_cli_make_folder (run->folder, &error))
    {
      detect_run_free (run);
      g_printerr ("teller-cli: %s\n", error->message);
      return TELLER_CLI_EXIT_DEVICE;
    }

  run->in_flight++;
  teller_camera_service_detect_start_async (run->camera, interval, NULL, started_cb, run);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_detect_commands[] = {
  { "camera", "detect",
    "camera detect --count N --out DIR [--interval MS] [--wait SECONDS]",
    camera_detect },
  { NULL }
};
