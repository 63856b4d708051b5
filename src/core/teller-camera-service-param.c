/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-camera-settings-private.h"
#include "teller-error.h"

/*
 * TellerCameraService's param=set and param=get calls of chapter 5 (app_version,
 * serial_number and device_info are teller-camera-service.c's info call), on the
 * camera service's call machinery (teller-camera-service-private.h).
 */

/* ---- Endpoints -------------------------------------------------------- */

TELLER_CAMERA_DEFINE_ENDPOINT (resolutions_endpoint, teller_camera_resolutions_parse,
                               g_array_unref)
TELLER_CAMERA_DEFINE_STRUCT_ENDPOINT (resolution_endpoint, TellerResolution,
                                      teller_camera_resolution_reply_parse)
TELLER_CAMERA_DEFINE_STRUCT_ENDPOINT (preview_resolution_endpoint, TellerResolution,
                                      teller_camera_preview_resolution_parse)
TELLER_CAMERA_DEFINE_ENDPOINT (video_formats_endpoint, teller_camera_video_formats_parse,
                               g_strfreev)
TELLER_CAMERA_DEFINE_ENDPOINT (video_format_endpoint, teller_camera_video_format_parse, g_free)
TELLER_CAMERA_DEFINE_STRUCT_ENDPOINT (screen_position_endpoint, TellerScreenRect,
                                      teller_camera_screen_position_parse)
TELLER_CAMERA_DEFINE_ENDPOINT (cache_value_endpoint, teller_camera_cache_value_parse, g_free)
TELLER_CAMERA_DEFINE_ENDPOINT (cache_entries_endpoint, teller_camera_cache_entries_parse,
                               g_ptr_array_unref)

/* param=get of camera @camidx's @name. */
static void
post_param_get (TellerCameraService        *self,
                const TellerCameraEndpoint *endpoint,
                const char                 *name,
                guint                       camidx,
                GCancellable               *cancellable,
                GAsyncReadyCallback         callback,
                gpointer                    user_data,
                gpointer                    source_tag)
{
  g_autofree char *index = g_strdup_printf ("%u", camidx);

  _teller_camera_post (self, endpoint, "param=get", teller_camera_build_param_get (name, index),
                       cancellable, callback, user_data, source_tag);
}

/* ---- Resolutions and frame rate (5.1–5.4, 5.14, 5.15) ------------------ */

/* param=set of camera @camidx's @resolution, built by @build, once it is checked. */
static void
post_set_resolution (TellerCameraService        *self,
                     const TellerCameraEndpoint *endpoint,
                     JsonNode                 *(*build) (guint, const TellerResolution *),
                     guint                       camidx,
                     const TellerResolution     *resolution,
                     GCancellable               *cancellable,
                     GAsyncReadyCallback         callback,
                     gpointer                    user_data,
                     gpointer                    source_tag)
{
  if (resolution == NULL || resolution->width == 0 || resolution->height == 0)
    {
      _teller_camera_report_invalid (self, callback, user_data, source_tag,
                                     _("A resolution needs a width and a height above zero"));
      return;
    }
  _teller_camera_post (self, endpoint, "param=set", build (camidx, resolution), cancellable,
                       callback, user_data, source_tag);
}

void
teller_camera_service_get_resolutions_async (TellerCameraService *self,
                                             guint                camidx,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_param_get (self, &resolutions_endpoint, "resolution", camidx, cancellable, callback,
                  user_data, teller_camera_service_get_resolutions_async);
}

GArray *
teller_camera_service_get_resolutions_finish (TellerCameraService  *self,
                                              GAsyncResult         *result,
                                              GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_resolutions_async,
                                        error);
}

void
teller_camera_service_get_resolution_async (TellerCameraService *self,
                                            guint                camidx,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_param_get (self, &resolution_endpoint, "current_resolution", camidx, cancellable, callback,
                  user_data, teller_camera_service_get_resolution_async);
}

gboolean
teller_camera_service_get_resolution_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             TellerResolution     *resolution,
                                             GError              **error)
{
  return _teller_camera_finish_struct (self, result, teller_camera_service_get_resolution_async,
                                       resolution, sizeof *resolution, error);
}

