/* sd-placed-seals.h: the seal placed by hand on a document, at one place
 * (单页签章) or at several (连续签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-seal-layout.h"

G_BEGIN_DECLS

#define SD_TYPE_PLACED_SEALS (sd_placed_seals_get_type ())
G_DECLARE_FINAL_TYPE (SdPlacedSeals, sd_placed_seals, SD, PLACED_SEALS, GObject)

SdPlacedSeals         *sd_placed_seals_new           (void);

/* 连续签章: a seal added goes beside those placed; else it replaces them.
 * Back to one place, the selected one stays. */
void                   sd_placed_seals_set_multiple  (SdPlacedSeals         *self,
                                                      gboolean               multiple);
gboolean               sd_placed_seals_get_multiple  (SdPlacedSeals         *self);

/* @seal at @placement (page, x_mm, y_mm, width_mm, height_mm), selected.
 * One seal for all places: a seal of another image takes the place of the
 * image of those placed before. */
void                   sd_placed_seals_add           (SdPlacedSeals         *self,
                                                      GFile                 *seal,
                                                      const SdSealPlacement *placement);
guint                  sd_placed_seals_get_n_places  (SdPlacedSeals         *self);
const SdSealPlacement *sd_placed_seals_get_place     (SdPlacedSeals         *self,
                                                      guint                  index);
/* The image, or NULL when nothing is placed */
GFile                 *sd_placed_seals_get_seal      (SdPlacedSeals         *self);
/* The place the arrow keys move and Delete removes, or -1 */
int                    sd_placed_seals_get_selected  (SdPlacedSeals         *self);
void                   sd_placed_seals_select        (SdPlacedSeals         *self,
                                                      int                    index);
void                   sd_placed_seals_move          (SdPlacedSeals         *self,
                                                      guint                  index,
                                                      double                 x_mm,
                                                      double                 y_mm);
/* The one before it is selected then (or the first) */
void                   sd_placed_seals_remove        (SdPlacedSeals         *self,
                                                      guint                  index);
void                   sd_placed_seals_clear         (SdPlacedSeals         *self);
/* The places (SdSealPlacement), in the order they were placed */
GArray                *sd_placed_seals_dup_places    (SdPlacedSeals         *self);

G_END_DECLS
