/* test-skf.c: SKF (GM/T 0016) tokens and signing, over the software SKF
 * token this project builds (libsdskf-soft.so), set up by the test with
 * sdskf-soft-admin in its own store directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Device SDKEY01, application SealDesk (PIN 5 tries): container 签名容器
 * with an SM2 signing certificate and an SM2 encryption certificate issued
 * by an SM2 test CA (signed with the GM ID), container RSA with an RSA
 * pair.  Device LOCKME has a PIN of 3 tries for the lock test.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-skf-library.h"
#include "sd-skf-signer.h"
#include "sd-token-skf.h"
#include "test-keys.h"
#include "token-test-util.h"

#define USER_PIN "246810"
#define ADMIN_PIN "13579111"
#define GM_ID "distid:1234567812345678"
#define SIGN_CONTAINER "签名容器"

static char *work_dir;
static char *store_dir;
static const char *library_path;
static const char *admin_path;
static GWeakRef last_token;

static char *
work (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

static void
openssl (const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "openssl");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (work_dir, (char **) args->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("openssl %s: %s %s", first, error->message, err != NULL ? err : "");
}

static void
admin (const char *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (gpointer) admin_path);
  g_ptr_array_add (args, (gpointer) "--dir");
  g_ptr_array_add (args, store_dir);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (work_dir, (char **) args->pdata, NULL, 0, NULL, NULL, &out, &err, &status,
                     &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("sdskf-soft-admin %s: %s %s", first, error->message, err != NULL ? err : "");
}

static void
setup_store (void)
{
  g_autofree char *ext = work ("ext.cnf");
  g_autofree char *pin = work ("pin");
  g_autofree char *admin_pin = work ("admin-pin");

  g_assert_true (g_file_set_contents (ext,
                                      "[sign]\nbasicConstraints=CA:FALSE\n"
                                      "keyUsage=critical,digitalSignature,nonRepudiation\n"
                                      "[enc]\nbasicConstraints=CA:FALSE\n"
                                      "keyUsage=critical,keyEncipherment,dataEncipherment,"
                                      "keyAgreement\n", -1, NULL));
  g_assert_true (g_file_set_contents (pin, USER_PIN "\n", -1, NULL));
  g_assert_true (g_file_set_contents (admin_pin, ADMIN_PIN "\n", -1, NULL));

  /* An SM2 test CA issuing a signing and an encryption certificate */
  openssl ("genpkey", "-algorithm", "SM2", "-out", "ca.key", NULL);
  openssl ("req", "-x509", "-new", "-key", "ca.key", "-sm3", "-sigopt", GM_ID, "-subj",
           "/CN=SM2 测试根CA/O=SealDesk", "-utf8", "-days", "30", "-addext",
           "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
           "-out", "ca.crt", NULL);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "sign" : "enc";
      g_autofree char *key = g_strconcat (name, ".key", NULL);
      g_autofree char *csr = g_strconcat (name, ".csr", NULL);
      g_autofree char *crt = g_strconcat (name, ".crt", NULL);
      g_autofree char *serial = g_strdup_printf ("%u", 10 + i);

      openssl ("genpkey", "-algorithm", "SM2", "-out", key, NULL);
      openssl ("req", "-new", "-key", key, "-sm3", "-sigopt", GM_ID, "-subj",
               "/CN=张三/O=某某科技有限公司", "-utf8", "-out", csr, NULL);
      openssl ("x509", "-req", "-in", csr, "-CA", "ca.crt", "-CAkey", "ca.key", "-sm3", "-sigopt",
               GM_ID, "-vfyopt", GM_ID, "-extfile", "ext.cnf", "-extensions", name,
               "-set_serial", serial, "-days", "30", "-out", crt, NULL);
    }

  admin ("init-device", "SDKEY01", "--label", "测试UKey", "--serial", "SD0001", NULL);
  admin ("create-app", "SDKEY01", "SealDesk", "--pin-file", pin, "--admin-pin-file", admin_pin,
         "--retries", "5", NULL);
  admin ("import", "SDKEY01", "SealDesk", SIGN_CONTAINER, "--pin-file", pin, "--sign-key",
         "sign.key", "--sign-cert", "sign.crt", "--enc-key", "enc.key", "--enc-cert", "enc.crt",
         NULL);
  admin ("import", "SDKEY01", "SealDesk", "RSA", "--pin-file", pin, "--sign-key",
         test_keys_path ("rsa.key"), "--sign-cert", test_keys_path ("rsa.crt"), NULL);

  admin ("init-device", "LOCKME", "--label", "Lock me", "--serial", "SD0002", NULL);
  admin ("create-app", "LOCKME", "SealDesk", "--pin-file", pin, "--admin-pin-file", admin_pin,
         "--retries", "3", NULL);
  admin ("import", "LOCKME", "SealDesk", "key", "--pin-file", pin, "--sign-key", "sign.key",
         "--sign-cert", "sign.crt", NULL);
}

