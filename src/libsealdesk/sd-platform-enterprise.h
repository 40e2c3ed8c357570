/* sd-platform-enterprise.h: an enterprise (企业) on the platform
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_ENTERPRISE (sd_platform_enterprise_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformEnterprise, sd_platform_enterprise, SD, PLATFORM_ENTERPRISE,
                      GObject)

gint64      sd_platform_enterprise_get_id                   (SdPlatformEnterprise *self);
const char *sd_platform_enterprise_get_name                 (SdPlatformEnterprise *self);
/* Unified social credit code (统一社会信用代码) */
const char *sd_platform_enterprise_get_uscc                 (SdPlatformEnterprise *self);
/* 组织机构代码: characters 9 to 17 of the USCC */
const char *sd_platform_enterprise_get_organization_code    (SdPlatformEnterprise *self);
const char *sd_platform_enterprise_get_legal_representative (SdPlatformEnterprise *self);
GDateTime  *sd_platform_enterprise_get_created_at           (SdPlatformEnterprise *self);

G_END_DECLS
