/* sd-key-file-signer.c: a signer whose key is in a file (PKCS#12 or PEM)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-openssl.h"
#include "sd-secure.h"

/* Key and certificate files are small; anything larger is the wrong file. */
#define MAX_KEY_FILE_SIZE (16 * 1024 * 1024)

struct _SdKeyFileSigner
{
  GObject    parent_instance;

  EVP_PKEY  *key;
  SdKeyType  key_type;
  GBytes    *certificate;  /* DER */
  GPtrArray *chain;        /* DER GBytes, signer to root */
};

static void sd_key_file_signer_signer_init (SdSignerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdKeyFileSigner, sd_key_file_signer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SIGNER,
                                                      sd_key_file_signer_signer_init))

static void
sd_key_file_signer_finalize (GObject *object)
{
  SdKeyFileSigner *self = SD_KEY_FILE_SIGNER (object);

  g_clear_pointer (&self->key, EVP_PKEY_free);
  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_clear_pointer (&self->chain, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_key_file_signer_parent_class)->finalize (object);
}

static void
sd_key_file_signer_class_init (SdKeyFileSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_key_file_signer_finalize;
}

static void
sd_key_file_signer_init (SdKeyFileSigner *self)
{
  self->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

/* Signing */

static GBytes *
get_certificate (SdSigner *signer)
{
  SdKeyFileSigner *self = SD_KEY_FILE_SIGNER (signer);

  return g_bytes_ref (self->certificate);
}

static GPtrArray *
get_chain (SdSigner *signer)
{
  SdKeyFileSigner *self = SD_KEY_FILE_SIGNER (signer);
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

static GBytes *
sign_with_key (EVP_PKEY           *key,
               SdKeyType           key_type,
               SdDigestAlgorithm   digest,
               SdSignatureScheme   scheme,
               GBytes             *data,
               GError            **error)
{
  g_autoptr(EVP_MD_CTX) mctx = NULL;
  g_autofree guint8 *signature = NULL;
  EVP_PKEY_CTX *pctx = NULL;  /* owned by mctx */
  const char *md_name;
  const guint8 *bytes;
  gsize length = 0;
  size_t signature_length = 0;

  if (!sd_signer_check_algorithms (key_type, digest, scheme, error))
    return NULL;

  md_name = EVP_MD_get0_name (sd_digest_get_md (digest));
  bytes = g_bytes_get_data (data, &length);
  if (bytes == NULL)
    bytes = (const guint8 *) "";

  mctx = EVP_MD_CTX_new ();
  if (mctx == NULL || EVP_DigestSignInit_ex (mctx, &pctx, md_name, NULL, NULL, key, NULL) != 1)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("The key cannot sign with %s"),
                            sd_digest_to_string (digest));
      return NULL;
    }

  /* The Z value of SM2 hashes in the signer's ID; Chinese verifiers use the
   * GM/T 0009 default, OpenSSL 3.0 an empty one. */
  if (key_type == SD_KEY_TYPE_SM2
      && EVP_PKEY_CTX_set1_id (pctx, SD_SM2_DEFAULT_ID, SD_SM2_DEFAULT_ID_LENGTH) != 1)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("Setting the SM2 signer ID failed"));
      return NULL;
    }

  if (scheme == SD_SIGNATURE_SCHEME_RSA_PSS
      && (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING) != 1
          || EVP_PKEY_CTX_set_rsa_mgf1_md_name (pctx, md_name, NULL) != 1
          || EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("The key cannot make RSA-PSS signatures"));
      return NULL;
    }

  if (EVP_DigestSign (mctx, NULL, &signature_length, bytes, length) != 1
      || signature_length == 0)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("Signing failed"));
      return NULL;
    }
  signature = g_malloc (signature_length);
  if (EVP_DigestSign (mctx, signature, &signature_length, bytes, length) != 1)
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("Signing failed"));
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&signature), signature_length);
}

