/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every call of chapters 6, 10 and 11 against the in-process simulator. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "teller-camera-service.h"
#include "teller-error.h"
#include "teller-image-tools.h"
#include "teller-sim.h"
#include "teller-sim-imagepro-private.h"
#include "test-tools.h"
#include "test-tools-sim.h"
#include "test-util.h"

ToolsSimFixture fx;

void
tools_sim_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fx.sim = teller_sim_new ();
  ck_assert_msg (teller_sim_start (fx.sim, 0, &error), "%s", error != NULL ? error->message : "");
  url = teller_sim_dup_camera_url (fx.sim);
  fx.client = teller_json_client_new ();
  fx.camera = teller_camera_service_new (fx.client, url);
  teller_service_set_timeout_ms (TELLER_SERVICE (fx.camera), CALL_TIMEOUT_MS);
  fx.imagepro = _teller_sim_imagepro_get (teller_sim_get_camera_server (fx.sim));
  ck_assert_ptr_nonnull (fx.imagepro);
  fx.sandbox = _teller_sim_imagepro_get_sandbox (fx.imagepro);
  ck_assert_ptr_nonnull (fx.sandbox);
}

void
tools_sim_teardown (void)
{
  g_clear_object (&fx.camera);
  g_clear_object (&fx.client);
  g_clear_object (&fx.sim);
  while (g_main_context_iteration (NULL, FALSE));
}

GPtrArray *
tools_sources_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) teller_image_source_free);
}

void
tools_add_jpeg (GPtrArray *sources,
                int        width,
                int        height)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (width, height, FALSE);

  g_ptr_array_add (sources, teller_image_source_new_bytes (jpeg, "jpg"));
}

char *
tools_sandbox_file (const char *name,
                    GBytes     *contents)
{
  char *path = g_build_filename (fx.sandbox, name, NULL);

  if (contents != NULL)
    ck_assert (g_file_set_contents (path, g_bytes_get_data (contents, NULL),
                                    g_bytes_get_size (contents), NULL));
  return path;
}

void
tools_assert_vendor_error (const GError *error,
                           int           kind,
                           const char   *code)
{
  ck_assert_msg (error != NULL, "the call succeeded");
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, kind), "got %s (%d)", error->message,
                 error->code);
  if (code != NULL)
    ck_assert_str_eq (teller_error_get_vendor_code (error), code);
}

/* ---- Calls, each waited for ------------------------------------------------ */


TellerMergedDocument *
tools_merge (TellerMergeFormat   format,
             GPtrArray          *sources,
             GError            **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  TellerMergedDocument *document;

  teller_camera_service_merge_document_async (fx.camera, format, sources, NULL,
                                                    test_store_result_cb, &pending);
  document = teller_camera_service_merge_document_finish (fx.camera, AWAIT (pending), error);
  g_clear_object (&pending);
  return document;
}

GPtrArray *
tools_process (const TellerImageSource     *source,
               const TellerProcessOptions  *options,
               GError                     **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  GPtrArray *images;

  teller_camera_service_process_async (fx.camera, source, options, NULL,
                                             test_store_result_cb, &pending);
  images = teller_camera_service_process_finish (fx.camera, AWAIT (pending), error);
  g_clear_object (&pending);
  return images;
}

TellerBarcodeResult *
tools_barcode (const TellerBarcodeOptions  *options,
               GError                     **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  TellerBarcodeResult *result;

  teller_camera_service_barcode_async (fx.camera, options, NULL, test_store_result_cb,
                                             &pending);
  result = teller_camera_service_barcode_finish (fx.camera, AWAIT (pending), error);
  g_clear_object (&pending);
  return result;
}

TellerOcrResult *
tools_ocr (TellerOcrOutput   output,
           GPtrArray        *sources,
           const char       *output_file,
           GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  TellerOcrResult *result;

  teller_camera_service_ocr_async (fx.camera, output, sources, output_file, NULL,
                                         test_store_result_cb, &pending);
  result = teller_camera_service_ocr_finish (fx.camera, AWAIT (pending), error);
  g_clear_object (&pending);
  return result;
}

