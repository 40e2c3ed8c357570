/* sd-certificate.c: helpers on X.509 certificates for CMS and the inspector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"

/* Certificates larger than this are not certificates. */
#define MAX_CERTIFICATE_FILE_SIZE (4 * 1024 * 1024)

void
sd_openssl_clear_error (void)
{
  ERR_clear_error ();
}

void
sd_openssl_set_error (GError    **error,
                      gint        code,
                      const char *format,
                      ...)
{
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *message = NULL;
  unsigned long e;
  const char *data = NULL;
  int flags = 0;
  guint n = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* The oldest errors are the root causes; keep a few, skip repeats. */
  while ((e = ERR_get_error_all (NULL, NULL, NULL, &data, &flags)) != 0)
    {
      const char *reason = ERR_reason_error_string (e);
      g_autofree char *item = NULL;

      if (n >= 3)
        continue;
      if (reason == NULL)
        item = g_strdup_printf ("error %lx", e);
      else if (data != NULL && (flags & ERR_TXT_STRING) && data[0] != '\0')
        item = g_strdup_printf ("%s: %s", reason, data);
      else
        item = g_strdup (reason);

      if (strstr (reasons->str, item) != NULL)
        continue;
      if (reasons->len > 0)
        g_string_append (reasons, "; ");
      g_string_append (reasons, item);
      n++;
    }

  if (reasons->len > 0)
    g_set_error (error, SD_ERROR, code, "%s (%s)", message, reasons->str);
  else
    g_set_error_literal (error, SD_ERROR, code, message);
}

X509 *
sd_certificate_parse_data (const guint8  *der,
                           gsize          length,
                           GError       **error)
{
  const unsigned char *p = der;
  g_autoptr(X509) cert = NULL;

  g_return_val_if_fail (der != NULL || length == 0, NULL);

  if (length == 0 || length > G_MAXLONG)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY, _("The certificate is empty"));
      return NULL;
    }

  cert = d2i_X509 (NULL, &p, (long) length);
  if (cert == NULL)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("The certificate cannot be read"));
      return NULL;
    }
  if (p != der + length)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The certificate has unexpected data after its end"));
      return NULL;
    }
  return g_steal_pointer (&cert);
}

X509 *
sd_certificate_parse (GBytes  *der,
                      GError **error)
{
  gsize length = 0;
  const guint8 *data;

  g_return_val_if_fail (der != NULL, NULL);

  data = g_bytes_get_data (der, &length);
  return sd_certificate_parse_data (data, length, error);
}

X509 *
sd_certificate_load_file (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(X509) cert = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot read the certificate file: %s"),
                   local_error->message);
      return NULL;
    }
  if (length > MAX_CERTIFICATE_FILE_SIZE)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, _("“%s” is too large to be a certificate"),
                   path);
      return NULL;
    }

  if (g_strstr_len (contents, (gssize) length, "-----BEGIN") != NULL)
    {
      g_autoptr(BIO) bio = BIO_new_mem_buf (contents, (int) length);

      cert = bio != NULL ? PEM_read_bio_X509 (bio, NULL, NULL, NULL) : NULL;
      if (cert == NULL)
        {
          sd_openssl_set_error (error, SD_ERROR_KEY,
                                _("“%s” does not contain a PEM certificate"), path);
          return NULL;
        }
      return g_steal_pointer (&cert);
    }

  cert = sd_certificate_parse_data ((const guint8 *) contents, length, &local_error);
  if (cert == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, _("“%s” is not a certificate: %s"), path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&cert);
}

GBytes *
sd_certificate_to_der (X509    *cert,
                       GError **error)
{
  unsigned char *buf = NULL;
  GBytes *bytes;
  int length;

  g_return_val_if_fail (cert != NULL, NULL);

  length = i2d_X509 (cert, &buf);
  if (length <= 0)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("The certificate cannot be encoded"));
      return NULL;
    }
  bytes = g_bytes_new (buf, (gsize) length);
  OPENSSL_free (buf);
  return bytes;
}

