/* sd-seal-image.h: a seal picture ready to be embedded in a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   width;
  guint   height;
  GBytes *rgb;       /* width × height × 3 bytes */
  GBytes *alpha;     /* width × height bytes, NULL when fully opaque */
  char   *digest;    /* SHA-256 of the pixels, hex: the same seal is embedded once */
} SdSealImage;

/* The last picture read from a file is kept (with a copy of the file's
 * bytes, to tell when it changed) for the next seal of a batch. */
SdSealImage *sd_seal_image_new_from_file  (const char  *path,
                                           GError     **error);
SdSealImage *sd_seal_image_new_from_bytes (GBytes      *png,
                                           GError     **error);
void         sd_seal_image_free           (SdSealImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSealImage, sd_seal_image_free)

G_END_DECLS