static TellerBarcodeResult *
barcode_of (GBytes *image)
{
  g_auto(TellerBarcodeOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  TellerBarcodeResult *result;

  teller_barcode_options_init (&options);
  options.source = teller_image_source_new_bytes (image, NULL);
  result = tools_barcode (&options, &error);
  ck_assert_msg (result != NULL, "%s", error != NULL ? error->message : "");
  return result;
}

/* ---- 6.1 -------------------------------------------------------------------- */

START_TEST (test_merge2pdf_three_source_forms)
{
  g_autoptr(GPtrArray) sources = tools_sources_new ();
  g_autoptr(GBytes) jpeg = test_make_jpeg (400, 300, FALSE);
  g_autofree char *path = tools_sandbox_file ("page.jpg", jpeg);
  g_autoptr(TellerImageSource) uuid_source = teller_image_source_new_bytes (jpeg, NULL);
  g_auto(TellerProcessOptions) options = { 0 };
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(TellerMergedDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  gsize written_size = 0;

  /* A uuid the service knows: made by process with make_uuid "1". */
  teller_process_options_init (&options);
  options.make_uuid = 1;
  made = tools_process (uuid_source, &options, &error);
  ck_assert_msg (made != NULL, "%s", error != NULL ? error->message : "");

  tools_add_jpeg (sources, 320, 240);
  g_ptr_array_add (sources, teller_image_source_new_filepath (path));
  g_ptr_array_add (sources,
                   teller_image_source_new_uuid (((TellerToolImage *) made->pdata[0])->uuid));
  document = tools_merge (TELLER_MERGE_FORMAT_PDF, sources, &error);

  ck_assert_msg (document != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (test_pdf_page_count (document->data), 3);
  ck_assert (g_str_has_prefix (document->filepath, fx.sandbox));
  ck_assert (g_str_has_suffix (document->filepath, ".pdf"));
  ck_assert (g_file_get_contents (document->filepath, &written, &written_size, NULL));
  ck_assert_uint_eq (written_size, g_bytes_get_size (document->data));
}
END_TEST

START_TEST (test_merge2tif_and_ofd)
{
  g_autoptr(GPtrArray) sources = tools_sources_new ();
  g_autoptr(TellerMergedDocument) tif = NULL, ofd = NULL;
  g_autoptr(GdkPixbuf) first = NULL;
  g_autoptr(GError) error = NULL;
  const char *zip;
  gsize size;

  tools_add_jpeg (sources, 160, 120);
  tools_add_jpeg (sources, 90, 200);
  tif = tools_merge (TELLER_MERGE_FORMAT_TIF, sources, &error);
  ck_assert_msg (tif != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (test_tiff_page_count (tif->data), 2);
  first = test_decode (tif->data);
  ck_assert_int_eq (gdk_pixbuf_get_width (first), 160);
  ck_assert_int_eq (gdk_pixbuf_get_height (first), 120);

  ofd = tools_merge (TELLER_MERGE_FORMAT_OFD, sources, &error);
  ck_assert_msg (ofd != NULL, "%s", error != NULL ? error->message : "");
  zip = g_bytes_get_data (ofd->data, &size);
  ck_assert_mem_eq (zip, "PK\003\004", 4);
  ck_assert (memmem (zip, size, "OFD.xml", strlen ("OFD.xml")) != NULL);
  ck_assert (memmem (zip, size, "Doc_0/Pages/Page_1/Content.xml",
                     strlen ("Doc_0/Pages/Page_1/Content.xml")) != NULL);
  ck_assert (memmem (zip, size, "Doc_0/Res/image_1.jpg", strlen ("Doc_0/Res/image_1.jpg")) != NULL);
  ck_assert (g_str_has_suffix (ofd->filepath, ".ofd"));
}
END_TEST

/* ---- 6.2 -------------------------------------------------------------------- */

START_TEST (test_merge_images_layout)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GPtrArray) sources = tools_sources_new ();
  g_autoptr(GPtrArray) again = tools_sources_new ();
  g_auto(TellerMergeOptions) options = { 0 };
  g_autoptr(TellerToolImage) vertical = NULL, horizontal = NULL, single = NULL;
  g_autoptr(GdkPixbuf) v = NULL, h = NULL;
  g_autoptr(GError) error = NULL;

  tools_add_jpeg (sources, 200, 100);
  tools_add_jpeg (sources, 120, 80);
  teller_camera_service_merge_images_async (fx.camera, sources, NULL, NULL,
                                            test_store_result_cb, &pending);
  vertical = teller_camera_service_merge_images_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (vertical != NULL, "%s", error != NULL ? error->message : "");
  v = test_decode (vertical->jpeg);
  /* Defaults (6.2): vertical, 5 px apart. */
  ck_assert_int_eq (gdk_pixbuf_get_width (v), 200);
  ck_assert_int_eq (gdk_pixbuf_get_height (v), 100 + 5 + 80);
  ck_assert_ptr_null (vertical->uuid);

  teller_merge_options_init (&options);
  options.make_uuid = 1;
  options.merge_type = TELLER_MERGE_HORIZONTAL;
  options.margin = 10;
  options.align = TELLER_MERGE_ALIGN_END;
  teller_camera_service_merge_images_async (fx.camera, sources, &options, NULL,
                                            test_store_result_cb, &pending);
  horizontal = teller_camera_service_merge_images_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (horizontal != NULL, "%s", error != NULL ? error->message : "");
  h = test_decode (horizontal->jpeg);
  ck_assert_int_eq (gdk_pixbuf_get_width (h), 200 + 10 + 120);
  ck_assert_int_eq (gdk_pixbuf_get_height (h), 100);
  ck_assert_ptr_nonnull (horizontal->uuid);

  /* The merged image's uuid is a source for the next call. */
  g_ptr_array_add (again, teller_image_source_new_uuid (horizontal->uuid));
  teller_camera_service_merge_images_async (fx.camera, again, NULL, NULL,
                                            test_store_result_cb, &pending);
  single = teller_camera_service_merge_images_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (single != NULL, "%s", error != NULL ? error->message : "");
}
END_TEST

/* ---- 6.4 -------------------------------------------------------------------- */

START_TEST (test_process_rotate_grey_split)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (300, 200, FALSE);
  g_autoptr(TellerImageSource) source = teller_image_source_new_bytes (jpeg, "jpg");
  g_auto(TellerProcessOptions) options = { 0 };
  g_autoptr(GPtrArray) turned = NULL, split = NULL;
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(GError) error = NULL;
  const TellerToolImage *first;
  const guchar *p;

  teller_process_options_init (&options);
  options.make_uuid = 1;
  options.processing.rotate = 90;
  options.processing.color_type = TELLER_COLOR_TYPE_GREY;
  turned = tools_process (source, &options, &error);
  ck_assert_msg (turned != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (turned->len, 1);
  first = g_ptr_array_index (turned, 0);
  image = test_decode (first->jpeg);
  ck_assert_int_eq (gdk_pixbuf_get_width (image), 200);
  ck_assert_int_eq (gdk_pixbuf_get_height (image), 300);
  p = gdk_pixbuf_read_pixels (image) + 10 * gdk_pixbuf_get_rowstride (image) + 30 * 3;
  ck_assert_int_le (ABS (p[0] - p[1]), 2);
  ck_assert_int_le (ABS (p[1] - p[2]), 2);
  ck_assert_ptr_nonnull (first->uuid);
  ck_assert (g_file_test (first->filepath, G_FILE_TEST_IS_REGULAR));

  /* cut_type 1 with split_page: the long side halved, two images. */
  teller_process_options_clear (&options);
  teller_process_options_init (&options);
  options.processing.cut_type = TELLER_CUT_TYPE_AUTO;
  options.processing.split_page = 1;
  split = tools_process (source, &options, &error);
  ck_assert_msg (split != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (split->len, 2);
  ck_assert_int_eq (((TellerToolImage *) split->pdata[1])->index, 1);
}
END_TEST

START_TEST (test_process_custom_rect)
{
  g_autoptr(GBytes) jpeg = test_make_jpeg (400, 200, FALSE);
  g_autoptr(TellerImageSource) source = teller_image_source_new_bytes (jpeg, NULL);
  g_auto(TellerProcessOptions) options = { 0 };
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GdkPixbuf) image = NULL;
  g_autoptr(GError) error = NULL;

  teller_process_options_init (&options);
  options.processing.cut_type = TELLER_CUT_TYPE_CUSTOM;
  options.processing.custom_left = g_strdup ("100px");
  options.processing.custom_top = g_strdup ("10%");
  options.processing.custom_right = g_strdup ("300");
  options.processing.custom_bottom = g_strdup ("60%");
  options.processing.custom_angle = g_strdup ("0");
  images = tools_process (source, &options, &error);
  ck_assert_msg (images != NULL, "%s", error != NULL ? error->message : "");
  image = test_decode (((TellerToolImage *) images->pdata[0])->jpeg);
  ck_assert_int_eq (gdk_pixbuf_get_width (image), 200);
  ck_assert_int_eq (gdk_pixbuf_get_height (image), 100);
}
END_TEST

/* ---- 6.5, 6.6, 6.7 ------------------------------------------------------------ */

START_TEST (test_storage_file2base64_copyfile)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GBytes) jpeg = test_make_jpeg (64, 48, FALSE);
  g_autoptr(TellerImageSource) source = teller_image_source_new_bytes (jpeg, "jpg");
  g_autofree char *wanted = tools_sandbox_file ("kept/scan.jpg", NULL);
  g_autofree char *stored = NULL, *copy = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  teller_camera_service_storage_image_async (fx.camera, source, wanted, NULL,
                                                   test_store_result_cb, &pending);
  stored = teller_camera_service_storage_image_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (stored != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (stored, wanted);

  teller_camera_service_file_to_base64_async (fx.camera, stored, NULL, test_store_result_cb,
                                                    &pending);
  back = teller_camera_service_file_to_base64_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (back != NULL, "%s", error != NULL ? error->message : "");
  ck_assert (g_bytes_equal (back, jpeg));

  copy = tools_sandbox_file ("copies/scan-copy.jpg", NULL);
  teller_camera_service_copy_file_async (fx.camera, stored, copy, FALSE, FALSE, NULL,
                                               test_store_result_cb, &pending);
  ok = teller_camera_service_copy_file_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (ok, "%s", error != NULL ? error->message : "");
  ck_assert (g_file_test (copy, G_FILE_TEST_IS_REGULAR));

  /* 6.7: an existing target without cover_target_file is an error… */
  teller_camera_service_copy_file_async (fx.camera, stored, copy, FALSE, FALSE, NULL,
                                               test_store_result_cb, &pending);
  ok = teller_camera_service_copy_file_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert (!ok);
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "1");
  g_clear_error (&error);

  /* …and with it, the copy is made, and delete_source_file moves the file. */
  teller_camera_service_copy_file_async (fx.camera, stored, copy, TRUE, TRUE, NULL,
                                               test_store_result_cb, &pending);
  ok = teller_camera_service_copy_file_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (ok, "%s", error != NULL ? error->message : "");
  ck_assert (!g_file_test (stored, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_files_outside_sandbox_refused)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escape = g_build_filename (fx.sandbox, "..", "etc-passwd-copy", NULL);
  gboolean ok;

  teller_camera_service_file_to_base64_async (fx.camera, "/etc/hostname", NULL,
                                                    test_store_result_cb, &pending);
  back = teller_camera_service_file_to_base64_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_ptr_null (back);
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "1");
  g_clear_error (&error);

  teller_camera_service_copy_file_async (fx.camera, "/etc/hostname", escape, FALSE, FALSE,
                                               NULL, test_store_result_cb, &pending);
  ok = teller_camera_service_copy_file_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert (!ok);
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "1");
  ck_assert (!g_file_test (escape, G_FILE_TEST_EXISTS));
}
END_TEST

