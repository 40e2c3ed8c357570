/* sd-platform-sessions.c: password login (账号登录) with lockout, CA login
 * (CA登录), the current session and logout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-certificate.h"
#include "sd-openssl.h"
#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-auth.h"
#include "sd-platform-password.h"
#include "sd-platform-permissions.h"
#include "sd-platform-proof.h"

/* --- POST /sessions ------------------------------------------------------- */

static const SdField login_fields[] = {
  { "login", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "password", SD_FIELD_STRING, TRUE, FALSE, 0, SD_PASSWORD_MAX_BYTES },
};

typedef struct
{
  SdPlatformRequest *request;
  const char        *login;
  /* the account as read before the password check */
  gboolean           found;
  gint64             account_id;
  gint64             enterprise_id;
  char              *login_as_stored;
  char              *password_hash;
  gboolean           enabled;
  gint64             locked_until;
  /* what the check found, written by record_run */
  const char        *failure;      /* NULL on success */
  gboolean           locked_now;
  char              *token;
  gint64             expires_at;
  JsonNode          *result;
} Login;

static gboolean
read_account_run (SdPlatformConn  *conn,
                  gpointer         user_data,
                  GError         **error)
{
  Login *data = user_data;
  g_autofree char *login_key = g_ascii_strdown (data->login, -1);
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn,
                       "SELECT id, enterprise_id, login, password_hash, enabled, locked_until"
                       " FROM accounts WHERE login_key = $1",
                       SD_ARGS (SD_TEXT (login_key)), error);

  if (rows == NULL)
    return FALSE;
  data->found = sd_platform_rows_get_n_rows (rows) == 1;
  if (!data->found)
    return TRUE;
  data->account_id = sd_platform_rows_get_int (rows, 0, 0);
  data->enterprise_id = sd_platform_rows_get_int (rows, 0, 1);
  g_free (data->login_as_stored);
  data->login_as_stored = g_strdup (sd_platform_rows_get_text (rows, 0, 2));
  g_free (data->password_hash);
  data->password_hash = g_strdup (sd_platform_rows_get_text (rows, 0, 3));
  data->enabled = sd_platform_rows_get_bool (rows, 0, 4);
  data->locked_until = sd_platform_rows_get_int (rows, 0, 5);
  return TRUE;
}

static gboolean
record_failure_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  Login *data = user_data;
  SdPlatformRequest *request = data->request;
  const SdPlatformConfig *config = request->config;
  SdAuditEntry entry = { "session.login_failed", TRUE, data->enterprise_id,
                         data->account_id, data->found ? data->login_as_stored : data->login,
                         "account", data->account_id,
                         data->found ? data->login_as_stored : data->login };
  JsonObject *details = json_object_new ();

  data->locked_now = FALSE;
  if (data->found && strcmp (data->failure, "wrong_password") == 0)
    {
      /* Counted in the database so that every server process agrees. */
      gint64 failures = sd_platform_query_int (conn,
                                               "UPDATE accounts"
                                               " SET failed_logins = failed_logins + 1"
                                               " WHERE id = $1 RETURNING failed_logins",
                                               SD_ARGS (SD_INT (data->account_id)), error);

      if (failures < 0)
        goto failed;
      if (failures >= config->lockout_threshold)
        {
          data->locked_now = TRUE;
          data->locked_until = request->now + config->lockout_seconds;
          if (sd_platform_exec (conn,
                                "UPDATE accounts SET failed_logins = 0, locked_until = $1"
                                " WHERE id = $2",
                                SD_ARGS (SD_INT (data->locked_until), SD_INT (data->account_id)),
                                error) < 0)
            goto failed;
        }
    }
  json_object_set_string_member (details, "reason", data->failure);
  if (!sd_platform_audit (conn, request, &entry, g_steal_pointer (&details), error))
    return FALSE;
  if (data->locked_now)
    {
      SdAuditEntry locked = entry;

      locked.action = "session.locked";
      return sd_platform_audit (conn, request, &locked, NULL, error);
    }
  return TRUE;

failed:
  g_clear_pointer (&details, json_object_unref);
  return FALSE;
}

