/* sd-accounts-page.c: 账号管理, the seed's table of accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server filters, sorts and pages (SdPlatformListModel): 查询 loads
 * with the filters as typed, the pager moves through the server's pages, a
 * click on a column's title (or the sort menu) sorts on the server.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-account-dialog.h"
#include "sd-accounts-page.h"
#include "sd-certificates-dialog.h"
#include "sd-column-widths.h"
#include "sd-roles-dialog.h"
#include "sd-secure.h"

struct _SdAccountsPage
{
  GtkWidget            parent_instance;

  SdPlatformClient    *client;
  SdPlatformListModel *model;
  GCancellable        *cancellable;
  char                *sort_column;     /* the API's sort= name, "" for creation order */
  gboolean             sort_descending;

  /* Template children */
  GtkWidget           *add_button;
  GtkEntry            *login_entry;
  GtkEntry            *name_entry;
  GtkDropDown         *enabled_dropdown;
  GtkWidget           *search_button;
  GtkSpinner          *spinner;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkColumnView       *column_view;
  GtkLabel            *total_label;
  GtkDropDown         *per_page_dropdown;
  GtkWidget           *previous_button;
  GtkLabel            *page_label;
  GtkWidget           *next_button;
  GtkSpinButton       *page_spin;
};

G_DEFINE_FINAL_TYPE (SdAccountsPage, sd_accounts_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SORT_COLUMN,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The seed's page sizes (10条/页) */
static const guint per_page_sizes[] = { 10, 20, 50, 100 };

/* The 启用状态 filter's choices, in the drop-down's order */
enum
{
  ENABLED_ALL,
  ENABLED_ON,
  ENABLED_OFF,
};

static void
show_error (SdAccountsPage *self,
            const GError   *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sd_platform_list_model_load_finish (SD_PLATFORM_LIST_MODEL (source), result, &error))
    show_error (self, NULL);
  /* An ended session is the window's business: it shows the sign-in. */
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && !g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED))
    show_error (self, error);
}

static void
load (SdAccountsPage *self)
{
  if (self->model == NULL)
    return;
  sd_platform_list_model_load_async (self->model, self->cancellable, on_loaded,
                                     g_object_ref (self));
}

static void
apply_filters (SdAccountsPage *self)
{
  static const char *enabled_values[] = { NULL, "true", "false" };
  guint enabled = gtk_drop_down_get_selected (self->enabled_dropdown);

  sd_platform_list_model_set_filter (self->model, "login",
                                     gtk_editable_get_text (GTK_EDITABLE (self->login_entry)));
  sd_platform_list_model_set_filter (self->model, "name",
                                     gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
  sd_platform_list_model_set_filter (self->model, "enabled",
                                     enabled < G_N_ELEMENTS (enabled_values)
                                     ? enabled_values[enabled] : NULL);
}

/* 查询 */
static void
on_search (SdAccountsPage *self)
{
  if (self->model == NULL)
    return;
  apply_filters (self);
  load (self);
}

/* 重置 */
static void
on_reset (SdAccountsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_drop_down_set_selected (self->enabled_dropdown, ENABLED_ALL);
  if (self->model == NULL)
    return;
  sd_platform_list_model_clear_filters (self->model);
  load (self);
}

static void
go_to_page (SdAccountsPage *self,
            guint           page)
{
  if (self->model == NULL)
    return;
  page = CLAMP (page, 1, sd_platform_list_model_get_n_pages (self->model));
  sd_platform_list_model_set_page (self->model, page);
  load (self);
}

static void
on_previous (SdAccountsPage *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) - 1);
}

static void
on_next (SdAccountsPage *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) + 1);
}

/* 前往 [N] 页; the pager sets it to the page shown, which is no move */
static void
on_go_to_page (SdAccountsPage *self)
{
  guint page = gtk_spin_button_get_value_as_int (self->page_spin);

  if (self->model != NULL && page != sd_platform_list_model_get_page (self->model))
    go_to_page (self, page);
}

