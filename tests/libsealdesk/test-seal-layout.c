/* test-seal-layout.c: page sets and where the widgets of each signing mode
 * go (pure functions over a document made here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-error.h"
#include "sd-page-set.h"
#include "sd-pdf-document.h"
#include "sd-seal-layout.h"

#define MM (72.0 / 25.4)

/* @n A4 pages; page @rotated_page (from 1, 0: none) has /Rotate 90. */
static SdPdfDocument *
make_document (guint n,
               guint rotated_page)
{
  g_autoptr(GString) s = g_string_new ("%PDF-1.7\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) kids = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SdPdfDocument *doc;
  gsize xref_at, off;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (kids, "%u 0 R ", i + 3);
  off = s->len;
  g_array_append_val (offsets, off);
  g_string_append (s, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  off = s->len;
  g_array_append_val (offsets, off);
  g_string_append_printf (s, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %u "
                             "/MediaBox [0 0 595.2756 841.8898] >>\nendobj\n", kids->str, n);
  for (guint i = 0; i < n; i++)
    {
      off = s->len;
      g_array_append_val (offsets, off);
      g_string_append_printf (s, "%u 0 obj\n<< /Type /Page /Parent 2 0 R%s >>\nendobj\n", i + 3,
                              i + 1 == rotated_page ? " /Rotate 90" : "");
    }
  xref_at = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f\r\n", n + 3);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (s, "%010lu 00000 n\r\n", (gulong) g_array_index (offsets, gsize, i));
  g_string_append_printf (s, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          n + 3, (gulong) xref_at);
  bytes = g_bytes_new (s->str, s->len);
  doc = sd_pdf_document_new_from_bytes (bytes, "test.pdf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd_pdf_document_get_n_pages (doc), ==, n);
  return doc;
}

static char *
pages_text (GArray *pages)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < pages->len; i++)
    g_string_append_printf (s, "%s%u", i ? "," : "", g_array_index (pages, guint, i) + 1);
  return g_string_free (s, FALSE);
}

static void
test_page_set (void)
{
  static const struct
  {
    const char *spec;
    const char *pages;
  } good[] = {
    { "1-3,7", "1,2,3,7" },
    { "all", "1,2,3,4,5,6,7,8,9" },
    { "odd", "1,3,5,7,9" },
    { "even", "2,4,6,8" },
    { "last", "9" },
    { "2-last", "2,3,4,5,6,7,8,9" },
    { " 7 , 1-2 ,2", "1,2,7" },
    { "ODD,even", "1,2,3,4,5,6,7,8,9" },
  };
  static const char *bad[] = { "", "0", "3-1", "1-", "-2", "x", "1,,2x", "last-1" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) pages = sd_page_set_parse (good[i].spec, 9, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = pages_text (pages);
      g_assert_cmpstr (text, ==, good[i].pages);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) pages = sd_page_set_parse (bad[i], 9, &error);

      g_assert_null (pages);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) pages = sd_page_set_parse ("2-12", 9, &error);

    g_assert_null (pages);
    g_assert_nonnull (strstr (error->message, "the document has 9 pages"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) pages = sd_page_set_parse ("even", 1, &error);

    g_assert_null (pages);
    g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  }
}

static GArray *
all_pages (guint n)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    g_array_append_val (pages, i);
  return pages;
}

static void
test_cross_page_right (void)
{
  g_autoptr(SdPdfDocument) doc = make_document (3, 0);
  g_autoptr(GArray) pages = all_pages (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) out = sd_seal_layout_cross_page (doc, pages, SD_SEAL_EDGE_RIGHT, 20, 42, 42,
                                                      -1, &error);
  double page_w, page_h;

  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 3);
  sd_page_geometry_get_size_mm (&sd_pdf_document_get_page (doc, 0, NULL)->geometry, &page_w, &page_h);
  for (guint i = 0; i < 3; i++)
    {
      SdSealPlacement *p = &g_array_index (out, SdSealPlacement, i);

      g_assert_cmpuint (p->page, ==, i);
      g_assert_cmpfloat_with_epsilon (p->width_mm, 14, 1e-9);
      g_assert_cmpfloat_with_epsilon (p->height_mm, 42, 1e-9);
      /* Flush with the right edge, at the same height on every page, centred. */
      g_assert_cmpfloat_with_epsilon (p->x_mm + p->width_mm, page_w, 1e-9);
      g_assert_cmpfloat_with_epsilon (p->y_mm, (page_h - 42) / 2, 1e-9);
      /* Page i shows strip i from the left of the seal. */
      g_assert_cmpfloat_with_epsilon (p->part_x_mm, 14.0 * i, 1e-9);
      g_assert_cmpfloat_with_epsilon (p->part_y_mm, 0, 1e-9);
      g_assert_cmpfloat_with_epsilon (p->seal_width_mm, 42, 1e-9);
    }
}

