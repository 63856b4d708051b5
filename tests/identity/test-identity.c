/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TellerIdentity (here), the card reader's parsers (test-identity-parse.c), every
 * card=, face= and fp= call against the in-process simulator (test-identity-sim.c,
 * test-identity-bio.c), and a run of all of them with every log line collected
 * (test-identity-privacy.c). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "teller-error.h"
#include "teller-services.h"
#include "teller-transaction.h"
#include "test-identity.h"
#include "test-util.h"

/* ---- Helpers shared by the suites ---------------------------------------- */

JsonObject *
test_json_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad fixture: %s", error != NULL ? error->message : text);
  ck_assert (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

GBytes *
test_make_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 24, 32);
  char *data = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  ck_assert (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", NULL, NULL));
  return g_bytes_new_take (data, size);
}

char *
test_make_png_base64 (void)
{
  g_autoptr(GBytes) png = test_make_png ();

  return g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

void
test_assert_all_strings (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        test_assert_all_strings (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        test_assert_all_strings (json_array_get_element (array, i));
    }
  else
    {
      ck_assert_msg (JSON_NODE_HOLDS_VALUE (node) &&
                     json_node_get_value_type (node) == G_TYPE_STRING,
                     "a request value is not a string");
    }
}

void
test_assert_error (const GError *error,
                   int           kind)
{
  ck_assert_msg (error != NULL, "the call succeeded");
  ck_assert_msg (g_error_matches (error, TELLER_ERROR, kind), "got %s (%s %d)", error->message,
                 g_quark_to_string (error->domain), error->code);
}

/* ---- Numbers, dates, codes ------------------------------------------------ */

START_TEST (test_mask_number)
{
  g_autofree char *id = teller_identity_mask_number ("110101199003071234");
  g_autofree char *eleven = teller_identity_mask_number ("12345678901");
  g_autofree char *ten = teller_identity_mask_number ("1234567890");
  g_autofree char *five = teller_identity_mask_number ("12345");
  g_autofree char *four = teller_identity_mask_number ("1234");
  g_autofree char *bank = teller_identity_mask_number ("6222021234567890123");

  ck_assert_str_eq (id, "110101********1234");
  ck_assert_str_eq (eleven, "123456*8901");
  ck_assert_str_eq (ten, "******7890");
  ck_assert_str_eq (five, "*2345");
  ck_assert_str_eq (four, "****");
  ck_assert_str_eq (bank, "622202*********0123");
  ck_assert_ptr_null (teller_identity_mask_number (NULL));
}
END_TEST

static TellerIdentity *
identity_with (TellerCardKind      kind,
               TellerIdCardType    type,
               const char * const *pairs)
{
  TellerIdentity *identity = teller_identity_new ();

  for (guint i = 0; pairs[i] != NULL; i += 2)
    teller_identity_set_field (identity, pairs[i], pairs[i + 1]);
  teller_identity_set_card (identity, kind, type);
  return identity;
}

START_TEST (test_number_by_kind)
{
  const char * const id[] = { "name", "A", "cardID", "110101199003071234", NULL };
  const char * const social[] = { "SocialSecurityNumber", "440301198807150021",
                                  "CardNumber", "S12345678", NULL };
  const char * const ic[] = { "AccountNumber", "1", "CardNumber", "6222021234567890123", NULL };
  const char * const magnetic[] = { "Track1", "%B6222021234567890^ZHANG/SAN^2512?",
                                    "Track2", ";6222021234567890=25121010000000000000?", NULL };
  g_autoptr(TellerIdentity) a = identity_with (TELLER_CARD_KIND_ID_CARD,
                                               TELLER_ID_CARD_TYPE_MAINLAND, id);
  g_autoptr(TellerIdentity) b = identity_with (TELLER_CARD_KIND_SOCIAL_SECURITY,
                                               TELLER_ID_CARD_TYPE_UNKNOWN, social);
  g_autoptr(TellerIdentity) c = identity_with (TELLER_CARD_KIND_IC, TELLER_ID_CARD_TYPE_UNKNOWN, ic);
  g_autoptr(TellerIdentity) d = identity_with (TELLER_CARD_KIND_MAGNETIC,
                                               TELLER_ID_CARD_TYPE_UNKNOWN, magnetic);
  g_autofree char *masked = teller_identity_dup_masked_number (a);

  ck_assert_str_eq (teller_identity_get_number (a), "110101199003071234");
  ck_assert_str_eq (masked, "110101********1234");
  ck_assert_str_eq (teller_identity_get_number (b), "440301198807150021");
  ck_assert_str_eq (teller_identity_get_number (c), "6222021234567890123");
  ck_assert_str_eq (teller_identity_get_number (d), "6222021234567890");

  /* A new Track2 is read again. */
  teller_identity_set_field (d, "Track2", "6222029876543210D2512");
  ck_assert_str_eq (teller_identity_get_number (d), "6222029876543210");
}
END_TEST

static gboolean
expired_on (const char *field,
            const char *value,
            int         year,
            int         month,
            int         day)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  g_autoptr(GDateTime) today = g_date_time_new_local (year, month, day, 12, 0, 0);

  teller_identity_set_field (identity, field, value);
  return teller_identity_is_expired (identity, today);
}

