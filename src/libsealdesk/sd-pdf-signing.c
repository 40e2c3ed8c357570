/* sd-pdf-signing.c
 *
 * One pass over the original bytes: they are hashed and copied to the new
 * file together, so memory stays flat whatever the document's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "sd-atomic-file.h"
#include "sd-doc-timestamp.h"
#include "sd-dss.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-pdf-document.h"
#include "sd-pdf-signature-field.h"
#include "sd-pdf-signing.h"
#include "sd-tsa-client.h"

#define COPY_BUFFER_SIZE (256 * 1024)
/* Tokens of one TSA differ by a few bytes (serial, time, nonce lengths);
 * the attribute around the token and longer length fields take some more. */
#define TIMESTAMP_SLACK 256

SdSignOptions *
sd_sign_options_new (void)
{
  SdSignOptions *options = g_new0 (SdSignOptions, 1);

  options->flavor = SD_CMS_FLAVOR_CADES;
  options->digest = SD_DIGEST_SHA256;
  options->scheme = SD_SIGNATURE_SCHEME_DEFAULT;
  options->group_size = SD_SIGN_DEFAULT_GROUP_SIZE;
  return options;
}

SdSignOptions *
sd_sign_options_copy (const SdSignOptions *options)
{
  SdSignOptions *copy = g_memdup2 (options, sizeof *options);

  copy->pages = g_strdup (options->pages);
  copy->matches = options->matches ? g_array_copy (options->matches) : NULL;
  copy->placements = options->placements ? g_array_copy (options->placements) : NULL;
  copy->keyword = g_strdup (options->keyword);
  copy->tsa_url = g_strdup (options->tsa_url);
  copy->seal_path = g_strdup (options->seal_path);
  copy->text = g_strdup (options->text);
  copy->name = g_strdup (options->name);
  copy->reason = g_strdup (options->reason);
  copy->location = g_strdup (options->location);
  copy->contact_info = g_strdup (options->contact_info);
  copy->field_name = g_strdup (options->field_name);
  return copy;
}

void
sd_sign_options_free (SdSignOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->pages);
  g_clear_pointer (&options->matches, g_array_unref);
  g_clear_pointer (&options->placements, g_array_unref);
  g_free (options->keyword);
  g_free (options->tsa_url);
  g_free (options->seal_path);
  g_free (options->text);
  g_free (options->name);
  g_free (options->reason);
  g_free (options->location);
  g_free (options->contact_info);
  g_free (options->field_name);
  g_free (options);
}

static gboolean
read_error (GError    **error,
            const char *path,
            int         saved_errno)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot read “%s”: %s"), name,
               g_strerror (saved_errno));
  return FALSE;
}

typedef struct
{
  SdAtomicFile *out;
  int           fd;
  gsize         len;
  GError       *error;
} CopyJob;

static gpointer
copy_thread (gpointer data)
{
  CopyJob *job = data;

  sd_atomic_file_copy_from (job->out, job->fd, job->len, &job->error);
  return NULL;
}

static gboolean
changed_error (GError    **error,
               const char *path)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, SD_ERROR, SD_ERROR_IO,
               _("“%s” changed while it was being signed: sign it again."), name);
  return FALSE;
}

/* A file that fits in the buffer is read once, hashed and written from
 * it: for the small documents of a batch, starting a copying thread took
 * longer than the copy. */
static gboolean
copy_and_hash_small (const char   *input,
                     int           fd,
                     gsize         expected_len,
                     SdAtomicFile *out,
                     EVP_MD_CTX   *md,
                     GError      **error)
{
  g_autofree guint8 *buffer = g_malloc (expected_len + 1);
  gsize total = 0;

  /* One byte more than expected tells a file that grew */
  while (total <= expected_len)
    {
      gssize n = pread (fd, buffer + total, expected_len + 1 - total, total);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return read_error (error, input, errno);
      if (n == 0)
        break;
      total += n;
    }
  if (total != expected_len)
    return changed_error (error, input);
  EVP_DigestUpdate (md, buffer, total);
  return sd_atomic_file_write (out, buffer, total, error);
}

