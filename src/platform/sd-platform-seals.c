/* sd-platform-seals.c: seals (印章) as PNG images, their grants to accounts
 * (授权使用期限) and usage records (使用记录)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-permissions.h"
#include "sd-seal-image.h"

#define MAX_IMAGE_BYTES  (2 * 1024 * 1024)
#define MAX_IMAGE_PIXELS 4096

/* Who may look at seals at all */
#define READ_PERMISSIONS (SD_PERMISSION_SEALS_MANAGE | SD_PERMISSION_SEALS_USE               \
                          | SD_PERMISSION_AUDIT_READ)

#define SEAL_SELECT                                                                          \
  "SELECT s.id, s.name, s.type, s.status, s.width, s.height, s.image_sha256, s.created_at,"  \
  " s.updated_at, u.login, s.version FROM seals s LEFT JOIN accounts u ON u.id = s.updated_by"

/* A grant of the seal to the caller, of any period, revoked too: the
 * grantee still sees the seal, its grants and its own usage records, so
 * that it learns why it may not sign with it (signing checks the grant). */
#define GRANTED_TO_CALLER                                                                    \
  " EXISTS (SELECT 1 FROM seal_grants g WHERE g.seal_id = s.id AND g.account_id = $%u)"

static const char * const seal_types[] = {
  "official", "legal_representative", "contract", "finance", "invoice", "handwritten", "other",
  NULL
};
static const char * const seal_statuses[] = { "active", "disabled", NULL };
static const char * const grant_statuses[] = { "pending", "active", "expired", "revoked", NULL };

static gboolean
is_one_of (const char         *text,
           const char * const *choices)
{
  for (guint i = 0; choices[i] != NULL; i++)
    if (strcmp (choices[i], text) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
seal_object (SdPlatformRows *rows,
             guint           i,
             gint64          now)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, i, 0));
  json_object_set_string_member (object, "name", sd_platform_rows_get_text (rows, i, 1));
  json_object_set_string_member (object, "type", sd_platform_rows_get_text (rows, i, 2));
  json_object_set_string_member (object, "status", sd_platform_rows_get_text (rows, i, 3));
  json_object_set_int_member (object, "width", sd_platform_rows_get_int (rows, i, 4));
  json_object_set_int_member (object, "height", sd_platform_rows_get_int (rows, i, 5));
  json_object_set_string_member (object, "image_sha256", sd_platform_rows_get_text (rows, i, 6));
  sd_json_set_time (object, "created_at", sd_platform_rows_get_int (rows, i, 7), FALSE);
  sd_json_set_time (object, "updated_at", sd_platform_rows_get_int (rows, i, 8), FALSE);
  sd_json_set_string_or_null (object, "updated_by", sd_platform_rows_get_text (rows, i, 9));
  json_object_set_int_member (object, "version", sd_platform_rows_get_int (rows, i, 10));
  return object;
}

/* Whether the caller sees every seal (managers, and auditors read-only) or
 * only those granted to them */
static gboolean
sees_all_seals (SdPlatformRequest *request)
{
  return (request->caller.permissions
          & (SD_PERMISSION_SEALS_MANAGE | SD_PERMISSION_AUDIT_READ)) != 0;
}

typedef struct
{
  SdPlatformRequest *request;
  gint64             seal_id;
  gint64             grant_id;
  JsonObject        *body;
  gint64             version;
  GBytes            *image;
  char              *image_sha256;
  JsonNode          *result;
  /* lists */
  GString           *where;
  GArray            *params;
  gint64             page;
  gint64             per_page;
} SealJob;

static void
seal_job_clear (SealJob *job)
{
  g_clear_pointer (&job->image, g_bytes_unref);
  g_clear_pointer (&job->image_sha256, g_free);
  g_clear_pointer (&job->result, json_node_unref);
}

/* The seal if the caller may see it (404 otherwise); fills data->result. */
static gboolean
load_seal (SdPlatformConn  *conn,
           SealJob         *data,
           GError         **error)
{
  SdPlatformRequest *request = data->request;
  g_autoptr(SdPlatformRows) rows = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf (SEAL_SELECT " WHERE s.id = $1 AND s.enterprise_id = $2 AND ($3 = 1 OR"
                         GRANTED_TO_CALLER ")", 4u);
  rows = sd_platform_query (conn, sql,
                            SD_ARGS (SD_INT (data->seal_id),
                                     SD_INT (request->caller.enterprise_id),
                                     SD_BOOL (sees_all_seals (request)),
                                     SD_INT (request->caller.account_id)),
                            error);
  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_json_node_take_object (seal_object (rows, 0, request->now));
  data->version = sd_platform_rows_get_int (rows, 0, 10);
  return TRUE;
}

/* Appends " AND <left> $n", n being @value's place */
static void
add_condition (SealJob               *data,
               const char            *left,
               const SdPlatformValue *value)
{
  g_array_append_val (data->params, *value);
  g_string_append_printf (data->where, " AND %s $%u", left, data->params->len);
}