/* ---- 6.8, 6.9 ------------------------------------------------------------------ */

START_TEST (test_editor)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GPtrArray) sources = tools_sources_new ();
  g_autoptr(GPtrArray) edited = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  teller_camera_service_get_editor_images_async (fx.camera, NULL, test_store_result_cb,
                                                       &pending);
  edited = teller_camera_service_get_editor_images_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_ptr_null (edited);
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "1");
  g_clear_error (&error);

  tools_add_jpeg (sources, 100, 80);
  tools_add_jpeg (sources, 60, 60);
  teller_camera_service_start_editor_async (fx.camera, sources, NULL, test_store_result_cb,
                                                  &pending);
  ok = teller_camera_service_start_editor_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (ok, "%s", error != NULL ? error->message : "");

  teller_camera_service_get_editor_images_async (fx.camera, NULL, test_store_result_cb,
                                                       &pending);
  edited = teller_camera_service_get_editor_images_finish (fx.camera, AWAIT (pending), &error);
  g_clear_object (&pending);
  ck_assert_msg (edited != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (edited->len, 2);
  for (guint i = 0; i < edited->len; i++)
    {
      const TellerToolImage *image = g_ptr_array_index (edited, i);

      ck_assert_int_eq (image->index, (int) i);
      ck_assert_ptr_null (image->jpeg);
      ck_assert (g_file_test (image->filepath, G_FILE_TEST_IS_REGULAR));
    }
}
END_TEST

