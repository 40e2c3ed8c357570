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
#include <openssl/evp.h>

#include "sd-atomic-file.h"
#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-pdf-document.h"
#include "sd-pdf-signing.h"
#include "sd-pdf-writer.h"
#include "sd-seal-appearance.h"
#include "sd-seal-image.h"

#define COPY_BUFFER_SIZE (256 * 1024)
/* Offsets of up to 10 digits: documents up to 9.3 GB. */
#define BYTE_RANGE_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"

SdSignOptions *
sd_sign_options_new (void)
{
  SdSignOptions *options = g_new0 (SdSignOptions, 1);

  options->flavor = SD_CMS_FLAVOR_CADES;
  options->digest = SD_DIGEST_SHA256;
  options->scheme = SD_SIGNATURE_SCHEME_DEFAULT;
  return options;
}

SdSignOptions *
sd_sign_options_copy (const SdSignOptions *options)
{
  SdSignOptions *copy = g_memdup2 (options, sizeof *options);

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
  g_free (options->seal_path);
  g_free (options->text);
  g_free (options->name);
  g_free (options->reason);
  g_free (options->location);
  g_free (options->contact_info);
  g_free (options->field_name);
  g_free (options);
}

/* /P of the document's certification signature, or 0 when it has none. */
static int
get_docmdp_permissions (SdPdfDocument *doc,
                        SdPdfObj      *catalog)
{
  g_autoptr(SdPdfObj) perms = sd_pdf_document_lookup (doc, catalog, "Perms");
  g_autoptr(SdPdfObj) sig = sd_pdf_document_lookup (doc, perms, "DocMDP");
  g_autoptr(SdPdfObj) refs = sd_pdf_document_lookup (doc, sig, "Reference");

  if (sig == NULL)
    return 0;
  for (guint i = 0; i < sd_pdf_array_len (refs); i++)
    {
      g_autoptr(SdPdfObj) ref = sd_pdf_document_resolve (doc, sd_pdf_array_get (refs, i));
      g_autoptr(SdPdfObj) params = sd_pdf_document_lookup (doc, ref, "TransformParams");
      gint64 p = 2;  /* the default (12.8.2.2.2) */

      if (!sd_pdf_obj_is_name (sd_pdf_dict_get (ref, "TransformMethod"), "DocMDP"))
        continue;
      sd_pdf_obj_get_int (sd_pdf_dict_get (params, "P"), &p);
      return CLAMP (p, 1, 3);
    }
  return 2;
}

typedef struct
{
  GHashTable *names;        /* full names of the existing fields */
  gboolean    has_signature;
} FieldScan;

static void
scan_fields (SdPdfDocument *doc,
             SdPdfObj      *fields,
             const char    *prefix,
             FieldScan     *scan,
             int            depth)
{
  for (guint i = 0; i < sd_pdf_array_len (fields) && depth < 32; i++)
    {
      g_autoptr(SdPdfObj) field = sd_pdf_document_resolve (doc, sd_pdf_array_get (fields, i));
      g_autoptr(SdPdfObj) kids = NULL;
      g_autofree char *partial = sd_pdf_obj_get_text (sd_pdf_dict_get (field, "T"));
      g_autofree char *full = NULL;

      if (field->type != SD_PDF_DICT)
        continue;
      full = partial == NULL ? g_strdup (prefix)
             : prefix && *prefix ? g_strconcat (prefix, ".", partial, NULL) : g_strdup (partial);
      if (full != NULL)
        g_hash_table_add (scan->names, g_strdup (full));
      if (sd_pdf_obj_is_name (sd_pdf_dict_get (field, "FT"), "Sig")
          && sd_pdf_dict_get (field, "V") != NULL)
        scan->has_signature = TRUE;
      kids = sd_pdf_document_lookup (doc, field, "Kids");
      scan_fields (doc, kids, full, scan, depth + 1);
    }
}

static char *
format_pdf_date (GDateTime *time)
{
  g_autofree char *base = g_date_time_format (time, "D:%Y%m%d%H%M%S");
  GTimeSpan offset = g_date_time_get_utc_offset (time) / G_TIME_SPAN_MINUTE;

  if (offset == 0)
    return g_strconcat (base, "Z", NULL);
  return g_strdup_printf ("%s%c%02d'%02d'", base, offset < 0 ? '-' : '+',
                          (int) (ABS (offset) / 60), (int) (ABS (offset) % 60));
}

static void
set_text (SdPdfObj   *dict,
          const char *key,
          const char *value)
{
  if (value != NULL && *value != '\0')
    sd_pdf_dict_set (dict, key, sd_pdf_text_string_new (value));
}