/* Runs a count and a page query over data->where; @select is the column
 * list and FROM clause, @order the ORDER BY, @to_json makes one item. */
static gboolean
run_page (SdPlatformConn  *conn,
          SealJob         *data,
          const char      *count_from,
          const char      *select,
          const char      *order,
          JsonObject    *(*to_json) (SdPlatformRows *rows, guint i, gint64 now),
          GError         **error)
{
  g_autoptr(GArray) params = g_array_copy (data->params);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) %s WHERE %s", count_from,
                                                data->where->str);
  g_autofree char *page_sql = NULL;
  g_autoptr(SdPlatformRows) rows = NULL;
  guint n = params->len;
  JsonArray *items;
  gint64 total;

  total = sd_platform_query_int (conn, count_sql, (const SdPlatformValue *) params->data,
                                 params->len, error);
  if (total < 0)
    return FALSE;
  page_sql = g_strdup_printf ("%s WHERE %s ORDER BY %s LIMIT $%u OFFSET $%u", select,
                              data->where->str, order, n + 1, n + 2);
  g_array_append_val (params, SD_INT (data->per_page));
  g_array_append_val (params, SD_INT ((data->page - 1) * data->per_page));
  rows = sd_platform_query (conn, page_sql, (const SdPlatformValue *) params->data, params->len,
                            error);
  if (rows == NULL)
    return FALSE;
  items = json_array_new ();
  for (guint i = 0; i < sd_platform_rows_get_n_rows (rows); i++)
    json_array_add_object_element (items, to_json (rows, i, data->request->now));
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_page_json (items, total, data->page, data->per_page);
  return TRUE;
}

/* --- GET /seals -------------------------------------------------------------- */

static gboolean
list_seals_run (SdPlatformConn  *conn,
                gpointer         user_data,
                GError         **error)
{
  return run_page (conn, user_data, "FROM seals s", SEAL_SELECT, "s.id", seal_object, error);
}

static gboolean
list_seals (SdPlatformRequest  *request,
            GError            **error)
{
  g_autoptr(GString) where = g_string_new ("s.enterprise_id = $1");
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (SdPlatformValue));
  g_autofree char *name_pattern = NULL;
  SealJob data = { request, .where = where, .params = params };
  const char *name = NULL, *type = NULL, *status = NULL;
  gboolean ok;

  if (!sd_platform_require (request, READ_PERMISSIONS, error)
      || !sd_platform_get_paging (request, &data.page, &data.per_page, error)
      || !sd_platform_get_query_text (request, "name", 64, &name, error)
      || !sd_platform_get_query_enum (request, "type", seal_types, &type, error)
      || !sd_platform_get_query_enum (request, "status", seal_statuses, &status, error))
    return FALSE;
  g_array_append_val (params, SD_INT (request->caller.enterprise_id));
  if (name != NULL)
    {
      name_pattern = sd_platform_like_pattern (name);
      add_condition (&data, "lower(s.name) LIKE", &SD_TEXT (name_pattern));
      g_string_append (where, " ESCAPE '\\'");
    }
  if (type != NULL)
    add_condition (&data, "s.type =", &SD_TEXT (type));
  if (status != NULL)
    add_condition (&data, "s.status =", &SD_TEXT (status));
  if (!sees_all_seals (request))
    {
      g_array_append_val (params, SD_INT (request->caller.account_id));
      g_string_append (where, " AND");
      g_string_append_printf (where, GRANTED_TO_CALLER, params->len);
    }
  ok = sd_platform_store_read (request->store, list_seals_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
  seal_job_clear (&data);
  return ok;
}

/* --- GET /seals/{id} and its image ------------------------------------------ */

static gboolean
get_seal_run (SdPlatformConn  *conn,
              gpointer         user_data,
              GError         **error)
{
  return load_seal (conn, user_data, error);
}

static gboolean
get_seal (SdPlatformRequest  *request,
          GError            **error)
{
  SealJob data = { request, request->ids[0] };
  gboolean ok;

  ok = sd_platform_require (request, READ_PERMISSIONS, error)
       && sd_platform_store_read (request->store, get_seal_run, &data, error);
  if (ok)
    {
      sd_platform_set_etag (request, data.version);
      sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
    }
  seal_job_clear (&data);
  return ok;
}

static gboolean
get_image_run (SdPlatformConn  *conn,
               gpointer         user_data,
               GError         **error)
{
  SealJob *data = user_data;
  g_autoptr(SdPlatformRows) rows = NULL;

  if (!load_seal (conn, data, error))
    return FALSE;
  rows = sd_platform_query (conn, "SELECT image, image_sha256 FROM seals WHERE id = $1",
                            SD_ARGS (SD_INT (data->seal_id)), error);
  if (rows == NULL)
    return FALSE;
  g_clear_pointer (&data->image, g_bytes_unref);
  g_free (data->image_sha256);
  data->image = sd_platform_rows_get_blob (rows, 0, 0);
  data->image_sha256 = g_strdup (sd_platform_rows_get_text (rows, 0, 1));
  return TRUE;
}

