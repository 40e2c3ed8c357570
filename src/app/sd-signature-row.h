/* sd-signature-row.h: one signature in the signature panel (验章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-pdf-verify.h"

G_BEGIN_DECLS

#define SD_TYPE_SIGNATURE_ROW (sd_signature_row_get_type ())
G_DECLARE_FINAL_TYPE (SdSignatureRow, sd_signature_row, SD, SIGNATURE_ROW, GtkListBoxRow)

/* Signature @index of @report, with @seal (may be NULL) the picture of its
 * seal on the page.  Everything shown is copied: @report may go. */
GtkWidget *sd_signature_row_new         (const SdVerifyReport *report,
                                         guint                 index,
                                         GdkTexture           *seal);
guint      sd_signature_row_get_index   (SdSignatureRow       *self);
SdVerdict  sd_signature_row_get_verdict (SdSignatureRow       *self);

G_END_DECLS
