/* sd-signature.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/ecdsa.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-signature.h"

gboolean
sd_signature_verify (X509               *cert,
                     SdDigestAlgorithm   digest,
                     SdSignatureScheme   scheme,
                     const guint8       *data,
                     gsize               data_length,
                     const guint8       *signature,
                     gsize               signature_length,
                     GError            **error)
{
  g_autoptr(EVP_MD_CTX) mctx = EVP_MD_CTX_new ();
  EVP_PKEY *pkey = X509_get0_pubkey (cert);
  EVP_PKEY_CTX *pctx = NULL;
  const char *md_name = EVP_MD_get0_name (sd_digest_get_md (digest));
  SdKeyType key_type;
  gboolean ok;

  if (pkey == NULL || !sd_pkey_get_key_info (pkey, &key_type, NULL, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                             _("The certificate’s public key cannot be read."));
      return FALSE;
    }
  if (!sd_signer_check_algorithms (key_type, digest, scheme, error))
    return FALSE;

  ok = mctx != NULL && EVP_DigestVerifyInit_ex (mctx, &pctx, md_name, NULL, NULL, pkey, NULL) == 1;
  if (ok && key_type == SD_KEY_TYPE_SM2)
    ok = EVP_PKEY_CTX_set1_id (pctx, SD_SM2_DEFAULT_ID, SD_SM2_DEFAULT_ID_LENGTH) == 1;
  if (ok && scheme == SD_SIGNATURE_SCHEME_RSA_PSS)
    ok = EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) == 1
         && EVP_PKEY_CTX_set_rsa_mgf1_md_name (pctx, md_name, NULL) == 1
         && EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
  if (!ok)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY,
                            _("The signature cannot be checked with the certificate"));
      return FALSE;
    }
  if (EVP_DigestVerify (mctx, signature, signature_length, data, data_length) != 1)
    {
      sd_openssl_clear_error ();
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                           _("The signature does not match the certificate’s key."));
      return FALSE;
    }
  return TRUE;
}

GBytes *
sd_signature_ecdsa_raw_to_der (const guint8 *raw,
                               gsize         length,
                               GError      **error)
{
  ECDSA_SIG *sig = NULL;
  BIGNUM *r = NULL, *s = NULL;
  unsigned char *der = NULL;
  int der_length;
  GBytes *out;

  if (length == 0 || length % 2 != 0 || length > 2 * 66)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("The key returned a signature of %lu bytes, which is not r‖s."),
                   (gulong) length);
      return NULL;
    }
  sig = ECDSA_SIG_new ();
  r = BN_bin2bn (raw, length / 2, NULL);
  s = BN_bin2bn (raw + length / 2, length / 2, NULL);
  if (sig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0 (sig, r, s) != 1)
    {
      BN_free (r);
      BN_free (s);
      ECDSA_SIG_free (sig);
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  der_length = i2d_ECDSA_SIG (sig, &der);
  ECDSA_SIG_free (sig);
  if (der_length <= 0)
    {
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  out = g_bytes_new (der, der_length);
  OPENSSL_free (der);
  return out;
}
