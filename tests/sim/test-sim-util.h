/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>

#include "teller-sim.h"

G_BEGIN_DECLS

/*
 * The simulator seen from the wire.  The server and the client share this thread's
 * main context, so every call is async and every wait is bounded.
 */

#define WAIT_MS 10000

typedef struct
{
  gboolean     done;
  guint        status;
  GBytes      *body;
  GError      *error;
  SoupMessage *message;
  gint64       elapsed_us;
} Reply;

/* Set up by sim_test_setup() for each test. */
extern TellerSim       *sim;
extern TellerSimServer *server;
extern SoupSession     *session;
extern char            *base_url;

void        reply_free      (Reply          *reply);
void        reply_sent_cb   (GObject        *source,
                             GAsyncResult   *result,
                             gpointer        user_data);
gboolean    wait_for        (const gboolean *flag,
                             guint           timeout_ms);
void        spin            (guint           ms);
Reply      *request_full    (const char     *method,
                             const char     *path,
                             const char     *body,
                             const char     *content_type);
Reply      *post            (const char     *path,
                             const char     *body);
JsonObject *parse_object    (GBytes         *body);
JsonObject *post_ok         (const char     *path,
                             const char     *body);
void        assert_member   (JsonObject     *object,
                             const char     *name,
                             const char     *expected);
void        set_fault       (const char     *route,
                             const char     *spec);
void        sim_test_setup    (void);
void        sim_test_teardown (void);

Suite      *devsim_suite    (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

G_END_DECLS
