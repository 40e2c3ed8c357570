/* sd-cms-verify.h: checking a CMS SignedData: the signature of a PDF and
 * the RFC 3161 timestamp tokens inside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "sd-digest.h"
#include "sd-signer.h"

G_BEGIN_DECLS

typedef struct
{
  /* What the SignedData says */
  X509              *signer;            /* the certificate its SignerInfo names, or NULL */
  GPtrArray         *certs;             /* X509 *: every certificate in it, signer included */
  gboolean           digest_known;
  SdDigestAlgorithm  digest;
  char              *digest_name;       /* "SHA-256", or the OID of one we do not support */
  char              *signature_algorithm; /* "RSA", "RSASSA-PSS", "ECDSA", "SM2", or an OID */
  GBytes            *signature;         /* the signature value */
  GBytes            *message_digest;    /* the messageDigest attribute */
  GDateTime         *signing_time;      /* the signing-time attribute, or NULL */
  GBytes            *timestamp_token;   /* the signature-time-stamp token (unsigned), or NULL */
  char              *content_type;      /* eContentType, dotted */
  GBytes            *content;           /* eContent when encapsulated, NULL when detached */

  /* What sd_cms_check_verify() found */
  gboolean           digest_matches;    /* messageDigest = digest of the content */
  gboolean           signature_valid;   /* the signer's key verifies the signed attributes */
  gboolean           unsupported;       /* something we cannot check (algorithm, format) */
  GPtrArray         *problems;          /* translated sentences: why it is not valid */
} SdCmsCheck;

/* Parses @der (the bytes of a PDF's /Contents, trailing zeros allowed).
 * Fails only when it is not a CMS SignedData at all; everything else that
 * is wrong is listed in problems. */
SdCmsCheck *sd_cms_check_new     (const guint8  *der,
                                  gsize          length,
                                  GError       **error);
/* Compares the messageDigest with @content_digest (computed by the caller
 * with check->digest over the signed content) and verifies the signature
 * over the signed attributes with the signer's certificate. */
void        sd_cms_check_verify  (SdCmsCheck    *check,
                                  GBytes        *content_digest);
/* TRUE when the digest matches, the signature verifies and nothing is wrong. */
gboolean    sd_cms_check_is_valid (SdCmsCheck   *check);
void        sd_cms_check_free    (SdCmsCheck    *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCmsCheck, sd_cms_check_free)

G_END_DECLS
