/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "teller-base64.h"
#include "teller-sim-card-private.h"
#include "teller-sim-imagepro-private.h"

/*
 * The fingerprint reader of chapter 8 (fp=), sharing the card reader's state.
 *
 * fp=read takes 300 ms, as a finger takes to settle, then answers "31" when no
 * finger is on the reader.  The picture is a generated grey ridge pattern of
 * TELLER_SIM_FINGER_WIDTH x TELLER_SIM_FINGER_HEIGHT pixels: "bmp" a 24-bit
 * bottom-up BMP file; "raw" the same pixels as 24-bit RGB, top row first, no
 * header (width * height * 3 bytes); "png" RGBA where the white paper is
 * transparent.  Each comes with "feature", a 512-byte template; type "feature"
 * gives that alone.  The finger on the reader is the "mainland-finger" card
 * holder's right index finger: its template is the first half of that card's
 * fingerBase64.
 *
 * fp=verify takes both element forms the document shows, {"feature": "<b64>"}
 * (its example) and {"type": "feature", "data": "<b64>"} (its table), and answers
 * finger_score; one element is compared against a finger read now (300 ms, "31"
 * without one).  png cannot be compared (8.1): "32".  The codes are the
 * simulator's choice (teller-sim-card-private.h).
 */

#define READ_DELAY_MS 300

typedef enum
{
  FINGER_BMP,
  FINGER_RAW,
  FINGER_PNG,
  FINGER_FEATURE,
} FingerType;

static const char * const type_names[] = { "bmp", "raw", "png", "feature", NULL };

/* ---- The picture ------------------------------------------------------------ */

/* Grey levels, one byte a pixel, top row first: dark ridges on white. */
static guint8 *
draw_ridges (guint32 seed)
{
  const int width = TELLER_SIM_FINGER_WIDTH, height = TELLER_SIM_FINGER_HEIGHT;
  guint8 *grey = g_malloc ((gsize) width * height);
  double core_x = width * (0.46 + (seed % 7) * 0.01);
  double core_y = height * (0.42 + (seed % 5) * 0.01);
  double period = 7.0 + (seed % 4) * 0.5;
  double phase = (seed % 360) * G_PI / 180;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        /* The fingertip: an ellipse, a little wider at the top. */
        double nx = (x - width / 2.0) / (width * 0.42);
        double ny = (y - height * 0.52) / (height * 0.46);
        double inside = nx * nx + ny * ny;
        double dx = x - core_x, dy = (y - core_y) * 1.2;
        double r, swirl, ink;

        if (inside >= 1.0)
          {
            grey[y * width + x] = 255;
            continue;
          }
        /* Rings round the core, bent into a loop that opens downwards. */
        r = sqrt (dx * dx + dy * dy);
        swirl = 5.0 * sin (atan2 (dy, dx) * 2 + phase) + (dy > 0 ? dy * dy / 900.0 : 0);
        ink = (cos (2 * G_PI * (r + swirl) / period) + 1) / 2;
        /* Fainter towards the edge, where the finger lifts off the glass. */
        ink *= 1.0 - pow (inside, 4);
        grey[y * width + x] = (guint8) (255 - 215 * ink);
      }
  return grey;
}

static void
put_le (guint8 *at,
        guint32 value,
        guint   size)
{
  for (guint i = 0; i < size; i++)
    at[i] = (guint8) (value >> (8 * i));
}

/* A 24-bit BMP file: BITMAPFILEHEADER, BITMAPINFOHEADER, rows bottom-up. */
static GBytes *
encode_bmp (const guint8 *grey)
{
  const guint32 width = TELLER_SIM_FINGER_WIDTH, height = TELLER_SIM_FINGER_HEIGHT;
  const guint32 row = (width * 3 + 3) & ~3u;
  const guint32 offset = 14 + 40, size = offset + row * height;
  guint8 *file = g_malloc0 (size);

  file[0] = 'B';
  file[1] = 'M';
  put_le (file + 2, size, 4);
  put_le (file + 10, offset, 4);
  put_le (file + 14, 40, 4);
  put_le (file + 18, width, 4);
  put_le (file + 22, height, 4);  /* positive: bottom-up */
  put_le (file + 26, 1, 2);       /* planes */
  put_le (file + 28, 24, 2);      /* bits per pixel */
  put_le (file + 34, row * height, 4);
  put_le (file + 38, 19685, 4);   /* 500 dpi in pixels per metre, as readers scan */
  put_le (file + 42, 19685, 4);

  for (guint32 y = 0; y < height; y++)
    {
      guint8 *out = file + offset + (height - 1 - y) * row;

      for (guint32 x = 0; x < width; x++)
        memset (out + x * 3, grey[y * width + x], 3);
    }
  return g_bytes_new_take (file, size);
}

