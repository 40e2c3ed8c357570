/* sd-skf-signer.c: the signing key of a container on an SKF device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-signature.h"
#include "sd-skf-signer.h"

struct _SdSkfSigner
{
  GObject     parent_instance;

  SdTokenSkf *token;
  char       *container;
  GBytes     *certificate;
  X509       *cert;
  SdKeyType   key_type;
  guint       key_bits;
};

static void sd_skf_signer_signer_init (SdSignerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdSkfSigner, sd_skf_signer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SIGNER, sd_skf_signer_signer_init))

static void
sd_skf_signer_finalize (GObject *object)
{
  SdSkfSigner *self = SD_SKF_SIGNER (object);

  g_clear_object (&self->token);
  g_free (self->container);
  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_clear_pointer (&self->cert, X509_free);

  G_OBJECT_CLASS (sd_skf_signer_parent_class)->finalize (object);
}

static void
sd_skf_signer_class_init (SdSkfSignerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_skf_signer_finalize;
}

static void
sd_skf_signer_init (SdSkfSigner *self)
{
}

gboolean
sd_skf_blob_value (const BYTE *field,
                   gsize       length,
                   guint8     *value)
{
  const gsize size = ECC_MAX_XCOORDINATE_BITS_LEN / 8;
  gboolean head_zero = TRUE, tail_zero = TRUE;

  if (length == 0 || length > size)
    return FALSE;
  for (gsize i = 0; i < size - length; i++)
    head_zero = head_zero && field[i] == 0;
  for (gsize i = length; i < size; i++)
    tail_zero = tail_zero && field[i] == 0;

  if (head_zero)
    memcpy (value, field + size - length, length);
  else if (tail_zero)
    memcpy (value, field, length);
  else
    return FALSE;
  return TRUE;
}

/* With the token held and logged in.  *@rv is the SKF result. */
static GBytes *
sign_sm2 (SdSkfSigner  *self,
          HCONTAINER    container,
          GBytes       *data,
          ULONG        *rv,
          GError      **error)
{
  const SdSkfFunctions *f = sd_skf_library_get_functions (
    sd_token_skf_get_library (self->token));
  g_autoptr(GBytes) e = NULL;
  ECCSIGNATUREBLOB blob;
  guint8 raw[64];
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);

  if (f->SKF_ECCSignData == NULL)
    {
      *rv = SAR_NOTSUPPORTYETERR;
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The SKF library cannot make SM2 signatures (no SKF_ECCSignData)."));
      return NULL;
    }
  e = sd_signature_sm2_digest (self->cert, bytes != NULL ? bytes : (const guint8 *) "", length,
                               error);
  if (e == NULL)
    {
      *rv = SAR_OK;
      return NULL;
    }
  memset (&blob, 0, sizeof blob);
  *rv = f->SKF_ECCSignData (container, (BYTE *) g_bytes_get_data (e, NULL),
                            (ULONG) g_bytes_get_size (e), &blob);
  if (*rv != SAR_OK)
    return NULL;
  if (!sd_skf_blob_value (blob.r, 32, raw) || !sd_skf_blob_value (blob.s, 32, raw + 32))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_TOKEN,
                           _("The key returned an SM2 signature that cannot be read."));
      return NULL;
    }
  return sd_signature_ecdsa_raw_to_der (raw, sizeof raw, error);
}

static GBytes *
sign_rsa (SdSkfSigner        *self,
          HCONTAINER          container,
          SdDigestAlgorithm   digest,
          GBytes             *data,
          ULONG              *rv,
          GError            **error)
{
  const SdSkfFunctions *f = sd_skf_library_get_functions (
    sd_token_skf_get_library (self->token));
  g_autoptr(GBytes) hash = NULL;
  g_autoptr(GBytes) info = NULL;
  g_autofree guint8 *signature = NULL;
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  ULONG signature_length = (self->key_bits + 7) / 8;

  *rv = SAR_OK;
  if (f->SKF_RSASignData == NULL)
    {
      *rv = SAR_NOTSUPPORTYETERR;
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The SKF library cannot make RSA signatures (no SKF_RSASignData)."));
      return NULL;
    }
  hash = sd_digest_compute (digest, bytes != NULL ? bytes : (const guint8 *) "", length, error);
  if (hash == NULL)
    return NULL;
  info = sd_signature_rsa_digest_info (digest, g_bytes_get_data (hash, NULL),
                                       g_bytes_get_size (hash), error);
  if (info == NULL)
    return NULL;

  signature = g_malloc (signature_length);
  *rv = f->SKF_RSASignData (container, (BYTE *) g_bytes_get_data (info, NULL),
                            (ULONG) g_bytes_get_size (info), signature, &signature_length);
  if (*rv == SAR_BUFFER_TOO_SMALL && signature_length > 0 && signature_length <= 2048)
    {
      signature = g_realloc (signature, signature_length);
      *rv = f->SKF_RSASignData (container, (BYTE *) g_bytes_get_data (info, NULL),
                                (ULONG) g_bytes_get_size (info), signature, &signature_length);
    }
  if (*rv != SAR_OK)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&signature), signature_length);
}