static gboolean
get_image (SdPlatformRequest  *request,
           GError            **error)
{
  SealJob data = { request, request->ids[0] };
  gboolean ok;

  ok = sd_platform_require (request, READ_PERMISSIONS, error)
       && sd_platform_store_read (request->store, get_image_run, &data, error);
  if (ok)
    {
      g_autofree char *etag = g_strdup_printf ("\"%s\"", data.image_sha256);

      sd_platform_add_header (request, "ETag", etag);
      sd_platform_respond_bytes (request, 200, "image/png", data.image);
    }
  seal_job_clear (&data);
  return ok;
}

/* --- POST /seals and PATCH /seals/{id} --------------------------------------- */

static const SdField create_fields[] = {
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 128 },
  { "type", SD_FIELD_STRING, TRUE, FALSE, 1, 32 },
  { "status", SD_FIELD_STRING, FALSE, FALSE, 1, 16 },
  /* base64 of 2 MiB */
  { "image", SD_FIELD_STRING, TRUE, FALSE, 1, 2800000 },
};

static const SdField update_fields[] = {
  { "name", SD_FIELD_STRING, FALSE, FALSE, 1, 128 },
  { "type", SD_FIELD_STRING, FALSE, FALSE, 1, 32 },
  { "status", SD_FIELD_STRING, FALSE, FALSE, 1, 16 },
};

static gboolean
check_type_and_status (SdPlatformRequest  *request,
                       JsonObject         *body,
                       GError            **error)
{
  const char *type = json_object_get_string_member_with_default (body, "type", NULL);
  const char *status = json_object_get_string_member_with_default (body, "status", NULL);

  if (type != NULL && !is_one_of (type, seal_types))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "type");
  if (status != NULL && !is_one_of (status, seal_statuses))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "status");
  return TRUE;
}

/* The PNG's size, if it is a PNG a seal may be */
static gboolean
check_png (GBytes *png,
           guint  *width,
           guint  *height)
{
  g_autoptr(SdSealImage) image = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (png, &length);

  if (length < 8 || length > MAX_IMAGE_BYTES || memcmp (data, "\x89PNG", 4) != 0)
    return FALSE;
  image = sd_seal_image_new_from_bytes (png, NULL);
  if (image == NULL || image->width == 0 || image->height == 0
      || image->width > MAX_IMAGE_PIXELS || image->height > MAX_IMAGE_PIXELS)
    return FALSE;
  *width = image->width;
  *height = image->height;
  return TRUE;
}

gboolean
sd_platform_seal_create (SdPlatformConn     *conn,
                         SdPlatformRequest  *request,
                         const char         *name,
                         const char         *type,
                         GBytes             *png,
                         gint64             *seal_id,
                         GError            **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  SdAuditEntry entry = { "seal.create", .target_type = "seal", .target_label = name };
  JsonObject *details;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (png, &length);
  guint width = 0, height = 0;

  if (!check_png (png, &width, &height))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_SEAL_IMAGE, "image");
  *seal_id = sd_platform_query_int (conn,
                                    "INSERT INTO seals (enterprise_id, name, type, status,"
                                    " image, image_sha256, width, height, created_at,"
                                    " updated_at, updated_by) VALUES ($1, $2, $3, 'active', $4,"
                                    " $5, $6, $7, $8, $8, $9) RETURNING id",
                                    SD_ARGS (SD_INT (request->caller.enterprise_id),
                                             SD_TEXT (name), SD_TEXT (type),
                                             SD_BLOB (data, length), SD_TEXT (sha256),
                                             SD_INT (width), SD_INT (height),
                                             SD_INT (request->now),
                                             SD_INT (request->caller.account_id)),
                                    error);
  if (*seal_id <= 0)
    return FALSE;
  entry.target_id = *seal_id;
  details = json_object_new ();
  json_object_set_string_member (details, "type", type);
  json_object_set_string_member (details, "image_sha256", sha256);
  return sd_platform_audit (conn, request, &entry, details, error);
}

static gboolean
create_seal_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  SealJob *data = user_data;
  const char *status = json_object_get_string_member_with_default (data->body, "status",
                                                                   "active");

  if (!sd_platform_seal_create (conn, data->request,
                                json_object_get_string_member (data->body, "name"),
                                json_object_get_string_member (data->body, "type"), data->image,
                                &data->seal_id, error))
    return FALSE;
  /* created disabled: one more statement, same transaction */
  if (strcmp (status, "active") != 0
      && sd_platform_exec (conn, "UPDATE seals SET status = $1 WHERE id = $2",
                           SD_ARGS (SD_TEXT (status), SD_INT (data->seal_id)), error) < 0)
    return FALSE;
  return load_seal (conn, data, error);
}

