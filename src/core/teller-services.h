/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-service.h"
#include "teller-card-reader.h"
#include "teller-transaction.h"

G_BEGIN_DECLS

#define TELLER_SERVICES_DEFAULT_TIMEOUT_S 15
#define TELLER_SERVICES_DEFAULT_PROBE_S   5
#define TELLER_SERVICES_DEFAULT_IDENTITY_IDLE_TIMEOUT_S 180

/* What a TellerServices is built from: GSettings in the GUI, options in teller-cli. */
typedef struct
{
  char  *camera_url;
  char  *kic_url;
  char  *lianke_url;
  char  *sonma_url;
  char  *kuaishou_url;
  char  *output_folder; /* NULL or "" for the default under the user data dir */
  guint  timeout_s;
  guint  probe_interval_s;
  guint  document_camera_index;
  guint  face_camera_index;
  /* Seconds without use after which the transaction's identity is wiped; 0 never. */
  guint  identity_idle_timeout_s;
} TellerServicesConfig;

void     teller_services_config_clear            (TellerServicesConfig *config);
void     teller_services_config_init_defaults    (TellerServicesConfig *config);
/* Fills @config from the installed GSettings schema; FALSE (defaults kept) when absent. */
gboolean teller_services_config_load_settings    (TellerServicesConfig *config);
GFile   *teller_services_config_dup_output_root  (const TellerServicesConfig *config);

#define TELLER_TYPE_SERVICES (teller_services_get_type ())
G_DECLARE_FINAL_TYPE (TellerServices, teller_services, TELLER, SERVICES, GObject)

TellerServices      *teller_services_new              (const TellerServicesConfig *config);
TellerJsonClient    *teller_services_get_client       (TellerServices *self);
TellerCameraService *teller_services_get_camera       (TellerServices *self);
/* Chapters 4, 7, 8 (card=, face=, fp=), on the camera service's address. */
TellerCardReader    *teller_services_get_card_reader  (TellerServices *self);
TellerTransaction   *teller_services_get_transaction  (TellerServices *self);
TellerDocumentStore *teller_services_get_store        (TellerServices *self);
/* Every configured service, for the status bar: a GListModel of TellerService. */
GListModel          *teller_services_get_services     (TellerServices *self);
void                 teller_services_apply_config     (TellerServices *self,
                                                       const TellerServicesConfig *config);
void                 teller_services_start_monitors   (TellerServices *self);

G_END_DECLS
