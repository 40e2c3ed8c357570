/* sd-keyword-dialog.c: 关键字签章: the text the seal goes on, and which of
 * its matches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is looked for as it is typed (a moment after the last key), by
 * libsealdesk's poppler search in a worker thread, CJK included.  Every
 * match is marked on the pages; the seal is drawn where signing will put
 * it (sd_seal_layout_keyword, the geometry signing uses).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-pdf-signing.h"
#include "sd-pdf-text-search.h"
#include "sd-seal-layout.h"

#include "sd-keyword-dialog.h"
#include "sd-seal-choice.h"

/* milliseconds after the last key before searching */
#define SEARCH_DELAY 300

struct _SdKeywordDialog
{
  AdwWindow       parent_instance;

  SdDocumentView *view;
  SdPdfDocument  *document;     /* read with the first search */
  GCancellable   *searching;    /* the search under way, or NULL */
  guint           search_source;
  GArray         *matches;      /* SdTextMatch: all of them, or NULL before a search */
  GArray         *chosen;       /* those the seal goes on, or NULL */
  GdkTexture     *seal;         /* the chosen seal's image, or NULL */
  double          seal_w_mm;
  double          seal_h_mm;

  /* Template children */
  GtkButton      *sign_button;
  AdwComboRow    *seal_row;
  AdwEntryRow    *keyword_row;
  GtkLabel       *status_label;
  AdwComboRow    *which_row;
  AdwActionRow   *nth_row;
  GtkSpinButton  *nth_spin;
  GtkSpinButton  *dx_spin;
  GtkSpinButton  *dy_spin;
};

G_DEFINE_FINAL_TYPE (SdKeywordDialog, sd_keyword_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_status (SdKeywordDialog *self,
             const char      *message,
             gboolean         is_error)
{
  gtk_label_set_text (self->status_label, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update (SdKeywordDialog *self)
{
  SdTextMatchSelect which = (SdTextMatchSelect) adw_combo_row_get_selected (self->which_row);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) placements = NULL;
  g_autofree char *status = NULL;
  const SdSealPlacement *first;

  if (self->view == NULL)
    return;  /* disposed */
  gtk_widget_set_sensitive (GTK_WIDGET (self->nth_row), which == SD_TEXT_MATCH_NTH);
  g_clear_pointer (&self->chosen, g_array_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), FALSE);
  if (self->matches == NULL || self->seal == NULL)
    {
      sd_document_view_set_preview (self->view, NULL, NULL, NULL);
      return;
    }
  if (self->matches->len == 0)
    {
      /* TRANSLATORS: %s is the keyword */
      status = g_strdup_printf (_("No match: “%s” is not found on any page of this document."),
                                gtk_editable_get_text (GTK_EDITABLE (self->keyword_row)));
      show_status (self, status, TRUE);
      sd_document_view_set_preview (self->view, NULL, NULL, NULL);
      return;
    }
  self->chosen = g_array_copy (self->matches);
  if (!sd_text_matches_select (self->chosen, which,
                               (guint) gtk_spin_button_get_value_as_int (self->nth_spin)))
    {
      status = g_strdup_printf (ngettext ("There is only %u match.", "There are only %u matches.",
                                          self->matches->len),
                                self->matches->len);
      show_status (self, status, TRUE);
      g_clear_pointer (&self->chosen, g_array_unref);
      sd_document_view_set_preview (self->view, NULL, NULL, self->matches);
      return;
    }
  placements = sd_seal_layout_keyword (self->document, self->chosen, self->seal_w_mm,
                                       self->seal_h_mm, gtk_spin_button_get_value (self->dx_spin),
                                       gtk_spin_button_get_value (self->dy_spin), &error);
  if (placements == NULL)
    {
      show_status (self, error->message, TRUE);
      g_clear_pointer (&self->chosen, g_array_unref);
      sd_document_view_set_preview (self->view, NULL, NULL, self->matches);
      return;
    }
  /* TRANSLATORS: matches of the keyword, then how many get the seal */
  status = g_strdup_printf (ngettext ("Found %u time; the seal goes on %u of them.",
                                      "Found %u times; the seal goes on %u of them.",
                                      self->matches->len),
                            self->matches->len, self->chosen->len);
  show_status (self, status, FALSE);
  sd_document_view_set_preview (self->view, GDK_PAINTABLE (self->seal), placements,
                                self->matches);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), TRUE);
  /* the (first) match chosen in sight, with the seal on it */
  first = &g_array_index (placements, SdSealPlacement, 0);
  sd_document_view_scroll_to_area (self->view, first->page, first->x_mm, first->y_mm,
                                   first->width_mm, first->height_mm);
}

typedef struct
{
  SdPdfDocument *document;
  GArray        *matches;
} Found;

