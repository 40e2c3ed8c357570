/* sd-pdf-signature-field.c
 *
 * Every mode makes one signature: one PIN, one CMS, one signature field
 * (ISO 32000 12.7.5.5) whose widgets all share the field's /V.  A single
 * widget is merged with its field (12.7.4.5), as most signers write it;
 * several (one per page, strip or match) are the field's /Kids and repeat
 * its /V (see below).  Acrobat then shows one signature, and removing it
 * (撤章) removes every widget.
 * Strips of a cross-page seal draw the whole image shifted and clipped to
 * the widget: one image resource, no cut pictures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-page-set.h"
#include "sd-pdf-signature-field.h"
#include "sd-seal-appearance.h"
#include "sd-seal-image.h"

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

void
sd_signature_plan_clear (SdSignaturePlan *plan)
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
          sd_pdf_update_replace (update, value->v.ref.num, current_gen (doc, value->v.ref.num),
                                 copy);
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

/* 连续签章: whole seals of the one size, where they were put */
static GArray *
continuous_placements (const SdSignOptions *options,
                       double               height_mm,
                       GError             **error)
{
  GArray *placements;

  if (options->placements->len == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("No place was given for the seal."));
      return NULL;
    }
  placements = g_array_copy (options->placements);
  for (guint i = 0; i < placements->len; i++)
    {
      SdSealPlacement *p = &g_array_index (placements, SdSealPlacement, i);

      p->width_mm = p->seal_width_mm = options->width_mm;
      p->height_mm = p->seal_height_mm = height_mm;
      p->part_x_mm = p->part_y_mm = 0;
    }
  return placements;
}

/* Where the widgets go, in every mode. */
static GArray *
compute_placements (SdPdfDocument       *doc,
                    const SdSignOptions *options,
                    double               height_mm,
                    GError             **error)
{
  g_autoptr(GArray) pages = NULL;
  guint n_pages = sd_pdf_document_get_n_pages (doc);

  switch (options->mode)
    {
    case SD_SEAL_MODE_PAGES:
    case SD_SEAL_MODE_CROSS_PAGE:
      pages = sd_page_set_parse (options->pages ? options->pages : "all", n_pages, error);
      if (pages == NULL)
        return NULL;
      if (options->mode == SD_SEAL_MODE_PAGES)
        return sd_seal_layout_pages (pages, options->x_mm, options->y_mm, options->width_mm,
                                     height_mm);
      {
        gboolean vertical = options->edge == SD_SEAL_EDGE_LEFT || options->edge == SD_SEAL_EDGE_RIGHT;
        double along = !options->position_set ? -1 : vertical ? options->y_mm : options->x_mm;

        return sd_seal_layout_cross_page (doc, pages, options->edge,
                                          options->group_size ? options->group_size
                                          : SD_SIGN_DEFAULT_GROUP_SIZE,
                                          options->width_mm, height_mm, along, error);
      }
    case SD_SEAL_MODE_KEYWORD:
      if (options->matches == NULL || options->matches->len == 0)
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                               _("The text to seal was not found in the document."));
          return NULL;
        }
      return sd_seal_layout_keyword (doc, options->matches, options->width_mm, height_mm,
                                     options->offset_x_mm, options->offset_y_mm, error);
    case SD_SEAL_MODE_SINGLE:
    default:
      if (options->placements != NULL)
        return continuous_placements (options, height_mm, error);
      {
        guint page = options->page == SD_SIGN_PAGE_LAST ? MAX (n_pages, 1) - 1 : options->page;

        pages = g_array_new (FALSE, FALSE, sizeof (guint));
        g_array_append_val (pages, page);
        return sd_seal_layout_pages (pages, options->x_mm, options->y_mm, options->width_mm,
                                     height_mm);
      }
    }
}

