/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "teller-json-client.h"

G_BEGIN_DECLS

typedef enum
{
  TELLER_SERVICE_STATE_UNKNOWN,
  TELLER_SERVICE_STATE_ONLINE,
  TELLER_SERVICE_STATE_OFFLINE,
  TELLER_SERVICE_STATE_ERROR,
} TellerServiceState;

#define TELLER_TYPE_SERVICE_STATE (teller_service_state_get_type ())
GType teller_service_state_get_type (void);

#define TELLER_TYPE_SERVICE (teller_service_get_type ())
G_DECLARE_DERIVABLE_TYPE (TellerService, teller_service, TELLER, SERVICE, GObject)

/**
 * TellerServiceClass:
 * @probe_async: a cheap call that tells whether the service and its device answer.
 *   Finishing with %TELLER_ERROR_UNREACHABLE or %TELLER_ERROR_TIMEOUT makes the service
 *   offline; any other error makes it "error" with the message as the reason.
 *
 * The base of every vendor service: its base URL, per-call timeout, shared HTTP client,
 * and the health state kept fresh by a periodic probe that backs off while down.
 */
struct _TellerServiceClass
{
  GObjectClass parent_class;

  void     (*probe_async)  (TellerService       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean (*probe_finish) (TellerService       *self,
                            GAsyncResult        *result,
                            GError             **error);
};

const char         *teller_service_get_display_name (TellerService *self);
const char         *teller_service_get_base_url     (TellerService *self);
void                teller_service_set_base_url     (TellerService *self,
                                                     const char    *base_url);
guint               teller_service_get_timeout_ms   (TellerService *self);
void                teller_service_set_timeout_ms   (TellerService *self,
                                                     guint          timeout_ms);
TellerJsonClient   *teller_service_get_client       (TellerService *self);
TellerServiceState  teller_service_get_state        (TellerService *self);
const char         *teller_service_get_state_reason (TellerService *self);
gboolean            teller_service_get_online       (TellerService *self);
char               *teller_service_dup_url          (TellerService *self,
                                                     const char    *path);

void                teller_service_start_monitor    (TellerService *self,
                                                     guint          interval_ms);
void                teller_service_stop_monitor     (TellerService *self);
void                teller_service_probe_now        (TellerService *self);
guint               teller_service_get_next_probe_delay_ms (TellerService *self);

G_END_DECLS
