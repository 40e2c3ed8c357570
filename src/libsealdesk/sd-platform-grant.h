/* sd-platform-grant.h: a seal granted to an account for a period (授权使用期限)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "sd-platform-enums.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_GRANT (sd_platform_grant_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformGrant, sd_platform_grant, SD, PLATFORM_GRANT, GObject)

gint64                 sd_platform_grant_get_id            (SdPlatformGrant *self);
gint64                 sd_platform_grant_get_seal_id       (SdPlatformGrant *self);
gint64                 sd_platform_grant_get_account_id    (SdPlatformGrant *self);
const char            *sd_platform_grant_get_account_login (SdPlatformGrant *self);
const char            *sd_platform_grant_get_account_name  (SdPlatformGrant *self);
GDateTime             *sd_platform_grant_get_valid_from    (SdPlatformGrant *self);
GDateTime             *sd_platform_grant_get_valid_until   (SdPlatformGrant *self);
SdPlatformGrantStatus  sd_platform_grant_get_status        (SdPlatformGrant *self);
GDateTime             *sd_platform_grant_get_created_at    (SdPlatformGrant *self);
const char            *sd_platform_grant_get_created_by    (SdPlatformGrant *self);
GDateTime             *sd_platform_grant_get_revoked_at    (SdPlatformGrant *self);
const char            *sd_platform_grant_get_revoked_by    (SdPlatformGrant *self);

G_END_DECLS