/* One widget with its appearance; not yet listed on its page. */
static SdPdfObj *
new_widget (SdSignaturePlan       *plan,
            SdPdfDocument         *doc,
            const SdSealPlacement *p,
            gboolean               several,
            const SdSealImage     *image,
            SdPdfObj              *image_ref,
            const char            *text,
            SdPdfObj              *font_ref,
            GError               **error)
{
  g_autoptr(SdPdfObj) widget = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) rect = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) ap = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) form = NULL;
  g_autoptr(GError) local_error = NULL;
  const SdPdfPageInfo *page;
  SdPlacement placement;
  gboolean whole = p->part_x_mm == 0 && p->part_y_mm == 0 && p->width_mm == p->seal_width_mm
                   && p->height_mm == p->seal_height_mm;

  if ((page = sd_pdf_document_get_page (doc, p->page, error)) == NULL)
    return NULL;
  if (!sd_page_geometry_place (&page->geometry, p->x_mm, p->y_mm, p->width_mm, p->height_mm,
                               &placement, &local_error))
    {
      /* With several pages, say which one. */
      if (several)
        g_prefix_error (&local_error, _("Page %u: "), p->page + 1);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (whole)
    form = sd_seal_appearance_new_form (&placement, image, image_ref, text, font_ref);
  else
    {
      double units_per_mm = placement.width / p->width_mm;

      form = sd_seal_appearance_new_part_form (&placement, image, image_ref,
                                               p->seal_width_mm * units_per_mm,
                                               p->seal_height_mm * units_per_mm,
                                               p->part_x_mm * units_per_mm,
                                               p->part_y_mm * units_per_mm);
    }
  sd_pdf_dict_set (ap, "N", sd_pdf_update_add (plan->update, g_steal_pointer (&form)));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.x0));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.y0));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.x1));
  sd_pdf_array_append (rect, sd_pdf_real_new (placement.rect.y1));
  sd_pdf_dict_set (widget, "Type", sd_pdf_name_new ("Annot"));
  sd_pdf_dict_set (widget, "Subtype", sd_pdf_name_new ("Widget"));
  sd_pdf_dict_set (widget, "F", sd_pdf_int_new (4 | 128));  /* Print, Locked */
  sd_pdf_dict_set (widget, "P", sd_pdf_ref_new (page->num, page->gen));
  sd_pdf_dict_set (widget, "Rect", g_steal_pointer (&rect));
  sd_pdf_dict_set (widget, "AP", g_steal_pointer (&ap));
  return g_steal_pointer (&widget);
}

/* Lists @widget_ref in its page's /Annots; a page that gets several
 * widgets is written once with all of them. */
static gboolean
list_on_page (SdSignaturePlan *plan,
              SdPdfDocument   *doc,
              guint            page_index,
              SdPdfObj        *widget_ref,
              GError         **error)
{
  const SdPdfPageInfo *page = sd_pdf_document_get_page (doc, page_index, error);
  SdPdfObj *pending;

  if (page == NULL)
    return FALSE;
  pending = sd_pdf_update_lookup (plan->update, page->num);
  if (pending == NULL)
    {
      g_autoptr(SdPdfObj) page_obj = sd_pdf_document_get_object (doc, page->num, error);

      if (page_obj == NULL)
        return FALSE;
      pending = sd_pdf_obj_copy (page_obj);
      sd_pdf_update_replace (plan->update, page->num, page->gen, pending);
    }
  append_to_array (doc, plan->update, pending, "Annots", sd_pdf_obj_copy (widget_ref));
  return TRUE;
}

static SdPdfObj *
new_signature_dict (SdSignaturePlan     *plan,
                    SdSigner            *signer,
                    const SdSignOptions *options,
                    gsize                contents_size,
                    GError             **error)
{
  g_autoptr(SdPdfObj) sig = sd_pdf_dict_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = format_pdf_date (now);
  g_autofree char *signer_name = NULL;
  g_autofree char *contents = NULL;

  {
    g_autoptr(X509) cert = sd_signer_dup_x509 (signer, error);

    if (cert == NULL)
      return NULL;
    signer_name = options->name ? g_strdup (options->name) : sd_certificate_get_common_name (cert);
  }
  /* Placeholders for what is known only later. */
  contents = g_malloc (2 * contents_size + 3);
  contents[0] = '<';
  memset (contents + 1, '0', 2 * contents_size);
  contents[2 * contents_size + 1] = '>';
  contents[2 * contents_size + 2] = 0;
  plan->contents = sd_pdf_raw_new (contents, 2 * contents_size + 2);
  plan->byte_range = sd_pdf_raw_new (SD_BYTE_RANGE_PLACEHOLDER, strlen (SD_BYTE_RANGE_PLACEHOLDER));

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
  return sd_pdf_update_add (plan->update, g_steal_pointer (&sig));
}

