/* sd-accounts-page.h: 账号管理, the enterprise's accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ACCOUNTS_PAGE (sd_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (SdAccountsPage, sd_accounts_page, SD, ACCOUNTS_PAGE, GtkWidget)

/* Lists the accounts of @client's enterprise (first page, no filter). */
void                 sd_accounts_page_set_client   (SdAccountsPage   *self,
                                                    SdPlatformClient *client);
/* Loads the page shown again, with the filters as they are. */
void                 sd_accounts_page_reload       (SdAccountsPage   *self);
void                 sd_accounts_page_focus_filter (SdAccountsPage   *self);
SdPlatformListModel *sd_accounts_page_get_model    (SdAccountsPage   *self);

G_END_DECLS
