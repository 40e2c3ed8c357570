/* sd-signature-panel.h: the signature panel (验章) of the workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-document-view.h"
#include "sd-signature-row.h"

G_BEGIN_DECLS

#define SD_TYPE_SIGNATURE_PANEL (sd_signature_panel_get_type ())
G_DECLARE_FINAL_TYPE (SdSignaturePanel, sd_signature_panel, SD, SIGNATURE_PANEL, GtkWidget)

/* Follows @view (NULL: none): verifies its document now, and again each
 * time it is (re)opened, when the panel shows itself if it is signed. */
void            sd_signature_panel_set_view        (SdSignaturePanel *self,
                                                    SdDocumentView   *view);
SdDocumentView *sd_signature_panel_get_view        (SdSignaturePanel *self);
/* Verifies the document again, in a worker thread */
void            sd_signature_panel_verify          (SdSignaturePanel *self);
/* TRUE while verifying */
gboolean        sd_signature_panel_get_busy        (SdSignaturePanel *self);
guint           sd_signature_panel_get_n_signatures (SdSignaturePanel *self);
SdSignatureRow *sd_signature_panel_get_row         (SdSignaturePanel *self,
                                                    guint             index);
/* Scrolls the view to signature @index's seal and marks it there */
void            sd_signature_panel_show_signature  (SdSignaturePanel *self,
                                                    guint             index);
/* The folder of the roots the user trusts: the trusted-roots-dir setting,
 * or sealdesk/trusted-roots in the user's data folder */
char           *sd_signature_panel_get_trust_dir   (SdSignaturePanel *self);

G_END_DECLS
