/* sd-seal-palette.c: the seals at hand, to drag onto a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Local seals for offline work: PNG files the user adds, remembered in
 * GSettings.  Each row can be dragged (its GFile) onto a page, or
 * activated ("seal-activated") to place it in the middle of the first page.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-application.h"
#include "sd-seal-palette.h"

struct _SdSealPalette
{
  GtkWidget   parent_instance;

  GSettings  *settings;
  GListStore *seals;        /* GFile */

  /* Template children */
  GtkListBox *list;
  GtkButton  *add_button;
};

G_DEFINE_FINAL_TYPE (SdSealPalette, sd_seal_palette, GTK_TYPE_WIDGET)

enum
{
  SEAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
save (SdSealPalette *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->seals)); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (G_LIST_MODEL (self->seals), i);

      g_ptr_array_add (paths, g_file_get_path (file));
    }
  g_ptr_array_add (paths, NULL);
  g_settings_set_strv (self->settings, "seal-files", (const char * const *) paths->pdata);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GFile         *file)
{
  return gdk_content_provider_new_typed (G_TYPE_FILE, file);
}

static void
on_remove_clicked (GtkButton     *button,
                   SdSealPalette *self)
{
  GFile *file = g_object_get_data (G_OBJECT (button), "sd-seal");

  sd_seal_palette_remove_seal (self, file);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SdSealPalette *self = user_data;
  GFile *file = item;
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *picture = gtk_picture_new_for_file (file);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove the seal “%s”"), name);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_set_size_request (picture, 48, 48);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "sd-seal", g_object_ref (file), g_object_unref);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Drag onto a page, or activate to place it in the middle of the first page"));

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_data (source, "prepare", G_CALLBACK (on_drag_prepare), g_object_ref (file),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_object_set_data_full (G_OBJECT (row), "sd-seal", g_object_ref (file), g_object_unref);
  return row;
}

static void
on_row_activated (SdSealPalette *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[SEAL_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "sd-seal"));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SdSealPalette   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sd_seal_palette_add_seal (self, file);
    }
  g_object_unref (chooser);
}

static void
on_add_clicked (SdSealPalette *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add a Seal"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Seal images (PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
find_seal (SdSealPalette *self,
           GFile         *png,
           guint         *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->seals)); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (G_LIST_MODEL (self->seals), i);

      if (g_file_equal (file, png))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
sd_seal_palette_add_seal (SdSealPalette *self,
                          GFile         *png)
{
  guint position;

  g_return_if_fail (SD_IS_SEAL_PALETTE (self));
  g_return_if_fail (G_IS_FILE (png));

  if (find_seal (self, png, &position))
    return;
  g_list_store_append (self->seals, png);
  save (self);
}

void
sd_seal_palette_remove_seal (SdSealPalette *self,
                             GFile         *png)
{
  guint position;

  g_return_if_fail (SD_IS_SEAL_PALETTE (self));

  if (!find_seal (self, png, &position))
    return;
  g_list_store_remove (self->seals, position);
  save (self);
}

GListModel *
sd_seal_palette_get_seals (SdSealPalette *self)
{
  g_return_val_if_fail (SD_IS_SEAL_PALETTE (self), NULL);

  return G_LIST_MODEL (self->seals);
}

static void
sd_seal_palette_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SD_TYPE_SEAL_PALETTE);
  /* the template's root, which is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sd_seal_palette_parent_class)->dispose (object);
}

static void
sd_seal_palette_finalize (GObject *object)
{
  SdSealPalette *self = SD_SEAL_PALETTE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->seals);
  G_OBJECT_CLASS (sd_seal_palette_parent_class)->finalize (object);
}

static void
sd_seal_palette_class_init (SdSealPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_seal_palette_dispose;
  object_class->finalize = sd_seal_palette_finalize;

  signals[SEAL_ACTIVATED] = g_signal_new ("seal-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-seal-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, list);
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sd_seal_palette_init (SdSealPalette *self)
{
  g_auto(GStrv) paths = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->seals = g_list_store_new (G_TYPE_FILE);
  self->settings = g_settings_new (SD_APPLICATION_ID);
  paths = g_settings_get_strv (self->settings, "seal-files");
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      g_list_store_append (self->seals, file);
    }
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->seals), create_row, self, NULL);
}
