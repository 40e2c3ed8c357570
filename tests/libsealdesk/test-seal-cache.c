/* test-seal-cache.c: seal pictures kept on disk between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <png.h>
#include <string.h>
#include <utime.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include "sd-seal-cache.h"
#include "sd-seal-image.h"

#define WIDTH 64
#define HEIGHT 48

/* A red ring of @shade on a transparent background, as a PNG file's bytes. */
static GBytes *
make_png (guint8 shade)
{
  png_image img;
  g_autofree guint8 *rgba = g_malloc0 (WIDTH * HEIGHT * 4);
  png_alloc_size_t len = 0;
  guint8 *out;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        int dx = x - WIDTH / 2, dy = y - HEIGHT / 2, r2 = dx * dx + dy * dy;
        guint8 *p = rgba + 4 * (y * WIDTH + x);

        if (r2 >= 15 * 15 && r2 <= 20 * 20)
          {
            p[0] = shade;
            p[3] = 0xff;
          }
      }
  memset (&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = WIDTH;
  img.height = HEIGHT;
  img.format = PNG_FORMAT_RGBA;
  g_assert_true (png_image_write_to_memory (&img, NULL, &len, 0, rgba, 0, NULL));
  out = g_malloc (len);
  g_assert_true (png_image_write_to_memory (&img, out, &len, 0, rgba, 0, NULL));
  return g_bytes_new_take (out, len);
}

static GBytes *
inflate_plane (GBytes *plane,
               gsize   expected)
{
  guint8 *out = g_malloc (expected + 1);
  uLongf len = expected + 1;

  g_assert_cmpint (uncompress (out, &len, g_bytes_get_data (plane, NULL),
                               g_bytes_get_size (plane)), ==, Z_OK);
  g_assert_cmpuint (len, ==, expected);
  return g_bytes_new_take (out, len);
}

static void
assert_same_image (const SdSealImage *a,
                   const SdSealImage *b)
{
  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  g_assert_cmpstr (a->digest, ==, b->digest);
  g_assert_true (g_bytes_equal (a->rgb, b->rgb));
  g_assert_nonnull (a->alpha);
  g_assert_nonnull (b->alpha);
  g_assert_true (g_bytes_equal (a->alpha, b->alpha));
}

/* The only regular file in @dir */
static char *
entry_in (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_assert_null (found);
      found = g_build_filename (dir, name, NULL);
    }
  g_assert_nonnull (found);
  return found;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A miss, then the entry stored is read back: the same compressed planes,
 * which inflate to the picture's pixels. */
static void
test_miss_then_hit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-cache-XXXXXX", NULL);
  g_autoptr(GBytes) png = make_png (0xe6);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) image = sd_seal_image_new_from_bytes (png, &error);
  g_autoptr(SdSealImage) hit = NULL;
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(GBytes) alpha = NULL;
  const guint8 *px;
  guint ring = (HEIGHT / 2) * WIDTH + WIDTH / 2 + 17;  /* on the ring, right of the centre */

  g_assert_no_error (error);
  g_assert_null (sd_seal_cache_load (dir, png));
  sd_seal_cache_store (dir, png, image);
  hit = sd_seal_cache_load (dir, png);
  g_assert_nonnull (hit);
  assert_same_image (hit, image);
  g_assert_true (g_str_has_prefix (hit->digest, "64x48-"));

  rgb = inflate_plane (hit->rgb, WIDTH * HEIGHT * 3);
  alpha = inflate_plane (hit->alpha, WIDTH * HEIGHT);
  px = g_bytes_get_data (alpha, NULL);
  g_assert_cmpuint (px[0], ==, 0);
  g_assert_cmpuint (px[ring], ==, 0xff);
  px = g_bytes_get_data (rgb, NULL);
  g_assert_cmpuint (px[3 * ring], ==, 0xe6);
  g_assert_cmpuint (px[3 * ring + 1], ==, 0);

  remove_dir (dir);
}

/* Any damage makes the entry a miss; storing again repairs it. */
static void
test_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-cache-XXXXXX", NULL);
  g_autoptr(GBytes) png = make_png (0xe6);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) image = sd_seal_image_new_from_bytes (png, &error);
  g_autoptr(SdSealImage) repaired = NULL;
  g_autofree char *path = NULL;
  g_autofree char *good = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  sd_seal_cache_store (dir, png, image);
  path = entry_in (dir);
  g_assert_true (g_file_get_contents (path, &good, &len, NULL));

  /* one byte changed in the header, the digest, each plane, the checksum */
  for (gsize at = 0; at < len; at += 97)
    {
      g_autofree char *bad = g_memdup2 (good, len);
      g_autoptr(SdSealImage) loaded = NULL;

      bad[at] ^= 0x01;
      g_assert_true (g_file_set_contents (path, bad, len, NULL));
      loaded = sd_seal_cache_load (dir, png);
      g_assert_null (loaded);
    }
  /* cut short, one byte more, empty */
  g_assert_true (g_file_set_contents (path, good, len - 1, NULL));
  g_assert_null (sd_seal_cache_load (dir, png));
  {
    g_autofree char *longer = g_malloc0 (len + 1);

    memcpy (longer, good, len);
    g_assert_true (g_file_set_contents (path, longer, len + 1, NULL));
    g_assert_null (sd_seal_cache_load (dir, png));
  }
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_null (sd_seal_cache_load (dir, png));

  sd_seal_cache_store (dir, png, image);
  repaired = sd_seal_cache_load (dir, png);
  g_assert_nonnull (repaired);
  assert_same_image (repaired, image);

  remove_dir (dir);
}

