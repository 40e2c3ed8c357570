/* sd-batch-window.c: batch signing (批量签署)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are added by the file chooser, as a folder, or dropped; each row
 * shows the file's state and can be rejected (拒签) with a reason before
 * the start.  The signing is SdBatch's, on its worker thread: the window
 * only follows "file-changed".  The key group stays usable while the batch
 * runs, since a USB key asks its PIN inside the key chooser.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-key-file-signer.h"
#include "sd-pdf-text-search.h"

#include "sd-application.h"
#include "sd-batch-window.h"
#include "sd-key-chooser.h"

/* The rows of mode_row */
enum
{
  MODE_SINGLE,
  MODE_PAGES,
  MODE_CROSS_PAGE,
  MODE_KEYWORD,
};

typedef struct
{
  GFile        *file;
  char         *reason;    /* 拒签, or NULL */
  AdwActionRow *row;
  GtkLabel     *state_label;
  GtkButton    *reject_button;
  GtkButton    *remove_button;
} Entry;

struct _SdBatchWindow
{
  AdwWindow        parent_instance;

  GSettings       *settings;
  GPtrArray       *entries;        /* Entry */
  GFile           *key_file;
  GFile           *seal_file;
  GFile           *output_folder;
  SdBatch         *batch;
  GCancellable    *cancellable;
  guint            adding;         /* files or folders being looked at */
  gboolean         starting;       /* the key is being opened */
  gboolean         closed;

  /* Template children */
  AdwToastOverlay *toasts;
  GtkSpinner      *spinner;
  GtkWidget       *start_button;
  GtkWidget       *progress_box;
  GtkProgressBar  *progress_bar;
  GtkLabel        *progress_label;
  GtkWidget       *summary_box;
  GtkLabel        *summary_label;
  GtkLabel        *error_label;
  AdwPreferencesGroup *files_group;
  GtkListBox      *file_list;
  GtkWidget       *placement_group;
  AdwComboRow     *mode_row;
  GtkWidget       *page_row;
  GtkCheckButton  *last_page_check;
  GtkSpinButton   *page_spin;
  GtkWidget       *position_row;
  GtkSpinButton   *x_spin;
  GtkSpinButton   *y_spin;
  GtkEditable     *keyword_row;
  GtkSpinButton   *size_spin;
  AdwActionRow    *seal_row;
  GtkToggleButton *key_file_toggle;
  GtkStack        *key_stack;
  AdwActionRow    *key_row;
  GtkEditable     *password_row;
  SdKeyChooser    *key_chooser;
  GtkWidget       *output_group;
  AdwActionRow    *output_row;
};

G_DEFINE_FINAL_TYPE (SdBatchWindow, sd_batch_window, ADW_TYPE_WINDOW)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->file);
  g_free (entry->reason);
  g_free (entry);
}

static gboolean
running (SdBatchWindow *self)
{
  return self->batch != NULL && gtk_widget_get_visible (self->progress_box);
}

static gboolean
finished (SdBatchWindow *self)
{
  return self->batch != NULL && !running (self);
}

static guint
count_to_sign (SdBatchWindow *self)
{
  guint n = 0;

  for (guint i = 0; i < self->entries->len; i++)
    n += ((Entry *) g_ptr_array_index (self->entries, i))->reason == NULL;
  return n;
}

static void
show_error (SdBatchWindow *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_state (SdBatchWindow *self)
{
  gboolean editable = self->batch == NULL && !self->starting;
  guint n = self->entries->len;
  g_autofree char *count = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.add-files", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.add-folder", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.reject", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.remove", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.choose-seal", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.choose-key", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.choose-output", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.start",
                                 editable && self->adding == 0 && count_to_sign (self) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.cancel", running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.save-report", finished (self));
  gtk_widget_set_sensitive (self->placement_group, editable);
  gtk_widget_set_sensitive (self->output_group, editable);
  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->key_stack, "file"), editable);
  gtk_spinner_set_spinning (self->spinner, self->starting || self->adding > 0);

  count = g_strdup_printf (ngettext ("%u file", "%u files", n), n);
  adw_preferences_group_set_description (self->files_group, count);
}

