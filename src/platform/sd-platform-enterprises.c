/* sd-platform-enterprises.c: enterprises (企业): registration with the main
 * account (主账号), and the caller's own enterprise
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-id-codes.h"
#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-password.h"

JsonNode *
sd_platform_enterprise_json (SdPlatformConn  *conn,
                             gint64           enterprise_id,
                             GError         **error)
{
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn,
                       "SELECT id, name, uscc, legal_representative, created_at"
                       " FROM enterprises WHERE id = $1",
                       SD_ARGS (SD_INT (enterprise_id)), error);
  g_autofree char *organization_code = NULL;
  JsonObject *object;

  if (rows == NULL)
    return NULL;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    {
      sd_api_set_error (error, SD_API_ERROR_NOT_FOUND);
      return NULL;
    }
  organization_code = sd_uscc_get_organization_code (sd_platform_rows_get_text (rows, 0, 2));
  object = json_object_new ();
  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, 0, 0));
  json_object_set_string_member (object, "name", sd_platform_rows_get_text (rows, 0, 1));
  json_object_set_string_member (object, "uscc", sd_platform_rows_get_text (rows, 0, 2));
  sd_json_set_string_or_null (object, "organization_code", organization_code);
  json_object_set_string_member (object, "legal_representative",
                                 sd_platform_rows_get_text (rows, 0, 3));
  sd_json_set_time (object, "created_at", sd_platform_rows_get_int (rows, 0, 4), FALSE);
  return sd_json_node_take_object (object);
}

gboolean
sd_platform_enterprise_create (SdPlatformConn     *conn,
                               SdPlatformRequest  *request,
                               const char         *name,
                               const char         *uscc,
                               const char         *legal_representative,
                               const char         *login,
                               const char         *account_name,
                               const char         *id_number,
                               const char         *phone,
                               const char         *password_hash,
                               gint64             *enterprise_id,
                               gint64             *account_id,
                               GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 super_admin_id = 0;
  SdAuditEntry entry = { "enterprise.register", .target_type = "enterprise",
                         .target_label = name };
  JsonObject *details;

  *enterprise_id = sd_platform_query_int (conn,
                                          "INSERT INTO enterprises (name, uscc,"
                                          " legal_representative, created_at)"
                                          " VALUES ($1, $2, $3, $4) RETURNING id",
                                          SD_ARGS (SD_TEXT (name), SD_TEXT (uscc),
                                                   SD_TEXT (legal_representative),
                                                   SD_INT (request->now)),
                                          &local_error);
  if (*enterprise_id <= 0)
    {
      if (sd_platform_store_error_is_unique (local_error, "uscc"))
        return sd_platform_fail (request, error, SD_API_ERROR_ENTERPRISE_EXISTS, "uscc");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!sd_platform_roles_create_builtin (conn, *enterprise_id, request->now, &super_admin_id,
                                         error)
      || !sd_platform_account_insert (conn, request, *enterprise_id, login, account_name, TRUE,
                                      id_number, phone, TRUE, password_hash, FALSE, account_id,
                                      error)
      || sd_platform_exec (conn, "INSERT INTO account_roles (account_id, role_id) VALUES ($1, $2)",
                           SD_ARGS (SD_INT (*account_id), SD_INT (super_admin_id)), error) < 0)
    return FALSE;

  entry.enterprise_id = *enterprise_id;
  entry.actor_id = *account_id;
  entry.actor_login = login;
  entry.target_id = *enterprise_id;
  details = json_object_new ();
  json_object_set_string_member (details, "uscc", uscc);
  json_object_set_string_member (details, "main_account", login);
  return sd_platform_audit (conn, request, &entry, details, error);
}

/* --- POST /enterprises ----------------------------------------------------- */

static const SdField register_fields[] = {
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 128 },
  { "uscc", SD_FIELD_STRING, TRUE, FALSE, 18, 18 },
  { "legal_representative", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "main_account", SD_FIELD_OBJECT, TRUE, FALSE, 0, 0 },
};

static const SdField main_account_fields[] = {
  { "login", SD_FIELD_STRING, TRUE, FALSE, 2, 64 },
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "password", SD_FIELD_STRING, TRUE, FALSE, 0, 256 },
  { "id_number", SD_FIELD_STRING, FALSE, TRUE, 0, 18 },
  { "phone", SD_FIELD_STRING, FALSE, TRUE, 0, 32 },
};

typedef struct
{
  SdPlatformRequest *request;
  JsonObject        *body;
  JsonObject        *main_account;
  const char        *uscc;
  const char        *id_number;
  const char        *password_hash;
  JsonNode          *result;
} Register;

