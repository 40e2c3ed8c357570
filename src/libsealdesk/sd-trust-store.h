/* sd-trust-store.h: the roots a user trusts, and whether a certificate
 * chains to one of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef enum
{
  SD_TRUST_TRUSTED,        /* chains to a trusted root, valid at the time asked */
  SD_TRUST_UNTRUSTED,      /* no chain to a trusted root */
  SD_TRUST_EXPIRED,        /* chains, but a certificate had expired at that time */
  SD_TRUST_NOT_YET_VALID,  /* chains, but a certificate was not yet valid then */
  SD_TRUST_BAD_CHAIN,      /* a certificate on the path is broken: bad signature, not a CA, wrong use */
  SD_TRUST_NOT_CHECKED,    /* no certificate to check */
  SD_TRUST_REVOKED,        /* chains, but a certificate was revoked at that time (CRL, OCSP) */
} SdTrustStatus;

typedef struct _SdTrustStore SdTrustStore;

/* An empty store; with @use_system, the system's roots (OpenSSL's default
 * paths, /etc/ssl/certs on Debian) count too. */
SdTrustStore *sd_trust_store_new         (gboolean       use_system);
SdTrustStore *sd_trust_store_ref         (SdTrustStore  *self);
void          sd_trust_store_unref       (SdTrustStore  *self);
/* Adds every PEM or DER certificate in @path: a file, or the files of a
 * directory (not recursive).  A directory without certificates is an error:
 * a typo must not silently leave the store empty. */
gboolean      sd_trust_store_add_path    (SdTrustStore  *self,
                                          const char    *path,
                                          GError       **error);
void          sd_trust_store_add_cert    (SdTrustStore  *self,
                                          X509          *cert);
/* A user's own trusted roots (sd_trust_dir_add_root()): the same as
 * sd_trust_store_add_path() on @dir, but a directory that does not exist
 * yet or holds no certificate is not an error: nothing is trusted so far. */
gboolean      sd_trust_store_add_user_dir (SdTrustStore *self,
                                          const char    *dir,
                                          GError       **error);
/* Saves the DER certificate @der in @dir (made, 0700, when missing) as
 * <SHA-256>.pem; TRUE too when it is there already.  Only a CA
 * certificate is accepted: trusting a signer's own certificate is not
 * what a root is for. */
gboolean      sd_trust_dir_add_root      (const char    *dir,
                                          GBytes        *der,
                                          GError       **error);
guint         sd_trust_store_get_n_roots (SdTrustStore  *self);

/* Checks @leaf at @when (NULL: now) with @untrusted (X509 *, may be NULL)
 * as candidate intermediates; @purpose is an X509_PURPOSE_* or 0 for any.
 * @detail receives a translated sentence for anything but TRUSTED;
 * @chain (optional) the path found, leaf first, as subject names. */
SdTrustStatus sd_trust_store_check       (SdTrustStore  *self,
                                          X509          *leaf,
                                          GPtrArray     *untrusted,
                                          GDateTime     *when,
                                          int            purpose,
                                          char         **detail,
                                          GPtrArray    **chain);

/* The same, and @path_certs (optional) the path found as X509 * (owned),
 * leaf first: what revocation is checked along. */
SdTrustStatus sd_trust_store_check_path  (SdTrustStore  *self,
                                          X509          *leaf,
                                          GPtrArray     *untrusted,
                                          GDateTime     *when,
                                          int            purpose,
                                          char         **detail,
                                          GPtrArray    **chain,
                                          GPtrArray    **path_certs);

/* Chinese CAs sign with SM2 under the GM/T 0009 ID 1234567812345678;
 * OpenSSL checks a certificate's signature with the ID set on it. */
void          sd_trust_set_sm2_id        (X509          *cert);

const char   *sd_trust_status_to_string  (SdTrustStatus  status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTrustStore, sd_trust_store_unref)

G_END_DECLS