static const char *
state_text (SdBatchFileState state)
{
  switch (state)
    {
    case SD_BATCH_FILE_SIGNING:
      return _("Signing…");
    case SD_BATCH_FILE_SIGNED:
      return C_("batch file state", "Signed");
    case SD_BATCH_FILE_FAILED:
      return C_("batch file state", "Failed");
    case SD_BATCH_FILE_REJECTED:
      /* TRANSLATORS: 拒签: the user chose not to sign this file */
      return C_("batch file state", "Rejected");
    case SD_BATCH_FILE_SKIPPED:
      return C_("batch file state", "Not signed");
    case SD_BATCH_FILE_WAITING:
    default:
      return C_("batch file state", "Waiting");
    }
}

static void
show_entry_state (Entry            *entry,
                  SdBatchFileState  state,
                  const char       *subtitle)
{
  GtkWidget *label = GTK_WIDGET (entry->state_label);

  gtk_label_set_text (entry->state_label, state_text (state));
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  if (state == SD_BATCH_FILE_SIGNED)
    gtk_widget_add_css_class (label, "success");
  else if (state == SD_BATCH_FILE_FAILED || state == SD_BATCH_FILE_SKIPPED)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_set_subtitle (entry->row, subtitle);
}

/* Before the start: waiting in its folder, or rejected with the reason */
static void
show_entry (Entry *entry)
{
  if (entry->reason != NULL)
    {
      /* TRANSLATORS: %s is the user's reason for rejecting (拒签) the file */
      g_autofree char *subtitle = g_strdup_printf (_("Reason: %s"), entry->reason);

      show_entry_state (entry, SD_BATCH_FILE_REJECTED, subtitle);
      gtk_button_set_label (entry->reject_button, _("_Undo Reject"));
    }
  else
    {
      g_autoptr(GFile) parent = g_file_get_parent (entry->file);
      g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : NULL;

      show_entry_state (entry, SD_BATCH_FILE_WAITING, folder);
      gtk_button_set_label (entry->reject_button, _("_Reject…"));
    }
}

/* The buttons say which row by index: again after a removal */
static void
set_row_targets (SdBatchWindow *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      /* the target first: an action with a parameter refuses a button without one */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (entry->reject_button), "u", i);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (entry->reject_button), "batch.reject");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (entry->remove_button), "u", i);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (entry->remove_button), "batch.remove");
    }
}

static void
add_path (SdBatchWindow *self,
          const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_filename_display_basename (path);
  Entry *entry;

  for (guint i = 0; i < self->entries->len; i++)
    if (g_file_equal (((Entry *) g_ptr_array_index (self->entries, i))->file, file))
      return;

  entry = g_new0 (Entry, 1);
  entry->file = g_steal_pointer (&file);
  entry->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry->row), name);
  entry->state_label = GTK_LABEL (gtk_label_new (NULL));
  entry->reject_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Reject…")));
  gtk_widget_set_valign (GTK_WIDGET (entry->reject_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (entry->reject_button), "flat");
  entry->remove_button = GTK_BUTTON (gtk_button_new_from_icon_name ("list-remove-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (entry->remove_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (entry->remove_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry->remove_button), _("Remove from the List"));
  adw_action_row_add_suffix (entry->row, GTK_WIDGET (entry->state_label));
  adw_action_row_add_suffix (entry->row, GTK_WIDGET (entry->reject_button));
  adw_action_row_add_suffix (entry->row, GTK_WIDGET (entry->remove_button));
  gtk_list_box_append (self->file_list, GTK_WIDGET (entry->row));
  g_ptr_array_add (self->entries, entry);
  show_entry (entry);
  set_row_targets (self);

  /* the signed copies go next to the first file unless told otherwise */
  if (self->output_folder == NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (entry->file);

      if (parent != NULL)
        sd_batch_window_set_output_folder (self, parent);
    }
}

/* A folder's PDFs, or the file itself: stat and listing off the UI thread */
static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GFile *file = data;
  g_autofree char *path = g_file_get_path (file);
  GError *error = NULL;
  GPtrArray *paths;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only files on this computer can be signed."));
      return;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      paths = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (paths, g_steal_pointer (&path));
      g_task_return_pointer (task, paths, (GDestroyNotify) g_ptr_array_unref);
    }
  else if ((paths = sd_batch_list_folder (path, &error)) != NULL)
    g_task_return_pointer (task, paths, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_task_propagate_pointer (G_TASK (result), &error);

  self->adding--;
  if (self->closed)
    return;
  if (paths == NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
  else if (paths->len == 0)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("There are no PDF files in this folder.")));
  else if (self->batch == NULL)
    for (guint i = 0; i < paths->len; i++)
      add_path (self, g_ptr_array_index (paths, i));
  update_state (self);
}

