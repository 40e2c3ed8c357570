/* sd-pkcs11-signer.c: a private key on a PKCS#11 token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-pkcs11-signer.h"
#include "sd-signature.h"

struct _SdPkcs11Signer
{
  GObject             parent_instance;

  SdTokenPkcs11      *token;
  GBytes             *certificate;
  GPtrArray          *chain;
  GBytes             *key_id;
  char               *key_label;
  SdKeyType           key_type;
  guint               key_bits;

  /* The key's handle in the token's session of that generation; only
   * touched between sd_token_pkcs11_begin() and _end(). */
  guint               generation;
  ck_object_handle_t  key;
  gboolean            always_authenticate;
};

static void sd_pkcs11_signer_signer_init (SdSignerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdPkcs11Signer, sd_pkcs11_signer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SIGNER,
                                                      sd_pkcs11_signer_signer_init))

static void
sd_pkcs11_signer_finalize (GObject *object)
{
  SdPkcs11Signer *self = SD_PKCS11_SIGNER (object);

  g_clear_object (&self->token);
  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_pointer (&self->key_id, g_bytes_unref);
  g_free (self->key_label);

  G_OBJECT_CLASS (sd_pkcs11_signer_parent_class)->finalize (object);
}

static void
sd_pkcs11_signer_class_init (SdPkcs11SignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_pkcs11_signer_finalize;
}

static void
sd_pkcs11_signer_init (SdPkcs11Signer *self)
{
}

/* Choosing the mechanism */

static ck_mechanism_type_t
hash_mechanism (SdDigestAlgorithm digest)
{
  switch (digest)
    {
    case SD_DIGEST_SHA256:
      return CKM_SHA256;
    case SD_DIGEST_SHA384:
      return CKM_SHA384;
    case SD_DIGEST_SHA512:
      return CKM_SHA512;
    case SD_DIGEST_SM3:
    default:
      return CKM_VENDOR_DEFINED;
    }
}

static ck_rsa_pkcs_mgf_type_t
mgf_for (SdDigestAlgorithm digest)
{
  switch (digest)
    {
    case SD_DIGEST_SHA256:
      return CKG_MGF1_SHA256;
    case SD_DIGEST_SHA384:
      return CKG_MGF1_SHA384;
    case SD_DIGEST_SHA512:
      return CKG_MGF1_SHA512;
    case SD_DIGEST_SM3:
    default:
      return 0;
    }
}