static char *
get_name_entry (X509_NAME *name,
                int        nid)
{
  int index = X509_NAME_get_index_by_NID (name, nid, -1);
  X509_NAME_ENTRY *entry;
  unsigned char *utf8 = NULL;
  char *result;
  int length;

  if (index < 0)
    return NULL;

  entry = X509_NAME_get_entry (name, index);
  length = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (entry));
  if (length < 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  result = g_strndup ((const char *) utf8, (gsize) length);
  OPENSSL_free (utf8);

  /* Refuse to hand out broken text to the UI. */
  if (!g_utf8_validate (result, -1, NULL))
    {
      char *valid = g_utf8_make_valid (result, -1);

      g_free (result);
      return valid;
    }
  return result;
}

char *
sd_certificate_get_common_name (X509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return get_name_entry (X509_get_subject_name (cert), NID_commonName);
}

char *
sd_certificate_get_organization (X509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return get_name_entry (X509_get_subject_name (cert), NID_organizationName);
}

static char *
name_to_text (X509_NAME *name)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long length;

  if (bio == NULL)
    return NULL;
  /* RFC 2253 order and escaping, but UTF-8 left as is instead of \XX escapes */
  if (X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  length = BIO_get_mem_data (bio, &data);
  if (length < 0)
    return NULL;
  return g_utf8_make_valid (data, length);
}

char *
sd_certificate_get_subject_text (X509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return name_to_text (X509_get_subject_name (cert));
}

char *
sd_certificate_get_issuer_text (X509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return name_to_text (X509_get_issuer_name (cert));
}

static GBytes *
take_openssl_buffer (unsigned char *buf,
                     int            length)
{
  GBytes *bytes;

  if (length <= 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  bytes = g_bytes_new (buf, (gsize) length);
  OPENSSL_free (buf);
  return bytes;
}

GBytes *
sd_certificate_get_issuer_der (X509 *cert)
{
  unsigned char *buf = NULL;
  int length;

  g_return_val_if_fail (cert != NULL, NULL);

  length = i2d_X509_NAME (X509_get_issuer_name (cert), &buf);
  return take_openssl_buffer (buf, length);
}

GBytes *
sd_certificate_get_serial_der (X509 *cert)
{
  unsigned char *buf = NULL;
  int length;

  g_return_val_if_fail (cert != NULL, NULL);

  length = i2d_ASN1_INTEGER (X509_get0_serialNumber (cert), &buf);
  return take_openssl_buffer (buf, length);
}

char *
sd_certificate_get_serial_hex (X509 *cert)
{
  BIGNUM *bn;
  char *hex;
  char *result;

  g_return_val_if_fail (cert != NULL, NULL);

  bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  if (bn == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  hex = BN_bn2hex (bn);
  BN_free (bn);
  if (hex == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  result = g_ascii_strup (hex, -1);
  OPENSSL_free (hex);
  return result;
}

GBytes *
sd_certificate_get_fingerprint (X509               *cert,
                                SdDigestAlgorithm   digest,
                                GError            **error)
{
  g_autoptr(GBytes) der = NULL;
  gsize length = 0;
  const guint8 *data;

  g_return_val_if_fail (cert != NULL, NULL);

  der = sd_certificate_to_der (cert, error);
  if (der == NULL)
    return NULL;
  data = g_bytes_get_data (der, &length);
  return sd_digest_compute (digest, data, length, error);
}

gboolean
sd_pkey_get_key_info (EVP_PKEY   *pkey,
                      SdKeyType  *key_type,
                      guint      *key_bits,
                      GError    **error)
{
  SdKeyType type;
  int bits;

  g_return_val_if_fail (pkey != NULL, FALSE);

  if (EVP_PKEY_is_a (pkey, "SM2"))
    {
      type = SD_KEY_TYPE_SM2;
    }
  else if (EVP_PKEY_is_a (pkey, "EC"))
    {
      char group[64] = "";
      size_t group_length = 0;

      /* An SM2 key can arrive as a plain EC key on the SM2 curve. */
      if (EVP_PKEY_get_group_name (pkey, group, sizeof group, &group_length) == 1
          && g_ascii_strcasecmp (group, "SM2") == 0)
        type = SD_KEY_TYPE_SM2;
      else
        type = SD_KEY_TYPE_EC;
      ERR_clear_error ();
    }
  else if (EVP_PKEY_is_a (pkey, "RSA") || EVP_PKEY_is_a (pkey, "RSA-PSS"))
    {
      type = SD_KEY_TYPE_RSA;
    }
  else
    {
      const char *name = EVP_PKEY_get0_type_name (pkey);

      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("Keys of type %s cannot sign; use an RSA, ECDSA or SM2 key"),
                   name != NULL ? name : "?");
      return FALSE;
    }

  /* RSA: modulus size; EC and SM2: order size */
  bits = EVP_PKEY_get_bits (pkey);
  if (bits <= 0)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("The size of the key cannot be determined"));
      return FALSE;
    }

  if (key_type != NULL)
    *key_type = type;
  if (key_bits != NULL)
    *key_bits = (guint) bits;
  return TRUE;
}

