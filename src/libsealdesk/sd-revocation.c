/* sd-revocation.c
 *
 * An answer counts only when the certificate's issuer signed it: a CRL
 * whose issuer is the issuer's subject and whose signature its key
 * verifies, or an OCSP response signed by the issuer or by a responder the
 * issuer certified for OCSP signing (RFC 6960 4.2.2.2).  Anything else,
 * and no answer at all, is UNKNOWN: never taken for good.
 *
 * Freshness is not judged against the signing time: data fetched at
 * signing time and kept in the /DSS is what long-term validation relies
 * on, and a revocation is reported with its date so that the caller can
 * compare it with the (timestamped) signing time.
 *
 * Fetching is synchronous (sd-http.c), as for the TSA client: the
 * verifier and the signer run in worker threads or command-line tools.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>  /* SOUP_STATUS_OK */
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-error.h"
#include "sd-http.h"
#include "sd-openssl.h"
#include "sd-revocation.h"

/* CRLs of big CAs run to megabytes; more is not one of ours to parse. */
#define MAX_FETCH_SIZE (16 * 1024 * 1024)

SdRevocationData *
sd_revocation_data_new (void)
{
  SdRevocationData *data = g_new0 (SdRevocationData, 1);

  data->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  data->crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  data->ocsps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return data;
}

void
sd_revocation_data_free (SdRevocationData *data)
{
  if (data == NULL)
    return;
  g_ptr_array_unref (data->certs);
  g_ptr_array_unref (data->crls);
  g_ptr_array_unref (data->ocsps);
  g_free (data);
}

static gboolean
add_unique (GPtrArray *array,
            GBytes    *der)
{
  for (guint i = 0; i < array->len; i++)
    if (g_bytes_equal (array->pdata[i], der))
      return FALSE;
  g_ptr_array_add (array, g_bytes_ref (der));
  return TRUE;
}

gboolean
sd_revocation_data_add_cert (SdRevocationData *data,
                             GBytes           *der)
{
  return add_unique (data->certs, der);
}

gboolean
sd_revocation_data_add_crl (SdRevocationData *data,
                            GBytes           *der)
{
  return add_unique (data->crls, der);
}

gboolean
sd_revocation_data_add_ocsp (SdRevocationData *data,
                             GBytes           *der)
{
  return add_unique (data->ocsps, der);
}

void
sd_revocation_result_clear (SdRevocationResult *result)
{
  g_clear_pointer (&result->revocation_time, g_date_time_unref);
  g_clear_pointer (&result->reason, g_free);
  g_clear_pointer (&result->source, g_free);
  g_clear_pointer (&result->detail, g_free);
  result->status = SD_REVOCATION_NOT_CHECKED;
}

static GDateTime *
time_from_asn1 (const ASN1_TIME *t)
{
  struct tm tm;

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                              tm.tm_min, tm.tm_sec);
}

/* RFC 5280 5.3.1 CRLReason, the same numbers in OCSP. */
static const char *
reason_name (int reason)
{
  static const char *const names[] = {
    "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
    "aACompromise",
  };

  if (reason < 0 || reason >= (int) G_N_ELEMENTS (names))
    return NULL;
  return names[reason];
}

static void
set_revoked (SdRevocationResult *result,
             const char         *source,
             const ASN1_TIME    *when,
             int                 reason)
{
  result->status = SD_REVOCATION_REVOKED;
  result->revocation_time = time_from_asn1 (when);
  result->reason = g_strdup (reason_name (reason));
  result->source = g_strdup (source);
}

