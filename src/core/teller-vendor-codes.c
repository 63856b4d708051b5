/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-vendor-codes.h"

/*
 * The tables below are built from the vendors' documents in api/ (the contract)
 * and api/NOTES.md.  Two kinds of entries live in them:
 *
 *  - every documented code that is not a success, with the TellerError kind the
 *    service layer reports for it;
 *  - the documented "still waiting" states that teller_vendor_code_is_success()
 *    accepts (liveness check running, customer has not rated yet, print job queued,
 *    Sonma's "printer offline, job queued"), so a caller can show what is going on.
 *    Their kind is what a caller reports if it has to treat the state as a failure
 *    (for instance when a poll gives up): BUSY for waiting, OFFLINE for Sonma 202.
 *
 * Plain successes are only in success_codes[].
 *
 * An operation is the request path relative to the vendor's base URL, without the
 * leading '/': "video=detectdoc", "v1/print", "print/job".  Codes that arrive in a
 * field other than the reply's code are listed under "<operation>.<field>", for
 * instance "ocr.ocr_result" or "print/job.task_state".
 *
 * Where one endpoint takes several actions whose codes differ, "<operation>:<action>"
 * names one action, for instance "video=detectdoc:stop".  Looking up such an
 * operation reads the action's entries first, then the operation's, then the
 * generic ones.
 */

