/* platform-test-pki: the test CA and the key holder of the platform tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   platform-test-pki make DIR
 *       writes ca.pem and, for every certificate the tests bind, NAME.pem,
 *       NAME.der and NAME.key
 *   platform-test-pki make-many DIR N
 *       writes N personal certificates (EC, ID number 11010519491231002X)
 *       many-0.der … and their keys many-0.key …, for the benchmark
 *   platform-test-pki sign
 *       reads lines "KEYFILE DIGEST SCHEME BASE64DATA" and answers each with
 *       one line: the base64 signature (SM2 with the GM distinguishing ID),
 *       or "ERROR …": a key in a USB token would sign the challenge the same way
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-openssl.h"
#include "sd-platform-pki.h"

#define USCC_A    "91350100M000100Y43"
#define ORG_A     "M000100Y-4"
#define USCC_B    "91440101MA5C44W11J"
#define ID_1      "11010519491231002X"
#define ID_2      "310104198005211238"
#define ID_3      "440305199911084518"
#define COMPANY_A "甲方科技有限公司"

typedef struct
{
  const char           *name;
  const char           *key_type;
  const char           *subject[9];
  SdPkiExtension        extensions[2];
  const char           *key_usage;
  gint64                not_before_days;   /* from now */
  gint64                not_after_days;
} TestCertificate;

static const TestCertificate certificates[] = {
  /* organizations: the USCC in serialNumber, in a CFCA CN, the organization
   * code alone in the GM/T 0015 extension */
  { "org-rsa", "RSA", { "C", "CN", "O", COMPANY_A, "serialNumber", USCC_A, "CN", COMPANY_A },
    { { 0 } }, NULL, -1, 365 },
  { "org-ec", "EC", { "C", "CN", "O", COMPANY_A, "CN", "051@" COMPANY_A "@N" USCC_A "@1" },
    { { 0 } }, NULL, -1, 365 },
  { "org-sm2", "SM2", { "C", "CN", "O", COMPANY_A, "CN", COMPANY_A },
    { { "1.2.156.10260.4.1.4", ORG_A } }, NULL, -1, 365 },
  { "org-b", "RSA", { "C", "CN", "O", "乙方有限公司", "serialNumber", USCC_B, "CN", "乙方有限公司" },
    { { 0 } }, NULL, -1, 365 },
  /* employees: enterprise code and ID number */
  { "employee-ec", "EC", { "C", "CN", "O", COMPANY_A, "CN", "张三" },
    { { "1.2.156.10260.4.1.1", ID_1 }, { "1.2.156.10260.4.1.4", USCC_A } }, NULL, -1, 365 },
  { "employee-b", "EC", { "C", "CN", "O", "乙方有限公司", "CN", "张三" },
    { { "1.2.156.10260.4.1.1", ID_1 }, { "1.2.156.10260.4.1.4", USCC_B } }, NULL, -1, 365 },
  /* persons: the ID number in GM/T 0015, a CFCA CN, the legacy arc, BJCA's
   * unique ID */
  { "personal-rsa", "RSA", { "C", "CN", "CN", "张三" },
    { { "1.2.156.10260.4.1.1", ID_1 } }, NULL, -1, 365 },
  { "personal-pss", "RSA", { "C", "CN", "CN", "041@张三@0" ID_1 "@2" }, { { 0 } }, NULL, -1, 365 },
  { "personal-ec", "EC", { "C", "CN", "CN", "张三" },
    { { "1.2.86.11.7.1", ID_1 } }, NULL, -1, 365 },
  { "personal-sm2", "SM2", { "C", "CN", "CN", "李四" },
    { { "1.2.156.112562.2.1.1.1", "SF" ID_2 } }, NULL, -1, 365 },
  { "personal-id3", "RSA", { "C", "CN", "CN", "王五" },
    { { "1.2.156.10260.4.1.1", ID_3 } }, NULL, -1, 365 },
  { "race", "EC", { "C", "CN", "CN", "张三" }, { { "1.2.156.10260.4.1.1", ID_1 } }, NULL, -1,
    365 },
  /* refused ones */
  { "expired", "RSA", { "C", "CN", "CN", "张三" }, { { "1.2.156.10260.4.1.1", ID_1 } }, NULL,
    -400, -1 },
  { "notyet", "RSA", { "C", "CN", "CN", "张三" }, { { "1.2.156.10260.4.1.1", ID_1 } }, NULL, 30,
    400 },
  { "encryption", "RSA", { "C", "CN", "CN", "张三" }, { { "1.2.156.10260.4.1.1", ID_1 } },
    "critical,keyEncipherment,dataEncipherment", -1, 365 },
  { "noidentity", "EC", { "C", "CN", "O", "Nobody", "CN", "Nobody" }, { { 0 } }, NULL, -1,
    365 },
};

