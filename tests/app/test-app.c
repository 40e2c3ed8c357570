/* test-app.c: the desktop app's window, driven in-process against the
 * real platform server: connect, sign in as the demo's zirol, the accounts
 * (账号管理) with their columns, filtering by name, the pager, the
 * account dialogs, 分配角色, 数字证书管理 (USB key diagnostics, 解绑), and
 * the 操作日志 of all that
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each screen is saved as a PNG in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <adwaita.h>

#include "sd-account-dialog.h"
#include "sd-accounts-page.h"
#include "sd-audit-page.h"
#include "sd-certificates-dialog.h"
#include "sd-id-codes.h"
#include "sd-roles-dialog.h"
#include "sd-signin-page.h"
#include "sd-window-private.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

static SdWindow *window;

static void
screenshot (const char *name)
{
  g_autoptr(GdkTexture) shot = sd_test_screenshot (window, name);
}

static const char *
visible_name (gpointer stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
loaded_n_items (gpointer data)
{
  SdAccountsPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  SdPlatformListModel *model = sd_accounts_page_get_model (page);

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (data);
}

/* Connect, then 账号登录 as zirol */
static void
test_sign_in (void)
{
  SdSigninPage *page;

  REQUIRE_SERVER ();

  sd_test_wait_until (sd_test_drawn, window, "the window");
  page = sd_test_template_child (window, SD_TYPE_WINDOW, "signin_page");
  g_assert_cmpstr (visible_name (sd_test_template_child (window, SD_TYPE_WINDOW, "stack")), ==, "signin");
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "url_row"), shared_server.url);
  screenshot ("signin-connect");
  sd_test_click (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "connect_button"));
  sd_test_wait_until (sd_test_shows_password_view, window, "the password sign-in");

  /* A wrong password: the server's message, and still on the sign-in */
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "login_row"), "zirol");
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "password_row"), "wrong-password");
  sd_test_click (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "sign_in_button"));
  sd_test_wait_until ((SdTestCondition) gtk_revealer_get_reveal_child,
              sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "message_revealer"), "an error");
  g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "message_label")),
                   !=, "");
  g_assert_false (sd_test_shows_platform (window));
  screenshot ("signin-password-error");

  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "password_row"),
                         shared_server.password);
  sd_test_click (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "sign_in_button"));
  sd_test_wait_until (sd_test_shows_platform, window, "the platform's screens");
}

/* The seed's table: the demo's three accounts, its columns, 共 3 条 */
static void
test_accounts (void)
{
  static const char *titles[] = {
    "账号", "姓名", "用户类型", "启用状态", "数字证书个数", "创建时间", "更新时间", "更新人", "操作",
  };
  SdAccountsPage *page;
  SdPlatformListModel *model;
  GListModel *columns;
  g_autoptr(GHashTable) logins = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean translated = g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, "Account"), "账号") == 0;

  REQUIRE_SERVER ();
  g_assert_true (sd_test_shows_platform (window));

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  sd_test_wait_until (loaded_n_items, GUINT_TO_POINTER (3), "the demo's accounts");
  model = sd_accounts_page_get_model (page);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SdPlatformAccount) account = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_hash_table_add (logins, (gpointer) sd_platform_account_get_login (account));
    }
  g_assert_true (g_hash_table_contains (logins, "zirol"));
  g_assert_true (g_hash_table_contains (logins, "you"));
  g_assert_true (g_hash_table_contains (logins, "mu"));

  columns = gtk_column_view_get_columns (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE,
                                                         "column_view"));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  /* The seed's words once the translation has them */
  if (translated)
    for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
      }
  else
    g_test_message ("po/zh_CN.po has no translation of the app yet: titles not compared");

  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE,
                                                                "total_label")), "3"));
  g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "page_label")),
                   ==, "1 / 1");
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE,
                                                           "next_button")));
  screenshot ("accounts");
}

