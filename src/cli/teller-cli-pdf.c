/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include "teller-cli-private.h"
#include "teller-pdf-writer.h"

typedef struct
{
  TellerCli *cli;
  GFile     *output;
  guint      n_pages;
} PdfCall;

static void
pdf_from_images_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree PdfCall *call = user_data;
  g_autoptr(GFile) output = call->output;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  GError *error = NULL;

  if (teller_pdf_write_from_images_finish (result, &error))
    info = g_file_query_info (output, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                              G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }

  path = g_file_get_path (output);
  display = g_filename_display_name (path);
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, display);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, call->n_pages);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, g_file_info_get_size (info));
  json_builder_end_object (builder);
  teller_cli_finish (call->cli, json_builder_get_root (builder), NULL);
}

/* Needs no service: the images are merged here, in a worker thread. */
static int
pdf_from_images (TellerCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *output = NULL;
  g_auto(GStrv) paths = NULL;
  PdfCall *call;
  int status;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF to write"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("IMAGE…") },
    { NULL }
  };

  if (!teller_cli_parse_command_options (cli, entries, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return teller_cli_usage_error (cli, _("No output file given (--out FILE)"));
  if (paths == NULL || paths[0] == NULL)
    return teller_cli_usage_error (cli, _("No images given"));

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (images, g_file_new_for_commandline_arg (paths[i]));

  call = g_new0 (PdfCall, 1);
  call->cli = cli;
  call->output = g_file_new_for_commandline_arg (output);
  call->n_pages = images->len;
  teller_pdf_write_from_images_async (call->output, (GFile * const *) images->pdata,
                                      images->len, NULL, pdf_from_images_cb, call);

  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_pdf_commands[] = {
  { "pdf", "from-images", "pdf from-images --out FILE IMAGE…", pdf_from_images },
  { NULL }
};
