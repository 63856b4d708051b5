/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <json-glib/json-glib.h>

#include "teller-sim-camera.h"

G_BEGIN_DECLS

/*
 * Image capture, POST /video=grabimage (chapter 3.3 and appendix 13.1), and its
 * control route POST /__sim/capture:
 *
 *   {"reply_form": "auto" | "v1.0",   answer v1.5 requests in the v1.0 form, as
 *                                     older service builds do (NOTES.md)
 *    "frame_width": 4000,             the document camera's frame, 320 to 6000
 *    "frame_height": 3000}            (default 3264 × 2448, about 8 MP)
 *
 * Every member is optional; the reply is {"code": "0"}, or "1" with a message.
 */

#define TELLER_SIM_CAPTURE_DEFAULT_WIDTH  3264
#define TELLER_SIM_CAPTURE_DEFAULT_HEIGHT 2448

#define TELLER_TYPE_SIM_CAPTURE (teller_sim_capture_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimCapture, teller_sim_capture, TELLER, SIM_CAPTURE, GObject)

/* Adds both routes to @server; the server owns the capture from then on. */
void              _teller_sim_capture_register (TellerSimServer *server,
                                                TellerSimCamera *camera);
/* (transfer none): the capture registered on @server, or %NULL */
TellerSimCapture *_teller_sim_capture_get      (TellerSimServer *server);

/* video=grabimage's answer to @body as JSON text, built off the main loop, for
 * transports other than the HTTP route (teller-sim-websocket.c). */
void              _teller_sim_capture_reply_async  (TellerSimCapture    *self,
                                                    JsonNode            *body,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char             *_teller_sim_capture_reply_finish (TellerSimCapture    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* ---- Between teller-sim-capture*.c ---------------------------------------- */

/*
 * The document lists result codes only for video=detectdoc (chapter 3.5).  Its "1",
 * 解析Json参数失败 (the request could not be read), is what a request whose
 * parameter has the wrong JSON type or an invalid value is to the service as well,
 * so every bad parameter answers "1" with a message naming the parameter; "2" is
 * its device-not-connected code.
 */
#define TELLER_SIM_CAPTURE_CODE_OK            "0"
#define TELLER_SIM_CAPTURE_CODE_BAD_REQUEST   "1"
#define TELLER_SIM_CAPTURE_CODE_NOT_CONNECTED "2"

/* The document ignores fixed sizes above 6000 × 6000 (table 1). */
#define TELLER_SIM_CAPTURE_MAX_SIDE           6000
#define TELLER_SIM_CAPTURE_DEFAULT_DPI        200

/* A custom_rect edge: pixels, or a percentage of the side. */
typedef struct
{
  double   value;
  gboolean percent;
} TellerSimEdge;

/* What a request asks for (teller-sim-capture-request.c). */
typedef struct
{
  gboolean       v15;            /* has image_process_info */
  guint          camidx;
  gboolean       make_uuid;
  guint          cut_type;       /* 0 none, 1 auto, 2 custom, 3 book, 4 face */
  gboolean       multi_object;
  guint          rotate;         /* 0, 90, 180 or 270, clockwise */
  guint          fixed_width;
  guint          fixed_height;
  int            split_page;     /* -1: the cut type's default */
  gboolean       reduce_shadow;
  guint          color_type;     /* 0 colour, 1 grey, 2 black and white */
  gboolean       remove_black_edge;
  gboolean       rect_correct;
  gboolean       correct_idcard_direction;
  guint          document_type;
  gboolean       has_custom_rect;
  TellerSimEdge  rect[4];        /* left, top, right, bottom */
  double         rect_angle;     /* custom_rect's angle, degrees, clockwise */
  guint          xdpi;
  guint          ydpi;
  guint          quality;
  guint64        max_file_size;
  gboolean       watermark;
  guint          wm_pos;
  char          *wm_content;
  double         wm_alpha;
  guint          wm_fontsize;
  char          *wm_font;
  double         wm_rgb[3];
  char          *v10_filepath;   /* v1.0 "filepath": "", "base64" or a path */

  /* From the simulator's state, taken on the main thread. */
  guint          frame_width;
  guint          frame_height;
  gboolean       reply_v10;
} TellerSimCaptureParams;

/* %NULL with a message for the reply when a parameter is bad. */
TellerSimCaptureParams *_teller_sim_capture_parse_request (JsonNode                     *body,
                                                           char                        **message);
void                    _teller_sim_capture_params_free   (TellerSimCaptureParams       *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerSimCaptureParams, _teller_sim_capture_params_free)

typedef struct
{
  double x, y, width, height;
} TellerSimRect;

/* What the camera sees (teller-sim-capture-scene.c). */
typedef struct
{
  gboolean       face;
  double         width;
  double         height;
  TellerSimRect  objects[3];     /* the page's bounding box, then the two cards */
  guint          n_objects;
  TellerSimRect  head;           /* the face camera's head and hair */
  gboolean       shadow;
  /* The document camera's frame has a near-black band this wide along its
   * edges (remove_black_edge); 0 on the face cameras. */
  double         black_edge;
  /* The page lies skewed: a page_width × page_height A4 sheet drawn through
   * page_matrix (page space to frame), a parallelogram inside objects[0]
   * (rect_correct). */
  double         page_width;
  double         page_height;
  cairo_matrix_t page_matrix;
  /* objects[1] is a 居民二代身份证 lying upside down, with a red marker in its
   * top-left corner as printed (correct_idcard_direction). */
  guint          idcard;
} TellerSimScene;

void  _teller_sim_scene_init           (TellerSimScene               *scene,
                                        const TellerSimCaptureParams *params);
void  _teller_sim_scene_draw           (cairo_t                      *cr,
                                        const TellerSimScene         *scene);

/* The reply's JSON text: the scene drawn, cut, encoded (teller-sim-capture-render.c).
 * Runs in a worker thread. */
char *_teller_sim_capture_build_reply  (const TellerSimCaptureParams  *params,
                                        GCancellable                  *cancellable,
                                        GError                       **error);

G_END_DECLS
