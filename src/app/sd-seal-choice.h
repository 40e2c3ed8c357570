/* sd-seal-choice.h: the seal a mode's dialog puts on the pages, chosen
 * among the palette's in a combo row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @seals: the palette's GFile items; @initial is chosen when it is one of
 * them (the seal placed on the page), else the first. */
void        sd_seal_choice_init     (AdwComboRow  *row,
                                     GListModel   *seals,
                                     GFile        *initial);
/* The seal chosen, or NULL (transfer none) */
GFile      *sd_seal_choice_get_file (AdwComboRow  *row);
/* Its image, and its size on the page: SD_DEFAULT_SEAL_WIDTH_MM wide, as
 * tall as its proportions say (as a dropped seal) */
GdkTexture *sd_seal_choice_load     (AdwComboRow  *row,
                                     double       *width_mm,
                                     double       *height_mm,
                                     GError      **error);

G_END_DECLS
