/* sd-platform-binding.h: a certificate bound to an account (数字证书)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "sd-platform-enums.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_BINDING (sd_platform_binding_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformBinding, sd_platform_binding, SD, PLATFORM_BINDING, GObject)

gint64                     sd_platform_binding_get_id               (SdPlatformBinding *self);
gint64                     sd_platform_binding_get_account_id       (SdPlatformBinding *self);
const char                *sd_platform_binding_get_account_login    (SdPlatformBinding *self);
const char                *sd_platform_binding_get_account_name     (SdPlatformBinding *self);
SdPlatformCertificateType  sd_platform_binding_get_certificate_type (SdPlatformBinding *self);
/* 数字证书服务号: the CA's unique ID, or <serial>@<issuer CN> */
const char                *sd_platform_binding_get_service_number   (SdPlatformBinding *self);
const char                *sd_platform_binding_get_subject          (SdPlatformBinding *self);
const char                *sd_platform_binding_get_issuer           (SdPlatformBinding *self);
const char                *sd_platform_binding_get_serial           (SdPlatformBinding *self);
GDateTime                 *sd_platform_binding_get_not_before       (SdPlatformBinding *self);
GDateTime                 *sd_platform_binding_get_not_after        (SdPlatformBinding *self);
const char                *sd_platform_binding_get_ca_provider      (SdPlatformBinding *self);
/* "rsa", "ec" or "sm2" */
const char                *sd_platform_binding_get_key_type         (SdPlatformBinding *self);
/* SHA-256 of the DER certificate, lower-case hexadecimal */
const char                *sd_platform_binding_get_fingerprint      (SdPlatformBinding *self);
/* TRUE when @certificate (DER) is the one bound: a key's certificate,
 * checked before it signs for the account */
gboolean                   sd_platform_binding_is_certificate       (SdPlatformBinding *self,
                                                                     GBytes            *certificate);
const char                *sd_platform_binding_get_enterprise_code  (SdPlatformBinding *self);
/* The ID number in the certificate, masked */
const char                *sd_platform_binding_get_id_number        (SdPlatformBinding *self);
/* 是否管理员: without it a CA session loses the managing permissions */
gboolean                   sd_platform_binding_get_is_admin         (SdPlatformBinding *self);
/* 权限管理: at most these for a CA session, or NULL for no narrowing */
const char * const        *sd_platform_binding_get_permissions      (SdPlatformBinding *self);
GDateTime                 *sd_platform_binding_get_bound_at         (SdPlatformBinding *self);
GDateTime                 *sd_platform_binding_get_updated_at       (SdPlatformBinding *self);
const char                *sd_platform_binding_get_updated_by       (SdPlatformBinding *self);
gint64                     sd_platform_binding_get_version          (SdPlatformBinding *self);
const char                *sd_platform_binding_get_etag             (SdPlatformBinding *self);

G_END_DECLS
