/* sd-seal-image.c: PNG (any colour type libpng reads) to RGB + alpha planes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <png.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-digest.h"
#include "sd-error.h"
#include "sd-pdf-filter.h"
#include "sd-seal-cache.h"
#include "sd-seal-image.h"

/* Level 6: at 1 the planes of a 480 px seal took 2.6 ms instead of 5.9 but
 * 29 % more room in every signed PDF; PNG predictors made them larger. */
#define FLATE_LEVEL 6

void
sd_seal_image_free (SdSealImage *image)
{
  if (image == NULL)
    return;
  g_clear_pointer (&image->rgb, g_bytes_unref);
  g_clear_pointer (&image->alpha, g_bytes_unref);
  g_free (image->digest);
  g_free (image);
}

SdSealImage *
sd_seal_image_new_from_bytes (GBytes  *png,
                              GError **error)
{
  png_image img;
  g_autofree guint8 *rgba = NULL;
  g_autofree guint8 *rgb = NULL;
  g_autofree guint8 *alpha = NULL;
  g_autoptr(GBytes) digest = NULL;
  guint8 ink[3] = { 0xe6, 0x00, 0x12 };
  gboolean opaque = TRUE;
  SdSealImage *image;
  gsize n;

  memset (&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&img, g_bytes_get_data (png, NULL),
                                         g_bytes_get_size (png)))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE,
                   _("The seal image is not a valid PNG file (%s): export the seal as PNG."),
                   img.message);
      png_image_free (&img);
      return NULL;
    }
  if (img.width == 0 || img.height == 0 || img.width > SD_SEAL_IMAGE_MAX_SIDE
      || img.height > SD_SEAL_IMAGE_MAX_SIDE)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE,
                   _("The seal image is %u × %u pixels; it must be between 1 and %d pixels on each side."),
                   img.width, img.height, SD_SEAL_IMAGE_MAX_SIDE);
      png_image_free (&img);
      return NULL;
    }

  img.format = PNG_FORMAT_RGBA;
  n = (gsize) img.width * img.height;
  rgba = g_malloc (n * 4);
  if (!png_image_finish_read (&img, NULL, rgba, 0, NULL))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE,
                   _("The seal image is not a valid PNG file (%s): export the seal as PNG."),
                   img.message);
      png_image_free (&img);
      return NULL;
    }

  digest = sd_digest_compute (SD_DIGEST_SHA256, rgba, n * 4, error);
  if (digest == NULL)
    return NULL;

  /* Fully transparent pixels take the colour of the last ink seen: they are
   * invisible behind the soft mask either way, and a seal's colour plane
   * then compresses to almost nothing (and fast) instead of to a copy of
   * its shape; edges get no dark fringe where viewers interpolate. */
  rgb = g_malloc (n * 3);
  alpha = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    {
      alpha[i] = rgba[4 * i + 3];
      opaque = opaque && alpha[i] == 0xff;
      if (alpha[i] != 0)
        memcpy (ink, rgba + 4 * i, 3);
    }
  for (gsize i = 0; i < n; i++)
    memcpy (rgb + 3 * i, alpha[i] != 0 ? rgba + 4 * i : ink, 3);
  g_clear_pointer (&rgba, g_free);

  image = g_new0 (SdSealImage, 1);
  image->width = img.width;
  image->height = img.height;
  image->rgb = sd_pdf_flate_encode (rgb, n * 3, FLATE_LEVEL);
  image->alpha = opaque ? NULL : sd_pdf_flate_encode (alpha, n, FLATE_LEVEL);
  /* Pixels and size together name the picture. */
  {
    GString *name = g_string_new (NULL);
    const guint8 *d = g_bytes_get_data (digest, NULL);

    g_string_printf (name, "%ux%u-", img.width, img.height);
    for (gsize i = 0; i < g_bytes_get_size (digest); i++)
      g_string_append_printf (name, "%02x", d[i]);
    image->digest = g_string_free (name, FALSE);
  }
  return image;
}

static SdSealImage *
image_copy (const SdSealImage *image)
{
  SdSealImage *copy = g_new0 (SdSealImage, 1);

  copy->width = image->width;
  copy->height = image->height;
  copy->rgb = g_bytes_ref (image->rgb);
  copy->alpha = image->alpha != NULL ? g_bytes_ref (image->alpha) : NULL;
  copy->digest = g_strdup (image->digest);
  return copy;
}

/* The last picture read from a file, with a copy of its PNG bytes: a batch
 * puts the same seal on every document, and decoding and compressing it
 * again each time was most of a small document's signature.  Pictures of
 * more than CACHE_MAX_PIXELS are not kept. */
#define CACHE_MAX_PIXELS (4096 * 4096)
static GMutex last_lock;
static GBytes *last_png;
static SdSealImage *last_image;

static SdSealImage *
decode_cached (GBytes  *png,
               GError **error)
{
  g_autofree char *cache_dir = NULL;
  SdSealImage *image = NULL;

  g_mutex_lock (&last_lock);
  if (last_png != NULL && g_bytes_equal (last_png, png))
    image = image_copy (last_image);
  g_mutex_unlock (&last_lock);
  if (image != NULL)
    return image;

  cache_dir = sd_seal_cache_get_default_dir ();
  if ((image = sd_seal_cache_load (cache_dir, png)) == NULL)
    {
      image = sd_seal_image_new_from_bytes (png, error);
      if (image == NULL)
        return NULL;
      sd_seal_cache_store (cache_dir, png, image);
    }
  if ((gsize) image->width * image->height > CACHE_MAX_PIXELS)
    return image;
  g_mutex_lock (&last_lock);
  g_clear_pointer (&last_png, g_bytes_unref);
  g_clear_pointer (&last_image, sd_seal_image_free);
  last_png = g_bytes_new (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  last_image = image_copy (image);
  g_mutex_unlock (&last_lock);
  return image;
}

SdSealImage *
sd_seal_image_new_from_file (const char *path,
                             GError    **error)
{
  g_autoptr(GMappedFile) map = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  map = g_mapped_file_new (path, FALSE, &local_error);
  if (map == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE, _("Cannot read the seal image “%s”: %s"),
                   name, local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (map);
  return decode_cached (bytes, error);
}
