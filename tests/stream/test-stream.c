/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "test-stream.h"

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

TellerSim           *sim;
TellerSimStream     *stream;
TellerJsonClient    *client;
TellerCameraService *camera;

void
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

void
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
void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
set_plugged (gboolean plugged)
{
  g_object_set (teller_sim_get_camera (sim), "plugged", plugged, NULL);
}

JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error ? error->message : "");
  return node;
}

/* ---- A GStreamer client: souphttpsrc ! multipartdemux ! jpegdec -------- */

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

GstClient *
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

void
gst_client_free (GstClient *self)
{
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_object_unref (self->pipeline);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint
gst_client_frames (GstClient *self)
{
  guint frames;

  g_mutex_lock (&self->lock);
  frames = self->frames;
  g_mutex_unlock (&self->lock);
  return frames;
}

/* TRUE once the pipeline saw EOS or an error (reads the bus without blocking). */
gboolean
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

void
gst_client_get_mean (GstClient *self,
                     double     mean[3])
{
  g_mutex_lock (&self->lock);
  memcpy (mean, self->mean, sizeof self->mean);
  g_mutex_unlock (&self->lock);
}

/* The simulator's last pictures: red for "device error", slate blue for "closed". */
gboolean
mean_is_error_picture (const double mean[3])
{
  return mean[0] > 2 * mean[1] && mean[0] > 2 * mean[2];
}

gboolean
mean_is_closed_picture (const double mean[3])
{
  return mean[2] > mean[0] + 30 && mean[2] > mean[1] + 20;
}

char *
dup_stream_url (guint camidx)
{
  return teller_camera_service_dup_stream_url (camera, camidx);
}

/* ---- A raw HTTP client: the bytes as they come ------------------------- */

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

RawClient *
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
void
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

void
multipart_clear (Multipart *multipart)
{
  g_clear_pointer (&multipart->problem, g_free);
}

static gboolean
starts_with (const guint8 *data,
             gsize         len,
             const char   *prefix)
{
  return len >= strlen (prefix) && memcmp (data, prefix, strlen (prefix)) == 0;
}

/* Reads complete parts from @data: delimiter, headers, a JPEG of Content-Length
 * bytes from SOI to EOI, CRLF; stops at the closing delimiter or missing bytes. */
void
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

guint
raw_client_parts (RawClient *self)
{
  g_auto(Multipart) multipart = { 0 };

  parse_multipart (self->data, &multipart);
  ck_assert_msg (multipart.valid, "%s", multipart.problem);
  return multipart.parts;
}

/* ---- Client API calls -------------------------------------------------- */

TellerCameraPresence
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

gboolean
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

TellerDetectState
detect_status (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_detect_status_async (camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return teller_camera_service_detect_status_finish (camera, result, error);
}

gboolean
detect_start (guint    interval_ms,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_detect_start_async (camera, interval_ms, NULL,
                                            test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return teller_camera_service_detect_start_finish (camera, result, error);
}

gboolean
detect_stop (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  teller_camera_service_detect_stop_async (camera, NULL, test_store_result_cb, &result);
  test_wait_for_result (&result, CALL_TIMEOUT_MS * 2);
  return teller_camera_service_detect_stop_finish (camera, result, error);
}

/* ---- The suite ---------------------------------------------------- */

static Suite *
stream_suite (void)
{
  Suite *suite = suite_create ("stream");

  suite_add_tcase (suite, stream_parsers_tcase ());
  suite_add_tcase (suite, stream_stream_tcase ());
  suite_add_tcase (suite, stream_detect_tcase ());

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
