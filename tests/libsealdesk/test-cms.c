/* test-cms.c: the DER writer and detached CMS SignedData, checked with OpenSSL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "sd-certificate.h"
#include "sd-cms.h"
#include "sd-der.h"
#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-openssl.h"

#include "test-keys.h"

static const char document[] =
  "%PDF-1.7\n% the byte ranges of a document would be digested here\n";

#define REQUIRE_OPENSSL()                            \
  G_STMT_START                                       \
  {                                                  \
    if (!test_keys_available ())                     \
      {                                              \
        g_test_skip ("the openssl tool is missing"); \
        return;                                      \
      }                                              \
  }                                                  \
  G_STMT_END

/* DER writer */

static void
assert_bytes (GByteArray *out,
              const char *hex)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < out->len; i++)
    g_string_append_printf (got, "%02x", out->data[i]);
  g_assert_cmpstr (got->str, ==, hex);
  g_byte_array_set_size (out, 0);
}

static void
test_der_primitives (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GDateTime) t2024 = g_date_time_new_utc (2024, 2, 29, 23, 59, 58);
  g_autoptr(GDateTime) t2050 = g_date_time_new_utc (2050, 1, 1, 0, 0, 0);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2024, 3, 1, 7, 59, 58);
  const guint8 magnitude[] = { 0x00, 0x00, 0x80, 0x01 };

  sd_der_add_integer (out, 0);
  assert_bytes (out, "020100");
  sd_der_add_integer (out, 127);
  assert_bytes (out, "02017f");
  sd_der_add_integer (out, 128);
  assert_bytes (out, "02020080");
  sd_der_add_integer (out, 256);
  assert_bytes (out, "02020100");
  sd_der_add_integer (out, -1);
  assert_bytes (out, "0201ff");
  sd_der_add_integer (out, -128);
  assert_bytes (out, "020180");
  sd_der_add_integer (out, -129);
  assert_bytes (out, "0202ff7f");
  sd_der_add_unsigned (out, magnitude, sizeof magnitude);
  assert_bytes (out, "0203008001");
  sd_der_add_unsigned (out, magnitude, 2);
  assert_bytes (out, "020100");

  sd_der_add_null (out);
  assert_bytes (out, "0500");
  g_assert_true (sd_der_add_oid (out, "1.2.840.113549.1.7.2"));
  assert_bytes (out, "06092a864886f70d010702");
  g_assert_true (sd_der_add_oid (out, "1.2.156.10197.1.501"));
  assert_bytes (out, "06082a811ccf55018375");
  g_assert_true (sd_der_add_oid (out, "2.999.3"));
  assert_bytes (out, "0603883703");
  g_assert_false (sd_der_add_oid (out, "1"));
  g_assert_false (sd_der_add_oid (out, "3.1"));
  g_assert_false (sd_der_add_oid (out, "1.40"));
  g_assert_false (sd_der_add_oid (out, "1.2..3"));
  g_assert_false (sd_der_add_oid (out, "1.2.x"));
  g_assert_cmpuint (out->len, ==, 0);

  g_assert_true (sd_der_add_utc_time (out, t2024));
  assert_bytes (out, "170d3234303232393233353935385a");
  sd_der_add_time (out, local);  /* converted to UTC */
  assert_bytes (out, "170d3234303232393233353935385a");
  g_assert_false (sd_der_add_utc_time (out, t2050));
  sd_der_add_time (out, t2050);
  assert_bytes (out, "180f32303530303130313030303030305a");
}

