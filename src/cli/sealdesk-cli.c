/* sealdesk-cli.c: the command-line face of libsealdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-cli-inspect.h"
#include "sd-cli-make-seal.h"
#include "sd-cli-sign.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "sign", sd_cli_sign, N_("Put a visible seal on a PDF and sign it") },
  { "inspect", sd_cli_inspect, N_("Show the structure and the signatures of a PDF") },
  { "make-seal", sd_cli_make_seal, N_("Draw a seal image (round company seal or square name seal)") },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: sealdesk-cli COMMAND [OPTION…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s  %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “sealdesk-cli COMMAND --help” for the options of a command."));
  g_print ("\n%s\n", _("Exit status: 0 on success, 1 when the operation failed, 2 when the "
                       "command line is wrong. Errors are one line on standard error."));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("SEALDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* SEALDESK_LOCALEDIR lets tests use the translations of an uninstalled build. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("sealdesk-cli");

  if (argc < 2)
    {
      print_help ();
      return SD_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_help ();
      return SD_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("sealdesk-cli %s\n", PACKAGE_VERSION);
      return SD_CLI_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”: run “sealdesk-cli --help” "
                                                  "for the list of commands."), argv[1]);
    return sd_cli_fail (SD_CLI_EXIT_USAGE, message);
  }
}
