/* test-ca-login.c: CA登录 and signing with a USB key, driven in-process
 * against the real platform server and a real SoftHSM2 token
 * (sd-test-token): a certificate of the token bound to a new account
 * through the client API; in the window, CA登录 with that key (a wrong
 * PIN, the tries shown, the right one), signed in as that account with its
 * role's permissions; another certificate of the key, bound to nobody:
 * 该证书未绑定账号.  Then the workstation: the unbound certificate may not
 * sign (用户绑定数字证书才可进行签章操作), the bound one signs, and the
 * signed copy is checked with libsealdesk's verifier and pdfsig; offline
 * the unbound one signs too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each screen is saved as a PNG in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sd-key-chooser.h"
#include "sd-seal-palette.h"
#include "sd-sign-dialog.h"
#include "sd-signin-page.h"
#include "sd-window-private.h"
#include "sd-test-chooser.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-token.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

#define ACCOUNT "qianqi"
#define ACCOUNT_PASSWORD "Qian-Qi-2024-seal!"
#define BOUND_CN "钱七"
#define UNBOUND_CN "孙八"

static SdWindow *window;
static SdTestToken *token;
static char *id_number;
static char *skip_reason;
static char *pdf_path;
static char *seal_path;

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

static void
screenshot (gpointer    toplevel,
            const char *name)
{
  g_autofree char *file = g_strconcat ("ca-login-", name, NULL);

  g_object_unref (sd_test_screenshot (toplevel, file));
}

static SdSigninPage *
signin_page (void)
{
  return sd_test_template_child (window, SD_TYPE_WINDOW, "signin_page");
}

static gpointer
page_child (const char *name)
{
  return sd_test_template_child (signin_page (), SD_TYPE_SIGNIN_PAGE, name);
}

static gboolean
shows_signin (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (page_child ("view_stack")), "password") == 0
         && g_strcmp0 (gtk_stack_get_visible_child_name (sd_test_template_child (window, SD_TYPE_WINDOW,
                                                                                 "stack")),
                       "signin") == 0;
}

typedef struct
{
  SdKeyChooser   *chooser;
  SdTestCondition done;      /* or what ends the wait without a PIN */
  gpointer        done_data;
} PinWait;

/* The chooser scrolls its PIN prompt into view, tries left included */
static gboolean
pin_in_view (gpointer chooser)
{
  GtkWidget *revealer = sd_test_chooser_child (chooser, "pin_revealer");
  GtkWidget *scrolled = gtk_widget_get_ancestor (revealer, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;


  return gtk_widget_compute_bounds (revealer, scrolled, &bounds)
         && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled) + 0.5;
}

static gboolean
asks_pin_or_done (gpointer data)
{
  PinWait *wait = data;

  /* (done first: a signing that ends closes the chooser's dialog) */
  return wait->done (wait->done_data) || sd_test_chooser_asks_pin (wait->chooser, FALSE);
}

/* A key logged in before may not ask again: the PIN is given if asked,
 * then @done is awaited. */
static void
pin_if_asked_then (SdKeyChooser    *chooser,
                   SdTestCondition  done,
                   gpointer         done_data,
                   const char      *what)
{
  PinWait wait = { chooser, done, done_data };

  sd_test_wait_until (asks_pin_or_done, &wait, what);
  if (!done (done_data))
    {
      sd_test_chooser_enter_pin (chooser, SD_TEST_TOKEN_PIN);
      sd_test_wait_until (done, done_data, what);
    }
}

static gboolean
message_shown (gpointer data)
{
  return gtk_revealer_get_reveal_child (page_child ("message_revealer"));
}

/* Connect; CA登录 lists the key's signing certificates; a wrong PIN, the
 * tries shown, then the right one: signed in as the account the
 * certificate is bound to, with its role's permissions */
