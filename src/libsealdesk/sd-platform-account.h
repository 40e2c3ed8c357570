/* sd-platform-account.h: an account (账号) of the platform, as the server
 * last sent it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sd-platform-enums.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_ACCOUNT (sd_platform_account_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformAccount, sd_platform_account, SD, PLATFORM_ACCOUNT, GObject)

gint64                 sd_platform_account_get_id                   (SdPlatformAccount *self);
const char            *sd_platform_account_get_login                (SdPlatformAccount *self);
const char            *sd_platform_account_get_name                 (SdPlatformAccount *self);
SdPlatformAccountKind  sd_platform_account_get_kind                 (SdPlatformAccount *self);
gboolean               sd_platform_account_get_enabled              (SdPlatformAccount *self);
/* Masked (110105********002X) in lists and for readers without accounts.manage */
const char            *sd_platform_account_get_id_number            (SdPlatformAccount *self);
const char            *sd_platform_account_get_phone                (SdPlatformAccount *self);
/* The roles' ids and names, in the same order */
const gint64          *sd_platform_account_get_role_ids             (SdPlatformAccount *self,
                                                                     guint             *n_roles);
const char * const    *sd_platform_account_get_role_names           (SdPlatformAccount *self);
gboolean               sd_platform_account_has_role                 (SdPlatformAccount *self,
                                                                     gint64             role_id);
const char * const    *sd_platform_account_get_permissions          (SdPlatformAccount *self);
gboolean               sd_platform_account_has_permission           (SdPlatformAccount *self,
                                                                     const char        *permission);
guint                  sd_platform_account_get_certificate_count    (SdPlatformAccount *self);
gboolean               sd_platform_account_get_must_change_password (SdPlatformAccount *self);
GDateTime             *sd_platform_account_get_locked_until         (SdPlatformAccount *self);
GDateTime             *sd_platform_account_get_created_at           (SdPlatformAccount *self);
GDateTime             *sd_platform_account_get_updated_at           (SdPlatformAccount *self);
const char            *sd_platform_account_get_updated_by           (SdPlatformAccount *self);
gint64                 sd_platform_account_get_version              (SdPlatformAccount *self);
/* What updates send as If-Match */
const char            *sd_platform_account_get_etag                 (SdPlatformAccount *self);

G_END_DECLS
