/* sd-openssl.h: g_autoptr support for OpenSSL types and OpenSSL error reporting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Include this instead of defining cleanup functions for OpenSSL types
 * elsewhere: two definitions for the same type do not compile together.
 */
#pragma once

#include <glib.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OCTET_STRING, ASN1_OCTET_STRING_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_KDF, EVP_KDF_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_KDF_CTX, EVP_KDF_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_CIPHER_CTX, EVP_CIPHER_CTX_free)

/* Sets @error to the formatted message followed by the reason OpenSSL gives
 * (untranslated, in parentheses), and empties OpenSSL's error queue of this
 * thread.  Implemented in sd-certificate.c. */
void sd_openssl_set_error   (GError     **error,
                             gint         code,
                             const char  *format,
                             ...) G_GNUC_PRINTF (3, 4);
/* Empties OpenSSL's error queue of this thread. */
void sd_openssl_clear_error (void);

G_END_DECLS
