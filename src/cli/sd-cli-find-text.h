/* sd-cli-find-text.h: `sealdesk-cli find-text`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int sd_cli_find_text (int    argc,
                      char **argv);
