/* sd-cli-tokens.h: `sealdesk-cli tokens`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int sd_cli_tokens (int    argc,
                   char **argv);
