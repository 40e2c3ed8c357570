/* test-seal-drawing.c: the seal images decode and have ink where a seal has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The images are also written to seal-samples/ in the test build directory
 * so that a person can look at them.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sd-error.h"
#include "sd-atomic-file.h"
#include "sd-seal-drawing.h"
#include "sd-seal-image.h"

typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *out,
            unsigned int   length)
{
  Reader *r = closure;

  if (r->len - r->pos < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode (GBytes *png)
{
  Reader r = { 0 };
  cairo_surface_t *surface;

  r.data = g_bytes_get_data (png, &r.len);
  surface = cairo_image_surface_create_from_png_stream (read_bytes, &r);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  return surface;
}

typedef struct
{
  guint a, r, g, b; /* not premultiplied */
} Pixel;

static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 v;
  Pixel p = { 0 };

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  memcpy (&v, data + (gsize) y * stride + (gsize) x * 4, 4);
  p.a = v >> 24;
  if (p.a > 0)
    {
      p.r = ((v >> 16) & 0xff) * 255 / p.a;
      p.g = ((v >> 8) & 0xff) * 255 / p.a;
      p.b = (v & 0xff) * 255 / p.a;
    }
  return p;
}

static gboolean
is_ink (Pixel p)
{
  return p.a >= 160;
}

static void
assert_red_ink (cairo_surface_t *surface,
                double           x,
                double           y)
{
  Pixel p = pixel_at (surface, (int) lround (x), (int) lround (y));

  if (!is_ink (p) || p.r < 200 || p.g > 30 || p.b > 50)
    g_error ("no red ink at (%.0f, %.0f): a=%u r=%u g=%u b=%u", x, y, p.a, p.r, p.g, p.b);
}

static void
assert_transparent (cairo_surface_t *surface,
                    int              x,
                    int              y)
{
  Pixel p = pixel_at (surface, x, y);

  if (p.a != 0)
    g_error ("pixel (%d, %d) is not transparent: alpha %u", x, y, p.a);
}

/* Every pixel that is more than faintly visible is the seal's red. */
static void
assert_only_red (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  guint inked = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        Pixel p = pixel_at (surface, x, y);

        if (p.a < 64)
          continue;
        inked++;
        if (p.r < 200 || p.g > 30 || p.b > 50)
          g_error ("pixel (%d, %d) is not seal red: a=%u r=%u g=%u b=%u",
                   x, y, p.a, p.r, p.g, p.b);
      }
  g_assert_cmpuint (inked, >, 0);
}

/* The share of inked pixels in the ring sector [r0, r1] × [a0, a1]; angles
 * in degrees from the top, clockwise. */
static double
ink_share_in_sector (cairo_surface_t *surface,
                     double           r0,
                     double           r1,
                     double           a0,
                     double           a1)
{
  int w = cairo_image_surface_get_width (surface);
  double c = w / 2.0;
  guint total = 0, inked = 0;

  for (int y = 0; y < w; y++)
    for (int x = 0; x < w; x++)
      {
        double dx = x + 0.5 - c, dy = y + 0.5 - c;
        double r = hypot (dx, dy);
        double a = atan2 (dx, -dy) * 180 / G_PI;

        if (r < r0 || r > r1 || a < a0 || a > a1)
          continue;
        total++;
        if (is_ink (pixel_at (surface, x, y)))
          inked++;
      }
  g_assert_cmpuint (total, >, 0);
  return (double) inked / total;
}

static double
ink_share_in_rect (cairo_surface_t *surface,
                   int              x0,
                   int              y0,
                   int              x1,
                   int              y1)
{
  guint total = 0, inked = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        total++;
        if (is_ink (pixel_at (surface, x, y)))
          inked++;
      }
  g_assert_cmpuint (total, >, 0);
  return (double) inked / total;
}

static void
save_sample (GBytes     *png,
             const char *name)
{
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "seal-samples", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (sd_atomic_file_set_contents (path, png, TRUE, &error));
  g_assert_no_error (error);
  g_test_message ("sample: %s", path);
}

static cairo_surface_t *
draw (const SdSealSpec *spec,
      const char       *sample)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = sd_seal_draw_png (spec, &error);
  cairo_surface_t *surface;
  int w, h;

  g_assert_no_error (error);
  g_assert_nonnull (png);
  save_sample (png, sample);

  surface = decode (png);
  sd_seal_spec_get_pixel_size (spec, &w, &h);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, h);
  cairo_surface_flush (surface);
  return surface;
}

