/* sd-cli-pin.h: `sealdesk-cli pin change`, a USB key's PIN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int sd_cli_pin (int    argc,
                char **argv);

G_END_DECLS
