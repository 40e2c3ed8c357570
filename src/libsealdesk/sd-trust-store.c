/* sd-trust-store.c
 *
 * OpenSSL's X509_verify_cert() does the path building; what is ours is the
 * SM2 ID on every certificate signed with SM2 (OpenSSL 3.0 uses an empty ID
 * otherwise, and every Chinese CA chain fails) and telling expired, not yet
 * valid, untrusted and broken apart: the verification callback lets the
 * time errors pass, so an expired certificate under an unknown root is
 * still reported untrusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-atomic-file.h"
#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-trust-store.h"

#define MAX_TRUST_FILE_SIZE (16 * 1024 * 1024)

struct _SdTrustStore
{
  gboolean   use_system;
  GPtrArray *roots;   /* X509 * */
  X509_STORE *store;  /* built on first use */
  GMutex     lock;
};

SdTrustStore *
sd_trust_store_new (gboolean use_system)
{
  SdTrustStore *self = g_atomic_rc_box_new0 (SdTrustStore);

  self->use_system = use_system;
  self->roots = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  g_mutex_init (&self->lock);
  return self;
}

SdTrustStore *
sd_trust_store_ref (SdTrustStore *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
trust_store_clear (gpointer data)
{
  SdTrustStore *self = data;

  g_ptr_array_unref (self->roots);
  X509_STORE_free (self->store);
  g_mutex_clear (&self->lock);
}

void
sd_trust_store_unref (SdTrustStore *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, trust_store_clear);
}

void
sd_trust_set_sm2_id (X509 *cert)
{
  ASN1_OCTET_STRING *id;

  if (X509_get_signature_nid (cert) != NID_SM2_with_SM3)
    return;
  /* Setting an ID on a certificate signed with RSA or ECDSA would make its
   * check fail, hence only on SM2-signed ones. */
  id = ASN1_OCTET_STRING_new ();
  if (id == NULL || !ASN1_OCTET_STRING_set (id, (const unsigned char *) SD_SM2_DEFAULT_ID,
                                            SD_SM2_DEFAULT_ID_LENGTH))
    {
      ASN1_OCTET_STRING_free (id);
      ERR_clear_error ();
      return;
    }
  X509_set0_distinguishing_id (cert, id);
}

void
sd_trust_store_add_cert (SdTrustStore *self,
                         X509         *cert)
{
  X509_up_ref (cert);
  sd_trust_set_sm2_id (cert);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->roots, cert);
  g_clear_pointer (&self->store, X509_STORE_free);
  g_mutex_unlock (&self->lock);
}

guint
sd_trust_store_get_n_roots (SdTrustStore *self)
{
  return self->roots->len;
}

/* Every certificate of a PEM file (a bundle) or the one of a DER file. */
static guint
add_file (SdTrustStore *self,
          const char   *path,
          GError      **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  guint n = 0;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot read the trusted certificates: %s"),
                   local_error->message);
      return 0;
    }
  if (len > MAX_TRUST_FILE_SIZE)
    return 0;
  if (g_strstr_len (data, len, "-----BEGIN") != NULL)
    {
      g_autoptr(BIO) bio = BIO_new_mem_buf (data, (int) len);
      X509 *cert;

      while (bio != NULL && (cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
        {
          sd_trust_store_add_cert (self, cert);
          X509_free (cert);
          n++;
        }
      ERR_clear_error ();
      return n;
    }
  {
    g_autoptr(X509) cert = sd_certificate_parse_data ((const guint8 *) data, len, NULL);

    if (cert == NULL)
      return 0;
    sd_trust_store_add_cert (self, cert);
    return 1;
  }
}

gboolean
sd_trust_store_add_path (SdTrustStore *self,
                         const char   *path,
                         GError      **error)
{
  g_autofree char *name = g_filename_display_name (path);
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (files, g_build_filename (path, entry, NULL));
      for (guint i = 0; i < files->len; i++)
        if (g_file_test (files->pdata[i], G_FILE_TEST_IS_REGULAR))
          n += add_file (self, files->pdata[i], NULL);
    }
  else if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      n = add_file (self, path, error);
      if (n == 0 && error != NULL && *error != NULL)
        return FALSE;
    }
  else
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO,
                   _("The trusted certificates “%s” do not exist: give a directory of PEM "
                     "certificates or a PEM file."), name);
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("No certificate was found in “%s”: give a directory of PEM certificates "
                     "or a PEM file."), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_trust_store_add_user_dir (SdTrustStore *self,
                             const char   *dir,
                             GError      **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) local_error = NULL;

  listing = g_dir_open (dir, 0, &local_error);
  if (listing == NULL && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;
  if (listing == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot read the trusted certificates: %s"),
                   local_error->message);
      return FALSE;
    }
  if (g_dir_read_name (listing) == NULL)
    return TRUE;
  return sd_trust_store_add_path (self, dir, error);
}