static void
test_der_lengths (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize sizes[] = { 0, 1, 127, 128, 255, 256, 65535, 65536, 100000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *content = g_malloc0 (sizes[i] + 1);
      gsize outer, inner;
      const unsigned char *p;
      long length = 0;
      int tag = 0, klass = 0;

      for (gsize j = 0; j < sizes[i]; j++)
        content[j] = (guint8) j;

      /* Nested values with patched lengths read back with OpenSSL */
      outer = sd_der_begin (out, SD_DER_SEQUENCE);
      inner = sd_der_begin (out, SD_DER_CONTEXT (3));
      sd_der_add_octet_string (out, content, sizes[i]);
      sd_der_end (out, inner);
      sd_der_end (out, outer);

      g_assert_cmpuint (out->len, ==,
                        sd_der_tlv_size (sd_der_tlv_size (sd_der_tlv_size (sizes[i]))));
      p = out->data;
      g_assert_cmpint (ASN1_get_object (&p, &length, &tag, &klass, out->len) & 0x80, ==, 0);
      g_assert_cmpint (tag, ==, V_ASN1_SEQUENCE);
      g_assert_cmpint (ASN1_get_object (&p, &length, &tag, &klass, out->len) & 0x80, ==, 0);
      g_assert_cmpint (klass, ==, V_ASN1_CONTEXT_SPECIFIC);
      g_assert_cmpint (tag, ==, 3);
      g_assert_cmpint (ASN1_get_object (&p, &length, &tag, &klass, out->len) & 0x80, ==, 0);
      g_assert_cmpint (tag, ==, V_ASN1_OCTET_STRING);
      g_assert_cmpint (length, ==, (long) sizes[i]);
      g_assert_true (memcmp (p, content, sizes[i]) == 0);
      g_assert_true (p + length == out->data + out->len);
      g_byte_array_set_size (out, 0);
    }

  sd_der_add_length (out, 200);
  assert_bytes (out, "81c8");
  sd_der_add_length (out, 300);
  assert_bytes (out, "82012c");
}

static void
test_der_set_of (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const guint8 a[] = { 0x04, 0x02, 0xff, 0x00 };
  const guint8 b[] = { 0x04, 0x01, 0x01 };
  const guint8 c[] = { 0x02, 0x01, 0x05 };
  const guint8 p1[] = { 0x01, 0x02 };
  const guint8 p2[] = { 0x01, 0x02, 0x00 };
  const guint8 p3[] = { 0x01, 0x02, 0x01 };

  g_ptr_array_add (elements, g_bytes_new_static (a, sizeof a));
  g_ptr_array_add (elements, g_bytes_new_static (b, sizeof b));
  g_ptr_array_add (elements, g_bytes_new_static (c, sizeof c));
  sd_der_add_set_of (out, elements);
  assert_bytes (out, "310a0201050401010402ff00");

  /* X.690 11.6: the shorter encoding is padded with zeros */
  g_assert_cmpint (sd_der_compare_encodings (p1, 2, p2, 3), ==, 0);
  g_assert_cmpint (sd_der_compare_encodings (p1, 2, p3, 3), <, 0);
  g_assert_cmpint (sd_der_compare_encodings (p3, 3, p1, 2), >, 0);
  g_assert_cmpint (sd_der_compare_encodings (c, 3, b, 3), <, 0);
}

/* CMS */

typedef struct
{
  const char        *name;   /* fixture */
  SdDigestAlgorithm  digest;
  SdSignatureScheme  scheme;
  const char        *signature_oid;
} Case;

static SdSigner *
load_signer (const char *name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autoptr(GError) error = NULL;
  SdSigner *signer;

  signer = sd_key_file_signer_new_from_pem (test_keys_path (key), NULL, test_keys_path (crt),
                                            NULL, &error);
  g_assert_no_error (error);
  return signer;
}

static GBytes *
document_digest (SdDigestAlgorithm digest)
{
  g_autoptr(GError) error = NULL;
  GBytes *md = sd_digest_compute (digest, (const guint8 *) document, strlen (document), &error);

  g_assert_no_error (error);
  return md;
}

