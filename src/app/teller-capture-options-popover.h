/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-capture-options.h"

G_BEGIN_DECLS

#define TELLER_TYPE_CAPTURE_OPTIONS_POPOVER (teller_capture_options_popover_get_type ())
G_DECLARE_FINAL_TYPE (TellerCaptureOptionsPopover, teller_capture_options_popover,
                      TELLER, CAPTURE_OPTIONS_POPOVER, GtkPopover)

/*
 * Every option of video=grabimage (TellerCaptureOptions) but the camera: image
 * processing, output and watermark.  A field the operator leaves alone keeps its
 * value, unset ones included, so the service's defaults still apply to them.
 */
GtkWidget            *teller_capture_options_popover_new (void);
/* Shows a copy of @options, which Reset then returns to (a preset's options). */
void                  teller_capture_options_popover_set_options
                                                  (TellerCaptureOptionsPopover *self,
                                                   const TellerCaptureOptions  *options);
/* Returns: (transfer full): the options as edited. */
TellerCaptureOptions *teller_capture_options_popover_dup_options
                                                  (TellerCaptureOptionsPopover *self);
/* TRUE while the options differ from those last set. */
gboolean              teller_capture_options_popover_get_modified
                                                  (TellerCaptureOptionsPopover *self);

G_END_DECLS
