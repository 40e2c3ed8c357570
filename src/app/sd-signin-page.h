/* sd-signin-page.h: connecting to a platform and signing in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signals: "signed-in" (SdPlatformClient *client) once the client has a
 * session that may be used (a required password change is done);
 * "work-offline" when the user chooses to work without a platform.
 */
#pragma once

#include <adwaita.h>

#include "sd-platform.h"

G_BEGIN_DECLS

#define SD_TYPE_SIGNIN_PAGE (sd_signin_page_get_type ())
G_DECLARE_FINAL_TYPE (SdSigninPage, sd_signin_page, SD, SIGNIN_PAGE, GtkWidget)

/* Fills in @url and connects to it. */
void sd_signin_page_connect       (SdSigninPage     *self,
                                   const char       *url);
/* The session of @client ended: sign in again to the same platform, with
 * the login as it was typed. */
void sd_signin_page_sign_in_again (SdSigninPage     *self,
                                   SdPlatformClient *client);
/* The user signed out of @client. */
void sd_signin_page_signed_out    (SdSigninPage     *self,
                                   SdPlatformClient *client);

G_END_DECLS
