/* sd-seal-palette.h: the seals at hand, to drag onto a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-pdf-signing.h"
#include "sd-platform-client.h"

G_BEGIN_DECLS

#define SD_TYPE_SEAL_PALETTE (sd_seal_palette_get_type ())
G_DECLARE_FINAL_TYPE (SdSealPalette, sd_seal_palette, SD, SEAL_PALETTE, GtkWidget)

/* Local seals (PNG files) are remembered in GSettings ("seal-files"). */
void        sd_seal_palette_add_seal  (SdSealPalette *self,
                                       GFile         *png);
void        sd_seal_palette_remove_seal (SdSealPalette *self,
                                         GFile         *png);
/* GFile items: the platform's seals usable now, then the local ones */
GListModel *sd_seal_palette_get_seals (SdSealPalette *self);

/* Signed in: the seals granted to the account are fetched (with their
 * images and grants) and shown above the local ones; NULL: offline. */
void        sd_seal_palette_set_client  (SdSealPalette    *self,
                                         SdPlatformClient *client);
/* TRUE while the platform's seals are being fetched */
gboolean    sd_seal_palette_get_loading (SdSealPalette    *self);
/* Before signing: FALSE, saying why, for a platform seal whose grant is
 * not valid now, which is disabled, or which was placed while signed in
 * and is used signed out; TRUE for every other seal.  (The signing dialog
 * checks that the certificate is bound to the account.) */
gboolean    sd_seal_palette_check_seal  (SdSealPalette    *self,
                                         GFile            *seal,
                                         GError          **error);
/* After @document (of @n_pages) was signed with @options: when the seal
 * is the platform's, its usage record (使用记录) is queued on disk and
 * sent to the platform, now or once it can be reached. */
void        sd_seal_palette_record_use  (SdSealPalette       *self,
                                         const SdSignOptions *options,
                                         GFile               *document,
                                         guint                n_pages);
/* Usage records not yet on the platform */
guint       sd_seal_palette_get_n_pending (SdSealPalette  *self);
/* Offers the waiting usage records to the platform now */
void        sd_seal_palette_send_usage  (SdSealPalette    *self);

G_END_DECLS
