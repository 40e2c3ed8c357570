/* sd-platform-audit-entry.h: one entry of the audit log (操作日志)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_AUDIT_ENTRY (sd_platform_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformAuditEntry, sd_platform_audit_entry, SD, PLATFORM_AUDIT_ENTRY,
                      GObject)

gint64      sd_platform_audit_entry_get_id             (SdPlatformAuditEntry *self);
GDateTime  *sd_platform_audit_entry_get_time           (SdPlatformAuditEntry *self);
/* session, enterprise, account, role, certificate or seal */
const char *sd_platform_audit_entry_get_category       (SdPlatformAuditEntry *self);
/* e.g. "certificate.bind", "session.login_failed" */
const char *sd_platform_audit_entry_get_action         (SdPlatformAuditEntry *self);
/* The outcome */
gboolean    sd_platform_audit_entry_get_success        (SdPlatformAuditEntry *self);
/* 0 when nobody was signed in (a failed login) */
gint64      sd_platform_audit_entry_get_actor_id       (SdPlatformAuditEntry *self);
const char *sd_platform_audit_entry_get_actor_login    (SdPlatformAuditEntry *self);
/* enterprise, account, role, binding, seal, grant, usage, session, or NULL */
const char *sd_platform_audit_entry_get_target_type    (SdPlatformAuditEntry *self);
gint64      sd_platform_audit_entry_get_target_id      (SdPlatformAuditEntry *self);
const char *sd_platform_audit_entry_get_target_label   (SdPlatformAuditEntry *self);
const char *sd_platform_audit_entry_get_source_address (SdPlatformAuditEntry *self);
/* Action-specific facts (changed fields, reason of a failure) */
JsonObject *sd_platform_audit_entry_get_details        (SdPlatformAuditEntry *self);

G_END_DECLS
