/* sealdesk-cli.c: the command-line face of libsealdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-cli-helper.h"
#include "sd-cli-inspect.h"
#include "sd-cli-sign.h"
#include "sd-cli-pin.h"
#include "sd-cli-tokens.h"
#include "sd-cli-ltv.h"
#include "sd-cli-unseal.h"
#include "sd-cli-verify.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static int run_make_seal (int argc, char **argv);
static int run_find_text (int argc, char **argv);

static const Command commands[] = {
  { "sign", sd_cli_sign, N_("Put a visible seal on a PDF and sign it") },
  { "ltv", sd_cli_ltv, N_("Add long-term validation data (PAdES B-LT) to a signed PDF") },
  { "unseal", sd_cli_unseal, N_("Remove the newest seal: go back to the document before it") },
  { "verify", sd_cli_verify, N_("Verify the signatures of a PDF and what changed after them") },
  { "inspect", sd_cli_inspect, N_("Show the structure and the signatures of a PDF") },
  { "tokens", sd_cli_tokens, N_("Show the USB keys and smart cards, their certificates, and what is missing") },
  { "pin", sd_cli_pin, N_("Change the PIN of a USB key or smart card (pin change --token=URI)") },
  { "make-seal", run_make_seal, N_("Draw a seal image (round company seal or square legal representative’s seal)") },
  { "find-text", run_find_text, N_("Show where a text is on the pages of a PDF (for keyword seals)") },
};

/* Commands that need cairo, pango or poppler are programs of their own,
 * so that the others do not load them. */
static int
run_helper (const char *name,
            char      **argv)
{
  g_autofree char *program = sd_cli_helper_path (name);
  g_autofree char *message = NULL;

  execv (program, argv);
  message = g_strdup_printf (_("Cannot run %s: %s. Reinstall SealDesk."), program, g_strerror (errno));
  return sd_cli_fail (SD_CLI_EXIT_FAILURE, message);
}

static int
run_make_seal (int    argc,
               char **argv)
{
  return run_helper ("sealdesk-cli-make-seal", argv);
}

static int
run_find_text (int    argc,
               char **argv)
{
  return run_helper ("sealdesk-cli-find-text", argv);
}

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
  sd_cli_init_locale ();
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
