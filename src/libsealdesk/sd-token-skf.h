/* sd-token-skf.h: an application on an SKF (GM/T 0016) device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PIN belongs to the application, so a token is one application of one
 * device.  Its containers hold a signing key pair with its certificate and
 * usually an encryption pair; a certificate is selected by the container's
 * name.  The device and application stay open between signatures (one PIN
 * entry for a batch) and are opened again after the key was pulled out.
 */
#pragma once

#include "sd-skf-library.h"
#include "sd-token.h"

G_BEGIN_DECLS

#define SD_TYPE_TOKEN_SKF (sd_token_skf_get_type ())
G_DECLARE_FINAL_TYPE (SdTokenSkf, sd_token_skf, SD, TOKEN_SKF, SdToken)

/* The applications of the devices present */
GPtrArray    *sd_token_skf_list              (SdSkfLibrary  *library,
                                              GError       **error);
SdSkfLibrary *sd_token_skf_get_library       (SdTokenSkf    *self);
const char   *sd_token_skf_get_device_name   (SdTokenSkf    *self);
const char   *sd_token_skf_get_application   (SdTokenSkf    *self);

/* For the signer.  begin() locks the library and opens the device and
 * application if needed; end() unlocks, closing them first when @drop
 * (after a removal). */
gboolean      sd_token_skf_begin             (SdTokenSkf    *self,
                                              GError       **error);
void          sd_token_skf_end               (SdTokenSkf    *self,
                                              gboolean       drop);
/* Between begin() and end() */
gboolean      sd_token_skf_is_logged_in      (SdTokenSkf    *self);
gboolean      sd_token_skf_login             (SdTokenSkf    *self,
                                              SdSigner      *asker,
                                              const char    *key_label,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The open container @name (opened once per begin()…drop cycle) */
HCONTAINER    sd_token_skf_open_container    (SdTokenSkf    *self,
                                              const char    *name,
                                              GError       **error);

G_END_DECLS
