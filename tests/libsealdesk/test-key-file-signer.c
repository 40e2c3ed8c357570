/* test-key-file-signer.c: loading keys, signing, certificates and secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-der.h"
#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-openssl.h"
#include "sd-secure.h"

#include "test-keys.h"

static const char document[] = "%PDF-1.7 pretend this is a document to sign";

#define REQUIRE_OPENSSL()                          \
  G_STMT_START                                     \
  {                                                \
    if (!test_keys_available ())                   \
      {                                            \
        g_test_skip ("the openssl tool is missing"); \
        return;                                    \
      }                                            \
  }                                                \
  G_STMT_END

static SdSigner *
load_pem (const char *name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autoptr(GError) error = NULL;
  SdSigner *signer;

  signer = sd_key_file_signer_new_from_pem (test_keys_path (key), NULL, test_keys_path (crt),
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signer);
  return signer;
}

static X509 *
signer_cert (SdSigner *signer)
{
  g_autoptr(GBytes) der = sd_signer_get_certificate (signer);
  g_autoptr(GError) error = NULL;
  X509 *cert = sd_certificate_parse (der, &error);

  g_assert_no_error (error);
  return cert;
}

static char *
cert_cn (GBytes *der)
{
  g_autoptr(X509) cert = sd_certificate_parse (der, NULL);

  g_assert_nonnull (cert);
  return sd_certificate_get_common_name (cert);
}

/* Verifies independently of the library's own code paths. */
static gboolean
verify (SdSigner          *signer,
        SdDigestAlgorithm  digest,
        SdSignatureScheme  scheme,
        GBytes            *data,
        GBytes            *signature,
        gboolean           with_sm2_id)
{
  g_autoptr(X509) cert = signer_cert (signer);
  g_autoptr(EVP_MD_CTX) mctx = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  const EVP_MD *md = sd_digest_get_md (digest);
  gsize dlen = 0, slen = 0;
  const guint8 *d = g_bytes_get_data (data, &dlen);
  const guint8 *s = g_bytes_get_data (signature, &slen);
  int rc;

  g_assert_cmpint (EVP_DigestVerifyInit (mctx, &pctx, md, NULL, X509_get0_pubkey (cert)), ==, 1);
  if (with_sm2_id)
    g_assert_cmpint (EVP_PKEY_CTX_set1_id (pctx, "1234567812345678", 16), ==, 1);
  if (scheme == SD_SIGNATURE_SCHEME_RSA_PSS)
    {
      g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING), ==, 1);
      g_assert_cmpint (EVP_PKEY_CTX_set_rsa_mgf1_md (pctx, md), ==, 1);
      /* The salt must be exactly the digest length */
      g_assert_cmpint (EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, (int) EVP_MD_get_size (md)), ==, 1);
    }
  rc = EVP_DigestVerify (mctx, s, slen, d, dlen);
  sd_openssl_clear_error ();
  return rc == 1;
}

static GBytes *
sign (SdSigner          *signer,
      SdDigestAlgorithm  digest,
      SdSignatureScheme  scheme)
{
  g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
  g_autoptr(GError) error = NULL;
  GBytes *signature;

  signature = sd_signer_sign (signer, digest, scheme, data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signature);
  g_assert_true (verify (signer, digest, scheme, data, signature, FALSE)
                 || verify (signer, digest, scheme, data, signature, TRUE));
  return signature;
}