static CMS_ContentInfo *
parse_cms (GBytes *der)
{
  gsize length = 0;
  const unsigned char *p = g_bytes_get_data (der, &length);
  CMS_ContentInfo *cms = d2i_CMS_ContentInfo (NULL, &p, (long) length);

  g_assert_nonnull (cms);
  g_assert_true (p == (const unsigned char *) g_bytes_get_data (der, NULL) + length);
  g_assert_cmpint (OBJ_obj2nid (CMS_get0_type (cms)), ==, NID_pkcs7_signed);
  g_assert_cmpint (OBJ_obj2nid (CMS_get0_eContentType (cms)), ==, NID_pkcs7_data);
  g_assert_null (CMS_get0_content (cms) != NULL ? *CMS_get0_content (cms) : NULL);
  return cms;
}

static CMS_SignerInfo *
only_signer_info (CMS_ContentInfo *cms)
{
  STACK_OF (CMS_SignerInfo) *infos = CMS_get0_SignerInfos (cms);

  g_assert_cmpint (sk_CMS_SignerInfo_num (infos), ==, 1);
  return sk_CMS_SignerInfo_value (infos, 0);
}

static char *
oid_text (const ASN1_OBJECT *obj)
{
  char buf[128];

  g_assert_cmpint (OBJ_obj2txt (buf, sizeof buf, obj, 1), >, 0);
  return g_strdup (buf);
}

/* CMS_CADES makes OpenSSL check the ESS signing-certificate-v2 attribute,
 * and with it the signer's certificate path, even with
 * CMS_NO_SIGNER_CERT_VERIFY: the self-signed test certificates trust
 * themselves then. */
static gboolean
cms_verify_cades (CMS_ContentInfo *cms,
                  SdSigner        *signer)
{
  g_autoptr(GBytes) der = sd_signer_get_certificate (signer);
  g_autoptr(X509) cert = sd_certificate_parse (der, NULL);
  g_autoptr(BIO) content = BIO_new_mem_buf (document, (int) strlen (document));
  X509_STORE *store = X509_STORE_new ();
  int ok;

  X509_STORE_add_cert (store, cert);
  ok = CMS_verify (cms, NULL, store, content, NULL, CMS_BINARY | CMS_DETACHED | CMS_CADES);
  if (ok != 1)
    ERR_print_errors_fp (stderr);
  X509_STORE_free (store);
  return ok == 1;
}

static gboolean
cms_verify (CMS_ContentInfo *cms,
            X509_STORE      *store,
            int              flags)
{
  g_autoptr(BIO) content = BIO_new_mem_buf (document, (int) strlen (document));
  int ok = CMS_verify (cms, NULL, store, content, NULL,
                       CMS_BINARY | CMS_DETACHED | flags);

  if (ok != 1)
    ERR_print_errors_fp (stderr);
  return ok == 1;
}

/* The signed attributes exactly as they are in the CMS, found by walking the
 * DER with OpenSSL's primitive parser: ContentInfo / [0] / SignedData /
 * signerInfos / SignerInfo / [0]. */
