/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include "teller-cli-private.h"

/*
 * The camera's device settings from scripts:
 *
 *   camera resolutions [--camidx N]               ["4000x3000", ...]
 *   camera set-resolution WxH [--camidx N]        {"resolution": "2592x1944"}, the one in effect
 *   camera property get [NAME] [--camidx N]       one property, or all of them in a list
 *   camera property set NAME VALUE|auto [--camidx N]   the property as it is afterwards
 *   camera record start|stop|status|audio [--camidx N] [--out FILE]
 *
 * Without --camidx the document camera of the settings is meant; video=record
 * then leaves the camera to the service, as 3.6 does.
 */

/* --camidx not given */
#define NO_CAMIDX (-1)

typedef struct
{
  TellerCli *cli;
  char      *name;
  guint      camidx;
} PropertyCall;

static void
property_call_free (PropertyCall *call)
{
  g_free (call->name);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PropertyCall, property_call_free)

/* ---- Arguments --------------------------------------------------------- */

static gboolean
is_number (const char *text)
{
  gint64 number;

  return g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &number, NULL);
}

/*
 * Takes --camidx and --out (when @out is not NULL) out of argv.  Unknown options
 * are left in place by GOption so that a negative VALUE ("exposure -5") stays an
 * argument; whatever else starts with "-" is then refused.
 */
static gboolean
parse_options (TellerCli   *cli,
               int         *argc,
               char      ***argv,
               int         *camidx,
               char       **out,
               int         *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "camidx", 0, 0, G_OPTION_ARG_INT, camidx,
      N_("Camera index: 0 document, 1 and 2 portrait"), N_("N") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, out, N_("File to record the video to"), N_("FILE") },
    { NULL }
  };

  if (out == NULL)
    entries[1] = (GOptionEntry) { NULL };
  *camidx = NO_CAMIDX;
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = teller_cli_usage_error (cli, error->message);
      return FALSE;
    }

  for (int i = 1; i < *argc; i++)
    if ((*argv)[i][0] == '-' && !is_number ((*argv)[i]))
      {
        g_autofree char *message = g_strdup_printf (_("Unknown option %s"), (*argv)[i]);

        *status = teller_cli_usage_error (cli, message);
        return FALSE;
      }

  if (*camidx != NO_CAMIDX && (*camidx < 0 || *camidx > 2))
    {
      *status = teller_cli_usage_error (cli, _("The camera index must be 0, 1 or 2"));
      return FALSE;
    }
  return TRUE;
}

static guint
camidx_or_document (TellerCli *cli,
                    int        camidx)
{
  return camidx != NO_CAMIDX ? (guint) camidx : cli->config.document_camera_index;
}

static TellerCameraService *
get_camera (TellerCli *cli)
{
  return teller_services_get_camera (cli->services);
}

/* (transfer full) */
static JsonNode *
array_node (JsonArray *array)
{
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* {"name": value}; @value is taken. */
static JsonNode *
build_single (const char *name,
              JsonNode   *value)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_member (object, name, value);
  return json_node_init_object (json_node_alloc (), object);
}

/* ---- camera resolutions, camera set-resolution -------------------------- */

static void
resolutions_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autoptr(GArray) list = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  list = teller_camera_service_get_resolutions_finish (TELLER_CAMERA_SERVICE (object), result,
                                                       &error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      TellerResolution *size = &g_array_index (list, TellerResolution, i);
      g_autofree char *text = teller_resolution_to_string (size);

      json_array_add_string_element (array, text);
    }
  teller_cli_finish (cli, list != NULL ? array_node (array) : NULL, error);
}

static int
camera_resolutions (TellerCli  *cli,
                    int         argc,
                    char      **argv)
{
  int camidx, status;

  if (!parse_options (cli, &argc, &argv, &camidx, NULL, &status))
    return status;
  if (argc != 1)
    return teller_cli_usage_error (cli, _("Usage: camera resolutions [--camidx N]"));

  teller_camera_service_get_resolutions_async (get_camera (cli), camidx_or_document (cli, camidx),
                                               NULL, resolutions_cb, cli);
  return TELLER_CLI_RUNNING;
}

