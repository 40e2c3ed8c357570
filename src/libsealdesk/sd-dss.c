/* sd-dss.c
 *
 * The /DSS (ISO 32000-2 12.8.4.3, ETSI EN 319 142-1 5.4) is a dictionary
 * of the catalog with arrays of streams: /Certs (DER certificates), /CRLs
 * (DER CertificateLists) and /OCSPs (DER OCSPResponses).  The optional
 * per-signature /VRI is not written: validators, ours included, search the
 * whole store.
 *
 * The certificates are taken from the signatures themselves (the CMS
 * certificates, those of their timestamp tokens, and those of document
 * timestamps) and from a /DSS already there; an issuer is looked up among
 * them, so the signer must embed its chain (sign --chain).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <openssl/x509v3.h>

#include "sd-atomic-file.h"
#include "sd-certificate.h"
#include "sd-cms-verify.h"
#include "sd-dss.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-pdf-writer.h"
#include "sd-timestamp.h"

#define MAX_FIELD_DEPTH 32

static void
read_array (SdPdfDocument *doc,
            SdPdfObj      *dss,
            const char    *key,
            GPtrArray     *out)
{
  g_autoptr(SdPdfObj) array = sd_pdf_document_lookup (doc, dss, key);

  for (guint i = 0; i < sd_pdf_array_len (array); i++)
    {
      g_autoptr(SdPdfObj) stream = sd_pdf_document_resolve (doc, sd_pdf_array_get (array, i));
      g_autoptr(GBytes) data = NULL;

      if (stream->type != SD_PDF_STREAM)
        continue;
      data = sd_pdf_document_get_stream_data (doc, stream, NULL);
      if (data != NULL && g_bytes_get_size (data) > 0)
        {
          gboolean seen = FALSE;

          for (guint k = 0; k < out->len && !seen; k++)
            seen = g_bytes_equal (out->pdata[k], data);
          if (!seen)
            g_ptr_array_add (out, g_steal_pointer (&data));
        }
    }
}

SdRevocationData *
sd_dss_read (SdPdfDocument *doc)
{
  SdRevocationData *data = sd_revocation_data_new ();
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (doc, NULL);
  g_autoptr(SdPdfObj) dss = sd_pdf_document_lookup (doc, catalog, "DSS");

  if (dss == NULL || dss->type != SD_PDF_DICT)
    return data;
  read_array (doc, dss, "Certs", data->certs);
  read_array (doc, dss, "CRLs", data->crls);
  read_array (doc, dss, "OCSPs", data->ocsps);
  return data;
}

static void
add_certs (GPtrArray *certs,
           GPtrArray *from)
{
  for (guint i = 0; from != NULL && i < from->len; i++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < certs->len && !seen; k++)
        seen = X509_cmp (certs->pdata[k], from->pdata[i]) == 0;
      if (!seen)
        {
          X509_up_ref (from->pdata[i]);
          g_ptr_array_add (certs, from->pdata[i]);
        }
    }
}

/* The certificates in a signature's /Contents: CMS, or a timestamp token. */
static void
collect_from_contents (GBytes    *der,
                       gboolean   document_timestamp,
                       GPtrArray *certs)
{
  g_autoptr(SdCmsCheck) cms = NULL;
  g_autoptr(SdTimestampCheck) ts = NULL;
  gsize n = g_bytes_get_size (der);
  const guint8 *p = g_bytes_get_data (der, NULL);

  while (n > 0 && p[n - 1] == 0)
    n--;
  if (document_timestamp)
    {
      g_autoptr(GBytes) token = g_bytes_new (p, n);

      if ((ts = sd_timestamp_check_new (token, NULL)) != NULL)
        add_certs (certs, ts->cms->certs);
      return;
    }
  if ((cms = sd_cms_check_new (p, n, NULL)) == NULL)
    return;
  add_certs (certs, cms->certs);
  if (cms->timestamp_token != NULL && (ts = sd_timestamp_check_new (cms->timestamp_token, NULL)))
    add_certs (certs, ts->cms->certs);
}

