/* sd-key-chooser.h: the certificates of the USB keys that are plugged in,
 * to choose the signing one (添加数字证书, CA登录, signing with a key)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While it is mapped the chooser watches for keys: pcscd's reader and card
 * events (SdPcscMonitor), and every few seconds a look at the PKCS#11
 * modules and SKF libraries of SdKeySources on a worker thread, since
 * those keys send no events.  Nothing blocks the UI.  Without a key it
 * shows "请插入 USB Key" with a spinner.  Signing certificates can be
 * selected; encryption and CA certificates, and those of a locked key,
 * are greyed with the reason (seed 003: "请选择 数字签名 的证书类型").  Below
 * the list: the selected certificate's subject, 统一社会信用代码 / 身份证号,
 * issuer, CA provider, serial number, validity and its key's PIN state.
 *
 * The PIN is asked inside the chooser when the key wants it, with the
 * tries left, the last try before the key locks, or that it is locked.  A
 * PIN goes from the entry to the key and is wiped; it is never kept,
 * logged or written.
 */
#pragma once

#include <adwaita.h>

#include "sd-token.h"

G_BEGIN_DECLS

#define SD_TYPE_KEY_CHOOSER (sd_key_chooser_get_type ())
G_DECLARE_FINAL_TYPE (SdKeyChooser, sd_key_chooser, SD, KEY_CHOOSER, AdwBin)

GtkWidget                *sd_key_chooser_new                (void);

/* "selected-uri": the pkcs11: or skf: URI of the selected signing
 * certificate, NULL when none is; notified when the selection changes
 * (also when its key is pulled out). */
const char               *sd_key_chooser_get_selected_uri   (SdKeyChooser        *self);
/* The selected certificate and its key, or NULL; valid until the next
 * notify::selected-uri. */
const SdTokenCertificate *sd_key_chooser_get_selected       (SdKeyChooser        *self);
SdToken                  *sd_key_chooser_get_selected_token (SdKeyChooser        *self);
/* "n-certificates": how many certificates are listed, signing or not */
guint                     sd_key_chooser_get_n_certificates (SdKeyChooser        *self);

/* Looks for keys now (the 刷新 button does the same). */
void                      sd_key_chooser_refresh            (SdKeyChooser        *self);

/* The signer of the selected certificate.  Its PIN callback asks in the
 * chooser, from then on, whenever the key wants the PIN (sign with it
 * while the chooser is shown); a cancelled PIN entry makes the signature
 * fail with G_IO_ERROR_CANCELLED.  Fails with SD_ERROR_NOT_FOUND when
 * nothing is selected. */
void                      sd_key_chooser_get_signer_async   (SdKeyChooser        *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
SdSigner                 *sd_key_chooser_get_signer_finish  (SdKeyChooser        *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
