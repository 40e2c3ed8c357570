/* bench-tokens.c: signatures per second through each token backend, side
 * by side with OpenSSL signing in this process with the same key, and a
 * batch of PDF signatures with one login: how much of its time is spent
 * outside the token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures, never a pass/fail on timing.  The keys are generated here in
 * software, in the benchmark's temporary directory, and imported into each
 * token, so OpenSSL signs with the very key the token holds:
 *   SoftHSM 2          RSA-2048 and ECDSA P-256
 *   virtual PIV card   RSA-2048 (9A) and P-256 (9C) through OpenSC, with
 *                      pcscd and vpcd (only inside tests/tokens/pcsc-sandbox.sh)
 *   software SKF token SM2 (libsdskf-soft.so)
 * A backend that cannot run here is printed as skipped, with the reason.
 *
 * Run by `meson test -C BUILDDIR --benchmark --suite tokens-bench` through
 * bench-tokens.sh, or directly: bench-tokens [-n N] [--card-signatures N]
 * [--batch N] (the SKF token needs SDSKF_SOFT_LIBRARY and SDSKF_SOFT_ADMIN).
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>

#include "sd-batch.h"
#include "sd-certificate.h"
#include "sd-openssl.h"
#include "sd-pdf-signing.h"
#include "sd-pkcs11-module.h"
#include "sd-signature.h"
#include "sd-skf-library.h"
#include "sd-token-pkcs11.h"
#include "sd-token-skf.h"
#include "token-test-util.h"

#define PIN "123456"
#define SO_PIN "87654321"
#define SOFTHSM_LABEL "SealDesk 基准"
#define PIV_LABEL "SealDesk PIV 基准"
#define ROUNDS 5

static char *work_dir;

/* A signer that counts the time spent in the signer it wraps: from the
 * call to the signature, so the token, its driver and our signer's thread
 * hop are "in the token", everything else is outside. */

#define SD_TYPE_BENCH_SIGNER (sd_bench_signer_get_type ())
G_DECLARE_FINAL_TYPE (SdBenchSigner, sd_bench_signer, SD, BENCH_SIGNER, GObject)

struct _SdBenchSigner
{
  GObject   parent_instance;
  SdSigner *inner;
  gint64    busy_us;
  guint     calls;
};

static void sd_bench_signer_signer_init (SdSignerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdBenchSigner, sd_bench_signer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SIGNER,
                                                      sd_bench_signer_signer_init))

static void
sd_bench_signer_finalize (GObject *object)
{
  g_clear_object (&SD_BENCH_SIGNER (object)->inner);
  G_OBJECT_CLASS (sd_bench_signer_parent_class)->finalize (object);
}

static void
sd_bench_signer_class_init (SdBenchSignerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_bench_signer_finalize;
}

static void
sd_bench_signer_init (SdBenchSigner *self)
{
}

static GBytes *
bench_get_certificate (SdSigner *signer)
{
  return sd_signer_get_certificate (SD_BENCH_SIGNER (signer)->inner);
}

static GPtrArray *
bench_get_chain (SdSigner *signer)
{
  return sd_signer_get_chain (SD_BENCH_SIGNER (signer)->inner);
}

static void
bench_inner_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdBenchSigner *self = g_task_get_source_object (task);
  gint64 *start = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *signature = sd_signer_sign_finish (SD_SIGNER (source), result, &error);

  self->busy_us += g_get_monotonic_time () - *start;
  self->calls++;
  if (signature == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signature, (GDestroyNotify) g_bytes_unref);
}

static void
bench_sign_async (SdSigner            *signer,
                  SdDigestAlgorithm    digest,
                  SdSignatureScheme    scheme,
                  GBytes              *data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  SdBenchSigner *self = SD_BENCH_SIGNER (signer);
  GTask *task = g_task_new (signer, cancellable, callback, user_data);
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_task_set_task_data (task, start, g_free);
  sd_signer_sign_async (self->inner, digest, scheme, data, cancellable, bench_inner_done, task);
}

