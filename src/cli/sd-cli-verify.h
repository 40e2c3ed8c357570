/* sd-cli-verify.h: `sealdesk-cli verify`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Exit statuses of verify beyond the common ones (sd-cli-common.h). */
#define SD_CLI_EXIT_INVALID   3
#define SD_CLI_EXIT_MODIFIED  4
#define SD_CLI_EXIT_UNTRUSTED 5
#define SD_CLI_EXIT_UNSIGNED  6

int sd_cli_verify (int    argc,
                   char **argv);