static gboolean
create_seal (SdPlatformRequest  *request,
             GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  SealJob data = { request };
  const char *text;
  gboolean ok;
  guchar *png;
  gsize length = 0;

  if (!sd_platform_require (request, SD_PERMISSION_SEALS_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, create_fields, G_N_ELEMENTS (create_fields), error);
  if (body == NULL || !check_type_and_status (request, body, error))
    return FALSE;
  text = json_object_get_string_member (body, "image");
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+/=\r\n", *p) == NULL)
      return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "image");
  png = g_base64_decode (text, &length);
  data.image = g_bytes_new_take (png, length);
  data.body = body;
  ok = sd_platform_store_write (request->store, create_seal_run, &data, error);
  if (ok)
    {
      g_autofree char *location = g_strdup_printf ("/api/v1/seals/%" G_GINT64_FORMAT, data.seal_id);

      sd_platform_add_header (request, "Location", location);
      sd_platform_set_etag (request, data.version);
      sd_platform_respond_json (request, 201, g_steal_pointer (&data.result));
    }
  seal_job_clear (&data);
  return ok;
}

static gboolean
update_seal_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  SealJob *data = user_data;
  SdPlatformRequest *request = data->request;
  JsonObject *body = data->body;
  SdAuditEntry entry = { "seal.update", .target_type = "seal", .target_id = data->seal_id };
  JsonObject *details;

  if (!load_seal (conn, data, error)
      || !sd_platform_check_if_match (request, data->version, TRUE, error))
    return FALSE;
  if (sd_platform_exec (conn,
                        "UPDATE seals SET name = coalesce($1, name), type = coalesce($2, type),"
                        " status = coalesce($3, status), version = version + 1,"
                        " updated_at = $4, updated_by = $5 WHERE id = $6",
                        SD_ARGS (SD_TEXT (json_object_get_string_member_with_default (body, "name",
                                                                                      NULL)),
                                 SD_TEXT (json_object_get_string_member_with_default (body, "type",
                                                                                      NULL)),
                                 SD_TEXT (json_object_get_string_member_with_default (body,
                                                                                      "status",
                                                                                      NULL)),
                                 SD_INT (request->now), SD_INT (request->caller.account_id),
                                 SD_INT (data->seal_id)),
                        error) < 0)
    return FALSE;
  entry.target_label = json_object_get_string_member_with_default (
    body, "name", json_object_get_string_member (json_node_get_object (data->result), "name"));
  details = json_object_ref (body);
  return sd_platform_audit (conn, request, &entry, details, error) && load_seal (conn, data, error);
}

static gboolean
update_seal (SdPlatformRequest  *request,
             GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  SealJob data = { request, request->ids[0] };
  gboolean ok;

  if (!sd_platform_require (request, SD_PERMISSION_SEALS_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, update_fields, G_N_ELEMENTS (update_fields), error);
  if (body == NULL || !check_type_and_status (request, body, error))
    return FALSE;
  if (json_object_get_size (body) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, NULL);
  data.body = body;
  ok = sd_platform_store_write (request->store, update_seal_run, &data, error);
  if (ok)
    {
      sd_platform_set_etag (request, data.version);
      sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
    }
  seal_job_clear (&data);
  return ok;
}

/* --- grants ------------------------------------------------------------------- */

#define GRANT_SELECT                                                                         \
  "SELECT g.id, g.seal_id, g.account_id, a.login, a.name, g.valid_from, g.valid_until,"      \
  " g.created_at, c.login, g.revoked_at, r.login"                                            \
  " FROM seal_grants g JOIN accounts a ON a.id = g.account_id"                               \
  " LEFT JOIN accounts c ON c.id = g.created_by LEFT JOIN accounts r ON r.id = g.revoked_by"

/* @now: the time the grant's status is judged at */
static JsonObject *
grant_object (SdPlatformRows *rows,
              guint           i,
              gint64          now)
{
  JsonObject *object = json_object_new ();
  gint64 from = sd_platform_rows_get_int (rows, i, 5);
  gint64 until = sd_platform_rows_get_int (rows, i, 6);
  gboolean revoked = !sd_platform_rows_is_null (rows, i, 9);

  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, i, 0));
  json_object_set_int_member (object, "seal_id", sd_platform_rows_get_int (rows, i, 1));
  json_object_set_int_member (object, "account_id", sd_platform_rows_get_int (rows, i, 2));
  json_object_set_string_member (object, "account_login", sd_platform_rows_get_text (rows, i, 3));
  json_object_set_string_member (object, "account_name", sd_platform_rows_get_text (rows, i, 4));
  sd_json_set_time (object, "valid_from", from, FALSE);
  sd_json_set_time (object, "valid_until", until, FALSE);
  json_object_set_string_member (object, "status",
                                 revoked ? "revoked"
                                 : now < from ? "pending"
                                 : now >= until ? "expired" : "active");
  sd_json_set_time (object, "created_at", sd_platform_rows_get_int (rows, i, 7), FALSE);
  sd_json_set_string_or_null (object, "created_by", sd_platform_rows_get_text (rows, i, 8));
  sd_json_set_time (object, "revoked_at", sd_platform_rows_get_int (rows, i, 9), TRUE);
  sd_json_set_string_or_null (object, "revoked_by", sd_platform_rows_get_text (rows, i, 10));
  return object;
}