START_TEST (test_expiry)
{
  ck_assert (expired_on ("validEnd", "20200101", 2024, 6, 1));
  ck_assert (!expired_on ("validEnd", "20350101", 2024, 6, 1));
  /* Good through its last day. */
  ck_assert (!expired_on ("validEnd", "20240601", 2024, 6, 1));
  ck_assert (expired_on ("validEnd", "20240601", 2024, 6, 2));
  ck_assert (!expired_on ("validEnd", "长期", 2099, 1, 1));
  ck_assert (expired_on ("validEnd", "2020.01.01", 2024, 6, 1));
  ck_assert (expired_on ("validEnd", "2020-01-01", 2024, 6, 1));
  ck_assert (!expired_on ("validEnd", "2030-01-01", 2024, 6, 1));
  ck_assert (expired_on ("ValidEnd", "20231231", 2024, 1, 1));
  ck_assert (expired_on ("ExpiryDate", "231130", 2024, 1, 1));
  ck_assert (!expired_on ("ExpiryDate", "301231", 2024, 1, 1));
  /* Unreadable or absent: not flagged. */
  ck_assert (!expired_on ("validEnd", "someday", 2024, 6, 1));
  ck_assert (!expired_on ("validEnd", "20241301", 2024, 6, 1));
  ck_assert (!expired_on ("validStart", "20000101", 2024, 6, 1));
}
END_TEST

START_TEST (test_format_date)
{
  g_autofree char *date = teller_identity_format_date ("19900307");
  g_autofree char *other = teller_identity_format_date ("长期");
  g_autofree char *dotted = teller_identity_format_date ("2020.01.01");
  g_autofree char *letters = teller_identity_format_date ("1990030X");

  ck_assert_str_eq (date, "1990-03-07");
  ck_assert_str_eq (other, "长期");
  ck_assert_str_eq (dotted, "2020.01.01");
  ck_assert_str_eq (letters, "1990030X");
  ck_assert_ptr_null (teller_identity_format_date (NULL));
}
END_TEST

static char *
nation_of (TellerIdCardType  type,
           const char       *code)
{
  const char * const fields[] = { "nationCode", code, NULL };
  g_autoptr(TellerIdentity) identity = identity_with (TELLER_CARD_KIND_ID_CARD, type, fields);

  return teller_identity_dup_nation (identity);
}

START_TEST (test_nation)
{
  static const struct { const char *code; const char *name; } cases[] = {
    { "01", "Han" }, { "1", "Han" }, { "02", "Mongol" }, { "05", "Uygur" },
    { "10", "Korean" }, { "11", "Manchu" }, { "29", "Kirgiz" }, { "44", "Russian" },
    { "56", "Jino" }, { "97", "Other" }, { "98", "Of foreign origin" }, { "57", "57" },
  };
  g_autofree char *foreign = nation_of (TELLER_ID_CARD_TYPE_FOREIGN, "CAN");
  g_autofree char *foreign_digits = nation_of (TELLER_ID_CARD_TYPE_FOREIGN, "01");
  g_autoptr(TellerIdentity) empty = teller_identity_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = nation_of (TELLER_ID_CARD_TYPE_MAINLAND, cases[i].code);

      ck_assert_str_eq (name, cases[i].name);
    }
  /* A foreign resident's card carries a nationality code, kept as it is. */
  ck_assert_str_eq (foreign, "CAN");
  ck_assert_str_eq (foreign_digits, "01");
  ck_assert_ptr_null (teller_identity_dup_nation (empty));
}
END_TEST

