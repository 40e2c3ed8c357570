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

/* Locale and message catalogue; SEALDESK_LOCALEDIR points an uninstalled
 * build at its own translations (the tests use it). */
void      sd_cli_init_locale     (void);
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
/* A command-line argument as UTF-8.  Text options are declared as
 * G_OPTION_ARG_FILENAME (raw bytes): UTF-8 is used as is, so 某某公司 works
 * even under LC_ALL=C, where GOption's own conversion would refuse it;
 * anything else is converted from the locale's encoding. */
char     *sd_cli_utf8            (const char  *arg,
                                  GError     **error);
/* The password from --password-file or --password-env, from the terminal
 * when neither is given and stdin is one, or NULL (no password). */
SdSecret *sd_cli_get_password    (const char  *file,
                                  const char  *env,
                                  const char  *prompt,
                                  GError     **error);

G_END_DECLS
