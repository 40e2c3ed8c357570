/* sd-certificate.h: helpers on X.509 certificates for CMS and the inspector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain functions over OpenSSL's X509.  Text results are UTF-8.
 */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

#include "sd-digest.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* The GM/T 0009 default SM2 distinguishing ID that Chinese CAs and keys use */
#define SD_SM2_DEFAULT_ID         "1234567812345678"
#define SD_SM2_DEFAULT_ID_LENGTH  16

/* Parses one DER certificate; trailing bytes are refused. */
X509       *sd_certificate_parse              (GBytes             *der,
                                               GError            **error);
X509       *sd_certificate_parse_data         (const guint8       *der,
                                               gsize               length,
                                               GError            **error);
/* Reads one certificate from a PEM or DER file. */
X509       *sd_certificate_load_file          (const char         *path,
                                               GError            **error);
GBytes     *sd_certificate_to_der             (X509               *cert,
                                               GError            **error);

/* Subject attributes, or NULL when the subject has none. */
char       *sd_certificate_get_common_name    (X509               *cert);
char       *sd_certificate_get_organization   (X509               *cert);
/* One-line RFC 2253 style text of the subject / issuer */
char       *sd_certificate_get_subject_text   (X509               *cert);
char       *sd_certificate_get_issuer_text    (X509               *cert);

/* DER of the issuer Name (a SEQUENCE) */
GBytes     *sd_certificate_get_issuer_der     (X509               *cert);
/* DER of the serial number INTEGER (tag, length and value) */
GBytes     *sd_certificate_get_serial_der     (X509               *cert);
/* Upper-case hexadecimal serial number, without separators */
char       *sd_certificate_get_serial_hex     (X509               *cert);
/* Digest of the whole DER certificate */
GBytes     *sd_certificate_get_fingerprint    (X509               *cert,
                                               SdDigestAlgorithm   digest,
                                               GError            **error);

/* Key type and size (RSA modulus bits, EC / SM2 order bits) of the
 * certificate's public key. */
gboolean    sd_certificate_get_key_info       (X509               *cert,
                                               SdKeyType          *key_type,
                                               guint              *key_bits,
                                               GError            **error);
gboolean    sd_pkey_get_key_info              (EVP_PKEY           *pkey,
                                               SdKeyType          *key_type,
                                               guint              *key_bits,
                                               GError            **error);

/* TRUE if the certificate may sign documents: keyUsage has
 * digitalSignature or nonRepudiation, or there is no keyUsage at all. */
gboolean    sd_certificate_is_signing         (X509               *cert);

/* Validity period (UTC) */
GDateTime  *sd_certificate_get_not_before     (X509               *cert);
GDateTime  *sd_certificate_get_not_after      (X509               *cert);
/* TRUE if @when (NULL = now) is within the validity period. */
gboolean    sd_certificate_is_valid_at        (X509               *cert,
                                               GDateTime          *when);

/* Reorders @certs (an array of X509 *) signer to root: first the issuer of
 * @leaf, then its issuer, and so on.  Certificates off that path stay at the
 * end in their original order. */
void        sd_certificate_order_chain        (X509               *leaf,
                                               GPtrArray          *certs);

G_END_DECLS
