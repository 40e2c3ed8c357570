/* sd-platform-accounts.c: accounts (账号管理): list, create, edit,
 * enable/disable, roles (分配角色), password reset (密码重置) and change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-id-codes.h"
#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-auth.h"
#include "sd-platform-password.h"
#include "sd-platform-permissions.h"
#include "sd-secure.h"

/* Accounts with their roles in one statement (one round trip, one
 * snapshot): how many accounts match the WHERE clause (argument 1), and a
 * page of them in the ORDER BY of a (argument 2; the same order on p,
 * argument 3, keeps them in order after the joins), LIMIT and OFFSET the
 * parameters numbered by arguments 4 and 5, each with its updater and
 * certificate count, joined to its roles.  An account spans one row per role,
 * at least one, the accounts in order; an empty page is one row with the
 * total alone.  The columns: */
enum
{
  COLUMN_ID,               /* NULL on an empty page */
  COLUMN_LOGIN,
  COLUMN_NAME,
  COLUMN_KIND,
  COLUMN_ENABLED,
  COLUMN_ID_NUMBER,
  COLUMN_PHONE,
  COLUMN_MUST_CHANGE_PASSWORD,
  COLUMN_LOCKED_UNTIL,
  COLUMN_CREATED_AT,
  COLUMN_UPDATED_AT,
  COLUMN_UPDATED_BY,
  COLUMN_VERSION,
  COLUMN_CERTIFICATE_COUNT,
  COLUMN_TOTAL,
  COLUMN_ROLE_ID,          /* NULL for an account without roles */
  COLUMN_ROLE_NAME,
  COLUMN_ROLE_BUILTIN,
  COLUMN_ROLE_PERMISSIONS,
};

#define ACCOUNTS_SQL                                                                          \
  "WITH page AS (SELECT a.id, a.login, a.name, a.kind, a.enabled, a.id_number, a.phone,"     \
  " a.must_change_password, a.locked_until, a.created_at, a.updated_at, a.updated_by,"       \
  " a.version, a.login_key"                                                                  \
  " FROM accounts a WHERE %1$s ORDER BY %2$s LIMIT $%4$u OFFSET $%5$u)"                      \
  " SELECT p.id, p.login, p.name, p.kind, p.enabled, p.id_number, p.phone,"                  \
  " p.must_change_password, p.locked_until, p.created_at, p.updated_at, u.login, p.version," \
  " (SELECT count(*) FROM bindings b WHERE b.account_id = p.id), t.total,"                   \
  " r.id, r.name, r.builtin, r.permissions"                                                  \
  " FROM (SELECT count(*) AS total FROM accounts a WHERE %1$s) t"                            \
  " LEFT JOIN page p ON TRUE"                                                                \
  " LEFT JOIN accounts u ON u.id = p.updated_by"                                             \
  " LEFT JOIN account_roles ar ON ar.account_id = p.id"                                      \
  " LEFT JOIN roles r ON r.id = ar.role_id"                                                  \
  " ORDER BY %3$s, r.id"

