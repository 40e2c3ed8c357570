/* sd-platform-error.c: the API's errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-error.h"

G_DEFINE_QUARK (sd-api-error-quark, sd_api_error)

typedef struct
{
  const char *code;
  guint       status;
  const char *message;
} ErrorInfo;

/* In the order of SdApiError.  The Chinese wording of
 * certificate_already_bound, enterprise_code_mismatch and
 * certificate_not_bound is the platforms' own (seeds 003, 004). */
static const ErrorInfo errors[SD_API_ERROR_N_CODES] = {
  { "invalid_json", 400, N_("The request body is not a valid JSON object.") },
  { "invalid_field", 400, N_("A field of the request is missing or has the wrong type.") },
  { "invalid_parameter", 400, N_("A query parameter is not valid.") },
  { "unsupported_media_type", 415, N_("The request body must be JSON (Content-Type: application/json).") },
  { "body_too_large", 413, N_("The request body is too large.") },
  { "method_not_allowed", 405, N_("This method is not allowed here.") },
  { "not_found", 404, N_("Not found.") },
  { "authentication_required", 401, N_("Please log in first; the session is missing or has ended.") },
  { "invalid_credentials", 401, N_("The login or the password is wrong.") },
  { "account_locked", 423, N_("Too many failed logins: the account is locked for a while.") },
  { "account_disabled", 403, N_("This account is disabled.") },
  { "password_change_required", 403, N_("The password must be changed before anything else.") },
  { "password_too_weak", 422, N_("The password must have at least 8 characters and differ from the login and the current password.") },
  { "permission_denied", 403, N_("You do not have the permission to do this.") },
  { "permission_escalation", 403, N_("You cannot give or manage permissions that you do not hold yourself.") },
  { "registration_closed", 403, N_("This platform does not accept registrations.") },
  { "precondition_required", 428, N_("The request must say which version it changes (If-Match).") },
  { "version_conflict", 412, N_("Someone else has changed this in the meantime; reload and try again.") },
  { "login_taken", 409, N_("This login is already in use.") },
  { "enterprise_exists", 409, N_("An enterprise with this unified social credit code is already registered.") },
  { "role_name_taken", 409, N_("A role with this name already exists.") },
  { "invalid_uscc", 422, N_("The unified social credit code is not valid.") },
  { "invalid_id_number", 422, N_("The ID number is not valid.") },
  { "main_account_cannot_be_disabled", 409, N_("The main account cannot be disabled.") },
  { "main_account_super_admin_required", 409, N_("The main account must keep the super administrator role.") },
  { "cannot_disable_self", 409, N_("You cannot disable your own account.") },
  { "id_number_in_use", 409, N_("A personal certificate with this ID number is bound to the account; unbind it first.") },
  { "builtin_role", 409, N_("Built-in roles cannot be changed or deleted.") },
  { "role_in_use", 409, N_("Accounts still hold this role.") },
  { "challenge_invalid", 400, N_("The challenge is unknown, used or expired; request a new one.") },
  { "proof_of_possession_failed", 422, N_("The signature does not prove possession of the certificate’s key.") },
  { "certificate_invalid", 422, N_("The certificate cannot be read.") },
  { "certificate_not_signing", 422, N_("This is not a signing certificate; use the signing certificate of the key.") },
  { "certificate_expired", 422, N_("The certificate has expired.") },
  { "certificate_not_yet_valid", 422, N_("The certificate is not valid yet.") },
  { "certificate_identity_missing", 422, N_("The certificate names neither an enterprise code nor an ID number.") },
  { "certificate_already_bound", 409, N_("This certificate is already bound.") },
  { "certificate_not_bound", 401, N_("This certificate is not bound to an account.") },
  { "sub_account_organization_certificate", 422, N_("A sub-account can only hold personal or employee certificates.") },
  { "main_account_organization_limit", 409, N_("The main account already holds an organization certificate.") },
  { "main_account_personal_limit", 409, N_("The main account already holds a personal certificate.") },
  { "enterprise_code_mismatch", 422, N_("The enterprise code does not match.") },
  { "account_id_number_missing", 422, N_("Enter the account’s ID number before binding a personal certificate.") },
  { "id_number_mismatch", 422, N_("The ID number in the certificate does not match the account’s.") },
  { "invalid_seal_image", 422, N_("The seal image must be a PNG of at most 2 MiB and 4096×4096 pixels.") },
  { "seal_disabled", 409, N_("This seal is disabled.") },
  { "seal_not_granted", 403, N_("You have no valid grant for this seal.") },
  { "invalid_grant_period", 422, N_("The grant must end after it starts.") },
  { "grant_revoked", 409, N_("This grant has already been revoked.") },
  { "rate_limited", 429, N_("Too many attempts from your address; wait a moment and try again.") },
  { "internal_error", 500, N_("Internal server error.") },
  { "unavailable", 503, N_("The service is unavailable; try again later.") },
};

const char *
sd_api_error_get_code (SdApiError code)
{
  g_return_val_if_fail ((guint) code < SD_API_ERROR_N_CODES, "internal_error");
  return errors[code].code;
}

guint
sd_api_error_get_status (SdApiError code)
{
  g_return_val_if_fail ((guint) code < SD_API_ERROR_N_CODES, 500);
  return errors[code].status;
}

const char *
sd_api_error_get_message (SdApiError code)
{
  g_return_val_if_fail ((guint) code < SD_API_ERROR_N_CODES, "");
  return _(errors[code].message);
}

void
sd_api_set_error (GError        **error,
                       SdApiError code)
{
  g_set_error_literal (error, SD_API_ERROR, code, sd_api_error_get_message (code));
}