static SdSkfLibrary *
load_library (void)
{
  g_autoptr(GError) error = NULL;
  SdSkfLibrary *library = sd_skf_library_load (library_path, &error);

  g_assert_no_error (error);
  return library;
}

/* A token not logged in: the previous test's token (whose last signer a
 * worker thread may release a moment after the test returned) is gone
 * first, so its open application and login go with it. */
static SdToken *
open_token (const char *device)
{
  g_autoptr(SdSkfLibrary) library = load_library ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&last_token);

      if (alive == NULL)
        break;
      g_usleep (10000);
    }
  tokens = sd_token_skf_list (library, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tokens->len; i++)
    if (strcmp (sd_token_skf_get_device_name (g_ptr_array_index (tokens, i)), device) == 0)
      {
        g_weak_ref_set (&last_token, g_ptr_array_index (tokens, i));
        return g_object_ref (g_ptr_array_index (tokens, i));
      }
  g_error ("SKF device %s not listed", device);
  return NULL;
}

static SdSigner *
signer_for (SdToken     *token,
            const char  *container,
            TtPinScript *script)
{
  g_autoptr(GError) error = NULL;
  SdSigner *signer = sd_token_get_signer (token, container, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (SD_IS_SKF_SIGNER (signer));
  sd_signer_set_pin_callback (signer, tt_pin_script_cb, script, NULL);
  return signer;
}

static void
test_load (void)
{
  g_autoptr(SdSkfLibrary) library = load_library ();
  g_autoptr(SdSkfLibrary) again = load_library ();
  g_autoptr(GError) error = NULL;
  const char *not_skf = "/usr/lib/softhsm/libsofthsm2.so";

  g_assert_true (library == again);
  g_assert_nonnull (sd_skf_library_get_functions (library)->SKF_ECCSignData);

  g_assert_null (sd_skf_library_load ("/nonexistent/libskf.so", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Any shared library that is not SKF is refused with what it lacks */
  if (g_file_test (not_skf, G_FILE_TEST_EXISTS))
    {
      g_assert_null (sd_skf_library_load (not_skf, &error));
      g_assert_error (error, SD_ERROR, SD_ERROR_TOKEN);
      g_assert_nonnull (strstr (error->message, "SKF_EnumDev"));
    }
}

static const SdTokenCertificate *
find_listed (GPtrArray   *certs,
             const char  *container,
             SdCertUsage  usage)
{
  for (guint i = 0; i < certs->len; i++)
    {
      const SdTokenCertificate *cert = g_ptr_array_index (certs, i);

      if (strcmp (cert->key_id, container) == 0 && cert->usage == usage)
        return cert;
    }
  g_error ("no certificate %s listed", container);
  return NULL;
}

static void
test_list (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = sd_token_list_certificates (token, NULL, &error);
  const SdTokenCertificate *cert;

  g_assert_no_error (error);
  g_assert_cmpint (sd_token_get_kind (token), ==, SD_TOKEN_KIND_SKF);
  g_assert_cmpstr (sd_token_get_label (token), ==, "测试UKey");
  g_assert_cmpstr (sd_token_get_serial (token), ==, "SD0001");
  g_assert_cmpstr (sd_token_get_model (token), ==, "SealDesk");
  g_assert_cmpint (sd_token_get_pin_tries_left (token), ==, 5);
  g_assert_true (g_str_has_prefix (sd_token_get_uri (token), "skf:library="));
  g_assert_cmpuint (certs->len, ==, 3);

  cert = find_listed (certs, SIGN_CONTAINER, SD_CERT_USAGE_SIGNING);
  g_assert_true (cert->can_sign);
  g_assert_cmpint (cert->key_type, ==, SD_KEY_TYPE_SM2);
  g_assert_cmpstr (cert->common_name, ==, "张三");
  g_assert_nonnull (strstr (cert->uri, "usage=sign"));

  /* The encryption certificate is listed, not offered, with the reason */
  cert = find_listed (certs, SIGN_CONTAINER, SD_CERT_USAGE_ENCRYPTION);
  g_assert_false (cert->can_sign);
  g_assert_nonnull (cert->reason);
  g_assert_nonnull (strstr (cert->uri, "usage=encrypt"));

  cert = find_listed (certs, "RSA", SD_CERT_USAGE_SIGNING);
  g_assert_cmpint (cert->key_type, ==, SD_KEY_TYPE_RSA);
  g_assert_true (cert->can_sign);
}

static void
test_sign_pdf_sm2 (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, SIGN_CONTAINER, &script);
  g_autoptr(GBytes) cert_der = sd_signer_get_certificate (signer);
  g_autofree char *sign_crt = work ("sign.crt");
  g_autoptr(X509) expected = sd_certificate_load_file (sign_crt, NULL);
  g_autoptr(GBytes) expected_der = sd_certificate_to_der (expected, NULL);
  g_autofree char *pdf = NULL;

  /* The signing certificate, never the encryption one of the same container */
  g_assert_true (g_bytes_equal (cert_der, expected_der));

  /* sd_pdf_sign_file's CMS path checks the signature against the
   * certificate (SM2 with the GM ID) before embedding it */
  pdf = tt_sign_pdf (signer, work_dir, "sm2.pdf", SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_signs (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 1);
}

/* The signature checked by the openssl tool with the GM ID */
static void
test_sm2_openssl (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, SIGN_CONTAINER, &script);
  static const char message[] = "要签名的内容";
  g_autoptr(GBytes) data = g_bytes_new_static (message, strlen (message));
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_path = work ("message.bin");
  g_autofree char *sig_path = work ("message.sig");

  signature = sd_signer_sign (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                              &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (data_path, message, -1, NULL));
  g_assert_true (g_file_set_contents (sig_path, g_bytes_get_data (signature, NULL),
                                      (gssize) g_bytes_get_size (signature), NULL));
  openssl ("x509", "-in", "sign.crt", "-pubkey", "-noout", "-out", "sign.pub", NULL);
  openssl ("pkeyutl", "-verify", "-pubin", "-inkey", "sign.pub", "-rawin", "-digest", "sm3",
           "-pkeyopt", GM_ID, "-in", "message.bin", "-sigfile", "message.sig", NULL);
}

static void
test_sign_pdf_rsa (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "RSA", &script);
  g_autofree char *pdf = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;

  pdf = tt_sign_pdf (signer, work_dir, "skf-rsa.pdf", SD_DIGEST_SHA256,
                     SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (pdf);
  tt_assert_signs (signer, SD_DIGEST_SHA512, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 1);

  /* SKF has no PSS */
  g_assert_null (sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_RSA_PSS, data,
                                 NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
}

static void
test_encryption_not_offered (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  g_autoptr(GError) error = NULL;

  /* Two signing certificates (SM2 and RSA containers): the choice is asked
   * for, naming the containers; the encryption certificate is not a choice. */
  g_assert_null (sd_token_get_signer (token, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, SIGN_CONTAINER));
  g_assert_nonnull (strstr (error->message, "RSA"));
  g_clear_error (&error);

  g_assert_null (sd_token_get_signer (token, "没有这个容器", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

static void
test_wrong_pin (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  TtPinScript script = { { "000000", USER_PIN }, 2 };
  g_autoptr(SdSigner) signer = signer_for (token, SIGN_CONTAINER, &script);

  tt_assert_signs (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 2);
  g_assert_cmpint (script.retries, ==, 1);
  /* The second prompt said how many tries were left */
  g_assert_cmpint (script.last_tries_left, ==, 4);
  g_assert_true (script.last_count_low);
  g_assert_false (script.last_final_try);
  /* and the right PIN reset the counter */
  g_assert_cmpint (sd_token_get_pin_tries_left (token), ==, 5);
}

static void
test_change_pin (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  g_autoptr(GError) error = NULL;
  SdPinRequest request;

  g_assert_false (sd_token_change_pin (token, "000000", "97531024", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_cmpint (sd_token_get_pin_tries_left (token), ==, 4);
  sd_token_fill_pin_request (token, &request);
  g_assert_true (request.count_low);
  g_assert_false (request.final_try);
  g_assert_cmpint (request.tries_left, ==, 4);
  g_clear_error (&error);

  g_assert_true (sd_token_change_pin (token, USER_PIN, "97531024", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_token_get_pin_tries_left (token), ==, 5);
  sd_token_fill_pin_request (token, &request);
  g_assert_false (request.count_low);

  /* The new PIN signs, then goes back for the other tests */
  {
    TtPinScript script = { { "97531024" }, 1 };
    g_autoptr(SdSigner) signer = signer_for (token, SIGN_CONTAINER, &script);

    tt_assert_signs (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);
  }
  g_assert_true (sd_token_change_pin (token, "97531024", USER_PIN, NULL, &error));
  g_assert_no_error (error);
}

static void
test_lock (void)
{
  g_autoptr(SdToken) token = open_token ("LOCKME");
  TtPinScript script = { { "111111" }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "key", &script);
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (sd_token_get_pin_tries_left (token), ==, 3);
  g_assert_null (sd_signer_sign (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                                 &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PIN_LOCKED);
  g_assert_cmpint (script.calls, ==, 3);
  g_assert_cmpint (script.last_tries_left, ==, 1);
  g_assert_true (script.last_final_try);
  g_assert_true (sd_token_get_flags (token) & SD_TOKEN_PIN_LOCKED);
  g_assert_cmpint (sd_token_get_pin_tries_left (token), ==, 0);
  g_clear_error (&error);

  /* Locked stays locked, without asking, even with the right PIN */
  {
    TtPinScript right = { { USER_PIN }, 1 };

    sd_signer_set_pin_callback (signer, tt_pin_script_cb, &right, NULL);
    g_assert_null (sd_signer_sign (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                                   &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PIN_LOCKED);
    g_assert_cmpint (right.calls, ==, 0);
  }

  /* The counter is on disk: another process sees it */
  listing = tt_run (work_dir, admin_path, "--dir", store_dir, "list", NULL);
  g_assert_nonnull (strstr (listing, "LOCKME"));
  g_assert_nonnull (strstr (listing, "0 of 3 tries left"));
}

static void
test_removed (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, SIGN_CONTAINER, &script);
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *device = g_build_filename (store_dir, "SDKEY01", NULL);
  g_autofree char *away = g_build_filename (work_dir, "SDKEY01-pulled-out", NULL);

  tt_assert_signs (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);

  /* Pulled out between two signatures */
  g_assert_cmpint (g_rename (device, away), ==, 0);
  g_assert_null (sd_signer_sign (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                                 &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_TOKEN_REMOVED);
  g_clear_error (&error);

  /* Put back: the key is opened again and wants its PIN again */
  g_assert_cmpint (g_rename (away, device), ==, 0);
  tt_assert_signs (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 2);
}

static char *
pull_out_while_asking (SdSigner           *signer,
                       const SdPinRequest *request,
                       GCancellable       *cancellable,
                       gpointer            user_data)
{
  const char *const *paths = user_data;

  /* The key is pulled out while the PIN dialog is open */
  g_assert_cmpint (g_rename (paths[0], paths[1]), ==, 0);
  return g_strdup (USER_PIN);
}

static void
test_removed_while_asking_pin (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = sd_token_get_signer (token, SIGN_CONTAINER, NULL, &error);
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autofree char *device = g_build_filename (store_dir, "SDKEY01", NULL);
  g_autofree char *away = g_build_filename (work_dir, "SDKEY01-pulled-out", NULL);
  const char *paths[] = { device, away };

  g_assert_no_error (error);
  sd_signer_set_pin_callback (signer, pull_out_while_asking, paths, NULL);
  g_assert_null (sd_signer_sign (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                                 &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_TOKEN_REMOVED);
  g_assert_cmpint (g_rename (away, device), ==, 0);
}

static void
test_batch (void)
{
  g_autoptr(SdToken) token = open_token ("SDKEY01");
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, SIGN_CONTAINER, &script);
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = 0; i < 50; i++)
    tt_assert_signs (signer, SD_DIGEST_SM3, SD_SIGNATURE_SCHEME_DEFAULT);
  g_test_message ("50 SM2 signatures through the software SKF token: %.1f ms each",
                  g_timer_elapsed (timer, NULL) * 1000 / 50);
  g_assert_cmpint (script.calls, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  library_path = g_getenv ("SDSKF_SOFT_LIBRARY");
  admin_path = g_getenv ("SDSKF_SOFT_ADMIN");
  if (library_path == NULL || admin_path == NULL || !test_keys_available ())
    {
      g_test_skip ("run from meson: SDSKF_SOFT_LIBRARY and SDSKF_SOFT_ADMIN are not set");
      return 77;
    }
  work_dir = tt_make_tmpdir ("sealdesk-skf");
  store_dir = g_build_filename (work_dir, "store", NULL);
  /* The library finds its store here */
  g_setenv ("SDSKF_SOFT_DIR", store_dir, TRUE);
  setup_store ();
  tt_make_document (work_dir);

  g_test_add_func ("/skf/load", test_load);
  g_test_add_func ("/skf/list", test_list);
  g_test_add_func ("/skf/sign-pdf-sm2", test_sign_pdf_sm2);
  g_test_add_func ("/skf/sm2-openssl", test_sm2_openssl);
  g_test_add_func ("/skf/sign-pdf-rsa", test_sign_pdf_rsa);
  g_test_add_func ("/skf/encryption-not-offered", test_encryption_not_offered);
  g_test_add_func ("/skf/wrong-pin", test_wrong_pin);
  g_test_add_func ("/skf/change-pin", test_change_pin);
  g_test_add_func ("/skf/lock", test_lock);
  g_test_add_func ("/skf/removed", test_removed);
  g_test_add_func ("/skf/removed-while-asking-pin", test_removed_while_asking_pin);
  g_test_add_func ("/skf/batch", test_batch);
  status = g_test_run ();

  tt_remove_tree (work_dir);
  test_keys_cleanup ();
  g_free (store_dir);
  g_free (work_dir);
  return status;
}