static GBytes *
sign_sync (SdSigner           *signer,
           SdDigestAlgorithm   digest,
           SdSignatureScheme   scheme,
           GBytes             *data,
           GCancellable       *cancellable,
           GError            **error)
{
  SdKeyFileSigner *self = SD_KEY_FILE_SIGNER (signer);
  GBytes *signature;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  signature = sign_with_key (self->key, self->key_type, digest, scheme, data, error);
  /* The queue is per thread; do not leave anything for the next call. */
  ERR_clear_error ();
  return signature;
}

static void
sign_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SdKeyFileSigner *self = source_object;
  SignData *data = task_data;
  GError *error = NULL;
  GBytes *signature;

  if (g_task_return_error_if_cancelled (task))
    return;

  signature = sign_with_key (self->key, self->key_type, data->digest, data->scheme, data->data,
                             &error);
  /* The queue is per thread; do not leave anything for the next task. */
  ERR_clear_error ();

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
  g_autoptr(GTask) task = NULL;
  SignData *sign_data;

  task = g_task_new (signer, cancellable, callback, user_data);
  g_task_set_source_tag (task, sign_async);
  g_task_set_name (task, "[sealdesk] key file signature");

  sign_data = g_new0 (SignData, 1);
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
sd_key_file_signer_signer_init (SdSignerInterface *iface)
{
  iface->get_certificate = get_certificate;
  iface->get_chain = get_chain;
  iface->sign_async = sign_async;
  iface->sign_finish = sign_finish;
  iface->sign = sign_sync;
}

/* Loading */

/* Reads a key or certificate file; the caller wipes it with wipe_contents(). */
static gboolean
read_file (const char  *path,
           char       **contents,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, contents, length, &local_error))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  if (*length > MAX_KEY_FILE_SIZE)
    {
      g_autofree char *display = g_filename_display_name (path);

      sd_secure_wipe (*contents, *length);
      g_clear_pointer (contents, g_free);
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("“%s” is too large to be a key or certificate file"), display);
      return FALSE;
    }
  return TRUE;
}

static void
wipe_contents (char  *contents,
               gsize  length)
{
  sd_secure_wipe (contents, length);
  g_free (contents);
}

static gboolean
looks_like_pem (const char *contents,
                gsize       length)
{
  return g_strstr_len (contents, (gssize) MIN (length, G_MAXSSIZE), "-----BEGIN ") != NULL;
}

/* OpenSSL 3.0 decodes SM2-curve keys as "SM2", but keys built elsewhere may
 * be plain EC on the SM2 curve, which would sign as ECDSA.  Rebuild those as
 * SM2 keys. */
static EVP_PKEY *
normalize_sm2_key (EVP_PKEY  *key,
                   GError   **error)
{
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;
  OSSL_PARAM *params = NULL;
  EVP_PKEY *sm2 = NULL;
  char group[64] = "";
  size_t group_length = 0;
  gboolean ok;

  if (EVP_PKEY_is_a (key, "SM2") || !EVP_PKEY_is_a (key, "EC")
      || EVP_PKEY_get_group_name (key, group, sizeof group, &group_length) != 1
      || g_ascii_strcasecmp (group, "SM2") != 0)
    {
      ERR_clear_error ();
      EVP_PKEY_up_ref (key);
      return key;
    }

  ctx = EVP_PKEY_CTX_new_from_name (NULL, "SM2", NULL);
  ok = ctx != NULL && EVP_PKEY_todata (key, EVP_PKEY_KEYPAIR, &params) == 1
       && EVP_PKEY_fromdata_init (ctx) == 1
       && EVP_PKEY_fromdata (ctx, &sm2, EVP_PKEY_KEYPAIR, params) == 1;

  if (params != NULL)
    {
      /* The array holds the private scalar: wipe it before freeing. */
      for (OSSL_PARAM *p = params; p->key != NULL; p++)
        if (p->data != NULL)
          OPENSSL_cleanse (p->data, p->data_size);
      OSSL_PARAM_free (params);
    }

  if (!ok)
    {
      EVP_PKEY_free (sm2);
      sd_openssl_set_error (error, SD_ERROR_KEY, _("The SM2 key cannot be prepared for signing"));
      return NULL;
    }
  return sm2;
}

