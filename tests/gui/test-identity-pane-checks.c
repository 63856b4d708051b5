/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-test"

#include "config.h"

#include <check.h>
#include <glib/gi18n.h>
#include <string.h>

#include "test-identity-pane.h"

/* The face and fingerprint checks, the ID card copy and the wipes. */

/* ---- Steps: checks -------------------------------------------------------- */

static gboolean
run_face_check (Fixture *f)
{
  if (f->h.phase == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (face_check (f)), "face.verify", NULL);
      ck_assert_msg (teller_identity_face_check_get_running (face_check (f)),
                     "the face check did not start");
      f->h.phase = 1;
      return FALSE;
    }

  return !teller_identity_face_check_get_running (face_check (f)) && test_gui_settled (&f->h);
}

gboolean
step_read_for_checks (Fixture *f)
{
  if (f->h.phase == 0)
    {
      teller_sim_card_reader_set_face_score (sim_reader (f), 91);
      ck_assert (teller_sim_card_reader_set_liveness (sim_reader (f), "live", LIVENESS_MS));
    }

  return place_and_read (f, "mainland");
}

gboolean
step_verify_pass (Fixture *f)
{
  g_autofree char *expected = g_strdup_printf (_("Same person: %d ≥ %d"), 91, 80);

  if (!run_face_check (f))
    return FALSE;

  STEP_CHECK (f, g_strcmp0 (teller_identity_face_check_get_verdict (face_check (f)), expected) == 0,
              "the verdict is “%s”", teller_identity_face_check_get_verdict (face_check (f)));
  STEP_CHECK (f, teller_identity_face_check_get_live_shown (face_check (f)),
              "the live face is not shown");
  STEP_CHECK (f, teller_identity_get_face_score (identity (f)) == 91,
              "the score is not kept in the identity");
  STEP_CHECK (f, teller_identity_get_live_face (identity (f)) != NULL,
              "the live face is not kept in the identity");
  scroll_to_checks (f);
  return TRUE;
}

/* After the view scrolled to the checks and drew them. */
gboolean
step_screenshot_verify_pass (Fixture *f)
{
  if (!test_gui_settled (&f->h))
    return FALSE;
  screenshot (f, "identity-verify-pass");
  return TRUE;
}

gboolean
step_verify_fail (Fixture *f)
{
  g_autofree char *expected = g_strdup_printf (_("Not the same person: %d < %d"), 40, 80);

  if (f->h.phase == 10)
    {
      /* Scrolled to the checks: once drawn, the screenshot. */
      if (!test_gui_settled (&f->h))
        return FALSE;
      screenshot (f, "identity-verify-fail");
      return TRUE;
    }

  if (f->h.phase == 0)
    teller_sim_card_reader_set_face_score (sim_reader (f), 40);
  if (!run_face_check (f))
    return FALSE;

  STEP_CHECK (f, g_strcmp0 (teller_identity_face_check_get_verdict (face_check (f)), expected) == 0,
              "the verdict is “%s”", teller_identity_face_check_get_verdict (face_check (f)));
  scroll_to_checks (f);
  f->h.phase = 10;
  return FALSE;
}

gboolean
step_liveness_fail (Fixture *f)
{
  const char *status;

  if (f->h.phase == 10)
    {
      if (!test_gui_settled (&f->h))
        return FALSE;
      screenshot (f, "identity-liveness-failed");
      ck_assert (teller_sim_card_reader_set_liveness (sim_reader (f), "live", LIVENESS_MS));
      teller_sim_card_reader_set_face_score (sim_reader (f), 91);
      return TRUE;
    }

  if (f->h.phase == 0)
    ck_assert (teller_sim_card_reader_set_liveness (sim_reader (f), "not_live", LIVENESS_MS));
  if (!run_face_check (f))
    return FALSE;

  status = teller_identity_face_check_get_status (face_check (f));
  STEP_CHECK (f, g_str_has_prefix (status, _("The liveness check failed")),
              "the status is “%s”", status);
  STEP_CHECK (f, *teller_identity_face_check_get_verdict (face_check (f)) == '\0',
              "a verdict is shown after a failed liveness check");
  STEP_CHECK (f, teller_identity_get_face_score (identity (f)) == -1,
              "a score is kept after a failed liveness check");
  scroll_to_checks (f);
  f->h.phase = 10;
  return FALSE;
}

