/* sd-roles-dialog.c: 分配角色
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The enterprise's roles with a check each; the roles checked are shown on
 * top as chips ("超级管理员 ×  质量负责人 ×"), × unchecks.  确定 replaces
 * the account's roles.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-roles-dialog.h"

struct _SdRolesDialog
{
  AdwWindow            parent_instance;

  SdPlatformClient    *client;
  SdPlatformAccount   *account;
  SdPlatformListModel *roles;
  GPtrArray           *checks;     /* GtkCheckButton, "role" data: its SdPlatformRole */
  GCancellable        *cancellable;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkSpinner          *spinner;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  GtkFlowBox          *chips;
  GtkListBox          *role_list;
};

G_DEFINE_FINAL_TYPE (SdRolesDialog, sd_roles_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (SdRolesDialog *self,
              const char    *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
set_busy (SdRolesDialog *self,
          gboolean       busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->role_list), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->chips), !busy);
  gtk_widget_set_sensitive (self->save_button, !busy && self->checks->len > 0);
}

static void
on_chip_remove (GtkButton      *button,
                GtkCheckButton *check)
{
  gtk_check_button_set_active (check, FALSE);
}

static void
update_chips (SdRolesDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips))) != NULL)
    gtk_flow_box_remove (self->chips, child);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      SdPlatformRole *role = g_object_get_data (G_OBJECT (check), "role");
      GtkWidget *chip, *label, *remove;
      g_autofree char *remove_label = NULL;

      if (!gtk_check_button_get_active (check))
        continue;
      chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      gtk_widget_add_css_class (chip, "sd-chip");
      label = gtk_label_new (sd_platform_role_get_name (role));
      remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      /* Translators: the accessible name of a role chip's × */
      remove_label = g_strdup_printf (_("Remove %s"), sd_platform_role_get_name (role));
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_chip_remove), check, 0);
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (GTK_BOX (chip), remove);
      gtk_flow_box_append (self->chips, chip);
    }
}

static void
on_roles_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SdRolesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *roles = G_LIST_MODEL (source);

  if (!sd_platform_list_model_load_finish (SD_PLATFORM_LIST_MODEL (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_message (self, error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(SdPlatformRole) role = g_list_model_get_item (roles, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *description = sd_platform_role_get_description (role);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sd_platform_role_get_name (role));
      if (description != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   sd_platform_account_has_role (self->account,
                                                                 sd_platform_role_get_id (role)));
      g_object_set_data_full (G_OBJECT (check), "role", g_object_ref (role), g_object_unref);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_chips), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->role_list, row);
      g_ptr_array_add (self->checks, check);
    }
  update_chips (self);
  set_busy (self, FALSE);
}

static void
on_roles_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SdRolesDialog) self = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_set_account_roles_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (account == NULL)
    {
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save (SdRolesDialog *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      SdPlatformRole *role = g_object_get_data (G_OBJECT (check), "role");
      gint64 id = sd_platform_role_get_id (role);

      if (gtk_check_button_get_active (check))
        g_array_append_val (ids, id);
    }
  show_message (self, NULL);
  set_busy (self, TRUE);
  sd_platform_client_set_account_roles_async (self->client, self->account,
                                              (const gint64 *) (gpointer) ids->data, ids->len,
                                              self->cancellable, on_roles_set, g_object_ref (self));
}

static void
sd_roles_dialog_dispose (GObject *object)
{
  SdRolesDialog *self = SD_ROLES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ROLES_DIALOG);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->roles);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_roles_dialog_parent_class)->dispose (object);
}

static void
sd_roles_dialog_finalize (GObject *object)
{
  SdRolesDialog *self = SD_ROLES_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_roles_dialog_parent_class)->finalize (object);
}

static void
sd_roles_dialog_class_init (SdRolesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_roles_dialog_dispose;
  object_class->finalize = sd_roles_dialog_finalize;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        SD_TYPE_PLATFORM_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-roles-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, chips);
  gtk_widget_class_bind_template_child (widget_class, SdRolesDialog, role_list);
  gtk_widget_class_bind_template_callback (widget_class, on_save);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_roles_dialog_init (SdRolesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
}

SdRolesDialog *
sd_roles_dialog_new (GtkWindow         *parent,
                     SdPlatformClient  *client,
                     SdPlatformAccount *account)
{
  SdRolesDialog *self;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (account), NULL);

  self = g_object_new (SD_TYPE_ROLES_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  adw_window_title_set_subtitle (self->window_title, sd_platform_account_get_login (account));
  self->roles = sd_platform_list_model_new (client, SD_PLATFORM_LIST_ROLES, 0);
  sd_platform_list_model_set_per_page (self->roles, 100);
  set_busy (self, TRUE);
  sd_platform_list_model_load_async (self->roles, self->cancellable, on_roles_loaded,
                                     g_object_ref (self));
  return self;
}
