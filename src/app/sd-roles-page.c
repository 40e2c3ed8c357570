/* sd-roles-page.c: 角色管理, the roles and what they allow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in roles (超级管理员, 质量负责人, 操作员) are shown but not
 * changed; the enterprise's own roles are added, edited and deleted here.
 * A role some accounts hold is not deleted: the page then names them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-column-widths.h"
#include "sd-role-dialog.h"
#include "sd-roles-page.h"

/* A role held by more accounts is named with this many and a count */
#define MAX_HOLDERS_NAMED 10

struct _SdRolesPage
{
  GtkWidget            parent_instance;

  SdPlatformClient    *client;
  SdPlatformListModel *model;
  GCancellable        *cancellable;

  /* Template children */
  GtkWidget           *add_button;
  GtkSpinner          *spinner;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkColumnView       *column_view;
  GtkLabel            *total_label;
  GtkWidget           *previous_button;
  GtkLabel            *page_label;
  GtkWidget           *next_button;
};

G_DEFINE_FINAL_TYPE (SdRolesPage, sd_roles_page, GTK_TYPE_WIDGET)

/* Short names of the API's permissions, for the table */
static const char *
permission_label (const char *name)
{
  static const struct
  {
    const char *name;
    const char *label;
  } labels[] = {
    { "accounts.read", NC_("permission", "View accounts") },
    { "accounts.manage", NC_("permission", "Manage accounts") },
    { "roles.manage", NC_("permission", "Manage roles") },
    { "certificates.manage", NC_("permission", "Manage certificates") },
    { "certificates.bind_own", NC_("permission", "Bind own certificates") },
    { "seals.manage", NC_("permission", "Manage seals") },
    { "seals.use", NC_("permission", "Use seals") },
    { "audit.read", NC_("permission", "Read the operation log") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (name, labels[i].name))
      return g_dpgettext2 (GETTEXT_PACKAGE, "permission", labels[i].label);
  return name;
}

static void
show_error_text (SdRolesPage *self,
                 const char  *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
show_error (SdRolesPage  *self,
            const GError *error)
{
  /* An ended session is the window's business: it shows the sign-in. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED))
    return;
  show_error_text (self, error->message);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdRolesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_platform_list_model_load_finish (SD_PLATFORM_LIST_MODEL (source), result, &error))
    show_error (self, error);
}

static void
load (SdRolesPage *self)
{
  if (self->model == NULL)
    return;
  sd_platform_list_model_load_async (self->model, self->cancellable, on_loaded,
                                     g_object_ref (self));
}

static void
go_to_page (SdRolesPage *self,
            guint        page)
{
  if (self->model == NULL)
    return;
  page = CLAMP (page, 1, sd_platform_list_model_get_n_pages (self->model));
  sd_platform_list_model_set_page (self->model, page);
  load (self);
}

static void
on_previous (SdRolesPage *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) - 1);
}

static void
on_next (SdRolesPage *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) + 1);
}

static void
update_pager (SdRolesPage *self)
{
  guint total = (guint) MIN (sd_platform_list_model_get_total (self->model), G_MAXUINT);
  guint page = sd_platform_list_model_get_page (self->model);
  guint n_pages = sd_platform_list_model_get_n_pages (self->model);
  g_autofree char *total_text = NULL;
  g_autofree char *page_text = NULL;

  total_text = g_strdup_printf (ngettext ("%u role in total", "%u roles in total", total), total);
  gtk_label_set_text (self->total_label, total_text);
  page_text = g_strdup_printf ("%u / %u", page, n_pages);
  gtk_label_set_text (self->page_label, page_text);
  gtk_widget_set_sensitive (self->previous_button, page > 1);
  gtk_widget_set_sensitive (self->next_button, page < n_pages);
}

static void
update_loading (SdRolesPage *self)
{
  gtk_spinner_set_spinning (self->spinner, sd_platform_list_model_get_loading (self->model));
}

/* Cells */

typedef enum
{
  TEXT_NAME,
  TEXT_KIND,
  TEXT_DESCRIPTION,
  TEXT_PERMISSIONS,
  TEXT_ACCOUNTS,
  TEXT_UPDATED,
  TEXT_UPDATED_BY,
} TextColumn;

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
permissions_text (SdPlatformRole *role)
{
  const char * const *names = sd_platform_role_get_permissions (role);
  /* Translators: between the items of a list, "查看账号、使用印章" */
  const char *separator = C_("list separator", ", ");
  GString *text = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, permission_label (names[i]));
    }
  return g_string_free (text, FALSE);
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  SdPlatformRole *role = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  TextColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = NULL;

  switch (column)
    {
    case TEXT_NAME:
      text = g_strdup (sd_platform_role_get_name (role));
      break;
    case TEXT_KIND:
      if (sd_platform_role_get_builtin (role) != SD_PLATFORM_BUILTIN_ROLE_NONE)
        text = g_strdup (C_("role kind", "Built-in"));
      else
        text = g_strdup (C_("role kind", "Custom"));
      break;
    case TEXT_DESCRIPTION:
      text = g_strdup (sd_platform_role_get_description (role));
      break;
    case TEXT_PERMISSIONS:
      text = permissions_text (role);
      /* The whole list, when the column is too narrow for it */
      gtk_widget_set_tooltip_text (label, text);
      break;
    case TEXT_ACCOUNTS:
      text = g_strdup_printf ("%u", sd_platform_role_get_account_count (role));
      break;
    case TEXT_UPDATED:
      text = format_time (sd_platform_role_get_updated_at (role));
      break;
    case TEXT_UPDATED_BY:
      text = g_strdup (sd_platform_role_get_updated_by (role));
      break;
    default:
      g_return_if_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

/* 编辑 / 删除 for the enterprise's roles; built-in ones say why not */

static GtkWidget *
row_action_button (const char *label,
                   const char *action_name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "link");
  gtk_widget_add_css_class (button, "flat");
  /* The row's role id comes with the row (bind_actions) */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  return button;
}

static void
setup_actions (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *fixed = gtk_label_new (_("Cannot be changed"));

  gtk_widget_add_css_class (box, "sd-row-actions");
  gtk_box_append (GTK_BOX (box), row_action_button (_("Edit"), "roles.edit"));
  gtk_box_append (GTK_BOX (box), row_action_button (_("Delete"), "roles.delete"));
  gtk_widget_add_css_class (fixed, "dim-label");
  gtk_widget_set_margin_start (fixed, 4);
  gtk_box_append (GTK_BOX (box), fixed);
  gtk_list_item_set_child (item, box);
}

static void
bind_actions (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SdPlatformRole *role = gtk_list_item_get_item (item);
  gboolean builtin = sd_platform_role_get_builtin (role) != SD_PLATFORM_BUILTIN_ROLE_NONE;
  GtkWidget *box = gtk_list_item_get_child (item);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_ACTIONABLE (child))
        {
          gtk_actionable_set_action_target (GTK_ACTIONABLE (child), "x",
                                            sd_platform_role_get_id (role));
          gtk_widget_set_visible (child, !builtin);
        }
      else
        gtk_widget_set_visible (child, builtin);
    }
}

