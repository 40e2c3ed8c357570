/* sd-platform-client-seals.h: seals (印章), their grants to accounts
 * (授权) and the record of their use (使用记录)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists are SdPlatformListModel (SD_PLATFORM_LIST_SEALS, _GRANTS, _USAGE).
 */
#pragma once

#include "sd-digest.h"
#include "sd-platform-client.h"
#include "sd-platform-grant.h"
#include "sd-platform-seal.h"
#include "sd-platform-usage-record.h"

G_BEGIN_DECLS

/* @image: the PNG (at most 2 MiB and 4096×4096 pixels) */
typedef struct
{
  const char           *name;
  SdPlatformSealType    seal_type;
  SdPlatformSealStatus  status;
  GBytes               *image;
} SdPlatformSealCreate;

typedef enum
{
  SD_PLATFORM_SEAL_UPDATE_NAME   = 1 << 0,
  SD_PLATFORM_SEAL_UPDATE_TYPE   = 1 << 1,
  SD_PLATFORM_SEAL_UPDATE_STATUS = 1 << 2,
} SdPlatformSealUpdateFields;

typedef struct
{
  SdPlatformSealUpdateFields  fields;
  const char                 *name;
  SdPlatformSealType          seal_type;
  SdPlatformSealStatus        status;
} SdPlatformSealUpdate;

/* What a client reports after signing with a seal. */
typedef struct
{
  const char        *document_name;
  const char        *document_hash;   /* hexadecimal digest of the signed document */
  SdDigestAlgorithm  hash_algorithm;
  const guint       *pages;           /* from 1 */
  guint              n_pages;
  gint64             binding_id;      /* the signing certificate's binding, or 0 */
  GDateTime         *signed_at;       /* NULL: now */
} SdPlatformUsageCreate;

void sd_platform_client_create_seal_async (SdPlatformClient           *self,
                                           const SdPlatformSealCreate *create,
                                           GCancellable               *cancellable,
                                           GAsyncReadyCallback         callback,
                                           gpointer                    user_data);
SdPlatformSeal *sd_platform_client_create_seal_finish (SdPlatformClient  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

void sd_platform_client_get_seal_async (SdPlatformClient    *self,
                                        gint64               seal_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SdPlatformSeal *sd_platform_client_get_seal_finish (SdPlatformClient  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

/* Rename, retype, enable or disable */
void sd_platform_client_update_seal_async (SdPlatformClient           *self,
                                           SdPlatformSeal             *seal,
                                           const SdPlatformSealUpdate *update,
                                           GCancellable               *cancellable,
                                           GAsyncReadyCallback         callback,
                                           gpointer                    user_data);
SdPlatformSeal *sd_platform_client_update_seal_finish (SdPlatformClient  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

/* The seal's PNG */
void sd_platform_client_get_seal_image_async (SdPlatformClient    *self,
                                              gint64               seal_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes *sd_platform_client_get_seal_image_finish (SdPlatformClient  *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

/* 授权使用期限: @valid_until must be after @valid_from. */
void sd_platform_client_create_grant_async (SdPlatformClient    *self,
                                            gint64               seal_id,
                                            gint64               account_id,
                                            GDateTime           *valid_from,
                                            GDateTime           *valid_until,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SdPlatformGrant *sd_platform_client_create_grant_finish (SdPlatformClient  *self,
                                                         GAsyncResult      *result,
                                                         GError           **error);

/* The grant stays listed, with status revoked. */
void sd_platform_client_revoke_grant_async (SdPlatformClient    *self,
                                            SdPlatformGrant     *grant,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean sd_platform_client_revoke_grant_finish (SdPlatformClient  *self,
                                                 GAsyncResult      *result,
                                                 GError           **error);

/* Reports a use now.  Where the platform may be unreachable, use
 * SdPlatformUsageQueue instead: it keeps the record until it is sent. */
void sd_platform_client_record_usage_async (SdPlatformClient            *self,
                                            gint64                       seal_id,
                                            const SdPlatformUsageCreate *usage,
                                            GCancellable                *cancellable,
                                            GAsyncReadyCallback          callback,
                                            gpointer                     user_data);
SdPlatformUsageRecord *sd_platform_client_record_usage_finish (SdPlatformClient  *self,
                                                               GAsyncResult      *result,
                                                               GError           **error);

G_END_DECLS
