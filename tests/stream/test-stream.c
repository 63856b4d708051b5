/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview stream and document detection (chapters 3.1, 3.4, 3.5, 3.9, 3.10):
 * the simulator's MJPEG stream read by GStreamer and by plain HTTP, its end on
 * unplug and video=close, its cost when idle, and video=detectdoc through the
 * client API.  The simulator answers from this thread's main context, so every
 * wait spins it, and every wait is bounded. */

#include "config.h"

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

#define CALL_TIMEOUT_MS 2000
#define WAIT_MS         5000
#define TEST_WIDTH      320
#define TEST_HEIGHT     240
#define TEST_FRAMERATE  30
#define TEST_CYCLE_MS   1500

/*
 * LeakSanitizer (the -Db_sanitize=address build), on top of tests/lsan.supp:
 * souphttpsrc, the test's player (gst-plugins-good 1.22), leaks its session
 * thread's last pending read and, torn down, its shared session's close
 * request.  The sanitizer runtime calls this function when the test is built
 * with it.
 */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libgstsoup.so\n"
         "leak:gst_client_free\n";
}

static TellerSim           *sim;
static TellerSimStream     *stream;
static TellerJsonClient    *client;
static TellerCameraService *camera;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  gst_init (NULL, NULL);
  sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (sim, 0, &error), "%s", error ? error->message : "");
  stream = teller_sim_stream_get_for_camera (teller_sim_get_camera (sim));
  ck_assert_ptr_nonnull (stream);
  teller_sim_stream_set_size (stream, TEST_WIDTH, TEST_HEIGHT);
  teller_sim_stream_set_framerate (stream, TEST_FRAMERATE);
  teller_sim_stream_set_document_cycle_ms (stream, TEST_CYCLE_MS);

  url = teller_sim_dup_camera_url (sim);
  client = teller_json_client_new ();
  camera = teller_camera_service_new (client, url);
  teller_service_set_timeout_ms (TELLER_SERVICE (camera), CALL_TIMEOUT_MS);
}

static void
teardown (void)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  g_clear_object (&camera);
  g_clear_object (&client);
  stream = NULL;
  g_clear_object (&sim);
  while (g_main_context_iteration (NULL, FALSE) && g_get_monotonic_time () < deadline)
    ;
}

/* Spins the main context for @ms. */
static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
set_plugged (gboolean plugged)
{
  g_object_set (teller_sim_get_camera (sim), "plugged", plugged, NULL);
}

/* ---- A GStreamer client: souphttpsrc ! multipartdemux ! jpegdec -------- */

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

/* Streaming thread: counts the frame and keeps its size and mean colour. */
static GstFlowReturn
gst_client_sample_cb (GstAppSink *sink,
                      gpointer    user_data)
{
  GstClient *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstStructure *structure = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  double sum[3] = { 0, 0, 0 };
  guint64 count = 0;
  int width = 0, height = 0;
  GstMapInfo map;

  gst_structure_get_int (structure, "width", &width);
  gst_structure_get_int (structure, "height", &height);
  if (width > 0 && height > 0 && gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      gsize stride = GST_ROUND_UP_4 ((gsize) width * 3);

      for (int y = 0; y < height; y += 4)
        for (int x = 0; x < width; x += 4)
          {
            const guint8 *pixel = map.data + (gsize) y * stride + (gsize) x * 3;

            if ((gsize) (pixel - map.data) + 3 > map.size)
              continue;
            sum[0] += pixel[0];
            sum[1] += pixel[1];
            sum[2] += pixel[2];
            count++;
          }
      gst_buffer_unmap (buffer, &map);
    }

  g_mutex_lock (&self->lock);
  self->frames++;
  self->width = width;
  self->height = height;
  for (guint i = 0; i < 3; i++)
    self->mean[i] = count > 0 ? sum[i] / count : 0;
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static GstClient *
gst_client_new (const char *url)
{
  static const GstAppSinkCallbacks callbacks = { .new_sample = gst_client_sample_cb };
  GstClient *self = g_new0 (GstClient, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autofree char *description =
    g_strdup_printf ("souphttpsrc location=\"%s\" ! multipartdemux ! jpegdec ! videoconvert "
                     "! video/x-raw,format=RGB ! appsink name=sink sync=false", url);

  g_mutex_init (&self->lock);
  self->pipeline = gst_parse_launch (description, &error);
  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), (GstAppSinkCallbacks *) &callbacks, self, NULL);
  ck_assert_int_ne (gst_element_set_state (self->pipeline, GST_STATE_PLAYING),
                    GST_STATE_CHANGE_FAILURE);
  return self;
}

