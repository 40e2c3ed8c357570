/* sd-signature.h: checking a raw signature with a certificate's key, and
 * the signature encodings keys produce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "sd-digest.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* Verifies @signature over @data, hashed with @digest, with the public key
 * of @cert: RSA PKCS#1 v1.5 or PSS (salt = digest length), ECDSA and SM2 as
 * DER Ecdsa-Sig-Value; SM2 with the GM distinguishing ID 1234567812345678.
 * A signature that does not verify is SD_ERROR_BAD_SIGNATURE. */
gboolean sd_signature_verify           (X509               *cert,
                                        SdDigestAlgorithm   digest,
                                        SdSignatureScheme   scheme,
                                        const guint8       *data,
                                        gsize               data_length,
                                        const guint8       *signature,
                                        gsize               signature_length,
                                        GError            **error);

/* RSASSA-PSS with the parameters a CMS signer chose: MGF1 with
 * @mgf1_digest and a salt of @salt_length bytes. */
gboolean sd_signature_verify_pss       (X509               *cert,
                                        SdDigestAlgorithm   digest,
                                        SdDigestAlgorithm   mgf1_digest,
                                        int                 salt_length,
                                        const guint8       *data,
                                        gsize               data_length,
                                        const guint8       *signature,
                                        gsize               signature_length,
                                        GError            **error);

/* Raw r‖s, as SKF keys and PKCS#11 CKM_ECDSA return it, to DER. */
GBytes  *sd_signature_ecdsa_raw_to_der (const guint8       *raw,
                                        gsize               length,
                                        GError            **error);

/* The DER DigestInfo (RFC 8017, 9.2) that a PKCS#1 v1.5 signature signs:
 * what a token's raw RSA operation (CKM_RSA_PKCS, SKF_RSASignData) is given
 * when the host hashes. */
GBytes  *sd_signature_rsa_digest_info  (SdDigestAlgorithm   digest,
                                        const guint8       *hash,
                                        gsize               hash_length,
                                        GError            **error);

/* e = SM3(Z ‖ M) of GM/T 0009, Z computed with the public key of @cert and
 * the ID 1234567812345678: what an SM2 key that signs a digest
 * (SKF_ECCSignData) must be given for the signature to verify as SM2. */
GBytes  *sd_signature_sm2_digest       (X509               *cert,
                                        const guint8       *data,
                                        gsize               length,
                                        GError            **error);

G_END_DECLS
