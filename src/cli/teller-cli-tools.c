/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include <glib-unix.h>

#include "teller-cli-private.h"
#include "teller-document-store.h"
#include "teller-image-tools.h"

/*
 * The image tools, text recognition and the serial barcode scanner (chapters 6, 10
 * and 11 of the CameraService document).  Images named on the command line are
 * read and base64-encoded in worker threads and sent as data, so the service never
 * needs to see this machine's paths; only `camera ocr --out` names a file the
 * service writes itself (on its machine; the simulator writes only in its sandbox).
 */

/* How often barcode-scanner read asks the service for a code. */
#define SCANNER_POLL_MS 200
#define SCANNER_DEFAULT_WAIT_S 10

typedef struct _ToolsCall
{
  TellerCli         *cli;
  TellerMergeFormat  format;
  char              *out;          /* camera merge: the local file to write */
  char              *output_file;  /* camera ocr: the file the service writes */
  gboolean           has_source;
  char              *service_path;
  /* What to do once the command's images are read; it takes over the call. */
  void             (*sources_loaded) (struct _ToolsCall *call,
                                      GPtrArray         *sources);
} ToolsCall;

static void
tools_call_free (ToolsCall *call)
{
  g_free (call->out);
  g_free (call->output_file);
  g_free (call->service_path);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ToolsCall, tools_call_free)

static ToolsCall *
tools_call_new (TellerCli *cli)
{
  ToolsCall *call = g_new0 (ToolsCall, 1);

  call->cli = cli;
  return call;
}

static TellerCameraService *
get_camera (ToolsCall *call)
{
  return teller_services_get_camera (call->cli->services);
}

static void
sources_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ToolsCall) call = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) sources = teller_image_sources_load_finish (result, &error);

  if (sources == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }
  call->sources_loaded (g_steal_pointer (&call), sources);
}

/* Reads the images off the main loop, then hands them and the call to @next. */
static void
load_sources (ToolsCall  *call,
              char      **paths,
              void      (*next) (ToolsCall *call,
                                 GPtrArray *sources))
{
  call->sources_loaded = next;
  teller_image_sources_load_async ((const char * const *) paths, NULL, sources_cb, call);
}

/* ---- camera barcode ------------------------------------------------------ */

static void
barcode_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ToolsCall) call = user_data;
  GError *error = NULL;
  g_autoptr(TellerBarcodeResult) barcodes =
    teller_camera_service_barcode_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  teller_cli_finish (call->cli, barcodes != NULL ? teller_barcode_result_to_json (barcodes) : NULL,
                     error);
}

static void
barcode_with_sources (ToolsCall *call,
                      GPtrArray *sources)
{
  g_auto(TellerBarcodeOptions) options = { 0 };

  teller_barcode_options_init (&options);
  options.source = teller_image_source_copy (g_ptr_array_index (sources, 0));
  teller_camera_service_barcode_async (get_camera (call), &options, NULL, barcode_cb, call);
}

static int
camera_barcode (TellerCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(ToolsCall) call = tools_call_new (cli);
  g_auto(GStrv) paths = NULL;
  int camidx = -1, status;
  const GOptionEntry entries[] = {
    { "camidx", 0, 0, G_OPTION_ARG_INT, &camidx, N_("Read from this camera"), N_("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("IMAGE") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (paths != NULL && (g_strv_length (paths) > 1 || camidx >= 0))
    return teller_cli_usage_error (cli, _("Give either --camidx or one image, not both"));
  /* 6.3 has no camera parameter: without an image the service reads camera 0. */
  if (camidx > 0 || camidx < -1)
    return teller_cli_usage_error (cli, _("The camera service reads barcodes from camera 0 only; "
                                          "capture from another camera and pass the image"));

  /* The callbacks own the call from here. */
  if (paths == NULL)
    teller_camera_service_barcode_async (teller_services_get_camera (cli->services), NULL, NULL,
                                         barcode_cb, g_steal_pointer (&call));
  else
    load_sources (g_steal_pointer (&call), paths, barcode_with_sources);
  return TELLER_CLI_RUNNING;
}

/* ---- camera ocr ---------------------------------------------------------- */

static void
ocr_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(ToolsCall) call = user_data;
  GError *error = NULL;
  g_autoptr(TellerOcrResult) ocr =
    teller_camera_service_ocr_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  teller_cli_finish (call->cli, ocr != NULL ? teller_ocr_result_to_json (ocr) : NULL, error);
}

static void
ocr_with_sources (ToolsCall *call,
                  GPtrArray *sources)
{
  teller_camera_service_ocr_async (get_camera (call),
                                   call->output_file != NULL ? TELLER_OCR_OUTPUT_FILE
                                                             : TELLER_OCR_OUTPUT_JSON,
                                   sources, call->output_file, NULL, ocr_cb, call);
}

static int
camera_ocr (TellerCli  *cli,
            int         argc,
            char      **argv)
{
  g_autoptr(ToolsCall) call = tools_call_new (cli);
  g_auto(GStrv) paths = NULL;
  g_autofree char *out = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("Have the service write the text to this file (.txt, .docx or .pdf)"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("IMAGE…") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (paths == NULL || paths[0] == NULL)
    return teller_cli_usage_error (cli, _("No images given"));

  /* The service runs on this machine (NOTES.md) and needs an absolute path. */
  if (out != NULL)
    call->output_file = g_canonicalize_filename (out, NULL);
  load_sources (g_steal_pointer (&call), paths, ocr_with_sources);
  return TELLER_CLI_RUNNING;
}

/* ---- camera merge -------------------------------------------------------- */

typedef struct
{
  GFile  *file;
  GBytes *bytes;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_object_unref (job->file);
  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;

  if (teller_document_store_write_bytes (job->file, job->bytes, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static JsonNode *
merge_result (ToolsCall *call,
              gsize      size)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *path = g_canonicalize_filename (call->out, NULL);
  g_autofree char *display = g_filename_display_name (path);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, display);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) size);
  if (call->service_path != NULL)
    {
      json_builder_set_member_name (builder, "service_filepath");
      json_builder_add_string_value (builder, call->service_path);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ToolsCall) call = user_data;
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    teller_cli_finish (call->cli, NULL, error);
  else
    teller_cli_finish (call->cli, merge_result (call, g_bytes_get_size (job->bytes)), NULL);
}

/* Writes atomically (temporary file, fsync, rename) in a worker thread. */
static void
write_document (ToolsCall *call,
                GBytes    *bytes)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job = g_new0 (WriteJob, 1);

  job->file = g_file_new_for_commandline_arg (call->out);
  job->bytes = g_bytes_ref (bytes);
  task = g_task_new (NULL, NULL, write_done_cb, call);
  g_task_set_source_tag (task, write_document);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_thread);
}

