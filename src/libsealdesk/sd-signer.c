/* sd-signer.c: a private key that can sign, wherever it lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-secure.h"
#include "sd-signer.h"

G_DEFINE_INTERFACE (SdSigner, sd_signer, G_TYPE_OBJECT)

/* The PIN callback lives in a reference-counted box so that a worker thread
 * asking for a PIN keeps it alive even if the callback is replaced meanwhile. */
typedef struct
{
  SdPinCallback  callback;
  gpointer       user_data;
  GDestroyNotify destroy;
} PinHandler;

static GMutex pin_handler_lock;

static GQuark
pin_handler_quark (void)
{
  return g_quark_from_static_string ("sd-signer-pin-handler");
}

static void
pin_handler_clear (gpointer data)
{
  PinHandler *handler = data;

  if (handler->destroy != NULL)
    handler->destroy (handler->user_data);
}

static void
pin_handler_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, pin_handler_clear);
}

static void
sd_signer_default_init (SdSignerInterface *iface)
{
}

GBytes *
sd_signer_get_certificate (SdSigner *self)
{
  SdSignerInterface *iface;

  g_return_val_if_fail (SD_IS_SIGNER (self), NULL);

  iface = SD_SIGNER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_certificate != NULL, NULL);
  return iface->get_certificate (self);
}

GPtrArray *
sd_signer_get_chain (SdSigner *self)
{
  SdSignerInterface *iface;

  g_return_val_if_fail (SD_IS_SIGNER (self), NULL);

  iface = SD_SIGNER_GET_IFACE (self);
  if (iface->get_chain == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return iface->get_chain (self);
}

/* The parsed certificate stays on the signer: a batch of signatures asks
 * for it several times per document, and OpenSSL 3 takes as long to
 * decode a certificate's key as a small document takes to sign. */
typedef struct
{
  GBytes *der;
  X509   *cert;
} ParsedCertificate;

static GMutex parsed_certificate_lock;

static GQuark
parsed_certificate_quark (void)
{
  return g_quark_from_static_string ("sd-signer-parsed-certificate");
}

static void
parsed_certificate_free (gpointer data)
{
  ParsedCertificate *parsed = data;

  g_bytes_unref (parsed->der);
  X509_free (parsed->cert);
  g_free (parsed);
}

X509 *
sd_signer_dup_x509 (SdSigner  *self,
                    GError   **error)
{
  g_autoptr(GBytes) der = NULL;
  ParsedCertificate *parsed;
  X509 *cert = NULL;

  g_return_val_if_fail (SD_IS_SIGNER (self), NULL);

  der = sd_signer_get_certificate (self);
  if (der == NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY, _("The signer has no certificate"));
      return NULL;
    }

  g_mutex_lock (&parsed_certificate_lock);
  parsed = g_object_get_qdata (G_OBJECT (self), parsed_certificate_quark ());
  if (parsed != NULL && g_bytes_equal (parsed->der, der) && X509_up_ref (parsed->cert) == 1)
    cert = parsed->cert;
  g_mutex_unlock (&parsed_certificate_lock);
  if (cert != NULL)
    return cert;

  cert = sd_certificate_parse (der, error);
  if (cert == NULL || X509_up_ref (cert) != 1)
    return cert;
  parsed = g_new (ParsedCertificate, 1);
  parsed->der = g_bytes_ref (der);
  parsed->cert = cert;
  g_mutex_lock (&parsed_certificate_lock);
  g_object_set_qdata_full (G_OBJECT (self), parsed_certificate_quark (), parsed,
                           parsed_certificate_free);
  g_mutex_unlock (&parsed_certificate_lock);
  return cert;
}

gboolean
sd_signer_get_key_info (SdSigner   *self,
                        SdKeyType  *key_type,
                        guint      *key_bits,
                        GError    **error)
{
  g_autoptr(X509) cert = NULL;

  g_return_val_if_fail (SD_IS_SIGNER (self), FALSE);

  cert = sd_signer_dup_x509 (self, error);
  if (cert == NULL)
    return FALSE;
  return sd_certificate_get_key_info (cert, key_type, key_bits, error);
}

SdKeyType
sd_signer_get_key_type (SdSigner *self)
{
  SdKeyType key_type = SD_KEY_TYPE_RSA;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SD_IS_SIGNER (self), SD_KEY_TYPE_RSA);

  if (!sd_signer_get_key_info (self, &key_type, NULL, &error))
    g_debug ("Cannot tell the key type: %s", error->message);
  return key_type;
}

guint
sd_signer_get_key_bits (SdSigner *self)
{
  g_autoptr(GError) error = NULL;
  guint key_bits = 0;

  g_return_val_if_fail (SD_IS_SIGNER (self), 0);

  if (!sd_signer_get_key_info (self, NULL, &key_bits, &error))
    g_debug ("Cannot tell the key size: %s", error->message);
  return key_bits;
}

const char *
sd_key_type_to_string (SdKeyType key_type)
{
  switch (key_type)
    {
    case SD_KEY_TYPE_RSA:
      return "RSA";
    case SD_KEY_TYPE_EC:
      return "ECDSA";
    case SD_KEY_TYPE_SM2:
      return "SM2";
    default:
      return "?";
    }
}

