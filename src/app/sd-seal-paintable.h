/* sd-seal-paintable.h: a seal image shown at a size in points, drawn from
 * all of its pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SD_TYPE_SEAL_PAINTABLE (sd_seal_paintable_get_type ())
G_DECLARE_FINAL_TYPE (SdSealPaintable, sd_seal_paintable, SD, SEAL_PAINTABLE, GObject)

/* @texture at @width × @height (logical pixels, its intrinsic size) */
GdkPaintable *sd_seal_paintable_new (GdkTexture *texture,
                                     int         width,
                                     int         height);

G_END_DECLS