void
sd_batch_window_add_file (SdBatchWindow *self,
                          GFile         *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SD_IS_BATCH_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->batch != NULL)
    return;
  self->adding++;
  task = g_task_new (self, self->cancellable, on_listed, NULL);
  g_task_set_source_tag (task, sd_batch_window_add_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, list_thread);
  update_state (self);
}

guint
sd_batch_window_get_n_files (SdBatchWindow *self)
{
  g_return_val_if_fail (SD_IS_BATCH_WINDOW (self), 0);

  return self->adding > 0 ? 0 : self->entries->len;
}

static void
set_row_file (AdwActionRow  *row,
              GFile        **field,
              GFile         *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_object (field, file);
  adw_action_row_set_subtitle (row, name);
}

void
sd_batch_window_set_key_file (SdBatchWindow *self,
                              GFile         *key_file)
{
  g_autofree char *path = g_file_get_path (key_file);

  g_return_if_fail (SD_IS_BATCH_WINDOW (self));

  set_row_file (self->key_row, &self->key_file, key_file);
  if (path != NULL)
    g_settings_set_string (self->settings, "key-file", path);
  show_error (self, NULL);
}

void
sd_batch_window_set_seal_file (SdBatchWindow *self,
                               GFile         *seal)
{
  g_return_if_fail (SD_IS_BATCH_WINDOW (self));

  set_row_file (self->seal_row, &self->seal_file, seal);
  show_error (self, NULL);
}

void
sd_batch_window_set_output_folder (SdBatchWindow *self,
                                   GFile         *folder)
{
  g_return_if_fail (SD_IS_BATCH_WINDOW (self));

  set_row_file (self->output_row, &self->output_folder, folder);
}

SdBatch *
sd_batch_window_get_batch (SdBatchWindow *self)
{
  g_return_val_if_fail (SD_IS_BATCH_WINDOW (self), NULL);

  return self->batch;
}

static void
update_placement (SdBatchWindow *self)
{
  guint mode = adw_combo_row_get_selected (self->mode_row);

  gtk_widget_set_visible (self->page_row, mode == MODE_SINGLE);
  gtk_widget_set_visible (self->position_row, mode == MODE_SINGLE || mode == MODE_PAGES);
  gtk_widget_set_visible (GTK_WIDGET (self->keyword_row), mode == MODE_KEYWORD);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_spin),
                            !gtk_check_button_get_active (self->last_page_check));
}

static void
update_key_source (SdBatchWindow *self)
{
  gtk_stack_set_visible_child_name (self->key_stack,
                                    gtk_toggle_button_get_active (self->key_file_toggle)
                                    ? "file" : "token");
}

static SdSignOptions *
build_options (SdBatchWindow *self)
{
  SdSignOptions *options = sd_sign_options_new ();

  options->seal_path = g_file_get_path (self->seal_file);
  options->width_mm = gtk_spin_button_get_value (self->size_spin);
  options->x_mm = gtk_spin_button_get_value (self->x_spin);
  options->y_mm = gtk_spin_button_get_value (self->y_spin);
  switch (adw_combo_row_get_selected (self->mode_row))
    {
    case MODE_PAGES:
      options->mode = SD_SEAL_MODE_PAGES;
      break;
    case MODE_CROSS_PAGE:
      options->mode = SD_SEAL_MODE_CROSS_PAGE;
      break;
    case MODE_KEYWORD:
      options->mode = SD_SEAL_MODE_KEYWORD;
      break;
    case MODE_SINGLE:
    default:
      options->mode = SD_SEAL_MODE_SINGLE;
      options->page = gtk_check_button_get_active (self->last_page_check)
                      ? SD_SIGN_PAGE_LAST : (guint) gtk_spin_button_get_value_as_int (self->page_spin) - 1;
      break;
    }
  return options;
}

