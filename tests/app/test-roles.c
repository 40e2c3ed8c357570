/* test-roles.c: 角色管理 driven in-process against the real platform
 * server: the roles and their permissions, a custom role added with two
 * permissions and edited, a role in use that the server keeps (naming its
 * holders), an unused one deleted, the built-in ones left alone; then
 * 账号管理 sorted on the server across pages, the column widths and window
 * size kept in GSettings, the icon buttons' names, and the 操作日志 of the
 * role changes with their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each screen is saved as a PNG in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <adwaita.h>

#include "sd-accounts-page.h"
#include "sd-application.h"
#include "sd-audit-page.h"
#include "sd-role-dialog.h"
#include "sd-roles-page.h"
#include "sd-window-private.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

/* Names out of order, so that sorting by 姓名 moves them */
static const char * const seeded_names[] = {
  "王五", "Alice", "赵六", "bob", "李四", "张三", "Carol", "钱七", "孙八", "周九", "吴十", "郑一",
};

static SdWindow *window;
static SdPlatformClient *admin;
static gint64 custom_role_id;

static void
screenshot (gpointer    toplevel,
            const char *name)
{
  g_autoptr(GdkTexture) shot = sd_test_screenshot (toplevel, name);
}

static const char *
visible_name (gpointer stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
revealed (gpointer revealer)
{
  return gtk_revealer_get_reveal_child (revealer);
}

static const char *
translated (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

static void
show_sidebar_page (const char *name)
{
  GtkListBox *sidebar = sd_test_template_child (window, SD_TYPE_WINDOW, "sidebar");
  GtkListBoxRow *row;

  for (row = gtk_list_box_get_row_at_index (sidebar, 0);
       row != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), name) != 0;
       row = GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (row))))
    ;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  gtk_list_box_select_row (sidebar, row);
  g_signal_emit_by_name (sidebar, "row-activated", row);
  g_assert_cmpstr (visible_name (sd_test_template_child (window, SD_TYPE_WINDOW, "content_stack")),
                   ==, name);
}

/* Every GtkLabel text under @widget, for what the cells show */
static void
collect_label_texts (GtkWidget *widget,
                     GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_label_texts (widget, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* A label whose text has @part in it */
static gboolean
shows_text_part (GtkWidget  *widget,
                 const char *part)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_label_texts (widget, texts);
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* Roles */

static SdRolesPage *
roles_page (void)
{
  return sd_test_template_child (window, SD_TYPE_WINDOW, "roles_page");
}

static gboolean
roles_loaded (gpointer n_items)
{
  SdPlatformListModel *model = sd_roles_page_get_model (roles_page ());

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (n_items);
}

static SdPlatformRole *
listed_role (const char *name)
{
  GListModel *model = G_LIST_MODEL (sd_roles_page_get_model (roles_page ()));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SdPlatformRole) role = g_list_model_get_item (model, i);

      if (g_strcmp0 (sd_platform_role_get_name (role), name) == 0)
        return role;
    }
  return NULL;
}

static void
reload_roles (guint n_items)
{
  sd_roles_page_reload (roles_page ());
  sd_test_wait_until (roles_loaded, GUINT_TO_POINTER (n_items), "the roles");
}

static gboolean
role_dialog_ready (gpointer dialog)
{
  return !gtk_spinner_get_spinning (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "spinner"))
         && sd_test_permission_check (dialog, "audit.read") != NULL;
}

/* zirol (超级管理员) sees 角色管理 with the three built-in roles */
static void
test_roles_list (void)
{
  SdRolesPage *page;
  SdPlatformRole *role;

  REQUIRE_SERVER ();

  sd_test_sign_in (window, shared_server.url, "zirol", shared_server.password);
  show_sidebar_page ("roles");
  page = roles_page ();
  sd_test_wait_until (roles_loaded, GUINT_TO_POINTER (3), "the built-in roles");
  role = listed_role ("超级管理员");
  g_assert_nonnull (role);
  g_assert_true (sd_platform_role_has_permission (role, "roles.manage"));
  g_assert_nonnull (listed_role ("质量负责人"));
  g_assert_nonnull (listed_role ("操作员"));
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ROLES_PAGE,
                                                                        "total_label")), "3"));
  /* The permissions in words, the built-in ones marked */
  g_assert_true (shows_text (GTK_WIDGET (page), translated ("Cannot be changed")));
  g_assert_true (shows_text_part (GTK_WIDGET (page), g_dpgettext2 (GETTEXT_PACKAGE, "permission",
                                                                   "Use seals")));
  screenshot (window, "roles");
}