gboolean
sd_platform_login_is_valid (const char *login)
{
  gsize length = login != NULL ? strlen (login) : 0;

  if (length < 2 || length > 64)
    return FALSE;
  for (const char *p = login; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_.@-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* The sort= columns: each has an index (enterprise_id, column, id), see
 * migrations 0002; ties go by creation, in the same direction. */
static const char * const sort_names[] = {
  "login", "name", "kind", "enabled", "created_at", "updated_at", NULL,
};
static const char * const sort_columns[] = {
  "login_key", "name", "kind", "enabled", "created_at", "updated_at",
};
static const char * const sort_orders[] = { "asc", "desc", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (sort_names) == G_N_ELEMENTS (sort_columns) + 1);

/* "a.name DESC, a.id DESC" for @table a: only whitelisted words go into the
 * SQL */
static char *
order_by_clause (const char *sort,
                 const char *order,
                 const char *table)
{
  const char *direction = g_strcmp0 (order, "desc") == 0 ? "DESC" : "ASC";

  for (guint i = 0; sort != NULL && sort_names[i] != NULL; i++)
    if (strcmp (sort, sort_names[i]) == 0)
      return g_strdup_printf ("%s.%s %s, %s.id %s", table, sort_columns[i], direction, table,
                              direction);
  return g_strdup_printf ("%s.id %s", table, direction);
}

/* ACCOUNTS_SQL for @where (@n_params parameters), sorted by @sort in @order
 * (sort= and order=, NULL for the default) */
static char *
accounts_sql (const char *where,
              const char *sort,
              const char *order,
              guint       n_params)
{
  g_autofree char *page_order = order_by_clause (sort, order, "a");
  g_autofree char *row_order = order_by_clause (sort, order, "p");

  return g_strdup_printf (ACCOUNTS_SQL, where, page_order, row_order, n_params + 1, n_params + 2);
}

/* The account on rows @first to @end (excluded) of ACCOUNTS_SQL's rows */
static JsonObject *
account_object (SdPlatformRequest *request,
                SdPlatformRows    *rows,
                guint              first,
                guint              end,
                gboolean           full_id_number)
{
  JsonObject *object = json_object_new ();
  const char *id_number = sd_platform_rows_get_text (rows, first, COLUMN_ID_NUMBER);
  gint64 locked_until = sd_platform_rows_get_int (rows, first, COLUMN_LOCKED_UNTIL);
  JsonArray *role_array = json_array_new ();
  guint32 permissions = 0;

  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, first, COLUMN_ID));
  json_object_set_string_member (object, "login",
                                 sd_platform_rows_get_text (rows, first, COLUMN_LOGIN));
  json_object_set_string_member (object, "name",
                                 sd_platform_rows_get_text (rows, first, COLUMN_NAME));
  json_object_set_string_member (object, "kind",
                                 sd_platform_rows_get_text (rows, first, COLUMN_KIND));
  json_object_set_boolean_member (object, "enabled",
                                  sd_platform_rows_get_bool (rows, first, COLUMN_ENABLED));
  if (id_number != NULL && !full_id_number)
    {
      g_autofree char *masked = sd_id_number_mask (id_number);

      json_object_set_string_member (object, "id_number", masked);
    }
  else
    {
      sd_json_set_string_or_null (object, "id_number", id_number);
    }
  sd_json_set_string_or_null (object, "phone",
                              sd_platform_rows_get_text (rows, first, COLUMN_PHONE));

  for (guint r = first; r < end && !sd_platform_rows_is_null (rows, r, COLUMN_ROLE_ID); r++)
    {
      JsonObject *role = json_object_new ();

      permissions |= sd_permissions_from_string (sd_platform_rows_get_text (rows, r,
                                                                            COLUMN_ROLE_PERMISSIONS));
      json_object_set_int_member (role, "id", sd_platform_rows_get_int (rows, r, COLUMN_ROLE_ID));
      json_object_set_string_member (role, "name",
                                     sd_platform_rows_get_text (rows, r, COLUMN_ROLE_NAME));
      sd_json_set_string_or_null (role, "builtin",
                                  sd_platform_rows_get_text (rows, r, COLUMN_ROLE_BUILTIN));
      json_array_add_object_element (role_array, role);
    }
  json_object_set_array_member (object, "roles", role_array);
  json_object_set_member (object, "permissions", sd_permissions_to_json (permissions));
  json_object_set_int_member (object, "certificate_count",
                              sd_platform_rows_get_int (rows, first, COLUMN_CERTIFICATE_COUNT));
  json_object_set_boolean_member (object, "must_change_password",
                                  sd_platform_rows_get_bool (rows, first,
                                                             COLUMN_MUST_CHANGE_PASSWORD));
  sd_json_set_time (object, "locked_until", locked_until > request->now ? locked_until : 0, TRUE);
  sd_json_set_time (object, "created_at",
                    sd_platform_rows_get_int (rows, first, COLUMN_CREATED_AT), FALSE);
  sd_json_set_time (object, "updated_at",
                    sd_platform_rows_get_int (rows, first, COLUMN_UPDATED_AT), FALSE);
  sd_json_set_string_or_null (object, "updated_by",
                              sd_platform_rows_get_text (rows, first, COLUMN_UPDATED_BY));
  json_object_set_int_member (object, "version",
                              sd_platform_rows_get_int (rows, first, COLUMN_VERSION));
  return object;
}

/* The row after the last one of the account that starts on row @first */
static guint
account_end (SdPlatformRows *rows,
             guint           first)
{
  gint64 id = sd_platform_rows_get_int (rows, first, COLUMN_ID);
  guint end = first + 1;

  while (end < sd_platform_rows_get_n_rows (rows)
         && sd_platform_rows_get_int (rows, end, COLUMN_ID) == id)
    end++;
  return end;
}

JsonNode *
sd_platform_account_json (SdPlatformConn     *conn,
                          SdPlatformRequest  *request,
                          gint64              enterprise_id,
                          gint64              account_id,
                          gboolean            full_id_number,
                          gint64             *version,
                          GError            **error)
{
  g_autofree char *sql = accounts_sql ("a.enterprise_id = $1 AND a.id = $2", NULL, NULL, 2);
  g_autoptr(SdPlatformRows) rows = NULL;

  rows = sd_platform_query (conn, sql,
                            SD_ARGS (SD_INT (enterprise_id), SD_INT (account_id), SD_INT (1),
                                     SD_INT (0)),
                            error);
  if (rows == NULL)
    return NULL;
  if (sd_platform_rows_is_null (rows, 0, COLUMN_ID))
    {
      sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
      return NULL;
    }
  if (version != NULL)
    *version = sd_platform_rows_get_int (rows, 0, COLUMN_VERSION);
  return sd_json_node_take_object (account_object (request, rows, 0,
                                                   sd_platform_rows_get_n_rows (rows),
                                                   full_id_number));
}

gboolean
sd_platform_account_insert (SdPlatformConn     *conn,
                            SdPlatformRequest  *request,
                            gint64              enterprise_id,
                            const char         *login,
                            const char         *name,
                            gboolean            main_account,
                            const char         *id_number,
                            const char         *phone,
                            gboolean            enabled,
                            const char         *password_hash,
                            gboolean            must_change_password,
                            gint64             *account_id,
                            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *login_key = g_ascii_strdown (login, -1);
  gint64 updated_by = request->authenticated ? request->caller.account_id : 0;

  *account_id = sd_platform_query_int (conn,
                                       "INSERT INTO accounts (enterprise_id, login, login_key,"
                                       " name, kind, enabled, id_number, phone, password_hash,"
                                       " must_change_password, created_at, updated_at,"
                                       " updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                                       " $9, $10, $11, $11, $12) RETURNING id",
                                       SD_ARGS (SD_INT (enterprise_id), SD_TEXT (login),
                                                SD_TEXT (login_key), SD_TEXT (name),
                                                SD_TEXT (main_account ? "main" : "sub"),
                                                SD_BOOL (enabled), SD_TEXT (id_number),
                                                SD_TEXT (phone), SD_TEXT (password_hash),
                                                SD_BOOL (must_change_password),
                                                SD_INT (request->now), SD_ID_OR_NULL (updated_by)),
                                       &local_error);
  if (*account_id > 0)
    return TRUE;
  if (sd_platform_store_error_is_unique (local_error, "login_key"))
    return sd_platform_fail (request, error, SD_API_ERROR_LOGIN_TAKEN, "login");
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* --- validation shared by create and edit -------------------------------- */

