/* sd-cms.c: detached CMS SignedData for PDF signatures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SignedData is written by hand with sd-der rather than with OpenSSL's
 * CMS code: the signature then comes from any SdSigner (key files, tokens
 * later) through one code path, and SM2 works, which OpenSSL 3.0's CMS
 * cannot sign.
 *
 * Encoding choices:
 * - digest AlgorithmIdentifiers have absent parameters (RFC 5754; GmSSL 3
 *   refuses parameters on SM3);
 * - signatureAlgorithm is rsaEncryption + NULL for PKCS#1 v1.5 (what PDF
 *   signers and validators expect), id-RSASSA-PSS with explicit parameters,
 *   ecdsa-with-SHA* without parameters, and SM3withSM2
 *   (1.2.156.10197.1.501) without parameters for SM2, as OpenSSL and GmSSL
 *   write it.  GM/T 0010 names the SM2 signature 1.2.156.10197.1.301.1; the
 *   verifiers we know accept 1.2.156.10197.1.501;
 * - content types are the PKCS#7 ones even for SM2, since ISO 32000 PDF
 *   signatures are CMS; GM/T 0010's 1.2.156.10197.6.1.4.2.x are not used;
 * - the signed attributes are a DER SET OF, sorted; certificates keep the
 *   signer-to-root order (the outer SignedData need not be DER).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-cms.h"
#include "sd-der.h"
#include "sd-signature.h"
#include "sd-error.h"
#include "sd-openssl.h"

#define OID_DATA             "1.2.840.113549.1.7.1"
#define OID_SIGNED_DATA      "1.2.840.113549.1.7.2"
#define OID_CONTENT_TYPE     "1.2.840.113549.1.9.3"
#define OID_MESSAGE_DIGEST   "1.2.840.113549.1.9.4"
#define OID_SIGNING_TIME     "1.2.840.113549.1.9.5"
#define OID_SIGNING_CERT_V2  "1.2.840.113549.1.9.16.2.47"
#define OID_RSA_ENCRYPTION   "1.2.840.113549.1.1.1"
#define OID_MGF1             "1.2.840.113549.1.1.8"
#define OID_RSASSA_PSS       "1.2.840.113549.1.1.10"
#define OID_ECDSA_SHA256     "1.2.840.10045.4.3.2"
#define OID_ECDSA_SHA384     "1.2.840.10045.4.3.3"
#define OID_ECDSA_SHA512     "1.2.840.10045.4.3.4"
#define OID_SM2_WITH_SM3     "1.2.156.10197.1.501"

struct _SdCmsBuilder
{
  SdCmsFlavor        flavor;
  SdDigestAlgorithm  digest;
  SdSignatureScheme  scheme;
  SdKeyType          key_type;
  guint              key_bits;
  X509              *cert;
  GBytes            *cert_der;
  GPtrArray         *chain;         /* DER GBytes */
  GBytes            *signed_attrs;  /* DER, with the SET tag as signed */
};

void
sd_cms_builder_free (SdCmsBuilder *b)
{
  if (b == NULL)
    return;
  g_clear_pointer (&b->cert, X509_free);
  g_clear_pointer (&b->cert_der, g_bytes_unref);
  g_clear_pointer (&b->chain, g_ptr_array_unref);
  g_clear_pointer (&b->signed_attrs, g_bytes_unref);
  g_free (b);
}

static SdCmsBuilder *
builder_for_signer (SdSigner           *signer,
                 const SdCmsParams  *params,
                 GError            **error)
{
  g_autoptr(SdCmsBuilder) b = g_new0 (SdCmsBuilder, 1);

  if (params->flavor != SD_CMS_FLAVOR_CADES && params->flavor != SD_CMS_FLAVOR_PKCS7)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("Unknown signature format"));
      return NULL;
    }
  b->flavor = params->flavor;
  b->digest = params->digest;
  b->scheme = params->scheme;

  b->cert = sd_signer_dup_x509 (signer, error);
  if (b->cert == NULL)
    return NULL;
  b->cert_der = sd_signer_get_certificate (signer);
  b->chain = sd_signer_get_chain (signer);
  if (b->chain == NULL)
    b->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (!sd_certificate_get_key_info (b->cert, &b->key_type, &b->key_bits, error)
      || !sd_signer_check_algorithms (b->key_type, b->digest, b->scheme, error))
    return NULL;

  return g_steal_pointer (&b);
}

