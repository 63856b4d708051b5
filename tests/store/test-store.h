/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <check.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "teller-document-store.h"
#include "teller-document.h"
#include "teller-thumbnailer.h"
#include "teller-transaction.h"

G_BEGIN_DECLS

/*
 * The document store, documents, the transaction and thumbnails: one check suite,
 * a test case a file, sharing a private temporary folder and these helpers.
 */

#define ASYNC_TIMEOUT_SECONDS 20
#define NOBODY_ID 65534

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  gboolean   timed_out;
  GPtrArray *results;   /* of GAsyncResult */
} Wait;

/* A stream that misbehaves on cue: fails, cancels or slows down after so many bytes. */
#define TEST_TYPE_STREAM (test_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestStream, test_stream, TEST, STREAM, GInputStream)

struct _TestStream
{
  GInputStream  parent_instance;
  guint64       total;
  guint64       produced;
  guint64       fail_after;    /* bytes before a read error */
  guint64       cancel_after;  /* bytes before it cancels @cancellable */
  guint64       slow_after;    /* bytes before each read sleeps */
  GCancellable *cancellable;
};

extern char *tmpdir;

/* The helpers of test-store.c, shared by its files. */
void setup (void);
void teardown (void);
char *tmp_path (const char *name);
void put_file (const char *path, const char *contents, gssize length);
char *get_file (const char *path, gsize *length);
void assert_file_is (const char *path, const char *expected);
guint count_entries (const char *path, const char *suffix);
guint file_mode (const char *path);
GBytes *png_bytes (int width, int height, guint32 rgba);
GBytes *jpeg_bytes (int width, int height);
GBytes *jpeg_bytes_rotated (int width, int height);
void write_pdf (const char *path);
GInputStream *test_stream_new (guint64 total);
void wait_init (Wait *wait);
void wait_clear (Wait *wait);
void wait_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);
void wait_run (Wait *wait);
void wait_until_gone (const char *path);
void unref_and_wait (gpointer object);

/* One test case a file. */
TCase *store_write_tcase (void);
TCase *store_names_tcase (void);
TCase *store_transaction_tcase (void);
TCase *store_thumbnails_tcase (void);

G_END_DECLS