static void
on_per_page_selected (SdAccountsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->per_page_dropdown);

  if (self->model == NULL || selected >= G_N_ELEMENTS (per_page_sizes)
      || per_page_sizes[selected] == sd_platform_list_model_get_per_page (self->model))
    return;
  sd_platform_list_model_set_per_page (self->model, per_page_sizes[selected]);
  load (self);
}

/* 共 N 条, the page and the buttons, from the page last loaded */
static void
update_pager (SdAccountsPage *self)
{
  guint total = (guint) MIN (sd_platform_list_model_get_total (self->model), G_MAXUINT);
  guint page = sd_platform_list_model_get_page (self->model);
  guint n_pages = sd_platform_list_model_get_n_pages (self->model);
  g_autofree char *total_text = NULL;
  g_autofree char *page_text = NULL;

  total_text = g_strdup_printf (ngettext ("%u account in total", "%u accounts in total", total),
                                total);
  gtk_label_set_text (self->total_label, total_text);
  page_text = g_strdup_printf ("%u / %u", page, n_pages);
  gtk_label_set_text (self->page_label, page_text);
  gtk_widget_set_sensitive (self->previous_button, page > 1);
  gtk_widget_set_sensitive (self->next_button, page < n_pages);
  gtk_spin_button_set_range (self->page_spin, 1, MAX (n_pages, 1));
  gtk_spin_button_set_value (self->page_spin, page);
}

static void
update_loading (SdAccountsPage *self)
{
  gtk_spinner_set_spinning (self->spinner, sd_platform_list_model_get_loading (self->model));
}

/* Cells */

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

typedef enum
{
  TEXT_LOGIN,
  TEXT_NAME,
  TEXT_KIND,
  TEXT_CERTIFICATES,
  TEXT_CREATED,
  TEXT_UPDATED,
  TEXT_UPDATED_BY,
} TextColumn;

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
  SdPlatformAccount *account = gtk_list_item_get_item (item);
  TextColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = NULL;

  switch (column)
    {
    case TEXT_LOGIN:
      text = g_strdup (sd_platform_account_get_login (account));
      break;
    case TEXT_NAME:
      text = g_strdup (sd_platform_account_get_name (account));
      break;
    case TEXT_KIND:
      text = g_strdup (sd_platform_account_kind_get_label (sd_platform_account_get_kind (account)));
      break;
    case TEXT_CERTIFICATES:
      text = g_strdup_printf ("%u", sd_platform_account_get_certificate_count (account));
      break;
    case TEXT_CREATED:
      text = format_time (sd_platform_account_get_created_at (account));
      break;
    case TEXT_UPDATED:
      text = format_time (sd_platform_account_get_updated_at (account));
      break;
    case TEXT_UPDATED_BY:
      text = g_strdup (sd_platform_account_get_updated_by (account));
      break;
    default:
      g_return_if_reached ();
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* 启用状态: the switch shows the server's state; a change is asked of the
 * server and the row follows its answer. */

typedef struct
{
  SdAccountsPage *page;
  GtkSwitch      *toggle;
} EnableOp;

static void
enable_op_free (EnableOp *op)
{
  g_object_unref (op->page);
  g_object_unref (op->toggle);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EnableOp, enable_op_free)

static void
on_account_updated (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EnableOp) op = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_update_account_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (account == NULL)
    {
      /* Back to what the server has */
      gtk_switch_set_active (op->toggle, gtk_switch_get_state (op->toggle));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (op->page, error);
      return;
    }
  show_error (op->page, NULL);
  gtk_switch_set_state (op->toggle, sd_platform_account_get_enabled (account));
  sd_platform_list_model_replace_item (op->page->model, account);
}