static GBytes *
encode_raw (const guint8 *grey)
{
  gsize pixels = (gsize) TELLER_SIM_FINGER_WIDTH * TELLER_SIM_FINGER_HEIGHT;
  guint8 *rgb = g_malloc (pixels * 3);

  for (gsize i = 0; i < pixels; i++)
    memset (rgb + i * 3, grey[i], 3);
  return g_bytes_new_take (rgb, pixels * 3);
}

/* "空白部分标记为透明": the paper's white becomes transparent. */
static GBytes *
encode_png (const guint8 *grey)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8,
                                                TELLER_SIM_FINGER_WIDTH,
                                                TELLER_SIM_FINGER_HEIGHT);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  for (int y = 0; y < TELLER_SIM_FINGER_HEIGHT; y++)
    for (int x = 0; x < TELLER_SIM_FINGER_WIDTH; x++)
      {
        guint8 *p = pixels + y * stride + x * 4;
        guint8 level = grey[y * TELLER_SIM_FINGER_WIDTH + x];

        p[0] = p[1] = p[2] = 0;
        p[3] = 255 - level;
      }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", &error, NULL))
    g_error ("Cannot encode a simulated fingerprint: %s", error->message);
  return g_bytes_new_take (data, size);
}

/* ---- fp=read ------------------------------------------------------------------ */

static guint32
reader_finger_seed (void)
{
  return _teller_sim_card_lookup ("mainland-finger")->seed;
}

static char *
base64_of (GBytes *bytes)
{
  return g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static JsonNode *
no_finger_reply (void)
{
  return _teller_sim_tools_error (TELLER_SIM_FINGER_CODE_NO_FINGER, "未检测到手指");
}

static JsonNode *
read_reply (TellerSimCardReader *self,
            gpointer             data)
{
  FingerType type = GPOINTER_TO_INT (data);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) feature = NULL;
  g_autofree char *feature_base64 = NULL;

  if (!self->finger)
    return no_finger_reply ();

  builder = _teller_sim_tools_begin_success ();
  if (type != FINGER_FEATURE)
    {
      g_autofree guint8 *grey = draw_ridges (reader_finger_seed ());
      g_autoptr(GBytes) image = type == FINGER_BMP ? encode_bmp (grey)
                                : type == FINGER_RAW ? encode_raw (grey) : encode_png (grey);
      g_autofree char *image_base64 = base64_of (image);

      json_builder_set_member_name (builder, type_names[type]);
      json_builder_add_string_value (builder, image_base64);
    }
  feature = _teller_sim_finger_template (reader_finger_seed ());
  feature_base64 = base64_of (feature);
  json_builder_set_member_name (builder, "feature");
  json_builder_add_string_value (builder, feature_base64);
  return _teller_sim_tools_end (builder);
}

/* POST /fp=read {"type": "bmp"}: 8.1 */
static void
read_cb (TellerSimServer   *server,
         SoupServerMessage *message,
         const char        *route,
         JsonNode          *body,
         gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  JsonObject *request = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ?
                        json_node_get_object (body) : NULL;
  g_autofree char *problem = NULL;
  const char *type = NULL;
  int index = FINGER_BMP;

  if (body != NULL && request == NULL)
    problem = g_strdup ("请求参数必须为对象");
  else if (!_teller_sim_tools_get_string (request, "type", FALSE, &type, &problem))
    ;
  else if (type != NULL)
    {
      for (index = 0; type_names[index] != NULL; index++)
        if (g_str_equal (type, type_names[index]))
          break;
      if (type_names[index] == NULL)
        problem = g_strdup_printf ("参数type无效: %s", type);
    }
  if (problem != NULL)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST, problem);
      return;
    }

  _teller_sim_card_reader_reply_later (self, message, READ_DELAY_MS, read_reply,
                                       GINT_TO_POINTER (index), NULL);
}

