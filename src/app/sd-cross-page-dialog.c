/* sd-cross-page-dialog.c: 骑缝签章: the edge, where along it, how many
 * pages per seal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document is read by libsealdesk in a worker thread; from then on
 * every change lays the strips out again (sd_seal_layout_cross_page, the
 * same geometry signing uses) and draws them on the pages behind the
 * dialog.  What libsealdesk refuses (one page, a seal that does not fit)
 * is said in the dialog, and signing waits until it is right.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-page-set.h"
#include "sd-pdf-signing.h"
#include "sd-seal-layout.h"

#include "sd-cross-page-dialog.h"
#include "sd-seal-choice.h"

struct _SdCrossPageDialog
{
  AdwWindow       parent_instance;

  SdDocumentView *view;
  SdPdfDocument  *document;     /* NULL until read */
  GCancellable   *cancellable;
  GdkTexture     *seal;         /* the chosen seal's image, or NULL */
  double          seal_w_mm;
  double          seal_h_mm;
  gboolean        ready;        /* the strips are laid out */

  /* Template children */
  GtkButton      *sign_button;
  AdwComboRow    *seal_row;
  AdwComboRow    *edge_row;
  GtkSwitch      *centred_switch;
  AdwActionRow   *along_row;
  GtkSpinButton  *along_spin;
  GtkSpinButton  *group_spin;
  GtkEditable    *pages_row;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (SdCrossPageDialog, sd_cross_page_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_status (SdCrossPageDialog *self,
             const char        *message,
             gboolean           is_error)
{
  gtk_label_set_text (self->status_label, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static SdSealEdge
get_edge (SdCrossPageDialog *self)
{
  return (SdSealEdge) adw_combo_row_get_selected (self->edge_row);
}

/* The seal's top (left, right edges) or left (top, bottom), or -1: centred */
static double
get_along (SdCrossPageDialog *self)
{
  return gtk_switch_get_active (self->centred_switch) ? -1
                                                      : gtk_spin_button_get_value (self->along_spin);
}

/* The pages typed, or NULL: all of them */
static const char *
get_pages (SdCrossPageDialog *self)
{
  const char *text = gtk_editable_get_text (self->pages_row);

  return *text != '\0' ? text : NULL;
}

static void
update (SdCrossPageDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GArray) strips = NULL;
  g_autofree char *status = NULL;
  SdSealEdge edge = get_edge (self);
  guint group = (guint) gtk_spin_button_get_value_as_int (self->group_spin);
  guint n_pages;

  if (self->view == NULL)
    return;  /* disposed */
  if (edge == SD_SEAL_EDGE_LEFT || edge == SD_SEAL_EDGE_RIGHT)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->along_row),
                                   _("From the Top Edge (mm)"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->along_row),
                                   _("From the Left Edge (mm)"));
  self->ready = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), FALSE);
  if (self->document == NULL || self->seal == NULL)
    return;
  n_pages = sd_pdf_document_get_n_pages (self->document);
  pages = sd_page_set_parse (get_pages (self) != NULL ? get_pages (self) : "all", n_pages, &error);
  if (pages != NULL)
    strips = sd_seal_layout_cross_page (self->document, pages, edge, group, self->seal_w_mm,
                                        self->seal_h_mm, get_along (self), &error);
  if (strips == NULL)
    {
      show_status (self, error->message, TRUE);
      sd_document_view_set_preview (self->view, NULL, NULL, NULL);
      return;
    }
  /* TRANSLATORS: a strip of the seal on each of %u pages */
  status = g_strdup_printf (ngettext ("A strip of the seal on each of the %u page.",
                                      "A strip of the seal on each of the %u pages.", pages->len),
                            pages->len);
  show_status (self, status, FALSE);
  sd_document_view_set_preview (self->view, GDK_PAINTABLE (self->seal), strips, NULL);
  self->ready = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), TRUE);
}

