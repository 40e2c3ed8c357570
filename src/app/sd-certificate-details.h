/* sd-certificate-details.h: the signer's certificate of a signature:
 * subject, issuer, serial, validity, chain, algorithms, fingerprints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-pdf-verify.h"

G_BEGIN_DECLS

#define SD_TYPE_CERTIFICATE_DETAILS (sd_certificate_details_get_type ())
G_DECLARE_FINAL_TYPE (SdCertificateDetails, sd_certificate_details, SD, CERTIFICATE_DETAILS,
                      AdwWindow)

/* Everything shown is copied from @signature, which may go. */
SdCertificateDetails *sd_certificate_details_new (GtkWindow               *parent,
                                                  const SdSignatureReport *signature);

G_END_DECLS
