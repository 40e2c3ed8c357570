/* test-bind.c: 添加数字证书 with a USB key, driven in-process against the
 * real platform server and a real SoftHSM2 token (sd-test-token): the key
 * chooser waits for the key and sees it inserted, greys the encryption
 * certificate, a wrong PIN then the right one, the binding and the
 * account's 数字证书个数; the server's refusals in the seeds' words
 * (该证书已经被绑定过了, 企业代码不一致, another person's ID number); 解绑
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each screen is saved as a PNG in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sd-accounts-page.h"
#include "sd-add-certificate-dialog.h"
#include "sd-certificates-dialog.h"
#include "sd-key-chooser.h"
#include "sd-window-private.h"
#include "sd-test-chooser.h"
#include "sd-test-gui.h"
#include "sd-test-token.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

#define ACCOUNT "quality"
#define EMPLOYEE_CN "质量负责人"

static SdWindow *window;
static SdTestToken *token;
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
account_has_certificates (gpointer n)
{
  SdPlatformAccount *account = sd_test_listed_account (window, ACCOUNT);

  return account != NULL
         && sd_platform_account_get_certificate_count (account) == GPOINTER_TO_UINT (n);
}

static gboolean
bindings_loaded (gpointer n)
{
  SdCertificatesDialog *dialog = sd_test_find_toplevel (SD_TYPE_CERTIFICATES_DIALOG);
  SdPlatformListModel *model = dialog != NULL ? sd_certificates_dialog_get_model (dialog) : NULL;

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (n);
}

static SdKeyChooser *
chooser_of (SdAddCertificateDialog *dialog)
{
  return sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "key_chooser");
}

/* The row of the certificate for @common_name that cannot be chosen */
static AdwActionRow *
greyed_row (SdKeyChooser *chooser,
            const char   *common_name)
{
  GtkWidget *list = sd_test_chooser_child (chooser, "certificate_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row)
        && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), common_name) == 0
        && !gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (row)))
      return ADW_ACTION_ROW (row);
  g_error ("no greyed row for %s", common_name);
}

static void
select_certificate (SdAddCertificateDialog *dialog,
                    const char             *common_name)
{
  sd_test_chooser_select (chooser_of (dialog), common_name);
  g_assert_true (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG,
                                                                  "bind_button")));
}

/* The value next to @title in the chooser's details, or NULL */
static const char *
detail (SdKeyChooser *chooser,
        const char   *title)
{
  GtkGrid *grid = sd_test_chooser_child (chooser, "details_grid");

  for (int row = 0; gtk_grid_get_child_at (grid, 0, row) != NULL; row++)
    if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 0, row))), title) == 0)
      return gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 1, row)));
  return NULL;
}

static gboolean
settled (gpointer dialog)
{
  SdKeyChooser *chooser = chooser_of (dialog);

  return gtk_revealer_get_reveal_child (sd_test_chooser_child (chooser, "pin_revealer"))
         || gtk_revealer_get_reveal_child (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG,
                                                                   "error_revealer"));
}

/* 绑定 with @common_name's certificate, expecting the server to refuse with
 * @message; the PIN is given if the key asks again */
static void
expect_refusal (SdAddCertificateDialog *dialog,
                const char             *common_name,
                const char             *message,
                const char             *screenshot)
{
  SdKeyChooser *chooser = chooser_of (dialog);
  GtkLabel *error_label = sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "error_label");

  select_certificate (dialog, common_name);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "bind_button"));
  sd_test_wait_until (settled, dialog, "a PIN request or the server's answer");
  if (gtk_revealer_get_reveal_child (sd_test_chooser_child (chooser, "pin_revealer")))
    {
      sd_test_chooser_enter_pin (chooser, SD_TEST_TOKEN_PIN);
      sd_test_wait_until ((SdTestCondition) gtk_revealer_get_reveal_child,
                          sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "error_revealer"),
                          "the server's refusal");
    }
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, message);
  g_assert_true (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG,
                                                                  "bind_button")));
  g_object_unref (sd_test_screenshot (dialog, screenshot));
}

/* Connect, then 账号登录 as zirol */
static void
test_sign_in (void)
{
  REQUIRE_FIXTURES ();

  sd_test_sign_in (window, shared_server.url, "zirol", shared_server.password);
  sd_test_wait_until (account_has_certificates, GUINT_TO_POINTER (0), "the account " ACCOUNT);
}

static SdAddCertificateDialog *
open_add_dialog (SdCertificatesDialog *certificates)
{
  sd_test_click (sd_test_template_child (certificates, SD_TYPE_CERTIFICATES_DIALOG, "add_button"));
  return sd_test_wait_for_toplevel (SD_TYPE_ADD_CERTIFICATE_DIALOG, "the 添加数字证书 dialog");
}

