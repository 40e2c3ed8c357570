/* test-pkcs11.c: PKCS#11 tokens and signing, against a real SoftHSM2 token
 * that the test initialises in its own directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token holds: 01 RSA-2048 (self-signed), 02 ECDSA P-256, 03 ECDSA
 * P-384 with CKA_ALWAYS_AUTHENTICATE, 04 an RSA encryption-only
 * certificate, 05 an RSA leaf whose intermediate (0a) and root (0b)
 * certificates are on the token without keys.  SoftHSM never locks a PIN
 * (it only sets CKF_USER_PIN_COUNT_LOW): locking is tested on the virtual
 * PIV card (test-pcsc) and the software SKF token (test-skf).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sd-batch.h"
#include "sd-error.h"
#include "sd-pkcs11-module.h"
#include "sd-pkcs11-signer.h"
#include "sd-token-pkcs11.h"
#include "test-keys.h"
#include "token-test-util.h"

#define USER_PIN "123456"
#define SO_PIN "87654321"
#define TOKEN_LABEL "SealDesk 测试"

static char *work_dir;
static char *module_path;
static char *conf_all;
static char *conf_raw_only;
static GWeakRef last_module;

static const char *
find_softhsm (void)
{
  static const char *candidates[] = {
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return candidates[i];
  return NULL;
}

static char *
fixture (const char *name)
{
  return g_strdup (test_keys_path (name));
}

static void
to_der (const char *crt,
        const char *der)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (test_keys_openssl (&error, "x509", "-in", crt, "-outform", "DER", "-out", der,
                                    NULL));
  g_assert_no_error (error);
}

static void
write_cert (const char *crt_name,
            const char *id,
            const char *label)
{
  g_autofree char *crt = fixture (crt_name);
  g_autofree char *der = g_strconcat (crt, ".der", NULL);
  g_autofree char *out = NULL;

  to_der (crt, der);
  out = tt_run (work_dir, "pkcs11-tool", "--module", module_path, "--token-label", TOKEN_LABEL,
                "--login", "--pin", USER_PIN, "--write-object", der, "--type", "cert", "--id", id,
                "--label", label, NULL);
}

static void
import_key (const char *key_name,
            const char *id,
            const char *label)
{
  g_autofree char *key = fixture (key_name);
  g_autofree char *out = tt_run (work_dir, "softhsm2-util", "--import", key, "--token",
                                 TOKEN_LABEL, "--label", label, "--id", id, "--pin", USER_PIN,
                                 NULL);
}

static void
setup_token (void)
{
  g_autofree char *tokens = g_build_filename (work_dir, "tokens", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *p384_der = fixture ("p384.der");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (tokens, 0700), ==, 0);
  conf = g_strdup_printf ("directories.tokendir = %s\nobjectstore.backend = file\n"
                          "log.level = ERROR\nslots.removable = true\n", tokens);
  conf_all = g_build_filename (work_dir, "softhsm2.conf", NULL);
  g_assert_true (g_file_set_contents (conf_all, conf, -1, NULL));
  /* The same token seen by a module that offers only raw RSA / ECDSA:
   * the host then hashes and builds the DigestInfo.  SoftHSM 2.6.1 ignores
   * the first name of a "-" list, hence CKM_MD5 first. */
  g_clear_pointer (&conf, g_free);
  conf = g_strdup_printf ("directories.tokendir = %s\nobjectstore.backend = file\n"
                          "log.level = ERROR\nslots.mechanisms = -CKM_MD5,CKM_SHA256_RSA_PKCS,"
                          "CKM_SHA384_RSA_PKCS,CKM_SHA512_RSA_PKCS,CKM_SHA256_RSA_PKCS_PSS,"
                          "CKM_SHA384_RSA_PKCS_PSS,CKM_SHA512_RSA_PKCS_PSS\n", tokens);
  conf_raw_only = g_build_filename (work_dir, "softhsm2-raw.conf", NULL);
  g_assert_true (g_file_set_contents (conf_raw_only, conf, -1, NULL));
  g_setenv ("SOFTHSM2_CONF", conf_all, TRUE);

  out = tt_run (work_dir, "softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
                "--so-pin", SO_PIN, "--pin", USER_PIN, NULL);

  /* An encryption-only certificate, as Chinese dual-certificate keys have */
  g_assert_true (test_keys_openssl (&error, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                    "-keyout", "enc.key", "-out", "enc.crt", "-subj",
                                    "/CN=加密证书/O=SealDesk", "-utf8", "-days", "30",
                                    "-addext", "keyUsage=critical,keyEncipherment,dataEncipherment",
                                    NULL));
  g_assert_no_error (error);

  import_key ("rsa.key", "01", "rsa");
  write_cert ("rsa.crt", "01", "rsa");
  import_key ("p256.key", "02", "p256");
  write_cert ("p256.crt", "02", "p256");
  g_assert_true (test_keys_openssl (&error, "pkey", "-in", "p384.key", "-outform", "DER", "-out",
                                    "p384.der", NULL));
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);
  out = tt_run (work_dir, "pkcs11-tool", "--module", module_path, "--token-label", TOKEN_LABEL,
                "--login", "--pin", USER_PIN, "--write-object", p384_der, "--type", "privkey",
                "--id", "03", "--label", "p384-always", "--always-auth", NULL);
  write_cert ("p384.crt", "03", "p384-always");
  import_key ("enc.key", "04", "encryption");
  write_cert ("enc.crt", "04", "encryption");
  import_key ("leaf.key", "05", "leaf");
  write_cert ("leaf.crt", "05", "leaf");
  write_cert ("inter.crt", "0a", "intermediate CA");
  write_cert ("root.crt", "0b", "root CA");
}

