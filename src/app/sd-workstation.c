/* sd-workstation.c: the signing workstation: documents in tabs, the seal
 * palette, placing and signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 单页签章: a seal from the palette is dropped on a page (or activated,
 * which puts it in the middle of the page shown), nudged with the arrow
 * keys, and signed into "<name>-已签章.pdf" next to the original, which
 * then takes the original's place in its tab.  连续签章 the same, each
 * drop adding a place (a click selects one, Delete removes it), all signed
 * at once as one signature.  The other modes (多页签章, 骑缝签章,
 * 关键字签章) and 撤章 are in sd-workstation-actions.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-batch.h"
#include "sd-pdf-signing.h"

#include "sd-seal-palette.h"
#include "sd-batch-window.h"
#include "sd-sign-dialog.h"
#include "sd-signature-panel.h"
#include "sd-window.h"
#include "sd-workstation-private.h"

G_DEFINE_FINAL_TYPE (SdWorkstation, sd_workstation, GTK_TYPE_WIDGET)

enum
{
  EMPTY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_sd_workstation_toast (SdWorkstation *self,
                       const char    *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SD_TYPE_WINDOW);

  if (window != NULL)
    sd_window_add_toast (SD_WINDOW (window), message);
  else
    g_message ("%s", message);
}

SdDocumentView *
sd_workstation_get_current (SdWorkstation *self)
{
  AdwTabPage *page;

  g_return_val_if_fail (SD_IS_WORKSTATION (self), NULL);

  page = adw_tab_view_get_selected_page (self->tab_view);
  return page != NULL ? SD_DOCUMENT_VIEW (adw_tab_page_get_child (page)) : NULL;
}

guint
sd_workstation_get_n_documents (SdWorkstation *self)
{
  g_return_val_if_fail (SD_IS_WORKSTATION (self), 0);

  return adw_tab_view_get_n_pages (self->tab_view);
}

gboolean
_sd_workstation_places_by_hand (SdWorkstation *self)
{
  return g_str_equal (self->mode, "single") || g_str_equal (self->mode, "continuous");
}

/* 连续签章: how many places, the selected one's, and each in the tooltip */
static void
show_places (SdWorkstation  *self,
             SdDocumentView *view)
{
  SdPlacedSeals *placed = sd_document_view_get_placed (view);
  guint n = sd_placed_seals_get_n_places (placed);
  int selected = sd_placed_seals_get_selected (placed);
  const SdSealPlacement *place;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *text = NULL;

  if (n == 0 || selected < 0)
    {
      gtk_label_set_text (self->position_label,
                          _("Continuous seal: each drop of a seal on a page places it once more; one signature signs them all."));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      place = sd_placed_seals_get_place (placed, i);
      if (i > 0)
        g_string_append_c (all, '\n');
      /* TRANSLATORS: 连续签章, one line a place: its number, the page,
       * millimetres from the page's left and top edges */
      g_string_append_printf (all, _("%u. Page %u · %.1f mm from the left, %.1f mm from the top"),
                              i + 1, place->page + 1, place->x_mm, place->y_mm);
    }
  place = sd_placed_seals_get_place (placed, selected);
  /* TRANSLATORS: 连续签章: how many places, then the selected one's
   * number, page, and millimetres from the page's left and top edges */
  text = g_strdup_printf (ngettext ("%u seal placed · No. %d selected: page %u · %.1f mm from the left, %.1f mm from the top",
                                    "%u seals placed · No. %d selected: page %u · %.1f mm from the left, %.1f mm from the top",
                                    n),
                          n, selected + 1, place->page + 1, place->x_mm, place->y_mm);
  gtk_label_set_text (self->position_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->position_label), all->str);
}

