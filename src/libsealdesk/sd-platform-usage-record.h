/* sd-platform-usage-record.h: one use of a seal (使用记录), as clients
 * report them after signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_USAGE_RECORD (sd_platform_usage_record_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformUsageRecord, sd_platform_usage_record, SD, PLATFORM_USAGE_RECORD,
                      GObject)

gint64       sd_platform_usage_record_get_id                 (SdPlatformUsageRecord *self);
gint64       sd_platform_usage_record_get_seal_id            (SdPlatformUsageRecord *self);
gint64       sd_platform_usage_record_get_account_id         (SdPlatformUsageRecord *self);
const char  *sd_platform_usage_record_get_account_login      (SdPlatformUsageRecord *self);
const char  *sd_platform_usage_record_get_document_name      (SdPlatformUsageRecord *self);
/* Lower-case hexadecimal */
const char  *sd_platform_usage_record_get_document_hash      (SdPlatformUsageRecord *self);
/* "sha256", "sha384", "sha512" or "sm3" */
const char  *sd_platform_usage_record_get_hash_algorithm     (SdPlatformUsageRecord *self);
/* The signed pages, from 1 */
const guint *sd_platform_usage_record_get_pages              (SdPlatformUsageRecord *self,
                                                              guint                 *n_pages);
/* The binding whose certificate signed, or 0 */
gint64       sd_platform_usage_record_get_binding_id         (SdPlatformUsageRecord *self);
const char  *sd_platform_usage_record_get_certificate_serial (SdPlatformUsageRecord *self);
GDateTime   *sd_platform_usage_record_get_signed_at          (SdPlatformUsageRecord *self);
GDateTime   *sd_platform_usage_record_get_recorded_at        (SdPlatformUsageRecord *self);

G_END_DECLS