static GBytes *
bench_sign_finish (SdSigner      *signer,
                   GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sd_bench_signer_signer_init (SdSignerInterface *iface)
{
  iface->get_certificate = bench_get_certificate;
  iface->get_chain = bench_get_chain;
  iface->sign_async = bench_sign_async;
  iface->sign_finish = bench_sign_finish;
}

static SdBenchSigner *
sd_bench_signer_new (SdSigner *inner)
{
  SdBenchSigner *self = g_object_new (SD_TYPE_BENCH_SIGNER, NULL);

  self->inner = g_object_ref (inner);
  return self;
}

/* What is measured */

typedef struct
{
  const char        *backend;
  const char        *algorithm;
  SdSigner          *signer;     /* NULL: skipped for @skipped */
  char              *skipped;
  char              *key_path;   /* the same key, for OpenSSL */
  SdDigestAlgorithm  digest;
  guint              n;          /* signatures to time */
  gboolean           batch;      /* also sign the PDF batch with it */
} Contender;

static void
contender_free (Contender *c)
{
  g_clear_object (&c->signer);
  g_free (c->skipped);
  g_free (c->key_path);
  g_free (c);
}

static Contender *
contender_new (GPtrArray         *all,
               const char        *backend,
               const char        *algorithm,
               const char        *key_name,
               SdDigestAlgorithm  digest,
               guint              n)
{
  Contender *c = g_new0 (Contender, 1);

  c->backend = backend;
  c->algorithm = algorithm;
  c->key_path = g_build_filename (work_dir, key_name, NULL);
  c->digest = digest;
  c->n = n;
  g_ptr_array_add (all, c);
  return c;
}

static void
skip_all (GPtrArray  *contenders,
          const char *backend,
          const char *reason)
{
  for (guint i = 0; i < contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (contenders, i);

      if (strcmp (c->backend, backend) == 0 && c->skipped == NULL)
        c->skipped = g_strdup (reason);
    }
}

static TtPinScript pin_script = { { PIN }, 1 };

static void
take_signer (Contender *c,
             SdToken   *token,
             const char *key_id)
{
  g_autoptr(GError) error = NULL;

  c->signer = sd_token_get_signer (token, key_id, NULL, &error);
  if (c->signer == NULL)
    {
      c->skipped = g_strdup_printf ("no signer for %s: %s", key_id, error->message);
      return;
    }
  sd_signer_set_pin_callback (c->signer, tt_pin_script_cb, &pin_script, NULL);
}

static SdToken *
find_token (GPtrArray  *tokens,
            const char *label)
{
  for (guint i = 0; tokens != NULL && i < tokens->len; i++)
    if (strcmp (sd_token_get_label (g_ptr_array_index (tokens, i)), label) == 0)
      return g_object_ref (g_ptr_array_index (tokens, i));
  return NULL;
}

/* The keys, made in software */

static void
make_keys (void)
{
  static const char *usage = "keyUsage=critical,digitalSignature,nonRepudiation";
  g_autofree char *out = NULL;

  out = tt_run (work_dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                "rsa.key", "-out", "rsa.crt", "-subj", "/CN=" PIV_LABEL, "-utf8", "-days", "2",
                "-addext", usage, NULL);
  g_free (out);
  out = tt_run (work_dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", "p256.key", "-out", "p256.crt",
                "-subj", "/CN=SealDesk 基准 P-256", "-utf8", "-days", "2", "-addext", usage,
                NULL);
  g_free (out);
  out = tt_run (work_dir, "openssl", "genpkey", "-algorithm", "SM2", "-out", "sm2.key", NULL);
  g_free (out);
  out = tt_run (work_dir, "openssl", "req", "-x509", "-new", "-key", "sm2.key", "-sm3",
                "-sigopt", "distid:" SD_SM2_DEFAULT_ID, "-subj", "/CN=张三/O=某某科技有限公司",
                "-utf8", "-days", "2", "-addext", usage, "-out", "sm2.crt", NULL);
  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "rsa", "p256", "sm2" }[i];
      g_autofree char *crt = g_strconcat (name, ".crt", NULL);
      g_autofree char *der = g_strconcat (name, ".der", NULL);

      g_free (out);
      out = tt_run (work_dir, "openssl", "x509", "-in", crt, "-outform", "DER", "-out", der,
                    NULL);
    }
}

