/* sd-tsa-client.h: asking an RFC 3161 timestamp authority over HTTP, and
 * putting its token into a signature (PAdES B-T)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-digest.h"

G_BEGIN_DECLS

#define SD_TSA_DEFAULT_TIMEOUT 30

/* A timestamp token for @hash (made with @digest) from the TSA at @url,
 * checked to answer this request (imprint and nonce).  Fails after
 * @timeout seconds (0: SD_TSA_DEFAULT_TIMEOUT) with a message naming the URL. */
GBytes *sd_tsa_request_token     (const char        *url,
                                  SdDigestAlgorithm  digest,
                                  GBytes            *hash,
                                  guint              timeout,
                                  GCancellable      *cancellable,
                                  GError           **error);

/* The signature value of the (first) SignerInfo of @cms. */
GBytes *sd_cms_get_signature_value (GBytes          *cms,
                                  GError           **error);
/* @cms with @token as the signer's signature-time-stamp attribute
 * (id-aa-signatureTimeStampToken, RFC 3161 annex A). */
GBytes *sd_cms_add_timestamp     (GBytes            *cms,
                                  GBytes            *token,
                                  GError           **error);

G_END_DECLS
