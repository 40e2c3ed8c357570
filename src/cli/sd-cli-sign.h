/* sd-cli-sign.h: `sealdesk-cli sign`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int sd_cli_sign (int    argc,
                 char **argv);
