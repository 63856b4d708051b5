/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-bench"

/*
 * bench-sim: teller-devsim for the benchmarks.  The same simulator on a free port
 * (it prints "camera URL" like teller-devsim), in a process of its own so that its
 * JPEG encoding is not counted against the client measured, and it tells what it
 * sent: on SIGUSR1 it prints one line
 *
 *   counters encoded=N dropped=N grabimage=N
 *
 * (the document camera's stream frames encoded and skipped for a slow client since
 * start, and the video=grabimage requests served).  SIGTERM or SIGINT ends it.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>

#include "teller-sim.h"
#include "teller-sim-stream.h"

typedef struct
{
  TellerSim *sim;
  GMainLoop *loop;
} Bench;

static gboolean
quit_cb (gpointer user_data)
{
  Bench *bench = user_data;

  g_main_loop_quit (bench->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
counters_cb (gpointer user_data)
{
  Bench *bench = user_data;
  TellerSimStream *stream = teller_sim_stream_get_for_camera (teller_sim_get_camera (bench->sim));
  TellerSimServer *server = teller_sim_get_camera_server (bench->sim);

  printf ("counters encoded=%" G_GUINT64_FORMAT " dropped=%" G_GUINT64_FORMAT " grabimage=%u\n",
          teller_sim_stream_get_frames_encoded (stream, 0),
          teller_sim_stream_get_frames_dropped (stream, 0),
          teller_sim_server_get_request_count (server, "video=grabimage"));
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerSim) sim = teller_sim_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  Bench bench = { sim, loop };

  if (!teller_sim_start (sim, 0, &error))
    {
      g_printerr ("bench-sim: cannot start the simulator: %s\n", error->message);
      return 1;
    }

  url = teller_sim_dup_camera_url (sim);
  printf ("camera %s\n", url);
  fflush (stdout);

  g_unix_signal_add (SIGINT, quit_cb, &bench);
  g_unix_signal_add (SIGTERM, quit_cb, &bench);
  g_unix_signal_add (SIGUSR1, counters_cb, &bench);
  g_main_loop_run (loop);
  return 0;
}
