/* sd-platform-seal.h: a seal (印章) of the enterprise: its PNG image stays on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "sd-platform-enums.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_SEAL (sd_platform_seal_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformSeal, sd_platform_seal, SD, PLATFORM_SEAL, GObject)

gint64                sd_platform_seal_get_id           (SdPlatformSeal *self);
const char           *sd_platform_seal_get_name         (SdPlatformSeal *self);
SdPlatformSealType    sd_platform_seal_get_seal_type    (SdPlatformSeal *self);
SdPlatformSealStatus  sd_platform_seal_get_status       (SdPlatformSeal *self);
/* Pixels */
guint                 sd_platform_seal_get_width        (SdPlatformSeal *self);
guint                 sd_platform_seal_get_height       (SdPlatformSeal *self);
/* Lower-case hexadecimal SHA-256 of the PNG */
const char           *sd_platform_seal_get_image_sha256 (SdPlatformSeal *self);
GDateTime            *sd_platform_seal_get_created_at   (SdPlatformSeal *self);
GDateTime            *sd_platform_seal_get_updated_at   (SdPlatformSeal *self);
const char           *sd_platform_seal_get_updated_by   (SdPlatformSeal *self);
gint64                sd_platform_seal_get_version      (SdPlatformSeal *self);
const char           *sd_platform_seal_get_etag         (SdPlatformSeal *self);

G_END_DECLS
