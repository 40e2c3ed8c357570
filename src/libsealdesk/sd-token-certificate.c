/* sd-token-certificate.c: a certificate found on a USB key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/x509v3.h>

#include "sd-certificate.h"
#include "sd-id-codes.h"
#include "sd-openssl.h"
#include "sd-token-certificate.h"

static SdCertUsage
classify (X509                 *cert,
          SdPrivateKeyPresence  private_key,
          gboolean              encryption_slot)
{
  uint32_t usage = X509_get_key_usage (cert);
  gboolean signs = usage == UINT32_MAX
                   || (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;

  if (encryption_slot)
    return SD_CERT_USAGE_ENCRYPTION;
  /* An issuer's certificate: it says it only certifies, or it is a CA
   * certificate kept without its key.  A self-signed certificate next to
   * its own key is the user's, whatever its basic constraints say. */
  if (X509_check_ca (cert) > 0
      && (!signs || (usage != UINT32_MAX && (usage & KU_KEY_CERT_SIGN) && !(usage & KU_DIGITAL_SIGNATURE))
          || private_key == SD_PRIVATE_KEY_ABSENT))
    return SD_CERT_USAGE_CA;
  return signs ? SD_CERT_USAGE_SIGNING : SD_CERT_USAGE_ENCRYPTION;
}

static char *
name_entry (X509_NAME *name,
            int        nid)
{
  int at = X509_NAME_get_index_by_NID (name, nid, -1);
  unsigned char *utf8 = NULL;
  char *text = NULL;

  if (at < 0)
    return NULL;
  if (ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, at))) < 0)
    {
      sd_openssl_clear_error ();
      return NULL;
    }
  if (g_utf8_validate ((const char *) utf8, -1, NULL))
    text = g_strstrip (g_strdup ((const char *) utf8));
  OPENSSL_free (utf8);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The issuer's O, else its CN (the platform's ca_provider), or NULL */
