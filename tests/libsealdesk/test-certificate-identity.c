/* test-certificate-identity.c: who a certificate names, on certificates
 * shaped like those of CFCA, BJCA, GDCA/NETCA, ZJCA/SHECA and GM/T 0015,
 * made here with the OpenSSL API; and how a key's certificate is then
 * classified (机构证书 / 个人 / 机构员工证书).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "sd-id-codes.h"
#include "sd-openssl.h"
#include "sd-token-certificate.h"

#define USCC      "91350100M000100Y43"
#define ORG_CODE  "M000100Y4"
#define ID_NUMBER "11010519491231002X"

/* An extension's value as DER */
typedef enum
{
  ENC_UTF8,           /* UTF8String */
  ENC_PRINTABLE,      /* PrintableString */
  ENC_IA5,            /* IA5String */
  ENC_SEQUENCE,       /* SEQUENCE { UTF8String } */
  ENC_SET,            /* SET { PrintableString } */
  ENC_OCTET_SEQUENCE, /* OCTET STRING { SEQUENCE { UTF8String } } */
  ENC_RAW,            /* the text itself, no DER at all */
} Encoding;

typedef struct
{
  const char *oid;
  const char *value;
  Encoding    encoding;
} Extension;

static EVP_PKEY *key;

static GByteArray *
tlv (guint8        tag,
     const guint8 *content,
     gsize         length)
{
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpuint (length, <, 128);
  g_byte_array_append (out, &tag, 1);
  g_byte_array_append (out, (guint8[]) { (guint8) length }, 1);
  g_byte_array_append (out, content, (guint) length);
  return out;
}

static GByteArray *
encode (const char *value,
        Encoding    encoding)
{
  const guint8 *text = (const guint8 *) value;
  gsize length = strlen (value);
  g_autoptr(GByteArray) inner = NULL;
  g_autoptr(GByteArray) middle = NULL;

  switch (encoding)
    {
    case ENC_UTF8:
      return tlv (0x0c, text, length);
    case ENC_PRINTABLE:
      return tlv (0x13, text, length);
    case ENC_IA5:
      return tlv (0x16, text, length);
    case ENC_SEQUENCE:
      inner = tlv (0x0c, text, length);
      return tlv (0x30, inner->data, inner->len);
    case ENC_SET:
      inner = tlv (0x13, text, length);
      return tlv (0x31, inner->data, inner->len);
    case ENC_OCTET_SEQUENCE:
      inner = tlv (0x0c, text, length);
      middle = tlv (0x30, inner->data, inner->len);
      return tlv (0x04, middle->data, middle->len);
    case ENC_RAW:
    default:
      {
        GByteArray *out = g_byte_array_new ();

        g_byte_array_append (out, text, (guint) length);
        return out;
      }
    }
}

/* A certificate with @subject ("CN", "…", "O", "…", NULL), @extensions and
 * @key_usage (an openssl keyUsage value, or NULL) */
static X509 *
make_certificate (const char * const *subject,
                  const Extension    *extensions,
                  gsize               n_extensions,
                  const char         *key_usage)
{
  g_autoptr(X509) cert = X509_new ();
  X509_NAME *name = X509_get_subject_name (cert);

  g_assert_true (X509_set_version (cert, 2));
  g_assert_true (ASN1_INTEGER_set (X509_get_serialNumber (cert), 42));
  g_assert_nonnull (X509_gmtime_adj (X509_getm_notBefore (cert), 0));
  g_assert_nonnull (X509_gmtime_adj (X509_getm_notAfter (cert), 86400));
  for (gsize i = 0; subject[i] != NULL; i += 2)
    g_assert_true (X509_NAME_add_entry_by_txt (name, subject[i], MBSTRING_UTF8,
                                               (const unsigned char *) subject[i + 1], -1, -1,
                                               0));
  g_assert_true (X509_set_issuer_name (cert, name));
  g_assert_true (X509_set_pubkey (cert, key));

  for (gsize i = 0; i < n_extensions; i++)
    {
      g_autoptr(GByteArray) der = encode (extensions[i].value, extensions[i].encoding);
      g_autoptr(ASN1_OCTET_STRING) data = ASN1_OCTET_STRING_new ();
      ASN1_OBJECT *object = OBJ_txt2obj (extensions[i].oid, 1);
      X509_EXTENSION *extension;

      g_assert_nonnull (object);
      g_assert_true (ASN1_OCTET_STRING_set (data, der->data, (int) der->len));
      extension = X509_EXTENSION_create_by_OBJ (NULL, object, 0, data);
      g_assert_nonnull (extension);
      g_assert_true (X509_add_ext (cert, extension, -1));
      X509_EXTENSION_free (extension);
      ASN1_OBJECT_free (object);
    }
  if (key_usage != NULL)
    {
      X509_EXTENSION *extension = X509V3_EXT_conf_nid (NULL, NULL, NID_key_usage, key_usage);

      g_assert_nonnull (extension);
      g_assert_true (X509_add_ext (cert, extension, -1));
      X509_EXTENSION_free (extension);
    }
  g_assert_cmpint (X509_sign (cert, key, EVP_sha256 ()), >, 0);
  return g_steal_pointer (&cert);
}

