/* sd-platform-client-accounts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-client-accounts.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"
#include "sd-secure.h"

typedef struct
{
  SdPlatformAccount *account;
  char              *password;
} AccountWithPassword;

static void
account_with_password_free (AccountWithPassword *answer)
{
  g_clear_object (&answer->account);
  sd_secure_free (answer->password);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccountWithPassword, account_with_password_free)

static gpointer
parse_account_with_password (SdPlatformResponse  *response,
                             GError             **error)
{
  g_autoptr(AccountWithPassword) answer = g_new0 (AccountWithPassword, 1);
  SdPlatformJsonReader reader;
  JsonNode *account;

  sd_platform_json_reader_init (&reader, response->json);
  account = sd_platform_json_require_object (&reader, "account");
  answer->password = sd_platform_json_dup_string (&reader, "temporary_password");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;
  if (answer->password == NULL)
    {
      sd_platform_json_set_member_error (error, "temporary_password");
      return NULL;
    }
  /* The ETag header, when there is one, is the account's. */
  answer->account = sd_platform_account_new_from_json (account, response->etag, error);
  if (answer->account == NULL)
    return NULL;
  return g_steal_pointer (&answer);
}

static SdPlatformAccount *
finish_with_password (SdPlatformClient  *self,
                      GAsyncResult      *result,
                      gpointer           source_tag,
                      char             **temporary_password,
                      GError           **error)
{
  g_autoptr(AccountWithPassword) answer = NULL;

  answer = sd_platform_client_call_finish (self, result, source_tag, error);
  if (answer == NULL)
    return NULL;
  if (temporary_password != NULL)
    *temporary_password = g_steal_pointer (&answer->password);
  return g_steal_pointer (&answer->account);
}

void
sd_platform_client_create_account_async (SdPlatformClient              *self,
                                         const SdPlatformAccountCreate *create,
                                         GCancellable                  *cancellable,
                                         GAsyncReadyCallback            callback,
                                         gpointer                       user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (create != NULL && create->login != NULL && create->name != NULL);

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "login", create->login);
  sd_platform_json_add_string (builder, "name", create->name);
  if (create->id_number != NULL)
    sd_platform_json_add_string (builder, "id_number", create->id_number);
  if (create->phone != NULL)
    sd_platform_json_add_string (builder, "phone", create->phone);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, !create->disabled);
  if (create->n_role_ids > 0)
    sd_platform_json_add_ids (builder, "role_ids", create->role_ids, create->n_role_ids);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  sd_platform_client_call_async (self, "POST", "/accounts", body, NULL,
                                 SD_PLATFORM_REQUEST_SECRET, parse_account_with_password,
                                 (GDestroyNotify) account_with_password_free,
                                 sd_platform_client_create_account_async, cancellable, callback,
                                 user_data);
}

SdPlatformAccount *
sd_platform_client_create_account_finish (SdPlatformClient  *self,
                                          GAsyncResult      *result,
                                          char             **temporary_password,
                                          GError           **error)
{
  return finish_with_password (self, result, sd_platform_client_create_account_async,
                               temporary_password, error);
}

void
sd_platform_client_get_account_async (SdPlatformClient    *self,
                                      gint64               account_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT, account_id);

  sd_platform_client_call_async (self, "GET", path, NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 sd_platform_parse_account, g_object_unref,
                                 sd_platform_client_get_account_async, cancellable, callback,
                                 user_data);
}

SdPlatformAccount *
sd_platform_client_get_account_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_account_async,
                                         error);
}

void
sd_platform_client_update_account_async (SdPlatformClient              *self,
                                         SdPlatformAccount             *account,
                                         const SdPlatformAccountUpdate *update,
                                         GCancellable                  *cancellable,
                                         GAsyncReadyCallback            callback,
                                         gpointer                       user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_ACCOUNT (account));
  g_return_if_fail (update != NULL && update->fields != 0);

  json_builder_begin_object (builder);
  if (update->fields & SD_PLATFORM_ACCOUNT_UPDATE_NAME)
    sd_platform_json_add_string (builder, "name", update->name);
  if (update->fields & SD_PLATFORM_ACCOUNT_UPDATE_ID_NUMBER)
    sd_platform_json_add_string (builder, "id_number", update->id_number);
  if (update->fields & SD_PLATFORM_ACCOUNT_UPDATE_PHONE)
    sd_platform_json_add_string (builder, "phone", update->phone);
  if (update->fields & SD_PLATFORM_ACCOUNT_UPDATE_ENABLED)
    {
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, update->enabled);
    }
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT, sd_platform_account_get_id (account));
  sd_platform_client_call_async (self, "PATCH", path, body, sd_platform_account_get_etag (account),
                                 SD_PLATFORM_REQUEST_NONE, sd_platform_parse_account,
                                 g_object_unref, sd_platform_client_update_account_async,
                                 cancellable, callback, user_data);
}

SdPlatformAccount *
sd_platform_client_update_account_finish (SdPlatformClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_update_account_async,
                                         error);
}

void
sd_platform_client_set_account_roles_async (SdPlatformClient    *self,
                                            SdPlatformAccount   *account,
                                            const gint64        *role_ids,
                                            guint                n_role_ids,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_PLATFORM_ACCOUNT (account));
  g_return_if_fail (role_ids != NULL || n_role_ids == 0);

  json_builder_begin_object (builder);
  sd_platform_json_add_ids (builder, "role_ids", role_ids, n_role_ids);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);

  path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT "/roles",
                          sd_platform_account_get_id (account));
  sd_platform_client_call_async (self, "PUT", path, body, sd_platform_account_get_etag (account),
                                 SD_PLATFORM_REQUEST_NONE, sd_platform_parse_account,
                                 g_object_unref, sd_platform_client_set_account_roles_async,
                                 cancellable, callback, user_data);
}

SdPlatformAccount *
sd_platform_client_set_account_roles_finish (SdPlatformClient  *self,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_set_account_roles_async,
                                         error);
}

void
sd_platform_client_reset_password_async (SdPlatformClient    *self,
                                         gint64               account_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT "/password-reset",
                                           account_id);

  sd_platform_client_call_async (self, "POST", path, NULL, NULL, SD_PLATFORM_REQUEST_SECRET,
                                 parse_account_with_password,
                                 (GDestroyNotify) account_with_password_free,
                                 sd_platform_client_reset_password_async, cancellable, callback,
                                 user_data);
}

SdPlatformAccount *
sd_platform_client_reset_password_finish (SdPlatformClient  *self,
                                          GAsyncResult      *result,
                                          char             **temporary_password,
                                          GError           **error)
{
  return finish_with_password (self, result, sd_platform_client_reset_password_async,
                               temporary_password, error);
}
