/* sd-token.h: a USB key or smart card, whichever interface reaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A token is a PKCS#11 token (SdTokenPkcs11) or an application of an SKF
 * device (SdTokenSkf).  Its text properties are fixed at construction; the
 * PIN state changes as the token reports it and may be read from any
 * thread.  Operations that talk to the token block: run them in a worker
 * thread (the signers do).
 */
#pragma once

#include <gio/gio.h>

#include "sd-signer.h"
#include "sd-token-certificate.h"

G_BEGIN_DECLS

typedef enum
{
  SD_TOKEN_KIND_PKCS11,
  SD_TOKEN_KIND_SKF,
} SdTokenKind;

typedef enum
{
  SD_TOKEN_LOGIN_REQUIRED    = 1 << 0,
  SD_TOKEN_PIN_PAD           = 1 << 1,  /* the PIN is typed on the reader or the key itself */
  SD_TOKEN_PIN_COUNT_LOW     = 1 << 2,  /* a wrong PIN was entered since the last right one */
  SD_TOKEN_PIN_FINAL_TRY     = 1 << 3,  /* one more wrong PIN locks it */
  SD_TOKEN_PIN_LOCKED        = 1 << 4,
  SD_TOKEN_PIN_TO_BE_CHANGED = 1 << 5,  /* still the default PIN, or expired */
  SD_TOKEN_WRITE_PROTECTED   = 1 << 6,
} SdTokenFlags;

#define SD_TYPE_TOKEN (sd_token_get_type ())
G_DECLARE_DERIVABLE_TYPE (SdToken, sd_token, SD, TOKEN, GObject)

struct _SdTokenClass
{
  GObjectClass parent_class;

  /* Reads the PIN state again. */
  gboolean   (*refresh)           (SdToken       *self,
                                   GError       **error);
  /* SdTokenCertificate array */
  GPtrArray *(*list_certificates) (SdToken       *self,
                                   GCancellable  *cancellable,
                                   GError       **error);
  /* A signer for the certificate listed with @key_id */
  SdSigner  *(*get_signer)        (SdToken       *self,
                                   const char    *key_id,
                                   GCancellable  *cancellable,
                                   GError       **error);
  /* Changes the user PIN from @old_pin to @new_pin */
  gboolean   (*change_pin)        (SdToken       *self,
                                   const char    *old_pin,
                                   const char    *new_pin,
                                   GCancellable  *cancellable,
                                   GError       **error);
};

SdTokenKind   sd_token_get_kind              (SdToken       *self);
const char   *sd_token_get_label             (SdToken       *self);
const char   *sd_token_get_serial            (SdToken       *self);
const char   *sd_token_get_manufacturer      (SdToken       *self);
const char   *sd_token_get_model            (SdToken       *self);
/* The PKCS#11 module or SKF library the token is reached through */
const char   *sd_token_get_driver            (SdToken       *self);
/* A URI that selects the token (pkcs11: or skf:) */
const char   *sd_token_get_uri               (SdToken       *self);

SdTokenFlags  sd_token_get_flags             (SdToken       *self);
/* -1 when the token does not say */
int           sd_token_get_pin_tries_left    (SdToken       *self);
/* The PIN state in words ("2 tries left", "locked"…), or NULL when there
 * is nothing to say.  Translated. */
char         *sd_token_describe_pin_state    (SdToken       *self);

gboolean      sd_token_refresh               (SdToken       *self,
                                              GError       **error);
GPtrArray    *sd_token_list_certificates     (SdToken       *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The signer of the certificate with @key_id; with @key_id NULL the only
 * certificate on the token that can sign (an error names the choices when
 * there are several). */
SdSigner     *sd_token_get_signer            (SdToken       *self,
                                              const char    *key_id,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* Changes the user PIN (PKCS#11 C_SetPIN after logging in with @old_pin,
 * SKF_ChangePIN).  A wrong @old_pin is SD_ERROR_BAD_PASSWORD with the tries
 * left and counts as a wrong try; a locked PIN is SD_ERROR_PIN_LOCKED
 * without trying.  Blocks: run it in a worker thread. */
gboolean      sd_token_change_pin            (SdToken       *self,
                                              const char    *old_pin,
                                              const char    *new_pin,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* Fills the token's part of a PIN request: label, tries left, count low,
 * final try (the rest is zeroed). */
void          sd_token_fill_pin_request      (SdToken       *self,
                                              SdPinRequest  *request);

/* For implementations: records what the token reports. */
void          sd_token_set_pin_state         (SdToken       *self,
                                              SdTokenFlags   flags,
                                              int            tries_left);

G_END_DECLS
