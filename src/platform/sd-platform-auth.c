/* sd-platform-auth.c: bearer tokens, sessions and who the caller is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/rand.h>

#include "sd-openssl.h"
#include "sd-platform-api.h"
#include "sd-platform-auth.h"
#include "sd-platform-permissions.h"
#include "sd-secure.h"

#define TOKEN_BYTES 32

char *
sd_platform_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* base64url without padding: 43 characters */
static char *
token_new (void)
{
  guint8 bytes[TOKEN_BYTES];
  char *token;

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    {
      sd_openssl_clear_error ();
      return NULL;
    }
  token = g_base64_encode (bytes, sizeof bytes);
  sd_secure_wipe (bytes, sizeof bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  *strchr (token, '=') = '\0';
  return token;
}

gboolean
sd_platform_account_permissions (SdPlatformConn  *conn,
                                 gint64           account_id,
                                 guint32         *permissions,
                                 GError         **error)
{
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn,
                       "SELECT r.permissions FROM account_roles ar"
                       " JOIN roles r ON r.id = ar.role_id WHERE ar.account_id = $1",
                       SD_ARGS (SD_INT (account_id)), error);

  if (rows == NULL)
    return FALSE;
  *permissions = 0;
  for (guint i = 0; i < sd_platform_rows_get_n_rows (rows); i++)
    *permissions |= sd_permissions_from_string (sd_platform_rows_get_text (rows, i, 0));
  return TRUE;
}

typedef struct
{
  SdPlatformRequest *request;
  const char        *token_hash;
} Authenticate;

/* One statement: the session, its account and binding, and one row per
 * role of the account (permissions in the last column). */
static gboolean
load_caller (SdPlatformConn  *conn,
             gpointer         user_data,
             GError         **error)
{
  Authenticate *data = user_data;
  SdPlatformRequest *request = data->request;
  SdPlatformCaller *caller = &request->caller;
  g_autoptr(SdPlatformRows) rows = NULL;
  guint32 permissions = 0;

  rows = sd_platform_query (conn,
                            "SELECT s.id, s.account_id, s.binding_id, s.expires_at,"
                            " a.enterprise_id, a.login, a.kind, a.enabled,"
                            " a.must_change_password, b.is_admin, b.permissions, b.not_after,"
                            " r.permissions"
                            " FROM sessions s JOIN accounts a ON a.id = s.account_id"
                            " LEFT JOIN bindings b ON b.id = s.binding_id"
                            " LEFT JOIN account_roles ar ON ar.account_id = a.id"
                            " LEFT JOIN roles r ON r.id = ar.role_id"
                            " WHERE s.token_hash = $1",
                            SD_ARGS (SD_TEXT (data->token_hash)), error);
  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0
      || sd_platform_rows_get_int (rows, 0, 3) <= request->now
      || !sd_platform_rows_get_bool (rows, 0, 7)
      || (!sd_platform_rows_is_null (rows, 0, 2)
          && sd_platform_rows_get_int (rows, 0, 11) < request->now))
    return sd_platform_fail (request, error, SD_API_ERROR_AUTHENTICATION_REQUIRED, NULL);

  for (guint i = 0; i < sd_platform_rows_get_n_rows (rows); i++)
    permissions |= sd_permissions_from_string (sd_platform_rows_get_text (rows, i, 12));
  caller->session_id = sd_platform_rows_get_int (rows, 0, 0);
  caller->account_id = sd_platform_rows_get_int (rows, 0, 1);
  caller->binding_id = sd_platform_rows_get_int (rows, 0, 2);
  caller->expires_at = sd_platform_rows_get_int (rows, 0, 3);
  caller->enterprise_id = sd_platform_rows_get_int (rows, 0, 4);
  g_free (caller->login);
  caller->login = g_strdup (sd_platform_rows_get_text (rows, 0, 5));
  caller->is_main = g_strcmp0 (sd_platform_rows_get_text (rows, 0, 6), "main") == 0;
  caller->must_change_password = sd_platform_rows_get_bool (rows, 0, 8);
  caller->account_permissions = permissions;
  if (caller->binding_id > 0)
    {
      /* A CA session: the binding narrows what the account may do. */
      if (!sd_platform_rows_get_bool (rows, 0, 9))
        permissions &= ~SD_PERMISSIONS_MANAGING;
      if (!sd_platform_rows_is_null (rows, 0, 10))
        permissions &= sd_permissions_from_string (sd_platform_rows_get_text (rows, 0, 10));
    }
  caller->permissions = permissions;
  return TRUE;
}