/* The largest DER Ecdsa-Sig-Value (SEQUENCE of two INTEGERs below the order) */
static gsize
ecdsa_max_signature_length (guint order_bits)
{
  /* A top bit set in a full last byte needs a leading zero. */
  gsize integer = (order_bits + 7) / 8 + (order_bits % 8 == 0 ? 1 : 0);
  gsize content = 2 * sd_der_tlv_size (integer);

  return sd_der_tlv_size (content);
}

static gsize
max_signature_length (SdCmsBuilder *b)
{
  switch (b->key_type)
    {
    case SD_KEY_TYPE_RSA:
      return (b->key_bits + 7) / 8;
    case SD_KEY_TYPE_EC:
    case SD_KEY_TYPE_SM2:
      return ecdsa_max_signature_length (b->key_bits);
    default:
      return 0;
    }
}

static void
add_oid (GByteArray *out,
         const char *dotted)
{
  /* Only the constants above come here. */
  if (!sd_der_add_oid (out, dotted))
    g_warn_if_reached ();
}

/* AlgorithmIdentifier of a digest, parameters absent */
static void
add_digest_algorithm (GByteArray        *out,
                      SdDigestAlgorithm  digest)
{
  g_autoptr(GBytes) oid = sd_digest_get_oid (digest);
  gsize mark = sd_der_begin (out, SD_DER_SEQUENCE);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (oid, &length);

  sd_der_add_oid_bytes (out, data, length);
  sd_der_end (out, mark);
}

static void
add_signature_algorithm (GByteArray *out,
                         SdCmsBuilder *b)
{
  gsize mark = sd_der_begin (out, SD_DER_SEQUENCE);

  switch (b->key_type)
    {
    case SD_KEY_TYPE_RSA:
      if (b->scheme == SD_SIGNATURE_SCHEME_RSA_PSS)
        {
          gsize params, tag, mgf;

          /* RSASSA-PSS-params (RFC 4055); the trailer field keeps its default */
          add_oid (out, OID_RSASSA_PSS);
          params = sd_der_begin (out, SD_DER_SEQUENCE);

          tag = sd_der_begin (out, SD_DER_CONTEXT (0));
          add_digest_algorithm (out, b->digest);
          sd_der_end (out, tag);

          tag = sd_der_begin (out, SD_DER_CONTEXT (1));
          mgf = sd_der_begin (out, SD_DER_SEQUENCE);
          add_oid (out, OID_MGF1);
          add_digest_algorithm (out, b->digest);
          sd_der_end (out, mgf);
          sd_der_end (out, tag);

          tag = sd_der_begin (out, SD_DER_CONTEXT (2));
          sd_der_add_integer (out, (gint64) sd_digest_get_length (b->digest));
          sd_der_end (out, tag);

          sd_der_end (out, params);
        }
      else
        {
          add_oid (out, OID_RSA_ENCRYPTION);
          sd_der_add_null (out);
        }
      break;

    case SD_KEY_TYPE_EC:
      if (b->digest == SD_DIGEST_SHA384)
        add_oid (out, OID_ECDSA_SHA384);
      else if (b->digest == SD_DIGEST_SHA512)
        add_oid (out, OID_ECDSA_SHA512);
      else
        add_oid (out, OID_ECDSA_SHA256);
      break;

    case SD_KEY_TYPE_SM2:
      add_oid (out, OID_SM2_WITH_SM3);
      break;

    default:
      g_warn_if_reached ();
      break;
    }

  sd_der_end (out, mark);
}

static GBytes *
attribute (const char *oid,
           GBytes     *value)
{
  GByteArray *out = g_byte_array_new ();
  gsize seq = sd_der_begin (out, SD_DER_SEQUENCE);
  gsize set;

  add_oid (out, oid);
  set = sd_der_begin (out, SD_DER_SET);
  sd_der_add_raw_bytes (out, value);
  sd_der_end (out, set);
  sd_der_end (out, seq);
  return g_byte_array_free_to_bytes (out);
}

