/* sd-platform-audit.c: the audit log (操作日志) and GET /audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-permissions.h"

gboolean
sd_platform_audit (SdPlatformConn      *conn,
                   SdPlatformRequest   *request,
                   const SdAuditEntry  *entry,
                   JsonObject          *details,
                   GError             **error)
{
  g_autoptr(JsonObject) owned = details != NULL ? details : json_object_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *category = g_strndup (entry->action, strcspn (entry->action, "."));
  g_autofree char *details_text = NULL;
  const SdPlatformCaller *caller = &request->caller;
  gint64 enterprise_id = entry->enterprise_id;
  gint64 actor_id = entry->actor_id;
  const char *actor_login = entry->actor_login;

  if (enterprise_id == 0 && request->authenticated)
    enterprise_id = caller->enterprise_id;
  if (actor_id == 0 && request->authenticated)
    {
      actor_id = caller->account_id;
      actor_login = caller->login;
    }
  node = sd_json_node_take_object (json_object_ref (owned));
  json_generator_set_root (generator, node);
  details_text = json_generator_to_data (generator, NULL);

  return sd_platform_exec (conn,
                           "INSERT INTO audit_log (occurred_at, enterprise_id, actor_id,"
                           " actor_login, category, action, outcome, target_type, target_id,"
                           " target_label, source_address, details)"
                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                           SD_ARGS (SD_INT (request->now), SD_ID_OR_NULL (enterprise_id),
                                    SD_ID_OR_NULL (actor_id), SD_TEXT (actor_login),
                                    SD_TEXT (category), SD_TEXT (entry->action),
                                    SD_TEXT (entry->failure ? "failure" : "success"),
                                    SD_TEXT (entry->target_type),
                                    SD_ID_OR_NULL (entry->target_id),
                                    SD_TEXT (entry->target_label),
                                    SD_TEXT (request->remote_address),
                                    SD_TEXT (details_text)),
                           error) >= 0;
}

/* --- GET /audit ---------------------------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  GString           *where;
  GArray            *params;     /* SdPlatformValue */
  gint64             page;
  gint64             per_page;
  JsonNode          *result;
} ListAudit;

static JsonObject *
entry_json (SdPlatformRows *rows,
            guint           i)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *details = sd_platform_rows_get_text (rows, i, 12);

  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, i, 0));
  sd_json_set_time (object, "time", sd_platform_rows_get_int (rows, i, 1), FALSE);
  json_object_set_string_member (object, "category", sd_platform_rows_get_text (rows, i, 2));
  json_object_set_string_member (object, "action", sd_platform_rows_get_text (rows, i, 3));
  json_object_set_string_member (object, "outcome", sd_platform_rows_get_text (rows, i, 4));
  sd_json_set_id_or_null (object, "actor_id", sd_platform_rows_get_int (rows, i, 5));
  sd_json_set_string_or_null (object, "actor_login", sd_platform_rows_get_text (rows, i, 6));
  sd_json_set_string_or_null (object, "target_type", sd_platform_rows_get_text (rows, i, 7));
  sd_json_set_id_or_null (object, "target_id", sd_platform_rows_get_int (rows, i, 8));
  sd_json_set_string_or_null (object, "target_label", sd_platform_rows_get_text (rows, i, 9));
  sd_json_set_string_or_null (object, "source_address", sd_platform_rows_get_text (rows, i, 10));
  if (details != NULL && json_parser_load_from_data (parser, details, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    json_object_set_member (object, "details", json_node_copy (json_parser_get_root (parser)));
  else
    json_object_set_object_member (object, "details", json_object_new ());
  return object;
}

static gboolean
list_audit_run (SdPlatformConn  *conn,
                gpointer         user_data,
                GError         **error)
{
  ListAudit *data = user_data;
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE %s",
                                                data->where->str);
  g_autofree char *page_sql = NULL;
  g_autoptr(SdPlatformRows) rows = NULL;
  g_autoptr(GArray) params = g_array_copy (data->params);
  JsonArray *items;
  gint64 total;
  guint n = params->len;

  total = sd_platform_query_int (conn, count_sql, (const SdPlatformValue *) params->data,
                                 params->len, error);
  if (total < 0)
    return FALSE;
  page_sql = g_strdup_printf ("SELECT id, occurred_at, category, action, outcome, actor_id,"
                              " actor_login, target_type, target_id, target_label,"
                              " source_address, enterprise_id, details FROM audit_log"
                              " WHERE %s ORDER BY id DESC LIMIT $%u OFFSET $%u",
                              data->where->str, n + 1, n + 2);
  g_array_append_val (params, SD_INT (data->per_page));
  g_array_append_val (params, SD_INT ((data->page - 1) * data->per_page));
  rows = sd_platform_query (conn, page_sql, (const SdPlatformValue *) params->data, params->len,
                            error);
  if (rows == NULL)
    return FALSE;

  items = json_array_new ();
  for (guint i = 0; i < sd_platform_rows_get_n_rows (rows); i++)
    json_array_add_object_element (items, entry_json (rows, i));
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_page_json (items, total, data->page, data->per_page);
  return TRUE;
}