void
teller_camera_service_set_resolution_async (TellerCameraService    *self,
                                            guint                   camidx,
                                            const TellerResolution *resolution,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_set_resolution (self, &resolution_endpoint, teller_camera_build_set_resolution, camidx,
                       resolution, cancellable, callback, user_data,
                       teller_camera_service_set_resolution_async);
}

gboolean
teller_camera_service_set_resolution_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             TellerResolution     *effective,
                                             GError              **error)
{
  return _teller_camera_finish_struct (self, result, teller_camera_service_set_resolution_async,
                                       effective, sizeof *effective, error);
}

void
teller_camera_service_set_frame_rate_async (TellerCameraService *self,
                                            guint                camidx,
                                            guint                frame_rate,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  if (frame_rate == 0)
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_camera_service_set_frame_rate_async,
                                     _("The frame rate must be at least one frame a second"));
      return;
    }
  _teller_camera_post (self, &_teller_camera_plain_endpoint, "param=set",
                       teller_camera_build_set_frame_rate (camidx, frame_rate),
                       cancellable, callback, user_data,
                       teller_camera_service_set_frame_rate_async);
}

gboolean
teller_camera_service_set_frame_rate_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_frame_rate_async,
                                        error);
}

void
teller_camera_service_get_preview_resolution_async (TellerCameraService *self,
                                                    guint                camidx,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_param_get (self, &preview_resolution_endpoint, "preview_resolution", camidx,
                  cancellable, callback, user_data,
                  teller_camera_service_get_preview_resolution_async);
}

gboolean
teller_camera_service_get_preview_resolution_finish (TellerCameraService  *self,
                                                     GAsyncResult         *result,
                                                     TellerResolution     *resolution,
                                                     GError              **error)
{
  return _teller_camera_finish_struct (self, result,
                                       teller_camera_service_get_preview_resolution_async,
                                       resolution, sizeof *resolution, error);
}

void
teller_camera_service_set_preview_resolution_async (TellerCameraService    *self,
                                                    guint                   camidx,
                                                    const TellerResolution *resolution,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_set_resolution (self, &_teller_camera_plain_endpoint,
                       teller_camera_build_set_preview_resolution, camidx, resolution,
                       cancellable, callback, user_data,
                       teller_camera_service_set_preview_resolution_async);
}

gboolean
teller_camera_service_set_preview_resolution_finish (TellerCameraService  *self,
                                                     GAsyncResult         *result,
                                                     GError              **error)
{
  return _teller_camera_finish_boolean (self, result,
                                        teller_camera_service_set_preview_resolution_async, error);
}

/* ---- Video formats (5.10–5.12) ----------------------------------------- */

void
teller_camera_service_get_video_formats_async (TellerCameraService *self,
                                               guint                camidx,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_param_get (self, &video_formats_endpoint, "available_video_type", camidx,
                  cancellable, callback, user_data, teller_camera_service_get_video_formats_async);
}

GStrv
teller_camera_service_get_video_formats_finish (TellerCameraService  *self,
                                                GAsyncResult         *result,
                                                GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_video_formats_async,
                                        error);
}

void
teller_camera_service_get_video_format_async (TellerCameraService *self,
                                              guint                camidx,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  post_param_get (self, &video_format_endpoint, "video_type", camidx, cancellable, callback,
                  user_data, teller_camera_service_get_video_format_async);
}

char *
teller_camera_service_get_video_format_finish (TellerCameraService  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_video_format_async,
                                        error);
}

void
teller_camera_service_set_video_format_async (TellerCameraService *self,
                                              guint                camidx,
                                              const char          *format,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  const char *normalized = teller_camera_video_format_normalize (format);

  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  if (normalized == NULL)
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_camera_service_set_video_format_async,
                                     _("The video format must be MJPG or YUY2"));
      return;
    }
  _teller_camera_post (self, &_teller_camera_plain_endpoint, "param=set",
                       teller_camera_build_set_video_format (camidx, normalized),
                       cancellable, callback, user_data,
                       teller_camera_service_set_video_format_async);
}

gboolean
teller_camera_service_set_video_format_finish (TellerCameraService  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_video_format_async,
                                        error);
}

/* ---- Cut-page preview, sign screen (5.7–5.9) --------------------------- */