static gboolean
frames_passed (gpointer counter)
{
  return ++*(guint *) counter > 10;
}

/* The dark style: the table's rows turn dark, their text light */
static void
test_roles_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *view = sd_test_template_child (roles_page (), SD_TYPE_ROLES_PAGE, "column_view");
  graphene_point_t corner;
  g_autoptr(GdkTexture) shot = NULL;
  guint8 rgb[3];
  guint frames = 0;

  REQUIRE_SERVER ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  sd_test_wait_until (frames_passed, &frames, "the dark style");
  shot = sd_test_screenshot (window, "roles-dark");
  /* Below the last row of the table: its background */
  g_assert_true (gtk_widget_compute_point (view, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (20, gtk_widget_get_height (view) - 20),
                                           &corner));
  sd_test_pixel (shot, (int) corner.x, (int) corner.y, rgb);
  g_assert_cmpuint (rgb[0] + rgb[1] + rgb[2], <, 3 * 90);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Built-in roles: no dialog, and the page says why */
static void
test_builtin_read_only (void)
{
  SdRolesPage *page = roles_page ();
  SdPlatformRole *role;

  REQUIRE_SERVER ();

  role = listed_role ("操作员");
  g_assert_nonnull (role);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roles.edit", "x",
                                             sd_platform_role_get_id (role)));
  g_assert_null (sd_test_find_toplevel (SD_TYPE_ROLE_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roles.delete", "x",
                                             sd_platform_role_get_id (role)));
  g_assert_null (sd_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (revealed (sd_test_template_child (page, SD_TYPE_ROLES_PAGE, "error_revealer")));
  g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ROLES_PAGE,
                                                               "error_label")),
                   ==, translated ("Built-in roles cannot be changed or deleted."));
}

/* 新增: a taken name under the name field, then 审计员 with two permissions */
static void
test_add_role (void)
{
  SdRolesPage *page = roles_page ();
  SdRoleDialog *dialog;
  GtkWidget *save;
  GtkLabel *name_error;
  SdPlatformRole *role;

  REQUIRE_SERVER ();

  sd_test_click (sd_test_template_child (page, SD_TYPE_ROLES_PAGE, "add_button"));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ROLE_DIALOG, "the 新增 dialog");
  sd_test_wait_until (role_dialog_ready, dialog, "the permissions");
  save = sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save));
  /* 保存(_S): a mnemonic in the translation too */
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (save)));
  g_assert_nonnull (strchr (gtk_button_get_label (GTK_BUTTON (save)), '_'));
  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "name_entry"),
                         "超级管理员");
  gtk_check_button_set_active (sd_test_permission_check (dialog, "accounts.read"), TRUE);
  gtk_check_button_set_active (sd_test_permission_check (dialog, "audit.read"), TRUE);
  sd_test_click (save);
  name_error = sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "name_error");
  sd_test_wait_until (sd_test_label_shown, name_error, "the name's error");
  /* The server's words, in Chinese */
  g_assert_cmpstr (gtk_label_get_text (name_error), ==,
                   translated ("A role with this name already exists."));
  g_assert_false (revealed (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG,
                                                    "message_revealer")));
  screenshot (dialog, "role-name-taken");

  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "name_entry"),
                         "审计员");
  g_assert_false (sd_test_label_shown (name_error));
  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "description_entry"),
                         "查看账号和操作日志");
  screenshot (dialog, "role-new");
  sd_test_click (save);
  sd_test_wait_toplevel_gone (SD_TYPE_ROLE_DIALOG, "the dialog to close");
  sd_test_wait_until (roles_loaded, GUINT_TO_POINTER (4), "the new role in the list");
  role = listed_role ("审计员");
  g_assert_nonnull (role);
  g_assert_cmpint (sd_platform_role_get_builtin (role), ==, SD_PLATFORM_BUILTIN_ROLE_NONE);
  g_assert_cmpuint (g_strv_length ((GStrv) sd_platform_role_get_permissions (role)), ==, 2);
  g_assert_true (sd_platform_role_has_permission (role, "accounts.read"));
  g_assert_true (sd_platform_role_has_permission (role, "audit.read"));
  g_assert_cmpstr (sd_platform_role_get_updated_by (role), ==, "zirol");
  custom_role_id = sd_platform_role_get_id (role);
}

