/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Readers of reply members shared by the parsers (teller-image-tools-parse.c,
 * teller-image-tools-ocr.c).  Each returns FALSE (NULL) with
 * %TELLER_ERROR_BAD_RESPONSE for a member of the wrong type, or a missing one
 * when @required.
 */

gboolean    _teller_image_tools_bad_field          (GError     **error,
                                                    const char  *member);
gboolean    _teller_image_tools_missing_field      (GError     **error,
                                                    const char  *member);
/* *@out is left alone when the member is absent and not @required. */
gboolean    _teller_image_tools_get_int            (JsonObject  *object,
                                                    const char  *member,
                                                    gboolean     required,
                                                    int         *out,
                                                    GError     **error);
/* *@out is borrowed, NULL when the member is absent and not @required. */
gboolean    _teller_image_tools_get_string         (JsonObject  *object,
                                                    const char  *member,
                                                    gboolean     required,
                                                    const char **out,
                                                    GError     **error);
JsonArray  *_teller_image_tools_get_array          (JsonObject  *object,
                                                    const char  *member,
                                                    GError     **error);
JsonObject *_teller_image_tools_get_element_object (JsonArray   *array,
                                                    guint        index,
                                                    const char  *member,
                                                    GError     **error);

G_END_DECLS