static void
set_resolution_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  TellerResolution effective;
  g_autofree char *text = NULL;

  if (!teller_camera_service_set_resolution_finish (TELLER_CAMERA_SERVICE (object), result,
                                                    &effective, &error))
    {
      teller_cli_finish (cli, NULL, error);
      return;
    }
  text = teller_resolution_to_string (&effective);
  teller_cli_finish (cli, build_single ("resolution", string_node (text)), NULL);
}

static int
camera_set_resolution (TellerCli  *cli,
                       int         argc,
                       char      **argv)
{
  TellerResolution resolution;
  int camidx, status;

  if (!parse_options (cli, &argc, &argv, &camidx, NULL, &status))
    return status;
  if (argc != 2)
    return teller_cli_usage_error (cli, _("Usage: camera set-resolution WxH [--camidx N]"));
  if (!teller_resolution_parse (argv[1], &resolution))
    return teller_cli_usage_error (cli, _("The resolution must be written WIDTHxHEIGHT, "
                                          "such as 2592x1944"));

  teller_camera_service_set_resolution_async (get_camera (cli), camidx_or_document (cli, camidx),
                                              &resolution, NULL, set_resolution_cb, cli);
  return TELLER_CLI_RUNNING;
}

/* ---- camera property get|set ------------------------------------------- */

static void
property_get_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PropertyCall) call = user_data;
  GError *error = NULL;
  g_autoptr(TellerCameraProperty) property =
    teller_camera_service_get_property_finish (TELLER_CAMERA_SERVICE (object), result, &error);

  teller_cli_finish (call->cli, property != NULL ? teller_camera_property_to_json (property) : NULL,
                     error);
}

static void
properties_get_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) properties =
    teller_camera_service_get_properties_finish (TELLER_CAMERA_SERVICE (object), result, &error);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; properties != NULL && i < properties->len; i++)
    {
      const TellerCameraProperty *property = g_ptr_array_index (properties, i);

      json_array_add_element (array, teller_camera_property_to_json (property));
    }
  teller_cli_finish (cli, properties != NULL ? array_node (array) : NULL, error);
}

static void
start_get_property (TellerCli    *cli,
                    PropertyCall *call)
{
  teller_camera_service_get_property_async (get_camera (cli), call->camidx, call->name, NULL,
                                            property_get_cb, call);
}

/* After a set, the property is read back, so the output shows what the device took. */
static void
property_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PropertyCall) call = user_data;
  TellerCameraService *camera = TELLER_CAMERA_SERVICE (object);
  GError *error = NULL;
  TellerCli *cli;
  gboolean done;

  if (g_async_result_is_tagged (result, teller_camera_service_set_property_auto_async))
    done = teller_camera_service_set_property_auto_finish (camera, result, &error);
  else
    done = teller_camera_service_set_property_finish (camera, result, &error);
  if (!done)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }

  cli = call->cli;
  start_get_property (cli, g_steal_pointer (&call));
}

static int
property_set (TellerCli    *cli,
              PropertyCall *call,
              const char   *value)
{
  gint64 number;

  if (g_str_equal (value, "auto"))
    {
      teller_camera_service_set_property_auto_async (get_camera (cli), call->camidx, call->name,
                                                     NULL, property_set_cb, call);
      return TELLER_CLI_RUNNING;
    }
  if (!g_ascii_string_to_signed (value, 10, G_MININT, G_MAXINT, &number, NULL))
    {
      property_call_free (call);
      return teller_cli_usage_error (cli, _("The value must be a whole number or “auto”"));
    }

  teller_camera_service_set_property_async (get_camera (cli), call->camidx, call->name,
                                            (int) number, NULL, property_set_cb, call);
  return TELLER_CLI_RUNNING;
}