static char *
sex_of (const char *field,
        const char *value,
        const char *sex_code)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();

  teller_identity_set_field (identity, field, value);
  if (sex_code != NULL)
    teller_identity_set_field (identity, "sexCode", sex_code);
  return teller_identity_dup_sex (identity);
}

START_TEST (test_sex)
{
  g_autofree char *male = sex_of ("sex", "男", "1");
  g_autofree char *female = sex_of ("sex", "女", "2");
  g_autofree char *unknown = sex_of ("sex", "未知", "0");
  g_autofree char *unstated = sex_of ("sex", "未说明", "9");
  g_autofree char *text = sex_of ("sex", "男", NULL);
  g_autofree char *odd_code = sex_of ("sex", "女", "7");
  g_autofree char *social = sex_of ("Sex", "2", NULL);

  ck_assert_str_eq (male, "Male");
  ck_assert_str_eq (female, "Female");
  ck_assert_str_eq (unknown, "Unknown");
  ck_assert_str_eq (unstated, "Unspecified");
  ck_assert_str_eq (text, "男");
  ck_assert_str_eq (odd_code, "女");
  ck_assert_str_eq (social, "Female");
}
END_TEST

START_TEST (test_card_type_letters)
{
  ck_assert_int_eq (teller_id_card_type_from_letter ("A"), TELLER_ID_CARD_TYPE_UNKNOWN);
  ck_assert_int_eq (teller_id_card_type_from_letter ("B"), TELLER_ID_CARD_TYPE_MAINLAND);
  ck_assert_int_eq (teller_id_card_type_from_letter ("C"), TELLER_ID_CARD_TYPE_MAINLAND_FINGER);
  ck_assert_int_eq (teller_id_card_type_from_letter ("J"), TELLER_ID_CARD_TYPE_HMT);
  ck_assert_int_eq (teller_id_card_type_from_letter ("I"), TELLER_ID_CARD_TYPE_FOREIGN);
  ck_assert_int_eq (teller_id_card_type_from_letter ("Z"), TELLER_ID_CARD_TYPE_UNKNOWN);
  ck_assert_int_eq (teller_id_card_type_from_letter (NULL), TELLER_ID_CARD_TYPE_UNKNOWN);
}
END_TEST

/* ---- Secure buffers ------------------------------------------------------- */

START_TEST (test_secure_zero)
{
  guchar buffer[64];
  g_autofree char *heap = g_strdup ("110101199003071234");
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) taken = NULL;

  memset (buffer, 0xA5, sizeof buffer);
  teller_secure_zero (buffer, sizeof buffer);
  for (guint i = 0; i < sizeof buffer; i++)
    ck_assert_uint_eq (buffer[i], 0);

  teller_secure_zero (heap, strlen (heap));
  for (guint i = 0; i < 18; i++)
    ck_assert_int_eq (heap[i], 0);
  teller_secure_zero (NULL, 0);

  copy = teller_secure_bytes_new ("secret", 6);
  ck_assert_uint_eq (g_bytes_get_size (copy), 6);
  ck_assert_mem_eq (g_bytes_get_data (copy, NULL), "secret", 6);
  taken = teller_secure_bytes_new_take (g_strdup ("template"), 9);
  ck_assert_str_eq (g_bytes_get_data (taken, NULL), "template");
}
END_TEST

/* ---- The object: set, replace, wipe, idle --------------------------------- */

typedef struct
{
  guint changed;
  guint notify_kind;
  guint notify_type;
  guint notify_empty;
} Counts;

