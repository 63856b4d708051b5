/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "teller-services.h"
#include "teller-sim.h"

G_BEGIN_DECLS

#define TELLER_TYPE_APPLICATION (teller_application_get_type ())
G_DECLARE_FINAL_TYPE (TellerApplication, teller_application, TELLER, APPLICATION, GtkApplication)

TellerApplication *teller_application_new            (void);
/* Tests pass G_APPLICATION_NON_UNIQUE so no session bus is needed. */
TellerApplication *teller_application_new_with_flags (GApplicationFlags  flags);
TellerServices    *teller_application_get_services   (TellerApplication *self);
gboolean           teller_application_get_demo       (TellerApplication *self);
/* The in-process simulator of --demo (for tests: fault injection), or NULL. */
TellerSim         *teller_application_get_sim        (TellerApplication *self);

G_END_DECLS
