/* sd-platform-enums.h: the fixed value sets of the platform API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each enum is a GEnum whose nicks are the API's wire names
 * (docs/api/openapi.yaml), so that they can be object properties and be
 * read from and written to JSON without a second table.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* AccountKind: 主账号 / 子账号 */
typedef enum
{
  SD_PLATFORM_ACCOUNT_KIND_MAIN,
  SD_PLATFORM_ACCOUNT_KIND_SUB,
} SdPlatformAccountKind;

/* CertificateType: 机构证书 / 机构员工证书 / 个人证书 */
typedef enum
{
  SD_PLATFORM_CERTIFICATE_ORGANIZATION,
  SD_PLATFORM_CERTIFICATE_EMPLOYEE,
  SD_PLATFORM_CERTIFICATE_PERSONAL,
} SdPlatformCertificateType;

/* BuiltinRole; NONE for custom roles */
typedef enum
{
  SD_PLATFORM_BUILTIN_ROLE_NONE,
  SD_PLATFORM_BUILTIN_ROLE_SUPER_ADMIN,
  SD_PLATFORM_BUILTIN_ROLE_QUALITY_MANAGER,
  SD_PLATFORM_BUILTIN_ROLE_OPERATOR,
} SdPlatformBuiltinRole;

typedef enum
{
  SD_PLATFORM_SEAL_OFFICIAL,
  SD_PLATFORM_SEAL_LEGAL_REPRESENTATIVE,
  SD_PLATFORM_SEAL_CONTRACT,
  SD_PLATFORM_SEAL_FINANCE,
  SD_PLATFORM_SEAL_INVOICE,
  SD_PLATFORM_SEAL_HANDWRITTEN,
  SD_PLATFORM_SEAL_OTHER,
} SdPlatformSealType;

typedef enum
{
  SD_PLATFORM_SEAL_ACTIVE,
  SD_PLATFORM_SEAL_DISABLED,
} SdPlatformSealStatus;

typedef enum
{
  SD_PLATFORM_GRANT_PENDING,
  SD_PLATFORM_GRANT_ACTIVE,
  SD_PLATFORM_GRANT_EXPIRED,
  SD_PLATFORM_GRANT_REVOKED,
} SdPlatformGrantStatus;

/* How a session was opened */
typedef enum
{
  SD_PLATFORM_SESSION_PASSWORD,
  SD_PLATFORM_SESSION_CERTIFICATE,
} SdPlatformSessionMethod;

#define SD_TYPE_PLATFORM_ACCOUNT_KIND     (sd_platform_account_kind_get_type ())
#define SD_TYPE_PLATFORM_CERTIFICATE_TYPE (sd_platform_certificate_type_get_type ())
#define SD_TYPE_PLATFORM_BUILTIN_ROLE     (sd_platform_builtin_role_get_type ())
#define SD_TYPE_PLATFORM_SEAL_TYPE        (sd_platform_seal_type_get_type ())
#define SD_TYPE_PLATFORM_SEAL_STATUS      (sd_platform_seal_status_get_type ())
#define SD_TYPE_PLATFORM_GRANT_STATUS     (sd_platform_grant_status_get_type ())
#define SD_TYPE_PLATFORM_SESSION_METHOD   (sd_platform_session_method_get_type ())

GType sd_platform_account_kind_get_type     (void) G_GNUC_CONST;
GType sd_platform_certificate_type_get_type (void) G_GNUC_CONST;
GType sd_platform_builtin_role_get_type     (void) G_GNUC_CONST;
GType sd_platform_seal_type_get_type        (void) G_GNUC_CONST;
GType sd_platform_seal_status_get_type      (void) G_GNUC_CONST;
GType sd_platform_grant_status_get_type     (void) G_GNUC_CONST;
GType sd_platform_session_method_get_type   (void) G_GNUC_CONST;

/* The API's name of @value (e.g. "legal_representative"), for filters. */
const char *sd_platform_enum_to_string   (GType        enum_type,
                                          int          value);
/* FALSE when @name is not one of @enum_type's API names. */
gboolean    sd_platform_enum_from_string (GType        enum_type,
                                          const char  *name,
                                          int         *value);

/* Translated names for people, as the seeds' screens show them. */
const char *sd_platform_account_kind_get_label     (SdPlatformAccountKind     kind);
const char *sd_platform_certificate_type_get_label (SdPlatformCertificateType type);
const char *sd_platform_seal_type_get_label        (SdPlatformSealType        type);
const char *sd_platform_seal_status_get_label      (SdPlatformSealStatus      status);
const char *sd_platform_grant_status_get_label     (SdPlatformGrantStatus     status);

G_END_DECLS
