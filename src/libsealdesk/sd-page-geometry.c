/* sd-page-geometry.c
 *
 * The displayed page is the CropBox turned clockwise by /Rotate (ISO 32000
 * 7.7.3.3); viewers turn annotation appearances with the page, so an upright
 * seal is drawn turned the other way in user space.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-page-geometry.h"

static void
rect_normalize (SdRect *r)
{
  if (r->x0 > r->x1)
    {
      double t = r->x0;
      r->x0 = r->x1;
      r->x1 = t;
    }
  if (r->y0 > r->y1)
    {
      double t = r->y0;
      r->y0 = r->y1;
      r->y1 = t;
    }
}

void
sd_page_geometry_normalize (SdPageGeometry *g)
{
  rect_normalize (&g->media);
  rect_normalize (&g->crop);
  /* The visible area is the CropBox clipped to the MediaBox (14.11.2). */
  g->crop.x0 = MAX (g->crop.x0, g->media.x0);
  g->crop.y0 = MAX (g->crop.y0, g->media.y0);
  g->crop.x1 = MIN (g->crop.x1, g->media.x1);
  g->crop.y1 = MIN (g->crop.y1, g->media.y1);
  if (g->crop.x1 <= g->crop.x0 || g->crop.y1 <= g->crop.y0)
    g->crop = g->media;
  g->rotate = ((g->rotate % 360) + 360) % 360;
  if (g->rotate % 90 != 0)
    g->rotate = 0;  /* not a multiple of 90: invalid, viewers ignore it */
  if (!(g->user_unit > 0))
    g->user_unit = 1.0;
}

static double
units_per_mm (const SdPageGeometry *g)
{
  return 72.0 / SD_MM_PER_INCH / g->user_unit;
}

void
sd_page_geometry_get_size_mm (const SdPageGeometry *g,
                              double               *width_mm,
                              double               *height_mm)
{
  double w = (g->crop.x1 - g->crop.x0) / units_per_mm (g);
  double h = (g->crop.y1 - g->crop.y0) / units_per_mm (g);

  if (g->rotate == 90 || g->rotate == 270)
    {
      *width_mm = h;
      *height_mm = w;
    }
  else
    {
      *width_mm = w;
      *height_mm = h;
    }
}

/* A displayed point (vx, vy), user units from the displayed top-left with y
 * down, in user space. */
static void
visible_to_user (const SdPageGeometry *g,
                 double                vx,
                 double                vy,
                 double               *ux,
                 double               *uy)
{
  const SdRect *c = &g->crop;

  switch (g->rotate)
    {
    case 90:
      *ux = c->x0 + vy;
      *uy = c->y0 + vx;
      break;
    case 180:
      *ux = c->x1 - vx;
      *uy = c->y0 + vy;
      break;
    case 270:
      *ux = c->x1 - vy;
      *uy = c->y1 - vx;
      break;
    default:
      *ux = c->x0 + vx;
      *uy = c->y1 - vy;
      break;
    }
}

gboolean
sd_page_geometry_place (const SdPageGeometry *g,
                        double                x_mm,
                        double                y_mm,
                        double                w_mm,
                        double                h_mm,
                        SdPlacement          *p,
                        GError              **error)
{
  double page_w, page_h, k = units_per_mm (g);
  double ax, ay, bx, by;
  /* Tolerate rounding in what users type (a tenth of a millimetre). */
  const double slack = 0.1;

  sd_page_geometry_get_size_mm (g, &page_w, &page_h);
  if (!(w_mm > 0) || !(h_mm > 0))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The seal size must be greater than zero."));
      return FALSE;
    }
  if (!(x_mm >= -slack) || !(y_mm >= -slack)
      || x_mm + w_mm > page_w + slack || y_mm + h_mm > page_h + slack)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The seal (%.1f × %.1f mm at %.1f, %.1f mm) does not fit on the page, "
                     "which is %.1f × %.1f mm: choose a position inside the page."),
                   w_mm, h_mm, x_mm, y_mm, page_w, page_h);
      return FALSE;
    }

  visible_to_user (g, x_mm * k, y_mm * k, &ax, &ay);
  visible_to_user (g, (x_mm + w_mm) * k, (y_mm + h_mm) * k, &bx, &by);
  p->rect.x0 = MIN (ax, bx);
  p->rect.x1 = MAX (ax, bx);
  p->rect.y0 = MIN (ay, by);
  p->rect.y1 = MAX (ay, by);
  p->width = w_mm * k;
  p->height = h_mm * k;

  /* Rotate the appearance counter-clockwise by /Rotate; the viewer's
   * clockwise turn of the page then shows it upright.  Translation is
   * irrelevant: the transformed BBox is fitted to /Rect (12.5.5). */
  switch (g->rotate)
    {
    case 90:
      p->matrix[0] = 0; p->matrix[1] = 1; p->matrix[2] = -1; p->matrix[3] = 0;
      break;
    case 180:
      p->matrix[0] = -1; p->matrix[1] = 0; p->matrix[2] = 0; p->matrix[3] = -1;
      break;
    case 270:
      p->matrix[0] = 0; p->matrix[1] = -1; p->matrix[2] = 1; p->matrix[3] = 0;
      break;
    default:
      p->matrix[0] = 1; p->matrix[1] = 0; p->matrix[2] = 0; p->matrix[3] = 1;
      break;
    }
  p->matrix[4] = 0;
  p->matrix[5] = 0;
  return TRUE;
}

void
sd_page_geometry_rect_to_mm (const SdPageGeometry *g,
                             const SdRect         *r,
                             double               *x_mm,
                             double               *y_mm,
                             double               *w_mm,
                             double               *h_mm)
{
  const SdRect *c = &g->crop;
  double k = units_per_mm (g);
  double vx0, vy0, vx1, vy1;

  switch (g->rotate)
    {
    case 90:
      vx0 = r->y0 - c->y0; vx1 = r->y1 - c->y0;
      vy0 = r->x0 - c->x0; vy1 = r->x1 - c->x0;
      break;
    case 180:
      vx0 = c->x1 - r->x1; vx1 = c->x1 - r->x0;
      vy0 = r->y0 - c->y0; vy1 = r->y1 - c->y0;
      break;
    case 270:
      vx0 = c->y1 - r->y1; vx1 = c->y1 - r->y0;
      vy0 = c->x1 - r->x1; vy1 = c->x1 - r->x0;
      break;
    default:
      vx0 = r->x0 - c->x0; vx1 = r->x1 - c->x0;
      vy0 = c->y1 - r->y1; vy1 = c->y1 - r->y0;
      break;
    }
  *x_mm = vx0 / k;
  *y_mm = vy0 / k;
  *w_mm = (vx1 - vx0) / k;
  *h_mm = (vy1 - vy0) / k;
}
