/* sd-platform-client-certificates.h: certificate bindings (数字证书管理):
 * bind with proof of possession, per-binding permissions, unbind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists of bindings are SdPlatformListModel (SD_PLATFORM_LIST_BINDINGS for
 * one account, SD_PLATFORM_LIST_ENTERPRISE_BINDINGS for all).
 */
#pragma once

#include "sd-platform-binding.h"
#include "sd-platform-client.h"
#include "sd-signer.h"

G_BEGIN_DECLS

typedef enum
{
  SD_PLATFORM_BINDING_UPDATE_IS_ADMIN    = 1 << 0,
  SD_PLATFORM_BINDING_UPDATE_PERMISSIONS = 1 << 1,
} SdPlatformBindingUpdateFields;

/* 是否管理员 / 权限管理 */
typedef struct
{
  SdPlatformBindingUpdateFields  fields;
  gboolean                       is_admin;
  const char * const            *permissions;  /* NULL: no narrowing */
} SdPlatformBindingUpdate;

/* 添加数字证书: asks a challenge, has @signer's key sign it (the key may
 * ask for its PIN) and binds its certificate to the account.  Each rule
 * has its own error (SD_PLATFORM_ERROR_CERTIFICATE_ALREADY_BOUND,
 * _ENTERPRISE_CODE_MISMATCH, _ID_NUMBER_MISMATCH, …). */
void sd_platform_client_bind_certificate_async (SdPlatformClient    *self,
                                                gint64               account_id,
                                                SdSigner            *signer,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SdPlatformBinding *sd_platform_client_bind_certificate_finish (SdPlatformClient  *self,
                                                               GAsyncResult      *result,
                                                               GError           **error);

void sd_platform_client_get_binding_async (SdPlatformClient    *self,
                                           gint64               account_id,
                                           gint64               binding_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
SdPlatformBinding *sd_platform_client_get_binding_finish (SdPlatformClient  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

void sd_platform_client_update_binding_async (SdPlatformClient              *self,
                                              SdPlatformBinding             *binding,
                                              const SdPlatformBindingUpdate *update,
                                              GCancellable                  *cancellable,
                                              GAsyncReadyCallback            callback,
                                              gpointer                       user_data);
SdPlatformBinding *sd_platform_client_update_binding_finish (SdPlatformClient  *self,
                                                             GAsyncResult      *result,
                                                             GError           **error);

/* 解绑: sessions opened with this certificate end. */
void sd_platform_client_unbind_certificate_async (SdPlatformClient    *self,
                                                  SdPlatformBinding   *binding,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean sd_platform_client_unbind_certificate_finish (SdPlatformClient  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

G_END_DECLS
