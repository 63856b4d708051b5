/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>

#include "teller-capture-options.h"
#include "teller-captured-image.h"
#include "teller-identity-copy.h"
#include "teller-identity-pane-private.h"
#include "teller-identity-util.h"

/*
 * "Add ID Copy": the card's front and back, merged onto one A4 page, become a
 * document of the transaction (teller-identity-copy.c).  Card readers that give no
 * images of the card leave the sides to the document camera: each side is captured
 * into the identity (in memory, wiped with the rest) and the copy is made from there.
 */

static TellerCameraService *
get_camera (TellerIdentityPane *self)
{
  return self->services != NULL ? teller_services_get_camera (self->services) : NULL;
}

static gboolean
has_side (TellerIdentityPane *self,
          gboolean            front)
{
  if (!_teller_identity_pane_has_card (self))
    return FALSE;

  return (front ? teller_identity_get_front (self->identity) :
                  teller_identity_get_back (self->identity)) != NULL;
}

static void
show_side (GtkImage   *icon,
           GtkLabel   *status,
           gboolean    ready,
           gboolean    capturing)
{
  gtk_image_set_from_icon_name (icon, ready ? "emblem-ok-symbolic" : "camera-photo-symbolic");
  teller_identity_set_css_class (GTK_WIDGET (icon), "dim-label", !ready);
  teller_identity_set_css_class (GTK_WIDGET (icon), "success", ready);

  if (capturing)
    gtk_label_set_text (status, _("Capturing…"));
  else if (ready)
    gtk_label_set_text (status, _("Ready"));
  else
    gtk_label_set_text (status, _("Lay this side under the document camera and capture it"));
}

void
_teller_identity_pane_update_copy (TellerIdentityPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean card = _teller_identity_pane_has_card (self);
  gboolean idle = self->copy_cancellable == NULL && self->capture_cancellable == NULL;
  gboolean front = has_side (self, TRUE);
  gboolean back = has_side (self, FALSE);
  gboolean camera = get_camera (self) != NULL;

  gtk_widget_action_set_enabled (widget, "identity.id-copy", card);
  gtk_widget_action_set_enabled (widget, "identity.add-id-copy",
                                 card && camera && idle && front && back);
  gtk_widget_action_set_enabled (widget, "identity.capture-side", card && camera && idle);

  /* Answers may arrive after the template is gone. */
  if (self->front_icon == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), card);

  show_side (self->front_icon, self->front_status, front,
             self->capture_cancellable != NULL && self->capturing_front);
  show_side (self->back_icon, self->back_status, back,
             self->capture_cancellable != NULL && !self->capturing_front);
  if (!card && gtk_widget_get_visible (GTK_WIDGET (self->copy_popover)))
    gtk_popover_popdown (self->copy_popover);
}

void
_teller_identity_pane_stop_copy (TellerIdentityPane *self)
{
  gboolean copying = self->copy_cancellable != NULL;

  if (self->copy_cancellable != NULL)
    g_cancellable_cancel (self->copy_cancellable);
  if (self->capture_cancellable != NULL)
    g_cancellable_cancel (self->capture_cancellable);
  g_clear_object (&self->copy_cancellable);
  g_clear_object (&self->capture_cancellable);

  if (copying)
    _teller_identity_pane_notify (self, PROP_COPYING);
  _teller_identity_pane_update_copy (self);
}

/* The watermark starts from the setting each time: an edit is for this copy only. */
static void
copy_popover_show_cb (TellerIdentityPane *self)
{
  g_autofree char *watermark = NULL;

  if (self->settings != NULL)
    watermark = g_settings_get_string (self->settings, "id-copy-watermark");

  gtk_check_button_set_active (self->watermark_check, watermark != NULL && *watermark != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->watermark_entry),
                         watermark != NULL && *watermark != '\0' ? watermark :
                         /* Translators: the default watermark of an ID card copy */
                         _("For this use only"));
  _teller_identity_pane_update_copy (self);
}

/* ---- The copy ---------------------------------------------------------- */

typedef struct
{
  TellerIdentityPane *self;
  GCancellable       *cancellable;
  gboolean            front;      /* capture: which side */
} CopyRun;

static void
copy_run_free (CopyRun *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyRun, copy_run_free)

static CopyRun *
copy_run_new (TellerIdentityPane *self,
              GCancellable       *cancellable)
{
  CopyRun *run = g_new0 (CopyRun, 1);

  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (cancellable);
  return run;
}

