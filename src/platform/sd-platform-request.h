/* sd-platform-request.h: one API request on its way through a worker
 * thread, and its response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP layer copies what it needs out of the SoupServerMessage in the
 * main thread; handlers run in a worker with only this struct, and the
 * response goes back to the main thread the same way.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-platform-error.h"
#include "sd-platform-json.h"
#include "sd-platform-rate-limit.h"
#include "sd-platform-store.h"

G_BEGIN_DECLS

/**
 * SdPlatformConfig:
 * What the command line set; shared read-only by every worker.
 */
typedef struct
{
  SdPlatformStore *store;
  guint            scrypt_log_n;        /* scrypt cost: N = 2^log_n */
  gint64           session_seconds;
  guint            lockout_threshold;   /* failed logins in a row */
  gint64           lockout_seconds;
  gboolean         allow_registration;
  gsize            max_body;
  /* per source address: unauthenticated POST /challenges, password logins */
  SdPlatformRateLimit *challenge_limit;
  SdPlatformRateLimit *login_limit;
} SdPlatformConfig;

/* Who is calling, once the bearer token is checked */
typedef struct
{
  gint64   session_id;
  gint64   account_id;
  gint64   enterprise_id;
  char    *login;
  gboolean is_main;
  guint32  account_permissions;   /* the roles' */
  guint32  permissions;           /* the session's: narrowed by a CA binding */
  gint64   binding_id;            /* CA login, else 0 */
  gboolean must_change_password;
  gint64   expires_at;
} SdPlatformCaller;

typedef struct
{
  const SdPlatformConfig *config;
  SdPlatformStore        *store;

  /* the request */
  char        *method;
  char        *path;            /* below /api/v1/, without a trailing slash */
  GHashTable  *query;           /* name → value, both valid UTF-8 */
  gboolean     query_is_text;   /* FALSE: the query had invalid UTF-8 (and is empty) */
  GBytes      *body;
  gboolean     body_is_secret;  /* holds a password: wiped when the request ends */
  char        *content_type;
  char        *authorization;
  char        *if_match;
  char        *remote_address;
  gint64       ids[4];          /* the numbers in the path, in order */
  guint        n_ids;
  gint64       now;             /* seconds; one clock reading per request */

  gboolean          authenticated;
  SdPlatformCaller  caller;

  /* the response */
  guint        status;
  char        *response_type;
  GBytes      *response_body;
  GPtrArray   *response_headers; /* name, value, name, value … */
  char        *error_field;
  gint64       retry_after;
} SdPlatformRequest;

SdPlatformRequest *sd_platform_request_new  (const SdPlatformConfig *config);
void               sd_platform_request_free (SdPlatformRequest      *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPlatformRequest, sd_platform_request_free)

/* --- responses ---------------------------------------------------------- */

/* Takes @node. */
void     sd_platform_respond_json  (SdPlatformRequest *request,
                                    guint              status,
                                    JsonNode          *node);
void     sd_platform_respond_empty (SdPlatformRequest *request,
                                    guint              status);
void     sd_platform_respond_bytes (SdPlatformRequest *request,
                                    guint              status,
                                    const char        *content_type,
                                    GBytes            *body);
void     sd_platform_add_header    (SdPlatformRequest *request,
                                    const char        *name,
                                    const char        *value);
/* ETag: "<version>" */
void     sd_platform_set_etag      (SdPlatformRequest *request,
                                    gint64             version);
/* Renders @error (SD_API_ERROR, or anything else as internal_error /
 * unavailable) as the JSON error response. */
void     sd_platform_respond_error (SdPlatformRequest *request,
                                    const GError      *error);

/* --- failing ------------------------------------------------------------ */

/* Sets @error to @code; @field (may be NULL) goes into the response. */
gboolean sd_platform_fail         (SdPlatformRequest *request,
                                   GError           **error,
                                   SdApiError    code,
                                   const char        *field);
/* The same with a message of its own (already translated) */
gboolean sd_platform_fail_message (SdPlatformRequest *request,
                                   GError           **error,
                                   SdApiError    code,
                                   const char        *field,
                                   const char        *message);

/* --- reading the request ------------------------------------------------ */

/* The body as a JSON object checked against @fields (400 otherwise). */
JsonObject *sd_platform_read_body   (SdPlatformRequest *request,
                                     const SdField     *fields,
                                     gsize              n_fields,
                                     GError           **error);

/* If-Match against @version: 428 when @required and absent, 412 when it
 * names another version. */
gboolean sd_platform_check_if_match (SdPlatformRequest *request,
                                     gint64             version,
                                     gboolean           required,
                                     GError           **error);

/* page (≥ 1) and per_page (10, 20, 50, 100) */
gboolean sd_platform_get_paging     (SdPlatformRequest *request,
                                     gint64            *page,
                                     gint64            *per_page,
                                     GError           **error);
/* Query parameters; absent leaves the output untouched and returns TRUE. */
gboolean sd_platform_get_query_bool (SdPlatformRequest *request,
                                     const char        *name,
                                     gboolean          *present,
                                     gboolean          *value,
                                     GError           **error);
gboolean sd_platform_get_query_id   (SdPlatformRequest *request,
                                     const char        *name,
                                     gint64            *value,
                                     GError           **error);
gboolean sd_platform_get_query_time (SdPlatformRequest *request,
                                     const char        *name,
                                     gboolean           end_of_day,
                                     gint64            *value,
                                     GError           **error);
/* A string of at most @max_length characters, or NULL when absent */
gboolean sd_platform_get_query_text (SdPlatformRequest *request,
                                     const char        *name,
                                     guint              max_length,
                                     const char       **value,
                                     GError           **error);
/* One of @choices (NULL-terminated), or NULL when absent */
gboolean sd_platform_get_query_enum (SdPlatformRequest *request,
                                     const char        *name,
                                     const char * const *choices,
                                     const char       **value,
                                     GError           **error);

/* 403 unless the caller holds one of @any_of. */
gboolean sd_platform_require        (SdPlatformRequest *request,
                                     guint32            any_of,
                                     GError           **error);

/* A LIKE pattern matching @text anywhere, with % _ \ escaped (ESCAPE '\') */
char    *sd_platform_like_pattern   (const char        *text);

/* {"items": …, "total", "page", "per_page"}; takes @items. */
JsonNode *sd_platform_page_json     (JsonArray         *items,
                                     gint64             total,
                                     gint64             page,
                                     gint64             per_page);

G_END_DECLS
