/* sd-cms-verify.c
 *
 * OpenSSL parses; the checks are ours.  CMS_verify() cannot be used: it
 * fails on SM2 (no way to give it the GM ID) and stops at the first
 * problem, where a verifier must say what is wrong.  The signature is
 * checked with sd_signature_verify() over the DER SET OF the signed
 * attributes (RFC 5652 5.4), re-encoded from what OpenSSL parsed, as
 * OpenSSL itself does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-cms-verify.h"
#include "sd-der.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-signature.h"

#define OID_SM2_SIGN "1.2.156.10197.1.301.1"
#define OID_GM_SIGNED_DATA "1.2.156.10197.6.1.4.2.2"

typedef struct
{
  SdCmsCheck         pub;
  GBytes            *signed_attrs;   /* DER SET OF, as signed */
  gboolean           scheme_known;
  SdSignatureScheme  scheme;
  SdKeyType          family;         /* the key type the signature algorithm needs */
  SdDigestAlgorithm  pss_mgf1;
  int                pss_salt;
} Check;

static void
problem (SdCmsCheck *check,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (SdCmsCheck *check,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (check->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
oid_text (const ASN1_OBJECT *obj)
{
  char buf[128];

  if (obj == NULL || OBJ_obj2txt (buf, sizeof buf, obj, 1) <= 0)
    return g_strdup ("?");
  return g_strdup (buf);
}

static gboolean
digest_from_nid (int                nid,
                 SdDigestAlgorithm *digest)
{
  switch (nid)
    {
    case NID_sha256:
      *digest = SD_DIGEST_SHA256;
      return TRUE;
    case NID_sha384:
      *digest = SD_DIGEST_SHA384;
      return TRUE;
    case NID_sha512:
      *digest = SD_DIGEST_SHA512;
      return TRUE;
    case NID_sm3:
      *digest = SD_DIGEST_SM3;
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
digest_label (SdDigestAlgorithm digest)
{
  switch (digest)
    {
    case SD_DIGEST_SHA256:
      return "SHA-256";
    case SD_DIGEST_SHA384:
      return "SHA-384";
    case SD_DIGEST_SHA512:
      return "SHA-512";
    case SD_DIGEST_SM3:
      return "SM3";
    default:
      return "?";
    }
}

/* How many bytes the first DER element of @der takes, or 0 when its length
 * is indefinite (BER) or does not fit. */
static gsize
der_element_length (const guint8 *der,
                    gsize         length)
{
  gsize n, header = 2;

  if (length < 2)
    return 0;
  n = der[1];
  if (n == 0x80)
    return 0;
  if (n & 0x80)
    {
      gsize bytes = n & 0x7f;

      if (bytes > 4 || length < 2 + bytes)
        return 0;
      n = 0;
      for (gsize i = 0; i < bytes; i++)
        n = (n << 8) | der[2 + i];
      header += bytes;
    }
  if (n > length - header)
    return 0;
  return header + n;
}

static GDateTime *
asn1_time_to_utc (const ASN1_TIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static GBytes *
asn1_string_bytes (const ASN1_STRING *s)
{
  return g_bytes_new (ASN1_STRING_get0_data (s), ASN1_STRING_length (s));
}

/* The digest of an AlgorithmIdentifier, for PSS parameters. */
static gboolean
algor_digest (const X509_ALGOR   *algor,
              SdDigestAlgorithm  *digest)
{
  const ASN1_OBJECT *obj = NULL;

  /* An absent hash algorithm is SHA-1 (RFC 4055), which we do not accept. */
  if (algor == NULL)
    return FALSE;
  X509_ALGOR_get0 (&obj, NULL, NULL, algor);
  return digest_from_nid (OBJ_obj2nid (obj), digest);
}

static void
read_pss_params (Check            *c,
                 const X509_ALGOR *sig_alg)
{
  const ASN1_OBJECT *obj;
  const void *pval = NULL;
  int ptype = 0;
  RSA_PSS_PARAMS *params = NULL;
  X509_ALGOR *mgf_hash = NULL;
  SdDigestAlgorithm hash;
  long salt = 20;

  X509_ALGOR_get0 (&obj, &ptype, &pval, sig_alg);
  if (ptype == V_ASN1_SEQUENCE)
    {
      const ASN1_STRING *seq = pval;
      const unsigned char *p = ASN1_STRING_get0_data (seq);

      params = d2i_RSA_PSS_PARAMS (NULL, &p, ASN1_STRING_length (seq));
    }
  if (params == NULL)
    goto bad;
  if (!algor_digest (params->hashAlgorithm, &hash) || hash != c->pub.digest)
    goto bad;
  if (params->maskGenAlgorithm == NULL
      || OBJ_obj2nid (params->maskGenAlgorithm->algorithm) != NID_mgf1
      || params->maskGenAlgorithm->parameter == NULL
      || params->maskGenAlgorithm->parameter->type != V_ASN1_SEQUENCE)
    goto bad;
  {
    const ASN1_STRING *seq = params->maskGenAlgorithm->parameter->value.sequence;
    const unsigned char *p = ASN1_STRING_get0_data (seq);

    mgf_hash = d2i_X509_ALGOR (NULL, &p, ASN1_STRING_length (seq));
  }
  if (!algor_digest (mgf_hash, &c->pss_mgf1))
    goto bad;
  if (params->saltLength != NULL)
    salt = ASN1_INTEGER_get (params->saltLength);
  if (salt < 0 || salt > 1024
      || (params->trailerField != NULL && ASN1_INTEGER_get (params->trailerField) != 1))
    goto bad;
  c->pss_salt = (int) salt;
  c->scheme = SD_SIGNATURE_SCHEME_RSA_PSS;
  c->scheme_known = TRUE;
  c->family = SD_KEY_TYPE_RSA;
  goto out;

bad:
  c->pub.unsupported = TRUE;
  problem (&c->pub, _("The RSASSA-PSS parameters of the signature are not supported "
                      "(SHA-1, or a hash different from the document digest)."));
out:
  RSA_PSS_PARAMS_free (params);
  X509_ALGOR_free (mgf_hash);
  ERR_clear_error ();
}

static void
read_algorithms (Check           *c,
                 CMS_SignerInfo  *si)
{
  X509_ALGOR *digest_alg = NULL, *sig_alg = NULL;
  const ASN1_OBJECT *obj = NULL;
  int nid, md_nid = NID_undef, pk_nid = NID_undef;
  g_autofree char *sig_oid = NULL;

  CMS_SignerInfo_get0_algs (si, NULL, NULL, &digest_alg, &sig_alg);
  X509_ALGOR_get0 (&obj, NULL, NULL, digest_alg);
  c->pub.digest_known = digest_from_nid (OBJ_obj2nid (obj), &c->pub.digest);
  if (c->pub.digest_known)
    c->pub.digest_name = g_strdup (digest_label (c->pub.digest));
  else
    {
      const char *sn = OBJ_nid2sn (OBJ_obj2nid (obj));

      c->pub.digest_name = OBJ_obj2nid (obj) != NID_undef && sn ? g_strdup (sn) : oid_text (obj);
      c->pub.unsupported = TRUE;
      problem (&c->pub, _("The digest algorithm %s is not supported: only SHA-256, SHA-384, "
                          "SHA-512 and SM3 are accepted."), c->pub.digest_name);
    }

  X509_ALGOR_get0 (&obj, NULL, NULL, sig_alg);
  nid = OBJ_obj2nid (obj);
  sig_oid = oid_text (obj);
  switch (nid)
    {
    case NID_rsaEncryption:
      c->family = SD_KEY_TYPE_RSA;
      c->pub.signature_algorithm = g_strdup ("RSA");
      c->scheme_known = TRUE;
      break;
    case NID_rsassaPss:
      c->pub.signature_algorithm = g_strdup ("RSASSA-PSS");
      if (c->pub.digest_known)
        read_pss_params (c, sig_alg);
      break;
    case NID_X9_62_id_ecPublicKey:
      c->family = SD_KEY_TYPE_EC;
      c->pub.signature_algorithm = g_strdup ("ECDSA");
      c->scheme_known = TRUE;
      break;
    case NID_sm2:
    case NID_SM2_with_SM3:
      c->family = SD_KEY_TYPE_SM2;
      c->pub.signature_algorithm = g_strdup ("SM2");
      c->scheme_known = TRUE;
      break;
    default:
      if (g_strcmp0 (sig_oid, OID_SM2_SIGN) == 0)
        {
          c->family = SD_KEY_TYPE_SM2;
          c->pub.signature_algorithm = g_strdup ("SM2");
          c->scheme_known = TRUE;
        }
      else if (OBJ_find_sigid_algs (nid, &md_nid, &pk_nid)
               && (pk_nid == NID_rsaEncryption || pk_nid == NID_X9_62_id_ecPublicKey))
        {
          SdDigestAlgorithm named;

          c->family = pk_nid == NID_rsaEncryption ? SD_KEY_TYPE_RSA : SD_KEY_TYPE_EC;
          c->pub.signature_algorithm = g_strdup (c->family == SD_KEY_TYPE_RSA ? "RSA" : "ECDSA");
          /* sha256WithRSAEncryption and the like name a digest: it must be the one used. */
          if (!digest_from_nid (md_nid, &named) || !c->pub.digest_known || named != c->pub.digest)
            {
              c->pub.unsupported = TRUE;
              problem (&c->pub, _("The signature algorithm %s does not match the digest "
                                  "algorithm %s."), OBJ_nid2sn (nid), c->pub.digest_name);
            }
          else
            c->scheme_known = TRUE;
        }
      else
        {
          c->pub.signature_algorithm = g_strdup (sig_oid);
          c->pub.unsupported = TRUE;
          problem (&c->pub, _("The signature algorithm %s is not supported."), sig_oid);
        }
      break;
    }
  if (c->family == SD_KEY_TYPE_SM2 && c->pub.digest_known && c->pub.digest != SD_DIGEST_SM3)
    {
      c->scheme_known = FALSE;
      problem (&c->pub, _("An SM2 signature must use SM3, not %s."), c->pub.digest_name);
    }
  ERR_clear_error ();
}

/* The DER SET OF the signed attributes: what the signer signed. */
static GBytes *
encode_signed_attrs (CMS_SignerInfo *si)
{
  g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int n = CMS_signed_get_attr_count (si);

  for (int i = 0; i < n; i++)
    {
      unsigned char *der = NULL;
      int len = i2d_X509_ATTRIBUTE (CMS_signed_get_attr (si, i), &der);

      if (len <= 0)
        return NULL;
      g_ptr_array_add (attrs, g_bytes_new (der, len));
      OPENSSL_free (der);
    }
  sd_der_add_set_of (out, attrs);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The ESS signing-certificate attributes, when present, must name the
 * signer's certificate: they bind it into what was signed, so it cannot
 * be swapped for another one with the same key. */
static void
check_signing_certificate (Check          *c,
                           CMS_SignerInfo *si)
{
  ASN1_OBJECT *oid1 = OBJ_nid2obj (NID_id_smime_aa_signingCertificate);
  ASN1_OBJECT *oid2 = OBJ_nid2obj (NID_id_smime_aa_signingCertificateV2);
  ASN1_STRING *v1 = CMS_signed_get0_data_by_OBJ (si, oid1, -3, V_ASN1_SEQUENCE);
  ASN1_STRING *v2 = CMS_signed_get0_data_by_OBJ (si, oid2, -3, V_ASN1_SEQUENCE);
  ESS_SIGNING_CERT *ss = NULL;
  ESS_SIGNING_CERT_V2 *ssv2 = NULL;
  STACK_OF(X509) *chain;
  const unsigned char *p;

  if ((v1 == NULL && v2 == NULL) || c->pub.signer == NULL)
    return;
  if (v1 != NULL)
    {
      p = ASN1_STRING_get0_data (v1);
      ss = d2i_ESS_SIGNING_CERT (NULL, &p, ASN1_STRING_length (v1));
    }
  if (v2 != NULL)
    {
      p = ASN1_STRING_get0_data (v2);
      ssv2 = d2i_ESS_SIGNING_CERT_V2 (NULL, &p, ASN1_STRING_length (v2));
    }
  chain = sk_X509_new_null ();
  sk_X509_push (chain, c->pub.signer);
  if ((v1 != NULL && ss == NULL) || (v2 != NULL && ssv2 == NULL)
      || OSSL_ESS_check_signing_certs (ss, ssv2, chain, 1) <= 0)
    problem (&c->pub, _("The signed reference to the signer’s certificate does not match the "
                        "certificate in the signature: the certificate was replaced."));
  sk_X509_free (chain);
  ESS_SIGNING_CERT_free (ss);
  ESS_SIGNING_CERT_V2_free (ssv2);
  ERR_clear_error ();
}

static void
read_signed_attrs (Check          *c,
                   CMS_SignerInfo *si)
{
  ASN1_OBJECT *content_type;
  ASN1_OCTET_STRING *md;
  ASN1_TYPE *time_value;
  int loc;

  if (CMS_signed_get_attr_count (si) <= 0)
    {
      c->pub.unsupported = TRUE;
      problem (&c->pub, _("The signature has no signed attributes; such signatures are not "
                          "supported."));
      return;
    }
  c->signed_attrs = encode_signed_attrs (si);
  if (c->signed_attrs == NULL)
    problem (&c->pub, _("The signed attributes cannot be read."));

  /* -3: exactly one such attribute, as RFC 5652 11 requires. */
  content_type = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_pkcs9_contentType), -3,
                                              V_ASN1_OBJECT);
  if (content_type == NULL)
    problem (&c->pub, _("The content-type attribute is missing or repeated."));
  else
    {
      g_autofree char *text = oid_text (content_type);

      if (g_strcmp0 (text, c->pub.content_type) != 0)
        problem (&c->pub, _("The content-type attribute (%s) differs from the signed content’s "
                            "type (%s)."), text, c->pub.content_type);
    }
  md = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_pkcs9_messageDigest), -3,
                                    V_ASN1_OCTET_STRING);
  if (md == NULL)
    problem (&c->pub, _("The message-digest attribute is missing or repeated."));
  else
    c->pub.message_digest = asn1_string_bytes (md);

  loc = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1);
  if (loc >= 0 && (time_value = X509_ATTRIBUTE_get0_type (CMS_signed_get_attr (si, loc), 0)) != NULL
      && (time_value->type == V_ASN1_UTCTIME || time_value->type == V_ASN1_GENERALIZEDTIME))
    c->pub.signing_time = asn1_time_to_utc (time_value->value.utctime);

  check_signing_certificate (c, si);
  ERR_clear_error ();
}

static void
read_unsigned_attrs (Check          *c,
                     CMS_SignerInfo *si)
{
  int loc = CMS_unsigned_get_attr_by_NID (si, NID_id_smime_aa_timeStampToken, -1);
  ASN1_TYPE *value;

  if (loc < 0)
    return;
  if (CMS_unsigned_get_attr_by_NID (si, NID_id_smime_aa_timeStampToken, loc) >= 0)
    problem (&c->pub, _("The signature holds more than one timestamp attribute."));
  value = X509_ATTRIBUTE_get0_type (CMS_unsigned_get_attr (si, loc), 0);
  /* OpenSSL keeps a SEQUENCE in an ANY as its whole encoding. */
  if (value != NULL && value->type == V_ASN1_SEQUENCE)
    c->pub.timestamp_token = asn1_string_bytes (value->value.sequence);
  else
    problem (&c->pub, _("The timestamp attribute of the signature cannot be read."));
}

static void
find_signer (Check          *c,
             CMS_SignerInfo *si)
{
  for (guint i = 0; i < c->pub.certs->len; i++)
    {
      X509 *cert = c->pub.certs->pdata[i];

      if (CMS_SignerInfo_cert_cmp (si, cert) != 0)
        continue;
      /* NSS puts the signer's certificate in twice: the same one is no ambiguity. */
      if (c->pub.signer != NULL && X509_cmp (c->pub.signer, cert) == 0)
        continue;
      if (c->pub.signer != NULL)
        {
          problem (&c->pub, _("The signature holds two certificates that both claim to be the "
                              "signer’s."));
          return;
        }
      c->pub.signer = cert;
      X509_up_ref (cert);
    }
  if (c->pub.signer == NULL)
    problem (&c->pub, _("The signer’s certificate is not in the signature, so it cannot be "
                        "checked."));
  ERR_clear_error ();
}

SdCmsCheck *
sd_cms_check_new (const guint8  *der,
                  gsize          length,
                  GError       **error)
{
  g_autoptr(CMS_ContentInfo) cms = NULL;
  Check *c;
  STACK_OF(CMS_SignerInfo) *infos;
  STACK_OF(X509) *certs;
  CMS_SignerInfo *si;
  ASN1_OCTET_STRING **content;
  const unsigned char *p = der;
  gsize element = der_element_length (der, length);
  gsize parsed;

  if (length == 0 || length > G_MAXLONG)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                           _("The signature value is empty."));
      return NULL;
    }
  cms = d2i_CMS_ContentInfo (NULL, &p, element ? (long) element : (long) length);
  if (cms == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                           _("The signature value is not a CMS signature: it cannot be read."));
      return NULL;
    }
  if (OBJ_obj2nid (CMS_get0_type (cms)) != NID_pkcs7_signed)
    {
      g_autofree char *type = oid_text (CMS_get0_type (cms));

      g_set_error (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                   g_strcmp0 (type, OID_GM_SIGNED_DATA) == 0
                   ? _("The signature is a GM/T 0010 SignedData (%s), which is not supported.")
                   : _("The signature value is a CMS %s, not a SignedData."), type);
      return NULL;
    }
  infos = CMS_get0_SignerInfos (cms);
  if (sk_CMS_SignerInfo_num (infos) < 1)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                           _("The signature holds no signer."));
      return NULL;
    }

  c = g_new0 (Check, 1);
  c->pub.problems = g_ptr_array_new_with_free_func (g_free);
  c->pub.certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);

  /* Anything after the DER but zero padding is not part of any signature. */
  parsed = p - der;
  for (gsize i = parsed; i < length; i++)
    if (der[i] != 0)
      {
        problem (&c->pub, _("The signature value has %lu bytes of other data after it."),
                 (gulong) (length - parsed));
        break;
      }
  if (sk_CMS_SignerInfo_num (infos) > 1)
    problem (&c->pub, _("The signature holds %d signers; a PDF signature has exactly one."),
             sk_CMS_SignerInfo_num (infos));
  si = sk_CMS_SignerInfo_value (infos, 0);

  c->pub.content_type = oid_text (CMS_get0_eContentType (cms));
  content = CMS_get0_content (cms);
  if (content != NULL && *content != NULL)
    c->pub.content = asn1_string_bytes (*content);

  certs = CMS_get1_certs (cms);
  for (int i = 0; i < sk_X509_num (certs); i++)
    g_ptr_array_add (c->pub.certs, sk_X509_value (certs, i));
  sk_X509_free (certs);

  c->pub.signature = asn1_string_bytes (CMS_SignerInfo_get0_signature (si));
  find_signer (c, si);
  read_algorithms (c, si);
  read_signed_attrs (c, si);
  read_unsigned_attrs (c, si);
  ERR_clear_error ();
  return &c->pub;
}

