/* sd-pdf-unseal.h: removing the newest seals (撤章) by going back to the
 * revision before them, byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-changes.h"
#include "sd-pdf-document.h"

G_BEGIN_DECLS

/* A revision that removing the seals takes away. */
typedef struct
{
  guint64        start;
  guint64        end;
  char          *field;      /* the signature it adds, or NULL */
  char          *signer;     /* its /Name, or NULL */
  GDateTime     *time;       /* when it says it was signed (/M), or NULL */
  gboolean       ours;       /* signed by SealDesk */
  SdChangeFlags  changes;    /* what it changed; OTHER for bytes outside any revision */
  char          *summary;    /* translated: what would be lost */
} SdUnsealRevision;

typedef struct
{
  guint64    keep;           /* the output is the first @keep bytes of the input */
  GPtrArray *removed;        /* SdUnsealRevision *, oldest first */
  gboolean   safe;           /* every removed revision is one of our signatures and nothing else */
} SdUnsealPlan;

/* What removing the @steps newest signatures of @document means. */
SdUnsealPlan *sd_pdf_unseal_plan_new  (SdPdfDocument  *document,
                                       guint           steps,
                                       GError        **error);
void          sd_unseal_plan_free     (SdUnsealPlan   *plan);

/* Writes the first plan->keep bytes of @input to @output (atomically).
 * Unless @force, refuses (SD_ERROR_PDF_LOCKED, naming them) when revisions
 * that are not SealDesk signatures would be lost. */
gboolean      sd_pdf_unseal_file      (const char     *input,
                                       const char     *output,
                                       guint           steps,
                                       gboolean        force,
                                       gboolean        overwrite,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdUnsealPlan, sd_unseal_plan_free)

G_END_DECLS