static gboolean
register_run (SdPlatformConn  *conn,
              gpointer         user_data,
              GError         **error)
{
  Register *data = user_data;
  JsonObject *main_account = data->main_account;
  JsonObject *object;
  JsonNode *enterprise;
  JsonNode *account;
  gint64 enterprise_id, account_id;

  g_clear_pointer (&data->result, json_node_unref);
  if (!sd_platform_enterprise_create (conn, data->request,
                                      json_object_get_string_member (data->body, "name"),
                                      data->uscc,
                                      json_object_get_string_member (data->body,
                                                                     "legal_representative"),
                                      json_object_get_string_member (main_account, "login"),
                                      json_object_get_string_member (main_account, "name"),
                                      data->id_number,
                                      json_object_get_string_member_with_default (main_account,
                                                                                  "phone", NULL),
                                      data->password_hash, &enterprise_id, &account_id, error))
    return FALSE;
  enterprise = sd_platform_enterprise_json (conn, enterprise_id, error);
  if (enterprise == NULL)
    return FALSE;
  account = sd_platform_account_json (conn, data->request, enterprise_id, account_id, TRUE, NULL,
                                      error);
  if (account == NULL)
    {
      json_node_unref (enterprise);
      return FALSE;
    }
  object = json_object_new ();
  json_object_set_member (object, "enterprise", enterprise);
  json_object_set_member (object, "account", account);
  data->result = sd_json_node_take_object (object);
  return TRUE;
}

static gboolean
register_enterprise (SdPlatformRequest  *request,
                     GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *uscc = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *password_hash = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *field = NULL;
  Register data = { request };
  JsonObject *main_account;
  const char *bad, *password, *text;

  if (!request->config->allow_registration)
    return sd_platform_fail (request, error, SD_API_ERROR_REGISTRATION_CLOSED, NULL);
  request->body_is_secret = TRUE;
  body = sd_platform_read_body (request, register_fields, G_N_ELEMENTS (register_fields), error);
  if (body == NULL)
    return FALSE;
  main_account = json_object_get_object_member (body, "main_account");
  bad = sd_json_check_fields (main_account, main_account_fields,
                              G_N_ELEMENTS (main_account_fields), &reason);
  if (bad != NULL)
    {
      g_autofree char *message = NULL;

      field = g_strconcat ("main_account.", bad, NULL);
      message = g_strdup_printf (_("The field “%s” is not valid: %s"), field, reason);
      return sd_platform_fail_message (request, error, SD_API_ERROR_INVALID_FIELD, field,
                                       message);
    }

  uscc = g_ascii_strup (json_object_get_string_member (body, "uscc"), -1);
  if (!sd_uscc_is_valid (uscc))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_USCC, "uscc");
  if (!sd_platform_login_is_valid (json_object_get_string_member (main_account, "login")))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD,
                             "main_account.login");
  text = json_object_get_string_member_with_default (main_account, "id_number", NULL);
  if (text != NULL)
    {
      id_number = sd_id_number_normalize (text);
      if (id_number == NULL)
        return sd_platform_fail (request, error, SD_API_ERROR_INVALID_ID_NUMBER,
                                 "main_account.id_number");
    }
  password = json_object_get_string_member (main_account, "password");
  if (!sd_password_is_acceptable (password, json_object_get_string_member (main_account, "login")))
    return sd_platform_fail (request, error, SD_API_ERROR_PASSWORD_TOO_WEAK,
                             "main_account.password");
  password_hash = sd_password_hash (password, request->config->scrypt_log_n, error);
  if (password_hash == NULL)
    return FALSE;

  data.body = body;
  data.main_account = main_account;
  data.uscc = uscc;
  data.id_number = id_number;
  data.password_hash = password_hash;
  if (!sd_platform_store_write (request->store, register_run, &data, error))
    return FALSE;
  sd_platform_respond_json (request, 201, data.result);
  return TRUE;
}

/* --- GET /enterprise ------------------------------------------------------ */

typedef struct
{
  SdPlatformRequest *request;
  JsonNode          *result;
} GetEnterprise;

static gboolean
get_enterprise_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  GetEnterprise *data = user_data;

  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_enterprise_json (conn, data->request->caller.enterprise_id, error);
  return data->result != NULL;
}

static gboolean
get_enterprise (SdPlatformRequest  *request,
                GError            **error)
{
  GetEnterprise data = { request };

  if (!sd_platform_store_read (request->store, get_enterprise_run, &data, error))
    return FALSE;
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

static const SdPlatformRoute routes[] = {
  { "POST", "enterprises", SD_ROUTE_PUBLIC, register_enterprise },
  { "GET", "enterprise", SD_ROUTE_SESSION, get_enterprise },
};

const SdPlatformRoute *
sd_platform_enterprise_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
