/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TELLER_SIM_FAULT_NONE,
  TELLER_SIM_FAULT_VENDOR_ERROR, /* answer with the vendor's error envelope and this code */
  TELLER_SIM_FAULT_DROP,         /* close the connection without answering */
  TELLER_SIM_FAULT_MALFORMED,    /* HTTP 200 with a body that is not JSON */
  TELLER_SIM_FAULT_TRUNCATED,    /* HTTP 200 whose body stops before its Content-Length */
  TELLER_SIM_FAULT_HTTP_500,     /* HTTP 500 Internal Server Error */
  TELLER_SIM_FAULT_STALL,        /* HTTP 200 headers and a few bytes, then silence */
} TellerSimFaultKind;

/* The vendor's error envelope for a route, used by TELLER_SIM_FAULT_VENDOR_ERROR. */
typedef JsonNode *(*TellerSimErrorBuilder) (const char *route,
                                            const char *code,
                                            gpointer    user_data);

#define TELLER_TYPE_SIM_SERVER (teller_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (TellerSimServer, teller_sim_server, TELLER, SIM_SERVER, GObject)

/*
 * @route is the request path without the leading "/" and without anything from the
 * first "&" on (CameraService puts its GET parameters after "&", not "?"):
 * "video=status", "video=stream".  @body is the parsed JSON body (NULL for GET or an
 * empty body).  The handler answers with teller_sim_server_reply_json() or pauses
 * the message and answers later.
 */
typedef void (*TellerSimHandler) (TellerSimServer   *server,
                                  SoupServerMessage *message,
                                  const char        *route,
                                  JsonNode          *body,
                                  gpointer           user_data);

TellerSimServer *teller_sim_server_new          (const char            *name,
                                                 TellerSimErrorBuilder  error_builder,
                                                 gpointer               error_builder_data);
gboolean         teller_sim_server_listen       (TellerSimServer *self,
                                                 guint            port,
                                                 GError         **error);
guint            teller_sim_server_get_port     (TellerSimServer *self);
char            *teller_sim_server_dup_base_url (TellerSimServer *self);
const char      *teller_sim_server_get_name     (TellerSimServer *self);

void             teller_sim_server_add_route    (TellerSimServer *self,
                                                 const char      *route,
                                                 TellerSimHandler handler,
                                                 gpointer         user_data);
/* Routes starting with "__sim/" control the simulator: never counted nor faulted. */
void             teller_sim_server_add_route_full (TellerSimServer  *self,
                                                   const char       *route,
                                                   TellerSimHandler  handler,
                                                   gpointer          user_data,
                                                   GDestroyNotify    destroy);

/* WebSocket upgrades, on @path "/" only (the routes keep every other request). */
void             teller_sim_server_add_websocket_handler (TellerSimServer             *self,
                                                          const char                  *path,
                                                          SoupServerWebsocketCallback  callback,
                                                          gpointer                     user_data,
                                                          GDestroyNotify               destroy);

/*
 * Faults, per route ("*" for every route).  Spec strings, as teller-devsim's --fault
 * takes them: "latency=MS", "code=CODE", "drop", "malformed", "truncated", "stall", "http500",
 * or "none"; several may be joined with "," (a latency before any other fault).
 */
gboolean         teller_sim_server_set_fault    (TellerSimServer *self,
                                                 const char      *route,
                                                 const char      *spec,
                                                 GError         **error);
void             teller_sim_server_clear_faults (TellerSimServer *self);
/* Requests that reached @route so far; "*" gives the total over all routes. */
guint            teller_sim_server_get_request_count (TellerSimServer *self,
                                                      const char      *route);

/* @reply is borrowed.  Content-Type application/json;charset=utf-8. */
void             teller_sim_server_reply_json   (TellerSimServer   *self,
                                                 SoupServerMessage *message,
                                                 guint              status,
                                                 JsonNode          *reply);
/* HTTP 200 with {"code": CODE, "message": TEXT}; no "message" when @text is NULL. */
void             teller_sim_server_reply_code   (TellerSimServer   *self,
                                                 SoupServerMessage *message,
                                                 const char        *code,
                                                 const char        *text);

G_END_DECLS