gboolean
sd_trust_dir_add_root (const char  *dir,
                       GBytes      *der,
                       GError     **error)
{
  g_autoptr(X509) cert = sd_certificate_parse (der, error);
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *path = NULL;
  const guint8 *p;
  char *pem;
  long pem_len;
  gsize n;
  int errsv;

  if (cert == NULL)
    return FALSE;
  if (X509_check_ca (cert) == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("The certificate is not a certificate authority’s: it cannot be trusted "
                     "as a root."));
      return FALSE;
    }
  digest = sd_certificate_get_fingerprint (cert, SD_DIGEST_SHA256, error);
  if (digest == NULL)
    return FALSE;
  p = g_bytes_get_data (digest, &n);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (name, "%02x", p[i]);
  g_string_append (name, ".pem");
  path = g_build_filename (dir, name->str, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *display = g_filename_display_name (dir);

      errsv = errno;
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot create the folder “%s”: %s"), display,
                   g_strerror (errsv));
      return FALSE;
    }
  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL || PEM_write_bio_X509 (bio, cert) != 1)
    {
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("The certificate cannot be written"));
      return FALSE;
    }
  pem_len = BIO_get_mem_data (bio, &pem);
  {
    g_autoptr(GBytes) contents = g_bytes_new (pem, pem_len);

    return sd_atomic_file_set_contents (path, contents, TRUE, error);
  }
}

static X509_STORE *
get_store (SdTrustStore *self)
{
  X509_STORE *store;

  g_mutex_lock (&self->lock);
  if (self->store == NULL)
    {
      self->store = X509_STORE_new ();
      for (guint i = 0; i < self->roots->len; i++)
        X509_STORE_add_cert (self->store, self->roots->pdata[i]);
      if (self->use_system)
        X509_STORE_set_default_paths (self->store);
      ERR_clear_error ();
    }
  store = self->store;
  X509_STORE_up_ref (store);
  g_mutex_unlock (&self->lock);
  return store;
}

typedef struct
{
  int   time_error;   /* the first expiry or not-yet-valid error */
  X509 *time_cert;    /* the certificate it was about */
} Collected;

static int collected_index = -1;

static int
verify_cb (int             ok,
           X509_STORE_CTX *ctx)
{
  Collected *c = X509_STORE_CTX_get_ex_data (ctx, collected_index);
  int err = X509_STORE_CTX_get_error (ctx);

  if (ok)
    return 1;
  if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
    {
      if (c->time_error == 0)
        {
          c->time_error = err;
          c->time_cert = X509_STORE_CTX_get_current_cert (ctx);
          if (c->time_cert != NULL)
            X509_up_ref (c->time_cert);
        }
      return 1;
    }
  return 0;
}

static char *
cert_label (X509 *cert)
{
  char *cn = cert ? sd_certificate_get_common_name (cert) : NULL;

  if (cn == NULL && cert != NULL)
    cn = sd_certificate_get_subject_text (cert);
  return cn ? cn : g_strdup ("?");
}