/* GOOD, REVOKED, or UNKNOWN when this response does not answer for @cert. */
static SdRevocationStatus
check_ocsp (X509               *cert,
            X509               *issuer,
            GBytes             *der,
            SdRevocationResult *result)
{
  const unsigned char *p = g_bytes_get_data (der, NULL);
  OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE (NULL, &p, (long) g_bytes_get_size (der));
  OCSP_BASICRESP *basic = NULL;
  OCSP_CERTID *id = NULL;
  STACK_OF(X509) *extra = sk_X509_new_null ();
  X509_STORE *store = X509_STORE_new ();
  SdRevocationStatus status = SD_REVOCATION_UNKNOWN;
  ASN1_GENERALIZEDTIME *revoked_at = NULL, *this_update = NULL, *next_update = NULL;
  int cert_status = -1, reason = -1;

  if (resp == NULL || OCSP_response_status (resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL
      || (basic = OCSP_response_get1_basic (resp)) == NULL || extra == NULL || store == NULL)
    goto out;
  /* The issuer is the anchor: the responder is the issuer itself or a
   * certificate it issued with the OCSP signing purpose, checked at the
   * time the response was produced. */
  sk_X509_push (extra, issuer);
  X509_STORE_add_cert (store, issuer);
  X509_VERIFY_PARAM_set_flags (X509_STORE_get0_param (store), X509_V_FLAG_PARTIAL_CHAIN);
  {
    GDateTime *produced = time_from_asn1 (OCSP_resp_get0_produced_at (basic));

    if (produced != NULL)
      {
        X509_VERIFY_PARAM_set_time (X509_STORE_get0_param (store), g_date_time_to_unix (produced));
        g_date_time_unref (produced);
      }
  }
  if (OCSP_basic_verify (basic, extra, store, 0) != 1)
    goto out;
  if ((id = OCSP_cert_to_id (NULL, cert, issuer)) == NULL)
    goto out;
  if (OCSP_resp_find_status (basic, id, &cert_status, &reason, &revoked_at, &this_update,
                             &next_update) != 1)
    goto out;
  if (cert_status == V_OCSP_CERTSTATUS_GOOD)
    {
      status = SD_REVOCATION_GOOD;
      result->source = g_strdup ("OCSP");
    }
  else if (cert_status == V_OCSP_CERTSTATUS_REVOKED)
    {
      status = SD_REVOCATION_REVOKED;
      set_revoked (result, "OCSP", revoked_at, reason);
    }

out:
  OCSP_CERTID_free (id);
  X509_STORE_free (store);
  sk_X509_free (extra);
  OCSP_BASICRESP_free (basic);
  OCSP_RESPONSE_free (resp);
  ERR_clear_error ();
  return status;
}

static X509_CRL *
parse_crl (GBytes *der)
{
  const unsigned char *p = g_bytes_get_data (der, NULL);
  X509_CRL *crl = d2i_X509_CRL (NULL, &p, (long) g_bytes_get_size (der));

  if (crl == NULL)
    {
      g_autoptr(BIO) bio = BIO_new_mem_buf (g_bytes_get_data (der, NULL),
                                            (int) g_bytes_get_size (der));

      crl = bio ? PEM_read_bio_X509_CRL (bio, NULL, NULL, NULL) : NULL;
    }
  ERR_clear_error ();
  return crl;
}

static SdRevocationStatus
check_crl (X509               *cert,
           X509               *issuer,
           GBytes             *der,
           SdRevocationResult *result)
{
  X509_CRL *crl = parse_crl (der);
  X509_REVOKED *entry = NULL;
  SdRevocationStatus status = SD_REVOCATION_UNKNOWN;
  EVP_PKEY *key = X509_get0_pubkey (issuer);

  if (crl == NULL || key == NULL
      || X509_NAME_cmp (X509_CRL_get_issuer (crl), X509_get_subject_name (issuer)) != 0
      || X509_CRL_verify (crl, key) != 1)
    goto out;
  if (X509_CRL_get0_by_cert (crl, &entry, cert) == 1 && entry != NULL)
    {
      ASN1_ENUMERATED *code = X509_REVOKED_get_ext_d2i (entry, NID_crl_reason, NULL, NULL);
      int reason = code ? (int) ASN1_ENUMERATED_get (code) : -1;

      ASN1_ENUMERATED_free (code);
      status = SD_REVOCATION_REVOKED;
      set_revoked (result, "CRL", X509_REVOKED_get0_revocationDate (entry), reason);
    }
  else
    {
      status = SD_REVOCATION_GOOD;
      result->source = g_strdup ("CRL");
    }

out:
  X509_CRL_free (crl);
  ERR_clear_error ();
  return status;
}

SdRevocationStatus
sd_revocation_check (X509               *cert,
                     X509               *issuer,
                     SdRevocationData   *data,
                     SdRevocationResult *result)
{
  sd_revocation_result_clear (result);
  result->status = SD_REVOCATION_UNKNOWN;
  for (int pass = 0; pass < 2; pass++)
    {
      GPtrArray *items = pass == 0 ? data->ocsps : data->crls;

      for (guint i = 0; i < items->len; i++)
        {
          SdRevocationStatus s = pass == 0 ? check_ocsp (cert, issuer, items->pdata[i], result)
                                           : check_crl (cert, issuer, items->pdata[i], result);

          if (s != SD_REVOCATION_UNKNOWN)
            return result->status = s;
        }
    }
  result->detail = g_strdup (_("No CRL or OCSP response signed by its issuer answers for it."));
  return SD_REVOCATION_UNKNOWN;
}

/* A GET (@body NULL) or a POST; the body of a 200 answer. */
static GBytes *
http_fetch (const char    *url,
            const char    *content_type,
            GBytes        *body,
            guint          timeout,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autofree char *reason = NULL;
  guint status = 0;

  response = sd_http_fetch (url, content_type, body, timeout, cancellable, &status, &reason,
                            &local_error);
  if (response == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT, _("“%s” is not a valid URL."),
                     url);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, SD_ERROR, SD_ERROR_IO,
                     _("%s did not answer within %u seconds."), url, timeout);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot reach %s: %s."), url,
                     local_error->message);
      return NULL;
    }
  if (status != SOUP_STATUS_OK || g_bytes_get_size (response) > MAX_FETCH_SIZE)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("%s answered HTTP %u (%s)."), url, status,
                   reason);
      return NULL;
    }
  return g_steal_pointer (&response);
}