/* The update that adds the seal: everything but the signature value. */
typedef struct
{
  SdPdfUpdate *update;
  SdPdfObj    *contents;    /* RAW placeholders inside the signature dict */
  SdPdfObj    *byte_range;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->update, sd_pdf_update_free);
  g_clear_pointer (&plan->contents, sd_pdf_obj_unref);
  g_clear_pointer (&plan->byte_range, sd_pdf_obj_unref);
}

static guint16
current_gen (SdPdfDocument *doc,
             guint32        num)
{
  const SdXrefEntry *e = sd_pdf_xref_lookup (sd_pdf_document_get_xref (doc), num);

  return e && e->type == SD_XREF_IN_USE ? e->gen : 0;
}

/* Appends @item to the array @key of @dict, or to the array object it refers to. */
static void
append_to_array (SdPdfDocument *doc,
                 SdPdfUpdate   *update,
                 SdPdfObj      *dict,
                 const char    *key,
                 SdPdfObj      *item)
{
  SdPdfObj *value = sd_pdf_dict_get (dict, key);

  if (value != NULL && value->type == SD_PDF_REF)
    {
      SdPdfObj *pending = sd_pdf_update_lookup (update, value->v.ref.num);
      g_autoptr(SdPdfObj) target = pending ? sd_pdf_obj_ref (pending)
                                           : sd_pdf_document_resolve (doc, value);

      if (target->type == SD_PDF_ARRAY)
        {
          SdPdfObj *copy = sd_pdf_obj_copy (target);

          sd_pdf_array_append (copy, item);
          sd_pdf_update_replace (update, value->v.ref.num, current_gen (doc, value->v.ref.num), copy);
          return;
        }
      value = NULL;  /* a reference to something else: replaced by an array */
    }
  if (value != NULL && value->type == SD_PDF_ARRAY)
    {
      sd_pdf_array_append (value, item);
      return;
    }
  {
    SdPdfObj *array = sd_pdf_array_new ();

    sd_pdf_array_append (array, item);
    sd_pdf_dict_set (dict, key, array);
  }
}

