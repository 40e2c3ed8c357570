/* sd-audit-page.h: 操作日志, the enterprise's audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_AUDIT_PAGE (sd_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (SdAuditPage, sd_audit_page, SD, AUDIT_PAGE, GtkWidget)

/* Lists the audit log of @client's enterprise (first page, no filter). */
void                 sd_audit_page_set_client (SdAuditPage      *self,
                                               SdPlatformClient *client);
/* Loads the page shown again, with the filters as they are. */
void                 sd_audit_page_reload     (SdAuditPage      *self);
/* Ctrl+F: the operator filter */
void                 sd_audit_page_focus_filter (SdAuditPage    *self);
SdPlatformListModel *sd_audit_page_get_model  (SdAuditPage      *self);

G_END_DECLS