gboolean
sd_pkcs11_choose_sign_method (SdKeyType                key_type,
                              SdDigestAlgorithm        digest,
                              SdSignatureScheme        scheme,
                              SdPkcs11MechanismCheck   offers,
                              gpointer                 user_data,
                              SdPkcs11SignMethod      *method,
                              GError                 **error)
{
  static const ck_mechanism_type_t rsa_with[] = {
    [SD_DIGEST_SHA256] = CKM_SHA256_RSA_PKCS,
    [SD_DIGEST_SHA384] = CKM_SHA384_RSA_PKCS,
    [SD_DIGEST_SHA512] = CKM_SHA512_RSA_PKCS,
  };
  static const ck_mechanism_type_t pss_with[] = {
    [SD_DIGEST_SHA256] = CKM_SHA256_RSA_PKCS_PSS,
    [SD_DIGEST_SHA384] = CKM_SHA384_RSA_PKCS_PSS,
    [SD_DIGEST_SHA512] = CKM_SHA512_RSA_PKCS_PSS,
  };
  static const ck_mechanism_type_t ecdsa_with[] = {
    [SD_DIGEST_SHA256] = CKM_ECDSA_SHA256,
    [SD_DIGEST_SHA384] = CKM_ECDSA_SHA384,
    [SD_DIGEST_SHA512] = CKM_ECDSA_SHA512,
  };
  gboolean sha2 = digest == SD_DIGEST_SHA256 || digest == SD_DIGEST_SHA384
                  || digest == SD_DIGEST_SHA512;

  memset (method, 0, sizeof *method);

  if (key_type == SD_KEY_TYPE_SM2)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("PKCS#11 has no standard SM2 signature; sign with this key through "
                             "its SKF library instead (--skf)."));
      return FALSE;
    }
  if (!sha2)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, _("A PKCS#11 key cannot sign with %s"),
                   sd_digest_to_string (digest));
      return FALSE;
    }

  if (key_type == SD_KEY_TYPE_RSA && scheme == SD_SIGNATURE_SCHEME_RSA_PSS)
    {
      method->pss = TRUE;
      if (offers (pss_with[digest], user_data))
        method->mechanism = pss_with[digest];
      else if (offers (CKM_RSA_PKCS_PSS, user_data))
        {
          method->mechanism = CKM_RSA_PKCS_PSS;
          method->hash_on_host = TRUE;
        }
      else
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                               _("The key cannot make RSA-PSS signatures; sign without --pss."));
          return FALSE;
        }
      return TRUE;
    }

  if (key_type == SD_KEY_TYPE_RSA)
    {
      if (offers (rsa_with[digest], user_data))
        method->mechanism = rsa_with[digest];
      else if (offers (CKM_RSA_PKCS, user_data))
        {
          method->mechanism = CKM_RSA_PKCS;
          method->hash_on_host = TRUE;
          method->digest_info = TRUE;
        }
      else
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                               _("The key offers no RSA PKCS#1 signature mechanism."));
          return FALSE;
        }
      return TRUE;
    }

  method->raw_ecdsa = TRUE;
  if (offers (ecdsa_with[digest], user_data))
    method->mechanism = ecdsa_with[digest];
  else if (offers (CKM_ECDSA, user_data))
    {
      method->mechanism = CKM_ECDSA;
      method->hash_on_host = TRUE;
    }
  else
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_KEY,
                           _("The key offers no ECDSA signature mechanism."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
token_offers (ck_mechanism_type_t mechanism,
              gpointer            user_data)
{
  return sd_token_pkcs11_can_sign_with (user_data, mechanism);
}

/* Signing, with the token's session held */

static gboolean
find_key (SdPkcs11Signer  *self,
          guint            generation,
          GCancellable    *cancellable,
          GError         **error)
{
  ck_object_class_t klass = CKO_PRIVATE_KEY;
  struct ck_attribute template[] = {
    { CKA_CLASS, &klass, sizeof klass },
    { CKA_ID, (void *) g_bytes_get_data (self->key_id, NULL), g_bytes_get_size (self->key_id) },
  };
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GBytes) always = NULL;

  if (self->generation == generation && self->key != CK_INVALID_HANDLE)
    return TRUE;

  keys = sd_token_pkcs11_find_objects (self->token, template, G_N_ELEMENTS (template), error);
  if (keys == NULL)
    return FALSE;
  /* Private keys are often private objects: visible only after login. */
  if (keys->len == 0 && !sd_token_pkcs11_is_logged_in (self->token))
    {
      g_clear_pointer (&keys, g_array_unref);
      if (!sd_token_pkcs11_login (self->token, SD_SIGNER (self), CKU_USER, self->key_label,
                                  cancellable, error))
        return FALSE;
      keys = sd_token_pkcs11_find_objects (self->token, template, G_N_ELEMENTS (template),
                                           error);
      if (keys == NULL)
        return FALSE;
    }
  if (keys->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("The key “%s” holds the certificate but not its private key."),
                   sd_token_get_label (SD_TOKEN (self->token)));
      return FALSE;
    }

  self->key = g_array_index (keys, ck_object_handle_t, 0);
  self->generation = generation;
  always = sd_token_pkcs11_get_attribute (self->token, self->key, CKA_ALWAYS_AUTHENTICATE);
  self->always_authenticate = always != NULL && g_bytes_get_size (always) >= 1
                              && *(const guint8 *) g_bytes_get_data (always, NULL) != 0;
  return TRUE;
}