/* SigningCertificateV2 (RFC 5035) with one ESSCertIDv2 for the signer */
static GBytes *
signing_certificate_v2 (SdCmsBuilder  *b,
                        GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) hash = NULL;
  g_autoptr(GBytes) issuer = NULL;
  g_autoptr(GBytes) serial = NULL;
  gsize signing_cert, certs, cert_id, issuer_serial, names, name;
  gsize hash_length = 0;
  const guint8 *hash_data;
  const guint8 *cert_data;
  gsize cert_length = 0;

  cert_data = g_bytes_get_data (b->cert_der, &cert_length);
  hash = sd_digest_compute (b->digest, cert_data, cert_length, error);
  issuer = sd_certificate_get_issuer_der (b->cert);
  serial = sd_certificate_get_serial_der (b->cert);
  if (hash == NULL)
    return NULL;
  if (issuer == NULL || serial == NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The issuer or serial number of the certificate cannot be read"));
      return NULL;
    }
  hash_data = g_bytes_get_data (hash, &hash_length);

  signing_cert = sd_der_begin (out, SD_DER_SEQUENCE);
  certs = sd_der_begin (out, SD_DER_SEQUENCE);
  cert_id = sd_der_begin (out, SD_DER_SEQUENCE);

  /* DER leaves out a DEFAULT value: SHA-256 is the default hashAlgorithm. */
  if (b->digest != SD_DIGEST_SHA256)
    add_digest_algorithm (out, b->digest);
  sd_der_add_octet_string (out, hash_data, hash_length);

  issuer_serial = sd_der_begin (out, SD_DER_SEQUENCE);
  names = sd_der_begin (out, SD_DER_SEQUENCE);
  name = sd_der_begin (out, SD_DER_CONTEXT (4));  /* directoryName, explicit: Name is a CHOICE */
  sd_der_add_raw_bytes (out, issuer);
  sd_der_end (out, name);
  sd_der_end (out, names);
  sd_der_add_raw_bytes (out, serial);
  sd_der_end (out, issuer_serial);

  sd_der_end (out, cert_id);
  sd_der_end (out, certs);
  sd_der_end (out, signing_cert);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The signed attributes as signed: a DER SET OF with the SET tag.  In the
 * PKCS7 flavor, @signing_time is the time to write. */
static GBytes *
build_signed_attrs (SdCmsBuilder    *b,
                    const guint8  *message_digest,
                    gsize          message_digest_length,
                    GDateTime     *signing_time,
                    GError       **error)
{
  g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) value = NULL;
  g_autoptr(GBytes) value_bytes = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  value = g_byte_array_new ();
  add_oid (value, OID_DATA);
  value_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&value));
  g_ptr_array_add (attrs, attribute (OID_CONTENT_TYPE, value_bytes));
  g_clear_pointer (&value_bytes, g_bytes_unref);

  value = g_byte_array_new ();
  sd_der_add_octet_string (value, message_digest, message_digest_length);
  value_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&value));
  g_ptr_array_add (attrs, attribute (OID_MESSAGE_DIGEST, value_bytes));
  g_clear_pointer (&value_bytes, g_bytes_unref);

  value_bytes = signing_certificate_v2 (b, error);
  if (value_bytes == NULL)
    return NULL;
  g_ptr_array_add (attrs, attribute (OID_SIGNING_CERT_V2, value_bytes));
  g_clear_pointer (&value_bytes, g_bytes_unref);

  /* PAdES forbids signing-time in the signed attributes (the time is the
   * PDF's /M); adbe.pkcs7.detached readers show it. */
  if (b->flavor == SD_CMS_FLAVOR_PKCS7)
    {
      value = g_byte_array_new ();
      sd_der_add_time (value, signing_time);
      value_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&value));
      g_ptr_array_add (attrs, attribute (OID_SIGNING_TIME, value_bytes));
      g_clear_pointer (&value_bytes, g_bytes_unref);
    }

  sd_der_add_set_of (out, attrs);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
