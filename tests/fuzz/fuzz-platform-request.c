/* fuzz-platform-request.c: libFuzzer target for sealdesk-platform's request
 * reading: the strict JSON body parser and field checks, the query
 * parameters, If-Match, and the error response built from what was found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the body's schema, then a first line with the
 * query string (name=value&…, percent-encoded as on the wire), a second
 * line with the If-Match header, and the rest is the body.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "sd-platform-request.h"

/* Every field type, with the sizes the endpoints use */
static const SdField login_fields[] = {
  { "login", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "password", SD_FIELD_STRING, TRUE, FALSE, 0, 256 },
};
static const SdField account_fields[] = {
  { "login", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "id_number", SD_FIELD_STRING, FALSE, TRUE, 0, 18 },
  { "enabled", SD_FIELD_BOOLEAN, FALSE, FALSE, 0, 0 },
  { "role_ids", SD_FIELD_ID_ARRAY, FALSE, FALSE, 0, 0 },
};
static const SdField usage_fields[] = {
  { "document_name", SD_FIELD_STRING, TRUE, FALSE, 1, 255 },
  { "document_hash", SD_FIELD_STRING, TRUE, FALSE, 1, 128 },
  { "pages", SD_FIELD_PAGE_ARRAY, FALSE, FALSE, 0, 0 },
  { "binding_id", SD_FIELD_ID, FALSE, TRUE, 0, 0 },
};
static const SdField role_fields[] = {
  { "name", SD_FIELD_STRING, TRUE, FALSE, 1, 32 },
  { "permissions", SD_FIELD_STRING_ARRAY, TRUE, FALSE, 0, 0 },
  { "main_account", SD_FIELD_OBJECT, FALSE, FALSE, 0, 0 },
};

static const struct
{
  const SdField *fields;
  gsize          n_fields;
} schemas[] = {
  { login_fields, G_N_ELEMENTS (login_fields) },
  { account_fields, G_N_ELEMENTS (account_fields) },
  { usage_fields, G_N_ELEMENTS (usage_fields) },
  { role_fields, G_N_ELEMENTS (role_fields) },
};

static char *
take_line (const uint8_t **data,
           size_t         *size)
{
  const uint8_t *end = memchr (*data, '\n', *size);
  size_t length = end != NULL ? (size_t) (end - *data) : *size;
  char *line = g_strndup ((const char *) *data, length);

  *data += MIN (length + 1, *size);
  *size -= MIN (length + 1, *size);
  return line;
}

/* What the HTTP layer does with the query: percent-decoded, UTF-8 only */
static void
read_query (SdPlatformRequest *request,
            const char        *text)
{
  g_autoptr(GHashTable) params = g_uri_parse_params (text, -1, "&", G_URI_PARAMS_NONE, NULL);
  GHashTableIter iter;
  gpointer key, value;

  request->query_is_text = TRUE;
  if (params == NULL)
    return;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          request->query_is_text = FALSE;
          g_hash_table_remove_all (request->query);
          return;
        }
      g_hash_table_replace (request->query, g_strdup (key), g_strdup (value));
    }
}

static void
respond (SdPlatformRequest *request,
         GError            *error)
{
  if (error != NULL)
    sd_platform_respond_error (request, error);
  g_assert (error == NULL || request->status >= 400);
  if (request->response_body != NULL)
    {
      gsize length = 0;
      const char *body = g_bytes_get_data (request->response_body, &length);

      /* answers are always UTF-8 JSON, whatever came in */
      g_assert (g_utf8_validate (body, (gssize) length, NULL));
    }
}

static void
run_query (const SdPlatformConfig *config,
           const char             *query,
           const char             *if_match)
{
  static const char * const kinds[] = { "main", "sub", NULL };
  g_autoptr(SdPlatformRequest) request = sd_platform_request_new (config);
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;
  const char *text = NULL, *kind = NULL;
  gboolean present = FALSE, flag = FALSE;
  gint64 page = 0, per_page = 0, id = 0, from = 0, to = 0;

  request->method = g_strdup ("GET");
  request->path = g_strdup ("accounts");
  request->if_match = if_match[0] != '\0' ? g_strdup (if_match) : NULL;
  read_query (request, query);
  if (sd_platform_get_paging (request, &page, &per_page, &error)
      && sd_platform_get_query_text (request, "name", 64, &text, &error)
      && sd_platform_get_query_bool (request, "enabled", &present, &flag, &error)
      && sd_platform_get_query_enum (request, "kind", kinds, &kind, &error)
      && sd_platform_get_query_id (request, "actor", &id, &error)
      && sd_platform_get_query_time (request, "from", FALSE, &from, &error)
      && sd_platform_get_query_time (request, "to", TRUE, &to, &error)
      && sd_platform_check_if_match (request, 3, FALSE, &error))
    {
      g_assert (page >= 1 && (per_page == 10 || per_page == 20 || per_page == 50
                              || per_page == 100));
      if (text != NULL)
        {
          pattern = sd_platform_like_pattern (text);
          g_assert (g_utf8_validate (pattern, -1, NULL));
        }
      sd_platform_respond_json (request, 200,
                                sd_platform_page_json (json_array_new (), 0, page, per_page));
    }
  respond (request, error);
}

static void
run_body (const SdPlatformConfig *config,
          guint                   schema,
          const uint8_t          *data,
          size_t                  size)
{
  g_autoptr(SdPlatformRequest) request = sd_platform_request_new (config);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;

  request->method = g_strdup ("POST");
  request->path = g_strdup ("accounts");
  request->content_type = g_strdup ("application/json; charset=utf-8");
  request->body = g_bytes_new (data, size);
  request->body_is_secret = schema == 0;
  body = sd_platform_read_body (request, schemas[schema].fields, schemas[schema].n_fields,
                                &error);
  g_assert ((body == NULL) == (error != NULL));
  if (body != NULL)
    {
      /* what the handlers then rely on */
      for (gsize i = 0; i < schemas[schema].n_fields; i++)
        {
          const SdField *field = &schemas[schema].fields[i];

          if (field->required)
            g_assert (json_object_has_member (body, field->name));
          if (field->type == SD_FIELD_STRING && json_object_has_member (body, field->name)
              && !sd_json_member_is_null (body, field->name))
            g_assert (g_utf8_validate (json_object_get_string_member (body, field->name), -1,
                                       NULL));
        }
      sd_platform_respond_json (request, 201, json_node_init_object (json_node_alloc (), body));
    }
  respond (request, error);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const SdPlatformConfig config = { .max_body = 4096 * 1024 };
  g_autofree char *query = NULL;
  g_autofree char *if_match = NULL;
  guint schema;

  if (size < 1)
    return 0;
  schema = data[0] % G_N_ELEMENTS (schemas);
  data++;
  size--;
  query = take_line (&data, &size);
  if_match = take_line (&data, &size);
  run_query (&config, query, if_match);
  run_body (&config, schema, data, size);
  return 0;
}