static void
assert_corners_transparent (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);

  assert_transparent (surface, 0, 0);
  assert_transparent (surface, w - 1, 0);
  assert_transparent (surface, 0, h - 1);
  assert_transparent (surface, w - 1, h - 1);
}

static void
test_round_plain (void)
{
  SdSealSpec spec;
  cairo_surface_t *s;
  double ppm = 12, border = 1.1 * ppm, c = 240;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "北京某某科技有限公司";
  s = draw (&spec, "round-plain.png");

  /* 40 mm at the default 12 px/mm. */
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 480);
  assert_corners_transparent (s);
  assert_transparent (s, 20, 20);

  for (int i = 0; i < 12; i++)
    {
      double a = i * G_PI / 6, r = c - border / 2;

      assert_red_ink (s, c + r * sin (a), c - r * cos (a));
    }
  /* The star: its centre and the top point (7 mm up, minus a bit). */
  assert_red_ink (s, c, c);
  assert_red_ink (s, c, c - 6 * ppm);
  /* Between the ring and the name, and between the name and the star. */
  assert_transparent (s, (int) c, (int) (c - 20 * ppm + border + 0.3 * ppm));
  assert_transparent (s, (int) c, (int) (c - 8.5 * ppm));

  assert_only_red (s);

  /* The name is in the upper arc (from 2 mm inside the border, 6 mm deep)
   * and nothing is at the bottom: no code, no center text. */
  g_assert_cmpfloat (ink_share_in_sector (s, c - 17.5 * ppm, c - 13 * ppm, -100, 100), >, 0.15);
  g_assert_cmpfloat (ink_share_in_sector (s, c - 17.5 * ppm, c - 13 * ppm, -10, 10), >, 0.15);
  g_assert_cmpfloat (ink_share_in_sector (s, 8 * ppm, c - border - 0.3 * ppm, 160, 180), ==, 0);
  g_assert_cmpfloat (ink_share_in_rect (s, c - 8 * ppm, c + 7.5 * ppm, c + 8 * ppm, c + 11 * ppm),
                     ==, 0);

  cairo_surface_destroy (s);
}

static void
test_round_full (void)
{
  SdSealSpec spec;
  cairo_surface_t *s;
  double ppm = 10, c = 210;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "上海某某国际贸易有限公司";
  spec.center_text = "合同专用章";
  spec.code = "3101070012345";
  spec.size_mm = 42;
  spec.px_per_mm = ppm;
  s = draw (&spec, "round-contract.png");

  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 420);
  assert_corners_transparent (s);
  assert_red_ink (s, c, c);
  assert_only_red (s);

  g_assert_cmpfloat (ink_share_in_sector (s, c - 18 * ppm, c - 14 * ppm, -100, 100), >, 0.15);
  /* The code at the bottom, the center text under the star. */
  g_assert_cmpfloat (ink_share_in_sector (s, c - 20 * ppm, c - 1.2 * ppm, 150, 180), >, 0.05);
  g_assert_cmpfloat (ink_share_in_sector (s, c - 20 * ppm, c - 1.2 * ppm, -180, -150), >, 0.05);
  g_assert_cmpfloat (ink_share_in_rect (s, c - 9 * ppm, c + 8 * ppm, c + 9 * ppm, c + 11.5 * ppm),
                     >, 0.15);

  cairo_surface_destroy (s);
}

static void
test_round_long_name (void)
{
  SdSealSpec spec;
  cairo_surface_t *s;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "中国某某某某某某集团控股股份有限责任公司";
  spec.center_text = "财务专用章";
  s = draw (&spec, "round-long-name.png");
  assert_only_red (s);
  /* Condensed, not wrapped around: the bottom stays clear. */
  g_assert_cmpfloat (ink_share_in_sector (s, 170, 220, 150, 180), ==, 0);
  g_assert_cmpfloat (ink_share_in_sector (s, 170, 220, -180, -150), ==, 0);
  cairo_surface_destroy (s);

  spec.name = "某某商行";
  spec.center_text = NULL;
  s = draw (&spec, "round-short-name.png");
  assert_only_red (s);
  cairo_surface_destroy (s);
}