static gboolean
build_plan (SdPdfDocument       *doc,
            SdSigner            *signer,
            const SdSignOptions *options,
            gsize                contents_size,
            Plan                *plan,
            GError             **error)
{
  g_autoptr(SdPdfObj) catalog = NULL;
  g_autoptr(SdPdfObj) acroform = NULL;
  g_autoptr(SdPdfObj) page_dict = NULL;
  g_autoptr(SdPdfObj) sig = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) widget = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) rect = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) ap = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) image_ref = NULL;
  g_autoptr(SdPdfObj) font_ref = NULL;
  g_autoptr(SdPdfObj) sig_ref = NULL;
  g_autoptr(SdPdfObj) widget_ref = NULL;
  g_autoptr(SdSealImage) image = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *date = NULL;
  g_autofree char *field_name = NULL;
  g_autofree char *signer_name = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *version = NULL;
  FieldScan scan = { names, FALSE };
  const SdPdfPageInfo *page;
  SdPlacement placement;
  SdPdfObj *catalog_ref;
  guint page_index;
  double height_mm;
  int docmdp;

  if (sd_pdf_document_is_encrypted (doc))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_ENCRYPTED,
                   _("The document is encrypted, and signing encrypted PDF files is not supported yet: "
                     "remove the encryption first (for example with “qpdf --decrypt”)."));
      return FALSE;
    }
  if ((catalog = sd_pdf_document_get_catalog (doc, error)) == NULL)
    return FALSE;
  catalog_ref = sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Root");
  if (catalog_ref == NULL || catalog_ref->type != SD_PDF_REF)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: its trailer holds the document catalog directly. "
                     "Open it in a PDF viewer and save a new copy."));
      return FALSE;
    }

  docmdp = get_docmdp_permissions (doc, catalog);
  if (docmdp == 1)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_LOCKED,
                   _("The document is certified with “no changes allowed”: a new signature would "
                     "invalidate its certification. Sign the document before it is certified."));
      return FALSE;
    }
  acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  {
    g_autoptr(SdPdfObj) fields = sd_pdf_document_lookup (doc, acroform, "Fields");

    scan_fields (doc, fields, NULL, &scan, 0);
  }
  if (options->certify != 0 && (scan.has_signature || docmdp != 0))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The document is already signed: a certification signature must be the first "
                     "signature of a document. Sign without certifying."));
      return FALSE;
    }

  /* The page and where on it. */
  page_index = options->page == SD_SIGN_PAGE_LAST
               ? MAX (sd_pdf_document_get_n_pages (doc), 1) - 1 : options->page;
  if ((page = sd_pdf_document_get_page (doc, page_index, error)) == NULL)
    return FALSE;
  if ((image = sd_seal_image_new_from_file (options->seal_path, error)) == NULL)
    return FALSE;
  height_mm = options->height_mm > 0 ? options->height_mm
              : options->width_mm * image->height / image->width;
  if (!sd_page_geometry_place (&page->geometry, options->x_mm, options->y_mm,
                               options->width_mm, height_mm, &placement, error))
    return FALSE;

  plan->update = sd_pdf_update_new (doc);

  /* The appearance. */
  image_ref = sd_seal_appearance_add_image (plan->update, doc, image);
  if (options->text != NULL && *options->text != '\0')
    font_ref = sd_seal_appearance_add_font (plan->update);
  sd_pdf_dict_set (ap, "N", sd_pdf_update_add (plan->update,
                                               sd_seal_appearance_new_form (&placement, image, image_ref,
                                                                            options->text, font_ref)));

  /* The signature dictionary, with placeholders for what is known only later. */
  {
    g_autoptr(GBytes) der = sd_signer_get_certificate (signer);
    g_autoptr(X509) cert = sd_certificate_parse (der, error);

    if (cert == NULL)
      return FALSE;
    signer_name = options->name ? g_strdup (options->name) : sd_certificate_get_common_name (cert);
  }
  contents = g_malloc (2 * contents_size + 3);
  contents[0] = '<';
  memset (contents + 1, '0', 2 * contents_size);
  contents[2 * contents_size + 1] = '>';
  contents[2 * contents_size + 2] = 0;
  plan->contents = sd_pdf_raw_new (contents, 2 * contents_size + 2);
  plan->byte_range = sd_pdf_raw_new (BYTE_RANGE_PLACEHOLDER, strlen (BYTE_RANGE_PLACEHOLDER));
  date = format_pdf_date (now);

  sd_pdf_dict_set (sig, "Type", sd_pdf_name_new ("Sig"));
  sd_pdf_dict_set (sig, "Filter", sd_pdf_name_new ("Adobe.PPKLite"));
  sd_pdf_dict_set (sig, "SubFilter", sd_pdf_name_new (options->flavor == SD_CMS_FLAVOR_CADES
                                                      ? "ETSI.CAdES.detached"
                                                      : "adbe.pkcs7.detached"));
  sd_pdf_dict_set (sig, "ByteRange", sd_pdf_obj_ref (plan->byte_range));
  sd_pdf_dict_set (sig, "Contents", sd_pdf_obj_ref (plan->contents));
  sd_pdf_dict_set (sig, "M", sd_pdf_string_new ((const guint8 *) date, strlen (date)));
  set_text (sig, "Name", signer_name);
  set_text (sig, "Reason", options->reason);
  set_text (sig, "Location", options->location);
  set_text (sig, "ContactInfo", options->contact_info);
  {
    g_autoptr(SdPdfObj) build = sd_pdf_dict_new ();
    g_autoptr(SdPdfObj) app = sd_pdf_dict_new ();

    sd_pdf_dict_set (app, "Name", sd_pdf_name_new ("SealDesk"));
    sd_pdf_dict_set (app, "REx", sd_pdf_string_new ((const guint8 *) PACKAGE_VERSION,
                                                    strlen (PACKAGE_VERSION)));
    sd_pdf_dict_set (build, "App", g_steal_pointer (&app));
    sd_pdf_dict_set (sig, "Prop_Build", g_steal_pointer (&build));
  }
  if (options->certify != 0)
    {
      g_autoptr(SdPdfObj) reference = sd_pdf_dict_new ();
      g_autoptr(SdPdfObj) params = sd_pdf_dict_new ();
      g_autoptr(SdPdfObj) refs = sd_pdf_array_new ();

      sd_pdf_dict_set (params, "Type", sd_pdf_name_new ("TransformParams"));
      sd_pdf_dict_set (params, "P", sd_pdf_int_new (CLAMP (options->certify, 1, 3)));
      sd_pdf_dict_set (params, "V", sd_pdf_name_new ("1.2"));
      sd_pdf_dict_set (reference, "Type", sd_pdf_name_new ("SigRef"));
      sd_pdf_dict_set (reference, "TransformMethod", sd_pdf_name_new ("DocMDP"));
      sd_pdf_dict_set (reference, "TransformParams", g_steal_pointer (&params));
      sd_pdf_array_append (refs, g_steal_pointer (&reference));
      sd_pdf_dict_set (sig, "Reference", g_steal_pointer (&refs));
    }
  sig_ref = sd_pdf_update_add (plan->update, g_steal_pointer (&sig));

  /* The field, merged with its widget (12.7.4.5). */
  if (options->field_name != NULL)
    {
      if (g_hash_table_contains (names, options->field_name))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The document already has a field named “%s”: choose another name."),
                       options->field_name);
          return FALSE;
        }
      field_name = g_strdup (options->field_name);
    }
  for (guint n = 1; field_name == NULL; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("Signature%u", n);

      if (!g_hash_table_contains (names, candidate))
        field_name = g_steal_pointer (&candidate);
    }

  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.x0));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.y0));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.x1));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.y1));
  sd_pdf_dict_set (widget, "Type", sd_pdf_name_new ("Annot"));
  sd_pdf_dict_set (widget, "Subtype", sd_pdf_name_new ("Widget"));
  sd_pdf_dict_set (widget, "FT", sd_pdf_name_new ("Sig"));
  set_text (widget, "T", field_name);
  sd_pdf_dict_set (widget, "V", sd_pdf_obj_ref (sig_ref));
  sd_pdf_dict_set (widget, "F", sd_pdf_int_new (4 | 128));  /* Print, Locked */
  sd_pdf_dict_set (widget, "P", sd_pdf_ref_new (page->num, page->gen));
  sd_pdf_dict_set (widget, "Rect", g_steal_pointer (&rect));
  sd_pdf_dict_set (widget, "AP", g_steal_pointer (&ap));
  widget_ref = sd_pdf_update_add (plan->update, g_steal_pointer (&widget));

  /* The page lists the widget among its annotations. */
  {
    g_autoptr(SdPdfObj) page_obj = sd_pdf_document_get_object (doc, page->num, error);

    if (page_obj == NULL)
      return FALSE;
    page_dict = sd_pdf_obj_copy (page_obj);
    append_to_array (doc, plan->update, page_dict, "Annots", sd_pdf_obj_copy (widget_ref));
    sd_pdf_update_replace (plan->update, page->num, page->gen, g_steal_pointer (&page_dict));
  }

  /* The form lists the field; the catalog gets a new version in any case. */
  {
    g_autoptr(SdPdfObj) new_catalog = sd_pdf_obj_copy (catalog);
    SdPdfObj *form_value = sd_pdf_dict_get (catalog, "AcroForm");
    g_autoptr(SdPdfObj) form = acroform && acroform->type == SD_PDF_DICT
                               ? sd_pdf_obj_copy (acroform) : sd_pdf_dict_new ();
    gint64 flags = 0;

    append_to_array (doc, plan->update, form, "Fields", sd_pdf_obj_copy (widget_ref));
    sd_pdf_obj_get_int (sd_pdf_dict_get (form, "SigFlags"), &flags);
    sd_pdf_dict_set (form, "SigFlags", sd_pdf_int_new (flags | 3));  /* SignaturesExist, AppendOnly */
    if (form_value != NULL && form_value->type == SD_PDF_REF)
      sd_pdf_update_replace (plan->update, form_value->v.ref.num,
                             current_gen (doc, form_value->v.ref.num), g_steal_pointer (&form));
    else
      sd_pdf_dict_set (new_catalog, "AcroForm", sd_pdf_update_add (plan->update, g_steal_pointer (&form)));

    if (options->certify != 0)
      {
        g_autoptr(SdPdfObj) perms = sd_pdf_dict_new ();

        sd_pdf_dict_set (perms, "DocMDP", sd_pdf_obj_ref (sig_ref));
        sd_pdf_dict_set (new_catalog, "Perms", g_steal_pointer (&perms));
      }
    /* Signature fields need PDF 1.3 and CAdES 1.7 with the ESIC extension or 2.0. */
    version = sd_pdf_document_get_version (doc);
    if (g_ascii_strtod (version, NULL) < 1.7)
      sd_pdf_dict_set (new_catalog, "Version", sd_pdf_name_new ("1.7"));
    sd_pdf_update_replace (plan->update, catalog_ref->v.ref.num, catalog_ref->v.ref.gen,
                           g_steal_pointer (&new_catalog));
  }
  return TRUE;
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