static void
copy_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CopyRun) run = user_data;
  TellerIdentityPane *self = run->self;
  g_autoptr(TellerDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = teller_identity_copy_add_finish (result, &error);
  if (self->copy_cancellable != run->cancellable || g_cancellable_is_cancelled (run->cancellable))
    return;

  g_clear_object (&self->copy_cancellable);
  _teller_identity_pane_notify (self, PROP_COPYING);
  _teller_identity_pane_update_copy (self);

  if (document == NULL)
    _teller_identity_pane_show_error (self, _("Could not add the ID card copy"), error);
  else
    _teller_identity_pane_show_toast (self, _("ID card copy added to the transaction"));
}

static void
add_id_copy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (widget);
  TellerCameraService *camera = get_camera (self);
  const char *watermark = NULL;

  if (camera == NULL || self->copy_cancellable != NULL ||
      !has_side (self, TRUE) || !has_side (self, FALSE))
    return;

  if (gtk_check_button_get_active (self->watermark_check))
    watermark = gtk_editable_get_text (GTK_EDITABLE (self->watermark_entry));

  teller_identity_touch (self->identity);
  gtk_popover_popdown (self->copy_popover);
  self->copy_cancellable = g_cancellable_new ();
  _teller_identity_pane_notify (self, PROP_COPYING);
  _teller_identity_pane_update_copy (self);

  teller_identity_copy_add_async (camera, teller_services_get_transaction (self->services),
                                  teller_identity_get_front (self->identity),
                                  teller_identity_get_back (self->identity), watermark,
                                  self->copy_cancellable, copy_added_cb,
                                  copy_run_new (self, self->copy_cancellable));
}

static void
id_copy_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (widget);

  if (_teller_identity_pane_has_card (self))
    gtk_menu_button_popup (self->copy_button);
}

/* ---- Capturing a side ---------------------------------------------------- */

static void
captured_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CopyRun) run = user_data;
  TellerIdentityPane *self = run->self;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  TellerCapturedImage *image;

  images = teller_camera_service_capture_finish (TELLER_CAMERA_SERVICE (source), result, &error);
  if (self->capture_cancellable != run->cancellable ||
      g_cancellable_is_cancelled (run->cancellable))
    return;

  g_clear_object (&self->capture_cancellable);
  image = images != NULL && images->len > 0 ? g_ptr_array_index (images, 0) : NULL;

  if (image == NULL || image->jpeg == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The camera service sent no image"));
      _teller_identity_pane_update_copy (self);
      _teller_identity_pane_show_error (self, _("Could not capture the card"), error);
      return;
    }

  /* Into the identity: wiped with the card's other data. */
  if (run->front)
    teller_identity_take_front (self->identity, g_bytes_ref (image->jpeg));
  else
    teller_identity_take_back (self->identity, g_bytes_ref (image->jpeg));
  _teller_identity_pane_update_copy (self);
}

static void
capture_side_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TellerIdentityPane *self = TELLER_IDENTITY_PANE (widget);
  TellerCameraService *camera = get_camera (self);
  g_autoptr(TellerCaptureOptions) options = NULL;
  CopyRun *run;

  if (camera == NULL || self->capture_cancellable != NULL || self->copy_cancellable != NULL ||
      !_teller_identity_pane_has_card (self))
    return;

  options = teller_capture_options_new_preset (TELLER_CAPTURE_PRESET_ID_CARD);
  options->camidx = teller_camera_service_get_document_camera_index (camera);

  teller_identity_touch (self->identity);
  self->capture_cancellable = g_cancellable_new ();
  run = copy_run_new (self, self->capture_cancellable);
  run->front = g_str_equal (g_variant_get_string (parameter, NULL), "front");
  self->capturing_front = run->front;
  _teller_identity_pane_update_copy (self);

  teller_camera_service_capture_async (camera, options, self->capture_cancellable, captured_cb,
                                       run);
}

void
_teller_identity_pane_class_init_copy (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, copy_popover_show_cb);

  gtk_widget_class_install_action (widget_class, "identity.id-copy", NULL, id_copy_action);
  gtk_widget_class_install_action (widget_class, "identity.add-id-copy", NULL,
                                   add_id_copy_action);
  gtk_widget_class_install_action (widget_class, "identity.capture-side", "s",
                                   capture_side_action);
}
