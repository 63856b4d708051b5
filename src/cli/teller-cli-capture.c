/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "teller-cli-private.h"
#include "teller-document-store.h"

/*
 * teller-cli camera capture --out DIR [options]: captures with video=grabimage and
 * writes each image to DIR atomically, then prints
 * {"images": [{"path", "width", "height", "bytes"}]}.
 */

/* An option the command line did not give. */
#define NOT_GIVEN G_MININT

typedef struct
{
  TellerCli *cli;
  GFile     *folder;
  GPtrArray *images;   /* TellerCapturedImage */
} CaptureCall;

static void
capture_call_free (CaptureCall *call)
{
  g_clear_object (&call->folder);
  g_clear_pointer (&call->images, g_ptr_array_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaptureCall, capture_call_free)

JsonNode *
teller_cli_build_capture_result (GPtrArray *files,
                                 GPtrArray *images)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < images->len; i++)
    {
      const TellerCapturedImage *image = g_ptr_array_index (images, i);
      g_autofree char *path = g_file_get_path (g_ptr_array_index (files, i));
      g_autofree char *display = g_filename_display_name (path);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, display);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, image->width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, image->height);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, (gint64) g_bytes_get_size (image->jpeg));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * teller_cli_make_folder:
 * @folder: where captures go
 * @error: return location for a #GError
 *
 * Creates @folder and its parents as needed, 0700: the images are customers'
 * documents.  A folder that is not local is left to the write to refuse.
 *
 * Returns: %TRUE when the folder exists
 */
gboolean
teller_cli_make_folder (GFile   *folder,
                        GError **error)
{
  const char *path = g_file_peek_path (folder);
  g_autofree char *display = NULL;
  int saved_errno;

  if (path == NULL || g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not create the folder “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/**
 * teller_cli_save_images:
 * @folder: where to write, made with teller_cli_make_folder()
 * @images: (element-type TellerCapturedImage): the images
 * @prefix: the start of each name, e.g. "capture"
 * @files: (element-type GFile): gets the file each image was written to
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes each image atomically under a name of its own, "PREFIX-YYYYmmdd-HHMMSS.jpg"
 * then "-2", "-3"...  Blocks: a worker thread's job, or a command line's.
 *
 * Returns: %TRUE when every image was written
 */
gboolean
teller_cli_save_images (GFile         *folder,
                        GPtrArray     *images,
                        const char    *prefix,
                        GPtrArray     *files,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *basename = g_strdup_printf ("%s-%s.jpg", prefix, stamp);

  if (!teller_cli_make_folder (folder, error))
    return FALSE;

  for (guint i = 0; i < images->len; i++)
    {
      const TellerCapturedImage *image = g_ptr_array_index (images, i);
      g_autoptr(GFile) file = teller_document_store_unique_child (folder, basename);

      if (!teller_document_store_write_bytes (file, image->jpeg, cancellable, error))
        return FALSE;
      g_ptr_array_add (files, g_steal_pointer (&file));
    }

  return TRUE;
}

/* Worker thread: the folder, then each image under a name of its own. */
static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CaptureCall *call = task_data;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  if (!teller_cli_save_images (call->folder, call->images, "capture", files, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, teller_cli_build_capture_result (files, call->images),
                         (GDestroyNotify) json_node_unref);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CaptureCall *call = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  JsonNode *output = g_task_propagate_pointer (G_TASK (result), &error);

  teller_cli_finish (call->cli, output, error);
}

static void
captured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CaptureCall) call = user_data;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  call->images = teller_camera_service_capture_finish (TELLER_CAMERA_SERVICE (object),
                                                       result, &error);
  if (call->images == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }

  task = g_task_new (NULL, NULL, saved_cb, NULL);
  g_task_set_source_tag (task, captured_cb);
  g_task_set_task_data (task, g_steal_pointer (&call), (GDestroyNotify) capture_call_free);
  g_task_run_in_thread (task, save_thread);
}