static GBytes *
raw_signed_attrs (GBytes *der)
{
  gsize total = 0;
  const unsigned char *start = g_bytes_get_data (der, &total);
  const unsigned char *p = start;
  const unsigned char *end = start + total;
  long length;
  int tag, klass;
  g_autoptr(GByteArray) out = g_byte_array_new ();

#define ENTER()                                                                   \
  g_assert_cmpint (ASN1_get_object (&p, &length, &tag, &klass, end - p) & 0x80, ==, 0)
#define SKIP()  \
  G_STMT_START  \
  {             \
    ENTER ();   \
    p += length; \
  }             \
  G_STMT_END

  ENTER ();  /* ContentInfo */
  SKIP ();   /* contentType */
  ENTER ();  /* [0] */
  ENTER ();  /* SignedData */
  SKIP ();   /* version */
  SKIP ();   /* digestAlgorithms */
  SKIP ();   /* encapContentInfo */
  SKIP ();   /* [0] certificates */
  ENTER ();  /* signerInfos */
  g_assert_cmpint (tag, ==, V_ASN1_SET);
  ENTER ();  /* SignerInfo */
  SKIP ();   /* version */
  SKIP ();   /* sid */
  SKIP ();   /* digestAlgorithm */
  {
    const unsigned char *attrs = p;

    ENTER ();
    g_assert_cmpint (klass, ==, V_ASN1_CONTEXT_SPECIFIC);
    g_assert_cmpint (tag, ==, 0);
    g_byte_array_append (out, attrs, (guint) (p + length - attrs));
  }
#undef SKIP
#undef ENTER

  /* What was signed carries the SET tag */
  out->data[0] = 0x31;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* DER order of the attributes, compared independently of sd-der */
static void
assert_attrs_sorted (GBytes *attrs)
{
  gsize total = 0;
  const unsigned char *p = g_bytes_get_data (attrs, &total);
  const unsigned char *end = p + total;
  const unsigned char *prev = NULL;
  long prev_length = 0;
  long length;
  int tag, klass;

  g_assert_cmpint (ASN1_get_object (&p, &length, &tag, &klass, end - p) & 0x80, ==, 0);
  while (p < end)
    {
      const unsigned char *item = p;
      long item_length;

      g_assert_cmpint (ASN1_get_object (&p, &length, &tag, &klass, end - p) & 0x80, ==, 0);
      p += length;
      item_length = p - item;
      if (prev != NULL)
        {
          int cmp = memcmp (prev, item, MIN (prev_length, item_length));

          g_assert_true (cmp < 0 || (cmp == 0 && prev_length <= item_length));
        }
      prev = item;
      prev_length = item_length;
    }
}

static ASN1_STRING *
signed_attr_sequence (CMS_SignerInfo *si,
                      int             nid)
{
  int index = CMS_signed_get_attr_by_NID (si, nid, -1);
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *type;

  if (index < 0)
    return NULL;
  attr = CMS_signed_get_attr (si, index);
  g_assert_cmpint (X509_ATTRIBUTE_count (attr), ==, 1);
  type = X509_ATTRIBUTE_get0_type (attr, 0);
  g_assert_cmpint (type->type, ==, V_ASN1_SEQUENCE);
  return type->value.sequence;
}

static void
check_signing_certificate (CMS_ContentInfo   *cms,
                           CMS_SignerInfo    *si,
                           X509              *cert,
                           SdDigestAlgorithm  digest)
{
  ASN1_STRING *value = signed_attr_sequence (si, NID_id_smime_aa_signingCertificateV2);
  const unsigned char *p;
  STACK_OF (X509) *chain;
  ESS_SIGNING_CERT_V2 *ss;

  g_assert_nonnull (value);
  g_assert_cmpint (CMS_signed_get_attr_by_NID (si, NID_id_smime_aa_signingCertificate, -1), <, 0);

  p = ASN1_STRING_get0_data (value);
  ss = d2i_ESS_SIGNING_CERT_V2 (NULL, &p, ASN1_STRING_length (value));
  g_assert_nonnull (ss);

  /* OpenSSL's own check: the hash and issuerSerial name the signer's cert */
  chain = sk_X509_new_null ();
  sk_X509_push (chain, cert);
  g_assert_cmpint (OSSL_ESS_check_signing_certs (NULL, ss, chain, 1), ==, 1);
  sk_X509_free (chain);

  /* For SHA-2, byte for byte what OpenSSL itself writes (hashAlgorithm left
   * out for the SHA-256 DEFAULT) */
  if (digest != SD_DIGEST_SM3)
    {
      ESS_SIGNING_CERT_V2 *ref;
      unsigned char *ref_der = NULL;
      int ref_length;

      ref = OSSL_ESS_signing_cert_v2_new_init (sd_digest_get_md (digest), cert, NULL, 1);
      ref_length = i2d_ESS_SIGNING_CERT_V2 (ref, &ref_der);
      g_assert_cmpmem (ASN1_STRING_get0_data (value), ASN1_STRING_length (value), ref_der,
                       ref_length);
      OPENSSL_free (ref_der);
      ESS_SIGNING_CERT_V2_free (ref);
    }
  else
    {
      /* SM3 is named, with no parameters: SEQ { SEQ { SEQ { SEQ { OID sm3 } ... */
      static const guint8 sm3_alg[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x81, 0x1c,
                                        0xcf, 0x55, 0x01, 0x83, 0x11 };
      const guint8 *data = ASN1_STRING_get0_data (value);

      g_assert_nonnull (memmem (data, (size_t) ASN1_STRING_length (value), sm3_alg,
                                sizeof sm3_alg));
    }
  ESS_SIGNING_CERT_V2_free (ss);
}

static X509 *
signer_cert (SdSigner *signer)
{
  g_autoptr(GBytes) der = sd_signer_get_certificate (signer);

  return sd_certificate_parse (der, NULL);
}

/* Everything that holds for any flavor and key */
static CMS_ContentInfo *
check_cms (SdSigner          *signer,
           const SdCmsParams *params,
           GBytes            *der,
           const char        *signature_oid)
{
  g_autoptr(CMS_ContentInfo) cms = parse_cms (der);
  g_autoptr(X509) cert = signer_cert (signer);
  g_autoptr(GBytes) md = document_digest (params->digest);
  g_autoptr(GBytes) attrs = raw_signed_attrs (der);
  g_autofree char *sig_oid = NULL;
  g_autofree char *dig_oid = NULL;
  CMS_SignerInfo *si = only_signer_info (cms);
  X509_ALGOR *dig_alg = NULL;
  X509_ALGOR *sig_alg = NULL;
  ASN1_OCTET_STRING *attr_md;
  int signing_time;

  g_assert_cmpint (CMS_SignerInfo_cert_cmp (si, cert), ==, 0);

  CMS_SignerInfo_get0_algs (si, NULL, NULL, &dig_alg, &sig_alg);
  sig_oid = oid_text (sig_alg->algorithm);
  g_assert_cmpstr (sig_oid, ==, signature_oid);
  dig_oid = oid_text (dig_alg->algorithm);
  g_assert_cmpint (OBJ_obj2nid (dig_alg->algorithm), ==,
                   EVP_MD_get_type (sd_digest_get_md (params->digest)));
  /* Digest parameters are absent */
  g_assert_true (dig_alg->parameter == NULL);

  attr_md = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_pkcs9_messageDigest), -3,
                                         V_ASN1_OCTET_STRING);
  g_assert_nonnull (attr_md);
  g_assert_cmpmem (ASN1_STRING_get0_data (attr_md), ASN1_STRING_length (attr_md),
                   g_bytes_get_data (md, NULL), g_bytes_get_size (md));
  g_assert_nonnull (CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_pkcs9_contentType), -3,
                                                 V_ASN1_OBJECT));

  signing_time = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1);
  if (params->flavor == SD_CMS_FLAVOR_CADES)
    {
      g_assert_cmpint (signing_time, <, 0);
      g_assert_cmpint (CMS_signed_get_attr_count (si), ==, 3);
    }
  else
    {
      g_assert_cmpint (signing_time, >=, 0);
      g_assert_cmpint (CMS_signed_get_attr_count (si), ==, 4);
    }

  check_signing_certificate (cms, si, cert, params->digest);
  assert_attrs_sorted (attrs);

  return g_steal_pointer (&cms);
}

