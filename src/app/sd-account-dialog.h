/* sd-account-dialog.h: 新增 / 编辑, an account's login, name, phone and ID
 * number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ACCOUNT_DIALOG (sd_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdAccountDialog, sd_account_dialog, SD, ACCOUNT_DIALOG, AdwWindow)

/* @account NULL: a new sub-account (新增); otherwise its edit (编辑), which
 * loads the account first.  Emits "saved" (SdPlatformAccount *account,
 * const char *temporary_password or NULL) and closes once the server has
 * accepted it. */
SdAccountDialog *sd_account_dialog_new (GtkWindow         *parent,
                                        SdPlatformClient  *client,
                                        SdPlatformAccount *account);

G_END_DECLS
