/* sd-platform-client-roles.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-client-roles.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

static gpointer
parse_permissions (SdPlatformResponse  *response,
                   GError             **error)
{
  g_autoptr(GListStore) store = g_list_store_new (SD_TYPE_PLATFORM_PERMISSION);
  SdPlatformJsonReader reader;
  JsonArray *items;

  sd_platform_json_reader_init (&reader, response->json);
  items = sd_platform_json_get_array (&reader, "items");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autoptr(SdPlatformPermission) permission = NULL;

      permission = sd_platform_permission_new_from_json (json_array_get_element (items, i), error);
      if (permission == NULL)
        return NULL;
      g_list_store_append (store, permission);
    }
  return g_steal_pointer (&store);
}

void
sd_platform_client_list_permissions_async (SdPlatformClient    *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  sd_platform_client_call_async (self, "GET", "/permissions", NULL, NULL,
                                 SD_PLATFORM_REQUEST_NONE, parse_permissions, g_object_unref,
                                 sd_platform_client_list_permissions_async, cancellable, callback,
                                 user_data);
}

GListModel *
sd_platform_client_list_permissions_finish (SdPlatformClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_list_permissions_async,
                                         error);
}

static gpointer
parse_role (SdPlatformResponse  *response,
            GError             **error)
{
  return sd_platform_role_new_from_json (response->json, response->etag, error);
}

void
sd_platform_client_create_role_async (SdPlatformClient           *self,
                                      const SdPlatformRoleCreate *create,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (create != NULL && create->name != NULL);

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "name", create->name);
  if (create->description != NULL)
    sd_platform_json_add_string (builder, "description", create->description);
  sd_platform_json_add_strv (builder, "permissions", create->permissions);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  sd_platform_client_call_async (self, "POST", "/roles", body, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_role, g_object_unref, sd_platform_client_create_role_async,
                                 cancellable, callback, user_data);
}

SdPlatformRole *
sd_platform_client_create_role_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_create_role_async,
                                         error);
}

void
sd_platform_client_get_role_async (SdPlatformClient    *self,
                                   gint64               role_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/roles/%" G_GINT64_FORMAT, role_id);

  sd_platform_client_call_async (self, "GET", path, NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_role, g_object_unref, sd_platform_client_get_role_async,
                                 cancellable, callback, user_data);
}

SdPlatformRole *
sd_platform_client_get_role_finish (SdPlatformClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_role_async, error);
}

void
sd_platform_client_update_role_async (SdPlatformClient           *self,
                                      SdPlatformRole             *role,
                                      const SdPlatformRoleUpdate *update,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_ROLE (role));
  g_return_if_fail (update != NULL && update->fields != 0);

  json_builder_begin_object (builder);
  if (update->fields & SD_PLATFORM_ROLE_UPDATE_NAME)
    sd_platform_json_add_string (builder, "name", update->name);
  if (update->fields & SD_PLATFORM_ROLE_UPDATE_DESCRIPTION)
    sd_platform_json_add_string (builder, "description",
                                 update->description != NULL ? update->description : "");
  if (update->fields & SD_PLATFORM_ROLE_UPDATE_PERMISSIONS)
    sd_platform_json_add_strv (builder, "permissions", update->permissions);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  path = g_strdup_printf ("/roles/%" G_GINT64_FORMAT, sd_platform_role_get_id (role));
  sd_platform_client_call_async (self, "PATCH", path, body, sd_platform_role_get_etag (role),
                                 SD_PLATFORM_REQUEST_NONE, parse_role, g_object_unref,
                                 sd_platform_client_update_role_async, cancellable, callback,
                                 user_data);
}

SdPlatformRole *
sd_platform_client_update_role_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_update_role_async,
                                         error);
}

void
sd_platform_client_delete_role_async (SdPlatformClient    *self,
                                      SdPlatformRole      *role,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_ROLE (role));

  path = g_strdup_printf ("/roles/%" G_GINT64_FORMAT, sd_platform_role_get_id (role));
  sd_platform_client_call_async (self, "DELETE", path, NULL, sd_platform_role_get_etag (role),
                                 SD_PLATFORM_REQUEST_NONE, NULL, NULL,
                                 sd_platform_client_delete_role_async, cancellable, callback,
                                 user_data);
}

gboolean
sd_platform_client_delete_role_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish_boolean (self, result,
                                                 sd_platform_client_delete_role_async, error);
}
