/* sd-platform-client-accounts.h: accounts (账号管理): create, edit, enable
 * and disable, assign roles, reset passwords
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists of accounts are SdPlatformListModel (SD_PLATFORM_LIST_ACCOUNTS).
 */
#pragma once

#include "sd-platform-account.h"
#include "sd-platform-client.h"

G_BEGIN_DECLS

/* A new sub-account (新增).  @id_number and @phone may be NULL; the roles
 * are optional (assigning them needs roles.manage). */
typedef struct
{
  const char   *login;
  const char   *name;
  const char   *id_number;
  const char   *phone;
  gboolean      disabled;     /* created disabled (启用状态 关) */
  const gint64 *role_ids;
  guint         n_role_ids;
} SdPlatformAccountCreate;

typedef enum
{
  SD_PLATFORM_ACCOUNT_UPDATE_NAME      = 1 << 0,
  SD_PLATFORM_ACCOUNT_UPDATE_ID_NUMBER = 1 << 1,
  SD_PLATFORM_ACCOUNT_UPDATE_PHONE     = 1 << 2,
  SD_PLATFORM_ACCOUNT_UPDATE_ENABLED   = 1 << 3,
} SdPlatformAccountUpdateFields;

/* An edit (编辑): only the members named in @fields are sent. */
typedef struct
{
  SdPlatformAccountUpdateFields  fields;
  const char                    *name;
  const char                    *id_number;  /* NULL clears it */
  const char                    *phone;      /* NULL clears it */
  gboolean                       enabled;
} SdPlatformAccountUpdate;

/* The server makes a temporary password: @temporary_password receives it
 * (free it with sd_secure_free); it is shown once and must be changed at
 * the first login. */
void sd_platform_client_create_account_async (SdPlatformClient              *self,
                                              const SdPlatformAccountCreate *create,
                                              GCancellable                  *cancellable,
                                              GAsyncReadyCallback            callback,
                                              gpointer                       user_data);
SdPlatformAccount *sd_platform_client_create_account_finish (SdPlatformClient  *self,
                                                             GAsyncResult      *result,
                                                             char             **temporary_password,
                                                             GError           **error);

void sd_platform_client_get_account_async (SdPlatformClient    *self,
                                           gint64               account_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
SdPlatformAccount *sd_platform_client_get_account_finish (SdPlatformClient  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

/* Sends @account's ETag: SD_PLATFORM_ERROR_VERSION_CONFLICT when someone
 * changed it since.  The result is the account as it is now. */
void sd_platform_client_update_account_async (SdPlatformClient              *self,
                                              SdPlatformAccount             *account,
                                              const SdPlatformAccountUpdate *update,
                                              GCancellable                  *cancellable,
                                              GAsyncReadyCallback            callback,
                                              gpointer                       user_data);
SdPlatformAccount *sd_platform_client_update_account_finish (SdPlatformClient  *self,
                                                             GAsyncResult      *result,
                                                             GError           **error);

/* 分配角色: replaces the account's roles. */
void sd_platform_client_set_account_roles_async (SdPlatformClient    *self,
                                                 SdPlatformAccount   *account,
                                                 const gint64        *role_ids,
                                                 guint                n_role_ids,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SdPlatformAccount *sd_platform_client_set_account_roles_finish (SdPlatformClient  *self,
                                                                GAsyncResult      *result,
                                                                GError           **error);

/* 密码重置: a new temporary password (see create_account), the account's
 * sessions end and a lockout is lifted. */
void sd_platform_client_reset_password_async (SdPlatformClient    *self,
                                              gint64               account_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SdPlatformAccount *sd_platform_client_reset_password_finish (SdPlatformClient  *self,
                                                             GAsyncResult      *result,
                                                             char             **temporary_password,
                                                             GError           **error);

G_END_DECLS
