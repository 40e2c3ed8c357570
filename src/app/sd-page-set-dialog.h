/* sd-page-set-dialog.h: 多页签章: the pages that get the seal and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-document-view.h"

G_BEGIN_DECLS

#define SD_TYPE_PAGE_SET_DIALOG (sd_page_set_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdPageSetDialog, sd_page_set_dialog, SD, PAGE_SET_DIALOG, AdwWindow)

/* The seals shown on @view's pages while the choice is made; "sign"
 * (const SdSignOptions *) when the user goes on to signing, then the
 * dialog closes.  @seals: the palette's; @seal: the one chosen first, or
 * NULL. */
SdPageSetDialog *sd_page_set_dialog_new (GtkWindow      *parent,
                                         SdDocumentView *view,
                                         GListModel     *seals,
                                         GFile          *seal);

G_END_DECLS