static gboolean
login_success_run (SdPlatformConn  *conn,
                   gpointer         user_data,
                   GError         **error)
{
  Login *data = user_data;
  SdPlatformRequest *request = data->request;
  SdAuditEntry entry = { "session.login", FALSE, data->enterprise_id, data->account_id,
                         data->login_as_stored, "account", data->account_id,
                         data->login_as_stored };
  guint32 permissions;
  gint64 changed;

  g_clear_pointer (&data->token, g_free);
  g_clear_pointer (&data->result, json_node_unref);
  /* The password checked must still be the account's. */
  changed = sd_platform_exec (conn,
                              "UPDATE accounts SET failed_logins = 0"
                              " WHERE id = $1 AND password_hash = $2 AND enabled = 1",
                              SD_ARGS (SD_INT (data->account_id), SD_TEXT (data->password_hash)),
                              error);
  if (changed < 0)
    return FALSE;
  if (changed == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_CREDENTIALS, NULL);
  data->token = sd_platform_session_create (conn, request, data->account_id, 0, &data->expires_at,
                                            error);
  if (data->token == NULL
      || !sd_platform_account_permissions (conn, data->account_id, &permissions, error)
      || !sd_platform_audit (conn, request, &entry, NULL, error))
    return FALSE;
  data->result = sd_platform_session_json (conn, request, data->token, data->account_id, 0,
                                           permissions, data->expires_at, error);
  return data->result != NULL;
}

static void
login_clear (Login *data)
{
  g_free (data->login_as_stored);
  g_free (data->password_hash);
  g_free (data->token);
  g_clear_pointer (&data->result, json_node_unref);
}

static gboolean
fail_login (SdPlatformRequest  *request,
            Login              *data,
            const char         *failure,
            SdApiError     code,
            GError            **error)
{
  data->failure = failure;
  if (!sd_platform_store_write (request->store, record_failure_run, data, error))
    return FALSE;
  if (data->locked_now)
    {
      code = SD_API_ERROR_ACCOUNT_LOCKED;
      request->retry_after = data->locked_until - request->now;
    }
  return sd_platform_fail (request, error, code, NULL);
}

static gboolean
password_login (SdPlatformRequest  *request,
                GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  Login data = { request };
  const char *password;
  gboolean ok = FALSE;

  request->body_is_secret = TRUE;
  if (!sd_platform_rate_limit_take (request->config->login_limit, request->remote_address,
                                    g_get_monotonic_time (), &request->retry_after))
    return sd_platform_fail (request, error, SD_API_ERROR_RATE_LIMITED, NULL);
  body = sd_platform_read_body (request, login_fields, G_N_ELEMENTS (login_fields), error);
  if (body == NULL)
    return FALSE;
  data.login = json_object_get_string_member (body, "login");
  password = json_object_get_string_member (body, "password");

  if (!sd_platform_store_read (request->store, read_account_run, &data, error))
    goto out;
  if (!data.found)
    {
      /* as slow as a real check: the answer time tells nothing */
      sd_password_verify_dummy (password, request->config->scrypt_log_n);
      ok = fail_login (request, &data, "unknown_login", SD_API_ERROR_INVALID_CREDENTIALS,
                       error);
      goto out;
    }
  if (data.locked_until > request->now)
    {
      request->retry_after = data.locked_until - request->now;
      ok = fail_login (request, &data, "locked", SD_API_ERROR_ACCOUNT_LOCKED, error);
      goto out;
    }
  if (!sd_password_verify (password, data.password_hash))
    {
      ok = fail_login (request, &data, "wrong_password", SD_API_ERROR_INVALID_CREDENTIALS,
                       error);
      goto out;
    }
  if (!data.enabled)
    {
      ok = fail_login (request, &data, "disabled", SD_API_ERROR_ACCOUNT_DISABLED, error);
      goto out;
    }
  ok = sd_platform_store_write (request->store, login_success_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 201, g_steal_pointer (&data.result));

out:
  login_clear (&data);
  return ok;
}

