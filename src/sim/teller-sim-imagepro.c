/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "teller-base64.h"
#include "teller-image-tools.h"
#include "teller-sim-imagepro-private.h"

/*
 * The image tools' object: the sandbox, the routes, and the machinery that runs
 * each route's job in a worker thread (merging a dozen scans into a PDF would
 * otherwise stall the main loop the simulator shares with `teller --demo`).  What
 * the routes answer is described in teller-sim-imagepro-private.h.
 */

#define IMAGEPRO_DATA_KEY "teller-sim-imagepro"

struct _TellerSimImagepro
{
  GObject          parent_instance;

  /* Owned References */
  TellerSimCamera *camera;
  GMutex           sandbox_lock;
  char            *sandbox;       /* the folder, made on first use */
  char            *sandbox_real;  /* realpath() of it, for containment checks */

  GMutex           editor_lock;
  GPtrArray       *editor_paths;  /* what the "operator" saved, or NULL */
};

G_DEFINE_FINAL_TYPE (TellerSimImagepro, teller_sim_imagepro, G_TYPE_OBJECT)

/* ---- Sandbox ----------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
teller_sim_imagepro_finalize (GObject *object)
{
  TellerSimImagepro *self = TELLER_SIM_IMAGEPRO (object);

  if (self->sandbox != NULL)
    remove_tree (self->sandbox);
  g_free (self->sandbox);
  g_free (self->sandbox_real);
  g_clear_pointer (&self->editor_paths, g_ptr_array_unref);
  g_mutex_clear (&self->editor_lock);
  g_mutex_clear (&self->sandbox_lock);
  g_clear_object (&self->camera);

  G_OBJECT_CLASS (teller_sim_imagepro_parent_class)->finalize (object);
}

static void
teller_sim_imagepro_class_init (TellerSimImageproClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = teller_sim_imagepro_finalize;
}

static void
teller_sim_imagepro_init (TellerSimImagepro *self)
{
  g_mutex_init (&self->editor_lock);
  g_mutex_init (&self->sandbox_lock);
}

/* Made on first use, so the many simulators tests start leave no folders behind
 * unless they use the tools.  Any worker thread may get here first. */
static const char *
ensure_sandbox (TellerSimImagepro *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->sandbox_lock);

  if (self->sandbox != NULL)
    return self->sandbox;

  self->sandbox = g_dir_make_tmp ("teller-sim-XXXXXX", &error);
  if (self->sandbox == NULL)
    {
      g_warning ("The simulator has no sandbox for its files: %s", error->message);
      return NULL;
    }
  self->sandbox_real = realpath (self->sandbox, NULL);
  return self->sandbox;
}

const char *
_teller_sim_imagepro_get_sandbox (TellerSimImagepro *self)
{
  g_return_val_if_fail (TELLER_IS_SIM_IMAGEPRO (self), NULL);

  return ensure_sandbox (self);
}

static gboolean
is_inside_sandbox (TellerSimImagepro *self,
                   const char        *real_path)
{
  gsize length = strlen (self->sandbox_real);

  return strncmp (real_path, self->sandbox_real, length) == 0 &&
         (real_path[length] == '/' || real_path[length] == '\0');
}

/* The nearest existing folder above @path, resolved, must be in the sandbox. */
static gboolean
ancestor_inside_sandbox (TellerSimImagepro *self,
                         const char        *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *real = NULL;

  while (!g_file_test (dir, G_FILE_TEST_EXISTS) && strcmp (dir, "/") != 0)
    {
      char *parent = g_path_get_dirname (dir);

      g_free (dir);
      dir = parent;
    }
  real = realpath (dir, NULL);
  return real != NULL && is_inside_sandbox (self, real);
}