static gboolean
list_grants_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  SealJob *data = user_data;

  return load_seal (conn, data, error)
         && run_page (conn, data, "FROM seal_grants g", GRANT_SELECT, "g.id DESC", grant_object,
                      error);
}

static gboolean
list_grants (SdPlatformRequest  *request,
             GError            **error)
{
  g_autoptr(GString) where = g_string_new ("g.seal_id = $1");
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (SdPlatformValue));
  SealJob data = { request, request->ids[0], .where = where, .params = params };
  const char *status = NULL;
  gint64 account_id = 0;
  gboolean ok;

  if (!sd_platform_require (request, READ_PERMISSIONS, error)
      || !sd_platform_get_paging (request, &data.page, &data.per_page, error)
      || !sd_platform_get_query_id (request, "account_id", &account_id, error)
      || !sd_platform_get_query_enum (request, "status", grant_statuses, &status, error))
    return FALSE;
  g_array_append_val (params, SD_INT (data.seal_id));
  if (!sees_all_seals (request))
    account_id = request->caller.account_id;
  if (account_id > 0)
    add_condition (&data, "g.account_id =", &SD_INT (account_id));
  if (status != NULL && strcmp (status, "revoked") == 0)
    g_string_append (where, " AND g.revoked_at IS NOT NULL");
  else if (status != NULL)
    {
      g_string_append (where, " AND g.revoked_at IS NULL");
      if (strcmp (status, "pending") == 0)
        add_condition (&data, "g.valid_from >", &SD_INT (request->now));
      else if (strcmp (status, "expired") == 0)
        add_condition (&data, "g.valid_until <=", &SD_INT (request->now));
      else
        {
          add_condition (&data, "g.valid_from <=", &SD_INT (request->now));
          add_condition (&data, "g.valid_until >", &SD_INT (request->now));
        }
    }
  ok = sd_platform_store_read (request->store, list_grants_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
  seal_job_clear (&data);
  return ok;
}

static const SdField grant_fields[] = {
  { "account_id", SD_FIELD_ID, TRUE, FALSE, 0, 0 },
  { "valid_from", SD_FIELD_STRING, TRUE, FALSE, 1, 40 },
  { "valid_until", SD_FIELD_STRING, TRUE, FALSE, 1, 40 },
};

typedef struct
{
  SealJob  job;
  gint64   account_id;
  gint64   valid_from;
  gint64   valid_until;
} CreateGrant;

gboolean
sd_platform_grant_create (SdPlatformConn     *conn,
                          SdPlatformRequest  *request,
                          gint64              seal_id,
                          gint64              account_id,
                          gint64              valid_from,
                          gint64              valid_until,
                          gint64             *grant_id,
                          GError            **error)
{
  g_autoptr(SdPlatformRows) rows = NULL;
  SdAuditEntry entry = { "seal.grant", .target_type = "grant" };
  JsonObject *details;

  rows = sd_platform_query (conn, "SELECT login FROM accounts WHERE id = $1 AND enterprise_id = $2",
                            SD_ARGS (SD_INT (account_id), SD_INT (request->caller.enterprise_id)),
                            error);
  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, "account_id");
  *grant_id = sd_platform_query_int (conn,
                                     "INSERT INTO seal_grants (seal_id, account_id, valid_from,"
                                     " valid_until, created_at, created_by)"
                                     " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                     SD_ARGS (SD_INT (seal_id), SD_INT (account_id),
                                              SD_INT (valid_from), SD_INT (valid_until),
                                              SD_INT (request->now),
                                              SD_INT (request->caller.account_id)),
                                     error);
  if (*grant_id <= 0)
    return FALSE;
  entry.target_id = *grant_id;
  entry.target_label = sd_platform_rows_get_text (rows, 0, 0);
  details = json_object_new ();
  json_object_set_int_member (details, "seal_id", seal_id);
  json_object_set_int_member (details, "account_id", account_id);
  sd_json_set_time (details, "valid_from", valid_from, FALSE);
  sd_json_set_time (details, "valid_until", valid_until, FALSE);
  return sd_platform_audit (conn, request, &entry, details, error);
}