static void
collect_fields (SdPdfDocument *doc,
                SdPdfObj      *array,
                GHashTable    *seen,
                GPtrArray     *certs,
                int            depth)
{
  for (guint i = 0; i < sd_pdf_array_len (array) && depth < MAX_FIELD_DEPTH; i++)
    {
      SdPdfObj *item = sd_pdf_array_get (array, i);
      g_autoptr(SdPdfObj) node = NULL;
      g_autoptr(SdPdfObj) kids = NULL;
      g_autoptr(SdPdfObj) sig = NULL;
      SdPdfObj *contents;

      if (item->type == SD_PDF_REF)
        {
          if (g_hash_table_contains (seen, GUINT_TO_POINTER (item->v.ref.num)))
            continue;
          g_hash_table_add (seen, GUINT_TO_POINTER (item->v.ref.num));
        }
      node = sd_pdf_document_resolve (doc, item);
      if (node->type != SD_PDF_DICT)
        continue;
      kids = sd_pdf_document_lookup (doc, node, "Kids");
      if (kids != NULL)
        collect_fields (doc, kids, seen, certs, depth + 1);
      sig = sd_pdf_document_lookup (doc, node, "V");
      if (sig == NULL || sig->type != SD_PDF_DICT)
        continue;
      contents = sd_pdf_dict_get (sig, "Contents");
      if (contents != NULL && contents->type == SD_PDF_STRING && contents->v.string.len > 0)
        {
          g_autoptr(GBytes) der = g_bytes_new (contents->v.string.data, contents->v.string.len);

          collect_from_contents (der, sd_pdf_obj_is_name (sd_pdf_dict_get (sig, "SubFilter"),
                                                          "ETSI.RFC3161"), certs);
        }
    }
}

static X509 *
find_issuer (GPtrArray *certs,
             X509      *cert)
{
  if (X509_check_issued (cert, cert) == X509_V_OK)
    return NULL;  /* a root: nobody revokes it */
  for (guint i = 0; i < certs->len; i++)
    if (certs->pdata[i] != cert && X509_check_issued (certs->pdata[i], cert) == X509_V_OK)
      return certs->pdata[i];
  return NULL;
}

/* The existing array of @key (resolved, copied) plus a stream for each of @items. */
static SdPdfObj *
merged_array (SdPdfDocument *doc,
              SdPdfUpdate   *update,
              SdPdfObj      *dss,
              const char    *key,
              GPtrArray     *items,
              GPtrArray     *existing)
{
  g_autoptr(SdPdfObj) old = sd_pdf_document_lookup (doc, dss, key);
  SdPdfObj *array = old != NULL && old->type == SD_PDF_ARRAY ? sd_pdf_obj_copy (old)
                    : sd_pdf_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(SdPdfObj) dict = sd_pdf_dict_new ();
      gboolean seen = FALSE;

      for (guint k = 0; k < existing->len && !seen; k++)
        seen = g_bytes_equal (existing->pdata[k], items->pdata[i]);
      if (seen)
        continue;
      sd_pdf_array_append (array, sd_pdf_update_add (update,
                                                     sd_pdf_stream_new (dict, items->pdata[i])));
    }
  return array;
}