static void
update_state (SdWorkstation *self)
{
  SdDocumentView *view = sd_workstation_get_current (self);
  gboolean loaded = view != NULL && sd_document_view_get_loaded (view);
  gboolean placed = FALSE;
  guint page = 0;
  double x_mm = 0, y_mm = 0, w_mm = 0, h_mm = 0;
  SdSignaturePanel *panel;

  /* NULL once disposed */
  panel = SD_SIGNATURE_PANEL (gtk_widget_get_template_child (GTK_WIDGET (self), SD_TYPE_WORKSTATION,
                                                             "signature_panel"));
  if (panel != NULL)
    sd_signature_panel_set_view (panel, view);
  if (view != NULL)
    placed = sd_document_view_get_placement (view, &page, &x_mm, &y_mm, &w_mm, &h_mm, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workstation.zoom-in", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workstation.zoom-out", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workstation.fit-width", loaded);
  /* the other modes are set up in their dialogs, which signing opens */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workstation.sign",
                                 _sd_workstation_places_by_hand (self) ? placed : loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workstation.clear-seal", placed);
  _sd_workstation_actions_update (self, view);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->position_label), NULL);
  if (loaded && g_str_equal (self->mode, "continuous"))
    show_places (self, view);
  else if (loaded && g_str_equal (self->mode, "pages"))
    gtk_label_set_text (self->position_label,
                        _("Multi-page seal: the same seal at the same place on each page chosen."));
  else if (loaded && g_str_equal (self->mode, "cross-page"))
    gtk_label_set_text (self->position_label,
                        _("Cross-page seal: a strip of the seal along the edge of each page."));
  else if (loaded && g_str_equal (self->mode, "keyword"))
    gtk_label_set_text (self->position_label,
                        _("Keyword seal: the seal goes where a text is found on the pages."));
  else if (placed)
    {
      /* TRANSLATORS: where the seal is: page, then millimetres from the
       * page's left and top edges, then its size */
      g_autofree char *text = g_strdup_printf (_("Page %u · %.1f mm from the left, %.1f mm from the top · %.0f × %.0f mm"),
                                               page + 1, x_mm, y_mm, w_mm, h_mm);

      gtk_label_set_text (self->position_label, text);
    }
  else if (loaded)
    gtk_label_set_text (self->position_label,
                        _("Drag a seal from the palette onto a page to place it."));
  else
    gtk_label_set_text (self->position_label, "");

  if (view != NULL && sd_document_view_get_file (view) != NULL)
    {
      GFile *file = sd_document_view_get_file (view);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : NULL;

      adw_window_title_set_title (self->title, name);
      adw_window_title_set_subtitle (self->title, folder);
    }
  else
    {
      adw_window_title_set_title (self->title, _("SealDesk"));
      adw_window_title_set_subtitle (self->title, NULL);
    }
}

static void
on_n_pages_changed (SdWorkstation *self)
{
  update_state (self);
  if (adw_tab_view_get_n_pages (self->tab_view) == 0)
    g_signal_emit (self, signals[EMPTY], 0);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdWorkstation) self = user_data;
  SdDocumentView *view = SD_DOCUMENT_VIEW (source);
  g_autoptr(GError) error = NULL;
  AdwTabPage *page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (view));
  gboolean ok = sd_document_view_load_finish (view, result, &error);

  if (page == NULL)
    return;  /* closed meanwhile */
  adw_tab_page_set_loading (page, FALSE);
  if (!ok)
    {
      _sd_workstation_toast (self, error->message);
      if (!sd_document_view_get_loaded (view))
        adw_tab_view_close_page (self->tab_view, page);
      return;
    }
  update_state (self);
}

void
_sd_workstation_load_into (SdWorkstation  *self,
                           SdDocumentView *view,
                           GFile          *file)
{
  AdwTabPage *page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (view));
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *path = g_file_get_parse_name (file);

  adw_tab_page_set_title (page, name);
  adw_tab_page_set_tooltip (page, path);
  adw_tab_page_set_loading (page, TRUE);
  sd_document_view_load_async (view, file, NULL, on_loaded, g_object_ref (self));
}

static void open_dropped_file (SdWorkstation *self,
                               GFile         *file);

SdDocumentView *
sd_workstation_open_file (SdWorkstation *self,
                          GFile         *file)
{
  GtkWidget *view;
  AdwTabPage *page;

  g_return_val_if_fail (SD_IS_WORKSTATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (guint i = 0; i < (guint) adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      AdwTabPage *open = adw_tab_view_get_nth_page (self->tab_view, i);
      SdDocumentView *open_view = SD_DOCUMENT_VIEW (adw_tab_page_get_child (open));
      GFile *open_file = sd_document_view_get_file (open_view);

      if (open_file != NULL && g_file_equal (open_file, file))
        {
          adw_tab_view_set_selected_page (self->tab_view, open);
          return open_view;
        }
    }
  view = sd_document_view_new ();
  sd_placed_seals_set_multiple (sd_document_view_get_placed (SD_DOCUMENT_VIEW (view)),
                                g_str_equal (self->mode, "continuous"));
  g_signal_connect_object (view, "placement-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::file", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "open-file", G_CALLBACK (open_dropped_file), self,
                           G_CONNECT_SWAPPED);
  page = adw_tab_view_append (self->tab_view, view);
  adw_tab_view_set_selected_page (self->tab_view, page);
  _sd_workstation_load_into (self, SD_DOCUMENT_VIEW (view), file);
  return SD_DOCUMENT_VIEW (view);
}

static void
open_dropped_file (SdWorkstation *self,
                   GFile         *file)
{
  sd_workstation_open_file (self, file);
}

static gboolean
on_files_dropped (GtkDropTarget *target,
                  const GValue  *value,
                  double         x,
                  double         y,
                  SdWorkstation *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    sd_workstation_open_file (self, l->data);
  return files != NULL;
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SdWorkstation   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          sd_workstation_open_file (self, file);
        }
    }
  g_object_unref (chooser);
}