/* 数字证书管理 → 添加数字证书: 请插入 USB Key until the token is inserted;
 * the encryption certificate greyed; the details; a wrong PIN, then the
 * right one; bound, and 数字证书个数 goes to 1 */
static void
test_bind (void)
{
  SdAccountsPage *page;
  SdPlatformAccount *account;
  SdCertificatesDialog *certificates;
  SdAddCertificateDialog *dialog;
  SdKeyChooser *chooser;
  AdwActionRow *encryption;
  g_autoptr(SdPlatformBinding) binding = NULL;

  REQUIRE_FIXTURES ();

  page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  account = sd_test_listed_account (window, ACCOUNT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.certificates", "x",
                                             sd_platform_account_get_id (account)));
  certificates = sd_test_wait_for_toplevel (SD_TYPE_CERTIFICATES_DIALOG, "the 数字证书管理 dialog");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (0), "no binding yet");

  dialog = open_add_dialog (certificates);
  chooser = chooser_of (dialog);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sd_test_chooser_child (chooser, "stack")), ==, "waiting");
  g_assert_true (gtk_spinner_get_spinning (sd_test_chooser_child (chooser, "waiting_spinner")));
  g_assert_cmpstr (gtk_label_get_text (sd_test_chooser_child (chooser, "insert_label")), ==, "请插入 USB Key");
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG,
                                                                   "bind_button")));
  g_object_unref (sd_test_screenshot (dialog, "bind-insert-key"));

  /* Plugged in while the chooser looks */
  sd_test_token_insert (token);
  sd_test_chooser_wait_for_certificates (chooser, 4, "the inserted key's certificates");

  encryption = greyed_row (chooser, EMPLOYEE_CN);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (encryption)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (encryption), "加密"));
  g_assert_null (sd_key_chooser_get_selected_uri (chooser));

  select_certificate (dialog, EMPLOYEE_CN);
  g_assert_true (g_str_has_prefix (sd_key_chooser_get_selected_uri (chooser), "pkcs11:"));
  g_assert_cmpstr (gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG,
                                                               "type_label")), ==, "机构员工证书");
  g_assert_cmpstr (detail (chooser, "统一社会信用代码"), ==, SD_TEST_DEMO_USCC);
  g_assert_nonnull (strchr (detail (chooser, "身份证号"), '*'));
  g_assert_cmpstr (detail (chooser, "CA服务商"), ==, "SealDesk 测试");
  g_assert_nonnull (detail (chooser, "序列号"));
  g_assert_nonnull (detail (chooser, "有效期"));
  g_object_unref (sd_test_screenshot (dialog, "bind-certificates"));

  /* 是否管理员 for this binding */
  gtk_switch_set_active (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "admin_switch"),
                         TRUE);

  sd_test_click (sd_test_template_child (dialog, SD_TYPE_ADD_CERTIFICATE_DIALOG, "bind_button"));
  sd_test_chooser_wait_for_pin (chooser, FALSE, "the PIN request");
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_chooser_child (chooser, "pin_prompt_label")),
                            sd_test_token_get_label (token)));
  g_object_unref (sd_test_screenshot (dialog, "bind-pin"));

  /* SoftHSM gives no number: it says tries are running low */
  sd_test_chooser_enter_pin (chooser, "000000");
  sd_test_chooser_wait_for_pin (chooser, TRUE, "the PIN asked again");
  g_assert_true (gtk_widget_get_visible (sd_test_chooser_child (chooser, "pin_tries_label")));
  g_assert_cmpstr (gtk_label_get_text (sd_test_chooser_child (chooser, "pin_tries_label")), !=, "");
  g_object_unref (sd_test_screenshot (dialog, "bind-pin-wrong"));

  sd_test_chooser_enter_pin (chooser, SD_TEST_TOKEN_PIN);
  sd_test_wait_toplevel_gone (SD_TYPE_ADD_CERTIFICATE_DIALOG, "the dialog to close when bound");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (1), "the new binding");
  sd_test_wait_until (account_has_certificates, GUINT_TO_POINTER (1), "数字证书个数 at 1");
  binding = g_list_model_get_item (G_LIST_MODEL (sd_certificates_dialog_get_model (certificates)), 0);
  g_assert_cmpint (sd_platform_binding_get_certificate_type (binding), ==,
                   SD_PLATFORM_CERTIFICATE_EMPLOYEE);
  g_assert_true (sd_platform_binding_get_is_admin (binding));
  g_assert_cmpstr (sd_platform_binding_get_enterprise_code (binding), ==, SD_TEST_DEMO_USCC);
  g_object_unref (sd_test_screenshot (certificates, "bind-bound"));
}

