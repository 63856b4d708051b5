/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-service.h"

G_BEGIN_DECLS

#define TELLER_CAMERA_SERVICE_DEFAULT_URL "http://127.0.0.1:38088"

typedef enum
{
  TELLER_CAMERA_PRESENCE_UNKNOWN,
  TELLER_CAMERA_PRESENCE_ABSENT,   /* "no"  */
  TELLER_CAMERA_PRESENCE_PRESENT,  /* "ok"  */
  TELLER_CAMERA_PRESENCE_RUNNING,  /* "run" */
} TellerCameraPresence;

/* One device slot of video=status, named as the service names it (video0, videoIR1...). */
typedef struct
{
  char                 *name;
  TellerCameraPresence  presence;
} TellerCameraSlot;

typedef struct
{
  GArray *slots; /* of TellerCameraSlot, in reply order */
} TellerCameraStatus;

typedef struct
{
  char *app_version;
  char *serial_number;
  char *brand_name;
  char *device_type;
  char *company_name;
  char *credit_code;
  char *device_serial_number; /* device_info.serial_number */
} TellerCameraInfo;

void                 teller_camera_status_free     (TellerCameraStatus *status);
TellerCameraPresence teller_camera_status_get      (const TellerCameraStatus *status,
                                                    const char               *slot_name);
TellerCameraStatus  *teller_camera_status_parse    (JsonObject         *reply,
                                                    GError            **error);
JsonNode            *teller_camera_status_to_json  (const TellerCameraStatus *status);
const char          *teller_camera_presence_to_string (TellerCameraPresence presence);

void                 teller_camera_info_free       (TellerCameraInfo   *info);
JsonNode            *teller_camera_info_to_json    (const TellerCameraInfo *info);
gboolean             teller_camera_info_merge_param (TellerCameraInfo  *info,
                                                     const char        *type,
                                                     JsonObject        *reply,
                                                     GError           **error);

JsonNode            *teller_camera_build_param_get (const char         *type,
                                                    const char         *camidx);
gboolean             teller_camera_reply_check     (const char         *operation,
                                                    JsonNode           *reply,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCameraStatus, teller_camera_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerCameraInfo, teller_camera_info_free)

#define TELLER_TYPE_CAMERA_SERVICE (teller_camera_service_get_type ())
G_DECLARE_FINAL_TYPE (TellerCameraService, teller_camera_service, TELLER, CAMERA_SERVICE, TellerService)

TellerCameraService *teller_camera_service_new           (TellerJsonClient    *client,
                                                          const char          *base_url);
guint                teller_camera_service_get_document_camera_index (TellerCameraService *self);
void                 teller_camera_service_set_document_camera_index (TellerCameraService *self,
                                                                      guint                index);

void                 teller_camera_service_status_async  (TellerCameraService *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TellerCameraStatus  *teller_camera_service_status_finish (TellerCameraService *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* param=get with "type": returns the whole reply object after the code check. */
void                 teller_camera_service_param_get_async  (TellerCameraService *self,
                                                             const char          *type,
                                                             const char          *camidx,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
JsonObject          *teller_camera_service_param_get_finish (TellerCameraService *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* app_version, serial_number and device_info, asked together. */
void                 teller_camera_service_info_async    (TellerCameraService *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TellerCameraInfo    *teller_camera_service_info_finish   (TellerCameraService *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
