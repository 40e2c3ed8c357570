/* sd-platform-request.c: one API request and its response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-platform-request.h"
#include "sd-secure.h"

SdPlatformRequest *
sd_platform_request_new (const SdPlatformConfig *config)
{
  SdPlatformRequest *request = g_new0 (SdPlatformRequest, 1);

  request->config = config;
  request->store = config->store;
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->response_headers = g_ptr_array_new_with_free_func (g_free);
  request->now = g_get_real_time () / G_USEC_PER_SEC;
  return request;
}

void
sd_platform_request_free (SdPlatformRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_hash_table_unref (request->query);
  if (request->body_is_secret && request->body != NULL)
    {
      gsize length = 0;
      gconstpointer data = g_bytes_get_data (request->body, &length);

      /* the flattened request body; nobody reads it any more */
      sd_secure_wipe ((gpointer) data, length);
    }
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_free (request->authorization);
  g_free (request->if_match);
  g_free (request->remote_address);
  g_free (request->caller.login);
  g_free (request->response_type);
  g_clear_pointer (&request->response_body, g_bytes_unref);
  g_ptr_array_unref (request->response_headers);
  g_free (request->error_field);
  g_free (request);
}

/* --- responses ---------------------------------------------------------- */

void
sd_platform_respond_bytes (SdPlatformRequest *request,
                           guint              status,
                           const char        *content_type,
                           GBytes            *body)
{
  request->status = status;
  g_free (request->response_type);
  request->response_type = g_strdup (content_type);
  g_clear_pointer (&request->response_body, g_bytes_unref);
  request->response_body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
sd_platform_respond_json (SdPlatformRequest *request,
                          guint              status,
                          JsonNode          *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) body = NULL;
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, owned);
  text = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (text, length);
  sd_platform_respond_bytes (request, status, "application/json; charset=utf-8", body);
}

void
sd_platform_respond_empty (SdPlatformRequest *request,
                           guint              status)
{
  sd_platform_respond_bytes (request, status, NULL, NULL);
}

void
sd_platform_add_header (SdPlatformRequest *request,
                        const char        *name,
                        const char        *value)
{
  g_ptr_array_add (request->response_headers, g_strdup (name));
  g_ptr_array_add (request->response_headers, g_strdup (value));
}

void
sd_platform_set_etag (SdPlatformRequest *request,
                      gint64             version)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  sd_platform_add_header (request, "ETag", etag);
}

void
sd_platform_respond_error (SdPlatformRequest *request,
                           const GError      *error)
{
  JsonObject *object = json_object_new ();
  g_autofree char *valid_message = NULL;
  SdApiError code;
  const char *message;

  if (error->domain == SD_API_ERROR && (guint) error->code < SD_API_ERROR_N_CODES)
    {
      code = (SdApiError) error->code;
      message = error->message;
    }
  else
    {
      /* Database trouble: the details go to the log, not to the client. */
      code = g_error_matches (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_UNAVAILABLE)
             ? SD_API_ERROR_UNAVAILABLE
             : SD_API_ERROR_INTERNAL;
      g_warning ("%s %s: %s", request->method, request->path, error->message);
      message = sd_api_error_get_message (code);
    }

  /* Messages may quote the request (a parser's complaint): keep the
   * response valid UTF-8 whatever came in. */
  valid_message = g_utf8_make_valid (message, -1);
  json_object_set_string_member (object, "code", sd_api_error_get_code (code));
  json_object_set_string_member (object, "message", valid_message);
  if (request->error_field != NULL)
    {
      g_autofree char *field = g_utf8_make_valid (request->error_field, -1);

      json_object_set_string_member (object, "field", field);
    }
  if ((code == SD_API_ERROR_ACCOUNT_LOCKED || code == SD_API_ERROR_RATE_LIMITED)
      && request->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, request->retry_after);

      json_object_set_int_member (object, "retry_after", request->retry_after);
      sd_platform_add_header (request, "Retry-After", seconds);
    }
  if (code == SD_API_ERROR_AUTHENTICATION_REQUIRED
      || code == SD_API_ERROR_INVALID_CREDENTIALS)
    sd_platform_add_header (request, "WWW-Authenticate", "Bearer realm=\"sealdesk-platform\"");
  sd_platform_respond_json (request, sd_api_error_get_status (code),
                            sd_json_node_take_object (object));
}

/* --- failing ------------------------------------------------------------ */

gboolean
sd_platform_fail_message (SdPlatformRequest *request,
                          GError           **error,
                          SdApiError    code,
                          const char        *field,
                          const char        *message)
{
  g_free (request->error_field);
  request->error_field = g_strdup (field);
  g_set_error_literal (error, SD_API_ERROR, code, message);
  return FALSE;
}

gboolean
sd_platform_fail (SdPlatformRequest *request,
                  GError           **error,
                  SdApiError    code,
                  const char        *field)
{
  return sd_platform_fail_message (request, error, code, field,
                                   sd_api_error_get_message (code));
}

/* --- reading the request ------------------------------------------------ */

