/* sd-platform-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An extended GError domain: the facts a screen needs besides the message
 * (the field at fault, the server's certificate) travel with the error, so
 * they survive g_task_return_error and g_error_copy.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-error.h"
#include "sd-platform-private.h"

typedef struct
{
  char                 *code_name;
  guint                 status;
  char                 *field;
  guint                 retry_after;
  GTlsCertificate      *certificate;
  char                 *fingerprint;
  GTlsCertificateFlags  tls_flags;
} SdPlatformErrorPrivate;

static void
sd_platform_error_private_init (SdPlatformErrorPrivate *priv)
{
}

static void
sd_platform_error_private_copy (const SdPlatformErrorPrivate *src,
                                SdPlatformErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->code_name = g_strdup (src->code_name);
  dest->status = src->status;
  dest->field = g_strdup (src->field);
  dest->retry_after = src->retry_after;
  dest->certificate = src->certificate != NULL ? g_object_ref (src->certificate) : NULL;
  dest->fingerprint = g_strdup (src->fingerprint);
  dest->tls_flags = src->tls_flags;
}

static void
sd_platform_error_private_clear (SdPlatformErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->code_name, g_free);
  g_clear_pointer (&priv->field, g_free);
  g_clear_object (&priv->certificate);
  g_clear_pointer (&priv->fingerprint, g_free);
}

G_DEFINE_EXTENDED_ERROR (SdPlatformError, sd_platform_error)

static const struct
{
  const char      *name;
  SdPlatformError  code;
} codes[] = {
  { "invalid_json", SD_PLATFORM_ERROR_INVALID_JSON },
  { "invalid_field", SD_PLATFORM_ERROR_INVALID_FIELD },
  { "invalid_parameter", SD_PLATFORM_ERROR_INVALID_PARAMETER },
  { "unsupported_media_type", SD_PLATFORM_ERROR_UNSUPPORTED_MEDIA_TYPE },
  { "body_too_large", SD_PLATFORM_ERROR_BODY_TOO_LARGE },
  { "method_not_allowed", SD_PLATFORM_ERROR_METHOD_NOT_ALLOWED },
  { "not_found", SD_PLATFORM_ERROR_NOT_FOUND },
  { "authentication_required", SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED },
  { "invalid_credentials", SD_PLATFORM_ERROR_INVALID_CREDENTIALS },
  { "account_locked", SD_PLATFORM_ERROR_ACCOUNT_LOCKED },
  { "account_disabled", SD_PLATFORM_ERROR_ACCOUNT_DISABLED },
  { "password_change_required", SD_PLATFORM_ERROR_PASSWORD_CHANGE_REQUIRED },
  { "password_too_weak", SD_PLATFORM_ERROR_PASSWORD_TOO_WEAK },
  { "permission_denied", SD_PLATFORM_ERROR_PERMISSION_DENIED },
  { "permission_escalation", SD_PLATFORM_ERROR_PERMISSION_ESCALATION },
  { "registration_closed", SD_PLATFORM_ERROR_REGISTRATION_CLOSED },
  { "precondition_required", SD_PLATFORM_ERROR_PRECONDITION_REQUIRED },
  { "version_conflict", SD_PLATFORM_ERROR_VERSION_CONFLICT },
  { "login_taken", SD_PLATFORM_ERROR_LOGIN_TAKEN },
  { "enterprise_exists", SD_PLATFORM_ERROR_ENTERPRISE_EXISTS },
  { "role_name_taken", SD_PLATFORM_ERROR_ROLE_NAME_TAKEN },
  { "invalid_uscc", SD_PLATFORM_ERROR_INVALID_USCC },
  { "invalid_id_number", SD_PLATFORM_ERROR_INVALID_ID_NUMBER },
  { "main_account_cannot_be_disabled", SD_PLATFORM_ERROR_MAIN_ACCOUNT_CANNOT_BE_DISABLED },
  { "main_account_super_admin_required", SD_PLATFORM_ERROR_MAIN_ACCOUNT_SUPER_ADMIN_REQUIRED },
  { "cannot_disable_self", SD_PLATFORM_ERROR_CANNOT_DISABLE_SELF },
  { "id_number_in_use", SD_PLATFORM_ERROR_ID_NUMBER_IN_USE },
  { "builtin_role", SD_PLATFORM_ERROR_BUILTIN_ROLE },
  { "role_in_use", SD_PLATFORM_ERROR_ROLE_IN_USE },
  { "challenge_invalid", SD_PLATFORM_ERROR_CHALLENGE_INVALID },
  { "proof_of_possession_failed", SD_PLATFORM_ERROR_PROOF_OF_POSSESSION_FAILED },
  { "certificate_invalid", SD_PLATFORM_ERROR_CERTIFICATE_INVALID },
  { "certificate_not_signing", SD_PLATFORM_ERROR_CERTIFICATE_NOT_SIGNING },
  { "certificate_expired", SD_PLATFORM_ERROR_CERTIFICATE_EXPIRED },
  { "certificate_not_yet_valid", SD_PLATFORM_ERROR_CERTIFICATE_NOT_YET_VALID },
  { "certificate_identity_missing", SD_PLATFORM_ERROR_CERTIFICATE_IDENTITY_MISSING },
  { "certificate_already_bound", SD_PLATFORM_ERROR_CERTIFICATE_ALREADY_BOUND },
  { "certificate_not_bound", SD_PLATFORM_ERROR_CERTIFICATE_NOT_BOUND },
  { "sub_account_organization_certificate",
    SD_PLATFORM_ERROR_SUB_ACCOUNT_ORGANIZATION_CERTIFICATE },
  { "main_account_organization_limit", SD_PLATFORM_ERROR_MAIN_ACCOUNT_ORGANIZATION_LIMIT },
  { "main_account_personal_limit", SD_PLATFORM_ERROR_MAIN_ACCOUNT_PERSONAL_LIMIT },
  { "enterprise_code_mismatch", SD_PLATFORM_ERROR_ENTERPRISE_CODE_MISMATCH },
  { "account_id_number_missing", SD_PLATFORM_ERROR_ACCOUNT_ID_NUMBER_MISSING },
  { "id_number_mismatch", SD_PLATFORM_ERROR_ID_NUMBER_MISMATCH },
  { "invalid_seal_image", SD_PLATFORM_ERROR_INVALID_SEAL_IMAGE },
  { "seal_disabled", SD_PLATFORM_ERROR_SEAL_DISABLED },
  { "seal_not_granted", SD_PLATFORM_ERROR_SEAL_NOT_GRANTED },
  { "invalid_grant_period", SD_PLATFORM_ERROR_INVALID_GRANT_PERIOD },
  { "grant_revoked", SD_PLATFORM_ERROR_GRANT_REVOKED },
  { "rate_limited", SD_PLATFORM_ERROR_RATE_LIMITED },
  { "internal_error", SD_PLATFORM_ERROR_INTERNAL_ERROR },
  { "unavailable", SD_PLATFORM_ERROR_UNAVAILABLE },
};

SdPlatformError
sd_platform_error_from_code_name (const char      *code,
                                  SdPlatformError  fallback)
{
  if (code == NULL)
    return fallback;
  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (codes[i].name, code))
      return codes[i].code;
  return fallback;
}

/* What an unknown code means, by status (the API's rule for clients). */
static SdPlatformError
error_for_status (guint status)
{
  switch (status)
    {
    case 401:
      return SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED;
    case 403:
      return SD_PLATFORM_ERROR_PERMISSION_DENIED;
    case 404:
      return SD_PLATFORM_ERROR_NOT_FOUND;
    case 409:
      return SD_PLATFORM_ERROR_CONFLICT;
    case 412:
      return SD_PLATFORM_ERROR_VERSION_CONFLICT;
    case 413:
      return SD_PLATFORM_ERROR_BODY_TOO_LARGE;
    case 423:
      return SD_PLATFORM_ERROR_ACCOUNT_LOCKED;
    case 429:
      return SD_PLATFORM_ERROR_RATE_LIMITED;
    case 428:
      return SD_PLATFORM_ERROR_PRECONDITION_REQUIRED;
    case 500:
      return SD_PLATFORM_ERROR_INTERNAL_ERROR;
    case 503:
      return SD_PLATFORM_ERROR_UNAVAILABLE;
    default:
      if (status >= 500)
        return SD_PLATFORM_ERROR_SERVER;
      if (status >= 400)
        return SD_PLATFORM_ERROR_BAD_REQUEST;
      return SD_PLATFORM_ERROR_PROTOCOL;
    }
}

