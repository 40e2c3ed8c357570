/* sd-account-dialog.c: 新增 / 编辑 an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ID number is checked as it is typed (length, characters, birth date
 * and check character, GB 11643); the server's own refusals are shown next
 * to the field they name (sd_platform_error_get_field), the others above
 * the form.  An edit loads the account first: the list shows ID numbers
 * masked, and the edit sends the ETag of what it loaded.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-account-dialog.h"
#include "sd-id-codes.h"
#include "sd-secure.h"

struct _SdAccountDialog
{
  AdwWindow          parent_instance;

  SdPlatformClient  *client;
  SdPlatformAccount *account;        /* NULL for 新增; as loaded for 编辑 */
  gint64             account_id;
  GCancellable      *cancellable;
  gboolean           busy;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkWidget         *save_button;
  GtkSpinner        *spinner;
  GtkRevealer       *message_revealer;
  GtkLabel          *message_label;
  GtkWidget         *form;
  GtkEntry          *login_entry;
  GtkLabel          *login_error;
  GtkEntry          *name_entry;
  GtkLabel          *name_error;
  GtkEntry          *phone_entry;
  GtkLabel          *phone_error;
  GtkEntry          *id_number_entry;
  GtkLabel          *id_number_error;
  GtkLabel          *kind_label;
  GtkWidget         *enabled_label;
  GtkSwitch         *enabled_switch;
};

G_DEFINE_FINAL_TYPE (SdAccountDialog, sd_account_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
set_field_error (GtkEntry   *entry,
                 GtkLabel   *label,
                 const char *message)
{
  gboolean shown = message != NULL && *message != '\0';

  gtk_label_set_text (label, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  if (shown)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
show_message (SdAccountDialog *self,
              const char      *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

/* What is wrong with the ID number typed so far, or NULL.  A number still
 * being typed is only wrong when it has a character that cannot be there. */
static const char *
check_id_number (const char *text,
                 gboolean    complete)
{
  gsize length = strlen (text);

  if (length == 0)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]) && !(i == SD_ID_NUMBER_LENGTH - 1 && (text[i] == 'X' || text[i] == 'x')))
      return _("An ID number has 17 digits, then a digit or X.");
  if (length > SD_ID_NUMBER_LENGTH)
    return _("An ID number has 18 characters.");
  if (length < SD_ID_NUMBER_LENGTH)
    return complete ? _("An ID number has 18 characters.") : NULL;
  if (!sd_id_number_is_valid (text))
    return _("This ID number does not exist: check the birth date and the last character.");
  return NULL;
}

static void
update_save (SdAccountDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (entry_text (self->name_entry)));
  gboolean valid = *entry_text (self->login_entry) != '\0' && *name != '\0'
                   && check_id_number (entry_text (self->id_number_entry), TRUE) == NULL;

  gtk_widget_set_sensitive (self->save_button, valid && !self->busy
                                               && (self->account_id == 0 || self->account != NULL));
}

static void
on_id_number_changed (SdAccountDialog *self)
{
  set_field_error (self->id_number_entry, self->id_number_error,
                   check_id_number (entry_text (self->id_number_entry), FALSE));
  update_save (self);
}

static void
on_field_changed (GtkEditable     *editable,
                  SdAccountDialog *self)
{
  /* A server complaint about a field goes once the field is changed */
  if (editable == GTK_EDITABLE (self->login_entry))
    set_field_error (self->login_entry, self->login_error, NULL);
  else if (editable == GTK_EDITABLE (self->name_entry))
    set_field_error (self->name_entry, self->name_error, NULL);
  else if (editable == GTK_EDITABLE (self->phone_entry))
    set_field_error (self->phone_entry, self->phone_error, NULL);
  update_save (self);
}

static void
set_busy (SdAccountDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->form, !busy);
  update_save (self);
}

static void
fill_form (SdAccountDialog *self)
{
  const char *id_number = sd_platform_account_get_id_number (self->account);
  const char *phone = sd_platform_account_get_phone (self->account);

  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), sd_platform_account_get_login (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), sd_platform_account_get_name (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), phone != NULL ? phone : "");
  gtk_editable_set_text (GTK_EDITABLE (self->id_number_entry), id_number != NULL ? id_number : "");
  gtk_label_set_text (self->kind_label,
                      sd_platform_account_kind_get_label (sd_platform_account_get_kind (self->account)));
}

/* The server's refusal: next to its field when it names one */
static void
show_error (SdAccountDialog *self,
            const GError    *error)
{
  const char *field = sd_platform_error_get_field (error);

  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_LOGIN_TAKEN))
    field = "login";
  else if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_ID_NUMBER_IN_USE)
           || g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_INVALID_ID_NUMBER))
    field = "id_number";

  if (g_strcmp0 (field, "login") == 0)
    set_field_error (self->login_entry, self->login_error, error->message);
  else if (g_strcmp0 (field, "name") == 0)
    set_field_error (self->name_entry, self->name_error, error->message);
  else if (g_strcmp0 (field, "phone") == 0)
    set_field_error (self->phone_entry, self->phone_error, error->message);
  else if (g_strcmp0 (field, "id_number") == 0)
    set_field_error (self->id_number_entry, self->id_number_error, error->message);
  else
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
}

static void load_account (SdAccountDialog *self);

static void
on_account_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SdAccountDialog) self = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_get_account_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (account == NULL)
    {
      show_error (self, error);
      return;
    }
  g_set_object (&self->account, account);
  fill_form (self);
  update_save (self);
}

static void
load_account (SdAccountDialog *self)
{
  set_busy (self, TRUE);
  sd_platform_client_get_account_async (self->client, self->account_id, self->cancellable,
                                        on_account_loaded, g_object_ref (self));
}

