/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Readers of the members of a camera-service reply, shared by its parsers.  Each
 * returns FALSE (NULL) with %TELLER_ERROR_BAD_RESPONSE for a member of the wrong
 * type, or a missing one when @required, and says which member in one of two texts:
 * "sent “%s” in a form it does not document" or "reply lacks “%s”".
 */

gboolean    _teller_json_bad_field          (GError     **error,
                                             const char  *member);
gboolean    _teller_json_missing_field      (GError     **error,
                                             const char  *member);
/* A JSON number with an integral value that fits an int.  *@out is left alone when
 * the member is absent and not @required. */
gboolean    _teller_json_get_int            (JsonObject  *object,
                                             const char  *member,
                                             gboolean     required,
                                             int         *out,
                                             GError     **error);
/* *@out is borrowed, NULL when the member is absent (or null) and not @required. */
gboolean    _teller_json_get_string         (JsonObject  *object,
                                             const char  *member,
                                             gboolean     required,
                                             const char **out,
                                             GError     **error);
/* A required array member. */
JsonArray  *_teller_json_get_array          (JsonObject  *object,
                                             const char  *member,
                                             GError     **error);
/* Element @index of @array, which must be an object; @member names the array. */
JsonObject *_teller_json_get_element_object (JsonArray   *array,
                                             guint        index,
                                             const char  *member,
                                             GError     **error);

G_END_DECLS