/* SoftHSM reads its configuration in C_Initialize: before changing it,
 * wait until the module is finalised (the last signer may be released by a
 * worker thread a moment after a test returned). */
static void
wait_module_finalized (void)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&last_module);

      if (alive == NULL)
        return;
      g_usleep (10000);
    }
  g_error ("the PKCS#11 module is still in use");
}

/* The test token, from a freshly loaded module: each test releases
 * everything, so the module is finalised and the login forgotten. */
static SdToken *
open_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPkcs11Module) module = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  wait_module_finalized ();
  module = sd_pkcs11_module_load (module_path, &error);
  g_assert_no_error (error);
  g_weak_ref_set (&last_module, module);
  tokens = sd_token_pkcs11_list (module, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tokens->len; i++)
    if (strcmp (sd_token_get_label (g_ptr_array_index (tokens, i)), TOKEN_LABEL) == 0)
      return g_object_ref (g_ptr_array_index (tokens, i));
  g_error ("token “%s” not found", TOKEN_LABEL);
  return NULL;
}

static SdSigner *
signer_for (SdToken     *token,
            const char  *key_id,
            TtPinScript *script)
{
  g_autoptr(GError) error = NULL;
  SdSigner *signer = sd_token_get_signer (token, key_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (SD_IS_PKCS11_SIGNER (signer));
  sd_signer_set_pin_callback (signer, tt_pin_script_cb, script, NULL);
  return signer;
}

static void
test_registry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) modules = sd_pkcs11_module_load_registered (failures, &error);
  g_autoptr(SdPkcs11Module) by_path = NULL;
  SdPkcs11Module *softhsm = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < modules->len; i++)
    {
      SdPkcs11Module *module = g_ptr_array_index (modules, i);

      /* p11-kit's trust store holds no keys and is left out */
      g_assert_cmpstr (sd_pkcs11_module_get_name (module), !=, "p11-kit-trust");
      if (strcmp (sd_pkcs11_module_get_name (module), "softhsm2") == 0)
        softhsm = module;
    }
  g_assert_nonnull (softhsm);
  g_assert_true (sd_pkcs11_module_is_registered (softhsm));
  g_assert_cmpstr (sd_pkcs11_module_get_manufacturer (softhsm), ==, "SoftHSM");

  /* The same library opened by path is the same, initialised once, module */
  by_path = sd_pkcs11_module_load (module_path, &error);
  g_assert_no_error (error);
  g_assert_true (by_path == softhsm);

  g_assert_null (sd_pkcs11_module_load ("/nonexistent/libnothing.so", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

static const SdTokenCertificate *
find_listed (GPtrArray  *certs,
             const char *key_id)
{
  for (guint i = 0; i < certs->len; i++)
    {
      const SdTokenCertificate *cert = g_ptr_array_index (certs, i);

      if (strcmp (cert->key_id, key_id) == 0)
        return cert;
    }
  g_error ("no certificate %s listed", key_id);
  return NULL;
}

static void
test_list (void)
{
  g_autoptr(SdToken) token = open_token ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = sd_token_list_certificates (token, NULL, &error);
  const SdTokenCertificate *cert;

  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, ==, 7);
  g_assert_cmpint (sd_token_get_kind (token), ==, SD_TOKEN_KIND_PKCS11);
  g_assert_cmpstr (sd_token_get_manufacturer (token), ==, "SoftHSM project");
  g_assert_true (g_str_has_prefix (sd_token_get_uri (token), "pkcs11:"));
  g_assert_true (sd_token_get_flags (token) & SD_TOKEN_LOGIN_REQUIRED);

  cert = find_listed (certs, "01");
  g_assert_cmpint (cert->usage, ==, SD_CERT_USAGE_SIGNING);
  g_assert_true (cert->can_sign);
  g_assert_cmpint (cert->key_type, ==, SD_KEY_TYPE_RSA);
  g_assert_cmpuint (cert->key_bits, ==, 2048);
  /* SoftHSM hides private keys until login */
  g_assert_cmpint (cert->private_key, ==, SD_PRIVATE_KEY_UNKNOWN);
  g_assert_true (g_str_has_prefix (cert->uri, "pkcs11:"));
  g_assert_nonnull (strstr (cert->uri, "id=%01"));

  cert = find_listed (certs, "02");
  g_assert_cmpint (cert->key_type, ==, SD_KEY_TYPE_EC);
  g_assert_true (cert->can_sign);

  cert = find_listed (certs, "04");
  g_assert_cmpint (cert->usage, ==, SD_CERT_USAGE_ENCRYPTION);
  g_assert_false (cert->can_sign);
  g_assert_nonnull (cert->reason);

  cert = find_listed (certs, "0a");
  g_assert_cmpint (cert->usage, ==, SD_CERT_USAGE_CA);
  g_assert_false (cert->can_sign);
}

static gboolean
offers (ck_mechanism_type_t mechanism,
        gpointer            user_data)
{
  return g_hash_table_contains (user_data, GSIZE_TO_POINTER (mechanism));
}

static void
test_choose_mechanism (void)
{
  SdPkcs11SignMethod method;
  g_autoptr(GError) error = NULL;
  GHashTable *offered = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_hash_table_add (offered, GSIZE_TO_POINTER (CKM_RSA_PKCS));
  g_hash_table_add (offered, GSIZE_TO_POINTER (CKM_ECDSA));

  /* Only raw mechanisms: hash here, DigestInfo for RSA */
  g_assert_true (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_RSA, SD_DIGEST_SHA384,
                                               SD_SIGNATURE_SCHEME_DEFAULT,
                                               offers, offered, &method,
                                               &error));
  g_assert_cmpuint (method.mechanism, ==, CKM_RSA_PKCS);
  g_assert_true (method.hash_on_host && method.digest_info);
  g_assert_true (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_EC, SD_DIGEST_SHA256,
                                               SD_SIGNATURE_SCHEME_DEFAULT,
                                               offers, offered, &method,
                                               &error));
  g_assert_cmpuint (method.mechanism, ==, CKM_ECDSA);
  g_assert_true (method.hash_on_host && !method.digest_info && method.raw_ecdsa);
  g_assert_false (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_RSA, SD_DIGEST_SHA256,
                                                SD_SIGNATURE_SCHEME_RSA_PSS,
                                                offers, offered,
                                                &method, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_clear_error (&error);

  /* Combined mechanisms win when offered */
  g_hash_table_add (offered, GSIZE_TO_POINTER (CKM_SHA384_RSA_PKCS));
  g_hash_table_add (offered, GSIZE_TO_POINTER (CKM_ECDSA_SHA256));
  g_hash_table_add (offered, GSIZE_TO_POINTER (CKM_RSA_PKCS_PSS));
  g_assert_true (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_RSA, SD_DIGEST_SHA384,
                                               SD_SIGNATURE_SCHEME_DEFAULT,
                                               offers, offered, &method,
                                               &error));
  g_assert_cmpuint (method.mechanism, ==, CKM_SHA384_RSA_PKCS);
  g_assert_false (method.hash_on_host);
  g_assert_true (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_EC, SD_DIGEST_SHA256,
                                               SD_SIGNATURE_SCHEME_DEFAULT,
                                               offers, offered, &method,
                                               &error));
  g_assert_cmpuint (method.mechanism, ==, CKM_ECDSA_SHA256);
  g_assert_true (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_RSA, SD_DIGEST_SHA256,
                                               SD_SIGNATURE_SCHEME_RSA_PSS,
                                               offers, offered, &method,
                                               &error));
  g_assert_cmpuint (method.mechanism, ==, CKM_RSA_PKCS_PSS);
  g_assert_true (method.pss && method.hash_on_host);

  /* SM2 has no standard PKCS#11 mechanism */
  g_assert_false (sd_pkcs11_choose_sign_method (SD_KEY_TYPE_SM2, SD_DIGEST_SM3,
                                                SD_SIGNATURE_SCHEME_DEFAULT,
                                                offers, offered,
                                                &method, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_hash_table_unref (offered);
}

static void
test_sign_pdf_rsa (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "01", &script);
  g_autofree char *pdf = NULL;
  g_autofree char *pss = NULL;

  pdf = tt_sign_pdf (signer, work_dir, "rsa.pdf", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (pdf);
  pss = tt_sign_pdf (signer, work_dir, "rsa-pss.pdf", SD_DIGEST_SHA512,
                     SD_SIGNATURE_SCHEME_RSA_PSS);
  tt_assert_pdfsig_valid (pss);
  /* One login for both */
  g_assert_cmpint (script.calls, ==, 1);
  g_assert_cmpint (script.retries, ==, 0);
}

static void
test_sign_pdf_ecdsa (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "02", &script);
  g_autofree char *pdf = NULL;

  /* SoftHSM has only raw CKM_ECDSA: hashed here, r‖s turned into DER */
  pdf = tt_sign_pdf (signer, work_dir, "p256.pdf", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (pdf);
  tt_assert_signs (signer, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 1);
}

static void
test_raw_mechanisms_only (void)
{
  g_autoptr(SdToken) token = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pss = NULL;
  TtPinScript script = { { USER_PIN }, 1 };

  g_setenv ("SOFTHSM2_CONF", conf_raw_only, TRUE);
  token = open_token ();
  g_assert_false (sd_token_pkcs11_can_sign_with (SD_TOKEN_PKCS11 (token), CKM_SHA256_RSA_PKCS));
  g_assert_true (sd_token_pkcs11_can_sign_with (SD_TOKEN_PKCS11 (token), CKM_RSA_PKCS));
  signer = signer_for (token, "01", &script);
  pdf = tt_sign_pdf (signer, work_dir, "rsa-raw.pdf", SD_DIGEST_SHA256,
                     SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (pdf);
  pss = tt_sign_pdf (signer, work_dir, "rsa-raw-pss.pdf", SD_DIGEST_SHA256,
                     SD_SIGNATURE_SCHEME_RSA_PSS);
  tt_assert_pdfsig_valid (pss);
  tt_assert_signs (signer, SD_DIGEST_SHA512, SD_SIGNATURE_SCHEME_DEFAULT);

  g_clear_object (&signer);
  g_clear_object (&token);
  wait_module_finalized ();
  g_setenv ("SOFTHSM2_CONF", conf_all, TRUE);
}

static void
test_wrong_pin (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { "999999", USER_PIN }, 2 };
  g_autoptr(SdSigner) signer = signer_for (token, "01", &script);

  tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 2);
  g_assert_cmpint (script.retries, ==, 1);
  /* SoftHSM reports no count, only "low" after a wrong PIN, cleared by the right one */
  g_assert_cmpint (script.last_tries_left, ==, -1);
  g_assert_false (sd_token_get_flags (token) & SD_TOKEN_PIN_COUNT_LOW);
}

