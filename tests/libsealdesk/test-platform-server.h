/* test-platform-server.h: the real sealdesk-platform server for the
 * platform client tests, and what they share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server binary (SEALDESK_PLATFORM_SERVER) is started on a free
 * loopback port (--listen 127.0.0.1:0, the port read from its ready line)
 * with a fresh --data directory, --demo and --allow-registration; it is
 * stopped and reaped at the end, and killed with the test process if that
 * dies first.  Certificates are made with the openssl tool in work_dir.
 */
#pragma once

#include <gio/gio.h>

#include "sd-platform.h"
#include "sd-signer.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess  *process;
  GCancellable *drain;
  char         *data_dir;
  char         *url;
  char         *password;   /* zirol's, from the demo line */
} Server;

/* Temporary directory of the fixtures; removed by platform_test_run. */
extern char   *work_dir;
/* Started by platform_test_run; server_failure says why not. */
extern Server  shared_server;
extern char   *server_failure;

/* g_test_init, the test CA "ca", the shared server; then the tests. */
void                 platform_test_init  (int      *argc,
                                          char   ***argv);
int                  platform_test_run   (void);

/* Asynchronous calls: pass on_ready, then await () for the result. */
void                 on_ready            (GObject       *source,
                                          GAsyncResult  *result,
                                          gpointer       user_data);
GAsyncResult        *await               (void);
gboolean             on_timeout_cancel   (gpointer       cancellable);

gboolean             server_start        (Server        *server,
                                          const char    *tls_cert,
                                          const char    *tls_key,
                                          char         **failure);
/* Stops the server and removes its data */
void                 server_stop         (Server        *server);
/* Stops the server, keeping its data, address and port for server_restart */
void                 server_halt         (Server        *server);
/* The halted server again, on the same data and port (a new demo password) */
gboolean             server_restart      (Server        *server,
                                          const char    *tls_cert,
                                          const char    *tls_key,
                                          char         **failure);

void                 openssl             (const char    *first,
                                          ...) G_GNUC_NULL_TERMINATED;
char                *work_path           (const char    *name);
void                 write_work_file     (const char    *name,
                                          const char    *contents);
/* NAME.key, NAME.crt: a self-signed CA */
void                 make_ca             (const char    *name);
/* NAME.key, NAME.crt issued by @ca; @key_alg "rsa", "ec" or "sm2"; @ext:
 * lines of the extension section */
void                 make_leaf_of        (const char    *ca,
                                          const char    *name,
                                          const char    *key_alg,
                                          const char    *subject,
                                          const char    *ext);
void                 make_leaf           (const char    *name,
                                          const char    *key_alg,
                                          const char    *subject,
                                          const char    *ext);
#define SIGNING_USAGE "keyUsage = critical, digitalSignature, nonRepudiation"
SdSigner            *load_signer         (const char    *name);
/* SHA-256 of NAME.crt's DER, computed with the openssl tool */
char                *der_fingerprint     (const char    *name);
/* GB 11643: the ID number whose 17 first digits are @body */
char                *make_id_number      (const char    *body);
/* A loopback port nothing listens on */
guint                free_port           (void);
void                 rm_rf               (const char    *path);

SdPlatformClient    *new_client          (const char    *url);
SdPlatformClient    *login_as            (const char    *user,
                                          const char    *password);
SdPlatformClient    *login_admin         (void);
/* A loaded list (100 per page); filters as name, value pairs, then NULL */
SdPlatformListModel *load_list           (SdPlatformClient   *client,
                                          SdPlatformListKind  kind,
                                          gint64              parent_id,
                                          const char         *first_filter,
                                          ...);
SdPlatformAccount   *find_account        (SdPlatformClient   *client,
                                          const char         *user);
/* A new sub-account; its temporary password goes to @password. */
SdPlatformAccount   *create_account      (SdPlatformClient   *admin,
                                          const char         *user,
                                          const char         *id_number,
                                          char              **password);
gint64               builtin_role_id     (SdPlatformClient      *client,
                                          SdPlatformBuiltinRole  builtin);
/* Counts "session-expired" in the guint at @user_data. */
void                 on_session_expired  (SdPlatformClient   *client,
                                          gpointer            user_data);

#define REQUIRE_SERVER()                                             \
  G_STMT_START                                                       \
  {                                                                  \
    if (server_failure != NULL)                                      \
      {                                                              \
        g_test_message ("no platform server: %s", server_failure);   \
        g_test_fail ();                                              \
        return;                                                      \
      }                                                              \
  }                                                                  \
  G_STMT_END

#define assert_platform_error(error, code_)                          \
  G_STMT_START                                                       \
  {                                                                  \
    g_assert_error ((error), SD_PLATFORM_ERROR, (code_));            \
    g_assert_cmpstr ((error)->message, !=, "");                      \
  }                                                                  \
  G_STMT_END

G_END_DECLS