/* An intact entry under another PNG's name is not that PNG's picture. */
static void
test_other_png (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-cache-XXXXXX", NULL);
  g_autoptr(GBytes) red = make_png (0xe6);
  g_autoptr(GBytes) dark = make_png (0x80);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) image = sd_seal_image_new_from_bytes (red, &error);
  g_autoptr(SdSealImage) loaded = NULL;
  g_autofree char *red_path = NULL;
  g_autofree char *dark_path = NULL;

  g_assert_no_error (error);
  sd_seal_cache_store (dir, dark, image);
  dark_path = entry_in (dir);
  loaded = sd_seal_cache_load (dir, dark);
  g_assert_nonnull (loaded);
  g_assert_null (sd_seal_cache_load (dir, red));

  /* the red picture's entry, then moved to the dark one's name */
  g_assert_cmpint (g_unlink (dark_path), ==, 0);
  sd_seal_cache_store (dir, red, image);
  red_path = entry_in (dir);
  g_assert_cmpint (g_rename (red_path, dark_path), ==, 0);
  g_assert_null (sd_seal_cache_load (dir, dark));

  remove_dir (dir);
}

/* Past SD_SEAL_CACHE_MAX_ENTRIES, the oldest go. */
static void
test_prune (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-cache-XXXXXX", NULL);
  g_autoptr(GBytes) png = make_png (0xe6);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) image = sd_seal_image_new_from_bytes (png, &error);
  const guint n = SD_SEAL_CACHE_MAX_ENTRIES + 3;
  const time_t old = 1000000;
  guint count = 0;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) d = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      /* the entries are told apart by their PNG's bytes alone */
      char *text = g_strdup_printf ("png %u", i);
      GBytes *key = g_bytes_new_take (text, strlen (text));
      g_autoptr(SdSealImage) mine = NULL;
      g_autoptr(GDir) listing = NULL;
      const char *name;

      g_ptr_array_add (keys, key);
      sd_seal_cache_store (dir, key, image);
      mine = sd_seal_cache_load (dir, key);
      g_assert_nonnull (mine);
      /* the new entry dated before any later one, whatever the clock's
       * resolution: the only one not dated yet */
      listing = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          struct utimbuf times = { old + i, old + i };
          GStatBuf st;

          g_assert_cmpint (g_stat (path, &st), ==, 0);
          if (st.st_mtime >= old + n)
            g_assert_cmpint (g_utime (path, &times), ==, 0);
        }
    }

  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    count++;
  g_assert_cmpuint (count, ==, SD_SEAL_CACHE_MAX_ENTRIES);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdSealImage) loaded = sd_seal_cache_load (dir, g_ptr_array_index (keys, i));

      if (i < n - SD_SEAL_CACHE_MAX_ENTRIES)
        g_assert_null (loaded);
      else
        g_assert_nonnull (loaded);
    }

  remove_dir (dir);
}

/* Reading a seal file goes through the user's cache: a first read stores
 * the entry; a damaged entry is read past, and written again. */
static void
test_from_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sd-seal-cache-XXXXXX", NULL);
  g_autofree char *a_path = g_build_filename (dir, "a.png", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.png", NULL);
  g_autofree char *cache = sd_seal_cache_get_default_dir ();
  g_autoptr(GBytes) a_png = make_png (0xe6);
  g_autoptr(GBytes) b_png = make_png (0x80);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) a = NULL;
  g_autoptr(SdSealImage) b = NULL;
  g_autoptr(SdSealImage) again = NULL;
  g_autoptr(SdSealImage) stored = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (a_path, g_bytes_get_data (a_png, NULL),
                                      g_bytes_get_size (a_png), NULL));
  g_assert_true (g_file_set_contents (b_path, g_bytes_get_data (b_png, NULL),
                                      g_bytes_get_size (b_png), NULL));

  a = sd_seal_image_new_from_file (a_path, &error);
  g_assert_no_error (error);
  entry = entry_in (cache);
  stored = sd_seal_cache_load (cache, a_png);
  g_assert_nonnull (stored);
  assert_same_image (stored, a);
  g_clear_pointer (&stored, sd_seal_image_free);

  /* b is now the picture kept in memory: a is read again */
  b = sd_seal_image_new_from_file (b_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b->digest, !=, a->digest);

  /* a's colour plane damaged in place, its size unchanged */
  g_assert_true (g_file_get_contents (entry, &contents, &len, NULL));
  memset (contents + len / 2, 0xff, 16);
  g_assert_true (g_file_set_contents (entry, contents, len, NULL));
  again = sd_seal_image_new_from_file (a_path, &error);
  g_assert_no_error (error);
  assert_same_image (again, a);
  stored = sd_seal_cache_load (cache, a_png);
  g_assert_nonnull (stored);
  assert_same_image (stored, a);

  g_unlink (a_path);
  g_unlink (b_path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("sd-seal-cache-home-XXXXXX", NULL);
  g_autofree char *cache = NULL;
  g_autofree char *sealdesk = NULL;
  int status;

  /* A user cache of the test's own (not G_TEST_OPTION_ISOLATE_DIRS: GLib
   * keeps the directories it replaces, which the leak checker reports). */
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seal-cache/miss-then-hit", test_miss_then_hit);
  g_test_add_func ("/seal-cache/damaged", test_damaged);
  g_test_add_func ("/seal-cache/other-png", test_other_png);
  g_test_add_func ("/seal-cache/prune", test_prune);
  g_test_add_func ("/seal-cache/from-file", test_from_file);
  status = g_test_run ();

  cache = sd_seal_cache_get_default_dir ();
  sealdesk = g_path_get_dirname (cache);
  if (g_file_test (cache, G_FILE_TEST_IS_DIR))
    remove_dir (cache);
  g_rmdir (sealdesk);
  g_rmdir (home);
  return status;
}
