/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-cli"

#include "config.h"

#include "teller-card-reader.h"
#include "teller-cli-private.h"

/*
 * teller-cli card id|social|ic|mag|samid: chapter 4 of the CameraService document.
 * A card's values go to standard output only, as JSON, with every number on it
 * (ID, social-security, card and account numbers, magnetic tracks) masked the way
 * the Identity pane shows them unless --reveal; nothing of a card goes to standard
 * error.  The card photo is written only when --photo asks, atomically.
 */

typedef struct
{
  TellerCli      *cli;
  gboolean        reveal;
  char           *photo_path;
  TellerIdentity *identity;
} CardCall;

static void
card_call_free (CardCall *call)
{
  if (call->identity != NULL)
    teller_identity_wipe (call->identity);
  g_clear_object (&call->identity);
  g_free (call->photo_path);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CardCall, card_call_free)

static TellerCardReader *
get_reader (TellerCli *cli)
{
  return teller_services_get_card_reader (cli->services);
}

/* ---- The JSON of a card -------------------------------------------------- */

/* Indexed by TellerIdCardType. */
static const struct
{
  const char *letter;
  const char *name;
} id_card_types[] = {
  { "A", "unknown" },
  { "B", "mainland" },
  { "C", "mainland" },
  { "J", "hmt" },
  { "I", "foreign" },
};

/* Fields that identify a person or an account: masked unless --reveal. */
static const char * const number_fields[] = {
  "cardID", "passportId",
  "SocialSecurityNumber", "CardNumber", "AccountNumber", "CertificatesNo",
  "Track1", "Track2", "Track3",
};

/* Dates the cards carry as YYYYMMDD, shown as YYYY-MM-DD. */
static const char * const date_fields[] = {
  "birthday", "validStart", "validEnd",
  "Birthday", "ValidStart", "ValidEnd", "EffectiveDate", "ExpiryDate", "TransactionDate",
};

/* The other cards' fields whose names say the same as an ID card's. */
static const struct
{
  const char *field;
  const char *member;
} member_names[] = {
  { "Birthday", "birth_date" },
  { "ValidStart", "valid_from" },
  { "ValidEnd", "valid_until" },
  { "VisaInstitution", "issuing_authority" },
  { "SocialSecurityCardType", "card_type" },
  { "CardNormVer", "card_version" },
};

static gboolean
strv_contains (const char * const *list,
               gsize               length,
               const char         *name)
{
  for (gsize i = 0; i < length; i++)
    if (g_str_equal (list[i], name))
      return TRUE;
  return FALSE;
}

/* The value as the output shows it: masked, or with its date spelled out. */
static char *
dup_value (CardCall   *call,
           const char *field)
{
  const char *value = teller_identity_get_field (call->identity, field);

  /* Replies send "" for what a card does not carry: left out like an absent one. */
  if (value == NULL || *value == '\0')
    return NULL;
  if (strv_contains (number_fields, G_N_ELEMENTS (number_fields), field))
    return call->reveal ? g_strdup (value) : teller_identity_mask_number (value);
  if (strv_contains (date_fields, G_N_ELEMENTS (date_fields), field))
    return teller_identity_format_date (value);
  return g_strdup (value);
}

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *value)
{
  if (value != NULL && *value != '\0')
    teller_cli_add_string (builder, member, value);
}

static void
add_field (JsonBuilder *builder,
           CardCall    *call,
           const char  *member,
           const char  *field)
{
  g_autofree char *value = dup_value (call, field);

  add_text (builder, member, value);
}

static void
add_number (JsonBuilder *builder,
            CardCall    *call)
{
  g_autofree char *number = call->reveal ?
                            g_strdup (teller_identity_get_number (call->identity)) :
                            teller_identity_dup_masked_number (call->identity);

  add_text (builder, "number", number);
}

static void
add_expired (JsonBuilder *builder,
             CardCall    *call)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();

  json_builder_set_member_name (builder, "expired");
  json_builder_add_boolean_value (builder, teller_identity_is_expired (call->identity, today));
}

