/* sd-token-uri.h: choosing a token and a key by URI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PKCS#11 tokens take RFC 7512 URIs (pkcs11:token=…;serial=…;id=%01).
 * SKF tokens take URIs of our own, attributes as in RFC 7512 (";"-separated,
 * values percent-encoded):
 *
 *   skf:library=/path/libskf.so;device=NAME;application=NAME;container=NAME;usage=sign
 *
 * Every attribute is optional; those present must match.  container= (SKF)
 * and id= or object= (PKCS#11) select the key.
 */
#pragma once

#include "sd-token.h"

G_BEGIN_DECLS

typedef struct
{
  char *key_id;     /* hex CKA_ID or SKF container, or NULL */
  char *key_label;  /* PKCS#11 object= (CKA_LABEL), or NULL */
} SdTokenUriKey;

/* TRUE in *@matches if @uri selects @token; what it says about the key
 * goes into @key (if not NULL; clear it with sd_token_uri_key_clear()).  A
 * URI that cannot be read is an error. */
gboolean sd_token_uri_match      (const char     *uri,
                                  SdToken        *token,
                                  gboolean       *matches,
                                  SdTokenUriKey  *key,
                                  GError        **error);
void     sd_token_uri_key_clear  (SdTokenUriKey  *key);

G_END_DECLS