assemble (SdCmsBuilder   *b,
          const guint8 *signature,
          gsize         signature_length)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize content_info, explicit, signed_data, set, seq, certs, signer_infos, signer_info, sid;
  g_autoptr(GBytes) issuer = sd_certificate_get_issuer_der (b->cert);
  g_autoptr(GBytes) serial = sd_certificate_get_serial_der (b->cert);
  gsize attrs_length = 0;
  const guint8 *attrs = g_bytes_get_data (b->signed_attrs, &attrs_length);
  guint8 implicit_tag = SD_DER_CONTEXT (0);

  g_return_val_if_fail (issuer != NULL && serial != NULL, NULL);
  g_return_val_if_fail (attrs_length > 0, NULL);

  content_info = sd_der_begin (out, SD_DER_SEQUENCE);
  add_oid (out, OID_SIGNED_DATA);
  explicit = sd_der_begin (out, SD_DER_CONTEXT (0));
  signed_data = sd_der_begin (out, SD_DER_SEQUENCE);

  /* version 1: issuerAndSerialNumber, id-data, no attribute certificates */
  sd_der_add_integer (out, 1);

  set = sd_der_begin (out, SD_DER_SET);
  add_digest_algorithm (out, b->digest);
  sd_der_end (out, set);

  /* encapContentInfo without eContent: detached */
  seq = sd_der_begin (out, SD_DER_SEQUENCE);
  add_oid (out, OID_DATA);
  sd_der_end (out, seq);

  certs = sd_der_begin (out, SD_DER_CONTEXT (0));
  sd_der_add_raw_bytes (out, b->cert_der);
  for (guint i = 0; i < b->chain->len; i++)
    sd_der_add_raw_bytes (out, g_ptr_array_index (b->chain, i));
  sd_der_end (out, certs);

  signer_infos = sd_der_begin (out, SD_DER_SET);
  signer_info = sd_der_begin (out, SD_DER_SEQUENCE);
  sd_der_add_integer (out, 1);

  sid = sd_der_begin (out, SD_DER_SEQUENCE);
  sd_der_add_raw_bytes (out, issuer);
  sd_der_add_raw_bytes (out, serial);
  sd_der_end (out, sid);

  add_digest_algorithm (out, b->digest);

  /* signedAttrs [0] IMPLICIT: the signed SET with its tag replaced */
  g_byte_array_append (out, &implicit_tag, 1);
  g_byte_array_append (out, attrs + 1, (guint) (attrs_length - 1));

  add_signature_algorithm (out, b);
  sd_der_add_octet_string (out, signature, signature_length);

  sd_der_end (out, signer_info);
  sd_der_end (out, signer_infos);
  sd_der_end (out, signed_data);
  sd_der_end (out, explicit);
  sd_der_end (out, content_info);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Checks the signature against the certificate before it goes into a
 * document: catches a key that does not match the certificate (tokens) and
 * faulty signatures. */
static gboolean
verify_signature (SdCmsBuilder    *b,
                  const guint8  *signature,
                  gsize          signature_length,
                  GError       **error)
{
  gsize attrs_length = 0;
  const guint8 *attrs = g_bytes_get_data (b->signed_attrs, &attrs_length);
  g_autoptr(GError) local_error = NULL;

  if (sd_signature_verify (b->cert, b->digest, b->scheme, attrs, attrs_length,
                           signature, signature_length, &local_error))
    return TRUE;
  if (g_error_matches (local_error, SD_ERROR, SD_ERROR_BAD_SIGNATURE))
    g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                         _("The signature made by the key does not match the certificate; "
                           "check that the key and the certificate belong together"));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

GBytes *
sd_cms_builder_finish (SdCmsBuilder  *b,
                       GBytes        *signature,
                       GError       **error)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (signature, &length);

  if (length == 0 || length > max_signature_length (b))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("The signer returned a signature of %lu bytes; at most %lu were expected"),
                   (unsigned long) length, (unsigned long) max_signature_length (b));
      return NULL;
    }
  if (!verify_signature (b, data, length, error))
    return NULL;

  return assemble (b, data, length);
}

static gboolean
check_message_digest (const SdCmsParams  *params,
                      GBytes             *message_digest,
                      GError            **error)
{
  gsize expected = sd_digest_get_length (params->digest);

  if (expected == 0 || g_bytes_get_size (message_digest) != expected)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The document digest has %lu bytes; %s needs %lu"),
                   (unsigned long) g_bytes_get_size (message_digest),
                   sd_digest_to_string (params->digest), (unsigned long) expected);
      return FALSE;
    }
  return TRUE;
}

