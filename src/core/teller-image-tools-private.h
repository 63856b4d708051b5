/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-json-util.h"

G_BEGIN_DECLS

/*
 * The reply readers the image-tool parsers used to have of their own are
 * teller-json-util.h's now; these names stay until every parser calls those
 * directly (teller-image-tools-ocr.c still uses them).
 */
#define _teller_image_tools_bad_field          _teller_json_bad_field
#define _teller_image_tools_missing_field      _teller_json_missing_field
#define _teller_image_tools_get_int            _teller_json_get_int
#define _teller_image_tools_get_string         _teller_json_get_string
#define _teller_image_tools_get_array          _teller_json_get_array
#define _teller_image_tools_get_element_object _teller_json_get_element_object

G_END_DECLS