/* The card on the reader was swapped after the read: the check says so. */
gboolean
step_wrong_card (Fixture *f)
{
  const char *status;

  if (f->h.phase == 0)
    ck_assert (teller_sim_card_reader_place (sim_reader (f), "mainland-finger"));
  if (!run_face_check (f))
    return FALSE;

  status = teller_identity_face_check_get_status (face_check (f));
  STEP_CHECK (f, g_str_has_prefix (status, _("The card on the reader is not the card that was read.")),
              "a swapped card is not reported: “%s”", status);
  STEP_CHECK (f, teller_identity_get_face_score (identity (f)) == -1,
              "the swapped card's score was kept");
  return TRUE;
}

gboolean
step_fingerprint (Fixture *f)
{
  g_autofree char *expected = g_strdup_printf (_("Fingerprints match: %d ≥ %d"), 88, 60);

  if (f->h.phase < 100 && !place_and_read (f, "mainland-finger"))
    return FALSE;

  switch (f->h.phase)
    {
    case 1:
      teller_sim_card_reader_set_finger_score (sim_reader (f), 88);
      gtk_widget_activate_action (GTK_WIDGET (finger_check (f)), "finger.read", NULL);
      STEP_CHECK (f, teller_identity_finger_check_get_running (finger_check (f)),
                  "the fingerprint read did not start");
      f->h.phase = 100;
      return FALSE;

    case 100:
      if (teller_identity_finger_check_get_running (finger_check (f)))
        return FALSE;
      STEP_CHECK (f, teller_identity_finger_check_get_image_shown (finger_check (f)),
                  "the fingerprint is not shown: %s",
                  teller_identity_finger_check_get_status (finger_check (f)));
      STEP_CHECK (f, teller_identity_get_read_finger (identity (f)) != NULL,
                  "the fingerprint's template is not kept");
      gtk_widget_activate_action (GTK_WIDGET (finger_check (f)), "finger.compare", NULL);
      STEP_CHECK (f, teller_identity_finger_check_get_running (finger_check (f)),
                  "the comparison did not start");
      f->h.phase = 101;
      return FALSE;

    default:
      if (teller_identity_finger_check_get_running (finger_check (f)))
        return FALSE;
      STEP_CHECK (f, g_strcmp0 (teller_identity_finger_check_get_verdict (finger_check (f)),
                                expected) == 0,
                  "the fingerprint verdict is “%s” (%s)",
                  teller_identity_finger_check_get_verdict (finger_check (f)),
                  teller_identity_finger_check_get_status (finger_check (f)));
      scroll_to_checks (f);
      if (!test_gui_settled (&f->h))
        return FALSE;
      screenshot (f, "identity-fingerprint");
      return TRUE;
    }
}

/* A mainland card without fingerprint data cannot be compared. */
gboolean
step_no_finger_data (Fixture *f)
{
  if (!place_and_read (f, "mainland"))
    return FALSE;

  STEP_CHECK (f, !gtk_widget_is_sensitive (test_gui_find_actionable (GTK_WIDGET (finger_check (f)),
                                                                     "finger.compare")),
              "Compare with Card is enabled for a card without fingerprint data");
  scroll_to_top (f);
  return TRUE;
}

/* ---- Steps: ID card copy ---------------------------------------------------- */

/* The document just added, beside the screenshots for a reviewer. */
static void
keep_last_document (Fixture    *f,
                    const char *name)
{
  GListModel *documents = G_LIST_MODEL (transaction (f));
  g_autoptr(TellerDocument) document = g_list_model_get_item (documents,
                                                              g_list_model_get_n_items (documents) - 1);

  test_gui_keep_for_review (teller_document_get_file (document), name);
}