static void
set_enabled (SdAccountsPage    *self,
             GtkSwitch         *toggle,
             SdPlatformAccount *account,
             gboolean           enabled)
{
  SdPlatformAccountUpdate update = {
    .fields = SD_PLATFORM_ACCOUNT_UPDATE_ENABLED,
    .enabled = enabled,
  };
  EnableOp *op = g_new0 (EnableOp, 1);

  op->page = g_object_ref (self);
  op->toggle = g_object_ref (toggle);
  sd_platform_client_update_account_async (self->client, account, &update, self->cancellable,
                                           on_account_updated, op);
}

static void
on_disable_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  GtkSwitch *toggle = user_data;
  SdAccountsPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  SdPlatformAccount *account = g_object_get_data (G_OBJECT (dialog), "account");

  if (g_str_equal (response, "disable"))
    set_enabled (self, toggle, account, FALSE);
  else
    gtk_switch_set_active (toggle, TRUE);
}

static gboolean
on_state_set (GtkSwitch   *toggle,
              gboolean     enabled,
              GtkListItem *item)
{
  SdAccountsPage *self = g_object_get_data (G_OBJECT (toggle), "page");
  SdPlatformAccount *account = gtk_list_item_get_item (item);
  AdwMessageDialog *dialog;

  if (account == NULL || enabled == sd_platform_account_get_enabled (account))
    return FALSE;
  if (enabled)
    {
      set_enabled (self, toggle, account, TRUE);
      return TRUE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Disable “%s”?"),
                                     sd_platform_account_get_login (account));
  adw_message_dialog_set_body (dialog, _("The account can no longer sign in or sign, until it is enabled again."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "disable", _("_Disable"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "disable", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disable_response), toggle, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
setup_switch (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SdAccountsPage           *self)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_halign (toggle, GTK_ALIGN_START);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (toggle), "page", self);
  g_signal_connect (toggle, "state-set", G_CALLBACK (on_state_set), item);
  gtk_list_item_set_child (item, toggle);
}

static void
bind_switch (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  SdPlatformAccount *account = gtk_list_item_get_item (item);
  GtkWidget *toggle = gtk_list_item_get_child (item);
  gboolean enabled = sd_platform_account_get_enabled (account);
  g_autofree char *label = NULL;

  g_signal_handlers_block_by_func (toggle, on_state_set, item);
  gtk_switch_set_active (GTK_SWITCH (toggle), enabled);
  gtk_switch_set_state (GTK_SWITCH (toggle), enabled);
  g_signal_handlers_unblock_by_func (toggle, on_state_set, item);
  /* Translators: the accessible name of an account's 启用状态 switch */
  label = g_strdup_printf (_("%s enabled"), sd_platform_account_get_login (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* 密码重置: confirmation, then the temporary password, shown once */

static void
on_copy_password (GtkButton *button,
                  GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          gtk_label_get_text (label));
  gtk_button_set_label (button, _("Copied"));
}

static void
show_temporary_password (SdAccountsPage    *self,
                         SdPlatformAccount *account,
                         const char        *password)
{
  AdwMessageDialog *dialog;
  GtkWidget *box, *label, *copy;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Temporary Password"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("Give this password to %s. It is shown only this once, "
                                    "and must be changed at the next sign-in."),
                                  sd_platform_account_get_name (account));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  label = gtk_label_new (password);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "title-3");
  copy = gtk_button_new_with_mnemonic (_("_Copy"));
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_password), label);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_password_reset (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SdAccountsPage) self = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(SdSecret) password = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_reset_password_finish (SD_PLATFORM_CLIENT (source), result,
                                                      &password, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  show_error (self, NULL);
  sd_platform_list_model_replace_item (self->model, account);
  show_temporary_password (self, account, password);
}

static void
on_reset_password_response (AdwMessageDialog *dialog,
                            const char       *response,
                            SdAccountsPage   *self)
{
  SdPlatformAccount *account = g_object_get_data (G_OBJECT (dialog), "account");

  if (!g_str_equal (response, "reset"))
    return;
  sd_platform_client_reset_password_async (self->client, sd_platform_account_get_id (account),
                                           self->cancellable, on_password_reset,
                                           g_object_ref (self));
}