static void
gst_client_free (GstClient *self)
{
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_object_unref (self->pipeline);
  g_mutex_clear (&self->lock);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstClient, gst_client_free)

static guint
gst_client_frames (GstClient *self)
{
  guint frames;

  g_mutex_lock (&self->lock);
  frames = self->frames;
  g_mutex_unlock (&self->lock);
  return frames;
}

/* TRUE once the pipeline saw EOS or an error (reads the bus without blocking). */
static gboolean
gst_client_ended (GstClient *self)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
  GstMessage *message;

  while ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR)) != NULL)
    {
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        self->eos = TRUE;
      else
        self->error = TRUE;
      gst_message_unref (message);
    }
  return self->eos || self->error;
}

static void
gst_client_get_mean (GstClient *self,
                     double     mean[3])
{
  g_mutex_lock (&self->lock);
  memcpy (mean, self->mean, sizeof self->mean);
  g_mutex_unlock (&self->lock);
}

/* The simulator's last pictures: red for "device error", slate blue for "closed". */
static gboolean
mean_is_error_picture (const double mean[3])
{
  return mean[0] > 2 * mean[1] && mean[0] > 2 * mean[2];
}

static gboolean
mean_is_closed_picture (const double mean[3])
{
  return mean[2] > mean[0] + 30 && mean[2] > mean[1] + 20;
}

static char *
dup_stream_url (guint camidx)
{
  return teller_camera_service_dup_stream_url (camera, camidx);
}

/* ---- A raw HTTP client: the bytes as they come ------------------------- */

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

static void raw_client_read (RawClient *self);

static void
raw_client_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RawClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object),
                                                              result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* self may be gone */
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      self->done = TRUE;
      self->error = g_steal_pointer (&error);
      return;
    }
  g_byte_array_append (self->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  raw_client_read (self);
}

static void
raw_client_read (RawClient *self)
{
  g_input_stream_read_bytes_async (self->body, 64 * 1024, G_PRIORITY_DEFAULT,
                                   self->cancellable, raw_client_read_cb, self);
}

static void
raw_client_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RawClient *self = user_data;
  g_autoptr(GError) error = NULL;
  GInputStream *body = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      self->done = TRUE;
      self->error = g_steal_pointer (&error);
      return;
    }
  self->body = body;
  self->headers = TRUE;
  raw_client_read (self);
}

static RawClient *
raw_client_new (const char *url)
{
  RawClient *self = g_new0 (RawClient, 1);

  self->session = soup_session_new ();
  self->message = soup_message_new (SOUP_METHOD_GET, url);
  self->cancellable = g_cancellable_new ();
  self->data = g_byte_array_new ();
  soup_session_send_async (self->session, self->message, G_PRIORITY_DEFAULT,
                           self->cancellable, raw_client_sent_cb, self);
  return self;
}

/* Leaves: the connection is closed, as a browser closing its tab does. */
static void
raw_client_free (RawClient *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->body != NULL)
    g_input_stream_close (self->body, NULL, NULL);
  soup_session_abort (self->session);
  /* Let the cancelled callbacks run before their data goes. */
  spin (20);
  g_clear_object (&self->body);
  g_clear_object (&self->message);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_byte_array_unref (self->data);
  g_clear_error (&self->error);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawClient, raw_client_free)

typedef struct
{
  guint    parts;
  gsize    max_part;
  gboolean closed;  /* the closing delimiter came */
  gboolean valid;
  char    *problem;
} Multipart;

