/* sd-platform-pki.c: a small certificate authority for the demo and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-platform-pki.h"

EVP_PKEY *
sd_pki_make_key (const char  *type,
                 GError     **error)
{
  EVP_PKEY *key;

  if (g_strcmp0 (type, "RSA") == 0)
    key = EVP_PKEY_Q_keygen (NULL, NULL, "RSA", (size_t) 2048);
  else if (g_strcmp0 (type, "EC") == 0)
    key = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");
  else
    key = EVP_PKEY_Q_keygen (NULL, NULL, "SM2");
  if (key == NULL)
    sd_openssl_set_error (error, SD_ERROR_KEY, _("Cannot make a %s key"), type);
  return key;
}

static gboolean
add_extension (X509       *cert,
               X509       *issuer,
               int         nid,
               const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *extension;
  gboolean ok;

  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  extension = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  ok = extension != NULL && X509_add_ext (cert, extension, -1) == 1;
  X509_EXTENSION_free (extension);
  return ok;
}

static gboolean
add_private_extension (X509                 *cert,
                       const SdPkiExtension *private)
{
  ASN1_OBJECT *object = OBJ_txt2obj (private->oid, 1);
  ASN1_UTF8STRING *text = ASN1_UTF8STRING_new ();
  g_autoptr(ASN1_OCTET_STRING) data = ASN1_OCTET_STRING_new ();
  X509_EXTENSION *extension = NULL;
  unsigned char *der = NULL;
  int length = 0;
  gboolean ok = FALSE;

  if (object != NULL && text != NULL && data != NULL
      && ASN1_STRING_set (text, private->value, -1) == 1
      && (length = i2d_ASN1_UTF8STRING (text, &der)) > 0
      && ASN1_OCTET_STRING_set (data, der, length) == 1)
    {
      extension = X509_EXTENSION_create_by_OBJ (NULL, object, 0, data);
      ok = extension != NULL && X509_add_ext (cert, extension, -1) == 1;
    }
  OPENSSL_free (der);
  X509_EXTENSION_free (extension);
  ASN1_UTF8STRING_free (text);
  ASN1_OBJECT_free (object);
  return ok;
}

static gboolean
sign (X509     *cert,
      EVP_PKEY *key)
{
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;
  gboolean sm2 = EVP_PKEY_is_a (key, "SM2");

  if (ctx == NULL
      || EVP_DigestSignInit_ex (ctx, &pctx, sm2 ? "SM3" : "SHA256", NULL, NULL, key, NULL) != 1)
    return FALSE;
  if (sm2 && EVP_PKEY_CTX_set1_id (pctx, SD_SM2_DEFAULT_ID, SD_SM2_DEFAULT_ID_LENGTH) != 1)
    return FALSE;
  return X509_sign_ctx (cert, ctx) > 0;
}

X509 *
sd_pki_make_certificate (const SdPkiCertificateSpec  *spec,
                         GError                     **error)
{
  g_autoptr(X509) cert = X509_new ();
  g_autoptr(X509_NAME) name = X509_NAME_new ();
  X509 *issuer = spec->issuer;
  gboolean ok = cert != NULL && name != NULL;

  for (guint i = 0; ok && spec->subject[i] != NULL; i += 2)
    ok = X509_NAME_add_entry_by_txt (name, spec->subject[i], MBSTRING_UTF8,
                                     (const unsigned char *) spec->subject[i + 1], -1, -1, 0) == 1;
  ok = ok && X509_set_version (cert, X509_VERSION_3) == 1
       && ASN1_INTEGER_set (X509_get_serialNumber (cert), spec->serial) == 1
       && X509_set_subject_name (cert, name) == 1
       && X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : name) == 1
       && ASN1_TIME_set (X509_getm_notBefore (cert), (time_t) spec->not_before) != NULL
       && ASN1_TIME_set (X509_getm_notAfter (cert), (time_t) spec->not_after) != NULL
       && X509_set_pubkey (cert, spec->key) == 1;
  if (ok && issuer == NULL)
    ok = add_extension (cert, cert, NID_basic_constraints, "critical,CA:TRUE")
         && add_extension (cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign")
         && add_extension (cert, cert, NID_subject_key_identifier, "hash");
  else if (ok)
    ok = add_extension (cert, issuer, NID_basic_constraints, "critical,CA:FALSE")
         && add_extension (cert, issuer, NID_key_usage,
                           spec->key_usage != NULL ? spec->key_usage
                                                   : "critical,digitalSignature,nonRepudiation")
         && add_extension (cert, issuer, NID_authority_key_identifier, "keyid")
         && add_extension (cert, issuer, NID_subject_key_identifier, "hash");
  for (gsize i = 0; ok && i < spec->n_extensions; i++)
    ok = add_private_extension (cert, &spec->extensions[i]);
  ok = ok && sign (cert, spec->issuer_key != NULL ? spec->issuer_key : spec->key);
  if (!ok)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("Cannot make a certificate"));
      return NULL;
    }
  return g_steal_pointer (&cert);
}

gboolean
sd_pki_write_pem (const char  *dir,
                  const char  *name,
                  X509        *cert,
                  EVP_PKEY    *key,
                  GError     **error)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *data = NULL;
  long length;

  if (bio == NULL
      || (cert != NULL && PEM_write_bio_X509 (bio, cert) != 1)
      || (key != NULL && PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL) != 1))
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("Cannot write “%s”"), path);
      return FALSE;
    }
  length = BIO_get_mem_data (bio, &data);
  /* keys are secrets, even demo ones */
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   key != NULL ? 0600 : 0644, error);
}
