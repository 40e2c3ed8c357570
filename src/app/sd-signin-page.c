/* sd-signin-page.c: connecting to a platform and signing in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connect checks the server (GET /health) before anything is typed into
 * it: an untrusted certificate is shown with its fingerprint and is used
 * only once the user pins it.  The address and the pin are remembered.
 *
 * Two ways in, as the platforms have them: 账号登录 with a password, and
 * CA登录, where the key chosen in the SdKeyChooser signs the server's
 * challenge (its PIN asked in the chooser) and the session is the bound
 * account's.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-error.h"

#include "sd-application.h"
#include "sd-key-chooser.h"
#include "sd-signin-page.h"

struct _SdSigninPage
{
  GtkWidget            parent_instance;

  GSettings           *settings;
  SdPlatformClient    *client;
  GCancellable        *cancellable;
  char                *untrusted_fingerprint;

  /* Template children */
  GtkLabel            *heading_label;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  GtkStack            *view_stack;
  AdwEntryRow         *url_row;
  GtkWidget           *untrusted_box;
  GtkLabel            *fingerprint_label;
  GtkWidget           *connect_button;
  GtkWidget           *trust_button;
  AdwActionRow        *platform_row;
  AdwEntryRow         *login_row;
  AdwPasswordEntryRow *password_row;
  GtkWidget           *sign_in_button;
  AdwViewStack        *method_stack;
  SdKeyChooser        *key_chooser;
  GtkWidget           *ca_sign_in_button;
  GtkWidget           *ca_cancel_button;
  AdwPasswordEntryRow *current_password_row;
  AdwPasswordEntryRow *new_password_row;
  AdwPasswordEntryRow *confirm_password_row;
  GtkWidget           *change_password_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SdSigninPage, sd_signin_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SIGNED_IN,
  SIGNAL_WORK_OFFLINE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (SdSigninPage *self,
              const char   *message,
              gboolean      is_error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

/* While a request is under way its buttons wait.  Not the entries: GTK 4.8
 * warns when a focused text field is made insensitive. */
static void
set_busy (SdSigninPage *self,
          gboolean      busy)
{
  gtk_widget_set_sensitive (self->connect_button, !busy);
  gtk_widget_set_sensitive (self->trust_button, !busy);
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
  gtk_widget_set_sensitive (self->ca_sign_in_button,
                            !busy && sd_key_chooser_get_selected_uri (self->key_chooser) != NULL);
  gtk_widget_set_sensitive (self->change_password_button, !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (!busy)
    gtk_widget_set_visible (self->ca_cancel_button, FALSE);
  if (busy)
    {
      g_cancellable_cancel (self->cancellable);
      g_set_object (&self->cancellable, g_cancellable_new ());
    }
}

static void
show_view (SdSigninPage *self,
           const char   *name)
{
  gtk_stack_set_visible_child_name (self->view_stack, name);
  if (g_str_equal (name, "connect"))
    {
      gtk_label_set_text (self->heading_label, _("Connect to Your Platform"));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
    }
  else if (g_str_equal (name, "password"))
    {
      gtk_label_set_text (self->heading_label, _("Sign In"));
      adw_action_row_set_subtitle (self->platform_row,
                                   sd_platform_client_get_base_url (self->client));
      if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->method_stack), "certificate") == 0)
        gtk_widget_grab_focus (GTK_WIDGET (self->key_chooser));
      else if (gtk_editable_get_text (GTK_EDITABLE (self->login_row))[0] == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
  else
    {
      gtk_label_set_text (self->heading_label, _("Choose a New Password"));
      gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_visible (GTK_WIDGET (self->current_password_row))
                                         ? self->current_password_row : self->new_password_row));
    }
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The server's or the client's message, and for a few cases what to do */
static void
show_error (SdSigninPage *self,
            const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_NETWORK))
    message = g_strdup_printf ("%s\n%s", error->message,
                               _("Check the address and the network, then try again."));
  else
    message = g_strdup (error->message);
  show_message (self, message, TRUE);
}