static char *
format_utc (GDateTime *t)
{
  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

SdTrustStatus
sd_trust_store_check (SdTrustStore *self,
                      X509         *leaf,
                      GPtrArray    *untrusted,
                      GDateTime    *when,
                      int           purpose,
                      char        **detail,
                      GPtrArray   **chain)
{
  return sd_trust_store_check_path (self, leaf, untrusted, when, purpose, detail, chain, NULL);
}

SdTrustStatus
sd_trust_store_check_path (SdTrustStore *self,
                           X509         *leaf,
                           GPtrArray    *untrusted,
                           GDateTime    *when,
                           int           purpose,
                           char        **detail,
                           GPtrArray   **chain,
                           GPtrArray   **path_certs)
{
  static gsize index_once = 0;
  X509_STORE *store;
  X509_STORE_CTX *ctx;
  STACK_OF(X509) *others = sk_X509_new_null ();
  Collected collected = { 0, NULL };
  g_autoptr(GDateTime) now = NULL;
  SdTrustStatus status;
  int ok, err;

  if (detail != NULL)
    *detail = NULL;
  if (chain != NULL)
    *chain = g_ptr_array_new_with_free_func (g_free);
  if (path_certs != NULL)
    *path_certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  if (leaf == NULL)
    return SD_TRUST_NOT_CHECKED;

  if (g_once_init_enter (&index_once))
    {
      collected_index = X509_STORE_CTX_get_ex_new_index (0, NULL, NULL, NULL, NULL);
      g_once_init_leave (&index_once, 1);
    }
  if (when == NULL)
    when = now = g_date_time_new_now_utc ();

  sd_trust_set_sm2_id (leaf);
  for (guint i = 0; untrusted != NULL && i < untrusted->len; i++)
    {
      sd_trust_set_sm2_id (untrusted->pdata[i]);
      sk_X509_push (others, untrusted->pdata[i]);
    }

  store = get_store (self);
  ctx = X509_STORE_CTX_new ();
  ok = ctx != NULL && X509_STORE_CTX_init (ctx, store, leaf, others) == 1;
  if (ok)
    {
      X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param (ctx);

      X509_VERIFY_PARAM_set_time (param, g_date_time_to_unix (when));
      /* A user may trust an intermediate CA directly. */
      X509_VERIFY_PARAM_set_flags (param, X509_V_FLAG_PARTIAL_CHAIN);
      if (purpose != 0)
        X509_STORE_CTX_set_purpose (ctx, purpose);
      X509_STORE_CTX_set_ex_data (ctx, collected_index, &collected);
      X509_STORE_CTX_set_verify_cb (ctx, verify_cb);
      ok = X509_verify_cert (ctx) == 1;
    }
  err = ctx ? X509_STORE_CTX_get_error (ctx) : X509_V_ERR_OUT_OF_MEM;

  if (ok && collected.time_error == 0)
    status = SD_TRUST_TRUSTED;
  else if (ok)
    status = collected.time_error == X509_V_ERR_CERT_HAS_EXPIRED ? SD_TRUST_EXPIRED
             : SD_TRUST_NOT_YET_VALID;
  else if (err == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
           || err == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
           || err == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
           || err == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
           || err == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
           || err == X509_V_ERR_CERT_UNTRUSTED)
    status = SD_TRUST_UNTRUSTED;
  else
    status = SD_TRUST_BAD_CHAIN;

  if (detail != NULL)
    {
      X509 *at = ctx ? X509_STORE_CTX_get_current_cert (ctx) : NULL;
      g_autofree char *label = cert_label (status == SD_TRUST_EXPIRED
                                           || status == SD_TRUST_NOT_YET_VALID
                                           ? collected.time_cert : at ? at : leaf);

      switch (status)
        {
        case SD_TRUST_EXPIRED:
          {
            g_autoptr(GDateTime) t = sd_certificate_get_not_after (collected.time_cert);
            g_autofree char *text = format_utc (t);

            *detail = g_strdup_printf (_("The certificate “%s” expired on %s."), label, text);
          }
          break;
        case SD_TRUST_NOT_YET_VALID:
          {
            g_autoptr(GDateTime) t = sd_certificate_get_not_before (collected.time_cert);
            g_autofree char *text = format_utc (t);

            *detail = g_strdup_printf (_("The certificate “%s” is valid only from %s."), label,
                                       text);
          }
          break;
        case SD_TRUST_UNTRUSTED:
          *detail = g_strdup_printf (_("No trusted root certificate issued “%s”: add the root "
                                       "certificate of its CA to the trusted certificates."),
                                     label);
          break;
        case SD_TRUST_BAD_CHAIN:
          *detail = g_strdup_printf (_("The certificate chain is broken at “%s” (%s)."), label,
                                     X509_verify_cert_error_string (err));
          break;
        case SD_TRUST_TRUSTED:
        case SD_TRUST_NOT_CHECKED:
        case SD_TRUST_REVOKED:
        default:
          break;
        }
    }
  if (chain != NULL && ctx != NULL && X509_STORE_CTX_get0_chain (ctx) != NULL)
    {
      STACK_OF(X509) *path = X509_STORE_CTX_get0_chain (ctx);

      for (int i = 0; i < sk_X509_num (path); i++)
        g_ptr_array_add (*chain, sd_certificate_get_subject_text (sk_X509_value (path, i)));
    }
  if (path_certs != NULL && ctx != NULL && X509_STORE_CTX_get0_chain (ctx) != NULL)
    {
      STACK_OF(X509) *path = X509_STORE_CTX_get0_chain (ctx);

      for (int i = 0; i < sk_X509_num (path); i++)
        {
          X509_up_ref (sk_X509_value (path, i));
          g_ptr_array_add (*path_certs, sk_X509_value (path, i));
        }
    }

  X509_free (collected.time_cert);
  X509_STORE_CTX_free (ctx);
  X509_STORE_free (store);
  sk_X509_free (others);
  ERR_clear_error ();
  return status;
}

const char *
sd_trust_status_to_string (SdTrustStatus status)
{
  switch (status)
    {
    case SD_TRUST_TRUSTED:
      return "trusted";
    case SD_TRUST_UNTRUSTED:
      return "untrusted";
    case SD_TRUST_EXPIRED:
      return "expired";
    case SD_TRUST_NOT_YET_VALID:
      return "not-yet-valid";
    case SD_TRUST_REVOKED:
      return "revoked";
    case SD_TRUST_BAD_CHAIN:
      return "bad-chain";
    case SD_TRUST_NOT_CHECKED:
    default:
      return "not-checked";
    }
}
