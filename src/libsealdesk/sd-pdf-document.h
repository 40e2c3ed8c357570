/* sd-pdf-document.h: a PDF file opened for reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-page-geometry.h"
#include "sd-pdf-object.h"
#include "sd-pdf-xref.h"

G_BEGIN_DECLS

typedef struct
{
  guint32        num;
  guint16        gen;
  SdPageGeometry geometry;
} SdPdfPageInfo;

#define SD_TYPE_PDF_DOCUMENT (sd_pdf_document_get_type ())
G_DECLARE_FINAL_TYPE (SdPdfDocument, sd_pdf_document, SD, PDF_DOCUMENT, GObject)

/* Maps the file (it is never modified) and reads its structure. */
SdPdfDocument *sd_pdf_document_new_from_file (const char     *path,
                                              GError        **error);

/* A document in memory (no file behind it); @name is for messages. */
SdPdfDocument *sd_pdf_document_new_from_bytes (GBytes        *bytes,
                                              const char     *name,
                                              GError        **error);

const char    *sd_pdf_document_get_path      (SdPdfDocument  *self);
const guint8  *sd_pdf_document_get_data      (SdPdfDocument  *self,
                                              gsize          *len);
/* "1.7": the header's version, or the catalog's /Version when newer. */
char          *sd_pdf_document_get_version   (SdPdfDocument  *self);
SdPdfXref     *sd_pdf_document_get_xref      (SdPdfDocument  *self);
SdPdfObj      *sd_pdf_document_get_trailer   (SdPdfDocument  *self);
gboolean       sd_pdf_document_is_encrypted  (SdPdfDocument  *self);
gboolean       sd_pdf_document_was_repaired  (SdPdfDocument  *self);

/* An object by number: a new reference, null for free or missing objects. */
SdPdfObj      *sd_pdf_document_get_object    (SdPdfDocument  *self,
                                              guint32         num,
                                              GError        **error);
/* @obj itself (a new reference) unless it is a reference: then its target.
 * Unreadable targets resolve to null. */
SdPdfObj      *sd_pdf_document_resolve       (SdPdfDocument  *self,
                                              SdPdfObj       *obj);
/* sd_pdf_dict_get() then resolve. */
SdPdfObj      *sd_pdf_document_lookup        (SdPdfDocument  *self,
                                              SdPdfObj       *dict,
                                              const char     *key);
/* The decoded data of a stream object. */
GBytes        *sd_pdf_document_get_stream_data (SdPdfDocument *self,
                                              SdPdfObj       *stream,
                                              GError        **error);

SdPdfObj      *sd_pdf_document_get_catalog   (SdPdfDocument  *self,
                                              GError        **error);
guint          sd_pdf_document_get_n_pages   (SdPdfDocument  *self);
/* Page by index from 0, with its inherited attributes resolved. */
const SdPdfPageInfo *sd_pdf_document_get_page (SdPdfDocument *self,
                                              guint           index,
                                              GError        **error);
/* Index of the page object @num, or -1. */
int            sd_pdf_document_find_page     (SdPdfDocument  *self,
                                              guint32         num);

/* Byte offsets just past each "%%EOF" that ends a revision, oldest first. */
GArray        *sd_pdf_document_get_revisions (SdPdfDocument  *self);

G_END_DECLS