/* Copies the original bytes of a larger file to @out in a second thread
 * while this one hashes them: the two take about as long, so the copy is
 * nearly free. */
static gboolean
copy_and_hash (const char   *input,
               gsize         expected_len,
               SdAtomicFile *out,
               EVP_MD_CTX   *md,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GError) local_error = NULL;
  CopyJob job = { out, -1, expected_len, NULL };
  GThread *copier;
  gsize total = 0;
  int fd = open (input, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return read_error (error, input, errno);
  if (expected_len < COPY_BUFFER_SIZE)
    {
      gboolean ok = copy_and_hash_small (input, fd, expected_len, out, md, error);

      close (fd);
      return ok;
    }
  buffer = g_malloc (COPY_BUFFER_SIZE);
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  job.fd = fd;
  copier = g_thread_new ("sealdesk-copy", copy_thread, &job);

  while (local_error == NULL)
    {
      gssize n = pread (fd, buffer, COPY_BUFFER_SIZE, total);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          read_error (&local_error, input, errno);
          break;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
      EVP_DigestUpdate (md, buffer, n);
      total += n;
    }

  /* The copier writes to @out: it must be done before anyone else is. */
  g_thread_join (copier);
  close (fd);
  if (local_error == NULL && job.error != NULL)
    local_error = g_steal_pointer (&job.error);
  g_clear_error (&job.error);
  if (local_error == NULL && total != expected_len)
    changed_error (&local_error, input);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_paths (const char *input,
             const char *output,
             struct stat *in_st,
             GError    **error)
{
  struct stat out_st;

  if (stat (input, in_st) != 0)
    return read_error (error, input, errno);
  if (!S_ISREG (in_st->st_mode))
    {
      g_autofree char *name = g_filename_display_name (input);

      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("“%s” is not a regular file."), name);
      return FALSE;
    }
  /* Replacing the input, even when asked, would lose the unsigned original. */
  if (g_strcmp0 (input, output) == 0
      || (stat (output, &out_st) == 0 && out_st.st_dev == in_st->st_dev
          && out_st.st_ino == in_st->st_ino))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The output file is the input file: the original is never overwritten, "
                     "choose another output file."));
      return FALSE;
    }
  return TRUE;
}

/* PAdES B-T: a timestamp over the signature value, as an unsigned attribute. */
static gboolean
add_timestamp (GBytes              **cms,
               const SdSignOptions  *options,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GBytes) value = sd_cms_get_signature_value (*cms, error);
  g_autoptr(GBytes) hash = NULL;
  g_autoptr(GBytes) token = NULL;
  GBytes *stamped;

  if (value == NULL)
    return FALSE;
  hash = sd_digest_compute (options->digest, g_bytes_get_data (value, NULL),
                            g_bytes_get_size (value), error);
  if (hash == NULL)
    return FALSE;
  token = sd_tsa_request_token (options->tsa_url, options->digest, hash, options->tsa_timeout,
                                cancellable, error);
  if (token == NULL || (stamped = sd_cms_add_timestamp (*cms, token, error)) == NULL)
    return FALSE;
  g_bytes_unref (*cms);
  *cms = stamped;
  return TRUE;
}

struct _SdPdfSigning
{
  SdSigner      *signer;
  SdSignOptions *options;
  char          *output;
  SdAtomicFile  *out;          /* holds the original bytes already */
  GByteArray    *tail;         /* the update, its /Contents still zeros */
  gsize          contents_at;  /* in @tail: the '<' of /Contents */
  gsize          max_size;
  SdCmsBuilder  *cms;
  GBytes        *signature;    /* once signed */
};

void
sd_pdf_signing_free (SdPdfSigning *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->signer);
  sd_sign_options_free (self->options);
  g_free (self->output);
  sd_atomic_file_free (self->out);
  if (self->tail != NULL)
    g_byte_array_unref (self->tail);
  sd_cms_builder_free (self->cms);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_free (self);
}

const char *
sd_pdf_signing_get_output (SdPdfSigning *self)
{
  return self->output;
}

