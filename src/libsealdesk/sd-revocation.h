/* sd-revocation.h: whether a certificate was revoked, from CRLs and OCSP
 * responses (embedded in a PDF's /DSS or fetched from the URLs the
 * certificate names)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define SD_REVOCATION_DEFAULT_TIMEOUT 10

typedef enum
{
  SD_REVOCATION_NOT_CHECKED,  /* nothing was asked: no chain to check */
  SD_REVOCATION_GOOD,         /* a valid CRL or OCSP response says it is not revoked */
  SD_REVOCATION_REVOKED,      /* ... says it is revoked (time and reason in the result) */
  SD_REVOCATION_UNKNOWN,      /* no usable answer: unreachable, missing, unsigned, unknown */
} SdRevocationStatus;

/* Revocation data, as DER: what a /DSS holds or what was fetched. */
typedef struct
{
  GPtrArray *certs;   /* GBytes *: certificates */
  GPtrArray *crls;    /* GBytes *: CertificateList */
  GPtrArray *ocsps;   /* GBytes *: OCSPResponse */
} SdRevocationData;

typedef struct
{
  SdRevocationStatus  status;
  GDateTime          *revocation_time;  /* REVOKED only */
  char               *reason;           /* REVOKED: RFC 5280 name ("keyCompromise"), or NULL */
  char               *source;           /* "OCSP", "CRL", or NULL */
  char               *detail;           /* translated: why UNKNOWN, or what was revoked */
} SdRevocationResult;

SdRevocationData *sd_revocation_data_new       (void);
void              sd_revocation_data_free      (SdRevocationData   *data);
/* Each adds a copy unless the same bytes are there already; TRUE if added. */
gboolean          sd_revocation_data_add_cert  (SdRevocationData   *data,
                                                GBytes             *der);
gboolean          sd_revocation_data_add_crl   (SdRevocationData   *data,
                                                GBytes             *der);
gboolean          sd_revocation_data_add_ocsp  (SdRevocationData   *data,
                                                GBytes             *der);

/* Looks for @cert, issued by @issuer, in the CRLs and OCSP responses of
 * @data that @issuer (or an OCSP responder it delegated to) signed.
 * OCSP answers first; a CRL is used when no response is conclusive. */
SdRevocationStatus sd_revocation_check         (X509               *cert,
                                                X509               *issuer,
                                                SdRevocationData   *data,
                                                SdRevocationResult *result);
/* Asks the OCSP responder of @cert's authority information access and,
 * when that gives no conclusive answer, fetches the CRLs of its CRL
 * distribution points (http:// only), each within @timeout seconds (0:
 * SD_REVOCATION_DEFAULT_TIMEOUT); adds what it got to @data.  FALSE, with
 * @error naming the URLs, when nothing usable came back. */
gboolean          sd_revocation_fetch          (X509               *cert,
                                                X509               *issuer,
                                                guint               timeout,
                                                SdRevocationData   *data,
                                                GCancellable       *cancellable,
                                                GError            **error);
/* TRUE when @cert names an http:// OCSP responder or CRL distribution point. */
gboolean          sd_revocation_has_sources    (X509               *cert);
void              sd_revocation_result_clear   (SdRevocationResult *result);

/* "good", "revoked", "unknown", "not-checked": stable strings for JSON. */
const char       *sd_revocation_status_to_string (SdRevocationStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdRevocationData, sd_revocation_data_free)

G_END_DECLS
