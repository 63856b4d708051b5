/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-service.h"
#include "teller-camera-settings.h"

G_BEGIN_DECLS

/*
 * Reading and writing the CameraService's all-strings JSON, shared by
 * teller-camera-settings.c and teller-camera-record.c.
 */

/* The string member @name, or NULL when absent; BAD_RESPONSE when it is not a string. */
gboolean _teller_camera_json_get_string (JsonObject  *object,
                                         const char  *name,
                                         gboolean     required,
                                         const char **value,
                                         GError     **error);
/* A string member holding a whole number, as every CameraService number is. */
gboolean _teller_camera_json_get_int    (JsonObject  *object,
                                         const char  *name,
                                         int         *value,
                                         GError     **error);
gboolean _teller_camera_parse_int       (const char  *text,
                                         gint64       min,
                                         gint64       max,
                                         gint64      *value);

void     _teller_camera_add_string      (JsonBuilder *builder,
                                         const char  *name,
                                         const char  *value);
void     _teller_camera_add_uint        (JsonBuilder *builder,
                                         const char  *name,
                                         guint        value);
void     _teller_camera_add_camidx      (JsonBuilder *builder,
                                         guint        camidx);

/*
 * The settings calls of TellerCameraService (teller-camera-service-settings.c,
 * teller-camera-service-param.c): POST, code check, then @parse on the reply.
 */
typedef gpointer (*TellerCameraParseFunc) (const char  *detail,
                                           JsonObject  *reply,
                                           GError     **error);

void     _teller_camera_settings_post  (TellerCameraService   *self,
                                        const char            *operation,
                                        JsonNode              *body,
                                        TellerCameraParseFunc  parse,
                                        GDestroyNotify         free_result,
                                        const char            *detail,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data,
                                        gpointer               source_tag);
void     _teller_camera_report_invalid (TellerCameraService   *self,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data,
                                        gpointer               source_tag,
                                        const char            *message);
gpointer _teller_camera_finish_pointer (TellerCameraService   *self,
                                        GAsyncResult          *result,
                                        gpointer               source_tag,
                                        GError               **error);
gboolean _teller_camera_finish_boolean (TellerCameraService   *self,
                                        GAsyncResult          *result,
                                        gpointer               source_tag,
                                        GError               **error);
gboolean _teller_camera_finish_struct  (TellerCameraService   *self,
                                        GAsyncResult          *result,
                                        gpointer               source_tag,
                                        gpointer               out,
                                        gsize                  size,
                                        GError               **error);

G_END_DECLS