/* ---- 6.3 ------------------------------------------------------------------------ */

START_TEST (test_barcode_recognition)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerBarcodeResult) camera = tools_barcode (NULL, &error);
  g_autoptr(GBytes) marked = test_make_jpeg_with_comment (200, 150,
                                                          TELLER_SIM_BARCODE_COMMENT "QR_CODE:ACC-2024-001;CODE_39:X9");
  g_autoptr(GBytes) white = test_make_jpeg (200, 150, TRUE);
  g_autoptr(GBytes) plain = test_make_jpeg (200, 150, FALSE);
  g_autoptr(TellerBarcodeResult) two = barcode_of (marked);
  g_autoptr(TellerBarcodeResult) none = barcode_of (white);
  g_autoptr(TellerBarcodeResult) once = barcode_of (plain);
  g_autoptr(TellerBarcodeResult) twice = barcode_of (plain);
  const TellerBarcode *code;

  /* Camera 0 sees the simulator's form with its EAN-13. */
  ck_assert_msg (camera != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (camera->barcodes->len, 1);
  code = g_ptr_array_index (camera->barcodes, 0);
  ck_assert_str_eq (code->type, TELLER_SIM_CAMERA_BARCODE_TYPE);
  ck_assert_str_eq (code->code, TELLER_SIM_CAMERA_BARCODE);

  ck_assert_uint_eq (two->barcodes->len, 2);
  ck_assert_str_eq (((TellerBarcode *) two->barcodes->pdata[0])->code, "ACC-2024-001");
  ck_assert_str_eq (((TellerBarcode *) two->barcodes->pdata[1])->type, "CODE_39");
  ck_assert_uint_eq (none->barcodes->len, 0);
  ck_assert_uint_eq (once->barcodes->len, 1);
  ck_assert (g_str_has_prefix (((TellerBarcode *) once->barcodes->pdata[0])->code, "SIM"));
  ck_assert_str_eq (((TellerBarcode *) once->barcodes->pdata[0])->code,
                    ((TellerBarcode *) twice->barcodes->pdata[0])->code);
}
END_TEST