static void
on_health_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SdSigninPage) self = user_data;
  SdPlatformClient *client = SD_PLATFORM_CLIENT (source);
  g_autoptr(GError) error = NULL;

  if (!sd_platform_client_get_health_finish (client, result, &error) && is_cancelled (error))
    return;
  set_busy (self, FALSE);

  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_TLS_UNTRUSTED))
    {
      g_free (self->untrusted_fingerprint);
      self->untrusted_fingerprint = g_strdup (sd_platform_error_get_fingerprint (error));
      gtk_label_set_text (self->fingerprint_label, self->untrusted_fingerprint);
      gtk_widget_set_visible (self->untrusted_box, TRUE);
      show_message (self, error->message, TRUE);
      return;
    }
  /* An unhealthy server (no database) still says so with an error. */
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }

  g_settings_set_string (self->settings, "platform-url", sd_platform_client_get_base_url (client));
  g_set_object (&self->client, client);
  show_message (self, NULL, FALSE);
  show_view (self, "password");
}

static SdPlatformClient *
new_client (SdSigninPage *self,
            const char   *url,
            GError      **error)
{
  g_autoptr(SdPlatformClient) client = sd_platform_client_new (url, error);
  g_autofree char *ca_file = g_settings_get_string (self->settings, "pinned-ca-file");
  g_autofree char *fingerprint = g_settings_get_string (self->settings, "pinned-fingerprint");

  if (client == NULL)
    return NULL;
  if (ca_file[0] != '\0' && !sd_platform_client_set_pinned_ca_file (client, ca_file, error))
    return NULL;
  if (fingerprint[0] != '\0'
      && !sd_platform_client_set_pinned_fingerprint (client, fingerprint, error))
    return NULL;
  return g_steal_pointer (&client);
}

static void
check_server (SdSigninPage     *self,
              SdPlatformClient *client)
{
  set_busy (self, TRUE);
  sd_platform_client_get_health_async (client, self->cancellable, on_health_ready,
                                       g_object_ref (self));
}

static void
on_connect (SdSigninPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autoptr(SdPlatformClient) client = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (self->untrusted_box, FALSE);
  if (url[0] == '\0')
    {
      show_message (self, _("Enter the address of the platform."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  client = new_client (self, url, &error);
  if (client == NULL)
    {
      show_error (self, error);
      return;
    }
  check_server (self, client);
}

static void
on_trust (SdSigninPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autoptr(SdPlatformClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->untrusted_fingerprint != NULL);

  /* Pinned for good: the next runs accept this certificate and no other. */
  g_settings_set_string (self->settings, "pinned-fingerprint", self->untrusted_fingerprint);
  gtk_widget_set_visible (self->untrusted_box, FALSE);
  client = new_client (self, url, &error);
  if (client == NULL)
    {
      show_error (self, error);
      return;
    }
  check_server (self, client);
}

static void
on_work_offline (SdSigninPage *self)
{
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_WORK_OFFLINE], 0);
}

static void
on_change_platform (SdSigninPage *self)
{
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  show_message (self, NULL, FALSE);
  show_view (self, "connect");
}

static void
signed_in (SdSigninPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->current_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_password_row), "");
  show_message (self, NULL, FALSE);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, self->client);
}

static void
on_login_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SdSigninPage) self = user_data;
  SdPlatformClient *client = SD_PLATFORM_CLIENT (source);
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sd_platform_client_login_finish (client, result, &error);
  if (session == NULL && is_cancelled (error))
    return;
  set_busy (self, FALSE);
  if (session == NULL)
    {
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  g_settings_set_string (self->settings, "last-login",
                         gtk_editable_get_text (GTK_EDITABLE (self->login_row)));
  if (sd_platform_client_get_password_change_required (client))
    {
      /* the password just typed is the current one */
      gtk_widget_set_visible (GTK_WIDGET (self->current_password_row), FALSE);
      show_message (self, NULL, FALSE);
      show_view (self, "change-password");
      return;
    }
  signed_in (self);
}