/* 姓名 [木] 查询: only mu; 重置 brings the three back */
static void
test_filter_by_name (void)
{
  SdAccountsPage *page;
  g_autoptr(SdPlatformAccount) account = NULL;

  REQUIRE_SERVER ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "name_entry"), "木");
  sd_test_click (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "search_button"));
  sd_test_wait_until (loaded_n_items, GUINT_TO_POINTER (1), "the filtered accounts");
  account = g_list_model_get_item (G_LIST_MODEL (sd_accounts_page_get_model (page)), 0);
  g_assert_cmpstr (sd_platform_account_get_login (account), ==, "mu");
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE,
                                                                "total_label")), "1"));
  screenshot ("accounts-filtered");

  /* Ctrl+F's action: the first filter gets the focus */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-filter", NULL));
  /* (the entry's text inside it, in fact) */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE,
                                                         "login_entry")));
}

static void
type_text (gpointer    widget,
           GType       type,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sd_test_template_child (widget, type, name)), text);
}

/* The dialog has the account and waits for the user */
static gboolean
account_dialog_ready (gpointer dialog)
{
  return !gtk_spinner_get_spinning (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "spinner"))
         && gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "save_button"));
}

/* 新增: the ID number checked as typed, the server's refusals next to
 * their fields, then the account, its temporary password and 共 4 条 */
static void
test_add_account (void)
{
  SdAccountsPage *page;
  SdAccountDialog *dialog;
  GtkWidget *save;
  AdwMessageDialog *message;
  SdPlatformAccount *account;
  g_autofree char *id_number = make_id_number ("11010519800101123");

  REQUIRE_SERVER ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  type_text (page, SD_TYPE_ACCOUNTS_PAGE, "name_entry", "");
  sd_test_click (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "search_button"));
  sd_test_wait_until (loaded_n_items, GUINT_TO_POINTER (3), "the unfiltered accounts");

  sd_test_click (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "add_button"));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ACCOUNT_DIALOG, "the 新增 dialog");
  save = sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save));
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "login_entry", "you");
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "name_entry", "新人");
  g_assert_true (gtk_widget_is_sensitive (save));

  /* The ID number as it is typed: a letter at once, a wrong check
   * character once complete */
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_entry", "1101");
  g_assert_false (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_error")));
  g_assert_false (gtk_widget_is_sensitive (save));
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_entry", "1101a");
  g_assert_true (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_error")));
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_entry", "110105194912310021");
  g_assert_true (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_error")));
  g_assert_false (gtk_widget_is_sensitive (save));
  g_object_unref (sd_test_screenshot (dialog, "account-new-id-number"));
  /* zirol's (the demo's) in lower case: valid */
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_entry", "11010519491231002x");
  g_assert_false (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_error")));
  g_assert_true (gtk_widget_is_sensitive (save));

  /* The server: the login is taken */
  sd_test_click (save);
  sd_test_wait_until (sd_test_label_shown, sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "login_error"),
              "the login's error");
  g_assert_false (gtk_revealer_get_reveal_child (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG,
                                                                 "message_revealer")));
  g_object_unref (sd_test_screenshot (dialog, "account-new-login-taken"));

  /* A phone the server refuses (its error names the field) */
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "login_entry", "xin");
  g_assert_false (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "login_error")));
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "phone_entry", "138-call-me");
  sd_test_click (save);
  sd_test_wait_until (sd_test_label_shown, sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "phone_error"),
              "the phone's error");

  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "phone_entry", "138 0013 8000");
  g_assert_false (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "phone_error")));
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "id_number_entry", id_number);
  sd_test_click (save);
  sd_test_wait_toplevel_gone (SD_TYPE_ACCOUNT_DIALOG, "the dialog to close");
  message = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the temporary password");
  g_object_unref (sd_test_screenshot (message, "account-new-password"));
  sd_test_respond (message, "close");
  sd_test_wait_until (loaded_n_items, GUINT_TO_POINTER (4), "the new account in the list");
  account = sd_test_listed_account (window, "xin");
  g_assert_nonnull (account);
  g_assert_cmpstr (sd_platform_account_get_name (account), ==, "新人");
  g_assert_cmpint (sd_platform_account_get_kind (account), ==, SD_PLATFORM_ACCOUNT_KIND_SUB);
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE,
                                                                "total_label")), "4"));
}