/* --- POST /sessions/ca ---------------------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  const char        *certificate_key;
  const char        *fingerprint;
  const char        *subject;
  gboolean           found;
  gint64             account_id;
  gint64             enterprise_id;
  gint64             binding_id;
  char              *login;
  char              *service_number;
  gboolean           enabled;
  const char        *failure;
  char              *token;
  gint64             expires_at;
  JsonNode          *result;
} CaLogin;

static gboolean
find_binding_run (SdPlatformConn  *conn,
                  gpointer         user_data,
                  GError         **error)
{
  CaLogin *data = user_data;
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn,
                       "SELECT b.id, b.account_id, a.enterprise_id, a.login, a.enabled,"
                       " b.service_number FROM bindings b"
                       " JOIN accounts a ON a.id = b.account_id"
                       " WHERE b.certificate_key = $1 AND b.fingerprint = $2",
                       SD_ARGS (SD_TEXT (data->certificate_key), SD_TEXT (data->fingerprint)),
                       error);

  if (rows == NULL)
    return FALSE;
  data->found = sd_platform_rows_get_n_rows (rows) == 1;
  if (!data->found)
    return TRUE;
  data->binding_id = sd_platform_rows_get_int (rows, 0, 0);
  data->account_id = sd_platform_rows_get_int (rows, 0, 1);
  data->enterprise_id = sd_platform_rows_get_int (rows, 0, 2);
  g_free (data->login);
  data->login = g_strdup (sd_platform_rows_get_text (rows, 0, 3));
  data->enabled = sd_platform_rows_get_bool (rows, 0, 4);
  g_free (data->service_number);
  data->service_number = g_strdup (sd_platform_rows_get_text (rows, 0, 5));
  return TRUE;
}

static gboolean
ca_failure_run (SdPlatformConn  *conn,
                gpointer         user_data,
                GError         **error)
{
  CaLogin *data = user_data;
  SdAuditEntry entry = { "session.ca_login_failed", TRUE, data->enterprise_id, data->account_id,
                         data->login, data->found ? "binding" : NULL, data->binding_id,
                         data->found ? data->service_number : data->subject };
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "reason", data->failure);
  if (data->fingerprint != NULL)
    json_object_set_string_member (details, "fingerprint", data->fingerprint);
  return sd_platform_audit (conn, data->request, &entry, details, error);
}

static gboolean
ca_success_run (SdPlatformConn  *conn,
                gpointer         user_data,
                GError         **error)
{
  CaLogin *data = user_data;
  SdPlatformRequest *request = data->request;
  SdAuditEntry entry = { "session.ca_login", FALSE, data->enterprise_id, data->account_id,
                         data->login, "binding", data->binding_id, data->service_number };
  g_autoptr(SdPlatformRows) rows = NULL;
  guint32 permissions;

  g_clear_pointer (&data->token, g_free);
  g_clear_pointer (&data->result, json_node_unref);
  rows = sd_platform_query (conn, "SELECT is_admin, permissions FROM bindings WHERE id = $1",
                            SD_ARGS (SD_INT (data->binding_id)), error);
  if (rows == NULL)
    return FALSE;
  /* unbound between the lookup and now */
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_NOT_BOUND,
                             "certificate");
  if (!sd_platform_account_permissions (conn, data->account_id, &permissions, error))
    return FALSE;
  if (!sd_platform_rows_get_bool (rows, 0, 0))
    permissions &= ~SD_PERMISSIONS_MANAGING;
  if (!sd_platform_rows_is_null (rows, 0, 1))
    permissions &= sd_permissions_from_string (sd_platform_rows_get_text (rows, 0, 1));

  data->token = sd_platform_session_create (conn, request, data->account_id, data->binding_id,
                                            &data->expires_at, error);
  if (data->token == NULL || !sd_platform_audit (conn, request, &entry, NULL, error))
    return FALSE;
  data->result = sd_platform_session_json (conn, request, data->token, data->account_id,
                                           data->binding_id, permissions, data->expires_at, error);
  return data->result != NULL;
}