/* 编辑: the dialog has the role; 账号 out, 印章 in, a new name */
static void
test_edit_role (void)
{
  SdRolesPage *page = roles_page ();
  SdRoleDialog *dialog;
  SdPlatformRole *role;

  REQUIRE_SERVER ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roles.edit", "x", custom_role_id));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ROLE_DIALOG, "the 编辑 dialog");
  sd_test_wait_until (role_dialog_ready, dialog, "the permissions");
  g_assert_cmpstr (gtk_editable_get_text (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG,
                                                                  "name_entry")), ==, "审计员");
  g_assert_true (gtk_check_button_get_active (sd_test_permission_check (dialog, "accounts.read")));
  g_assert_true (gtk_check_button_get_active (sd_test_permission_check (dialog, "audit.read")));
  g_assert_false (gtk_check_button_get_active (sd_test_permission_check (dialog, "seals.use")));
  screenshot (dialog, "role-edit");

  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "name_entry"),
                         "审计专员");
  gtk_check_button_set_active (sd_test_permission_check (dialog, "accounts.read"), FALSE);
  gtk_check_button_set_active (sd_test_permission_check (dialog, "seals.use"), TRUE);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_ROLE_DIALOG, "save_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_ROLE_DIALOG, "the dialog to close");
  sd_test_wait_until (roles_loaded, GUINT_TO_POINTER (4), "the roles");
  role = listed_role ("审计专员");
  g_assert_nonnull (role);
  g_assert_null (listed_role ("审计员"));
  g_assert_false (sd_platform_role_has_permission (role, "accounts.read"));
  g_assert_true (sd_platform_role_has_permission (role, "audit.read"));
  g_assert_true (sd_platform_role_has_permission (role, "seals.use"));
  screenshot (window, "roles-edited");
}

static void
confirm_delete (gint64 role_id)
{
  AdwMessageDialog *confirm;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (roles_page ()), "roles.delete", "x",
                                             role_id));
  confirm = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the confirmation");
  screenshot (confirm, "role-delete-confirm");
  sd_test_respond (confirm, "delete");
}

/* 删除 of a role an account holds: the server keeps it, the page names
 * the holder */
static void
test_delete_in_use (void)
{
  SdRolesPage *page = roles_page ();
  SdPlatformAccountCreate create = { .login = "shenji", .name = "沈计" };
  g_autoptr(SdPlatformAccount) holder = NULL;
  g_autoptr(SdPlatformAccount) assigned = NULL;
  g_autoptr(GError) error = NULL;
  const char *message;

  REQUIRE_SERVER ();

  sd_platform_client_create_account_async (admin, &create, NULL, on_ready, NULL);
  holder = sd_platform_client_create_account_finish (admin, await (), NULL, &error);
  g_assert_no_error (error);
  sd_platform_client_set_account_roles_async (admin, holder, &custom_role_id, 1, NULL, on_ready,
                                              NULL);
  assigned = sd_platform_client_set_account_roles_finish (admin, await (), &error);
  g_assert_no_error (error);
  reload_roles (4);
  g_assert_cmpuint (sd_platform_role_get_account_count (listed_role ("审计专员")), ==, 1);

  gtk_revealer_set_reveal_child (sd_test_template_child (page, SD_TYPE_ROLES_PAGE, "error_revealer"),
                                 FALSE);
  confirm_delete (custom_role_id);
  sd_test_wait_until (revealed, sd_test_template_child (page, SD_TYPE_ROLES_PAGE, "error_revealer"),
                      "the role-in-use message");
  message = gtk_label_get_text (sd_test_template_child (page, SD_TYPE_ROLES_PAGE, "error_label"));
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "审计专员"));
  g_assert_nonnull (strstr (message, "shenji"));
  g_assert_nonnull (strstr (message, "沈计"));
  sd_test_wait_until (roles_loaded, GUINT_TO_POINTER (4), "the roles");
  g_assert_nonnull (listed_role ("审计专员"));
  screenshot (window, "role-in-use");
}

/* 删除 of an unused custom role */
static void
test_delete_unused (void)
{
  SdRolesPage *page = roles_page ();
  const char * const permissions[] = { "seals.use", NULL };
  SdPlatformRoleCreate create = { .name = "临时角色", .permissions = permissions };
  g_autoptr(SdPlatformRole) role = NULL;
  g_autoptr(GError) error = NULL;

  REQUIRE_SERVER ();

  sd_platform_client_create_role_async (admin, &create, NULL, on_ready, NULL);
  role = sd_platform_client_create_role_finish (admin, await (), &error);
  g_assert_no_error (error);
  reload_roles (5);

  confirm_delete (sd_platform_role_get_id (role));
  sd_test_wait_until (roles_loaded, GUINT_TO_POINTER (4), "the role gone");
  g_assert_null (listed_role ("临时角色"));
  g_assert_false (revealed (sd_test_template_child (page, SD_TYPE_ROLES_PAGE, "error_revealer")));
}

/* 账号管理 */

