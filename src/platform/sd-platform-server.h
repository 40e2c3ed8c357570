/* sd-platform-server.h: the HTTP side of sealdesk-platform
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SoupServer reads requests in the main thread; each API request is handed
 * to a pool of worker threads (database and scrypt work would stall the
 * loop) and its response handed back.  Messages are answered in the
 * request's language (Accept-Language: zh-CN, the default, or en).
 */
#pragma once

#include <gio/gio.h>

#include "sd-platform-request.h"

G_BEGIN_DECLS

typedef struct _SdPlatformServer SdPlatformServer;

/* @config must outlive the server. */
SdPlatformServer *sd_platform_server_new    (const SdPlatformConfig *config,
                                             guint                   n_threads,
                                             GTlsCertificate        *tls_certificate,
                                             GError                **error);
/* Listens on @host:@port (port 0 = any free one).  Plain HTTP is only
 * allowed on a loopback address. */
gboolean          sd_platform_server_listen (SdPlatformServer       *server,
                                             const char             *host,
                                             guint                   port,
                                             GError                **error);
/* "http://127.0.0.1:8443/" of the first listener */
char             *sd_platform_server_get_url (SdPlatformServer      *server);
/* Stops listening, waits for the requests in flight and frees everything. */
void              sd_platform_server_free   (SdPlatformServer       *server);

/* Language selection, also for messages outside requests */
typedef enum
{
  SD_PLATFORM_LANGUAGE_ZH,
  SD_PLATFORM_LANGUAGE_EN,
} SdPlatformLanguage;

SdPlatformLanguage sd_platform_language_from_header (const char *accept_language);

G_END_DECLS
