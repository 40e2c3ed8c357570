/* sealdesk-cli-make-seal.c: the program behind `sealdesk-cli make-seal`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-cli-common.h"
#include "sd-cli-make-seal.h"

int
main (int    argc,
      char **argv)
{
  sd_cli_init_locale ();
  return sd_cli_make_seal (argc, argv);
}
