/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "test-identity-pane.h"

/*
 * The Identity pane on the built-in simulator's card reader, driven from a
 * main-loop tick (test-gui-util.h): read each kind of card, reveal the number while
 * held, bad input (no card, no reader, a photo that is not one), the face and
 * fingerprint checks, the ID card copy, and the wipes (transaction finished, idle
 * timeout).  Every log line of the run, debug included, is kept and searched for
 * the cards' values at the end: none may be there.
 */

/* Every log line of the run, and how many were debug lines. */
static GString *all_logs;
static guint n_debug_lines;

/* ---- Logs ------------------------------------------------------------------ */

static GLogWriterOutput
privacy_log_writer (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0 && fields[i].value != NULL)
        g_string_append_printf (all_logs, "%s=%s\n", fields[i].key,
                                (const char *) fields[i].value);
    }

  /* Debug lines are only kept: printing them all would drown the test's output. */
  if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0)
    {
      n_debug_lines++;
      return G_LOG_WRITER_HANDLED;
    }

  return test_gui_log_writer (level, fields, n_fields, user_data);
}

/* As test_gui_init() does, with the privacy writer in front (a process has one). */
static void
init_logs_and_i18n (void)
{
  const char *builddir = g_getenv ("TELLER_BUILDDIR");
  g_autofree char *localedir = g_build_filename (builddir != NULL ? builddir : ".", "po", NULL);

  all_logs = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_debug_enabled (TRUE);
  g_log_set_writer_func (privacy_log_writer, NULL, NULL);

  if (g_getenv ("TELLER_LOCALEDIR") == NULL)
    g_setenv ("TELLER_LOCALEDIR", localedir, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELLER_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* ---- Steps: reading ------------------------------------------------------- */

static gboolean
step_window (Fixture *f)
{
  if (f->h.window == NULL)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (f->h.app));

      if (!TELLER_IS_WINDOW (active) || !gtk_widget_get_mapped (GTK_WIDGET (active)))
        return FALSE;
      f->h.window = TELLER_WINDOW (active);
      gtk_widget_activate_action (GTK_WIDGET (f->h.window), "win.show-pane", "s", "identity");
    }

  if (!gtk_widget_get_mapped (GTK_WIDGET (pane (f))) || !test_gui_settled (&f->h))
    return FALSE;

  STEP_CHECK (f, g_strcmp0 (teller_identity_pane_get_visible_page (pane (f)), "empty") == 0,
              "a new transaction should show the empty page");
  screenshot (f, "identity-empty");
  return TRUE;
}

static gboolean
step_read_mainland (Fixture *f)
{
  g_autofree char *name = card_value ("mainland", "name");
  g_autofree char *number = card_value ("mainland", "cardID");
  g_autofree char *mask = expected_mask (number);

  if (!place_and_read (f, "mainland"))
    return FALSE;

  STEP_CHECK (f, g_strcmp0 (teller_identity_pane_get_visible_page (pane (f)), "card") == 0,
              "the card page is not shown after a read");
  STEP_CHECK (f, g_strcmp0 (shown (f, "name"), name) == 0, "the name is not shown");
  STEP_CHECK (f, g_strcmp0 (shown (f, "number"), mask) == 0,
              "the number is not masked as first 6 and last 4");
  STEP_CHECK (f, strstr (shown (f, "number"), number + 6) == NULL, "the number is shown in full");
  STEP_CHECK (f, teller_identity_card_view_get_photo_shown (card_view (f)), "no photo shown");
  STEP_CHECK (f, *shown (f, "sex") != '\0' && *shown (f, "nation") != '\0',
              "sex and nation are not shown");
  STEP_CHECK (f, *shown (f, "birth") != '\0' && *shown (f, "address") != '\0',
              "birth date and address are not shown");
  STEP_CHECK (f, *shown (f, "issuer") != '\0' && *shown (f, "validity") != '\0',
              "issuer and validity are not shown");
  STEP_CHECK (f, strstr (shown (f, "birth"), "-") != NULL, "the birth date is not formatted");
  STEP_CHECK (f, !teller_identity_card_view_get_expired_shown (card_view (f)),
              "a valid card is flagged expired");
  screenshot (f, "identity-mainland");
  return TRUE;
}

static gboolean
step_reveal_pointer (Fixture *f)
{
  g_autofree char *number = card_value ("mainland", "cardID");

  if (f->h.phase == 0)
    {
      emit_click (f, "pressed");
      f->h.phase = 1;
      return FALSE;
    }

  if (f->h.phase == 1)
    {
      STEP_CHECK (f, g_strcmp0 (shown (f, "number"), number) == 0,
                  "holding the eye button does not show the full number");
      if (!test_gui_settled (&f->h))
        return FALSE;
      screenshot (f, "identity-revealed");
      emit_click (f, "released");
      f->h.phase = 2;
      return FALSE;
    }

  STEP_CHECK (f, strstr (shown (f, "number"), "*") != NULL,
              "the number stays uncovered after the button is let go");
  return TRUE;
}

