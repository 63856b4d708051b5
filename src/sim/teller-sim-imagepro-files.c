/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <glib/gstdio.h>

#include "teller-image-tools.h"
#include "teller-sim-imagepro-private.h"

/*
 * storage_image (6.5), file2base64 (6.6), copyfile (6.7) and the image editor
 * (6.8, 6.9), on real files inside the simulator's sandbox.
 *
 * The editor is a desktop window on the real device, where the operator edits the
 * images and saves them.  The simulator plays that operator at once: start_editor
 * marks each image with a red frame and saves it under editor/, and
 * get_editor_images answers with those files (paths only, as 6.9 says) until the
 * next start_editor.
 */

static JsonNode *
bad_request (const char *message)
{
  return _teller_sim_tools_error (TELLER_SIM_TOOLS_CODE_BAD_REQUEST, message);
}

static JsonObject *
body_object (JsonNode *body)
{
  return body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
}

/* {"code": "0", "message": "", "image_count": N, "images": [{"index"?, "filepath"}…]} */
static JsonNode *
paths_reply (GPtrArray *paths,
             gboolean   with_index)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();

  json_builder_set_member_name (builder, "image_count");
  json_builder_add_int_value (builder, paths->len);
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < paths->len; i++)
    {
      json_builder_begin_object (builder);
      if (with_index)
        {
          json_builder_set_member_name (builder, "index");
          json_builder_add_int_value (builder, i);
        }
      json_builder_set_member_name (builder, "filepath");
      json_builder_add_string_value (builder, g_ptr_array_index (paths, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return _teller_sim_tools_end (builder);
}

/* ---- 6.5 ------------------------------------------------------------------ */

static char *
storage_path (const TellerSimToolsContext  *context,
              JsonObject                   *request,
              GBytes                       *image,
              char                        **message)
{
  JsonNode *node = json_object_get_member (request, "output_image");
  const char *filepath = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup ("参数 output_image 必须为对象");
      return NULL;
    }
  if (node != NULL &&
      !_teller_sim_tools_get_string (json_node_get_object (node), "filepath", FALSE, &filepath,
                                     message))
    return NULL;
  if (filepath != NULL)
    return _teller_sim_imagepro_resolve (context->imagepro, filepath, FALSE, message);
  return _teller_sim_imagepro_new_path (context->imagepro, "images",
                                        teller_image_type_sniff (image));
}

JsonNode *
_teller_sim_tools_storage_image_job (const TellerSimToolsContext *context,
                                     JsonNode                    *body)
{
  JsonObject *request = body_object (body);
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *message = NULL, *path = NULL;
  TellerSimSourceError kind;

  if (request == NULL || !json_object_has_member (request, "source_image"))
    return bad_request ("缺少参数 source_image");
  image = _teller_sim_imagepro_load_source (context->imagepro,
                                            json_object_get_member (request, "source_image"),
                                            TRUE, &kind, &message);
  if (image == NULL)
    return bad_request (message);
  pixbuf = _teller_sim_tools_decode (image, NULL);
  if (pixbuf == NULL)
    return bad_request ("图像无法解码");

  path = storage_path (context, request, image, &message);
  if (path == NULL || !_teller_sim_imagepro_write (path, image, &message))
    return bad_request (message);

  /* 6.5: "此处数组元素仅包含 filepath 一个字段" */
  g_ptr_array_add (paths, g_steal_pointer (&path));
  return paths_reply (paths, FALSE);
}

/* ---- 6.6 ------------------------------------------------------------------ */

JsonNode *
_teller_sim_tools_file2base64_job (const TellerSimToolsContext *context,
                                   JsonNode                    *body)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL, *path = NULL, *data = NULL, *encoded = NULL;
  const char *filepath;
  gsize size = 0;

  if (!_teller_sim_tools_get_string (body_object (body), "filepath", TRUE, &filepath, &message))
    return bad_request (message);
  path = _teller_sim_imagepro_resolve (context->imagepro, filepath, TRUE, &message);
  if (path == NULL)
    return bad_request (message);
  if (!g_file_get_contents (path, &data, &size, &error))
    {
      message = g_strdup_printf ("读取文件失败: %s", error->message);
      return bad_request (message);
    }

  encoded = g_base64_encode ((const guchar *) data, size);
  builder = _teller_sim_tools_begin_success ();
  json_builder_set_member_name (builder, "base64");
  json_builder_add_string_value (builder, encoded);
  return _teller_sim_tools_end (builder);
}

/* ---- 6.7 ------------------------------------------------------------------ */

