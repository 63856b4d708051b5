/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <string.h>

#include <check.h>
#include <glib.h>

#include "teller-vendor-codes.h"

#define CAM    TELLER_VENDOR_CAMERA_SERVICE
#define KIC    TELLER_VENDOR_KIC
#define SONMA  TELLER_VENDOR_SONMA
#define LIANKE TELLER_VENDOR_LIANKE
#define KS     TELLER_VENDOR_KUAISHOU

typedef struct
{
  TellerVendor  vendor;
  const char   *operation;
  const char   *code;
  TellerError   kind;
  gboolean      not_an_error; /* a documented state is_success() accepts */
} Documented;

/*
 * Every code the table is meant to hold, from the documents in api/: each must be
 * found under exactly this key, and no two keys may share an entry.
 */
static const Documented documented[] = {
  /* CameraService */
  { CAM, "video=detectdoc", "1", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "video=detectdoc", "2", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "video=detectdoc", "3", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "video=detectdoc", "5", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "video=detectdoc", "6", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "video=detectdoc", "100", TELLER_ERROR_BUSY, TRUE },
  { CAM, "video=detectdoc", "102", TELLER_ERROR_BUSY, TRUE },
  { CAM, "video=record.status", "101", TELLER_ERROR_BUSY, TRUE },
  { CAM, "video=record.status", "102", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "video=getproperty", "1", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "face=islive", "1", TELLER_ERROR_BUSY, TRUE },
  { CAM, "sign=get", "1", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "sign=get", "2", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "sign=status.status", "1", TELLER_ERROR_BUSY, TRUE },
  { CAM, "sign=getevaluatorresult", "1", TELLER_ERROR_BUSY, TRUE },
  { CAM, "sign=getfloatingbuttongroupresult", "1", TELLER_ERROR_BUSY, TRUE },
  { CAM, "ocr.ocr_result", "90", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "91", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "93", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1000", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "2", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1001", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "4", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "8", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1002", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "3", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1003", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "5", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1004", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "6", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1005", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "7", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "ocr.ocr_result", "1006", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "ocr.ocr_result", "1007", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1008", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1009", TELLER_ERROR_BUSY, FALSE },
  { CAM, "ocr.ocr_result", "1010", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1011", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1012", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1013", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "ocr.ocr_result", "1014", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "ocr.ocr_result", "1015", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1016", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "ocr.ocr_result", "1017", TELLER_ERROR_DEVICE, FALSE },
  { CAM, "ocr.ocr_result", "1018", TELLER_ERROR_INVALID_INPUT, FALSE },
  { CAM, "ocr.ocr_result", "1019", TELLER_ERROR_DEVICE, FALSE },

  /* KIC */
  { KIC, NULL, "30204", TELLER_ERROR_BUSY, FALSE },

  /* Sonma */
  { SONMA, "v1/print", "202", TELLER_ERROR_OFFLINE, TRUE },
  { SONMA, NULL, "202", TELLER_ERROR_OFFLINE, FALSE },
  { SONMA, NULL, "40000", TELLER_ERROR_INVALID_INPUT, FALSE },
  { SONMA, NULL, "40001", TELLER_ERROR_INVALID_INPUT, FALSE },
  { SONMA, NULL, "40002", TELLER_ERROR_INVALID_INPUT, FALSE },
  { SONMA, "v1/auth/access_token", "40030", TELLER_ERROR_INVALID_INPUT, FALSE },
  { SONMA, NULL, "40300", TELLER_ERROR_AUTH, FALSE },
  { SONMA, NULL, "40400", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, NULL, "40900", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, NULL, "50000", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, NULL, "50100", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "01", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "02", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "03", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "04", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "05", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "08", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "09", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "0A", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "0B", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "0C", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "0D", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "10", TELLER_ERROR_DEVICE, FALSE },
  { SONMA, "printer.status", "20", TELLER_ERROR_BUSY, TRUE },
  { SONMA, "printer.status", "80", TELLER_ERROR_DEVICE, FALSE },

  /* Lianke */
  { LIANKE, NULL, "5001", TELLER_ERROR_OFFLINE, FALSE },
  { LIANKE, NULL, "5002", TELLER_ERROR_OFFLINE, FALSE },
  { LIANKE, NULL, "5011", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, NULL, "10009", TELLER_ERROR_BUSY, FALSE },
  { LIANKE, NULL, "11203", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "device/async_refresh_device_info", "401", TELLER_ERROR_BUSY, FALSE },
  { LIANKE, "device/async_refresh_device_info", "404", TELLER_ERROR_AUTH, FALSE },
  { LIANKE, "device/async_device_reboot", "401", TELLER_ERROR_BUSY, FALSE },
  { LIANKE, "device/printer_status", "497", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "driver/uninstall_driver_event", "403", TELLER_ERROR_INVALID_INPUT, FALSE },
  { LIANKE, "print/reset_printing_error_limit", "11200", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "print/reset_printing_error_limit", "11201", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "print/job.task_result", "500", TELLER_ERROR_OFFLINE, FALSE },
  { LIANKE, "print/job.task_result", "502", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "print/job.task_result", "503", TELLER_ERROR_OFFLINE, FALSE },
  { LIANKE, "print/job.task_state", "READY", TELLER_ERROR_BUSY, TRUE },
  { LIANKE, "print/job.task_state", "PARSING", TELLER_ERROR_BUSY, TRUE },
  { LIANKE, "print/job.task_state", "SENDING", TELLER_ERROR_BUSY, TRUE },
  { LIANKE, "print/job.task_state", "SET_REVOKE", TELLER_ERROR_BUSY, TRUE },
  { LIANKE, "print/job.task_state", "FAILURE", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "device/device_info.online", "0", TELLER_ERROR_OFFLINE, FALSE },
  { LIANKE, "external_api/printer_list.printer_state", "printing", TELLER_ERROR_BUSY, TRUE },
  { LIANKE, "external_api/printer_list.printer_state", "stopped", TELLER_ERROR_DEVICE, FALSE },
  { LIANKE, "external_api/printer_list.printer_state", "outOfPaper", TELLER_ERROR_DEVICE, FALSE },

  /* Kuaishou */
  { KS, NULL, "failed", TELLER_ERROR_DEVICE, FALSE },
  { KS, "notifyPrintResult.taskStatus", "failed", TELLER_ERROR_DEVICE, FALSE },
  { KS, "notifyPrintResult.taskStatus", "partPrinted", TELLER_ERROR_DEVICE, FALSE },
  { KS, "notifyPrintResult.printStatus", "failed", TELLER_ERROR_DEVICE, FALSE },
};

