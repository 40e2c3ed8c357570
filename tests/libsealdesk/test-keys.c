/* test-keys.c: key and certificate fixtures made at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "test-keys.h"

static char *fixture_dir;
static GHashTable *paths;

gboolean
test_keys_available (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  return openssl != NULL;
}

static gboolean
run_openssl_argv (GPtrArray  *args,
                  GError    **error)
{
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_insert (args, 0, (gpointer) "openssl");
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (fixture_dir, (char **) args->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_autofree char *line = g_strjoinv (" ", (char **) args->pdata);

      g_prefix_error (error, "%s: %s: ", line, err);
      return FALSE;
    }
  return TRUE;
}

gboolean
test_keys_openssl (GError    **error,
                   const char *first_arg,
                   ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);

  return run_openssl_argv (args, error);
}

#define OPENSSL(...)                                          \
  G_STMT_START                                                \
  {                                                           \
    g_autoptr(GError) openssl_error = NULL;                   \
    if (!test_keys_openssl (&openssl_error, __VA_ARGS__, NULL)) \
      g_error ("fixture: %s", openssl_error->message);        \
  }                                                           \
  G_STMT_END

static void
write_file (const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, contents, -1, &error))
    g_error ("fixture: %s", error->message);
}

static void
concat_files (const char *out,
              const char *a,
              const char *b)
{
  g_autofree char *pa = g_build_filename (fixture_dir, a, NULL);
  g_autofree char *pb = g_build_filename (fixture_dir, b, NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  g_autofree char *all = NULL;

  if (!g_file_get_contents (pa, &ca, NULL, NULL) || !g_file_get_contents (pb, &cb, NULL, NULL))
    g_error ("fixture: cannot read %s or %s", a, b);
  all = g_strconcat (ca, cb, NULL);
  write_file (out, all);
}

static void
self_signed (const char *name,
             const char *subject,
             const char *alg,
             const char *opt)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);

  if (opt != NULL)
    OPENSSL ("req", "-x509", "-newkey", alg, "-pkeyopt", opt, "-nodes", "-keyout", key, "-out",
             crt, "-subj", subject, "-utf8", "-days", "30", "-sha256");
  else
    OPENSSL ("req", "-x509", "-newkey", alg, "-nodes", "-keyout", key, "-out", crt, "-subj",
             subject, "-utf8", "-days", "30", "-sha256");
}

static void
generate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pass_arg = g_strconcat ("pass:", TEST_PASSWORD, NULL);

  fixture_dir = g_dir_make_tmp ("sealdesk-test-keys-XXXXXX", &error);
  if (fixture_dir == NULL)
    g_error ("fixture: %s", error->message);

  self_signed ("rsa", "/CN=RSA Signer/O=SealDesk 测试有限公司", "rsa:2048", NULL);
  self_signed ("p256", "/CN=P-256 Signer", "ec", "ec_paramgen_curve:P-256");
  self_signed ("p384", "/CN=P-384 Signer", "ec", "ec_paramgen_curve:P-384");
  OPENSSL ("pkey", "-in", "p256.key", "-traditional", "-out", "p256-trad.key");

  OPENSSL ("genpkey", "-algorithm", "SM2", "-out", "sm2.key");
  OPENSSL ("req", "-x509", "-new", "-key", "sm2.key", "-sm3", "-sigopt",
           "distid:1234567812345678", "-subj", "/CN=SM2 签名者/O=SealDesk", "-utf8", "-days",
           "30", "-out", "sm2.crt");

  /* OpenSSL 3.0 writes this one as "SM2 PRIVATE KEY" */
  OPENSSL ("ec", "-in", "sm2.key", "-out", "sm2-trad.key");
  OPENSSL ("pkcs12", "-export", "-inkey", "sm2.key", "-in", "sm2.crt", "-passout", pass_arg,
           "-out", "sm2.p12");

  write_file ("ext.cnf",
              "[ca]\n"
              "basicConstraints = critical, CA:TRUE\n"
              "keyUsage = critical, keyCertSign, cRLSign\n"
              "subjectKeyIdentifier = hash\n"
              "authorityKeyIdentifier = keyid\n"
              "[leaf]\n"
              "basicConstraints = CA:FALSE\n"
              "keyUsage = critical, digitalSignature, nonRepudiation\n"
              "subjectKeyIdentifier = hash\n"
              "authorityKeyIdentifier = keyid\n");

  OPENSSL ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
           "-keyout", "root.key", "-out", "root.crt", "-subj", "/CN=SealDesk Test Root CA",
           "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
           "keyUsage=critical,keyCertSign,cRLSign");
  OPENSSL ("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
           "-keyout", "inter.key", "-out", "inter.csr", "-subj",
           "/CN=SealDesk Test Intermediate CA");
  OPENSSL ("x509", "-req", "-in", "inter.csr", "-CA", "root.crt", "-CAkey", "root.key",
           "-set_serial", "2", "-days", "30", "-extfile", "ext.cnf", "-extensions", "ca", "-out",
           "inter.crt");
  OPENSSL ("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out",
           "leaf.csr", "-subj", "/CN=Leaf Signer/O=SealDesk");
  OPENSSL ("x509", "-req", "-in", "leaf.csr", "-CA", "inter.crt", "-CAkey", "inter.key",
           "-set_serial", "0x9234567890abcdef01", "-days", "30", "-extfile", "ext.cnf",
           "-extensions", "leaf", "-out", "leaf.crt");
  concat_files ("chain.pem", "root.crt", "inter.crt");

  OPENSSL ("pkey", "-in", "leaf.key", "-aes256", "-passout", pass_arg, "-out", "leaf-enc.key");
  OPENSSL ("pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile",
           "chain.pem", "-passout", pass_arg, "-out", "leaf.p12");
  OPENSSL ("pkcs12", "-export", "-legacy", "-inkey", "leaf.key", "-in", "leaf.crt",
           "-certfile", "chain.pem", "-passout", pass_arg, "-out", "leaf-legacy.p12");
}

const char *
test_keys_path (const char *name)
{
  char *path;

  if (fixture_dir == NULL)
    {
      generate ();
      paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }

  path = g_hash_table_lookup (paths, name);
  if (path == NULL)
    {
      path = g_build_filename (fixture_dir, name, NULL);
      g_hash_table_insert (paths, g_strdup (name), path);
    }
  return path;
}

void
test_keys_cleanup (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fixture_dir == NULL)
    return;

  dir = g_dir_open (fixture_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture_dir);
  g_clear_pointer (&fixture_dir, g_free);
  g_clear_pointer (&paths, g_hash_table_unref);
}
