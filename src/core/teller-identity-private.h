/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-identity.h"

G_BEGIN_DECLS

/*
 * The code tables of teller-identity-nation.c: GB 3304 (ethnic groups, a mainland
 * card's nationCode) and GB 2261.1 (sexCode).  Both return a translated name, or
 * %NULL for a code the standard does not list.
 */
const char *_teller_identity_nation_name (const char *code);
const char *_teller_identity_sex_name    (const char *code);

G_END_DECLS