static void
multipart_clear (Multipart *multipart)
{
  g_clear_pointer (&multipart->problem, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Multipart, multipart_clear)

static gboolean
starts_with (const guint8 *data,
             gsize         len,
             const char   *prefix)
{
  return len >= strlen (prefix) && memcmp (data, prefix, strlen (prefix)) == 0;
}

/* Reads complete parts from @data: delimiter, headers, a JPEG of Content-Length
 * bytes from SOI to EOI, CRLF; stops at the closing delimiter or missing bytes. */
static void
parse_multipart (GByteArray *array,
                 Multipart  *out)
{
  const char *delimiter = "--" TELLER_SIM_STREAM_BOUNDARY "\r\n";
  const char *closing = "--" TELLER_SIM_STREAM_BOUNDARY "--\r\n";
  const guint8 *data = array->data;
  gsize len = array->len;
  gsize pos = 0;

  memset (out, 0, sizeof *out);
  out->valid = TRUE;
  while (pos < len)
    {
      const guint8 *end_of_headers;
      g_autofree char *headers = NULL;
      const char *length_header;
      gsize body, size;

      if (starts_with (data + pos, len - pos, closing))
        {
          out->closed = TRUE;
          return;
        }
      if (len - pos < strlen (closing))
        return;
      if (!starts_with (data + pos, len - pos, delimiter))
        {
          out->valid = FALSE;
          out->problem = g_strdup_printf ("no delimiter at byte %" G_GSIZE_FORMAT, pos);
          return;
        }
      pos += strlen (delimiter);
      end_of_headers = memmem (data + pos, len - pos, "\r\n\r\n", 4);
      if (end_of_headers == NULL)
        return;
      headers = g_strndup ((const char *) data + pos, end_of_headers - (data + pos));
      length_header = strstr (headers, "Content-Length: ");
      if (strstr (headers, "Content-Type: image/jpeg") == NULL || length_header == NULL)
        {
          out->valid = FALSE;
          out->problem = g_strdup_printf ("part headers: %s", headers);
          return;
        }
      size = (gsize) g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);
      body = (gsize) (end_of_headers - data) + 4;
      if (body + size + 2 > len)
        return;
      if (size < 4 || data[body] != 0xFF || data[body + 1] != 0xD8 ||
          data[body + size - 2] != 0xFF || data[body + size - 1] != 0xD9 ||
          data[body + size] != '\r' || data[body + size + 1] != '\n')
        {
          out->valid = FALSE;
          out->problem = g_strdup_printf ("part %u is not a JPEG between SOI and EOI", out->parts);
          return;
        }
      out->parts++;
      out->max_part = MAX (out->max_part, size);
      pos = body + size + 2;
    }
}

static guint
raw_client_parts (RawClient *self)
{
  g_auto(Multipart) multipart = { 0 };

  parse_multipart (self->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  return multipart.parts;
}

/* ---- Client API calls -------------------------------------------------- */

static TellerCameraPresence
status_of (const char *slot)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerCameraStatus) status = NULL;

  teller_camera_service_status_async (camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  status = teller_camera_service_status_finish (camera, result, &error);
  ck_assert_msg (status != NULL, "%s", error ? error->message : "");
  return teller_camera_status_get (status, slot);
}

