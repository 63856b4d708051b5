/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-services.h"

G_BEGIN_DECLS

/* teller-cli's exit statuses, as the README documents them. */
enum {
  TELLER_CLI_EXIT_OK = 0,
  TELLER_CLI_EXIT_DEVICE = 1,
  TELLER_CLI_EXIT_USAGE = 2,
  TELLER_CLI_EXIT_UNREACHABLE = 3,
};

/* A command started an async call: main runs the loop until teller_cli_finish(). */
#define TELLER_CLI_RUNNING (-1)

typedef struct
{
  TellerServicesConfig  config;
  TellerServices       *services;
  gboolean              json;
  GMainLoop            *loop;
  JsonNode             *result;
  GError               *error;
  int                   status;
} TellerCli;

/*
 * A command gets its own arguments (argv[0] is the command name, e.g. "status") and
 * either returns an exit status at once or starts a call and returns
 * TELLER_CLI_RUNNING; the call's callback ends with teller_cli_finish().
 */
typedef int (*TellerCliCommandFunc) (TellerCli *cli,
                                     int        argc,
                                     char     **argv);

typedef struct
{
  const char           *group;
  const char           *name;
  const char           *usage;
  TellerCliCommandFunc  run;
} TellerCliCommand;

/* Each area's commands, terminated by an entry with a NULL group. */
extern const TellerCliCommand teller_cli_camera_commands[];
extern const TellerCliCommand teller_cli_card_commands[];
extern const TellerCliCommand teller_cli_capture_commands[];
extern const TellerCliCommand teller_cli_detect_commands[];
extern const TellerCliCommand teller_cli_face_commands[];
extern const TellerCliCommand teller_cli_finger_commands[];
extern const TellerCliCommand teller_cli_pdf_commands[];
extern const TellerCliCommand teller_cli_settings_commands[];
extern const TellerCliCommand teller_cli_tools_commands[];

/* {"images":[{"path","width","height","bytes"}]} for written captures (teller-cli-capture.c). */
JsonNode *teller_cli_build_capture_result (GPtrArray *files,
                                           GPtrArray *images);
/* Captures go to a 0700 folder, each image atomically under a name of its own
 * (teller-cli-capture.c); both block. */
gboolean  teller_cli_make_folder          (GFile         *folder,
                                           GError       **error);
gboolean  teller_cli_save_images          (GFile         *folder,
                                           GPtrArray     *images,
                                           const char    *prefix,
                                           GPtrArray     *files,
                                           GCancellable  *cancellable,
                                           GError       **error);

void teller_cli_finish      (TellerCli  *cli,
                             JsonNode   *result,
                             GError     *error);
int  teller_cli_usage_error (TellerCli  *cli,
                             const char *message);
int  teller_cli_report_error (TellerCli    *cli,
                              const GError *error);
void teller_cli_print_json  (JsonNode   *node);
/* Adds "@name": @value to an object being built; nothing when @value is %NULL. */
void teller_cli_add_string  (JsonBuilder *builder,
                             const char  *name,
                             const char  *value);
/* Parses a command's own options; FALSE (with a usage error reported) on misuse. */
gboolean teller_cli_parse_command_options (TellerCli          *cli,
                                           const GOptionEntry *entries,
                                           int                *argc,
                                           char             ***argv,
                                           int                *status);
/* The same, with @description (what the command prints) below the options in
 * `teller-cli GROUP NAME --help`. */
gboolean teller_cli_parse_command_options_with_help (TellerCli          *cli,
                                                     const GOptionEntry *entries,
                                                     const char         *description,
                                                     int                *argc,
                                                     char             ***argv,
                                                     int                *status);

/*
 * Files a command writes or reads on the operator's behalf (teller-cli-files.c), in
 * worker threads.  Writing is atomic and 0600 (the data is personal); @as_jpeg
 * converts any other image format first.  It finishes with the written file's
 * absolute path, for display.  Reading finishes with a GPtrArray of GBytes that
 * zero themselves when freed; a file that cannot be read, or is empty, is
 * %TELLER_ERROR_INVALID_INPUT.
 */
void       teller_cli_write_file_async  (const char           *path,
                                         GBytes               *bytes,
                                         gboolean              as_jpeg,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char      *teller_cli_write_file_finish (GAsyncResult         *result,
                                         GError              **error);
void       teller_cli_read_files_async  (const char * const   *paths,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GPtrArray *teller_cli_read_files_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