static gboolean
add_unique_certificate (GPtrArray *certs,
                        X509      *leaf,
                        X509      *cert)
{
  if (X509_cmp (cert, leaf) == 0)
    return FALSE;
  for (guint i = 0; i < certs->len; i++)
    if (X509_cmp (cert, g_ptr_array_index (certs, i)) == 0)
      return FALSE;
  g_ptr_array_add (certs, cert);
  return TRUE;
}

/* @key, @cert and the X509 * in @chain stay owned by the caller. */
static SdSigner *
signer_new (EVP_PKEY    *key,
            X509        *cert,
            GPtrArray   *chain,
            const char  *key_path,
            const char  *cert_path,
            GError     **error)
{
  g_autoptr(SdKeyFileSigner) self = NULL;
  g_autoptr(EVP_PKEY) normalized = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autofree char *key_display = g_filename_display_name (key_path);
  g_autofree char *cert_display = g_filename_display_name (cert_path);
  SdKeyType cert_key_type;

  normalized = normalize_sm2_key (key, error);
  if (normalized == NULL)
    return NULL;

  self = g_object_new (SD_TYPE_KEY_FILE_SIGNER, NULL);
  self->key = g_steal_pointer (&normalized);

  if (!sd_pkey_get_key_info (self->key, &self->key_type, NULL, error)
      || !sd_certificate_get_key_info (cert, &cert_key_type, NULL, error))
    return NULL;

  if (X509_check_private_key (cert, self->key) != 1 || cert_key_type != self->key_type)
    {
      ERR_clear_error ();
      if (g_strcmp0 (key_path, cert_path) == 0)
        g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                     _("The private key in “%s” does not belong to its certificate"),
                     key_display);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                     _("The private key in “%s” does not belong to the certificate in “%s”"),
                     key_display, cert_display);
      return NULL;
    }

  self->certificate = sd_certificate_to_der (cert, error);
  if (self->certificate == NULL)
    return NULL;

  certs = g_ptr_array_new ();
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    add_unique_certificate (certs, cert, g_ptr_array_index (chain, i));
  sd_certificate_order_chain (cert, certs);

  for (guint i = 0; i < certs->len; i++)
    {
      GBytes *der = sd_certificate_to_der (g_ptr_array_index (certs, i), error);

      if (der == NULL)
        return NULL;
      g_ptr_array_add (self->chain, der);
    }

  return SD_SIGNER (g_steal_pointer (&self));
}

static gboolean
is_unsupported_algorithm_error (void)
{
  unsigned long e;

  while ((e = ERR_peek_error ()) != 0)
    {
      int reason = ERR_GET_REASON (e);

      if (reason == ERR_R_UNSUPPORTED || reason == EVP_R_UNSUPPORTED_ALGORITHM
          || reason == EVP_R_UNSUPPORTED_CIPHER || reason == ERR_R_FETCH_FAILED)
        return TRUE;
      ERR_get_error ();
    }
  return FALSE;
}

/* Kept for the life of the process; "used" keeps the compiler from dropping
 * the store, so leak checkers still see the provider as reachable. */
static OSSL_PROVIDER *legacy_provider __attribute__ ((used));

static gboolean
load_legacy_provider (void)
{
  static gsize loaded = 0;

  /* Old PKCS#12 files (Windows exports, many Chinese CAs) use RC2 or RC4,
   * which OpenSSL 3 only has in the legacy provider.  It stays loaded for
   * the process, next to the default provider. */
  if (g_once_init_enter (&loaded))
    {
      legacy_provider = OSSL_PROVIDER_try_load (NULL, "legacy", 1);
      g_once_init_leave (&loaded, legacy_provider != NULL ? 1 : 2);
    }
  return loaded == 1;
}