static gboolean
call_open_close (gboolean   open,
                 guint      camidx,
                 GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (open)
    teller_camera_service_open_async (camera, camidx, NULL, test_store_result_cb, &result);
  else
    teller_camera_service_close_async (camera, camidx, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return open ? teller_camera_service_open_finish (camera, result, error)
              : teller_camera_service_close_finish (camera, result, error);
}

static TellerDetectState
detect_status (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_detect_status_async (camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return teller_camera_service_detect_status_finish (camera, result, error);
}

static gboolean
detect_start (guint    interval_ms,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_detect_start_async (camera, interval_ms, NULL,
                                            test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return teller_camera_service_detect_start_finish (camera, result, error);
}

static gboolean
detect_stop (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_detect_stop_async (camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return teller_camera_service_detect_stop_finish (camera, result, error);
}

/* ---- No network -------------------------------------------------------- */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error ? error->message : "");
  return node;
}

/* Chapter 3.5's table, action by action. */
static const struct {
  const char        *action;
  const char        *reply;
  gboolean           ok;
  TellerDetectState  state;
  int                error_kind;
  const char        *vendor_code;
} detect_replies[] = {
  { "start", "{\"code\":\"0\"}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "start", "{\"code\":0}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "start", "{\"code\":\"2\",\"message\":\"x\"}", FALSE, 0, TELLER_ERROR_DEVICE, "2" },
  { "start", "{\"code\":\"1\"}", FALSE, 0, TELLER_ERROR_INVALID_INPUT, "1" },
  { "start", "{\"code\":\"3\"}", FALSE, 0, TELLER_ERROR_DEVICE, "3" },
  { "stop", "{\"code\":\"6\"}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "stop", "{\"code\":\"5\"}", TRUE, TELLER_DETECT_STATE_UNKNOWN, 0, NULL },
  { "stop", "{\"code\":\"2\"}", FALSE, 0, TELLER_ERROR_DEVICE, "2" },
  { "status", "{\"code\":\"100\"}", TRUE, TELLER_DETECT_STATE_NONE, 0, NULL },
  { "status", "{\"code\":\"101\",\"message\":\"检测到新文档\"}", TRUE,
    TELLER_DETECT_STATE_NEW_DOCUMENT, 0, NULL },
  { "status", "{\"code\":102}", TRUE, TELLER_DETECT_STATE_SAME_DOCUMENT, 0, NULL },
  { "status", "{\"code\":\"5\"}", TRUE, TELLER_DETECT_STATE_NOT_STARTED, 0, NULL },
  { "status", "{\"code\":\"6\"}", TRUE, TELLER_DETECT_STATE_NOT_STARTED, 0, NULL },
  { "status", "{\"code\":\"2\"}", FALSE, 0, TELLER_ERROR_DEVICE, "2" },
  { "status", "{\"code\":\"3\"}", FALSE, 0, TELLER_ERROR_DEVICE, "3" },
  { "status", "{\"code\":\"999\"}", FALSE, 0, TELLER_ERROR_DEVICE, "999" },
  { "status", "{\"message\":\"no code\"}", FALSE, 0, TELLER_ERROR_BAD_RESPONSE, NULL },
  { "status", "[100]", FALSE, 0, TELLER_ERROR_BAD_RESPONSE, NULL },
};

START_TEST (test_detect_reply_check)
{
  g_autoptr(JsonNode) reply = parse (detect_replies[_i].reply);
  g_autoptr(GError) error = NULL;
  TellerDetectState state = 42;
  gboolean ok = teller_camera_detect_reply_check (detect_replies[_i].action, reply, &state, &error);

  ck_assert_msg (ok == detect_replies[_i].ok, "%s %s", detect_replies[_i].action,
                 detect_replies[_i].reply);
  if (ok)
    {
      ck_assert_ptr_null (error);
      ck_assert_int_eq (state, detect_replies[_i].state);
      return;
    }
  ck_assert_int_eq (state, TELLER_DETECT_STATE_UNKNOWN);
  ck_assert (error->domain == TELLER_ERROR);
  ck_assert_int_eq (error->code, detect_replies[_i].error_kind);
  ck_assert_str_eq (teller_error_get_vendor_code (error) != NULL
                    ? teller_error_get_vendor_code (error) : "",
                    detect_replies[_i].vendor_code ? detect_replies[_i].vendor_code : "");
}
END_TEST

START_TEST (test_detect_builders_and_url)
{
  g_autoptr(JsonNode) start = teller_camera_build_detectdoc ("start", 500);
  g_autoptr(JsonNode) start_default = teller_camera_build_detectdoc ("start", 0);
  g_autoptr(JsonNode) status = teller_camera_build_detectdoc ("status", 300);
  g_autofree char *start_text = json_to_string (start, FALSE);
  g_autofree char *start_default_text = json_to_string (start_default, FALSE);
  g_autofree char *status_text = json_to_string (status, FALSE);
  g_autoptr(TellerJsonClient) json = teller_json_client_new ();
  g_autoptr(TellerCameraService) service =
    teller_camera_service_new (json, "http://127.0.0.1:38088/");
  g_autofree char *first = teller_camera_service_dup_stream_url (service, 0);
  g_autofree char *second = teller_camera_service_dup_stream_url (service, 0);
  g_autofree char *face = teller_camera_service_dup_stream_url (service, 1);

  /* Every value a string, detect_interval only with a start (chapter 3.5). */
  ck_assert_str_eq (start_text, "{\"action\":\"start\",\"detect_interval\":\"500\"}");
  ck_assert_str_eq (start_default_text, "{\"action\":\"start\"}");
  ck_assert_str_eq (status_text, "{\"action\":\"status\"}");

  /* Chapter 3.1: the camera index and a cache-busting tid, new each time. */
  ck_assert (g_str_has_prefix (first, "http://127.0.0.1:38088/video=stream&camidx=0&tid="));
  ck_assert (g_str_has_prefix (face, "http://127.0.0.1:38088/video=stream&camidx=1&tid="));
  ck_assert_str_ne (first, second);

  ck_assert_str_eq (teller_detect_state_to_string (TELLER_DETECT_STATE_NEW_DOCUMENT),
                    "new-document");
}
END_TEST

/* ---- The stream -------------------------------------------------------- */

START_TEST (test_gst_client_frames)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(GstClient) player = gst_client_new (url);
  guint start_frames, frames;
  gint64 start;

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 || gst_client_ended (player), WAIT_MS);
  ck_assert_msg (!gst_client_ended (player), "the stream ended early");

  /* The configured size... */
  g_mutex_lock (&player->lock);
  ck_assert_int_eq (player->width, TEST_WIDTH);
  ck_assert_int_eq (player->height, TEST_HEIGHT);
  g_mutex_unlock (&player->lock);

  /* ...at about the configured rate: a wide margin for loaded CI machines, where
   * frames held up in the sockets arrive in bursts, but not an unpaced stream. */
  start_frames = gst_client_frames (player);
  start = g_get_monotonic_time ();
  spin (1000);
  frames = gst_client_frames (player) - start_frames;
  frames = (guint) (frames * 1e6 / (g_get_monotonic_time () - start));
  ck_assert_msg (frames >= TEST_FRAMERATE / 2 && frames <= TEST_FRAMERATE * 2,
                 "%u frames per second, configured %u", frames, TEST_FRAMERATE);
  ck_assert (!gst_client_ended (player));
  ck_assert (teller_sim_stream_get_running (stream, 0));
}
END_TEST

START_TEST (test_raw_multipart)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(RawClient) raw = raw_client_new (url);
  SoupMessageHeaders *headers;
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  g_auto(Multipart) multipart = { 0 };

  TEST_WAIT_UNTIL (raw->headers || raw->done, WAIT_MS);
  ck_assert_msg (raw->headers, "%s", raw->error ? raw->error->message : "no headers");
  ck_assert_uint_eq (soup_message_get_status (raw->message), SOUP_STATUS_OK);
  headers = soup_message_get_response_headers (raw->message);
  type = soup_message_headers_get_content_type (headers, &params);
  ck_assert_str_eq (type, "multipart/x-mixed-replace");
  ck_assert_str_eq (g_hash_table_lookup (params, "boundary"), TELLER_SIM_STREAM_BOUNDARY);
  ck_assert_str_eq (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), "*");

  TEST_WAIT_UNTIL (raw_client_parts (raw) >= 5 || raw->done, WAIT_MS);
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert_uint_ge (multipart.parts, 5);
  ck_assert (!multipart.closed);
  ck_assert (!raw->done);
}
END_TEST

START_TEST (test_unplug_ends_stream)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *again_url = NULL;
  g_autoptr(GstClient) player = gst_client_new (url);
  g_autoptr(GstClient) again = NULL;
  g_autoptr(RawClient) raw = raw_client_new (url);
  g_auto(Multipart) multipart = { 0 };
  double mean[3];

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 && raw_client_parts (raw) >= 3, WAIT_MS);
  set_plugged (FALSE);

  /* Both clients see the end, after a last "device error" picture. */
  TEST_WAIT_UNTIL (gst_client_ended (player) && raw->done, WAIT_MS);
  ck_assert_msg (player->eos, "the player got an error instead of the end of the stream");
  gst_client_get_mean (player, mean);
  ck_assert_msg (mean_is_error_picture (mean), "last frame %.0f %.0f %.0f",
                 mean[0], mean[1], mean[2]);
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert (multipart.closed);
  ck_assert (!teller_sim_stream_get_running (stream, 0));

  /* Plugged back in, a new request streams again. */
  set_plugged (TRUE);
  again_url = dup_stream_url (0);
  again = gst_client_new (again_url);
  TEST_WAIT_UNTIL (gst_client_frames (again) >= 3 || gst_client_ended (again), WAIT_MS);
  ck_assert (!gst_client_ended (again));
  gst_client_get_mean (again, mean);
  ck_assert (!mean_is_error_picture (mean));
}
END_TEST

