/* test-key-pin.c: the PIN states of a USB key in the key chooser, and
 * 权限管理 of a binding, driven in-process against the real platform
 * server and the real software SKF token (libsdskf-soft.so, sd-test-token)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 添加数字证书 with a key whose PIN allows 3 tries: a wrong PIN says how
 * many tries are left, the next one that it is the last, the third that
 * the key is locked, and nothing is asked any more.  Then a fresh key's
 * SM2 certificate is bound with the right PIN (the server checks the SM2
 * signature of its challenge with the GM ID), and its 是否管理员 and
 * permissions are edited in 权限管理, through a conflict with another
 * client's edit; the server's binding is read back with the client API.
 * Each state is saved as a PNG in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sd-accounts-page.h"
#include "sd-add-certificate-dialog.h"
#include "sd-binding-dialog.h"
#include "sd-certificates-dialog.h"
#include "sd-key-chooser.h"
#include "sd-window-private.h"
#include "sd-test-chooser.h"
#include "sd-test-gui.h"
#include "sd-test-token.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

#define ACCOUNT "quality"
#define LOCKING_DEVICE "SDPIN01"
#define LOCKING_CN "质量负责人"
#define FRESH_DEVICE "SDNEW01"
#define FRESH_CN "质量负责人（新 Key）"
#define WRONG_PIN "000000"

static SdWindow *window;
static SdTestToken *locking_key;
static SdTestToken *fresh_key;
static char *id_number;
static char *skip_reason;

#define REQUIRE_FIXTURES()                                             \
  G_STMT_START                                                         \
  {                                                                    \
    REQUIRE_SERVER ();                                                 \
    if (skip_reason != NULL)                                           \
      {                                                                \
        g_test_message ("%s", skip_reason);                            \
        g_test_fail ();                                                \
        return;                                                        \
      }                                                                \
  }                                                                    \
  G_STMT_END

static gboolean
account_listed (gpointer data)
{
  return sd_test_listed_account (window, ACCOUNT) != NULL;
}

static SdCertificatesDialog *
certificates_dialog (void)
{
  SdCertificatesDialog *dialog = sd_test_find_toplevel (SD_TYPE_CERTIFICATES_DIALOG);

  g_assert_nonnull (dialog);
  return dialog;
}

static SdPlatformListModel *
bindings (void)
{
  return sd_certificates_dialog_get_model (certificates_dialog ());
}

static gboolean
bindings_loaded (gpointer n)
{
  SdPlatformListModel *model = bindings ();

  return !sd_platform_list_model_get_loading (model)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (n);
}

static SdKeyChooser *
chooser_of (SdAddCertificateDialog *dialog)
{
  return sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "key_chooser");
}

static gpointer
chooser_child (SdAddCertificateDialog *dialog,
               const char             *name)
{
  return sd_test_chooser_child (chooser_of (dialog), name);
}

static gpointer
dialog_child (SdAddCertificateDialog *dialog,
              const char             *name)
{
  return sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, name);
}

/* The signing certificate's row for @common_name, or NULL */
static AdwActionRow *
signing_row (SdAddCertificateDialog *dialog,
             const char             *common_name)
{
  GtkWidget *list = chooser_child (dialog, "certificate_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row)
        && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), common_name) == 0
        && strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "加密") == NULL)
      return ADW_ACTION_ROW (row);
  return NULL;
}

static void
select_certificate (SdAddCertificateDialog *dialog,
                    const char             *common_name)
{
  sd_test_chooser_select (chooser_of (dialog), common_name);
  g_assert_true (g_str_has_prefix (sd_key_chooser_get_selected_uri (chooser_of (dialog)), "skf:"));
}

static const char *
tries_shown (SdAddCertificateDialog *dialog)
{
  GtkLabel *label = chooser_child (dialog, "pin_tries_label");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  return gtk_label_get_text (label);
}

/* A wrong PIN, then the PIN asked again with the tries left */
static void
enter_wrong_pin (SdAddCertificateDialog *dialog)
{
  sd_test_chooser_enter_pin (chooser_of (dialog), WRONG_PIN);
  sd_test_chooser_wait_for_pin (chooser_of (dialog), TRUE, "the PIN asked again");
  g_assert_cmpstr (gtk_label_get_text (chooser_child (dialog, "pin_error_label")), ==, "PIN 码错误。");
}

/* Connect, then 账号登录 as zirol */
static void
test_sign_in (void)
{
  REQUIRE_FIXTURES ();

  sd_test_sign_in (window, shared_server.url, "zirol", shared_server.password);
  sd_test_wait_until (account_listed, NULL, "the account " ACCOUNT);
}

