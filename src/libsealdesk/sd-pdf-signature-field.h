/* sd-pdf-signature-field.h: the incremental update that adds a signed seal:
 * signature dictionary with placeholders, field, widgets, appearances
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-signing.h"
#include "sd-pdf-writer.h"

G_BEGIN_DECLS

typedef struct
{
  SdPdfUpdate *update;
  SdPdfObj    *contents;    /* RAW placeholders inside the signature dictionary */
  SdPdfObj    *byte_range;
  guint        n_widgets;
} SdSignaturePlan;

/* Everything but the signature value; /Contents reserves @contents_size
 * bytes. */
gboolean sd_signature_plan_build (SdSignaturePlan     *plan,
                                  SdPdfDocument       *document,
                                  SdSigner            *signer,
                                  const SdSignOptions *options,
                                  gsize                contents_size,
                                  GError             **error);
void     sd_signature_plan_clear (SdSignaturePlan     *plan);

/* Offsets of up to 10 digits: documents up to 9.3 GB. */
#define SD_BYTE_RANGE_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"

G_END_DECLS