static SdAccountsPage *
accounts_page (void)
{
  return sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
}

static gboolean
accounts_loaded (gpointer page)
{
  SdPlatformListModel *model = sd_accounts_page_get_model (accounts_page ());

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && sd_platform_list_model_get_page (model) == GPOINTER_TO_UINT (page)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("no column %s", title);
}

static int
compare_names_descending (gconstpointer a,
                          gconstpointer b)
{
  SdPlatformAccount *first = *(SdPlatformAccount **) a;
  SdPlatformAccount *second = *(SdPlatformAccount **) b;
  int by_name = strcmp (sd_platform_account_get_name (second), sd_platform_account_get_name (first));

  if (by_name != 0)
    return by_name;
  return sd_platform_account_get_id (second) < sd_platform_account_get_id (first) ? -1 : 1;
}

static void
append_shown_ids (GArray *ids)
{
  GListModel *model = G_LIST_MODEL (sd_accounts_page_get_model (accounts_page ()));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SdPlatformAccount) account = g_list_model_get_item (model, i);
      gint64 id = sd_platform_account_get_id (account);

      g_array_append_val (ids, id);
    }
}

/* A click on 姓名's title sorts on the server: page 2 goes on where page 1
 * ended; the sort menu's actions do the same */
static void
test_accounts_sort (void)
{
  SdAccountsPage *page = accounts_page ();
  GtkColumnView *view = sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "column_view");
  SdPlatformListModel *model;
  g_autoptr(SdPlatformListModel) everyone = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean descending = FALSE;

  REQUIRE_SERVER ();

  for (guint i = 0; i < G_N_ELEMENTS (seeded_names); i++)
    {
      g_autofree char *login = g_strdup_printf ("sort-%02u", i);
      SdPlatformAccountCreate create = { .login = login, .name = seeded_names[i] };
      g_autoptr(SdPlatformAccount) account = NULL;
      g_autoptr(GError) error = NULL;

      sd_platform_client_create_account_async (admin, &create, NULL, on_ready, NULL);
      account = sd_platform_client_create_account_finish (admin, await (), NULL, &error);
      g_assert_no_error (error);
    }
  everyone = load_list (admin, SD_PLATFORM_LIST_ACCOUNTS, 0, NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (everyone), >, 10);
  g_assert_cmpuint (sd_platform_list_model_get_total (everyone), <=, 20);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (everyone)); i++)
    g_ptr_array_add (expected, g_list_model_get_item (G_LIST_MODEL (everyone), i));
  g_ptr_array_sort (expected, compare_names_descending);

  show_sidebar_page ("accounts");
  model = sd_accounts_page_get_model (page);
  /* The title's click: sorted by the column, then the other way */
  gtk_column_view_sort_by_column (view, column_titled (view, translated ("Name")),
                                  GTK_SORT_DESCENDING);
  g_assert_cmpstr (sd_platform_list_model_get_sort (model, &descending), ==, "name");
  g_assert_true (descending);
  sd_test_wait_until (accounts_loaded, GUINT_TO_POINTER (1), "page 1 by name");
  append_shown_ids (shown);
  screenshot (window, "accounts-sorted-by-name");
  sd_test_click (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "next_button"));
  sd_test_wait_until (accounts_loaded, GUINT_TO_POINTER (2), "page 2 by name");
  append_shown_ids (shown);
  g_assert_cmpuint (shown->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (g_array_index (shown, gint64, i), ==,
                     sd_platform_account_get_id (g_ptr_array_index (expected, i)));
  screenshot (window, "accounts-sorted-by-name-page-2");

  /* The menu, for the keyboard: by 账号, going back to page 1 */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.sort-column", "s",
                                             "login"));
  g_assert_cmpstr (sd_platform_list_model_get_sort (model, &descending), ==, "login");
  g_assert_true (descending);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.sort-descending",
                                             NULL));
  g_assert_cmpstr (sd_platform_list_model_get_sort (model, &descending), ==, "login");
  g_assert_false (descending);
  sd_test_wait_until (accounts_loaded, GUINT_TO_POINTER (1), "page 1 by login");
  {
    g_autoptr(SdPlatformAccount) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    /* "mu" < "sort-00" < "you" < "zirol" */
    g_assert_cmpstr (sd_platform_account_get_login (first), ==, "mu");
  }
  /* 查询 keeps the sort */
  sd_test_click (sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "search_button"));
  g_assert_cmpstr (sd_platform_list_model_get_sort (model, NULL), ==, "login");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.sort-column", "s", ""));
  g_assert_null (sd_platform_list_model_get_sort (model, NULL));
  sd_test_wait_until (accounts_loaded, GUINT_TO_POINTER (1), "page 1 by creation");
}

