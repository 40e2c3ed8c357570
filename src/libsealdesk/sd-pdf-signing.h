/* sd-pdf-signing.h: put a visible, signed seal on a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-cms.h"
#include "sd-signer.h"

G_BEGIN_DECLS

#define SD_SIGN_PAGE_LAST G_MAXUINT

typedef struct
{
  guint              page;          /* from 0, or SD_SIGN_PAGE_LAST */
  double             x_mm;          /* the seal's top-left corner from the displayed */
  double             y_mm;          /* page's top-left, in millimetres */
  double             width_mm;
  double             height_mm;     /* 0: from the image's proportions */
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
  gboolean           overwrite;     /* replace an existing output file */
} SdSignOptions;

SdSignOptions *sd_sign_options_new    (void);
SdSignOptions *sd_sign_options_copy   (const SdSignOptions *options);
void           sd_sign_options_free   (SdSignOptions       *options);

/* Writes @output: the bytes of @input followed by an incremental update that
 * adds the seal and its signature.  @input is never modified; @output appears
 * whole or not at all. */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSignOptions, sd_sign_options_free)

G_END_DECLS