static void
test_sign_rsa (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
  g_autoptr(GBytes) sig1 = NULL;
  g_autoptr(GBytes) sig2 = NULL;
  g_autoptr(GBytes) pss1 = NULL;
  g_autoptr(GBytes) pss2 = NULL;
  SdDigestAlgorithm digests[] = { SD_DIGEST_SHA256, SD_DIGEST_SHA384, SD_DIGEST_SHA512 };

  REQUIRE_OPENSSL ();
  signer = load_pem ("rsa");
  g_assert_cmpint (sd_signer_get_key_type (signer), ==, SD_KEY_TYPE_RSA);
  g_assert_cmpuint (sd_signer_get_key_bits (signer), ==, 2048);

  for (guint i = 0; i < G_N_ELEMENTS (digests); i++)
    {
      g_autoptr(GBytes) a = sign (signer, digests[i], SD_SIGNATURE_SCHEME_DEFAULT);
      g_autoptr(GBytes) b = sign (signer, digests[i], SD_SIGNATURE_SCHEME_RSA_PSS);

      g_assert_cmpuint (g_bytes_get_size (a), ==, 256);
      g_assert_cmpuint (g_bytes_get_size (b), ==, 256);
      g_assert_true (verify (signer, digests[i], SD_SIGNATURE_SCHEME_DEFAULT, data, a, FALSE));
      g_assert_true (verify (signer, digests[i], SD_SIGNATURE_SCHEME_RSA_PSS, data, b, FALSE));
      /* PKCS#1 v1.5 is not PSS */
      g_assert_false (verify (signer, digests[i], SD_SIGNATURE_SCHEME_RSA_PSS, data, a, FALSE));
    }

  /* PKCS#1 v1.5 is deterministic, PSS is salted */
  sig1 = sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  sig2 = sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_true (g_bytes_equal (sig1, sig2));
  pss1 = sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_RSA_PSS);
  pss2 = sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_RSA_PSS);
  g_assert_false (g_bytes_equal (pss1, pss2));
}