static SdCertificateIdentity *
identity_of (const char * const *subject,
             const Extension    *extensions,
             gsize               n_extensions)
{
  g_autoptr(X509) cert = make_certificate (subject, extensions, n_extensions, NULL);

  return sd_certificate_identity_new (cert);
}

/* As a key's certificate: classified, identity kept */
static SdTokenCertificate *
token_certificate_of (const char * const *subject,
                      const Extension    *extensions,
                      gsize               n_extensions)
{
  g_autoptr(X509) cert = make_certificate (subject, extensions, n_extensions,
                                           "critical,digitalSignature,nonRepudiation");
  unsigned char *der = NULL;
  int length = i2d_X509 (cert, &der);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SdTokenCertificate *token_cert;

  g_assert_cmpint (length, >, 0);
  bytes = g_bytes_new (der, (gsize) length);
  OPENSSL_free (der);
  token_cert = sd_token_certificate_new (bytes, "01", "test", SD_PRIVATE_KEY_PRESENT, FALSE,
                                         &error);
  g_assert_no_error (error);
  return token_cert;
}

static void
test_codes_are_valid (void)
{
  /* The fixtures themselves */
  g_assert_true (sd_uscc_is_valid (USCC));
  g_assert_true (sd_organization_code_is_valid (ORG_CODE));
  g_assert_true (sd_id_number_is_valid (ID_NUMBER));
}

static void
test_cfca (void)
{
  static const char * const organization[] = {
    "C", "CN", "O", "CFCA OCA1", "OU", "Organizational-2",
    "CN", "051@某某科技有限公司@N" USCC "@1", NULL
  };
  static const char * const individual[] = {
    "C", "CN", "O", "CFCA OCA1", "OU", "Individual-1", "CN", "041@张三@Z" ID_NUMBER "@1", NULL
  };
  static const char * const individual_zero[] = {
    "C", "CN", "OU", "Individual-1", "CN", "041@张三@0" ID_NUMBER "@2", NULL
  };
  g_autoptr(SdCertificateIdentity) org = identity_of (organization, NULL, 0);
  g_autoptr(SdCertificateIdentity) person = identity_of (individual_zero, NULL, 0);
  g_autoptr(SdTokenCertificate) org_cert = token_certificate_of (organization, NULL, 0);
  g_autoptr(SdTokenCertificate) person_cert = token_certificate_of (individual, NULL, 0);

  g_assert_cmpstr (org->enterprise_code, ==, USCC);
  g_assert_null (org->id_number);
  g_assert_cmpstr (person->id_number, ==, ID_NUMBER);
  g_assert_null (person->enterprise_code);

  g_assert_cmpint (org_cert->holder, ==, SD_CERT_HOLDER_ORGANIZATION);
  g_assert_cmpstr (org_cert->enterprise_code, ==, USCC);
  g_assert_cmpstr (person_cert->id_number_masked, ==, "110105********002X");
  g_assert_null (person_cert->enterprise_code);
  /* 姓名 from the CN's name part; an organisation's certificate names no person */
  g_assert_cmpstr (person_cert->person_name, ==, "张三");
  g_assert_null (org_cert->person_name);
  g_assert_true (person_cert->can_sign);
  /* CA服务商 as the platform names it: the issuer's O */
  g_assert_cmpstr (org_cert->ca_provider, ==, "CFCA OCA1");
  g_assert_nonnull (org_cert->not_before);
  g_assert_cmpint (g_date_time_compare (org_cert->not_before, org_cert->not_after), <, 0);
}

