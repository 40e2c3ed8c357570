/* sd-page-geometry.h: from what the user sees (mm from the top-left of the
 * displayed page) to PDF user space, and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x0, y0, x1, y1;   /* x0 <= x1, y0 <= y1 */
} SdRect;

typedef struct
{
  SdRect media;
  SdRect crop;         /* the visible area: CropBox clipped to MediaBox */
  int    rotate;       /* 0, 90, 180 or 270: clockwise, as displayed */
  double user_unit;    /* size of a user-space unit in 1/72 inch */
} SdPageGeometry;

/* A placement: where the seal goes in user space, and how its upright
 * appearance (width × height in user units) maps onto it. */
typedef struct
{
  SdRect rect;         /* the annotation /Rect */
  double width;        /* appearance BBox width, user units */
  double height;       /* appearance BBox height, user units */
  double matrix[6];    /* appearance /Matrix: turns it against /Rotate */
} SdPlacement;

#define SD_MM_PER_INCH 25.4

void     sd_page_geometry_normalize   (SdPageGeometry       *geometry);
/* The displayed size of the page in millimetres. */
void     sd_page_geometry_get_size_mm (const SdPageGeometry *geometry,
                                       double               *width_mm,
                                       double               *height_mm);
/* Places a box of @w_mm × @h_mm whose top-left corner is (@x_mm, @y_mm)
 * from the top-left of the displayed page.  Fails when it does not fit. */
gboolean sd_page_geometry_place       (const SdPageGeometry *geometry,
                                       double                x_mm,
                                       double                y_mm,
                                       double                w_mm,
                                       double                h_mm,
                                       SdPlacement          *placement,
                                       GError              **error);
/* The inverse for display: a /Rect in user space as mm from the displayed top-left. */
void     sd_page_geometry_rect_to_mm  (const SdPageGeometry *geometry,
                                       const SdRect         *rect,
                                       double               *x_mm,
                                       double               *y_mm,
                                       double               *w_mm,
                                       double               *h_mm);

G_END_DECLS