static const TellerVendorCode *
lookup_ok (TellerVendor  vendor,
           const char   *operation,
           const char   *code)
{
  const TellerVendorCode *entry = teller_vendor_code_lookup (vendor, operation, code);

  ck_assert_msg (entry != NULL, "no entry for vendor %d, %s, %s",
                 vendor, operation ? operation : "(any)", code);
  return entry;
}

START_TEST (test_camera_codes)
{
  const TellerVendorCode *entry;

  entry = lookup_ok (CAM, "video=detectdoc", "2");
  ck_assert_int_eq (entry->kind, TELLER_ERROR_DEVICE);
  ck_assert (!teller_vendor_code_is_success (CAM, "video=detectdoc", "2"));

  /* detection results are not errors */
  ck_assert (teller_vendor_code_is_success (CAM, "video=detectdoc", "100"));
  ck_assert (teller_vendor_code_is_success (CAM, "video=detectdoc", "101"));
  ck_assert (teller_vendor_code_is_success (CAM, "video=detectdoc", "102"));
  ck_assert (!teller_vendor_code_is_success (CAM, "video=detectdoc", "5"));

  /* "1": in progress on face=islive, no signature on sign=get */
  ck_assert (teller_vendor_code_is_success (CAM, "face=islive", "1"));
  ck_assert_int_eq (lookup_ok (CAM, "face=islive", "1")->kind, TELLER_ERROR_BUSY);
  ck_assert (!teller_vendor_code_is_success (CAM, "sign=get", "1"));
  ck_assert_int_eq (lookup_ok (CAM, "sign=get", "1")->kind, TELLER_ERROR_DEVICE);
  ck_assert_int_eq (lookup_ok (CAM, "video=detectdoc", "1")->kind, TELLER_ERROR_INVALID_INPUT);

  /* "1" has no meaning of its own on calls that do not document it */
  ck_assert_ptr_null (teller_vendor_code_lookup (CAM, "card=idcard", "1"));
  ck_assert_ptr_null (teller_vendor_code_lookup (CAM, NULL, "1"));
  ck_assert (!teller_vendor_code_is_success (CAM, "card=idcard", "1"));

  ck_assert_int_eq (lookup_ok (CAM, "ocr.ocr_result", "1009")->kind, TELLER_ERROR_BUSY);
}
END_TEST