char *
_teller_sim_imagepro_resolve (TellerSimImagepro  *self,
                              const char         *path,
                              gboolean            must_exist,
                              char              **message)
{
  g_autofree char *canonical = NULL;
  g_autofree char *real = NULL;

  if (path == NULL || *path == '\0')
    {
      *message = g_strdup ("文件路径为空");
      return NULL;
    }
  /* 6.1: "filepath 只能用正斜杠 /，不能用反斜杠" */
  if (strchr (path, '\\') != NULL || !g_path_is_absolute (path))
    {
      *message = g_strdup_printf ("文件路径无效（须为使用正斜杠的绝对路径）: %s", path);
      return NULL;
    }

  canonical = g_canonicalize_filename (path, NULL);
  if (ensure_sandbox (self) == NULL || self->sandbox_real == NULL ||
      !ancestor_inside_sandbox (self, canonical) ||
      ((real = realpath (canonical, NULL)) != NULL && !is_inside_sandbox (self, real)))
    {
      *message = g_strdup_printf ("模拟器只读写其沙箱目录 %s 内的文件: %s",
                                  self->sandbox, path);
      return NULL;
    }
  if (must_exist && !g_file_test (canonical, G_FILE_TEST_IS_REGULAR))
    {
      *message = g_strdup_printf ("文件不存在: %s", path);
      return NULL;
    }

  return g_steal_pointer (&canonical);
}

char *
_teller_sim_imagepro_new_path (TellerSimImagepro *self,
                               const char        *folder,
                               const char        *extension)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (uuid, ".", extension, NULL);
  g_autofree char *dir = g_build_filename (ensure_sandbox (self), folder, NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

gboolean
_teller_sim_imagepro_write (const char  *path,
                            GBytes      *bytes,
                            char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                            (gssize) g_bytes_get_size (bytes), &error))
    {
      *message = g_strdup_printf ("写文件失败: %s",
                                  error != NULL ? error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
_teller_sim_imagepro_store_image (TellerSimImagepro  *self,
                                  GBytes             *jpeg,
                                  char              **uuid,
                                  char              **filepath,
                                  GError            **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (id, ".jpg", NULL);
  g_autofree char *dir = g_build_filename (ensure_sandbox (self), "images", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_return_val_if_fail (TELLER_IS_SIM_IMAGEPRO (self), FALSE);

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, g_bytes_get_data (jpeg, NULL),
                            (gssize) g_bytes_get_size (jpeg), error))
    return FALSE;

  *uuid = g_steal_pointer (&id);
  *filepath = g_steal_pointer (&path);
  return TRUE;
}

void
_teller_sim_imagepro_set_editor_images (TellerSimImagepro *self,
                                        GPtrArray         *paths)
{
  g_mutex_lock (&self->editor_lock);
  g_clear_pointer (&self->editor_paths, g_ptr_array_unref);
  self->editor_paths = g_ptr_array_ref (paths);
  g_mutex_unlock (&self->editor_lock);
}

GPtrArray *
_teller_sim_imagepro_dup_editor_images (TellerSimImagepro *self)
{
  GPtrArray *paths;

  g_mutex_lock (&self->editor_lock);
  paths = self->editor_paths != NULL ? g_ptr_array_ref (self->editor_paths) : NULL;
  g_mutex_unlock (&self->editor_lock);
  return paths;
}

/* ---- Replies and request members --------------------------------------- */

JsonNode *
_teller_sim_tools_error (const char *code,
                         const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonBuilder *
_teller_sim_tools_begin_success (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, TELLER_SIM_TOOLS_CODE_OK);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "");
  return builder;
}

