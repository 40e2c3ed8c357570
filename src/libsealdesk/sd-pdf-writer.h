/* sd-pdf-writer.h: an incremental update to append to a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct _SdPdfUpdate SdPdfUpdate;

SdPdfUpdate *sd_pdf_update_new        (SdPdfDocument *document);
void         sd_pdf_update_free       (SdPdfUpdate   *self);

/* A new object; returns a reference to it (owned by the caller).  Takes
 * ownership of @obj. */
SdPdfObj    *sd_pdf_update_add        (SdPdfUpdate   *self,
                                       SdPdfObj      *obj);
/* A new version of an existing object.  Takes ownership of @obj. */
void         sd_pdf_update_replace    (SdPdfUpdate   *self,
                                       guint32        num,
                                       guint16        gen,
                                       SdPdfObj      *obj);
/* The new version of @num if this update holds one (not a new reference). */
SdPdfObj    *sd_pdf_update_lookup     (SdPdfUpdate   *self,
                                       guint32        num);

/* The bytes to append to the original file: the objects, then a
 * cross-reference section in the style of the file's newest one (a complete
 * one when the file's table had to be rebuilt), trailer and %%EOF. */
GByteArray  *sd_pdf_update_serialize  (SdPdfUpdate   *self,
                                       GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfUpdate, sd_pdf_update_free)

G_END_DECLS
