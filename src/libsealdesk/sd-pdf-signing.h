/* sd-pdf-signing.h: put a visible, signed seal on a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-cms.h"
#include "sd-seal-layout.h"
#include "sd-signer.h"

G_BEGIN_DECLS

#define SD_SIGN_PAGE_LAST G_MAXUINT
#define SD_SIGN_DEFAULT_GROUP_SIZE 20

typedef enum
{
  SD_SEAL_MODE_SINGLE,      /* 单页签章: one page, at x_mm, y_mm; or 连续签章: each
                             * of @placements */
  SD_SEAL_MODE_PAGES,       /* 多页签章: the same place on each page of @pages */
  SD_SEAL_MODE_CROSS_PAGE,  /* 骑缝签章: strips along @edge of each page of @pages */
  SD_SEAL_MODE_KEYWORD,     /* 关键字签章: centred on each of @matches */
} SdSealMode;

typedef struct
{
  SdSealMode         mode;
  guint              page;          /* SINGLE: from 0, or SD_SIGN_PAGE_LAST */
  double             x_mm;          /* SINGLE, PAGES: the seal's top-left corner from the */
  double             y_mm;          /* displayed page's top-left, in millimetres */
  double             width_mm;
  double             height_mm;     /* 0: from the image's proportions */
  GArray            *placements;    /* SINGLE: 连续签章, the seal placed several times
                                     * (SdSealPlacement: page, x_mm, y_mm, each
                                     * width_mm × height_mm); NULL: page, x_mm, y_mm */
  char              *pages;         /* PAGES, CROSS_PAGE: a page set ("1-3,7", "all"); NULL: all */
  SdSealEdge         edge;          /* CROSS_PAGE */
  guint              group_size;    /* CROSS_PAGE: at most this many pages per seal; 0: 20 */
  gboolean           position_set;  /* CROSS_PAGE: y_mm (left/right) or x_mm (top/bottom)
                                     * places the seal along the edge; else centred */
  GArray            *matches;       /* KEYWORD: SdTextMatch, where to put the seal */
  char              *keyword;       /* KEYWORD: the text @matches are of, or NULL: to say
                                     * what is signed, signing needs @matches alone */
  double             offset_x_mm;   /* KEYWORD: moves the seal from the match's centre */
  double             offset_y_mm;
  char              *seal_path;     /* PNG */
  char              *text;          /* a line under the seal, or NULL */
  char              *name;          /* /Name; NULL: the certificate's common name */
  char              *reason;
  char              *location;
  char              *contact_info;
  char              *field_name;    /* NULL: the next free "SignatureN" */
  SdCmsFlavor        flavor;
  SdDigestAlgorithm  digest;
  SdSignatureScheme  scheme;
  int                certify;       /* 0: approval; 1–3: certification with DocMDP /P */
  char              *tsa_url;       /* RFC 3161 timestamp authority (PAdES B-T), or NULL */
  guint              tsa_timeout;   /* seconds; 0: 30 */
  gboolean           overwrite;     /* replace an existing output file */
  gboolean           ltv;           /* PAdES B-LT: a /DSS update after the signature (sd-dss.h) */
  guint              ltv_timeout;   /* seconds per OCSP or CRL request; 0: 10 */
  gboolean           lta;           /* PAdES B-LTA: a document timestamp after the /DSS (needs
                                     * tsa_url; implies ltv) */
} SdSignOptions;

SdSignOptions *sd_sign_options_new    (void);
SdSignOptions *sd_sign_options_copy   (const SdSignOptions *options);
void           sd_sign_options_free   (SdSignOptions       *options);

/* Writes @output: the bytes of @input followed by an incremental update that
 * adds the seal and its signature: one signature field whose widgets (one,
 * or one per page or strip or match) all show that one signature.
 * @input is never modified; @output appears whole or not at all. */
gboolean       sd_pdf_sign_file        (const char          *input,
                                        const char          *output,
                                        SdSigner            *signer,
                                        const SdSignOptions *options,
                                        GCancellable        *cancellable,
                                        GError             **error);
void           sd_pdf_sign_file_async  (const char          *input,
                                        const char          *output,
                                        SdSigner            *signer,
                                        const SdSignOptions *options,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean       sd_pdf_sign_file_finish (GAsyncResult        *result,
                                        GError             **error);

/* sd_pdf_sign_file() in its steps, for a batch that keeps the key busy:
 * only sd_pdf_signing_sign() uses the key (and may ask the PIN); the others
 * read the signer's certificate alone, so they can run on other threads
 * while the key signs another document.
 *   prepare: reads @input, lays out the seal, builds the update, writes
 *            the original bytes to a temporary file beside @output and
 *            hashes them: the to-be-signed attributes are ready;
 *   sign:    the key signs them;
 *   write:   the signature goes into the update, which is written and
 *            synced to the temporary file;
 *   commit:  renamed to @output (then the B-LT / B-LTA updates).
 * A cancel seen up to the rename leaves no @output; freeing an unfinished
 * signing removes its temporary file. */
typedef struct _SdPdfSigning SdPdfSigning;

SdPdfSigning  *sd_pdf_signing_prepare    (const char          *input,
                                          const char          *output,
                                          SdSigner            *signer,
                                          const SdSignOptions *options,
                                          GCancellable        *cancellable,
                                          GError             **error);
gboolean       sd_pdf_signing_sign       (SdPdfSigning        *signing,
                                          GCancellable        *cancellable,
                                          GError             **error);
gboolean       sd_pdf_signing_write      (SdPdfSigning        *signing,
                                          GCancellable        *cancellable,
                                          GError             **error);
gboolean       sd_pdf_signing_commit     (SdPdfSigning        *signing,
                                          GCancellable        *cancellable,
                                          GError             **error);
const char    *sd_pdf_signing_get_output (SdPdfSigning        *signing);
void           sd_pdf_signing_free       (SdPdfSigning        *signing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSignOptions, sd_sign_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfSigning, sd_pdf_signing_free)

G_END_DECLS
