/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-vendor-codes.h"

/*
 * An extended error domain, so a device error carries the vendor's own code and
 * message beside the translated sentence the operator reads, without encoding them
 * into the message text.
 */
typedef struct
{
  char *vendor_code;
  char *vendor_message;
} TellerErrorPrivate;

static void
teller_error_private_init (TellerErrorPrivate *priv)
{
  priv->vendor_code = NULL;
  priv->vendor_message = NULL;
}

static void
teller_error_private_copy (const TellerErrorPrivate *src,
                           TellerErrorPrivate       *dest)
{
  dest->vendor_code = g_strdup (src->vendor_code);
  dest->vendor_message = g_strdup (src->vendor_message);
}

static void
teller_error_private_clear (TellerErrorPrivate *priv)
{
  g_clear_pointer (&priv->vendor_code, g_free);
  g_clear_pointer (&priv->vendor_message, g_free);
}

G_DEFINE_EXTENDED_ERROR (TellerError, teller_error)

static TellerErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != TELLER_ERROR)
    return NULL;
  return teller_error_get_private (error);
}

const char *
teller_error_get_vendor_code (const GError *error)
{
  TellerErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->vendor_code : NULL;
}

const char *
teller_error_get_vendor_message (const GError *error)
{
  TellerErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->vendor_message : NULL;
}

/**
 * teller_error_new_vendor:
 * @vendor: whose code table to read
 * @operation: (nullable): the endpoint, e.g. "video=detectdoc"
 * @code: (not nullable): the code the vendor sent
 * @vendor_message: (nullable): the vendor's own message
 *
 * Builds the error for a reply that carried a failure code: the kind and the
 * operator's sentence come from the vendor table, and the vendor's code and
 * message are kept for the log and for `teller-cli --json`.
 *
 * Returns: (transfer full): the error; %NULL (with a critical) when @code is %NULL
 */
GError *
teller_error_new_vendor (TellerVendor  vendor,
                         const char   *operation,
                         const char   *code,
                         const char   *vendor_message)
{
  const TellerVendorCode *entry;
  TellerErrorPrivate *priv;
  TellerError kind;
  g_autofree char *text = NULL;
  GError *error;

  g_return_val_if_fail (code != NULL, NULL);

  entry = teller_vendor_code_lookup (vendor, operation, code);
  kind = entry != NULL ? entry->kind : TELLER_ERROR_DEVICE;

  if (entry != NULL && vendor_message != NULL && *vendor_message != '\0')
    text = g_strdup_printf (_("%s (code %s: %s)"), _(entry->explanation), code, vendor_message);
  else if (entry != NULL)
    text = g_strdup_printf (_("%s (code %s)"), _(entry->explanation), code);
  else if (vendor_message != NULL && *vendor_message != '\0')
    text = g_strdup_printf (_("The device reported an error (code %s: %s)"), code, vendor_message);
  else
    text = g_strdup_printf (_("The device reported an error (code %s)"), code);

  error = g_error_new_literal (TELLER_ERROR, kind, text);
  priv = teller_error_get_private (error);
  priv->vendor_code = g_strdup (code);
  priv->vendor_message = g_strdup (vendor_message);

  return error;
}

/* The stable names `teller-cli --json` prints as "kind". */
const char *
teller_error_kind_to_string (TellerError kind)
{
  switch (kind)
    {
    case TELLER_ERROR_UNREACHABLE: return "unreachable";
    case TELLER_ERROR_TIMEOUT: return "timeout";
    case TELLER_ERROR_BAD_RESPONSE: return "bad-response";
    case TELLER_ERROR_DEVICE: return "device";
    case TELLER_ERROR_BUSY: return "busy";
    case TELLER_ERROR_AUTH: return "auth";
    case TELLER_ERROR_OFFLINE: return "offline";
    case TELLER_ERROR_INVALID_INPUT: return "invalid-input";
    default: return "unknown";
    }
}

/*
 * teller-cli's exit status: 3 when the service could not be reached or did not
 * answer in time, 2 for input rejected before sending, 1 for anything the service
 * or device reported.
 */
int
teller_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != TELLER_ERROR)
    return 1;

  switch ((TellerError) error->code)
    {
    case TELLER_ERROR_UNREACHABLE:
    case TELLER_ERROR_TIMEOUT:
      return 3;
    case TELLER_ERROR_INVALID_INPUT:
      return 2;
    case TELLER_ERROR_BAD_RESPONSE:
    case TELLER_ERROR_DEVICE:
    case TELLER_ERROR_BUSY:
    case TELLER_ERROR_AUTH:
    case TELLER_ERROR_OFFLINE:
    default:
      return 1;
    }
}
