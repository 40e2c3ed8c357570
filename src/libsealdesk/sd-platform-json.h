/* sd-platform-json.h: reading the platform server's JSON objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the platform client.  A reader keeps the first problem it
 * meets, so an object's fields are read in a row and checked once.  A
 * member that is missing or null reads as empty (NULL, 0, FALSE); a member
 * of the wrong type is an error (SD_PLATFORM_ERROR_PROTOCOL).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  JsonObject *object;
  GError     *error;
} SdPlatformJsonReader;

/* @node must be an object; otherwise the reader starts with an error. */
void        sd_platform_json_reader_init    (SdPlatformJsonReader *reader,
                                             JsonNode             *node);
/* The error of an answer that lacks @member or has it wrong
 * (SD_PLATFORM_ERROR_PROTOCOL). */
void        sd_platform_json_set_member_error (GError            **error,
                                               const char         *member);
/* Returns the first error (transfer full) and clears the reader. */
gboolean    sd_platform_json_reader_finish  (SdPlatformJsonReader *reader,
                                             GError              **error);

char       *sd_platform_json_dup_string     (SdPlatformJsonReader *reader,
                                             const char           *member);
gint64      sd_platform_json_get_int        (SdPlatformJsonReader *reader,
                                             const char           *member);
/* A positive id; missing is an error too. */
gint64      sd_platform_json_get_id         (SdPlatformJsonReader *reader,
                                             const char           *member);
gboolean    sd_platform_json_get_bool       (SdPlatformJsonReader *reader,
                                             const char           *member);
GDateTime  *sd_platform_json_dup_time       (SdPlatformJsonReader *reader,
                                             const char           *member);
/* An array of strings; NULL when missing or null. */
GStrv       sd_platform_json_dup_strv       (SdPlatformJsonReader *reader,
                                             const char           *member);
/* A GEnum value from its API name; @fallback when missing or null. */
int         sd_platform_json_get_enum       (SdPlatformJsonReader *reader,
                                             const char           *member,
                                             GType                 enum_type,
                                             int                   fallback);
/* Borrowed; NULL when missing or null. */
JsonObject *sd_platform_json_get_object     (SdPlatformJsonReader *reader,
                                             const char           *member);
JsonArray  *sd_platform_json_get_array      (SdPlatformJsonReader *reader,
                                             const char           *member);

/* The member's node, which must be an object: missing is an error too. */
JsonNode   *sd_platform_json_require_object (SdPlatformJsonReader *reader,
                                             const char           *member);

/* RFC 3339 in UTC, as the API writes times: 2023-05-22T01:31:22Z */
char       *sd_platform_json_format_time    (GDateTime            *time);
/* Adds "member": value, or null when @value is NULL. */
void        sd_platform_json_add_string     (JsonBuilder          *builder,
                                             const char           *member,
                                             const char           *value);
void        sd_platform_json_add_strv       (JsonBuilder          *builder,
                                             const char           *member,
                                             const char * const   *values);
void        sd_platform_json_add_ids        (JsonBuilder          *builder,
                                             const char           *member,
                                             const gint64         *ids,
                                             guint                 n_ids);

/* Secrets (passwords) must not pass through a JsonBuilder, whose copies
 * are freed unwiped: these write them straight into one buffer. */
/* A GString that holds @capacity bytes without ever moving. */
GString    *sd_platform_json_secret_new     (gsize                 capacity);
/* Appends "member":"value" (after a comma unless the object just opened);
 * nothing when @value is NULL. */
void        sd_platform_json_append_member  (GString              *text,
                                             const char           *member,
                                             const char           *value);
/* The text as bytes that are wiped when freed; takes @text. */
GBytes     *sd_platform_json_secret_bytes   (GString              *text);

G_END_DECLS
