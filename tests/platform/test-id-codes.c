/* test-id-codes.c: USCC, organization code and ID number checks, and the
 * codes found in certificates shaped like those of Chinese CAs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-id-codes.h"
#include "sd-openssl.h"
#include "sd-platform-pki.h"

static void
test_uscc (void)
{
  const char *valid[] = { "91350100M000100Y43", "91440101MA5C44W11J", "91310107570775676M",
                          "9144030071526726XG" };
  g_autofree char *org = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (sd_uscc_is_valid (valid[i]));
  g_assert_false (sd_uscc_is_valid ("91350100M000100Y44"));   /* check character */
  g_assert_false (sd_uscc_is_valid ("91350100M000100Y4"));    /* length */
  g_assert_false (sd_uscc_is_valid ("91350100M0001O0Y43"));   /* O is not in the alphabet */
  g_assert_false (sd_uscc_is_valid ("91350100m000100y43"));   /* upper case only */
  g_assert_false (sd_uscc_is_valid (NULL));
  org = sd_uscc_get_organization_code ("91350100M000100Y43");
  g_assert_cmpstr (org, ==, "M000100Y4");
  g_assert_null (sd_uscc_get_organization_code ("91350100M000100Y44"));
}

static void
test_organization_code (void)
{
  g_autofree char *normal = sd_organization_code_normalize ("d2143569-x");

  g_assert_cmpstr (normal, ==, "D2143569X");
  g_assert_true (sd_organization_code_is_valid ("D2143569X"));
  g_assert_false (sd_organization_code_is_valid ("D2143569-1"));
  g_assert_false (sd_organization_code_is_valid ("D214-3569X"));   /* dash in the wrong place */
  g_assert_false (sd_organization_code_is_valid ("D2143569"));
  /* every organization code inside a valid USCC passes */
  g_assert_true (sd_organization_code_is_valid ("570775676"));
  g_assert_true (sd_organization_code_is_valid ("MA5C44W11"));
}

static void
test_id_number (void)
{
  g_autofree char *upper = sd_id_number_normalize ("11010519491231002x");
  g_autofree char *masked = sd_id_number_mask ("11010519491231002X");

  g_assert_cmpstr (upper, ==, "11010519491231002X");
  g_assert_true (sd_id_number_is_valid ("310104198005211238"));
  g_assert_false (sd_id_number_is_valid ("110105194912310021"));   /* check character */
  g_assert_false (sd_id_number_is_valid ("110105194913310025"));   /* month 13 */
  g_assert_false (sd_id_number_is_valid ("11010519491231002"));
  g_assert_cmpstr (masked, ==, "110105********002X");
}

static void
test_enterprise_match (void)
{
  g_assert_true (sd_enterprise_code_matches ("91350100M000100Y43", "91350100M000100Y43"));
  g_assert_true (sd_enterprise_code_matches ("91350100M000100Y43", "M000100Y-4"));
  g_assert_false (sd_enterprise_code_matches ("91350100M000100Y43", "91440101MA5C44W11J"));
  g_assert_false (sd_enterprise_code_matches ("91350100M000100Y43", "MA5C44W11"));
  g_assert_false (sd_enterprise_code_matches ("91350100M000100Y43", NULL));
}

/* A certificate made by the test CA with @subject and @extensions */
static X509 *
certificate (const char * const    *subject,
             const SdPkiExtension  *extensions,
             gsize                  n_extensions)
{
  static EVP_PKEY *key;
  g_autoptr(GError) error = NULL;
  SdPkiCertificateSpec spec = { 0 };
  X509 *cert;

  if (key == NULL)
    key = sd_pki_make_key ("EC", &error);
  g_assert_no_error (error);
  spec.key = key;
  spec.subject = subject;
  spec.extensions = extensions;
  spec.n_extensions = n_extensions;
  spec.not_before = 0;
  spec.not_after = 4000000000;
  spec.serial = 7;
  cert = sd_pki_make_certificate (&spec, &error);
  g_assert_no_error (error);
  return cert;
}

static void
test_identity (void)
{
  static const char * const cfca_org[] = { "O", "ACME", "CN", "051@ACME@N91310107570775676M@1",
                                           NULL };
  static const char * const serial_org[] = { "serialNumber", "91350100M000100Y43", "CN", "甲方",
                                             NULL };
  static const char * const person[] = { "CN", "041@张三@011010519491231002X@2", NULL };
  static const char * const plain[] = { "CN", "李四", NULL };
  static const char * const nobody[] = { "O", "Nobody", "CN", "Nobody", NULL };
  static const SdPkiExtension gmt_employee[] = {
    { "1.2.156.10260.4.1.1", "310104198005211238" },
    { "1.2.156.10260.4.1.4", "M000100Y-4" },
  };
  static const SdPkiExtension bjca[] = { { "1.2.156.112562.2.1.1.1", "SF310104198005211238" } };
  g_autoptr(X509) a = certificate (cfca_org, NULL, 0);
  g_autoptr(X509) b = certificate (serial_org, NULL, 0);
  g_autoptr(X509) c = certificate (person, NULL, 0);
  g_autoptr(X509) d = certificate (plain, gmt_employee, G_N_ELEMENTS (gmt_employee));
  g_autoptr(X509) e = certificate (plain, bjca, G_N_ELEMENTS (bjca));
  g_autoptr(X509) f = certificate (nobody, NULL, 0);
  g_autoptr(SdCertificateIdentity) ia = sd_certificate_identity_new (a);
  g_autoptr(SdCertificateIdentity) ib = sd_certificate_identity_new (b);
  g_autoptr(SdCertificateIdentity) ic = sd_certificate_identity_new (c);
  g_autoptr(SdCertificateIdentity) id = sd_certificate_identity_new (d);
  g_autoptr(SdCertificateIdentity) ie = sd_certificate_identity_new (e);
  g_autoptr(SdCertificateIdentity) i_f = sd_certificate_identity_new (f);

  g_assert_cmpstr (ia->enterprise_code, ==, "91310107570775676M");
  g_assert_null (ia->id_number);
  g_assert_cmpstr (ib->enterprise_code, ==, "91350100M000100Y43");
  g_assert_cmpstr (ic->id_number, ==, "11010519491231002X");
  g_assert_null (ic->enterprise_code);
  g_assert_cmpstr (id->id_number, ==, "310104198005211238");
  g_assert_cmpstr (id->enterprise_code, ==, "M000100Y4");
  g_assert_cmpstr (ie->id_number, ==, "310104198005211238");
  g_assert_cmpstr (ie->unique_id, ==, "SF310104198005211238");
  g_assert_null (i_f->id_number);
  g_assert_null (i_f->enterprise_code);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/id-codes/uscc", test_uscc);
  g_test_add_func ("/id-codes/organization-code", test_organization_code);
  g_test_add_func ("/id-codes/id-number", test_id_number);
  g_test_add_func ("/id-codes/enterprise-match", test_enterprise_match);
  g_test_add_func ("/id-codes/certificate-identity", test_identity);
  return g_test_run ();
}
