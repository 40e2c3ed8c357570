/* sd-platform-proof.h: challenges and proof of possession of a
 * certificate's key (for binding and for CA login)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "sd-digest.h"
#include "sd-platform-request.h"
#include "sd-signer.h"

G_BEGIN_DECLS

#define SD_CHALLENGE_SECONDS 120

/* The members of a ProofOfPossession body */
extern const SdField sd_proof_fields[];
extern const gsize   sd_proof_n_fields;

typedef struct
{
  char              *challenge_id;
  GBytes            *certificate;
  GBytes            *signature;
  gboolean           has_digest;
  SdDigestAlgorithm  digest;
  SdSignatureScheme  scheme;
} SdProof;

/* Reads a ProofOfPossession from @body (checked against sd_proof_fields). */
gboolean  sd_proof_read     (SdPlatformRequest  *request,
                             JsonObject         *body,
                             SdProof            *proof,
                             GError            **error);
void      sd_proof_clear    (SdProof            *proof);

/* Uses up the challenge (whatever happens next it cannot serve again),
 * then checks in this order: the certificate parses, is a signing
 * certificate, is valid now; the challenge exists, is for @purpose ("login"
 * or "bind"; "bind" also needs it to be the caller's) and has not expired;
 * the signature verifies.  Returns the certificate. */
X509     *sd_proof_check    (SdPlatformRequest  *request,
                             SdProof            *proof,
                             const char         *purpose,
                             GError            **error);

/* SHA-256 (hex) of the issuer Name and serial number: what makes a
 * certificate the same certificate, whatever its encoding. */
char     *sd_proof_certificate_key (X509        *cert);

/* POST /challenges */
gboolean  sd_proof_create_challenge (SdPlatformRequest  *request,
                                     GError            **error);

G_END_DECLS
