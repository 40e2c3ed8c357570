/* sd-account-bindings.c: the signed-in account's certificate bindings, as
 * last loaded from the platform, for signing while it cannot be reached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signed in, only a certificate bound to the account may sign; the
 * bindings are asked of the platform each time.  When it does not answer
 * (down, or the network), the answer it gave last in this session (at the
 * sign-in, which the seal palette loads, or at the last signing) stands
 * in for it: in memory only, and only for the account it was about.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-account-bindings.h"

struct _SdAccountBindings
{
  GObject           parent_instance;

  SdPlatformClient *client;    /* weak: it holds this */
  gint64            account_id;
  GPtrArray        *last;      /* SdPlatformBinding, or NULL before any answer */
};

G_DEFINE_FINAL_TYPE (SdAccountBindings, sd_account_bindings, G_TYPE_OBJECT)

static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_NETWORK)
         || g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_UNAVAILABLE)
         || g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_SERVER);
}

static gint64
session_account (SdAccountBindings *self)
{
  SdPlatformSession *session = sd_platform_client_get_session (self->client);

  return session != NULL ? sd_platform_account_get_id (sd_platform_session_get_account (session))
                         : 0;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdAccountBindings *self = g_task_get_source_object (task);
  /* its reference, from the load's start */
  g_autoptr(SdPlatformListModel) list = SD_PLATFORM_LIST_MODEL (source);
  GListModel *model = G_LIST_MODEL (list);
  gint64 account_id = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  GError *error = NULL;
  GPtrArray *bindings;

  if (!sd_platform_list_model_load_finish (list, result, &error))
    {
      if (is_unreachable (error) && self->last != NULL && self->account_id == account_id)
        {
          g_error_free (error);
          g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
          g_task_return_pointer (task, g_ptr_array_ref (self->last),
                                 (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  bindings = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (bindings, g_list_model_get_item (model, i));
  g_clear_pointer (&self->last, g_ptr_array_unref);
  self->last = g_ptr_array_ref (bindings);
  self->account_id = account_id;
  g_task_set_task_data (task, GINT_TO_POINTER (FALSE), NULL);
  g_task_return_pointer (task, bindings, (GDestroyNotify) g_ptr_array_unref);
}

void
sd_account_bindings_load_async (SdAccountBindings  *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  SdPlatformListModel *model;
  GTask *task;
  gint64 account_id;

  g_return_if_fail (SD_IS_ACCOUNT_BINDINGS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_account_bindings_load_async);
  account_id = self->client != NULL ? session_account (self) : 0;
  if (account_id == 0)
    {
      g_task_return_new_error (task, SD_PLATFORM_ERROR,
                               SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED, "%s",
                               _("You are signed out of the platform. Sign in again, or work offline, "
                                 "to sign."));
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, GSIZE_TO_POINTER (account_id), NULL);
  /* a main account has at most two, a page of 100 holds them */
  model = sd_platform_list_model_new (self->client, SD_PLATFORM_LIST_BINDINGS, account_id);
  sd_platform_list_model_set_per_page (model, 100);
  sd_platform_list_model_load_async (model, cancellable, on_loaded, task);
}

GPtrArray *
sd_account_bindings_load_finish (SdAccountBindings  *self,
                                 GAsyncResult       *result,
                                 gboolean           *remembered,
                                 GError            **error)
{
  GPtrArray *bindings;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  bindings = g_task_propagate_pointer (G_TASK (result), error);
  if (remembered != NULL)
    *remembered = bindings != NULL && GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));
  return bindings;
}

static void
sd_account_bindings_finalize (GObject *object)
{
  SdAccountBindings *self = SD_ACCOUNT_BINDINGS (object);

  g_clear_pointer (&self->last, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_account_bindings_parent_class)->finalize (object);
}

static void
sd_account_bindings_class_init (SdAccountBindingsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_account_bindings_finalize;
}

static void
sd_account_bindings_init (SdAccountBindings *self)
{
}

SdAccountBindings *
sd_account_bindings_get_for_client (SdPlatformClient *client)
{
  SdAccountBindings *self;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);

  self = g_object_get_data (G_OBJECT (client), "sd-account-bindings");
  if (self == NULL)
    {
      self = g_object_new (SD_TYPE_ACCOUNT_BINDINGS, NULL);
      self->client = client;
      g_object_set_data_full (G_OBJECT (client), "sd-account-bindings", self, g_object_unref);
    }
  return self;
}