static gboolean
locked_row_greyed (gpointer dialog)
{
  AdwActionRow *row = signing_row (dialog, LOCKING_CN);

  return row != NULL && !gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (row))
         && g_strcmp0 (adw_action_row_get_subtitle (row),
                       "该 USB Key 的 PIN 码已锁定，请联系其 CA 机构解锁后再使用。") == 0;
}

/* 数字证书管理 → 添加数字证书 with the key of 3 tries: 3 tries left, a
 * wrong PIN → 2 left, another → the last try, another → locked */
static void
test_pin_states (void)
{
  SdAccountsPage *page;
  SdPlatformAccount *account;
  SdAddCertificateDialog *dialog;

  REQUIRE_FIXTURES ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  account = sd_test_listed_account (window, ACCOUNT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.certificates", "x",
                                             sd_platform_account_get_id (account)));
  sd_test_wait_for_toplevel (SD_TYPE_CERTIFICATES_DIALOG, "the 数字证书管理 dialog");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (0), "no binding yet");
  sd_test_click (sd_test_template_child (certificates_dialog (), SD_TYPE_CERTIFICATES_DIALOG,
                                         "add_button"));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ADD_CERTIFICATE_DIALOG, "the 添加数字证书 dialog");

  sd_test_token_insert (locking_key);
  sd_test_chooser_wait_for_certificates (chooser_of (dialog), 2, "the SKF key's certificates");
  select_certificate (dialog, LOCKING_CN);
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "type_label")), ==, "机构员工证书");
  g_object_unref (sd_test_screenshot (dialog, "key-pin-certificates"));

  sd_test_click (dialog_child (dialog, "bind_button"));
  sd_test_chooser_wait_for_pin (chooser_of (dialog), FALSE, "the PIN request");
  g_assert_nonnull (strstr (gtk_label_get_text (chooser_child (dialog, "pin_prompt_label")),
                            sd_test_token_get_label (locking_key)));
  g_assert_cmpstr (tries_shown (dialog), ==, "还可尝试 3 次，之后 USB Key 将被锁定。");
  g_object_unref (sd_test_screenshot (dialog, "key-pin-asked"));

  enter_wrong_pin (dialog);
  g_assert_cmpstr (tries_shown (dialog), ==, "还可尝试 2 次，之后 USB Key 将被锁定。");
  g_object_unref (sd_test_screenshot (dialog, "key-pin-tries-left"));

  enter_wrong_pin (dialog);
  g_assert_cmpstr (tries_shown (dialog), ==, "最后一次机会：再输错一次 PIN 码，USB Key 将被锁定。");
  g_object_unref (sd_test_screenshot (dialog, "key-pin-final-try"));

  /* The third wrong PIN locks the key: said under the certificate, and no
   * PIN is asked any more */
  sd_test_chooser_enter_pin (chooser_of (dialog), WRONG_PIN);
  sd_test_wait_until ((SdTestCondition) gtk_revealer_get_reveal_child,
                      dialog_child (dialog, "error_revealer"), "the key locked");
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "error_label")), ==,
                   "USB Key“" "国密测试 Key" "”的 PIN 码输错次数过多，已被锁定；"
                   "请联系 USB Key 的颁发机构（您的 CA）解锁");
  g_assert_false (gtk_revealer_get_reveal_child (chooser_child (dialog, "pin_revealer")));

  /* The next look at the key greys its certificate with the reason: it
   * cannot be chosen, so 绑定 cannot ask again */
  sd_test_wait_until (locked_row_greyed, dialog, "the locked key's certificate greyed");
  g_assert_null (sd_key_chooser_get_selected (chooser_of (dialog)));
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "bind_button")));
  g_assert_false (gtk_revealer_get_reveal_child (chooser_child (dialog, "pin_revealer")));
  g_assert_true (gtk_revealer_get_reveal_child (dialog_child (dialog, "error_revealer")));
  g_object_unref (sd_test_screenshot (dialog, "key-pin-locked"));
  g_assert_true (bindings_loaded (GUINT_TO_POINTER (0)));
}

/* A fresh key plugged in beside the locked one: its SM2 certificate is
 * bound with the right PIN */