static void
on_file_changed (SdBatchWindow *self,
                 guint          index,
                 SdBatch       *batch)
{
  Entry *entry = g_ptr_array_index (self->entries, index);
  SdBatchFileState state = sd_batch_get_file_state (batch, index);
  g_autofree char *reason = sd_batch_dup_reason (batch, index);
  g_autofree char *output = sd_batch_dup_output (batch, index);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_file_get_basename (entry->file);

  if (state == SD_BATCH_FILE_SIGNED)
    {
      g_autofree char *output_name = g_filename_display_basename (output);

      /* TRANSLATORS: %s is the signed copy's file name */
      subtitle = g_strdup_printf (_("Saved as “%s”"), output_name);
    }
  show_entry_state (entry, state, subtitle != NULL ? subtitle : reason);
  if (state == SD_BATCH_FILE_SIGNING)
    {
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *text = NULL;

      /* TRANSLATORS: the file being signed now, its number, how many in all */
      text = g_strdup_printf (_("Signing “%s” (%u of %u)…"), display, index + 1, self->entries->len);
      gtk_label_set_text (self->progress_label, text);
    }
  gtk_progress_bar_set_fraction (self->progress_bar, sd_batch_get_fraction (batch));
}

static void
on_batch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  sd_batch_run_finish (SD_BATCH (source), result, &error);
  if (self->closed)
    return;
  gtk_widget_set_visible (self->progress_box, FALSE);
  summary = sd_batch_get_summary (self->batch);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (self->summary_box, TRUE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Batch signing cancelled")));
  else if (error != NULL)
    show_error (self, error->message);
  update_state (self);
}

static void
begin (SdBatchWindow *self,
       SdSigner      *signer)
{
  g_autoptr(SdSignOptions) options = build_options (self);
  g_autofree char *output = g_file_get_path (self->output_folder);

  self->starting = FALSE;
  self->batch = sd_batch_new (signer, options, output);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *path = g_file_get_path (entry->file);

      sd_batch_add_file (self->batch, path);
      if (entry->reason != NULL)
        sd_batch_reject_file (self->batch, i, entry->reason);
    }
  if (options->mode == SD_SEAL_MODE_KEYWORD)
    sd_batch_set_keyword (self->batch, gtk_editable_get_text (self->keyword_row),
                          SD_TEXT_MATCH_ALL, 0, sd_pdf_find_text);
  g_signal_connect_object (self->batch, "file-changed", G_CALLBACK (on_file_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, NULL);
  gtk_widget_set_visible (self->progress_box, TRUE);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      gtk_widget_set_visible (GTK_WIDGET (entry->reject_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (entry->remove_button), FALSE);
    }
  update_state (self);
  sd_batch_run_async (self->batch, self->cancellable, on_batch_done, g_object_ref (self));
}

static void
key_failed (SdBatchWindow *self,
            const GError  *error)
{
  if (self->closed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->starting = FALSE;
  show_error (self, error->message);
  update_state (self);
}

static void
on_key_opened (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = sd_key_file_signer_new_from_pkcs12_finish (result, &error);

  if (signer == NULL)
    key_failed (self, error);
  else if (!self->closed)
    begin (self, signer);
}

static void
on_token_signer (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SdBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = sd_key_chooser_get_signer_finish (SD_KEY_CHOOSER (source), result,
                                                                 &error);

  if (signer == NULL)
    key_failed (self, error);
  else if (!self->closed)
    begin (self, signer);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (widget);
  gboolean key_file = gtk_toggle_button_get_active (self->key_file_toggle);

  if (count_to_sign (self) == 0)
    show_error (self, _("Add the PDF files to sign first."));
  else if (self->seal_file == NULL)
    show_error (self, _("Choose the seal image."));
  else if (adw_combo_row_get_selected (self->mode_row) == MODE_KEYWORD
           && *gtk_editable_get_text (self->keyword_row) == '\0')
    show_error (self, _("Type the keyword the seals go on."));
  else if (self->output_folder == NULL)
    show_error (self, _("Choose the folder for the signed copies."));
  else if (key_file && self->key_file == NULL)
    show_error (self, _("Choose the key file."));
  else if (!key_file && sd_key_chooser_get_selected_uri (self->key_chooser) == NULL)
    show_error (self, _("Insert the USB key and choose its signing certificate."));
  else
    {
      show_error (self, NULL);
      self->starting = TRUE;
      update_state (self);
      if (key_file)
        {
          g_autofree char *path = g_file_get_path (self->key_file);

          sd_key_file_signer_new_from_pkcs12_async (path, gtk_editable_get_text (self->password_row),
                                                    self->cancellable, on_key_opened,
                                                    g_object_ref (self));
          /* the password is in the call now, and no longer in the entry */
          gtk_editable_set_text (self->password_row, "");
        }
      else
        sd_key_chooser_get_signer_async (self->key_chooser, self->cancellable, on_token_signer,
                                         g_object_ref (self));
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (widget);

  gtk_label_set_text (self->progress_label, _("Cancelling…"));
  g_cancellable_cancel (self->cancellable);
}

static void
on_reason_changed (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "reject", *text != '\0');
}

static void
on_reject_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SdBatchWindow    *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "sd-file");
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (!g_str_equal (response, "reject") || self->batch != NULL)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_file_equal (entry->file, file))
        {
          g_free (entry->reason);
          entry->reason = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
          show_entry (entry);
        }
    }
  update_state (self);
}

