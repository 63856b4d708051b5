/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-error.h"

G_BEGIN_DECLS

/*
 * The vendors' documented codes, in one table per vendor.  An operation names the
 * endpoint (e.g. "video=detectdoc") because the CameraService reuses small numbers
 * with different meanings per call; NULL matches any operation.
 */
typedef struct
{
  TellerVendor  vendor;
  const char   *operation;
  const char   *code;
  TellerError   kind;
  const char   *explanation; /* English msgid, translated with _() when shown */
} TellerVendorCode;

const TellerVendorCode *teller_vendor_code_lookup (TellerVendor  vendor,
                                                   const char   *operation,
                                                   const char   *code);

/* TRUE when @code means success or "in progress" for @operation (not an error). */
gboolean                teller_vendor_code_is_success (TellerVendor  vendor,
                                                       const char   *operation,
                                                       const char   *code);

G_END_DECLS
