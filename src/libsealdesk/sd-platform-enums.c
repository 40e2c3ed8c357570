/* sd-platform-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-enums.h"

G_DEFINE_ENUM_TYPE (SdPlatformAccountKind, sd_platform_account_kind,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_ACCOUNT_KIND_MAIN, "main"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_ACCOUNT_KIND_SUB, "sub"))

G_DEFINE_ENUM_TYPE (SdPlatformCertificateType, sd_platform_certificate_type,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_CERTIFICATE_ORGANIZATION, "organization"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_CERTIFICATE_EMPLOYEE, "employee"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_CERTIFICATE_PERSONAL, "personal"))

G_DEFINE_ENUM_TYPE (SdPlatformBuiltinRole, sd_platform_builtin_role,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_BUILTIN_ROLE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_BUILTIN_ROLE_SUPER_ADMIN, "super_admin"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_BUILTIN_ROLE_QUALITY_MANAGER, "quality_manager"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_BUILTIN_ROLE_OPERATOR, "operator"))

G_DEFINE_ENUM_TYPE (SdPlatformSealType, sd_platform_seal_type,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_OFFICIAL, "official"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_LEGAL_REPRESENTATIVE, "legal_representative"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_CONTRACT, "contract"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_FINANCE, "finance"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_INVOICE, "invoice"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_HANDWRITTEN, "handwritten"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_OTHER, "other"))

G_DEFINE_ENUM_TYPE (SdPlatformSealStatus, sd_platform_seal_status,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SEAL_DISABLED, "disabled"))

G_DEFINE_ENUM_TYPE (SdPlatformGrantStatus, sd_platform_grant_status,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_GRANT_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_GRANT_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_GRANT_EXPIRED, "expired"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_GRANT_REVOKED, "revoked"))

G_DEFINE_ENUM_TYPE (SdPlatformSessionMethod, sd_platform_session_method,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SESSION_PASSWORD, "password"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_SESSION_CERTIFICATE, "certificate"))

const char *
sd_platform_enum_to_string (GType enum_type,
                            int   value)
{
  GEnumClass *klass = g_type_class_ref (enum_type);
  GEnumValue *found = g_enum_get_value (klass, value);

  /* The class stays alive: GEnum classes are never freed once made. */
  g_type_class_unref (klass);
  g_return_val_if_fail (found != NULL, NULL);
  return found->value_nick;
}

gboolean
sd_platform_enum_from_string (GType       enum_type,
                              const char *name,
                              int        *value)
{
  GEnumClass *klass;
  GEnumValue *found;

  if (name == NULL)
    return FALSE;
  klass = g_type_class_ref (enum_type);
  found = g_enum_get_value_by_nick (klass, name);
  g_type_class_unref (klass);
  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}

const char *
sd_platform_account_kind_get_label (SdPlatformAccountKind kind)
{
  switch (kind)
    {
    case SD_PLATFORM_ACCOUNT_KIND_MAIN:
      return _("Main account");
    case SD_PLATFORM_ACCOUNT_KIND_SUB:
      return _("Sub-account");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sd_platform_certificate_type_get_label (SdPlatformCertificateType type)
{
  switch (type)
    {
    case SD_PLATFORM_CERTIFICATE_ORGANIZATION:
      return _("Organization certificate");
    case SD_PLATFORM_CERTIFICATE_EMPLOYEE:
      return _("Employee certificate");
    case SD_PLATFORM_CERTIFICATE_PERSONAL:
      return _("Personal certificate");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sd_platform_seal_type_get_label (SdPlatformSealType type)
{
  switch (type)
    {
    case SD_PLATFORM_SEAL_OFFICIAL:
      return _("Company seal");
    case SD_PLATFORM_SEAL_LEGAL_REPRESENTATIVE:
      return _("Legal representative seal");
    case SD_PLATFORM_SEAL_CONTRACT:
      return _("Contract seal");
    case SD_PLATFORM_SEAL_FINANCE:
      return _("Finance seal");
    case SD_PLATFORM_SEAL_INVOICE:
      return _("Invoice seal");
    case SD_PLATFORM_SEAL_HANDWRITTEN:
      return _("Handwritten signature");
    case SD_PLATFORM_SEAL_OTHER:
      return _("Other seal");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sd_platform_seal_status_get_label (SdPlatformSealStatus status)
{
  switch (status)
    {
    case SD_PLATFORM_SEAL_ACTIVE:
      return C_("seal status", "In use");
    case SD_PLATFORM_SEAL_DISABLED:
      return C_("seal status", "Disabled");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sd_platform_grant_status_get_label (SdPlatformGrantStatus status)
{
  switch (status)
    {
    case SD_PLATFORM_GRANT_PENDING:
      return C_("grant status", "Not yet valid");
    case SD_PLATFORM_GRANT_ACTIVE:
      return C_("grant status", "Valid");
    case SD_PLATFORM_GRANT_EXPIRED:
      return C_("grant status", "Expired");
    case SD_PLATFORM_GRANT_REVOKED:
      return C_("grant status", "Revoked");
    default:
      g_return_val_if_reached (NULL);
    }
}