static void
count_changed_cb (TellerIdentity *identity,
                  Counts         *counts)
{
  counts->changed++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 Counts     *counts)
{
  if (g_str_equal (pspec->name, "kind"))
    counts->notify_kind++;
  else if (g_str_equal (pspec->name, "id-card-type"))
    counts->notify_type++;
  else if (g_str_equal (pspec->name, "empty"))
    counts->notify_empty++;
}

static void
watch (TellerIdentity *identity,
       Counts         *counts)
{
  memset (counts, 0, sizeof *counts);
  g_signal_connect (identity, "changed", G_CALLBACK (count_changed_cb), counts);
  g_signal_connect (identity, "notify", G_CALLBACK (count_notify_cb), counts);
}

static void
fill (TellerIdentity *identity,
      const char     *name,
      const char     *number)
{
  teller_identity_set_field (identity, "name", name);
  teller_identity_set_field (identity, "cardID", number);
  teller_identity_take_photo (identity, test_make_png ());
  teller_identity_take_card_finger (identity, g_bytes_new ("minutiae", 8));
  teller_identity_set_card (identity, TELLER_CARD_KIND_ID_CARD, TELLER_ID_CARD_TYPE_MAINLAND_FINGER);
}

START_TEST (test_fields)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  g_auto(GStrv) names = NULL;
  Counts counts;

  watch (identity, &counts);
  ck_assert (teller_identity_get_empty (identity));
  ck_assert_int_eq (teller_identity_get_face_score (identity), -1);
  ck_assert_int_eq (teller_identity_get_finger_score (identity), -1);

  teller_identity_set_field (identity, "name", "张三");
  ck_assert_uint_eq (counts.changed, 1);
  ck_assert_uint_eq (counts.notify_empty, 1);
  ck_assert (!teller_identity_get_empty (identity));
  teller_identity_set_field (identity, "address", "某地");
  teller_identity_set_field (identity, "cardID", "110101199003071234");
  /* Unchanged: nothing emitted. */
  teller_identity_set_field (identity, "name", "张三");
  ck_assert_uint_eq (counts.changed, 3);
  teller_identity_set_field (identity, "address", NULL);
  ck_assert_uint_eq (counts.changed, 4);
  ck_assert_ptr_null (teller_identity_get_field (identity, "address"));
  teller_identity_set_field (identity, "name", "李四");
  ck_assert_str_eq (teller_identity_get_field (identity, "name"), "李四");

  names = teller_identity_dup_field_names (identity);
  ck_assert_uint_eq (g_strv_length (names), 2);
  ck_assert_str_eq (names[0], "name");
  ck_assert_str_eq (names[1], "cardID");

  teller_identity_set_card (identity, TELLER_CARD_KIND_ID_CARD, TELLER_ID_CARD_TYPE_HMT);
  ck_assert_uint_eq (counts.notify_kind, 1);
  ck_assert_uint_eq (counts.notify_type, 1);
  ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_ID_CARD);
  ck_assert_int_eq (teller_identity_get_id_card_type (identity), TELLER_ID_CARD_TYPE_HMT);

  teller_identity_set_face_score (identity, 91);
  teller_identity_set_finger_score (identity, 0);
  ck_assert_int_eq (teller_identity_get_face_score (identity), 91);
  ck_assert_int_eq (teller_identity_get_finger_score (identity), 0);
  teller_identity_set_warning (identity, "warned");
  ck_assert_str_eq (teller_identity_get_warning (identity), "warned");
}
END_TEST