static void
on_renamed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPlatformAccount) account = NULL;

  account = sd_platform_client_update_account_finish (SD_PLATFORM_CLIENT (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static gboolean
shows_name (gpointer name)
{
  SdPlatformAccount *account = sd_test_listed_account (window, "xin");

  return account != NULL && g_strcmp0 (sd_platform_account_get_name (account), name) == 0;
}

/* 编辑 (the row's action): the unmasked ID number, someone else's edit in
 * between (ETag conflict), then the edit */
static void
test_edit_account (void)
{
  SdAccountsPage *page;
  SdAccountDialog *dialog;
  SdPlatformAccount *account;
  g_autofree char *id_number = make_id_number ("11010519800101123");
  SdPlatformAccountUpdate rename = {
    .fields = SD_PLATFORM_ACCOUNT_UPDATE_NAME,
    .name = "别人改的",
  };
  gboolean renamed = FALSE;

  REQUIRE_SERVER ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  account = sd_test_listed_account (window, "xin");
  g_assert_nonnull (account);
  g_assert_cmpstr (sd_platform_account_get_id_number (account), !=, id_number);  /* masked */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.edit", "x",
                                             sd_platform_account_get_id (account)));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ACCOUNT_DIALOG, "the 编辑 dialog");
  sd_test_wait_until (account_dialog_ready, dialog, "the account in the dialog");
  g_assert_cmpstr (gtk_editable_get_text (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG,
                                                          "id_number_entry")), ==, id_number);
  g_assert_false (gtk_editable_get_editable (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG,
                                                             "login_entry")));
  g_object_unref (sd_test_screenshot (dialog, "account-edit"));

  /* Someone else renames it meanwhile */
  sd_platform_client_update_account_async (window->client, account, &rename, NULL, on_renamed,
                                           &renamed);
  sd_test_wait_until (flag_set, &renamed, "the other edit");
  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "name_entry", "新人甲");
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "save_button"));
  sd_test_wait_until ((SdTestCondition) gtk_revealer_get_reveal_child,
              sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "message_revealer"),
              "the conflict's message");
  sd_test_wait_until (account_dialog_ready, dialog, "the account reloaded");
  g_assert_cmpstr (gtk_editable_get_text (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG,
                                                          "name_entry")), ==, "别人改的");
  g_object_unref (sd_test_screenshot (dialog, "account-edit-conflict"));

  type_text (dialog, SD_TYPE_ACCOUNT_DIALOG, "name_entry", "新人甲");
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "save_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_ACCOUNT_DIALOG, "the dialog to close");
  sd_test_wait_until (shows_name, (gpointer) "新人甲", "the edit in the list");
  screenshot ("accounts-edited");
}

static gboolean
roles_listed (gpointer dialog)
{
  GtkWidget *list = sd_test_template_child (dialog, SD_TYPE_ROLES_DIALOG, "role_list");

  return gtk_widget_get_first_child (list) != NULL
         && gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_ROLES_DIALOG, "save_button"));
}

/* The check button of the role row @index of the dialog's list */
static GtkCheckButton *
role_check (gpointer dialog,
            int      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (sd_test_template_child (dialog, SD_TYPE_ROLES_DIALOG,
                                                                      "role_list"), index);
  GtkWidget *check;

  g_assert_nonnull (row);
  check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  return GTK_CHECK_BUTTON (check);
}

static gboolean
has_two_roles (gpointer data)
{
  SdPlatformAccount *account = sd_test_listed_account (window, "xin");
  guint n = 0;

  if (account != NULL)
    sd_platform_account_get_role_ids (account, &n);
  return n == 2;
}

