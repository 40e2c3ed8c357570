/* sd-pdf-text-search.c
 *
 * poppler's boxes are in points from the bottom-left of the displayed page
 * (rotation applied, y up) and ignore /UserUnit; the page geometry of our
 * own reader supplies the unit, so the boxes end up in the same displayed
 * millimetres as every placement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-pdf-document.h"
#include "sd-pdf-text-search.h"
#include "sd-poppler-private.h"

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const SdTextMatch *ma = a, *mb = b;

  if (ma->page != mb->page)
    return ma->page < mb->page ? -1 : 1;
  /* Reading order: lines from the top, then from the left. */
  if (ABS (ma->y_mm - mb->y_mm) > MIN (ma->height_mm, mb->height_mm) / 2)
    return ma->y_mm < mb->y_mm ? -1 : 1;
  return (ma->x_mm > mb->x_mm) - (ma->x_mm < mb->x_mm);
}

static void
find_on_page (PopplerDocument      *pdoc,
              const SdPdfPageInfo  *info,
              guint                 index,
              const char           *text,
              GArray               *out)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (pdoc, index);
  double width, height, mm;
  GList *rects;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  mm = 25.4 / 72.0 * info->geometry.user_unit;
  rects = poppler_page_find_text_with_options (page, text, POPPLER_FIND_DEFAULT);
  for (GList *l = rects; l != NULL; l = l->next)
    {
      PopplerRectangle *r = l->data;
      SdTextMatch m;

      m.page = index;
      m.x_mm = MIN (r->x1, r->x2) * mm;
      m.y_mm = (height - MAX (r->y1, r->y2)) * mm;
      m.width_mm = ABS (r->x2 - r->x1) * mm;
      m.height_mm = ABS (r->y2 - r->y1) * mm;
      g_array_append_val (out, m);
    }
  g_list_free_full (rects, (GDestroyNotify) poppler_rectangle_free);
}

GArray *
sd_pdf_find_text (const char  *path,
                  const char  *text,
                  GArray      *pages,
                  GError     **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(PopplerDocument) pdoc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (SdTextMatch));
  g_autofree char *uri = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  guint n_pages;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("The text to find is empty."));
      return NULL;
    }
  if ((doc = sd_pdf_document_new_from_file (path, error)) == NULL)
    return NULL;
  uri = g_filename_to_uri (path, NULL, &local_error);
  if (uri != NULL)
    pdoc = poppler_document_new_from_file (uri, NULL, &local_error);
  if (pdoc == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED, _("The text of “%s” cannot be read: %s"),
                   name, local_error->message);
      return NULL;
    }
  n_pages = MIN (sd_pdf_document_get_n_pages (doc), (guint) poppler_document_get_n_pages (pdoc));
  for (guint i = 0; i < (pages ? pages->len : n_pages); i++)
    {
      guint index = pages ? g_array_index (pages, guint, i) : i;
      const SdPdfPageInfo *info = index < n_pages ? sd_pdf_document_get_page (doc, index, NULL)
                                                  : NULL;

      if (info != NULL)
        find_on_page (pdoc, info, index, text, out);
    }
  g_array_sort (out, compare_matches);
  return g_steal_pointer (&out);
}
