/* sd-doc-timestamp.h: a document timestamp (PAdES B-LTA): an RFC 3161
 * token over the whole file, as a signature of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-digest.h"

G_BEGIN_DECLS

/* Writes @output: @input followed by an incremental update with an
 * invisible signature field whose value is a /Type /DocTimeStamp,
 * /SubFilter /ETSI.RFC3161 dictionary: the token of the TSA at @url over
 * everything but its /Contents.  @input and @output may be the same file. */
gboolean sd_pdf_add_document_timestamp (const char        *input,
                                        const char        *output,
                                        const char        *url,
                                        SdDigestAlgorithm  digest,
                                        guint              timeout,
                                        gboolean           overwrite,
                                        GCancellable      *cancellable,
                                        GError           **error);

G_END_DECLS
