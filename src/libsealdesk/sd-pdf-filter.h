/* sd-pdf-filter.h: stream filters (what object and xref streams use)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-object.h"

G_BEGIN_DECLS

/* Decodes @raw according to the /Filter and /DecodeParms of @dict.
 * Output beyond @max_output bytes is an error (compression bombs). */
GBytes *sd_pdf_filter_decode (SdPdfObj     *dict,
                              GBytes       *raw,
                              gsize         max_output,
                              GError      **error);

GBytes *sd_pdf_flate_encode  (const guint8 *data,
                              gsize         len,
                              int           level);

G_END_DECLS
