/* sd-token-pkcs11.h: a token in a slot of a PKCS#11 module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token keeps one session open and reuses it for every operation, so a
 * batch of signatures needs one login.  Operations on the session are
 * serialised by the token (begin / end).
 */
#pragma once

#include "sd-pkcs11-module.h"
#include "sd-token.h"

G_BEGIN_DECLS

#define SD_TYPE_TOKEN_PKCS11 (sd_token_pkcs11_get_type ())
G_DECLARE_FINAL_TYPE (SdTokenPkcs11, sd_token_pkcs11, SD, TOKEN_PKCS11, SdToken)

/* The tokens present in @module's slots.  A token still in the slot it was
 * in is the same object as before (with its session and login). */
GPtrArray      *sd_token_pkcs11_list            (SdPkcs11Module       *module,
                                                 GError              **error);
SdPkcs11Module *sd_token_pkcs11_get_module      (SdTokenPkcs11        *self);
ck_slot_id_t    sd_token_pkcs11_get_slot        (SdTokenPkcs11        *self);

/* For the signer.  begin() gives exclusive use of the token's session,
 * opening it (again) if needed; @generation changes whenever the session is
 * new, and object handles found before are then stale.  end() releases it,
 * closing the session first if @drop (after a removal, or an operation left
 * half done). */
gboolean        sd_token_pkcs11_begin           (SdTokenPkcs11        *self,
                                                 ck_session_handle_t  *session,
                                                 guint                *generation,
                                                 GError              **error);
void            sd_token_pkcs11_end             (SdTokenPkcs11        *self,
                                                 gboolean              drop);
/* Between begin() and end(): TRUE if the session is logged in as the user */
gboolean        sd_token_pkcs11_is_logged_in    (SdTokenPkcs11        *self);
/* Between begin() and end(): logs in as @user_type (CKU_USER, or
 * CKU_CONTEXT_SPECIFIC for a key that wants the PIN for each use), asking
 * for the PIN through @asker's callback; a wrong PIN is asked again with
 * the tries left, a locked PIN is SD_ERROR_PIN_LOCKED without asking. */
gboolean        sd_token_pkcs11_login           (SdTokenPkcs11        *self,
                                                 SdSigner             *asker,
                                                 unsigned long         user_type,
                                                 const char           *key_label,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* TRUE if the token signs with @mechanism (asked once, then remembered) */
gboolean        sd_token_pkcs11_can_sign_with   (SdTokenPkcs11        *self,
                                                 ck_mechanism_type_t   mechanism);
/* Handles of the objects matching @template (between begin() and end()) */
GArray         *sd_token_pkcs11_find_objects    (SdTokenPkcs11        *self,
                                                 struct ck_attribute  *template,
                                                 unsigned long         n_attributes,
                                                 GError              **error);
/* The value of one attribute, or NULL if the object has none or hides it */
GBytes         *sd_token_pkcs11_get_attribute   (SdTokenPkcs11        *self,
                                                 ck_object_handle_t    object,
                                                 ck_attribute_type_t   type);

G_END_DECLS
