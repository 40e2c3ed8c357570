/* sd-seal-appearance.h: what a seal looks like on the page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-page-geometry.h"
#include "sd-pdf-writer.h"
#include "sd-seal-image.h"

G_BEGIN_DECLS

/* The image XObject of @image (with an /SMask for its alpha), reused when
 * the document already holds the same picture from an earlier seal.
 * Returns a reference to it. */
SdPdfObj *sd_seal_appearance_add_image (SdPdfUpdate       *update,
                                        SdPdfDocument     *document,
                                        const SdSealImage *image);
/* A CJK font (Adobe-GB1, not embedded: every reader has a substitute) for the text line. */
SdPdfObj *sd_seal_appearance_add_font  (SdPdfUpdate       *update);
/* The appearance form XObject for one widget at @placement: the image,
 * kept in proportion, and below it @text when not NULL. */
SdPdfObj *sd_seal_appearance_new_form  (const SdPlacement *placement,
                                        const SdSealImage *image,
                                        SdPdfObj          *image_ref,
                                        const char        *text,
                                        SdPdfObj          *font_ref);

/* The appearance of a widget that shows part of a seal (a strip of a
 * cross-page seal): the whole image, fitted to a seal of @seal_width ×
 * @seal_height user units, drawn shifted so that the part starting
 * (@part_x, @part_y) from the seal's top-left fills the widget, and clipped
 * to it. */
SdPdfObj *sd_seal_appearance_new_part_form (const SdPlacement *placement,
                                            const SdSealImage *image,
                                            SdPdfObj          *image_ref,
                                            double             seal_width,
                                            double             seal_height,
                                            double             part_x,
                                            double             part_y);

G_END_DECLS