START_TEST (test_unplugged_request_gets_one_error_frame)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(RawClient) raw = NULL;
  g_auto(Multipart) multipart = { 0 };

  set_plugged (FALSE);
  raw = raw_client_new (url);
  TEST_WAIT_UNTIL (raw->done, WAIT_MS);
  ck_assert_ptr_null (raw->error);
  parse_multipart (raw->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  ck_assert_uint_eq (multipart.parts, 1);
  ck_assert (multipart.closed);
  ck_assert (!teller_sim_stream_get_running (stream, 0));
}
END_TEST

START_TEST (test_close_and_open)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *closed_url = NULL;
  g_autofree char *open_url = NULL;
  g_autoptr(GstClient) player = gst_client_new (url);
  g_autoptr(GstClient) refused = NULL;
  g_autoptr(GstClient) reopened = NULL;
  g_autoptr(GError) error = NULL;
  double mean[3];

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3, WAIT_MS);

  /* video=close ends the stream with a "device closed" picture (chapter 3.10). */
  ck_assert_msg (call_open_close (FALSE, 0, &error), "%s", error ? error->message : "");
  TEST_WAIT_UNTIL (gst_client_ended (player), WAIT_MS);
  ck_assert (player->eos);
  gst_client_get_mean (player, mean);
  ck_assert_msg (mean_is_closed_picture (mean), "last frame %.0f %.0f %.0f",
                 mean[0], mean[1], mean[2]);
  ck_assert (!teller_sim_stream_get_open (stream, 0));

  /* While closed, a new stream is that one picture and the end. */
  closed_url = dup_stream_url (0);
  refused = gst_client_new (closed_url);
  TEST_WAIT_UNTIL (gst_client_ended (refused), WAIT_MS);
  ck_assert_uint_eq (gst_client_frames (refused), 1);
  gst_client_get_mean (refused, mean);
  ck_assert (mean_is_closed_picture (mean));

  /* video=open (chapter 3.9) lets streams run again. */
  ck_assert_msg (call_open_close (TRUE, 0, &error), "%s", error ? error->message : "");
  ck_assert (teller_sim_stream_get_open (stream, 0));
  open_url = dup_stream_url (0);
  reopened = gst_client_new (open_url);
  TEST_WAIT_UNTIL (gst_client_frames (reopened) >= 3 || gst_client_ended (reopened), WAIT_MS);
  ck_assert (!gst_client_ended (reopened));

  /* Another camera's index that does not exist is "device not connected". */
  ck_assert (!call_open_close (TRUE, 5, &error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
}
END_TEST

START_TEST (test_open_count)
{
  g_autoptr(GError) error = NULL;

  /* A count (chapters 3.9, 3.10): two opens need two closes. */
  ck_assert (call_open_close (TRUE, 0, &error));
  ck_assert (call_open_close (FALSE, 0, &error));
  ck_assert (teller_sim_stream_get_open (stream, 0));
  ck_assert (call_open_close (FALSE, 0, &error));
  ck_assert (!teller_sim_stream_get_open (stream, 0));
  /* Never below zero: one open after extra closes opens again. */
  ck_assert (call_open_close (FALSE, 0, &error));
  ck_assert (call_open_close (TRUE, 0, &error));
  ck_assert (teller_sim_stream_get_open (stream, 0));
}
END_TEST

START_TEST (test_two_clients_then_idle)
{
  g_autofree char *url = dup_stream_url (0);
  g_autofree char *other_url = dup_stream_url (0);
  gint64 start = g_get_monotonic_time ();
  RawClient *first = raw_client_new (url);
  RawClient *second = raw_client_new (other_url);
  guint64 encoded;
  double elapsed_s;

  ck_assert (!teller_sim_stream_get_running (stream, 0));
  TEST_WAIT_UNTIL (raw_client_parts (first) >= 15 && raw_client_parts (second) >= 15, WAIT_MS);
  ck_assert (!first->done && !second->done);
  ck_assert (teller_sim_stream_get_running (stream, 0));
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 2);

  /* Encoded once for both: no more frames than one pipeline makes in the time
   * (a load can only make fewer; an encoder per client would make twice as many). */
  encoded = teller_sim_stream_get_frames_encoded (stream, 0);
  elapsed_s = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (encoded <= TEST_FRAMERATE * elapsed_s * 1.25 + 3,
                 "%" G_GUINT64_FORMAT " frames encoded in %.2f s", encoded, elapsed_s);

  raw_client_free (first);
  TEST_WAIT_UNTIL (teller_sim_stream_get_n_clients (stream, 0) == 1, WAIT_MS);
  ck_assert (teller_sim_stream_get_running (stream, 0));
  raw_client_free (second);

  /* Nobody watches: the pipeline stops, and no frame is made any more. */
  TEST_WAIT_UNTIL (!teller_sim_stream_get_running (stream, 0), WAIT_MS);
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 0);
  encoded = teller_sim_stream_get_frames_encoded (stream, 0);
  spin (300);
  ck_assert_uint_eq (teller_sim_stream_get_frames_encoded (stream, 0), encoded);
}
END_TEST