static GBytes *
ocsp_request (X509 *cert,
              X509 *issuer)
{
  OCSP_REQUEST *req = OCSP_REQUEST_new ();
  OCSP_CERTID *id = OCSP_cert_to_id (NULL, cert, issuer);
  unsigned char *der = NULL;
  GBytes *out = NULL;
  int len;

  if (req != NULL && id != NULL && OCSP_request_add0_id (req, id) != NULL)
    {
      id = NULL;
      if ((len = i2d_OCSP_REQUEST (req, &der)) > 0)
        out = g_bytes_new (der, len);
    }
  OPENSSL_free (der);
  OCSP_CERTID_free (id);
  OCSP_REQUEST_free (req);
  ERR_clear_error ();
  return out;
}

static GPtrArray *
crl_urls (X509 *cert)
{
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);
  STACK_OF(DIST_POINT) *points = X509_get_ext_d2i (cert, NID_crl_distribution_points, NULL, NULL);

  for (int i = 0; i < sk_DIST_POINT_num (points); i++)
    {
      DIST_POINT *dp = sk_DIST_POINT_value (points, i);

      if (dp->distpoint == NULL || dp->distpoint->type != 0)
        continue;
      for (int k = 0; k < sk_GENERAL_NAME_num (dp->distpoint->name.fullname); k++)
        {
          GENERAL_NAME *gn = sk_GENERAL_NAME_value (dp->distpoint->name.fullname, k);

          if (gn->type == GEN_URI)
            g_ptr_array_add (urls, g_strndup ((const char *) ASN1_STRING_get0_data (gn->d.ia5),
                                              ASN1_STRING_length (gn->d.ia5)));
        }
    }
  sk_DIST_POINT_pop_free (points, DIST_POINT_free);
  return urls;
}

