/* sd-binding-dialog.c: 权限管理 of a bound certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seed 004: "将是否管理员设置成【是】，点【权限管理】进行相关权限设置，勾选完成点击
 * 保存".  是否管理员, and a check for each permission the server knows: a CA
 * session opened with this certificate has at most the checked ones.  All
 * checked is sent as no narrowing (null), which allows the same.  Saved
 * with the binding's ETag: when someone else changed it meanwhile, the
 * dialog says so and shows the binding as it is now.  The server's
 * refusals go under the switch, above the permissions, or on top.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-binding-dialog.h"

struct _SdBindingDialog
{
  AdwWindow          parent_instance;

  SdPlatformClient  *client;
  SdPlatformBinding *binding;
  GPtrArray         *checks;       /* GtkCheckButton, "permission" data: its API name */
  GCancellable      *cancellable;
  gboolean           busy;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkWidget         *save_button;
  GtkSpinner        *spinner;
  GtkRevealer       *message_revealer;
  GtkLabel          *message_label;
  GtkSwitch         *admin_switch;
  GtkLabel          *admin_error;
  GtkLabel          *permissions_error;
  GtkBox            *permission_groups;
};

G_DEFINE_FINAL_TYPE (SdBindingDialog, sd_binding_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a CA session opened with a binding that is not 是否管理员 loses
 * (the API's Binding.is_admin) */
static const char * const managing_permissions[] = {
  "accounts.manage", "roles.manage", "certificates.manage", "seals.manage", NULL,
};

static void
show_message (SdBindingDialog *self,
              const char      *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
show_field_error (GtkLabel   *label,
                  const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
clear_errors (SdBindingDialog *self)
{
  show_message (self, NULL);
  show_field_error (self->admin_error, NULL);
  show_field_error (self->permissions_error, NULL);
}

static void
show_error (SdBindingDialog *self,
            const GError    *error)
{
  const char *field = sd_platform_error_get_field (error);

  if (g_strcmp0 (field, "is_admin") == 0)
    show_field_error (self->admin_error, error->message);
  else if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_PERMISSION_ESCALATION)
           || g_strcmp0 (field, "permissions") == 0)
    show_field_error (self->permissions_error, error->message);
  else
    show_message (self, error->message);
}

static void
set_busy (SdBindingDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->admin_switch), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->permission_groups), !busy);
  gtk_widget_set_sensitive (self->save_button, !busy && self->checks->len > 0);
}

/* Without 是否管理员 the managing permissions do not apply: said on their rows */
static void
update_managing_rows (SdBindingDialog *self)
{
  gboolean admin = gtk_switch_get_active (self->admin_switch);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      const char *name = g_object_get_data (G_OBJECT (check), "permission");
      GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);

      if (!g_strv_contains (managing_permissions, name))
        continue;
      /* Translators: under a managing permission while 是否管理员 is off */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   admin ? "" : _("Only with “Administrator” on"));
      gtk_widget_set_sensitive (row, admin);
    }
}

static void
on_admin_changed (SdBindingDialog *self)
{
  show_field_error (self->admin_error, NULL);
  update_managing_rows (self);
}

/* The switch and the checks as @binding has them */
static void
show_binding (SdBindingDialog *self)
{
  const char * const *permissions = sd_platform_binding_get_permissions (self->binding);

  gtk_switch_set_active (self->admin_switch, sd_platform_binding_get_is_admin (self->binding));
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      const char *name = g_object_get_data (G_OBJECT (check), "permission");

      gtk_check_button_set_active (check,
                                   permissions == NULL || g_strv_contains (permissions, name));
    }
  update_managing_rows (self);
}

/* The permission list */

static void
on_permission_toggled (SdBindingDialog *self)
{
  show_field_error (self->permissions_error, NULL);
}

static void
add_permission (SdBindingDialog      *self,
                GtkWidget            *list,
                SdPlatformPermission *permission)
{
  const char *name = sd_platform_permission_get_name (permission);
  const char *description = sd_platform_permission_get_description (permission);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 description != NULL && *description != '\0' ? description : name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
  g_object_set_data_full (G_OBJECT (check), "permission", g_strdup (name), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_permission_toggled), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_ptr_array_add (self->checks, check);
}

