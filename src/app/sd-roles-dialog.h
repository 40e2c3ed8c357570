/* sd-roles-dialog.h: 分配角色, the roles of an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ROLES_DIALOG (sd_roles_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdRolesDialog, sd_roles_dialog, SD, ROLES_DIALOG, AdwWindow)

/* Emits "saved" (SdPlatformAccount *account) and closes once the server
 * has the roles chosen. */
SdRolesDialog *sd_roles_dialog_new (GtkWindow         *parent,
                                    SdPlatformClient  *client,
                                    SdPlatformAccount *account);

G_END_DECLS