static GBytes *
sign_cms (SdSigner          *signer,
          const SdCmsParams *params)
{
  g_autoptr(GBytes) md = document_digest (params->digest);
  g_autoptr(GError) error = NULL;
  GBytes *der = sd_cms_sign (signer, params, md, NULL, &error);
  gsize max;

  g_assert_no_error (error);
  g_assert_nonnull (der);

  max = sd_cms_get_max_size (signer, params, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (der), <=, max);
  g_assert_cmpuint (max - g_bytes_get_size (der), <, 16);
  return der;
}

static void
test_cms_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  SdCmsParams params = { SD_CMS_FLAVOR_CADES, c->digest, c->scheme, NULL };

  REQUIRE_OPENSSL ();
  signer = load_signer (c->name);

  der = sign_cms (signer, &params);
  cms = check_cms (signer, &params, der, c->signature_oid);
  g_assert_true (cms_verify (cms, NULL, CMS_NO_SIGNER_CERT_VERIFY));
  g_assert_true (cms_verify_cades (cms, signer));

  if (params.digest == SD_DIGEST_SHA256 && params.scheme == SD_SIGNATURE_SCHEME_DEFAULT)
    {
      /* A different document must not verify */
      g_autoptr(BIO) other = BIO_new_mem_buf ("tampered", 8);

      g_assert_cmpint (CMS_verify (cms, NULL, NULL, other, NULL,
                                   CMS_BINARY | CMS_DETACHED | CMS_NO_SIGNER_CERT_VERIFY),
                       !=, 1);
      ERR_clear_error ();
    }
}