/* SoftHSM 2 */

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

static void
setup_softhsm (GPtrArray *contenders,
               guint      n)
{
  const char *backend = "SoftHSM 2";
  Contender *rsa = contender_new (contenders, backend, "RSA-2048", "rsa.key", SD_DIGEST_SHA256,
                                  n);
  Contender *ec = contender_new (contenders, backend, "ECDSA P-256", "p256.key",
                                 SD_DIGEST_SHA256, n);
  const char *module_path = find_softhsm ();
  g_autofree char *tool = g_find_program_in_path ("pkcs11-tool");
  g_autofree char *tokens_dir = g_build_filename (work_dir, "softhsm", NULL);
  g_autofree char *conf_path = g_build_filename (work_dir, "softhsm2.conf", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *out = NULL;
  g_autoptr(SdPkcs11Module) module = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(SdToken) token = NULL;
  g_autoptr(GError) error = NULL;

  rsa->batch = TRUE;
  if (module_path == NULL || tool == NULL)
    {
      skip_all (contenders, backend, "SoftHSM 2 or pkcs11-tool is missing (softhsm2, opensc)");
      return;
    }

  g_assert_cmpint (g_mkdir (tokens_dir, 0700), ==, 0);
  conf = g_strdup_printf ("directories.tokendir = %s\nobjectstore.backend = file\n"
                          "log.level = ERROR\n", tokens_dir);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, NULL));
  g_setenv ("SOFTHSM2_CONF", conf_path, TRUE);
  out = tt_run (work_dir, "softhsm2-util", "--init-token", "--free", "--label", SOFTHSM_LABEL,
                "--so-pin", SO_PIN, "--pin", PIN, NULL);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "rsa" : "p256";
      const char *id = i == 0 ? "01" : "02";
      g_autofree char *key = g_strconcat (name, ".key", NULL);
      g_autofree char *der = g_strconcat (name, ".der", NULL);

      g_free (out);
      out = tt_run (work_dir, "softhsm2-util", "--import", key, "--token", SOFTHSM_LABEL,
                    "--label", name, "--id", id, "--pin", PIN, NULL);
      g_free (out);
      out = tt_run (work_dir, "pkcs11-tool", "--module", module_path, "--token-label",
                    SOFTHSM_LABEL, "--login", "--pin", PIN, "--write-object", der, "--type",
                    "cert", "--id", id, "--label", name, NULL);
    }

  module = sd_pkcs11_module_load (module_path, &error);
  if (module != NULL)
    tokens = sd_token_pkcs11_list (module, &error);
  if (tokens == NULL || (token = find_token (tokens, SOFTHSM_LABEL)) == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("the token is not found: %s",
                                                 error != NULL ? error->message : "no token");

      skip_all (contenders, backend, reason);
      return;
    }
  take_signer (rsa, token, "01");
  take_signer (ec, token, "02");
}

/* The virtual PIV card through OpenSC */

static GSubprocess *pcscd;
static GSubprocess *card;

