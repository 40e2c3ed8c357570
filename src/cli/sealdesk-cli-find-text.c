/* sealdesk-cli-find-text.c: the program behind `sealdesk-cli find-text`,
 * which `sign --keyword` also runs, so that only it loads poppler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-cli-common.h"
#include "sd-cli-find-text.h"

int
main (int    argc,
      char **argv)
{
  sd_cli_init_locale ();
  return sd_cli_find_text (argc, argv);
}