static char *
ca_provider (X509 *cert)
{
  static const int nids[] = { NID_organizationName, NID_commonName };
  X509_NAME *issuer = X509_get_issuer_name (cert);

  for (guint i = 0; i < G_N_ELEMENTS (nids); i++)
    {
      char *text = name_entry (issuer, nids[i]);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The person a personal or employee certificate names: surname and given
 * name when the subject has them, else the name part of a CFCA-shaped CN
 * (041@张三@Z<ID number>@1), else the CN, unless it is the organisation's
 * name (employee certificates of some CAs carry only that). */
static char *
person_name (X509         *cert,
             SdCertHolder  holder,
             const char   *organization)
{
  X509_NAME *subject = X509_get_subject_name (cert);
  g_autofree char *surname = NULL;
  g_autofree char *given = NULL;
  g_autofree char *cn = NULL;
  g_auto(GStrv) parts = NULL;

  if (holder != SD_CERT_HOLDER_PERSON && holder != SD_CERT_HOLDER_EMPLOYEE)
    return NULL;
  surname = name_entry (subject, NID_surname);
  given = name_entry (subject, NID_givenName);
  if (surname != NULL || given != NULL)
    return g_strconcat (surname != NULL ? surname : "", given != NULL ? given : "", NULL);

  cn = name_entry (subject, NID_commonName);
  if (cn == NULL)
    return NULL;
  parts = g_strsplit (cn, "@", -1);
  if (g_strv_length (parts) >= 3 && *parts[0] != '\0'
      && strspn (parts[0], "0123456789") == strlen (parts[0]) && *parts[1] != '\0')
    return g_strdup (parts[1]);
  if (g_strcmp0 (cn, organization) == 0)
    return NULL;
  return g_steal_pointer (&cn);
}

SdTokenCertificate *
sd_token_certificate_new (GBytes                *der,
                          const char            *key_id,
                          const char            *label,
                          SdPrivateKeyPresence   private_key,
                          gboolean               encryption_slot,
                          GError               **error)
{
  g_autoptr(SdTokenCertificate) self = NULL;
  g_autoptr(X509) cert = NULL;

  g_return_val_if_fail (der != NULL, NULL);

  cert = sd_certificate_parse (der, error);
  if (cert == NULL)
    return NULL;

  self = g_new0 (SdTokenCertificate, 1);
  self->der = g_bytes_ref (der);
  self->key_id = g_strdup (key_id != NULL ? key_id : "");
  self->label = g_strdup (label != NULL ? label : "");
  self->subject = sd_certificate_get_subject_text (cert);
  self->issuer = sd_certificate_get_issuer_text (cert);
  self->ca_provider = ca_provider (cert);
  if (self->ca_provider == NULL)
    self->ca_provider = g_strdup (self->issuer);
  self->common_name = sd_certificate_get_common_name (cert);
  self->serial_hex = sd_certificate_get_serial_hex (cert);
  self->organization = sd_certificate_get_organization (cert);
  {
    g_autoptr(SdCertificateIdentity) identity = sd_certificate_identity_new (cert);

    self->enterprise_code = g_strdup (identity->enterprise_code);
    if (identity->id_number != NULL)
      self->id_number_masked = sd_id_number_mask (identity->id_number);
  }
  if (self->id_number_masked != NULL)
    self->holder = self->enterprise_code != NULL || self->organization != NULL
                   ? SD_CERT_HOLDER_EMPLOYEE : SD_CERT_HOLDER_PERSON;
  else if (self->enterprise_code != NULL)
    self->holder = SD_CERT_HOLDER_ORGANIZATION;
  self->person_name = person_name (cert, self->holder, self->organization);
  self->not_before = sd_certificate_get_not_before (cert);
  self->not_after = sd_certificate_get_not_after (cert);
  if (!sd_certificate_get_key_info (cert, &self->key_type, &self->key_bits, error))
    return NULL;
  self->usage = classify (cert, private_key, encryption_slot);
  self->private_key = private_key;

  switch (self->usage)
    {
    case SD_CERT_USAGE_ENCRYPTION:
      self->reason = g_strdup (encryption_slot
                               ? _("This is the key’s encryption certificate; documents are "
                                   "signed with its signing certificate.")
                               : _("This certificate is for encryption only (its key usage has "
                                   "no digital signature); choose the signing certificate."));
      break;
    case SD_CERT_USAGE_CA:
      self->reason = g_strdup (_("This is a certificate authority’s certificate kept on the key, "
                                 "not a signer’s."));
      break;
    case SD_CERT_USAGE_SIGNING:
      if (private_key == SD_PRIVATE_KEY_ABSENT)
        self->reason = g_strdup (_("The key holds this certificate but not its private key."));
      break;
    default:
      break;
    }
  self->can_sign = self->reason == NULL;

  return g_steal_pointer (&self);
}

void
sd_token_certificate_free (SdTokenCertificate *cert)
{
  if (cert == NULL)
    return;
  g_clear_pointer (&cert->der, g_bytes_unref);
  g_free (cert->key_id);
  g_free (cert->label);
  g_free (cert->subject);
  g_free (cert->issuer);
  g_free (cert->ca_provider);
  g_free (cert->common_name);
  g_free (cert->organization);
  g_free (cert->enterprise_code);
  g_free (cert->id_number_masked);
  g_free (cert->person_name);
  g_free (cert->serial_hex);
  g_clear_pointer (&cert->not_before, g_date_time_unref);
  g_clear_pointer (&cert->not_after, g_date_time_unref);
  g_free (cert->reason);
  g_free (cert->uri);
  g_free (cert);
}

const char *
sd_cert_usage_to_string (SdCertUsage usage)
{
  switch (usage)
    {
    case SD_CERT_USAGE_SIGNING:
      return _("signing");
    case SD_CERT_USAGE_ENCRYPTION:
      return _("encryption");
    case SD_CERT_USAGE_CA:
      return _("certificate authority");
    default:
      return "?";
    }
}

const char *
sd_cert_holder_to_string (SdCertHolder holder)
{
  switch (holder)
    {
    case SD_CERT_HOLDER_ORGANIZATION:
      return _("organisation certificate");
    case SD_CERT_HOLDER_PERSON:
      return _("personal certificate");
    case SD_CERT_HOLDER_EMPLOYEE:
      return _("employee certificate");
    case SD_CERT_HOLDER_UNKNOWN:
    default:
      return _("holder not stated");
    }
}