static void
check_square (const char *name,
              const char *sample)
{
  SdSealSpec spec;
  cairo_surface_t *s;
  double ppm = 12, side = 240, border = 0.06 * side;
  int half = (int) (side / 2);

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_SQUARE);
  spec.name = name;
  s = draw (&spec, sample);

  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 240);
  /* The border, on all four sides. */
  assert_red_ink (s, border / 2, half);
  assert_red_ink (s, side - border / 2, half);
  assert_red_ink (s, half, border / 2);
  assert_red_ink (s, half, side - border / 2);
  assert_red_ink (s, 1, 1);
  assert_only_red (s);

  /* Four cells, each well inked, inside the border. */
  for (int col = 0; col < 2; col++)
    for (int row = 0; row < 2; row++)
      {
        int x0 = col == 0 ? border + 0.8 * ppm : half + 0.5 * ppm;
        int y0 = row == 0 ? border + 0.8 * ppm : half + 0.5 * ppm;
        double share = ink_share_in_rect (s, x0, y0, x0 + 7 * ppm, y0 + 7 * ppm);

        g_assert_cmpfloat (share, >, 0.06);
      }

  cairo_surface_destroy (s);
}

static void
test_square (void)
{
  check_square ("张三", "square-2.png");
  check_square ("王小明", "square-3.png");
  check_square ("欧阳明远", "square-4.png");
}

static void
test_invalid (void)
{
  SdSealSpec spec;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  png = sd_seal_draw_png (&spec, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_assert_null (png);
  g_clear_error (&error);

  spec.name = "某某科技有限公司";
  spec.code = "123456789012";
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  spec.code = "123456789012a";
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);

  spec.code = "1234567890123";
  g_assert_true (sd_seal_spec_validate (&spec, &error));
  g_assert_no_error (error);

  spec.size_mm = 100;
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);

  spec.size_mm = 40;
  spec.px_per_mm = 1000;
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_SQUARE);
  spec.name = "张";
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);
  spec.name = "张三丰四五";
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);
  spec.name = "张 三";
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);
  spec.name = "张三";
  spec.code = "1234567890123";
  g_assert_false (sd_seal_spec_validate (&spec, &error));
  g_clear_error (&error);
}

static void
test_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "seal.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) junk = g_bytes_new_static ("junk", 4);
  g_autofree char *contents = NULL;
  g_autoptr (GDir) listing = NULL;
  SdSealSpec spec;
  gsize len;

  g_assert_nonnull (dir);
  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_SQUARE);
  spec.name = "李四";

  g_assert_true (sd_atomic_file_set_contents (path, junk, FALSE, &error));
  g_assert_no_error (error);

  /* Refused without overwrite; the old file is untouched. */
  g_assert_false (sd_seal_save_png (&spec, path, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sd_atomic_file_set_contents (path, junk, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, "junk", 4);
  g_clear_pointer (&contents, g_free);

  g_assert_true (sd_seal_save_png (&spec, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);

  /* No temporary files are left behind. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "seal.png");
  g_assert_null (g_dir_read_name (listing));

  /* A directory that does not exist is an I/O error. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "missing", "seal.png", NULL);
  g_assert_false (sd_seal_save_png (&spec, path, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_IO);
  g_clear_error (&error);

  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "seal.png", NULL);
  g_unlink (path);
  g_rmdir (dir);
}

/* The last seal read is kept for the next document of a batch: a file
 * changed in place, even to a picture of the same size, is read again. */
static void
test_image_file_changed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "seal.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SdSealImage) first = NULL;
  g_autoptr (SdSealImage) again = NULL;
  g_autoptr (SdSealImage) changed = NULL;
  SdSealSpec spec;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "某某科技有限公司";
  spec.px_per_mm = 4;
  g_assert_true (sd_seal_save_png (&spec, path, TRUE, &error));
  g_assert_no_error (error);
  first = sd_seal_image_new_from_file (path, &error);
  g_assert_no_error (error);
  again = sd_seal_image_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->digest, ==, first->digest);
  g_assert_true (g_bytes_equal (again->rgb, first->rgb));

  spec.name = "另一家有限公司";
  g_assert_true (sd_seal_save_png (&spec, path, TRUE, &error));
  g_assert_no_error (error);
  changed = sd_seal_image_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->width, ==, first->width);
  g_assert_cmpstr (changed->digest, !=, first->digest);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seal-drawing/round/plain", test_round_plain);
  g_test_add_func ("/seal-drawing/round/full", test_round_full);
  g_test_add_func ("/seal-drawing/round/long-name", test_round_long_name);
  g_test_add_func ("/seal-drawing/square", test_square);
  g_test_add_func ("/seal-drawing/invalid", test_invalid);
  g_test_add_func ("/seal-drawing/save", test_save);
  g_test_add_func ("/seal-drawing/image-file-changed", test_image_file_changed);

  return g_test_run ();
}