static void
test_sign_ecdsa (void)
{
  g_autoptr(SdSigner) p256 = NULL;
  g_autoptr(SdSigner) p384 = NULL;
  g_autoptr(SdSigner) trad = NULL;
  g_autoptr(GBytes) s1 = NULL;
  g_autoptr(GBytes) s2 = NULL;
  g_autoptr(GBytes) s3 = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *der;

  REQUIRE_OPENSSL ();
  p256 = load_pem ("p256");
  p384 = load_pem ("p384");
  g_assert_cmpint (sd_signer_get_key_type (p256), ==, SD_KEY_TYPE_EC);
  g_assert_cmpuint (sd_signer_get_key_bits (p256), ==, 256);
  g_assert_cmpint (sd_signer_get_key_type (p384), ==, SD_KEY_TYPE_EC);
  g_assert_cmpuint (sd_signer_get_key_bits (p384), ==, 384);

  s1 = sign (p256, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  s2 = sign (p384, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT);
  /* DER Ecdsa-Sig-Value: a SEQUENCE */
  der = g_bytes_get_data (s1, NULL);
  g_assert_cmphex (der[0], ==, 0x30);
  g_assert_cmpuint (g_bytes_get_size (s1), <=, 72);
  g_assert_cmpuint (g_bytes_get_size (s2), <=, 104);

  /* A traditional "EC PRIVATE KEY" file works the same */
  trad = sd_key_file_signer_new_from_pem (test_keys_path ("p256-trad.key"), NULL,
                                          test_keys_path ("p256.crt"), NULL, &error);
  g_assert_no_error (error);
  s3 = sign (trad, SD_DIGEST_SHA512, SD_SIGNATURE_SCHEME_DEFAULT);
}

static void
test_sign_sm2 (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *pub_path = NULL;

  REQUIRE_OPENSSL ();
  signer = load_pem ("sm2");
  g_assert_cmpint (sd_signer_get_key_type (signer), ==, SD_KEY_TYPE_SM2);
  g_assert_cmpuint (sd_signer_get_key_bits (signer), ==, 256);

  signature = sd_signer_sign (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                              &error);
  g_assert_no_error (error);
  /* Made with the GM/T 0009 ID, so it verifies with it and not without */
  g_assert_true (verify (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, signature,
                         TRUE));
  g_assert_false (verify (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, signature,
                          FALSE));

  /* And the openssl tool agrees */
  sig_path = g_strconcat (test_keys_path ("sm2.key"), ".sig", NULL);
  data_path = g_strconcat (test_keys_path ("sm2.key"), ".data", NULL);
  pub_path = g_strconcat (test_keys_path ("sm2.key"), ".pub", NULL);
  g_assert_true (g_file_set_contents (sig_path, g_bytes_get_data (signature, NULL),
                                      (gssize) g_bytes_get_size (signature), NULL));
  g_assert_true (g_file_set_contents (data_path, document, -1, NULL));
  g_assert_true (test_keys_openssl (&error, "x509", "-in", test_keys_path ("sm2.crt"), "-pubkey",
                                    "-noout", "-out", pub_path, NULL));
  g_assert_no_error (error);
  g_assert_true (test_keys_openssl (&error, "pkeyutl", "-verify", "-pubin", "-inkey", pub_path,
                                    "-rawin", "-digest", "sm3", "-in", data_path, "-sigfile",
                                    sig_path, "-pkeyopt", "distid:1234567812345678", NULL));
  g_assert_no_error (error);
  g_unlink (sig_path);
  g_unlink (data_path);
  g_unlink (pub_path);
}

/* Writes the SM2 key as OpenSSL 1.1.1 and GmSSL do: an RFC 5915 "EC PRIVATE
 * KEY" on the SM2 curve (OpenSSL 3.0 itself cannot write one). */
static char *
write_ec_sm2_key (void)
{
  g_autoptr(BIO) in = BIO_new_file (test_keys_path ("sm2.key"), "r");
  g_autoptr(EVP_PKEY) sm2 = PEM_read_bio_PrivateKey (in, NULL, NULL, NULL);
  g_autoptr(GByteArray) der = g_byte_array_new ();
  g_autofree char *b64 = NULL;
  g_autofree char *pem = NULL;
  guint8 priv[32];
  guint8 pub[1 + 65];
  size_t pub_length = 0;
  BIGNUM *bn = NULL;
  gsize seq, tag;
  char *path = g_strconcat (test_keys_path ("sm2.key"), ".ec", NULL);

  g_assert_nonnull (sm2);
  g_assert_cmpint (EVP_PKEY_get_bn_param (sm2, "priv", &bn), ==, 1);
  g_assert_cmpint (BN_bn2binpad (bn, priv, sizeof priv), ==, 32);
  BN_clear_free (bn);
  pub[0] = 0;  /* BIT STRING: no unused bits */
  g_assert_cmpint (EVP_PKEY_get_octet_string_param (sm2, "pub", pub + 1, sizeof pub - 1,
                                                    &pub_length), ==, 1);

  seq = sd_der_begin (der, SD_DER_SEQUENCE);
  sd_der_add_integer (der, 1);
  sd_der_add_octet_string (der, priv, sizeof priv);
  tag = sd_der_begin (der, SD_DER_CONTEXT (0));
  g_assert_true (sd_der_add_oid (der, "1.2.156.10197.1.301"));
  sd_der_end (der, tag);
  tag = sd_der_begin (der, SD_DER_CONTEXT (1));
  sd_der_add_tlv (der, SD_DER_BIT_STRING, pub, pub_length + 1);
  sd_der_end (der, tag);
  sd_der_end (der, seq);

  b64 = g_base64_encode (der->data, der->len);
  pem = g_strdup_printf ("-----BEGIN EC PRIVATE KEY-----\n%s\n-----END EC PRIVATE KEY-----\n",
                         b64);
  g_assert_true (g_file_set_contents (path, pem, -1, NULL));
  return path;
}

static void
test_sm2_key_forms (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ec_path = NULL;
  SdSigner *signers[3];

  REQUIRE_OPENSSL ();
  ec_path = write_ec_sm2_key ();

  signers[0] = sd_key_file_signer_new_from_pem (test_keys_path ("sm2-trad.key"), NULL,
                                                test_keys_path ("sm2.crt"), NULL, &error);
  g_assert_no_error (error);
  signers[1] = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("sm2.p12"), TEST_PASSWORD,
                                                   &error);
  g_assert_no_error (error);
  signers[2] = sd_key_file_signer_new_from_pem (ec_path, NULL, test_keys_path ("sm2.crt"), NULL,
                                                &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (signers); i++)
    {
      g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
      g_autoptr(GBytes) signature = NULL;

      g_assert_cmpint (sd_signer_get_key_type (signers[i]), ==, SD_KEY_TYPE_SM2);
      signature = sd_signer_sign (signers[i], SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data,
                                  NULL, &error);
      g_assert_no_error (error);
      g_assert_true (verify (signers[i], SD_DIGEST_SM3, 0, data, signature, TRUE));
      g_object_unref (signers[i]);
    }
  g_unlink (ec_path);
}

