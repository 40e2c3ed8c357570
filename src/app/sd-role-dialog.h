/* sd-role-dialog.h: 新增 / 编辑 of a custom role (角色管理)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ROLE_DIALOG (sd_role_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdRoleDialog, sd_role_dialog, SD, ROLE_DIALOG, AdwWindow)

/* @role NULL adds a role.  Emits "saved" (SdPlatformRole, as the server
 * has it now) and closes once the server took it. */
SdRoleDialog *sd_role_dialog_new (GtkWindow        *parent,
                                  SdPlatformClient *client,
                                  SdPlatformRole   *role);

G_END_DECLS