static void
setup_piv (GPtrArray *contenders,
           guint      n)
{
  const char *backend = "PIV card (OpenSC)";
  const char *card_script = g_getenv ("SD_PIV_CARD");
  g_autofree char *pcscd_path = g_find_program_in_path ("pcscd");
  g_autofree char *rsa_key = g_build_filename (work_dir, "rsa.key", NULL);
  g_autofree char *rsa_der = g_build_filename (work_dir, "rsa.der", NULL);
  g_autofree char *ec_key = g_build_filename (work_dir, "p256.key", NULL);
  g_autofree char *ec_der = g_build_filename (work_dir, "p256.der", NULL);
  Contender *rsa = contender_new (contenders, backend, "RSA-2048", "rsa.key", SD_DIGEST_SHA256,
                                  n);
  Contender *ec = contender_new (contenders, backend, "ECDSA P-256", "p256.key",
                                 SD_DIGEST_SHA256, n);
  g_autoptr(SdPkcs11Module) module = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(SdToken) token = NULL;
  g_autoptr(GError) error = NULL;

  /* A real key's speed: how a batch fares when the token is not the fast one */
  rsa->batch = TRUE;
  if (g_getenv ("SD_PCSC_SANDBOX") == NULL || card_script == NULL)
    {
      skip_all (contenders, backend, "not run inside tests/tokens/pcsc-sandbox.sh (it needs "
                "root and unshare for its own pcscd): run bench-tokens.sh as root");
      return;
    }
  if (pcscd_path == NULL || !g_file_test (TT_VPCD_DRIVER, G_FILE_TEST_EXISTS)
      || !g_file_test ("/usr/lib/python3/site-packages/virtualsmartcard", G_FILE_TEST_IS_DIR))
    {
      skip_all (contenders, backend, "pcscd, vsmartcard-vpcd or python3-virtualsmartcard is "
                "missing: run build-aux/install-deps.sh");
      return;
    }

  pcscd = tt_start_pcscd (work_dir);
  card = tt_insert_piv_card (card_script, work_dir, PIN, 3, rsa_key, rsa_der, ec_key, ec_der);
  /* p11-kit finds a bare name in its module directory */
  module = sd_pkcs11_module_load ("opensc-pkcs11.so", &error);
  /* pcscd sees the card a moment after it connected to the reader */
  for (guint i = 0; module != NULL && token == NULL && i < 100; i++)
    {
      g_clear_pointer (&tokens, g_ptr_array_unref);
      tokens = sd_token_pkcs11_list (module, &error);
      if (tokens == NULL)
        break;
      if ((token = find_token (tokens, PIV_LABEL)) == NULL)
        g_usleep (50 * 1000);
    }
  if (token == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("OpenSC shows no card “%s”: %s", PIV_LABEL,
                                                 error != NULL ? error->message : "no token");

      skip_all (contenders, backend, reason);
      return;
    }
  take_signer (rsa, token, "01");
  /* PIV's signature key wants the PIN again for every signature */
  ec->algorithm = "ECDSA P-256 (PIN each)";
  take_signer (ec, token, "02");
}

/* The software SKF token */

static void
admin (const char *admin_path,
       const char *store,
       const char *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  int admin_pipe[2];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pins = NULL;
  g_autoptr(GBytes) err = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) admin_path);
  g_ptr_array_add (args, (gpointer) "--dir");
  g_ptr_array_add (args, (gpointer) store);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* The PINs go through pipes, not files: the user PIN on standard input,
   * the administrator's on descriptor 3 */
  g_assert_true (g_unix_open_pipe (admin_pipe, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  g_assert_cmpint (write (admin_pipe[1], SO_PIN "\n", strlen (SO_PIN "\n")), ==,
                   (gssize) strlen (SO_PIN "\n"));
  close (admin_pipe[1]);
  pins = g_bytes_new_static (PIN "\n", strlen (PIN "\n"));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, work_dir);
  g_subprocess_launcher_take_fd (launcher, admin_pipe[0], 3);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, pins, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("sdskf-soft-admin %s failed: %.*s", first, (int) g_bytes_get_size (err),
             (const char *) g_bytes_get_data (err, NULL));
}