static gboolean
read_id_number (SdPlatformRequest  *request,
                JsonObject         *body,
                char              **id_number,
                GError            **error)
{
  const char *text;

  *id_number = NULL;
  if (!json_object_has_member (body, "id_number") || sd_json_member_is_null (body, "id_number"))
    return TRUE;
  text = json_object_get_string_member (body, "id_number");
  *id_number = sd_id_number_normalize (text);
  if (*id_number == NULL)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_ID_NUMBER, "id_number");
  return TRUE;
}

static gboolean
read_phone (SdPlatformRequest  *request,
            JsonObject         *body,
            const char        **phone,
            GError            **error)
{
  *phone = NULL;
  if (!json_object_has_member (body, "phone") || sd_json_member_is_null (body, "phone"))
    return TRUE;
  *phone = json_object_get_string_member (body, "phone");
  for (const char *p = *phone; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+ -", *p) == NULL)
      return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "phone");
  if ((*phone)[0] == '\0')
    *phone = NULL;
  return TRUE;
}

/* Checks that @role_ids are roles of the enterprise whose permissions the
 * caller holds; *has_super_admin tells whether 超级管理员 is among them. */
static gboolean
check_roles (SdPlatformConn     *conn,
             SdPlatformRequest  *request,
             JsonArray          *role_ids,
             gboolean           *has_super_admin,
             GError            **error)
{
  guint32 wanted = 0;

  *has_super_admin = FALSE;
  for (guint i = 0; role_ids != NULL && i < json_array_get_length (role_ids); i++)
    {
      g_autoptr(SdPlatformRows) rows =
        sd_platform_query (conn,
                           "SELECT permissions, builtin FROM roles"
                           " WHERE id = $1 AND enterprise_id = $2",
                           SD_ARGS (SD_INT (json_array_get_int_element (role_ids, i)),
                                    SD_INT (request->caller.enterprise_id)),
                           error);

      if (rows == NULL)
        return FALSE;
      if (sd_platform_rows_get_n_rows (rows) == 0)
        return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, "role_ids");
      wanted |= sd_permissions_from_string (sd_platform_rows_get_text (rows, 0, 0));
      if (g_strcmp0 (sd_platform_rows_get_text (rows, 0, 1), "super_admin") == 0)
        *has_super_admin = TRUE;
    }
  if ((wanted & ~request->caller.permissions) != 0)
    return sd_platform_fail (request, error, SD_API_ERROR_PERMISSION_ESCALATION, "role_ids");
  return TRUE;
}

