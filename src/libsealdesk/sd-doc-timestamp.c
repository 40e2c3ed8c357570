/* sd-doc-timestamp.c
 *
 * The field is invisible (a widget with an empty /Rect, hidden and
 * printable flags, on no page's /Annots) as PAdES and Acrobat write them.
 * The space for the token is sized by a first request, as for B-T.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>

#include "sd-atomic-file.h"
#include "sd-doc-timestamp.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-pdf-document.h"
#include "sd-pdf-signature-field.h"
#include "sd-pdf-writer.h"
#include "sd-tsa-client.h"

#define TOKEN_SLACK 256

static guint32
current_gen_of (SdPdfDocument *doc,
                guint32        num)
{
  const SdXrefEntry *e = sd_pdf_xref_lookup (sd_pdf_document_get_xref (doc), num);

  return e != NULL && e->type == SD_XREF_IN_USE ? e->gen : 0;
}

/* The form with the field appended to /Fields, and SigFlags 3. */
static void
add_to_form (SdPdfDocument *doc,
             SdPdfUpdate   *update,
             SdPdfObj      *catalog,
             SdPdfObj      *new_catalog,
             SdPdfObj      *field_ref)
{
  g_autoptr(SdPdfObj) acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  g_autoptr(SdPdfObj) fields = sd_pdf_document_lookup (doc, acroform, "Fields");
  SdPdfObj *form_value = sd_pdf_dict_get (catalog, "AcroForm");
  g_autoptr(SdPdfObj) form = acroform && acroform->type == SD_PDF_DICT
                             ? sd_pdf_obj_copy (acroform) : sd_pdf_dict_new ();
  SdPdfObj *list = fields && fields->type == SD_PDF_ARRAY ? sd_pdf_obj_copy (fields)
                   : sd_pdf_array_new ();
  gint64 flags = 0;

  sd_pdf_array_append (list, sd_pdf_obj_copy (field_ref));
  sd_pdf_dict_set (form, "Fields", list);
  sd_pdf_obj_get_int (sd_pdf_dict_get (form, "SigFlags"), &flags);
  sd_pdf_dict_set (form, "SigFlags", sd_pdf_int_new (flags | 3));
  if (form_value != NULL && form_value->type == SD_PDF_REF)
    sd_pdf_update_replace (update, form_value->v.ref.num,
                           current_gen_of (doc, form_value->v.ref.num), g_steal_pointer (&form));
  else
    sd_pdf_dict_set (new_catalog, "AcroForm", sd_pdf_update_add (update, g_steal_pointer (&form)));
}