/* Copies a given number into @field; -1 is TELLER_CAPTURE_UNSET, never a value. */
static gboolean
take_number (int         value,
             int        *field,
             const char *option,
             TellerCli  *cli,
             int        *status)
{
  g_autofree char *message = NULL;

  if (value == NOT_GIVEN)
    return TRUE;
  if (value != TELLER_CAPTURE_UNSET)
    {
      *field = value;
      return TRUE;
    }

  message = g_strdup_printf (_("The value of %s is out of range"), option);
  *status = teller_cli_usage_error (cli, message);
  return FALSE;
}

static int
camera_capture (TellerCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(TellerCaptureOptions) options = teller_capture_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *watermark = NULL;
  int camidx = NOT_GIVEN, cut_type = NOT_GIVEN, rotate = NOT_GIVEN, color = NOT_GIVEN;
  int dpi = NOT_GIVEN, quality = NOT_GIVEN;
  gboolean multi = FALSE;
  CaptureCall *call;
  int status;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The folder to write the images to"), N_("DIR") },
    { "camidx", 0, 0, G_OPTION_ARG_INT, &camidx, N_("Camera: 0 document, 1 face, 2 second face"), N_("INDEX") },
    { "cut-type", 0, 0, G_OPTION_ARG_INT, &cut_type, N_("Cut: 0 none, 1 auto, 3 book, 4 face"), N_("TYPE") },
    { "rotate", 0, 0, G_OPTION_ARG_INT, &rotate, N_("Rotate by a multiple of 90 degrees"), N_("DEGREES") },
    { "color", 0, 0, G_OPTION_ARG_INT, &color, N_("Colour: 0 colour, 1 grey, 2 black and white"), N_("TYPE") },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, N_("Resolution recorded in the images"), N_("DPI") },
    { "quality", 0, 0, G_OPTION_ARG_INT, &quality, N_("JPEG quality, 10 to 100"), N_("QUALITY") },
    { "multi", 0, 0, G_OPTION_ARG_NONE, &multi, N_("One image per object found (with --cut-type 1)"), NULL },
    { "watermark", 0, 0, G_OPTION_ARG_STRING, &watermark, N_("Stamp this text on the images"), N_("TEXT") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments besides its options"));
  if (out == NULL)
    return teller_cli_usage_error (cli, _("No output folder given (--out DIR)"));

  if (!take_number (camidx, &options->camidx, "--camidx", cli, &status) ||
      !take_number (cut_type, &options->cut_type, "--cut-type", cli, &status) ||
      !take_number (rotate, &options->rotate, "--rotate", cli, &status) ||
      !take_number (color, &options->color_type, "--color", cli, &status) ||
      !take_number (dpi, &options->xdpi, "--dpi", cli, &status) ||
      !take_number (dpi, &options->ydpi, "--dpi", cli, &status) ||
      !take_number (quality, &options->jpg_quality, "--quality", cli, &status))
    return status;
  if (multi)
    options->multi_object = TRUE;
  if (watermark != NULL)
    {
      options->watermark.enabled = TRUE;
      options->watermark.content = g_steal_pointer (&watermark);
    }

  /* Out-of-range values are the caller's mistake: a usage error, nothing sent. */
  if (!teller_capture_options_validate (options, &error))
    return teller_cli_usage_error (cli, error->message);

  call = g_new0 (CaptureCall, 1);
  call->cli = cli;
  call->folder = g_file_new_for_commandline_arg (out);
  teller_camera_service_capture_async (teller_services_get_camera (cli->services), options,
                                       NULL, captured_cb, call);

  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_capture_commands[] = {
  { "camera", "capture",
    "camera capture --out DIR [--camidx N] [--cut-type N] [--rotate N] [--color N] "
    "[--dpi N] [--quality N] [--multi] [--watermark TEXT]",
    camera_capture },
  { NULL }
};
