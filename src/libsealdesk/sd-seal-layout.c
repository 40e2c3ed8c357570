/* sd-seal-layout.c
 *
 * Cross-page seals (骑缝章): the pages of a group are fanned out, the first
 * on top, so that a strip of each shows along the edge.  Page i of a group
 * of n then shows strip i counted from the side the fan opens away from:
 * from the left for the right edge, from the top for the bottom edge, and
 * mirrored for the left and top edges.  Everything is in displayed
 * millimetres, so a rotated page keeps its strip on the edge the reader sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-seal-layout.h"

static SdSealPlacement
full (guint  page,
      double x,
      double y,
      double w,
      double h)
{
  SdSealPlacement p = { page, x, y, w, h, 0, 0, w, h };

  return p;
}

GArray *
sd_seal_layout_pages (GArray *pages,
                      double  x_mm,
                      double  y_mm,
                      double  width_mm,
                      double  height_mm)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SdSealPlacement));

  for (guint i = 0; i < pages->len; i++)
    {
      SdSealPlacement p = full (g_array_index (pages, guint, i), x_mm, y_mm, width_mm, height_mm);

      g_array_append_val (out, p);
    }
  return out;
}

static gboolean
page_size (SdPdfDocument *doc,
           guint          index,
           double        *w,
           double        *h,
           GError       **error)
{
  const SdPdfPageInfo *page = sd_pdf_document_get_page (doc, index, error);

  if (page == NULL)
    return FALSE;
  sd_page_geometry_get_size_mm (&page->geometry, w, h);
  return TRUE;
}

guint
sd_seal_layout_cross_page_n_groups (guint n_pages,
                                    guint group_size)
{
  if (n_pages < 2 || group_size < 2)
    return 0;
  /* Balanced groups; a group of one page would be a whole seal, not a strip. */
  return MIN ((n_pages + group_size - 1) / group_size, n_pages / 2);
}

GArray *
sd_seal_layout_cross_page (SdPdfDocument  *doc,
                           GArray         *pages,
                           SdSealEdge      edge,
                           guint           group_size,
                           double          width_mm,
                           double          height_mm,
                           double          along_mm,
                           GError        **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (SdSealPlacement));
  gboolean vertical = edge == SD_SEAL_EDGE_LEFT || edge == SD_SEAL_EDGE_RIGHT;
  guint n = pages->len, n_groups, start = 0;

  if (sd_pdf_document_get_n_pages (doc) < 2)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("A cross-page seal needs at least two pages, and this document has "
                             "one: use a seal on a single page instead."));
      return NULL;
    }
  if (n < 2)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("A cross-page seal needs at least two pages: choose more pages."));
      return NULL;
    }
  if (group_size < 2)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("A cross-page seal is spread over at least two pages: give a group "
                             "size of 2 or more."));
      return NULL;
    }
  n_groups = sd_seal_layout_cross_page_n_groups (n, group_size);

  for (guint g = 0; g < n_groups; g++)
    {
      guint count = n / n_groups + (g < n % n_groups ? 1 : 0);
      double min_w = G_MAXDOUBLE, min_h = G_MAXDOUBLE, along;
      double strip = (vertical ? width_mm : height_mm) / count;

      for (guint k = 0; k < count; k++)
        {
          double w, h;

          if (!page_size (doc, g_array_index (pages, guint, start + k), &w, &h, error))
            return NULL;
          min_w = MIN (min_w, w);
          min_h = MIN (min_h, h);
        }
      /* The same place along the edge on every page of the group. */
      along = along_mm >= 0 ? along_mm : ((vertical ? min_h - height_mm : min_w - width_mm) / 2);
      if (along < 0
          || along + (vertical ? height_mm : width_mm) > (vertical ? min_h : min_w) + 0.1)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The seal (%.1f × %.1f mm) does not fit along the page edge: make it "
                         "smaller or place it elsewhere."), width_mm, height_mm);
          return NULL;
        }

      for (guint k = 0; k < count; k++)
        {
          guint index = g_array_index (pages, guint, start + k);
          gboolean mirrored = edge == SD_SEAL_EDGE_LEFT || edge == SD_SEAL_EDGE_TOP;
          guint strip_index = mirrored ? count - 1 - k : k;
          SdSealPlacement p = { index, 0, 0, 0, 0, 0, 0, width_mm, height_mm };
          double w, h;

          page_size (doc, index, &w, &h, NULL);
          if (vertical)
            {
              p.x_mm = edge == SD_SEAL_EDGE_RIGHT ? w - strip : 0;
              p.y_mm = along;
              p.width_mm = strip;
              p.height_mm = height_mm;
              p.part_x_mm = strip_index * strip;
            }
          else
            {
              p.x_mm = along;
              p.y_mm = edge == SD_SEAL_EDGE_BOTTOM ? h - strip : 0;
              p.width_mm = width_mm;
              p.height_mm = strip;
              p.part_y_mm = strip_index * strip;
            }
          g_array_append_val (out, p);
        }
      start += count;
    }
  return g_steal_pointer (&out);
}

GArray *
sd_seal_layout_keyword (SdPdfDocument  *doc,
                        GArray         *matches,
                        double          width_mm,
                        double          height_mm,
                        double          dx_mm,
                        double          dy_mm,
                        GError        **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (SdSealPlacement));

  for (guint i = 0; i < matches->len; i++)
    {
      SdTextMatch *m = &g_array_index (matches, SdTextMatch, i);
      double w, h, x, y;
      SdSealPlacement p;

      if (!page_size (doc, m->page, &w, &h, error))
        return NULL;
      if (width_mm > w || height_mm > h)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The seal (%.1f × %.1f mm) is larger than page %u."),
                       width_mm, height_mm, m->page + 1);
          return NULL;
        }
      x = m->x_mm + m->width_mm / 2 - width_mm / 2 + dx_mm;
      y = m->y_mm + m->height_mm / 2 - height_mm / 2 + dy_mm;
      /* Text near the edge: the seal stays whole, inside the page. */
      x = CLAMP (x, 0, w - width_mm);
      y = CLAMP (y, 0, h - height_mm);
      p = full (m->page, x, y, width_mm, height_mm);
      g_array_append_val (out, p);
    }
  return g_steal_pointer (&out);
}

gboolean
sd_seal_edge_from_string (const char *text,
                          SdSealEdge *edge)
{
  static const char *names[] = { "right", "left", "top", "bottom" };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *edge = (SdSealEdge) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
sd_text_matches_select (GArray            *matches,
                        SdTextMatchSelect  select,
                        guint              nth)
{
  switch (select)
    {
    case SD_TEXT_MATCH_FIRST:
      g_array_set_size (matches, MIN (matches->len, 1));
      return TRUE;
    case SD_TEXT_MATCH_LAST:
      if (matches->len > 1)
        g_array_remove_range (matches, 0, matches->len - 1);
      return TRUE;
    case SD_TEXT_MATCH_NTH:
      if (nth < 1 || nth > matches->len)
        return FALSE;
      if (nth < matches->len)
        g_array_remove_range (matches, nth, matches->len - nth);
      g_array_remove_range (matches, 0, nth - 1);
      return TRUE;
    case SD_TEXT_MATCH_ALL:
    default:
      return TRUE;
    }
}
