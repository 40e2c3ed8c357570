/* sd-cli-ltv.c: `sealdesk-cli ltv`: validation data (PAdES B-LT) and a
 * document timestamp (B-LTA) for a document signed earlier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sd-cli-common.h"
#include "sd-cli-ltv.h"
#include "sd-doc-timestamp.h"
#include "sd-dss.h"

int
sd_cli_ltv (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *tsa = NULL;
  int timeout = 0, tsa_timeout = 0;
  gboolean lta = FALSE, force = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the document with its validation data to FILE"), N_("FILE") },
    { "lta", 0, 0, G_OPTION_ARG_NONE, &lta, N_("Then add a document timestamp from --tsa (PAdES B-LTA)"), NULL },
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &tsa, N_("The RFC 3161 timestamp authority of --lta"), N_("URL") },
    { "tsa-timeout", 0, 0, G_OPTION_ARG_INT, &tsa_timeout, N_("Give up on the timestamp authority after SECONDS (default 30)"), N_("SECONDS") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up on each OCSP responder or CRL server after SECONDS (default 10)"), N_("SECONDS") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Overwrite the output file if it exists"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  g_set_prgname ("sealdesk-cli ltv");
  context = g_option_context_new (_("IN.pdf"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Adds long-term validation data (PAdES B-LT) to a signed "
                                           "document: the certificates of its signatures and "
                                           "timestamps and their OCSP responses or CRLs, asked "
                                           "now, in a /DSS added as an incremental update. IN.pdf "
                                           "is never changed."));
  g_option_context_set_description (context,
    _("sign --ltv does the same right after signing.\n\n"
      "Exit status: 0 added; 1 failed (nothing was written); 2 wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
  if (argc != 2)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give one PDF file."));
  if (output == NULL)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give the output file with -o FILE."));
  if (strcmp (argv[1], output) == 0)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("The output file is the input file: the original is "
                                             "never overwritten, choose another output file."));
  if (timeout < 0 || tsa_timeout < 0)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("--timeout and --tsa-timeout take a number of seconds."));
  if (lta && (tsa == NULL || (!g_str_has_prefix (tsa, "http://")
                              && !g_str_has_prefix (tsa, "https://"))))
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("--lta needs --tsa with an http:// or https:// URL."));
  if (!sd_dss_add_file (argv[1], output, timeout, force, NULL, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  if (lta && !sd_pdf_add_document_timestamp (output, output, tsa, SD_DIGEST_SHA256, tsa_timeout,
                                             TRUE, NULL, &error))
    {
      g_unlink (output);
      return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
    }
  return SD_CLI_EXIT_OK;
}