gboolean
sd_certificate_get_key_info (X509       *cert,
                             SdKeyType  *key_type,
                             guint      *key_bits,
                             GError    **error)
{
  EVP_PKEY *pkey;

  g_return_val_if_fail (cert != NULL, FALSE);

  pkey = X509_get0_pubkey (cert);
  if (pkey == NULL)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY,
                            _("The public key of the certificate cannot be read"));
      return FALSE;
    }
  return sd_pkey_get_key_info (pkey, key_type, key_bits, error);
}

gboolean
sd_certificate_is_signing (X509 *cert)
{
  uint32_t usage;

  g_return_val_if_fail (cert != NULL, FALSE);

  /* X509_get_key_usage() answers UINT32_MAX when there is no keyUsage. */
  usage = X509_get_key_usage (cert);
  return (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}

static GDateTime *
asn1_time_to_date_time (const ASN1_TIME *time)
{
  struct tm tm;

  memset (&tm, 0, sizeof tm);
  if (time == NULL || ASN1_TIME_to_tm (time, &tm) != 1)
    {
      ERR_clear_error ();
      return NULL;
    }
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                              tm.tm_min, tm.tm_sec);
}

GDateTime *
sd_certificate_get_not_before (X509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return asn1_time_to_date_time (X509_get0_notBefore (cert));
}

GDateTime *
sd_certificate_get_not_after (X509 *cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  return asn1_time_to_date_time (X509_get0_notAfter (cert));
}

gboolean
sd_certificate_is_valid_at (X509      *cert,
                            GDateTime *when)
{
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (cert != NULL, FALSE);

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();

  not_before = sd_certificate_get_not_before (cert);
  not_after = sd_certificate_get_not_after (cert);
  if (not_before == NULL || not_after == NULL)
    return FALSE;

  return g_date_time_compare (when, not_before) >= 0 && g_date_time_compare (when, not_after) <= 0;
}

static gboolean
is_issuer_of (X509 *issuer,
              X509 *subject)
{
  gboolean result = X509_check_issued (issuer, subject) == X509_V_OK;

  ERR_clear_error ();
  return result;
}

void
sd_certificate_order_chain (X509      *leaf,
                            GPtrArray *certs)
{
  X509 *current = leaf;
  guint pos = 0;

  g_return_if_fail (leaf != NULL);
  g_return_if_fail (certs != NULL);

  while (pos < certs->len && !is_issuer_of (current, current))
    {
      guint found = G_MAXUINT;
      gpointer issuer;

      for (guint i = pos; i < certs->len; i++)
        {
          if (is_issuer_of (g_ptr_array_index (certs, i), current))
            {
              found = i;
              break;
            }
        }
      if (found == G_MAXUINT)
        break;

      /* Move the issuer to @pos, keeping the others in their order. */
      issuer = certs->pdata[found];
      memmove (certs->pdata + pos + 1, certs->pdata + pos, (found - pos) * sizeof (gpointer));
      certs->pdata[pos] = issuer;
      current = issuer;
      pos++;
    }
}