static void
test_cms_pkcs7_flavor (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2025, 6, 30, 8, 15, 0);
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) der_now = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(CMS_ContentInfo) cms_now = NULL;
  SdCmsParams params = { SD_CMS_FLAVOR_PKCS7, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT,
                         when };
  ASN1_TYPE *time;
  CMS_SignerInfo *si;

  REQUIRE_OPENSSL ();
  signer = load_signer ("rsa");
  der = sign_cms (signer, &params);
  cms = check_cms (signer, &params, der, "1.2.840.113549.1.1.1");
  g_assert_true (cms_verify (cms, NULL, CMS_NO_SIGNER_CERT_VERIFY));

  si = only_signer_info (cms);
  time = X509_ATTRIBUTE_get0_type (
    CMS_signed_get_attr (si, CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1)), 0);
  g_assert_cmpint (time->type, ==, V_ASN1_UTCTIME);
  g_assert_cmpmem (ASN1_STRING_get0_data (time->value.utctime),
                   ASN1_STRING_length (time->value.utctime), "250630081500Z", 13);

  /* Without a time: now, and the size bound still holds (it assumes the
   * longer GeneralizedTime) */
  params.signing_time = NULL;
  der_now = sign_cms (signer, &params);
  cms_now = check_cms (signer, &params, der_now, "1.2.840.113549.1.1.1");
}

static void
test_cms_chain (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(X509) root = NULL;
  g_autoptr(X509) inter = NULL;
  STACK_OF (X509) *certs;
  X509_STORE *store;
  SdCmsParams params = { SD_CMS_FLAVOR_CADES, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_RSA_PSS,
                         NULL };

  REQUIRE_OPENSSL ();
  signer = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf.p12"), TEST_PASSWORD, &error);
  g_assert_no_error (error);

  der = sign_cms (signer, &params);
  cms = check_cms (signer, &params, der, "1.2.840.113549.1.1.10");

  /* signer, intermediate, root in this order */
  certs = CMS_get1_certs (cms);
  g_assert_cmpint (sk_X509_num (certs), ==, 3);
  root = sd_certificate_load_file (test_keys_path ("root.crt"), NULL);
  inter = sd_certificate_load_file (test_keys_path ("inter.crt"), NULL);
  g_assert_cmpint (X509_cmp (sk_X509_value (certs, 1), inter), ==, 0);
  g_assert_cmpint (X509_cmp (sk_X509_value (certs, 2), root), ==, 0);
  sk_X509_pop_free (certs, X509_free);

  /* Full verification, the path built from the certificates in the CMS */
  store = X509_STORE_new ();
  X509_STORE_add_cert (store, root);
  g_assert_true (cms_verify (cms, store, CMS_CADES));
  X509_STORE_free (store);
}

/* SM2: OpenSSL 3.0's CMS_verify cannot use the GM/T 0009 ID, so verify by
 * hand what a Chinese verifier checks. */
