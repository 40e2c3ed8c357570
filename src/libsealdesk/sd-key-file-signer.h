/* sd-key-file-signer.h: a signer whose key is in a file (PKCS#12 or PEM)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-signer.h"

G_BEGIN_DECLS

#define SD_TYPE_KEY_FILE_SIGNER (sd_key_file_signer_get_type ())
G_DECLARE_FINAL_TYPE (SdKeyFileSigner, sd_key_file_signer, SD, KEY_FILE_SIGNER, GObject)

/* @password may be NULL for an unencrypted file; the caller wipes it. */
SdSigner *sd_key_file_signer_new_from_pkcs12 (const char  *path,
                                              const char  *password,
                                              GError     **error);
/* The same in a worker thread (deriving the key from the password takes
 * a while); @password is copied, and the copy wiped once used. */
void      sd_key_file_signer_new_from_pkcs12_async  (const char          *path,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SdSigner *sd_key_file_signer_new_from_pkcs12_finish (GAsyncResult        *result,
                                                     GError             **error);
/* @key_path: PEM private key (PKCS#8 or traditional, maybe encrypted);
 * @cert_path: PEM signer certificate; @chain_path: PEM certificates above it, or NULL. */
SdSigner *sd_key_file_signer_new_from_pem    (const char  *key_path,
                                              const char  *password,
                                              const char  *cert_path,
                                              const char  *chain_path,
                                              GError     **error);

G_END_DECLS
