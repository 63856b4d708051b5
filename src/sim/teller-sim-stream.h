/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-camera.h"
#include "teller-sim-server.h"

G_BEGIN_DECLS

/* The cameras the simulator streams: 0 the document camera, 1 the face camera. */
#define TELLER_SIM_STREAM_N_CAMERAS 2

/* The multipart boundary of GET /video=stream. */
#define TELLER_SIM_STREAM_BOUNDARY "tellersimframe"

#define TELLER_TYPE_SIM_STREAM (teller_sim_stream_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimStream, teller_sim_stream, TELLER, SIM_STREAM, GObject)

/*
 * The preview side of the simulated CameraService: GET video=stream (chapter 3.1),
 * GET video=open / video=close (3.9, 3.10) and POST video=detectdoc (3.5).
 * teller_sim_stream_attach() registers those routes on @server and hangs the
 * stream on @camera, which owns it.
 */
TellerSimStream *teller_sim_stream_attach          (TellerSimCamera *camera,
                                                    TellerSimServer *server);
TellerSimStream *teller_sim_stream_get_for_camera  (TellerSimCamera *camera);

/* Frame size and rate; a change applies the next time a camera's pipeline starts. */
guint            teller_sim_stream_get_width       (TellerSimStream *self);
guint            teller_sim_stream_get_height      (TellerSimStream *self);
guint            teller_sim_stream_get_framerate   (TellerSimStream *self);
void             teller_sim_stream_set_size        (TellerSimStream *self,
                                                    guint            width,
                                                    guint            height);
void             teller_sim_stream_set_framerate   (TellerSimStream *self,
                                                    guint            framerate);
/* One slide-in, stand-still, slide-out period of the document; restarts the cycle. */
guint            teller_sim_stream_get_document_cycle_ms (TellerSimStream *self);
void             teller_sim_stream_set_document_cycle_ms (TellerSimStream *self,
                                                          guint            cycle_ms);

/* State, for video=status and for tests. */
gboolean         teller_sim_stream_get_serving     (TellerSimStream *self,
                                                    guint            camidx);
gboolean         teller_sim_stream_get_running     (TellerSimStream *self,
                                                    guint            camidx);
guint            teller_sim_stream_get_n_clients   (TellerSimStream *self,
                                                    guint            camidx);
gboolean         teller_sim_stream_get_open        (TellerSimStream *self,
                                                    guint            camidx);
/* Frames encoded, and frames a client skipped because its previous one was still
 * being written (the memory bound for slow clients). */
guint64          teller_sim_stream_get_frames_encoded (TellerSimStream *self,
                                                       guint            camidx);
guint64          teller_sim_stream_get_frames_dropped (TellerSimStream *self,
                                                       guint            camidx);
/* The largest amount of frame data ever queued for one client and not yet written. */
gsize            teller_sim_stream_get_max_queued_bytes (TellerSimStream *self);

/*
 * Fault injection: cuts every open stream of camera @camidx in the middle of a
 * JPEG part (its headers and about half of its bytes, then the end of the
 * response), as a dropped connection would.  A new request streams normally.
 * Returns: how many streams were cut.
 */
guint            teller_sim_stream_cut_streams     (TellerSimStream *self,
                                                    guint            camidx);
/*
 * The stream's fields of POST /__sim/camera: {"cut_stream": camidx}.  Returns
 * FALSE, replying nothing, when @object has none; otherwise replies.
 */
gboolean         teller_sim_stream_handle_control  (TellerSimStream   *self,
                                                    TellerSimServer   *server,
                                                    SoupServerMessage *message,
                                                    JsonObject        *object);

G_END_DECLS
