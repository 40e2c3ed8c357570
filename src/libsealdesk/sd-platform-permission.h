/* sd-platform-permission.h: a permission a role can hold, described in the language of the request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_PERMISSION (sd_platform_permission_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformPermission, sd_platform_permission, SD, PLATFORM_PERMISSION,
                      GObject)

/* e.g. "accounts.manage" */
const char *sd_platform_permission_get_name        (SdPlatformPermission *self);
const char *sd_platform_permission_get_description (SdPlatformPermission *self);

G_END_DECLS
