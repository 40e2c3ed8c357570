/* sd-certificates-dialog.h: 数字证书管理, the certificates bound to an
 * account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_CERTIFICATES_DIALOG (sd_certificates_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdCertificatesDialog, sd_certificates_dialog, SD, CERTIFICATES_DIALOG,
                      AdwWindow)

/* Lists @account's bindings.  Emits "account-changed" (SdPlatformAccount
 * *account, as the server has it now) after a 解绑, so that the accounts
 * list shows the new 数字证书个数. */
SdCertificatesDialog *sd_certificates_dialog_new       (GtkWindow            *parent,
                                                        SdPlatformClient     *client,
                                                        SdPlatformAccount    *account);
SdPlatformListModel  *sd_certificates_dialog_get_model (SdCertificatesDialog *self);

G_END_DECLS
