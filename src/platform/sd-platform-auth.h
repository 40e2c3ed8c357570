/* sd-platform-auth.h: bearer tokens, sessions and who the caller is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A token is 32 random bytes (base64url); only its SHA-256 is stored, so a
 * copy of the database opens no session.
 */
#pragma once

#include "sd-platform-request.h"

G_BEGIN_DECLS

/* SHA-256 of @token, lower-case hexadecimal */
char     *sd_platform_token_hash          (const char        *token);

/* The union of the permissions of the account's roles */
gboolean  sd_platform_account_permissions (SdPlatformConn    *conn,
                                           gint64             account_id,
                                           guint32           *permissions,
                                           GError           **error);

/* Reads the bearer token of @request and fills request->caller (401
 * authentication_required when it is missing, unknown or expired, or the
 * account is disabled). */
gboolean  sd_platform_authenticate        (SdPlatformRequest *request,
                                           GError           **error);

/* Opens a session for @account_id (@binding_id for CA login, else 0) and
 * returns its token; *expires_at is when it ends. */
char     *sd_platform_session_create      (SdPlatformConn    *conn,
                                           SdPlatformRequest *request,
                                           gint64             account_id,
                                           gint64             binding_id,
                                           gint64            *expires_at,
                                           GError           **error);

/* Ends every session of @account_id except @keep_session_id (0 = none). */
gboolean  sd_platform_sessions_end        (SdPlatformConn    *conn,
                                           gint64             account_id,
                                           gint64             keep_session_id,
                                           GError           **error);

/* The Session object of the API: @token may be NULL (GET /sessions/current). */
JsonNode *sd_platform_session_json        (SdPlatformConn    *conn,
                                           SdPlatformRequest *request,
                                           const char        *token,
                                           gint64             account_id,
                                           gint64             binding_id,
                                           guint32            permissions,
                                           gint64             expires_at,
                                           GError           **error);

/* 403 permission_escalation unless the caller holds every permission that
 * @account_id holds: nobody manages an account stronger than themselves. */
gboolean  sd_platform_check_not_stronger  (SdPlatformConn    *conn,
                                           SdPlatformRequest *request,
                                           gint64             account_id,
                                           GError           **error);

G_END_DECLS
