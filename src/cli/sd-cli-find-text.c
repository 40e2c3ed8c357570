/* sd-cli-find-text.c: `sealdesk-cli find-text`, where a text is on the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-cli-find-text.h"
#include "sd-page-set.h"
#include "sd-pdf-document.h"
#include "sd-pdf-text-search.h"

int
sd_cli_find_text (int    argc,
                  char **argv)
{
  g_autofree char *pages_spec = NULL;
  gboolean tsv = FALSE;
  const GOptionEntry entries[] = {
    { "pages", 0, 0, G_OPTION_ARG_STRING, &pages_spec,
      N_("Search only these pages: 1-3,7, all, odd, even, last"), N_("SET") },
    { "tsv", 0, 0, G_OPTION_ARG_NONE, &tsv,
      N_("Print one match a line: page, x, y, width, height (mm, tab-separated)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_set_prgname ("sealdesk-cli find-text");
  context = g_option_context_new (_("FILE.pdf TEXT"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Shows where TEXT (for example 甲方（盖章）) is on the "
                                           "pages of FILE.pdf, in millimetres from the top-left "
                                           "corner of each page as displayed: where "
                                           "“sign --keyword” puts seals."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
  if (argc != 3)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give one PDF file and the text to find."));
  if ((text = sd_cli_utf8 (argv[2], &error)) == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
  name = g_filename_display_name (argv[1]);

  if (pages_spec != NULL)
    {
      g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (argv[1], &error);

      if (doc == NULL)
        return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
      if ((pages = sd_page_set_parse (pages_spec, sd_pdf_document_get_n_pages (doc), &error)) == NULL)
        return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
    }
  if ((matches = sd_pdf_find_text (argv[1], text, pages, &error)) == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  if (matches->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was not found in %s."), text, name);

      return sd_cli_fail (SD_CLI_EXIT_FAILURE, message);
    }
  for (guint i = 0; i < matches->len; i++)
    {
      SdTextMatch *m = &g_array_index (matches, SdTextMatch, i);

      if (tsv)
        g_print ("%u\t%.3f\t%.3f\t%.3f\t%.3f\n", m->page + 1, m->x_mm, m->y_mm, m->width_mm,
                 m->height_mm);
      else
        g_print (_("Page %u: at %.1f, %.1f mm, %.1f × %.1f mm\n"), m->page + 1, m->x_mm, m->y_mm,
                 m->width_mm, m->height_mm);
    }
  return SD_CLI_EXIT_OK;
}