SdSigner *
sd_key_file_signer_new_from_pkcs12 (const char  *path,
                                    const char  *password,
                                    GError     **error)
{
  g_autoptr(PKCS12) p12 = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  STACK_OF (X509) *ca = NULL;
  const char *pass = password;
  char *contents = NULL;
  gsize length = 0;
  gboolean parsed;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  if (!read_file (path, &contents, &length, error))
    {
      g_prefix_error (error, _("Cannot read the key file: "));
      return NULL;
    }

  bio = BIO_new_mem_buf (contents, (int) MIN (length, G_MAXINT));
  p12 = bio != NULL ? d2i_PKCS12_bio (bio, NULL) : NULL;
  if (p12 == NULL)
    {
      wipe_contents (contents, length);
      sd_openssl_set_error (error, SD_ERROR_KEY, _("“%s” is not a PKCS#12 (.p12 or .pfx) file"),
                            display);
      return NULL;
    }

  /* Check the password first: a failed MAC is the clear sign of a wrong one. */
  if (PKCS12_mac_present (p12))
    {
      gboolean ok;

      if (pass != NULL)
        ok = PKCS12_verify_mac (p12, pass, -1) == 1;
      else if (PKCS12_verify_mac (p12, NULL, 0) == 1)
        ok = TRUE;
      else if (PKCS12_verify_mac (p12, "", 0) == 1)
        {
          ok = TRUE;
          pass = "";
        }
      else
        ok = FALSE;

      if (!ok)
        {
          ERR_clear_error ();
          wipe_contents (contents, length);
          if (password == NULL)
            g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                         _("The key file “%s” is protected by a password; please give it"),
                         display);
          else
            g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                         _("The password of the key file “%s” is wrong"), display);
          return NULL;
        }
    }

  parsed = PKCS12_parse (p12, pass, &key, &cert, &ca) == 1;
  if (!parsed && is_unsupported_algorithm_error () && load_legacy_provider ())
    {
      ERR_clear_error ();
      parsed = PKCS12_parse (p12, pass, &key, &cert, &ca) == 1;
    }
  wipe_contents (contents, length);

  if (!parsed)
    {
      if (!PKCS12_mac_present (p12))
        sd_openssl_set_error (error, SD_ERROR_BAD_PASSWORD,
                              _("The key file “%s” cannot be decrypted; the password may be "
                                "wrong"), display);
      else
        sd_openssl_set_error (error, SD_ERROR_KEY, _("The key file “%s” cannot be read"),
                              display);
      return NULL;
    }

  chain = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  while (ca != NULL && sk_X509_num (ca) > 0)
    g_ptr_array_add (chain, sk_X509_shift (ca));
  sk_X509_free (ca);

  if (key == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, _("The key file “%s” holds no private key"),
                   display);
      return NULL;
    }
  if (cert == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("The key file “%s” holds no certificate for its private key"), display);
      return NULL;
    }

  return signer_new (key, cert, chain, path, path, error);
}

typedef struct
{
  const char *password;
  gboolean    asked;
} PasswordData;

static int
password_cb (char *buf,
             int   size,
             int   rwflag,
             void *user_data)
{
  PasswordData *data = user_data;
  size_t length;

  data->asked = TRUE;
  if (data->password == NULL)
    return -1;

  length = strlen (data->password);
  if (length > (size_t) size)
    return -1;
  memcpy (buf, data->password, length);
  return (int) length;
}