static void
test_wrong_pin_given_up (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { "999999", NULL }, 2 };
  g_autoptr(SdSigner) signer = signer_for (token, "01", &script);
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;

  signature = sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                              &error);
  g_assert_null (signature);
  /* A wrong PIN that is not corrected is reported as wrong, not as "cancelled" */
  g_assert_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD);
  g_assert_nonnull (strstr (error->message, TOKEN_LABEL));
  g_assert_cmpint (script.calls, ==, 2);
  g_assert_true (sd_token_get_flags (token) & SD_TOKEN_PIN_COUNT_LOW);
  g_clear_error (&error);

  /* Cancelling the first prompt is a cancellation */
  {
    TtPinScript cancel = { { NULL }, 1 };

    sd_signer_set_pin_callback (signer, tt_pin_script_cb, &cancel, NULL);
    g_assert_null (sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data,
                                   NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_always_authenticate (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "03", &script);
  g_autofree char *pdf = NULL;

  /* One login, then the PIN again before each signature */
  tt_assert_signs (signer, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 2);
  tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 3);
  pdf = tt_sign_pdf (signer, work_dir, "p384-always.pdf", SD_DIGEST_SHA384,
                     SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (pdf);
  g_assert_cmpint (script.calls, ==, 4);

  /* A wrong PIN for one signature is asked again, for that signature */
  {
    TtPinScript again = { { "000000", USER_PIN }, 2 };

    sd_signer_set_pin_callback (signer, tt_pin_script_cb, &again, NULL);
    tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
    g_assert_cmpint (again.calls, ==, 2);
    g_assert_cmpint (again.retries, ==, 1);
  }
}

static void
test_batch_one_session (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "01", &script);
  struct ck_function_list *f = sd_pkcs11_module_get_functions (
    sd_token_pkcs11_get_module (SD_TOKEN_PKCS11 (token)));
  struct ck_session_info info;
  ck_session_handle_t session;
  guint generation = 0;
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = 0; i < 100; i++)
    tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_test_message ("100 RSA-2048 signatures through SoftHSM: %.1f ms each",
                  g_timer_elapsed (timer, NULL) * 10);

  g_assert_cmpint (script.calls, ==, 1);
  /* The first session of the token did all of it */
  g_assert_true (sd_token_pkcs11_begin (SD_TOKEN_PKCS11 (token), &session, &generation, NULL));
  sd_token_pkcs11_end (SD_TOKEN_PKCS11 (token), FALSE);
  g_assert_cmpuint (generation, ==, 1);
  g_assert_cmpint (f->C_GetSessionInfo (session, &info), ==, CKR_OK);
  g_assert_cmpuint (info.state, ==, CKS_RO_USER_FUNCTIONS);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} BatchRun;

