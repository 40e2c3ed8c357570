/* sd-platform-usage-queue.h: usage records (使用记录) kept on disk until
 * the platform has them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signing works offline; the record of it must still reach the platform.
 * A record is written to the queue first (JSON lines, replaced atomically,
 * mode 0600), then flushed whenever the platform can be reached: in order,
 * each removed only once the server has acknowledged it.  A record the
 * server refuses for good (a seal no longer granted, a malformed record) is
 * moved to "<queue>.rejected" with the server's reason, so that it neither
 * blocks the others nor disappears.
 */
#pragma once

#include "sd-platform-client.h"
#include "sd-platform-client-seals.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_USAGE_QUEUE (sd_platform_usage_queue_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformUsageQueue, sd_platform_usage_queue, SD, PLATFORM_USAGE_QUEUE,
                      GObject)

/* $XDG_DATA_HOME/sealdesk/usage-queue.jsonl */
char                 *sd_platform_usage_queue_get_default_path (void);

/* @path: the queue file (created when needed), NULL for the default. */
SdPlatformUsageQueue *sd_platform_usage_queue_new      (const char                  *path);
const char           *sd_platform_usage_queue_get_path (SdPlatformUsageQueue        *self);
const char           *sd_platform_usage_queue_get_rejected_path (SdPlatformUsageQueue *self);

/* Records waiting, read from the file. */
guint                 sd_platform_usage_queue_get_length (SdPlatformUsageQueue      *self,
                                                          GError                   **error);

/* Appends a record (signed_at NULL: now) and returns once it is on disk. */
gboolean              sd_platform_usage_queue_add      (SdPlatformUsageQueue        *self,
                                                        gint64                       seal_id,
                                                        const SdPlatformUsageCreate *usage,
                                                        GError                     **error);

/* Sends the records with @client's session, oldest first, until the queue
 * is empty or a record cannot be sent now (network, session, server
 * failure: the error says which, and the rest waits for the next flush). */
void                  sd_platform_usage_queue_flush_async  (SdPlatformUsageQueue  *self,
                                                            SdPlatformClient      *client,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
/* @n_sent and @n_rejected are counted also when the flush stopped early. */
gboolean              sd_platform_usage_queue_flush_finish (SdPlatformUsageQueue  *self,
                                                            GAsyncResult          *result,
                                                            guint                 *n_sent,
                                                            guint                 *n_rejected,
                                                            GError               **error);

G_END_DECLS
