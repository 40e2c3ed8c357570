/* sd-signature.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-der.h"
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

gboolean
sd_signature_verify_pss (X509               *cert,
                         SdDigestAlgorithm   digest,
                         SdDigestAlgorithm   mgf1_digest,
                         int                 salt_length,
                         const guint8       *data,
                         gsize               data_length,
                         const guint8       *signature,
                         gsize               signature_length,
                         GError            **error)
{
  g_autoptr(EVP_MD_CTX) mctx = EVP_MD_CTX_new ();
  EVP_PKEY *pkey = X509_get0_pubkey (cert);
  EVP_PKEY_CTX *pctx = NULL;
  SdKeyType key_type;
  gboolean ok;

  if (pkey == NULL || !sd_pkey_get_key_info (pkey, &key_type, NULL, NULL)
      || key_type != SD_KEY_TYPE_RSA)
    {
      sd_openssl_clear_error ();
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The certificate’s key is not an RSA key, but the signature is "
                             "RSASSA-PSS."));
      return FALSE;
    }
  ok = mctx != NULL
       && EVP_DigestVerifyInit_ex (mctx, &pctx, EVP_MD_get0_name (sd_digest_get_md (digest)),
                                   NULL, NULL, pkey, NULL) == 1
       && EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) == 1
       && EVP_PKEY_CTX_set_rsa_mgf1_md_name (pctx,
                                             EVP_MD_get0_name (sd_digest_get_md (mgf1_digest)),
                                             NULL) == 1
       && EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, salt_length) == 1;
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

GBytes *
sd_signature_rsa_digest_info (SdDigestAlgorithm   digest,
                              const guint8       *hash,
                              gsize               hash_length,
                              GError            **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) oid = NULL;
  gsize outer, algorithm;

  if (digest == SD_DIGEST_SM3 || hash_length != sd_digest_get_length (digest))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("A %s digest of %lu bytes cannot go into an RSA signature."),
                   sd_digest_to_string (digest), (gulong) hash_length);
      return NULL;
    }
  oid = sd_digest_get_oid (digest);

  /* DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }, with the
   * explicit NULL parameters that RFC 8017 requires for the SHA-2 family */
  outer = sd_der_begin (out, SD_DER_SEQUENCE);
  algorithm = sd_der_begin (out, SD_DER_SEQUENCE);
  sd_der_add_oid_bytes (out, g_bytes_get_data (oid, NULL), g_bytes_get_size (oid));
  sd_der_add_null (out);
  sd_der_end (out, algorithm);
  sd_der_add_octet_string (out, hash, hash_length);
  sd_der_end (out, outer);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
append_bn (EVP_MD_CTX   *ctx,
           const BIGNUM *bn,
           int           length)
{
  guint8 buffer[66];

  return length <= (int) sizeof buffer && BN_bn2binpad (bn, buffer, length) == length
         && EVP_DigestUpdate (ctx, buffer, length) == 1;
}

GBytes *
sd_signature_sm2_digest (X509          *cert,
                         const guint8  *data,
                         gsize          length,
                         GError       **error)
{
  EVP_PKEY *pkey = X509_get0_pubkey (cert);
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  EC_GROUP *group = EC_GROUP_new_by_curve_name (NID_sm2);
  BN_CTX *bn_ctx = BN_CTX_new ();
  BIGNUM *p = BN_new (), *a = BN_new (), *b = BN_new (), *gx = BN_new (), *gy = BN_new ();
  guint8 point[1 + 2 * 32];
  guint8 z[32], e[32];
  size_t point_length = 0;
  unsigned int z_length = 0, e_length = 0;
  const guint8 entl[2] = { (SD_SM2_DEFAULT_ID_LENGTH * 8) >> 8, (SD_SM2_DEFAULT_ID_LENGTH * 8) & 0xff };
  SdKeyType key_type = SD_KEY_TYPE_RSA;
  gboolean ok;

  if (pkey == NULL || !sd_pkey_get_key_info (pkey, &key_type, NULL, NULL)
      || key_type != SD_KEY_TYPE_SM2)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The certificate does not hold an SM2 public key."));
      ok = FALSE;
      goto out;
    }

  /* Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), e = SM3(Z ‖ M) */
  ok = ctx != NULL && group != NULL && bn_ctx != NULL && p != NULL && a != NULL && b != NULL
       && gx != NULL && gy != NULL
       && EC_GROUP_get_curve (group, p, a, b, bn_ctx) == 1
       && EC_POINT_get_affine_coordinates (group, EC_GROUP_get0_generator (group), gx, gy,
                                           bn_ctx) == 1
       && EVP_PKEY_get_octet_string_param (pkey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                           &point_length) == 1
       && point_length == sizeof point && point[0] == 0x04
       && EVP_DigestInit_ex (ctx, EVP_sm3 (), NULL) == 1
       && EVP_DigestUpdate (ctx, entl, sizeof entl) == 1
       && EVP_DigestUpdate (ctx, SD_SM2_DEFAULT_ID, SD_SM2_DEFAULT_ID_LENGTH) == 1
       && append_bn (ctx, a, 32) && append_bn (ctx, b, 32)
       && append_bn (ctx, gx, 32) && append_bn (ctx, gy, 32)
       && EVP_DigestUpdate (ctx, point + 1, point_length - 1) == 1
       && EVP_DigestFinal_ex (ctx, z, &z_length) == 1
       && EVP_DigestInit_ex (ctx, EVP_sm3 (), NULL) == 1
       && EVP_DigestUpdate (ctx, z, z_length) == 1
       && EVP_DigestUpdate (ctx, data, length) == 1
       && EVP_DigestFinal_ex (ctx, e, &e_length) == 1;
  if (!ok)
    sd_openssl_set_error (error, SD_ERROR_KEY,
                          _("The SM2 digest of the data cannot be computed"));

out:
  BN_free (p);
  BN_free (a);
  BN_free (b);
  BN_free (gx);
  BN_free (gy);
  BN_CTX_free (bn_ctx);
  EC_GROUP_free (group);
  return ok ? g_bytes_new (e, e_length) : NULL;
}