static gboolean
check_document (SdPdfDocument       *doc,
                const SdSignOptions *options,
                SdPdfObj           **catalog,
                GHashTable          *names,
                GError             **error)
{
  SdPdfObj *catalog_ref;
  FieldScan scan = { names, FALSE };
  int docmdp;

  if (sd_pdf_document_is_encrypted (doc))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_ENCRYPTED,
                   _("The document is encrypted, and signing encrypted PDF files is not supported "
                     "yet: remove the encryption first (for example with “qpdf --decrypt”)."));
      return FALSE;
    }
  if ((*catalog = sd_pdf_document_get_catalog (doc, error)) == NULL)
    return FALSE;
  catalog_ref = sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Root");
  if (catalog_ref == NULL || catalog_ref->type != SD_PDF_REF)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: its trailer holds the document catalog directly. "
                     "Open it in a PDF viewer and save a new copy."));
      return FALSE;
    }
  docmdp = get_docmdp_permissions (doc, *catalog);
  if (docmdp == 1)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_LOCKED,
                   _("The document is certified with “no changes allowed”: a new signature would "
                     "invalidate its certification. Sign the document before it is certified."));
      return FALSE;
    }
  {
    g_autoptr(SdPdfObj) acroform = sd_pdf_document_lookup (doc, *catalog, "AcroForm");
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
  if (options->field_name != NULL && g_hash_table_contains (names, options->field_name))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The document already has a field named “%s”: choose another name."),
                   options->field_name);
      return FALSE;
    }
  return TRUE;
}

/* The form lists the field; the catalog gets a new version in any case. */
static void
update_form_and_catalog (SdSignaturePlan     *plan,
                         SdPdfDocument       *doc,
                         SdPdfObj            *catalog,
                         SdPdfObj            *field_ref,
                         SdPdfObj            *sig_ref,
                         const SdSignOptions *options)
{
  SdPdfObj *catalog_ref = sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Root");
  g_autoptr(SdPdfObj) acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  g_autoptr(SdPdfObj) new_catalog = sd_pdf_obj_copy (catalog);
  SdPdfObj *form_value = sd_pdf_dict_get (catalog, "AcroForm");
  g_autoptr(SdPdfObj) form = acroform && acroform->type == SD_PDF_DICT
                             ? sd_pdf_obj_copy (acroform) : sd_pdf_dict_new ();
  g_autofree char *version = sd_pdf_document_get_version (doc);
  gint64 flags = 0;

  append_to_array (doc, plan->update, form, "Fields", sd_pdf_obj_copy (field_ref));
  sd_pdf_obj_get_int (sd_pdf_dict_get (form, "SigFlags"), &flags);
  sd_pdf_dict_set (form, "SigFlags", sd_pdf_int_new (flags | 3));  /* SignaturesExist, AppendOnly */
  if (form_value != NULL && form_value->type == SD_PDF_REF)
    sd_pdf_update_replace (plan->update, form_value->v.ref.num,
                           current_gen (doc, form_value->v.ref.num), g_steal_pointer (&form));
  else
    sd_pdf_dict_set (new_catalog, "AcroForm",
                     sd_pdf_update_add (plan->update, g_steal_pointer (&form)));

  if (options->certify != 0)
    {
      g_autoptr(SdPdfObj) perms = sd_pdf_dict_new ();

      sd_pdf_dict_set (perms, "DocMDP", sd_pdf_obj_ref (sig_ref));
      sd_pdf_dict_set (new_catalog, "Perms", g_steal_pointer (&perms));
    }
  /* Signature fields need PDF 1.3 and CAdES 1.7 with the ESIC extension or 2.0. */
  if (g_ascii_strtod (version, NULL) < 1.7)
    sd_pdf_dict_set (new_catalog, "Version", sd_pdf_name_new ("1.7"));
  sd_pdf_update_replace (plan->update, catalog_ref->v.ref.num, catalog_ref->v.ref.gen,
                         g_steal_pointer (&new_catalog));
}