SdCmsBuilder *
sd_cms_builder_new (SdSigner           *signer,
                    const SdCmsParams  *params,
                    GBytes             *message_digest,
                    GError            **error)
{
  g_autoptr(SdCmsBuilder) b = NULL;
  g_autoptr(GDateTime) now = NULL;
  GDateTime *signing_time = params->signing_time;
  gsize length = 0;
  const guint8 *data;

  if (!check_message_digest (params, message_digest, error))
    return NULL;
  b = builder_for_signer (signer, params, error);
  if (b == NULL)
    return NULL;

  if (signing_time == NULL)
    signing_time = now = g_date_time_new_now_utc ();

  data = g_bytes_get_data (message_digest, &length);
  b->signed_attrs = build_signed_attrs (b, data, length, signing_time, error);
  if (b->signed_attrs == NULL)
    return NULL;
  return g_steal_pointer (&b);
}

GBytes *
sd_cms_builder_get_signed_attributes (SdCmsBuilder *b)
{
  return b->signed_attrs;
}

gsize
sd_cms_get_max_size (SdSigner           *signer,
                     const SdCmsParams  *params,
                     GError            **error)
{
  g_autoptr(SdCmsBuilder) b = NULL;
  g_autoptr(GDateTime) worst_time = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autofree guint8 *fake_digest = NULL;
  g_autofree guint8 *fake_signature = NULL;
  GDateTime *signing_time;
  gsize signature_length;

  g_return_val_if_fail (SD_IS_SIGNER (signer), 0);
  g_return_val_if_fail (params != NULL, 0);

  b = builder_for_signer (signer, params, error);
  if (b == NULL)
    return 0;

  /* The real builder with worst-case inputs: the digest has a fixed size,
   * the signature is as long as the key allows, and an unknown signing time
   * may need a GeneralizedTime (2 bytes more than a UTCTime). */
  signing_time = params->signing_time;
  if (signing_time == NULL)
    signing_time = worst_time = g_date_time_new_utc (2050, 1, 1, 0, 0, 0);

  fake_digest = g_malloc0 (sd_digest_get_length (b->digest));
  b->signed_attrs = build_signed_attrs (b, fake_digest, sd_digest_get_length (b->digest),
                                        signing_time, error);
  if (b->signed_attrs == NULL)
    return 0;

  signature_length = max_signature_length (b);
  fake_signature = g_malloc0 (signature_length);
  cms = assemble (b, fake_signature, signature_length);
  if (cms == NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_FAILED,
                           _("The signature structure cannot be built"));
      return 0;
    }
  return g_bytes_get_size (cms);
}

static void
sign_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdCmsBuilder *b = g_task_get_task_data (task);
  g_autoptr(GBytes) signature = NULL;
  GError *error = NULL;
  GBytes *cms;

  signature = sd_signer_sign_finish (SD_SIGNER (source), result, &error);
  if (signature == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cms = sd_cms_builder_finish (b, signature, &error);
  if (cms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cms, (GDestroyNotify) g_bytes_unref);
}

void
sd_cms_sign_async (SdSigner            *signer,
                   const SdCmsParams   *params,
                   GBytes              *message_digest,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SdCmsBuilder *b;
  GError *error = NULL;

  g_return_if_fail (SD_IS_SIGNER (signer));
  g_return_if_fail (params != NULL);
  g_return_if_fail (message_digest != NULL);

  task = g_task_new (signer, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_cms_sign_async);

  b = sd_cms_builder_new (signer, params, message_digest, &error);
  if (b == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, b, (GDestroyNotify) sd_cms_builder_free);

  sd_signer_sign_async (signer, b->digest, b->scheme, b->signed_attrs, cancellable, sign_cb,
                        g_steal_pointer (&task));
}

GBytes *
sd_cms_sign_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sd_cms_sign_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
sd_cms_sign (SdSigner           *signer,
             const SdCmsParams  *params,
             GBytes             *message_digest,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(SdCmsBuilder) b = NULL;
  g_autoptr(GBytes) signature = NULL;

  g_return_val_if_fail (SD_IS_SIGNER (signer), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (message_digest != NULL, NULL);

  b = sd_cms_builder_new (signer, params, message_digest, error);
  if (b == NULL)
    return NULL;

  signature = sd_signer_sign (signer, b->digest, b->scheme, b->signed_attrs, cancellable, error);
  if (signature == NULL)
    return NULL;

  return sd_cms_builder_finish (b, signature, error);
}
