/* sd-sign-dialog.h: choose the key and sign (签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-pdf-signing.h"

G_BEGIN_DECLS

#define SD_TYPE_SIGN_DIALOG (sd_sign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdSignDialog, sd_sign_dialog, SD, SIGN_DIALOG, AdwWindow)

/* Signs @input (of @n_pages pages) into @output with @options once the
 * user has chosen a key and given its PIN or password; then emits "signed"
 * and closes.  What is signed is said in the words of the mode. */
SdSignDialog *sd_sign_dialog_new          (GtkWindow           *parent,
                                           GFile               *input,
                                           GFile               *output,
                                           const SdSignOptions *options,
                                           guint                n_pages);
void          sd_sign_dialog_set_key_file (SdSignDialog        *self,
                                           GFile               *key_file);

G_END_DECLS
