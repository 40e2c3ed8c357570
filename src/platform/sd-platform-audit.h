/* sd-platform-audit.h: the audit log (操作日志)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change writes its entry in the same transaction; logins write
 * theirs whether they succeed or fail.  The tables refuse UPDATE and DELETE.
 */
#pragma once

#include "sd-platform-request.h"

G_BEGIN_DECLS

typedef struct
{
  const char *action;         /* "certificate.bind"; the category is the part before the dot */
  gboolean    failure;
  gint64      enterprise_id;  /* 0: the caller's */
  gint64      actor_id;       /* 0: the caller (none when not authenticated) */
  const char *actor_login;
  const char *target_type;
  gint64      target_id;
  const char *target_label;
} SdAuditEntry;

/* Appends @entry; takes @details (may be NULL: {}).  Never log secrets. */
gboolean sd_platform_audit (SdPlatformConn      *conn,
                            SdPlatformRequest   *request,
                            const SdAuditEntry  *entry,
                            JsonObject          *details,
                            GError             **error);

G_END_DECLS