static void
on_batch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BatchRun *run = user_data;

  run->ok = sd_batch_run_finish (SD_BATCH (source), result, &run->error);
  run->done = TRUE;
}

/* 50 PDFs through SdBatch with one login: the PIN is asked once, though
 * the batch prepares and finishes the documents on other threads while the
 * token signs. */
static void
test_batch_fifty (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "01", &script);
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  g_autofree char *input = g_build_filename (work_dir, "in.pdf", NULL);
  g_autofree char *in_dir = g_build_filename (work_dir, "batch-in", NULL);
  g_autofree char *out_dir = g_build_filename (work_dir, "batch-out", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SdBatch) batch = NULL;
  BatchRun run = { FALSE };
  gsize length;
  const guint n = 50;

  options->page = SD_SIGN_PAGE_LAST;
  options->x_mm = 120;
  options->y_mm = 200;
  options->width_mm = 40;
  options->seal_path = g_build_filename (work_dir, "seal.png", NULL);
  options->reason = g_strdup ("批量签章");
  batch = sd_batch_new (signer, options, out_dir);
  g_assert_cmpint (g_mkdir_with_parents (in_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (input, &contents, &length, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("合同-%02u.pdf", i);
      g_autofree char *file = g_build_filename (in_dir, name, NULL);

      g_assert_true (g_file_set_contents (file, contents, length, NULL));
      sd_batch_add_file (batch, file);
    }

  sd_batch_run_async (batch, NULL, on_batch_done, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SIGNED), ==, n);
  g_assert_cmpint (script.calls, ==, 1);
  g_assert_cmpint (script.retries, ==, 0);
  /* pdfsig on the first, one in the middle and the last */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *output = sd_batch_dup_output (batch, (guint[]) { 0, n / 2, n - 1 }[i]);

      tt_assert_pdfsig_valid (output);
    }
}

