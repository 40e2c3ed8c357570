/* sd-platform-password.h: password hashing (scrypt), policy, temporary
 * passwords
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_PASSWORD_MIN_CHARACTERS 8
#define SD_PASSWORD_MAX_BYTES      256

/* Lowest scrypt cost accepted: N = 2^14 (16 MiB with r = 8) */
#define SD_PASSWORD_MIN_LOG_N      14
#define SD_PASSWORD_DEFAULT_LOG_N  15

/* At most this many hashes run at once (each takes 128·r·N bytes), so that
 * a burst of logins cannot exhaust memory; call once at start-up. */
void      sd_password_init             (guint        max_parallel);

/* "$scrypt$ln=15,r=8,p=1$<salt>$<hash>" (base64), or NULL on error */
char     *sd_password_hash             (const char  *password,
                                        guint        log_n,
                                        GError     **error);
/* Constant-time check; FALSE for a malformed @stored too. */
gboolean  sd_password_verify           (const char  *password,
                                        const char  *stored);
/* Spends the time of one verification, for logins that do not exist. */
void      sd_password_verify_dummy     (const char  *password,
                                        guint        log_n);

/* TRUE if @password may be used by @login (and differs from @current,
 * which may be NULL). */
gboolean  sd_password_is_acceptable    (const char  *password,
                                        const char  *login);

/* 12 random characters without look-alikes (no 0 O 1 l I), with letters
 * and digits; to be wiped by the caller.  NULL if the system has no
 * randomness to give. */
char     *sd_password_make_temporary   (void);

G_END_DECLS
