/* sd-platform-role.h: a role (角色): built in or the enterprise's own, with
 * its permissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sd-platform-enums.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_ROLE (sd_platform_role_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformRole, sd_platform_role, SD, PLATFORM_ROLE, GObject)

gint64                 sd_platform_role_get_id             (SdPlatformRole *self);
const char            *sd_platform_role_get_name           (SdPlatformRole *self);
const char            *sd_platform_role_get_description    (SdPlatformRole *self);
/* SD_PLATFORM_BUILTIN_ROLE_NONE for the enterprise's own roles */
SdPlatformBuiltinRole  sd_platform_role_get_builtin        (SdPlatformRole *self);
const char * const    *sd_platform_role_get_permissions    (SdPlatformRole *self);
gboolean               sd_platform_role_has_permission     (SdPlatformRole *self,
                                                            const char     *permission);
guint                  sd_platform_role_get_account_count  (SdPlatformRole *self);
GDateTime             *sd_platform_role_get_created_at     (SdPlatformRole *self);
GDateTime             *sd_platform_role_get_updated_at     (SdPlatformRole *self);
const char            *sd_platform_role_get_updated_by     (SdPlatformRole *self);
gint64                 sd_platform_role_get_version        (SdPlatformRole *self);
const char            *sd_platform_role_get_etag           (SdPlatformRole *self);

G_END_DECLS