SdPdfSigning *
sd_pdf_signing_prepare (const char          *input,
                        const char          *output,
                        SdSigner            *signer,
                        const SdSignOptions *options,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(SdPdfSigning) self = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(EVP_MD_CTX) md = NULL;
  SdSignaturePlan plan = { 0 };
  SdCmsParams params = { options->flavor, options->digest, options->scheme, NULL };
  struct stat in_st;
  SdKeyType key_type;
  guint key_bits;
  gsize orig_len, contents_at, contents_len, br_at;
  guint8 md_value[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  g_autofree char *br_text = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SD_IS_SIGNER (signer), NULL);

  if (options->lta && options->tsa_url == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("A document timestamp (PAdES B-LTA) needs a timestamp authority URL."));
      return NULL;
    }
  if (!check_paths (input, output, &in_st, error))
    return NULL;
  if (!sd_signer_get_key_info (signer, &key_type, &key_bits, error)
      || !sd_signer_check_algorithms (key_type, options->digest, options->scheme, error))
    return NULL;
  self = g_new0 (SdPdfSigning, 1);
  self->signer = g_object_ref (signer);
  self->options = sd_sign_options_copy (options);
  self->output = g_strdup (output);
  if ((self->max_size = sd_cms_get_max_size (signer, &params, error)) == 0)
    return NULL;
  if ((doc = sd_pdf_document_new_from_file (input, error)) == NULL)
    return NULL;
  /* A first request sizes the space for the token: it must be reserved
   * before the document is hashed, and the real one comes after signing. */
  if (options->tsa_url != NULL)
    {
      g_autofree guint8 *zero = g_malloc0 (sd_digest_get_length (options->digest));
      g_autoptr(GBytes) dummy = g_bytes_new (zero, sd_digest_get_length (options->digest));
      g_autoptr(GBytes) probe = sd_tsa_request_token (options->tsa_url, options->digest, dummy,
                                                      options->tsa_timeout, cancellable, error);

      if (probe == NULL)
        return NULL;
      self->max_size += g_bytes_get_size (probe) + TIMESTAMP_SLACK;
    }
  sd_pdf_document_get_data (doc, &orig_len);

  if (!sd_signature_plan_build (&plan, doc, signer, options, self->max_size, error))
    goto out;
  if ((self->tail = sd_pdf_update_serialize (plan.update, error)) == NULL)
    goto out;

  /* The byte range leaves out exactly the /Contents hex string. */
  contents_at = orig_len + sd_pdf_raw_get_position (plan.contents);
  contents_len = plan.contents->v.string.len;
  br_at = sd_pdf_raw_get_position (plan.byte_range);
  br_text = g_strdup_printf ("[0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "]",
                             contents_at, contents_at + contents_len,
                             orig_len + self->tail->len - (contents_at + contents_len));
  g_assert (strlen (br_text) <= strlen (SD_BYTE_RANGE_PLACEHOLDER));
  memset (self->tail->data + br_at, ' ', strlen (SD_BYTE_RANGE_PLACEHOLDER));
  memcpy (self->tail->data + br_at, br_text, strlen (br_text));
  self->contents_at = contents_at - orig_len;

  if ((self->out = sd_atomic_file_new (output, options->overwrite, in_st.st_mode, error)) == NULL)
    goto out;
  md = EVP_MD_CTX_new ();
  if (md == NULL || !EVP_DigestInit_ex (md, sd_digest_get_md (options->digest), NULL))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED, _("The digest algorithm %s is not available."),
                   sd_digest_to_string (options->digest));
      goto out;
    }
  if (!copy_and_hash (input, orig_len, self->out, md, cancellable, error))
    goto out;
  EVP_DigestUpdate (md, self->tail->data, self->contents_at);
  EVP_DigestUpdate (md, self->tail->data + self->contents_at + contents_len,
                    self->tail->len - (self->contents_at + contents_len));
  EVP_DigestFinal_ex (md, md_value, &md_len);
  digest = g_bytes_new (md_value, md_len);
  if ((self->cms = sd_cms_builder_new (signer, &params, digest, error)) == NULL)
    goto out;
  ok = TRUE;