/* For answers without a usable message (a proxy's HTML page, say). */
static char *
message_for_status (guint status)
{
  if (status == 401)
    return g_strdup (_("Please sign in again."));
  if (status == 403)
    return g_strdup (_("You are not allowed to do this."));
  if (status == 404)
    return g_strdup (_("It no longer exists, or you may not see it."));
  if (status == 409 || status == 412)
    return g_strdup (_("Someone else changed it in the meantime: reload and try again."));
  if (status >= 500)
    return g_strdup_printf (_("The platform server failed (HTTP status %u). Try again later."),
                            status);
  return g_strdup_printf (_("The platform server refused the request (HTTP status %u)."), status);
}

GError *
sd_platform_error_new_from_answer (guint       status,
                                   const char *code_name,
                                   const char *message,
                                   const char *field,
                                   guint       retry_after)
{
  SdPlatformError code = sd_platform_error_from_code_name (code_name,
                                                           error_for_status (status));
  g_autofree char *fallback = NULL;
  GError *error;
  SdPlatformErrorPrivate *priv;

  if (message == NULL || *message == '\0')
    message = fallback = message_for_status (status);
  error = g_error_new_literal (SD_PLATFORM_ERROR, code, message);
  priv = sd_platform_error_get_private (error);
  if (priv != NULL)
    {
      priv->code_name = g_strdup (code_name);
      priv->status = status;
      priv->field = g_strdup (field);
      priv->retry_after = retry_after;
    }
  return error;
}

