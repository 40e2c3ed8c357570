/* sd-seal-layout.h: where the widgets of one seal go in each signing mode:
 * one page, several pages (多页签章), strips across the page edges (骑缝签章),
 * on found text (关键字签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef enum
{
  SD_SEAL_EDGE_RIGHT,
  SD_SEAL_EDGE_LEFT,
  SD_SEAL_EDGE_TOP,
  SD_SEAL_EDGE_BOTTOM,
} SdSealEdge;

/* One widget: a box on a displayed page (millimetres from its top-left)
 * showing the part of the seal that starts at (part_x_mm, part_y_mm) of
 * the whole seal, which is seal_width_mm × seal_height_mm.  A full seal
 * has part 0, 0 and the box's size. */
typedef struct
{
  guint  page;             /* from 0 */
  double x_mm;
  double y_mm;
  double width_mm;
  double height_mm;
  double part_x_mm;
  double part_y_mm;
  double seal_width_mm;
  double seal_height_mm;
} SdSealPlacement;

/* Text found on a page: its box on the displayed page, in millimetres
 * from the top-left. */
typedef struct
{
  guint  page;             /* from 0 */
  double x_mm;
  double y_mm;
  double width_mm;
  double height_mm;
} SdTextMatch;

typedef enum
{
  SD_TEXT_MATCH_ALL,
  SD_TEXT_MATCH_FIRST,
  SD_TEXT_MATCH_LAST,
  SD_TEXT_MATCH_NTH,   /* with an index from 1 */
} SdTextMatchSelect;

/* The seal at the same place on every page of @pages (guint, from 0). */
GArray   *sd_seal_layout_pages       (GArray         *pages,
                                      double          x_mm,
                                      double          y_mm,
                                      double          width_mm,
                                      double          height_mm);
/* Strips of the seal flush with @edge of each page of @pages, in groups of
 * at most @group_size pages (balanced; a group never has a single page),
 * each group showing the whole seal when its pages are fanned out.
 * @along_mm places the seal along the edge (its top for left/right, its
 * left for top/bottom); negative: centred. */
GArray   *sd_seal_layout_cross_page  (SdPdfDocument  *document,
                                      GArray         *pages,
                                      SdSealEdge      edge,
                                      guint           group_size,
                                      double          width_mm,
                                      double          height_mm,
                                      double          along_mm,
                                      GError        **error);
/* How many seals sd_seal_layout_cross_page() spreads @n_pages over (each
 * group shows one whole seal); 0 when it refuses them */
guint     sd_seal_layout_cross_page_n_groups (guint    n_pages,
                                              guint    group_size);
/* The seal centred on each of @matches (SdTextMatch), moved by (@dx_mm,
 * @dy_mm) and kept inside the page. */
GArray   *sd_seal_layout_keyword     (SdPdfDocument  *document,
                                      GArray         *matches,
                                      double          width_mm,
                                      double          height_mm,
                                      double          dx_mm,
                                      double          dy_mm,
                                      GError        **error);

/* Keeps the matches @select names; FALSE when the Nth does not exist. */
gboolean  sd_text_matches_select     (GArray         *matches,
                                      SdTextMatchSelect select,
                                      guint           nth);

gboolean  sd_seal_edge_from_string   (const char     *text,
                                      SdSealEdge     *edge);

G_END_DECLS
