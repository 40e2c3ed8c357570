/* sd-platform-roles.c: roles (角色管理): the built-in three and custom roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-permissions.h"

#define ROLE_SELECT                                                                          \
  "SELECT r.id, r.name, r.description, r.builtin, r.permissions, r.created_at, r.updated_at," \
  " u.login, r.version, (SELECT count(*) FROM account_roles ar WHERE ar.role_id = r.id)"     \
  " FROM roles r LEFT JOIN accounts u ON u.id = r.updated_by"

#define READ_PERMISSIONS (SD_PERMISSION_ROLES_MANAGE | SD_PERMISSION_ACCOUNTS_READ          \
                          | SD_PERMISSION_ACCOUNTS_MANAGE)

gboolean
sd_platform_roles_create_builtin (SdPlatformConn  *conn,
                                  gint64           enterprise_id,
                                  gint64           now,
                                  gint64          *super_admin_id,
                                  GError         **error)
{
  guint n_roles;
  const SdBuiltinRole *roles = sd_builtin_roles_get (&n_roles);

  for (guint i = 0; i < n_roles; i++)
    {
      g_autofree char *permissions = sd_permissions_to_string (roles[i].permissions);
      gint64 id = sd_platform_query_int (conn,
                                         "INSERT INTO roles (enterprise_id, name, description,"
                                         " builtin, permissions, created_at, updated_at)"
                                         " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                                         SD_ARGS (SD_INT (enterprise_id), SD_TEXT (roles[i].name),
                                                  SD_TEXT (roles[i].description),
                                                  SD_TEXT (roles[i].key), SD_TEXT (permissions),
                                                  SD_INT (now)),
                                         error);

      if (id <= 0)
        return FALSE;
      if (strcmp (roles[i].key, "super_admin") == 0)
        *super_admin_id = id;
    }
  return TRUE;
}

static JsonObject *
role_object (SdPlatformRows *rows,
             guint           i)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, i, 0));
  json_object_set_string_member (object, "name", sd_platform_rows_get_text (rows, i, 1));
  json_object_set_string_member (object, "description", sd_platform_rows_get_text (rows, i, 2));
  sd_json_set_string_or_null (object, "builtin", sd_platform_rows_get_text (rows, i, 3));
  json_object_set_member (object, "permissions",
                          sd_permissions_to_json (sd_permissions_from_string (
                            sd_platform_rows_get_text (rows, i, 4))));
  json_object_set_int_member (object, "account_count", sd_platform_rows_get_int (rows, i, 9));
  sd_json_set_time (object, "created_at", sd_platform_rows_get_int (rows, i, 5), FALSE);
  sd_json_set_time (object, "updated_at", sd_platform_rows_get_int (rows, i, 6), FALSE);
  sd_json_set_string_or_null (object, "updated_by", sd_platform_rows_get_text (rows, i, 7));
  json_object_set_int_member (object, "version", sd_platform_rows_get_int (rows, i, 8));
  return object;
}

/* The role @role_id of the caller's enterprise (404 otherwise) */
static SdPlatformRows *
load_role (SdPlatformConn     *conn,
           SdPlatformRequest  *request,
           gint64              role_id,
           GError            **error)
{
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn, ROLE_SELECT " WHERE r.id = $1 AND r.enterprise_id = $2",
                       SD_ARGS (SD_INT (role_id), SD_INT (request->caller.enterprise_id)), error);

  if (rows == NULL)
    return NULL;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    {
      sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Permission names from the body, all known, all held by the caller */
static gboolean
read_permissions (SdPlatformRequest  *request,
                  JsonObject         *body,
                  guint32            *permissions,
                  GError            **error)
{
  JsonArray *array = json_object_get_array_member (body, "permissions");

  *permissions = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      guint32 bit;

      if (!sd_permission_from_name (json_array_get_string_element (array, i), &bit))
        return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "permissions");
      *permissions |= bit;
    }
  if ((*permissions & ~request->caller.permissions) != 0)
    return sd_platform_fail (request, error, SD_API_ERROR_PERMISSION_ESCALATION,
                             "permissions");
  return TRUE;
}

/* --- GET /roles ------------------------------------------------------------ */

typedef struct
{
  SdPlatformRequest *request;
  gint64             page;
  gint64             per_page;
  gint64             role_id;
  gint64             version;
  JsonObject        *body;
  guint32            permissions;
  JsonNode          *result;
} RoleJob;

static gboolean
list_roles_run (SdPlatformConn  *conn,
                gpointer         user_data,
                GError         **error)
{
  RoleJob *data = user_data;
  gint64 enterprise_id = data->request->caller.enterprise_id;
  g_autoptr(SdPlatformRows) rows = NULL;
  JsonArray *items;
  gint64 total;

  total = sd_platform_query_int (conn, "SELECT count(*) FROM roles WHERE enterprise_id = $1",
                                 SD_ARGS (SD_INT (enterprise_id)), error);
  if (total < 0)
    return FALSE;
  rows = sd_platform_query (conn,
                            ROLE_SELECT " WHERE r.enterprise_id = $1"
                            " ORDER BY CASE WHEN r.builtin IS NULL THEN 1 ELSE 0 END, r.id"
                            " LIMIT $2 OFFSET $3",
                            SD_ARGS (SD_INT (enterprise_id), SD_INT (data->per_page),
                                     SD_INT ((data->page - 1) * data->per_page)),
                            error);
  if (rows == NULL)
    return FALSE;
  items = json_array_new ();
  for (guint i = 0; i < sd_platform_rows_get_n_rows (rows); i++)
    json_array_add_object_element (items, role_object (rows, i));
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_page_json (items, total, data->page, data->per_page);
  return TRUE;
}