/* Appends " AND <left> $n", n being @value's place */
static void
add_condition (ListAudit             *data,
               const char            *left,
               const SdPlatformValue *value)
{
  g_array_append_val (data->params, *value);
  g_string_append_printf (data->where, " AND %s $%u", left, data->params->len);
}

static gboolean
list_audit (SdPlatformRequest  *request,
            GError            **error)
{
  static const char * const categories[] = {
    "session", "enterprise", "account", "role", "certificate", "seal", NULL
  };
  static const char * const outcomes[] = { "success", "failure", NULL };
  ListAudit data = { request };
  g_autoptr(GString) where = g_string_new ("enterprise_id = $1");
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (SdPlatformValue));
  const char *category = NULL, *action = NULL, *actor = NULL, *outcome = NULL;
  gint64 actor_id = 0, from = 0, to = 0;
  gboolean has_from, has_to;
  gboolean ok;

  if (!sd_platform_require (request, SD_PERMISSION_AUDIT_READ, error)
      || !sd_platform_get_paging (request, &data.page, &data.per_page, error)
      || !sd_platform_get_query_enum (request, "category", categories, &category, error)
      || !sd_platform_get_query_text (request, "action", 64, &action, error)
      || !sd_platform_get_query_text (request, "actor", 64, &actor, error)
      || !sd_platform_get_query_id (request, "actor_id", &actor_id, error)
      || !sd_platform_get_query_enum (request, "outcome", outcomes, &outcome, error)
      || !sd_platform_get_query_time (request, "from", FALSE, &from, error)
      || !sd_platform_get_query_time (request, "to", TRUE, &to, error))
    return FALSE;
  has_from = g_hash_table_contains (request->query, "from");
  has_to = g_hash_table_contains (request->query, "to");

  data.where = where;
  data.params = params;
  g_array_append_val (params, SD_INT (request->caller.enterprise_id));
  if (category != NULL)
    add_condition (&data, "category =", &SD_TEXT (category));
  if (action != NULL)
    add_condition (&data, "action =", &SD_TEXT (action));
  if (actor != NULL)
    add_condition (&data, "actor_login =", &SD_TEXT (actor));
  if (actor_id > 0)
    add_condition (&data, "actor_id =", &SD_INT (actor_id));
  if (outcome != NULL)
    add_condition (&data, "outcome =", &SD_TEXT (outcome));
  if (has_from)
    add_condition (&data, "occurred_at >=", &SD_INT (from));
  if (has_to)
    add_condition (&data, "occurred_at <", &SD_INT (to));

  ok = sd_platform_store_read (request->store, list_audit_run, &data, error);
  if (ok)
    sd_platform_respond_json (request, 200, g_steal_pointer (&data.result));
  g_clear_pointer (&data.result, json_node_unref);
  return ok;
}

static const SdPlatformRoute routes[] = {
  { "GET", "audit", SD_ROUTE_SESSION, list_audit },
};

const SdPlatformRoute *
sd_platform_audit_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
