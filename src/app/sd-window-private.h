/* sd-window-private.h: what sd-window.c and sd-window-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-platform.h"

#include "sd-accounts-page.h"
#include "sd-audit-page.h"
#include "sd-roles-page.h"
#include "sd-signin-page.h"
#include "sd-window.h"
#include "sd-workstation.h"

G_BEGIN_DECLS

struct _SdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  SdPlatformClient     *client;
  gulong                session_expired_id;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;          /* "signin", "offline", "platform" */
  SdSigninPage         *signin_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkStack             *content_stack;  /* one child per sidebar row */
  AdwWindowTitle       *content_title;
  SdAccountsPage       *accounts_page;
  SdWorkstation        *workstation;    /* the "workstation" page */
  SdAuditPage          *audit_page;
  GtkWidget            *roles_row;      /* for accounts with roles.manage */
  SdRolesPage          *roles_page;
};

void _sd_window_class_actions_init (SdWindowClass *klass);
void _sd_window_actions_init       (SdWindow      *self);
void _sd_window_sign_out           (SdWindow      *self);

G_END_DECLS