static gboolean
set_roles (SdPlatformConn  *conn,
           gint64           account_id,
           JsonArray       *role_ids,
           GError         **error)
{
  if (sd_platform_exec (conn, "DELETE FROM account_roles WHERE account_id = $1",
                        SD_ARGS (SD_INT (account_id)), error) < 0)
    return FALSE;
  for (guint i = 0; role_ids != NULL && i < json_array_get_length (role_ids); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (sd_platform_exec (conn,
                            "INSERT INTO account_roles (account_id, role_id) VALUES ($1, $2)",
                            SD_ARGS (SD_INT (account_id),
                                     SD_INT (json_array_get_int_element (role_ids, i))),
                            &local_error) < 0)
        {
          /* The same role twice is the same as once. */
          if (g_error_matches (local_error, SD_PLATFORM_STORE_ERROR,
                               SD_PLATFORM_STORE_ERROR_UNIQUE))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

/* The account's kind and login if it is in the caller's enterprise, else 404 */
static gboolean
find_account (SdPlatformConn     *conn,
              SdPlatformRequest  *request,
              gint64              account_id,
              gboolean           *is_main,
              char              **login,
              GError            **error)
{
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn, "SELECT kind, login FROM accounts WHERE id = $1 AND enterprise_id = $2",
                       SD_ARGS (SD_INT (account_id), SD_INT (request->caller.enterprise_id)),
                       error);

  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
  *is_main = g_strcmp0 (sd_platform_rows_get_text (rows, 0, 0), "main") == 0;
  g_free (*login);
  *login = g_strdup (sd_platform_rows_get_text (rows, 0, 1));
  return TRUE;
}

/* --- GET /accounts -------------------------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  GString           *where;
  GArray            *params;
  gint64             page;
  gint64             per_page;
  const char        *sort;
  const char        *order;
  JsonNode          *result;
} ListAccounts;

/* One statement, outside a transaction: it reads one snapshot by itself. */
static gboolean
list_accounts_run (SdPlatformConn  *conn,
                   gpointer         user_data,
                   GError         **error)
{
  ListAccounts *data = user_data;
  g_autofree char *sql = accounts_sql (data->where->str, data->sort, data->order,
                                       data->params->len);
  g_autoptr(GArray) params = g_array_copy (data->params);
  g_autoptr(SdPlatformRows) rows = NULL;
  JsonArray *items;

  g_array_append_val (params, SD_INT (data->per_page));
  g_array_append_val (params, SD_INT ((data->page - 1) * data->per_page));
  rows = sd_platform_query (conn, sql, (const SdPlatformValue *) params->data, params->len,
                            error);
  if (rows == NULL)
    return FALSE;

  items = json_array_new ();
  if (!sd_platform_rows_is_null (rows, 0, COLUMN_ID))
    for (guint i = 0, end; i < sd_platform_rows_get_n_rows (rows); i = end)
      {
        end = account_end (rows, i);
        json_array_add_object_element (items,
                                       account_object (data->request, rows, i, end, FALSE));
      }
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_page_json (items, sd_platform_rows_get_int (rows, 0, COLUMN_TOTAL),
                                       data->page, data->per_page);
  return TRUE;
}

/* Appends " AND <left> $n<right>", n being @value's place */
static void
add_condition (ListAccounts          *data,
               const char            *left,
               const SdPlatformValue *value,
               const char            *right)
{
  g_array_append_val (data->params, *value);
  g_string_append_printf (data->where, " AND %s $%u%s", left, data->params->len, right);
}

static gboolean
list_accounts (SdPlatformRequest  *request,
               GError            **error)
{
  static const char * const kinds[] = { "main", "sub", NULL };
  ListAccounts data = { request };
  g_autoptr(GString) where = g_string_new ("a.enterprise_id = $1");
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (SdPlatformValue));
  g_autofree char *login_pattern = NULL;
  g_autofree char *name_pattern = NULL;
  const char *login = NULL, *name = NULL, *kind = NULL;
  gboolean has_enabled = FALSE, enabled = FALSE;
  gint64 role_id = 0;
  gboolean ok;

  if (!sd_platform_require (request, SD_PERMISSION_ACCOUNTS_READ | SD_PERMISSION_ACCOUNTS_MANAGE,
                            error)
      || !sd_platform_get_paging (request, &data.page, &data.per_page, error)
      || !sd_platform_get_query_text (request, "login", 64, &login, error)
      || !sd_platform_get_query_text (request, "name", 64, &name, error)
      || !sd_platform_get_query_bool (request, "enabled", &has_enabled, &enabled, error)
      || !sd_platform_get_query_enum (request, "kind", kinds, &kind, error)
      || !sd_platform_get_query_id (request, "role_id", &role_id, error)
      || !sd_platform_get_query_enum (request, "sort", sort_names, &data.sort, error)
      || !sd_platform_get_query_enum (request, "order", sort_orders, &data.order, error))
    return FALSE;

  data.where = where;
  data.params = params;
  g_array_append_val (params, SD_INT (request->caller.enterprise_id));
  if (login != NULL)
    {
      login_pattern = sd_platform_like_pattern (login);
      add_condition (&data, "a.login_key LIKE", &SD_TEXT (login_pattern), " ESCAPE '\\'");
    }
  if (name != NULL)
    {
      name_pattern = sd_platform_like_pattern (name);
      add_condition (&data, "a.name_key LIKE", &SD_TEXT (name_pattern), " ESCAPE '\\'");
    }
  if (has_enabled)
    add_condition (&data, "a.enabled =", &SD_BOOL (enabled), "");
  if (kind != NULL)
    add_condition (&data, "a.kind =", &SD_TEXT (kind), "");
  /* The holders of a role: who keeps it from being deleted */
  if (role_id > 0)
    add_condition (&data, "a.id IN (SELECT account_id FROM account_roles WHERE role_id =",
                   &SD_INT (role_id), ")");

  ok = sd_platform_store_run_single (request->store, list_accounts_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
  g_clear_pointer (&data.result, json_node_unref);
  return ok;
}

/* --- GET /accounts/{id} --------------------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  gint64             account_id;
  gboolean           full_id_number;
  gint64             version;
  JsonNode          *result;
} GetAccount;

static gboolean
get_account_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  GetAccount *data = user_data;

  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_account_json (conn, data->request,
                                           data->request->caller.enterprise_id, data->account_id,
                                           data->full_id_number, &data->version, error);
  return data->result != NULL;
}

static gboolean
get_account (SdPlatformRequest  *request,
             GError            **error)
{
  GetAccount data = { request, request->ids[0] };
  gboolean self = request->ids[0] == request->caller.account_id;

  if (!self && request->caller.must_change_password)
    return sd_platform_fail (request, error, SD_API_ERROR_PASSWORD_CHANGE_REQUIRED, NULL);
  if (!self && !sd_platform_require (request,
                                     SD_PERMISSION_ACCOUNTS_READ | SD_PERMISSION_ACCOUNTS_MANAGE,
                                     error))
    return FALSE;
  data.full_id_number = self || (request->caller.permissions & SD_PERMISSION_ACCOUNTS_MANAGE);
  if (!sd_platform_store_read (request->store, get_account_run, &data, error))
    return FALSE;
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

/* --- POST /accounts ------------------------------------------------------- */

static const SdField create_fields[] = {
  { "login", SD_FIELD_STRING, TRUE, FALSE, 2, 64 },
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "id_number", SD_FIELD_STRING, FALSE, TRUE, 0, 18 },
  { "phone", SD_FIELD_STRING, FALSE, TRUE, 0, 32 },
  { "enabled", SD_FIELD_BOOLEAN, FALSE, FALSE, 0, 0 },
  { "role_ids", SD_FIELD_ID_ARRAY, FALSE, FALSE, 0, 100 },
};

typedef struct
{
  SdPlatformRequest *request;
  JsonObject        *body;
  const char        *id_number;
  const char        *phone;
  const char        *password_hash;
  gint64             account_id;
  gint64             version;
  JsonNode          *account;
} CreateAccount;

static gboolean
create_account_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  CreateAccount *data = user_data;
  SdPlatformRequest *request = data->request;
  JsonArray *role_ids = json_object_has_member (data->body, "role_ids")
                        ? json_object_get_array_member (data->body, "role_ids") : NULL;
  const char *login = json_object_get_string_member (data->body, "login");
  gboolean has_super_admin;
  SdAuditEntry entry = { "account.create", .target_type = "account", .target_label = login };
  JsonObject *details;

  if (!check_roles (conn, request, role_ids, &has_super_admin, error)
      || !sd_platform_account_insert (conn, request, request->caller.enterprise_id, login,
                                      json_object_get_string_member (data->body, "name"), FALSE,
                                      data->id_number, data->phone,
                                      json_object_get_boolean_member_with_default (data->body,
                                                                                   "enabled",
                                                                                   TRUE),
                                      data->password_hash, TRUE, &data->account_id, error)
      || !set_roles (conn, data->account_id, role_ids, error))
    return FALSE;

  entry.target_id = data->account_id;
  details = json_object_new ();
  json_object_set_string_member (details, "name", json_object_get_string_member (data->body,
                                                                                  "name"));
  if (role_ids != NULL)
    json_object_set_array_member (details, "role_ids", json_array_ref (role_ids));
  if (!sd_platform_audit (conn, request, &entry, details, error))
    return FALSE;

  g_clear_pointer (&data->account, json_node_unref);
  data->account = sd_platform_account_json (conn, request, request->caller.enterprise_id,
                                            data->account_id, TRUE, &data->version, error);
  return data->account != NULL;
}

