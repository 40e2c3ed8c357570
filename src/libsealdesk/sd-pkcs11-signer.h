/* sd-pkcs11-signer.h: a private key on a PKCS#11 token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-signer.h"
#include "sd-token-pkcs11.h"

G_BEGIN_DECLS

#define SD_TYPE_PKCS11_SIGNER (sd_pkcs11_signer_get_type ())
G_DECLARE_FINAL_TYPE (SdPkcs11Signer, sd_pkcs11_signer, SD, PKCS11_SIGNER, GObject)

/* The key with CKA_ID @key_id on @token, with its certificate (DER) and the
 * issuers found on the token.  The key is looked up when signing, after the
 * login if the token hides private keys before it. */
SdSigner *sd_pkcs11_signer_new (SdTokenPkcs11  *token,
                                GBytes         *certificate,
                                GPtrArray      *chain,
                                GBytes         *key_id,
                                const char     *key_label,
                                GError        **error);

/* How a signature is asked of the token */
typedef struct
{
  ck_mechanism_type_t mechanism;
  gboolean            hash_on_host;  /* the token is given the digest, not the data */
  gboolean            digest_info;   /* … inside a DigestInfo (raw CKM_RSA_PKCS) */
  gboolean            pss;           /* with CK_RSA_PKCS_PSS_PARAMS */
  gboolean            raw_ecdsa;     /* the token returns r‖s */
} SdPkcs11SignMethod;

typedef gboolean (*SdPkcs11MechanismCheck) (ck_mechanism_type_t  mechanism,
                                            gpointer             user_data);

/* Chooses from what the token offers (@offers): a mechanism that hashes on
 * the token when there is one for @digest, else a raw one with the digest
 * computed here. */
gboolean  sd_pkcs11_choose_sign_method (SdKeyType                key_type,
                                        SdDigestAlgorithm        digest,
                                        SdSignatureScheme        scheme,
                                        SdPkcs11MechanismCheck   offers,
                                        gpointer                 user_data,
                                        SdPkcs11SignMethod      *method,
                                        GError                 **error);

G_END_DECLS
