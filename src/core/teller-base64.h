/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Strict base64 for what the camera service sends (chapter 3.3, and chapter 6, whose
 * replies are "the same as capture"): only the alphabet, "=" padding at the end or
 * none, line breaks allowed, optionally as a "data:…;base64," URI.  Anything else,
 * and an empty text, is %TELLER_ERROR_BAD_RESPONSE.
 */
GBytes *teller_base64_decode_strict (const char  *text,
                                     GError     **error);

G_END_DECLS
