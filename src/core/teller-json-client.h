/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TELLER_TYPE_JSON_CLIENT (teller_json_client_get_type ())
G_DECLARE_FINAL_TYPE (TellerJsonClient, teller_json_client, TELLER, JSON_CLIENT, GObject)

/* Replies larger than this are refused as a bad response rather than buffered. */
#define TELLER_JSON_CLIENT_DEFAULT_MAX_REPLY (128 * 1024 * 1024)

TellerJsonClient *teller_json_client_new            (void);

void              teller_json_client_set_max_reply_size (TellerJsonClient *self,
                                                         gsize             max_bytes);

void              teller_json_client_post_async     (TellerJsonClient    *self,
                                                     const char          *url,
                                                     JsonNode            *body,
                                                     guint                timeout_ms,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
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