static void
on_reset_password_clicked (GtkButton   *button,
                           GtkListItem *item)
{
  SdAccountsPage *self = g_object_get_data (G_OBJECT (button), "page");
  SdPlatformAccount *account = gtk_list_item_get_item (item);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Reset the password of “%s”?"),
                                     sd_platform_account_get_login (account));
  adw_message_dialog_set_body (dialog, _("A temporary password replaces the current one and the "
                                         "account is signed out everywhere. Its user must choose a "
                                         "new password at the next sign-in."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset Password"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_password_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The row actions (accounts.edit, …) name the account by its id */
static SdPlatformAccount *
find_account (SdAccountsPage *self,
              GVariant       *param)
{
  gint64 id = g_variant_get_int64 (param);
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdPlatformAccount) account = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (sd_platform_account_get_id (account) == id)
        return account;
    }
  return NULL;
}

/* 新增 / 编辑 */

static void
on_account_saved (SdAccountDialog   *dialog,
                  SdPlatformAccount *account,
                  const char        *temporary_password,
                  SdAccountsPage    *self)
{
  if (temporary_password != NULL)
    {
      /* A new account: where it lands depends on the filters and the sort */
      load (self);
      show_temporary_password (self, account, temporary_password);
    }
  else
    sd_platform_list_model_replace_item (self->model, account);
}

static void
open_account_dialog (SdAccountsPage    *self,
                     SdPlatformAccount *account)
{
  SdAccountDialog *dialog;

  if (self->client == NULL)
    return;
  dialog = sd_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                  self->client, account);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_account_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_account (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_account_dialog (SD_ACCOUNTS_PAGE (widget), NULL);
}

static void
edit_account (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (widget);
  SdPlatformAccount *account = find_account (self, param);

  if (account != NULL)
    open_account_dialog (self, account);
}

/* 分配角色 */

static void
on_roles_saved (SdRolesDialog     *dialog,
                SdPlatformAccount *account,
                SdAccountsPage    *self)
{
  sd_platform_list_model_replace_item (self->model, account);
}

static void
assign_roles (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (widget);
  SdPlatformAccount *account = find_account (self, param);
  SdRolesDialog *dialog;

  if (account == NULL)
    return;
  dialog = sd_roles_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client, account);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_roles_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* 数字证书管理: after a 解绑, the row's 数字证书个数 follows */

static void
on_certificates_changed (SdCertificatesDialog *dialog,
                         SdPlatformAccount    *account,
                         SdAccountsPage       *self)
{
  sd_platform_list_model_replace_item (self->model, account);
}

static void
manage_certificates (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (widget);
  SdPlatformAccount *account = find_account (self, param);
  SdCertificatesDialog *dialog;

  if (account == NULL)
    return;
  dialog = sd_certificates_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client,
                                       account);
  g_signal_connect_object (dialog, "account-changed", G_CALLBACK (on_certificates_changed), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_action_button (const char *label,
                   const char *action_name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "link");
  gtk_widget_add_css_class (button, "flat");
  /* The row's account id comes with the row (bind_actions) */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  return button;
}

static void
setup_actions (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SdAccountsPage           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *reset = gtk_button_new_with_label (_("Reset Password"));

  gtk_widget_add_css_class (box, "sd-row-actions");
  gtk_widget_add_css_class (reset, "link");
  gtk_widget_add_css_class (reset, "flat");
  g_object_set_data (G_OBJECT (reset), "page", self);
  g_signal_connect (reset, "clicked", G_CALLBACK (on_reset_password_clicked), item);
  /* The seed's order: 编辑 分配角色 密码重置 数字证书管理 */
  gtk_box_append (GTK_BOX (box), row_action_button (_("Edit"), "accounts.edit"));
  gtk_box_append (GTK_BOX (box), row_action_button (_("Assign Roles"), "accounts.assign-roles"));
  gtk_box_append (GTK_BOX (box), reset);
  gtk_box_append (GTK_BOX (box), row_action_button (_("Manage Certificates"),
                                                    "accounts.certificates"));
  gtk_list_item_set_child (item, box);
}