gboolean
sd_dss_add_file (const char    *input,
                 const char    *output,
                 guint          timeout,
                 gboolean       overwrite,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdPdfObj) catalog = NULL;
  g_autoptr(SdPdfObj) acroform = NULL;
  g_autoptr(SdPdfObj) fields = NULL;
  g_autoptr(SdPdfObj) old_dss = NULL;
  g_autoptr(SdPdfObj) dss = NULL;
  g_autoptr(SdPdfObj) new_catalog = NULL;
  g_autoptr(SdRevocationData) existing = NULL;
  g_autoptr(SdRevocationData) fresh = sd_revocation_data_new ();
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GByteArray) tail = NULL;
  g_autoptr(SdAtomicFile) out = NULL;
  SdPdfObj *catalog_ref;
  struct stat st;
  const guint8 *data;
  gsize len;

  if ((doc = sd_pdf_document_new_from_file (input, error)) == NULL)
    return FALSE;
  if (sd_pdf_document_is_encrypted (doc))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_ENCRYPTED,
                   _("The document is encrypted; adding validation data to encrypted PDF files "
                     "is not supported."));
      return FALSE;
    }
  if ((catalog = sd_pdf_document_get_catalog (doc, error)) == NULL)
    return FALSE;
  catalog_ref = sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Root");
  if (catalog_ref == NULL || catalog_ref->type != SD_PDF_REF)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: its trailer holds the document catalog directly."));
      return FALSE;
    }
  acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  fields = sd_pdf_document_lookup (doc, acroform, "Fields");
  collect_fields (doc, fields, seen, certs, 0);
  if (certs->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The document has no signature with certificates: there is nothing to "
                     "add validation data for."));
      return FALSE;
    }
  existing = sd_dss_read (doc);
  for (guint i = 0; i < existing->certs->len; i++)
    {
      g_autoptr(X509) cert = sd_certificate_parse (existing->certs->pdata[i], NULL);
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      if (cert == NULL)
        continue;
      g_ptr_array_add (one, cert);
      add_certs (certs, one);
    }

  for (guint i = 0; i < certs->len; i++)
    {
      X509 *cert = certs->pdata[i];
      X509 *issuer = find_issuer (certs, cert);
      g_autoptr(GBytes) der = sd_certificate_to_der (cert, NULL);
      g_autoptr(GError) local_error = NULL;
      SdRevocationResult result = { 0 };

      if (der != NULL)
        sd_revocation_data_add_cert (fresh, der);
      if (issuer == NULL || !sd_revocation_has_sources (cert))
        continue;
      /* What the store already answers is not asked again. */
      if (sd_revocation_check (cert, issuer, existing, &result) != SD_REVOCATION_UNKNOWN)
        {
          sd_revocation_result_clear (&result);
          continue;
        }
      sd_revocation_result_clear (&result);
      if (!sd_revocation_fetch (cert, issuer, timeout, fresh, cancellable, &local_error))
        {
          g_autofree char *name = sd_certificate_get_common_name (cert);

          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, SD_ERROR, SD_ERROR_IO,
                         _("Cannot get the revocation status of the certificate “%s”: %s"),
                         name ? name : "?", local_error->message);
          return FALSE;
        }
    }

  update = sd_pdf_update_new (doc);
  old_dss = sd_pdf_document_lookup (doc, catalog, "DSS");
  dss = old_dss != NULL && old_dss->type == SD_PDF_DICT ? sd_pdf_obj_copy (old_dss)
        : sd_pdf_dict_new ();
  sd_pdf_dict_set (dss, "Type", sd_pdf_name_new ("DSS"));
  sd_pdf_dict_set (dss, "Certs", merged_array (doc, update, old_dss, "Certs", fresh->certs,
                                               existing->certs));
  sd_pdf_dict_set (dss, "CRLs", merged_array (doc, update, old_dss, "CRLs", fresh->crls,
                                              existing->crls));
  sd_pdf_dict_set (dss, "OCSPs", merged_array (doc, update, old_dss, "OCSPs", fresh->ocsps,
                                               existing->ocsps));
  new_catalog = sd_pdf_obj_copy (catalog);
  sd_pdf_dict_set (new_catalog, "DSS", sd_pdf_update_add (update, g_steal_pointer (&dss)));
  sd_pdf_update_replace (update, catalog_ref->v.ref.num, catalog_ref->v.ref.gen,
                         g_steal_pointer (&new_catalog));
  if ((tail = sd_pdf_update_serialize (update, error)) == NULL)
    return FALSE;

  data = sd_pdf_document_get_data (doc, &len);
  if (stat (input, &st) != 0)
    st.st_mode = 0;
  if ((out = sd_atomic_file_new (output, overwrite || g_strcmp0 (input, output) == 0,
                                 st.st_mode & 0777, error)) == NULL
      || !sd_atomic_file_write (out, data, len, error)
      || !sd_atomic_file_write (out, tail->data, tail->len, error)
      || !sd_atomic_file_commit (out, error))
    return FALSE;
  return TRUE;
}