static void
setup_skf (GPtrArray *contenders,
           guint      n)
{
  const char *backend = "software SKF token";
  const char *library_path = g_getenv ("SDSKF_SOFT_LIBRARY");
  const char *admin_path = g_getenv ("SDSKF_SOFT_ADMIN");
  g_autofree char *store = g_build_filename (work_dir, "skf", NULL);
  Contender *sm2 = contender_new (contenders, backend, "SM2", "sm2.key", SD_DIGEST_SM3, n);
  g_autoptr(SdSkfLibrary) library = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  sm2->batch = TRUE;
  if (library_path == NULL || admin_path == NULL)
    {
      skip_all (contenders, backend, "SDSKF_SOFT_LIBRARY and SDSKF_SOFT_ADMIN are not set "
                "(meson sets them)");
      return;
    }

  /* The library finds its store here */
  g_setenv ("SDSKF_SOFT_DIR", store, TRUE);
  admin (admin_path, store, "init-device", "BENCH01", "--label", "基准UKey", "--serial",
         "BENCH0001", NULL);
  admin (admin_path, store, "create-app", "BENCH01", "SealDesk", "--pin-file", "/dev/stdin",
         "--admin-pin-file", "/dev/fd/3", NULL);
  admin (admin_path, store, "import", "BENCH01", "SealDesk", "签名容器", "--pin-file",
         "/dev/stdin", "--sign-key", "sm2.key", "--sign-cert", "sm2.crt", NULL);

  library = sd_skf_library_load (library_path, &error);
  if (library != NULL)
    tokens = sd_token_skf_list (library, &error);
  if (tokens == NULL || tokens->len != 1)
    {
      g_autofree char *reason = g_strdup_printf ("the SKF device is not listed: %s",
                                                 error != NULL ? error->message : "no device");

      skip_all (contenders, backend, reason);
      return;
    }
  take_signer (sm2, g_ptr_array_index (tokens, 0), "签名容器");
}

/* Signatures per second */

/* About the size of the signed attributes of a PDF signature */
static GBytes *
signed_data (void)
{
  guint8 data[160];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 3);
  return g_bytes_new (data, sizeof data);
}

static EVP_PKEY *
load_key (const char *path)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "rb");
  EVP_PKEY *key = bio != NULL ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;

  if (key == NULL)
    g_error ("cannot read the key %s", path);
  return key;
}

/* What a program signing with the key in its own memory does for each
 * signature: set up a signing context, hash, sign. */
static gint64
openssl_sign_us (EVP_PKEY          *key,
                 SdDigestAlgorithm  digest,
                 GBytes            *data,
                 guint              n)
{
  const char *md_name = EVP_MD_get0_name (sd_digest_get_md (digest));
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EVP_MD_CTX) md = EVP_MD_CTX_new ();
      EVP_PKEY_CTX *pctx = NULL;
      guint8 signature[1024];
      size_t signature_length = sizeof signature;

      if (md == NULL || EVP_DigestSignInit_ex (md, &pctx, md_name, NULL, NULL, key, NULL) != 1
          || (EVP_PKEY_is_a (key, "SM2")
              && EVP_PKEY_CTX_set1_id (pctx, SD_SM2_DEFAULT_ID, SD_SM2_DEFAULT_ID_LENGTH) != 1)
          || EVP_DigestSign (md, signature, &signature_length, bytes, length) != 1)
        g_error ("OpenSSL failed to sign");
    }
  return g_get_monotonic_time () - start;
}

static gint64
token_sign_us (SdSigner          *signer,
               SdDigestAlgorithm  digest,
               GBytes            *data,
               guint              n,
               GError           **error)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) signature = sd_signer_sign (signer, digest, SD_SIGNATURE_SCHEME_DEFAULT,
                                                    data, NULL, error);

      if (signature == NULL)
        return -1;
    }
  return g_get_monotonic_time () - start;
}

/* The first signature logs in; it must verify with the certificate made
 * for the key OpenSSL signs with, so both sides use the same key. */
static gboolean
check_same_key (Contender  *c,
                EVP_PKEY   *key,
                GBytes     *data,
                GError    **error)
{
  g_autoptr(GBytes) der = sd_signer_get_certificate (c->signer);
  g_autoptr(X509) cert = sd_certificate_parse (der, error);
  g_autoptr(GBytes) signature = NULL;

  if (cert == NULL)
    return FALSE;
  if (X509_check_private_key (cert, key) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s is not the token's key",
                   c->key_path);
      return FALSE;
    }
  signature = sd_signer_sign (c->signer, c->digest, SD_SIGNATURE_SCHEME_DEFAULT, data, NULL,
                              error);
  return signature != NULL
         && sd_signature_verify (cert, c->digest, SD_SIGNATURE_SCHEME_DEFAULT,
                                 g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                 g_bytes_get_data (signature, NULL),
                                 g_bytes_get_size (signature), error);
}

