/* sd-digest.h: digest algorithms used for signatures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

typedef enum
{
  SD_DIGEST_SHA256,
  SD_DIGEST_SHA384,
  SD_DIGEST_SHA512,
  SD_DIGEST_SM3,
} SdDigestAlgorithm;

#define SD_DIGEST_MAX_LENGTH 64

const char   *sd_digest_to_string   (SdDigestAlgorithm  digest);
gboolean      sd_digest_from_string (const char        *name,
                                     SdDigestAlgorithm *digest);
gsize         sd_digest_get_length  (SdDigestAlgorithm  digest);
const EVP_MD *sd_digest_get_md      (SdDigestAlgorithm  digest);
/* DER of the OBJECT IDENTIFIER value (without tag and length). */
GBytes       *sd_digest_get_oid     (SdDigestAlgorithm  digest);
/* The digest of @data in one go. */
GBytes       *sd_digest_compute     (SdDigestAlgorithm  digest,
                                     const guint8      *data,
                                     gsize              length,
                                     GError           **error);

G_END_DECLS