gboolean
sd_signature_plan_build (SdSignaturePlan     *plan,
                         SdPdfDocument       *doc,
                         SdSigner            *signer,
                         const SdSignOptions *options,
                         gsize                contents_size,
                         GError             **error)
{
  g_autoptr(SdPdfObj) catalog = NULL;
  g_autoptr(SdPdfObj) image_ref = NULL;
  g_autoptr(SdPdfObj) font_ref = NULL;
  g_autoptr(SdPdfObj) sig_ref = NULL;
  g_autoptr(SdPdfObj) field_ref = NULL;
  g_autoptr(SdPdfObj) field = NULL;
  g_autoptr(SdPdfObj) kids = sd_pdf_array_new ();
  g_autoptr(SdSealImage) image = NULL;
  g_autoptr(GArray) placements = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *field_name = NULL;
  gboolean several;
  double height_mm;

  if (!check_document (doc, options, &catalog, names, error))
    return FALSE;
  if ((image = sd_seal_image_new_from_file (options->seal_path, error)) == NULL)
    return FALSE;
  height_mm = options->height_mm > 0 ? options->height_mm
              : options->width_mm * image->height / image->width;
  if ((placements = compute_placements (doc, options, height_mm, error)) == NULL)
    return FALSE;
  several = placements->len > 1;
  plan->n_widgets = placements->len;

  plan->update = sd_pdf_update_new (doc);
  image_ref = sd_seal_appearance_add_image (plan->update, doc, image);
  if (options->text != NULL && *options->text != '\0' && options->mode != SD_SEAL_MODE_CROSS_PAGE)
    font_ref = sd_seal_appearance_add_font (plan->update);
  if ((sig_ref = new_signature_dict (plan, signer, options, contents_size, error)) == NULL)
    return FALSE;

  field_name = g_strdup (options->field_name);
  for (guint n = 1; field_name == NULL; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("Signature%u", n);

      if (!g_hash_table_contains (names, candidate))
        field_name = g_steal_pointer (&candidate);
    }

  /* The field: merged with its widget when there is one, else their parent. */
  field = several ? sd_pdf_dict_new () : NULL;
  if (several)
    field_ref = sd_pdf_update_add (plan->update, sd_pdf_obj_ref (field));
  for (guint i = 0; i < placements->len; i++)
    {
      const SdSealPlacement *p = &g_array_index (placements, SdSealPlacement, i);
      g_autoptr(SdPdfObj) widget = new_widget (plan, doc, p, several, image, image_ref,
                                               options->text, font_ref, error);
      g_autoptr(SdPdfObj) widget_ref = NULL;

      if (widget == NULL)
        return FALSE;
      if (several)
        {
          sd_pdf_dict_set (widget, "Parent", sd_pdf_obj_copy (field_ref));
          /* poppler 22.12 and mupdf 1.21 read /V from a widget with a
           * /Parent, not from its field: each kid names the same value. */
          sd_pdf_dict_set (widget, "V", sd_pdf_obj_copy (sig_ref));
        }
      else
        field = sd_pdf_obj_ref (widget);
      widget_ref = sd_pdf_update_add (plan->update, g_steal_pointer (&widget));
      if (!several)
        field_ref = sd_pdf_obj_copy (widget_ref);
      sd_pdf_array_append (kids, sd_pdf_obj_copy (widget_ref));
      if (!list_on_page (plan, doc, p->page, widget_ref, error))
        return FALSE;
    }
  sd_pdf_dict_set (field, "FT", sd_pdf_name_new ("Sig"));
  set_text (field, "T", field_name);
  sd_pdf_dict_set (field, "V", sd_pdf_obj_ref (sig_ref));
  if (several)
    sd_pdf_dict_set (field, "Kids", g_steal_pointer (&kids));

  update_form_and_catalog (plan, doc, catalog, field_ref, sig_ref, options);
  return TRUE;
}
