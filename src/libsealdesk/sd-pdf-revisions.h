/* sd-pdf-revisions.h: a document as the sequence of its incremental
 * updates, each one readable as the document was at that point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct
{
  guint64        start;       /* this revision's own bytes: [start, end) */
  guint64        end;         /* just past its %%EOF and end-of-line */
  guint64        eof_end;     /* just past its "%%EOF" */
  SdPdfDocument *doc;         /* the document as it was at @end */
  GArray        *stray;       /* guint32: objects written in its bytes that its
                               * cross-reference section does not point to */
} SdPdfRevision;

typedef struct
{
  SdPdfDocument *document;    /* the whole file */
  GPtrArray     *revisions;   /* SdPdfRevision *, oldest first */
  guint64        tail;        /* where bytes that belong to no complete
                               * revision start; the file size when none */
} SdPdfRevisions;

/* Splits @document at the ends of its revisions.  A "%%EOF" counts as a
 * revision end only when the document read up to there is a well-formed
 * PDF whose newest cross-reference section lies after the previous end:
 * a marker inside a stream, or bytes appended with an old startxref, do
 * not make a revision.  Never fails: a file whose first revision cannot be
 * read has none (everything is tail). */
SdPdfRevisions *sd_pdf_revisions_new        (SdPdfDocument  *document);
void            sd_pdf_revisions_free       (SdPdfRevisions *self);
/* The revision that ends at @end (allowing the end-of-line after "%%EOF"
 * to be left out), or -1. */
int             sd_pdf_revisions_find_end   (SdPdfRevisions *self,
                                             guint64         end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfRevisions, sd_pdf_revisions_free)

G_END_DECLS
