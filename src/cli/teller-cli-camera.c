/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include "teller-cli-private.h"

static int
expect_no_arguments (TellerCli *cli,
                     int        argc)
{
  if (argc == 1)
    return TELLER_CLI_RUNNING;
  return teller_cli_usage_error (cli, _("This command takes no arguments"));
}

static void
camera_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autoptr(TellerCameraStatus) status =
    teller_camera_service_status_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  teller_cli_finish (cli, status != NULL ? teller_camera_status_to_json (status) : NULL, error);
}

static int
camera_status (TellerCli  *cli,
               int         argc,
               char      **argv)
{
  int status = expect_no_arguments (cli, argc);

  if (status == TELLER_CLI_RUNNING)
    teller_camera_service_status_async (teller_services_get_camera (cli->services), NULL,
                                        camera_status_cb, cli);
  return status;
}

static void
camera_info_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autoptr(TellerCameraInfo) info =
    teller_camera_service_info_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  teller_cli_finish (cli, info != NULL ? teller_camera_info_to_json (info) : NULL, error);
}

static int
camera_info (TellerCli  *cli,
             int         argc,
             char      **argv)
{
  int status = expect_no_arguments (cli, argc);

  if (status == TELLER_CLI_RUNNING)
    teller_camera_service_info_async (teller_services_get_camera (cli->services), NULL,
                                      camera_info_cb, cli);
  return status;
}

const TellerCliCommand teller_cli_camera_commands[] = {
  { "camera", "status", "camera status", camera_status },
  { "camera", "info", "camera info", camera_info },
  { NULL }
};