static gboolean
step_reveal_keyboard (Fixture *f)
{
  g_autofree char *number = card_value ("mainland", "cardID");

  emit_key (f, TRUE);
  STEP_CHECK (f, g_strcmp0 (shown (f, "number"), number) == 0,
              "holding Space on the eye button does not show the full number");
  emit_key (f, FALSE);
  STEP_CHECK (f, strstr (shown (f, "number"), "*") != NULL,
              "the number stays uncovered after Space is let go");
  return TRUE;
}

static gboolean
step_read_expired (Fixture *f)
{
  if (!place_and_read (f, "mainland-expired"))
    return FALSE;

  STEP_CHECK (f, teller_identity_card_view_get_expired_shown (card_view (f)),
              "an expired card is not flagged");
  STEP_CHECK (f, !teller_identity_card_view_get_photo_shown (card_view (f)) ||
                 g_strcmp0 (shown (f, "name"), "") != 0, "nothing shown for the expired card");
  screenshot (f, "identity-expired");
  return TRUE;
}

static gboolean
step_read_hmt (Fixture *f)
{
  g_autofree char *passport = card_value ("hmt", "passportId");
  g_autofree char *signs = card_value ("hmt", "signCount");
  g_autofree char *extra = NULL;
  g_autofree char *passport_line = NULL;

  if (!place_and_read (f, "hmt"))
    return FALSE;

  extra = teller_identity_card_view_dup_extra_text (card_view (f));
  passport_line = g_strdup_printf ("%s: ", _("Pass number"));
  STEP_CHECK (f, strstr (extra, passport_line) != NULL, "the pass number is not listed");
  STEP_CHECK (f, strstr (extra, passport) == NULL, "the pass number is not masked");
  STEP_CHECK (f, strstr (extra, _("Times issued")) != NULL && strstr (extra, signs) != NULL,
              "the sign count is not listed");
  STEP_CHECK (f, strstr (shown (f, "title"), _("Hong Kong")) != NULL ||
                 *shown (f, "title") != '\0', "no card title");
  screenshot (f, "identity-hmt");
  return TRUE;
}

static gboolean
step_read_foreign (Fixture *f)
{
  g_autofree char *name_en = card_value ("foreign", "nameEn");
  g_autofree char *version = card_value ("foreign", "cardVersion");
  g_autofree char *extra = NULL;

  if (!place_and_read (f, "foreign"))
    return FALSE;

  extra = teller_identity_card_view_dup_extra_text (card_view (f));
  STEP_CHECK (f, strstr (extra, _("English name")) != NULL && strstr (extra, name_en) != NULL,
              "the English name is not listed");
  STEP_CHECK (f, strstr (extra, _("Card version")) != NULL && strstr (extra, version) != NULL,
              "the card version is not listed");
  STEP_CHECK (f, strstr (extra, _("Accepting authority")) != NULL,
              "the accepting authority is not listed");
  STEP_CHECK (f, *shown (f, "nation") != '\0', "the nationality is not shown");
  screenshot (f, "identity-foreign");
  return TRUE;
}

static gboolean
step_read_social (Fixture *f)
{
  g_autofree char *extra = NULL;
  g_autofree char *number = card_value ("social", "SocialSecurityNumber");

  if (!place_and_read (f, "social"))
    return FALSE;

  extra = teller_identity_card_view_dup_extra_text (card_view (f));
  STEP_CHECK (f, strstr (extra, _("Card number")) != NULL, "the social card's fields are not listed");
  STEP_CHECK (f, *shown (f, "issuer") != '\0', "the social card's issuer is not shown");
  STEP_CHECK (f, strstr (shown (f, "number"), "*") != NULL && strstr (extra, number) == NULL,
              "the social security number is not masked");
  screenshot (f, "identity-social");
  return TRUE;
}

static gboolean
step_no_card (Fixture *f)
{
  g_autofree char *banner = NULL;
  g_autofree char *left = NULL;

  if (!place_and_read (f, NULL))
    return FALSE;

  banner = teller_identity_pane_dup_banner_text (pane (f));
  STEP_CHECK (f, banner != NULL && strlen (banner) > 2, "no error shown when there is no card");
  left = check_cleared (f);
  STEP_CHECK (f, left == NULL, "stale data after a failed read: %s", left);
  screenshot (f, "identity-no-card");
  return TRUE;
}

static gboolean
step_no_reader (Fixture *f)
{
  g_autofree char *banner = NULL;

  if (f->h.phase == 0)
    teller_sim_card_reader_set_plugged (sim_reader (f), FALSE);
  if (!place_and_read (f, "mainland"))
    return FALSE;

  teller_sim_card_reader_set_plugged (sim_reader (f), TRUE);
  banner = teller_identity_pane_dup_banner_text (pane (f));
  STEP_CHECK (f, banner != NULL, "no error shown when the reader is unplugged");
  STEP_CHECK (f, g_strcmp0 (teller_identity_pane_get_visible_page (pane (f)), "empty") == 0,
              "a card is shown although the reader is unplugged");
  return TRUE;
}