static void
measure_rate (Contender *c)
{
  g_autoptr(GBytes) data = signed_data ();
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(GError) error = NULL;
  gint64 token_us = 0, openssl_us = 0;
  double token_rate, openssl_rate;

  if (c->signer == NULL)
    {
      g_print ("| %s | %s | | skipped: %s | | |\n", c->backend, c->algorithm, c->skipped);
      return;
    }
  key = load_key (c->key_path);
  if (!check_same_key (c, key, data, &error))
    {
      g_print ("| %s | %s | | failed: %s | | |\n", c->backend, c->algorithm, error->message);
      g_clear_object (&c->signer);
      return;
    }
  openssl_sign_us (key, c->digest, data, 1);

  /* Alternating rounds, so that a change in the machine's load falls on
   * both sides alike */
  for (guint round = 0; round < ROUNDS; round++)
    {
      guint n = c->n / ROUNDS + (round < c->n % ROUNDS ? 1 : 0);
      gint64 us = token_sign_us (c->signer, c->digest, data, n, &error);

      if (us < 0)
        {
          g_print ("| %s | %s | | failed: %s | | |\n", c->backend, c->algorithm,
                   error->message);
          g_clear_object (&c->signer);
          return;
        }
      token_us += us;
      openssl_us += openssl_sign_us (key, c->digest, data, n);
    }
  token_rate = c->n / (token_us / 1e6);
  openssl_rate = c->n / (openssl_us / 1e6);
  g_print ("| %s | %s | %u | %.0f | %.0f | %.2f |\n", c->backend, c->algorithm, c->n,
           token_rate, openssl_rate, openssl_rate / token_rate);
}

/* A batch of PDF signatures, through SdBatch as users run it */

/* The CPU time of the whole process, every thread: with the pipeline the
 * documents' side of the work runs beside the token's, so what counts is
 * whether the machine's cores can keep up with the token. */
static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
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