/* 拒签: asks the reason; on a rejected file, takes the rejection back */
static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);
  Entry *entry;
  GtkWidget *dialog;
  GtkWidget *reason;
  g_autofree char *name = NULL;

  g_return_if_fail (index < self->entries->len);
  entry = g_ptr_array_index (self->entries, index);
  if (entry->reason != NULL)
    {
      g_clear_pointer (&entry->reason, g_free);
      show_entry (entry);
      update_state (self);
      return;
    }
  name = g_file_get_basename (entry->file);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reject This File?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will not be signed. Say why: the reason goes into "
                                    "the batch’s report."), name);
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason for rejecting"));
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reject", _("_Reject"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reject");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sd-file", g_object_ref (entry->file), g_object_unref);
  g_signal_connect (reason, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reject_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);
  Entry *entry;

  g_return_if_fail (index < self->entries->len);
  entry = g_ptr_array_index (self->entries, index);
  gtk_list_box_remove (self->file_list, GTK_WIDGET (entry->row));
  g_ptr_array_remove_index (self->entries, index);
  set_row_targets (self);
  update_state (self);
}

typedef void (*ChosenFunc) (SdBatchWindow *self,
                            GFile         *file);

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SdBatchWindow   *self)
{
  ChosenFunc chosen = g_object_get_data (G_OBJECT (chooser), "sd-chosen");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          chosen (self, file);
        }
    }
  g_object_unref (chooser);
}

static void
choose (SdBatchWindow        *self,
        const char           *title,
        GtkFileChooserAction  action,
        const char           *accept,
        gboolean              multiple,
        GtkFileFilter        *filter,
        ChosenFunc            chosen)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                               accept, _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), multiple);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "sd-chosen", chosen);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (g_str_equal (action_name, "batch.add-files"))
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_pattern (filter, "*.pdf");
      choose (self, _("Add PDF Files"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), TRUE, filter,
              sd_batch_window_add_file);
    }
  else if (g_str_equal (action_name, "batch.add-folder"))
    choose (self, _("Add the PDFs of a Folder"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Add"),
            FALSE, NULL, sd_batch_window_add_file);
  else if (g_str_equal (action_name, "batch.choose-seal"))
    {
      gtk_file_filter_set_name (filter, _("Seal images (PNG)"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      choose (self, _("Choose the Seal"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), FALSE,
              filter, sd_batch_window_set_seal_file);
    }
  else if (g_str_equal (action_name, "batch.choose-key"))
    {
      gtk_file_filter_set_name (filter, _("Key files (PKCS#12)"));
      gtk_file_filter_add_pattern (filter, "*.p12");
      gtk_file_filter_add_pattern (filter, "*.pfx");
      choose (self, _("Choose a Key File"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), FALSE,
              filter, sd_batch_window_set_key_file);
    }
  else
    choose (self, _("Folder for the Signed Copies"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
            _("_Choose"), FALSE, NULL, sd_batch_window_set_output_folder);
}

typedef struct
{
  SdBatchWindow *self;
  char          *name;
} SavingReport;

static void
on_report_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SavingReport *saving = user_data;
  g_autoptr(SdBatchWindow) self = saving->self;
  g_autofree char *name = saving->name;
  g_autoptr(GError) error = NULL;

  g_free (saving);
  if (!sd_batch_save_report_finish (SD_BATCH (source), result, &error))
    {
      if (!self->closed)
        show_error (self, error->message);
    }
  else if (!self->closed)
    {
      g_autofree char *message = g_strdup_printf (_("Report saved as “%s”"), name);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
    }
}

void
sd_batch_window_save_report (SdBatchWindow *self,
                             GFile         *file)
{
  g_autofree char *path = NULL;
  SavingReport *saving;
  SdBatchReportFormat format;

  g_return_if_fail (SD_IS_BATCH_WINDOW (self));
  g_return_if_fail (self->batch != NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("The report can only be saved on this computer."));
      return;
    }
  format = g_str_has_suffix (path, ".json") ? SD_BATCH_REPORT_JSON : SD_BATCH_REPORT_TEXT;
  saving = g_new (SavingReport, 1);
  saving->self = g_object_ref (self);
  saving->name = g_filename_display_basename (path);
  sd_batch_save_report_async (self->batch, path, format, NULL, on_report_saved, saving);
}

static void
on_report_chosen (GtkNativeDialog *chooser,
                  int              response,
                  SdBatchWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      sd_batch_window_save_report (self, file);
    }
  g_object_unref (chooser);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* TRANSLATORS: the report's file name offered; .json saves it as JSON */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("batch-signing-report.txt"));
  if (self->output_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), self->output_folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_report_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SdBatchWindow *self)
{
  GSList *files = g_value_get_boxed (value);

  if (self->batch != NULL)
    return FALSE;
  for (GSList *l = files; l != NULL; l = l->next)
    sd_batch_window_add_file (self, l->data);
  return TRUE;
}