char *
sd_platform_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

GError *
sd_platform_error_new_tls (const GError         *tls_error,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  flags)
{
  g_autofree char *fingerprint = NULL;
  GError *error;
  SdPlatformErrorPrivate *priv;

  if (certificate != NULL)
    fingerprint = sd_platform_certificate_fingerprint (certificate);

  if (certificate != NULL && fingerprint != NULL && flags != 0)
    error = g_error_new (SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_TLS_UNTRUSTED,
                         _("The platform server’s certificate is not trusted (SHA-256 "
                           "fingerprint %s). Check the fingerprint with your administrator "
                           "before trusting it."),
                         fingerprint);
  else
    error = g_error_new (SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_TLS,
                         _("A secure connection to the platform server failed: %s"),
                         tls_error->message);
  priv = sd_platform_error_get_private (error);
  if (priv != NULL)
    {
      priv->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
      priv->fingerprint = g_steal_pointer (&fingerprint);
      priv->tls_flags = flags;
    }
  return error;
}

const char *
sd_platform_error_get_code_name (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->code_name : NULL;
}

guint
sd_platform_error_get_status (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->status : 0;
}

const char *
sd_platform_error_get_field (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->field : NULL;
}

guint
sd_platform_error_get_retry_after (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->retry_after : 0;
}

GTlsCertificate *
sd_platform_error_get_certificate (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->certificate : NULL;
}

const char *
sd_platform_error_get_fingerprint (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->fingerprint : NULL;
}

GTlsCertificateFlags
sd_platform_error_get_tls_flags (const GError *error)
{
  SdPlatformErrorPrivate *priv = sd_platform_error_get_private (error);

  return priv != NULL ? priv->tls_flags : 0;
}