/* 分配角色: two roles as chips, × takes one away, 确定 */
static void
test_assign_roles (void)
{
  SdAccountsPage *page;
  SdRolesDialog *dialog;
  SdPlatformAccount *account;
  GtkWidget *chips, *chip, *remove;
  int first = -1, second = -1;

  REQUIRE_SERVER ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  account = sd_test_listed_account (window, "xin");
  g_assert_nonnull (account);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.assign-roles", "x",
                                             sd_platform_account_get_id (account)));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ROLES_DIALOG, "the 分配角色 dialog");
  sd_test_wait_until (roles_listed, dialog, "the roles");
  chips = sd_test_template_child (dialog, SD_TYPE_ROLES_DIALOG, "chips");
  g_assert_cmpuint (sd_test_n_children (chips), ==, 0);

  /* Two roles a sub-account may hold: not 超级管理员 (the main account's) */
  for (int i = 0; second < 0; i++)
    {
      GtkCheckButton *check = role_check (dialog, i);
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      if (g_strcmp0 (title, "超级管理员") == 0)
        continue;
      if (first < 0)
        first = i;
      else
        second = i;
    }
  gtk_check_button_set_active (role_check (dialog, first), TRUE);
  gtk_check_button_set_active (role_check (dialog, second), TRUE);
  g_assert_cmpuint (sd_test_n_children (chips), ==, 2);
  g_object_unref (sd_test_screenshot (dialog, "assign-roles"));

  /* × on the first chip unchecks its role */
  chip = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_first_child (chips)));
  remove = gtk_widget_get_last_child (chip);
  sd_test_click (remove);
  g_assert_cmpuint (sd_test_n_children (chips), ==, 1);
  g_assert_false (gtk_check_button_get_active (role_check (dialog, first)));
  gtk_check_button_set_active (role_check (dialog, first), TRUE);
  g_assert_cmpuint (sd_test_n_children (chips), ==, 2);

  sd_test_click (sd_test_template_child (dialog, SD_TYPE_ROLES_DIALOG, "save_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_ROLES_DIALOG, "the dialog to close");
  sd_test_wait_until (has_two_roles, NULL, "the account's two roles");
}

static gboolean
bindings_loaded (gpointer data)
{
  SdCertificatesDialog *dialog = sd_test_find_toplevel (SD_TYPE_CERTIFICATES_DIALOG);
  SdPlatformListModel *model = dialog != NULL ? sd_certificates_dialog_get_model (dialog) : NULL;

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && sd_platform_list_model_get_total (model) == GPOINTER_TO_UINT (data)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (data);
}

static gboolean
zirol_has_certificates (gpointer n)
{
  SdPlatformAccount *account = sd_test_listed_account (window, "zirol");

  return account != NULL
         && sd_platform_account_get_certificate_count (account) == GPOINTER_TO_UINT (n);
}

/* 数字证书管理 on zirol's row: 账号 and 姓名, the hint, the seed's columns
 * (with seed 004's 是否管理员), the demo's two bindings; the USB key diagnostics; 解绑 one (confirmed),
 * and the row's 数字证书个数 goes down to 1 */
static void
test_certificates (void)
{
  static const char *titles[] = {
    "数字证书类型", "数字证书服务号", "是否管理员", "绑定时间", "更新人", "操作",
  };
  gboolean translated = g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, "Certificate type"),
                                   "数字证书类型") == 0;
  SdAccountsPage *page;
  SdCertificatesDialog *dialog;
  SdPlatformAccount *account;
  AdwMessageDialog *message;
  GtkWidget *scrolled, *list;
  GListModel *columns;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autoptr(SdPlatformBinding) kept = NULL;
  g_autoptr(SdPlatformBinding) left = NULL;

  REQUIRE_SERVER ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  account = sd_test_listed_account (window, "zirol");
  g_assert_nonnull (account);
  g_assert_cmpuint (sd_platform_account_get_certificate_count (account), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.certificates", "x",
                                             sd_platform_account_get_id (account)));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_CERTIFICATES_DIALOG, "the 数字证书管理 dialog");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (2), "zirol's two bindings");
  g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                       "account_label")), ==, "zirol");
  g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                       "name_label")), ==,
                   sd_platform_account_get_name (account));
  g_assert_true (sd_test_label_shown (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG, "hint_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                                "total_label")), "2"));
  columns = gtk_column_view_get_columns (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                         "column_view"));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  if (translated)
    {
      g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                           "hint_label")),
                       ==, "用户绑定数字证书才可进行签章操作");
      for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
        }
    }
  else
    g_test_message ("po/zh_CN.po has no translation of the certificates dialog yet: "
                    "titles not compared");
  binding = g_list_model_get_item (G_LIST_MODEL (sd_certificates_dialog_get_model (dialog)), 0);
  kept = g_list_model_get_item (G_LIST_MODEL (sd_certificates_dialog_get_model (dialog)), 1);
  g_assert_nonnull (sd_platform_binding_get_service_number (binding));
  g_object_unref (sd_test_screenshot (dialog, "certificates"));

  /* USB key diagnostics: pcscd and the modules, each with what was seen */
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG, "diagnostics_button"));
  message = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the USB key diagnostics");
  scrolled = adw_message_dialog_get_extra_child (message);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  list = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (list))
    list = gtk_viewport_get_child (GTK_VIEWPORT (list));
  g_assert_true (GTK_IS_LIST_BOX (list));
  g_assert_cmpuint (sd_test_n_children (list), >=, 1);
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);

    g_assert_true (ADW_IS_ACTION_ROW (row));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  }
  g_object_unref (sd_test_screenshot (message, "certificates-diagnostics"));
  sd_test_respond (message, "close");
  sd_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, "the diagnostics to close");
  g_assert_true (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                          "diagnostics_button")));

  /* 解绑, first declined, then confirmed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "certificates.unbind", "x",
                                             sd_platform_binding_get_id (binding)));
  message = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the 解绑 confirmation");
  sd_test_respond (message, "cancel");
  sd_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, "the confirmation to close");
  g_assert_true (bindings_loaded (GUINT_TO_POINTER (2)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "certificates.unbind", "x",
                                             sd_platform_binding_get_id (binding)));
  message = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the 解绑 confirmation");
  g_object_unref (sd_test_screenshot (message, "certificates-unbind"));
  sd_test_respond (message, "unbind");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (1), "one binding left");
  left = g_list_model_get_item (G_LIST_MODEL (sd_certificates_dialog_get_model (dialog)), 0);
  g_assert_cmpint (sd_platform_binding_get_id (left), ==, sd_platform_binding_get_id (kept));
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                                "total_label")), "1"));
  g_assert_false (gtk_revealer_get_reveal_child (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG,
                                                                 "message_revealer")));
  sd_test_wait_until (zirol_has_certificates, GUINT_TO_POINTER (1), "zirol's 数字证书个数 at 1");
  g_object_unref (sd_test_screenshot (dialog, "certificates-unbound"));

  sd_test_click (sd_test_template_child (dialog, SD_TYPE_CERTIFICATES_DIALOG, "close_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_CERTIFICATES_DIALOG, "the dialog to close");
  screenshot ("accounts-certificate-unbound");
}

static gboolean
audit_loaded (gpointer data)
{
  SdAuditPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "audit_page");
  SdPlatformListModel *model = sd_audit_page_get_model (page);

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && !gtk_spinner_get_spinning (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "spinner"));
}

/* 查询 with the filters as set, and the entries the server returned */
static GListModel *
audit_search (SdAuditPage *page)
{
  SdPlatformListModel *model = sd_audit_page_get_model (page);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  sd_test_click (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "search_button"));
  /* the load starts at once */
  g_assert_true (sd_platform_list_model_get_loading (model));
  while (sd_platform_list_model_get_loading (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  sd_test_wait_until (audit_loaded, NULL, "the audit log");
  g_assert_false (gtk_revealer_get_reveal_child (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE,
                                                                 "error_revealer")));
  return G_LIST_MODEL (model);
}

