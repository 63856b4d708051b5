/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-bench"

/*
 * bench-preview-peer URL SECONDS [SIM_PID]: the peer of the preview benchmark.
 * It runs exactly what
 *
 *   gst-launch-1.0 souphttpsrc location=URL ! multipartdemux ! jpegdec ! fakesink
 *
 * runs (the same gst_parse_launch() description, so the same elements in the same
 * threads), plus a buffer probe on fakesink's pad to count the decoded frames,
 * which gst-launch-1.0 itself cannot report without printing a line per frame.
 * From the first decoded frame plus a one-second warm-up it measures SECONDS of
 * wall time and prints
 *
 *   peer frames=N seconds=S cpu_ms=C
 *
 * where C is the process's user + system CPU time (every thread) over those S
 * seconds.  With SIM_PID, it sends the bench-sim process SIGUSR1 at the start and
 * the end of the window so that the simulator prints what it sent meanwhile.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <gst/gst.h>

#define WARM_UP_US G_USEC_PER_SEC

typedef struct
{
  GMainLoop *loop;
  gint       frames;          /* atomic: counted on the streaming thread */
  gint64     first_frame_us;
  gint64     start_us;
  gint64     start_cpu_us;
  gint       start_frames;
  double     seconds;
  pid_t      sim_pid;
  gboolean   failed;
} Peer;

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static GstPadProbeReturn
count_cb (GstPad          *pad,
          GstPadProbeInfo *info,
          gpointer         user_data)
{
  Peer *peer = user_data;

  g_atomic_int_inc (&peer->frames);
  return GST_PAD_PROBE_OK;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  Peer *peer = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR || GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      g_autoptr(GError) error = NULL;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        gst_message_parse_error (message, &error, NULL);
      g_printerr ("bench-preview-peer: the stream ended: %s\n",
                  error != NULL ? error->message : "end of stream");
      peer->failed = TRUE;
      g_main_loop_quit (peer->loop);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  Peer *peer = user_data;
  gint64 now = g_get_monotonic_time ();
  gint frames = g_atomic_int_get (&peer->frames);

  if (frames == 0)
    return G_SOURCE_CONTINUE;

  if (peer->first_frame_us == 0)
    peer->first_frame_us = now;

  if (peer->start_us == 0)
    {
      if (now - peer->first_frame_us < WARM_UP_US)
        return G_SOURCE_CONTINUE;
      peer->start_us = now;
      peer->start_cpu_us = cpu_time_us ();
      peer->start_frames = frames;
      if (peer->sim_pid > 0)
        kill (peer->sim_pid, SIGUSR1);
      return G_SOURCE_CONTINUE;
    }

  if (now - peer->start_us < peer->seconds * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  if (peer->sim_pid > 0)
    kill (peer->sim_pid, SIGUSR1);
  printf ("peer frames=%d seconds=%.3f cpu_ms=%.1f\n", frames - peer->start_frames,
          (now - peer->start_us) / (double) G_USEC_PER_SEC,
          (cpu_time_us () - peer->start_cpu_us) / 1000.0);
  fflush (stdout);
  g_main_loop_quit (peer->loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *description = NULL;
  Peer peer = { 0 };

  gst_init (&argc, &argv);
  if (argc < 3)
    {
      g_printerr ("usage: bench-preview-peer STREAM_URL SECONDS [SIM_PID]\n");
      return 2;
    }
  peer.seconds = g_ascii_strtod (argv[2], NULL);
  peer.sim_pid = argc > 3 ? (pid_t) atoi (argv[3]) : 0;
  peer.loop = g_main_loop_new (NULL, FALSE);

  description = g_strdup_printf ("souphttpsrc location=\"%s\" ! multipartdemux ! jpegdec "
                                 "! fakesink name=sink", argv[1]);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (pipeline == NULL)
    {
      g_printerr ("bench-preview-peer: %s\n", error->message);
      return 1;
    }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_cb, &peer, NULL);

  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, bus_cb, &peer);
  g_timeout_add (10, tick_cb, &peer);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  g_main_loop_run (peer.loop);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  g_main_loop_unref (peer.loop);
  return peer.failed ? 1 : 0;
}