static void
sd_batch_window_dispose (GObject *object)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (object);

  /* a file being signed is removed by the batch when cancelled */
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_BATCH_WINDOW);
  G_OBJECT_CLASS (sd_batch_window_parent_class)->dispose (object);
}

static void
sd_batch_window_finalize (GObject *object)
{
  SdBatchWindow *self = SD_BATCH_WINDOW (object);

  g_clear_object (&self->settings);
  g_ptr_array_unref (self->entries);
  g_clear_object (&self->key_file);
  g_clear_object (&self->seal_file);
  g_clear_object (&self->output_folder);
  g_clear_object (&self->batch);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_batch_window_parent_class)->finalize (object);
}

static void
sd_batch_window_class_init (SdBatchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_batch_window_dispose;
  object_class->finalize = sd_batch_window_finalize;

  g_type_ensure (SD_TYPE_KEY_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-batch-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, summary_box);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, files_group);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, file_list);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, placement_group);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, page_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, last_page_check);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, page_spin);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, position_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, x_spin);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, y_spin);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, keyword_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, size_spin);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, seal_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, key_file_toggle);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, key_stack);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, key_chooser);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, output_group);
  gtk_widget_class_bind_template_child (widget_class, SdBatchWindow, output_row);
  gtk_widget_class_bind_template_callback (widget_class, update_placement);
  gtk_widget_class_bind_template_callback (widget_class, update_key_source);

  gtk_widget_class_install_action (widget_class, "batch.add-files", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "batch.add-folder", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "batch.choose-seal", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "batch.choose-key", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "batch.choose-output", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "batch.reject", "u", reject_action);
  gtk_widget_class_install_action (widget_class, "batch.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "batch.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "batch.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "batch.save-report", NULL, save_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_batch_window_init (SdBatchWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_autofree char *key_path = NULL;
  g_auto(GStrv) seals = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (SD_APPLICATION_ID);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->cancellable = g_cancellable_new ();
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toasts), GTK_EVENT_CONTROLLER (drop));

  /* the key file and the seal last used offline */
  key_path = g_settings_get_string (self->settings, "key-file");
  if (*key_path != '\0' && g_file_test (key_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) key_file = g_file_new_for_path (key_path);

      sd_batch_window_set_key_file (self, key_file);
    }
  seals = g_settings_get_strv (self->settings, "seal-files");
  for (guint i = 0; seals[i] != NULL && self->seal_file == NULL; i++)
    if (g_file_test (seals[i], G_FILE_TEST_IS_REGULAR))
      {
        g_autoptr(GFile) seal = g_file_new_for_path (seals[i]);

        sd_batch_window_set_seal_file (self, seal);
      }
  update_placement (self);
  update_state (self);
}

SdBatchWindow *
sd_batch_window_new (GtkWindow *parent)
{
  return g_object_new (SD_TYPE_BATCH_WINDOW, "transient-for", parent, NULL);
}
