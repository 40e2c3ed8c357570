/* sd-add-certificate-dialog.h: 添加数字证书, binding a certificate of a
 * plugged-in USB key to an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ADD_CERTIFICATE_DIALOG (sd_add_certificate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdAddCertificateDialog, sd_add_certificate_dialog, SD,
                      ADD_CERTIFICATE_DIALOG, AdwWindow)

/* Emits "bound" (SdPlatformBinding *binding) when the server has bound
 * the certificate, then closes. */
SdAddCertificateDialog *sd_add_certificate_dialog_new (GtkWindow         *parent,
                                                       SdPlatformClient  *client,
                                                       SdPlatformAccount *account);

G_END_DECLS
