/* sd-page-set-dialog.c: 多页签章: the pages that get the seal and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page set is checked by libsealdesk as it is typed; the seals it
 * gives are drawn on the pages behind the dialog at once.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-page-set.h"
#include "sd-pdf-signing.h"
#include "sd-seal-layout.h"

#include "sd-page-set-dialog.h"
#include "sd-seal-choice.h"

#define MM_PER_POINT (25.4 / 72.0)
/* where the seal goes first when none was placed: from the page's
 * bottom-right corner, as on a contract's signature line */
#define DEFAULT_RIGHT_MM 25.0
#define DEFAULT_BOTTOM_MM 40.0

struct _SdPageSetDialog
{
  AdwWindow       parent_instance;

  SdDocumentView *view;
  GdkTexture     *seal;         /* the chosen seal's image, or NULL */
  double          seal_w_mm;
  double          seal_h_mm;
  GArray         *pages;        /* guint from 0, or NULL while the set is wrong */

  /* Template children */
  GtkButton      *sign_button;
  AdwComboRow    *seal_row;
  GtkCheckButton *all_check;
  GtkCheckButton *odd_check;
  GtkCheckButton *even_check;
  GtkCheckButton *last_check;
  GtkCheckButton *range_check;
  AdwEntryRow    *range_row;
  GtkLabel       *status_label;
  GtkSpinButton  *x_spin;
  GtkSpinButton  *y_spin;
};

G_DEFINE_FINAL_TYPE (SdPageSetDialog, sd_page_set_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* As sd_page_set_parse() reads it */
static const char *
page_spec (SdPageSetDialog *self)
{
  if (gtk_check_button_get_active (self->odd_check))
    return "odd";
  if (gtk_check_button_get_active (self->even_check))
    return "even";
  if (gtk_check_button_get_active (self->last_check))
    return "last";
  if (gtk_check_button_get_active (self->range_check))
    return gtk_editable_get_text (GTK_EDITABLE (self->range_row));
  return "all";
}

static void
show_status (SdPageSetDialog *self,
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
update (SdPageSetDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) placements = NULL;
  g_autofree char *status = NULL;
  guint n_pages = sd_document_view_get_n_pages (self->view);
  gboolean range = gtk_check_button_get_active (self->range_check);

  if (self->view == NULL)
    return;  /* disposed */
  g_clear_pointer (&self->pages, g_array_unref);
  if (self->seal != NULL)
    self->pages = sd_page_set_parse (page_spec (self), n_pages, &error);
  if (range && error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->range_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->range_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), self->pages != NULL);
  if (self->pages == NULL)
    {
      if (error != NULL)
        show_status (self, error->message, TRUE);
      sd_document_view_set_preview (self->view, NULL, NULL, NULL);
      return;
    }
  /* TRANSLATORS: %u of %u pages get the seal */
  status = g_strdup_printf (ngettext ("The seal goes on %u of %u page.",
                                      "The seal goes on %u of %u pages.", n_pages),
                            self->pages->len, n_pages);
  show_status (self, status, FALSE);
  placements = sd_seal_layout_pages (self->pages, gtk_spin_button_get_value (self->x_spin),
                                     gtk_spin_button_get_value (self->y_spin), self->seal_w_mm,
                                     self->seal_h_mm);
  sd_document_view_set_preview (self->view, GDK_PAINTABLE (self->seal), placements, NULL);
}

static void
on_seal_changed (SdPageSetDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->seal);
  self->seal = sd_seal_choice_load (self->seal_row, &self->seal_w_mm, &self->seal_h_mm, &error);
  if (self->seal == NULL)
    show_status (self, error->message, TRUE);
  update (self);
}

static void
on_sign_clicked (SdPageSetDialog *self)
{
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();

  if (self->pages == NULL)
    return;
  options->mode = SD_SEAL_MODE_PAGES;
  options->pages = g_strdup (page_spec (self));
  options->x_mm = gtk_spin_button_get_value (self->x_spin);
  options->y_mm = gtk_spin_button_get_value (self->y_spin);
  options->width_mm = self->seal_w_mm;
  options->height_mm = self->seal_h_mm;
  options->seal_path = g_file_get_path (sd_seal_choice_get_file (self->seal_row));
  g_signal_emit (self, signals[SIGN], 0, options);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sd_page_set_dialog_dispose (GObject *object)
{
  SdPageSetDialog *self = SD_PAGE_SET_DIALOG (object);

  if (self->view != NULL)
    sd_document_view_set_preview (self->view, NULL, NULL, NULL);
  g_clear_object (&self->view);
  g_clear_object (&self->seal);
  g_clear_pointer (&self->pages, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_PAGE_SET_DIALOG);
  G_OBJECT_CLASS (sd_page_set_dialog_parent_class)->dispose (object);
}

static void
sd_page_set_dialog_class_init (SdPageSetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_page_set_dialog_dispose;

  signals[SIGN] = g_signal_new ("sign", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-page-set-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, seal_row);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, odd_check);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, even_check);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, last_check);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, range_check);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, range_row);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, x_spin);
  gtk_widget_class_bind_template_child (widget_class, SdPageSetDialog, y_spin);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_page_set_dialog_init (SdPageSetDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SdPageSetDialog *
sd_page_set_dialog_new (GtkWindow      *parent,
                        SdDocumentView *view,
                        GListModel     *seals,
                        GFile          *seal)
{
  SdPageSetDialog *self;
  SdDocumentPage *first;
  double x_mm, y_mm;

  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (view), NULL);
  g_return_val_if_fail (sd_document_view_get_n_pages (view) > 0, NULL);

  self = g_object_new (SD_TYPE_PAGE_SET_DIALOG, "transient-for", parent, NULL);
  self->view = g_object_ref (view);
  sd_seal_choice_init (self->seal_row, seals, seal);
  on_seal_changed (self);
  g_signal_connect_object (self->seal_row, "notify::selected", G_CALLBACK (on_seal_changed), self,
                           G_CONNECT_SWAPPED);
  /* where the seal placed by hand is, else near the first page's corner */
  if (!sd_document_view_get_placement (view, NULL, &x_mm, &y_mm, NULL, NULL, NULL))
    {
      first = sd_document_view_get_page (view, 0);
      x_mm = sd_document_page_get_width_pt (first) * MM_PER_POINT - self->seal_w_mm - DEFAULT_RIGHT_MM;
      y_mm = sd_document_page_get_height_pt (first) * MM_PER_POINT - self->seal_h_mm - DEFAULT_BOTTOM_MM;
    }
  gtk_spin_button_set_value (self->x_spin, MAX (0, x_mm));
  gtk_spin_button_set_value (self->y_spin, MAX (0, y_mm));
  update (self);
  return self;
}
