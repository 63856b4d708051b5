/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>

#include "teller-cli-private.h"
#include "teller-document-store.h"

/*
 * teller-cli camera detect --count N --out DIR: smart capture from a script.  It
 * starts the service's document detection, polls its status, captures each new page
 * once it lies still (code 101), writes it to DIR, and stops detection when N pages
 * are in, when --wait runs out, or on Ctrl+C: detection is never left running.
 */

#define POLL_INTERVAL_MS 200

typedef struct
{
  TellerCli           *cli;
  TellerCameraService *camera;
  GFile               *folder;
  GPtrArray           *files;   /* GFile, one per image written */
  GPtrArray           *images;  /* TellerCapturedImage */
  guint                count;
  guint                pages;
  guint                poll_id;
  guint                deadline_id;
  guint                sigint_id;
  guint                sigterm_id;
  GError              *error;
  gboolean             stopping;
} DetectRun;

static void
detect_run_free (DetectRun *run)
{
  g_clear_handle_id (&run->poll_id, g_source_remove);
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  g_clear_handle_id (&run->sigint_id, g_source_remove);
  g_clear_handle_id (&run->sigterm_id, g_source_remove);
  g_clear_object (&run->folder);
  g_clear_pointer (&run->files, g_ptr_array_unref);
  g_clear_pointer (&run->images, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DetectRun *run = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *output = NULL;

  /* The run's own error (if any) is the one to report; a failed stop comes second. */
  if (!teller_camera_service_detect_stop_finish (run->camera, result, &error) && run->error == NULL)
    run->error = g_steal_pointer (&error);

  if (run->error == NULL)
    output = teller_cli_build_capture_result (run->files, run->images);

  teller_cli_finish (run->cli, output, g_steal_pointer (&run->error));
  detect_run_free (run);
}

/* Ends the run with @error (or success), always stopping detection first. */
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
  teller_camera_service_detect_stop_async (run->camera, NULL, stopped_cb, run);
}

static gboolean
save_images (DetectRun  *run,
             GPtrArray  *images,
             GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *basename = g_date_time_format (now, "page-%Y%m%d-%H%M%S.jpg");

  /* A command-line tool has no window to keep responsive: plain writes will do. */
  for (guint i = 0; i < images->len; i++)
    {
      TellerCapturedImage *image = g_ptr_array_index (images, i);
      g_autoptr(GFile) file = teller_document_store_unique_child (run->folder, basename);

      if (!teller_document_store_write_bytes (file, image->jpeg, NULL, error))
        return FALSE;
      g_ptr_array_add (run->files, g_steal_pointer (&file));
      g_ptr_array_add (run->images, teller_captured_image_copy (image));
    }

  return TRUE;
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

  if (images == NULL || !save_images (run, images, &error))
    {
      stop_run (run, error);
      return;
    }

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
  TellerDetectState state = teller_camera_service_detect_status_finish (run->camera, result, &error);
  g_autoptr(TellerCaptureOptions) options = NULL;

  if (run->stopping)
    {
      g_clear_error (&error);
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
  teller_camera_service_capture_async (run->camera, options, NULL, captured_cb, run);
}

static gboolean
poll_cb (gpointer user_data)
{
  DetectRun *run = user_data;

  run->poll_id = 0;
  teller_camera_service_detect_status_async (run->camera, NULL, status_cb, run);

  return G_SOURCE_REMOVE;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DetectRun *run = user_data;
  GError *error = NULL;

  if (!teller_camera_service_detect_start_finish (run->camera, result, &error))
    {
      /* Nothing was started, so there is nothing to stop. */
      teller_cli_finish (run->cli, NULL, error);
      detect_run_free (run);
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
  run->folder = g_file_new_for_commandline_arg (out);
  run->files = g_ptr_array_new_with_free_func (g_object_unref);
  run->images = g_ptr_array_new_with_free_func ((GDestroyNotify) teller_captured_image_free);
  run->count = count;
  run->sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, run);
  run->sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, run);
  if (wait_s > 0)
    run->deadline_id = g_timeout_add_seconds (wait_s, deadline_cb, run);

  if (g_mkdir_with_parents (g_file_peek_path (run->folder), 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("Could not create the folder “%s”: %s"),
                                                  out, g_strerror (saved_errno));

      detect_run_free (run);
      g_printerr ("teller-cli: %s\n", message);
      return TELLER_CLI_EXIT_DEVICE;
    }

  teller_camera_service_detect_start_async (run->camera, interval, NULL, started_cb, run);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_detect_commands[] = {
  { "camera", "detect",
    "camera detect --count N --out DIR [--interval MS] [--wait SECONDS]",
    camera_detect },
  { NULL }
};
