/* sd-platform-json.h: strict reading of request bodies, and small JSON helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper nesting than this is refused before parsing: json-glib's parser
 * recurses once per level. */
#define SD_JSON_MAX_DEPTH 32

typedef enum
{
  SD_FIELD_STRING,
  SD_FIELD_BOOLEAN,
  SD_FIELD_ID,           /* a positive integer */
  SD_FIELD_ID_ARRAY,
  SD_FIELD_STRING_ARRAY,
  SD_FIELD_PAGE_ARRAY,   /* positive integers */
  SD_FIELD_OBJECT,
} SdFieldType;

/**
 * SdField:
 * @max_length: characters of a string (0 = 1024), items of an array (0 = 100)
 * @min_length: characters of a string
 *
 * One member a request body may have.
 */
typedef struct
{
  const char  *name;
  SdFieldType  type;
  gboolean     required;
  gboolean     nullable;
  guint        min_length;
  guint        max_length;
} SdField;

/* Parses @body as one JSON object: valid UTF-8, no NUL, bounded depth.
 * On failure returns NULL and sets @reason (untranslated detail). */
JsonObject *sd_json_parse_object   (GBytes         *body,
                                    char          **reason);

/* Checks @object against @fields: no unknown member, the required ones
 * present, each of its type and size.  On failure returns the name of the
 * member at fault and sets @reason. */
const char *sd_json_check_fields   (JsonObject     *object,
                                    const SdField  *fields,
                                    gsize           n_fields,
                                    char          **reason);

/* TRUE if @object has @name and it is JSON null. */
gboolean    sd_json_member_is_null (JsonObject     *object,
                                    const char     *name);

JsonNode   *sd_json_node_take_object (JsonObject   *object);
JsonNode   *sd_json_node_take_array  (JsonArray    *array);

/* Members that are strings or null */
void        sd_json_set_string_or_null (JsonObject *object,
                                        const char *name,
                                        const char *value);
/* An id member, null for 0 */
void        sd_json_set_id_or_null     (JsonObject *object,
                                        const char *name,
                                        gint64      id);
/* A time member in RFC 3339 UTC, null for @null_when_zero and 0 */
void        sd_json_set_time           (JsonObject *object,
                                        const char *name,
                                        gint64      seconds,
                                        gboolean    null_when_zero);

/* "2023-05-22T01:31:22Z" */
char       *sd_format_time         (gint64          seconds);
/* RFC 3339 with a zone, or YYYY-MM-DD (UTC midnight; with @end_of_day the
 * next midnight).  FALSE when @text is neither. */
gboolean    sd_parse_time          (const char     *text,
                                    gboolean        end_of_day,
                                    gint64         *seconds);

G_END_DECLS