void
sd_workstation_choose_files (SdWorkstation *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (SD_IS_WORKSTATION (self));

  chooser = gtk_file_chooser_native_new (_("Open a Document"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* "<name>-@suffix.pdf" next to @input, never a file that exists */
static GFile *
new_copy_file (GFile      *input,
               const char *suffix)
{
  g_autoptr(GFile) parent = g_file_get_parent (input);
  g_autofree char *name = g_file_get_basename (input);
  g_autofree char *stem = NULL;
  char *dot;

  dot = strrchr (name, '.');
  stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = NULL;
      g_autoptr(GFile) file = NULL;

      if (n == 1)
        candidate = g_strdup_printf ("%s-%s.pdf", stem, suffix);
      else
        candidate = g_strdup_printf ("%s-%s (%u).pdf", stem, suffix, n);
      file = g_file_get_child (parent, candidate);
      if (!g_file_query_exists (file, NULL))
        return g_steal_pointer (&file);
    }
}

SdSealPalette *
sd_workstation_get_palette (SdWorkstation *self)
{
  g_return_val_if_fail (SD_IS_WORKSTATION (self), NULL);

  return self->palette;
}

GFile *
sd_workstation_signed_file (GFile *input)
{
  g_autofree char *path = g_file_get_path (input);
  g_autofree char *output = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* the batch's rule, so that both name signed copies alike */
  output = sd_signed_file_path (path, NULL);
  return g_file_new_for_path (output);
}

GFile *
sd_workstation_unsealed_file (GFile *input)
{
  /* TRANSLATORS: the file name of the copy without its newest seal (撤章):
   * the original's name, then this; "已撤章" in Chinese */
  return new_copy_file (input, C_("file name", "unsealed"));
}

static void
on_signed (SdWorkstation *self,
           GFile         *output,
           SdSignDialog  *dialog)
{
  SdDocumentView *view = g_object_get_data (G_OBJECT (dialog), "sd-view");
  g_autofree char *name = g_file_get_basename (output);
  g_autofree char *message = NULL;

  /* 使用记录 of a platform seal, also when the tab was closed meanwhile */
  sd_seal_palette_record_use (self->palette, g_object_get_data (G_OBJECT (dialog), "sd-options"),
                              output, sd_document_view_get_n_pages (view));
  if (adw_tab_view_get_page (self->tab_view, GTK_WIDGET (view)) == NULL)
    return;
  /* the signed copy takes the original's place in its tab */
  _sd_workstation_load_into (self, view, output);
  message = g_strdup_printf (_("Signed and saved as “%s”"), name);
  _sd_workstation_toast (self, message);
}

void
_sd_workstation_sign_with (SdWorkstation       *self,
                           SdDocumentView      *view,
                           const SdSignOptions *options)
{
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) seal = g_file_new_for_path (options->seal_path);
  g_autoptr(GError) error = NULL;
  SdSignDialog *dialog;

  /* a platform seal whose grant is not valid now, say */
  if (!sd_seal_palette_check_seal (self->palette, seal, &error))
    {
      GtkWidget *refusal = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                   _("This Seal Cannot Be Used"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (refusal), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (refusal));
      return;
    }
  output = sd_workstation_signed_file (sd_document_view_get_file (view));
  dialog = sd_sign_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               sd_document_view_get_file (view), output, options,
                               sd_document_view_get_n_pages (view));
  g_object_set_data_full (G_OBJECT (dialog), "sd-view", g_object_ref (view), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "sd-options", sd_sign_options_copy (options),
                          (GDestroyNotify) sd_sign_options_free);
  g_signal_connect_object (dialog, "signed", G_CALLBACK (on_signed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign (GtkWidget  *widget,
      const char *action_name,
      GVariant   *param)
{
  SdWorkstation *self = SD_WORKSTATION (widget);
  SdDocumentView *view = sd_workstation_get_current (self);
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  GFile *seal;

  if (view == NULL)
    return;
  if (!_sd_workstation_places_by_hand (self))
    {
      _sd_workstation_show_mode_dialog (self);
      return;
    }
  if (!sd_document_view_get_placement (view, &options->page, &options->x_mm, &options->y_mm,
                                       &options->width_mm, &options->height_mm, &seal))
    return;
  /* 连续签章: every place, one signature (the seal is the same size at each) */
  if (g_str_equal (self->mode, "continuous"))
    options->placements = sd_placed_seals_dup_places (sd_document_view_get_placed (view));
  options->mode = SD_SEAL_MODE_SINGLE;
  options->seal_path = g_file_get_path (seal);
  _sd_workstation_sign_with (self, view, options);
}

static void
on_seal_activated (SdWorkstation *self,
                   GFile         *seal)
{
  SdDocumentView *view = sd_workstation_get_current (self);
  SdDocumentPage *page;
  g_autoptr(GError) error = NULL;

  if (view == NULL || sd_document_view_get_n_pages (view) == 0)
    return;
  /* the middle of the first page (the same path a drop takes) */
  page = sd_document_view_get_page (view, 0);
  if (!sd_document_view_drop_seal (view, page, seal, gtk_widget_get_width (GTK_WIDGET (page)) / 2.0,
                                   gtk_widget_get_height (GTK_WIDGET (page)) / 2.0, &error))
    _sd_workstation_toast (self, error->message);
  else
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SdDocumentView *view = sd_workstation_get_current (SD_WORKSTATION (widget));

  if (view == NULL)
    return;
  if (g_str_equal (action_name, "workstation.zoom-in"))
    sd_document_view_zoom_in (view);
  else if (g_str_equal (action_name, "workstation.zoom-out"))
    sd_document_view_zoom_out (view);
  else if (g_str_equal (action_name, "workstation.fit-width"))
    sd_document_view_fit_width (view);
  else if (g_str_equal (action_name, "workstation.clear-seal"))
    sd_document_view_remove_selected (view);
}

/* 验章: the signature panel shown or hidden (F9) */
static void
toggle_signatures (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (widget, SD_TYPE_WORKSTATION,
                                                                              "signatures_button"));

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static void
batch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SdBatchWindow *window = sd_batch_window_new (GTK_WINDOW (gtk_widget_get_root (widget)));

  gtk_window_present (GTK_WINDOW (window));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  sd_workstation_choose_files (SD_WORKSTATION (widget));
}

/* Ctrl+W: the tab bar's close button, from the keyboard */
static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SdWorkstation *self = SD_WORKSTATION (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
sd_workstation_dispose (GObject *object)
{
  GtkWidget *child;

  _sd_workstation_actions_dispose (SD_WORKSTATION (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), SD_TYPE_WORKSTATION);
  /* the template's root, which is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sd_workstation_parent_class)->dispose (object);
}

static void
sd_workstation_finalize (GObject *object)
{
  SdWorkstation *self = SD_WORKSTATION (object);

  g_free (self->mode);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_workstation_parent_class)->finalize (object);
}

static void
sd_workstation_class_init (SdWorkstationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_workstation_dispose;
  object_class->finalize = sd_workstation_finalize;

  /* the last document was closed */
  signals[EMPTY] = g_signal_new ("empty", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_SEAL_PALETTE);
  g_type_ensure (SD_TYPE_SIGNATURE_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-workstation.ui");
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, title);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, palette);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, tab_view);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, position_label);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, sign_button);
  gtk_widget_class_bind_template_child_full (widget_class, "signature_panel", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "signatures_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "verify_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, update_state);
  gtk_widget_class_bind_template_callback (widget_class, on_n_pages_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_seal_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "workstation.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "workstation.batch", NULL, batch_action);
  gtk_widget_class_install_action (widget_class, "workstation.zoom-in", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "workstation.zoom-out", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "workstation.fit-width", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "workstation.clear-seal", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "workstation.sign", NULL, sign);
  gtk_widget_class_install_action (widget_class, "workstation.signatures", NULL,
                                   toggle_signatures);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "workstation.signatures",
                                       NULL);
  _sd_workstation_class_actions_init (klass);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "workstation.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "workstation.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "workstation.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "workstation.zoom-out", NULL);
  /* the main actions from the keyboard; the shortcuts window lists them */
  gtk_widget_class_install_action (widget_class, "workstation.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "workstation.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "workstation.fit-width", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "workstation.sign", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "workstation.batch", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "workstation.mode", "s", "single");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "workstation.mode", "s", "pages");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "workstation.mode", "s", "cross-page");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK,
                                       "workstation.mode", "s", "keyword");
  /* 连续签章 is second in the toolbar, but Ctrl+1…4 were taken before it */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_CONTROL_MASK,
                                       "workstation.mode", "s", "continuous");
}

static void
sd_workstation_init (SdWorkstation *self)
{
  GtkDropTarget *target;

  self->mode = g_strdup ("single");
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::mode", G_CALLBACK (update_state), NULL);
  /* PDFs dropped from a file manager */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_files_dropped), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  update_state (self);
}
