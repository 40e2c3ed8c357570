/* sd-signer.h: a private key that can sign, wherever it lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <openssl/types.h>

#include "sd-digest.h"

G_BEGIN_DECLS

typedef enum
{
  SD_KEY_TYPE_RSA,
  SD_KEY_TYPE_EC,
  SD_KEY_TYPE_SM2,
} SdKeyType;

typedef enum
{
  SD_SIGNATURE_SCHEME_DEFAULT,  /* RSA PKCS#1 v1.5, ECDSA, SM2 (GM ID) */
  SD_SIGNATURE_SCHEME_RSA_PSS,  /* RSASSA-PSS, MGF1 with the same digest, salt = digest length */
} SdSignatureScheme;

/**
 * SdPinRequest:
 * What a PIN callback is told.  @tries_left is -1 when unknown; a token
 * that gives no number may still say that tries are running out
 * (@count_low: a wrong PIN was entered since the last right one) or that
 * one more wrong PIN locks it (@final_try).
 */
typedef struct
{
  const char *token_label;
  const char *key_label;
  int         tries_left;
  gboolean    retry;          /* the previous PIN was wrong */
  gboolean    count_low;
  gboolean    final_try;
} SdPinRequest;

/**
 * SdPinCallback:
 * Asks for a PIN.  Called from a worker thread and may block until the user
 * answers.  Returns a newly allocated NUL-terminated PIN that the signer wipes
 * and frees, or %NULL to cancel.
 */
typedef struct _SdSigner SdSigner;
typedef char *(*SdPinCallback) (SdSigner            *signer,
                                const SdPinRequest  *request,
                                GCancellable        *cancellable,
                                gpointer             user_data);

#define SD_TYPE_SIGNER (sd_signer_get_type ())
G_DECLARE_INTERFACE (SdSigner, sd_signer, SD, SIGNER, GObject)

struct _SdSignerInterface
{
  GTypeInterface parent_iface;

  /* DER of the signer's certificate.  This and get_chain return what the
   * signer holds and may be called from any thread; the key (sign_async)
   * is used from one thread at a time. */
  GBytes    *(*get_certificate) (SdSigner *self);
  /* DER certificates of the chain above it (array of GBytes), may be empty */
  GPtrArray *(*get_chain)       (SdSigner *self);

  /* Signs @data (the bytes to be signed, hashed by the signer with @digest).
   * The result is the signature as it goes into CMS: PKCS#1 / PSS bytes for RSA,
   * a DER Ecdsa-Sig-Value for ECDSA and SM2. */
  void       (*sign_async)      (SdSigner            *self,
                                 SdDigestAlgorithm    digest,
                                 SdSignatureScheme    scheme,
                                 GBytes              *data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
  GBytes    *(*sign_finish)     (SdSigner            *self,
                                 GAsyncResult        *result,
                                 GError             **error);
  /* Optional: the same in the calling thread, for signers that never
   * wait (a key in memory); sd_signer_sign then starts no thread. */
  GBytes    *(*sign)            (SdSigner            *self,
                                 SdDigestAlgorithm    digest,
                                 SdSignatureScheme    scheme,
                                 GBytes              *data,
                                 GCancellable        *cancellable,
                                 GError             **error);
};

GBytes    *sd_signer_get_certificate  (SdSigner            *self);
GPtrArray *sd_signer_get_chain        (SdSigner            *self);
SdKeyType  sd_signer_get_key_type     (SdSigner            *self);
/* Bits of the key: RSA modulus or EC order size */
guint      sd_signer_get_key_bits     (SdSigner            *self);
void       sd_signer_sign_async       (SdSigner            *self,
                                       SdDigestAlgorithm    digest,
                                       SdSignatureScheme    scheme,
                                       GBytes              *data,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GBytes    *sd_signer_sign_finish      (SdSigner            *self,
                                       GAsyncResult        *result,
                                       GError             **error);
/* Synchronous convenience for command-line tools and worker threads.  It runs
 * the asynchronous call in a private main context, so do not use it from a
 * GUI's main thread with a PIN callback that needs that thread. */
GBytes    *sd_signer_sign             (SdSigner            *self,
                                       SdDigestAlgorithm    digest,
                                       SdSignatureScheme    scheme,
                                       GBytes              *data,
                                       GCancellable        *cancellable,
                                       GError             **error);

/* The signer's certificate, parsed (once while it stays the same); free
 * it with X509_free() and do not modify it. */
X509      *sd_signer_dup_x509         (SdSigner            *self,
                                       GError             **error);
/* Key type and bits together, with an error when the certificate cannot be
 * read (the two getters above answer RSA / 0 then). */
gboolean   sd_signer_get_key_info     (SdSigner            *self,
                                       SdKeyType           *key_type,
                                       guint               *key_bits,
                                       GError             **error);

/* Checks that @digest and @scheme can be used with a @key_type key:
 * SM2 only with SM3 and SM3 only with SM2; PSS only with RSA. */
gboolean   sd_signer_check_algorithms (SdKeyType            key_type,
                                       SdDigestAlgorithm    digest,
                                       SdSignatureScheme    scheme,
                                       GError             **error);
const char *sd_key_type_to_string     (SdKeyType            key_type);

void       sd_signer_set_pin_callback (SdSigner            *self,
                                       SdPinCallback        callback,
                                       gpointer             user_data,
                                       GDestroyNotify       destroy);
/* For implementations: asks the PIN through the callback set on @self. */
char      *sd_signer_request_pin      (SdSigner            *self,
                                       const SdPinRequest  *request,
                                       GCancellable        *cancellable,
                                       GError             **error);

G_END_DECLS