static JsonNode *
account_with_password (JsonNode   *account,
                       const char *password)
{
  JsonObject *object = json_object_new ();

  json_object_set_member (object, "account", account);
  json_object_set_string_member (object, "temporary_password", password);
  return sd_json_node_take_object (object);
}

static gboolean
create_account (SdPlatformRequest  *request,
                GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *id_number = NULL;
  g_autoptr(SdSecret) password = NULL;
  g_autofree char *password_hash = NULL;
  g_autofree char *location = NULL;
  CreateAccount data = { request };

  if (!sd_platform_require (request, SD_PERMISSION_ACCOUNTS_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, create_fields, G_N_ELEMENTS (create_fields), error);
  if (body == NULL)
    return FALSE;
  if (!sd_platform_login_is_valid (json_object_get_string_member (body, "login")))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "login");
  if (json_object_has_member (body, "role_ids")
      && json_array_get_length (json_object_get_array_member (body, "role_ids")) > 0
      && !sd_platform_require (request, SD_PERMISSION_ROLES_MANAGE, error))
    return FALSE;
  if (!read_id_number (request, body, &id_number, error)
      || !read_phone (request, body, &data.phone, error))
    return FALSE;

  password = sd_password_make_temporary ();
  password_hash = password != NULL ? sd_password_hash (password, request->config->scrypt_log_n,
                                                       error)
                                   : NULL;
  if (password_hash == NULL)
    {
      if (error != NULL && *error == NULL)
        sd_api_set_error (error, SD_API_ERROR_INTERNAL);
      return FALSE;
    }

  data.body = body;
  data.id_number = id_number;
  data.password_hash = password_hash;
  if (!sd_platform_store_write (request->store, create_account_run, &data, error))
    {
      g_clear_pointer (&data.account, json_node_unref);
      return FALSE;
    }
  location = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, data.account_id);
  sd_platform_add_header (request, "Location", location);
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 201, account_with_password (data.account, password));
  return TRUE;
}

/* --- PATCH /accounts/{id} -------------------------------------------------- */

static const SdField update_fields[] = {
  { "name", SD_FIELD_STRING, FALSE, FALSE, 1, 64 },
  { "id_number", SD_FIELD_STRING, FALSE, TRUE, 0, 18 },
  { "phone", SD_FIELD_STRING, FALSE, TRUE, 0, 32 },
  { "enabled", SD_FIELD_BOOLEAN, FALSE, FALSE, 0, 0 },
};

typedef struct
{
  SdPlatformRequest *request;
  JsonObject        *body;
  const char        *id_number;
  const char        *phone;
  gint64             version;
  JsonNode          *account;
} UpdateAccount;

/* A new ID number may not orphan a bound personal certificate. */
static gboolean
check_id_number_change (SdPlatformConn     *conn,
                        SdPlatformRequest  *request,
                        gint64              account_id,
                        const char         *id_number,
                        GError            **error)
{
  gint64 bound = sd_platform_query_int (conn,
                                        "SELECT count(*) FROM bindings WHERE account_id = $1"
                                        " AND id_number IS NOT NULL"
                                        " AND ($2 = '' OR id_number <> $2)",
                                        SD_ARGS (SD_INT (account_id),
                                                 SD_TEXT (id_number != NULL ? id_number : "")),
                                        error);

  if (bound < 0)
    return FALSE;
  if (bound > 0)
    return sd_platform_fail (request, error, SD_API_ERROR_ID_NUMBER_IN_USE, "id_number");
  return TRUE;
}