static SdPlatformAuditEntry *
find_entry (GListModel *entries,
            const char *action,
            const char *actor)
{
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SdPlatformAuditEntry) entry = g_list_model_get_item (entries, i);

      if (g_strcmp0 (sd_platform_audit_entry_get_action (entry), action) == 0
          && g_strcmp0 (sd_platform_audit_entry_get_actor_login (entry), actor) == 0)
        return entry;
    }
  return NULL;
}

/* 操作日志 from the sidebar: the 解绑, the new account and its roles of the
 * tests before, by type and operator; a date range; the pager */
static void
test_audit (void)
{
  GtkListBox *sidebar;
  GtkListBoxRow *row;
  SdAuditPage *page;
  GListModel *entries;
  SdPlatformListModel *model;
  SdPlatformAuditEntry *entry;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint64 all;

  REQUIRE_SERVER ();

  sidebar = sd_test_template_child (window, SD_TYPE_WINDOW, "sidebar");
  for (row = gtk_list_box_get_row_at_index (sidebar, 0);
       g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), "audit") != 0;
       row = GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (row))))
    ;
  gtk_list_box_select_row (sidebar, row);
  g_signal_emit_by_name (sidebar, "row-activated", row);
  g_assert_cmpstr (visible_name (sd_test_template_child (window, SD_TYPE_WINDOW, "content_stack")), ==,
                   "audit");
  page = sd_test_template_child (window, SD_TYPE_WINDOW, "audit_page");
  model = sd_audit_page_get_model (page);
  sd_test_wait_until (audit_loaded, NULL, "the audit log");
  all = sd_platform_list_model_get_total (model);
  g_assert_cmpuint (all, >, 10);
  screenshot ("audit");

  /* 类型: 证书 — zirol's 解绑 */
  gtk_drop_down_set_selected (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "category_dropdown"), 4);
  entries = audit_search (page);
  g_assert_cmpuint (g_list_model_get_n_items (entries), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SdPlatformAuditEntry) each = g_list_model_get_item (entries, i);

      g_assert_cmpstr (sd_platform_audit_entry_get_category (each), ==, "certificate");
    }
  entry = find_entry (entries, "certificate.unbind", "zirol");
  g_assert_nonnull (entry);
  g_assert_true (sd_platform_audit_entry_get_success (entry));
  screenshot ("audit-certificates");

  /* 类型: 账号, 操作人 zirol — xin added, then its roles */
  gtk_drop_down_set_selected (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "category_dropdown"), 2);
  type_text (page, SD_TYPE_AUDIT_PAGE, "actor_entry", "zirol");
  entries = audit_search (page);
  g_assert_nonnull (find_entry (entries, "account.create", "zirol"));
  g_assert_nonnull (find_entry (entries, "account.roles", "zirol"));
  g_assert_null (find_entry (entries, "certificate.unbind", "zirol"));
  type_text (page, SD_TYPE_AUDIT_PAGE, "actor_entry", "nobody");
  entries = audit_search (page);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);

  /* Dates: a month long ago has nothing, today everything; a date that
   * is none is marked and not searched */
  sd_test_click (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "reset_button"));
  sd_test_wait_until (audit_loaded, NULL, "the audit log");
  type_text (page, SD_TYPE_AUDIT_PAGE, "from_entry", "2000-13-01");
  g_assert_true (gtk_widget_has_css_class (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "from_entry"),
                                           "error"));
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE,
                                                           "search_button")));
  type_text (page, SD_TYPE_AUDIT_PAGE, "from_entry", "2000-01-01");
  type_text (page, SD_TYPE_AUDIT_PAGE, "to_entry", "2000-01-31");
  entries = audit_search (page);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);
  g_assert_cmpuint (sd_platform_list_model_get_total (model), ==, 0);
  type_text (page, SD_TYPE_AUDIT_PAGE, "from_entry", today);
  type_text (page, SD_TYPE_AUDIT_PAGE, "to_entry", today);
  entries = audit_search (page);
  g_assert_cmpuint (sd_platform_list_model_get_total (model), >=, all);

  /* The pager: 10 a page, the second page */
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 10);
  sd_test_click (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "next_button"));
  g_assert_true (sd_platform_list_model_get_loading (model));
  while (sd_platform_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  sd_test_wait_until (audit_loaded, NULL, "the second page");
  g_assert_cmpuint (sd_platform_list_model_get_page (model), ==, 2);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE,
                                                                       "page_label")), "2 / "));
  g_assert_true (gtk_widget_is_sensitive (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE,
                                                          "previous_button")));
  screenshot ("audit-page-2");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/app/sign-in", test_sign_in);
  g_test_add_func ("/app/accounts", test_accounts);
  g_test_add_func ("/app/accounts/filter-by-name", test_filter_by_name);
  g_test_add_func ("/app/accounts/add", test_add_account);
  g_test_add_func ("/app/accounts/edit", test_edit_account);
  g_test_add_func ("/app/accounts/assign-roles", test_assign_roles);
  g_test_add_func ("/app/accounts/certificates", test_certificates);
  g_test_add_func ("/app/audit/log", test_audit);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  server_stop (&shared_server);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  return status;
}