static void
on_login_activated (SdSigninPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_sign_in (SdSigninPage *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (login[0] == '\0')
    {
      show_message (self, _("Enter your account."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }
  if (password[0] == '\0')
    {
      show_message (self, _("Enter your password."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  set_busy (self, TRUE);
  sd_platform_client_login_async (self->client, login, password, self->cancellable,
                                  on_login_ready, g_object_ref (self));
}

/* CA登录 */

/* One CA sign-in: its cancellable tells a cancellation by this page (the
 * page has moved on) from a PIN entry cancelled in the chooser. */
typedef struct
{
  SdSigninPage *self;
  GCancellable *cancellable;
} CaLogin;

static void
ca_login_free (CaLogin *login)
{
  g_object_unref (login->self);
  g_object_unref (login->cancellable);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaLogin, ca_login_free)

static void
show_ca_error (SdSigninPage *self,
               const GError *error)
{
  /* The PIN entry was cancelled: nothing to say */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, NULL, FALSE);
  /* In the platforms' words whatever the server's language */
  else if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_CERTIFICATE_NOT_BOUND))
    show_message (self, _("This certificate is not bound to an account."), TRUE);
  /* A wrong PIN given up on, a locked key, an expired certificate (the
   * server's words), the network: the message says which */
  else
    show_error (self, error);
}

static void
on_ca_login_ready (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CaLogin) login = user_data;
  SdSigninPage *self = login->self;
  SdPlatformClient *client = SD_PLATFORM_CLIENT (source);
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sd_platform_client_login_with_certificate_finish (client, result, &error);
  if (g_cancellable_is_cancelled (login->cancellable))
    return;
  set_busy (self, FALSE);
  if (session == NULL)
    {
      show_ca_error (self, error);
      return;
    }
  g_settings_set_string (self->settings, "signin-method", "certificate");
  if (sd_platform_client_get_password_change_required (client))
    {
      /* signed in by the key: the temporary password is asked too */
      gtk_widget_set_visible (GTK_WIDGET (self->current_password_row), TRUE);
      show_message (self, NULL, FALSE);
      show_view (self, "change-password");
      return;
    }
  signed_in (self);
}

static void
on_ca_signer_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CaLogin) login = user_data;
  SdSigninPage *self = login->self;
  GCancellable *cancellable;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GError) error = NULL;

  signer = sd_key_chooser_get_signer_finish (SD_KEY_CHOOSER (source), result, &error);
  if (g_cancellable_is_cancelled (login->cancellable))
    return;
  if (signer == NULL)
    {
      set_busy (self, FALSE);
      show_ca_error (self, error);
      return;
    }
  /* The key signs the challenge; the chooser asks its PIN meanwhile. */
  cancellable = login->cancellable;
  sd_platform_client_login_with_certificate_async (self->client, signer, cancellable,
                                                   on_ca_login_ready, g_steal_pointer (&login));
}

static void
on_ca_sign_in (SdSigninPage *self)
{
  CaLogin *login;

  if (sd_key_chooser_get_selected_uri (self->key_chooser) == NULL)
    {
      show_message (self, _("Plug in your USB key and choose its signing certificate."), TRUE);
      return;
    }
  show_message (self, NULL, FALSE);
  set_busy (self, TRUE);
  /* Finding the key and its PIN may take a while */
  gtk_widget_set_visible (self->ca_cancel_button, TRUE);
  login = g_new0 (CaLogin, 1);
  login->self = g_object_ref (self);
  login->cancellable = g_object_ref (self->cancellable);
  sd_key_chooser_get_signer_async (self->key_chooser, login->cancellable, on_ca_signer_ready,
                                   login);
}

static void
on_ca_cancel (SdSigninPage *self)
{
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
}

static void
on_key_selected (SdSigninPage *self)
{
  gtk_widget_set_sensitive (self->ca_sign_in_button,
                            !gtk_spinner_get_spinning (self->spinner)
                            && sd_key_chooser_get_selected_uri (self->key_chooser) != NULL);
}

static void
on_method_changed (SdSigninPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->method_stack);

  /* A CA sign-in under way ends when the user turns to the password */
  if (gtk_widget_get_visible (self->ca_cancel_button))
    on_ca_cancel (self);
  show_message (self, NULL, FALSE);
  if (name != NULL)
    g_settings_set_string (self->settings, "signin-method", name);
}