JsonNode *
_teller_sim_tools_end (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
_teller_sim_tools_success (void)
{
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();

  return _teller_sim_tools_end (builder);
}

gboolean
_teller_sim_tools_get_string (JsonObject  *object,
                              const char  *member,
                              gboolean     required,
                              const char **out,
                              char       **message)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        *message = g_strdup_printf ("缺少参数 %s", member);
      return !required;
    }
  /* Every value of a request is a String (NOTES.md): a number is refused. */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *message = g_strdup_printf ("参数 %s 必须为字符串", member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
_teller_sim_tools_get_int (JsonObject  *object,
                           const char  *member,
                           int          min,
                           int          max,
                           int         *out,
                           char       **message)
{
  const char *text;
  gint64 value;

  if (!_teller_sim_tools_get_string (object, member, FALSE, &text, message))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      *message = g_strdup_printf ("参数 %s 的值无效: %s", member, text);
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

gboolean
_teller_sim_tools_get_switch (JsonObject  *object,
                              const char  *member,
                              gboolean    *out,
                              char       **message)
{
  const char *text;

  if (!_teller_sim_tools_get_string (object, member, FALSE, &text, message))
    return FALSE;
  if (text != NULL)
    *out = !(g_str_equal (text, "0") || g_ascii_strcasecmp (text, "false") == 0);
  return TRUE;
}

/* ---- Sources ------------------------------------------------------------ */

static gboolean
image_type_matches (const char *declared,
                    GBytes     *bytes)
{
  const char *actual = teller_image_type_sniff (bytes);

  if (g_ascii_strcasecmp (declared, "jpeg") == 0)
    declared = "jpg";
  else if (g_ascii_strcasecmp (declared, "tiff") == 0)
    declared = "tif";
  return actual != NULL && g_ascii_strcasecmp (declared, actual) == 0;
}

static GBytes *
load_base64 (JsonObject            *object,
             const char            *base64,
             TellerSimSourceError  *kind,
             char                 **message)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *image_type = "jpg";

  *kind = TELLER_SIM_SOURCE_BAD_PARAM;
  if (!_teller_sim_tools_get_string (object, "image_type", FALSE, &image_type, message))
    return NULL;
  bytes = teller_base64_decode_strict (base64, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      *message = g_strdup ("base64 数据无效");
      return NULL;
    }
  /* 6.4: image_type "需与 base64 图像实际类型保持一致" */
  if (!image_type_matches (image_type != NULL ? image_type : "jpg", bytes))
    {
      *message = g_strdup_printf ("图像类型与 image_type (%s) 不一致",
                                  image_type != NULL ? image_type : "jpg");
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

static GBytes *
load_file (TellerSimImagepro     *self,
           const char            *path,
           TellerSimSourceError  *kind,
           char                 **message)
{
  g_autofree char *resolved = _teller_sim_imagepro_resolve (self, path, FALSE, message);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  if (resolved == NULL)
    {
      *kind = TELLER_SIM_SOURCE_FORBIDDEN;
      return NULL;
    }
  if (!g_file_test (resolved, G_FILE_TEST_IS_REGULAR))
    {
      *kind = TELLER_SIM_SOURCE_MISSING;
      *message = g_strdup_printf ("文件不存在: %s", path);
      return NULL;
    }
  if (!g_file_get_contents (resolved, &data, &size, &error))
    {
      *kind = TELLER_SIM_SOURCE_UNREADABLE;
      *message = g_strdup_printf ("读取文件失败: %s", error->message);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

static GBytes *
load_uuid (TellerSimImagepro     *self,
           const char            *uuid,
           TellerSimSourceError  *kind,
           char                 **message)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  /* Checked first, so a uuid can never walk out of the sandbox. */
  if (!g_uuid_string_is_valid (uuid))
    {
      *kind = TELLER_SIM_SOURCE_BAD_PARAM;
      *message = g_strdup_printf ("uuid 无效: %s", uuid);
      return NULL;
    }
  name = g_strconcat (uuid, ".jpg", NULL);
  path = g_build_filename (ensure_sandbox (self), "images", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      *kind = TELLER_SIM_SOURCE_MISSING;
      *message = g_strdup_printf ("未找到 uuid 对应的图像: %s", uuid);
      return NULL;
    }
  return load_file (self, path, kind, message);
}

GBytes *
_teller_sim_imagepro_load_source (TellerSimImagepro     *self,
                                  JsonNode              *source,
                                  gboolean               base64_only,
                                  TellerSimSourceError  *kind,
                                  char                 **message)
{
  JsonObject *object = source != NULL && JSON_NODE_HOLDS_OBJECT (source) ?
                       json_node_get_object (source) : NULL;
  const char *base64 = NULL, *filepath = NULL, *uuid = NULL;

  *kind = TELLER_SIM_SOURCE_BAD_PARAM;
  if (object == NULL)
    {
      *message = g_strdup ("source_image 必须为对象");
      return NULL;
    }
  if (!_teller_sim_tools_get_string (object, "base64", FALSE, &base64, message) ||
      !_teller_sim_tools_get_string (object, "filepath", FALSE, &filepath, message) ||
      !_teller_sim_tools_get_string (object, "uuid", FALSE, &uuid, message))
    return NULL;

  if (base64 != NULL)
    return load_base64 (object, base64, kind, message);
  if (base64_only)
    {
      /* 6.5: "此处的 source_image 只接受 base64 和 image_type 两个参数" */
      *message = g_strdup ("source_image 只接受 base64 和 image_type");
      return NULL;
    }
  if (filepath != NULL)
    return load_file (self, filepath, kind, message);
  if (uuid != NULL)
    return load_uuid (self, uuid, kind, message);

  *message = g_strdup ("source_image 未指定 filepath、uuid 或 base64");
  return NULL;
}

GPtrArray *
_teller_sim_imagepro_load_sources (TellerSimImagepro     *self,
                                   JsonNode              *array,
                                   TellerSimSourceError  *kind,
                                   char                 **message)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  JsonArray *elements;

  *kind = TELLER_SIM_SOURCE_BAD_PARAM;
  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    {
      *message = g_strdup ("图像源必须为 source_image 对象的数组");
      return NULL;
    }
  elements = json_node_get_array (array);
  if (json_array_get_length (elements) == 0)
    {
      *message = g_strdup ("图像源为空");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      GBytes *bytes = _teller_sim_imagepro_load_source (self, json_array_get_element (elements, i),
                                                        FALSE, kind, message);

      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (images, bytes);
    }
  return g_steal_pointer (&images);
}

/* ---- Jobs ---------------------------------------------------------------- */

typedef struct
{
  TellerSimImagepro *self;
  TellerSimToolsJob  job;
} Route;

typedef struct
{
  SoupServerMessage     *message;
  gulong                 disconnected_id;
  gboolean               gone;
  JsonNode              *body;
  TellerSimToolsJob      func;
  TellerSimToolsContext  context;
  char                  *route;
} Job;

static void
route_free (Route *route)
{
  g_object_unref (route->self);
  g_free (route);
}

static void
job_free (Job *job)
{
  g_clear_signal_handler (&job->disconnected_id, job->message);
  g_clear_object (&job->message);
  g_clear_pointer (&job->body, json_node_unref);
  g_free (job->route);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(JsonNode) reply = job->func (&job->context, job->body);

  g_task_return_pointer (task, json_to_string (reply, FALSE), g_free);
}

static void
job_disconnected_cb (SoupServerMessage *message,
                     Job               *job)
{
  /* The client left: the worker finishes, but nobody gets its answer. */
  job->gone = TRUE;
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *reply = g_task_propagate_pointer (G_TASK (result), NULL);
  gsize length = strlen (reply);

  if (job->gone)
    return;

  soup_server_message_set_status (job->message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (job->message, "application/json;charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&reply), length);
  soup_server_message_unpause (job->message);
}

static void
job_route_cb (TellerSimServer   *server,
              SoupServerMessage *message,
              const char        *route_name,
              JsonNode          *body,
              gpointer           user_data)
{
  Route *route = user_data;
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->message = g_object_ref (message);
  job->body = body != NULL ? json_node_ref (body) : NULL;
  job->route = g_strdup (route_name);
  job->func = route->job;
  job->context.imagepro = route->self;
  job->context.route = job->route;
  job->context.camera_plugged = teller_sim_camera_get_plugged (route->self->camera);
  job->disconnected_id = g_signal_connect (message, "disconnected",
                                           G_CALLBACK (job_disconnected_cb), job);
  soup_server_message_pause (message);

  task = g_task_new (route->self, NULL, job_done_cb, NULL);
  g_task_set_source_tag (task, job_route_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
add_job_route (TellerSimImagepro *self,
               TellerSimServer   *server,
               const char        *name,
               TellerSimToolsJob  job)
{
  Route *route = g_new0 (Route, 1);

  route->self = g_object_ref (self);
  route->job = job;
  teller_sim_server_add_route_full (server, name, job_route_cb, route, (GDestroyNotify) route_free);
}

/* POST /__sim/imagepro {} */
static void
control_cb (TellerSimServer   *server,
            SoupServerMessage *message,
            const char        *route,
            JsonNode          *body,
            gpointer           user_data)
{
  TellerSimImagepro *self = user_data;
  g_autoptr(JsonBuilder) builder = _teller_sim_tools_begin_success ();
  g_autoptr(JsonNode) reply = NULL;

  json_builder_set_member_name (builder, "sandbox");
  json_builder_add_string_value (builder, ensure_sandbox (self) != NULL ? self->sandbox : "");
  reply = _teller_sim_tools_end (builder);
  teller_sim_server_reply_json (server, message, SOUP_STATUS_OK, reply);
}

static const struct {
  const char        *route;
  TellerSimToolsJob  job;
} job_routes[] = {
  { "imagepro=merge2pdf", _teller_sim_tools_merge_document_job },
  { "imagepro=merge2tif", _teller_sim_tools_merge_document_job },
  { "imagepro=merge2ofd", _teller_sim_tools_merge_document_job },
  { "imagepro=merge_images", _teller_sim_tools_merge_images_job },
  { "imagepro=barcode", _teller_sim_tools_barcode_job },
  { "imagepro=process", _teller_sim_tools_process_job },
  { "imagepro=storage_image", _teller_sim_tools_storage_image_job },
  { "imagepro=file2base64", _teller_sim_tools_file2base64_job },
  { "imagepro=copyfile", _teller_sim_tools_copyfile_job },
  { "imagepro=start_editor", _teller_sim_tools_start_editor_job },
  { "imagepro=get_editor_images", _teller_sim_tools_get_editor_job },
  { "ocr", _teller_sim_tools_ocr_job },
};

void
_teller_sim_imagepro_register (TellerSimServer *server,
                               TellerSimCamera *camera)
{
  TellerSimImagepro *self;

  g_return_if_fail (TELLER_IS_SIM_SERVER (server));
  g_return_if_fail (TELLER_IS_SIM_CAMERA (camera));

  self = g_object_new (TELLER_TYPE_SIM_IMAGEPRO, NULL);
  self->camera = g_object_ref (camera);
  for (guint i = 0; i < G_N_ELEMENTS (job_routes); i++)
    add_job_route (self, server, job_routes[i].route, job_routes[i].job);
  teller_sim_server_add_route_full (server, "__sim/imagepro", control_cb,
                                    g_object_ref (self), g_object_unref);
  _teller_sim_scanner_register (server);
  /* The tools refer to the camera, never to the server: no cycle. */
  g_object_set_data_full (G_OBJECT (server), IMAGEPRO_DATA_KEY, self, g_object_unref);
}

TellerSimImagepro *
_teller_sim_imagepro_get (TellerSimServer *server)
{
  g_return_val_if_fail (TELLER_IS_SIM_SERVER (server), NULL);

  return g_object_get_data (G_OBJECT (server), IMAGEPRO_DATA_KEY);
}