static void
test_sign_in (void)
{
  SdKeyChooser *chooser;
  SdPlatformSession *session;
  const char *subtitle;

  REQUIRE_FIXTURES ();

  sd_test_wait_until (sd_test_drawn, window, "the window");
  gtk_editable_set_text (page_child ("url_row"), shared_server.url);
  sd_test_click (page_child ("connect_button"));
  sd_test_wait_until (shows_signin, NULL, "the sign-in");

  /* The CA登录 tab */
  adw_view_stack_set_visible_child_name (page_child ("method_stack"), "certificate");
  chooser = page_child ("key_chooser");
  sd_test_chooser_wait_for_certificates (chooser, 2, "the key's certificates");
  sd_test_chooser_select (chooser, BOUND_CN);
  g_assert_true (gtk_widget_is_sensitive (page_child ("ca_sign_in_button")));
  screenshot (window, "keys");

  sd_test_click (page_child ("ca_sign_in_button"));
  /* under way: it can be cancelled, not started twice */
  g_assert_true (gtk_widget_get_visible (page_child ("ca_cancel_button")));
  g_assert_false (gtk_widget_is_sensitive (page_child ("ca_sign_in_button")));
  sd_test_chooser_wait_for_pin (chooser, FALSE, "the PIN request");
  sd_test_wait_until (pin_in_view, chooser, "the PIN request in view");
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_chooser_child (chooser, "pin_prompt_label")),
                            sd_test_token_get_label (token)));
  screenshot (window, "pin");

  /* SoftHSM gives no number: the chooser says tries are running low */
  sd_test_chooser_enter_pin (chooser, "000000");
  sd_test_chooser_wait_for_pin (chooser, TRUE, "the PIN asked again");
  sd_test_wait_until (pin_in_view, chooser, "the tries left in view");
  g_assert_true (gtk_widget_get_visible (sd_test_chooser_child (chooser, "pin_tries_label")));
  g_test_message ("tries: %s", gtk_label_get_text (sd_test_chooser_child (chooser, "pin_tries_label")));
  g_assert_cmpstr (gtk_label_get_text (sd_test_chooser_child (chooser, "pin_tries_label")), !=, "");
  g_assert_false (sd_test_shows_platform (window));
  screenshot (window, "pin-wrong");

  sd_test_chooser_enter_pin (chooser, SD_TEST_TOKEN_PIN);
  sd_test_wait_until (sd_test_shows_platform, window, "the platform's screens");
  g_assert_false (gtk_widget_get_visible (page_child ("ca_cancel_button")));

  /* the bound account's session, its role's permissions narrowed by a
   * binding that is not 管理员 */
  session = sd_platform_client_get_session (window->client);
  g_assert_cmpstr (sd_platform_account_get_login (sd_platform_session_get_account (session)), ==,
                   ACCOUNT);
  g_assert_cmpint (sd_platform_session_get_method (session), ==, SD_PLATFORM_SESSION_CERTIFICATE);
  g_assert_cmpint (sd_platform_session_get_binding_id (session), >, 0);
  g_assert_true (sd_platform_session_has_permission (session, "seals.use"));
  g_assert_true (sd_platform_session_has_permission (session, "audit.read"));
  g_assert_false (sd_platform_session_has_permission (session, "accounts.manage"));
  subtitle = adw_window_title_get_subtitle (sd_test_template_child (window, SD_TYPE_WINDOW,
                                                                    "content_title"));
  g_assert_true (g_str_has_prefix (subtitle, ACCOUNT " · "));
  screenshot (window, "signed-in");
}

/* Signed out; CA登录 with the key's other certificate, bound to nobody */
static void
test_not_bound (void)
{
  SdKeyChooser *chooser = page_child ("key_chooser");

  REQUIRE_FIXTURES ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  sd_test_wait_until (shows_signin, NULL, "the sign-in");
  /* CA登录 is still the way in shown */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (page_child ("method_stack")), ==,
                   "certificate");
  sd_test_chooser_wait_for_certificates (chooser, 2, "the key's certificates");
  sd_test_chooser_select (chooser, UNBOUND_CN);
  sd_test_click (page_child ("ca_sign_in_button"));
  pin_if_asked_then (chooser, message_shown, NULL, "the server's refusal");
  g_assert_cmpstr (gtk_label_get_text (page_child ("message_label")), ==, "该证书未绑定账号");
  g_assert_true (gtk_widget_has_css_class (page_child ("message_label"), "error"));
  g_assert_false (sd_test_shows_platform (window));
  g_assert_false (gtk_widget_get_visible (page_child ("ca_cancel_button")));
  g_assert_true (gtk_widget_is_sensitive (page_child ("ca_sign_in_button")));
  screenshot (window, "not-bound");

  /* and in again with the bound one, for the workstation */
  sd_test_chooser_select (chooser, BOUND_CN);
  sd_test_click (page_child ("ca_sign_in_button"));
  pin_if_asked_then (chooser, sd_test_shows_platform, window, "the platform's screens");
}

