/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-service.h"

G_BEGIN_DECLS

#define TELLER_TYPE_SERVICE_INDICATOR (teller_service_indicator_get_type ())
G_DECLARE_FINAL_TYPE (TellerServiceIndicator, teller_service_indicator,
                      TELLER, SERVICE_INDICATOR, GtkWidget)

GtkWidget          *teller_service_indicator_new             (TellerService          *service);
TellerService      *teller_service_indicator_get_service     (TellerServiceIndicator *self);
void                teller_service_indicator_set_service     (TellerServiceIndicator *self,
                                                              TellerService          *service);
/* What the indicator shows, as opposed to what the service is: for tests. */
TellerServiceState  teller_service_indicator_get_state       (TellerServiceIndicator *self);
const char         *teller_service_indicator_get_state_label (TellerServiceIndicator *self);

G_END_DECLS