static void
file2base64_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ToolsCall) call = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes =
    teller_camera_service_file_to_base64_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  if (bytes == NULL)
    teller_cli_finish (call->cli, NULL, error);
  else
    write_document (g_steal_pointer (&call), bytes);
}

static void
merge_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ToolsCall) call = user_data;
  GError *error = NULL;
  g_autoptr(TellerMergedDocument) document =
    teller_camera_service_merge_document_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  if (document == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }
  call->service_path = g_strdup (document->filepath);
  /* A reply with only the path: fetch the file through the service (6.6). */
  if (document->data == NULL)
    {
      TellerCameraService *camera = get_camera (call);

      teller_camera_service_file_to_base64_async (camera, document->filepath, NULL,
                                                  file2base64_cb, g_steal_pointer (&call));
    }
  else
    write_document (g_steal_pointer (&call), document->data);
}

static void
merge_with_sources (ToolsCall *call,
                    GPtrArray *sources)
{
  teller_camera_service_merge_document_async (get_camera (call), call->format, sources, NULL,
                                              merge_cb, call);
}

static gboolean
parse_format (const char        *text,
              TellerMergeFormat *format)
{
  if (g_strcmp0 (text, "pdf") == 0)
    *format = TELLER_MERGE_FORMAT_PDF;
  else if (g_strcmp0 (text, "tif") == 0 || g_strcmp0 (text, "tiff") == 0)
    *format = TELLER_MERGE_FORMAT_TIF;
  else if (g_strcmp0 (text, "ofd") == 0)
    *format = TELLER_MERGE_FORMAT_OFD;
  else
    return FALSE;
  return TRUE;
}

static int
camera_merge (TellerCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(ToolsCall) call = tools_call_new (cli);
  g_auto(GStrv) paths = NULL;
  g_autofree char *format = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("pdf, tif or ofd"), N_("FORMAT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &call->out, N_("The document to write"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("IMAGE…") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (!parse_format (format, &call->format))
    return teller_cli_usage_error (cli, _("Give the format: --format pdf, tif or ofd"));
  if (call->out == NULL)
    return teller_cli_usage_error (cli, _("No output file given (--out FILE)"));
  if (paths == NULL || paths[0] == NULL)
    return teller_cli_usage_error (cli, _("No images given"));

  load_sources (g_steal_pointer (&call), paths, merge_with_sources);
  return TELLER_CLI_RUNNING;
}

/* ---- barcode-scanner read ------------------------------------------------- */

typedef struct
{
  TellerCli    *cli;
  GCancellable *cancellable;
  gint64        deadline;
  int           wait_s;
  guint         poll_id;
  guint         signal_ids[2];
  gboolean      closing;
  char         *code;
  GError       *error;
} ScannerRead;

static TellerCameraService *
scanner_camera (ScannerRead *read)
{
  return teller_services_get_camera (read->cli->services);
}

static void
scanner_read_finish (ScannerRead *read)
{
  g_autoptr(JsonBuilder) builder = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (read->signal_ids); i++)
    g_clear_handle_id (&read->signal_ids[i], g_source_remove);
  g_clear_object (&read->cancellable);

  if (read->code == NULL)
    {
      teller_cli_finish (read->cli, NULL, g_steal_pointer (&read->error));
      g_free (read);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, read->code);
  json_builder_end_object (builder);
  teller_cli_finish (read->cli, json_builder_get_root (builder), NULL);
  g_clear_error (&read->error);
  g_free (read->code);
  g_free (read);
}

