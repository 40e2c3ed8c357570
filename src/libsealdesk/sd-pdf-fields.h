/* sd-pdf-fields.h: the form fields of a document, signatures among them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct
{
  char    *name;           /* fully qualified */
  char    *type;           /* /FT: Tx, Btn, Ch, Sig; NULL when not set */
  int      page;           /* of the first widget, from 0; -1 when unknown */
  gboolean has_rect;
  SdRect   rect;           /* of the first widget, user space */
  guint    n_widgets;

  /* Signature fields with a value */
  gboolean is_signed;
  char    *subfilter;
  char    *signer_name;
  char    *reason;
  char    *location;
  char    *signing_time;   /* /M as written */
  gboolean has_byte_range;
  gint64   byte_range[4];
  gsize    contents_size;  /* bytes of the /Contents string */
  int      docmdp;         /* /P of a certification signature, else 0 */
  char    *producer;       /* /Prop_Build /App /Name: the program that signed */
} SdPdfFieldInfo;

void       sd_pdf_field_info_free        (SdPdfFieldInfo *info);
/* Array of SdPdfFieldInfo, in form order. */
GPtrArray *sd_pdf_document_list_fields   (SdPdfDocument  *document);

G_END_DECLS