gboolean
sd_platform_authenticate (SdPlatformRequest  *request,
                          GError            **error)
{
  g_autofree char *token_hash = NULL;
  Authenticate data = { request, NULL };
  const char *token;

  if (request->authorization == NULL
      || g_ascii_strncasecmp (request->authorization, "Bearer ", 7) != 0)
    return sd_platform_fail (request, error, SD_API_ERROR_AUTHENTICATION_REQUIRED, NULL);
  token = request->authorization + 7;
  while (*token == ' ')
    token++;
  if (strlen (token) < 20 || strlen (token) > 128)
    return sd_platform_fail (request, error, SD_API_ERROR_AUTHENTICATION_REQUIRED, NULL);

  token_hash = sd_platform_token_hash (token);
  data.token_hash = token_hash;
  if (!sd_platform_store_run_single (request->store, load_caller, &data, error))
    return FALSE;
  request->authenticated = TRUE;
  return TRUE;
}

char *
sd_platform_session_create (SdPlatformConn     *conn,
                            SdPlatformRequest  *request,
                            gint64              account_id,
                            gint64              binding_id,
                            gint64             *expires_at,
                            GError            **error)
{
  g_autofree char *token = token_new ();
  g_autofree char *token_hash = NULL;

  if (token == NULL)
    {
      sd_api_set_error (error, SD_API_ERROR_INTERNAL);
      return NULL;
    }
  token_hash = sd_platform_token_hash (token);
  *expires_at = request->now + request->config->session_seconds;

  /* Housekeeping on the way: sessions that ended long ago go. */
  if (sd_platform_exec (conn, "DELETE FROM sessions WHERE expires_at < $1",
                        SD_ARGS (SD_INT (request->now)), error) < 0
      || sd_platform_exec (conn,
                           "INSERT INTO sessions (token_hash, account_id, binding_id, method,"
                           " created_at, expires_at, source_address)"
                           " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                           SD_ARGS (SD_TEXT (token_hash), SD_INT (account_id),
                                    SD_ID_OR_NULL (binding_id),
                                    SD_TEXT (binding_id > 0 ? "certificate" : "password"),
                                    SD_INT (request->now), SD_INT (*expires_at),
                                    SD_TEXT (request->remote_address)),
                           error) < 0)
    return NULL;
  return g_steal_pointer (&token);
}

gboolean
sd_platform_sessions_end (SdPlatformConn  *conn,
                          gint64           account_id,
                          gint64           keep_session_id,
                          GError         **error)
{
  return sd_platform_exec (conn, "DELETE FROM sessions WHERE account_id = $1 AND id <> $2",
                           SD_ARGS (SD_INT (account_id), SD_INT (keep_session_id)), error) >= 0;
}

JsonNode *
sd_platform_session_json (SdPlatformConn     *conn,
                          SdPlatformRequest  *request,
                          const char         *token,
                          gint64              account_id,
                          gint64              binding_id,
                          guint32             permissions,
                          gint64              expires_at,
                          GError            **error)
{
  JsonObject *object;
  JsonNode *account;
  JsonNode *enterprise;
  gint64 enterprise_id;

  enterprise_id = sd_platform_query_int (conn, "SELECT enterprise_id FROM accounts WHERE id = $1",
                                         SD_ARGS (SD_INT (account_id)), error);
  if (enterprise_id < 0)
    return NULL;
  account = sd_platform_account_json (conn, request, enterprise_id, account_id, TRUE, NULL, error);
  if (account == NULL)
    return NULL;
  enterprise = sd_platform_enterprise_json (conn, enterprise_id, error);
  if (enterprise == NULL)
    {
      json_node_unref (account);
      return NULL;
    }

  object = json_object_new ();
  if (token != NULL)
    json_object_set_string_member (object, "token", token);
  json_object_set_boolean_member (object, "must_change_password",
                                  json_object_get_boolean_member (json_node_get_object (account),
                                                                  "must_change_password"));
  json_object_set_member (object, "account", account);
  json_object_set_member (object, "enterprise", enterprise);
  json_object_set_member (object, "permissions", sd_permissions_to_json (permissions));
  json_object_set_string_member (object, "method", binding_id > 0 ? "certificate" : "password");
  sd_json_set_id_or_null (object, "binding_id", binding_id);
  sd_json_set_time (object, "expires_at", expires_at, FALSE);
  return sd_json_node_take_object (object);
}

gboolean
sd_platform_check_not_stronger (SdPlatformConn     *conn,
                                SdPlatformRequest  *request,
                                gint64              account_id,
                                GError            **error)
{
  guint32 target;

  if (!sd_platform_account_permissions (conn, account_id, &target, error))
    return FALSE;
  if ((target & ~request->caller.permissions) != 0)
    return sd_platform_fail (request, error, SD_API_ERROR_PERMISSION_ESCALATION, NULL);
  return TRUE;
}
