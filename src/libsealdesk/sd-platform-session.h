/* sd-platform-session.h: who is signed in to the platform, and what the session may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "sd-platform-account.h"
#include "sd-platform-enterprise.h"
#include "sd-platform-enums.h"

G_BEGIN_DECLS

#define SD_TYPE_PLATFORM_SESSION (sd_platform_session_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformSession, sd_platform_session, SD, PLATFORM_SESSION, GObject)

SdPlatformAccount       *sd_platform_session_get_account              (SdPlatformSession *self);
SdPlatformEnterprise    *sd_platform_session_get_enterprise           (SdPlatformSession *self);
/* What this session may do (for CA login, narrowed by the binding) */
const char * const      *sd_platform_session_get_permissions          (SdPlatformSession *self);
SdPlatformSessionMethod  sd_platform_session_get_method               (SdPlatformSession *self);
/* The binding of a CA login, or 0 */
gint64                   sd_platform_session_get_binding_id           (SdPlatformSession *self);
GDateTime               *sd_platform_session_get_expires_at           (SdPlatformSession *self);
/* Only the password change and logout work until it is changed */
gboolean                 sd_platform_session_get_must_change_password (SdPlatformSession *self);

/* Whether the session may do @permission ("seals.use", …) */
gboolean sd_platform_session_has_permission (SdPlatformSession *self,
                                             const char        *permission);

G_END_DECLS