static gboolean
list_roles (SdPlatformRequest  *request,
            GError            **error)
{
  RoleJob data = { request };

  if (!sd_platform_require (request, READ_PERMISSIONS, error)
      || !sd_platform_get_paging (request, &data.page, &data.per_page, error)
      || !sd_platform_store_read (request->store, list_roles_run, &data, error))
    return FALSE;
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

/* --- GET /roles/{id} ------------------------------------------------------ */

static gboolean
get_role_run (SdPlatformConn  *conn,
              gpointer         user_data,
              GError         **error)
{
  RoleJob *data = user_data;
  g_autoptr(SdPlatformRows) rows = load_role (conn, data->request, data->role_id, error);

  if (rows == NULL)
    return FALSE;
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_json_node_take_object (role_object (rows, 0));
  data->version = sd_platform_rows_get_int (rows, 0, 8);
  return TRUE;
}

static gboolean
get_role (SdPlatformRequest  *request,
          GError            **error)
{
  RoleJob data = { request, .role_id = request->ids[0] };

  if (!sd_platform_require (request, READ_PERMISSIONS, error)
      || !sd_platform_store_read (request->store, get_role_run, &data, error))
    return FALSE;
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

/* --- POST /roles ----------------------------------------------------------- */

static const SdField create_fields[] = {
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "description", SD_FIELD_STRING, FALSE, FALSE, 0, 256 },
  { "permissions", SD_FIELD_STRING_ARRAY, TRUE, FALSE, 0, 32 },
};

static gboolean
create_role_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  RoleJob *data = user_data;
  SdPlatformRequest *request = data->request;
  const char *name = json_object_get_string_member (data->body, "name");
  g_autofree char *permissions = sd_permissions_to_string (data->permissions);
  g_autoptr(GError) local_error = NULL;
  SdAuditEntry entry = { "role.create", .target_type = "role", .target_label = name };
  JsonObject *details;

  data->role_id = sd_platform_query_int (conn,
                                         "INSERT INTO roles (enterprise_id, name, description,"
                                         " permissions, created_at, updated_at, updated_by)"
                                         " VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
                                         SD_ARGS (SD_INT (request->caller.enterprise_id),
                                                  SD_TEXT (name),
                                                  SD_TEXT (json_object_get_string_member_with_default (
                                                    data->body, "description", "")),
                                                  SD_TEXT (permissions), SD_INT (request->now),
                                                  SD_INT (request->caller.account_id)),
                                         &local_error);
  if (data->role_id <= 0)
    {
      if (sd_platform_store_error_is_unique (local_error, "name"))
        return sd_platform_fail (request, error, SD_API_ERROR_ROLE_NAME_TAKEN, "name");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  entry.target_id = data->role_id;
  details = json_object_new ();
  json_object_set_string_member (details, "permissions", permissions);
  return sd_platform_audit (conn, request, &entry, details, error)
         && get_role_run (conn, data, error);
}

static gboolean
create_role (SdPlatformRequest  *request,
             GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  RoleJob data = { request };

  if (!sd_platform_require (request, SD_PERMISSION_ROLES_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, create_fields, G_N_ELEMENTS (create_fields), error);
  if (body == NULL || !read_permissions (request, body, &data.permissions, error))
    return FALSE;
  data.body = body;
  if (!sd_platform_store_write (request->store, create_role_run, &data, error))
    {
      g_clear_pointer (&data.result, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 201, data.result);
  return TRUE;
}

/* --- PATCH /roles/{id} ----------------------------------------------------- */

static const SdField update_fields[] = {
  { "name", SD_FIELD_STRING, FALSE, FALSE, 1, 64 },
  { "description", SD_FIELD_STRING, FALSE, FALSE, 0, 256 },
  { "permissions", SD_FIELD_STRING_ARRAY, FALSE, FALSE, 0, 32 },
};

/* The role exists, is custom, and the caller holds all it gives. */
static gboolean
check_editable (SdPlatformConn     *conn,
                SdPlatformRequest  *request,
                gint64              role_id,
                gint64             *version,
                char              **name,
                GError            **error)
{
  g_autoptr(SdPlatformRows) rows = load_role (conn, request, role_id, error);

  if (rows == NULL)
    return FALSE;
  if (!sd_platform_rows_is_null (rows, 0, 3))
    return sd_platform_fail (request, error, SD_API_ERROR_BUILTIN_ROLE, NULL);
  if ((sd_permissions_from_string (sd_platform_rows_get_text (rows, 0, 4))
       & ~request->caller.permissions) != 0)
    return sd_platform_fail (request, error, SD_API_ERROR_PERMISSION_ESCALATION, NULL);
  *version = sd_platform_rows_get_int (rows, 0, 8);
  g_free (*name);
  *name = g_strdup (sd_platform_rows_get_text (rows, 0, 1));
  return TRUE;
}

static gboolean
update_role_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  RoleJob *data = user_data;
  SdPlatformRequest *request = data->request;
  JsonObject *body = data->body;
  gboolean has_permissions = json_object_has_member (body, "permissions");
  g_autofree char *permissions = sd_permissions_to_string (data->permissions);
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  SdAuditEntry entry = { "role.update", .target_type = "role", .target_id = data->role_id };
  JsonObject *details;
  gint64 version;

  if (!check_editable (conn, request, data->role_id, &version, &name, error)
      || !sd_platform_check_if_match (request, version, TRUE, error))
    return FALSE;
  if (sd_platform_exec (conn,
                        "UPDATE roles SET"
                        " name = CASE WHEN $1 = 1 THEN $2 ELSE name END,"
                        " description = CASE WHEN $3 = 1 THEN $4 ELSE description END,"
                        " permissions = CASE WHEN $5 = 1 THEN $6 ELSE permissions END,"
                        " version = version + 1, updated_at = $7, updated_by = $8 WHERE id = $9",
                        SD_ARGS (SD_BOOL (json_object_has_member (body, "name")),
                                 SD_TEXT (json_object_get_string_member_with_default (body, "name",
                                                                                      "")),
                                 SD_BOOL (json_object_has_member (body, "description")),
                                 SD_TEXT (json_object_get_string_member_with_default (body,
                                                                                      "description",
                                                                                      "")),
                                 SD_BOOL (has_permissions), SD_TEXT (permissions),
                                 SD_INT (request->now), SD_INT (request->caller.account_id),
                                 SD_INT (data->role_id)),
                        &local_error) < 0)
    {
      if (sd_platform_store_error_is_unique (local_error, "name"))
        return sd_platform_fail (request, error, SD_API_ERROR_ROLE_NAME_TAKEN, "name");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  entry.target_label = json_object_get_string_member_with_default (body, "name", name);
  details = json_object_new ();
  if (has_permissions)
    json_object_set_string_member (details, "permissions", permissions);
  return sd_platform_audit (conn, request, &entry, details, error)
         && get_role_run (conn, data, error);
}

static gboolean
update_role (SdPlatformRequest  *request,
             GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  RoleJob data = { request, .role_id = request->ids[0] };

  if (!sd_platform_require (request, SD_PERMISSION_ROLES_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, update_fields, G_N_ELEMENTS (update_fields), error);
  if (body == NULL)
    return FALSE;
  if (json_object_get_size (body) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, NULL);
  if (json_object_has_member (body, "permissions")
      && !read_permissions (request, body, &data.permissions, error))
    return FALSE;
  data.body = body;
  if (!sd_platform_store_write (request->store, update_role_run, &data, error))
    {
      g_clear_pointer (&data.result, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

/* --- DELETE /roles/{id} ------------------------------------------------------ */

static gboolean
delete_role_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  RoleJob *data = user_data;
  SdPlatformRequest *request = data->request;
  g_autofree char *name = NULL;
  SdAuditEntry entry = { "role.delete", .target_type = "role", .target_id = data->role_id };
  gint64 version, holders;

  if (!check_editable (conn, request, data->role_id, &version, &name, error)
      || !sd_platform_check_if_match (request, version, FALSE, error))
    return FALSE;
  holders = sd_platform_query_int (conn, "SELECT count(*) FROM account_roles WHERE role_id = $1",
                                   SD_ARGS (SD_INT (data->role_id)), error);
  if (holders < 0)
    return FALSE;
  if (holders > 0)
    return sd_platform_fail (request, error, SD_API_ERROR_ROLE_IN_USE, NULL);
  entry.target_label = name;
  return sd_platform_exec (conn, "DELETE FROM roles WHERE id = $1",
                           SD_ARGS (SD_INT (data->role_id)), error) >= 0
         && sd_platform_audit (conn, request, &entry, NULL, error);
}

static gboolean
delete_role (SdPlatformRequest  *request,
             GError            **error)
{
  RoleJob data = { request, .role_id = request->ids[0] };

  if (!sd_platform_require (request, SD_PERMISSION_ROLES_MANAGE, error)
      || !sd_platform_store_write (request->store, delete_role_run, &data, error))
    return FALSE;
  sd_platform_respond_empty (request, 204);
  return TRUE;
}

static const SdPlatformRoute routes[] = {
  { "GET", "roles", SD_ROUTE_SESSION, list_roles },
  { "POST", "roles", SD_ROUTE_SESSION, create_role },
  { "GET", "roles/#", SD_ROUTE_SESSION, get_role },
  { "PATCH", "roles/#", SD_ROUTE_SESSION, update_role },
  { "DELETE", "roles/#", SD_ROUTE_SESSION, delete_role },
};

const SdPlatformRoute *
sd_platform_role_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