static void
saved (SdAccountDialog   *self,
       SdPlatformAccount *account,
       const char        *temporary_password)
{
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, account, temporary_password);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SdAccountDialog) self = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(SdSecret) password = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_create_account_finish (SD_PLATFORM_CLIENT (source), result,
                                                      &password, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (account == NULL)
    {
      show_error (self, error);
      return;
    }
  saved (self, account, password);
}

static void
on_updated (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SdAccountDialog) self = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_update_account_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (account != NULL)
    {
      saved (self, account, NULL);
      return;
    }
  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_VERSION_CONFLICT))
    {
      /* Someone else saved first: show theirs, let the user redo the edit */
      show_message (self, _("Someone else changed this account in the meantime. Its current "
                            "details are shown now: make your changes again and save."));
      load_account (self);
      return;
    }
  show_error (self, error);
}

static char *
stripped_or_null (GtkEntry *entry)
{
  char *text = g_strstrip (g_strdup (entry_text (entry)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
on_save (SdAccountDialog *self)
{
  g_autofree char *login = g_strstrip (g_strdup (entry_text (self->login_entry)));
  g_autofree char *name = g_strstrip (g_strdup (entry_text (self->name_entry)));
  g_autofree char *phone = stripped_or_null (self->phone_entry);
  g_autofree char *id_number = stripped_or_null (self->id_number_entry);
  g_autofree char *normalized = id_number != NULL ? sd_id_number_normalize (id_number) : NULL;

  if (!gtk_widget_is_sensitive (self->save_button))
    return;
  show_message (self, NULL);
  set_busy (self, TRUE);

  if (self->account_id == 0)
    {
      SdPlatformAccountCreate create = {
        .login = login,
        .name = name,
        .id_number = normalized,
        .phone = phone,
        .disabled = !gtk_switch_get_active (self->enabled_switch),
      };

      sd_platform_client_create_account_async (self->client, &create, self->cancellable,
                                               on_created, g_object_ref (self));
    }
  else
    {
      SdPlatformAccountUpdate update = { 0 };

      if (g_strcmp0 (name, sd_platform_account_get_name (self->account)) != 0)
        {
          update.fields |= SD_PLATFORM_ACCOUNT_UPDATE_NAME;
          update.name = name;
        }
      if (g_strcmp0 (phone, sd_platform_account_get_phone (self->account)) != 0)
        {
          update.fields |= SD_PLATFORM_ACCOUNT_UPDATE_PHONE;
          update.phone = phone;
        }
      if (g_strcmp0 (normalized, sd_platform_account_get_id_number (self->account)) != 0)
        {
          update.fields |= SD_PLATFORM_ACCOUNT_UPDATE_ID_NUMBER;
          update.id_number = normalized;
        }
      if (update.fields == 0)
        {
          set_busy (self, FALSE);
          saved (self, self->account, NULL);
          return;
        }
      sd_platform_client_update_account_async (self->client, self->account, &update,
                                               self->cancellable, on_updated, g_object_ref (self));
    }
}

static void
sd_account_dialog_dispose (GObject *object)
{
  SdAccountDialog *self = SD_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_account_dialog_parent_class)->dispose (object);
}

static void
sd_account_dialog_finalize (GObject *object)
{
  SdAccountDialog *self = SD_ACCOUNT_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_account_dialog_parent_class)->finalize (object);
}

static void
sd_account_dialog_class_init (SdAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_account_dialog_dispose;
  object_class->finalize = sd_account_dialog_finalize;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        SD_TYPE_PLATFORM_ACCOUNT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, form);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, login_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, login_error);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, id_number_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, id_number_error);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, kind_label);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, enabled_label);
  gtk_widget_class_bind_template_child (widget_class, SdAccountDialog, enabled_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_save);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_account_dialog_init (SdAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (self->login_entry, "changed", G_CALLBACK (on_field_changed), self, 0);
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (on_field_changed), self, 0);
  g_signal_connect_object (self->phone_entry, "changed", G_CALLBACK (on_field_changed), self, 0);
  g_signal_connect_object (self->id_number_entry, "changed", G_CALLBACK (on_id_number_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_entry_set_max_length (self->id_number_entry, SD_ID_NUMBER_LENGTH);
  gtk_entry_set_input_purpose (self->phone_entry, GTK_INPUT_PURPOSE_PHONE);
}

SdAccountDialog *
sd_account_dialog_new (GtkWindow         *parent,
                       SdPlatformClient  *client,
                       SdPlatformAccount *account)
{
  SdAccountDialog *self;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail (account == NULL || SD_IS_PLATFORM_ACCOUNT (account), NULL);

  self = g_object_new (SD_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  if (account == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Account"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Account"));
      gtk_label_set_text (self->kind_label,
                          sd_platform_account_kind_get_label (SD_PLATFORM_ACCOUNT_KIND_SUB));
    }
  else
    {
      self->account_id = sd_platform_account_get_id (account);
      adw_window_title_set_title (self->window_title, _("Edit Account"));
      adw_window_title_set_subtitle (self->window_title, sd_platform_account_get_login (account));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Account"));
      /* The login names the account for good; enabling is the table's switch */
      gtk_editable_set_editable (GTK_EDITABLE (self->login_entry), FALSE);
      gtk_widget_set_can_focus (GTK_WIDGET (self->login_entry), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->login_entry), sd_platform_account_get_login (account));
      gtk_widget_set_visible (self->enabled_label, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->enabled_switch), FALSE);
      load_account (self);
    }
  update_save (self);
  return self;
}
