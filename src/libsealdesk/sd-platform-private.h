/* sd-platform-private.h: what the platform client's files share and the
 * application does not see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sd-platform-account.h"
#include "sd-platform-audit-entry.h"
#include "sd-platform-binding.h"
#include "sd-platform-client.h"
#include "sd-platform-client-seals.h"
#include "sd-platform-enterprise.h"
#include "sd-platform-grant.h"
#include "sd-platform-permission.h"
#include "sd-platform-role.h"
#include "sd-platform-seal.h"
#include "sd-platform-session.h"
#include "sd-platform-usage-record.h"

G_BEGIN_DECLS

/* The header's ETag, or "<version>" in quotes as the API makes them. */
char    *sd_platform_etag                       (const char       *header_etag,
                                                 gint64            version);

/* Errors (sd-platform-error.c) */
GError  *sd_platform_error_new_from_answer      (guint             status,
                                                 const char       *code_name,
                                                 const char       *message,
                                                 const char       *field,
                                                 guint             retry_after);
GError  *sd_platform_error_new_tls              (const GError     *tls_error,
                                                 GTlsCertificate  *certificate,
                                                 GTlsCertificateFlags flags);
/* SHA-256 of the DER certificate, lower-case hexadecimal */
char    *sd_platform_certificate_fingerprint    (GTlsCertificate  *certificate);

/* Objects from the server's JSON; @etag is the answer's ETag header or NULL. */
SdPlatformAccount     *sd_platform_account_new_from_json      (JsonNode    *node,
                                                               const char  *etag,
                                                               GError     **error);
SdPlatformRole        *sd_platform_role_new_from_json         (JsonNode    *node,
                                                               const char  *etag,
                                                               GError     **error);
SdPlatformBinding     *sd_platform_binding_new_from_json      (JsonNode    *node,
                                                               const char  *etag,
                                                               GError     **error);
SdPlatformSeal        *sd_platform_seal_new_from_json         (JsonNode    *node,
                                                               const char  *etag,
                                                               GError     **error);
SdPlatformGrant       *sd_platform_grant_new_from_json        (JsonNode    *node,
                                                               GError     **error);
SdPlatformUsageRecord *sd_platform_usage_record_new_from_json (JsonNode    *node,
                                                               GError     **error);
SdPlatformAuditEntry  *sd_platform_audit_entry_new_from_json  (JsonNode    *node,
                                                               GError     **error);
SdPlatformEnterprise  *sd_platform_enterprise_new_from_json   (JsonNode    *node,
                                                               GError     **error);
SdPlatformSession     *sd_platform_session_new_from_json      (JsonNode    *node,
                                                               GError     **error);
SdPlatformPermission  *sd_platform_permission_new_from_json   (JsonNode    *node,
                                                               GError     **error);

/* Requests (sd-platform-client.c) */

typedef enum
{
  SD_PLATFORM_REQUEST_NONE    = 0,
  SD_PLATFORM_REQUEST_NO_AUTH = 1 << 0,  /* without the token: a 401 does not end the session */
  SD_PLATFORM_REQUEST_SECRET  = 1 << 1,  /* the answer holds a password: wipe it after use */
  SD_PLATFORM_REQUEST_RAW     = 1 << 2,  /* the answer is not JSON (image, document) */
  SD_PLATFORM_REQUEST_NO_RETRY = 1 << 3, /* not even an idempotent method */
} SdPlatformRequestFlags;

typedef struct
{
  char     *etag;   /* the ETag header, or NULL */
  JsonNode *json;   /* NULL for RAW requests and empty answers */
  GBytes   *body;
} SdPlatformResponse;

/* Turns a successful answer into the call's result (transfer full). */
typedef gpointer (*SdPlatformParseFunc) (SdPlatformResponse  *response,
                                         GError             **error);

/* Sends @method @path (below /api/v1, query included and escaped) with the
 * JSON @body (or NULL); retries GET, PUT and DELETE after network failures
 * and 502/503/504.  A 4xx/5xx answer becomes an SD_PLATFORM_ERROR.  With
 * @parse NULL the result is a boolean (204 and the like). */
void      sd_platform_client_call_async         (SdPlatformClient       *self,
                                                 const char             *method,
                                                 const char             *path,
                                                 GBytes                 *body,
                                                 const char             *if_match,
                                                 SdPlatformRequestFlags  flags,
                                                 SdPlatformParseFunc     parse,
                                                 GDestroyNotify          result_free,
                                                 gpointer                source_tag,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gpointer  sd_platform_client_call_finish        (SdPlatformClient       *self,
                                                 GAsyncResult           *result,
                                                 gpointer                source_tag,
                                                 GError                **error);
gboolean  sd_platform_client_call_finish_boolean (SdPlatformClient      *self,
                                                 GAsyncResult           *result,
                                                 gpointer                source_tag,
                                                 GError                **error);

/* A JSON body from a builder holding one object. */
GBytes   *sd_platform_json_body                 (JsonBuilder            *builder);

/* Session state (sd-platform-client.c), for the session calls */
void      sd_platform_client_take_session       (SdPlatformClient       *self,
                                                 char                   *token,
                                                 SdPlatformSession      *session);
void      sd_platform_client_end_session        (SdPlatformClient       *self,
                                                 gboolean                expired);
void      sd_platform_client_set_password_change_required (SdPlatformClient *self,
                                                 gboolean                required);

/* Parsers shared by the resource files */
gpointer  sd_platform_parse_account             (SdPlatformResponse     *response,
                                                 GError                **error);
gpointer  sd_platform_parse_binding             (SdPlatformResponse     *response,
                                                 GError                **error);

/* Proof of possession (sd-platform-client-sessions.c): asks a challenge for
 * @purpose ("login", "bind"), signs it with @signer and returns the JSON
 * body of ProofOfPossession. */
void      sd_platform_client_prove_possession_async  (SdPlatformClient    *self,
                                                      const char          *purpose,
                                                      SdSigner            *signer,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes   *sd_platform_client_prove_possession_finish (SdPlatformClient    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Usage records (sd-platform-client-seals.c), also for the queue: the
 * UsageCreate object of the API, and posting one. */
JsonNode *sd_platform_usage_create_to_json      (const SdPlatformUsageCreate *usage);
void      sd_platform_client_post_usage_async   (SdPlatformClient       *self,
                                                 gint64                  seal_id,
                                                 JsonNode               *usage,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
SdPlatformUsageRecord *sd_platform_client_post_usage_finish (SdPlatformClient *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

G_END_DECLS