static void
test_bind_sm2 (void)
{
  SdAddCertificateDialog *dialog;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autofree char *fingerprint = NULL;

  REQUIRE_FIXTURES ();

  dialog = sd_test_find_toplevel (SD_TYPE_ADD_CERTIFICATE_DIALOG);
  g_assert_nonnull (dialog);
  sd_test_token_insert (fresh_key);
  sd_test_chooser_wait_for_certificates (chooser_of (dialog), 4, "the fresh key's certificates");
  select_certificate (dialog, FRESH_CN);
  g_assert_cmpint (sd_key_chooser_get_selected (chooser_of (dialog))->key_type, ==, SD_KEY_TYPE_SM2);

  sd_test_click (dialog_child (dialog, "bind_button"));
  sd_test_chooser_wait_for_pin (chooser_of (dialog), FALSE, "the PIN request");
  g_assert_nonnull (strstr (gtk_label_get_text (chooser_child (dialog, "pin_prompt_label")),
                            sd_test_token_get_label (fresh_key)));
  g_assert_cmpstr (tries_shown (dialog), ==, "还可尝试 5 次，之后 USB Key 将被锁定。");
  sd_test_chooser_enter_pin (chooser_of (dialog), SD_TEST_TOKEN_PIN);
  sd_test_wait_toplevel_gone (SD_TYPE_ADD_CERTIFICATE_DIALOG, "the dialog to close when bound");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (1), "the new binding");

  binding = g_list_model_get_item (G_LIST_MODEL (bindings ()), 0);
  g_assert_cmpstr (sd_platform_binding_get_key_type (binding), ==, "sm2");
  fingerprint = der_fingerprint (FRESH_DEVICE "-sign");
  g_assert_cmpstr (sd_platform_binding_get_fingerprint (binding), ==, fingerprint);
  g_assert_cmpint (sd_platform_binding_get_certificate_type (binding), ==,
                   SD_PLATFORM_CERTIFICATE_EMPLOYEE);
  g_assert_false (sd_platform_binding_get_is_admin (binding));
  g_assert_null (sd_platform_binding_get_permissions (binding));
  g_object_unref (sd_test_screenshot (certificates_dialog (), "key-pin-bound-sm2"));
}

/* 权限管理 */

static gpointer
binding_child (SdBindingDialog *dialog,
               const char      *name)
{
  return sd_test_template_child (dialog, SD_TYPE_BINDING_DIALOG, name);
}

static gboolean
ready_to_save (gpointer dialog)
{
  return gtk_widget_is_sensitive (binding_child (dialog, "save_button"));
}

static gboolean
row_is_admin (gpointer data)
{
  g_autoptr(SdPlatformBinding) binding = g_list_model_get_item (G_LIST_MODEL (bindings ()), 0);

  return sd_platform_binding_get_is_admin (binding);
}

/* The 是否管理员 cell of the certificate list's first row */
static gboolean
admin_cell_says (gpointer text)
{
  GtkWidget *view = sd_test_template_child (certificates_dialog (), SD_TYPE_CERTIFICATES_DIALOG,
                                            "column_view");
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, view);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
        return TRUE;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return FALSE;
}

static SdPlatformBinding *
server_binding (SdPlatformClient  *client,
                SdPlatformBinding *binding)
{
  g_autoptr(GError) error = NULL;
  SdPlatformBinding *now;

  sd_platform_client_get_binding_async (client, sd_platform_binding_get_account_id (binding),
                                        sd_platform_binding_get_id (binding), NULL, on_ready, NULL);
  now = sd_platform_client_get_binding_finish (client, await (), &error);
  g_assert_no_error (error);
  return now;
}

/* 是否管理员 on, and only some permissions; another client's edit in
 * between makes the first 保存 a conflict that shows their edit */