gboolean
sd_pdf_add_document_timestamp (const char        *input,
                               const char        *output,
                               const char        *url,
                               SdDigestAlgorithm  digest,
                               guint              timeout,
                               gboolean           overwrite,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdPdfObj) catalog = NULL;
  g_autoptr(SdPdfObj) new_catalog = NULL;
  g_autoptr(SdPdfObj) sig = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) field = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) rect = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) sig_ref = NULL;
  g_autoptr(SdPdfObj) field_ref = NULL;
  g_autoptr(SdPdfObj) contents = NULL;
  g_autoptr(SdPdfObj) byte_range = NULL;
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GByteArray) tail = NULL;
  g_autoptr(GBytes) probe = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GBytes) hash = NULL;
  g_autoptr(EVP_MD_CTX) md = EVP_MD_CTX_new ();
  g_autoptr(SdAtomicFile) out = NULL;
  g_autofree char *placeholder = NULL;
  g_autofree char *br_text = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *zero = NULL;
  guint8 md_value[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  SdPdfObj *catalog_ref;
  const guint8 *data;
  gsize len, size, contents_at, contents_len, br_at;
  struct stat st;

  if ((doc = sd_pdf_document_new_from_file (input, error)) == NULL)
    return FALSE;
  if ((catalog = sd_pdf_document_get_catalog (doc, error)) == NULL)
    return FALSE;
  catalog_ref = sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Root");
  if (catalog_ref == NULL || catalog_ref->type != SD_PDF_REF)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: its trailer holds the document catalog directly."));
      return FALSE;
    }
  zero = g_malloc0 (sd_digest_get_length (digest));
  hash = g_bytes_new (zero, sd_digest_get_length (digest));
  if ((probe = sd_tsa_request_token (url, digest, hash, timeout, cancellable, error)) == NULL)
    return FALSE;
  g_clear_pointer (&hash, g_bytes_unref);
  size = g_bytes_get_size (probe) + TOKEN_SLACK;

  placeholder = g_malloc (2 * size + 3);
  placeholder[0] = '<';
  memset (placeholder + 1, '0', 2 * size);
  placeholder[2 * size + 1] = '>';
  placeholder[2 * size + 2] = 0;
  contents = sd_pdf_raw_new (placeholder, 2 * size + 2);
  byte_range = sd_pdf_raw_new (SD_BYTE_RANGE_PLACEHOLDER, strlen (SD_BYTE_RANGE_PLACEHOLDER));
  sd_pdf_dict_set (sig, "Type", sd_pdf_name_new ("DocTimeStamp"));
  sd_pdf_dict_set (sig, "Filter", sd_pdf_name_new ("Adobe.PPKLite"));
  sd_pdf_dict_set (sig, "SubFilter", sd_pdf_name_new ("ETSI.RFC3161"));
  sd_pdf_dict_set (sig, "ByteRange", sd_pdf_obj_ref (byte_range));
  sd_pdf_dict_set (sig, "Contents", sd_pdf_obj_ref (contents));

  update = sd_pdf_update_new (doc);
  sig_ref = sd_pdf_update_add (update, g_steal_pointer (&sig));
  name = g_strdup_printf ("DocTimeStamp%" G_GINT64_FORMAT, g_get_real_time ());
  for (int i = 0; i < 4; i++)
    sd_pdf_array_append (rect, sd_pdf_int_new (0));
  sd_pdf_dict_set (field, "Type", sd_pdf_name_new ("Annot"));
  sd_pdf_dict_set (field, "Subtype", sd_pdf_name_new ("Widget"));
  sd_pdf_dict_set (field, "FT", sd_pdf_name_new ("Sig"));
  sd_pdf_dict_set (field, "T", sd_pdf_text_string_new (name));
  sd_pdf_dict_set (field, "V", sd_pdf_obj_ref (sig_ref));
  sd_pdf_dict_set (field, "Rect", g_steal_pointer (&rect));
  sd_pdf_dict_set (field, "F", sd_pdf_int_new (2 | 4));  /* hidden, print */
  field_ref = sd_pdf_update_add (update, g_steal_pointer (&field));
  new_catalog = sd_pdf_obj_copy (catalog);
  add_to_form (doc, update, catalog, new_catalog, field_ref);
  sd_pdf_update_replace (update, catalog_ref->v.ref.num, catalog_ref->v.ref.gen,
                         g_steal_pointer (&new_catalog));
  if ((tail = sd_pdf_update_serialize (update, error)) == NULL)
    return FALSE;

  data = sd_pdf_document_get_data (doc, &len);
  contents_at = len + sd_pdf_raw_get_position (contents);
  contents_len = contents->v.string.len;
  br_at = sd_pdf_raw_get_position (byte_range);
  br_text = g_strdup_printf ("[0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "]",
                             contents_at, contents_at + contents_len,
                             len + tail->len - (contents_at + contents_len));
  g_assert (strlen (br_text) <= strlen (SD_BYTE_RANGE_PLACEHOLDER));
  memset (tail->data + br_at, ' ', strlen (SD_BYTE_RANGE_PLACEHOLDER));
  memcpy (tail->data + br_at, br_text, strlen (br_text));

  if (md == NULL || !EVP_DigestInit_ex (md, sd_digest_get_md (digest), NULL))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED, _("The digest algorithm %s is not available."),
                   sd_digest_to_string (digest));
      return FALSE;
    }
  EVP_DigestUpdate (md, data, len);
  EVP_DigestUpdate (md, tail->data, contents_at - len);
  EVP_DigestUpdate (md, tail->data + (contents_at - len) + contents_len,
                    tail->len - (contents_at - len) - contents_len);
  EVP_DigestFinal_ex (md, md_value, &md_len);
  hash = g_bytes_new (md_value, md_len);
  if ((token = sd_tsa_request_token (url, digest, hash, timeout, cancellable, error)) == NULL)
    return FALSE;
  if (g_bytes_get_size (token) > size)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED,
                   _("The timestamp is larger than the space reserved for it."));
      return FALSE;
    }
  {
    static const char hex[] = "0123456789abcdef";
    const guint8 *der = g_bytes_get_data (token, NULL);
    guint8 *dst = tail->data + (contents_at - len) + 1;

    for (gsize i = 0; i < g_bytes_get_size (token); i++)
      {
        dst[2 * i] = hex[der[i] >> 4];
        dst[2 * i + 1] = hex[der[i] & 0xf];
      }
  }

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