static gboolean
update_account_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  UpdateAccount *data = user_data;
  SdPlatformRequest *request = data->request;
  JsonObject *body = data->body;
  gint64 account_id = request->ids[0];
  g_autofree char *login = NULL;
  gboolean is_main = FALSE;
  gint64 version;
  g_autoptr(JsonNode) current = NULL;
  JsonObject *before;
  JsonObject *details = json_object_new ();
  gboolean disable = FALSE;
  SdAuditEntry entry = { "account.update", .target_type = "account", .target_id = account_id };

  g_clear_pointer (&data->account, json_node_unref);
  if (!find_account (conn, request, account_id, &is_main, &login, error))
    goto failed;
  current = sd_platform_account_json (conn, request, request->caller.enterprise_id, account_id,
                                      TRUE, &version, error);
  if (current == NULL || !sd_platform_check_if_match (request, version, TRUE, error)
      || !sd_platform_check_not_stronger (conn, request, account_id, error))
    goto failed;
  before = json_node_get_object (current);

  if (json_object_has_member (body, "enabled"))
    {
      gboolean enabled = json_object_get_boolean_member (body, "enabled");

      disable = !enabled && json_object_get_boolean_member (before, "enabled");
      if (!enabled && is_main)
        {
          sd_platform_fail (request, error, SD_API_ERROR_MAIN_ACCOUNT_CANNOT_BE_DISABLED,
                            "enabled");
          goto failed;
        }
      if (!enabled && account_id == request->caller.account_id)
        {
          sd_platform_fail (request, error, SD_API_ERROR_CANNOT_DISABLE_SELF, "enabled");
          goto failed;
        }
      if (enabled != json_object_get_boolean_member (before, "enabled"))
        entry.action = enabled ? "account.enable" : "account.disable";
      json_object_set_boolean_member (details, "enabled", enabled);
    }
  if (json_object_has_member (body, "id_number"))
    {
      if (g_strcmp0 (data->id_number, json_object_get_string_member (before, "id_number")) != 0
          && !check_id_number_change (conn, request, account_id, data->id_number, error))
        goto failed;
      /* a fact about the change, not the number itself */
      json_object_set_boolean_member (details, "id_number_set", data->id_number != NULL);
    }
  if (json_object_has_member (body, "name"))
    json_object_set_string_member (details, "name", json_object_get_string_member (body, "name"));
  if (json_object_has_member (body, "phone"))
    json_object_set_boolean_member (details, "phone_set", data->phone != NULL);

  if (sd_platform_exec (conn,
                        "UPDATE accounts SET"
                        " name = CASE WHEN $1 = 1 THEN $2 ELSE name END,"
                        " id_number = CASE WHEN $3 = 1 THEN $4 ELSE id_number END,"
                        " phone = CASE WHEN $5 = 1 THEN $6 ELSE phone END,"
                        " enabled = CASE WHEN $7 = 1 THEN $8 ELSE enabled END,"
                        " version = version + 1, updated_at = $9, updated_by = $10"
                        " WHERE id = $11",
                        SD_ARGS (SD_BOOL (json_object_has_member (body, "name")),
                                 SD_TEXT (json_object_get_string_member_with_default (body, "name",
                                                                                      "")),
                                 SD_BOOL (json_object_has_member (body, "id_number")),
                                 SD_TEXT (data->id_number),
                                 SD_BOOL (json_object_has_member (body, "phone")),
                                 SD_TEXT (data->phone),
                                 SD_BOOL (json_object_has_member (body, "enabled")),
                                 SD_BOOL (json_object_get_boolean_member_with_default (body,
                                                                                       "enabled",
                                                                                       TRUE)),
                                 SD_INT (request->now), SD_INT (request->caller.account_id),
                                 SD_INT (account_id)),
                        error) < 0)
    goto failed;
  if (disable && !sd_platform_sessions_end (conn, account_id, 0, error))
    goto failed;

  entry.target_label = login;
  if (!sd_platform_audit (conn, request, &entry, g_steal_pointer (&details), error))
    return FALSE;
  data->account = sd_platform_account_json (conn, request, request->caller.enterprise_id,
                                            account_id, TRUE, &data->version, error);
  return data->account != NULL;

failed:
  g_clear_pointer (&details, json_object_unref);
  return FALSE;
}

