/* sd-http.h: one HTTP request (timestamps, OCSP, CRLs) with libsoup,
 * loaded on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* GETs @url, or POSTs @body of @content_type to it, within @timeout
 * seconds.  Returns the response body whatever the HTTP status, which
 * goes in @status, its reason phrase in @reason.  Errors: G_IO_ERROR_INVALID_ARGUMENT
 * when @url is not an HTTP URL (nothing sent), G_IO_ERROR_CANCELLED,
 * G_IO_ERROR_TIMED_OUT, other G_IO_ERRORs from the network, and
 * SD_ERROR_FAILED when libsoup cannot be loaded. */
GBytes *sd_http_fetch (const char    *url,
                       const char    *content_type,
                       GBytes        *body,
                       guint          timeout,
                       GCancellable  *cancellable,
                       guint         *status,
                       char         **reason,
                       GError       **error);

G_END_DECLS
