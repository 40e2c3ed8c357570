/* sd-platform-permissions.c: what roles allow, and the built-in roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-platform-json.h"
#include "sd-platform-permissions.h"

typedef struct
{
  guint32     bit;
  const char *name;
  const char *description;
} PermissionInfo;

static const PermissionInfo permissions[] = {
  { SD_PERMISSION_ACCOUNTS_READ, "accounts.read", N_("View accounts") },
  { SD_PERMISSION_ACCOUNTS_MANAGE, "accounts.manage",
    N_("Manage accounts: create, edit, enable, disable, reset passwords") },
  { SD_PERMISSION_ROLES_MANAGE, "roles.manage", N_("Manage roles and assign them") },
  { SD_PERMISSION_CERTIFICATES_MANAGE, "certificates.manage",
    N_("Bind, unbind and configure the certificates of any account") },
  { SD_PERMISSION_CERTIFICATES_BIND_OWN, "certificates.bind_own",
    N_("Bind and unbind one’s own certificates") },
  { SD_PERMISSION_SEALS_MANAGE, "seals.manage", N_("Manage seals, their grants and usage records") },
  { SD_PERMISSION_SEALS_USE, "seals.use", N_("Sign with granted seals") },
  { SD_PERMISSION_AUDIT_READ, "audit.read", N_("Read the audit log") },
};

/* The roles' names are the enterprise's data, in the words of the
 * platforms (seed 000); clients may show Role.builtin translated. */
static const SdBuiltinRole builtin_roles[] = {
  { "super_admin", "超级管理员", "拥有全部权限", SD_PERMISSIONS_ALL },
  { "quality_manager", "质量负责人", "查看账号、绑定本人证书、使用印章、查看操作日志",
    SD_PERMISSION_ACCOUNTS_READ | SD_PERMISSION_CERTIFICATES_BIND_OWN | SD_PERMISSION_SEALS_USE
    | SD_PERMISSION_AUDIT_READ },
  { "operator", "操作员", "绑定本人证书、使用印章",
    SD_PERMISSION_CERTIFICATES_BIND_OWN | SD_PERMISSION_SEALS_USE },
};

gboolean
sd_permission_from_name (const char *name,
                         guint32    *permission)
{
  for (guint i = 0; i < G_N_ELEMENTS (permissions); i++)
    {
      if (strcmp (permissions[i].name, name) == 0)
        {
          *permission = permissions[i].bit;
          return TRUE;
        }
    }
  return FALSE;
}

guint32
sd_permissions_from_string (const char *names)
{
  g_auto(GStrv) parts = NULL;
  guint32 result = 0;

  if (names == NULL)
    return 0;
  parts = g_strsplit (names, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint32 bit;

      if (sd_permission_from_name (parts[i], &bit))
        result |= bit;
    }
  return result;
}

char *
sd_permissions_to_string (guint32 mask)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (permissions); i++)
    {
      if ((mask & permissions[i].bit) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, permissions[i].name);
    }
  return g_string_free (out, FALSE);
}

JsonNode *
sd_permissions_to_json (guint32 mask)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (permissions); i++)
    if (mask & permissions[i].bit)
      json_array_add_string_element (array, permissions[i].name);
  return sd_json_node_take_array (array);
}

JsonNode *
sd_permissions_describe_all (void)
{
  JsonArray *array = json_array_new ();
  JsonObject *root = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (permissions); i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "name", permissions[i].name);
      json_object_set_string_member (item, "description", _(permissions[i].description));
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (root, "items", array);
  return sd_json_node_take_object (root);
}

const SdBuiltinRole *
sd_builtin_roles_get (guint *n_roles)
{
  *n_roles = G_N_ELEMENTS (builtin_roles);
  return builtin_roles;
}