START_TEST (test_images)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  g_autoptr(GBytes) png = test_make_png ();
  Counts counts;

  watch (identity, &counts);
  teller_identity_take_photo (identity, g_bytes_ref (png));
  teller_identity_take_front (identity, g_bytes_new ("front", 5));
  teller_identity_take_back (identity, g_bytes_new ("back", 4));
  teller_identity_take_card_finger (identity, g_bytes_new ("card", 4));
  teller_identity_take_live_face (identity, g_bytes_new ("face", 4));
  teller_identity_take_read_finger (identity, g_bytes_new ("feature", 7), g_bytes_new ("bmp", 3));
  ck_assert_uint_eq (counts.changed, 6);
  ck_assert_uint_eq (counts.notify_empty, 1);

  /* The identity holds its own zeroing copy; the contents are the same. */
  ck_assert (g_bytes_equal (teller_identity_get_photo (identity), png));
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_front (identity), NULL), "front", 5);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_back (identity), NULL), "back", 4);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_card_finger (identity), NULL), "card", 4);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_live_face (identity), NULL), "face", 4);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_read_finger (identity), NULL), "feature", 7);
  ck_assert_mem_eq (g_bytes_get_data (teller_identity_get_read_finger_image (identity), NULL), "bmp", 3);

  teller_identity_take_read_finger (identity, g_bytes_new ("f2", 2), NULL);
  ck_assert_ptr_null (teller_identity_get_read_finger_image (identity));
  teller_identity_take_photo (identity, NULL);
  ck_assert_ptr_null (teller_identity_get_photo (identity));
}
END_TEST

START_TEST (test_wipe)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  g_autoptr(GBytes) held = NULL;
  g_auto(GStrv) names = NULL;
  Counts counts;

  fill (identity, "张三", "110101199003071234");
  teller_identity_take_live_face (identity, test_make_png ());
  teller_identity_set_face_score (identity, 88);
  teller_identity_set_warning (identity, "warned");
  /* A widget still showing the photo keeps its reference; the identity lets go. */
  held = g_bytes_ref (teller_identity_get_photo (identity));

  watch (identity, &counts);
  teller_identity_wipe (identity);
  ck_assert_uint_eq (counts.changed, 1);
  ck_assert_uint_eq (counts.notify_empty, 1);
  ck_assert_uint_eq (counts.notify_kind, 1);
  ck_assert_uint_eq (counts.notify_type, 1);
  ck_assert (teller_identity_get_empty (identity));
  ck_assert_int_eq (teller_identity_get_kind (identity), TELLER_CARD_KIND_NONE);
  ck_assert_ptr_null (teller_identity_get_field (identity, "name"));
  ck_assert_ptr_null (teller_identity_get_number (identity));
  ck_assert_ptr_null (teller_identity_get_photo (identity));
  ck_assert_ptr_null (teller_identity_get_card_finger (identity));
  ck_assert_ptr_null (teller_identity_get_live_face (identity));
  ck_assert_ptr_null (teller_identity_get_warning (identity));
  ck_assert_int_eq (teller_identity_get_face_score (identity), -1);
  names = teller_identity_dup_field_names (identity);
  ck_assert_uint_eq (g_strv_length (names), 0);

  /* Wiping an empty identity still says so, so screens clear themselves. */
  teller_identity_wipe (identity);
  ck_assert_uint_eq (counts.changed, 2);
  ck_assert_uint_eq (counts.notify_empty, 1);
}
END_TEST

START_TEST (test_replace)
{
  g_autoptr(TellerIdentity) current = teller_identity_new ();
  g_autoptr(TellerIdentity) read = teller_identity_new ();
  Counts current_counts, read_counts;

  fill (current, "张三", "110101199003071234");
  teller_identity_set_field (current, "address", "旧地址");
  teller_identity_take_live_face (current, test_make_png ());
  teller_identity_set_face_score (current, 90);

  teller_identity_set_field (read, "SocialSecurityNumber", "440301198807150021");
  teller_identity_set_field (read, "Name", "王五");
  teller_identity_set_card (read, TELLER_CARD_KIND_SOCIAL_SECURITY, TELLER_ID_CARD_TYPE_UNKNOWN);

  watch (current, &current_counts);
  watch (read, &read_counts);
  teller_identity_replace (current, read);

  /* One change for the screen, and nothing of the previous customer left. */
  ck_assert_uint_eq (current_counts.changed, 1);
  ck_assert_uint_eq (current_counts.notify_kind, 1);
  ck_assert_uint_eq (current_counts.notify_type, 1);
  ck_assert_uint_eq (current_counts.notify_empty, 0);
  ck_assert_int_eq (teller_identity_get_kind (current), TELLER_CARD_KIND_SOCIAL_SECURITY);
  ck_assert_str_eq (teller_identity_get_field (current, "Name"), "王五");
  ck_assert_ptr_null (teller_identity_get_field (current, "name"));
  ck_assert_ptr_null (teller_identity_get_field (current, "address"));
  ck_assert_ptr_null (teller_identity_get_photo (current));
  ck_assert_ptr_null (teller_identity_get_live_face (current));
  ck_assert_int_eq (teller_identity_get_face_score (current), -1);
  ck_assert_str_eq (teller_identity_get_number (current), "440301198807150021");

  ck_assert (teller_identity_get_empty (read));
  ck_assert_uint_eq (read_counts.changed, 1);
  ck_assert_uint_eq (read_counts.notify_empty, 1);
  ck_assert_ptr_null (teller_identity_get_field (read, "Name"));
  ck_assert_int_eq (teller_identity_get_kind (read), TELLER_CARD_KIND_NONE);
}
END_TEST