static gboolean
step_bad_photo (Fixture *f)
{
  if (f->h.phase == 0)
    {
      post_control (f, "{\"photo\": \"garbage\"}");
      f->h.phase = 10;
      return FALSE;
    }
  if (f->h.phase == 10)
    {
      if (!f->posted)
        return FALSE;
      f->h.phase = 0;
    }
  if (f->h.phase < 20 && !place_and_read (f, "mainland"))
    return FALSE;

  if (f->h.phase < 20)
    {
      STEP_CHECK (f, g_strcmp0 (teller_identity_pane_get_visible_page (pane (f)), "card") == 0,
                  "a card whose photo is broken is not shown");
      STEP_CHECK (f, *shown (f, "warning") != '\0', "no warning about the photo");
      STEP_CHECK (f, !teller_identity_card_view_get_photo_shown (card_view (f)),
                  "a photo is shown although it is not an image");
      screenshot (f, "identity-bad-photo");
      post_control (f, "{\"photo\": \"normal\"}");
      f->h.phase = 20;
      return FALSE;
    }

  return f->posted;
}

static const TestGuiStep steps[] = {
  TEST_GUI_STEP ("window", step_window),
  TEST_GUI_STEP ("read mainland", step_read_mainland),
  TEST_GUI_STEP ("reveal with the pointer", step_reveal_pointer),
  TEST_GUI_STEP ("reveal with the keyboard", step_reveal_keyboard),
  TEST_GUI_STEP ("read expired", step_read_expired),
  TEST_GUI_STEP ("read hmt", step_read_hmt),
  TEST_GUI_STEP ("read foreign", step_read_foreign),
  TEST_GUI_STEP ("read social", step_read_social),
  TEST_GUI_STEP ("no card", step_no_card),
  TEST_GUI_STEP ("no reader", step_no_reader),
  TEST_GUI_STEP ("bad photo", step_bad_photo),
  TEST_GUI_STEP ("read for the checks", step_read_for_checks),
  TEST_GUI_STEP ("verify pass", step_verify_pass),
  TEST_GUI_STEP ("screenshot verify pass", step_screenshot_verify_pass),
  TEST_GUI_STEP ("verify fail", step_verify_fail),
  TEST_GUI_STEP ("liveness fail", step_liveness_fail),
  TEST_GUI_STEP ("wrong card", step_wrong_card),
  TEST_GUI_STEP ("fingerprint", step_fingerprint),
  TEST_GUI_STEP ("no fingerprint data", step_no_finger_data),
  TEST_GUI_STEP ("id copy", step_id_copy),
  TEST_GUI_STEP ("id copy captured", step_id_copy_captured),
  TEST_GUI_STEP ("finish", step_finish),
  TEST_GUI_STEP ("idle wipe", step_idle_wipe),
};

/* ---- The test ------------------------------------------------------------- */

/* No value of any card may have reached a log line. */
static void
assert_no_card_values_logged (void)
{
  static const char * const fields[] = {
    "name", "cardID", "address", "birthday", "issueOrgan", "passportId", "nameEn",
    "SocialSecurityNumber", "CardNumber", "AccountNumber", "Name", "CertificatesNo",
    "Track1", "Track2", "Track3", NULL
  };
  const char * const *cards = teller_sim_card_reader_list_cards ();
  guint n_checked = 0;

  for (guint i = 0; cards[i] != NULL; i++)
    {
      for (guint j = 0; fields[j] != NULL; j++)
        {
          g_autofree char *value = teller_sim_card_reader_dup_card_value (cards[i], fields[j]);

          /* Too short to tell apart from anything else ("02", a sex). */
          if (value == NULL || strlen (value) < 4)
            continue;

          n_checked++;
          ck_assert_msg (strstr (all_logs->str, value) == NULL,
                         "the %s of card “%s” appears in the log", fields[j], cards[i]);
        }
    }

  ck_assert_msg (n_checked > 20, "only %u card values checked", n_checked);
  ck_assert_msg (n_debug_lines > 0, "no debug line was logged: debug output is not on");
}

START_TEST (test_identity_pane)
{
  Fixture f = { 0 };
  int status;

  f.tmpdir = test_gui_setup_folders ("teller-identity-XXXXXX", NULL);
  f.h.steps = steps;
  f.h.n_steps = G_N_ELEMENTS (steps);
  f.h.report_phase = TRUE;

  status = test_gui_run_app (&f.h);
  test_gui_assert_finished (&f.h, status);
  assert_no_card_values_logged ();

  g_clear_object (&f.session);
  free_watched_drawings ();
  test_gui_remove_folder (f.tmpdir);
  g_clear_pointer (&f.tmpdir, g_free);
  g_clear_pointer (&f.h.failure, g_free);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("identity-pane");
  TCase *pane_case = tcase_create ("identity");

  init_logs_and_i18n ();

  tcase_set_timeout (pane_case, 300);
  tcase_add_test (pane_case, test_identity_pane);
  suite_add_tcase (suite, pane_case);

  return test_gui_run_suite (suite);
}
