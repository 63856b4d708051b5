/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gnetworking.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <libsoup/soup.h>

#include "teller-camera-service.h"
#include "teller-error.h"
#include "teller-sim.h"
#include "teller-sim-stream.h"
#include "test-util.h"

G_BEGIN_DECLS

/*
 * The preview stream and document detection (chapters 3.1, 3.4, 3.5, 3.9, 3.10):
 * the simulator's MJPEG stream read by GStreamer and by plain HTTP, its end on
 * unplug and video=close, its cost when idle, and video=detectdoc through the
 * client API.  The simulator answers from this thread's main context, so every
 * wait spins it, and every wait is bounded.  One check suite, a test case a file.
 */

#define CALL_TIMEOUT_MS 2000
#define WAIT_MS         5000
#define TEST_WIDTH      320
#define TEST_HEIGHT     240
#define TEST_FRAMERATE  30
#define TEST_CYCLE_MS   1500

typedef struct
{
  GstElement *pipeline;
  GMutex      lock;
  guint       frames;
  int         width;
  int         height;
  double      mean[3];   /* of the newest frame, R G B */
  gboolean    eos;
  gboolean    error;
} GstClient;
void gst_client_free (GstClient *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstClient, gst_client_free)
typedef struct
{
  SoupSession  *session;
  SoupMessage  *message;
  GInputStream *body;
  GCancellable *cancellable;
  GByteArray   *data;
  gboolean      headers;
  gboolean      done;
  GError       *error;
} RawClient;
void raw_client_free (RawClient *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawClient, raw_client_free)
typedef struct
{
  guint    parts;
  gsize    max_part;
  gboolean closed;  /* the closing delimiter came */
  gboolean valid;
  char    *problem;
} Multipart;
void multipart_clear (Multipart *multipart);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Multipart, multipart_clear)

extern TellerSim           *sim;
extern TellerSimStream     *stream;
extern TellerJsonClient    *client;
extern TellerCameraService *camera;

/* The helpers of test-stream.c, shared by its files. */
void setup (void);
void teardown (void);
void spin (guint ms);
void set_plugged (gboolean plugged);
JsonNode *parse (const char *text);
GstClient *gst_client_new (const char *url);
guint gst_client_frames (GstClient *self);
gboolean gst_client_ended (GstClient *self);
void gst_client_get_mean (GstClient *self, double mean[3]);
gboolean mean_is_error_picture (const double mean[3]);
gboolean mean_is_closed_picture (const double mean[3]);
char *dup_stream_url (guint camidx);
RawClient *raw_client_new (const char *url);
void parse_multipart (GByteArray *array, Multipart *out);
guint raw_client_parts (RawClient *self);
TellerCameraPresence status_of (const char *slot);
gboolean call_open_close (gboolean open, guint camidx, GError **error);
TellerDetectState detect_status (GError **error);
gboolean detect_start (guint interval_ms, GError **error);
gboolean detect_stop (GError **error);

/* One test case a file. */
TCase *stream_parsers_tcase (void);
TCase *stream_stream_tcase (void);
TCase *stream_detect_tcase (void);

G_END_DECLS