gboolean
sd_signer_check_algorithms (SdKeyType           key_type,
                            SdDigestAlgorithm   digest,
                            SdSignatureScheme   scheme,
                            GError            **error)
{
  if (digest != SD_DIGEST_SHA256 && digest != SD_DIGEST_SHA384 && digest != SD_DIGEST_SHA512
      && digest != SD_DIGEST_SM3)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("Unknown digest algorithm"));
      return FALSE;
    }
  if (scheme != SD_SIGNATURE_SCHEME_DEFAULT && scheme != SD_SIGNATURE_SCHEME_RSA_PSS)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("Unknown signature scheme"));
      return FALSE;
    }

  if (key_type == SD_KEY_TYPE_SM2 && digest != SD_DIGEST_SM3)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("SM2 keys sign with the SM3 digest only, not with %s"),
                   sd_digest_to_string (digest));
      return FALSE;
    }
  if (key_type != SD_KEY_TYPE_SM2 && digest == SD_DIGEST_SM3)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("The SM3 digest needs an SM2 key; this key is %s"),
                   sd_key_type_to_string (key_type));
      return FALSE;
    }
  if (key_type != SD_KEY_TYPE_RSA && scheme == SD_SIGNATURE_SCHEME_RSA_PSS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("RSA-PSS signatures need an RSA key; this key is %s"),
                   sd_key_type_to_string (key_type));
      return FALSE;
    }
  return TRUE;
}

void
sd_signer_sign_async (SdSigner            *self,
                      SdDigestAlgorithm    digest,
                      SdSignatureScheme    scheme,
                      GBytes              *data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  SdSignerInterface *iface;
  g_autoptr(GError) error = NULL;
  SdKeyType key_type;

  g_return_if_fail (SD_IS_SIGNER (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SD_SIGNER_GET_IFACE (self);
  g_return_if_fail (iface->sign_async != NULL);

  /* Refuse impossible combinations here so every implementation gets it. */
  if (!sd_signer_get_key_info (self, &key_type, NULL, &error)
      || !sd_signer_check_algorithms (key_type, digest, scheme, &error))
    {
      g_task_report_error (self, callback, user_data, sd_signer_sign_async,
                           g_steal_pointer (&error));
      return;
    }

  iface->sign_async (self, digest, scheme, data, cancellable, callback, user_data);
}

GBytes *
sd_signer_sign_finish (SdSigner      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  SdSignerInterface *iface;

  g_return_val_if_fail (SD_IS_SIGNER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (g_async_result_is_tagged (result, sd_signer_sign_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  iface = SD_SIGNER_GET_IFACE (self);
  return iface->sign_finish (self, result, error);
}

static void
sign_sync_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GBytes *
sd_signer_sign (SdSigner            *self,
                SdDigestAlgorithm    digest,
                SdSignatureScheme    scheme,
                GBytes              *data,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SdSignerInterface *iface;
  SdKeyType key_type;

  g_return_val_if_fail (SD_IS_SIGNER (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  iface = SD_SIGNER_GET_IFACE (self);
  if (iface->sign != NULL)
    {
      if (!sd_signer_get_key_info (self, &key_type, NULL, error)
          || !sd_signer_check_algorithms (key_type, digest, scheme, error))
        return NULL;
      return iface->sign (self, digest, scheme, data, cancellable, error);
    }

  /* A private context: works from any thread, and the caller's main loop
   * (if any) does not run callbacks while we wait. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  sd_signer_sign_async (self, digest, scheme, data, cancellable, sign_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);

  g_main_context_pop_thread_default (context);

  return sd_signer_sign_finish (self, result, error);
}

void
sd_signer_set_pin_callback (SdSigner       *self,
                            SdPinCallback   callback,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  PinHandler *handler = NULL;
  PinHandler *old;

  g_return_if_fail (SD_IS_SIGNER (self));

  if (callback != NULL)
    {
      handler = g_atomic_rc_box_new0 (PinHandler);
      handler->callback = callback;
      handler->user_data = user_data;
      handler->destroy = destroy;
    }
  else if (destroy != NULL)
    {
      destroy (user_data);
    }

  /* The old handler is released outside the lock: its destroy notify may
   * call back into the signer. */
  g_mutex_lock (&pin_handler_lock);
  old = g_object_steal_qdata (G_OBJECT (self), pin_handler_quark ());
  if (handler != NULL)
    g_object_set_qdata_full (G_OBJECT (self), pin_handler_quark (), handler, pin_handler_release);
  g_mutex_unlock (&pin_handler_lock);

  if (old != NULL)
    pin_handler_release (old);
}

char *
sd_signer_request_pin (SdSigner            *self,
                       const SdPinRequest  *request,
                       GCancellable        *cancellable,
                       GError             **error)
{
  PinHandler *handler;
  char *pin;

  g_return_val_if_fail (SD_IS_SIGNER (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  g_mutex_lock (&pin_handler_lock);
  handler = g_object_get_qdata (G_OBJECT (self), pin_handler_quark ());
  if (handler != NULL)
    g_atomic_rc_box_acquire (handler);
  g_mutex_unlock (&pin_handler_lock);

  if (handler == NULL)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                           _("The key needs a PIN but none was given"));
      return NULL;
    }

  pin = handler->callback (self, request, cancellable, handler->user_data);
  pin_handler_release (handler);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sd_secure_free (pin);
      return NULL;
    }
  if (pin == NULL)
    {
      /* The user said no: report it as a cancellation, like a cancelled dialog. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Entering the PIN was cancelled"));
      return NULL;
    }
  return pin;
}
