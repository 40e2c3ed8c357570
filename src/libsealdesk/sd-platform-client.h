/* sd-platform-client.h: a connection to a SealDesk platform server
 * (sealdesk-platform): TLS, sessions and the calls that are not about one
 * kind of object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every call is asynchronous (GTask); callbacks run in the thread-default
 * main context of the caller.  A client is used from one thread (libsoup's
 * rule).  Failures are SD_PLATFORM_ERROR (see sd-platform-error.h) or
 * G_IO_ERROR_CANCELLED.  Only GET, PUT and DELETE are retried, with
 * back-off, after network failures and 502/503/504: a POST is never sent
 * twice.  The calls on accounts, roles, certificates and seals are in the
 * sd-platform-client-*.h headers; sd-platform.h includes them all.
 */
#pragma once

#include <gio/gio.h>

#include "sd-platform-account.h"
#include "sd-platform-enterprise.h"
#include "sd-platform-session.h"
#include "sd-signer.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_CLIENT (sd_platform_client_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformClient, sd_platform_client, SD, PLATFORM_CLIENT, GObject)

/* @base_url: the server, e.g. "https://platform.example.com:8443" (the
 * API's /api/v1 is added unless already there).  Plain http:// is refused
 * except to this computer (127.0.0.0/8, ::1, localhost). */
SdPlatformClient *sd_platform_client_new (const char  *base_url,
                                          GError     **error);
const char *sd_platform_client_get_base_url (SdPlatformClient *self);

/* "zh-CN" or "en": the language of the server's messages.  The default
 * follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). */
const char *sd_platform_client_get_language (SdPlatformClient *self);
void sd_platform_client_set_language (SdPlatformClient *self,
                                      const char       *language);

/* Seconds without progress before a request fails (default 30). */
void sd_platform_client_set_timeout (SdPlatformClient *self,
                                     guint             seconds);
/* Further attempts of an idempotent request (default 3; 0 disables). */
void sd_platform_client_set_max_retries (SdPlatformClient *self,
                                         guint             retries);

/* TLS.  By default the server's certificate must chain to the system's
 * trust store.  A pinned CA (PEM file) replaces the system store for this
 * client; a pinned fingerprint (SHA-256 of the server's DER certificate, hex,
 * colons allowed) accepts exactly that certificate even when nothing vouches
 * for it: what the user chooses after SD_PLATFORM_ERROR_TLS_UNTRUSTED showed
 * the certificate.  NULL removes the pin. */
gboolean sd_platform_client_set_pinned_ca_file (SdPlatformClient  *self,
                                                const char        *path,
                                                GError           **error);
const char *sd_platform_client_get_pinned_ca_file (SdPlatformClient *self);
gboolean sd_platform_client_set_pinned_fingerprint (SdPlatformClient  *self,
                                                    const char        *sha256_hex,
                                                    GError           **error);
const char *sd_platform_client_get_pinned_fingerprint (SdPlatformClient *self);

/* The session: set by the two logins, cleared by logout and when the
 * server says it ended ("session-expired" is emitted then, once; the app
 * asks the user to sign in again and keeps its screens). */
SdPlatformSession *sd_platform_client_get_session (SdPlatformClient *self);
gboolean sd_platform_client_is_logged_in (SdPlatformClient *self);
/* TRUE after a login that requires a new password, or when the server
 * refuses a call for that reason, until change_password succeeds. */
gboolean sd_platform_client_get_password_change_required (SdPlatformClient *self);

/* GET /health: TRUE when the server and its database answer. */
void sd_platform_client_get_health_async (SdPlatformClient    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean sd_platform_client_get_health_finish (SdPlatformClient  *self,
                                               GAsyncResult      *result,
                                               GError           **error);
/* GET /openapi.yaml: the API document the server implements */
void sd_platform_client_get_openapi_async (SdPlatformClient    *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GBytes *sd_platform_client_get_openapi_finish (SdPlatformClient  *self,
                                               GAsyncResult      *result,
                                               GError           **error);

/* Password login (账号登录).  The client copies @password and wipes its
 * copy; the caller wipes its own. */
void sd_platform_client_login_async (SdPlatformClient    *self,
                                     const char          *login,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
SdPlatformSession *sd_platform_client_login_finish (SdPlatformClient  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);
/* CA login (CA登录): a fresh challenge signed with @signer's key (which may
 * ask for its PIN), then a session for the account the certificate is
 * bound to; SD_PLATFORM_ERROR_CERTIFICATE_NOT_BOUND when it is bound to
 * none. */
void sd_platform_client_login_with_certificate_async (SdPlatformClient    *self,
                                                      SdSigner            *signer,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SdPlatformSession *sd_platform_client_login_with_certificate_finish (SdPlatformClient  *self,
                                                                     GAsyncResult      *result,
                                                                     GError           **error);
/* GET /sessions/current: refreshes the client's session (permissions may
 * have changed). */
void sd_platform_client_get_current_session_async (SdPlatformClient    *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SdPlatformSession *sd_platform_client_get_current_session_finish (SdPlatformClient  *self,
                                                                  GAsyncResult      *result,
                                                                  GError           **error);
/* Ends the session on the server.  The client forgets its token whatever
 * the outcome, so the user is signed out even when the server is away. */
void sd_platform_client_logout_async (SdPlatformClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean sd_platform_client_logout_finish (SdPlatformClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error);
/* Changes the signed-in account's own password (also while a change is
 * required).  The passwords are copied and the copies wiped. */
void sd_platform_client_change_password_async (SdPlatformClient    *self,
                                               const char          *current_password,
                                               const char          *new_password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean sd_platform_client_change_password_finish (SdPlatformClient  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

/* GET /enterprise: the signed-in account's enterprise */
void sd_platform_client_get_enterprise_async (SdPlatformClient    *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SdPlatformEnterprise *sd_platform_client_get_enterprise_finish (SdPlatformClient  *self,
                                                                GAsyncResult      *result,
                                                                GError           **error);

/* What POST /enterprises registers: the enterprise and its main account.
 * @id_number and @phone may be NULL. */
typedef struct
{
  const char *name;
  const char *uscc;
  const char *legal_representative;
  const char *login;
  const char *account_name;
  const char *password;
  const char *id_number;
  const char *phone;
} SdPlatformEnterpriseRegistration;

/* Only on servers that allow registration.  @main_account receives the
 * new main account. */
void
sd_platform_client_register_enterprise_async (SdPlatformClient                       *self,
                                              const SdPlatformEnterpriseRegistration *registration,
                                              GCancellable                           *cancellable,
                                              GAsyncReadyCallback                     callback,
                                              gpointer                                user_data);
SdPlatformEnterprise *
sd_platform_client_register_enterprise_finish (SdPlatformClient   *self,
                                               GAsyncResult       *result,
                                               SdPlatformAccount **main_account,
                                               GError            **error);

G_END_DECLS