static GBytes *
sign_once (SdSkfSigner        *self,
           SdDigestAlgorithm   digest,
           GBytes             *data,
           GCancellable       *cancellable,
           ULONG              *rv,
           GError            **error)
{
  const char *label = sd_token_get_label (SD_TOKEN (self->token));
  g_autoptr(GError) local_error = NULL;
  HCONTAINER container;
  GBytes *signature;

  *rv = SAR_OK;
  container = sd_token_skf_open_container (self->token, self->container, error);
  if (container == NULL)
    return NULL;
  if (!sd_token_skf_is_logged_in (self->token)
      && !sd_token_skf_login (self->token, SD_SIGNER (self), self->container, cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_clear_error (&local_error);
      if (self->key_type == SD_KEY_TYPE_SM2)
        signature = sign_sm2 (self, container, data, rv, &local_error);
      else
        signature = sign_rsa (self, container, digest, data, rv, &local_error);
      if (signature != NULL)
        return signature;
      /* The library says we are logged out (another program cleared the
       * secure state): log in again once. */
      if (*rv != SAR_USER_NOT_LOGGED_IN || attempt > 0)
        break;
      if (!sd_token_skf_login (self->token, SD_SIGNER (self), self->container, cancellable,
                               error))
        return NULL;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    sd_skf_set_error (error, *rv, _("The key “%s” failed to sign"), label);
  return NULL;
}

static GBytes *
sign_on_token (SdSkfSigner        *self,
               SdDigestAlgorithm   digest,
               SdSignatureScheme   scheme,
               GBytes             *data,
               GCancellable       *cancellable,
               GError            **error)
{
  if (scheme != SD_SIGNATURE_SCHEME_DEFAULT)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("SKF keys make RSA signatures with PKCS#1 v1.5 only; sign without "
                             "--pss."));
      return NULL;
    }

  /* Handles that went stale (the key was pulled out and put back) are
   * opened again once. */
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      ULONG rv = SAR_OK;
      GBytes *signature;

      if (!sd_token_skf_begin (self->token, error))
        return NULL;
      signature = sign_once (self, digest, data, cancellable, &rv, &local_error);
      sd_token_skf_end (self->token, signature == NULL
                                     && (rv == SAR_INVALIDHANDLEERR || sd_skf_rv_is_removal (rv)
                                         || g_error_matches (local_error, SD_ERROR,
                                                             SD_ERROR_TOKEN_REMOVED)));
      if (signature != NULL)
        return signature;
      if (rv == SAR_INVALIDHANDLEERR && attempt == 0)
        continue;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
}

/* SdSigner */

static GBytes *
get_certificate (SdSigner *signer)
{
  return g_bytes_ref (SD_SKF_SIGNER (signer)->certificate);
}

typedef struct
{
  SdDigestAlgorithm  digest;
  SdSignatureScheme  scheme;
  GBytes            *data;
} SignData;

static void
sign_data_free (SignData *data)
{
  g_bytes_unref (data->data);
  g_free (data);
}

static void
sign_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SignData *data = task_data;
  GError *error = NULL;
  GBytes *signature;

  if (g_task_return_error_if_cancelled (task))
    return;
  signature = sign_on_token (source_object, data->digest, data->scheme, data->data, cancellable,
                             &error);
  sd_openssl_clear_error ();
  if (signature == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signature, (GDestroyNotify) g_bytes_unref);
}

static void
sign_async (SdSigner            *signer,
            SdDigestAlgorithm    digest,
            SdSignatureScheme    scheme,
            GBytes              *data,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (signer, cancellable, callback, user_data);
  SignData *sign_data = g_new0 (SignData, 1);

  g_task_set_source_tag (task, sign_async);
  g_task_set_name (task, "[sealdesk] SKF signature");
  sign_data->digest = digest;
  sign_data->scheme = scheme;
  sign_data->data = g_bytes_ref (data);
  g_task_set_task_data (task, sign_data, (GDestroyNotify) sign_data_free);
  g_task_run_in_thread (task, sign_thread);
}

static GBytes *
sign_finish (SdSigner      *signer,
             GAsyncResult  *result,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, signer), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sd_skf_signer_signer_init (SdSignerInterface *iface)
{
  iface->get_certificate = get_certificate;
  iface->sign_async = sign_async;
  iface->sign_finish = sign_finish;
}

SdSigner *
sd_skf_signer_new (SdTokenSkf  *token,
                   const char  *container,
                   GBytes      *certificate,
                   GError     **error)
{
  g_autoptr(SdSkfSigner) self = NULL;

  g_return_val_if_fail (SD_IS_TOKEN_SKF (token), NULL);
  g_return_val_if_fail (container != NULL && certificate != NULL, NULL);

  self = g_object_new (SD_TYPE_SKF_SIGNER, NULL);
  self->cert = sd_certificate_parse (certificate, error);
  if (self->cert == NULL
      || !sd_certificate_get_key_info (self->cert, &self->key_type, &self->key_bits, error))
    return NULL;
  if (self->key_type == SD_KEY_TYPE_EC)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("SKF keys sign with SM2 or RSA; this certificate holds an ECDSA key."));
      return NULL;
    }
  self->token = g_object_ref (token);
  self->container = g_strdup (container);
  self->certificate = g_bytes_ref (certificate);
  return SD_SIGNER (g_steal_pointer (&self));
}
