/* sd-cli-unseal.c: `sealdesk-cli unseal` (撤章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-cli-unseal.h"
#include "sd-pdf-unseal.h"

int
sd_cli_unseal (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  int steps = 1;
  gboolean force = FALSE, overwrite = FALSE, dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the document without the seal to FILE"), N_("FILE") },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, N_("Remove the N newest signatures (default 1)"), N_("N") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Remove them even when later changes that are not SealDesk seals go too"), NULL },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace the output file if it exists"), NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Only say what would be removed"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  g_set_prgname ("sealdesk-cli unseal");
  context = g_option_context_new (_("IN.pdf"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Removes the newest seal (撤章): writes IN.pdf as it was "
                                           "before that signature, byte for byte. IN.pdf is never "
                                           "changed."));
  g_option_context_set_description (context,
    _("Revisions after the signature go too. When any of them is not a SealDesk seal (another "
      "program’s signature, annotations, edits), nothing is written unless --force is given; the "
      "message names them.\n\n"
      "Exit status: 0 removed; 1 refused or failed (nothing was written); 2 wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
  if (argc != 2)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give one PDF file."));
  if (steps < 1)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("--steps takes a number of signatures, 1 or more."));
  if (dry_run)
    {
      g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (argv[1], &error);
      g_autoptr(SdUnsealPlan) plan = doc ? sd_pdf_unseal_plan_new (doc, steps, &error) : NULL;

      if (plan == NULL)
        return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
      g_print (_("The first %llu bytes would be kept. Removed:\n"), (unsigned long long) plan->keep);
      for (guint i = 0; i < plan->removed->len; i++)
        g_print ("  %s\n", ((SdUnsealRevision *) plan->removed->pdata[i])->summary);
      if (!plan->safe)
        g_print ("%s\n", _("Some of it is not a SealDesk seal: --force would be needed."));
      return SD_CLI_EXIT_OK;
    }
  if (output == NULL)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give the output file with -o FILE."));
  if (!sd_pdf_unseal_file (argv[1], output, steps, force, overwrite, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  return SD_CLI_EXIT_OK;
}