#define CAMERA(op, code, kind, text) \
  { TELLER_VENDOR_CAMERA_SERVICE, op, code, TELLER_ERROR_##kind, text }
#define KIC(op, code, kind, text) \
  { TELLER_VENDOR_KIC, op, code, TELLER_ERROR_##kind, text }
#define SONMA(op, code, kind, text) \
  { TELLER_VENDOR_SONMA, op, code, TELLER_ERROR_##kind, text }
#define LIANKE(op, code, kind, text) \
  { TELLER_VENDOR_LIANKE, op, code, TELLER_ERROR_##kind, text }
#define KUAISHOU(op, code, kind, text) \
  { TELLER_VENDOR_KUAISHOU, op, code, TELLER_ERROR_##kind, text }

/*
 * CameraService (001_5b286aac9e459b89.txt).  Most calls only document "0" for
 * success and "any other value" for failure with a message; the calls below
 * document their own values, and the same small numbers mean different things
 * per call, hence no generic entries.
 */
static const TellerVendorCode camera_codes[] = {
  /* 3.5 video=detectdoc */
  CAMERA ("video=detectdoc", "1", INVALID_INPUT,
          N_("The camera service could not read the document detection request")),
  CAMERA ("video=detectdoc", "2", DEVICE,
          N_("The camera is not connected or is used by another program")),
  CAMERA ("video=detectdoc", "3", DEVICE,
          N_("The camera was opened but sends no picture; check its cable")),
  CAMERA ("video=detectdoc", "5", DEVICE,
          N_("Document detection is not running")),
  CAMERA ("video=detectdoc", "6", DEVICE,
          N_("Document detection has stopped")),
  CAMERA ("video=detectdoc", "100", BUSY,
          N_("Waiting for a document under the camera")),
  CAMERA ("video=detectdoc", "102", BUSY,
          N_("The same document is still under the camera")),

  /* 3.6 video=record, the "status" field of action "status" */
  CAMERA ("video=record.status", "101", BUSY,
          N_("The camera is recording a video")),
  CAMERA ("video=record.status", "102", DEVICE,
          N_("The camera reported an error while recording")),

  /* 3.8 video=getproperty */
  CAMERA ("video=getproperty", "1", DEVICE,
          N_("The camera could not report this setting")),

  /* 7.4 face=islive: "1" means the check is still running */
  CAMERA ("face=islive", "1", BUSY,
          N_("The liveness check is still running")),

  /* 9.3 sign=get */
  CAMERA ("sign=get", "1", DEVICE,
          N_("There is no signature yet: the customer has not signed or has not pressed Submit")),
  CAMERA ("sign=get", "2", DEVICE,
          N_("The signature pad could not produce the signature image")),

  /* 9.7 sign=status, the "status" field */
  CAMERA ("sign=status.status", "1", BUSY,
          N_("The customer is signing")),

  /* 9.10 and 9.17: "1" means no answer yet */
  CAMERA ("sign=getevaluatorresult", "1", BUSY,
          N_("The customer has not rated the service yet")),
  CAMERA ("sign=getfloatingbuttongroupresult", "1", BUSY,
          N_("The customer has not pressed a button yet")),

  /* 10.1 ocr, the "ocr_result" field of the JSON result */
  CAMERA ("ocr.ocr_result", "90", DEVICE,
          N_("Text recognition could not open the image file")),
  CAMERA ("ocr.ocr_result", "91", DEVICE,
          N_("Text recognition could not read the image file")),
  CAMERA ("ocr.ocr_result", "93", DEVICE,
          N_("Text recognition could not convert the text encoding")),
  CAMERA ("ocr.ocr_result", "1000", DEVICE,
          N_("Text recognition failed")),
  CAMERA ("ocr.ocr_result", "2", DEVICE,
          N_("The text recognition engine could not be loaded")),
  CAMERA ("ocr.ocr_result", "1001", DEVICE,
          N_("The text recognition engine could not be loaded")),
  CAMERA ("ocr.ocr_result", "4", DEVICE,
          N_("The text recognition engine is incomplete or damaged")),
  CAMERA ("ocr.ocr_result", "8", DEVICE,
          N_("The text recognition engine is incomplete or damaged")),
  CAMERA ("ocr.ocr_result", "1002", DEVICE,
          N_("The text recognition engine is incomplete or damaged")),
  CAMERA ("ocr.ocr_result", "3", DEVICE,
          N_("The text recognition engine is not loaded")),
  CAMERA ("ocr.ocr_result", "1003", DEVICE,
          N_("The text recognition engine is not loaded")),
  CAMERA ("ocr.ocr_result", "5", DEVICE,
          N_("The text recognition engine is not initialized")),
  CAMERA ("ocr.ocr_result", "1004", DEVICE,
          N_("The text recognition engine is not initialized")),
  CAMERA ("ocr.ocr_result", "6", DEVICE,
          N_("The text recognition engine failed to initialize")),
  CAMERA ("ocr.ocr_result", "1005", DEVICE,
          N_("The text recognition engine failed to initialize")),
  CAMERA ("ocr.ocr_result", "7", INVALID_INPUT,
          N_("The text recognition request has an invalid parameter")),
  CAMERA ("ocr.ocr_result", "1006", INVALID_INPUT,
          N_("The text recognition request has an invalid parameter")),
  CAMERA ("ocr.ocr_result", "1007", DEVICE,
          N_("Text recognition could not get its engine")),
  CAMERA ("ocr.ocr_result", "1008", DEVICE,
          N_("The text recognition result could not be written to a file")),
  CAMERA ("ocr.ocr_result", "1009", BUSY,
          N_("The text recognition engine is busy with another job")),
  CAMERA ("ocr.ocr_result", "1010", DEVICE,
          N_("Text recognition lost track of the document")),
  CAMERA ("ocr.ocr_result", "1011", DEVICE,
          N_("Text recognition could not create the document")),
  CAMERA ("ocr.ocr_result", "1012", DEVICE,
          N_("No text recognition engine is installed")),
  CAMERA ("ocr.ocr_result", "1013", INVALID_INPUT,
          N_("The file to recognize does not exist")),
  CAMERA ("ocr.ocr_result", "1014", INVALID_INPUT,
          N_("The folder for the recognition result does not exist")),
  CAMERA ("ocr.ocr_result", "1015", DEVICE,
          N_("An image could not be added to text recognition")),
  CAMERA ("ocr.ocr_result", "1016", INVALID_INPUT,
          N_("Text recognition does not support this type of file")),
  CAMERA ("ocr.ocr_result", "1017", DEVICE,
          N_("The text recognition result could not be exported")),
  CAMERA ("ocr.ocr_result", "1018", INVALID_INPUT,
          N_("There are no pages to export from text recognition")),
  CAMERA ("ocr.ocr_result", "1019", DEVICE,
          N_("Text recognition could not load its intermediate data")),
};

/*
 * KIC cloud scan (000_4733275161b5ce9b.txt).  The document refers to a scan error
 * code table (扫描错误码) for data.error_code but does not contain it; only 0 ("no
 * error", in the /api/scan/info example) is documented, so "scan.error_code" has no
 * error entries.  Neither the document nor NOTES.md gives a code for a refused
 * token: the client recognises that from the HTTP status of the call.
 */
static const TellerVendorCode kic_codes[] = {
  KIC (NULL, "30204", BUSY,
       N_("A scan is already running on this scanner; wait for it to finish or stop it")),
};

/* Sonma label printers (002_c38a1a426b736d94.txt), 返回码说明 and examples. */
static const TellerVendorCode sonma_codes[] = {
  /* NOTES.md: on v1/print, 202 means the job was queued, a state, not a failure. */
  SONMA ("v1/print", "202", OFFLINE,
         N_("The label printer is offline; the label was queued and prints "
            "when the printer is back")),
  SONMA (NULL, "202", OFFLINE,
         N_("The label printer is offline")),
  SONMA (NULL, "40000", INVALID_INPUT,
         N_("The label printing service rejected the request")),
  SONMA (NULL, "40001", INVALID_INPUT,
         N_("The label printing service rejected a parameter of the wrong type")),
  SONMA (NULL, "40002", INVALID_INPUT,
         N_("The request expired before the label printing service received it; "
            "check the computer’s clock")),
  SONMA ("v1/auth/access_token", "40030", INVALID_INPUT,
         N_("The requested expiry time of the access token is in the past")),
  SONMA (NULL, "40300", AUTH,
         N_("The label printing service refused the credentials")),
  SONMA (NULL, "40400", DEVICE,
         N_("The label printer or template was not found on the label printing service")),
  SONMA (NULL, "40900", DEVICE,
         N_("An item with that name already exists on the label printing service")),
  SONMA (NULL, "50000", DEVICE,
         N_("The label printing service had an internal error")),
  SONMA (NULL, "50100", DEVICE,
         N_("The label printing service does not support this function")),

  /*
   * GET /printer/{sn}: the "status" field, listed as two hexadecimal digits
   * (打印机状态码).  A caller that receives a number formats it with "%02X".
   */
  SONMA ("printer.status", "01", DEVICE,
         N_("The print head of the label printer is open")),
  SONMA ("printer.status", "02", DEVICE,
         N_("The label printer has a paper jam")),
  SONMA ("printer.status", "03", DEVICE,
         N_("The label printer has a paper jam and its print head is open")),
  SONMA ("printer.status", "04", DEVICE,
         N_("The label printer is out of labels")),
  SONMA ("printer.status", "05", DEVICE,
         N_("The label printer is out of labels and its print head is open")),
  SONMA ("printer.status", "08", DEVICE,
         N_("The label printer is out of ribbon")),
  SONMA ("printer.status", "09", DEVICE,
         N_("The label printer is out of ribbon and its print head is open")),
  SONMA ("printer.status", "0A", DEVICE,
         N_("The label printer is out of ribbon and has a paper jam")),
  SONMA ("printer.status", "0B", DEVICE,
         N_("The label printer is out of ribbon, has a paper jam and its print head is open")),
  SONMA ("printer.status", "0C", DEVICE,
         N_("The label printer is out of ribbon and out of labels")),
  SONMA ("printer.status", "0D", DEVICE,
         N_("The label printer is out of ribbon and labels, and its print head is open")),
  SONMA ("printer.status", "10", DEVICE,
         N_("The label printer is paused")),
  SONMA ("printer.status", "20", BUSY,
         N_("The label printer is printing")),
  SONMA ("printer.status", "80", DEVICE,
         N_("The label printer reports an error")),
};

/*
 * Lianke cloud print v3 (003_bbb98661fea21c85.txt, readable extraction beside it).
 * Operations are paths below https://cloud.liankenet.com/api/.
 */
static const TellerVendorCode lianke_codes[] = {
  /* POST print/job with reportDeviceStatus / reportPrinterStatus; 5002 also on reboot */
  LIANKE (NULL, "5001", OFFLINE,
          N_("The cloud print box has not been connected to a network")),
  LIANKE (NULL, "5002", OFFLINE,
          N_("The cloud print box is offline; check its cloud light and its network")),
  LIANKE (NULL, "5011", DEVICE,
          N_("No printer is plugged into that USB port of the cloud print box")),
  LIANKE (NULL, "10009", BUSY,
          N_("The cloud print box takes one such request at a time; try again in a moment")),
  /*
   * errLimitNum: the box is paused after too many failed jobs in a row.  DEVICE, not
   * BUSY: waiting does not help until someone fixes the printer, then resets the
   * limit (print/reset_printing_error_limit) or waits the 30 minutes out.
   */
  LIANKE (NULL, "11203", DEVICE,
          N_("The cloud print box was paused after too many failed print jobs; "
             "fix the printer, then reset the failure limit or wait 30 minutes")),

  LIANKE ("device/async_refresh_device_info", "401", BUSY,
          N_("The cloud print box is already refreshing its information")),
  LIANKE ("device/async_refresh_device_info", "404", AUTH,
          N_("The ID or key of the cloud print box is wrong")),
  LIANKE ("device/async_device_reboot", "401", BUSY,
          N_("The cloud print box is already restarting")),
  LIANKE ("device/printer_status", "497", DEVICE,
          N_("No printer was detected; plug the printer in and try again")),
  LIANKE ("driver/uninstall_driver_event", "403", INVALID_INPUT,
          N_("The phone number is not valid")),
  LIANKE ("print/reset_printing_error_limit", "11200", DEVICE,
          N_("The failure limit was reset too many times today; try again tomorrow")),
  LIANKE ("print/reset_printing_error_limit", "11201", DEVICE,
          N_("There are no failed print jobs to reset")),

  /* GET print/job (and the callback): task_result.code once task_state is SUCCESS */
  LIANKE ("print/job.task_result", "500", OFFLINE,
          N_("The cloud print box lost its connection while printing; check its network")),
  LIANKE ("print/job.task_result", "502", DEVICE,
          N_("The document could not be converted for printing; check the page orientation")),
  LIANKE ("print/job.task_result", "503", OFFLINE,
          N_("The cloud print box lost its connection while printing; check its network")),

  /* GET print/job: task_state.  The queue states are not errors. */
  LIANKE ("print/job.task_state", "READY", BUSY,
          N_("The print job is waiting in the queue")),
  LIANKE ("print/job.task_state", "PARSING", BUSY,
          N_("The document is being prepared for printing")),
  LIANKE ("print/job.task_state", "SENDING", BUSY,
          N_("The print job is being sent to the printer")),
  LIANKE ("print/job.task_state", "SET_REVOKE", BUSY,
          N_("The print job is being cancelled")),
  LIANKE ("print/job.task_state", "FAILURE", DEVICE,
          N_("The print job failed")),

  /* GET device/device_info: info.online */
  LIANKE ("device/device_info.online", "0", OFFLINE,
          N_("The cloud print box is offline")),

  /* GET external_api/printer_list: printer_state of each row */
  LIANKE ("external_api/printer_list.printer_state", "printing", BUSY,
          N_("The printer is printing")),
  LIANKE ("external_api/printer_list.printer_state", "stopped", DEVICE,
          N_("The printer has stopped because of an error")),
  LIANKE ("external_api/printer_list.printer_state", "outOfPaper", DEVICE,
          N_("The printer is out of paper")),
};

/*
 * Kuaishou print component (004_e6ca8b49f07a3393.txt).  Operations are the "cmd"
 * values; every reply carries "status" ("success" or "failed").
 */
static const TellerVendorCode kuaishou_codes[] = {
  KUAISHOU (NULL, "failed", DEVICE,
            N_("The waybill print component reported a failure")),
  KUAISHOU ("notifyPrintResult.taskStatus", "failed", DEVICE,
            N_("None of the waybills were printed")),
  KUAISHOU ("notifyPrintResult.taskStatus", "partPrinted", DEVICE,
            N_("Only some of the waybills were printed")),
  KUAISHOU ("notifyPrintResult.printStatus", "failed", DEVICE,
            N_("This waybill was not printed")),
};

typedef struct
{
  TellerVendor  vendor;
  const char   *operation;
  const char   *code;
} SuccessCode;

/* Successes, and the states that are not errors (see the comment at the top). */
static const SuccessCode success_codes[] = {
  /* CameraService: "0" everywhere (the number 0 is passed as "0") */
  { TELLER_VENDOR_CAMERA_SERVICE, NULL, "0" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc", "100" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc", "101" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc", "102" },
  /* 3.5: a stop answers "6" (退出文档检测) once it stopped detection and "5"
   * (未启动文档检测) when there was nothing to stop; stopping is done either way.
   * A status poll gets the same two codes when detection is not running: a state
   * (TELLER_DETECT_STATE_NOT_STARTED), not a failure of the poll.  For a start,
   * "5" stays an error. */
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc:stop", "5" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc:stop", "6" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc:status", "5" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=detectdoc:status", "6" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=record.status", "100" },
  { TELLER_VENDOR_CAMERA_SERVICE, "video=record.status", "101" },
  { TELLER_VENDOR_CAMERA_SERVICE, "face=islive", "1" },
  { TELLER_VENDOR_CAMERA_SERVICE, "sign=status.status", "1" },
  { TELLER_VENDOR_CAMERA_SERVICE, "sign=status.status", "2" },
  { TELLER_VENDOR_CAMERA_SERVICE, "sign=getevaluatorresult", "1" },
  { TELLER_VENDOR_CAMERA_SERVICE, "sign=getfloatingbuttongroupresult", "1" },

  /* KIC: code 0, and data.error_code 0 */
  { TELLER_VENDOR_KIC, NULL, "0" },

  /* Sonma: 0, and 202 on v1/print (queued while the printer is offline) */
  { TELLER_VENDOR_SONMA, NULL, "0" },
  { TELLER_VENDOR_SONMA, "v1/print", "202" },
  { TELLER_VENDOR_SONMA, "printer.status", "00" },
  { TELLER_VENDOR_SONMA, "printer.status", "20" },

  /* Lianke: 200, and the queue states of a print job */
  { TELLER_VENDOR_LIANKE, NULL, "200" },
  { TELLER_VENDOR_LIANKE, "print/job.task_state", "READY" },
  { TELLER_VENDOR_LIANKE, "print/job.task_state", "PARSING" },
  { TELLER_VENDOR_LIANKE, "print/job.task_state", "SENDING" },
  { TELLER_VENDOR_LIANKE, "print/job.task_state", "SUCCESS" },
  { TELLER_VENDOR_LIANKE, "print/job.task_state", "SET_REVOKE" },
  { TELLER_VENDOR_LIANKE, "print/job.task_state", "REVOKED" },
  { TELLER_VENDOR_LIANKE, "device/device_info.online", "1" },
  { TELLER_VENDOR_LIANKE, "external_api/printer_list.printer_state", "idle" },
  { TELLER_VENDOR_LIANKE, "external_api/printer_list.printer_state", "printing" },

  /* Kuaishou: "success", and a task whose waybills all printed */
  { TELLER_VENDOR_KUAISHOU, NULL, "success" },
  { TELLER_VENDOR_KUAISHOU, "notifyPrintResult.taskStatus", "printed" },
};

static const TellerVendorCode *
table_for_vendor (TellerVendor  vendor,
                  gsize        *n_entries)
{
  switch (vendor)
    {
    case TELLER_VENDOR_CAMERA_SERVICE:
      *n_entries = G_N_ELEMENTS (camera_codes);
      return camera_codes;
    case TELLER_VENDOR_KIC:
      *n_entries = G_N_ELEMENTS (kic_codes);
      return kic_codes;
    case TELLER_VENDOR_SONMA:
      *n_entries = G_N_ELEMENTS (sonma_codes);
      return sonma_codes;
    case TELLER_VENDOR_LIANKE:
      *n_entries = G_N_ELEMENTS (lianke_codes);
      return lianke_codes;
    case TELLER_VENDOR_KUAISHOU:
      *n_entries = G_N_ELEMENTS (kuaishou_codes);
      return kuaishou_codes;
    default:
      break;
    }

  *n_entries = 0;
  return NULL;
}

/* A NULL @entry_operation matches any operation; otherwise it must be @operation. */
static gboolean
operation_matches (const char *entry_operation,
                   const char *operation,
                   gboolean    generic)
{
  if (generic)
    return entry_operation == NULL;

  return entry_operation != NULL && g_strcmp0 (entry_operation, operation) == 0;
}

static const TellerVendorCode *
find_code (TellerVendor  vendor,
           const char   *operation,
           const char   *code,
           gboolean      generic)
{
  const TellerVendorCode *table;
  gsize n_entries;

  table = table_for_vendor (vendor, &n_entries);

  for (gsize i = 0; i < n_entries; i++)
    {
      if (strcmp (table[i].code, code) == 0 &&
          operation_matches (table[i].operation, operation, generic))
        return &table[i];
    }

  return NULL;
}

/* "video=detectdoc:stop" → "video=detectdoc"; NULL when @operation names no action. */
static char *
dup_base_operation (const char *operation)
{
  const char *colon = operation != NULL ? strchr (operation, ':') : NULL;

  return colon != NULL ? g_strndup (operation, colon - operation) : NULL;
}

/**
 * teller_vendor_code_lookup:
 * @vendor: the vendor whose service answered
 * @operation: (nullable): the operation, e.g. "video=detectdoc", or one action of
 *   it, e.g. "video=detectdoc:start"
 * @code: the reply's code, as a string
 *
 * Looks @code up in @vendor's table: an entry for the action wins over one for
 * @operation, which wins over one that applies to any operation.
 *
 * Returns: (nullable): the entry, or %NULL when @code is not documented
 */
const TellerVendorCode *
teller_vendor_code_lookup (TellerVendor  vendor,
                           const char   *operation,
                           const char   *code)
{
  g_autofree char *base = dup_base_operation (operation);
  const TellerVendorCode *entry = NULL;

  g_return_val_if_fail (code != NULL, NULL);

  if (operation != NULL)
    entry = find_code (vendor, operation, code, FALSE);

  if (entry == NULL && base != NULL)
    entry = find_code (vendor, base, code, FALSE);

  if (entry == NULL)
    entry = find_code (vendor, operation, code, TRUE);

  return entry;
}

static gboolean
success_matches (const SuccessCode *entry,
                 TellerVendor       vendor,
                 const char        *operation,
                 const char        *base,
                 const char        *code)
{
  if (entry->vendor != vendor || strcmp (entry->code, code) != 0)
    return FALSE;

  return entry->operation == NULL ||
         g_strcmp0 (entry->operation, operation) == 0 ||
         (base != NULL && g_strcmp0 (entry->operation, base) == 0);
}

/**
 * teller_vendor_code_is_success:
 * @vendor: the vendor whose service answered
 * @operation: (nullable): the operation, e.g. "face=islive", or one action of it,
 *   e.g. "video=detectdoc:stop"
 * @code: (nullable): the reply's code, as a string
 *
 * Returns: %TRUE when @code means success, or a documented state that is not an
 *   error (in progress, queued), for @operation
 */
gboolean
teller_vendor_code_is_success (TellerVendor  vendor,
                               const char   *operation,
                               const char   *code)
{
  g_autofree char *base = NULL;

  if (code == NULL)
    return FALSE;

  base = dup_base_operation (operation);
  for (gsize i = 0; i < G_N_ELEMENTS (success_codes); i++)
    if (success_matches (&success_codes[i], vendor, operation, base, code))
      return TRUE;

  return FALSE;
}