START_TEST (test_camera_success)
{
  ck_assert (teller_vendor_code_is_success (CAM, "video=grabimage", "0"));
  ck_assert (teller_vendor_code_is_success (CAM, "card=idcard", "0"));
  ck_assert (teller_vendor_code_is_success (CAM, "video=detectdoc", "0"));
  ck_assert (teller_vendor_code_is_success (CAM, NULL, "0"));
  ck_assert (teller_vendor_code_is_success (CAM, "sign=status.status", "2"));
  ck_assert (!teller_vendor_code_is_success (CAM, "video=grabimage", NULL));
  ck_assert (!teller_vendor_code_is_success (CAM, "video=grabimage", ""));
  ck_assert (!teller_vendor_code_is_success (CAM, "video=grabimage", "00"));
  ck_assert_ptr_null (teller_vendor_code_lookup (CAM, "video=grabimage", "0"));
}
END_TEST

START_TEST (test_kic_codes)
{
  const TellerVendorCode *entry;

  entry = lookup_ok (KIC, "api/scan/create", "30204");
  ck_assert_int_eq (entry->kind, TELLER_ERROR_BUSY);
  ck_assert_ptr_null (entry->operation);
  ck_assert (!teller_vendor_code_is_success (KIC, "api/scan/create", "30204"));

  ck_assert (teller_vendor_code_is_success (KIC, "api/scan/create", "0"));
  ck_assert (teller_vendor_code_is_success (KIC, "scan.error_code", "0"));
  ck_assert (!teller_vendor_code_is_success (KIC, "api/scan/create", "200"));
}
END_TEST

START_TEST (test_sonma_codes)
{
  ck_assert_int_eq (lookup_ok (SONMA, "v1/print", "40300")->kind, TELLER_ERROR_AUTH);
  ck_assert_int_eq (lookup_ok (SONMA, NULL, "40001")->kind, TELLER_ERROR_INVALID_INPUT);
  ck_assert_int_eq (lookup_ok (SONMA, "v1/print", "50000")->kind, TELLER_ERROR_DEVICE);
  ck_assert_int_eq (lookup_ok (SONMA, "printer.status", "04")->kind, TELLER_ERROR_DEVICE);
  ck_assert (teller_vendor_code_is_success (SONMA, "v1/print", "0"));
  ck_assert (teller_vendor_code_is_success (SONMA, "printer.status", "00"));
  ck_assert (!teller_vendor_code_is_success (SONMA, "v1/print", "40300"));
}
END_TEST

/* NOTES.md: 202 on v1/print is "offline, job queued": a state, not a failure */
START_TEST (test_sonma_202_is_a_state)
{
  const TellerVendorCode *print_entry;
  const TellerVendorCode *generic_entry;

  ck_assert (teller_vendor_code_is_success (SONMA, "v1/print", "202"));
  ck_assert (!teller_vendor_code_is_success (SONMA, "printer/status", "202"));
  ck_assert (!teller_vendor_code_is_success (SONMA, NULL, "202"));

  print_entry = lookup_ok (SONMA, "v1/print", "202");
  ck_assert_int_eq (print_entry->kind, TELLER_ERROR_OFFLINE);
  ck_assert_str_eq (print_entry->operation, "v1/print");

  generic_entry = lookup_ok (SONMA, "v1/print/image", "202");
  ck_assert_int_eq (generic_entry->kind, TELLER_ERROR_OFFLINE);
  ck_assert_ptr_null (generic_entry->operation);
  ck_assert_ptr_ne (print_entry, generic_entry);
}
END_TEST

