/* sd-dss.h: a PDF's document security store (/DSS, PAdES B-LT): the
 * certificates and revocation data needed to validate its signatures
 * later, offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-pdf-document.h"
#include "sd-revocation.h"

G_BEGIN_DECLS

/* What the catalog's /DSS holds (/Certs, /CRLs, /OCSPs); empty when none. */
SdRevocationData *sd_dss_read     (SdPdfDocument  *document);

/* Writes @output: @input followed by an incremental update whose catalog
 * has a /DSS with every certificate of the signatures and timestamps of
 * @input and, for each one its issuer is known for, an OCSP response or a
 * CRL fetched now (@timeout seconds per request, 0: the default).  What an
 * existing /DSS holds is kept.  A certificate that names a responder or a
 * distribution point none of which answers is an error: the result would
 * not validate offline.  @input and @output may be the same file. */
gboolean          sd_dss_add_file (const char     *input,
                                   const char     *output,
                                   guint           timeout,
                                   gboolean        overwrite,
                                   GCancellable   *cancellable,
                                   GError        **error);

G_END_DECLS