out:
  sd_signature_plan_clear (&plan);
  return ok ? g_steal_pointer (&self) : NULL;
}

gboolean
sd_pdf_signing_sign (SdPdfSigning  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (self->signature == NULL, FALSE);

  self->signature = sd_signer_sign (self->signer, self->options->digest, self->options->scheme,
                                    sd_cms_builder_get_signed_attributes (self->cms), cancellable,
                                    error);
  return self->signature != NULL;
}

gboolean
sd_pdf_signing_write (SdPdfSigning  *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const SdSignOptions *options = self->options;
  g_autoptr(GBytes) cms = NULL;

  g_return_val_if_fail (self->signature != NULL, FALSE);

  if ((cms = sd_cms_builder_finish (self->cms, self->signature, error)) == NULL)
    return FALSE;
  if (options->tsa_url != NULL && !add_timestamp (&cms, options, cancellable, error))
    return FALSE;
  if (g_bytes_get_size (cms) > self->max_size)
    {
      /* sd_cms_get_max_size() is an upper bound by construction. */
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED,
                   _("The signature is larger than the space reserved for it."));
      return FALSE;
    }
  {
    static const char hex[] = "0123456789abcdef";
    const guint8 *der = g_bytes_get_data (cms, NULL);
    guint8 *dst = self->tail->data + self->contents_at + 1;

    for (gsize i = 0; i < g_bytes_get_size (cms); i++)
      {
        dst[2 * i] = hex[der[i] >> 4];
        dst[2 * i + 1] = hex[der[i] & 0xf];
      }
  }

  return sd_atomic_file_write (self->out, self->tail->data, self->tail->len, error)
         && sd_atomic_file_sync (self->out, error);
}

/* B-LT and B-LTA are further incremental updates of the signed file: a
 * failure there removes it, so that the output is all that was asked or
 * nothing. */
gboolean
sd_pdf_signing_commit (SdPdfSigning  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  const SdSignOptions *options = self->options;

  if (!sd_atomic_file_commit_cancellable (self->out, cancellable, error))
    return FALSE;
  if ((options->ltv || options->lta)
      && (!sd_dss_add_file (self->output, self->output, options->ltv_timeout, TRUE, cancellable,
                            error)
          || (options->lta
              && !sd_pdf_add_document_timestamp (self->output, self->output, options->tsa_url,
                                                 options->digest, options->tsa_timeout, TRUE,
                                                 cancellable, error))))
    {
      g_unlink (self->output);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_pdf_sign_file (const char          *input,
                  const char          *output,
                  SdSigner            *signer,
                  const SdSignOptions *options,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr(SdPdfSigning) signing = sd_pdf_signing_prepare (input, output, signer, options,
                                                            cancellable, error);

  return signing != NULL && sd_pdf_signing_sign (signing, cancellable, error)
         && sd_pdf_signing_write (signing, cancellable, error)
         && sd_pdf_signing_commit (signing, cancellable, error);
}

static void
sign_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  char **paths = g_object_get_data (G_OBJECT (task), "paths");
  SdSigner *signer = g_object_get_data (G_OBJECT (task), "signer");
  GError *error = NULL;

  if (sd_pdf_sign_file (paths[0], paths[1], signer, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sd_pdf_sign_file_async (const char          *input,
                        const char          *output,
                        SdSigner            *signer,
                        const SdSignOptions *options,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char *paths[] = { (char *) input, (char *) output, NULL };

  g_task_set_source_tag (task, sd_pdf_sign_file_async);
  g_task_set_task_data (task, sd_sign_options_copy (options), (GDestroyNotify) sd_sign_options_free);
  g_object_set_data_full (G_OBJECT (task), "paths", g_strdupv (paths), (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (task), "signer", g_object_ref (signer), g_object_unref);
  g_task_run_in_thread (task, sign_thread);
}

gboolean
sd_pdf_sign_file_finish (GAsyncResult *result,
                         GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
