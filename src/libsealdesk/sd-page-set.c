/* sd-page-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-page-set.h"

static gboolean
parse_page (const char *text,
            guint       n_pages,
            guint      *page)
{
  guint64 n;

  if (g_ascii_strcasecmp (text, "last") == 0)
    {
      *page = n_pages;
      return n_pages > 0;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &n, NULL))
    return FALSE;
  *page = (guint) n;
  return TRUE;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

GArray *
sd_page_set_parse (const char  *spec,
                   guint        n_pages,
                   GError     **error)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *trimmed = g_strstrip (g_strdup (spec ? spec : ""));
  g_auto(GStrv) items = NULL;
  g_autofree gboolean *chosen = NULL;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("The page set is empty: give pages such as 1-3,7 or all, odd, even, "
                             "last."));
      return NULL;
    }
  chosen = g_new0 (gboolean, n_pages + 1);
  items = g_strsplit (trimmed, ",", 0);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      char *dash = strchr (item, '-');
      guint first, last;

      if (g_ascii_strcasecmp (item, "all") == 0 || g_ascii_strcasecmp (item, "odd") == 0
          || g_ascii_strcasecmp (item, "even") == 0)
        {
          for (guint p = 1; p <= n_pages; p++)
            {
              char kind = g_ascii_tolower (item[0]);

              if (kind == 'a' || (p % 2 == 1) == (kind == 'o'))
                chosen[p] = TRUE;
            }
          continue;
        }
      if (dash != NULL)
        {
          *dash = '\0';
          if (!parse_page (g_strstrip (item), n_pages, &first)
              || !parse_page (g_strstrip (dash + 1), n_pages, &last) || last < first)
            goto bad;
        }
      else if (!parse_page (item, n_pages, &first))
        goto bad;
      else
        last = first;
      if (last > n_pages)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("Page %u does not exist: the document has %u pages."), last, n_pages);
          return NULL;
        }
      for (guint p = first; p <= last; p++)
        chosen[p] = TRUE;
    }
  for (guint p = 1; p <= n_pages; p++)
    if (chosen[p])
      {
        guint index = p - 1;

        g_array_append_val (pages, index);
      }
  g_array_sort (pages, compare_guint);
  if (pages->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The page set “%s” names no page of this %u-page document."), spec, n_pages);
      return NULL;
    }
  return g_steal_pointer (&pages);

bad:
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a page set: give pages such as 1-3,7 or all, odd, even, last."), spec);
  return NULL;
}
