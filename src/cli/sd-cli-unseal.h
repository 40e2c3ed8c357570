/* sd-cli-unseal.h: `sealdesk-cli unseal`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int sd_cli_unseal (int    argc,
                   char **argv);