/* The bytes given to C_Sign */
static GBytes *
prepare_input (const SdPkcs11SignMethod  *method,
               SdDigestAlgorithm          digest,
               GBytes                    *data,
               GError                   **error)
{
  g_autoptr(GBytes) hash = NULL;
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);

  if (!method->hash_on_host)
    return g_bytes_ref (data);
  hash = sd_digest_compute (digest, bytes != NULL ? bytes : (const guint8 *) "", length, error);
  if (hash == NULL)
    return NULL;
  if (!method->digest_info)
    return g_steal_pointer (&hash);
  return sd_signature_rsa_digest_info (digest, g_bytes_get_data (hash, NULL),
                                       g_bytes_get_size (hash), error);
}

/* The signature length the key will give, to call C_Sign once */
static gsize
expected_length (SdPkcs11Signer *self)
{
  if (self->key_type == SD_KEY_TYPE_RSA)
    return (self->key_bits + 7) / 8;
  return 2 * ((self->key_bits + 7) / 8);
}

/* One attempt.  *@drop is set when the session must be closed: a removal,
 * or an operation that may be left active on it. */
static GBytes *
sign_in_session (SdPkcs11Signer     *self,
                 ck_session_handle_t session,
                 guint               generation,
                 SdDigestAlgorithm   digest,
                 SdSignatureScheme   scheme,
                 GBytes             *data,
                 GCancellable       *cancellable,
                 gboolean           *drop,
                 ck_rv_t            *failed_rv,
                 GError            **error)
{
  struct ck_function_list *f = sd_pkcs11_module_get_functions (
    sd_token_pkcs11_get_module (self->token));
  const char *label = sd_token_get_label (SD_TOKEN (self->token));
  struct ck_rsa_pkcs_pss_params pss = { 0 };
  struct ck_mechanism mechanism = { 0 };
  SdPkcs11SignMethod method;
  g_autoptr(GBytes) input = NULL;
  g_autofree guint8 *signature = NULL;
  unsigned long signature_length;
  ck_rv_t rv;

  *failed_rv = CKR_OK;

  if (!sd_pkcs11_choose_sign_method (self->key_type, digest, scheme, token_offers, self->token,
                                     &method, error))
    return NULL;
  input = prepare_input (&method, digest, data, error);
  if (input == NULL)
    return NULL;

  if ((sd_token_get_flags (SD_TOKEN (self->token)) & SD_TOKEN_LOGIN_REQUIRED)
      && !sd_token_pkcs11_is_logged_in (self->token)
      && !sd_token_pkcs11_login (self->token, SD_SIGNER (self), CKU_USER, self->key_label,
                                 cancellable, error))
    return NULL;
  if (!find_key (self, generation, cancellable, error))
    return NULL;

  mechanism.mechanism = method.mechanism;
  if (method.pss)
    {
      pss.hash_alg = hash_mechanism (digest);
      pss.mgf = mgf_for (digest);
      pss.s_len = sd_digest_get_length (digest);
      mechanism.parameter = &pss;
      mechanism.parameter_len = sizeof pss;
    }

  rv = f->C_SignInit (session, &mechanism, self->key);
  if (rv == CKR_USER_NOT_LOGGED_IN)
    {
      if (!sd_token_pkcs11_login (self->token, SD_SIGNER (self), CKU_USER, self->key_label,
                                  cancellable, error))
        return NULL;
      rv = f->C_SignInit (session, &mechanism, self->key);
    }
  if (rv != CKR_OK)
    {
      *failed_rv = rv;
      *drop = sd_pkcs11_rv_is_removal (rv) || rv == CKR_OPERATION_ACTIVE;
      sd_pkcs11_set_error (error, rv, _("The key “%s” refused to start the signature"), label);
      return NULL;
    }

  /* From here an operation is active on the session: any way out other
   * than a finished C_Sign closes the session. */
  *drop = TRUE;

  /* Keys with CKA_ALWAYS_AUTHENTICATE (PIV's signature key, many qualified
   * signature keys) want the PIN again for this one operation. */
  if (self->always_authenticate
      && !sd_token_pkcs11_login (self->token, SD_SIGNER (self), CKU_CONTEXT_SPECIFIC,
                                 self->key_label, cancellable, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  signature_length = expected_length (self);
  signature = g_malloc (MAX (signature_length, 1));
  rv = f->C_Sign (session, (unsigned char *) g_bytes_get_data (input, NULL),
                  g_bytes_get_size (input), signature, &signature_length);
  if (rv == CKR_BUFFER_TOO_SMALL && signature_length > 0 && signature_length <= 8192)
    {
      signature = g_realloc (signature, signature_length);
      rv = f->C_Sign (session, (unsigned char *) g_bytes_get_data (input, NULL),
                      g_bytes_get_size (input), signature, &signature_length);
    }
  if (rv != CKR_OK)
    {
      *failed_rv = rv;
      sd_pkcs11_set_error (error, rv, _("The key “%s” failed to sign"), label);
      return NULL;
    }
  *drop = FALSE;

  if (method.raw_ecdsa)
    return sd_signature_ecdsa_raw_to_der (signature, signature_length, error);
  return g_bytes_new_take (g_steal_pointer (&signature), signature_length);
}

static GBytes *
sign_on_token (SdPkcs11Signer     *self,
               SdDigestAlgorithm   digest,
               SdSignatureScheme   scheme,
               GBytes             *data,
               GCancellable       *cancellable,
               GError            **error)
{
  /* A session closed under us (the key was reset, or another program
   * closed all sessions) is retried once in a new session; a key that is
   * gone fails in sd_token_pkcs11_begin() with a removal error. */
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      ck_session_handle_t session;
      gboolean drop = FALSE;
      ck_rv_t rv = CKR_OK;
      guint generation;
      GBytes *signature;

      if (!sd_token_pkcs11_begin (self->token, &session, &generation, error))
        return NULL;
      signature = sign_in_session (self, session, generation, digest, scheme, data, cancellable,
                                   &drop, &rv, &local_error);
      sd_token_pkcs11_end (self->token, drop);

      if (signature != NULL)
        return signature;
      if (attempt == 0 && (rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED))
        {
          g_debug ("Session of “%s” closed during a signature; retrying in a new one",
                   sd_token_get_label (SD_TOKEN (self->token)));
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
}

/* SdSigner */

static GBytes *
get_certificate (SdSigner *signer)
{
  return g_bytes_ref (SD_PKCS11_SIGNER (signer)->certificate);
}

static GPtrArray *
get_chain (SdSigner *signer)
{
  SdPkcs11Signer *self = SD_PKCS11_SIGNER (signer);
  GPtrArray *chain = g_ptr_array_new_full (self->chain->len, (GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < self->chain->len; i++)
    g_ptr_array_add (chain, g_bytes_ref (g_ptr_array_index (self->chain, i)));
  return chain;
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
  g_task_set_name (task, "[sealdesk] PKCS#11 signature");
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
sd_pkcs11_signer_signer_init (SdSignerInterface *iface)
{
  iface->get_certificate = get_certificate;
  iface->get_chain = get_chain;
  iface->sign_async = sign_async;
  iface->sign_finish = sign_finish;
}

SdSigner *
sd_pkcs11_signer_new (SdTokenPkcs11  *token,
                      GBytes         *certificate,
                      GPtrArray      *chain,
                      GBytes         *key_id,
                      const char     *key_label,
                      GError        **error)
{
  g_autoptr(SdPkcs11Signer) self = NULL;
  g_autoptr(X509) cert = NULL;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (token), NULL);
  g_return_val_if_fail (certificate != NULL && key_id != NULL, NULL);

  cert = sd_certificate_parse (certificate, error);
  if (cert == NULL)
    return NULL;

  self = g_object_new (SD_TYPE_PKCS11_SIGNER, NULL);
  if (!sd_certificate_get_key_info (cert, &self->key_type, &self->key_bits, error))
    return NULL;
  self->token = g_object_ref (token);
  self->certificate = g_bytes_ref (certificate);
  self->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    g_ptr_array_add (self->chain, g_bytes_ref (g_ptr_array_index (chain, i)));
  self->key_id = g_bytes_ref (key_id);
  self->key_label = g_strdup (key_label != NULL ? key_label : "");
  self->key = CK_INVALID_HANDLE;
  return SD_SIGNER (g_steal_pointer (&self));
}
