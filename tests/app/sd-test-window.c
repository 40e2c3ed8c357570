/* sd-test-window.c: the app's window as the GUI tests drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-accounts-page.h"
#include "sd-signin-page.h"
#include "sd-window-private.h"

#include "sd-test-gui.h"
#include "sd-test-window.h"

SdWindow *
sd_test_window_new (void)
{
  SdWindow *window = g_object_ref_sink (sd_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

gboolean
sd_test_shows_password_view (gpointer window)
{
  SdSigninPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "signin_page");
  GtkStack *stack = sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "view_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "password") == 0;
}

gboolean
sd_test_shows_platform (gpointer window)
{
  GtkStack *stack = sd_test_template_child (window, SD_TYPE_WINDOW, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "platform") == 0;
}

void
sd_test_sign_in (SdWindow   *window,
                 const char *url,
                 const char *login,
                 const char *password)
{
  SdSigninPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "signin_page");

  sd_test_wait_until (sd_test_drawn, window, "the window");
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "url_row"), url);
  sd_test_click (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "connect_button"));
  sd_test_wait_until (sd_test_shows_password_view, window, "the password sign-in");
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "login_row"), login);
  gtk_editable_set_text (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "password_row"), password);
  sd_test_click (sd_test_template_child (page, SD_TYPE_SIGNIN_PAGE, "sign_in_button"));
  sd_test_wait_until (sd_test_shows_platform, window, "the platform's screens");
}

SdPlatformAccount *
sd_test_listed_account (SdWindow   *window,
                        const char *login)
{
  SdAccountsPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  SdPlatformListModel *model = sd_accounts_page_get_model (page);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(SdPlatformAccount) account = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (sd_platform_account_get_login (account), login) == 0)
        return account;
    }
  return NULL;
}

static gboolean
accounts_loaded (gpointer window)
{
  SdAccountsPage *page = sd_test_template_child (window, SD_TYPE_WINDOW, "accounts_page");
  SdPlatformListModel *model = sd_accounts_page_get_model (page);

  return model != NULL && !sd_platform_list_model_get_loading (model)
         && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

void
sd_test_wait_for_accounts (SdWindow   *window,
                           const char *what)
{
  sd_test_wait_until (accounts_loaded, window, what);
}

SdWorkstation *
sd_test_workstation (SdWindow *window)
{
  return sd_test_template_child (window, SD_TYPE_WINDOW, "workstation");
}

SdDocumentView *
sd_test_current_view (SdWindow *window)
{
  return sd_workstation_get_current (sd_test_workstation (window));
}

typedef struct
{
  SdWindow *window;
  GFile    *file;
} DocumentWait;

static gboolean
shows_document (gpointer data)
{
  DocumentWait *wait = data;
  SdDocumentView *view = sd_test_current_view (wait->window);

  return view != NULL && sd_document_view_get_loaded (view)
         && (wait->file == NULL || g_file_equal (sd_document_view_get_file (view), wait->file))
         && sd_document_page_is_rendered (sd_document_view_get_page (view, 0));
}

void
sd_test_wait_for_document (SdWindow   *window,
                           GFile      *file,
                           const char *what)
{
  DocumentWait wait = { window, file };

  sd_test_wait_until (shows_document, &wait, what);
}
