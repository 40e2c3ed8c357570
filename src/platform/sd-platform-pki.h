/* sd-platform-pki.h: a small certificate authority for the demo and the
 * tests, making certificates the way Chinese CAs shape them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* A private extension holding one UTF8String (GM/T 0015 style) */
typedef struct
{
  const char *oid;
  const char *value;
} SdPkiExtension;

/**
 * SdPkiCertificateSpec:
 * @key: the subject's key
 * @issuer: (nullable): the CA; NULL makes a self-signed CA certificate
 * @issuer_key: (nullable): the CA's key
 * @subject: attribute names and UTF-8 values in pairs, NULL-terminated
 * @key_usage: (nullable): an OpenSSL keyUsage value; NULL for
 *   "critical,digitalSignature,nonRepudiation" (a signing certificate)
 * @not_before, @not_after: seconds since the epoch
 */
typedef struct
{
  EVP_PKEY             *key;
  X509                 *issuer;
  EVP_PKEY             *issuer_key;
  const char * const   *subject;
  const SdPkiExtension *extensions;
  gsize                 n_extensions;
  const char           *key_usage;
  gint64                not_before;
  gint64                not_after;
  glong                 serial;
} SdPkiCertificateSpec;

/* "RSA" (2048 bits), "EC" (P-256) or "SM2" */
EVP_PKEY *sd_pki_make_key         (const char                 *type,
                                   GError                    **error);
/* Signed with SHA-256 (SM3 with the GM ID when the issuer's key is SM2) */
X509     *sd_pki_make_certificate (const SdPkiCertificateSpec *spec,
                                   GError                    **error);
/* Writes DIR/NAME in PEM: the certificate, or the key (mode 0600). */
gboolean  sd_pki_write_pem        (const char                 *dir,
                                   const char                 *name,
                                   X509                       *cert,
                                   EVP_PKEY                   *key,
                                   GError                    **error);

G_END_DECLS
