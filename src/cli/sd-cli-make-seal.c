/* sd-cli-make-seal.c: `sealdesk-cli make-seal`, draw a seal image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-cli-make-seal.h"

#include <stdlib.h>

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "sd-cli-common.h"
#include "sd-error.h"
#include "sd-seal-drawing.h"

int
sd_cli_make_seal (int    argc,
                  char **argv)
{
  gboolean round = FALSE, square = FALSE, force = FALSE;
  g_autofree char *raw_name = NULL;
  g_autofree char *raw_center = NULL;
  g_autofree char *raw_code = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  g_autofree char *center = NULL;
  g_autofree char *code = NULL;
  double diameter = 0, side = 0, px_per_mm = 0;
  const GOptionEntry entries[] = {
    { "round", 0, 0, G_OPTION_ARG_NONE, &round,
      N_("Draw a round company seal (公章)"), NULL },
    { "square", 0, 0, G_OPTION_ARG_NONE, &square,
      N_("Draw a square legal representative’s seal (法人章)"), NULL },
    { "name", 'n', 0, G_OPTION_ARG_FILENAME, &raw_name,
      N_("The company name (round) or the person’s name (square)"), N_("NAME") },
    { "center-text", 0, 0, G_OPTION_ARG_FILENAME, &raw_center,
      N_("Round: text under the star, e.g. 合同专用章"), N_("TEXT") },
    { "code", 0, 0, G_OPTION_ARG_FILENAME, &raw_code,
      N_("Round: the 13-digit anti-forgery code along the bottom"), N_("DIGITS") },
    { "diameter", 0, 0, G_OPTION_ARG_DOUBLE, &diameter,
      N_("Round: the diameter in mm (default 40)"), N_("MM") },
    { "size", 0, 0, G_OPTION_ARG_DOUBLE, &side,
      N_("Square: the side in mm (default 20)"), N_("MM") },
    { "px-per-mm", 0, 0, G_OPTION_ARG_DOUBLE, &px_per_mm,
      N_("Resolution in pixels per mm (default 12)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the PNG image to FILE"), N_("FILE") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite FILE if it exists"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  SdSealSpec spec;

  /* So that --help's usage line names the subcommand. */
  g_set_prgname ("sealdesk-cli make-seal");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Draws a seal image: red on a transparent background, as a PNG."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  sealdesk-cli make-seal --round --name 某某科技有限公司 "
                                      "--center-text 合同专用章 -o seal.png\n"
                                      "  sealdesk-cli make-seal --square --name 张三 -o zhangsan.png"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sd_cli_fail (SD_CLI_EXIT_USAGE, error->message);

  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”."), argv[1]);

      return sd_cli_fail (SD_CLI_EXIT_USAGE, message);
    }
  if (round == square)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give exactly one of --round and --square."));
  if (raw_name == NULL)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give the name to put on the seal with --name."));
  if (output == NULL)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give the output file with -o FILE."));
  if (round && side != 0)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("--size is for square seals; use --diameter."));
  if (square && diameter != 0)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("--diameter is for round seals; use --size."));
  if (square && (raw_center != NULL || raw_code != NULL))
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("--center-text and --code are for round seals."));

  name = sd_cli_utf8 (raw_name, &error);
  if (error == NULL)
    center = sd_cli_utf8 (raw_center, &error);
  if (error == NULL)
    code = sd_cli_utf8 (raw_code, &error);
  if (error != NULL)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, error->message);

  sd_seal_spec_init (&spec, round ? SD_SEAL_SHAPE_ROUND : SD_SEAL_SHAPE_SQUARE);
  spec.name = name;
  spec.center_text = center;
  spec.code = code;
  if (round && diameter != 0)
    spec.size_mm = diameter;
  if (square && side != 0)
    spec.size_mm = side;
  if (px_per_mm != 0)
    spec.px_per_mm = px_per_mm;

  /* Bad values are the user's to fix: a usage error, not a failure. */
  if (!sd_seal_spec_validate (&spec, &error))
    return sd_cli_fail (SD_CLI_EXIT_USAGE, error->message);

  if (!sd_seal_save_png (&spec, output, force, &error))
    return sd_cli_fail (SD_CLI_EXIT_FAILURE, error->message);

  return SD_CLI_EXIT_OK;
}
