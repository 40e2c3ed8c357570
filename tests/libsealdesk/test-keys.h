/* test-keys.h: key and certificate fixtures made at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures are generated once per test program with the openssl
 * command-line tool in a temporary directory that is removed at the end.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TEST_PASSWORD "s3cret-密码"

/* TRUE if the openssl tool is there; tests skip otherwise. */
gboolean    test_keys_available (void);
/* Path of a fixture, e.g. "rsa.key"; generates all fixtures on first use.
 *  rsa.{key,crt}     RSA 2048, self-signed
 *  p256.{key,crt}    ECDSA P-256, self-signed;  p256-trad.key: "EC PRIVATE KEY"
 *  p384.{key,crt}    ECDSA P-384, self-signed
 *  sm2.{key,crt}     SM2, self-signed with SM3 and ID 1234567812345678
 *  sm2-trad.key      the same key through "openssl ec"; sm2.p12 (TEST_PASSWORD)
 *  root.{key,crt} → inter.{key,crt} → leaf.{key,crt} (RSA 2048)
 *  chain.pem         root.crt then inter.crt (the wrong order on purpose)
 *  leaf-enc.key      leaf.key encrypted with TEST_PASSWORD
 *  leaf.p12          leaf key, certificate and chain, TEST_PASSWORD
 *  leaf-legacy.p12   the same with RC2/3DES (openssl pkcs12 -legacy) */
const char *test_keys_path      (const char *name);
/* Runs openssl with the arguments (NULL-terminated); TRUE on exit status 0. */
gboolean    test_keys_openssl   (GError    **error,
                                 const char *first_arg,
                                 ...) G_GNUC_NULL_TERMINATED;
void        test_keys_cleanup   (void);

G_END_DECLS
