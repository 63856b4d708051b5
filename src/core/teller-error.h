/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TELLER_ERROR (teller_error_quark ())

/**
 * TellerError:
 * @TELLER_ERROR_UNREACHABLE: the service could not be reached (refused, no route, closed)
 * @TELLER_ERROR_TIMEOUT: the service did not answer within the call's timeout
 * @TELLER_ERROR_BAD_RESPONSE: the answer was not what the vendor documents (not JSON,
 *   truncated, an HTTP error status, missing fields)
 * @TELLER_ERROR_DEVICE: the service or its device reported an error; the vendor's code
 *   and message are kept (teller_error_get_vendor_code())
 * @TELLER_ERROR_BUSY: the device or service is busy with another operation
 * @TELLER_ERROR_AUTH: the credentials were refused
 * @TELLER_ERROR_OFFLINE: the service answered, but the device behind it is offline
 * @TELLER_ERROR_INVALID_INPUT: the caller's input was rejected before anything was sent
 *
 * The one error domain of the service layer.  Cancellation is not an error of this
 * domain: it stays %G_IO_ERROR_CANCELLED so callers can ignore it as usual.
 */
typedef enum
{
  TELLER_ERROR_UNREACHABLE,
  TELLER_ERROR_TIMEOUT,
  TELLER_ERROR_BAD_RESPONSE,
  TELLER_ERROR_DEVICE,
  TELLER_ERROR_BUSY,
  TELLER_ERROR_AUTH,
  TELLER_ERROR_OFFLINE,
  TELLER_ERROR_INVALID_INPUT,
} TellerError;

/**
 * TellerVendor:
 *
 * The vendor whose code table explains a reply's code.
 */
typedef enum
{
  TELLER_VENDOR_CAMERA_SERVICE,
  TELLER_VENDOR_KIC,
  TELLER_VENDOR_SONMA,
  TELLER_VENDOR_LIANKE,
  TELLER_VENDOR_KUAISHOU,
} TellerVendor;

GQuark       teller_error_quark            (void);

const char  *teller_error_get_vendor_code  (const GError *error);
const char  *teller_error_get_vendor_message (const GError *error);

GError      *teller_error_new_vendor       (TellerVendor  vendor,
                                            const char   *operation,
                                            const char   *code,
                                            const char   *vendor_message);

const char  *teller_error_kind_to_string   (TellerError   kind);
int          teller_error_exit_status      (const GError *error);

G_END_DECLS