static void
test_bjca (void)
{
  static const char * const subject[] = { "C", "CN", "CN", "李四", NULL };
  const Extension sm2[] = { { "1.2.156.112562.2.1.1.1", "SF" ID_NUMBER, ENC_UTF8 } };
  const Extension rsa[] = { { "2.16.840.1.113732.2", "SF" ID_NUMBER, ENC_PRINTABLE } };
  const Extension rsa_wrapped[] = { { "2.16.840.1.113732.2", "SF" ID_NUMBER,
                                      ENC_OCTET_SEQUENCE } };
  g_autoptr(SdCertificateIdentity) a = identity_of (subject, sm2, G_N_ELEMENTS (sm2));
  g_autoptr(SdCertificateIdentity) b = identity_of (subject, rsa, G_N_ELEMENTS (rsa));
  g_autoptr(SdCertificateIdentity) c = identity_of (subject, rsa_wrapped,
                                                    G_N_ELEMENTS (rsa_wrapped));
  g_autoptr(SdTokenCertificate) cert = token_certificate_of (subject, sm2, G_N_ELEMENTS (sm2));

  g_assert_cmpstr (a->id_number, ==, ID_NUMBER);
  g_assert_cmpstr (a->unique_id, ==, "SF" ID_NUMBER);
  g_assert_null (a->enterprise_code);
  g_assert_cmpstr (b->id_number, ==, ID_NUMBER);
  g_assert_cmpstr (b->unique_id, ==, "SF" ID_NUMBER);
  g_assert_cmpstr (c->id_number, ==, ID_NUMBER);
  g_assert_cmpint (cert->holder, ==, SD_CERT_HOLDER_PERSON);
  g_assert_cmpstr (cert->person_name, ==, "李四");
}

static void
test_gdca_netca (void)
{
  static const char * const subject[] = { "C", "CN", "O", "某某科技有限公司",
                                          "CN", "某某科技有限公司", NULL };
  const Extension organization[] = { { "1.3.6.1.4.1.18760.1.12.11", "N" USCC, ENC_UTF8 } };
  const Extension person[] = { { "1.3.6.1.4.1.18760.1.12.11", ID_NUMBER, ENC_SEQUENCE } };
  g_autoptr(SdCertificateIdentity) org = identity_of (subject, organization,
                                                      G_N_ELEMENTS (organization));
  g_autoptr(SdCertificateIdentity) employee = identity_of (subject, person,
                                                           G_N_ELEMENTS (person));
  g_autoptr(SdTokenCertificate) org_cert = token_certificate_of (subject, organization,
                                                                 G_N_ELEMENTS (organization));
  g_autoptr(SdTokenCertificate) employee_cert = token_certificate_of (subject, person,
                                                                      G_N_ELEMENTS (person));

  g_assert_cmpstr (org->enterprise_code, ==, USCC);
  g_assert_cmpstr (org->unique_id, ==, "N" USCC);
  g_assert_null (org->id_number);
  g_assert_cmpstr (employee->id_number, ==, ID_NUMBER);
  g_assert_cmpint (org_cert->holder, ==, SD_CERT_HOLDER_ORGANIZATION);
  /* an ID number in a certificate of an organisation: its employee */
  g_assert_cmpint (employee_cert->holder, ==, SD_CERT_HOLDER_EMPLOYEE);
  /* whose CN is the organisation's name, not the person's */
  g_assert_null (employee_cert->person_name);
  g_assert_null (org_cert->person_name);
}

static void
test_zjca_sheca (void)
{
  static const char * const subject[] = { "C", "CN", "CN", "浙江某某有限公司", NULL };
  const Extension dashed[] = { { "1.2.156.1.8888.148", "M000100Y-4", ENC_PRINTABLE } };
  const Extension uscc[] = { { "1.2.156.1.8888.148", USCC, ENC_SET } };
  g_autoptr(SdCertificateIdentity) a = identity_of (subject, dashed, G_N_ELEMENTS (dashed));
  g_autoptr(SdCertificateIdentity) b = identity_of (subject, uscc, G_N_ELEMENTS (uscc));

  g_assert_cmpstr (a->enterprise_code, ==, ORG_CODE);
  g_assert_cmpstr (b->enterprise_code, ==, USCC);
  g_assert_null (a->id_number);
}

static void
test_subject_places (void)
{
  static const char * const serial[] = { "C", "CN", "serialNumber", USCC, "CN", "甲方", NULL };
  static const char * const ou[] = { "C", "CN", "O", "某某科技有限公司", "OU", USCC,
                                     "CN", "某某科技有限公司", NULL };
  static const char * const bad[] = { "C", "CN", "serialNumber", "91350100M000100Y44",
                                      "OU", "Individual-1", "OU", "Organizational-2",
                                      "CN", "Nobody", NULL };
  g_autoptr(SdCertificateIdentity) a = identity_of (serial, NULL, 0);
  g_autoptr(SdCertificateIdentity) b = identity_of (ou, NULL, 0);
  g_autoptr(SdCertificateIdentity) c = identity_of (bad, NULL, 0);
  g_autoptr(SdTokenCertificate) nobody = token_certificate_of (bad, NULL, 0);

  g_assert_cmpstr (a->enterprise_code, ==, USCC);
  g_assert_cmpstr (b->enterprise_code, ==, USCC);
  /* a wrong check character is no code; OU words are not codes */
  g_assert_null (c->enterprise_code);
  g_assert_null (c->id_number);
  g_assert_cmpint (nobody->holder, ==, SD_CERT_HOLDER_UNKNOWN);
}

