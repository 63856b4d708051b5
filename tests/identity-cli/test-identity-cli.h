/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <json-glib/json-glib.h>

#include "teller-sim.h"
#include "teller-sim-card.h"

G_BEGIN_DECLS

/*
 * teller-cli's card, face and finger commands against an in-process simulator: each
 * test gets a fresh simulator (its card reader reset, no card placed) and a private
 * folder for the files the commands read and write.
 */

typedef struct
{
  int   status;
  char *out;
  char *err;
} IdCliRun;

void                 id_cli_run_clear (IdCliRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IdCliRun, id_cli_run_clear)

void                 id_cli_setup     (void);
void                 id_cli_teardown  (void);

TellerSim           *id_cli_sim       (void);
TellerSimCardReader *id_cli_reader    (void);
/* The test's folder, emptied and removed at teardown. */
const char          *id_cli_dir       (void);
char                *id_cli_path      (const char *name);
/* Makes later runs talk to @url instead of the simulator. */
void                 id_cli_set_url   (const char *url);

/* POSTs @json to the simulator's /__sim/card control route, as a test script would. */
void                 id_cli_control   (const char *json);

/* Starts teller-cli as id_cli_run() does, without waiting; @result gets the end of
 * its output, which id_cli_finish() collects. */
GSubprocess         *id_cli_spawn     (const char * const  *args,
                                       GAsyncResult       **result);
IdCliRun             id_cli_finish    (GSubprocess         *process,
                                       GAsyncResult       **result);
/* teller-cli --json --camera-url SIM ARGS...; fails the test after 60 s. */
IdCliRun             id_cli_run_argv  (const char * const *args);
#define id_cli_run(...) id_cli_run_argv ((const char * const[]) { __VA_ARGS__, NULL })

/* The run succeeded, with nothing on stderr: its stdout as an object (a new
 * reference). */
JsonObject          *id_cli_assert_ok (const IdCliRun *run);
/* The run failed with @status, a one-line "teller-cli: " message on stderr, and
 * {"error": {"kind": @kind, ...}} on stdout; @code is checked unless NULL. */
void                 id_cli_assert_error (const IdCliRun *run,
                                          int             status,
                                          const char     *kind,
                                          const char     *code);
/* None of @card's values for @fields (NULL-terminated) appears in @text. */
void                 id_cli_assert_no_values (const char         *text,
                                              const char         *card,
                                              const char * const *fields);
/* "110101********1234": the first 6 and last 4 characters kept. */
char                *id_cli_mask      (const char *number);
/* The file's contents; fails the test when it cannot be read. */
GBytes              *id_cli_read_file (const char *path);
/* Names of the files in the test's folder, sorted. */
GStrv                id_cli_list_dir  (void);

Suite               *id_cli_card_suite (void);
Suite               *id_cli_bio_suite  (void);

G_END_DECLS