static void
test_session_lost (void)
{
  g_autoptr(SdToken) token = open_token ();
  TtPinScript script = { { USER_PIN }, 1 };
  g_autoptr(SdSigner) signer = signer_for (token, "01", &script);
  struct ck_function_list *f = sd_pkcs11_module_get_functions (
    sd_token_pkcs11_get_module (SD_TOKEN_PKCS11 (token)));

  tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  /* Another part of the program closes every session (and so logs out):
   * the next signature opens a new session and logs in again. */
  g_assert_cmpint (f->C_CloseAllSessions (sd_token_pkcs11_get_slot (SD_TOKEN_PKCS11 (token))), ==,
                   CKR_OK);
  tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 2);
}

static void
test_choose_certificate (void)
{
  g_autoptr(SdToken) token = open_token ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GPtrArray) chain = NULL;

  /* The encryption certificate is refused, with the reason */
  g_assert_null (sd_token_get_signer (token, "04", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_nonnull (strstr (error->message, "encryption"));
  g_clear_error (&error);

  /* Several signing certificates: the caller must choose, and is told the IDs */
  g_assert_null (sd_token_get_signer (token, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "05"));
  g_clear_error (&error);

  g_assert_null (sd_token_get_signer (token, "77", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sd_token_get_signer (token, "zz", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The issuers kept on the token make the chain, nearest first */
  signer = sd_token_get_signer (token, "05", NULL, &error);
  g_assert_no_error (error);
  chain = sd_signer_get_chain (signer);
  g_assert_cmpuint (chain->len, ==, 2);
  {
    g_autofree char *inter = NULL;
    g_autofree char *root = NULL;
    g_autofree char *inter_crt = fixture ("inter.crt.der");
    g_autofree char *root_crt = fixture ("root.crt.der");
    gsize inter_length, root_length;

    g_assert_true (g_file_get_contents (inter_crt, &inter, &inter_length, NULL));
    g_assert_true (g_file_get_contents (root_crt, &root, &root_length, NULL));
    g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (chain, 0), NULL),
                     g_bytes_get_size (g_ptr_array_index (chain, 0)), inter, inter_length);
    g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (chain, 1), NULL),
                     g_bytes_get_size (g_ptr_array_index (chain, 1)), root, root_length);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *pkcs11_tool = g_find_program_in_path ("pkcs11-tool");
  g_autofree char *softhsm_util = g_find_program_in_path ("softhsm2-util");
  g_autofree char *pdfsig = g_find_program_in_path ("pdfsig");
  const char *softhsm = find_softhsm ();
  int status;

  g_test_init (&argc, &argv, NULL);
  if (softhsm == NULL || pkcs11_tool == NULL || softhsm_util == NULL || pdfsig == NULL
      || !test_keys_available ())
    {
      g_test_skip ("SoftHSM2, OpenSC’s pkcs11-tool, pdfsig or openssl is missing: run "
                   "build-aux/install-deps.sh");
      return 77;
    }
  module_path = g_strdup (softhsm);
  work_dir = tt_make_tmpdir ("sealdesk-pkcs11");
  setup_token ();
  tt_make_document (work_dir);

  g_test_add_func ("/pkcs11/registry", test_registry);
  g_test_add_func ("/pkcs11/list", test_list);
  g_test_add_func ("/pkcs11/choose-mechanism", test_choose_mechanism);
  g_test_add_func ("/pkcs11/sign-pdf-rsa", test_sign_pdf_rsa);
  g_test_add_func ("/pkcs11/sign-pdf-ecdsa", test_sign_pdf_ecdsa);
  g_test_add_func ("/pkcs11/raw-mechanisms-only", test_raw_mechanisms_only);
  g_test_add_func ("/pkcs11/wrong-pin", test_wrong_pin);
  g_test_add_func ("/pkcs11/wrong-pin-given-up", test_wrong_pin_given_up);
  g_test_add_func ("/pkcs11/always-authenticate", test_always_authenticate);
  g_test_add_func ("/pkcs11/batch-one-session", test_batch_one_session);
  g_test_add_func ("/pkcs11/batch-fifty", test_batch_fifty);
  g_test_add_func ("/pkcs11/session-lost", test_session_lost);
  g_test_add_func ("/pkcs11/choose-certificate", test_choose_certificate);
  status = g_test_run ();

  tt_remove_tree (work_dir);
  test_keys_cleanup ();
  g_free (work_dir);
  g_free (module_path);
  g_free (conf_all);
  g_free (conf_raw_only);
  return status;
}