static void
bind_actions (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SdPlatformAccount *account = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)) != NULL)
      gtk_actionable_set_action_target (GTK_ACTIONABLE (child), "x",
                                        sd_platform_account_get_id (account));
}

/* Sorting: the server sorts, the column view only shows which column.
 *
 * GTK 4.8 cannot tell which column the user sorted by (4.10 adds
 * GtkColumnViewSorter's API), so each sortable column gets a sorter that
 * notes its column when asked to compare: the column view's sorter asks
 * its first column first, and inverts the answer when it sorts down. */

typedef struct
{
  GtkColumnViewColumn *column;
} SortProbe;

static int
probe_sort (gconstpointer a,
            gconstpointer b,
            gpointer      column)
{
  SortProbe *probe = (SortProbe *) a;

  if (probe->column == NULL)
    probe->column = column;
  return -1;
}

static void
set_sort (SdAccountsPage *self,
          const char     *column,
          gboolean        descending)
{
  if (g_strcmp0 (self->sort_column, column) != 0)
    {
      g_free (self->sort_column);
      self->sort_column = g_strdup (column);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
    }
  if (self->sort_descending != descending)
    {
      self->sort_descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
    }
  if (self->model == NULL)
    return;
  sd_platform_list_model_set_sort (self->model, *column != '\0' ? column : NULL, descending);
  load (self);
}

static void
on_sort_changed (SdAccountsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  SortProbe probes[2] = { { NULL }, { NULL } };
  GtkOrdering order = gtk_sorter_compare (sorter, &probes[0], &probes[1]);
  const char *column = NULL;

  if (probes[0].column != NULL)
    column = g_object_get_data (G_OBJECT (probes[0].column), "sd-sort");
  set_sort (self, column != NULL ? column : "", column != NULL && order == GTK_ORDERING_LARGER);
}

/* The sort menu's actions (accounts.sort-column, accounts.sort-descending)
 * go through the column view, so that its titles show the sort. */
static void
sort_by (SdAccountsPage *self,
         const char     *name,
         gboolean        descending)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  GtkSortType order = descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;

  /* Creation order, newest first: the same as by 创建时间 */
  if (*name == '\0' && descending)
    name = "created_at";
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "sd-sort"), name) == 0)
        {
          gtk_column_view_sort_by_column (self->column_view, column, order);
          return;
        }
    }
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
}

