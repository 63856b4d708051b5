/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-camera-service-private.h"
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

G_END_DECLS
