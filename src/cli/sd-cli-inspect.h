/* sd-cli-inspect.h: `sealdesk-cli inspect`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int sd_cli_inspect (int    argc,
                    char **argv);