static int
camera_property (TellerCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(PropertyCall) call = g_new0 (PropertyCall, 1);
  gboolean get, set;
  int camidx, status;

  if (!parse_options (cli, &argc, &argv, &camidx, NULL, &status))
    return status;

  get = argc >= 2 && g_str_equal (argv[1], "get") && argc <= 3;
  set = argc == 4 && g_str_equal (argv[1], "set");
  if (!get && !set)
    return teller_cli_usage_error (cli, _("Usage: camera property get [NAME] | "
                                          "set NAME VALUE|auto [--camidx N]"));
  if (argc >= 3 && !teller_camera_property_name_is_valid (argv[2]))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) teller_camera_property_names ());
      g_autofree char *message = g_strdup_printf (_("Unknown property “%s”; the properties are %s"),
                                                  argv[2], names);

      return teller_cli_usage_error (cli, message);
    }

  call->cli = cli;
  call->camidx = camidx_or_document (cli, camidx);
  call->name = g_strdup (argv[2]);
  if (set)
    return property_set (cli, g_steal_pointer (&call), argv[3]);
  if (argc == 2)
    teller_camera_service_get_properties_async (get_camera (cli), call->camidx, NULL,
                                                properties_get_cb, cli);
  else
    start_get_property (cli, g_steal_pointer (&call));
  return TELLER_CLI_RUNNING;
}

/* ---- camera record ----------------------------------------------------- */

static void
record_start_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autofree char *path =
    teller_camera_service_record_start_finish (TELLER_CAMERA_SERVICE (object), result, &error);
  JsonNode *node = NULL;

  if (path != NULL)
    node = build_single ("filepath", string_node (path));
  teller_cli_finish (cli, node, error);
}

static void
record_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TellerCli *cli = user_data;
  TellerCameraService *camera = TELLER_CAMERA_SERVICE (object);
  GError *error = NULL;
  g_autoptr(TellerRecordStatus) status = NULL;

  if (g_async_result_is_tagged (result, teller_camera_service_record_stop_async))
    status = teller_camera_service_record_stop_finish (camera, result, &error);
  else
    status = teller_camera_service_record_status_finish (camera, result, &error);
  teller_cli_finish (cli, status != NULL ? teller_record_status_to_json (status) : NULL, error);
}

static void
record_audio_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_auto(GStrv) names = teller_camera_service_record_audio_finish (TELLER_CAMERA_SERVICE (object),
                                                                   result, &error);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    json_array_add_string_element (array, names[i]);
  teller_cli_finish (cli, names != NULL ? build_single ("audio", array_node (array)) : NULL, error);
}

static int
record_start (TellerCli  *cli,
              int         camidx,
              const char *out)
{
  g_autoptr(TellerRecordOptions) options = teller_record_options_new ();

  options->camidx = camidx;
  /* The service resolves a relative path against its own folder, not ours. */
  if (out != NULL)
    options->filepath = g_canonicalize_filename (out, NULL);
  teller_camera_service_record_start_async (get_camera (cli), options, NULL, record_start_cb, cli);
  return TELLER_CLI_RUNNING;
}

static int
camera_record (TellerCli  *cli,
               int         argc,
               char      **argv)
{
  static const char * const record_actions[] = { "start", "stop", "status", "audio", NULL };
  TellerCameraService *camera = get_camera (cli);
  g_autofree char *out = NULL;
  int camidx, status;
  const char *action;

  if (!parse_options (cli, &argc, &argv, &camidx, &out, &status))
    return status;
  action = argc == 2 ? argv[1] : "";
  if (!g_strv_contains (record_actions, action))
    return teller_cli_usage_error (cli, _("Usage: camera record start|stop|status|audio "
                                          "[--camidx N] [--out FILE]"));
  if (out != NULL && !g_str_equal (action, "start"))
    return teller_cli_usage_error (cli, _("--out only goes with “camera record start”"));

  if (g_str_equal (action, "start"))
    return record_start (cli, camidx, out);
  if (g_str_equal (action, "stop"))
    teller_camera_service_record_stop_async (camera, camidx, NULL, record_status_cb, cli);
  else if (g_str_equal (action, "status"))
    teller_camera_service_record_status_async (camera, camidx, NULL, record_status_cb, cli);
  else
    teller_camera_service_record_audio_async (camera, NULL, record_audio_cb, cli);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_settings_commands[] = {
  { "camera", "resolutions", "camera resolutions [--camidx N]", camera_resolutions },
  { "camera", "set-resolution", "camera set-resolution WxH [--camidx N]", camera_set_resolution },
  { "camera", "property", "camera property get [NAME] | set NAME VALUE|auto [--camidx N]",
    camera_property },
  { "camera", "record", "camera record start|stop|status|audio [--camidx N] [--out FILE]",
    camera_record },
  { NULL }
};