static EVP_PKEY *
load_private_key (const char  *path,
                  const char  *password,
                  GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(BIO) bio = NULL;
  PasswordData pw = { password, FALSE };
  EVP_PKEY *key = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!read_file (path, &contents, &length, error))
    {
      g_prefix_error (error, _("Cannot read the private key file: "));
      return NULL;
    }

  bio = BIO_new_mem_buf (contents, (int) MIN (length, G_MAXINT));
  if (bio != NULL && looks_like_pem (contents, length))
    {
      key = PEM_read_bio_PrivateKey_ex (bio, NULL, password_cb, &pw, NULL, NULL);
    }
  else if (bio != NULL)
    {
      OSSL_DECODER_CTX *dctx;

      /* DER: PKCS#8 (maybe encrypted) or a traditional key */
      dctx = OSSL_DECODER_CTX_new_for_pkey (&key, "DER", NULL, NULL, EVP_PKEY_KEYPAIR, NULL,
                                            NULL);
      if (dctx != NULL)
        {
          OSSL_DECODER_CTX_set_pem_password_cb (dctx, password_cb, &pw);
          if (OSSL_DECODER_from_bio (dctx, bio) != 1)
            g_clear_pointer (&key, EVP_PKEY_free);
          OSSL_DECODER_CTX_free (dctx);
        }
    }
  wipe_contents (contents, length);

  if (key != NULL)
    {
      ERR_clear_error ();
      return key;
    }

  if (pw.asked && password == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                   _("The private key in “%s” is protected by a password; please give it"),
                   display);
    }
  else if (pw.asked)
    {
      ERR_clear_error ();
      g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                   _("The password of the private key in “%s” is wrong"), display);
    }
  else
    {
      sd_openssl_set_error (error, SD_ERROR_KEY, _("“%s” does not contain a private key"),
                            display);
    }
  return NULL;
}

/* Appends every certificate of a PEM (any number) or DER (one) file. */
static gboolean
load_certificates (const char  *path,
                   GPtrArray   *certs,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint before = certs->len;

  if (!read_file (path, &contents, &length, error))
    {
      g_prefix_error (error, _("Cannot read the certificate file: "));
      return FALSE;
    }

  if (looks_like_pem (contents, length))
    {
      g_autoptr(BIO) bio = BIO_new_mem_buf (contents, (int) MIN (length, G_MAXINT));
      X509 *cert;

      while (bio != NULL && (cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
        g_ptr_array_add (certs, cert);
      /* The loop ends with a "no start line" error at the end of the file. */
      ERR_clear_error ();
    }
  else
    {
      X509 *cert = sd_certificate_parse_data ((const guint8 *) contents, length, NULL);

      if (cert != NULL)
        g_ptr_array_add (certs, cert);
      ERR_clear_error ();
    }

  if (certs->len == before)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, _("“%s” does not contain a certificate"),
                   display);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *path;
  char *password;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  sd_secure_free (data->password);
  g_free (data);
}

static void
open_pkcs12_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  SdSigner *signer = sd_key_file_signer_new_from_pkcs12 (data->path, data->password, &error);

  g_clear_pointer (&data->password, sd_secure_free);
  if (signer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signer, g_object_unref);
}

void
sd_key_file_signer_new_from_pkcs12_async (const char          *path,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  data->path = g_strdup (path);
  data->password = g_strdup (password);
  g_task_set_source_tag (task, sd_key_file_signer_new_from_pkcs12_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_pkcs12_thread);
}

SdSigner *
sd_key_file_signer_new_from_pkcs12_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SdSigner *
sd_key_file_signer_new_from_pem (const char  *key_path,
                                 const char  *password,
                                 const char  *cert_path,
                                 const char  *chain_path,
                                 GError     **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  X509 *cert;

  g_return_val_if_fail (key_path != NULL, NULL);
  g_return_val_if_fail (cert_path != NULL, NULL);

  key = load_private_key (key_path, password, error);
  if (key == NULL)
    return NULL;

  /* The certificate file may carry the chain after the signer's certificate. */
  certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  if (!load_certificates (cert_path, certs, error))
    return NULL;
  if (chain_path != NULL && !load_certificates (chain_path, certs, error))
    return NULL;

  cert = g_ptr_array_index (certs, 0);
  chain = g_ptr_array_new ();
  for (guint i = 1; i < certs->len; i++)
    g_ptr_array_add (chain, g_ptr_array_index (certs, i));

  return signer_new (key, cert, chain, key_path, cert_path, error);
}
