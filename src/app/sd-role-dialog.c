/* sd-role-dialog.c: 新增 / 编辑 of a custom role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The role's name and description, and a check for each permission the
 * server knows, grouped by area (账号, 角色, 数字证书, …) as the server
 * describes them.  The server's refusals are shown where they belong: a
 * name taken under the name, a permission one may not give above the
 * permissions, the others on top.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-role-dialog.h"

struct _SdRoleDialog
{
  AdwWindow         parent_instance;

  SdPlatformClient *client;
  SdPlatformRole   *role;         /* NULL while adding */
  GPtrArray        *checks;       /* GtkCheckButton, "permission" data: its API name */
  GCancellable     *cancellable;
  gboolean          busy;

  /* Template children */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkSpinner       *spinner;
  GtkRevealer      *message_revealer;
  GtkLabel         *message_label;
  GtkEntry         *name_entry;
  GtkLabel         *name_error;
  GtkEntry         *description_entry;
  GtkLabel         *permissions_error;
  GtkBox           *permission_groups;
};

G_DEFINE_FINAL_TYPE (SdRoleDialog, sd_role_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The area of "accounts.manage" is "accounts" */
static const char *
area_label (const char *area)
{
  if (g_str_equal (area, "accounts"))
    return C_("permission area", "Accounts");
  if (g_str_equal (area, "roles"))
    return C_("permission area", "Roles");
  if (g_str_equal (area, "certificates"))
    return C_("permission area", "Certificates");
  if (g_str_equal (area, "seals"))
    return C_("permission area", "Seals");
  if (g_str_equal (area, "audit"))
    return C_("permission area", "Operation Log");
  return area;
}

static void
show_message (SdRoleDialog *self,
              const char   *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
show_field_error (GtkLabel   *label,
                  GtkWidget  *field,
                  const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field == NULL)
    return;
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

static void
clear_errors (SdRoleDialog *self)
{
  show_message (self, NULL);
  show_field_error (self->name_error, GTK_WIDGET (self->name_entry), NULL);
  show_field_error (self->permissions_error, NULL, NULL);
}

static void
update_save (SdRoleDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));

  gtk_widget_set_sensitive (self->save_button,
                            !self->busy && self->checks->len > 0 && *name != '\0');
}

static void
set_busy (SdRoleDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->permission_groups), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->description_entry), !busy);
  update_save (self);
}

static void
on_name_changed (SdRoleDialog *self)
{
  show_field_error (self->name_error, GTK_WIDGET (self->name_entry), NULL);
  update_save (self);
}

static void
show_error (SdRoleDialog *self,
            const GError *error)
{
  const char *field = sd_platform_error_get_field (error);

  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_ROLE_NAME_TAKEN)
      || g_strcmp0 (field, "name") == 0)
    {
      show_field_error (self->name_error, GTK_WIDGET (self->name_entry), error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
    }
  else if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_PERMISSION_ESCALATION)
           || g_strcmp0 (field, "permissions") == 0)
    show_field_error (self->permissions_error, NULL, error->message);
  else
    show_message (self, error->message);
}

/* The permission list */

static GtkWidget *
add_group (SdRoleDialog *self,
           const char   *area)
{
  GtkWidget *title = gtk_label_new (area_label (area));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  area_label (area), -1);
  gtk_box_append (GTK_BOX (group), title);
  gtk_box_append (GTK_BOX (group), list);
  gtk_box_append (self->permission_groups, group);
  return list;
}

static void
add_permission (SdRoleDialog         *self,
                GtkWidget            *list,
                SdPlatformPermission *permission,
                SdPlatformSession    *session)
{
  const char *name = sd_platform_permission_get_name (permission);
  const char *description = sd_platform_permission_get_description (permission);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 description != NULL && *description != '\0' ? description : name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               self->role != NULL
                               && sd_platform_role_has_permission (self->role, name));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
  g_object_set_data_full (G_OBJECT (check), "permission", g_strdup (name), g_free);
  /* The server refuses to give what the giver does not hold: say so here */
  if (session != NULL && !sd_platform_session_has_permission (session, name))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("You do not hold this permission, so you cannot give it"));
      gtk_widget_set_sensitive (row, FALSE);
    }
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
  g_autoptr(SdRoleDialog) self = user_data;
  g_autoptr(GListModel) permissions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SdPlatformSession *session = sd_platform_client_get_session (self->client);

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

  /* Areas in the server's order, each with its permissions */
  for (guint i = 0; i < g_list_model_get_n_items (permissions); i++)
    {
      g_autoptr(SdPlatformPermission) permission = g_list_model_get_item (permissions, i);
      const char *name = sd_platform_permission_get_name (permission);
      g_autofree char *area = g_strndup (name, strcspn (name, "."));
      GtkWidget *list = g_hash_table_lookup (groups, area);

      if (list == NULL)
        {
          list = add_group (self, area);
          g_hash_table_insert (groups, g_steal_pointer (&area), list);
        }
      add_permission (self, list, permission, session);
    }
  set_busy (self, FALSE);
}