/* Runs the default main context for @ms. */
static void
run_for_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

START_TEST (test_idle_timeout)
{
  g_autoptr(TellerIdentity) identity = teller_identity_new ();
  Counts counts;
  gint64 start;

  ck_assert_uint_eq (teller_identity_get_idle_timeout_ms (identity), 0);
  watch (identity, &counts);
  teller_identity_set_idle_timeout_ms (identity, 300);
  ck_assert_uint_eq (teller_identity_get_idle_timeout_ms (identity), 300);

  start = g_get_monotonic_time ();
  fill (identity, "张三", "110101199003071234");
  TEST_WAIT_UNTIL (teller_identity_get_empty (identity), 5000);
  ck_assert_int_ge (g_get_monotonic_time () - start, 300 * 1000);
  ck_assert_ptr_null (teller_identity_get_field (identity, "name"));
  ck_assert_ptr_null (teller_identity_get_photo (identity));

  /* Touching restarts the countdown. */
  fill (identity, "李四", "110101199001011237");
  run_for_ms (200);
  teller_identity_touch (identity);
  run_for_ms (200);
  ck_assert (!teller_identity_get_empty (identity));
  teller_identity_touch (identity);
  run_for_ms (200);
  ck_assert (!teller_identity_get_empty (identity));
  TEST_WAIT_UNTIL (teller_identity_get_empty (identity), 5000);

  /* 0 is never. */
  teller_identity_set_idle_timeout_ms (identity, 0);
  fill (identity, "王五", "110101199001011237");
  run_for_ms (500);
  ck_assert (!teller_identity_get_empty (identity));

  /* Setting a timeout on a full identity starts the countdown at once. */
  teller_identity_set_idle_timeout_ms (identity, 100);
  TEST_WAIT_UNTIL (teller_identity_get_empty (identity), 5000);
}
END_TEST

START_TEST (test_idle_timeout_not_after_dispose)
{
  TellerIdentity *identity = teller_identity_new ();

  teller_identity_set_idle_timeout_ms (identity, 50);
  fill (identity, "张三", "110101199003071234");
  g_object_unref (identity);
  /* The timer went with the object: nothing fires on freed memory. */
  run_for_ms (200);
}
END_TEST

/* ---- The transaction and the services ------------------------------------- */

static gboolean finished_saw_empty;

static void
finished_cb (TellerTransaction *transaction,
             gpointer           user_data)
{
  finished_saw_empty = teller_identity_get_empty (teller_transaction_get_identity (transaction));
}

