/* sd-platform-permissions.h: what roles allow, and the built-in roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Permissions are stored by name (space-separated) so that the bits below
 * are only an in-memory representation.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SD_PERMISSION_ACCOUNTS_READ         = 1 << 0,
  SD_PERMISSION_ACCOUNTS_MANAGE       = 1 << 1,
  SD_PERMISSION_ROLES_MANAGE          = 1 << 2,
  SD_PERMISSION_CERTIFICATES_MANAGE   = 1 << 3,
  SD_PERMISSION_CERTIFICATES_BIND_OWN = 1 << 4,
  SD_PERMISSION_SEALS_MANAGE          = 1 << 5,
  SD_PERMISSION_SEALS_USE             = 1 << 6,
  SD_PERMISSION_AUDIT_READ            = 1 << 7,
} SdPermission;

#define SD_PERMISSIONS_ALL 0xffu
/* What a CA session opened with a non-admin binding loses */
#define SD_PERMISSIONS_MANAGING (SD_PERMISSION_ACCOUNTS_MANAGE | SD_PERMISSION_ROLES_MANAGE      \
                                 | SD_PERMISSION_CERTIFICATES_MANAGE | SD_PERMISSION_SEALS_MANAGE)

/* Names as in the API ("accounts.read"); unknown names are skipped. */
guint32     sd_permissions_from_string  (const char   *names);
char       *sd_permissions_to_string    (guint32       permissions);
gboolean    sd_permission_from_name     (const char   *name,
                                         guint32      *permission);
JsonNode   *sd_permissions_to_json      (guint32       permissions);
/* [{"name", "description"}] of every permission, in the thread's language */
JsonNode   *sd_permissions_describe_all (void);

typedef struct
{
  const char *key;          /* "super_admin", as in Role.builtin */
  const char *name;         /* the role's name in the enterprise's data */
  const char *description;
  guint32     permissions;
} SdBuiltinRole;

/* The three roles every enterprise starts with */
const SdBuiltinRole *sd_builtin_roles_get (guint *n_roles);

G_END_DECLS
