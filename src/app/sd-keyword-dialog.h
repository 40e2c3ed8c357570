/* sd-keyword-dialog.h: 关键字签章: the text the seal goes on, and which of
 * its matches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-document-view.h"

G_BEGIN_DECLS

#define SD_TYPE_KEYWORD_DIALOG (sd_keyword_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdKeywordDialog, sd_keyword_dialog, SD, KEYWORD_DIALOG, AdwWindow)

/* The matches marked and the seals shown on @view's pages while the
 * choice is made; "sign" (const SdSignOptions *) when the user goes on to
 * signing, then the dialog closes.  @seals: the palette's; @seal: the one
 * chosen first, or NULL. */
SdKeywordDialog *sd_keyword_dialog_new (GtkWindow      *parent,
                                        SdDocumentView *view,
                                        GListModel     *seals,
                                        GFile          *seal);

G_END_DECLS