/* The row of id_card_types for the card; "unknown" for a type added later. */
static guint
id_card_type_row (TellerIdentity *identity)
{
  TellerIdCardType type = teller_identity_get_id_card_type (identity);

  return type < G_N_ELEMENTS (id_card_types) ? type : TELLER_ID_CARD_TYPE_UNKNOWN;
}

static void
build_id_card (JsonBuilder *builder,
               CardCall    *call)
{
  guint row = id_card_type_row (call->identity);
  g_autofree char *sex = teller_identity_dup_sex (call->identity);
  g_autofree char *nation = teller_identity_dup_nation (call->identity);

  teller_cli_add_string (builder, "card_type", id_card_types[row].letter);
  teller_cli_add_string (builder, "type_name", id_card_types[row].name);
  add_field (builder, call, "name", "name");
  add_field (builder, call, "name_en", "nameEn");
  add_text (builder, "sex", sex);
  add_field (builder, call, "sex_code", "sexCode");
  add_text (builder, "nation", nation);
  add_field (builder, call, "nation_code", "nationCode");
  add_field (builder, call, "birth_date", "birthday");
  add_field (builder, call, "address", "address");
  add_number (builder, call);
  add_field (builder, call, "issuing_authority", "issueOrgan");
  add_field (builder, call, "valid_from", "validStart");
  add_field (builder, call, "valid_until", "validEnd");
  add_expired (builder, call);
  /* Hong Kong/Macau/Taiwan residence permits, then foreign permanent resident cards. */
  add_field (builder, call, "passport_id", "passportId");
  add_field (builder, call, "sign_count", "signCount");
  add_field (builder, call, "card_version", "cardVersion");
  add_field (builder, call, "admissible_institution", "admissibleInstitution");
  add_field (builder, call, "append_message", "appendMsg");
  json_builder_set_member_name (builder, "has_fingerprint");
  json_builder_add_boolean_value (builder,
                                  teller_identity_get_card_finger (call->identity) != NULL);
}

/* "CardNumber" → "card_number", "IcCardAID" → "ic_card_aid", "Track1" → "track1". */
static char *
dup_member_name (const char *field)
{
  GString *member;

  for (gsize i = 0; i < G_N_ELEMENTS (member_names); i++)
    if (g_str_equal (member_names[i].field, field))
      return g_strdup (member_names[i].member);

  member = g_string_new (NULL);
  for (const char *p = field; *p != '\0'; p++)
    {
      gboolean word_start = p > field && g_ascii_isupper (*p) &&
                            (g_ascii_islower (p[-1]) || g_ascii_isdigit (p[-1]) ||
                             (g_ascii_isupper (p[-1]) && g_ascii_islower (p[1])));

      if (word_start && member->str[member->len - 1] != '_')
        g_string_append_c (member, '_');
      g_string_append_c (member, g_ascii_tolower (*p));
    }
  return g_string_free (member, FALSE);
}

/* Social-security, IC and magnetic cards: every field the card carried, in order. */
static void
build_other_card (JsonBuilder *builder,
                  CardCall    *call)
{
  g_auto(GStrv) fields = teller_identity_dup_field_names (call->identity);
  gboolean has_end = FALSE;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      g_autofree char *member = dup_member_name (fields[i]);

      add_field (builder, call, member, fields[i]);
      has_end |= g_str_equal (fields[i], "ValidEnd") || g_str_equal (fields[i], "ExpiryDate");
    }
  add_number (builder, call);
  if (has_end)
    add_expired (builder, call);
}

static const char *
kind_name (TellerCardKind kind)
{
  switch (kind)
    {
    case TELLER_CARD_KIND_ID_CARD:
      return "id-card";
    case TELLER_CARD_KIND_SOCIAL_SECURITY:
      return "social-security";
    case TELLER_CARD_KIND_IC:
      return "ic";
    case TELLER_CARD_KIND_MAGNETIC:
      return "magnetic";
    case TELLER_CARD_KIND_NONE:
    default:
      return "none";
    }
}