/* Three A4 pages, and a red seal */
static void
make_documents (void)
{
  pdf_path = g_build_filename (work_dir, "采购合同.pdf", NULL);
  sd_test_make_pdf (pdf_path, 3, 100);
  seal_path = g_build_filename (work_dir, "合同章.png", NULL);
  sd_test_make_seal (seal_path);
}

static SdDocumentView *
current_view (void)
{
  return sd_test_current_view (window);
}

static gboolean
error_shown (gpointer dialog)
{
  return gtk_widget_get_visible (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "error_label"));
}

static gboolean
dialog_gone (gpointer data)
{
  return sd_test_find_toplevel (SD_TYPE_SIGN_DIALOG) == NULL;
}

/* Signed in: the document opened, a seal placed, 签章 with the key; the
 * unbound certificate is refused, the bound one signs */
static void
test_sign_with_key (void)
{
  SdWorkstation *workstation = sd_test_workstation (window);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) seal = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  SdDocumentView *view;
  SdSignDialog *dialog;
  SdKeyChooser *chooser;
  GtkLabel *error_label;

  REQUIRE_FIXTURES ();

  make_documents ();
  file = g_file_new_for_path (pdf_path);
  seal = g_file_new_for_path (seal_path);
  output = sd_workstation_signed_file (file);
  sd_window_open_file (window, file);
  sd_test_wait_for_document (window, NULL, "the document");
  view = current_view ();
  sd_seal_palette_add_seal (sd_test_template_child (workstation, SD_TYPE_WORKSTATION, "palette"), seal);
  g_assert_true (sd_document_view_drop_seal (view, sd_document_view_get_page (view, 0), seal, 300, 400,
                                             &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation), "workstation.sign", NULL));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_SIGN_DIALOG, "the sign dialog");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG,
                                                                                  "source_stack")),
                   ==, "token");
  chooser = sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "key_chooser");
  error_label = sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "error_label");
  sd_test_chooser_wait_for_certificates (chooser, 2, "the key's certificates");

  /* A certificate not bound to the signed-in account */
  sd_test_chooser_select (chooser, UNBOUND_CN);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  pin_if_asked_then (chooser, error_shown, dialog, "the refusal");
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "用户绑定数字证书才可进行签章操作");
  g_assert_false (g_file_query_exists (output, NULL));
  screenshot (dialog, "sign-not-bound");

  /* The bound one */
  sd_test_chooser_select (chooser, BOUND_CN);
  g_assert_true (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button")));
  screenshot (dialog, "sign-dialog");
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  pin_if_asked_then (chooser, dialog_gone, NULL, "the signing");
  g_assert_true (g_file_query_exists (output, NULL));
  sd_test_wait_for_document (window, NULL, "the signed copy");
  g_assert_true (g_file_equal (sd_document_view_get_file (current_view ()), output));
  screenshot (window, "signed");
}

/* The signed copy: one intact signature by the token's certificate, for
 * libsealdesk's verifier and for pdfsig */
static void
test_signed_copy (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SdVerifyReport) report = NULL;

  REQUIRE_FIXTURES ();

  path = g_file_get_path (sd_document_view_get_file (current_view ()));
  report = sd_test_verify (path, SD_VERIFY_FLAGS_NONE, 1, BOUND_CN);
  g_assert_cmpint (((SdSignatureReport *) g_ptr_array_index (report->signatures, 0))->page, ==, 0);
  sd_test_assert_pdfsig (path, BOUND_CN);
}

/* Offline there are no bindings: any key that can sign will do, here the
 * certificate bound to nobody */
