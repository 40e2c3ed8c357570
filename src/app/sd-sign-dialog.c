/* sd-sign-dialog.c: choose the key and sign (签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key file is opened (and its password checked) in a worker thread,
 * then libsealdesk signs asynchronously; errors stay in the dialog so
 * that a mistyped password can be typed again.  The key file last used is
 * remembered, its password never.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-key-file-signer.h"
#include "sd-secure.h"

#include "sd-application.h"
#include "sd-sign-dialog.h"

struct _SdSignDialog
{
  AdwWindow       parent_instance;

  GSettings      *settings;
  GFile          *input;
  GFile          *output;
  SdSignOptions  *options;
  GFile          *key_file;
  GCancellable   *cancellable;

  /* Template children */
  GtkButton      *sign_button;
  GtkSpinner     *spinner;
  GtkLabel       *summary_label;
  AdwActionRow   *key_row;
  GtkButton      *choose_button;
  GtkEditable    *password_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (SdSignDialog, sd_sign_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (SdSignDialog *self,
          gboolean      busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), !busy && self->key_file != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), !busy);
  /* (the password row stays sensitive: it holds the focus) */
}

static void
show_error (SdSignDialog *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_signed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdSignDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_pdf_sign_file_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          show_error (self, error->message);
        }
      return;
    }
  g_signal_emit (self, signals[SIGNED], 0, self->output);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
open_key_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  SdSignDialog *self = source;
  const char *password = data;
  g_autofree char *path = g_file_get_path (self->key_file);
  g_autoptr(GError) error = NULL;
  SdSigner *signer;

  signer = sd_key_file_signer_new_from_pkcs12 (path, password, &error);
  if (signer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, signer, g_object_unref);
}

static void
on_key_opened (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdSignDialog *self = SD_SIGN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;

  if (signer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          show_error (self, error->message);
        }
      return;
    }
  input = g_file_get_path (self->input);
  output = g_file_get_path (self->output);
  sd_pdf_sign_file_async (input, output, signer, self->options, self->cancellable, on_signed,
                          g_object_ref (self));
}

static void
on_sign_clicked (SdSignDialog *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->key_file == NULL || gtk_spinner_get_spinning (self->spinner))
    return;
  show_error (self, NULL);
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, on_key_opened, NULL);
  g_task_set_source_tag (task, on_sign_clicked);
  g_task_set_task_data (task, g_strdup (gtk_editable_get_text (self->password_row)),
                        (GDestroyNotify) sd_secure_free);
  /* the password is in the task now, and no longer in the entry */
  gtk_editable_set_text (self->password_row, "");
  g_task_run_in_thread (task, open_key_thread);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SdSignDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sd_sign_dialog_set_key_file (self, file);
    }
  g_object_unref (chooser);
}

static void
on_choose_clicked (SdSignDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Key File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Key files (PKCS#12)"));
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sd_sign_dialog_set_key_file (SdSignDialog *self,
                             GFile        *key_file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_SIGN_DIALOG (self));
  g_return_if_fail (G_IS_FILE (key_file));

  g_set_object (&self->key_file, key_file);
  path = g_file_get_path (key_file);
  adw_action_row_set_subtitle (self->key_row, path);
  g_settings_set_string (self->settings, "key-file", path);
  set_busy (self, FALSE);
  show_error (self, NULL);
}

static void
sd_sign_dialog_dispose (GObject *object)
{
  SdSignDialog *self = SD_SIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_SIGN_DIALOG);
  G_OBJECT_CLASS (sd_sign_dialog_parent_class)->dispose (object);
}

static void
sd_sign_dialog_finalize (GObject *object)
{
  SdSignDialog *self = SD_SIGN_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->key_file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->options, sd_sign_options_free);
  G_OBJECT_CLASS (sd_sign_dialog_parent_class)->finalize (object);
}

static void
sd_sign_dialog_class_init (SdSignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_sign_dialog_dispose;
  object_class->finalize = sd_sign_dialog_finalize;

  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_sign_dialog_init (SdSignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (SD_APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
}

SdSignDialog *
sd_sign_dialog_new (GtkWindow           *parent,
                    GFile               *input,
                    GFile               *output,
                    const SdSignOptions *options)
{
  SdSignDialog *self = g_object_new (SD_TYPE_SIGN_DIALOG, "transient-for", parent, NULL);
  g_autofree char *key_path = g_settings_get_string (self->settings, "key-file");
  g_autofree char *out_name = g_file_get_basename (output);
  g_autofree char *summary = NULL;

  self->input = g_object_ref (input);
  self->output = g_object_ref (output);
  self->options = sd_sign_options_copy (options);
  /* TRANSLATORS: %u is a page number, %s the signed copy's file name */
  summary = g_strdup_printf (_("The seal goes on page %u. The signed document is saved as “%s” next to the original, which is left as it is."),
                             options->page + 1, out_name);
  gtk_label_set_text (self->summary_label, summary);
  if (*key_path != '\0' && g_file_test (key_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) key_file = g_file_new_for_path (key_path);

      sd_sign_dialog_set_key_file (self, key_file);
    }
  return self;
}
