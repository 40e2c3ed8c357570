/* sd-cli-common.h: what the subcommands of sealdesk-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sd-secure.h"

G_BEGIN_DECLS

/* Exit statuses, documented in --help and sealdesk-cli(1). */
#define SD_CLI_EXIT_OK      0
#define SD_CLI_EXIT_FAILURE 1
#define SD_CLI_EXIT_USAGE   2

/* Prints "sealdesk-cli: MESSAGE" on stderr and returns @status. */
int       sd_cli_fail            (int          status,
                                  const char  *message);
int       sd_cli_fail_error      (int          status,
                                  const GError *error);
/* Parses "A,B" (or "A" when @second is optional and then sets it to 0). */
gboolean  sd_cli_parse_pair      (const char  *text,
                                  double      *first,
                                  double      *second,
                                  gboolean     second_optional);
/* A command-line argument as UTF-8. */
char     *sd_cli_utf8            (const char  *arg,
                                  GError     **error);
/* The password from --password-file or --password-env, from the terminal
 * when neither is given and stdin is one, or NULL (no password). */
SdSecret *sd_cli_get_password    (const char  *file,
                                  const char  *env,
                                  const char  *prompt,
                                  GError     **error);

G_END_DECLS
