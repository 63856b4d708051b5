/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include <string.h>

#include "teller-sim-fault-private.h"

/*
 * Fault specs, and the broken answers they stand for.  Each broken answer is one a
 * client meets in the field: a service that hangs up, one that dies halfway
 * through a reply, one that answers garbage.
 */

/* The header promises more bytes than ever arrive.  No "Connection: close", so the
 * client cannot take the early end of the connection for the end of the body. */
static const char truncated_reply[] =
  "HTTP/1.1 200 OK\r\n"
  "Content-Type: application/json;charset=utf-8\r\n"
  "Access-Control-Allow-Origin: *\r\n"
  "Content-Length: 256\r\n"
  "\r\n"
  "{\"code\":\"0\",\"video0\":\"o";

static const char malformed_body[] = "{\"code\":\"0\", \"video0\": ";
static const char http_500_body[] = "simulated failure\n";

/* Ten minutes is longer than any client waits; more is surely a typo. */
#define MAX_LATENCY_MS 600000

void
_teller_sim_fault_free (TellerSimFault *fault)
{
  if (fault == NULL)
    return;
  g_free (fault->code);
  g_free (fault);
}

TellerSimFault *
_teller_sim_fault_copy (const TellerSimFault *fault)
{
  TellerSimFault *copy = g_new0 (TellerSimFault, 1);

  copy->latency_ms = fault->latency_ms;
  copy->kind = fault->kind;
  copy->code = g_strdup (fault->code);
  return copy;
}

gboolean
_teller_sim_fault_is_none (const TellerSimFault *fault)
{
  return fault->kind == TELLER_SIM_FAULT_NONE && fault->latency_ms == 0;
}

/* These faults end on the raw socket, not through libsoup. */
gboolean
_teller_sim_fault_needs_stream (const TellerSimFault *fault)
{
  return fault->kind == TELLER_SIM_FAULT_DROP || fault->kind == TELLER_SIM_FAULT_TRUNCATED ||
         fault->kind == TELLER_SIM_FAULT_STALL;
}

static gboolean
parse_latency (const char      *value,
               TellerSimFault  *fault,
               GError         **error)
{
  guint64 ms = 0;

  if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_LATENCY_MS, &ms, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a latency in milliseconds (0 to %u)", value, MAX_LATENCY_MS);
      return FALSE;
    }
  fault->latency_ms = (guint) ms;
  return TRUE;
}

static gboolean
is_valid_code (const char *code)
{
  if (*code == '\0')
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
lookup_kind (const char          *token,
             TellerSimFaultKind  *kind,
             GError             **error)
{
  static const struct { const char *name; TellerSimFaultKind kind; } kinds[] = {
    { "drop", TELLER_SIM_FAULT_DROP },
    { "malformed", TELLER_SIM_FAULT_MALFORMED },
    { "truncated", TELLER_SIM_FAULT_TRUNCATED },
    { "stall", TELLER_SIM_FAULT_STALL },
    { "http500", TELLER_SIM_FAULT_HTTP_500 },
    { "none", TELLER_SIM_FAULT_NONE },
  };

  if (g_str_has_prefix (token, "code="))
    {
      *kind = TELLER_SIM_FAULT_VENDOR_ERROR;
      if (is_valid_code (token + strlen ("code=")))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a vendor code", token + strlen ("code="));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (token, kinds[i].name))
      {
        *kind = kinds[i].kind;
        return TRUE;
      }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "Unknown fault “%s” (expected latency=MS, code=CODE, drop, "
               "malformed, truncated, stall, http500 or none)", token);
  return FALSE;
}

static gboolean
parse_kind (const char      *token,
            TellerSimFault  *fault,
            GError         **error)
{
  if (!lookup_kind (token, &fault->kind, error))
    return FALSE;
  if (fault->kind == TELLER_SIM_FAULT_VENDOR_ERROR)
    fault->code = g_strdup (token + strlen ("code="));
  return TRUE;
}

/*
 * _teller_sim_fault_parse:
 *
 * "none" parses as an empty fault, which clears a route.  At most one latency and
 * one other fault; the latency always comes first on the wire, whatever the order
 * in @spec.
 */
TellerSimFault *
_teller_sim_fault_parse (const char  *spec,
                         GError     **error)
{
  g_autoptr(TellerSimFault) fault = g_new0 (TellerSimFault, 1);
  g_auto(GStrv) tokens = NULL;
  gboolean have_latency = FALSE;
  gboolean have_kind = FALSE;

  if (spec == NULL || *spec == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Empty fault spec");
      return NULL;
    }

  tokens = g_strsplit (spec, ",", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *token = g_strstrip (tokens[i]);
      gboolean is_latency = g_str_has_prefix (token, "latency=");
      gboolean *seen = is_latency ? &have_latency : &have_kind;

      if (*seen)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Only one latency and one other fault may be given (“%s”)", token);
          return NULL;
        }
      *seen = TRUE;

      if (is_latency ? !parse_latency (token + strlen ("latency="), fault, error)
                     : !parse_kind (token, fault, error))
        return NULL;
    }

  return g_steal_pointer (&fault);
}

void
_teller_sim_fault_reply_malformed (SoupServerMessage *message)
{
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    malformed_body, strlen (malformed_body));
}

void
_teller_sim_fault_reply_http_500 (SoupServerMessage *message)
{
  soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC,
                                    http_500_body, strlen (http_500_body));
}

/* A stalled reply's connection stays open longer than any client waits for it. */
#define STALL_SECONDS 60

static gboolean
close_stalled_cb (gpointer user_data)
{
  g_io_stream_close (G_IO_STREAM (user_data), NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
truncated_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;
  gboolean stall = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (stream), "teller-sim-stall"));

  /* A failed write only means the client already went away. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  if (stall)
    g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, STALL_SECONDS, close_stalled_cb,
                                g_object_ref (stream), g_object_unref);
  else
    g_io_stream_close (stream, NULL, NULL);
}

/* Ends a stolen connection the way @kind says: closed at once, after a cut reply, or
 * left hanging after the first bytes of one. */
void
_teller_sim_fault_fail_stream (GIOStream          *stream,
                               TellerSimFaultKind  kind)
{
  GOutputStream *output;

  if (kind != TELLER_SIM_FAULT_TRUNCATED && kind != TELLER_SIM_FAULT_STALL)
    {
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  g_object_set_data (G_OBJECT (stream), "teller-sim-stall",
                     GINT_TO_POINTER (kind == TELLER_SIM_FAULT_STALL));
  output = g_io_stream_get_output_stream (stream);
  g_output_stream_write_all_async (output, truncated_reply, strlen (truncated_reply),
                                   G_PRIORITY_DEFAULT, NULL,
                                   truncated_written_cb, g_object_ref (stream));
}
