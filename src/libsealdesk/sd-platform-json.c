/* sd-platform-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-platform-error.h"
#include "sd-platform-enums.h"
#include "sd-platform-json.h"
#include "sd-secure.h"

void
sd_platform_json_set_member_error (GError     **error,
                                   const char  *member)
{
  g_set_error (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_PROTOCOL,
               _("The platform server’s answer cannot be read (member “%s”). The server may "
                 "be of another version."),
               member);
}

static void
fail (SdPlatformJsonReader *reader,
      const char           *member)
{
  if (reader->error == NULL)
    sd_platform_json_set_member_error (&reader->error, member);
}

void
sd_platform_json_reader_init (SdPlatformJsonReader *reader,
                              JsonNode             *node)
{
  reader->error = NULL;
  reader->object = NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    reader->object = json_node_get_object (node);
  else
    fail (reader, "{}");
}

gboolean
sd_platform_json_reader_finish (SdPlatformJsonReader *reader,
                                GError              **error)
{
  reader->object = NULL;
  if (reader->error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&reader->error));
  return FALSE;
}

/* The member's node, or NULL when missing, null or after an error. */
static JsonNode *
member_node (SdPlatformJsonReader *reader,
             const char           *member)
{
  JsonNode *node;

  if (reader->error != NULL || reader->object == NULL)
    return NULL;
  node = json_object_get_member (reader->object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static JsonNode *
member_value (SdPlatformJsonReader *reader,
              const char           *member,
              GType                 value_type)
{
  JsonNode *node = member_node (reader, member);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != value_type)
    {
      fail (reader, member);
      return NULL;
    }
  return node;
}

char *
sd_platform_json_dup_string (SdPlatformJsonReader *reader,
                             const char           *member)
{
  JsonNode *node = member_value (reader, member, G_TYPE_STRING);

  return node != NULL ? json_node_dup_string (node) : NULL;
}

gint64
sd_platform_json_get_int (SdPlatformJsonReader *reader,
                          const char           *member)
{
  JsonNode *node = member_value (reader, member, G_TYPE_INT64);

  return node != NULL ? json_node_get_int (node) : 0;
}

gint64
sd_platform_json_get_id (SdPlatformJsonReader *reader,
                         const char           *member)
{
  gint64 id = sd_platform_json_get_int (reader, member);

  if (id < 1)
    fail (reader, member);
  return id;
}

gboolean
sd_platform_json_get_bool (SdPlatformJsonReader *reader,
                           const char           *member)
{
  JsonNode *node = member_value (reader, member, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : FALSE;
}

GDateTime *
sd_platform_json_dup_time (SdPlatformJsonReader *reader,
                           const char           *member)
{
  JsonNode *node = member_value (reader, member, G_TYPE_STRING);
  GDateTime *time;

  if (node == NULL)
    return NULL;
  time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  if (time == NULL)
    fail (reader, member);
  return time;
}

GStrv
sd_platform_json_dup_strv (SdPlatformJsonReader *reader,
                           const char           *member)
{
  JsonNode *node = member_node (reader, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (reader, member);
      return NULL;
    }
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          fail (reader, member);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

int
sd_platform_json_get_enum (SdPlatformJsonReader *reader,
                           const char           *member,
                           GType                 enum_type,
                           int                   fallback)
{
  JsonNode *node = member_value (reader, member, G_TYPE_STRING);
  int value = fallback;

  if (node != NULL
      && !sd_platform_enum_from_string (enum_type, json_node_get_string (node), &value))
    fail (reader, member);
  return value;
}

JsonObject *
sd_platform_json_get_object (SdPlatformJsonReader *reader,
                             const char           *member)
{
  JsonNode *node = member_node (reader, member);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (reader, member);
      return NULL;
    }
  return json_node_get_object (node);
}

JsonArray *
sd_platform_json_get_array (SdPlatformJsonReader *reader,
                            const char           *member)
{
  JsonNode *node = member_node (reader, member);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (reader, member);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonNode *
sd_platform_json_require_object (SdPlatformJsonReader *reader,
                                 const char           *member)
{
  JsonNode *node = member_node (reader, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (reader, member);
      return NULL;
    }
  return node;
}

char *
sd_platform_json_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

void
sd_platform_json_add_string (JsonBuilder *builder,
                             const char  *member,
                             const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
sd_platform_json_add_strv (JsonBuilder        *builder,
                           const char         *member,
                           const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (gsize i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
sd_platform_json_add_ids (JsonBuilder  *builder,
                          const char   *member,
                          const gint64 *ids,
                          guint         n_ids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_ids; i++)
    json_builder_add_int_value (builder, ids[i]);
  json_builder_end_array (builder);
}

GString *
sd_platform_json_secret_new (gsize capacity)
{
  return g_string_sized_new (capacity);
}

void
sd_platform_json_append_member (GString    *text,
                                const char *member,
                                const char *value)
{
  const char *parts[2] = { member, value };

  if (value == NULL)
    return;
  if (text->len > 0 && text->str[text->len - 1] != '{')
    g_string_append_c (text, ',');
  for (guint i = 0; i < 2; i++)
    {
      g_string_append_c (text, '"');
      for (const guchar *p = (const guchar *) parts[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            {
              g_string_append_c (text, '\\');
              g_string_append_c (text, *p);
            }
          else if (*p < 0x20)
            g_string_append_printf (text, "\\u%04x", *p);
          else
            g_string_append_c (text, *p);
        }
      g_string_append_c (text, '"');
      if (i == 0)
        g_string_append_c (text, ':');
    }
}

static void
secret_string_free (gpointer data)
{
  GString *text = data;

  sd_secure_wipe (text->str, text->allocated_len);
  g_string_free (text, TRUE);
}

GBytes *
sd_platform_json_secret_bytes (GString *text)
{
  return g_bytes_new_with_free_func (text->str, text->len, secret_string_free, text);
}
