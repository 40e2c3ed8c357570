/* sd-seal-image.c: PNG (any colour type libpng reads) to RGB + alpha planes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <png.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-seal-image.h"

/* A seal at 1200 dpi and 60 mm is ~2800 px; anything far larger is a mistake. */
#define MAX_SIDE 8192

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
  g_autoptr(GChecksum) checksum = NULL;
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
  if (img.width == 0 || img.height == 0 || img.width > MAX_SIDE || img.height > MAX_SIDE)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE,
                   _("The seal image is %u × %u pixels; it must be between 1 and %d pixels on each side."),
                   img.width, img.height, MAX_SIDE);
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

  rgb = g_malloc (n * 3);
  alpha = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    {
      memcpy (rgb + 3 * i, rgba + 4 * i, 3);
      alpha[i] = rgba[4 * i + 3];
      opaque = opaque && alpha[i] == 0xff;
    }

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) &img.width, sizeof img.width);
  g_checksum_update (checksum, (const guchar *) &img.height, sizeof img.height);
  g_checksum_update (checksum, rgba, n * 4);

  image = g_new0 (SdSealImage, 1);
  image->width = img.width;
  image->height = img.height;
  image->rgb = g_bytes_new_take (g_steal_pointer (&rgb), n * 3);
  image->alpha = opaque ? NULL : g_bytes_new_take (g_steal_pointer (&alpha), n);
  image->digest = g_strdup (g_checksum_get_string (checksum));
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
  return sd_seal_image_new_from_bytes (bytes, error);
}
