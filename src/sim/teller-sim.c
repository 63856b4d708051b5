/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller-sim"

#include "config.h"

#include "teller-sim.h"

/*
 * The whole simulator: one loopback server per vendor service, so each one has
 * its own port like the real services do.
 */

struct _TellerSim
{
  GObject          parent_instance;

  /* Owned References */
  TellerSimServer *camera_server;
  TellerSimCamera *camera;
  TellerSimCardReader *card_reader;
};

G_DEFINE_FINAL_TYPE (TellerSim, teller_sim, G_TYPE_OBJECT)

static void
teller_sim_dispose (GObject *object)
{
  TellerSim *self = TELLER_SIM (object);

  /* The server's routes hold the devices too: they go with the server. */
  g_clear_object (&self->card_reader);
  g_clear_object (&self->camera);
  g_clear_object (&self->camera_server);

  G_OBJECT_CLASS (teller_sim_parent_class)->dispose (object);
}

static void
teller_sim_class_init (TellerSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = teller_sim_dispose;
}

static void
teller_sim_init (TellerSim *self)
{
  self->camera_server = teller_sim_server_new ("camera", teller_sim_camera_build_error, NULL);
  self->camera = teller_sim_camera_new (self->camera_server);
  /* The card reader, face and fingerprint devices answer on the CameraService's port. */
  self->card_reader = teller_sim_card_reader_new (self->camera_server);
}

/**
 * teller_sim_new:
 *
 * Returns: (transfer full): a simulator with every device plugged in and no
 *   fault, not listening yet
 */
TellerSim *
teller_sim_new (void)
{
  return g_object_new (TELLER_TYPE_SIM, NULL);
}

/**
 * teller_sim_start:
 * @camera_port: the CameraService's port, 0 for a free one
 *
 * Starts listening on 127.0.0.1.  The servers answer from the thread-default
 * main context of the caller.
 *
 * Returns: %TRUE on success; %G_IO_ERROR_ADDRESS_IN_USE when a port is taken
 */
gboolean
teller_sim_start (TellerSim  *self,
                  guint       camera_port,
                  GError    **error)
{
  g_return_val_if_fail (TELLER_IS_SIM (self), FALSE);
  g_return_val_if_fail (camera_port <= G_MAXUINT16, FALSE);

  return teller_sim_server_listen (self->camera_server, camera_port, error);
}

/**
 * teller_sim_get_camera_server:
 *
 * Returns: (transfer none): the CameraService's server, for faults and counts
 */
TellerSimServer *
teller_sim_get_camera_server (TellerSim *self)
{
  g_return_val_if_fail (TELLER_IS_SIM (self), NULL);

  return self->camera_server;
}

/**
 * teller_sim_get_camera:
 *
 * Returns: (transfer none): the simulated document camera
 */
TellerSimCamera *
teller_sim_get_camera (TellerSim *self)
{
  g_return_val_if_fail (TELLER_IS_SIM (self), NULL);

  return self->camera;
}

/**
 * teller_sim_get_card_reader:
 *
 * Returns: (transfer none): the simulated card reader, face and fingerprint
 *   devices (card=, face=, fp=)
 */
TellerSimCardReader *
teller_sim_get_card_reader (TellerSim *self)
{
  g_return_val_if_fail (TELLER_IS_SIM (self), NULL);

  return self->card_reader;
}

/**
 * teller_sim_dup_camera_url:
 *
 * Returns: (transfer full) (nullable): the CameraService base URL, such as
 *   "http://127.0.0.1:38088", or %NULL before teller_sim_start()
 */
char *
teller_sim_dup_camera_url (TellerSim *self)
{
  g_return_val_if_fail (TELLER_IS_SIM (self), NULL);

  return teller_sim_server_dup_base_url (self->camera_server);
}
