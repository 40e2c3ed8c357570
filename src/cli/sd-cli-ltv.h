/* sd-cli-ltv.h: `sealdesk-cli ltv`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int sd_cli_ltv (int    argc,
                char **argv);
