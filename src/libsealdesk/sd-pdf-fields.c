/* sd-pdf-fields.c: walks /AcroForm /Fields (ISO 32000 12.7.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-pdf-fields.h"

#define MAX_FIELD_DEPTH 32

void
sd_pdf_field_info_free (SdPdfFieldInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->type);
  g_free (info->subfilter);
  g_free (info->signer_name);
  g_free (info->reason);
  g_free (info->location);
  g_free (info->signing_time);
  g_free (info->producer);
  g_free (info);
}

static void
read_widget (SdPdfDocument  *doc,
             SdPdfObj       *widget,
             SdPdfFieldInfo *info)
{
  g_autoptr(SdPdfObj) rect = sd_pdf_document_lookup (doc, widget, "Rect");
  SdPdfObj *page = sd_pdf_dict_get (widget, "P");
  double v[4];

  info->n_widgets++;
  if (info->n_widgets > 1)
    return;
  if (sd_pdf_array_len (rect) == 4)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < 4; i++)
        ok = ok && sd_pdf_obj_get_number (sd_pdf_array_get (rect, i), &v[i]);
      if (ok)
        {
          info->has_rect = TRUE;
          info->rect = (SdRect) { MIN (v[0], v[2]), MIN (v[1], v[3]),
                                  MAX (v[0], v[2]), MAX (v[1], v[3]) };
        }
    }
  if (page != NULL && page->type == SD_PDF_REF)
    info->page = sd_pdf_document_find_page (doc, page->v.ref.num);
}

static void
read_signature (SdPdfDocument  *doc,
                SdPdfObj       *sig,
                SdPdfFieldInfo *info)
{
  g_autoptr(SdPdfObj) br = sd_pdf_document_lookup (doc, sig, "ByteRange");
  g_autoptr(SdPdfObj) refs = sd_pdf_document_lookup (doc, sig, "Reference");
  g_autoptr(SdPdfObj) build = sd_pdf_document_lookup (doc, sig, "Prop_Build");
  g_autoptr(SdPdfObj) app = sd_pdf_document_lookup (doc, build, "App");
  SdPdfObj *app_name = sd_pdf_dict_get (app, "Name");
  SdPdfObj *subfilter = sd_pdf_dict_get (sig, "SubFilter");
  SdPdfObj *contents = sd_pdf_dict_get (sig, "Contents");

  info->is_signed = TRUE;
  if (app_name != NULL && app_name->type == SD_PDF_NAME)
    info->producer = g_strdup (app_name->v.name);
  if (subfilter != NULL && subfilter->type == SD_PDF_NAME)
    info->subfilter = g_strdup (subfilter->v.name);
  info->signer_name = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "Name"));
  info->reason = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "Reason"));
  info->location = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "Location"));
  info->signing_time = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "M"));
  if (contents != NULL && contents->type == SD_PDF_STRING)
    info->contents_size = contents->v.string.len;
  if (sd_pdf_array_len (br) == 4)
    {
      info->has_byte_range = TRUE;
      for (guint i = 0; i < 4; i++)
        info->has_byte_range = info->has_byte_range
                               && sd_pdf_obj_get_int (sd_pdf_array_get (br, i), &info->byte_range[i]);
    }
  for (guint i = 0; i < sd_pdf_array_len (refs); i++)
    {
      g_autoptr(SdPdfObj) ref = sd_pdf_document_resolve (doc, sd_pdf_array_get (refs, i));
      g_autoptr(SdPdfObj) params = sd_pdf_document_lookup (doc, ref, "TransformParams");
      gint64 p = 2;

      if (!sd_pdf_obj_is_name (sd_pdf_dict_get (ref, "TransformMethod"), "DocMDP"))
        continue;
      sd_pdf_obj_get_int (sd_pdf_dict_get (params, "P"), &p);
      info->docmdp = (int) CLAMP (p, 1, 3);
    }
}

static void
walk (SdPdfDocument *doc,
      SdPdfObj      *fields,
      const char    *prefix,
      const char    *inherited_type,
      GHashTable    *seen,
      GPtrArray     *out,
      int            depth)
{
  for (guint i = 0; i < sd_pdf_array_len (fields) && depth < MAX_FIELD_DEPTH; i++)
    {
      SdPdfObj *item = sd_pdf_array_get (fields, i);
      g_autoptr(SdPdfObj) field = NULL;
      g_autoptr(SdPdfObj) kids = NULL;
      g_autofree char *partial = NULL;
      g_autofree char *full = NULL;
      SdPdfObj *ft;
      const char *type = inherited_type;
      gboolean has_field_kids = FALSE;

      if (item->type == SD_PDF_REF)
        {
          if (g_hash_table_contains (seen, GUINT_TO_POINTER (item->v.ref.num)))
            continue;
          g_hash_table_add (seen, GUINT_TO_POINTER (item->v.ref.num));
        }
      field = sd_pdf_document_resolve (doc, item);
      if (field->type != SD_PDF_DICT)
        continue;

      partial = sd_pdf_obj_get_text (sd_pdf_dict_get (field, "T"));
      full = partial == NULL ? g_strdup (prefix)
             : prefix != NULL ? g_strconcat (prefix, ".", partial, NULL) : g_strdup (partial);
      ft = sd_pdf_dict_get (field, "FT");
      if (ft != NULL && ft->type == SD_PDF_NAME)
        type = ft->v.name;

      /* Kids with a /T are fields; kids without one are this field's widgets. */
      kids = sd_pdf_document_lookup (doc, field, "Kids");
      for (guint k = 0; k < sd_pdf_array_len (kids); k++)
        {
          g_autoptr(SdPdfObj) kid = sd_pdf_document_resolve (doc, sd_pdf_array_get (kids, k));

          if (sd_pdf_dict_get (kid, "T") != NULL)
            has_field_kids = TRUE;
        }
      if (has_field_kids)
        {
          walk (doc, kids, full, type, seen, out, depth + 1);
          continue;
        }

      {
        SdPdfFieldInfo *info = g_new0 (SdPdfFieldInfo, 1);
        g_autoptr(SdPdfObj) value = sd_pdf_document_lookup (doc, field, "V");

        info->name = g_strdup (full ? full : "");
        info->type = g_strdup (type);
        info->page = -1;
        if (kids != NULL)
          for (guint k = 0; k < sd_pdf_array_len (kids); k++)
            {
              g_autoptr(SdPdfObj) kid = sd_pdf_document_resolve (doc, sd_pdf_array_get (kids, k));

              read_widget (doc, kid, info);
            }
        else if (sd_pdf_dict_get (field, "Rect") != NULL)
          read_widget (doc, field, info);
        if (g_strcmp0 (type, "Sig") == 0 && value != NULL && value->type == SD_PDF_DICT)
          read_signature (doc, value, info);
        g_ptr_array_add (out, info);
      }
    }
}

GPtrArray *
sd_pdf_document_list_fields (SdPdfDocument *doc)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_pdf_field_info_free);
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (doc, NULL);
  g_autoptr(SdPdfObj) acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  g_autoptr(SdPdfObj) fields = sd_pdf_document_lookup (doc, acroform, "Fields");
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  walk (doc, fields, NULL, NULL, seen, out, 0);
  return out;
}
