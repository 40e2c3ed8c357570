/* sd-platform-client-seals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-client-seals.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

static gpointer
parse_seal (SdPlatformResponse  *response,
            GError             **error)
{
  return sd_platform_seal_new_from_json (response->json, response->etag, error);
}

void
sd_platform_client_create_seal_async (SdPlatformClient           *self,
                                      const SdPlatformSealCreate *create,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *image = NULL;
  gconstpointer data;
  gsize length = 0;

  g_return_if_fail (create != NULL && create->name != NULL && create->image != NULL);

  data = g_bytes_get_data (create->image, &length);
  image = g_base64_encode (data, length);
  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "name", create->name);
  sd_platform_json_add_string (builder, "type",
                               sd_platform_enum_to_string (SD_TYPE_PLATFORM_SEAL_TYPE,
                                                           create->seal_type));
  sd_platform_json_add_string (builder, "status",
                               sd_platform_enum_to_string (SD_TYPE_PLATFORM_SEAL_STATUS,
                                                           create->status));
  sd_platform_json_add_string (builder, "image", image);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  sd_platform_client_call_async (self, "POST", "/seals", body, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_seal, g_object_unref, sd_platform_client_create_seal_async,
                                 cancellable, callback, user_data);
}

SdPlatformSeal *
sd_platform_client_create_seal_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_create_seal_async,
                                         error);
}

void
sd_platform_client_get_seal_async (SdPlatformClient    *self,
                                   gint64               seal_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/seals/%" G_GINT64_FORMAT, seal_id);

  sd_platform_client_call_async (self, "GET", path, NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_seal, g_object_unref, sd_platform_client_get_seal_async,
                                 cancellable, callback, user_data);
}

SdPlatformSeal *
sd_platform_client_get_seal_finish (SdPlatformClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_seal_async, error);
}

void
sd_platform_client_update_seal_async (SdPlatformClient           *self,
                                      SdPlatformSeal             *seal,
                                      const SdPlatformSealUpdate *update,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_SEAL (seal));
  g_return_if_fail (update != NULL && update->fields != 0);

  json_builder_begin_object (builder);
  if (update->fields & SD_PLATFORM_SEAL_UPDATE_NAME)
    sd_platform_json_add_string (builder, "name", update->name);
  if (update->fields & SD_PLATFORM_SEAL_UPDATE_TYPE)
    sd_platform_json_add_string (builder, "type",
                                 sd_platform_enum_to_string (SD_TYPE_PLATFORM_SEAL_TYPE,
                                                             update->seal_type));
  if (update->fields & SD_PLATFORM_SEAL_UPDATE_STATUS)
    sd_platform_json_add_string (builder, "status",
                                 sd_platform_enum_to_string (SD_TYPE_PLATFORM_SEAL_STATUS,
                                                             update->status));
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  path = g_strdup_printf ("/seals/%" G_GINT64_FORMAT, sd_platform_seal_get_id (seal));
  sd_platform_client_call_async (self, "PATCH", path, body, sd_platform_seal_get_etag (seal),
                                 SD_PLATFORM_REQUEST_NONE, parse_seal, g_object_unref,
                                 sd_platform_client_update_seal_async, cancellable, callback,
                                 user_data);
}

SdPlatformSeal *
sd_platform_client_update_seal_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_update_seal_async,
                                         error);
}

static gpointer
parse_image (SdPlatformResponse  *response,
             GError             **error)
{
  return g_bytes_ref (response->body);
}

void
sd_platform_client_get_seal_image_async (SdPlatformClient    *self,
                                         gint64               seal_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/seals/%" G_GINT64_FORMAT "/image", seal_id);

  sd_platform_client_call_async (self, "GET", path, NULL, NULL, SD_PLATFORM_REQUEST_RAW,
                                 parse_image, (GDestroyNotify) g_bytes_unref,
                                 sd_platform_client_get_seal_image_async, cancellable, callback,
                                 user_data);
}

GBytes *
sd_platform_client_get_seal_image_finish (SdPlatformClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_seal_image_async,
                                         error);
}

static gpointer
parse_grant (SdPlatformResponse  *response,
             GError             **error)
{
  return sd_platform_grant_new_from_json (response->json, error);
}

void
sd_platform_client_create_grant_async (SdPlatformClient    *self,
                                       gint64               seal_id,
                                       gint64               account_id,
                                       GDateTime           *valid_from,
                                       GDateTime           *valid_until,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_if_fail (valid_from != NULL && valid_until != NULL);

  from = sd_platform_json_format_time (valid_from);
  until = sd_platform_json_format_time (valid_until);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, account_id);
  sd_platform_json_add_string (builder, "valid_from", from);
  sd_platform_json_add_string (builder, "valid_until", until);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  path = g_strdup_printf ("/seals/%" G_GINT64_FORMAT "/grants", seal_id);
  sd_platform_client_call_async (self, "POST", path, body, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_grant, g_object_unref,
                                 sd_platform_client_create_grant_async, cancellable, callback,
                                 user_data);
}

SdPlatformGrant *
sd_platform_client_create_grant_finish (SdPlatformClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_create_grant_async,
                                         error);
}

void
sd_platform_client_revoke_grant_async (SdPlatformClient    *self,
                                       SdPlatformGrant     *grant,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_GRANT (grant));

  path = g_strdup_printf ("/seals/%" G_GINT64_FORMAT "/grants/%" G_GINT64_FORMAT,
                          sd_platform_grant_get_seal_id (grant), sd_platform_grant_get_id (grant));
  sd_platform_client_call_async (self, "DELETE", path, NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 NULL, NULL, sd_platform_client_revoke_grant_async, cancellable,
                                 callback, user_data);
}

gboolean
sd_platform_client_revoke_grant_finish (SdPlatformClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  return sd_platform_client_call_finish_boolean (self, result,
                                                 sd_platform_client_revoke_grant_async, error);
}

JsonNode *
sd_platform_usage_create_to_json (const SdPlatformUsageCreate *usage)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "document_name", usage->document_name);
  sd_platform_json_add_string (builder, "document_hash", usage->document_hash);
  sd_platform_json_add_string (builder, "hash_algorithm",
                               sd_digest_to_string (usage->hash_algorithm));
  json_builder_set_member_name (builder, "pages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < usage->n_pages; i++)
    json_builder_add_int_value (builder, usage->pages[i]);
  json_builder_end_array (builder);
  if (usage->binding_id > 0)
    {
      json_builder_set_member_name (builder, "binding_id");
      json_builder_add_int_value (builder, usage->binding_id);
    }
  if (usage->signed_at != NULL)
    {
      g_autofree char *signed_at = sd_platform_json_format_time (usage->signed_at);

      sd_platform_json_add_string (builder, "signed_at", signed_at);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gpointer
parse_usage (SdPlatformResponse  *response,
             GError             **error)
{
  return sd_platform_usage_record_new_from_json (response->json, error);
}

void
sd_platform_client_post_usage_async (SdPlatformClient    *self,
                                     gint64               seal_id,
                                     JsonNode            *usage,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, usage);
  text = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (text, length);
  path = g_strdup_printf ("/seals/%" G_GINT64_FORMAT "/usage", seal_id);
  sd_platform_client_call_async (self, "POST", path, body, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_usage, g_object_unref, sd_platform_client_post_usage_async,
                                 cancellable, callback, user_data);
}

SdPlatformUsageRecord *
sd_platform_client_post_usage_finish (SdPlatformClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_post_usage_async,
                                         error);
}

static void
on_usage_recorded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformUsageRecord *record;
  GError *error = NULL;

  record = sd_platform_client_post_usage_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (record == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, g_object_unref);
}

void
sd_platform_client_record_usage_async (SdPlatformClient            *self,
                                       gint64                       seal_id,
                                       const SdPlatformUsageCreate *usage,
                                       GCancellable                *cancellable,
                                       GAsyncReadyCallback          callback,
                                       gpointer                     user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (usage != NULL && usage->document_name != NULL && usage->document_hash != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_client_record_usage_async);
  body = sd_platform_usage_create_to_json (usage);
  sd_platform_client_post_usage_async (self, seal_id, body, cancellable, on_usage_recorded, task);
}

SdPlatformUsageRecord *
sd_platform_client_record_usage_finish (SdPlatformClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