START_TEST (test_lianke_codes)
{
  ck_assert (teller_vendor_code_is_success (LIANKE, "print/job", "200"));
  ck_assert (teller_vendor_code_is_success (LIANKE, "print/job.task_result", "200"));
  ck_assert (!teller_vendor_code_is_success (LIANKE, "print/job", "0"));

  ck_assert_int_eq (lookup_ok (LIANKE, "print/job", "5001")->kind, TELLER_ERROR_OFFLINE);
  ck_assert_int_eq (lookup_ok (LIANKE, "print/job", "5002")->kind, TELLER_ERROR_OFFLINE);
  ck_assert_int_eq (lookup_ok (LIANKE, "device/async_device_reboot", "5002")->kind,
                    TELLER_ERROR_OFFLINE);
  ck_assert_int_eq (lookup_ok (LIANKE, "print/job", "5011")->kind, TELLER_ERROR_DEVICE);
  ck_assert_int_eq (lookup_ok (LIANKE, "print/job", "11203")->kind, TELLER_ERROR_DEVICE);
  ck_assert (!teller_vendor_code_is_success (LIANKE, "print/job", "11203"));

  /* task states are not errors, a failed task is */
  ck_assert (teller_vendor_code_is_success (LIANKE, "print/job.task_state", "READY"));
  ck_assert (teller_vendor_code_is_success (LIANKE, "print/job.task_state", "SUCCESS"));
  ck_assert (teller_vendor_code_is_success (LIANKE, "print/job.task_state", "REVOKED"));
  ck_assert (!teller_vendor_code_is_success (LIANKE, "print/job.task_state", "FAILURE"));
  ck_assert_int_eq (lookup_ok (LIANKE, "print/job.task_state", "FAILURE")->kind,
                    TELLER_ERROR_DEVICE);
}
END_TEST

START_TEST (test_kuaishou_codes)
{
  const TellerVendorCode *entry;

  ck_assert (teller_vendor_code_is_success (KS, "print", "success"));
  ck_assert (teller_vendor_code_is_success (KS, "getPrinters", "success"));
  ck_assert (!teller_vendor_code_is_success (KS, "print", "failed"));

  entry = lookup_ok (KS, "print", "failed");
  ck_assert_int_eq (entry->kind, TELLER_ERROR_DEVICE);
  ck_assert_ptr_null (entry->operation);

  ck_assert (teller_vendor_code_is_success (KS, "notifyPrintResult.taskStatus", "printed"));
  ck_assert (!teller_vendor_code_is_success (KS, "notifyPrintResult.taskStatus", "partPrinted"));
  ck_assert (!teller_vendor_code_is_success (KS, "notifyPrintResult.taskStatus", "failed"));
  ck_assert_int_eq (lookup_ok (KS, "notifyPrintResult.taskStatus", "partPrinted")->kind,
                    TELLER_ERROR_DEVICE);
}
END_TEST

START_TEST (test_operation_beats_generic)
{
  const TellerVendorCode *specific;
  const TellerVendorCode *generic;

  specific = lookup_ok (KS, "notifyPrintResult.taskStatus", "failed");
  generic = lookup_ok (KS, "getPrinters", "failed");
  ck_assert_str_eq (specific->operation, "notifyPrintResult.taskStatus");
  ck_assert_ptr_null (generic->operation);
  ck_assert_str_ne (specific->explanation, generic->explanation);

  /* the same number, two meanings, no generic meaning */
  specific = lookup_ok (LIANKE, "device/async_refresh_device_info", "401");
  generic = lookup_ok (LIANKE, "device/async_device_reboot", "401");
  ck_assert_ptr_ne (specific, generic);
  ck_assert_ptr_null (teller_vendor_code_lookup (LIANKE, NULL, "401"));
  ck_assert_ptr_null (teller_vendor_code_lookup (LIANKE, "print/job", "401"));

  /* an operation-specific entry never answers for another operation */
  ck_assert_ptr_null (teller_vendor_code_lookup (CAM, "face=verifyidcard", "102"));
  ck_assert_ptr_null (teller_vendor_code_lookup (SONMA, "v1/print", "01"));
}
END_TEST

