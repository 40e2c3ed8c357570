/* test-page-geometry.c: millimetres on the displayed page to user space
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-error.h"
#include "sd-page-geometry.h"

#define PT_PER_MM (72.0 / 25.4)

static SdPageGeometry
a4 (int    rotate,
    double user_unit)
{
  SdPageGeometry g = { { 0, 0, 595.276, 841.89 }, { 0, 0, 595.276, 841.89 }, rotate, user_unit };

  sd_page_geometry_normalize (&g);
  return g;
}

static void
assert_rect (const SdRect *r,
             double        x0,
             double        y0,
             double        x1,
             double        y1)
{
  g_assert_cmpfloat_with_epsilon (r->x0, x0, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->y0, y0, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->x1, x1, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->y1, y1, 1e-6);
}

static void
test_rotations (void)
{
  SdPageGeometry g;
  SdPlacement p;
  const double x = 10, y = 20, w = 30, h = 40;

  /* Not rotated: y grows downwards on screen, upwards in PDF. */
  g = a4 (0, 1);
  g_assert_true (sd_page_geometry_place (&g, x, y, w, h, &p, NULL));
  assert_rect (&p.rect, x * PT_PER_MM, 841.89 - (y + h) * PT_PER_MM,
               (x + w) * PT_PER_MM, 841.89 - y * PT_PER_MM);
  g_assert_cmpfloat (p.matrix[0], ==, 1);

  /* 90°: the displayed top-left is the user-space origin; right is up, down is right. */
  g = a4 (90, 1);
  g_assert_true (sd_page_geometry_place (&g, x, y, w, h, &p, NULL));
  assert_rect (&p.rect, y * PT_PER_MM, x * PT_PER_MM, (y + h) * PT_PER_MM, (x + w) * PT_PER_MM);
  g_assert_cmpfloat (p.matrix[1], ==, 1);
  g_assert_cmpfloat (p.matrix[2], ==, -1);

  /* 180°: the displayed top-left is user space's bottom-right. */
  g = a4 (180, 1);
  g_assert_true (sd_page_geometry_place (&g, x, y, w, h, &p, NULL));
  assert_rect (&p.rect, 595.276 - (x + w) * PT_PER_MM, y * PT_PER_MM,
               595.276 - x * PT_PER_MM, (y + h) * PT_PER_MM);

  /* 270°: the displayed top-left is user space's top-right. */
  g = a4 (270, 1);
  g_assert_true (sd_page_geometry_place (&g, x, y, w, h, &p, NULL));
  assert_rect (&p.rect, 595.276 - (y + h) * PT_PER_MM, 841.89 - (x + w) * PT_PER_MM,
               595.276 - y * PT_PER_MM, 841.89 - x * PT_PER_MM);

  /* Rotate -90 is 270; 45 is invalid and ignored. */
  g = a4 (-90, 1);
  g_assert_cmpint (g.rotate, ==, 270);
  g = a4 (45, 1);
  g_assert_cmpint (g.rotate, ==, 0);
}

static void
test_crop_and_unit (void)
{
  SdPageGeometry g = { { 0, 0, 500, 500 }, { 100, 50, 400, 450 }, 0, 2.0 };
  SdPlacement p;
  double w, h;

  sd_page_geometry_normalize (&g);
  sd_page_geometry_get_size_mm (&g, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 300 * 2 / PT_PER_MM, 1e-6);
  g_assert_cmpfloat_with_epsilon (h, 400 * 2 / PT_PER_MM, 1e-6);
  g_assert_true (sd_page_geometry_place (&g, 0, 0, 20, 10, &p, NULL));
  /* from the CropBox's top-left, in units of 2/72 inch */
  assert_rect (&p.rect, 100, 450 - 10 * PT_PER_MM / 2, 100 + 20 * PT_PER_MM / 2, 450);
  g_assert_cmpfloat_with_epsilon (p.width, 20 * PT_PER_MM / 2, 1e-9);

  /* A CropBox outside the MediaBox is clipped to it. */
  g = (SdPageGeometry) { { 0, 0, 200, 200 }, { -50, -50, 100, 300 }, 0, 1 };
  sd_page_geometry_normalize (&g);
  assert_rect (&g.crop, 0, 0, 100, 200);
}

static void
test_round_trip (void)
{
  for (int rotate = 0; rotate < 360; rotate += 90)
    {
      SdPageGeometry g = { { -20, 30, 600, 900 }, { 0, 40, 580, 880 }, rotate, 1.5 };
      SdPlacement p;
      double x, y, w, h;

      sd_page_geometry_normalize (&g);
      g_assert_true (sd_page_geometry_place (&g, 12.5, 33, 41, 27, &p, NULL));
      sd_page_geometry_rect_to_mm (&g, &p.rect, &x, &y, &w, &h);
      g_assert_cmpfloat_with_epsilon (x, 12.5, 1e-9);
      g_assert_cmpfloat_with_epsilon (y, 33, 1e-9);
      g_assert_cmpfloat_with_epsilon (w, 41, 1e-9);
      g_assert_cmpfloat_with_epsilon (h, 27, 1e-9);
    }
}

static void
test_outside (void)
{
  SdPageGeometry g = a4 (90, 1);
  SdPlacement p;
  g_autoptr(GError) error = NULL;

  /* A4 turned is 297 mm wide and 210 mm high. */
  g_assert_true (sd_page_geometry_place (&g, 250, 170, 40, 40, &p, NULL));
  g_assert_false (sd_page_geometry_place (&g, 250, 180, 40, 40, &p, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sd_page_geometry_place (&g, 10, 10, 0, 40, &p, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sd_page_geometry_place (&g, -5, 10, 10, 10, &p, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/page-geometry/rotations", test_rotations);
  g_test_add_func ("/page-geometry/crop-and-unit", test_crop_and_unit);
  g_test_add_func ("/page-geometry/round-trip", test_round_trip);
  g_test_add_func ("/page-geometry/outside", test_outside);
  return g_test_run ();
}