START_TEST (test_slow_client_is_bounded)
{
  g_autofree char *url = dup_stream_url (0);
  g_autoptr(RawClient) fast = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_auto(Multipart) multipart = { 0 };
  guint fast_parts;

  /* Bigger frames fill the stalled socket sooner. */
  teller_sim_stream_set_size (stream, 640, 480);

  /* A client that sends its request and never reads, with a tiny window. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  ck_assert_ptr_nonnull (socket);
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  address = g_inet_socket_address_new (loopback, (guint16) teller_sim_server_get_port (
                                         teller_sim_get_camera_server (sim)));
  ck_assert_msg (g_socket_connect (socket, address, NULL, &error), "%s",
                 error ? error->message : "");
  request = g_strdup ("GET /video=stream&camidx=0&tid=1 HTTP/1.1\r\n"
                      "Host: 127.0.0.1\r\n\r\n");
  ck_assert_int_eq (g_socket_send (socket, request, strlen (request), NULL, &error),
                    (gssize) strlen (request));

  fast = raw_client_new (url);
  TEST_WAIT_UNTIL (teller_sim_stream_get_frames_dropped (stream, 0) >= 10 || fast->done,
                   WAIT_MS * 2);
  ck_assert (!fast->done);

  /* The stalled client holds back at most one frame; the fast one is not held up. */
  parse_multipart (fast->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  fast_parts = multipart.parts;
  ck_assert_uint_ge (fast_parts, 5);
  ck_assert_msg (teller_sim_stream_get_max_queued_bytes (stream) <= multipart.max_part * 2 + 256,
                 "%" G_GSIZE_FORMAT " bytes queued for one client, frames are up to %"
                 G_GSIZE_FORMAT,
                 teller_sim_stream_get_max_queued_bytes (stream), multipart.max_part);
  ck_assert_uint_eq (teller_sim_stream_get_n_clients (stream, 0), 2);
}
END_TEST

START_TEST (test_status_runs_while_streaming)
{
  g_autofree char *url = dup_stream_url (0);
  RawClient *raw;

  ck_assert_int_eq (status_of ("video0"), TELLER_CAMERA_PRESENCE_PRESENT);
  raw = raw_client_new (url);
  TEST_WAIT_UNTIL (raw_client_parts (raw) >= 1, WAIT_MS);
  ck_assert_int_eq (status_of ("video0"), TELLER_CAMERA_PRESENCE_RUNNING);
  ck_assert_int_eq (status_of ("video1"), TELLER_CAMERA_PRESENCE_PRESENT);
  raw_client_free (raw);
  TEST_WAIT_UNTIL (teller_sim_stream_get_n_clients (stream, 0) == 0, WAIT_MS);
  ck_assert_int_eq (status_of ("video0"), TELLER_CAMERA_PRESENCE_PRESENT);
}
END_TEST

START_TEST (test_face_camera)
{
  g_autofree char *url = dup_stream_url (1);
  g_autoptr(GstClient) player = gst_client_new (url);

  TEST_WAIT_UNTIL (gst_client_frames (player) >= 3 || gst_client_ended (player), WAIT_MS);
  ck_assert (!gst_client_ended (player));
  ck_assert (teller_sim_stream_get_running (stream, 1));
  ck_assert (!teller_sim_stream_get_running (stream, 0));
}
END_TEST

/* ---- Document detection ------------------------------------------------ */

START_TEST (test_detect_sequence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (TellerDetectState));
  g_autoptr(GString) trace = g_string_new (NULL);
  gint64 end;
  guint arrivals = 0, departures = 0;

  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_NOT_STARTED);
  ck_assert_ptr_null (error);

  ck_assert_msg (detect_start (100, &error), "%s", error ? error->message : "");
  /* More than two cycles of the 1.5 s document, polled every 100 ms.  No stream
   * client: detection runs on the clock alone. */
  end = g_get_monotonic_time () + (gint64) TEST_CYCLE_MS * 2300;
  while (g_get_monotonic_time () < end)
    {
      TellerDetectState state = detect_status (&error);

      ck_assert_msg (error == NULL, "%s", error ? error->message : "");
      g_array_append_val (states, state);
      g_string_append_printf (trace, "%d ", state);
      spin (100);
    }

  /* 100... → 101 once → 102... → 100..., for every arrival. */
  for (guint i = 0; i < states->len; i++)
    {
      TellerDetectState state = g_array_index (states, TellerDetectState, i);
      TellerDetectState previous = i > 0 ? g_array_index (states, TellerDetectState, i - 1)
                                         : TELLER_DETECT_STATE_NONE;

      switch (state)
        {
        case TELLER_DETECT_STATE_NEW_DOCUMENT:
          ck_assert_msg (previous == TELLER_DETECT_STATE_NONE, "101 not after 100: %s", trace->str);
          arrivals++;
          break;
        case TELLER_DETECT_STATE_SAME_DOCUMENT:
          ck_assert_msg (previous == TELLER_DETECT_STATE_NEW_DOCUMENT ||
                         previous == TELLER_DETECT_STATE_SAME_DOCUMENT,
                         "102 without a 101 first: %s", trace->str);
          break;
        case TELLER_DETECT_STATE_NONE:
          if (previous == TELLER_DETECT_STATE_SAME_DOCUMENT)
            departures++;
          ck_assert_msg (previous != TELLER_DETECT_STATE_NEW_DOCUMENT,
                         "the document vanished right after 101: %s", trace->str);
          break;
        case TELLER_DETECT_STATE_NOT_STARTED:
        case TELLER_DETECT_STATE_UNKNOWN:
        default:
          ck_abort_msg ("unexpected state %d: %s", state, trace->str);
        }
    }
  ck_assert_msg (arrivals >= 2 && departures >= 1, "arrivals %u, departures %u: %s",
                 arrivals, departures, trace->str);
  ck_assert_int_eq (g_array_index (states, TellerDetectState, 0), TELLER_DETECT_STATE_NONE);

  ck_assert_msg (detect_stop (&error), "%s", error ? error->message : "");
  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_NOT_STARTED);
  /* Stopping again is harmless ("5", nothing to stop). */
  ck_assert_msg (detect_stop (&error), "%s", error ? error->message : "");
}
END_TEST

