/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The harness of the identity-cli test: teller-cli as a script runs it, against an
 * in-process simulator whose card reader the tests drive. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "test-identity-cli.h"
#include "test-util.h"

#define RUN_TIMEOUT_MS 60000

static struct
{
  TellerSim *sim;
  char      *url;
  char      *dir;
} fx;

void
id_cli_run_clear (IdCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
id_cli_setup (void)
{
  g_autoptr(GError) error = NULL;

  fx.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fx.sim, 0, &error), "%s", error != NULL ? error->message : "");
  fx.url = teller_sim_dup_camera_url (fx.sim);
  fx.dir = g_dir_make_tmp ("teller-identity-cli-XXXXXX", &error);
  ck_assert_ptr_nonnull (fx.dir);
}

void
id_cli_teardown (void)
{
  g_auto(GStrv) names = id_cli_list_dir ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = id_cli_path (names[i]);

      g_unlink (path);
    }
  g_rmdir (fx.dir);
  g_clear_pointer (&fx.dir, g_free);
  g_clear_pointer (&fx.url, g_free);
  g_clear_object (&fx.sim);
}

TellerSim *
id_cli_sim (void)
{
  return fx.sim;
}

TellerSimCardReader *
id_cli_reader (void)
{
  return teller_sim_get_card_reader (fx.sim);
}

const char *
id_cli_dir (void)
{
  return fx.dir;
}

char *
id_cli_path (const char *name)
{
  return g_build_filename (fx.dir, name, NULL);
}

void
id_cli_set_url (const char *url)
{
  g_free (fx.url);
  fx.url = g_strdup (url);
}

void
id_cli_control (const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fx.url, "/__sim/card", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/json", body);
  /* Asynchronous: the simulator answers on this thread's main context. */
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  test_wait_for_result (&result, RUN_TIMEOUT_MS);
  reply = soup_session_send_and_read_finish (session, result, &error);
  ck_assert_msg (reply != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (soup_message_get_status (message), 200);
}

GSubprocess *
id_cli_spawn (const char * const  *args,
              GAsyncResult       **result)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (char *) TELLER_CLI_PATH);
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, (char *) "--camera-url");
  g_ptr_array_add (argv, fx.url);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  ck_assert_msg (process != NULL, "%s", error != NULL ? error->message : "");
  g_subprocess_communicate_utf8_async (process, NULL, NULL, test_store_result_cb, result);
  return process;
}

IdCliRun
id_cli_finish (GSubprocess   *process,
               GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  IdCliRun run = { 0 };

  /* The main loop keeps turning meanwhile, so the in-process simulator answers. */
  test_wait_for_result (result, RUN_TIMEOUT_MS);
  ck_assert (g_subprocess_communicate_utf8_finish (process, *result, &run.out, &run.err, &error));
  ck_assert_msg (g_subprocess_get_if_exited (process), "teller-cli died (signal %d): %s",
                 g_subprocess_get_if_signaled (process) ? g_subprocess_get_term_sig (process) : 0,
                 run.err);
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

IdCliRun
id_cli_run_argv (const char * const *args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSubprocess) process = id_cli_spawn (args, &result);

  return id_cli_finish (process, &result);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "%s: %s",
                 error != NULL ? error->message : "", text);
  root = json_parser_get_root (parser);
  ck_assert (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
id_cli_assert_ok (const IdCliRun *run)
{
  ck_assert_msg (run->status == 0, "exit %d: %s", run->status, run->err);
  /* A success says nothing on stderr: no warning, and so no card value. */
  ck_assert_msg (*run->err == '\0', "stderr: %s", run->err);
  return parse_object (run->out);
}

void
id_cli_assert_error (const IdCliRun *run,
                     int             status,
                     const char     *kind,
                     const char     *code)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error;

  ck_assert_msg (run->status == status, "exit %d, wanted %d: %s", run->status, status, run->err);
  ck_assert_msg (g_str_has_prefix (run->err, "teller-cli: "), "stderr: %s", run->err);
  ck_assert_msg (strlen (run->err) > strlen ("teller-cli: \n"), "no message");
  object = parse_object (run->out);
  error = json_object_get_object_member (object, "error");
  ck_assert_ptr_nonnull (error);
  ck_assert_str_eq (json_object_get_string_member (error, "kind"), kind);
  if (code != NULL)
    ck_assert_str_eq (json_object_get_string_member (error, "code"), code);
}

void
id_cli_assert_no_values (const char         *text,
                         const char         *card,
                         const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *value = teller_sim_card_reader_dup_card_value (card, fields[i]);

      ck_assert_msg (value != NULL, "%s has no %s", card, fields[i]);
      ck_assert_msg (strstr (text, value) == NULL, "%s's %s appears in: %s", card, fields[i], text);
    }
}

char *
id_cli_mask (const char *number)
{
  gsize length = strlen (number);
  GString *masked = g_string_new (NULL);

  ck_assert_uint_gt (length, 10);
  g_string_append_len (masked, number, 6);
  for (gsize i = 6; i < length - 4; i++)
    g_string_append_c (masked, '*');
  g_string_append (masked, number + length - 4);
  return g_string_free (masked, FALSE);
}

GBytes *
id_cli_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  ck_assert_msg (g_file_get_contents (path, &data, &size, &error), "%s",
                 error != NULL ? error->message : "");
  return g_bytes_new_take (data, size);
}

static int
compare_names (const void *a,
               const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

GStrv
id_cli_list_dir (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GDir) dir = g_dir_open (fx.dir, 0, NULL);
  const char *name;
  GStrv names;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_strv_builder_add (builder, name);
  names = g_strv_builder_end (builder);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

int
main (void)
{
  SRunner *runner = srunner_create (id_cli_card_suite ());
  int failed;

  srunner_add_suite (runner, id_cli_bio_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
