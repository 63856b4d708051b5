/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define TELLER_TYPE_JSON_CLIENT (teller_json_client_get_type ())
G_DECLARE_FINAL_TYPE (TellerJsonClient, teller_json_client, TELLER, JSON_CLIENT, GObject)

/* Replies larger than this are refused as a bad response rather than buffered. */
#define TELLER_JSON_CLIENT_DEFAULT_MAX_REPLY (128 * 1024 * 1024)

/**
 * TellerJsonClientFlags:
 * @TELLER_JSON_CLIENT_NONE: the reply must be a JSON object or array
 * @TELLER_JSON_CLIENT_ALLOW_EMPTY: an empty (or blank) 2xx body is a success: the
 *   call finishes with a %NULL root and no error.  For the endpoints whose
 *   document says they answer nothing (返回值说明 无).
 */
typedef enum
{
  TELLER_JSON_CLIENT_NONE        = 0,
  TELLER_JSON_CLIENT_ALLOW_EMPTY = 1 << 0,
} TellerJsonClientFlags;

TellerJsonClient *teller_json_client_new            (void);

/* (transfer none): the shared session, for what is not a JSON request (WebSockets). */
SoupSession      *teller_json_client_get_session    (TellerJsonClient *self);

void              teller_json_client_set_max_reply_size (TellerJsonClient *self,
                                                         gsize             max_bytes);

void              teller_json_client_post_async     (TellerJsonClient    *self,
                                                     const char          *url,
                                                     JsonNode            *body,
                                                     guint                timeout_ms,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void              teller_json_client_post_bytes_async (TellerJsonClient    *self,
                                                       const char          *url,
                                                       GBytes              *json_body,
                                                       guint                timeout_ms,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
void              teller_json_client_request_async  (TellerJsonClient      *self,
                                                     const char            *method,
                                                     const char            *url,
                                                     GBytes                *json_body,
                                                     TellerJsonClientFlags  flags,
                                                     guint                  timeout_ms,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void              teller_json_client_get_async      (TellerJsonClient    *self,
                                                     const char          *url,
                                                     guint                timeout_ms,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonNode         *teller_json_client_request_finish (TellerJsonClient    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

char             *teller_json_client_build_url      (const char          *base_url,
                                                     const char          *path);

G_END_DECLS
