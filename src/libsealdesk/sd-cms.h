/* sd-cms.h: detached CMS SignedData for PDF signatures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-signer.h"

G_BEGIN_DECLS

typedef enum
{
  SD_CMS_FLAVOR_CADES,  /* ETSI.CAdES.detached: PAdES B-B, no signing-time attribute */
  SD_CMS_FLAVOR_PKCS7,  /* adbe.pkcs7.detached: with a signing-time attribute */
} SdCmsFlavor;

typedef struct
{
  SdCmsFlavor        flavor;
  SdDigestAlgorithm  digest;
  SdSignatureScheme  scheme;
  GDateTime         *signing_time;  /* PKCS7 flavor only; NULL = now */
} SdCmsParams;

/* An upper bound of the DER size of what sd_cms_sign() returns for this
 * signer and parameters: sizes the PDF /Contents placeholder exactly. */
gsize   sd_cms_get_max_size (SdSigner            *signer,
                             const SdCmsParams   *params,
                             GError             **error);

/* Builds the SignedData over a document whose digest (with params->digest)
 * is @message_digest, asking @signer for the signature. */
void    sd_cms_sign_async   (SdSigner            *signer,
                             const SdCmsParams   *params,
                             GBytes              *message_digest,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
GBytes *sd_cms_sign_finish  (GAsyncResult        *result,
                             GError             **error);
GBytes *sd_cms_sign         (SdSigner            *signer,
                             const SdCmsParams   *params,
                             GBytes              *message_digest,
                             GCancellable        *cancellable,
                             GError             **error);

/* sd_cms_sign() in its steps, for a caller that keeps the key's step apart
 * (a batch signs on one thread and builds on others): the builder reads
 * only @signer's certificate and chain, never its key.  The signed
 * attributes are what the key signs, with params->digest and ->scheme. */
typedef struct _SdCmsBuilder SdCmsBuilder;

SdCmsBuilder *sd_cms_builder_new                   (SdSigner           *signer,
                                                    const SdCmsParams  *params,
                                                    GBytes             *message_digest,
                                                    GError            **error);
GBytes       *sd_cms_builder_get_signed_attributes (SdCmsBuilder       *builder);
/* Checks @signature against the certificate and builds the SignedData. */
GBytes       *sd_cms_builder_finish                (SdCmsBuilder       *builder,
                                                    GBytes             *signature,
                                                    GError            **error);
void          sd_cms_builder_free                  (SdCmsBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCmsBuilder, sd_cms_builder_free)

G_END_DECLS
