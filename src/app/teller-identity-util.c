/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-identity-util.h"

GdkTexture *
teller_identity_texture_new (GBytes *bytes)
{
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return NULL;

  /* The error would only repeat that it is not a picture; the caller shows a
   * placeholder instead. */
  return gdk_texture_new_from_bytes (bytes, NULL);
}

static const char *
describe_kind (const GError *error)
{
  if (error->domain != TELLER_ERROR)
    return NULL;

  switch ((TellerError) error->code)
    {
    case TELLER_ERROR_UNREACHABLE:
      return _("The card reader service does not answer. Check that CameraService is running.");

    case TELLER_ERROR_TIMEOUT:
      return _("The card reader did not answer in time.");

    case TELLER_ERROR_BAD_RESPONSE:
      return _("The card reader sent a reply that could not be read. Try again.");

    case TELLER_ERROR_BUSY:
      return _("The card reader is busy. Try again in a moment.");

    case TELLER_ERROR_OFFLINE:
      return _("The card reader is not connected.");

    case TELLER_ERROR_AUTH:
      return _("The card reader service refused the request.");

    case TELLER_ERROR_DEVICE:
    case TELLER_ERROR_INVALID_INPUT:
    default:
      return NULL;
    }
}

char *
teller_identity_describe_error (const GError *error)
{
  const char *kind;

  g_return_val_if_fail (error != NULL, NULL);

  kind = describe_kind (error);
  if (kind == NULL)
    return g_strdup (error->message);

  /* The kind's words lead; the details (an address, a code) help whoever fixes it. */
  if (error->code == TELLER_ERROR_BAD_RESPONSE || error->code == TELLER_ERROR_TIMEOUT)
    return g_strdup (kind);

  /* Translators: a card reader failure, then its details */
  return g_strdup_printf (_("%s (%s)"), kind, error->message);
}

char *
teller_identity_describe_failure (const char   *what,
                                  const GError *error)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  reason = teller_identity_describe_error (error);
  /* Translators: what failed, then why */
  return g_strdup_printf (_("%s: %s"), what, reason);
}

char *
teller_identity_format_verdict (TellerVerdictKind  kind,
                                int                score,
                                int                threshold,
                                gboolean          *passed)
{
  *passed = score >= threshold;

  if (kind == TELLER_VERDICT_FACE)
    return *passed ?
           /* Translators: face-vs-ID check passed: the score, then the threshold */
           g_strdup_printf (_("Same person: %d ≥ %d"), score, threshold) :
           /* Translators: face-vs-ID check failed: the score, then the threshold */
           g_strdup_printf (_("Not the same person: %d < %d"), score, threshold);

  return *passed ?
         /* Translators: fingerprint check passed: the score, then the threshold */
         g_strdup_printf (_("Fingerprints match: %d ≥ %d"), score, threshold) :
         /* Translators: fingerprint check failed: the score, then the threshold */
         g_strdup_printf (_("Fingerprints do not match: %d < %d"), score, threshold);
}

GSettings *
teller_identity_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

void
teller_identity_set_css_class (GtkWidget  *widget,
                               const char *css_class,
                               gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}