START_TEST (test_unknown_codes)
{
  static const TellerVendor vendors[] = { CAM, KIC, SONMA, LIANKE, KS };

  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      ck_assert_ptr_null (teller_vendor_code_lookup (vendors[i], NULL, "987654"));
      ck_assert_ptr_null (teller_vendor_code_lookup (vendors[i], "no=such", "987654"));
      ck_assert_ptr_null (teller_vendor_code_lookup (vendors[i], NULL, ""));
      ck_assert (!teller_vendor_code_is_success (vendors[i], NULL, "987654"));
      ck_assert (!teller_vendor_code_is_success (vendors[i], NULL, ""));
    }

  /* codes are vendor-specific */
  ck_assert_ptr_null (teller_vendor_code_lookup (KIC, NULL, "40300"));
  ck_assert_ptr_null (teller_vendor_code_lookup (SONMA, NULL, "30204"));
  ck_assert (!teller_vendor_code_is_success (KS, NULL, "0"));
}
END_TEST

/* Each documented key finds its own entry, with the expected kind and a text. */
START_TEST (test_documented_entries)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    {
      const Documented *doc = &documented[i];
      const TellerVendorCode *entry = lookup_ok (doc->vendor, doc->operation, doc->code);
      const char *what = doc->operation ? doc->operation : "(any)";

      ck_assert_int_eq (entry->vendor, doc->vendor);
      ck_assert_str_eq (entry->code, doc->code);
      ck_assert_msg (g_strcmp0 (entry->operation, doc->operation) == 0,
                     "%s %s answered by the entry for %s",
                     what, doc->code, entry->operation ? entry->operation : "(any)");
      ck_assert_msg (entry->kind == doc->kind, "%s %s: kind %d, expected %d",
                     what, doc->code, entry->kind, doc->kind);
      ck_assert_msg (teller_vendor_code_is_success (doc->vendor, doc->operation, doc->code)
                     == doc->not_an_error,
                     "%s %s: is_success disagrees", what, doc->code);
      ck_assert_msg (!g_hash_table_contains (seen, entry),
                     "%s %s shares an entry", what, doc->code);
      g_hash_table_add (seen, (gpointer) entry);
    }
}
END_TEST

/* Texts are shown to counter staff: non-empty, a sentence without a final period. */
START_TEST (test_explanations)
{
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    {
      const Documented *doc = &documented[i];
      const TellerVendorCode *entry = lookup_ok (doc->vendor, doc->operation, doc->code);
      gsize len;

      ck_assert_ptr_nonnull (entry->explanation);
      len = strlen (entry->explanation);
      ck_assert_msg (len > 10, "%s: explanation too short", doc->code);
      ck_assert_msg (g_ascii_isupper (entry->explanation[0]),
                     "%s: \"%s\" does not start with a capital", doc->code, entry->explanation);
      ck_assert_msg (entry->explanation[len - 1] != '.' &&
                     !g_ascii_isspace (entry->explanation[len - 1]),
                     "%s: \"%s\" ends with a period or a space", doc->code, entry->explanation);
      ck_assert (g_utf8_validate (entry->explanation, -1, NULL));
    }
}
END_TEST

static Suite *
vendor_codes_suite (void)
{
  Suite *suite = suite_create ("vendor-codes");
  TCase *tc = tcase_create ("core");

  tcase_add_test (tc, test_camera_codes);
  tcase_add_test (tc, test_camera_success);
  tcase_add_test (tc, test_kic_codes);
  tcase_add_test (tc, test_sonma_codes);
  tcase_add_test (tc, test_sonma_202_is_a_state);
  tcase_add_test (tc, test_lianke_codes);
  tcase_add_test (tc, test_kuaishou_codes);
  tcase_add_test (tc, test_operation_beats_generic);
  tcase_add_test (tc, test_unknown_codes);
  tcase_add_test (tc, test_documented_entries);
  tcase_add_test (tc, test_explanations);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (vendor_codes_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? 0 : 1;
}