static void
test_cms_sm2 (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(GBytes) attrs = NULL;
  g_autoptr(EVP_MD_CTX) mctx = EVP_MD_CTX_new ();
  g_autoptr(EVP_MD_CTX) mctx_no_id = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  ASN1_OCTET_STRING *signature;
  CMS_SignerInfo *si;
  X509_ALGOR *sig_alg = NULL;
  SdCmsParams params = { SD_CMS_FLAVOR_CADES, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, NULL };

  REQUIRE_OPENSSL ();
  signer = load_signer ("sm2");
  cert = signer_cert (signer);

  der = sign_cms (signer, &params);
  cms = check_cms (signer, &params, der, "1.2.156.10197.1.501");
  si = only_signer_info (cms);

  /* SM3withSM2 without parameters */
  CMS_SignerInfo_get0_algs (si, NULL, NULL, NULL, &sig_alg);
  g_assert_true (sig_alg->parameter == NULL);

  attrs = raw_signed_attrs (der);
  signature = CMS_SignerInfo_get0_signature (si);

  g_assert_cmpint (EVP_DigestVerifyInit_ex (mctx, &pctx, "SM3", NULL, NULL,
                                            X509_get0_pubkey (cert), NULL), ==, 1);
  g_assert_cmpint (EVP_PKEY_CTX_set1_id (pctx, "1234567812345678", 16), ==, 1);
  g_assert_cmpint (EVP_DigestVerify (mctx, ASN1_STRING_get0_data (signature),
                                     (size_t) ASN1_STRING_length (signature),
                                     g_bytes_get_data (attrs, NULL), g_bytes_get_size (attrs)),
                   ==, 1);

  /* With OpenSSL's default empty ID it must fail: the ID is really used */
  g_assert_cmpint (EVP_DigestVerifyInit_ex (mctx_no_id, NULL, "SM3", NULL, NULL,
                                            X509_get0_pubkey (cert), NULL), ==, 1);
  g_assert_cmpint (EVP_DigestVerify (mctx_no_id, ASN1_STRING_get0_data (signature),
                                     (size_t) ASN1_STRING_length (signature),
                                     g_bytes_get_data (attrs, NULL), g_bytes_get_size (attrs)),
                   !=, 1);
  ERR_clear_error ();
}

static void
test_cms_size_bound (void)
{
  const char *names[] = { "p256", "p384", "sm2" };
  SdDigestAlgorithm digests[] = { SD_DIGEST_SHA256, SD_DIGEST_SHA384, SD_DIGEST_SM3 };

  REQUIRE_OPENSSL ();

  /* ECDSA and SM2 signatures vary in length; the bound must hold for all. */
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autoptr(SdSigner) signer = load_signer (names[k]);
      g_autoptr(GBytes) md = document_digest (digests[k]);
      SdCmsParams params = { SD_CMS_FLAVOR_CADES, digests[k], SD_SIGNATURE_SCHEME_DEFAULT, NULL };
      g_autoptr(GError) error = NULL;
      gsize max = sd_cms_get_max_size (signer, &params, &error);
      gsize smallest = G_MAXSIZE, largest = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < 64; i++)
        {
          g_autoptr(GBytes) der = sd_cms_sign (signer, &params, md, NULL, &error);
          gsize size;

          g_assert_no_error (error);
          size = g_bytes_get_size (der);
          g_assert_cmpuint (size, <=, max);
          g_assert_cmpuint (max - size, <, 16);
          smallest = MIN (smallest, size);
          largest = MAX (largest, size);
        }
      g_test_message ("%s: max %" G_GSIZE_FORMAT ", sizes %" G_GSIZE_FORMAT "..%" G_GSIZE_FORMAT,
                      names[k], max, smallest, largest);
    }
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gpointer
sign_in_thread (gpointer data)
{
  SdSigner *signer = data;
  g_autoptr(GBytes) md = document_digest (SD_DIGEST_SHA384);
  SdCmsParams params = { SD_CMS_FLAVOR_CADES, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT,
                         NULL };
  g_autoptr(GError) error = NULL;
  GBytes *der = sd_cms_sign (signer, &params, md, NULL, &error);

  g_assert_no_error (error);
  return der;
}

