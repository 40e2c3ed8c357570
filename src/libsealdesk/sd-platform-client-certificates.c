/* sd-platform-client-certificates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-client-certificates.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

static void
on_bound (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformBinding *binding;
  GError *error = NULL;

  binding = sd_platform_client_call_finish (SD_PLATFORM_CLIENT (source), result,
                                            sd_platform_client_bind_certificate_async, &error);
  if (binding == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, binding, g_object_unref);
}

static void
on_bind_proof (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformClient *self = SD_PLATFORM_CLIENT (source);
  /* Taken before the task is handed on below */
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  body = sd_platform_client_prove_possession_finish (self, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT "/certificates",
                          *(gint64 *) g_task_get_task_data (task));
  sd_platform_client_call_async (self, "POST", path, body, NULL, SD_PLATFORM_REQUEST_NONE,
                                 sd_platform_parse_binding, g_object_unref,
                                 sd_platform_client_bind_certificate_async, cancellable, on_bound,
                                 g_steal_pointer (&task));
}

void
sd_platform_client_bind_certificate_async (SdPlatformClient    *self,
                                           gint64               account_id,
                                           SdSigner            *signer,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (SD_IS_SIGNER (signer));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_client_bind_certificate_async);
  g_task_set_task_data (task, g_memdup2 (&account_id, sizeof account_id), g_free);
  sd_platform_client_prove_possession_async (self, "bind", signer, cancellable, on_bind_proof,
                                             task);
}

SdPlatformBinding *
sd_platform_client_bind_certificate_finish (SdPlatformClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sd_platform_client_get_binding_async (SdPlatformClient    *self,
                                      gint64               account_id,
                                      gint64               binding_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT "/certificates/%"
                                           G_GINT64_FORMAT, account_id, binding_id);

  sd_platform_client_call_async (self, "GET", path, NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 sd_platform_parse_binding, g_object_unref,
                                 sd_platform_client_get_binding_async, cancellable, callback,
                                 user_data);
}

SdPlatformBinding *
sd_platform_client_get_binding_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_binding_async,
                                         error);
}

static char *
binding_path (SdPlatformBinding *binding)
{
  return g_strdup_printf ("/accounts/%" G_GINT64_FORMAT "/certificates/%" G_GINT64_FORMAT,
                          sd_platform_binding_get_account_id (binding),
                          sd_platform_binding_get_id (binding));
}

void
sd_platform_client_update_binding_async (SdPlatformClient              *self,
                                         SdPlatformBinding             *binding,
                                         const SdPlatformBindingUpdate *update,
                                         GCancellable                  *cancellable,
                                         GAsyncReadyCallback            callback,
                                         gpointer                       user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_BINDING (binding));
  g_return_if_fail (update != NULL && update->fields != 0);

  json_builder_begin_object (builder);
  if (update->fields & SD_PLATFORM_BINDING_UPDATE_IS_ADMIN)
    {
      json_builder_set_member_name (builder, "is_admin");
      json_builder_add_boolean_value (builder, update->is_admin);
    }
  if (update->fields & SD_PLATFORM_BINDING_UPDATE_PERMISSIONS)
    {
      if (update->permissions != NULL)
        sd_platform_json_add_strv (builder, "permissions", update->permissions);
      else
        sd_platform_json_add_string (builder, "permissions", NULL);
    }
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  path = binding_path (binding);
  sd_platform_client_call_async (self, "PATCH", path, body, sd_platform_binding_get_etag (binding),
                                 SD_PLATFORM_REQUEST_NONE, sd_platform_parse_binding,
                                 g_object_unref, sd_platform_client_update_binding_async,
                                 cancellable, callback, user_data);
}

SdPlatformBinding *
sd_platform_client_update_binding_finish (SdPlatformClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_update_binding_async,
                                         error);
}

void
sd_platform_client_unbind_certificate_async (SdPlatformClient    *self,
                                             SdPlatformBinding   *binding,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_BINDING (binding));

  path = binding_path (binding);
  sd_platform_client_call_async (self, "DELETE", path, NULL,
                                 sd_platform_binding_get_etag (binding), SD_PLATFORM_REQUEST_NONE,
                                 NULL, NULL, sd_platform_client_unbind_certificate_async,
                                 cancellable, callback, user_data);
}

gboolean
sd_platform_client_unbind_certificate_finish (SdPlatformClient  *self,
                                              GAsyncResult      *result,
                                              GError           **error)
{
  return sd_platform_client_call_finish_boolean (self, result,
                                                 sd_platform_client_unbind_certificate_async,
                                                 error);
}