void
teller_camera_service_set_cut_page_async (TellerCameraService        *self,
                                          const TellerCutPageOptions *options,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (options != NULL);

  _teller_camera_post (self, &_teller_camera_plain_endpoint, "param=set",
                       teller_camera_build_set_cut_page (options),
                       cancellable, callback, user_data, teller_camera_service_set_cut_page_async);
}

gboolean
teller_camera_service_set_cut_page_finish (TellerCameraService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_cut_page_async,
                                        error);
}

void
teller_camera_service_get_screen_position_async (TellerCameraService *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &screen_position_endpoint, "param=get",
                       teller_camera_build_param_get ("screen_pos", NULL),
                       cancellable, callback, user_data,
                       teller_camera_service_get_screen_position_async);
}

gboolean
teller_camera_service_get_screen_position_finish (TellerCameraService  *self,
                                                  GAsyncResult         *result,
                                                  TellerScreenRect     *rect,
                                                  GError              **error)
{
  return _teller_camera_finish_struct (self, result,
                                       teller_camera_service_get_screen_position_async, rect,
                                       sizeof *rect, error);
}

void
teller_camera_service_set_sign_screen_mouse_async (TellerCameraService *self,
                                                   gboolean             enable,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &_teller_camera_plain_endpoint, "param=set",
                       teller_camera_build_sign_screen_mouse (enable),
                       cancellable, callback, user_data,
                       teller_camera_service_set_sign_screen_mouse_async);
}

gboolean
teller_camera_service_set_sign_screen_mouse_finish (TellerCameraService  *self,
                                                    GAsyncResult         *result,
                                                    GError              **error)
{
  return _teller_camera_finish_boolean (self, result,
                                        teller_camera_service_set_sign_screen_mouse_async, error);
}

/* ---- Cache data (5.16, 5.17) ------------------------------------------- */

void
teller_camera_service_set_cache_data_async (TellerCameraService *self,
                                            const char          *key,
                                            const char          *value,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));
  g_return_if_fail (value != NULL);

  if (key == NULL || *key == '\0')
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_camera_service_set_cache_data_async,
                                     _("A cached value needs a key"));
      return;
    }
  _teller_camera_post (self, &_teller_camera_plain_endpoint, "param=set",
                       teller_camera_build_set_cache_data (key, value),
                       cancellable, callback, user_data,
                       teller_camera_service_set_cache_data_async);
}

gboolean
teller_camera_service_set_cache_data_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_set_cache_data_async,
                                        error);
}

void
teller_camera_service_clean_cache_data_async (TellerCameraService *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &_teller_camera_plain_endpoint, "param=set",
                       teller_camera_build_clean_cache_data (),
                       cancellable, callback, user_data,
                       teller_camera_service_clean_cache_data_async);
}

gboolean
teller_camera_service_clean_cache_data_finish (TellerCameraService  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  return _teller_camera_finish_boolean (self, result, teller_camera_service_clean_cache_data_async,
                                        error);
}

void
teller_camera_service_get_cache_data_async (TellerCameraService *self,
                                            const char          *key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  if (key == NULL || *key == '\0')
    {
      _teller_camera_report_invalid (self, callback, user_data,
                                     teller_camera_service_get_cache_data_async,
                                     _("A cached value needs a key"));
      return;
    }
  _teller_camera_post (self, &cache_value_endpoint, "param=get",
                       teller_camera_build_get_cache_data (key),
                       cancellable, callback, user_data,
                       teller_camera_service_get_cache_data_async);
}

char *
teller_camera_service_get_cache_data_finish (TellerCameraService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return _teller_camera_finish_pointer (self, result, teller_camera_service_get_cache_data_async,
                                        error);
}

void
teller_camera_service_get_all_cache_data_async (TellerCameraService *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_return_if_fail (TELLER_IS_CAMERA_SERVICE (self));

  _teller_camera_post (self, &cache_entries_endpoint, "param=get",
                       teller_camera_build_get_cache_data (NULL),
                       cancellable, callback, user_data,
                       teller_camera_service_get_all_cache_data_async);
}

GPtrArray *
teller_camera_service_get_all_cache_data_finish (TellerCameraService  *self,
                                                 GAsyncResult         *result,
                                                 GError              **error)
{
  return _teller_camera_finish_pointer (self, result,
                                        teller_camera_service_get_all_cache_data_async, error);
}