static JsonNode *
build_card (CardCall   *call,
            const char *photo)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  TellerCardKind kind = teller_identity_get_kind (call->identity);

  json_builder_begin_object (builder);
  teller_cli_add_string (builder, "kind", kind_name (kind));
  if (kind == TELLER_CARD_KIND_ID_CARD)
    build_id_card (builder, call);
  else
    build_other_card (builder, call);
  teller_cli_add_string (builder, "photo", photo);
  teller_cli_add_string (builder, "warning", teller_identity_get_warning (call->identity));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- card id / social / ic / mag ------------------------------------------ */

static void
photo_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CardCall) call = user_data;
  GError *error = NULL;
  g_autofree char *path = teller_cli_write_file_finish (result, &error);

  if (path == NULL)
    teller_cli_finish (call->cli, NULL, error);
  else
    teller_cli_finish (call->cli, build_card (call, path), NULL);
}

static void
card_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CardCall) call = user_data;
  GError *error = NULL;
  GBytes *photo;

  call->identity = teller_card_reader_read_finish (TELLER_CARD_READER (object), result, &error);
  if (call->identity == NULL)
    {
      teller_cli_finish (call->cli, NULL, error);
      return;
    }
  if (call->photo_path == NULL)
    {
      teller_cli_finish (call->cli, build_card (call, NULL), NULL);
      return;
    }

  photo = teller_identity_get_photo (call->identity);
  if (photo == NULL)
    {
      /* Asked for a photo the card did not give (or gave broken): fail rather than
       * leave no file behind a success. */
      teller_cli_finish (call->cli, NULL,
                         g_error_new_literal (TELLER_ERROR, TELLER_ERROR_BAD_RESPONSE,
                                              _("The card reader sent no usable photo; "
                                                "nothing was written")));
      return;
    }

  /* The write's callback owns the call from here. */
  teller_cli_write_file_async (call->photo_path, photo, TRUE, photo_written_cb, call);
  g_steal_pointer (&call);
}

/* @photo_path: (transfer full) (nullable): where --photo asked for the photo. */
static int
read_card (TellerCli      *cli,
           TellerCardKind  kind,
           gboolean        reveal,
           char           *photo_path,
           int             argc)
{
  g_autofree char *photo = photo_path;
  CardCall *call;

  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments besides its options"));

  call = g_new0 (CardCall, 1);
  call->cli = cli;
  call->reveal = reveal;
  call->photo_path = g_steal_pointer (&photo);
  teller_card_reader_read_async (get_reader (cli), kind, NULL, card_read_cb, call);
  return TELLER_CLI_RUNNING;
}

static int
card_id (TellerCli  *cli,
         int         argc,
         char      **argv)
{
  g_autofree char *photo = NULL;
  gboolean reveal = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &reveal, N_("Print the ID number in full"), NULL },
    { "photo", 0, 0, G_OPTION_ARG_FILENAME, &photo, N_("Write the card's photo to this JPEG file"),
      N_("FILE") },
    { NULL }
  };

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Reads the second-generation ID card on the reader (card=idcard) and prints\n"
        "{\"kind\":\"id-card\", \"card_type\":\"B\", \"type_name\":\"mainland\", \"name\", \"sex\",\n"
        " \"sex_code\", \"nation\", \"nation_code\", \"birth_date\":\"1985-03-12\", \"address\",\n"
        " \"number\":\"110101********1234\", \"issuing_authority\", \"valid_from\", \"valid_until\",\n"
        " \"expired\":false, \"has_fingerprint\":false, \"photo\":FILE (with --photo)}.\n"
        "card_type is the document's letter: B and C mainland (C with fingerprint), J and\n"
        "type_name \"hmt\" a Hong Kong/Macau/Taiwan residence permit (adds \"passport_id\",\n"
        "\"sign_count\"), I and \"foreign\" a foreign permanent resident card (adds \"name_en\",\n"
        "\"card_version\", \"admissible_institution\"), A unknown.  Members the card does\n"
        "not carry are left out; \"warning\" says what could not be used.  The number is\n"
        "masked (first 6 and last 4 shown) unless --reveal."),
        &argc, &argv, &status))
    return status;

  return read_card (cli, TELLER_CARD_KIND_ID_CARD, reveal, g_steal_pointer (&photo), argc);
}