START_TEST (test_barcode_roi)
{
  g_auto(TellerBarcodeOptions) options = { 0 };
  g_autoptr(TellerBarcodeResult) inside = NULL, outside = NULL;
  g_autoptr(GError) error = NULL;

  teller_barcode_options_init (&options);
  options.has_roi = TRUE;
  options.roi_top = options.roi_left = 0.1;
  options.roi_bottom = options.roi_right = 0.9;
  options.cut_type = 1;
  options.binary = 1;
  inside = tools_barcode (&options, &error);
  ck_assert_msg (inside != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (inside->barcodes->len, 1);

  options.roi_top = 0.6;
  outside = tools_barcode (&options, &error);
  ck_assert_msg (outside != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (outside->barcodes->len, 0);
}
END_TEST

START_TEST (test_barcode_unplugged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TellerBarcodeResult) result = NULL;

  g_object_set (teller_sim_get_camera (fx.sim), "plugged", FALSE, NULL);
  result = tools_barcode (NULL, &error);
  ck_assert_ptr_null (result);
  tools_assert_vendor_error (error, TELLER_ERROR_DEVICE, "2");
  ck_assert_ptr_nonnull (teller_error_get_vendor_message (error));
}
END_TEST

/* ---- 10.1 ------------------------------------------------------------------------ */

START_TEST (test_ocr_json)
{
  g_autoptr(GPtrArray) sources = tools_sources_new ();
  g_autoptr(GBytes) marked = test_make_jpeg_with_comment (300, 400,
                                                          TELLER_SIM_TEXT_COMMENT "账户名称 张三\nACCOUNT 6222 0000");
  g_autoptr(GBytes) white = test_make_jpeg (100, 100, TRUE);
  g_autoptr(TellerOcrResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const TellerOcrPage *page;
  const TellerOcrBlock *block;

  g_ptr_array_add (sources, teller_image_source_new_bytes (marked, NULL));
  tools_add_jpeg (sources, 200, 300);
  g_ptr_array_add (sources, teller_image_source_new_bytes (white, NULL));
  result = tools_ocr (TELLER_OCR_OUTPUT_JSON, sources, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (result->ocr_result, 0);
  ck_assert_uint_eq (result->pages->len, 3);

  page = g_ptr_array_index (result->pages, 0);
  ck_assert_uint_eq (page->blocks->len, 2);
  block = g_ptr_array_index (page->blocks, 0);
  ck_assert_str_eq (block->text, "账户名称 张三");
  ck_assert_int_lt (block->left, block->right);
  ck_assert_int_le (block->bottom, 400);
  page = g_ptr_array_index (result->pages, 1);
  ck_assert_uint_eq (page->blocks->len, 3);
  page = g_ptr_array_index (result->pages, 2);
  ck_assert_int_eq (page->index, 2);
  ck_assert_uint_eq (page->blocks->len, 0);
  text = teller_ocr_result_dup_text (result);
  ck_assert (g_str_has_prefix (text, "账户名称 张三\nACCOUNT 6222 0000\n"));
}
END_TEST

START_TEST (test_ocr_file_outputs)
{
  const char *names[] = { "result.txt", "result.docx", "result.pdf" };
  g_autoptr(GBytes) marked = test_make_jpeg_with_comment (120, 90,
                                                          TELLER_SIM_TEXT_COMMENT "LINE ONE");
  g_autoptr(GPtrArray) sources = tools_sources_new ();

  g_ptr_array_add (sources, teller_image_source_new_bytes (marked, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tools_sandbox_file (names[i], NULL);
      g_autoptr(TellerOcrResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;

      result = tools_ocr (TELLER_OCR_OUTPUT_FILE, sources, path, &error);
      ck_assert_msg (result != NULL, "%s: %s", names[i], error != NULL ? error->message : "");
      ck_assert_str_eq (result->output_file, path);
      file = g_mapped_file_new (path, FALSE, NULL);
      ck_assert_ptr_nonnull (file);
      bytes = g_mapped_file_get_bytes (file);
      if (i == 0)
        ck_assert_str_eq (g_mapped_file_get_contents (file), "LINE ONE\n");
      else if (i == 1)
        ck_assert_mem_eq (g_bytes_get_data (bytes, NULL), "PK\003\004", 4);
      else
        ck_assert_int_eq (test_pdf_page_count (bytes), 1);
    }
}
END_TEST

START_TEST (test_ocr_errors)
{
  g_autoptr(GPtrArray) missing = tools_sources_new ();
  g_autoptr(GPtrArray) good = tools_sources_new ();
  g_autofree char *absent = tools_sandbox_file ("absent.jpg", NULL);
  g_autofree char *folderless = tools_sandbox_file ("no-such-folder/out.txt", NULL);
  g_autofree char *odd = tools_sandbox_file ("out.xls", NULL);
  g_autoptr(TellerOcrResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (missing, teller_image_source_new_filepath (absent));
  result = tools_ocr (TELLER_OCR_OUTPUT_JSON, missing, NULL, &error);
  ck_assert_ptr_null (result);
  tools_assert_vendor_error (error, TELLER_ERROR_INVALID_INPUT, "1013");
  g_clear_error (&error);

  tools_add_jpeg (good, 50, 50);
  result = tools_ocr (TELLER_OCR_OUTPUT_FILE, good, folderless, &error);
  ck_assert_ptr_null (result);
  tools_assert_vendor_error (error, TELLER_ERROR_INVALID_INPUT, "1014");
  g_clear_error (&error);

  result = tools_ocr (TELLER_OCR_OUTPUT_FILE, good, odd, &error);
  ck_assert_ptr_null (result);
  tools_assert_vendor_error (error, TELLER_ERROR_INVALID_INPUT, "1016");
}
END_TEST

Suite *
tools_sim_suite (void)
{
  Suite *suite = suite_create ("tools-simulator");
  TCase *tc = tcase_create ("calls");

  tcase_add_checked_fixture (tc, tools_sim_setup, tools_sim_teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_merge2pdf_three_source_forms);
  tcase_add_test (tc, test_merge2tif_and_ofd);
  tcase_add_test (tc, test_merge_images_layout);
  tcase_add_test (tc, test_process_rotate_grey_split);
  tcase_add_test (tc, test_process_custom_rect);
  tcase_add_test (tc, test_storage_file2base64_copyfile);
  tcase_add_test (tc, test_files_outside_sandbox_refused);
  tcase_add_test (tc, test_editor);
  tcase_add_test (tc, test_barcode_recognition);
  tcase_add_test (tc, test_barcode_roi);
  tcase_add_test (tc, test_barcode_unplugged);
  tcase_add_test (tc, test_ocr_json);
  tcase_add_test (tc, test_ocr_file_outputs);
  tcase_add_test (tc, test_ocr_errors);
  suite_add_tcase (suite, tc);
  suite_add_tcase (suite, tools_sim_errors_tcase ());
  return suite;
}