/* The server's refusals, each in the seeds' words under the certificate */
static void
test_refusals (void)
{
  SdCertificatesDialog *certificates;
  SdAddCertificateDialog *dialog;

  REQUIRE_FIXTURES ();

  certificates = sd_test_find_toplevel (SD_TYPE_CERTIFICATES_DIALOG);
  g_assert_nonnull (certificates);
  dialog = open_add_dialog (certificates);
  sd_test_chooser_wait_for_certificates (chooser_of (dialog), 4, "the key's certificates");

  expect_refusal (dialog, EMPLOYEE_CN, "该证书已经被绑定过了", "bind-already-bound");
  expect_refusal (dialog, "别的公司员工", "企业代码不一致", "bind-enterprise-code");
  expect_refusal (dialog, "别人", "证书中的身份证号与账号的身份证号不一致。", "bind-id-number");

  gtk_window_close (GTK_WINDOW (dialog));
  sd_test_wait_toplevel_gone (SD_TYPE_ADD_CERTIFICATE_DIALOG, "the dialog to close");
  g_assert_true (bindings_loaded (GUINT_TO_POINTER (1)));
  g_assert_true (account_has_certificates (GUINT_TO_POINTER (1)));
}

/* 解绑: the list is empty and 数字证书个数 back to 0 */
static void
test_unbind (void)
{
  SdCertificatesDialog *certificates;
  AdwMessageDialog *message;
  g_autoptr(SdPlatformBinding) binding = NULL;

  REQUIRE_FIXTURES ();

  certificates = sd_test_find_toplevel (SD_TYPE_CERTIFICATES_DIALOG);
  g_assert_nonnull (certificates);
  binding = g_list_model_get_item (G_LIST_MODEL (sd_certificates_dialog_get_model (certificates)), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (certificates), "certificates.unbind", "x",
                                             sd_platform_binding_get_id (binding)));
  message = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the 解绑 confirmation");
  sd_test_respond (message, "unbind");
  sd_test_wait_until (bindings_loaded, GUINT_TO_POINTER (0), "no binding left");
  sd_test_wait_until (account_has_certificates, GUINT_TO_POINTER (0), "数字证书个数 at 0");
  g_object_unref (sd_test_screenshot (certificates, "bind-unbound"));

  gtk_window_close (GTK_WINDOW (certificates));
  sd_test_wait_toplevel_gone (SD_TYPE_CERTIFICATES_DIALOG, "the dialog to close");
}

/* The token: a signing and an encryption certificate of the account's
 * person at the demo enterprise, one of another enterprise, one of
 * another person */
static void
make_token (void)
{
  g_autofree char *other_person = make_id_number ("32010219900101301");

  token = sd_test_token_new ("SealDesk 测试 Key");
  sd_test_token_make_certificate ("employee", EMPLOYEE_CN, SD_TEST_DEMO_USCC, id_number, FALSE);
  sd_test_token_make_certificate ("encryption", EMPLOYEE_CN, SD_TEST_DEMO_USCC, id_number, TRUE);
  sd_test_token_make_certificate ("other-enterprise", "别的公司员工", SD_TEST_OTHER_USCC, id_number,
                                  FALSE);
  sd_test_token_make_certificate ("other-person", "别人", NULL, other_person, FALSE);
  sd_test_token_add (token, "01", "employee", "签名证书");
  sd_test_token_add (token, "02", "encryption", "加密证书");
  sd_test_token_add (token, "03", "other-enterprise", "别的公司");
  sd_test_token_add (token, "04", "other-person", "别人");
  sd_test_token_register ();
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

  work_dir = g_dir_make_tmp ("sealdesk-bind-test-XXXXXX", &error);
  g_assert_no_error (error);
  id_number = make_id_number ("44010619850315201");
  if (sd_test_token_module () == NULL)
    skip_reason = g_strdup ("SoftHSM2 (softhsm2-util, pkcs11-tool, libsofthsm2.so) is not installed");
  else
    make_token ();
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);
  else
    {
      /* The account whose person the key's certificates name */
      g_autoptr(SdPlatformClient) admin = login_admin ();
      g_autoptr(SdPlatformAccount) account = create_account (admin, ACCOUNT, id_number, NULL);
    }

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/bind/sign-in", test_sign_in);
  g_test_add_func ("/bind/add", test_bind);
  g_test_add_func ("/bind/refusals", test_refusals);
  g_test_add_func ("/bind/unbind", test_unbind);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  server_stop (&shared_server);
  sd_test_token_free (token);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  g_clear_pointer (&skip_reason, g_free);
  g_clear_pointer (&id_number, g_free);
  return status;
}