/* 保存 */

static void
on_role_reloaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SdRoleDialog) self = user_data;
  g_autoptr(SdPlatformRole) role = NULL;
  g_autoptr(GError) error = NULL;

  role = sd_platform_client_get_role_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (role != NULL)
    g_set_object (&self->role, role);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SdRoleDialog) self = user_data;
  g_autoptr(SdPlatformRole) role = NULL;
  g_autoptr(GError) error = NULL;

  if (self->role == NULL)
    role = sd_platform_client_create_role_finish (SD_PLATFORM_CLIENT (source), result, &error);
  else
    role = sd_platform_client_update_role_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (role == NULL)
    {
      show_error (self, error);
      /* Someone else changed the role: what is typed stays, and the next
       * 保存 goes over their version */
      if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_VERSION_CONFLICT))
        sd_platform_client_get_role_async (self->client, sd_platform_role_get_id (self->role),
                                           self->cancellable, on_role_reloaded,
                                           g_object_ref (self));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, role);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save (SdRoleDialog *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_entry));

  if (!gtk_widget_is_sensitive (self->save_button))
    return;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (names, g_object_get_data (G_OBJECT (check), "permission"));
    }
  g_ptr_array_add (names, NULL);

  clear_errors (self);
  set_busy (self, TRUE);
  if (self->role == NULL)
    {
      SdPlatformRoleCreate create = {
        .name = name,
        .description = description,
        .permissions = (const char * const *) names->pdata,
      };

      sd_platform_client_create_role_async (self->client, &create, self->cancellable, on_saved,
                                            g_object_ref (self));
    }
  else
    {
      SdPlatformRoleUpdate update = {
        .fields = SD_PLATFORM_ROLE_UPDATE_NAME | SD_PLATFORM_ROLE_UPDATE_DESCRIPTION
                  | SD_PLATFORM_ROLE_UPDATE_PERMISSIONS,
        .name = name,
        .description = description,
        .permissions = (const char * const *) names->pdata,
      };

      sd_platform_client_update_role_async (self->client, self->role, &update, self->cancellable,
                                            on_saved, g_object_ref (self));
    }
}

static void
sd_role_dialog_dispose (GObject *object)
{
  SdRoleDialog *self = SD_ROLE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ROLE_DIALOG);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->role);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_role_dialog_parent_class)->dispose (object);
}

static void
sd_role_dialog_finalize (GObject *object)
{
  SdRoleDialog *self = SD_ROLE_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_role_dialog_parent_class)->finalize (object);
}

static void
sd_role_dialog_class_init (SdRoleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_role_dialog_dispose;
  object_class->finalize = sd_role_dialog_finalize;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        SD_TYPE_PLATFORM_ROLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-role-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, description_entry);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, permissions_error);
  gtk_widget_class_bind_template_child (widget_class, SdRoleDialog, permission_groups);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_role_dialog_init (SdRoleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
}

SdRoleDialog *
sd_role_dialog_new (GtkWindow        *parent,
                    SdPlatformClient *client,
                    SdPlatformRole   *role)
{
  SdRoleDialog *self;
  const char *title;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail (role == NULL || SD_IS_PLATFORM_ROLE (role), NULL);

  /* Translators: the title of the dialog that adds a role (新增角色) */
  title = role == NULL ? _("New Role") : _("Edit Role");
  self = g_object_new (SD_TYPE_ROLE_DIALOG, "transient-for", parent, "title", title, NULL);
  self->client = g_object_ref (client);
  adw_window_title_set_title (self->window_title, title);
  if (role != NULL)
    {
      const char *description = sd_platform_role_get_description (role);

      self->role = g_object_ref (role);
      adw_window_title_set_subtitle (self->window_title, sd_platform_role_get_name (role));
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), sd_platform_role_get_name (role));
      gtk_editable_set_text (GTK_EDITABLE (self->description_entry),
                             description != NULL ? description : "");
    }
  set_busy (self, TRUE);
  sd_platform_client_list_permissions_async (client, self->cancellable, on_permissions_loaded,
                                             g_object_ref (self));
  return self;
}