static gboolean
width_saved (gpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (SD_APPLICATION_ID);
  g_autoptr(GVariant) widths = g_settings_get_value (settings, "column-widths");
  int width = 0;

  return g_variant_lookup (widths, "accounts.name", "i", &width) && width == GPOINTER_TO_INT (data);
}

/* A column dragged wider stays so in the next window; the window's size too */
static void
test_remembered_sizes (void)
{
  GtkColumnView *view = sd_test_template_child (accounts_page (), SD_TYPE_ACCOUNTS_PAGE,
                                                "column_view");
  g_autoptr(SdAccountsPage) other = NULL;
  g_autoptr(GSettings) settings = g_settings_new (SD_APPLICATION_ID);

  gtk_column_view_column_set_fixed_width (column_titled (view, translated ("Name")), 222);
  sd_test_wait_until (width_saved, GINT_TO_POINTER (222), "the saved width");
  other = g_object_ref_sink (g_object_new (SD_TYPE_ACCOUNTS_PAGE, NULL));
  view = sd_test_template_child (other, SD_TYPE_ACCOUNTS_PAGE, "column_view");
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (column_titled (view, translated ("Name"))),
                   ==, 222);

  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 740);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1180);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 740);
}

/* Icon-only buttons say what they do (tooltip, the accessible name too) */
static void
check_icon_buttons (GtkWidget *widget,
                    GPtrArray *unnamed)
{
  /* GTK's and libadwaita's own inner buttons are theirs to name */
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_WINDOW_CONTROLS (widget))
    return;
  if ((GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL
       && gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
      || (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL
          && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (tooltip == NULL || *tooltip == '\0')
        g_ptr_array_add (unnamed, (gpointer) G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_icon_buttons (child, unnamed);
}

static void
test_icon_buttons_named (void)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();

  check_icon_buttons (GTK_WIDGET (window), unnamed);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("an icon button without a name in %s", (char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

/* 操作日志: the role changes, in words */
static gboolean
audit_loaded (gpointer data)
{
  SdAuditPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "audit_page");
  SdPlatformListModel *model = sd_audit_page_get_model (page);

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static void
test_audit_labels (void)
{
  SdAuditPage *page;
  GtkWidget *view;

  REQUIRE_SERVER ();

  show_sidebar_page ("audit");
  page = sd_test_template_child (window, SD_TYPE_WINDOW, "audit_page");
  /* 类型: 角色 */
  gtk_drop_down_set_selected (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "category_dropdown"), 3);
  sd_test_click (sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "search_button"));
  while (sd_platform_list_model_get_loading (sd_audit_page_get_model (page)))
    g_main_context_iteration (NULL, TRUE);
  sd_test_wait_until (audit_loaded, NULL, "the role entries");
  /* Ctrl+F here: the operator filter */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-filter", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         sd_test_template_child (page, SD_TYPE_AUDIT_PAGE,
                                                                 "actor_entry")));
  view = sd_test_template_child (page, SD_TYPE_AUDIT_PAGE, "column_view");
  g_assert_true (shows_text (view, g_dpgettext2 (GETTEXT_PACKAGE, "audit action", "Role added")));
  g_assert_true (shows_text (view, g_dpgettext2 (GETTEXT_PACKAGE, "audit action", "Role edited")));
  g_assert_true (shows_text (view, g_dpgettext2 (GETTEXT_PACKAGE, "audit action", "Role deleted")));
  g_assert_true (shows_text (view, "审计专员"));
  g_assert_true (shows_text (view, "临时角色"));
  screenshot (window, "audit-roles");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-roles-test-XXXXXX", &error);
  g_assert_no_error (error);
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);
  else
    admin = login_admin ();

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/roles/list", test_roles_list);
  g_test_add_func ("/roles/dark", test_roles_dark);
  g_test_add_func ("/roles/built-in-read-only", test_builtin_read_only);
  g_test_add_func ("/roles/add", test_add_role);
  g_test_add_func ("/roles/edit", test_edit_role);
  g_test_add_func ("/roles/delete-in-use", test_delete_in_use);
  g_test_add_func ("/roles/delete-unused", test_delete_unused);
  g_test_add_func ("/accounts/sort", test_accounts_sort);
  g_test_add_func ("/app/remembered-sizes", test_remembered_sizes);
  g_test_add_func ("/app/icon-buttons-named", test_icon_buttons_named);
  g_test_add_func ("/audit/role-labels", test_audit_labels);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  g_clear_object (&admin);
  server_stop (&shared_server);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  return status;
}