static void
on_seal_changed (SdCrossPageDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->seal);
  self->seal = sd_seal_choice_load (self->seal_row, &self->seal_w_mm, &self->seal_h_mm, &error);
  if (self->seal == NULL)
    show_status (self, error->message, TRUE);
  update (self);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SdPdfDocument *document = g_task_propagate_pointer (G_TASK (result), &error);
  SdCrossPageDialog *self;

  if (document == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (SD_CROSS_PAGE_DIALOG (source), error->message, TRUE);
      return;
    }
  self = SD_CROSS_PAGE_DIALOG (source);
  self->document = document;
  update (self);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  SdPdfDocument *document = sd_pdf_document_new_from_file (data, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

static void
on_sign_clicked (SdCrossPageDialog *self)
{
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  SdSealEdge edge = get_edge (self);
  double along = get_along (self);

  if (!self->ready)
    return;
  options->mode = SD_SEAL_MODE_CROSS_PAGE;
  options->edge = edge;
  options->group_size = (guint) gtk_spin_button_get_value_as_int (self->group_spin);
  options->pages = g_strdup (get_pages (self));
  options->position_set = along >= 0;
  if (edge == SD_SEAL_EDGE_LEFT || edge == SD_SEAL_EDGE_RIGHT)
    options->y_mm = MAX (0, along);
  else
    options->x_mm = MAX (0, along);
  options->width_mm = self->seal_w_mm;
  options->height_mm = self->seal_h_mm;
  options->seal_path = g_file_get_path (sd_seal_choice_get_file (self->seal_row));
  g_signal_emit (self, signals[SIGN], 0, options);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sd_cross_page_dialog_dispose (GObject *object)
{
  SdCrossPageDialog *self = SD_CROSS_PAGE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->view != NULL)
    sd_document_view_set_preview (self->view, NULL, NULL, NULL);
  g_clear_object (&self->view);
  g_clear_object (&self->document);
  g_clear_object (&self->seal);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CROSS_PAGE_DIALOG);
  G_OBJECT_CLASS (sd_cross_page_dialog_parent_class)->dispose (object);
}

static void
sd_cross_page_dialog_finalize (GObject *object)
{
  SdCrossPageDialog *self = SD_CROSS_PAGE_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_cross_page_dialog_parent_class)->finalize (object);
}

static void
sd_cross_page_dialog_class_init (SdCrossPageDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_cross_page_dialog_dispose;
  object_class->finalize = sd_cross_page_dialog_finalize;

  signals[SIGN] = g_signal_new ("sign", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-cross-page-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, seal_row);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, edge_row);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, centred_switch);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, along_row);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, along_spin);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, group_spin);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, pages_row);
  gtk_widget_class_bind_template_child (widget_class, SdCrossPageDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_cross_page_dialog_init (SdCrossPageDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

SdCrossPageDialog *
sd_cross_page_dialog_new (GtkWindow      *parent,
                          SdDocumentView *view,
                          GListModel     *seals,
                          GFile          *seal)
{
  SdCrossPageDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (view), NULL);
  g_return_val_if_fail (sd_document_view_get_file (view) != NULL, NULL);

  self = g_object_new (SD_TYPE_CROSS_PAGE_DIALOG, "transient-for", parent, NULL);
  self->view = g_object_ref (view);
  gtk_spin_button_set_value (self->group_spin, SD_SIGN_DEFAULT_GROUP_SIZE);
  show_status (self, _("Reading the document…"), FALSE);
  sd_seal_choice_init (self->seal_row, seals, seal);
  on_seal_changed (self);
  g_signal_connect_object (self->seal_row, "notify::selected", G_CALLBACK (on_seal_changed), self,
                           G_CONNECT_SWAPPED);
  task = g_task_new (self, self->cancellable, on_read, NULL);
  g_task_set_source_tag (task, sd_cross_page_dialog_new);
  g_task_set_task_data (task, g_file_get_path (sd_document_view_get_file (view)), g_free);
  g_task_run_in_thread (task, read_thread);
  return self;
}
