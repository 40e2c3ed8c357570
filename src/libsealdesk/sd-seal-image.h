/* sd-seal-image.h: a seal picture ready to be embedded in a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A seal at 1200 dpi and 60 mm is ~2800 px; anything far larger is a mistake. */
#define SD_SEAL_IMAGE_MAX_SIDE 8192
/* How the planes are compressed: a new value for any change, so that
 * pictures kept on disk by an older one are not used. */
#define SD_SEAL_IMAGE_ENCODING 1

typedef struct
{
  guint   width;
  guint   height;
  GBytes *rgb;       /* width × height × 3 bytes, zlib-compressed (FlateDecode) */
  GBytes *alpha;     /* width × height bytes, zlib-compressed; NULL when fully opaque */
  char   *digest;    /* size and SHA-256 of the pixels: the same seal is embedded once */
} SdSealImage;

/* The last picture read from a file is kept (with a copy of the file's
 * bytes, to tell when it changed) for the next seal of a batch, and each
 * picture in the user's cache directory for the next run (sd-seal-cache.h). */
SdSealImage *sd_seal_image_new_from_file  (const char  *path,
                                           GError     **error);
SdSealImage *sd_seal_image_new_from_bytes (GBytes      *png,
                                           GError     **error);
void         sd_seal_image_free           (SdSealImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSealImage, sd_seal_image_free)

G_END_DECLS