static gboolean
is_http (const char *url)
{
  return g_ascii_strncasecmp (url, "http://", 7) == 0
         || g_ascii_strncasecmp (url, "https://", 8) == 0;
}

gboolean
sd_revocation_has_sources (X509 *cert)
{
  g_autoptr(GPtrArray) crls = crl_urls (cert);
  STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp (cert);
  gboolean found = FALSE;

  for (int i = 0; i < sk_OPENSSL_STRING_num (ocsp); i++)
    found |= is_http (sk_OPENSSL_STRING_value (ocsp, i));
  for (guint i = 0; i < crls->len; i++)
    found |= is_http (crls->pdata[i]);
  X509_email_free (ocsp);
  return found;
}

gboolean
sd_revocation_fetch (X509              *cert,
                     X509              *issuer,
                     guint              timeout,
                     SdRevocationData  *data,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) crls = crl_urls (cert);
  STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp (cert);
  SdRevocationResult result = { 0 };
  g_autofree char *text = NULL;
  gboolean conclusive = FALSE;

  if (timeout == 0)
    timeout = SD_REVOCATION_DEFAULT_TIMEOUT;
  for (int i = 0; i < sk_OPENSSL_STRING_num (ocsp) && !conclusive; i++)
    {
      const char *url = sk_OPENSSL_STRING_value (ocsp, i);
      g_autoptr(GBytes) request = NULL;
      g_autoptr(GBytes) response = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!is_http (url) || (request = ocsp_request (cert, issuer)) == NULL)
        continue;
      response = http_fetch (url, "application/ocsp-request", request, timeout, cancellable,
                             &local_error);
      if (response == NULL)
        {
          g_ptr_array_add (failures, g_strdup (local_error->message));
          continue;
        }
      if (check_ocsp (cert, issuer, response, &result) != SD_REVOCATION_UNKNOWN)
        {
          sd_revocation_data_add_ocsp (data, response);
          conclusive = TRUE;
        }
      else
        g_ptr_array_add (failures, g_strdup_printf (_("The OCSP responder %s gave no valid "
                                                      "answer."), url));
      sd_revocation_result_clear (&result);
    }
  X509_email_free (ocsp);
  for (guint i = 0; i < crls->len && !conclusive; i++)
    {
      const char *url = crls->pdata[i];
      g_autoptr(GBytes) crl = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!is_http (url))
        continue;
      crl = http_fetch (url, NULL, NULL, timeout, cancellable, &local_error);
      if (crl == NULL)
        {
          g_ptr_array_add (failures, g_strdup (local_error->message));
          continue;
        }
      if (check_crl (cert, issuer, crl, &result) != SD_REVOCATION_UNKNOWN)
        {
          sd_revocation_data_add_crl (data, crl);
          conclusive = TRUE;
        }
      else
        g_ptr_array_add (failures, g_strdup_printf (_("The CRL at %s is not one its issuer "
                                                      "signed."), url));
      sd_revocation_result_clear (&result);
    }
  if (conclusive)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (failures->len == 0)
    g_set_error (error, SD_ERROR, SD_ERROR_IO,
                 _("The certificate names no HTTP OCSP responder or CRL distribution point."));
  else
    {
      g_ptr_array_add (failures, NULL);
      text = g_strjoinv (" ", (char **) failures->pdata);
      g_set_error (error, SD_ERROR, SD_ERROR_IO, "%s", text);
    }
  return FALSE;
}

const char *
sd_revocation_status_to_string (SdRevocationStatus status)
{
  switch (status)
    {
    case SD_REVOCATION_GOOD:
      return "good";
    case SD_REVOCATION_REVOKED:
      return "revoked";
    case SD_REVOCATION_UNKNOWN:
      return "unknown";
    case SD_REVOCATION_NOT_CHECKED:
    default:
      return "not-checked";
    }
}