/* ---- fp=verify ----------------------------------------------------------------- */

static JsonNode *
score_reply (TellerSimCardReader *self)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();
  g_autofree char *score = g_strdup_printf ("%u", self->finger_score);

  json_builder_set_member_name (builder, "confidence");
  json_builder_add_string_value (builder, score);
  return _teller_sim_tools_end (builder);
}

static JsonNode *
verify_with_reader_reply (TellerSimCardReader *self,
                          gpointer             data)
{
  return self->finger ? score_reply (self) : no_finger_reply ();
}

/* The element's type and data, in either form; FALSE for anything else. */
static gboolean
split_element (JsonObject  *object,
               const char **type,
               const char **data)
{
  g_autoptr(GList) members = json_object_get_members (object);
  JsonNode *node;

  if (json_object_has_member (object, "type") || json_object_has_member (object, "data"))
    {
      *type = json_object_get_string_member_with_default (object, "type", NULL);
      node = json_object_get_member (object, "data");
    }
  else if (g_list_length (members) == 1)
    {
      *type = members->data;
      node = json_object_get_member (object, *type);
    }
  else
    return FALSE;

  if (*type == NULL || node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *data = json_node_get_string (node);
  return TRUE;
}

/* NULL for a usable fingerprint; else the code, with *@problem set. */
static const char *
check_element (JsonNode  *node,
               char     **problem)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *type = NULL, *data = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node) || !split_element (json_node_get_object (node), &type, &data))
    {
      *problem = g_strdup ("指纹数据格式无效，应为 {\"type\": 类型, \"data\": base64}");
      return TELLER_SIM_CARD_CODE_BAD_REQUEST;
    }
  if (g_str_equal (type, "png"))
    {
      *problem = g_strdup ("png 数据不能用于指纹比对");
      return TELLER_SIM_FINGER_CODE_PNG;
    }
  if (!g_strv_contains (type_names, type))
    {
      *problem = g_strdup_printf ("指纹数据类型无效: %s", type);
      return TELLER_SIM_CARD_CODE_BAD_REQUEST;
    }
  bytes = teller_base64_decode_strict (data, NULL);
  if (bytes == NULL)
    {
      *problem = g_strdup ("指纹数据不是有效的base64数据");
      return TELLER_SIM_CARD_CODE_BAD_REQUEST;
    }
  return NULL;
}

/* POST /fp=verify [{"feature": "<b64>"}, ...]: 8.2 */
static void
verify_cb (TellerSimServer   *server,
           SoupServerMessage *message,
           const char        *route,
           JsonNode          *body,
           gpointer           user_data)
{
  TellerSimCardReader *self = user_data;
  JsonArray *array = body != NULL && JSON_NODE_HOLDS_ARRAY (body) ? json_node_get_array (body) : NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *problem = NULL;
  guint length;

  if (array == NULL || json_array_get_length (array) == 0)
    {
      _teller_sim_card_reply (server, message, TELLER_SIM_CARD_CODE_BAD_REQUEST,
                              "请求参数必须为非空的指纹数据数组");
      return;
    }
  /* "当数组的大小大于 2 时，返回数组前两条数据的匹配结果" */
  length = MIN (json_array_get_length (array), 2);
  for (guint i = 0; i < length; i++)
    {
      const char *code = check_element (json_array_get_element (array, i), &problem);

      if (code != NULL)
        {
          _teller_sim_card_reply (server, message, code, problem);
          return;
        }
    }

  if (length == 1)
    {
      _teller_sim_card_reader_reply_later (self, message, READ_DELAY_MS,
                                           verify_with_reader_reply, NULL, NULL);
      return;
    }
  reply = score_reply (self);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

void
_teller_sim_finger_register (TellerSimCardReader *self,
                             TellerSimServer     *server)
{
  teller_sim_server_add_route_full (server, "fp=read", read_cb,
                                    g_object_ref (self), g_object_unref);
  teller_sim_server_add_route_full (server, "fp=verify", verify_cb,
                                    g_object_ref (self), g_object_unref);
}
