/* sd-test-chooser.h: the key chooser (SdKeyChooser) as the GUI tests drive
 * it: its certificates listed, one chosen, the PIN asked and given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-key-chooser.h"

G_BEGIN_DECLS

gpointer  sd_test_chooser_child                 (SdKeyChooser *chooser,
                                                 const char   *name);
/* The keys shown, with @n certificates */
void      sd_test_chooser_wait_for_certificates (SdKeyChooser *chooser,
                                                 guint         n,
                                                 const char   *what);
/* Chooses the selectable row of @common_name's certificate */
void      sd_test_chooser_select                (SdKeyChooser *chooser,
                                                 const char   *common_name);
/* The PIN asked; after a wrong one (@wrong) with its error shown */
gboolean  sd_test_chooser_asks_pin              (SdKeyChooser *chooser,
                                                 gboolean      wrong);
void      sd_test_chooser_wait_for_pin          (SdKeyChooser *chooser,
                                                 gboolean      wrong,
                                                 const char   *what);
/* @pin typed and confirmed: handed to the key, gone from the entry */
void      sd_test_chooser_enter_pin             (SdKeyChooser *chooser,
                                                 const char   *pin);

G_END_DECLS
