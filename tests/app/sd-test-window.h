/* sd-test-window.h: the app's window as the GUI tests drive it: shown,
 * signed in through its sign-in page, its accounts and its workstation's
 * current document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-window.h"
#include "sd-workstation.h"

G_BEGIN_DECLS

/* A new window (no application), presented at 1280 × 760; the caller
 * owns the reference */
SdWindow       *sd_test_window_new          (void);

/* Conditions for sd_test_wait_until, on the window */
gboolean        sd_test_shows_password_view (gpointer     window);
gboolean        sd_test_shows_platform      (gpointer     window);

/* The window drawn, then through the sign-in page: connect to @url, sign
 * in as @login with @password, wait for the platform's screens */
void            sd_test_sign_in             (SdWindow    *window,
                                             const char  *url,
                                             const char  *login,
                                             const char  *password);
/* The account @login as the 账号管理 list has it now (the list keeps
 * it), or NULL */
SdPlatformAccount *sd_test_listed_account   (SdWindow    *window,
                                             const char  *login);
/* 账号管理 loaded, with accounts in it */
void            sd_test_wait_for_accounts   (SdWindow    *window,
                                             const char  *what);

SdWorkstation  *sd_test_workstation         (SdWindow    *window);
SdDocumentView *sd_test_current_view        (SdWindow    *window);
/* The current tab shows @file (any file when NULL), loaded, its first page
 * drawn */
void            sd_test_wait_for_document   (SdWindow    *window,
                                             GFile       *file,
                                             const char  *what);

G_END_DECLS