START_TEST (test_transaction_finish_wipes)
{
  g_autofree char *dir = g_dir_make_tmp ("teller-identity-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(TellerDocumentStore) store = teller_document_store_new (root);
  g_autoptr(TellerTransaction) transaction = teller_transaction_new (store);
  TellerIdentity *identity = teller_transaction_get_identity (transaction);
  g_autoptr(TellerIdentity) from_property = NULL;
  Counts counts;

  ck_assert (TELLER_IS_IDENTITY (identity));
  g_object_get (transaction, "identity", &from_property, NULL);
  ck_assert_ptr_eq (from_property, identity);

  fill (identity, "张三", "110101199003071234");
  watch (identity, &counts);
  finished_saw_empty = FALSE;
  g_signal_connect (transaction, "finished", G_CALLBACK (finished_cb), NULL);
  teller_transaction_finish (transaction);

  ck_assert (finished_saw_empty);
  ck_assert_uint_eq (counts.changed, 1);
  ck_assert (teller_identity_get_empty (identity));
  /* The same object serves the next customer. */
  ck_assert_ptr_eq (teller_transaction_get_identity (transaction), identity);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_services_card_reader)
{
  TellerServicesConfig config;
  g_autoptr(TellerServices) services = NULL;
  g_autoptr(TellerService) second = NULL;
  TellerCardReader *reader;
  TellerIdentity *identity;

  teller_services_config_init_defaults (&config);
  ck_assert_uint_eq (config.identity_idle_timeout_s, 180);
  services = teller_services_new (&config);
  reader = teller_services_get_card_reader (services);
  identity = teller_transaction_get_identity (teller_services_get_transaction (services));

  ck_assert (TELLER_IS_CARD_READER (reader));
  ck_assert_str_eq (teller_service_get_display_name (TELLER_SERVICE (reader)), "Card reader");
  ck_assert_str_eq (teller_service_get_base_url (TELLER_SERVICE (reader)),
                    teller_service_get_base_url (TELLER_SERVICE (teller_services_get_camera (services))));
  ck_assert_uint_eq (g_list_model_get_n_items (teller_services_get_services (services)), 2);
  second = g_list_model_get_item (teller_services_get_services (services), 1);
  ck_assert_ptr_eq (second, reader);
  ck_assert_uint_eq (teller_identity_get_idle_timeout_ms (identity), 180 * 1000);

  g_free (config.camera_url);
  config.camera_url = g_strdup ("http://127.0.0.1:4321");
  config.timeout_s = 4;
  config.identity_idle_timeout_s = 0;
  teller_services_apply_config (services, &config);
  ck_assert_str_eq (teller_service_get_base_url (TELLER_SERVICE (reader)), "http://127.0.0.1:4321");
  ck_assert_uint_eq (teller_service_get_timeout_ms (TELLER_SERVICE (reader)), 4000);
  ck_assert_uint_eq (teller_identity_get_idle_timeout_ms (identity), 0);
  teller_services_config_clear (&config);
}
END_TEST

START_TEST (test_services_settings)
{
  TellerServicesConfig config;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_uint (settings, "identity-idle-timeout", 45);
  teller_services_config_init_defaults (&config);
  ck_assert (teller_services_config_load_settings (&config));
  ck_assert_uint_eq (config.identity_idle_timeout_s, 45);
  teller_services_config_clear (&config);
}
END_TEST

Suite *
identity_object_suite (void)
{
  Suite *suite = suite_create ("identity");
  TCase *values = tcase_create ("values");
  TCase *object = tcase_create ("object");
  TCase *owners = tcase_create ("owners");

  tcase_add_test (values, test_mask_number);
  tcase_add_test (values, test_number_by_kind);
  tcase_add_test (values, test_expiry);
  tcase_add_test (values, test_format_date);
  tcase_add_test (values, test_nation);
  tcase_add_test (values, test_sex);
  tcase_add_test (values, test_card_type_letters);
  tcase_add_test (values, test_secure_zero);
  suite_add_tcase (suite, values);

  tcase_add_test (object, test_fields);
  tcase_add_test (object, test_images);
  tcase_add_test (object, test_wipe);
  tcase_add_test (object, test_replace);
  tcase_add_test (object, test_idle_timeout);
  tcase_add_test (object, test_idle_timeout_not_after_dispose);
  suite_add_tcase (suite, object);

  tcase_add_test (owners, test_transaction_finish_wipes);
  tcase_add_test (owners, test_services_card_reader);
  tcase_add_test (owners, test_services_settings);
  suite_add_tcase (suite, owners);

  return suite;
}

int
main (void)
{
  SRunner *runner = NULL;
  int failed;

  /* A critical or a warning is a bug the test must not pass over. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  runner = srunner_create (identity_object_suite ());

  srunner_add_suite (runner, identity_parse_suite ());
  srunner_add_suite (runner, identity_sim_suite ());
  srunner_add_suite (runner, identity_bio_suite ());
  srunner_add_suite (runner, identity_privacy_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
