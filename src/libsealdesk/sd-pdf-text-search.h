/* sd-pdf-text-search.h: finding text on the pages of a PDF (关键字签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In its own library (libsealdesk-text): poppler and cairo stay out of the
 * processes that do not search.
 */
#pragma once

#include "sd-seal-layout.h"

G_BEGIN_DECLS

/* Every occurrence of @text (CJK too) on the pages of @pages (guint from 0;
 * NULL: all), in reading order, as SdTextMatch boxes in millimetres from the
 * top-left of the displayed page (rotation, CropBox and UserUnit applied).
 * No match is not an error: the array is empty. */
GArray   *sd_pdf_find_text          (const char        *path,
                                     const char        *text,
                                     GArray            *pages,
                                     GError           **error);

G_END_DECLS