static int
make (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autoptr(X509) ca = NULL;
  static const char * const ca_subject[] = { "C", "CN", "O", "SealDesk 测试 CA", "CN",
                                             "SealDesk 测试根证书", NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SdPkiCertificateSpec spec = { 0 };

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("platform-test-pki: cannot create %s\n", dir);
      return 1;
    }
  ca_key = sd_pki_make_key ("RSA", &error);
  spec.key = ca_key;
  spec.subject = ca_subject;
  spec.not_before = now - 86400;
  spec.not_after = now + 3650 * 86400;
  spec.serial = 1;
  ca = ca_key != NULL ? sd_pki_make_certificate (&spec, &error) : NULL;
  if (ca == NULL || !sd_pki_write_pem (dir, "ca.pem", ca, NULL, &error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (certificates); i++)
    {
      const TestCertificate *t = &certificates[i];
      g_autoptr(EVP_PKEY) key = sd_pki_make_key (t->key_type, &error);
      g_autoptr(X509) cert = NULL;
      g_autoptr(GBytes) der = NULL;
      g_autofree char *pem_name = g_strconcat (t->name, ".pem", NULL);
      g_autofree char *key_name = g_strconcat (t->name, ".key", NULL);
      g_autofree char *der_path = g_strdup_printf ("%s/%s.der", dir, t->name);
      gsize n_extensions = 0;

      if (key == NULL)
        goto failed;
      while (n_extensions < G_N_ELEMENTS (t->extensions) && t->extensions[n_extensions].oid != NULL)
        n_extensions++;
      memset (&spec, 0, sizeof spec);
      spec.key = key;
      spec.issuer = ca;
      spec.issuer_key = ca_key;
      spec.subject = t->subject;
      spec.extensions = t->extensions;
      spec.n_extensions = n_extensions;
      spec.key_usage = t->key_usage;
      spec.not_before = now + t->not_before_days * 86400;
      spec.not_after = now + t->not_after_days * 86400;
      spec.serial = 1000 + (glong) i;
      cert = sd_pki_make_certificate (&spec, &error);
      if (cert == NULL || (der = sd_certificate_to_der (cert, &error)) == NULL
          || !sd_pki_write_pem (dir, pem_name, cert, NULL, &error)
          || !sd_pki_write_pem (dir, key_name, NULL, key, &error)
          || !g_file_set_contents (der_path, g_bytes_get_data (der, NULL), g_bytes_get_size (der),
                                   &error))
        goto failed;
    }
  return 0;

failed:
  g_printerr ("platform-test-pki: %s\n", error != NULL ? error->message : "failed");
  return 1;
}

static int
make_many (const char *dir,
           guint       n)
{
  static const char * const subject[] = { "C", "CN", "CN", "张三", NULL };
  static const SdPkiExtension extensions[] = { { "1.2.156.10260.4.1.1", ID_1 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(EVP_PKEY) ca_key = sd_pki_make_key ("EC", &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SdPkiCertificateSpec spec = { 0 };
  g_autoptr(X509) ca = NULL;
  static const char * const ca_subject[] = { "CN", "SealDesk bench CA", NULL };

  if (ca_key == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    goto failed;
  spec.key = ca_key;
  spec.subject = ca_subject;
  spec.not_before = now - 86400;
  spec.not_after = now + 86400;
  spec.serial = 1;
  ca = sd_pki_make_certificate (&spec, &error);
  if (ca == NULL)
    goto failed;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EVP_PKEY) key = sd_pki_make_key ("EC", &error);
      g_autoptr(X509) cert = NULL;
      g_autoptr(GBytes) der = NULL;
      g_autofree char *key_name = g_strdup_printf ("many-%u.key", i);
      g_autofree char *der_path = g_strdup_printf ("%s/many-%u.der", dir, i);

      memset (&spec, 0, sizeof spec);
      spec.key = key;
      spec.issuer = ca;
      spec.issuer_key = ca_key;
      spec.subject = subject;
      spec.extensions = extensions;
      spec.n_extensions = G_N_ELEMENTS (extensions);
      spec.not_before = now - 86400;
      spec.not_after = now + 86400;
      spec.serial = 100000 + (glong) i;
      if (key == NULL || (cert = sd_pki_make_certificate (&spec, &error)) == NULL
          || (der = sd_certificate_to_der (cert, &error)) == NULL
          || !sd_pki_write_pem (dir, key_name, NULL, key, &error)
          || !g_file_set_contents (der_path, g_bytes_get_data (der, NULL), g_bytes_get_size (der),
                                   &error))
        goto failed;
    }
  return 0;

failed:
  g_printerr ("platform-test-pki: %s\n", error != NULL ? error->message : "failed");
  return 1;
}

static EVP_PKEY *
load_key (GHashTable *keys,
          const char *path)
{
  EVP_PKEY *key = g_hash_table_lookup (keys, path);
  g_autoptr(BIO) bio = NULL;

  if (key != NULL)
    return key;
  bio = BIO_new_file (path, "r");
  key = bio != NULL ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;
  if (key != NULL)
    g_hash_table_insert (keys, g_strdup (path), key);
  return key;
}

static char *
sign_line (GHashTable *keys,
           char       *line)
{
  g_auto(GStrv) parts = g_strsplit (g_strstrip (line), " ", 4);
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  g_autofree guchar *data = NULL;
  g_autofree guchar *signature = NULL;
  EVP_PKEY_CTX *pctx = NULL;
  EVP_PKEY *key;
  gsize data_length = 0;
  size_t length = 0;

  if (g_strv_length (parts) != 4 || ctx == NULL)
    return g_strdup ("ERROR usage: KEYFILE DIGEST SCHEME BASE64DATA");
  key = load_key (keys, parts[0]);
  if (key == NULL)
    return g_strdup_printf ("ERROR cannot read %s", parts[0]);
  data = g_base64_decode (parts[3], &data_length);
  if (EVP_DigestSignInit_ex (ctx, &pctx, parts[1], NULL, NULL, key, NULL) != 1
      || (EVP_PKEY_is_a (key, "SM2")
          && EVP_PKEY_CTX_set1_id (pctx, SD_SM2_DEFAULT_ID, SD_SM2_DEFAULT_ID_LENGTH) != 1)
      || (strcmp (parts[2], "pss") == 0
          && (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) != 1
              || EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
      || EVP_DigestSign (ctx, NULL, &length, data, data_length) != 1)
    return g_strdup ("ERROR cannot sign");
  signature = g_malloc (length);
  if (EVP_DigestSign (ctx, signature, &length, data, data_length) != 1)
    return g_strdup ("ERROR cannot sign");
  return g_base64_encode (signature, length);
}

static int
sign_loop (void)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) EVP_PKEY_free);
  char line[8192];

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autofree char *answer = sign_line (keys, line);

      printf ("%s\n", answer);
      fflush (stdout);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "make") == 0)
    return make (argv[2]);
  if (argc == 4 && strcmp (argv[1], "make-many") == 0)
    return make_many (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 2 && strcmp (argv[1], "sign") == 0)
    return sign_loop ();
  g_printerr ("usage: platform-test-pki make DIR | make-many DIR N | sign\n");
  return 2;
}
