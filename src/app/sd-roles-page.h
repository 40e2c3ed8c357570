/* sd-roles-page.h: 角色管理, the enterprise's roles and their permissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ROLES_PAGE (sd_roles_page_get_type ())
G_DECLARE_FINAL_TYPE (SdRolesPage, sd_roles_page, SD, ROLES_PAGE, GtkWidget)

/* Lists the roles of @client's enterprise. */
void                 sd_roles_page_set_client (SdRolesPage      *self,
                                               SdPlatformClient *client);
/* Loads the roles again. */
void                 sd_roles_page_reload     (SdRolesPage      *self);
SdPlatformListModel *sd_roles_page_get_model  (SdRolesPage      *self);

G_END_DECLS