static void
test_cross_page_edges (void)
{
  g_autoptr(SdPdfDocument) doc = make_document (4, 0);
  g_autoptr(GArray) pages = all_pages (4);
  static const SdSealEdge edges[] = { SD_SEAL_EDGE_LEFT, SD_SEAL_EDGE_TOP, SD_SEAL_EDGE_BOTTOM };

  for (guint e = 0; e < G_N_ELEMENTS (edges); e++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) out = sd_seal_layout_cross_page (doc, pages, edges[e], 20, 40, 40, 50,
                                                          &error);

      g_assert_no_error (error);
      for (guint i = 0; i < 4; i++)
        {
          SdSealPlacement *p = &g_array_index (out, SdSealPlacement, i);

          switch (edges[e])
            {
            case SD_SEAL_EDGE_LEFT:
              /* Mirrored: the first page shows the rightmost strip. */
              g_assert_cmpfloat_with_epsilon (p->x_mm, 0, 1e-9);
              g_assert_cmpfloat_with_epsilon (p->y_mm, 50, 1e-9);
              g_assert_cmpfloat_with_epsilon (p->part_x_mm, 10.0 * (3 - i), 1e-9);
              break;
            case SD_SEAL_EDGE_TOP:
              g_assert_cmpfloat_with_epsilon (p->y_mm, 0, 1e-9);
              g_assert_cmpfloat_with_epsilon (p->x_mm, 50, 1e-9);
              g_assert_cmpfloat_with_epsilon (p->height_mm, 10, 1e-9);
              g_assert_cmpfloat_with_epsilon (p->part_y_mm, 10.0 * (3 - i), 1e-9);
              break;
            case SD_SEAL_EDGE_BOTTOM:
              g_assert_cmpfloat_with_epsilon (p->part_y_mm, 10.0 * i, 1e-9);
              g_assert_cmpfloat_with_epsilon (p->width_mm, 40, 1e-9);
              break;
            case SD_SEAL_EDGE_RIGHT:
            default:
              g_assert_not_reached ();
            }
        }
    }
}

static void
test_cross_page_groups (void)
{
  static const struct
  {
    guint n, group;
    guint sizes[4];
  } cases[] = {
    { 21, 20, { 11, 10 } },   /* balanced, not 20 + 1 */
    { 40, 20, { 20, 20 } },
    { 41, 20, { 14, 14, 13 } },
    { 3, 2, { 3 } },          /* 2 + 1 would leave a page alone */
    { 5, 2, { 3, 2 } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(SdPdfDocument) doc = make_document (cases[c].n, 0);
      g_autoptr(GArray) pages = all_pages (cases[c].n);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) out = sd_seal_layout_cross_page (doc, pages, SD_SEAL_EDGE_RIGHT,
                                                          cases[c].group, 40, 40, -1, &error);
      guint at = 0, n_groups;

      g_assert_no_error (error);
      g_assert_cmpuint (out->len, ==, cases[c].n);
      n_groups = 0;
      for (guint g = 0; g < G_N_ELEMENTS (cases[c].sizes) && cases[c].sizes[g]; g++)
        n_groups++;
      g_assert_cmpuint (sd_seal_layout_cross_page_n_groups (cases[c].n, cases[c].group), ==,
                        n_groups);
      for (guint g = 0; g < G_N_ELEMENTS (cases[c].sizes) && cases[c].sizes[g]; g++)
        for (guint k = 0; k < cases[c].sizes[g]; k++, at++)
          {
            SdSealPlacement *p = &g_array_index (out, SdSealPlacement, at);

            g_assert_cmpfloat_with_epsilon (p->width_mm, 40.0 / cases[c].sizes[g], 1e-9);
            g_assert_cmpfloat_with_epsilon (p->part_x_mm, k * 40.0 / cases[c].sizes[g], 1e-9);
          }
      g_assert_cmpuint (at, ==, cases[c].n);
    }
}

static void
test_cross_page_refusals (void)
{
  g_autoptr(SdPdfDocument) one = make_document (1, 0);
  g_autoptr(SdPdfDocument) three = make_document (3, 0);
  g_autoptr(GArray) pages1 = all_pages (1);
  g_autoptr(GArray) pages3 = all_pages (3);
  g_autoptr(GError) error = NULL;
  GArray *out;

  out = sd_seal_layout_cross_page (one, pages1, SD_SEAL_EDGE_RIGHT, 20, 40, 40, -1, &error);
  g_assert_null (out);
  g_assert_nonnull (strstr (error->message, "at least two pages"));
  g_clear_error (&error);
  out = sd_seal_layout_cross_page (three, pages1, SD_SEAL_EDGE_RIGHT, 20, 40, 40, -1, &error);
  g_assert_null (out);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  out = sd_seal_layout_cross_page (three, pages3, SD_SEAL_EDGE_RIGHT, 1, 40, 40, -1, &error);
  g_assert_cmpuint (sd_seal_layout_cross_page_n_groups (3, 1), ==, 0);
  g_assert_cmpuint (sd_seal_layout_cross_page_n_groups (1, 20), ==, 0);
  g_assert_null (out);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Taller than the page along the edge. */
  out = sd_seal_layout_cross_page (three, pages3, SD_SEAL_EDGE_RIGHT, 20, 40, 400, -1, &error);
  g_assert_null (out);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
}

