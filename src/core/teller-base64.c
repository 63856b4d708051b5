/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "teller-base64.h"
#include "teller-error.h"

static inline gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

static inline gboolean
is_line_space (char c)
{
  return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/* Skips a "data:image/jpeg;base64," prefix; NULL when the URI is not base64. */
static const char *
skip_data_uri (const char *text)
{
  const char *comma;

  if (!g_str_has_prefix (text, "data:"))
    return text;

  comma = strchr (text, ',');
  if (comma == NULL || comma - text < 7 || strncmp (comma - 7, ";base64", 7) != 0)
    return NULL;
  return comma + 1;
}

/* Counts the alphabet, the padding and the line space; FALSE on anything else. */
static gboolean
count_chars (const char *text,
             gsize      *n_chars,
             gsize      *n_padding,
             gsize      *n_space)
{
  *n_chars = *n_padding = *n_space = 0;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (is_line_space (*p))
        (*n_space)++;
      else if (*p == '=')
        (*n_padding)++;
      else if (is_base64_char (*p) && *n_padding == 0)
        (*n_chars)++;
      else
        return FALSE; /* a foreign character, or data after the padding */
    }

  /* Padding completes the last group of four; a group of one character cannot be. */
  return *n_chars > 0 && *n_padding <= 2 && *n_chars % 4 != 1 &&
         (*n_padding == 0 || (*n_chars + *n_padding) % 4 == 0);
}

/* A tidy copy to decode: without line breaks, padded. */
static char *
tidy_copy (const char *text,
           gsize       n_chars,
           gsize      *length)
{
  gsize pad = (4 - n_chars % 4) % 4;
  char *clean = g_malloc (n_chars + pad + 1);
  char *q = clean;

  for (const char *p = text; *p != '\0'; p++)
    if (is_base64_char (*p))
      *q++ = *p;
  memset (q, '=', pad);
  q[pad] = '\0';
  *length = n_chars + pad;
  return clean;
}

/**
 * teller_base64_decode_strict:
 * @text: base64, possibly as a data URI ("data:image/jpeg;base64,...") as some
 *   service builds send, possibly broken into lines, padded or not
 *
 * g_base64_decode() skips whatever is not base64, so garbage decodes to garbage
 * without a word; this refuses it instead.
 *
 * Returns: (transfer full) (nullable): the data, or %NULL with
 *   %TELLER_ERROR_BAD_RESPONSE
 */
GBytes *
teller_base64_decode_strict (const char  *text,
                             GError     **error)
{
  g_autofree char *clean = NULL;
  gsize n_chars, n_padding, n_space, length, out_length;
  const char *start;
  guint8 *out;
  int state = 0;
  guint save = 0;

  g_return_val_if_fail (text != NULL, NULL);

  start = skip_data_uri (text);
  if (start == NULL || !count_chars (start, &n_chars, &n_padding, &n_space))
    goto bad;

  length = n_chars + n_space + n_padding;
  if (n_space > 0 || n_padding == 0)
    start = clean = tidy_copy (start, n_chars, &length);

  out = g_malloc ((length / 4) * 3 + 3);
  out_length = g_base64_decode_step (start, length, out, &state, &save);
  if (out_length == 0)
    {
      g_free (out);
      goto bad;
    }
  return g_bytes_new_take (out, out_length);

bad:
  g_set_error (error, TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
               _("The camera service sent an image that is not valid base64"));
  return NULL;
}
