/* sd-platform-client-roles.h: roles (角色管理) and the permissions they
 * are made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists of roles are SdPlatformListModel (SD_PLATFORM_LIST_ROLES).
 */
#pragma once

#include "sd-platform-client.h"
#include "sd-platform-role.h"

G_BEGIN_DECLS

/* @permissions: NULL-terminated API names ("accounts.manage", …) */
typedef struct
{
  const char         *name;
  const char         *description;  /* may be NULL */
  const char * const *permissions;
} SdPlatformRoleCreate;

typedef enum
{
  SD_PLATFORM_ROLE_UPDATE_NAME        = 1 << 0,
  SD_PLATFORM_ROLE_UPDATE_DESCRIPTION = 1 << 1,
  SD_PLATFORM_ROLE_UPDATE_PERMISSIONS = 1 << 2,
} SdPlatformRoleUpdateFields;

typedef struct
{
  SdPlatformRoleUpdateFields  fields;
  const char                 *name;
  const char                 *description;
  const char * const         *permissions;
} SdPlatformRoleUpdate;

/* Every permission a role can hold (SdPlatformPermission items), with
 * descriptions in the client's language: what the role editor lists. */
void            sd_platform_client_list_permissions_async  (SdPlatformClient           *self,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
GListModel     *sd_platform_client_list_permissions_finish (SdPlatformClient           *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

void            sd_platform_client_create_role_async       (SdPlatformClient           *self,
                                                            const SdPlatformRoleCreate *create,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SdPlatformRole *sd_platform_client_create_role_finish      (SdPlatformClient           *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

void            sd_platform_client_get_role_async          (SdPlatformClient           *self,
                                                            gint64                      role_id,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SdPlatformRole *sd_platform_client_get_role_finish         (SdPlatformClient           *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* Built-in roles cannot change (SD_PLATFORM_ERROR_BUILTIN_ROLE). */
void            sd_platform_client_update_role_async       (SdPlatformClient           *self,
                                                            SdPlatformRole             *role,
                                                            const SdPlatformRoleUpdate *update,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
SdPlatformRole *sd_platform_client_update_role_finish      (SdPlatformClient           *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

/* Only a custom role that no account holds (SD_PLATFORM_ERROR_ROLE_IN_USE). */
void            sd_platform_client_delete_role_async       (SdPlatformClient           *self,
                                                            SdPlatformRole             *role,
                                                            GCancellable               *cancellable,
                                                            GAsyncReadyCallback         callback,
                                                            gpointer                    user_data);
gboolean        sd_platform_client_delete_role_finish      (SdPlatformClient           *self,
                                                            GAsyncResult               *result,
                                                            GError                    **error);

G_END_DECLS