static gboolean
ca_login (SdPlatformRequest  *request,
          GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(X509) cert = NULL;
  g_autofree char *certificate_key = NULL;
  g_autofree char *fingerprint_hex = NULL;
  g_autofree char *subject = NULL;
  SdProof proof;
  CaLogin data = { request };
  gboolean ok = FALSE;

  body = sd_platform_read_body (request, sd_proof_fields, sd_proof_n_fields, error);
  if (body == NULL)
    return FALSE;
  if (!sd_proof_read (request, body, &proof, error))
    goto out;
  cert = sd_proof_check (request, &proof, "login", error);
  if (cert == NULL)
    {
      /* a failed login too: on record, with the reason */
      if (error != NULL && *error != NULL && (*error)->domain == SD_API_ERROR)
        {
          data.failure = sd_api_error_get_code ((*error)->code);
          sd_platform_store_write (request->store, ca_failure_run, &data, NULL);
        }
      goto out;
    }

  certificate_key = sd_proof_certificate_key (cert);
  if (certificate_key == NULL)
    {
      sd_openssl_clear_error ();
      sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_INVALID, "certificate");
      goto out;
    }
  /* of the bytes sent, as at binding time */
  fingerprint_hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, proof.certificate);
  subject = sd_certificate_get_subject_text (cert);
  data.certificate_key = certificate_key;
  data.fingerprint = fingerprint_hex;
  data.subject = subject;

  if (!sd_platform_store_read (request->store, find_binding_run, &data, error))
    goto out;
  if (!data.found || !data.enabled)
    {
      data.failure = data.found ? "disabled" : "not_bound";
      if (sd_platform_store_write (request->store, ca_failure_run, &data, error))
        sd_platform_fail (request, error,
                          data.found ? SD_API_ERROR_ACCOUNT_DISABLED
                                     : SD_API_ERROR_CERTIFICATE_NOT_BOUND,
                          "certificate");
      goto out;
    }
  ok = sd_platform_store_write (request->store, ca_success_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 201, g_steal_pointer (&data.result));

out:
  sd_proof_clear (&proof);
  g_free (data.login);
  g_free (data.service_number);
  g_free (data.token);
  g_clear_pointer (&data.result, json_node_unref);
  return ok;
}

/* --- /sessions/current ----------------------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  JsonNode          *result;
} CurrentSession;

static gboolean
current_session_run (SdPlatformConn  *conn,
                     gpointer         user_data,
                     GError         **error)
{
  CurrentSession *data = user_data;
  SdPlatformCaller *caller = &data->request->caller;

  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_session_json (conn, data->request, NULL, caller->account_id,
                                           caller->binding_id, caller->permissions,
                                           caller->expires_at, error);
  return data->result != NULL;
}

static gboolean
get_current_session (SdPlatformRequest  *request,
                     GError            **error)
{
  CurrentSession data = { request };

  if (!sd_platform_store_read (request->store, current_session_run, &data, error))
    return FALSE;
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

static gboolean
logout_run (SdPlatformConn  *conn,
            gpointer         user_data,
            GError         **error)
{
  SdPlatformRequest *request = user_data;
  SdAuditEntry entry = { "session.logout", .target_type = "session",
                         .target_id = request->caller.session_id,
                         .target_label = request->caller.login };

  return sd_platform_exec (conn, "DELETE FROM sessions WHERE id = $1",
                           SD_ARGS (SD_INT (request->caller.session_id)), error) >= 0
         && sd_platform_audit (conn, request, &entry, NULL, error);
}

static gboolean
logout (SdPlatformRequest  *request,
        GError            **error)
{
  if (!sd_platform_store_write (request->store, logout_run, request, error))
    return FALSE;
  sd_platform_respond_empty (request, 204);
  return TRUE;
}

static const SdPlatformRoute routes[] = {
  { "POST", "sessions", SD_ROUTE_PUBLIC, password_login },
  { "POST", "challenges", SD_ROUTE_OPTIONAL, sd_proof_create_challenge },
  { "POST", "sessions/ca", SD_ROUTE_PUBLIC, ca_login },
  { "GET", "sessions/current", SD_ROUTE_SESSION_ANY, get_current_session },
  { "DELETE", "sessions/current", SD_ROUTE_SESSION_ANY, logout },
};

const SdPlatformRoute *
sd_platform_session_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
