/* sd-platform-meta.c: the API document, health and the permission list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sd-platform-api.h"
#include "sd-platform-permissions.h"

static gboolean
get_openapi (SdPlatformRequest  *request,
             GError            **error)
{
  g_autoptr(GBytes) document =
    g_resources_lookup_data ("/org/sealdesk/platform/openapi.yaml", G_RESOURCE_LOOKUP_FLAGS_NONE,
                             error);

  if (document == NULL)
    return FALSE;
  sd_platform_respond_bytes (request, 200, "application/yaml; charset=utf-8", document);
  return TRUE;
}

static gboolean
ping_run (SdPlatformConn  *conn,
          gpointer         user_data,
          GError         **error)
{
  return sd_platform_query_int (conn, "SELECT 1", SD_NO_ARGS, error) == 1;
}

static gboolean
get_health (SdPlatformRequest  *request,
            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  if (!sd_platform_store_read (request->store, ping_run, NULL, &local_error))
    {
      g_warning ("health: %s", local_error->message);
      return sd_platform_fail (request, error, SD_API_ERROR_UNAVAILABLE, NULL);
    }
  object = json_object_new ();
  json_object_set_string_member (object, "status", "ok");
  sd_platform_respond_json (request, 200, sd_json_node_take_object (object));
  return TRUE;
}

static gboolean
list_permissions (SdPlatformRequest  *request,
                  GError            **error)
{
  sd_platform_respond_json (request, 200, sd_permissions_describe_all ());
  return TRUE;
}

static const SdPlatformRoute routes[] = {
  { "GET", "openapi.yaml", SD_ROUTE_PUBLIC, get_openapi },
  { "GET", "health", SD_ROUTE_PUBLIC, get_health },
  { "GET", "permissions", SD_ROUTE_SESSION, list_permissions },
};

const SdPlatformRoute *
sd_platform_meta_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