static gboolean
create_grant_run (SdPlatformConn  *conn,
                  gpointer         user_data,
                  GError         **error)
{
  CreateGrant *data = user_data;
  SdPlatformRequest *request = data->job.request;
  g_autoptr(SdPlatformRows) rows = NULL;

  if (!load_seal (conn, &data->job, error)
      || !sd_platform_grant_create (conn, request, data->job.seal_id, data->account_id,
                                    data->valid_from, data->valid_until, &data->job.grant_id,
                                    error))
    return FALSE;
  rows = sd_platform_query (conn, GRANT_SELECT " WHERE g.id = $1",
                            SD_ARGS (SD_INT (data->job.grant_id)), error);
  if (rows == NULL)
    return FALSE;
  g_clear_pointer (&data->job.result, json_node_unref);
  data->job.result = sd_json_node_take_object (grant_object (rows, 0, request->now));
  return TRUE;
}

static gboolean
create_grant (SdPlatformRequest  *request,
              GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  CreateGrant data = { { request, request->ids[0] } };
  gboolean ok;

  if (!sd_platform_require (request, SD_PERMISSION_SEALS_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, grant_fields, G_N_ELEMENTS (grant_fields), error);
  if (body == NULL)
    return FALSE;
  data.account_id = json_object_get_int_member (body, "account_id");
  if (!sd_parse_time (json_object_get_string_member (body, "valid_from"), FALSE, &data.valid_from))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "valid_from");
  if (!sd_parse_time (json_object_get_string_member (body, "valid_until"), FALSE,
                      &data.valid_until))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "valid_until");
  if (data.valid_until <= data.valid_from)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_GRANT_PERIOD, "valid_until");
  ok = sd_platform_store_write (request->store, create_grant_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 201, g_steal_pointer (&data.job.result));
  seal_job_clear (&data.job);
  return ok;
}

static gboolean
revoke_grant_run (SdPlatformConn  *conn,
                  gpointer         user_data,
                  GError         **error)
{
  SealJob *data = user_data;
  SdPlatformRequest *request = data->request;
  g_autoptr(SdPlatformRows) rows = NULL;
  SdAuditEntry entry = { "seal.revoke", .target_type = "grant", .target_id = data->grant_id };

  if (!load_seal (conn, data, error))
    return FALSE;
  rows = sd_platform_query (conn,
                            "SELECT g.revoked_at, a.login FROM seal_grants g"
                            " JOIN accounts a ON a.id = g.account_id"
                            " WHERE g.id = $1 AND g.seal_id = $2",
                            SD_ARGS (SD_INT (data->grant_id), SD_INT (data->seal_id)), error);
  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
  if (!sd_platform_rows_is_null (rows, 0, 0))
    return sd_platform_fail (request, error, SD_API_ERROR_GRANT_REVOKED, NULL);
  entry.target_label = sd_platform_rows_get_text (rows, 0, 1);
  return sd_platform_exec (conn,
                           "UPDATE seal_grants SET revoked_at = $1, revoked_by = $2 WHERE id = $3",
                           SD_ARGS (SD_INT (request->now), SD_INT (request->caller.account_id),
                                    SD_INT (data->grant_id)),
                           error) >= 0
         && sd_platform_audit (conn, request, &entry, NULL, error);
}

static gboolean
revoke_grant (SdPlatformRequest  *request,
              GError            **error)
{
  SealJob data = { request, request->ids[0], request->ids[1] };
  gboolean ok;

  ok = sd_platform_require (request, SD_PERMISSION_SEALS_MANAGE, error)
       && sd_platform_store_write (request->store, revoke_grant_run, &data, error);
  if (ok)
    sd_platform_respond_empty (request, 204);
  seal_job_clear (&data);
  return ok;
}

/* --- usage records --------------------------------------------------------------- */

#define USAGE_SELECT                                                                         \
  "SELECT u.id, u.seal_id, u.account_id, a.login, u.document_name, u.document_hash,"         \
  " u.hash_algorithm, u.pages, u.binding_id, u.certificate_serial, u.signed_at,"             \
  " u.recorded_at FROM seal_usage u JOIN accounts a ON a.id = u.account_id"

static JsonObject *
usage_object (SdPlatformRows *rows,
              guint           i,
              gint64          now)
{
  JsonObject *object = json_object_new ();
  JsonArray *pages = json_array_new ();
  g_auto(GStrv) numbers = g_strsplit (sd_platform_rows_get_text (rows, i, 7), ",", -1);

  for (guint p = 0; numbers[p] != NULL; p++)
    if (numbers[p][0] != '\0')
      json_array_add_int_element (pages, g_ascii_strtoll (numbers[p], NULL, 10));
  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, i, 0));
  json_object_set_int_member (object, "seal_id", sd_platform_rows_get_int (rows, i, 1));
  json_object_set_int_member (object, "account_id", sd_platform_rows_get_int (rows, i, 2));
  json_object_set_string_member (object, "account_login", sd_platform_rows_get_text (rows, i, 3));
  json_object_set_string_member (object, "document_name", sd_platform_rows_get_text (rows, i, 4));
  json_object_set_string_member (object, "document_hash", sd_platform_rows_get_text (rows, i, 5));
  json_object_set_string_member (object, "hash_algorithm", sd_platform_rows_get_text (rows, i, 6));
  json_object_set_array_member (object, "pages", pages);
  sd_json_set_id_or_null (object, "binding_id", sd_platform_rows_get_int (rows, i, 8));
  sd_json_set_string_or_null (object, "certificate_serial",
                              sd_platform_rows_get_text (rows, i, 9));
  sd_json_set_time (object, "signed_at", sd_platform_rows_get_int (rows, i, 10), FALSE);
  sd_json_set_time (object, "recorded_at", sd_platform_rows_get_int (rows, i, 11), FALSE);
  return object;
}

