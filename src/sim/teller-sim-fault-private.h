/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-sim-server.h"

G_BEGIN_DECLS

/* One route's fault, parsed from a spec string (see teller_sim_server_set_fault()). */
typedef struct
{
  guint               latency_ms;
  TellerSimFaultKind  kind;
  char               *code;        /* for TELLER_SIM_FAULT_VENDOR_ERROR */
} TellerSimFault;

TellerSimFault *_teller_sim_fault_parse          (const char            *spec,
                                                  GError               **error);
TellerSimFault *_teller_sim_fault_copy           (const TellerSimFault  *fault);
void            _teller_sim_fault_free           (TellerSimFault        *fault);
gboolean        _teller_sim_fault_is_none        (const TellerSimFault  *fault);
gboolean        _teller_sim_fault_needs_stream   (const TellerSimFault  *fault);

void            _teller_sim_fault_reply_malformed (SoupServerMessage    *message);
void            _teller_sim_fault_reply_http_500  (SoupServerMessage    *message);
void            _teller_sim_fault_fail_stream     (GIOStream            *stream,
                                                   TellerSimFaultKind    kind);

/* teller-sim-server.c: counts a request that came outside the routes (a
 * WebSocket message) and returns a copy of its route's fault, or %NULL. */
TellerSimFault *_teller_sim_server_begin_request  (TellerSimServer      *self,
                                                  const char           *route);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerSimFault, _teller_sim_fault_free)

G_END_DECLS
