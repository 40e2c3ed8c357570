/* sd-add-certificate-dialog.c: 添加数字证书
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds 000, 003 and 004: insert the key, choose its signing certificate
 * (the encryption one is greyed), check its details, enter the PIN; the
 * key signs the server's challenge (proof of possession) and the server
 * binds the certificate or says why not in the platforms' own words
 * ("该证书已经被绑定过了", "企业代码不一致", …), shown under the
 * certificate.  是否管理员 is set on the new binding right after.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-add-certificate-dialog.h"
#include "sd-key-chooser.h"

struct _SdAddCertificateDialog
{
  AdwWindow          parent_instance;

  SdPlatformClient  *client;
  SdPlatformAccount *account;
  GCancellable      *cancellable;
  SdPlatformBinding *bound;  /* while 是否管理员 is being set on it */
  gboolean           busy;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkWidget         *bind_button;
  GtkSpinner        *spinner;
  GtkLabel          *account_label;
  SdKeyChooser      *key_chooser;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkLabel          *type_label;
  GtkSwitch         *admin_switch;
};

G_DEFINE_FINAL_TYPE (SdAddCertificateDialog, sd_add_certificate_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_BOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SdAddCertificateDialog *self,
            const GError           *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

static void
set_busy (SdAddCertificateDialog *self,
          gboolean                busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->bind_button,
                            !busy && sd_key_chooser_get_selected (self->key_chooser) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->admin_switch), !busy);
}

/* The type the platform will give it (API CertificateType), from whom the
 * certificate names */
static const char *
platform_type_label (const SdTokenCertificate *cert)
{
  switch (cert->holder)
    {
    case SD_CERT_HOLDER_ORGANIZATION:
      return sd_platform_certificate_type_get_label (SD_PLATFORM_CERTIFICATE_ORGANIZATION);
    case SD_CERT_HOLDER_EMPLOYEE:
      return sd_platform_certificate_type_get_label (SD_PLATFORM_CERTIFICATE_EMPLOYEE);
    case SD_CERT_HOLDER_PERSON:
      return sd_platform_certificate_type_get_label (SD_PLATFORM_CERTIFICATE_PERSONAL);
    case SD_CERT_HOLDER_UNKNOWN:
    default:
      return _("Not stated in the certificate");
    }
}

static void
on_selection_changed (SdAddCertificateDialog *self)
{
  const SdTokenCertificate *cert = sd_key_chooser_get_selected (self->key_chooser);

  gtk_label_set_text (self->type_label, cert != NULL ? platform_type_label (cert) : "");
  /* An error was about the certificate chosen before; it stays while
   * nothing else is chosen (a key that locked is greyed and unselected
   * by the next look at the keys, and the reason must stay in sight) */
  if (!self->busy && cert != NULL)
    show_error (self, NULL);
  set_busy (self, self->busy);
}

static void
finish (SdAddCertificateDialog *self,
        SdPlatformBinding      *binding)
{
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_BOUND], 0, binding);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_admin_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SdAddCertificateDialog) self = user_data;
  g_autoptr(SdPlatformBinding) updated = NULL;
  g_autoptr(GError) error = NULL;

  updated = sd_platform_client_update_binding_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (updated == NULL)
    {
      /* Bound all the same: say what is missing and let the list show it */
      g_signal_emit (self, signals[SIGNAL_BOUND], 0, self->bound);
      show_error (self, error);
      set_busy (self, FALSE);
      return;
    }
  finish (self, updated);
}

static void
on_bound (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SdAddCertificateDialog) self = user_data;
  g_autoptr(SdPlatformBinding) binding = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformBindingUpdate update = { SD_PLATFORM_BINDING_UPDATE_IS_ADMIN, .is_admin = TRUE };

  binding = sd_platform_client_bind_certificate_finish (SD_PLATFORM_CLIENT (source), result,
                                                        &error);
  if (binding == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The PIN entry was cancelled: nothing to say */
          if (!g_cancellable_is_cancelled (self->cancellable))
            set_busy (self, FALSE);
          return;
        }
      show_error (self, error);
      set_busy (self, FALSE);
      return;
    }
  if (!gtk_switch_get_active (self->admin_switch))
    {
      finish (self, binding);
      return;
    }
  g_set_object (&self->bound, binding);
  sd_platform_client_update_binding_async (self->client, binding, &update, self->cancellable,
                                           on_admin_set, g_object_ref (self));
}

static void
on_signer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdAddCertificateDialog) self = user_data;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GError) error = NULL;

  signer = sd_key_chooser_get_signer_finish (SD_KEY_CHOOSER (source), result, &error);
  if (signer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_error (self, error);
          set_busy (self, FALSE);
        }
      return;
    }
  /* The key signs the server's challenge, asking its PIN in the chooser */
  sd_platform_client_bind_certificate_async (self->client,
                                             sd_platform_account_get_id (self->account), signer,
                                             self->cancellable, on_bound, g_object_ref (self));
}

static void
on_bind (SdAddCertificateDialog *self)
{
  if (self->busy || sd_key_chooser_get_selected (self->key_chooser) == NULL)
    return;
  show_error (self, NULL);
  set_busy (self, TRUE);
  sd_key_chooser_get_signer_async (self->key_chooser, self->cancellable, on_signer,
                                   g_object_ref (self));
}

static void
sd_add_certificate_dialog_dispose (GObject *object)
{
  SdAddCertificateDialog *self = SD_ADD_CERTIFICATE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ADD_CERTIFICATE_DIALOG);
  g_clear_object (&self->bound);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_add_certificate_dialog_parent_class)->dispose (object);
}

static void
sd_add_certificate_dialog_finalize (GObject *object)
{
  SdAddCertificateDialog *self = SD_ADD_CERTIFICATE_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_add_certificate_dialog_parent_class)->finalize (object);
}

static void
sd_add_certificate_dialog_class_init (SdAddCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_add_certificate_dialog_dispose;
  object_class->finalize = sd_add_certificate_dialog_finalize;

  signals[SIGNAL_BOUND] = g_signal_new ("bound", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        SD_TYPE_PLATFORM_BINDING);

  g_type_ensure (SD_TYPE_KEY_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-add-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, bind_button);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, account_label);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, key_chooser);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, type_label);
  gtk_widget_class_bind_template_child (widget_class, SdAddCertificateDialog, admin_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_bind);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_add_certificate_dialog_init (SdAddCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->key_chooser, "notify::selected-uri",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
}

SdAddCertificateDialog *
sd_add_certificate_dialog_new (GtkWindow         *parent,
                               SdPlatformClient  *client,
                               SdPlatformAccount *account)
{
  SdAddCertificateDialog *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (account), NULL);

  self = g_object_new (SD_TYPE_ADD_CERTIFICATE_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  adw_window_title_set_subtitle (self->window_title, sd_platform_account_get_login (account));
  /* Translators: the account's login and name */
  text = g_strdup_printf (_("Insert the USB key and bind its signing certificate to the account "
                            "“%s” (%s)."),
                          sd_platform_account_get_login (account),
                          sd_platform_account_get_name (account));
  gtk_label_set_text (self->account_label, text);
  return self;
}