static void
run_batch (Contender *c,
           guint      n)
{
  g_autoptr(SdBenchSigner) timed = sd_bench_signer_new (c->signer);
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  g_autoptr(SdBatch) batch = NULL;
  g_autofree char *input = g_build_filename (work_dir, "in.pdf", NULL);
  g_autofree char *in_dir = g_build_filename (work_dir, "batch-in", NULL);
  g_autofree char *dir = g_build_filename (work_dir, "batch", NULL);
  g_autofree char *contents = NULL;
  BatchRun run = { FALSE };
  double total_ms, inside_ms, outside_ms, cpu_ms;
  gint64 start, total_us, cpu_start;
  gsize length;

  options->page = SD_SIGN_PAGE_LAST;
  options->x_mm = 120;
  options->y_mm = 200;
  options->width_mm = 40;
  options->seal_path = g_build_filename (work_dir, "seal.png", NULL);
  options->digest = c->digest;
  options->reason = g_strdup ("批量签章");
  batch = sd_batch_new (SD_SIGNER (timed), options, dir);
  /* n files of their own, as a folder of contracts would be */
  g_assert_cmpint (g_mkdir (in_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (input, &contents, &length, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.pdf", i);
      g_autofree char *file = g_build_filename (in_dir, name, NULL);

      g_assert_true (g_file_set_contents (file, contents, length, NULL));
      sd_batch_add_file (batch, file);
    }

  start = g_get_monotonic_time ();
  cpu_start = process_cpu_us ();
  sd_batch_run_async (batch, NULL, on_batch_done, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  total_us = g_get_monotonic_time () - start;
  cpu_ms = (process_cpu_us () - cpu_start) / 1e3;
  tt_remove_tree (dir);
  tt_remove_tree (in_dir);

  if (!run.ok || sd_batch_count (batch, SD_BATCH_FILE_SIGNED) != n)
    {
      g_autofree char *report = sd_batch_get_report (batch, SD_BATCH_REPORT_TEXT);

      g_print ("| %s | %s | | failed: %s | | | | | |\n", c->backend, c->algorithm,
               run.error != NULL ? run.error->message : "not every file was signed");
      g_printerr ("%s", report);
      g_clear_error (&run.error);
      return;
    }
  g_assert_cmpuint (timed->calls, ==, n);
  total_ms = total_us / 1e3;
  inside_ms = timed->busy_us / 1e3;
  outside_ms = total_ms - inside_ms;
  g_print ("| %s | %s | %u | %.1f | %.2f | %.2f | %.2f | %.2f | %.1f %% | %s |\n", c->backend,
           c->algorithm, n, n / (total_ms / 1e3), total_ms / n, inside_ms / n, outside_ms / n,
           cpu_ms / n, 100 * outside_ms / total_ms, outside_ms / total_ms < 0.2 ? "yes" : "no");
}

/* Where it ran */

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *loadavg = NULL;
  g_autofree char *model = NULL;
  struct utsname uts;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      const char *line = strstr (cpuinfo, "model name");
      const char *colon = line != NULL ? strchr (line, ':') : NULL;

      if (colon != NULL)
        model = g_strstrip (g_strndup (colon + 1, strcspn (colon + 1, "\n")));
    }
  uname (&uts);
  g_print ("machine: %s, %u CPUs, %s %s; %s\n", model != NULL ? model : "unknown CPU",
           g_get_num_processors (), uts.sysname, uts.release, OpenSSL_version (OPENSSL_VERSION));
  /* The other work on the machine makes the absolute figures noisy */
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    {
      g_auto(GStrv) fields = g_strsplit (loadavg, " ", 4);

      if (g_strv_length (fields) >= 3)
        g_print ("load average: %s %s %s\n", fields[0], fields[1], fields[2]);
    }
}

int
main (int    argc,
      char **argv)
{
  int n = 500, card_n = 100, batch_n = 1000;
  GOptionEntry entries[] = {
    { "signatures", 'n', 0, G_OPTION_ARG_INT, &n, "Signatures per software token (500)", "N" },
    { "card-signatures", 0, 0, G_OPTION_ARG_INT, &card_n, "Signatures per card key (100)", "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch_n, "PDF signatures in a batch (1000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- token signing benchmark");
  g_autoptr(GPtrArray) contenders = g_ptr_array_new_with_free_func (
    (GDestroyNotify) contender_free);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n < ROUNDS || card_n < ROUNDS || batch_n < 1)
    {
      g_printerr ("at least %d signatures, and one document\n", ROUNDS);
      return 2;
    }

  work_dir = tt_make_tmpdir ("sealdesk-bench-tokens");
  make_keys ();
  tt_make_document (work_dir);
  setup_softhsm (contenders, (guint) n);
  setup_piv (contenders, (guint) card_n);
  setup_skf (contenders, (guint) n);

  print_machine ();
  g_print ("\nSignatures through SdSigner (one login; SHA-256, SM3 for SM2) against OpenSSL "
           "in this process with the same key, in %u alternating rounds:\n\n", ROUNDS);
  g_print ("| backend | algorithm | N | sig/s | OpenSSL sig/s | token time / OpenSSL time |\n"
           "| --- | --- | ---: | ---: | ---: | ---: |\n");
  for (guint i = 0; i < contenders->len; i++)
    measure_rate (g_ptr_array_index (contenders, i));

  g_print ("\nA batch of PDF signatures through SdBatch (2-page PDFs, visible seal), one login, "
           "one signer; time in the token's sign call against the whole batch; CPU: all the "
           "process's threads, the token's included when it is in-process:\n\n");
  g_print ("| backend | algorithm | documents | docs/s | ms/doc | in token ms/doc "
           "| outside ms/doc | CPU ms/doc | outside share | < 20 %% |\n"
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
  for (guint i = 0; i < contenders->len; i++)
    {
      Contender *c = g_ptr_array_index (contenders, i);

      if (!c->batch)
        continue;
      if (c->signer == NULL)
        g_print ("| %s | %s | | skipped: %s | | | | | | |\n", c->backend, c->algorithm,
                 c->skipped);
      else
        run_batch (c, (guint) batch_n);
    }

  /* Signers, tokens and modules go before the card and pcscd */
  g_clear_pointer (&contenders, g_ptr_array_unref);
  tt_stop_process (&card, SIGKILL);
  tt_stop_process (&pcscd, SIGTERM);
  tt_remove_tree (work_dir);
  g_free (work_dir);
  return 0;
}