static void
add_column (SdAccountsPage *self,
            const char     *id,
            const char     *sort,
            const char     *title,
            GCallback       setup,
            GCallback       bind,
            int             text_column,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (text_column));
  g_signal_connect (factory, "setup", setup, self);
  if (bind != NULL)
    g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  sd_column_widths_set_id (column, id);
  if (sort != NULL)
    {
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_sort, column, NULL));

      g_object_set_data (G_OBJECT (column), "sd-sort", (gpointer) sort);
      gtk_column_view_column_set_sorter (column, sorter);
    }
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
add_columns (SdAccountsPage *self)
{
  /* The seed's columns, in its order; those the server sorts by (sort=)
   * are sortable */
  add_column (self, "login", "login", _("Account"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_LOGIN, TRUE);
  add_column (self, "name", "name", _("Name"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_NAME, TRUE);
  add_column (self, "kind", "kind", _("Account type"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_KIND, FALSE);
  add_column (self, "enabled", "enabled", _("Enabled"), G_CALLBACK (setup_switch),
              G_CALLBACK (bind_switch), 0, FALSE);
  add_column (self, "certificates", NULL, _("Certificates"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_CERTIFICATES, FALSE);
  add_column (self, "created", "created_at", _("Created"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_CREATED, FALSE);
  add_column (self, "updated", "updated_at", _("Updated"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_UPDATED, FALSE);
  add_column (self, "updated-by", NULL, _("Updated by"), G_CALLBACK (setup_label),
              G_CALLBACK (bind_label), TEXT_UPDATED_BY, FALSE);
  add_column (self, "actions", NULL, _("Actions"), G_CALLBACK (setup_actions),
              G_CALLBACK (bind_actions), 0, FALSE);
}

void
sd_accounts_page_set_client (SdAccountsPage   *self,
                             SdPlatformClient *client)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (SD_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (client));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_set_object (&self->client, client);
  g_clear_object (&self->model);
  self->model = sd_platform_list_model_new (client, SD_PLATFORM_LIST_ACCOUNTS, 0);
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
  sd_platform_list_model_set_sort (self->model, *self->sort_column != '\0' ? self->sort_column : NULL,
                                   self->sort_descending);
  on_per_page_selected (self);
  update_pager (self);
  on_search (self);
}

void
sd_accounts_page_reload (SdAccountsPage *self)
{
  g_return_if_fail (SD_IS_ACCOUNTS_PAGE (self));

  load (self);
}

void
sd_accounts_page_focus_filter (SdAccountsPage *self)
{
  g_return_if_fail (SD_IS_ACCOUNTS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
}

SdPlatformListModel *
sd_accounts_page_get_model (SdAccountsPage *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNTS_PAGE (self), NULL);

  return self->model;
}

static void
sd_accounts_page_dispose (GObject *object)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ACCOUNTS_PAGE);
  /* The template's top child is not bound, so not disposed with it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_accounts_page_parent_class)->dispose (object);
}

static void
sd_accounts_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SORT_COLUMN:
      g_value_set_string (value, self->sort_column);
      break;
    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->sort_descending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_accounts_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (object);
  const char *column;

  switch (prop_id)
    {
    case PROP_SORT_COLUMN:
      column = g_value_get_string (value);
      sort_by (self, column != NULL ? column : "", self->sort_descending);
      break;
    case PROP_SORT_DESCENDING:
      sort_by (self, self->sort_column, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_accounts_page_finalize (GObject *object)
{
  SdAccountsPage *self = SD_ACCOUNTS_PAGE (object);

  g_free (self->sort_column);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_accounts_page_parent_class)->finalize (object);
}

static void
sd_accounts_page_class_init (SdAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_accounts_page_dispose;
  object_class->finalize = sd_accounts_page_finalize;
  object_class->get_property = sd_accounts_page_get_property;
  object_class->set_property = sd_accounts_page_set_property;

  /* The API's sort= name, "" for the server's creation order */
  properties[PROP_SORT_COLUMN] =
    g_param_spec_string ("sort-column", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, login_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, enabled_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, per_page_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, SdAccountsPage, page_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_search);
  gtk_widget_class_bind_template_callback (widget_class, on_reset);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_page);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_account);
  gtk_widget_class_install_action (widget_class, "accounts.edit", "x", edit_account);
  gtk_widget_class_install_action (widget_class, "accounts.assign-roles", "x", assign_roles);
  gtk_widget_class_install_action (widget_class, "accounts.certificates", "x",
                                   manage_certificates);
  gtk_widget_class_install_property_action (widget_class, "accounts.sort-column", "sort-column");
  gtk_widget_class_install_property_action (widget_class, "accounts.sort-descending",
                                            "sort-descending");
}

static void
sd_accounts_page_init (SdAccountsPage *self)
{
  g_autoptr(GtkStringList) sizes = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->sort_column = g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (per_page_sizes); i++)
    {
      g_autofree char *text = g_strdup_printf (_("%u / page"), per_page_sizes[i]);

      gtk_string_list_append (sizes, text);
    }
  gtk_drop_down_set_model (self->per_page_dropdown, G_LIST_MODEL (sizes));
  g_signal_connect_object (self->per_page_dropdown, "notify::selected",
                           G_CALLBACK (on_per_page_selected), self, G_CONNECT_SWAPPED);
  add_columns (self);
  sd_column_widths_track (self->column_view, "accounts");
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sort_changed), self, G_CONNECT_SWAPPED);
}