/* The three other cards share their options and their help's last lines. */
static int
card_other (TellerCli      *cli,
            TellerCardKind  kind,
            const char     *description,
            int             argc,
            char          **argv)
{
  g_autofree char *help = NULL;
  gboolean reveal = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &reveal, N_("Print the card's numbers in full"), NULL },
    { NULL }
  };

  help = g_strconcat (description, "\n",
                      _("Each field the card carried becomes a member in snake_case, in the\n"
                        "reply's order (\"CardNumber\" is \"card_number\"), with dates as\n"
                        "YYYY-MM-DD and \"number\" the card's main number.  Card, account and\n"
                        "social-security numbers and magnetic tracks are masked (first 6 and\n"
                        "last 4 shown) unless --reveal."), NULL);
  if (!teller_cli_parse_command_options_with_help (cli, entries, help, &argc, &argv, &status))
    return status;

  return read_card (cli, kind, reveal, NULL, argc);
}

static int
card_social (TellerCli  *cli,
             int         argc,
             char      **argv)
{
  return card_other (cli, TELLER_CARD_KIND_SOCIAL_SECURITY, _(
                       "Reads the social-security card (card=sociaseceritycard) and prints\n"
                       "{\"kind\":\"social-security\", \"social_security_number\", \"card_number\",\n"
                       " \"name\", \"sex\", \"nation\", \"birth_date\", \"birthplace\", \"valid_from\",\n"
                       " \"valid_until\", \"issuing_authority\", …, \"number\", \"expired\"}."),
                     argc, argv);
}

static int
card_ic (TellerCli  *cli,
         int         argc,
         char      **argv)
{
  return card_other (cli, TELLER_CARD_KIND_IC, _(
                       "Reads the IC card (card=iccard) and prints {\"kind\":\"ic\", \"card_number\",\n"
                       " \"account_number\", \"name\", \"certificates_no\", \"track1\"…\"track3\",\n"
                       " \"balance\", \"expiry_date\", …, \"number\", \"expired\"}: every field of\n"
                       " section 4.4 the card carried."),
                     argc, argv);
}

static int
card_mag (TellerCli  *cli,
          int         argc,
          char      **argv)
{
  return card_other (cli, TELLER_CARD_KIND_MAGNETIC, _(
                       "Reads the swiped magnetic stripe card (card=magcard) and prints\n"
                       "{\"kind\":\"magnetic\", \"track1\", \"track2\", \"track3\", \"number\"}, where\n"
                       "\"number\" is the account number from track 2."),
                     argc, argv);
}

/* ---- card samid -------------------------------------------------------------- */

static void
sam_id_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TellerCli *cli = user_data;
  GError *error = NULL;
  g_autofree char *sam_id =
    teller_card_reader_sam_id_finish (TELLER_CARD_READER (object), result, &error);
  g_autoptr(JsonBuilder) builder = NULL;

  if (sam_id == NULL)
    {
      teller_cli_finish (cli, NULL, error);
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  teller_cli_add_string (builder, "sam_id", sam_id);
  json_builder_end_object (builder);
  teller_cli_finish (cli, json_builder_get_root (builder), NULL);
}

static int
card_samid (TellerCli  *cli,
            int         argc,
            char      **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  int status;

  if (!teller_cli_parse_command_options_with_help (cli, entries, _(
        "Prints the ID card module's unique number (card=getsamid): {\"sam_id\":\"…\"}."),
        &argc, &argv, &status))
    return status;
  if (argc > 1)
    return teller_cli_usage_error (cli, _("This command takes no arguments"));

  teller_card_reader_sam_id_async (get_reader (cli), NULL, sam_id_cb, cli);
  return TELLER_CLI_RUNNING;
}

const TellerCliCommand teller_cli_card_commands[] = {
  { "card", "id", "card id [--reveal] [--photo FILE]", card_id },
  { "card", "samid", "card samid", card_samid },
  { "card", "social", "card social [--reveal]", card_social },
  { "card", "ic", "card ic [--reveal]", card_ic },
  { "card", "mag", "card mag [--reveal]", card_mag },
  { NULL }
};