static void
test_refused_combinations (void)
{
  g_autoptr(SdSigner) sm2 = NULL;
  g_autoptr(SdSigner) ec = NULL;
  g_autoptr(SdSigner) rsa = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
  struct
  {
    SdSigner          *signer;
    SdDigestAlgorithm  digest;
    SdSignatureScheme  scheme;
  } cases[3];

  REQUIRE_OPENSSL ();
  sm2 = load_pem ("sm2");
  ec = load_pem ("p256");
  rsa = load_pem ("rsa");
  cases[0].signer = sm2, cases[0].digest = SD_DIGEST_SHA256, cases[0].scheme = 0;
  cases[1].signer = ec, cases[1].digest = SD_DIGEST_SM3, cases[1].scheme = 0;
  cases[2].signer = ec, cases[2].digest = SD_DIGEST_SHA256;
  cases[2].scheme = SD_SIGNATURE_SCHEME_RSA_PSS;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) sig = sd_signer_sign (cases[i].signer, cases[i].digest,
                                              cases[i].scheme, data, NULL, &error);

      g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
      g_assert_null (sig);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) sig = sd_signer_sign (rsa, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT,
                                            data, NULL, &error);

    g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
    g_assert_null (sig);
  }
}

/* sd_signer_sign signs a key in memory in the calling thread: a cancel
 * seen before is an error, a signature is still a signature after. */
static void
test_sign_cancelled (void)
{
  g_autoptr(SdSigner) rsa = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GBytes) again = NULL;

  REQUIRE_OPENSSL ();
  rsa = load_pem ("rsa");
  sig = sd_signer_sign (rsa, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data, cancellable,
                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 256);

  g_cancellable_cancel (cancellable);
  again = sd_signer_sign (rsa, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data, cancellable,
                          &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (again);
}

static gpointer
sign_thread (gpointer user_data)
{
  SdSigner *signer = user_data;

  return sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_sign_threads_and_async (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static (document, strlen (document));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) async_sig = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cancelled = NULL;
  GThread *threads[4];

  REQUIRE_OPENSSL ();
  signer = load_pem ("p256");

  /* The synchronous call from several worker threads at once */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("signer", sign_thread, signer);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_bytes_unref (g_thread_join (threads[i]));

  /* The asynchronous call on the main context */
  sd_signer_sign_async (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                        async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  async_sig = sd_signer_sign_finish (signer, result, &error);
  g_assert_no_error (error);
  g_assert_true (verify (signer, SD_DIGEST_SHA256, 0, data, async_sig, FALSE));

  /* Cancelled before it starts */
  g_cancellable_cancel (cancellable);
  cancelled = sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data,
                              cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

static void
test_pkcs12 (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(SdSigner) legacy = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *cn0 = NULL;
  g_autofree char *cn1 = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GBytes) sig = NULL;

  REQUIRE_OPENSSL ();
  signer = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf.p12"), TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (SD_IS_KEY_FILE_SIGNER (signer));

  cert = sd_signer_get_certificate (signer);
  cn = cert_cn (cert);
  g_assert_cmpstr (cn, ==, "Leaf Signer");

  /* chain.pem has root first; the signer orders it signer → root */
  chain = sd_signer_get_chain (signer);
  g_assert_cmpuint (chain->len, ==, 2);
  cn0 = cert_cn (g_ptr_array_index (chain, 0));
  cn1 = cert_cn (g_ptr_array_index (chain, 1));
  g_assert_cmpstr (cn0, ==, "SealDesk Test Intermediate CA");
  g_assert_cmpstr (cn1, ==, "SealDesk Test Root CA");

  sig = sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);

  /* RC2/3DES files from older tools need OpenSSL's legacy provider */
  legacy = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf-legacy.p12"), TEST_PASSWORD,
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (legacy);
}

