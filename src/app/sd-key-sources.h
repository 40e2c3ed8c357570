/* sd-key-sources.h: where the app looks for USB keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PKCS#11 modules registered with p11-kit, those listed in the
 * pkcs11-modules key, the SKF libraries of the skf-libraries key, and the
 * libraries the CA provider table names (installed, a build tree's own
 * when run from one, the user's on top).  The key chooser and the USB key
 * diagnostics look in the same places.
 */
#pragma once

#include <glib.h>

#include "sd-token-diagnostics.h"

G_BEGIN_DECLS

typedef struct _SdKeySources SdKeySources;

/* Reads the settings: call on the main thread. */
SdKeySources       *sd_key_sources_new       (void);
/* Loads the CA provider table and asks every source for its keys.  Blocks
 * (drivers talk to keys): call in a worker thread. */
SdTokenDiagnostics *sd_key_sources_diagnose  (SdKeySources *self,
                                              GCancellable *cancellable);
void                sd_key_sources_free      (SdKeySources *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdKeySources, sd_key_sources_free)

G_END_DECLS
