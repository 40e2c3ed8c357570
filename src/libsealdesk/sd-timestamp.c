/* sd-timestamp.c
 *
 * A token is a CMS SignedData like a PDF signature, so its signature is
 * checked by the same code (SM2 TSAs included); OpenSSL's TS_RESP_verify_*
 * is not used because it cannot tell an untrusted TSA from a forged token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-timestamp.h"

#define OID_TST_INFO "1.2.840.113549.1.9.16.1.4"

static void
problem (SdTimestampCheck *check,
         const char       *text)
{
  g_ptr_array_add (check->problems, g_strdup (text));
}

static gboolean
digest_from_nid (int                nid,
                 SdDigestAlgorithm *digest)
{
  switch (nid)
    {
    case NID_sha256:
      *digest = SD_DIGEST_SHA256;
      return TRUE;
    case NID_sha384:
      *digest = SD_DIGEST_SHA384;
      return TRUE;
    case NID_sha512:
      *digest = SD_DIGEST_SHA512;
      return TRUE;
    case NID_sm3:
      *digest = SD_DIGEST_SM3;
      return TRUE;
    default:
      return FALSE;
    }
}

static GDateTime *
generalized_time_to_utc (const ASN1_GENERALIZEDTIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

SdTimestampCheck *
sd_timestamp_check_new (GBytes  *token,
                        GError **error)
{
  g_autoptr(SdTimestampCheck) check = g_new0 (SdTimestampCheck, 1);
  TS_TST_INFO *info;
  TS_MSG_IMPRINT *imprint;
  const unsigned char *p;
  gsize len;

  check->problems = g_ptr_array_new_with_free_func (g_free);
  check->trust = SD_TRUST_NOT_CHECKED;
  check->cms = sd_cms_check_new (g_bytes_get_data (token, NULL), g_bytes_get_size (token), error);
  if (check->cms == NULL)
    {
      g_prefix_error (error, "%s ", _("The timestamp cannot be read:"));
      return NULL;
    }
  if (g_strcmp0 (check->cms->content_type, OID_TST_INFO) != 0 || check->cms->content == NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                           _("The timestamp is not an RFC 3161 timestamp token."));
      return NULL;
    }
  p = g_bytes_get_data (check->cms->content, &len);
  info = d2i_TS_TST_INFO (NULL, &p, (long) len);
  if (info == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_SIGNATURE,
                           _("The timestamp’s content cannot be read."));
      return NULL;
    }
  check->time = generalized_time_to_utc (TS_TST_INFO_get_time (info));
  imprint = TS_TST_INFO_get_msg_imprint (info);
  {
    const ASN1_OBJECT *obj = NULL;
    ASN1_OCTET_STRING *msg = TS_MSG_IMPRINT_get_msg (imprint);

    X509_ALGOR_get0 (&obj, NULL, NULL, TS_MSG_IMPRINT_get_algo (imprint));
    check->imprint_known = digest_from_nid (OBJ_obj2nid (obj), &check->imprint_digest);
    check->imprint = g_bytes_new (ASN1_STRING_get0_data (msg), ASN1_STRING_length (msg));
  }
  if (check->cms->signer != NULL)
    {
      check->authority = sd_certificate_get_common_name (check->cms->signer);
      if (check->authority == NULL)
        check->authority = sd_certificate_get_subject_text (check->cms->signer);
    }
  TS_TST_INFO_free (info);
  ERR_clear_error ();
  return g_steal_pointer (&check);
}

void
sd_timestamp_check_verify (SdTimestampCheck *check,
                           GBytes           *data_hash,
                           SdTrustStore     *trust)
{
  SdCmsCheck *cms = check->cms;
  g_autoptr(GBytes) content_digest = NULL;

  if (cms->digest_known)
    content_digest = sd_digest_compute (cms->digest, g_bytes_get_data (cms->content, NULL),
                                        g_bytes_get_size (cms->content), NULL);
  sd_cms_check_verify (cms, content_digest);
  for (guint i = 0; i < cms->problems->len; i++)
    problem (check, cms->problems->pdata[i]);

  if (!check->imprint_known)
    problem (check, _("The timestamp’s hash algorithm is not supported."));
  else if (data_hash == NULL || !g_bytes_equal (data_hash, check->imprint))
    problem (check, _("The timestamp was made for other data than this signature."));
  if (check->time == NULL)
    problem (check, _("The timestamp’s time cannot be read."));
  /* RFC 3161 2.3: the TSA's certificate is for timestamping only. */
  if (cms->signer != NULL && X509_check_purpose (cms->signer, X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1)
    problem (check, _("The timestamp was signed with a certificate that is not a timestamp "
                      "authority’s."));
  ERR_clear_error ();

  check->valid = sd_cms_check_is_valid (cms) && check->problems->len == 0;
  if (check->valid && trust != NULL)
    check->trust = sd_trust_store_check (trust, cms->signer, cms->certs, check->time,
                                         X509_PURPOSE_TIMESTAMP_SIGN, &check->trust_detail, NULL);
}

void
sd_timestamp_check_free (SdTimestampCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->cms, sd_cms_check_free);
  g_clear_pointer (&check->time, g_date_time_unref);
  g_free (check->authority);
  g_clear_pointer (&check->imprint, g_bytes_unref);
  g_free (check->trust_detail);
  g_clear_pointer (&check->problems, g_ptr_array_unref);
  g_free (check);
}

