/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-document.h"

/* Enough for every magic number shared-mime-info sniffs for PDFs and images. */
#define SNIFF_SIZE 4096

struct _TellerDocument
{
  GObject             parent_instance;

  /* Owned References */
  GFile              *file;
  char               *title;
  char               *content_type;
  GDateTime          *created;

  TellerDocumentKind  kind;
};

G_DEFINE_FINAL_TYPE (TellerDocument, teller_document, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TellerDocumentKind, teller_document_kind,
  G_DEFINE_ENUM_VALUE (TELLER_DOCUMENT_KIND_IMAGE, "image"),
  G_DEFINE_ENUM_VALUE (TELLER_DOCUMENT_KIND_PDF, "pdf"),
  G_DEFINE_ENUM_VALUE (TELLER_DOCUMENT_KIND_OTHER, "other"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_KIND,
  PROP_CONTENT_TYPE,
  PROP_CREATED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A missing or unreadable file is not an error here: the name alone still gives a guess. */
static GBytes *
read_head (GFile *file)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = NULL;
  gsize n_read = 0;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return NULL;

  buffer = g_malloc (SNIFF_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, SNIFF_SIZE, &n_read, NULL, NULL))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&buffer), n_read);
}

static TellerDocumentKind
kind_for_content_type (const char *content_type)
{
  g_autofree char *mime_type = g_content_type_get_mime_type (content_type);

  if (mime_type == NULL)
    return TELLER_DOCUMENT_KIND_OTHER;
  if (g_str_equal (mime_type, "application/pdf"))
    return TELLER_DOCUMENT_KIND_PDF;
  if (g_str_has_prefix (mime_type, "image/"))
    return TELLER_DOCUMENT_KIND_IMAGE;
  return TELLER_DOCUMENT_KIND_OTHER;
}

/**
 * teller_document_kind_for_file:
 * @file: a file, which need not exist
 * @content_type: (out) (optional): the guessed content type
 *
 * Guesses from the file name and, when the file can be read, its first bytes.
 * This reads from disk, so call it off the main thread.
 */
TellerDocumentKind
teller_document_kind_for_file (GFile  *file,
                               char  **content_type)
{
  g_autofree char *basename = NULL;
  g_autofree char *guess = NULL;
  g_autoptr(GBytes) head = NULL;
  const guint8 *data = NULL;
  gsize size = 0;
  TellerDocumentKind kind;

  g_return_val_if_fail (G_IS_FILE (file), TELLER_DOCUMENT_KIND_OTHER);

  basename = g_file_get_basename (file);
  head = read_head (file);
  if (head != NULL)
    data = g_bytes_get_data (head, &size);

  guess = g_content_type_guess (basename, data, size, NULL);
  kind = kind_for_content_type (guess);

  if (content_type != NULL)
    *content_type = g_steal_pointer (&guess);

  return kind;
}

/**
 * teller_document_new:
 * @file: the document's file, already written in full
 * @title: (nullable): a title for the operator; the file's basename if %NULL
 *
 * Guesses the kind from the file's content, so call it off the main thread.
 */
TellerDocument *
teller_document_new (GFile      *file,
                     const char *title)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (TELLER_TYPE_DOCUMENT,
                       "file", file,
                       "title", title,
                       NULL);
}

static void
teller_document_set_title (TellerDocument *self,
                           const char     *title)
{
  g_autofree char *fallback = NULL;

  if (title == NULL || *title == '\0')
    title = fallback = g_file_get_basename (self->file);

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

GFile *
teller_document_get_file (TellerDocument *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT (self), NULL);

  return self->file;
}

const char *
teller_document_get_title (TellerDocument *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT (self), NULL);

  return self->title;
}

TellerDocumentKind
teller_document_get_kind (TellerDocument *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT (self), TELLER_DOCUMENT_KIND_OTHER);

  return self->kind;
}

const char *
teller_document_get_content_type (TellerDocument *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT (self), NULL);

  return self->content_type;
}

GDateTime *
teller_document_get_created (TellerDocument *self)
{
  g_return_val_if_fail (TELLER_IS_DOCUMENT (self), NULL);

  return self->created;
}

/**
 * teller_document_emit_changed:
 * @self: a #TellerDocument
 *
 * Tells views that the file's content was replaced (atomically, under the same
 * name), so thumbnails and previews are read again.
 */
void
teller_document_emit_changed (TellerDocument *self)
{
  g_return_if_fail (TELLER_IS_DOCUMENT (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
teller_document_constructed (GObject *object)
{
  TellerDocument *self = TELLER_DOCUMENT (object);

  G_OBJECT_CLASS (teller_document_parent_class)->constructed (object);

  /* "file" is construct-only and required: there is no document without one. */
  g_assert (G_IS_FILE (self->file));

  self->kind = teller_document_kind_for_file (self->file, &self->content_type);
  self->created = g_date_time_new_now_local ();

  /* Non-construct properties, "title" among them, are applied after this. */
  self->title = g_file_get_basename (self->file);
}

static void
teller_document_finalize (GObject *object)
{
  TellerDocument *self = TELLER_DOCUMENT (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);

  G_OBJECT_CLASS (teller_document_parent_class)->finalize (object);
}

static void
teller_document_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TellerDocument *self = TELLER_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_document_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TellerDocument *self = TELLER_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    case PROP_TITLE:
      teller_document_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_document_class_init (TellerDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = teller_document_constructed;
  object_class->finalize = teller_document_finalize;
  object_class->get_property = teller_document_get_property;
  object_class->set_property = teller_document_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /* Writable so the operator can rename a document in the list. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       TELLER_TYPE_DOCUMENT_KIND,
                       TELLER_DOCUMENT_KIND_OTHER,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TellerDocument::changed:
   * @self: a #TellerDocument
   *
   * The content of the document's file changed; its name and kind did not.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
teller_document_init (TellerDocument *self)
{
  self->kind = TELLER_DOCUMENT_KIND_OTHER;
}