/* Copies the original bytes to @out in a second thread while this one
 * hashes them: the two take about as long, so the copy is nearly free. */
static gboolean
copy_and_hash (const char   *input,
               gsize         expected_len,
               SdAtomicFile *out,
               EVP_MD_CTX   *md,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree guint8 *buffer = g_malloc (COPY_BUFFER_SIZE);
  g_autoptr(GError) local_error = NULL;
  CopyJob job = { out, -1, expected_len, NULL };
  GThread *copier;
  gsize total = 0;
  int fd = open (input, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return read_error (error, input, errno);
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
    {
      g_autofree char *name = g_filename_display_name (input);

      g_set_error (&local_error, SD_ERROR, SD_ERROR_IO,
                   _("“%s” changed while it was being signed: sign it again."), name);
    }
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

gboolean
sd_pdf_sign_file (const char          *input,
                  const char          *output,
                  SdSigner            *signer,
                  const SdSignOptions *options,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GByteArray) tail = NULL;
  g_autoptr(SdAtomicFile) out = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(EVP_MD_CTX) md = NULL;
  Plan plan = { 0 };
  SdCmsParams params = { options->flavor, options->digest, options->scheme, NULL };
  struct stat in_st;
  SdKeyType key_type;
  guint key_bits;
  gsize orig_len, max_size, contents_at, contents_len, br_at;
  guint8 md_value[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  g_autofree char *br_text = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SD_IS_SIGNER (signer), FALSE);

  if (!check_paths (input, output, &in_st, error))
    return FALSE;
  if (!sd_signer_get_key_info (signer, &key_type, &key_bits, error)
      || !sd_signer_check_algorithms (key_type, options->digest, options->scheme, error))
    return FALSE;
  if ((max_size = sd_cms_get_max_size (signer, &params, error)) == 0)
    return FALSE;
  if ((doc = sd_pdf_document_new_from_file (input, error)) == NULL)
    return FALSE;
  sd_pdf_document_get_data (doc, &orig_len);

  if (!build_plan (doc, signer, options, max_size, &plan, error))
    goto out;
  if ((tail = sd_pdf_update_serialize (plan.update, error)) == NULL)
    goto out;

  /* The byte range leaves out exactly the /Contents hex string. */
  contents_at = orig_len + sd_pdf_raw_get_position (plan.contents);
  contents_len = plan.contents->v.string.len;
  br_at = sd_pdf_raw_get_position (plan.byte_range);
  br_text = g_strdup_printf ("[0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "]",
                             contents_at, contents_at + contents_len,
                             orig_len + tail->len - (contents_at + contents_len));
  g_assert (strlen (br_text) <= strlen (BYTE_RANGE_PLACEHOLDER));
  memset (tail->data + br_at, ' ', strlen (BYTE_RANGE_PLACEHOLDER));
  memcpy (tail->data + br_at, br_text, strlen (br_text));

  if ((out = sd_atomic_file_new (output, options->overwrite, in_st.st_mode, error)) == NULL)
    goto out;
  md = EVP_MD_CTX_new ();
  if (md == NULL || !EVP_DigestInit_ex (md, sd_digest_get_md (options->digest), NULL))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED, _("The digest algorithm %s is not available."),
                   sd_digest_to_string (options->digest));
      goto out;
    }
  if (!copy_and_hash (input, orig_len, out, md, cancellable, error))
    goto out;
  {
    gsize before = contents_at - orig_len;
    gsize after = before + contents_len;

    EVP_DigestUpdate (md, tail->data, before);
    EVP_DigestUpdate (md, tail->data + after, tail->len - after);
  }
  EVP_DigestFinal_ex (md, md_value, &md_len);
  digest = g_bytes_new (md_value, md_len);

  if ((cms = sd_cms_sign (signer, &params, digest, cancellable, error)) == NULL)
    goto out;
  if (g_bytes_get_size (cms) > max_size)
    {
      /* sd_cms_get_max_size() is an upper bound by construction. */
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED,
                   _("The signature is larger than the space reserved for it."));
      goto out;
    }
  {
    static const char hex[] = "0123456789abcdef";
    const guint8 *der = g_bytes_get_data (cms, NULL);
    guint8 *dst = tail->data + (contents_at - orig_len) + 1;

    for (gsize i = 0; i < g_bytes_get_size (cms); i++)
      {
        dst[2 * i] = hex[der[i] >> 4];
        dst[2 * i + 1] = hex[der[i] & 0xf];
      }
  }

  if (!sd_atomic_file_write (out, tail->data, tail->len, error)
      || !sd_atomic_file_commit (out, error))
    goto out;
  ok = TRUE;

out:
  plan_clear (&plan);
  return ok;
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
