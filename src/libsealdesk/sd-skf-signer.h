/* sd-skf-signer.h: the signing key of a container on an SKF device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SM2 keys are given e = SM3(Z ‖ M), Z with the ID 1234567812345678
 * (GM/T 0009), computed here, and return r‖s, turned into DER; RSA keys
 * are given the DigestInfo (PKCS#1 v1.5; SKF has no PSS).
 */
#pragma once

#include "sd-signer.h"
#include "sd-token-skf.h"

G_BEGIN_DECLS

#define SD_TYPE_SKF_SIGNER (sd_skf_signer_get_type ())
G_DECLARE_FINAL_TYPE (SdSkfSigner, sd_skf_signer, SD, SKF_SIGNER, GObject)

SdSigner *sd_skf_signer_new (SdTokenSkf  *token,
                             const char  *container,
                             GBytes      *certificate,
                             GError     **error);

/* The value of an SKF signature or coordinate field (64 bytes, a @length
 * byte value right-aligned; some vendors left-align it) */
gboolean  sd_skf_blob_value (const BYTE  *field,
                             gsize        length,
                             guint8      *value);

G_END_DECLS
