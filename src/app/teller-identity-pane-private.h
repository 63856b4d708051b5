/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-card-reader.h"
#include "teller-identity-pane.h"

G_BEGIN_DECLS

/*
 * TellerIdentityPane is split by concern: teller-identity-pane.c reads cards and
 * keeps the pane in step with the identity; teller-identity-pane-copy.c makes the
 * ID card copy (and captures the card's sides when the reader gave none).
 */
struct _TellerIdentityPane
{
  GtkWidget                  parent_instance;

  /* Template Widgets */
  GtkWidget                 *root_box; /* bound so dispose_template unparents it */
  GtkWidget                 *read_button;
  GtkMenuButton             *copy_button;
  GtkPopover                *copy_popover;
  GtkImage                  *front_icon;
  GtkLabel                  *front_status;
  GtkImage                  *back_icon;
  GtkLabel                  *back_status;
  GtkCheckButton            *watermark_check;
  GtkEntry                  *watermark_entry;
  GtkWidget                 *banner;
  GtkLabel                  *banner_title;
  GtkLabel                  *banner_detail;
  GtkStack                  *content_stack;
  GtkStack                  *empty_icon_stack;
  GtkLabel                  *empty_title;
  GtkLabel                  *empty_description;
  GtkLabel                  *reader_state_label;
  TellerIdentityCardView    *card_view;
  TellerIdentityFaceCheck   *face_check;
  TellerIdentityFingerCheck *finger_check;
  GtkWidget                 *checks_box;

  /* Owned References */
  TellerServices            *services;
  TellerIdentity            *identity;
  GSettings                 *settings;
  GSignalGroup              *identity_signals;
  GSignalGroup              *reader_signals;
  GCancellable              *read_cancellable;    /* the read running, else NULL */
  GCancellable              *copy_cancellable;    /* the ID copy being made, else NULL */
  GCancellable              *capture_cancellable; /* a side being captured, else NULL */

  gboolean                   wiping;              /* the pane itself is wiping */
  gboolean                   capturing_front;     /* which side capture_cancellable is for */
};

enum {
  PROP_0,
  PROP_SERVICES,
  PROP_READING,
  PROP_COPYING,
  N_PROPS
};

/* teller-identity-pane.c */
TellerCardReader *_teller_identity_pane_get_reader     (TellerIdentityPane *self);
void              _teller_identity_pane_notify         (TellerIdentityPane *self,
                                                        guint               prop_id);
void              _teller_identity_pane_update_actions (TellerIdentityPane *self);
void              _teller_identity_pane_show_error     (TellerIdentityPane *self,
                                                        const char         *title,
                                                        const GError       *error);
void              _teller_identity_pane_show_toast     (TellerIdentityPane *self,
                                                        const char         *message);
gboolean          _teller_identity_pane_has_card       (TellerIdentityPane *self);

/* teller-identity-pane-copy.c */
void              _teller_identity_pane_class_init_copy (GtkWidgetClass    *widget_class);
void              _teller_identity_pane_update_copy     (TellerIdentityPane *self);
void              _teller_identity_pane_stop_copy       (TellerIdentityPane *self);

G_END_DECLS