static void
found_free (Found *found)
{
  g_clear_object (&found->document);
  g_clear_pointer (&found->matches, g_array_unref);
  g_free (found);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Found *found = g_task_propagate_pointer (G_TASK (result), &error);
  SdKeywordDialog *self;

  if (found == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* another search replaced it, or the dialog is gone */
  self = SD_KEYWORD_DIALOG (source);
  g_clear_object (&self->searching);
  if (found == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }
  g_set_object (&self->document, found->document);
  g_clear_pointer (&self->matches, g_array_unref);
  self->matches = g_steal_pointer (&found->matches);
  found_free (found);
  update (self);
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  char **what = data;  /* the file's path, the text */
  GError *error = NULL;
  Found *found = g_new0 (Found, 1);

  found->document = sd_pdf_document_new_from_file (what[0], &error);
  if (found->document != NULL)
    found->matches = sd_pdf_find_text (what[0], what[1], NULL, &error);
  if (found->matches == NULL)
    {
      found_free (found);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, found, (GDestroyNotify) found_free);
}

static gboolean
search (gpointer data)
{
  SdKeywordDialog *self = data;
  g_autoptr(GTask) task = NULL;
  char **what = g_new0 (char *, 3);

  self->search_source = 0;
  self->searching = g_cancellable_new ();
  what[0] = g_file_get_path (sd_document_view_get_file (self->view));
  what[1] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->keyword_row)));
  show_status (self, _("Searching…"), FALSE);
  task = g_task_new (self, self->searching, on_found, NULL);
  g_task_set_source_tag (task, search);
  g_task_set_task_data (task, what, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, search_thread);
  return G_SOURCE_REMOVE;
}

static void
on_keyword_changed (SdKeywordDialog *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  if (self->searching != NULL)
    g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  g_clear_pointer (&self->matches, g_array_unref);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->keyword_row)) == '\0')
    show_status (self, _("Type the text the seal goes on, as it is written in the document."), FALSE);
  else
    self->search_source = g_timeout_add (SEARCH_DELAY, search, self);
  update (self);
}

static void
on_seal_changed (SdKeywordDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->seal);
  self->seal = sd_seal_choice_load (self->seal_row, &self->seal_w_mm, &self->seal_h_mm, &error);
  if (self->seal == NULL)
    show_status (self, error->message, TRUE);
  update (self);
}

static void
on_sign_clicked (SdKeywordDialog *self)
{
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();

  if (self->chosen == NULL)
    return;
  options->mode = SD_SEAL_MODE_KEYWORD;
  options->matches = g_array_copy (self->chosen);
  options->keyword = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->keyword_row)));
  options->offset_x_mm = gtk_spin_button_get_value (self->dx_spin);
  options->offset_y_mm = gtk_spin_button_get_value (self->dy_spin);
  options->width_mm = self->seal_w_mm;
  options->height_mm = self->seal_h_mm;
  options->seal_path = g_file_get_path (sd_seal_choice_get_file (self->seal_row));
  g_signal_emit (self, signals[SIGN], 0, options);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sd_keyword_dialog_dispose (GObject *object)
{
  SdKeywordDialog *self = SD_KEYWORD_DIALOG (object);

  g_clear_handle_id (&self->search_source, g_source_remove);
  if (self->searching != NULL)
    g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  if (self->view != NULL)
    sd_document_view_set_preview (self->view, NULL, NULL, NULL);
  g_clear_object (&self->view);
  g_clear_object (&self->document);
  g_clear_object (&self->seal);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->chosen, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_KEYWORD_DIALOG);
  G_OBJECT_CLASS (sd_keyword_dialog_parent_class)->dispose (object);
}

static void
sd_keyword_dialog_class_init (SdKeywordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_keyword_dialog_dispose;

  signals[SIGN] = g_signal_new ("sign", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-keyword-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, seal_row);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, keyword_row);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, which_row);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, nth_row);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, nth_spin);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, dx_spin);
  gtk_widget_class_bind_template_child (widget_class, SdKeywordDialog, dy_spin);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_keyword_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_keyword_dialog_init (SdKeywordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SdKeywordDialog *
sd_keyword_dialog_new (GtkWindow      *parent,
                       SdDocumentView *view,
                       GListModel     *seals,
                       GFile          *seal)
{
  SdKeywordDialog *self;

  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (view), NULL);
  g_return_val_if_fail (sd_document_view_get_file (view) != NULL, NULL);

  self = g_object_new (SD_TYPE_KEYWORD_DIALOG, "transient-for", parent, NULL);
  self->view = g_object_ref (view);
  show_status (self, _("Type the text the seal goes on, as it is written in the document."), FALSE);
  sd_seal_choice_init (self->seal_row, seals, seal);
  on_seal_changed (self);
  g_signal_connect_object (self->seal_row, "notify::selected", G_CALLBACK (on_seal_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}
