/* sd-platform-json.c: strict reading of request bodies, and small JSON helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-platform-json.h"

/* Depth of arrays and objects outside strings, without parsing. */
static gboolean
depth_is_bounded (const char *text,
                  gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > SD_JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* Escapes can still make bad text: json-glib turns a lone surrogate
 * (\udc00) into bytes that are not UTF-8, in a member name as in a value,
 * at any depth (the fuzzer found one inside a nested object). */
static gboolean
node_is_text (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !node_is_text (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_is_text (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING
             || g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

JsonObject *
sd_json_parse_object (GBytes  *body,
                      char   **reason)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      *reason = g_strdup ("empty body");
      return NULL;
    }
  /* NUL bytes count as invalid here */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      *reason = g_strdup ("invalid UTF-8");
      return NULL;
    }
  /* A \u0000 escape would silently cut a C string short. */
  if (g_strstr_len (data, (gssize) length, "\\u0000") != NULL)
    {
      *reason = g_strdup ("\\u0000 in a string");
      return NULL;
    }
  if (!depth_is_bounded (data, length))
    {
      *reason = g_strdup ("nested too deeply");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      *reason = g_strdup (error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *reason = g_strdup ("not a JSON object");
      return NULL;
    }
  if (!node_is_text (root))
    {
      *reason = g_strdup ("a string that is not valid Unicode (a lone surrogate?)");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
string_is_clean (const char *text,
                 guint       min_length,
                 guint       max_length,
                 char      **reason)
{
  glong n;

  /* Lone surrogates escaped as \ud800 come out as invalid UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      *reason = g_strdup ("invalid UTF-8");
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          *reason = g_strdup ("control character");
          return FALSE;
        }
    }
  n = g_utf8_strlen (text, -1);
  if (n < (glong) min_length)
    {
      *reason = g_strdup_printf ("shorter than %u characters", min_length);
      return FALSE;
    }
  if (n > (glong) (max_length != 0 ? max_length : 1024))
    {
      *reason = g_strdup_printf ("longer than %u characters", max_length != 0 ? max_length : 1024);
      return FALSE;
    }
  return TRUE;
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
check_array (JsonNode      *node,
             const SdField *field,
             char         **reason)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *reason = g_strdup ("not an array");
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > (field->max_length != 0 ? field->max_length : 100))
    {
      *reason = g_strdup ("too many items");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      switch (field->type)
        {
        case SD_FIELD_ID_ARRAY:
        case SD_FIELD_PAGE_ARRAY:
          if (!node_is_integer (item) || json_node_get_int (item) <= 0)
            {
              *reason = g_strdup ("items must be positive integers");
              return FALSE;
            }
          break;
        case SD_FIELD_STRING_ARRAY:
          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING
              || !string_is_clean (json_node_get_string (item), 1, 64, reason))
            {
              if (*reason == NULL)
                *reason = g_strdup ("items must be strings");
              return FALSE;
            }
          break;
        case SD_FIELD_STRING:
        case SD_FIELD_BOOLEAN:
        case SD_FIELD_ID:
        case SD_FIELD_OBJECT:
        default:
          break;
        }
    }
  return TRUE;
}

static gboolean
check_value (JsonNode      *node,
             const SdField *field,
             char         **reason)
{
  switch (field->type)
    {
    case SD_FIELD_STRING:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        break;
      return string_is_clean (json_node_get_string (node), field->min_length, field->max_length,
                              reason);
    case SD_FIELD_BOOLEAN:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return TRUE;
      break;
    case SD_FIELD_ID:
      if (node_is_integer (node) && json_node_get_int (node) > 0)
        return TRUE;
      *reason = g_strdup ("not a positive integer");
      return FALSE;
    case SD_FIELD_ID_ARRAY:
    case SD_FIELD_STRING_ARRAY:
    case SD_FIELD_PAGE_ARRAY:
      return check_array (node, field, reason);
    case SD_FIELD_OBJECT:
      if (JSON_NODE_HOLDS_OBJECT (node))
        return TRUE;
      break;
    default:
      break;
    }
  *reason = g_strdup ("wrong type");
  return FALSE;
}

const char *
sd_json_check_fields (JsonObject    *object,
                      const SdField *fields,
                      gsize          n_fields,
                      char         **reason)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  *reason = NULL;
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const SdField *field = NULL;

      for (gsize i = 0; i < n_fields; i++)
        {
          if (strcmp (fields[i].name, name) == 0)
            {
              field = &fields[i];
              break;
            }
        }
      if (field == NULL)
        {
          *reason = g_strdup ("unknown member");
          /* the name is from the request: it may not be printable */
          return g_utf8_validate (name, -1, NULL) ? name : "?";
        }
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (field->nullable)
            continue;
          *reason = g_strdup ("must not be null");
          return field->name;
        }
      if (!check_value (node, field, reason))
        return field->name;
    }

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].required && !json_object_has_member (object, fields[i].name))
        {
          *reason = g_strdup ("missing");
          return fields[i].name;
        }
    }
  return NULL;
}

gboolean
sd_json_member_is_null (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

JsonNode *
sd_json_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
sd_json_node_take_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

void
sd_json_set_string_or_null (JsonObject *object,
                            const char *name,
                            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

void
sd_json_set_id_or_null (JsonObject *object,
                        const char *name,
                        gint64      id)
{
  if (id > 0)
    json_object_set_int_member (object, name, id);
  else
    json_object_set_null_member (object, name);
}

char *
sd_format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

void
sd_json_set_time (JsonObject *object,
                  const char *name,
                  gint64      seconds,
                  gboolean    null_when_zero)
{
  g_autofree char *text = NULL;

  if (null_when_zero && seconds == 0)
    {
      json_object_set_null_member (object, name);
      return;
    }
  text = sd_format_time (seconds);
  json_object_set_string_member (object, name, text);
}

gboolean
sd_parse_time (const char *text,
               gboolean    end_of_day,
               gint64     *seconds)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (midnight, NULL);
      if (time != NULL && end_of_day)
        {
          GDateTime *next = g_date_time_add_days (time, 1);

          g_date_time_unref (time);
          time = next;
        }
    }
  else if (strchr (text, 'T') != NULL)
    {
      /* RFC 3339 requires the zone: refuse a bare local time. */
      const char *t = strchr (text, 'T');

      if (strchr (t, 'Z') == NULL && strchr (t, '+') == NULL && strchr (t, '-') == NULL)
        return FALSE;
      time = g_date_time_new_from_iso8601 (text, utc);
    }
  if (time == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (time);
  return TRUE;
}
