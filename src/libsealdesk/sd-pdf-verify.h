/* sd-pdf-verify.h: verifying the signatures of a PDF (验章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-pdf-changes.h"
#include "sd-pdf-document.h"
#include "sd-revocation.h"
#include "sd-trust-store.h"

G_BEGIN_DECLS

typedef enum
{
  SD_SIGNATURE_VALID,        /* the signed bytes and the signature agree */
  SD_SIGNATURE_INVALID,      /* they do not, or it is malformed: altered or forged */
  SD_SIGNATURE_UNSUPPORTED,  /* well formed, but uses what cannot be checked here */
} SdSignatureStatus;

typedef enum
{
  SD_VERDICT_VALID,      /* every signature intact and trusted, nothing changed after the last */
  SD_VERDICT_INVALID,    /* a signature is broken, forged or cannot be checked */
  SD_VERDICT_MODIFIED,   /* changed after signing in ways the signatures do not cover */
  SD_VERDICT_UNTRUSTED,  /* intact, but a certificate is untrusted, expired or not yet valid */
  SD_VERDICT_UNSIGNED,   /* no signatures */
} SdVerdict;

typedef struct
{
  char              *field;             /* fully qualified field name */
  int                page;              /* of its first widget, from 0; -1 when none */
  guint              n_widgets;
  /* Where that widget shows, in millimetres from the top-left of its
   * displayed page (as the seal was placed); FALSE when it has no area */
  gboolean           has_place;
  double             x_mm;
  double             y_mm;
  double             width_mm;
  double             height_mm;
  char              *subfilter;
  gboolean           is_document_timestamp;  /* ETSI.RFC3161 */
  int                certification;     /* DocMDP /P when this signature certifies, else 0 */

  /* What it covers */
  gboolean           has_byte_range;
  gint64             byte_range[4];
  gboolean           starts_at_zero;
  gboolean           gap_is_contents;   /* leaves out exactly the /Contents string */
  gboolean           ends_at_revision;  /* ends where a revision of the file ends */
  gboolean           covers_whole_file;
  int                revision;          /* index of the revision it signs, or -1 */

  /* Integrity */
  SdSignatureStatus  status;
  gboolean           digest_matches;
  gboolean           signature_verifies;
  GPtrArray         *problems;          /* translated sentences, empty when valid */

  /* The signer (NULL when the signature holds no certificate) */
  char              *signer_name;       /* the CN, or the name part of a CFCA-style CN */
  char              *organization;      /* O */
  char              *enterprise_code;   /* USCC (统一社会信用代码), or organization code */
  char              *id_number;         /* resident ID number (身份证号) */
  char              *unique_id;         /* the CA's unique-ID extension */
  char              *subject;
  char              *issuer;
  char              *serial;            /* hexadecimal */
  GDateTime         *not_before;
  GDateTime         *not_after;
  char              *key_algorithm;     /* "RSA 2048", "ECDSA 256", "SM2 256" */
  char              *digest_algorithm;  /* "SHA-256", "SM3" */
  char              *signature_algorithm;
  char              *fingerprint;       /* SHA-256 of the certificate, "AB:CD:…" */

  /* Trust in the signer's certificate, at trust_time */
  SdTrustStatus      trust;
  char              *trust_detail;
  GDateTime         *trust_time;        /* the timestamp's time when verified, else now */
  GPtrArray         *chain;             /* subject names, signer first */
  /* The self-signed certificate that path ends at, when the signature
   * carries it or it is trusted: the root a user may choose to trust */
  GBytes            *root_certificate;  /* DER, or NULL */
  char              *root_subject;
  char              *root_fingerprint;  /* SHA-256, "AB:CD:…" */

  /* Revocation of the signer and its CAs (the root excepted), from the
   * /DSS first, else asked of their OCSP responders and CRL distribution
   * points unless offline.  REVOKED at trust_time makes trust REVOKED. */
  SdRevocationStatus revocation;
  GDateTime         *revocation_time;   /* REVOKED: when */
  char              *revocation_reason; /* REVOKED: RFC 5280 name, or NULL */
  char              *revocation_source; /* "OCSP", "CRL", "OCSP (DSS)", "CRL (DSS)" */
  char              *revocation_detail; /* translated: which certificate, why unknown */

  /* Time */
  char              *claimed_time;      /* /M as written */
  GDateTime         *claimed_time_parsed;
  GDateTime         *signing_time;      /* the CMS signing-time attribute */
  gboolean           has_timestamp;
  gboolean           timestamp_valid;
  GDateTime         *timestamp_time;
  char              *timestamp_authority;
  SdTrustStatus      timestamp_trust;
  char              *timestamp_detail;  /* why it is not valid or not trusted */

  /* What happened after it */
  SdChangeFlags      changes_after;     /* the union over the later revisions */
  gboolean           modified;          /* changed after signing beyond new signatures */
  gboolean           permitted;         /* ... and every change is one its certification allows */
  SdVerdict          verdict;           /* of this signature alone (never UNSIGNED) */

  char              *name;              /* /Name, /Reason, /Location, /ContactInfo */
  char              *reason;
  char              *location;
  char              *contact_info;
} SdSignatureReport;

typedef struct
{
  guint64        start;
  guint64        end;
  SdPdfChanges  *changes;      /* against the revision before; NULL for the first */
} SdRevisionReport;

typedef struct
{
  char        *file;
  guint64      size;
  GPtrArray   *signatures;     /* SdSignatureReport *, in signing order */
  GPtrArray   *revisions;      /* SdRevisionReport *, oldest first */
  guint64      unexplained;    /* bytes after the last complete revision (0: none) */
  int          certification;  /* the document's DocMDP /P, 0 when not certified */
  SdVerdict    verdict;
  char        *summary;        /* one translated sentence for the verdict */
} SdVerifyReport;

typedef enum
{
  SD_VERIFY_FLAGS_NONE = 0,
  SD_VERIFY_OFFLINE    = 1 << 0,  /* revocation from the /DSS only: nothing fetched */
} SdVerifyFlags;

/* @trust NULL: the system's roots only.  Fetches revocation data the
 * /DSS lacks (SD_VERIFY_FLAGS_NONE). */
SdVerifyReport *sd_pdf_verify_document    (SdPdfDocument       *document,
                                           SdTrustStore        *trust,
                                           GCancellable        *cancellable,
                                           GError             **error);
SdVerifyReport *sd_pdf_verify_document_with_flags (SdPdfDocument *document,
                                           SdTrustStore        *trust,
                                           SdVerifyFlags        flags,
                                           GCancellable        *cancellable,
                                           GError             **error);
SdVerifyReport *sd_pdf_verify_file_with_flags (const char      *path,
                                           SdTrustStore        *trust,
                                           SdVerifyFlags        flags,
                                           GCancellable        *cancellable,
                                           GError             **error);
SdVerifyReport *sd_pdf_verify_file        (const char          *path,
                                           SdTrustStore        *trust,
                                           GCancellable        *cancellable,
                                           GError             **error);
void            sd_pdf_verify_file_async  (const char          *path,
                                           SdTrustStore        *trust,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
SdVerifyReport *sd_pdf_verify_file_finish (GAsyncResult        *result,
                                           GError             **error);
void            sd_verify_report_free     (SdVerifyReport      *report);

/* "valid", "invalid", "unsupported" / "valid", "invalid", "modified",
 * "untrusted", "unsigned": stable strings for JSON. */
const char     *sd_signature_status_to_string (SdSignatureStatus status);
const char     *sd_verdict_to_string          (SdVerdict         verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVerifyReport, sd_verify_report_free)

G_END_DECLS