static void
scanner_close_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScannerRead *read = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed close does not undo a code already read: say so, keep the result. */
  if (!teller_camera_service_barcode_scanner_close_finish (TELLER_CAMERA_SERVICE (object), result,
                                                          &error))
    {
      if (read->error == NULL && read->code == NULL)
        read->error = g_steal_pointer (&error);
      else
        g_printerr ("teller-cli: %s\n", error->message);
    }
  scanner_read_finish (read);
}

/* Every path out of the command goes through here once the scanner may be open. */
static void
scanner_close (ScannerRead *read)
{
  if (read->closing)
    return;
  read->closing = TRUE;
  g_clear_handle_id (&read->poll_id, g_source_remove);
  teller_camera_service_barcode_scanner_close_async (scanner_camera (read), NULL,
                                                     scanner_close_cb, read);
}

static void scanner_poll (ScannerRead *read);

/* The first error wins: an interruption stays one when the call it cut short fails. */
static void
scanner_take_error (ScannerRead *read,
                    GError      *error)
{
  if (read->error == NULL)
    read->error = error;
  else
    g_error_free (error);
}

static gboolean
scanner_poll_cb (gpointer user_data)
{
  ScannerRead *read = user_data;

  read->poll_id = 0;
  scanner_poll (read);
  return G_SOURCE_REMOVE;
}

static void
scanner_get_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScannerRead *read = user_data;
  GError *error = NULL;

  if (!teller_camera_service_barcode_scanner_get_finish (TELLER_CAMERA_SERVICE (object), result,
                                                         &read->code, &error))
    scanner_take_error (read, error);
  else if (read->code == NULL && g_get_monotonic_time () >= read->deadline)
    scanner_take_error (read, g_error_new (TELLER_ERROR, TELLER_ERROR_BUSY,
                                           _("No barcode was scanned within %d seconds"),
                                           read->wait_s));

  if (read->code != NULL || read->error != NULL || read->closing)
    scanner_close (read);
  else
    read->poll_id = g_timeout_add (SCANNER_POLL_MS, scanner_poll_cb, read);
}

static void
scanner_poll (ScannerRead *read)
{
  teller_camera_service_barcode_scanner_get_async (scanner_camera (read), read->cancellable,
                                                   scanner_get_cb, read);
}

static void
scanner_open_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScannerRead *read = user_data;
  GError *error = NULL;

  if (!teller_camera_service_barcode_scanner_open_finish (TELLER_CAMERA_SERVICE (object), result,
                                                          &error))
    {
      gboolean unreachable = g_error_matches (error, TELLER_ERROR, TELLER_ERROR_UNREACHABLE);

      scanner_take_error (read, error);
      /* Nothing listens: there is nothing to close. */
      if (unreachable)
        scanner_read_finish (read);
      else
        scanner_close (read);
      return;
    }
  if (read->error != NULL)
    scanner_close (read);
  else
    scanner_poll (read);
}

static gboolean
scanner_signal_cb (gpointer user_data)
{
  ScannerRead *read = user_data;

  /* An open or get in flight finishes cancelled and closes; else close now. */
  if (read->error == NULL)
    read->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       _("Interrupted before a barcode was scanned"));
  g_cancellable_cancel (read->cancellable);
  if (read->poll_id != 0)
    scanner_close (read);
  return G_SOURCE_CONTINUE;
}

static int
scanner_read (TellerCli  *cli,
              int         argc,
              char      **argv)
{
  ScannerRead *read;
  int wait_s = SCANNER_DEFAULT_WAIT_S, status;
  const GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait_s, N_("Seconds to wait for a code (default 10)"),
      N_("SECONDS") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments"));
  if (wait_s < 0)
    return teller_cli_usage_error (cli, _("The wait must be a positive number of seconds"));

  read = g_new0 (ScannerRead, 1);
  read->cli = cli;
  read->wait_s = wait_s;
  read->cancellable = g_cancellable_new ();
  read->deadline = g_get_monotonic_time () + (gint64) wait_s * G_USEC_PER_SEC;
  read->signal_ids[0] = g_unix_signal_add (SIGINT, scanner_signal_cb, read);
  read->signal_ids[1] = g_unix_signal_add (SIGTERM, scanner_signal_cb, read);
  teller_camera_service_barcode_scanner_open_async (teller_services_get_camera (cli->services), 0,
                                                    read->cancellable, scanner_open_cb, read);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_tools_commands[] = {
  { "camera", "barcode", "camera barcode [--camidx 0 | IMAGE]", camera_barcode },
  { "camera", "ocr", "camera ocr IMAGE… [--out FILE]", camera_ocr },
  { "camera", "merge", "camera merge --format pdf|tif|ofd --out FILE IMAGE…", camera_merge },
  { "barcode-scanner", "read", "barcode-scanner read [--wait SECONDS]", scanner_read },
  { NULL }
};
