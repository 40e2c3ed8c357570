/* sd-account-bindings.h: the signed-in account's certificate bindings, as
 * last loaded from the platform, for signing while it cannot be reached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_ACCOUNT_BINDINGS (sd_account_bindings_get_type ())
G_DECLARE_FINAL_TYPE (SdAccountBindings, sd_account_bindings, SD, ACCOUNT_BINDINGS, GObject)

/* Those of @client's session, kept with @client while it lives */
SdAccountBindings *sd_account_bindings_get_for_client (SdPlatformClient   *client);

/* Asks the platform for the account's bindings; those it answers are the
 * ones last loaded from then on. */
void               sd_account_bindings_load_async     (SdAccountBindings  *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* The bindings (SdPlatformBinding); when the platform could not be
 * reached, those last loaded for this account in this session, with
 * @remembered TRUE (still the error when there are none). */
GPtrArray         *sd_account_bindings_load_finish    (SdAccountBindings  *self,
                                                       GAsyncResult       *result,
                                                       gboolean           *remembered,
                                                       GError            **error);

G_END_DECLS