void
sd_cms_check_verify (SdCmsCheck *check,
                     GBytes     *content_digest)
{
  Check *c = (Check *) check;
  g_autoptr(GError) error = NULL;
  SdKeyType key_type;
  gsize attrs_len;
  const guint8 *attrs;

  check->digest_matches = check->message_digest != NULL && content_digest != NULL
                          && g_bytes_equal (check->message_digest, content_digest);
  if (check->message_digest != NULL && content_digest != NULL && !check->digest_matches)
    problem (check, _("The document’s digest does not match the one that was signed: the signed "
                      "bytes were changed."));

  if (check->signer == NULL || c->signed_attrs == NULL || !c->scheme_known || !check->digest_known)
    return;
  if (!sd_certificate_get_key_info (check->signer, &key_type, NULL, NULL) || key_type != c->family)
    {
      problem (check, _("The signer’s certificate holds a different kind of key than the "
                        "signature algorithm (%s) needs."), check->signature_algorithm);
      return;
    }
  attrs = g_bytes_get_data (c->signed_attrs, &attrs_len);
  if (c->scheme == SD_SIGNATURE_SCHEME_RSA_PSS)
    check->signature_valid = sd_signature_verify_pss (check->signer, check->digest, c->pss_mgf1,
                                                      c->pss_salt, attrs, attrs_len,
                                                      g_bytes_get_data (check->signature, NULL),
                                                      g_bytes_get_size (check->signature), &error);
  else
    check->signature_valid = sd_signature_verify (check->signer, check->digest, c->scheme,
                                                  attrs, attrs_len,
                                                  g_bytes_get_data (check->signature, NULL),
                                                  g_bytes_get_size (check->signature), &error);
  if (!check->signature_valid && g_error_matches (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE))
    problem (check, key_type == SD_KEY_TYPE_SM2
             ? _("The signature does not verify with the signer’s certificate (SM2 with the "
                 "ID 1234567812345678).")
             : _("The signature does not verify with the signer’s certificate."));
  else if (!check->signature_valid)
    problem (check, "%s", error->message);
}

gboolean
sd_cms_check_is_valid (SdCmsCheck *check)
{
  return check->digest_matches && check->signature_valid && !check->unsupported
         && check->problems->len == 0;
}

void
sd_cms_check_free (SdCmsCheck *check)
{
  Check *c = (Check *) check;

  if (check == NULL)
    return;
  X509_free (check->signer);
  g_ptr_array_unref (check->certs);
  g_free (check->digest_name);
  g_free (check->signature_algorithm);
  g_clear_pointer (&check->signature, g_bytes_unref);
  g_clear_pointer (&check->message_digest, g_bytes_unref);
  g_clear_pointer (&check->signing_time, g_date_time_unref);
  g_clear_pointer (&check->timestamp_token, g_bytes_unref);
  g_free (check->content_type);
  g_clear_pointer (&check->content, g_bytes_unref);
  g_ptr_array_unref (check->problems);
  g_clear_pointer (&c->signed_attrs, g_bytes_unref);
  g_free (c);
}
