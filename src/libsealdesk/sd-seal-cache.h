/* sd-seal-cache.h: seal pictures as embedded in PDFs, kept on disk from one
 * run to the next, named by the PNG file's bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sd-seal-image.h"

G_BEGIN_DECLS

/* Storing more entries than this removes the oldest. */
#define SD_SEAL_CACHE_MAX_ENTRIES 32

/* $XDG_CACHE_HOME/sealdesk/seal-images (the app keeps the platform's
 * seal files in …/seals) */
char        *sd_seal_cache_get_default_dir (void);
/* The picture stored for the PNG file @png in @dir, or NULL when there is
 * none, or it is damaged, of another encoding or of another PNG. */
SdSealImage *sd_seal_cache_load            (const char        *dir,
                                            GBytes            *png);
/* Saves @image as the picture of @png in @dir, atomically.  A cache that
 * cannot be written only costs time: failures are ignored. */
void         sd_seal_cache_store           (const char        *dir,
                                            GBytes            *png,
                                            const SdSealImage *image);

G_END_DECLS
