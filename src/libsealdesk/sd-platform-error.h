/* sd-platform-error.h: the platform server's error codes, and what goes
 * wrong on the way to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_PLATFORM_ERROR (sd_platform_error_quark ())

/**
 * SdPlatformError:
 * One value per stable machine code of the API (ErrorCode in
 * docs/api/openapi.yaml), then the generic ones a code the client does not
 * know falls back to by its HTTP status, then the client's own.  The
 * GError message is the server's, in the language of the request.
 * Cancellation stays G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  SD_PLATFORM_ERROR_FAILED,

  /* 400, 413, 415 */
  SD_PLATFORM_ERROR_INVALID_JSON,
  SD_PLATFORM_ERROR_INVALID_FIELD,            /* see sd_platform_error_get_field () */
  SD_PLATFORM_ERROR_INVALID_PARAMETER,
  SD_PLATFORM_ERROR_UNSUPPORTED_MEDIA_TYPE,
  SD_PLATFORM_ERROR_BODY_TOO_LARGE,
  SD_PLATFORM_ERROR_METHOD_NOT_ALLOWED,
  SD_PLATFORM_ERROR_CHALLENGE_INVALID,
  /* 401: AUTHENTICATION_REQUIRED also ends the client's session */
  SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED,
  SD_PLATFORM_ERROR_INVALID_CREDENTIALS,
  SD_PLATFORM_ERROR_CERTIFICATE_NOT_BOUND,    /* 该证书未绑定账号 */
  /* 403 */
  SD_PLATFORM_ERROR_PERMISSION_DENIED,
  SD_PLATFORM_ERROR_PERMISSION_ESCALATION,
  SD_PLATFORM_ERROR_PASSWORD_CHANGE_REQUIRED,
  SD_PLATFORM_ERROR_ACCOUNT_DISABLED,
  SD_PLATFORM_ERROR_REGISTRATION_CLOSED,
  SD_PLATFORM_ERROR_SEAL_NOT_GRANTED,
  /* 404: also another enterprise's objects */
  SD_PLATFORM_ERROR_NOT_FOUND,
  /* 409 */
  SD_PLATFORM_ERROR_LOGIN_TAKEN,
  SD_PLATFORM_ERROR_ENTERPRISE_EXISTS,
  SD_PLATFORM_ERROR_ROLE_NAME_TAKEN,
  SD_PLATFORM_ERROR_CERTIFICATE_ALREADY_BOUND, /* 该证书已经被绑定过了 */
  SD_PLATFORM_ERROR_MAIN_ACCOUNT_ORGANIZATION_LIMIT,
  SD_PLATFORM_ERROR_MAIN_ACCOUNT_PERSONAL_LIMIT,
  SD_PLATFORM_ERROR_MAIN_ACCOUNT_CANNOT_BE_DISABLED,
  SD_PLATFORM_ERROR_MAIN_ACCOUNT_SUPER_ADMIN_REQUIRED,
  SD_PLATFORM_ERROR_CANNOT_DISABLE_SELF,
  SD_PLATFORM_ERROR_ID_NUMBER_IN_USE,
  SD_PLATFORM_ERROR_BUILTIN_ROLE,
  SD_PLATFORM_ERROR_ROLE_IN_USE,
  SD_PLATFORM_ERROR_SEAL_DISABLED,
  SD_PLATFORM_ERROR_GRANT_REVOKED,
  /* 412, 428: optimistic concurrency */
  SD_PLATFORM_ERROR_VERSION_CONFLICT,         /* someone changed the object: reload it */
  SD_PLATFORM_ERROR_PRECONDITION_REQUIRED,
  /* 422 */
  SD_PLATFORM_ERROR_PROOF_OF_POSSESSION_FAILED,
  SD_PLATFORM_ERROR_PASSWORD_TOO_WEAK,
  SD_PLATFORM_ERROR_INVALID_USCC,
  SD_PLATFORM_ERROR_INVALID_ID_NUMBER,
  SD_PLATFORM_ERROR_CERTIFICATE_INVALID,
  SD_PLATFORM_ERROR_CERTIFICATE_NOT_SIGNING,
  SD_PLATFORM_ERROR_CERTIFICATE_EXPIRED,
  SD_PLATFORM_ERROR_CERTIFICATE_NOT_YET_VALID,
  SD_PLATFORM_ERROR_CERTIFICATE_IDENTITY_MISSING,
  SD_PLATFORM_ERROR_SUB_ACCOUNT_ORGANIZATION_CERTIFICATE,
  SD_PLATFORM_ERROR_ENTERPRISE_CODE_MISMATCH, /* 企业代码不一致 */
  SD_PLATFORM_ERROR_ACCOUNT_ID_NUMBER_MISSING,
  SD_PLATFORM_ERROR_ID_NUMBER_MISMATCH,
  SD_PLATFORM_ERROR_INVALID_SEAL_IMAGE,
  SD_PLATFORM_ERROR_INVALID_GRANT_PERIOD,
  /* 423: see sd_platform_error_get_retry_after () */
  SD_PLATFORM_ERROR_ACCOUNT_LOCKED,
  /* 429: too many logins or challenges from this address; see
   * sd_platform_error_get_retry_after () */
  SD_PLATFORM_ERROR_RATE_LIMITED,
  /* 500, 503 */
  SD_PLATFORM_ERROR_INTERNAL_ERROR,
  SD_PLATFORM_ERROR_UNAVAILABLE,

  /* Codes this client does not know, by HTTP status */
  SD_PLATFORM_ERROR_BAD_REQUEST,              /* another 4xx */
  SD_PLATFORM_ERROR_CONFLICT,                 /* 409 */
  SD_PLATFORM_ERROR_SERVER,                   /* another 5xx */

  /* The client's own */
  SD_PLATFORM_ERROR_NETWORK,                  /* no answer: unreachable, refused, timed out */
  SD_PLATFORM_ERROR_TLS_UNTRUSTED,            /* see sd_platform_error_get_certificate () */
  SD_PLATFORM_ERROR_TLS,                      /* another TLS failure */
  SD_PLATFORM_ERROR_PROTOCOL,                 /* an answer that is not what the API says */
  SD_PLATFORM_ERROR_BAD_URL,                  /* unusable address, or plain HTTP off loopback */
} SdPlatformError;

GQuark       sd_platform_error_quark             (void);

/* The server's machine code (e.g. "certificate_already_bound"), also for
 * codes this client does not know; NULL for the client's own errors. */
const char  *sd_platform_error_get_code_name     (const GError *error);
/* The HTTP status, or 0 when there was no answer. */
guint        sd_platform_error_get_status        (const GError *error);
/* The request member or query parameter at fault ("id_number"), or NULL:
 * the app shows the message next to that field. */
const char  *sd_platform_error_get_field         (const GError *error);
/* Seconds until a locked account may log in again (or a rate-limited
 * address try again), or 0. */
guint        sd_platform_error_get_retry_after   (const GError *error);
/* For TLS errors: the server's certificate and its SHA-256 fingerprint
 * (lower-case hexadecimal), so that the user can check it and pin it. */
GTlsCertificate *sd_platform_error_get_certificate (const GError *error);
const char  *sd_platform_error_get_fingerprint   (const GError *error);
GTlsCertificateFlags sd_platform_error_get_tls_flags (const GError *error);

/* The SdPlatformError value of an API code, @fallback when unknown. */
SdPlatformError sd_platform_error_from_code_name (const char   *code,
                                                  SdPlatformError fallback);

G_END_DECLS