static gboolean
list_usage_run (SdPlatformConn  *conn,
                gpointer         user_data,
                GError         **error)
{
  SealJob *data = user_data;

  return load_seal (conn, data, error)
         && run_page (conn, data, "FROM seal_usage u", USAGE_SELECT, "u.id DESC", usage_object,
                      error);
}

static gboolean
list_usage (SdPlatformRequest  *request,
            GError            **error)
{
  g_autoptr(GString) where = g_string_new ("u.seal_id = $1");
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (SdPlatformValue));
  SealJob data = { request, request->ids[0], .where = where, .params = params };
  gint64 account_id = 0, from = 0, to = 0;
  gboolean ok;

  if (!sd_platform_require (request, READ_PERMISSIONS, error)
      || !sd_platform_get_paging (request, &data.page, &data.per_page, error)
      || !sd_platform_get_query_id (request, "account_id", &account_id, error)
      || !sd_platform_get_query_time (request, "from", FALSE, &from, error)
      || !sd_platform_get_query_time (request, "to", TRUE, &to, error))
    return FALSE;
  g_array_append_val (params, SD_INT (data.seal_id));
  if (!sees_all_seals (request))
    account_id = request->caller.account_id;
  if (account_id > 0)
    add_condition (&data, "u.account_id =", &SD_INT (account_id));
  if (g_hash_table_contains (request->query, "from"))
    add_condition (&data, "u.signed_at >=", &SD_INT (from));
  if (g_hash_table_contains (request->query, "to"))
    add_condition (&data, "u.signed_at <", &SD_INT (to));
  ok = sd_platform_store_read (request->store, list_usage_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
  seal_job_clear (&data);
  return ok;
}

static const SdField usage_fields[] = {
  { "document_name", SD_FIELD_STRING, TRUE, FALSE, 1, 255 },
  { "document_hash", SD_FIELD_STRING, TRUE, FALSE, 64, 128 },
  { "hash_algorithm", SD_FIELD_STRING, TRUE, FALSE, 1, 16 },
  { "pages", SD_FIELD_PAGE_ARRAY, TRUE, FALSE, 0, 10000 },
  { "binding_id", SD_FIELD_ID, FALSE, FALSE, 0, 0 },
  { "signed_at", SD_FIELD_STRING, FALSE, FALSE, 1, 40 },
};

typedef struct
{
  SealJob      job;
  const char  *hash;
  const char  *pages;
  gint64       signed_at;
} RecordUsage;

