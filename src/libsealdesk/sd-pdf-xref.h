/* sd-pdf-xref.h: cross-reference sections, their /Prev chain, and repair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-object.h"

G_BEGIN_DECLS

typedef enum
{
  SD_XREF_UNSET = 0,
  SD_XREF_FREE,
  SD_XREF_IN_USE,
  SD_XREF_COMPRESSED,
} SdXrefType;

typedef struct
{
  guint8  type;      /* SdXrefType */
  guint16 gen;
  guint64 offset;    /* IN_USE: byte offset; COMPRESSED: object stream number */
  guint32 index;     /* COMPRESSED: index inside the object stream */
} SdXrefEntry;

typedef struct
{
  GArray   *entries;         /* SdXrefEntry indexed by object number */
  SdPdfObj *trailer;         /* the newest trailer (or xref stream dict) */
  guint64   startxref;       /* where the newest section starts */
  gboolean  last_is_stream;  /* the newest section is an xref stream */
  gboolean  reconstructed;   /* offsets came from scanning, not from the file's xref */
} SdPdfXref;

void      sd_pdf_xref_init            (SdPdfXref    *xref);
void      sd_pdf_xref_clear           (SdPdfXref    *xref);

/* Reads the newest section and every older one through /Prev and /XRefStm,
 * then checks that each in-use offset holds the object it claims. */
gboolean  sd_pdf_xref_load            (SdPdfXref    *xref,
                                       const guint8 *data,
                                       gsize         len,
                                       GError      **error);
/* Rebuilds the table by scanning the file for "n g obj". */
gboolean  sd_pdf_xref_reconstruct     (SdPdfXref    *xref,
                                       const guint8 *data,
                                       gsize         len,
                                       GError      **error);

const SdXrefEntry *sd_pdf_xref_lookup (SdPdfXref    *xref,
                                       guint32       num);
guint32   sd_pdf_xref_get_size        (SdPdfXref    *xref);

/* Where the data of a stream starting at @offset ends: the declared
 * @length when "endstream" follows it, otherwise found by searching. */
gboolean  sd_pdf_stream_extent        (const guint8 *data,
                                       gsize         len,
                                       gsize         offset,
                                       gint64        length,
                                       gsize        *out_length);

G_END_DECLS