static void
on_permissions_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SdBindingDialog) self = user_data;
  g_autoptr(GListModel) permissions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list;

  permissions = sd_platform_client_list_permissions_finish (SD_PLATFORM_CLIENT (source), result,
                                                            &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (permissions == NULL)
    {
      set_busy (self, FALSE);
      show_message (self, error->message);
      return;
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Permissions"), -1);
  gtk_box_append (self->permission_groups, list);
  for (guint i = 0; i < g_list_model_get_n_items (permissions); i++)
    {
      g_autoptr(SdPlatformPermission) permission = g_list_model_get_item (permissions, i);

      add_permission (self, list, permission);
    }
  show_binding (self);
  set_busy (self, FALSE);
}

/* 保存 */

static void
on_binding_reloaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SdBindingDialog) self = user_data;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autoptr(GError) error = NULL;

  binding = sd_platform_client_get_binding_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (binding == NULL)
    {
      show_message (self, error->message);
      return;
    }
  g_set_object (&self->binding, binding);
  show_binding (self);
  /* The list behind shows it as it is now too */
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, binding);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SdBindingDialog) self = user_data;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autoptr(GError) error = NULL;

  binding = sd_platform_client_update_binding_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (binding != NULL)
    {
      set_busy (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_SAVED], 0, binding);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_VERSION_CONFLICT))
    {
      /* Their change is shown, and the next 保存 goes over it */
      show_message (self, _("Someone else changed this certificate’s settings in the meantime. "
                            "They are shown as they are now: check them and save again."));
      sd_platform_client_get_binding_async (self->client,
                                            sd_platform_binding_get_account_id (self->binding),
                                            sd_platform_binding_get_id (self->binding),
                                            self->cancellable, on_binding_reloaded,
                                            g_object_ref (self));
      return;
    }
  set_busy (self, FALSE);
  show_error (self, error);
}

static void
on_save (SdBindingDialog *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  SdPlatformBindingUpdate update = {
    .fields = SD_PLATFORM_BINDING_UPDATE_IS_ADMIN | SD_PLATFORM_BINDING_UPDATE_PERMISSIONS,
    .is_admin = gtk_switch_get_active (self->admin_switch),
  };

  if (!gtk_widget_is_sensitive (self->save_button))
    return;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (names, g_object_get_data (G_OBJECT (check), "permission"));
    }
  /* Everything checked narrows nothing */
  if (names->len < self->checks->len)
    {
      g_ptr_array_add (names, NULL);
      update.permissions = (const char * const *) names->pdata;
    }

  clear_errors (self);
  set_busy (self, TRUE);
  sd_platform_client_update_binding_async (self->client, self->binding, &update,
                                           self->cancellable, on_saved, g_object_ref (self));
}

static void
sd_binding_dialog_dispose (GObject *object)
{
  SdBindingDialog *self = SD_BINDING_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_BINDING_DIALOG);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->binding);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_binding_dialog_parent_class)->dispose (object);
}

static void
sd_binding_dialog_finalize (GObject *object)
{
  SdBindingDialog *self = SD_BINDING_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_binding_dialog_parent_class)->finalize (object);
}

static void
sd_binding_dialog_class_init (SdBindingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_binding_dialog_dispose;
  object_class->finalize = sd_binding_dialog_finalize;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        SD_TYPE_PLATFORM_BINDING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-binding-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, admin_switch);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, admin_error);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, permissions_error);
  gtk_widget_class_bind_template_child (widget_class, SdBindingDialog, permission_groups);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_admin_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_binding_dialog_init (SdBindingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
}

SdBindingDialog *
sd_binding_dialog_new (GtkWindow         *parent,
                       SdPlatformClient  *client,
                       SdPlatformBinding *binding)
{
  SdBindingDialog *self;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (binding), NULL);

  self = g_object_new (SD_TYPE_BINDING_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->binding = g_object_ref (binding);
  adw_window_title_set_subtitle (self->window_title,
                                 sd_platform_binding_get_service_number (binding));
  set_busy (self, TRUE);
  sd_platform_client_list_permissions_async (client, self->cancellable, on_permissions_loaded,
                                             g_object_ref (self));
  return self;
}