/* GM/T 0015: .1 ID number, .3 / .4 / .5 enterprise codes, in each encoding */
static void
test_gmt_0015 (void)
{
  static const char * const subject[] = { "C", "CN", "CN", "王五", NULL };
  static const Encoding encodings[] = {
    ENC_UTF8, ENC_PRINTABLE, ENC_IA5, ENC_SEQUENCE, ENC_SET, ENC_OCTET_SEQUENCE, ENC_RAW
  };
  static const struct
  {
    const char *oid;
    const char *value;
    const char *enterprise_code;
  } places[] = {
    { "1.2.156.10260.4.1.3", "N" USCC, USCC },
    { "1.2.156.10260.4.1.4", "M000100Y-4", ORG_CODE },
    { "1.2.156.10260.4.1.5", USCC, USCC },
  };

  for (gsize e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      const Extension person[] = { { "1.2.156.10260.4.1.1", ID_NUMBER, encodings[e] } };
      g_autoptr(SdCertificateIdentity) p = identity_of (subject, person, 1);

      g_test_message ("1.2.156.10260.4.1.1, encoding %" G_GSIZE_FORMAT, e);
      g_assert_cmpstr (p->id_number, ==, ID_NUMBER);
      g_assert_null (p->enterprise_code);

      for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
        {
          const Extension both[] = {
            { "1.2.156.10260.4.1.1", ID_NUMBER, encodings[e] },
            { places[i].oid, places[i].value, encodings[e] },
          };
          g_autoptr(SdCertificateIdentity) id = identity_of (subject, both, 2);
          g_autoptr(SdTokenCertificate) cert = token_certificate_of (subject, both, 2);

          g_test_message ("%s, encoding %" G_GSIZE_FORMAT, places[i].oid, e);
          g_assert_cmpstr (id->enterprise_code, ==, places[i].enterprise_code);
          g_assert_cmpstr (id->id_number, ==, ID_NUMBER);
          g_assert_cmpint (cert->holder, ==, SD_CERT_HOLDER_EMPLOYEE);
          g_assert_cmpstr (cert->person_name, ==, "王五");
        }
    }
}

/* Surname and given name, when the subject has them, say the name */
static void
test_person_name_parts (void)
{
  static const char * const subject[] = { "C", "CN", "O", "某某科技有限公司", "SN", "欧阳",
                                          "GN", "娜娜", "CN", "欧阳娜娜 (某某科技)", NULL };
  const Extension person[] = { { "1.2.156.10260.4.1.1", ID_NUMBER, ENC_UTF8 } };
  static const char * const nobody[] = { "C", "CN", "CN", "张三", NULL };
  g_autoptr(SdTokenCertificate) cert = token_certificate_of (subject, person, 1);
  g_autoptr(SdTokenCertificate) unknown = token_certificate_of (nobody, NULL, 0);

  g_assert_cmpint (cert->holder, ==, SD_CERT_HOLDER_EMPLOYEE);
  g_assert_cmpstr (cert->person_name, ==, "欧阳娜娜");
  /* no ID number: nothing says the CN is a person */
  g_assert_cmpint (unknown->holder, ==, SD_CERT_HOLDER_UNKNOWN);
  g_assert_null (unknown->person_name);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  key = EVP_EC_gen ("P-256");
  g_assert_nonnull (key);

  g_test_add_func ("/certificate-identity/fixtures", test_codes_are_valid);
  g_test_add_func ("/certificate-identity/cfca", test_cfca);
  g_test_add_func ("/certificate-identity/bjca", test_bjca);
  g_test_add_func ("/certificate-identity/gdca-netca", test_gdca_netca);
  g_test_add_func ("/certificate-identity/zjca-sheca", test_zjca_sheca);
  g_test_add_func ("/certificate-identity/subject", test_subject_places);
  g_test_add_func ("/certificate-identity/gmt-0015", test_gmt_0015);
  g_test_add_func ("/certificate-identity/person-name-parts", test_person_name_parts);
  status = g_test_run ();
  EVP_PKEY_free (key);
  return status;
}
