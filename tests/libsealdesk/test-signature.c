/* test-signature.c: what tokens are given to sign when the host hashes —
 * the RSA DigestInfo and the SM2 e = SM3(Z ‖ M) — checked by signing them
 * raw with OpenSSL and verifying with sd_signature_verify().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-signature.h"
#include "test-keys.h"

static const char message[] = "合同第一页的签名属性";

static EVP_PKEY *
load_key (const char *name)
{
  g_autoptr(BIO) bio = BIO_new_file (test_keys_path (name), "r");
  EVP_PKEY *key = bio != NULL ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;

  g_assert_nonnull (key);
  return key;
}

/* A raw private-key operation, as a token does it on what it is given. */
static GBytes *
raw_sign (EVP_PKEY *key,
          GBytes   *input,
          gboolean  rsa)
{
  g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new (key, NULL);
  guint8 out[1024];
  size_t out_length = sizeof out;

  g_assert_nonnull (ctx);
  g_assert_cmpint (EVP_PKEY_sign_init (ctx), ==, 1);
  if (rsa)
    g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING), ==, 1);
  g_assert_cmpint (EVP_PKEY_sign (ctx, out, &out_length, g_bytes_get_data (input, NULL),
                                  g_bytes_get_size (input)), ==, 1);
  return g_bytes_new (out, out_length);
}

static void
test_rsa_digest_info (void)
{
  /* RFC 8017 9.2, note 1: the DER prefix for SHA-256 */
  static const guint8 prefix[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                   0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
  const SdDigestAlgorithm digests[] = { SD_DIGEST_SHA256, SD_DIGEST_SHA384, SD_DIGEST_SHA512 };
  g_autoptr(EVP_PKEY) key = load_key ("rsa.key");
  g_autoptr(X509) cert = sd_certificate_load_file (test_keys_path ("rsa.crt"), NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cert);
  for (guint i = 0; i < G_N_ELEMENTS (digests); i++)
    {
      g_autoptr(GBytes) hash = sd_digest_compute (digests[i], (const guint8 *) message,
                                                  strlen (message), &error);
      g_autoptr(GBytes) info = NULL;
      g_autoptr(GBytes) signature = NULL;
      gsize info_length = 0;
      const guint8 *info_data;

      g_assert_no_error (error);
      info = sd_signature_rsa_digest_info (digests[i], g_bytes_get_data (hash, NULL),
                                           g_bytes_get_size (hash), &error);
      g_assert_no_error (error);
      info_data = g_bytes_get_data (info, &info_length);
      g_assert_cmpuint (info_length, ==, 19 + g_bytes_get_size (hash));
      if (digests[i] == SD_DIGEST_SHA256)
        g_assert_cmpmem (info_data, sizeof prefix, prefix, sizeof prefix);
      g_assert_cmpmem (info_data + 19, info_length - 19, g_bytes_get_data (hash, NULL),
                       g_bytes_get_size (hash));

      signature = raw_sign (key, info, TRUE);
      g_assert_true (sd_signature_verify (cert, digests[i], SD_SIGNATURE_SCHEME_DEFAULT,
                                          (const guint8 *) message, strlen (message),
                                          g_bytes_get_data (signature, NULL),
                                          g_bytes_get_size (signature), &error));
      g_assert_no_error (error);
    }

  /* A hash of the wrong size is refused, not signed. */
  g_assert_null (sd_signature_rsa_digest_info (SD_DIGEST_SHA256, (const guint8 *) message, 20,
                                               &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
}

static void
test_sm2_digest (void)
{
  g_autoptr(EVP_PKEY) key = load_key ("sm2.key");
  g_autoptr(X509) cert = sd_certificate_load_file (test_keys_path ("sm2.crt"), NULL);
  g_autoptr(X509) rsa_cert = sd_certificate_load_file (test_keys_path ("rsa.crt"), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) e = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) plain = NULL;

  g_assert_nonnull (cert);
  e = sd_signature_sm2_digest (cert, (const guint8 *) message, strlen (message), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (e), ==, 32);

  /* Signing e raw gives a signature OpenSSL accepts as SM2-with-SM3 over
   * the message with the GM ID: Z was computed the way verifiers do. */
  signature = raw_sign (key, e, FALSE);
  g_assert_true (sd_signature_verify (cert, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT,
                                      (const guint8 *) message, strlen (message),
                                      g_bytes_get_data (signature, NULL),
                                      g_bytes_get_size (signature), &error));
  g_assert_no_error (error);

  /* Without Z (a plain SM3 of the message) it must not verify. */
  plain = sd_digest_compute (SD_DIGEST_SM3, (const guint8 *) message, strlen (message), &error);
  g_assert_no_error (error);
  g_clear_pointer (&signature, g_bytes_unref);
  signature = raw_sign (key, plain, FALSE);
  g_assert_false (sd_signature_verify (cert, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT,
                                       (const guint8 *) message, strlen (message),
                                       g_bytes_get_data (signature, NULL),
                                       g_bytes_get_size (signature), &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  g_assert_nonnull (rsa_cert);
  g_assert_null (sd_signature_sm2_digest (rsa_cert, (const guint8 *) message, 3, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!test_keys_available ())
    {
      g_test_skip ("the openssl tool is not installed");
      return 77;
    }
  g_test_add_func ("/signature/rsa-digest-info", test_rsa_digest_info);
  g_test_add_func ("/signature/sm2-digest", test_sm2_digest);
  status = g_test_run ();
  test_keys_cleanup ();
  return status;
}
