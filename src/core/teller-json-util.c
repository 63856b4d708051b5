/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-error.h"
#include "teller-json-util.h"

/*
 * A field the document lists but a reply leaves out is an error only where the call
 * is useless without it; a field of the wrong type always is.  Numbers the document
 * types as int are JSON numbers; Strings are JSON strings.
 */

gboolean
_teller_json_bad_field (GError     **error,
                        const char  *member)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service sent “%s” in a form it does not document"), member);
  return FALSE;
}

gboolean
_teller_json_missing_field (GError     **error,
                            const char  *member)
{
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service’s reply lacks “%s”"), member);
  return FALSE;
}

gboolean
_teller_json_get_int (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      int         *out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL)
    return required ? _teller_json_missing_field (error, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return _teller_json_bad_field (error, member);

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return _teller_json_bad_field (error, member);

  if (value != (double) (gint64) value || value < G_MININT || value > G_MAXINT)
    return _teller_json_bad_field (error, member);
  *out = (int) value;
  return TRUE;
}

gboolean
_teller_json_get_string (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    return required ? _teller_json_missing_field (error, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _teller_json_bad_field (error, member);

  *out = json_node_get_string (node);
  return TRUE;
}

JsonArray *
_teller_json_get_array (JsonObject  *object,
                        const char  *member,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      _teller_json_missing_field (error, member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _teller_json_bad_field (error, member);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
_teller_json_get_element_object (JsonArray   *array,
                                 guint        index,
                                 const char  *member,
                                 GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _teller_json_bad_field (error, member);
      return NULL;
    }
  return json_node_get_object (node);
}