static void
add_column (SdRolesPage *self,
            const char  *id,
            const char  *title,
            GCallback    setup,
            GCallback    bind,
            TextColumn   text_column,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (text_column));
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  sd_column_widths_set_id (column, id);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
add_columns (SdRolesPage *self)
{
  add_column (self, "name", _("Role name"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_NAME, FALSE);
  add_column (self, "kind", C_("role kind", "Type"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_KIND, FALSE);
  add_column (self, "description", _("Description"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_DESCRIPTION, TRUE);
  add_column (self, "permissions", _("Permissions"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_PERMISSIONS, TRUE);
  add_column (self, "accounts", C_("role column", "Accounts"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_ACCOUNTS, FALSE);
  add_column (self, "updated", _("Updated"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_UPDATED, FALSE);
  add_column (self, "updated-by", _("Updated by"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_UPDATED_BY, FALSE);
  add_column (self, "actions", _("Actions"), G_CALLBACK (setup_actions),
              G_CALLBACK (bind_actions), 0, FALSE);
}

/* The row actions (roles.edit, roles.delete) name the role by its id */
static SdPlatformRole *
find_role (SdRolesPage *self,
           GVariant    *param)
{
  gint64 id = g_variant_get_int64 (param);
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdPlatformRole) role = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (sd_platform_role_get_id (role) == id)
        return role;
    }
  return NULL;
}

/* The action's role if it may change; the page says why not otherwise */
static SdPlatformRole *
find_custom_role (SdRolesPage *self,
                  GVariant    *param)
{
  SdPlatformRole *role = find_role (self, param);

  if (role != NULL && sd_platform_role_get_builtin (role) != SD_PLATFORM_BUILTIN_ROLE_NONE)
    {
      show_error_text (self, _("Built-in roles cannot be changed or deleted."));
      return NULL;
    }
  return role;
}

/* 新增 / 编辑 */

static void
on_role_saved (SdRoleDialog   *dialog,
               SdPlatformRole *role,
               SdRolesPage    *self)
{
  show_error_text (self, NULL);
  /* A new role may land on any page, an edited one may change places */
  load (self);
}

static void
open_role_dialog (SdRolesPage    *self,
                  SdPlatformRole *role)
{
  SdRoleDialog *dialog;

  if (self->client == NULL)
    return;
  dialog = sd_role_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->client,
                               role);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_role_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_role (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  open_role_dialog (SD_ROLES_PAGE (widget), NULL);
}

static void
edit_role (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  SdRolesPage *self = SD_ROLES_PAGE (widget);
  SdPlatformRole *role = find_custom_role (self, param);

  if (role != NULL)
    open_role_dialog (self, role);
}

/* 删除: confirmation, then the server; a role in use names its holders */

typedef struct
{
  SdRolesPage         *page;
  SdPlatformRole      *role;
  SdPlatformListModel *holders;
} DeleteOp;

static void
delete_op_free (DeleteOp *op)
{
  g_object_unref (op->page);
  g_object_unref (op->role);
  g_clear_object (&op->holders);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteOp, delete_op_free)

static void
on_holders_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeleteOp) op = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *holders = G_LIST_MODEL (op->holders);
  guint64 total = sd_platform_list_model_get_total (op->holders);
  guint named = MIN (g_list_model_get_n_items (holders), MAX_HOLDERS_NAMED);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *message = NULL;
  const char *role_name = sd_platform_role_get_name (op->role);

  if (!sd_platform_list_model_load_finish (op->holders, result, &error))
    {
      show_error (op->page, error);
      return;
    }
  for (guint i = 0; i < named; i++)
    {
      g_autoptr(SdPlatformAccount) account = g_list_model_get_item (holders, i);
      g_autofree char *holder = NULL;

      if (i > 0)
        g_string_append (names, C_("list separator", ", "));
      /* Translators: an account in a list: its name, then its login, "有（you）" */
      holder = g_strdup_printf (C_("account in a list", "%s (%s)"),
                                sd_platform_account_get_name (account),
                                sd_platform_account_get_login (account));
      g_string_append (names, holder);
    }
  if (total > named)
    {
      guint more = (guint) MIN (total - named, G_MAXUINT);

      /* Translators: the role, the accounts named, how many more hold it */
      message = g_strdup_printf (ngettext ("“%s” cannot be deleted: %s and %u other account "
                                           "hold it. Remove it from them first (Account "
                                           "Management, Assign Roles).",
                                           "“%s” cannot be deleted: %s and %u other accounts "
                                           "hold it. Remove it from them first (Account "
                                           "Management, Assign Roles).", more),
                                 role_name, names->str, more);
    }
  else if (named > 0)
    /* Translators: the role, then the accounts that hold it */
    message = g_strdup_printf (_("“%s” cannot be deleted: %s holds it. Remove it from them first "
                                 "(Account Management, Assign Roles)."), role_name, names->str);
  else
    /* The holders gave it up meanwhile */
    message = g_strdup_printf (_("“%s” was held by accounts a moment ago. Try again."), role_name);
  show_error_text (op->page, message);
  load (op->page);
}

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeleteOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *role_id = NULL;
  SdRolesPage *self = op->page;
  SdPlatformListModel *holders;

  if (sd_platform_client_delete_role_finish (SD_PLATFORM_CLIENT (source), result, &error))
    {
      show_error_text (self, NULL);
      load (self);
      return;
    }
  if (!g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_ROLE_IN_USE))
    {
      show_error (self, error);
      return;
    }
  role_id = g_strdup_printf ("%" G_GINT64_FORMAT, sd_platform_role_get_id (op->role));
  op->holders = sd_platform_list_model_new (self->client, SD_PLATFORM_LIST_ACCOUNTS, 0);
  sd_platform_list_model_set_filter (op->holders, "role_id", role_id);
  sd_platform_list_model_set_per_page (op->holders, 100);
  holders = op->holders;
  sd_platform_list_model_load_async (holders, self->cancellable, on_holders_loaded,
                                     g_steal_pointer (&op));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SdRolesPage      *self)
{
  SdPlatformRole *role = g_object_get_data (G_OBJECT (dialog), "role");
  DeleteOp *op;

  if (!g_str_equal (response, "delete") || self->client == NULL)
    return;
  op = g_new0 (DeleteOp, 1);
  op->page = g_object_ref (self);
  op->role = g_object_ref (role);
  sd_platform_client_delete_role_async (self->client, role, self->cancellable, on_deleted, op);
}

static void
delete_role (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SdRolesPage *self = SD_ROLES_PAGE (widget);
  SdPlatformRole *role = find_custom_role (self, param);
  AdwMessageDialog *dialog;

  if (role == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Delete the role “%s”?"),
                                     sd_platform_role_get_name (role));
  adw_message_dialog_set_body (dialog, _("The role and its permissions are removed for good. "
                                         "A role that accounts still hold is not deleted."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "role", g_object_ref (role), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_roles (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  load (SD_ROLES_PAGE (widget));
}

void
sd_roles_page_set_client (SdRolesPage      *self,
                          SdPlatformClient *client)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (SD_IS_ROLES_PAGE (self));
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (client));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_set_object (&self->client, client);
  g_clear_object (&self->model);
  show_error_text (self, NULL);
  self->model = sd_platform_list_model_new (client, SD_PLATFORM_LIST_ROLES, 0);
  sd_platform_list_model_set_per_page (self->model, 100);
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::page", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-pages", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_loading), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_pager (self);
  load (self);
}

void
sd_roles_page_reload (SdRolesPage *self)
{
  g_return_if_fail (SD_IS_ROLES_PAGE (self));

  load (self);
}

SdPlatformListModel *
sd_roles_page_get_model (SdRolesPage *self)
{
  g_return_val_if_fail (SD_IS_ROLES_PAGE (self), NULL);

  return self->model;
}

static void
sd_roles_page_dispose (GObject *object)
{
  SdRolesPage *self = SD_ROLES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ROLES_PAGE);
  /* The template's top child is not bound, so not disposed with it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_roles_page_parent_class)->dispose (object);
}

static void
sd_roles_page_finalize (GObject *object)
{
  SdRolesPage *self = SD_ROLES_PAGE (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_roles_page_parent_class)->finalize (object);
}

static void
sd_roles_page_class_init (SdRolesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_roles_page_dispose;
  object_class->finalize = sd_roles_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-roles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, SdRolesPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);

  gtk_widget_class_install_action (widget_class, "roles.add", NULL, add_role);
  gtk_widget_class_install_action (widget_class, "roles.reload", NULL, reload_roles);
  gtk_widget_class_install_action (widget_class, "roles.edit", "x", edit_role);
  gtk_widget_class_install_action (widget_class, "roles.delete", "x", delete_role);
}

static void
sd_roles_page_init (SdRolesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  add_columns (self);
  sd_column_widths_track (self->column_view, "roles");
  /* Shown again: the holders' counts may have changed meanwhile */
  g_signal_connect (self, "map", G_CALLBACK (load), NULL);
}