static gboolean
record_usage_run (SdPlatformConn  *conn,
                  gpointer         user_data,
                  GError         **error)
{
  RecordUsage *data = user_data;
  SdPlatformRequest *request = data->job.request;
  JsonObject *body = data->job.body;
  g_autoptr(SdPlatformRows) rows = NULL;
  g_autofree char *serial = NULL;
  gint64 binding_id = json_object_get_int_member_with_default (body, "binding_id", 0);
  SdAuditEntry entry = { "seal.use", .target_type = "usage",
                         .target_label = json_object_get_string_member (body, "document_name") };
  JsonObject *details;
  gint64 usage_id;

  if (!load_seal (conn, &data->job, error))
    return FALSE;
  /* A manager sees every seal but signs only with a grant, like anyone. */
  rows = sd_platform_query (conn,
                            "SELECT s.status, (SELECT count(*) FROM seal_grants g"
                            " WHERE g.seal_id = s.id AND g.account_id = $2"
                            " AND g.revoked_at IS NULL AND g.valid_from <= $3"
                            " AND g.valid_until > $3) FROM seals s WHERE s.id = $1",
                            SD_ARGS (SD_INT (data->job.seal_id),
                                     SD_INT (request->caller.account_id), SD_INT (request->now)),
                            error);
  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_int (rows, 0, 1) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_SEAL_NOT_GRANTED, NULL);
  if (g_strcmp0 (sd_platform_rows_get_text (rows, 0, 0), "active") != 0)
    return sd_platform_fail (request, error, SD_API_ERROR_SEAL_DISABLED, NULL);
  if (binding_id > 0)
    {
      g_autoptr(SdPlatformRows) binding =
        sd_platform_query (conn, "SELECT serial FROM bindings WHERE id = $1 AND account_id = $2",
                           SD_ARGS (SD_INT (binding_id), SD_INT (request->caller.account_id)),
                           error);

      if (binding == NULL)
        return FALSE;
      if (sd_platform_rows_get_n_rows (binding) == 0)
        return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, "binding_id");
      serial = g_strdup (sd_platform_rows_get_text (binding, 0, 0));
    }

  usage_id = sd_platform_query_int (conn,
                                    "INSERT INTO seal_usage (seal_id, account_id, binding_id,"
                                    " certificate_serial, document_name, document_hash,"
                                    " hash_algorithm, pages, signed_at, recorded_at)"
                                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                                    " RETURNING id",
                                    SD_ARGS (SD_INT (data->job.seal_id),
                                             SD_INT (request->caller.account_id),
                                             SD_ID_OR_NULL (binding_id), SD_TEXT (serial),
                                             SD_TEXT (json_object_get_string_member (body,
                                                                                     "document_name")),
                                             SD_TEXT (data->hash),
                                             SD_TEXT (json_object_get_string_member (body,
                                                                                     "hash_algorithm")),
                                             SD_TEXT (data->pages), SD_INT (data->signed_at),
                                             SD_INT (request->now)),
                                    error);
  if (usage_id <= 0)
    return FALSE;
  entry.target_id = usage_id;
  details = json_object_new ();
  json_object_set_int_member (details, "seal_id", data->job.seal_id);
  json_object_set_string_member (details, "document_hash", data->hash);
  if (!sd_platform_audit (conn, request, &entry, details, error))
    return FALSE;
  g_clear_pointer (&rows, sd_platform_rows_free);
  rows = sd_platform_query (conn, USAGE_SELECT " WHERE u.id = $1", SD_ARGS (SD_INT (usage_id)),
                            error);
  if (rows == NULL)
    return FALSE;
  g_clear_pointer (&data->job.result, json_node_unref);
  data->job.result = sd_json_node_take_object (usage_object (rows, 0, request->now));
  return TRUE;
}

static gboolean
record_usage (SdPlatformRequest  *request,
              GError            **error)
{
  static const char * const algorithms[] = { "sha256", "sha384", "sha512", "sm3", NULL };
  static const gsize hex_lengths[] = { 64, 96, 128, 64 };
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GString) pages = g_string_new (NULL);
  RecordUsage data = { { request, request->ids[0] } };
  const char *algorithm;
  JsonArray *page_list;
  gboolean ok;
  guint a;

  if (!sd_platform_require (request, SD_PERMISSION_SEALS_USE, error))
    return FALSE;
  body = sd_platform_read_body (request, usage_fields, G_N_ELEMENTS (usage_fields), error);
  if (body == NULL)
    return FALSE;
  algorithm = json_object_get_string_member (body, "hash_algorithm");
  for (a = 0; algorithms[a] != NULL; a++)
    if (strcmp (algorithms[a], algorithm) == 0)
      break;
  if (algorithms[a] == NULL)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "hash_algorithm");
  hash = g_ascii_strdown (json_object_get_string_member (body, "document_hash"), -1);
  if (strlen (hash) != hex_lengths[a] || strspn (hash, "0123456789abcdef") != hex_lengths[a])
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "document_hash");
  page_list = json_object_get_array_member (body, "pages");
  if (json_array_get_length (page_list) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "pages");
  for (guint i = 0; i < json_array_get_length (page_list); i++)
    g_string_append_printf (pages, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            json_array_get_int_element (page_list, i));
  data.signed_at = request->now;
  if (json_object_has_member (body, "signed_at")
      && !sd_parse_time (json_object_get_string_member (body, "signed_at"), FALSE,
                         &data.signed_at))
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "signed_at");

  data.job.body = body;
  data.hash = hash;
  data.pages = pages->str;
  ok = sd_platform_store_write (request->store, record_usage_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 201, g_steal_pointer (&data.job.result));
  seal_job_clear (&data.job);
  return ok;
}

static const SdPlatformRoute routes[] = {
  { "GET", "seals", SD_ROUTE_SESSION, list_seals },
  { "POST", "seals", SD_ROUTE_SESSION, create_seal },
  { "GET", "seals/#", SD_ROUTE_SESSION, get_seal },
  { "PATCH", "seals/#", SD_ROUTE_SESSION, update_seal },
  { "GET", "seals/#/image", SD_ROUTE_SESSION, get_image },
  { "GET", "seals/#/grants", SD_ROUTE_SESSION, list_grants },
  { "POST", "seals/#/grants", SD_ROUTE_SESSION, create_grant },
  { "DELETE", "seals/#/grants/#", SD_ROUTE_SESSION, revoke_grant },
  { "GET", "seals/#/usage", SD_ROUTE_SESSION, list_usage },
  { "POST", "seals/#/usage", SD_ROUTE_SESSION, record_usage },
};

const SdPlatformRoute *
sd_platform_seal_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
