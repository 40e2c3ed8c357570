/* sd-cli-make-seal.h: `sealdesk-cli make-seal`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* argv[0] is the subcommand name; main() has already set up the locale and
 * the text domain.  Returns the exit status: 0 done, 1 failed, 2 usage. */
int sd_cli_make_seal (int    argc,
                      char **argv);
