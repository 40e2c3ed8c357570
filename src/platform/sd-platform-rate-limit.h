/* sd-platform-rate-limit.h: how often one source address may do something
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A token bucket per source address (IPv6 addresses by their /64, which
 * one client usually holds whole) in a table of bounded size: when it is
 * full, the address heard from least recently leaves it.  Shared by every
 * worker thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SdPlatformRateLimit SdPlatformRateLimit;

/* @per_minute requests a minute, in bursts of up to @per_minute; 0 means
 * no limit.  At most @max_addresses addresses are remembered. */
SdPlatformRateLimit *sd_platform_rate_limit_new  (guint                per_minute,
                                                  guint                max_addresses);
void                 sd_platform_rate_limit_free (SdPlatformRateLimit *limit);

/* Counts one request from @address at @now_us (monotonic microseconds):
 * TRUE when it may go on; FALSE with the seconds to wait in
 * @retry_after. */
gboolean             sd_platform_rate_limit_take (SdPlatformRateLimit *limit,
                                                  const char          *address,
                                                  gint64               now_us,
                                                  gint64              *retry_after);

/* How many addresses the table holds (for tests) */
guint                sd_platform_rate_limit_get_size (SdPlatformRateLimit *limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPlatformRateLimit, sd_platform_rate_limit_free)

G_END_DECLS