static gboolean
update_account (SdPlatformRequest  *request,
                GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *id_number = NULL;
  UpdateAccount data = { request };

  if (!sd_platform_require (request, SD_PERMISSION_ACCOUNTS_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, update_fields, G_N_ELEMENTS (update_fields), error);
  if (body == NULL)
    return FALSE;
  if (json_object_get_size (body) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, NULL);
  if (!read_id_number (request, body, &id_number, error)
      || !read_phone (request, body, &data.phone, error))
    return FALSE;
  data.body = body;
  data.id_number = id_number;
  if (!sd_platform_store_write (request->store, update_account_run, &data, error))
    {
      g_clear_pointer (&data.account, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.account);
  return TRUE;
}

/* --- PUT /accounts/{id}/roles --------------------------------------------- */

static const SdField roles_fields[] = {
  { "role_ids", SD_FIELD_ID_ARRAY, TRUE, FALSE, 0, 100 },
};

typedef struct
{
  SdPlatformRequest *request;
  JsonArray         *role_ids;
  gint64             version;
  JsonNode          *account;
} SetRoles;

static gboolean
set_roles_run (SdPlatformConn  *conn,
               gpointer         user_data,
               GError         **error)
{
  SetRoles *data = user_data;
  SdPlatformRequest *request = data->request;
  gint64 account_id = request->ids[0];
  g_autoptr(JsonNode) current = NULL;
  g_autofree char *login = NULL;
  gboolean is_main = FALSE, has_super_admin;
  gint64 version;
  SdAuditEntry entry = { "account.roles", .target_type = "account", .target_id = account_id };
  JsonObject *details;

  g_clear_pointer (&data->account, json_node_unref);
  if (!find_account (conn, request, account_id, &is_main, &login, error))
    return FALSE;
  current = sd_platform_account_json (conn, request, request->caller.enterprise_id, account_id,
                                      TRUE, &version, error);
  if (current == NULL || !sd_platform_check_if_match (request, version, TRUE, error)
      || !sd_platform_check_not_stronger (conn, request, account_id, error)
      || !check_roles (conn, request, data->role_ids, &has_super_admin, error))
    return FALSE;
  if (is_main && !has_super_admin)
    return sd_platform_fail (request, error, SD_API_ERROR_MAIN_ACCOUNT_SUPER_ADMIN_REQUIRED,
                             "role_ids");
  if (!set_roles (conn, account_id, data->role_ids, error)
      || sd_platform_exec (conn,
                           "UPDATE accounts SET version = version + 1, updated_at = $1,"
                           " updated_by = $2 WHERE id = $3",
                           SD_ARGS (SD_INT (request->now), SD_INT (request->caller.account_id),
                                    SD_INT (account_id)),
                           error) < 0)
    return FALSE;

  entry.target_label = login;
  details = json_object_new ();
  json_object_set_array_member (details, "role_ids", json_array_ref (data->role_ids));
  if (!sd_platform_audit (conn, request, &entry, details, error))
    return FALSE;
  data->account = sd_platform_account_json (conn, request, request->caller.enterprise_id,
                                            account_id, TRUE, &data->version, error);
  return data->account != NULL;
}

static gboolean
put_roles (SdPlatformRequest  *request,
           GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  SetRoles data = { request };

  if (!sd_platform_require (request, SD_PERMISSION_ROLES_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, roles_fields, G_N_ELEMENTS (roles_fields), error);
  if (body == NULL)
    return FALSE;
  data.role_ids = json_object_get_array_member (body, "role_ids");
  if (!sd_platform_store_write (request->store, set_roles_run, &data, error))
    {
      g_clear_pointer (&data.account, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.account);
  return TRUE;
}

/* --- POST /accounts/{id}/password-reset ------------------------------------ */

typedef struct
{
  SdPlatformRequest *request;
  const char        *password_hash;
  JsonNode          *account;
} ResetPassword;

static gboolean
reset_password_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  ResetPassword *data = user_data;
  SdPlatformRequest *request = data->request;
  gint64 account_id = request->ids[0];
  g_autofree char *login = NULL;
  gboolean is_main = FALSE;
  SdAuditEntry entry = { "account.password_reset", .target_type = "account",
                         .target_id = account_id };

  g_clear_pointer (&data->account, json_node_unref);
  if (!find_account (conn, request, account_id, &is_main, &login, error)
      || !sd_platform_check_not_stronger (conn, request, account_id, error))
    return FALSE;
  if (sd_platform_exec (conn,
                        "UPDATE accounts SET password_hash = $1, must_change_password = 1,"
                        " failed_logins = 0, locked_until = NULL, version = version + 1,"
                        " updated_at = $2, updated_by = $3 WHERE id = $4",
                        SD_ARGS (SD_TEXT (data->password_hash), SD_INT (request->now),
                                 SD_INT (request->caller.account_id), SD_INT (account_id)),
                        error) < 0
      || !sd_platform_sessions_end (conn, account_id, 0, error))
    return FALSE;
  entry.target_label = login;
  if (!sd_platform_audit (conn, request, &entry, NULL, error))
    return FALSE;
  data->account = sd_platform_account_json (conn, request, request->caller.enterprise_id,
                                            account_id, TRUE, NULL, error);
  return data->account != NULL;
}

static gboolean
reset_password (SdPlatformRequest  *request,
                GError            **error)
{
  g_autoptr(SdSecret) password = NULL;
  g_autofree char *password_hash = NULL;
  ResetPassword data = { request };

  if (!sd_platform_require (request, SD_PERMISSION_ACCOUNTS_MANAGE, error))
    return FALSE;
  password = sd_password_make_temporary ();
  password_hash = password != NULL ? sd_password_hash (password, request->config->scrypt_log_n,
                                                       error)
                                   : NULL;
  if (password_hash == NULL)
    {
      if (error != NULL && *error == NULL)
        sd_api_set_error (error, SD_API_ERROR_INTERNAL);
      return FALSE;
    }
  data.password_hash = password_hash;
  if (!sd_platform_store_write (request->store, reset_password_run, &data, error))
    {
      g_clear_pointer (&data.account, json_node_unref);
      return FALSE;
    }
  sd_platform_respond_json (request, 200, account_with_password (data.account, password));
  return TRUE;
}

/* --- PUT /accounts/{id}/password ------------------------------------------ */

static const SdField password_fields[] = {
  { "current_password", SD_FIELD_STRING, TRUE, FALSE, 0, SD_PASSWORD_MAX_BYTES },
  { "new_password", SD_FIELD_STRING, TRUE, FALSE, 0, SD_PASSWORD_MAX_BYTES },
};

typedef struct
{
  SdPlatformRequest *request;
  char              *stored_hash;    /* the hash the current password was checked against */
  const char        *new_hash;
} ChangePassword;

static gboolean
read_hash_run (SdPlatformConn  *conn,
               gpointer         user_data,
               GError         **error)
{
  ChangePassword *data = user_data;
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn, "SELECT password_hash FROM accounts WHERE id = $1",
                       SD_ARGS (SD_INT (data->request->caller.account_id)), error);

  if (rows == NULL)
    return FALSE;
  g_free (data->stored_hash);
  data->stored_hash = g_strdup (sd_platform_rows_get_text (rows, 0, 0));
  return TRUE;
}

static gboolean
change_password_run (SdPlatformConn  *conn,
                     gpointer         user_data,
                     GError         **error)
{
  ChangePassword *data = user_data;
  SdPlatformRequest *request = data->request;
  SdAuditEntry entry = { "account.password_change", .target_type = "account",
                         .target_id = request->caller.account_id,
                         .target_label = request->caller.login };
  gint64 changed;

  /* Only if nobody changed the password since it was checked */
  changed = sd_platform_exec (conn,
                              "UPDATE accounts SET password_hash = $1, must_change_password = 0,"
                              " version = version + 1, updated_at = $2, updated_by = $3"
                              " WHERE id = $3 AND password_hash = $4",
                              SD_ARGS (SD_TEXT (data->new_hash), SD_INT (request->now),
                                       SD_INT (request->caller.account_id),
                                       SD_TEXT (data->stored_hash)),
                              error);
  if (changed < 0)
    return FALSE;
  if (changed == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_VERSION_CONFLICT, NULL);
  return sd_platform_sessions_end (conn, request->caller.account_id, request->caller.session_id,
                                   error)
         && sd_platform_audit (conn, request, &entry, NULL, error);
}

static gboolean
account_exists_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  SdPlatformRequest *request = user_data;
  gint64 found = sd_platform_query_int (conn,
                                        "SELECT count(*) FROM accounts"
                                        " WHERE id = $1 AND enterprise_id = $2",
                                        SD_ARGS (SD_INT (request->ids[0]),
                                                 SD_INT (request->caller.enterprise_id)),
                                        error);

  if (found < 0)
    return FALSE;
  if (found == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
  return TRUE;
}

static gboolean
change_password (SdPlatformRequest  *request,
                 GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *new_hash = NULL;
  ChangePassword data = { request };
  const char *current, *wanted;
  gboolean ok;

  request->body_is_secret = TRUE;
  body = sd_platform_read_body (request, password_fields, G_N_ELEMENTS (password_fields), error);
  if (body == NULL)
    return FALSE;
  if (request->ids[0] != request->caller.account_id)
    {
      /* Another enterprise's account does not exist; one's colleagues'
       * passwords are not one's to change. */
      if (!sd_platform_store_read (request->store, account_exists_run, request, error))
        return FALSE;
      return sd_platform_fail (request, error, SD_API_ERROR_PERMISSION_DENIED, NULL);
    }
  current = json_object_get_string_member (body, "current_password");
  wanted = json_object_get_string_member (body, "new_password");

  if (!sd_platform_store_read (request->store, read_hash_run, &data, error))
    return FALSE;
  if (!sd_password_verify (current, data.stored_hash))
    {
      g_free (data.stored_hash);
      return sd_platform_fail_message (request, error, SD_API_ERROR_INVALID_FIELD,
                                       "current_password", _("The current password is wrong."));
    }
  if (!sd_password_is_acceptable (wanted, request->caller.login) || strcmp (wanted, current) == 0)
    {
      g_free (data.stored_hash);
      return sd_platform_fail (request, error, SD_API_ERROR_PASSWORD_TOO_WEAK, "new_password");
    }
  new_hash = sd_password_hash (wanted, request->config->scrypt_log_n, error);
  if (new_hash == NULL)
    {
      g_free (data.stored_hash);
      return FALSE;
    }
  data.new_hash = new_hash;
  ok = sd_platform_store_write (request->store, change_password_run, &data, error);
  g_free (data.stored_hash);
  if (ok)
    sd_platform_respond_empty (request, 204);
  return ok;
}

static const SdPlatformRoute routes[] = {
  { "GET", "accounts", SD_ROUTE_SESSION, list_accounts },
  { "POST", "accounts", SD_ROUTE_SESSION, create_account },
  { "GET", "accounts/#", SD_ROUTE_SESSION_ANY, get_account },
  { "PATCH", "accounts/#", SD_ROUTE_SESSION, update_account },
  { "PUT", "accounts/#/roles", SD_ROUTE_SESSION, put_roles },
  { "POST", "accounts/#/password-reset", SD_ROUTE_SESSION, reset_password },
  { "PUT", "accounts/#/password", SD_ROUTE_SESSION_ANY, change_password },
};

const SdPlatformRoute *
sd_platform_account_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
