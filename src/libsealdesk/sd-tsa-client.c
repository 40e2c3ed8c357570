/* sd-tsa-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>  /* SOUP_STATUS_OK */
#include <openssl/cms.h>
#include <openssl/err.h>

#include "sd-error.h"
#include "sd-http.h"
#include "sd-openssl.h"
#include "sd-timestamp.h"
#include "sd-tsa-client.h"

/* TSA answers are a few kilobytes; more is not a timestamp. */
#define MAX_RESPONSE_SIZE (1024 * 1024)

GBytes *
sd_tsa_request_token (const char        *url,
                      SdDigestAlgorithm  digest,
                      GBytes            *hash,
                      guint              timeout,
                      GCancellable      *cancellable,
                      GError           **error)
{
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  GBytes *token;
  guint64 nonce;
  guint status = 0;

  if ((request = sd_timestamp_request_new (digest, hash, &nonce, error)) == NULL)
    return NULL;
  if (timeout == 0)
    timeout = SD_TSA_DEFAULT_TIMEOUT;
  response = sd_http_fetch (url, "application/timestamp-query", request, timeout, cancellable,
                            &status, &reason, &local_error);
  if (response == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a valid timestamp authority URL."), url);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, SD_ERROR, SD_ERROR_IO,
                     _("The timestamp authority at %s did not answer within %u seconds: try again "
                       "later, or sign without a timestamp."), url, timeout);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_IO,
                     _("Cannot reach the timestamp authority at %s: %s. Check the URL and the "
                       "network, or sign without a timestamp."), url, local_error->message);
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO,
                   _("The timestamp authority at %s answered HTTP %u (%s)."), url, status,
                   reason);
      return NULL;
    }
  if (g_bytes_get_size (response) > MAX_RESPONSE_SIZE)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO,
                   _("The timestamp authority at %s answered with something that is not a "
                     "timestamp."), url);
      return NULL;
    }
  token = sd_timestamp_response_get_token (response, hash, nonce, &local_error);
  if (token == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, "%s (%s)", local_error->message, url);
      return NULL;
    }
  return token;
}

static CMS_ContentInfo *
parse_cms (GBytes  *cms,
           GError **error)
{
  const unsigned char *p = g_bytes_get_data (cms, NULL);
  CMS_ContentInfo *ci = d2i_CMS_ContentInfo (NULL, &p, (long) g_bytes_get_size (cms));

  if (ci == NULL || sk_CMS_SignerInfo_num (CMS_get0_SignerInfos (ci)) < 1)
    {
      CMS_ContentInfo_free (ci);
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("The signature cannot be read"));
      return NULL;
    }
  return ci;
}

GBytes *
sd_cms_get_signature_value (GBytes  *cms,
                            GError **error)
{
  g_autoptr(CMS_ContentInfo) ci = parse_cms (cms, error);
  ASN1_OCTET_STRING *sig;

  if (ci == NULL)
    return NULL;
  sig = CMS_SignerInfo_get0_signature (sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (ci), 0));
  return g_bytes_new (ASN1_STRING_get0_data (sig), ASN1_STRING_length (sig));
}

GBytes *
sd_cms_add_timestamp (GBytes  *cms,
                      GBytes  *token,
                      GError **error)
{
  g_autoptr(CMS_ContentInfo) ci = parse_cms (cms, error);
  CMS_SignerInfo *si;
  unsigned char *der = NULL;
  GBytes *out;
  int len;

  if (ci == NULL)
    return NULL;
  si = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (ci), 0);
  /* The token is a ContentInfo: an ANY holding a SEQUENCE. */
  if (CMS_unsigned_add1_attr_by_NID (si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                     g_bytes_get_data (token, NULL),
                                     (int) g_bytes_get_size (token)) != 1
      || (len = i2d_CMS_ContentInfo (ci, &der)) <= 0)
    {
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("The timestamp cannot be added to the signature"));
      return NULL;
    }
  out = g_bytes_new (der, len);
  OPENSSL_free (der);
  return out;
}