START_TEST (test_detect_unplugged)
{
  g_autoptr(GError) error = NULL;

  ck_assert (detect_start (0, &error));
  set_plugged (FALSE);

  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_UNKNOWN);
  ck_assert (g_error_matches (error, TELLER_ERROR, TELLER_ERROR_DEVICE));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  g_clear_error (&error);

  ck_assert (!detect_start (0, &error));
  ck_assert_str_eq (teller_error_get_vendor_code (error), "2");
  g_clear_error (&error);

  /* Back in, detection has to be started again. */
  set_plugged (TRUE);
  ck_assert_int_eq (detect_status (&error), TELLER_DETECT_STATE_NOT_STARTED);
}
END_TEST

static JsonObject *
post_detectdoc (const char *body_text)
{
  g_autoptr(JsonNode) body = parse (body_text);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = teller_service_dup_url (TELLER_SERVICE (camera), "video=detectdoc");
  g_autoptr(JsonNode) reply = NULL;

  teller_json_client_post_async (client, url, body, CALL_TIMEOUT_MS, NULL,
                                 test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  reply = teller_json_client_request_finish (client, result, &error);
  ck_assert_msg (reply != NULL, "%s", error ? error->message : "");
  return json_object_ref (json_node_get_object (reply));
}

/* The wire: codes as strings with the document's descriptions, "1" for requests
 * the service cannot read. */
START_TEST (test_detect_wire)
{
  static const struct {
    const char *body;
    const char *code;
    const char *message;
  } cases[] = {
    { "{\"action\":\"status\"}", "5", "未启动文档检测" },
    { "{\"action\":\"stop\"}", "5", "未启动文档检测" },
    { "{\"action\":\"scan\"}", "1", NULL },
    { "{}", "1", NULL },
    { "{\"action\":\"start\",\"detect_interval\":\"soon\"}", "1", NULL },
    { "{\"action\":\"start\",\"detect_interval\":\"0\"}", "1", NULL },
    { "{\"action\":\"start\",\"detect_interval\":\"200\"}", "0", "开始文档检测" },
    { "{\"action\":\"stop\"}", "6", "退出文档检测" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = post_detectdoc (cases[i].body);

      ck_assert_msg (g_strcmp0 (json_object_get_string_member_with_default (reply, "code", ""),
                                cases[i].code) == 0, "%s", cases[i].body);
      if (cases[i].message != NULL)
        ck_assert_str_eq (json_object_get_string_member_with_default (reply, "message", ""),
                          cases[i].message);
    }
}
END_TEST

static Suite *
stream_suite (void)
{
  Suite *suite = suite_create ("stream");
  TCase *parsers = tcase_create ("parsers");
  TCase *streams = tcase_create ("stream");
  TCase *detection = tcase_create ("detectdoc");

  tcase_add_loop_test (parsers, test_detect_reply_check, 0, G_N_ELEMENTS (detect_replies));
  tcase_add_test (parsers, test_detect_builders_and_url);
  suite_add_tcase (suite, parsers);

  tcase_add_checked_fixture (streams, setup, teardown);
  tcase_set_timeout (streams, 30);
  tcase_add_test (streams, test_gst_client_frames);
  tcase_add_test (streams, test_raw_multipart);
  tcase_add_test (streams, test_unplug_ends_stream);
  tcase_add_test (streams, test_unplugged_request_gets_one_error_frame);
  tcase_add_test (streams, test_close_and_open);
  tcase_add_test (streams, test_open_count);
  tcase_add_test (streams, test_two_clients_then_idle);
  tcase_add_test (streams, test_slow_client_is_bounded);
  tcase_add_test (streams, test_status_runs_while_streaming);
  tcase_add_test (streams, test_face_camera);
  suite_add_tcase (suite, streams);

  tcase_add_checked_fixture (detection, setup, teardown);
  tcase_set_timeout (detection, 30);
  tcase_add_test (detection, test_detect_sequence);
  tcase_add_test (detection, test_detect_unplugged);
  tcase_add_test (detection, test_detect_wire);
  suite_add_tcase (suite, detection);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (stream_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