static void
test_cross_page_rotated (void)
{
  g_autoptr(SdPdfDocument) doc = make_document (2, 2);
  g_autoptr(GArray) pages = all_pages (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) out = sd_seal_layout_cross_page (doc, pages, SD_SEAL_EDGE_RIGHT, 20, 40, 40,
                                                      -1, &error);
  SdSealPlacement *p = &g_array_index (out, SdSealPlacement, 1);

  g_assert_no_error (error);
  /* Page 2 is displayed landscape: the strip is at its displayed right
   * edge, and both pages use the height that fits the lower one. */
  g_assert_cmpfloat_with_epsilon (p->x_mm + p->width_mm, 841.8898 / MM, 1e-6);
  g_assert_cmpfloat_with_epsilon (p->y_mm, (595.2756 / MM - 40) / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (g_array_index (out, SdSealPlacement, 0).y_mm, p->y_mm, 1e-9);
}

static void
test_keyword (void)
{
  g_autoptr(SdPdfDocument) doc = make_document (2, 0);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (SdTextMatch));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) out = NULL;
  SdTextMatch in_middle = { 0, 100, 100, 20, 6 };
  SdTextMatch at_corner = { 1, 0, 1, 10, 5 };
  SdSealPlacement *p;

  g_array_append_val (matches, in_middle);
  g_array_append_val (matches, at_corner);
  out = sd_seal_layout_keyword (doc, matches, 40, 40, 3, -2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 2);
  p = &g_array_index (out, SdSealPlacement, 0);
  /* Centred on the text, then moved by the offset. */
  g_assert_cmpfloat_with_epsilon (p->x_mm, 110 - 20 + 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->y_mm, 103 - 20 - 2, 1e-9);
  /* Near the corner the seal stays whole inside the page. */
  p = &g_array_index (out, SdSealPlacement, 1);
  g_assert_cmpuint (p->page, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->x_mm, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->y_mm, 0, 1e-9);
}

static void
test_match_select (void)
{
  for (int which = 0; which < 5; which++)
    {
      g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (SdTextMatch));
      gboolean ok;

      for (guint i = 0; i < 4; i++)
        {
          SdTextMatch m = { i, i, 0, 1, 1 };

          g_array_append_val (matches, m);
        }
      switch (which)
        {
        case 0:
          ok = sd_text_matches_select (matches, SD_TEXT_MATCH_ALL, 0);
          g_assert_true (ok && matches->len == 4);
          break;
        case 1:
          ok = sd_text_matches_select (matches, SD_TEXT_MATCH_FIRST, 0);
          g_assert_true (ok && matches->len == 1 && g_array_index (matches, SdTextMatch, 0).page == 0);
          break;
        case 2:
          ok = sd_text_matches_select (matches, SD_TEXT_MATCH_LAST, 0);
          g_assert_true (ok && matches->len == 1 && g_array_index (matches, SdTextMatch, 0).page == 3);
          break;
        case 3:
          ok = sd_text_matches_select (matches, SD_TEXT_MATCH_NTH, 3);
          g_assert_true (ok && matches->len == 1 && g_array_index (matches, SdTextMatch, 0).page == 2);
          break;
        default:
          g_assert_false (sd_text_matches_select (matches, SD_TEXT_MATCH_NTH, 5));
          break;
        }
    }
}

static void
test_edge_names (void)
{
  SdSealEdge edge;

  g_assert_true (sd_seal_edge_from_string ("Left", &edge) && edge == SD_SEAL_EDGE_LEFT);
  g_assert_true (sd_seal_edge_from_string ("bottom", &edge) && edge == SD_SEAL_EDGE_BOTTOM);
  g_assert_false (sd_seal_edge_from_string ("middle", &edge));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/page-set/parse", test_page_set);
  g_test_add_func ("/seal-layout/cross-page/right", test_cross_page_right);
  g_test_add_func ("/seal-layout/cross-page/edges", test_cross_page_edges);
  g_test_add_func ("/seal-layout/cross-page/groups", test_cross_page_groups);
  g_test_add_func ("/seal-layout/cross-page/refusals", test_cross_page_refusals);
  g_test_add_func ("/seal-layout/cross-page/rotated", test_cross_page_rotated);
  g_test_add_func ("/seal-layout/keyword", test_keyword);
  g_test_add_func ("/seal-layout/match-select", test_match_select);
  g_test_add_func ("/seal-layout/edge-names", test_edge_names);
  return g_test_run ();
}