JsonObject *
sd_platform_read_body (SdPlatformRequest *request,
                       const SdField     *fields,
                       gsize              n_fields,
                       GError           **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *reason = NULL;
  const char *field;

  if (request->content_type == NULL
      || g_ascii_strncasecmp (request->content_type, "application/json", 16) != 0)
    {
      sd_platform_fail (request, error, SD_API_ERROR_UNSUPPORTED_MEDIA_TYPE, NULL);
      return NULL;
    }
  object = sd_json_parse_object (request->body, &reason);
  if (object == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The request body is not a valid JSON object: %s"), reason);

      sd_platform_fail_message (request, error, SD_API_ERROR_INVALID_JSON, NULL, message);
      return NULL;
    }
  field = sd_json_check_fields (object, fields, n_fields, &reason);
  if (field != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The field “%s” is not valid: %s"), field,
                                                  reason);

      sd_platform_fail_message (request, error, SD_API_ERROR_INVALID_FIELD, field, message);
      return NULL;
    }
  return g_steal_pointer (&object);
}

gboolean
sd_platform_check_if_match (SdPlatformRequest *request,
                            gint64             version,
                            gboolean           required,
                            GError           **error)
{
  g_autofree char *current = NULL;
  g_auto(GStrv) tags = NULL;

  if (request->if_match == NULL)
    {
      if (required)
        return sd_platform_fail (request, error, SD_API_ERROR_PRECONDITION_REQUIRED,
                                 "If-Match");
      return TRUE;
    }
  current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  tags = g_strsplit (request->if_match, ",", 16);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      /* Weak comparison: W/"3" also names version 3. */
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, current) == 0)
        return TRUE;
    }
  return sd_platform_fail (request, error, SD_API_ERROR_VERSION_CONFLICT, "If-Match");
}

static gboolean
fail_parameter (SdPlatformRequest *request,
                GError           **error,
                const char        *name)
{
  g_autofree char *message = g_strdup_printf (_("The query parameter “%s” is not valid."), name);

  return sd_platform_fail_message (request, error, SD_API_ERROR_INVALID_PARAMETER, name,
                                   message);
}

static gboolean
parse_positive (const char *text,
                gint64     *value)
{
  guint64 number = 0;

  if (text == NULL || text[0] == '\0' || strlen (text) > 18)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  number = g_ascii_strtoull (text, NULL, 10);
  if (number == 0)
    return FALSE;
  *value = (gint64) number;
  return TRUE;
}

gboolean
sd_platform_get_paging (SdPlatformRequest *request,
                        gint64            *page,
                        gint64            *per_page,
                        GError           **error)
{
  const char *text;

  *page = 1;
  *per_page = 10;
  text = g_hash_table_lookup (request->query, "page");
  if (text != NULL && (!parse_positive (text, page) || *page > 1000000))
    return fail_parameter (request, error, "page");
  text = g_hash_table_lookup (request->query, "per_page");
  if (text != NULL
      && (!parse_positive (text, per_page)
          || (*per_page != 10 && *per_page != 20 && *per_page != 50 && *per_page != 100)))
    return fail_parameter (request, error, "per_page");
  return TRUE;
}

gboolean
sd_platform_get_query_bool (SdPlatformRequest *request,
                            const char        *name,
                            gboolean          *present,
                            gboolean          *value,
                            GError           **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  *present = FALSE;
  if (text == NULL)
    return TRUE;
  if (strcmp (text, "true") == 0)
    *value = TRUE;
  else if (strcmp (text, "false") == 0)
    *value = FALSE;
  else
    return fail_parameter (request, error, name);
  *present = TRUE;
  return TRUE;
}

gboolean
sd_platform_get_query_id (SdPlatformRequest *request,
                          const char        *name,
                          gint64            *value,
                          GError           **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  if (text == NULL)
    return TRUE;
  if (!parse_positive (text, value))
    return fail_parameter (request, error, name);
  return TRUE;
}

gboolean
sd_platform_get_query_time (SdPlatformRequest *request,
                            const char        *name,
                            gboolean           end_of_day,
                            gint64            *value,
                            GError           **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  if (text == NULL)
    return TRUE;
  if (!sd_parse_time (text, end_of_day, value))
    return fail_parameter (request, error, name);
  return TRUE;
}

gboolean
sd_platform_get_query_text (SdPlatformRequest *request,
                            const char        *name,
                            guint              max_length,
                            const char       **value,
                            GError           **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  *value = NULL;
  if (text == NULL)
    return TRUE;
  if (g_utf8_strlen (text, -1) > (glong) max_length)
    return fail_parameter (request, error, name);
  /* An empty filter is the same as none (the form's 全部). */
  if (text[0] != '\0')
    *value = text;
  return TRUE;
}

gboolean
sd_platform_get_query_enum (SdPlatformRequest  *request,
                            const char         *name,
                            const char * const *choices,
                            const char        **value,
                            GError            **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  *value = NULL;
  if (text == NULL || text[0] == '\0')
    return TRUE;
  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (strcmp (choices[i], text) == 0)
        {
          *value = choices[i];
          return TRUE;
        }
    }
  return fail_parameter (request, error, name);
}

gboolean
sd_platform_require (SdPlatformRequest *request,
                     guint32            any_of,
                     GError           **error)
{
  if ((request->caller.permissions & any_of) != 0)
    return TRUE;
  return sd_platform_fail (request, error, SD_API_ERROR_PERMISSION_DENIED, NULL);
}

char *
sd_platform_like_pattern (const char *text)
{
  GString *out = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (c == '%' || c == '_' || c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, c);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

JsonNode *
sd_platform_page_json (JsonArray *items,
                       gint64     total,
                       gint64     page,
                       gint64     per_page)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "items", items);
  json_object_set_int_member (object, "total", total);
  json_object_set_int_member (object, "page", page);
  json_object_set_int_member (object, "per_page", per_page);
  return sd_json_node_take_object (object);
}