/* 6.7 lists "0" and "1" only. */
static gboolean
get_flag (JsonObject  *request,
          const char  *member,
          gboolean    *out,
          char       **message)
{
  const char *text;

  if (!_teller_sim_tools_get_string (request, member, TRUE, &text, message))
    return FALSE;
  if (!g_str_equal (text, "0") && !g_str_equal (text, "1"))
    {
      *message = g_strdup_printf ("参数 %s 必须为 0 或 1", member);
      return FALSE;
    }
  *out = g_str_equal (text, "1");
  return TRUE;
}

static gboolean
copy_file (const char  *source,
           const char  *target,
           gboolean     cover,
           char       **message)
{
  g_autoptr(GFile) from = g_file_new_for_path (source);
  g_autoptr(GFile) to = g_file_new_for_path (target);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (target);

  g_mkdir_with_parents (folder, 0700);
  if (!g_file_copy (from, to, cover ? G_FILE_COPY_OVERWRITE : G_FILE_COPY_NONE, NULL, NULL,
                    NULL, &error))
    {
      *message = g_strdup_printf ("拷贝失败: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
_teller_sim_tools_copyfile_job (const TellerSimToolsContext *context,
                                JsonNode                    *body)
{
  JsonObject *request = body_object (body);
  g_autofree char *message = NULL, *source = NULL, *target = NULL;
  const char *source_file, *target_file;
  gboolean delete_source, cover_target;

  if (!_teller_sim_tools_get_string (request, "source_file", TRUE, &source_file, &message) ||
      !_teller_sim_tools_get_string (request, "target_file", TRUE, &target_file, &message) ||
      !get_flag (request, "delete_source_file", &delete_source, &message) ||
      !get_flag (request, "cover_target_file", &cover_target, &message))
    return bad_request (message);

  source = _teller_sim_imagepro_resolve (context->imagepro, source_file, TRUE, &message);
  if (source == NULL)
    return bad_request (message);
  target = _teller_sim_imagepro_resolve (context->imagepro, target_file, FALSE, &message);
  if (target == NULL)
    return bad_request (message);
  if (g_str_equal (source, target))
    return bad_request ("源文件与目标文件相同");
  /* 6.7: "若为否，且目标文件存在，则接口返回报错不执行拷贝" */
  if (!cover_target && g_file_test (target, G_FILE_TEST_EXISTS))
    return bad_request ("目标文件已存在");

  if (!copy_file (source, target, cover_target, &message))
    return bad_request (message);
  if (delete_source && g_unlink (source) != 0)
    return bad_request ("拷贝成功，但删除源文件失败");

  return _teller_sim_tools_success ();
}

/* ---- 6.8, 6.9 -------------------------------------------------------------- */

static char *
save_edited (const TellerSimToolsContext  *context,
             GBytes                       *image,
             char                        **message)
{
  g_autoptr(GdkPixbuf) pixbuf = _teller_sim_tools_decode (image, NULL);
  g_autoptr(GdkPixbuf) edited = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *path = NULL;

  if (pixbuf == NULL)
    {
      *message = g_strdup ("图像无法解码");
      return NULL;
    }
  edited = _teller_sim_tools_mark_edited (pixbuf);
  jpeg = _teller_sim_tools_encode_jpeg (edited, 90, TELLER_SIM_TOOLS_DPI, TELLER_SIM_TOOLS_DPI,
                                        NULL);
  path = _teller_sim_imagepro_new_path (context->imagepro, "editor", "jpg");
  if (jpeg == NULL || !_teller_sim_imagepro_write (path, jpeg, message))
    return NULL;
  return g_steal_pointer (&path);
}

JsonNode *
_teller_sim_tools_start_editor_job (const TellerSimToolsContext *context,
                                    JsonNode                    *body)
{
  JsonObject *request = body_object (body);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *message = NULL;
  TellerSimSourceError kind;

  /* 6.8 spells the member "sources_images". */
  if (request == NULL || !json_object_has_member (request, "sources_images"))
    return bad_request ("缺少参数 sources_images");
  images = _teller_sim_imagepro_load_sources (context->imagepro,
                                              json_object_get_member (request, "sources_images"),
                                              &kind, &message);
  if (images == NULL)
    return bad_request (message);

  for (guint i = 0; i < images->len; i++)
    {
      char *path = save_edited (context, g_ptr_array_index (images, i), &message);

      if (path == NULL)
        return bad_request (message);
      g_ptr_array_add (paths, path);
    }
  _teller_sim_imagepro_set_editor_images (context->imagepro, paths);
  return _teller_sim_tools_success ();
}

JsonNode *
_teller_sim_tools_get_editor_job (const TellerSimToolsContext *context,
                                  JsonNode                    *body)
{
  g_autoptr(GPtrArray) paths = _teller_sim_imagepro_dup_editor_images (context->imagepro);

  if (paths == NULL)
    return bad_request ("图像编辑器未启动");
  return paths_reply (paths, TRUE);
}