static void
test_pkcs12_bad_password (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(SdSigner) no_password = NULL;
  g_autoptr(SdSigner) not_p12 = NULL;
  g_autoptr(GError) error = NULL;

  REQUIRE_OPENSSL ();
  signer = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf.p12"), "wrong", &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_null (signer);
  g_assert_nonnull (strstr (error->message, "leaf.p12"));
  g_clear_error (&error);

  no_password = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf.p12"), NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_null (no_password);
  g_clear_error (&error);

  not_p12 = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf.crt"), TEST_PASSWORD,
                                                &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_null (not_p12);
  g_clear_error (&error);

  g_assert_null (sd_key_file_signer_new_from_pkcs12 (test_keys_path ("missing.p12"), "x",
                                                     &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_IO);
}

/* Opened in a worker thread: the signer, or the wrong password's error */
static void
test_pkcs12_async (void)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(SdSigner) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autofree char *cn = NULL;

  REQUIRE_OPENSSL ();
  sd_key_file_signer_new_from_pkcs12_async (test_keys_path ("leaf.p12"), TEST_PASSWORD, NULL,
                                            async_cb, &opened);
  sd_key_file_signer_new_from_pkcs12_async (test_keys_path ("leaf.p12"), "wrong", NULL, async_cb,
                                            &refused);
  while (opened == NULL || refused == NULL)
    g_main_context_iteration (NULL, TRUE);

  signer = sd_key_file_signer_new_from_pkcs12_finish (opened, &error);
  g_assert_no_error (error);
  cert = sd_signer_get_certificate (signer);
  cn = cert_cn (cert);
  g_assert_cmpstr (cn, ==, "Leaf Signer");
  none = sd_key_file_signer_new_from_pkcs12_finish (refused, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_null (none);
}

static void
test_pem_chain (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cn0 = NULL;
  g_autofree char *cn1 = NULL;
  g_autoptr(GBytes) sig = NULL;

  REQUIRE_OPENSSL ();
  signer = sd_key_file_signer_new_from_pem (test_keys_path ("leaf-enc.key"), TEST_PASSWORD,
                                            test_keys_path ("leaf.crt"),
                                            test_keys_path ("chain.pem"), &error);
  g_assert_no_error (error);
  chain = sd_signer_get_chain (signer);
  g_assert_cmpuint (chain->len, ==, 2);
  cn0 = cert_cn (g_ptr_array_index (chain, 0));
  cn1 = cert_cn (g_ptr_array_index (chain, 1));
  g_assert_cmpstr (cn0, ==, "SealDesk Test Intermediate CA");
  g_assert_cmpstr (cn1, ==, "SealDesk Test Root CA");
  sig = sign (signer, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_RSA_PSS);
}

static void
test_pem_errors (void)
{
  g_autoptr(GError) error = NULL;
  SdSigner *signer;

  REQUIRE_OPENSSL ();

  /* Encrypted key: wrong password, and no password */
  signer = sd_key_file_signer_new_from_pem (test_keys_path ("leaf-enc.key"), "wrong",
                                            test_keys_path ("leaf.crt"), NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_null (signer);
  g_clear_error (&error);

  signer = sd_key_file_signer_new_from_pem (test_keys_path ("leaf-enc.key"), NULL,
                                            test_keys_path ("leaf.crt"), NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_null (signer);
  g_clear_error (&error);

  /* A key with somebody else's certificate: same type, and different type */
  signer = sd_key_file_signer_new_from_pem (test_keys_path ("rsa.key"), NULL,
                                            test_keys_path ("leaf.crt"), NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_nonnull (strstr (error->message, "does not belong"));
  g_assert_null (signer);
  g_clear_error (&error);

  signer = sd_key_file_signer_new_from_pem (test_keys_path ("rsa.key"), NULL,
                                            test_keys_path ("sm2.crt"), NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_null (signer);
  g_clear_error (&error);

  /* Files swapped */
  signer = sd_key_file_signer_new_from_pem (test_keys_path ("rsa.crt"), NULL,
                                            test_keys_path ("rsa.key"), NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_null (signer);
}

static void
test_certificate_info (void)
{
  g_autoptr(X509) rsa = sd_certificate_load_file (test_keys_path ("rsa.crt"), NULL);
  g_autoptr(X509) leaf = NULL;
  g_autoptr(X509) root = NULL;
  g_autoptr(X509) sm2 = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *org = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GBytes) serial_der = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) later = NULL;
  SdKeyType type;
  guint bits;

  REQUIRE_OPENSSL ();
  g_assert_nonnull (rsa);
  leaf = sd_certificate_load_file (test_keys_path ("leaf.crt"), NULL);
  root = sd_certificate_load_file (test_keys_path ("root.crt"), NULL);
  sm2 = sd_certificate_load_file (test_keys_path ("sm2.crt"), NULL);

  cn = sd_certificate_get_common_name (rsa);
  org = sd_certificate_get_organization (rsa);
  subject = sd_certificate_get_subject_text (rsa);
  g_assert_cmpstr (cn, ==, "RSA Signer");
  g_assert_cmpstr (org, ==, "SealDesk 测试有限公司");
  g_assert_nonnull (strstr (subject, "O=SealDesk 测试有限公司"));

  serial = sd_certificate_get_serial_hex (leaf);
  g_assert_cmpstr (serial, ==, "9234567890ABCDEF01");
  serial_der = sd_certificate_get_serial_der (leaf);
  /* The top bit is set: DER needs a leading zero */
  g_assert_cmpuint (g_bytes_get_size (serial_der), ==, 2 + 10);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (serial_der, NULL))[2], ==, 0x00);

  g_assert_true (sd_certificate_is_signing (leaf));
  g_assert_true (sd_certificate_is_signing (rsa));   /* no keyUsage */
  g_assert_false (sd_certificate_is_signing (root)); /* keyCertSign, cRLSign only */

  g_assert_true (sd_certificate_get_key_info (sm2, &type, &bits, NULL));
  g_assert_cmpint (type, ==, SD_KEY_TYPE_SM2);
  g_assert_cmpuint (bits, ==, 256);

  not_before = sd_certificate_get_not_before (leaf);
  not_after = sd_certificate_get_not_after (leaf);
  g_assert_nonnull (not_before);
  g_assert_cmpint (g_date_time_difference (not_after, not_before) / G_TIME_SPAN_DAY, ==, 30);
  g_assert_true (sd_certificate_is_valid_at (leaf, NULL));
  later = g_date_time_add_days (not_after, 1);
  g_assert_false (sd_certificate_is_valid_at (leaf, later));
}

static char *
pin_cb (SdSigner           *signer,
        const SdPinRequest *request,
        GCancellable       *cancellable,
        gpointer            user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (request->retry)
    return NULL;
  return g_strdup ("123456");
}

static void
count_destroy (gpointer user_data)
{
  guint *calls = user_data;

  *calls += 100;
}

static void
test_pin_callback (void)
{
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GError) error = NULL;
  SdPinRequest request = { "token", "key", 3, FALSE };
  guint calls = 0;
  char *pin;

  REQUIRE_OPENSSL ();
  signer = load_pem ("p256");

  pin = sd_signer_request_pin (signer, &request, NULL, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_null (pin);
  g_clear_error (&error);

  sd_signer_set_pin_callback (signer, pin_cb, &calls, count_destroy);
  pin = sd_signer_request_pin (signer, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pin, ==, "123456");
  sd_secure_free (pin);

  request.retry = TRUE;
  pin = sd_signer_request_pin (signer, &request, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (pin);
  g_assert_cmpuint (calls, ==, 2);

  /* Replacing the callback releases the old one */
  sd_signer_set_pin_callback (signer, NULL, NULL, NULL);
  g_assert_cmpuint (calls, ==, 102);
}

static void
test_secret_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sealdesk-secret-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pw", NULL);
  struct
  {
    const char *contents;
    const char *expected;
  } cases[] = {
    { "secret\n", "secret" },
    { "secret\r\n", "secret" },
    { "secret", "secret" },
    { "pass word \nsecond line\n", "pass word " },
    { "密码\n", "密码" },
    { "\n", NULL },
    { "", NULL },
  };
  g_autoptr(GError) error = NULL;
  SdSecret *missing;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdSecret) secret = NULL;
      g_autoptr(GError) local_error = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      secret = sd_read_secret_file (path, &local_error);
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (local_error);
          g_assert_cmpstr (secret, ==, cases[i].expected);
        }
      else
        {
          g_assert_error (local_error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
          g_assert_null (secret);
        }
    }
  g_unlink (path);

  missing = sd_read_secret_file (path, &error);
  g_assert_error (error, SD_ERROR, SD_ERROR_IO);
  g_assert_null (missing);
  g_clear_error (&error);
  g_rmdir (dir);

  g_setenv ("SEALDESK_TEST_SECRET", "from-env", TRUE);
  {
    g_autoptr(SdSecret) secret = sd_secret_from_env ("SEALDESK_TEST_SECRET", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (secret, ==, "from-env");
  }
  g_unsetenv ("SEALDESK_TEST_SECRET");
  g_assert_null (sd_secret_from_env ("SEALDESK_TEST_SECRET", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "SEALDESK_TEST_SECRET"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/key-file-signer/sign/rsa", test_sign_rsa);
  g_test_add_func ("/key-file-signer/sign/ecdsa", test_sign_ecdsa);
  g_test_add_func ("/key-file-signer/sign/sm2", test_sign_sm2);
  g_test_add_func ("/key-file-signer/sign/sm2-key-forms", test_sm2_key_forms);
  g_test_add_func ("/key-file-signer/sign/refused-combinations", test_refused_combinations);
  g_test_add_func ("/key-file-signer/sign/threads-and-async", test_sign_threads_and_async);
  g_test_add_func ("/key-file-signer/sign/cancelled", test_sign_cancelled);
  g_test_add_func ("/key-file-signer/pkcs12/load", test_pkcs12);
  g_test_add_func ("/key-file-signer/pkcs12/bad-password", test_pkcs12_bad_password);
  g_test_add_func ("/key-file-signer/pkcs12/async", test_pkcs12_async);
  g_test_add_func ("/key-file-signer/pem/chain", test_pem_chain);
  g_test_add_func ("/key-file-signer/pem/errors", test_pem_errors);
  g_test_add_func ("/key-file-signer/pin-callback", test_pin_callback);
  g_test_add_func ("/certificate/info", test_certificate_info);
  g_test_add_func ("/secure/secret-file-and-env", test_secret_file);

  ret = g_test_run ();
  test_keys_cleanup ();
  return ret;
}
