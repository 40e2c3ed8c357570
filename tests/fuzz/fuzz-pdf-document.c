/* fuzz-pdf-document.c: libFuzzer target for the PDF reader and the writer
 *
 * Opens the input as a document, walks everything a signing run touches
 * (pages, fields, every object, stream data), then serializes an update.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "sd-pdf-document.h"
#include "sd-pdf-fields.h"
#include "sd-pdf-writer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
log_nothing (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GArray) revisions = NULL;
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GByteArray) tail = NULL;
  g_autoptr(SdPdfObj) catalog = NULL;
  guint32 n_objects;

  g_log_set_default_handler (log_nothing, NULL);
  doc = sd_pdf_document_new_from_bytes (bytes, "fuzz.pdf", NULL);
  if (doc == NULL)
    return 0;

  for (guint i = 0; i < MIN (sd_pdf_document_get_n_pages (doc), 1000); i++)
    {
      const SdPdfPageInfo *page = sd_pdf_document_get_page (doc, i, NULL);
      SdPlacement placement;
      double w, h;

      sd_page_geometry_get_size_mm (&page->geometry, &w, &h);
      sd_page_geometry_place (&page->geometry, 1, 1, 10, 10, &placement, NULL);
    }
  fields = sd_pdf_document_list_fields (doc);
  revisions = sd_pdf_document_get_revisions (doc);

  n_objects = MIN (sd_pdf_xref_get_size (sd_pdf_document_get_xref (doc)), 5000);
  for (guint32 num = 0; num < n_objects; num++)
    {
      g_autoptr(SdPdfObj) obj = sd_pdf_document_get_object (doc, num, NULL);
      g_autoptr(GBytes) decoded = NULL;

      if (obj != NULL && obj->type == SD_PDF_STREAM)
        decoded = sd_pdf_document_get_stream_data (doc, obj, NULL);
    }

  catalog = sd_pdf_document_get_catalog (doc, NULL);
  if (catalog != NULL)
    {
      SdPdfObj *root = sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Root");
      SdPdfObj *copy = sd_pdf_obj_copy (catalog);

      update = sd_pdf_update_new (doc);
      sd_pdf_dict_set (copy, "SDskFuzz", sd_pdf_update_add (update, sd_pdf_text_string_new ("签章")));
      if (root != NULL && root->type == SD_PDF_REF)
        sd_pdf_update_replace (update, root->v.ref.num, root->v.ref.gen, copy);
      else
        sd_pdf_obj_unref (copy);
      tail = sd_pdf_update_serialize (update, NULL);
    }
  return 0;
}