static void
test_permissions (void)
{
  g_autoptr(SdPlatformClient) other = NULL;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autoptr(SdPlatformBinding) theirs = NULL;
  g_autoptr(SdPlatformBinding) saved = NULL;
  g_autoptr(GError) error = NULL;
  SdBindingDialog *dialog;
  const char *their_permissions[] = { "seals.use", NULL };
  SdPlatformBindingUpdate their_update = {
    SD_PLATFORM_BINDING_UPDATE_PERMISSIONS, .permissions = their_permissions,
  };
  const char * const *permissions;

  REQUIRE_FIXTURES ();

  g_assert_true (admin_cell_says ((gpointer) "否"));
  binding = g_list_model_get_item (G_LIST_MODEL (bindings ()), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (certificates_dialog ()),
                                             "certificates.permissions", "x",
                                             sd_platform_binding_get_id (binding)));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_BINDING_DIALOG, "the 权限管理 dialog");
  sd_test_wait_until (ready_to_save, dialog, "the permissions");
  /* No narrowing: everything checked; the managing ones need 是否管理员 */
  g_assert_false (gtk_switch_get_active (binding_child (dialog, "admin_switch")));
  g_assert_true (gtk_check_button_get_active (sd_test_permission_check (dialog, "audit.read")));
  g_assert_true (gtk_check_button_get_active (sd_test_permission_check (dialog, "seals.manage")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (sd_test_permission_check (dialog, "seals.manage"))));
  g_object_unref (sd_test_screenshot (dialog, "key-pin-permissions"));

  gtk_switch_set_active (binding_child (dialog, "admin_switch"), TRUE);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (sd_test_permission_check (dialog, "seals.manage"))));
  gtk_check_button_set_active (sd_test_permission_check (dialog, "audit.read"), FALSE);
  gtk_check_button_set_active (sd_test_permission_check (dialog, "roles.manage"), FALSE);

  /* Meanwhile another administrator narrows it to seals.use */
  other = login_admin ();
  sd_platform_client_update_binding_async (other, binding, &their_update, NULL, on_ready, NULL);
  theirs = sd_platform_client_update_binding_finish (other, await (), &error);
  g_assert_no_error (error);

  sd_test_click (binding_child (dialog, "save_button"));
  sd_test_wait_until (ready_to_save, dialog, "the conflict");
  sd_test_wait_until ((SdTestCondition) gtk_revealer_get_reveal_child,
                      binding_child (dialog, "message_revealer"), "the conflict said");
  g_assert_cmpstr (gtk_label_get_text (binding_child (dialog, "message_label")), ==,
                   "该证书的设置已被他人修改，现显示的是最新设置：请检查后重新保存。");
  /* Their edit is what the dialog shows now */
  g_assert_false (gtk_switch_get_active (binding_child (dialog, "admin_switch")));
  g_assert_true (gtk_check_button_get_active (sd_test_permission_check (dialog, "seals.use")));
  g_assert_false (gtk_check_button_get_active (sd_test_permission_check (dialog, "audit.read")));
  g_object_unref (sd_test_screenshot (dialog, "key-pin-permissions-conflict"));

  gtk_switch_set_active (binding_child (dialog, "admin_switch"), TRUE);
  gtk_check_button_set_active (sd_test_permission_check (dialog, "accounts.read"), TRUE);
  gtk_check_button_set_active (sd_test_permission_check (dialog, "seals.manage"), TRUE);
  g_object_unref (sd_test_screenshot (dialog, "key-pin-permissions-edited"));
  sd_test_click (binding_child (dialog, "save_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_BINDING_DIALOG, "the dialog to close when saved");

  /* The row shows it, and the server has it */
  sd_test_wait_until (row_is_admin, NULL, "the row updated");
  sd_test_wait_until (admin_cell_says, (gpointer) "是", "是否管理员 shown");
  g_object_unref (sd_test_screenshot (certificates_dialog (), "key-pin-permissions-saved"));
  saved = server_binding (other, binding);
  g_assert_true (sd_platform_binding_get_is_admin (saved));
  permissions = sd_platform_binding_get_permissions (saved);
  g_assert_nonnull (permissions);
  g_assert_cmpuint (g_strv_length ((char **) permissions), ==, 3);
  g_assert_true (g_strv_contains (permissions, "accounts.read"));
  g_assert_true (g_strv_contains (permissions, "seals.manage"));
  g_assert_true (g_strv_contains (permissions, "seals.use"));
  g_assert_cmpint (sd_platform_binding_get_version (saved), >,
                   sd_platform_binding_get_version (theirs));

  gtk_window_close (GTK_WINDOW (certificates_dialog ()));
  sd_test_wait_toplevel_gone (SD_TYPE_CERTIFICATES_DIALOG, "the dialog to close");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);
  /* Screenshots of revealers and stacks at rest, not mid-transition */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  work_dir = g_dir_make_tmp ("sealdesk-key-pin-test-XXXXXX", &error);
  g_assert_no_error (error);
  id_number = make_id_number ("44010619850315201");
  if (sd_test_token_skf_library () == NULL)
    skip_reason = g_strdup ("the software SKF token (libsdskf-soft.so, sdskf-soft-admin) is "
                            "not built");
  else
    {
      /* Two keys of the account's person at the demo enterprise */
      locking_key = sd_test_token_new_skf (LOCKING_DEVICE, "国密测试 Key", LOCKING_CN,
                                           SD_TEST_DEMO_USCC, id_number, 3);
      fresh_key = sd_test_token_new_skf (FRESH_DEVICE, "新国密 Key", FRESH_CN, SD_TEST_DEMO_USCC,
                                         id_number, 5);
      sd_test_token_register_skf ();
    }
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);
  else
    {
      /* The account whose person the keys' certificates name */
      g_autoptr(SdPlatformClient) admin = login_admin ();
      g_autoptr(SdPlatformAccount) account = create_account (admin, ACCOUNT, id_number, NULL);
    }

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/key-pin/sign-in", test_sign_in);
  g_test_add_func ("/key-pin/pin-states", test_pin_states);
  g_test_add_func ("/key-pin/bind-sm2", test_bind_sm2);
  g_test_add_func ("/key-pin/permissions", test_permissions);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  server_stop (&shared_server);
  sd_test_token_free (locking_key);
  sd_test_token_free (fresh_key);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  g_clear_pointer (&skip_reason, g_free);
  g_clear_pointer (&id_number, g_free);
  return status;
}