static void
test_cms_async_and_threads (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) md = document_digest (SD_DIGEST_SHA256);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) thread_der = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(CMS_ContentInfo) thread_cms = NULL;
  g_autoptr(GError) error = NULL;
  SdCmsParams params = { SD_CMS_FLAVOR_CADES, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT,
                         NULL };
  SdCmsParams params384 = { SD_CMS_FLAVOR_CADES, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT,
                            NULL };
  GThread *thread;

  REQUIRE_OPENSSL ();
  signer = load_signer ("p256");

  sd_cms_sign_async (signer, &params, md, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  der = sd_cms_sign_finish (result, &error);
  g_assert_no_error (error);
  cms = check_cms (signer, &params, der, "1.2.840.10045.4.3.2");
  g_assert_true (cms_verify_cades (cms, signer));

  thread = g_thread_new ("cms", sign_in_thread, signer);
  thread_der = g_thread_join (thread);
  thread_cms = check_cms (signer, &params384, thread_der, "1.2.840.10045.4.3.3");
  g_assert_true (cms_verify_cades (thread_cms, signer));
}

static void
test_cms_errors (void)
{
  g_autoptr(SdSigner) rsa = NULL;
  g_autoptr(SdSigner) sm2 = NULL;
  g_autoptr(GBytes) md256 = document_digest (SD_DIGEST_SHA256);
  g_autoptr(GBytes) md512 = document_digest (SD_DIGEST_SHA512);
  g_autoptr(GError) error = NULL;
  SdCmsParams params = { SD_CMS_FLAVOR_CADES, SD_DIGEST_SHA512, SD_SIGNATURE_SCHEME_DEFAULT,
                         NULL };
  GBytes *der;

  REQUIRE_OPENSSL ();
  rsa = load_signer ("rsa");
  sm2 = load_signer ("sm2");

  /* The document digest does not fit the algorithm */
  der = sd_cms_sign (rsa, &params, md256, NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_assert_null (der);
  g_clear_error (&error);

  /* SM2 with SHA-512 is refused, by the size query too */
  der = sd_cms_sign (sm2, &params, md512, NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_null (der);
  g_clear_error (&error);
  g_assert_cmpuint (sd_cms_get_max_size (sm2, &params, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_clear_error (&error);

  params.digest = SD_DIGEST_SM3;
  g_assert_cmpuint (sd_cms_get_max_size (rsa, &params, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
}

static const Case cases[] = {
  { "rsa", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, "1.2.840.113549.1.1.1" },
  { "rsa", SD_DIGEST_SHA512, SD_SIGNATURE_SCHEME_DEFAULT, "1.2.840.113549.1.1.1" },
  { "rsa", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_RSA_PSS, "1.2.840.113549.1.1.10" },
  { "rsa", SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_RSA_PSS, "1.2.840.113549.1.1.10" },
  { "p256", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, "1.2.840.10045.4.3.2" },
  { "p384", SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT, "1.2.840.10045.4.3.3" },
  { "p384", SD_DIGEST_SHA512, SD_SIGNATURE_SCHEME_DEFAULT, "1.2.840.10045.4.3.4" },
};

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/der/primitives", test_der_primitives);
  g_test_add_func ("/der/lengths", test_der_lengths);
  g_test_add_func ("/der/set-of", test_der_set_of);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cms/cades/%s-%s%s", cases[i].name,
                                               sd_digest_to_string (cases[i].digest),
                                               cases[i].scheme == SD_SIGNATURE_SCHEME_RSA_PSS
                                                 ? "-pss" : "");

      g_test_add_data_func (path, &cases[i], test_cms_case);
    }
  g_test_add_func ("/cms/pkcs7-flavor", test_cms_pkcs7_flavor);
  g_test_add_func ("/cms/chain", test_cms_chain);
  g_test_add_func ("/cms/sm2", test_cms_sm2);
  g_test_add_func ("/cms/size-bound", test_cms_size_bound);
  g_test_add_func ("/cms/async-and-threads", test_cms_async_and_threads);
  g_test_add_func ("/cms/errors", test_cms_errors);

  ret = g_test_run ();
  test_keys_cleanup ();
  return ret;
}
