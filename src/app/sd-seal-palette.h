/* sd-seal-palette.h: the seals at hand, to drag onto a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SD_TYPE_SEAL_PALETTE (sd_seal_palette_get_type ())
G_DECLARE_FINAL_TYPE (SdSealPalette, sd_seal_palette, SD, SEAL_PALETTE, GtkWidget)

/* Local seals (PNG files) are remembered in GSettings ("seal-files"). */
void        sd_seal_palette_add_seal  (SdSealPalette *self,
                                       GFile         *png);
void        sd_seal_palette_remove_seal (SdSealPalette *self,
                                         GFile         *png);
/* GFile items */
GListModel *sd_seal_palette_get_seals (SdSealPalette *self);

G_END_DECLS
