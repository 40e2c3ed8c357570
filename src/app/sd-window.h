/* sd-window.h: the main window: sign-in, then the platform's screens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-application.h"
#include "sd-platform-client.h"

G_BEGIN_DECLS

#define SD_TYPE_WINDOW (sd_window_get_type ())
G_DECLARE_FINAL_TYPE (SdWindow, sd_window, SD, WINDOW, AdwApplicationWindow)

/* @app may be NULL (the tests) */
SdWindow *sd_window_new          (SdApplication *app);
/* Fills in the platform address and connects to it. */
void      sd_window_connect      (SdWindow      *self,
                                  const char    *url);
void      sd_window_work_offline (SdWindow      *self);
void      sd_window_add_toast    (SdWindow      *self,
                                  const char    *message);
/* Shows the signing workstation with @file open in a tab. */
void      sd_window_open_file    (SdWindow      *self,
                                  GFile         *file);
/* The platform the window signed in to (its session may have ended since),
 * or NULL when working offline */
SdPlatformClient *sd_window_get_client (SdWindow *self);

G_END_DECLS
