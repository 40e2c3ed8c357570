/* sd-binding-dialog.h: 权限管理 of a bound certificate: 是否管理员 and the
 * permissions a CA session opened with it may have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_BINDING_DIALOG (sd_binding_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdBindingDialog, sd_binding_dialog, SD, BINDING_DIALOG, AdwWindow)

/* "saved" (SdPlatformBinding *binding): the binding as the server has it
 * now, after a save or a reload on a conflict */
SdBindingDialog *sd_binding_dialog_new (GtkWindow         *parent,
                                        SdPlatformClient  *client,
                                        SdPlatformBinding *binding);

G_END_DECLS