static void
test_offline (void)
{
  SdWorkstation *workstation = sd_test_workstation (window);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) seal = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autofree char *path = NULL;
  SdDocumentView *view;
  SdSignDialog *dialog;
  SdKeyChooser *chooser;

  REQUIRE_FIXTURES ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  sd_window_work_offline (window);
  file = g_file_new_for_path (pdf_path);
  seal = g_file_new_for_path (seal_path);
  output = sd_workstation_signed_file (file);
  sd_window_open_file (window, file);
  sd_test_wait_for_document (window, NULL, "the original again");
  view = current_view ();
  g_assert_true (g_file_equal (sd_document_view_get_file (view), file));
  g_assert_true (sd_document_view_drop_seal (view, sd_document_view_get_page (view, 0), seal, 300, 400,
                                             &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation), "workstation.sign", NULL));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_SIGN_DIALOG, "the sign dialog");
  chooser = sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "key_chooser");
  sd_test_chooser_wait_for_certificates (chooser, 2, "the key's certificates");
  sd_test_chooser_select (chooser, UNBOUND_CN);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  pin_if_asked_then (chooser, dialog_gone, NULL, "the offline signing");
  screenshot (window, "signed-offline");

  path = g_file_get_path (output);
  report = sd_test_verify (path, SD_VERIFY_FLAGS_NONE, 1, UNBOUND_CN);
}

/* The token: two signing certificates of the account's person at the
 * demo enterprise; the account with that ID number, 质量负责人, its own
 * password; the first certificate bound to it.  The binding's proof is
 * signed with the fixture's copy of the key (work_dir/bound.key): the app
 * under test only ever uses the token. */
static void
make_fixtures (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformClient) own = NULL;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(SdPlatformAccount) with_role = NULL;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *temporary = NULL;
  gint64 role;

  token = sd_test_token_new ("SealDesk CA登录 Key");
  sd_test_token_make_certificate ("bound", BOUND_CN, SD_TEST_DEMO_USCC, id_number, FALSE);
  sd_test_token_make_certificate ("unbound", UNBOUND_CN, SD_TEST_DEMO_USCC, id_number, FALSE);
  sd_test_token_add (token, "01", "bound", "签名证书");
  sd_test_token_add (token, "02", "unbound", "另一张签名证书");
  sd_test_token_register ();
  sd_test_token_insert (token);

  admin = login_admin ();
  account = create_account (admin, ACCOUNT, id_number, &temporary);
  role = builtin_role_id (admin, SD_PLATFORM_BUILTIN_ROLE_QUALITY_MANAGER);
  sd_platform_client_set_account_roles_async (admin, account, &role, 1, NULL, on_ready, NULL);
  with_role = sd_platform_client_set_account_roles_finish (admin, await (), &error);
  g_assert_no_error (error);

  own = login_as (ACCOUNT, temporary);
  sd_platform_client_change_password_async (own, temporary, ACCOUNT_PASSWORD, NULL, on_ready, NULL);
  g_assert_true (sd_platform_client_change_password_finish (own, await (), &error));
  g_assert_no_error (error);

  signer = load_signer ("bound");
  sd_platform_client_bind_certificate_async (admin, sd_platform_account_get_id (account), signer, NULL,
                                             on_ready, NULL);
  binding = sd_platform_client_bind_certificate_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_binding_get_account_login (binding), ==, ACCOUNT);
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

  work_dir = g_dir_make_tmp ("sealdesk-ca-login-test-XXXXXX", &error);
  g_assert_no_error (error);
  id_number = make_id_number ("11010819800502301");
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);
  else if (sd_test_token_module () == NULL)
    skip_reason = g_strdup ("SoftHSM2 (softhsm2-util, pkcs11-tool, libsofthsm2.so) is not installed");
  else
    make_fixtures ();

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/ca-login/sign-in", test_sign_in);
  g_test_add_func ("/ca-login/not-bound", test_not_bound);
  g_test_add_func ("/ca-login/sign-with-key", test_sign_with_key);
  g_test_add_func ("/ca-login/signed-copy", test_signed_copy);
  g_test_add_func ("/ca-login/offline", test_offline);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  server_stop (&shared_server);
  g_clear_pointer (&token, sd_test_token_free);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  g_clear_pointer (&skip_reason, g_free);
  g_clear_pointer (&id_number, g_free);
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&seal_path, g_free);
  return status;
}