static void
on_change_password_ready (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(SdSigninPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_platform_client_change_password_finish (SD_PLATFORM_CLIENT (source), result, &error))
    {
      if (is_cancelled (error))
        return;
      set_busy (self, FALSE);
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }
  set_busy (self, FALSE);
  signed_in (self);
}

static void
on_change_password (SdSigninPage *self)
{
  gboolean by_key = gtk_widget_get_visible (GTK_WIDGET (self->current_password_row));
  const char *current = gtk_editable_get_text (GTK_EDITABLE (by_key ? self->current_password_row
                                                                    : self->password_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_password_row));

  if (current[0] == '\0')
    {
      show_message (self, _("Enter your current password."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->current_password_row));
      return;
    }
  if (password[0] == '\0')
    {
      show_message (self, _("Enter a new password."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }
  if (!g_str_equal (password, confirm))
    {
      show_message (self, _("The two passwords are not the same."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_password_row));
      return;
    }
  set_busy (self, TRUE);
  sd_platform_client_change_password_async (self->client, current, password, self->cancellable,
                                            on_change_password_ready, g_object_ref (self));
}

void
sd_signin_page_connect (SdSigninPage *self,
                        const char   *url)
{
  g_return_if_fail (SD_IS_SIGNIN_PAGE (self));
  g_return_if_fail (url != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  show_view (self, "connect");
  on_connect (self);
}

void
sd_signin_page_sign_in_again (SdSigninPage     *self,
                              SdPlatformClient *client)
{
  g_return_if_fail (SD_IS_SIGNIN_PAGE (self));
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (client));

  g_set_object (&self->client, client);
  show_view (self, "password");
  show_message (self, _("Your session has ended. Sign in again to go back to where you were."),
                FALSE);
}

void
sd_signin_page_signed_out (SdSigninPage     *self,
                           SdPlatformClient *client)
{
  g_return_if_fail (SD_IS_SIGNIN_PAGE (self));
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (client));

  g_set_object (&self->client, client);
  show_message (self, NULL, FALSE);
  show_view (self, "password");
}

static void
sd_signin_page_dispose (GObject *object)
{
  SdSigninPage *self = SD_SIGNIN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_SIGNIN_PAGE);
  /* The template's top child is not bound, so not disposed with it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_signin_page_parent_class)->dispose (object);
}

static void
sd_signin_page_finalize (GObject *object)
{
  SdSigninPage *self = SD_SIGNIN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_free (self->untrusted_fingerprint);
  G_OBJECT_CLASS (sd_signin_page_parent_class)->finalize (object);
}

static void
sd_signin_page_class_init (SdSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_signin_page_dispose;
  object_class->finalize = sd_signin_page_finalize;

  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, SD_TYPE_PLATFORM_CLIENT);
  signals[SIGNAL_WORK_OFFLINE] = g_signal_new ("work-offline", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_KEY_CHOOSER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, untrusted_box);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, platform_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, method_stack);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, key_chooser);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, ca_sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, ca_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, current_password_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, confirm_password_row);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, change_password_button);
  gtk_widget_class_bind_template_child (widget_class, SdSigninPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_connect);
  gtk_widget_class_bind_template_callback (widget_class, on_trust);
  gtk_widget_class_bind_template_callback (widget_class, on_work_offline);
  gtk_widget_class_bind_template_callback (widget_class, on_change_platform);
  gtk_widget_class_bind_template_callback (widget_class, on_login_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in);
  gtk_widget_class_bind_template_callback (widget_class, on_change_password);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_sign_in);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_key_selected);
}

static void
sd_signin_page_init (SdSigninPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;
  g_autofree char *method = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (SD_APPLICATION_ID);
  url = g_settings_get_string (self->settings, "platform-url");
  login = g_settings_get_string (self->settings, "last-login");
  method = g_settings_get_string (self->settings, "signin-method");
  adw_view_stack_set_visible_child_name (self->method_stack, method);
  g_signal_connect_object (self->method_stack, "notify::visible-child-name",
                           G_CALLBACK (on_method_changed), self, G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  show_view (self, "connect");
}
