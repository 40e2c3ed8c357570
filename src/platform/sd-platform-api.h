/* sd-platform-api.h: the routes of the API and what the resources share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "sd-platform-request.h"

G_BEGIN_DECLS

typedef gboolean (*SdPlatformHandler) (SdPlatformRequest  *request,
                                       GError            **error);

typedef enum
{
  SD_ROUTE_PUBLIC,           /* no session needed, none read */
  SD_ROUTE_OPTIONAL,         /* a session is read when a token is sent */
  SD_ROUTE_SESSION,          /* a session whose password need not change */
  SD_ROUTE_SESSION_ANY,      /* any session, also one that must change its password */
} SdRouteAuth;

/**
 * SdPlatformRoute:
 * @pattern: the path below /api/v1/, with "#" for a numeric id
 *   ("accounts/#/certificates/#")
 *
 * One endpoint.  The handler checks the permissions itself: who may do what
 * often depends on whose object it is.
 */
typedef struct
{
  const char        *method;
  const char        *pattern;
  SdRouteAuth        auth;
  SdPlatformHandler  handler;
} SdPlatformRoute;

const SdPlatformRoute *sd_platform_meta_routes        (guint *n_routes);
const SdPlatformRoute *sd_platform_session_routes     (guint *n_routes);
const SdPlatformRoute *sd_platform_enterprise_routes  (guint *n_routes);
const SdPlatformRoute *sd_platform_account_routes     (guint *n_routes);
const SdPlatformRoute *sd_platform_role_routes        (guint *n_routes);
const SdPlatformRoute *sd_platform_binding_routes     (guint *n_routes);
const SdPlatformRoute *sd_platform_seal_routes        (guint *n_routes);
const SdPlatformRoute *sd_platform_audit_routes       (guint *n_routes);

/* The Account object of @account_id if it belongs to the caller's
 * enterprise (else 404); the ID number is shown in full when @full_id_number.
 * *version (may be NULL) gets its version. */
JsonNode *sd_platform_account_json    (SdPlatformConn    *conn,
                                       SdPlatformRequest *request,
                                       gint64             enterprise_id,
                                       gint64             account_id,
                                       gboolean           full_id_number,
                                       gint64            *version,
                                       GError           **error);
JsonNode *sd_platform_enterprise_json (SdPlatformConn    *conn,
                                       gint64             enterprise_id,
                                       GError           **error);

/* Inserts an account row (no roles); *account_id gets its id.  A taken
 * login is 409 login_taken. */
gboolean  sd_platform_account_insert  (SdPlatformConn    *conn,
                                       SdPlatformRequest *request,
                                       gint64             enterprise_id,
                                       const char        *login,
                                       const char        *name,
                                       gboolean           main_account,
                                       const char        *id_number,
                                       const char        *phone,
                                       gboolean           enabled,
                                       const char        *password_hash,
                                       gboolean           must_change_password,
                                       gint64            *account_id,
                                       GError           **error);

/* TRUE for a login the API accepts: 2–64 of A–Z a–z 0–9 _ . @ - */
gboolean  sd_platform_login_is_valid  (const char        *login);

/* Creates an enterprise, its built-in roles and its main account holding
 * 超级管理员, with its audit entry.  @uscc must be valid. */
gboolean  sd_platform_enterprise_create (SdPlatformConn    *conn,
                                         SdPlatformRequest *request,
                                         const char        *name,
                                         const char        *uscc,
                                         const char        *legal_representative,
                                         const char        *login,
                                         const char        *account_name,
                                         const char        *id_number,
                                         const char        *phone,
                                         const char        *password_hash,
                                         gint64            *enterprise_id,
                                         gint64            *account_id,
                                         GError           **error);

/* Binds @cert (whose DER is @der) to @account_id under every rule of
 * POST /accounts/{id}/certificates except the proof of possession, with its
 * audit entry. */
gboolean  sd_platform_binding_create (SdPlatformConn    *conn,
                                      SdPlatformRequest *request,
                                      gint64             account_id,
                                      X509              *cert,
                                      GBytes            *der,
                                      gint64            *binding_id,
                                      GError           **error);

/* Creates a seal from a PNG (checked as for POST /seals) with its audit
 * entry. */
gboolean  sd_platform_seal_create    (SdPlatformConn    *conn,
                                      SdPlatformRequest *request,
                                      const char        *name,
                                      const char        *type,
                                      GBytes            *png,
                                      gint64            *seal_id,
                                      GError           **error);
/* Grants @seal_id to @account_id from @valid_from until @valid_until, with
 * its audit entry. */
gboolean  sd_platform_grant_create   (SdPlatformConn    *conn,
                                      SdPlatformRequest *request,
                                      gint64             seal_id,
                                      gint64             account_id,
                                      gint64             valid_from,
                                      gint64             valid_until,
                                      gint64            *grant_id,
                                      GError           **error);

/* Creates the built-in roles of a new enterprise; *super_admin_id gets the
 * id of 超级管理员. */
gboolean  sd_platform_roles_create_builtin (SdPlatformConn  *conn,
                                            gint64           enterprise_id,
                                            gint64           now,
                                            gint64          *super_admin_id,
                                            GError         **error);

G_END_DECLS