static int
digest_nid (SdDigestAlgorithm digest)
{
  switch (digest)
    {
    case SD_DIGEST_SHA384:
      return NID_sha384;
    case SD_DIGEST_SHA512:
      return NID_sha512;
    case SD_DIGEST_SM3:
      return NID_sm3;
    case SD_DIGEST_SHA256:
    default:
      return NID_sha256;
    }
}

GBytes *
sd_timestamp_request_new (SdDigestAlgorithm  digest,
                          GBytes            *data_hash,
                          guint64           *nonce,
                          GError           **error)
{
  TS_REQ *req = TS_REQ_new ();
  TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new ();
  X509_ALGOR *algo = X509_ALGOR_new ();
  ASN1_INTEGER *n = ASN1_INTEGER_new ();
  unsigned char *der = NULL;
  GBytes *out = NULL;
  int len = -1;

  *nonce = ((guint64) g_random_int () << 31) ^ g_random_int ();
  if (req != NULL && imprint != NULL && algo != NULL && n != NULL
      && X509_ALGOR_set0 (algo, OBJ_nid2obj (digest_nid (digest)), V_ASN1_NULL, NULL)
      && TS_MSG_IMPRINT_set_algo (imprint, algo)
      && TS_MSG_IMPRINT_set_msg (imprint, (unsigned char *) g_bytes_get_data (data_hash, NULL),
                                 (int) g_bytes_get_size (data_hash))
      && TS_REQ_set_version (req, 1)
      && TS_REQ_set_msg_imprint (req, imprint)
      && ASN1_INTEGER_set_uint64 (n, *nonce)
      && TS_REQ_set_nonce (req, n)
      && TS_REQ_set_cert_req (req, 1))
    len = i2d_TS_REQ (req, &der);
  if (len > 0)
    out = g_bytes_new (der, len);
  else
    sd_openssl_set_error (error, SD_ERROR_FAILED, _("The timestamp request cannot be built"));
  OPENSSL_free (der);
  ASN1_INTEGER_free (n);
  X509_ALGOR_free (algo);
  TS_MSG_IMPRINT_free (imprint);
  TS_REQ_free (req);
  return out;
}

GBytes *
sd_timestamp_response_get_token (GBytes  *response,
                                 GBytes  *data_hash,
                                 guint64  nonce,
                                 GError **error)
{
  const unsigned char *p = g_bytes_get_data (response, NULL);
  TS_RESP *resp = d2i_TS_RESP (NULL, &p, (long) g_bytes_get_size (response));
  TS_TST_INFO *info;
  const ASN1_INTEGER *got_nonce;
  ASN1_OCTET_STRING *msg;
  unsigned char *der = NULL;
  GBytes *token = NULL;
  long status;
  int len;

  if (resp == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, SD_ERROR, SD_ERROR_FAILED,
                           _("The timestamp authority did not answer with a timestamp response."));
      return NULL;
    }
  status = ASN1_INTEGER_get (TS_STATUS_INFO_get0_status (TS_RESP_get_status_info (resp)));
  if (status != 0 && status != 1)
    {
      TS_STATUS_INFO *info_status = TS_RESP_get_status_info (resp);
      const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text (info_status);
      g_autofree char *reason = NULL;

      if (text != NULL && sk_ASN1_UTF8STRING_num (text) > 0)
        {
          ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value (text, 0);

          reason = g_utf8_make_valid ((const char *) ASN1_STRING_get0_data (s),
                                      ASN1_STRING_length (s));
        }
      if (reason != NULL)
        /* TRANSLATORS: the RFC 3161 status number, then the authority's own words */
        g_set_error (error, SD_ERROR, SD_ERROR_FAILED,
                     _("The timestamp authority refused the request (status %ld: %s)."), status, reason);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_FAILED,
                     _("The timestamp authority refused the request (status %ld)."), status);
      TS_RESP_free (resp);
      return NULL;
    }
  info = TS_RESP_get_tst_info (resp);
  got_nonce = info ? TS_TST_INFO_get_nonce (info) : NULL;
  msg = info ? TS_MSG_IMPRINT_get_msg (TS_TST_INFO_get_msg_imprint (info)) : NULL;
  {
    guint64 got = 0;

    if (msg == NULL || got_nonce == NULL || !ASN1_INTEGER_get_uint64 (&got, got_nonce)
        || got != nonce || (gsize) ASN1_STRING_length (msg) != g_bytes_get_size (data_hash)
        || memcmp (ASN1_STRING_get0_data (msg), g_bytes_get_data (data_hash, NULL),
                   g_bytes_get_size (data_hash)) != 0)
      {
        ERR_clear_error ();
        g_set_error_literal (error, SD_ERROR, SD_ERROR_FAILED,
                             _("The timestamp authority answered for another request."));
        TS_RESP_free (resp);
        return NULL;
      }
  }
  len = TS_RESP_get_token (resp) ? i2d_PKCS7 (TS_RESP_get_token (resp), &der) : -1;
  if (len > 0)
    token = g_bytes_new (der, len);
  else
    sd_openssl_set_error (error, SD_ERROR_FAILED, _("The timestamp token cannot be read"));
  OPENSSL_free (der);
  TS_RESP_free (resp);
  return token;
}