gboolean
step_id_copy (Fixture *f)
{
  GtkPopover *popover = teller_identity_pane_get_copy_popover (pane (f));

  switch (f->h.phase)
    {
    case 0:
      f->n_documents = teller_transaction_get_n_documents (transaction (f));
      /* Watch both before the popup, so their drawings are caught as they come. */
      watch_drawings (GTK_WIDGET (f->h.window));
      watch_drawings (GTK_WIDGET (popover));
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "identity.id-copy", NULL);
      f->h.phase = 1;
      return FALSE;

    case 1:
      if (!gtk_widget_get_mapped (GTK_WIDGET (popover)))
        return FALSE;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (test_gui_find_widget (GTK_WIDGET (popover),
                                                                           GTK_TYPE_CHECK_BUTTON)),
                                   TRUE);
      gtk_editable_set_text (teller_identity_pane_get_watermark_entry (pane (f)),
                             "For account opening only");
      f->h.phase = 2;
      return FALSE;

    case 2:
      if (!test_gui_settled (&f->h))
        return FALSE;
      if (!screenshot_with_popover (f, GTK_WIDGET (popover), "identity-id-copy"))
        return f->h.failure != NULL;
      gtk_widget_activate_action (GTK_WIDGET (pane (f)), "identity.add-id-copy", NULL);
      STEP_CHECK (f, teller_identity_pane_get_copying (pane (f)), "the ID copy did not start");
      f->h.phase = 3;
      return FALSE;

    default:
      if (teller_identity_pane_get_copying (pane (f)))
        return FALSE;
      STEP_CHECK (f, teller_transaction_get_n_documents (transaction (f)) == f->n_documents + 1,
                  "the ID card copy was not added");
      keep_last_document (f, "identity-id-copy.jpg");
      return TRUE;
    }
}

/* A card without images of its sides: both captured under the document camera. */
gboolean
step_id_copy_captured (Fixture *f)
{
  GtkWidget *widget = GTK_WIDGET (pane (f));

  if (f->h.phase < 100 && !place_and_read (f, "social"))
    return FALSE;

  switch (f->h.phase)
    {
    case 1:
      STEP_CHECK (f, teller_identity_get_front (identity (f)) == NULL, "a social card with images?");
      STEP_CHECK (f, !gtk_widget_is_sensitive (test_gui_find_actionable (widget,
                                                                         "identity.add-id-copy")),
                  "Add to Transaction is enabled without the card's sides");
      f->n_documents = teller_transaction_get_n_documents (transaction (f));
      gtk_widget_activate_action (widget, "identity.capture-side", "s", "front");
      f->h.phase = 100;
      return FALSE;

    case 100:
      if (teller_identity_get_front (identity (f)) == NULL)
        return FALSE;
      gtk_widget_activate_action (widget, "identity.capture-side", "s", "back");
      f->h.phase = 101;
      return FALSE;

    case 101:
      if (teller_identity_get_back (identity (f)) == NULL)
        return FALSE;
      gtk_widget_activate_action (widget, "identity.add-id-copy", NULL);
      STEP_CHECK (f, teller_identity_pane_get_copying (pane (f)), "the ID copy did not start");
      f->h.phase = 102;
      return FALSE;

    default:
      if (teller_identity_pane_get_copying (pane (f)))
        return FALSE;
      STEP_CHECK (f, teller_transaction_get_n_documents (transaction (f)) == f->n_documents + 1,
                  "the captured ID card copy was not added");
      keep_last_document (f, "identity-id-copy-captured.jpg");
      return TRUE;
    }
}

/* ---- Steps: wipes ------------------------------------------------------------- */

gboolean
step_finish (Fixture *f)
{
  g_autofree char *left = NULL;

  if (f->h.phase < 100 && !place_and_read (f, "mainland"))
    return FALSE;

  if (f->h.phase < 100)
    {
      teller_transaction_finish (transaction (f));
      f->h.phase = 100;
    }

  left = check_cleared (f);
  STEP_CHECK (f, left == NULL, "finishing the transaction left data on screen: %s", left);
  if (!test_gui_settled (&f->h))
    return FALSE;
  screenshot (f, "identity-finished");
  return TRUE;
}

gboolean
step_idle_wipe (Fixture *f)
{
  g_autofree char *left = NULL;

  if (f->h.phase < 100 && !place_and_read (f, "mainland-finger"))
    return FALSE;

  if (f->h.phase < 100)
    {
      STEP_CHECK (f, g_strcmp0 (teller_identity_pane_get_visible_page (pane (f)), "card") == 0,
                  "the card is not shown");
      teller_identity_set_idle_timeout_ms (identity (f), IDLE_WIPE_MS);
      f->h.phase = 100;
      return FALSE;
    }

  if (!teller_identity_get_empty (identity (f)))
    return FALSE;

  left = check_cleared (f);
  STEP_CHECK (f, left == NULL, "the idle wipe left data on screen: %s", left);
  return TRUE;
}

