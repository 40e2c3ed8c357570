/* sd-cross-page-dialog.h: 骑缝签章: the edge, where along it, how many
 * pages per seal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-document-view.h"

G_BEGIN_DECLS

#define SD_TYPE_CROSS_PAGE_DIALOG (sd_cross_page_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdCrossPageDialog, sd_cross_page_dialog, SD, CROSS_PAGE_DIALOG, AdwWindow)

/* The strips shown on @view's pages while the choice is made; "sign"
 * (const SdSignOptions *) when the user goes on to signing, then the
 * dialog closes.  @seals: the palette's; @seal: the one chosen first, or
 * NULL. */
SdCrossPageDialog *sd_cross_page_dialog_new (GtkWindow      *parent,
                                             SdDocumentView *view,
                                             GListModel     *seals,
                                             GFile          *seal);

G_END_DECLS
