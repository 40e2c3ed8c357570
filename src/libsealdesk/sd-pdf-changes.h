/* sd-pdf-changes.h: what an incremental update changed, in the terms a
 * signature's permissions speak (ISO 32000 12.8.2.2, DocMDP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef enum
{
  SD_CHANGE_NONE        = 0,
  SD_CHANGE_SIGNATURES  = 1 << 0,  /* signatures added (and their long-term validation data) */
  SD_CHANGE_FORM_FILL   = 1 << 1,  /* form fields filled in */
  SD_CHANGE_ANNOTATIONS = 1 << 2,  /* annotations added, changed or removed */
  SD_CHANGE_OTHER       = 1 << 3,  /* anything else: page content, resources, structure */
} SdChangeFlags;

typedef struct
{
  SdChangeFlags kind;   /* one flag; NONE for notes that change nothing shown */
  char         *text;   /* translated */
} SdChange;

typedef struct
{
  SdChangeFlags  flags;    /* the union of the changes' kinds */
  GPtrArray     *changes;  /* SdChange * */
} SdPdfChanges;

/* Compares two readings of a document, @before and @after an update.
 * Every object that differs must be explained by a known kind of change;
 * whatever is not is OTHER, named by object number. */
SdPdfChanges *sd_pdf_changes_compare (SdPdfDocument *before,
                                      SdPdfDocument *after);
/* A change not found by comparing (bytes outside any update, say). */
void          sd_pdf_changes_add     (SdPdfChanges  *self,
                                      SdChangeFlags  kind,
                                      const char    *text);
SdPdfChanges *sd_pdf_changes_new     (void);
void          sd_pdf_changes_free    (SdPdfChanges  *self);

/* "signatures", "form-fill", "annotations", "other", "none" */
const char   *sd_change_kind_to_string (SdChangeFlags kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfChanges, sd_pdf_changes_free)

G_END_DECLS
