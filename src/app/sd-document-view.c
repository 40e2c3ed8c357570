/* sd-document-view.c: a PDF, page after page, with the seal being placed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Continuous scrolling over one SdDocumentPage per page; only the pages
 * near the visible area hold pixels.  Beside them a list of thumbnails,
 * whose list view makes widgets (and pixels) only for the rows in sight.
 * A seal image dropped on a page (from the palette) is placed there at its
 * true size; while it is dragged over a page a translucent ghost follows
 * the pointer.  Dropped PDFs are handed on ("open-file").  The search bar
 * finds text with libsealdesk (poppler, CJK too) in a worker thread and
 * highlights every match.  Each document opened goes to the recent files.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sd-pdf-text-search.h"
#include "sd-poppler-private.h"
#include "sd-seal-layout.h"

#include "sd-document-view.h"
#include "sd-recent-menu.h"

#define MM_PER_POINT (25.4 / 72.0)
#define ZOOM_STEP 1.2
#define ZOOM_MIN 0.1
#define ZOOM_MAX 8.0
#define PAGE_MARGIN 12
#define PAGE_SPACING 12
/* the longer side of a thumbnail, in pixels */
#define THUMBNAIL_SIZE 120

struct _SdDocumentView
{
  GtkWidget         parent_instance;

  GFile            *file;
  PopplerDocument  *document;
  GPtrArray        *pages;        /* SdDocumentPage * */
  GArray           *sizes;        /* width, height in points, per page */
  double            zoom;
  guint             current_page;
  gboolean          syncing_thumbnails;
  guint             thumbnail_idle;
  int               pending_page; /* to scroll to once laid out, or -1 */
  double            pending_offset;
  GHashTable       *seal_images;  /* URI → GdkTexture */

  /* The seal placed by hand (单页签章, 连续签章) */
  SdPlacedSeals    *placed;
  SdDocumentPage   *ghost_page;   /* where the ghost is shown, or NULL */

  /* Text search */
  GCancellable     *searching;
  GArray           *matches;      /* SdTextMatch, in reading order */
  guint             match_index;

  /* A mode's preview, on the pages and on their thumbnails */
  GdkPaintable     *preview_seal;
  GArray           *preview_placements;
  GArray           *preview_matches;
  GPtrArray        *thumbnail_pages;  /* SdDocumentPage * of the rows bound */

  /* Template children */
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkLabel          *match_label;
  GtkListView       *thumbnails;
  GtkScrolledWindow *scrolled;
  GtkBox            *pages_box;
};

G_DEFINE_FINAL_TYPE (SdDocumentView, sd_document_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_ZOOM,
  PROP_CURRENT_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  PLACEMENT_CHANGED,
  OPEN_FILE,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
free_lock (gpointer data)
{
  g_mutex_clear (data);
  g_free (data);
}

/* One poppler call at a time per document: the lock goes with it. */
static GMutex *
document_lock (PopplerDocument *document)
{
  return g_object_get_data (G_OBJECT (document), "sd-render-lock");
}

/* Where page @index starts in the scrolled area at the current zoom,
 * reckoned from the sizes (the layout may not have caught up yet). */
static double
page_offset (SdDocumentView *self,
             guint           index)
{
  double y = PAGE_MARGIN;

  for (guint i = 0; i < index && i < self->sizes->len / 2; i++)
    y += round (g_array_index (self->sizes, double, 2 * i + 1) * self->zoom) + PAGE_SPACING;
  return y;
}

static gboolean
select_thumbnail (gpointer data)
{
  SdDocumentView *self = data;
  GtkSelectionModel *selection = gtk_list_view_get_model (self->thumbnails);
  guint index = self->current_page;

  self->thumbnail_idle = 0;
  if (selection == NULL || index >= g_list_model_get_n_items (G_LIST_MODEL (selection)))
    return G_SOURCE_REMOVE;
  self->syncing_thumbnails = TRUE;
  gtk_selection_model_select_item (selection, index, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->thumbnails), "list.scroll-to-item", "u", index);
  self->syncing_thumbnails = FALSE;
  return G_SOURCE_REMOVE;
}

static void
set_current_page (SdDocumentView *self,
                  guint           index)
{
  if (self->current_page == index)
    return;
  self->current_page = index;
  /* this runs while the pages are laid out: the thumbnails follow after */
  if (self->thumbnail_idle == 0)
    self->thumbnail_idle = g_idle_add (select_thumbnail, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
}

static void
update_wanted (SdDocumentView *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double top, height;
  guint current = 0;

  if (self->pages == NULL)
    return;
  /* a scroll asked for before the layout had the room for it */
  if (self->pending_page >= 0)
    {
      double target = page_offset (self, self->pending_page) + self->pending_offset;

      if (target <= gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj)
          || gtk_adjustment_get_upper (vadj) >= page_offset (self, self->pages->len))
        {
          self->pending_page = -1;
          gtk_adjustment_set_value (vadj, target);
        }
    }
  top = gtk_adjustment_get_value (vadj);
  height = gtk_adjustment_get_page_size (vadj);
  /* the screen shown, and one above and below it */
  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->pages, i);
      graphene_rect_t bounds;
      gboolean wanted = FALSE;

      if (gtk_widget_compute_bounds (page, GTK_WIDGET (self->pages_box), &bounds))
        {
          wanted = bounds.origin.y + bounds.size.height >= top - height
                   && bounds.origin.y <= top + 2 * height;
          /* the current page: the last one that starts above the middle */
          if (bounds.origin.y <= top + height / 2)
            current = i;
        }
      sd_document_page_set_wanted (SD_DOCUMENT_PAGE (page), wanted);
    }
  set_current_page (self, current);
}

/* Scrolls so that @offset pixels into page @index are at the top. */
static void
scroll_to (SdDocumentView *self,
           guint           index,
           double          offset)
{
  self->pending_page = index;
  self->pending_offset = offset;
  update_wanted (self);
}

static GdkTexture *
seal_texture (SdDocumentView  *self,
              GFile           *seal,
              GError         **error)
{
  g_autofree char *uri = g_file_get_uri (seal);
  GdkTexture *texture = g_hash_table_lookup (self->seal_images, uri);

  if (texture == NULL)
    {
      texture = gdk_texture_new_from_file (seal, error);
      if (texture == NULL)
        return NULL;
      g_hash_table_insert (self->seal_images, g_steal_pointer (&uri), texture);
    }
  return texture;
}

static void
seal_size_mm (GdkTexture *texture,
              double     *width_mm,
              double     *height_mm)
{
  *width_mm = SD_DEFAULT_SEAL_WIDTH_MM;
  *height_mm = SD_DEFAULT_SEAL_WIDTH_MM * gdk_texture_get_height (texture)
               / MAX (1, gdk_texture_get_width (texture));
}

/* The seal's top-left when its centre is at (@x, @y) pixels, kept inside @page */
static void
centre_on (SdDocumentView *self,
           SdDocumentPage *page,
           double          x,
           double          y,
           double          width_mm,
           double          height_mm,
           double         *x_mm,
           double         *y_mm)
{
  double px_per_mm = self->zoom / MM_PER_POINT;
  double page_w_mm = sd_document_page_get_width_pt (page) * MM_PER_POINT;
  double page_h_mm = sd_document_page_get_height_pt (page) * MM_PER_POINT;

  *x_mm = CLAMP (x / px_per_mm - width_mm / 2, 0, MAX (0, page_w_mm - width_mm));
  *y_mm = CLAMP (y / px_per_mm - height_mm / 2, 0, MAX (0, page_h_mm - height_mm));
}

/* Each page gets the places on it; with several places the selected one
 * is outlined */
static void
show_placement (SdDocumentView *self)
{
  GFile *seal = sd_placed_seals_get_seal (self->placed);
  GdkPaintable *texture = seal != NULL ? GDK_PAINTABLE (seal_texture (self, seal, NULL)) : NULL;
  guint n = sd_placed_seals_get_n_places (self->placed);
  int selected = sd_placed_seals_get_multiple (self->placed)
                 ? sd_placed_seals_get_selected (self->placed) : -1;

  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    {
      g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (SdSealPlacement));
      int mine_selected = -1;

      for (guint k = 0; texture != NULL && k < n; k++)
        if (sd_placed_seals_get_place (self->placed, k)->page == i)
          {
            if ((int) k == selected)
              mine_selected = mine->len;
            g_array_append_val (mine, *sd_placed_seals_get_place (self->placed, k));
          }
      sd_document_page_set_seals (g_ptr_array_index (self->pages, i), texture,
                                  mine->len > 0 ? mine : NULL, mine_selected);
    }
  g_signal_emit (self, signals[PLACEMENT_CHANGED], 0);
}

static void
clear_ghost (SdDocumentView *self)
{
  if (self->ghost_page != NULL)
    sd_document_page_set_ghost (self->ghost_page, NULL, 0, 0, 0, 0);
  self->ghost_page = NULL;
}

static gboolean
is_pdf (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, ".pdf");
}

static GdkDragAction
on_drop_motion (GtkDropTarget *target,
                double         x,
                double         y,
                SdDocumentView *self)
{
  SdDocumentPage *page = SD_DOCUMENT_PAGE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)));
  const GValue *value = gtk_drop_target_get_value (target);
  GFile *seal;
  GdkTexture *texture;
  double w_mm, h_mm, x_mm, y_mm;

  if (value == NULL || !G_VALUE_HOLDS (value, G_TYPE_FILE))
    return GDK_ACTION_COPY;
  seal = g_value_get_object (value);
  if (is_pdf (seal) || (texture = seal_texture (self, seal, NULL)) == NULL)
    return GDK_ACTION_COPY;
  /* the ghost, at true size, under the pointer */
  seal_size_mm (texture, &w_mm, &h_mm);
  centre_on (self, page, x, y, w_mm, h_mm, &x_mm, &y_mm);
  if (self->ghost_page != page)
    clear_ghost (self);
  self->ghost_page = page;
  sd_document_page_set_ghost (page, GDK_PAINTABLE (texture), x_mm, y_mm, w_mm, h_mm);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget  *target,
               SdDocumentView *self)
{
  clear_ghost (self);
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         SdDocumentView *self)
{
  SdDocumentPage *page = SD_DOCUMENT_PAGE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)));
  GFile *file = g_value_get_object (value);
  g_autoptr(GError) error = NULL;

  clear_ghost (self);
  if (is_pdf (file))
    {
      g_signal_emit (self, signals[OPEN_FILE], 0, file);
      return TRUE;
    }
  if (!sd_document_view_drop_seal (self, page, file, x, y, &error))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return TRUE;
}

/* A click on a place selects it (the one placed last when they overlap),
 * for the arrow keys and Delete */
static void
on_page_pressed (GtkGestureClick *click,
                 int              n_press,
                 double           x,
                 double           y,
                 SdDocumentView  *self)
{
  guint index = sd_document_page_get_index (SD_DOCUMENT_PAGE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (click))));
  double x_mm = x * MM_PER_POINT / self->zoom, y_mm = y * MM_PER_POINT / self->zoom;

  for (guint k = sd_placed_seals_get_n_places (self->placed); k-- > 0;)
    {
      const SdSealPlacement *p = sd_placed_seals_get_place (self->placed, k);

      if (p->page == index && x_mm >= p->x_mm && x_mm < p->x_mm + p->width_mm
          && y_mm >= p->y_mm && y_mm < p->y_mm + p->height_mm)
        {
          sd_placed_seals_select (self->placed, k);
          gtk_widget_grab_focus (GTK_WIDGET (self));
          return;
        }
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SdDocumentView        *self)
{
  /* 1 mm a press, 0.1 mm with Shift */
  double step = (state & GDK_SHIFT_MASK) ? 0.1 : 1.0;

  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  /* the keys are the search entry's while it has the focus */
  if (sd_placed_seals_get_n_places (self->placed) == 0
      || (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar))))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      sd_document_view_nudge (self, -step, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      sd_document_view_nudge (self, step, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      sd_document_view_nudge (self, 0, -step);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      sd_document_view_nudge (self, 0, step);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      sd_document_view_remove_selected (self);
      return TRUE;
    case GDK_KEY_Escape:
      /* 连续签章's places are many: each goes with Delete */
      if (sd_placed_seals_get_multiple (self->placed))
        return FALSE;
      sd_document_view_clear_placement (self);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The preview's part that falls on @page */
static void
preview_page (SdDocumentView *self,
              SdDocumentPage *page)
{
  guint index = sd_document_page_get_index (page);
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (SdSealPlacement));
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (SdTextMatch));
  GArray *placements = self->preview_placements, *matches = self->preview_matches;

  for (guint k = 0; placements != NULL && k < placements->len; k++)
    if (g_array_index (placements, SdSealPlacement, k).page == index)
      g_array_append_val (mine, g_array_index (placements, SdSealPlacement, k));
  for (guint k = 0; matches != NULL && k < matches->len; k++)
    if (g_array_index (matches, SdTextMatch, k).page == index)
      g_array_append_val (found, g_array_index (matches, SdTextMatch, k));
  sd_document_page_set_preview (page, self->preview_seal, mine->len > 0 ? mine : NULL,
                                found->len > 0 ? found : NULL);
}

/* Thumbnails: a list row is a box for the page and its number; the page
 * widget is made when the row is bound to a page, and dropped (with its
 * pixels) when the row scrolls out of sight. */
static void
on_thumbnail_setup (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    SdDocumentView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (frame, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (frame, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
on_thumbnail_bind (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   SdDocumentView           *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *frame = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  guint index = gtk_list_item_get_position (item);
  double width, height;
  GtkWidget *page;
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  g_autofree char *accessible = g_strdup_printf (_("Page %u"), index + 1);

  if (self->document == NULL || index >= self->sizes->len / 2)
    return;
  width = g_array_index (self->sizes, double, 2 * index);
  height = g_array_index (self->sizes, double, 2 * index + 1);
  page = sd_document_page_new (self->document, document_lock (self->document), index, width,
                               height);
  sd_document_page_set_zoom (SD_DOCUMENT_PAGE (page), THUMBNAIL_SIZE / MAX (1, MAX (width, height)));
  sd_document_page_set_wanted (SD_DOCUMENT_PAGE (page), TRUE);
  gtk_widget_set_halign (page, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_widget_add_css_class (page, "sd-thumbnail");
  gtk_box_append (GTK_BOX (frame), page);
  g_ptr_array_add (self->thumbnail_pages, page);
  preview_page (self, SD_DOCUMENT_PAGE (page));
  gtk_label_set_text (GTK_LABEL (label), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_thumbnail_unbind (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     SdDocumentView           *self)
{
  GtkWidget *frame = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *page;

  while ((page = gtk_widget_get_first_child (frame)) != NULL)
    {
      g_ptr_array_remove_fast (self->thumbnail_pages, page);
      gtk_box_remove (GTK_BOX (frame), page);
    }
}

/* A thumbnail chosen: its page */
static void
on_thumbnail_selected (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       SdDocumentView     *self)
{
  guint index = gtk_single_selection_get_selected (selection);

  if (self->syncing_thumbnails || index == GTK_INVALID_LIST_POSITION)
    return;
  sd_document_view_scroll_to_page (self, index);
}

static void
set_thumbnails (SdDocumentView *self,
                guint           n_pages)
{
  g_autoptr(GtkStringList) numbers = gtk_string_list_new (NULL);
  GtkSingleSelection *selection;

  /* a row per page; the position is all a row needs */
  for (guint i = 0; i < n_pages; i++)
    gtk_string_list_take (numbers, g_strdup_printf ("%u", i + 1));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&numbers)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  self->syncing_thumbnails = TRUE;
  gtk_list_view_set_model (self->thumbnails, GTK_SELECTION_MODEL (selection));
  gtk_single_selection_set_selected (selection, n_pages > 0 ? 0 : GTK_INVALID_LIST_POSITION);
  self->syncing_thumbnails = FALSE;
  g_signal_connect_object (selection, "notify::selected", G_CALLBACK (on_thumbnail_selected),
                           self, 0);
  g_object_unref (selection);
}

/* Text search */

static void
boxes_free (gpointer boxes)
{
  if (boxes != NULL)
    g_array_unref (boxes);
}

static void
show_matches (SdDocumentView *self)
{
  g_autoptr(GPtrArray) per_page = NULL;
  guint n = self->matches != NULL ? self->matches->len : 0;
  int current_on_page = -1;
  g_autofree char *text = NULL;

  /* each page gets its own boxes */
  if (self->pages != NULL)
    per_page = g_ptr_array_new_full (self->pages->len, boxes_free);
  for (guint i = 0; per_page != NULL && i < self->pages->len; i++)
    g_ptr_array_add (per_page, NULL);
  for (guint i = 0; per_page != NULL && i < n; i++)
    {
      const SdTextMatch *m = &g_array_index (self->matches, SdTextMatch, i);
      GArray *boxes;

      if (m->page >= per_page->len)
        continue;
      boxes = g_ptr_array_index (per_page, m->page);
      if (boxes == NULL)
        {
          boxes = g_array_new (FALSE, FALSE, sizeof (SdTextMatch));
          per_page->pdata[m->page] = boxes;
        }
      if (i == self->match_index)
        current_on_page = boxes->len;
      g_array_append_val (boxes, *m);
    }
  for (guint i = 0; per_page != NULL && i < per_page->len; i++)
    {
      const SdTextMatch *current = n > 0 ? &g_array_index (self->matches, SdTextMatch,
                                                           self->match_index) : NULL;

      sd_document_page_set_highlights (g_ptr_array_index (self->pages, i),
                                       g_ptr_array_index (per_page, i),
                                       current != NULL && current->page == i ? current_on_page
                                                                             : -1);
    }

  if (self->matches == NULL)
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (_("No matches"));
  else
    /* TRANSLATORS: the current match's number, then how many there are */
    text = g_strdup_printf (ngettext ("%u of %u match", "%u of %u matches", n),
                            self->match_index + 1, n);
  gtk_label_set_text (self->match_label, text);
}

/* The current match in sight, a little below the top */
static void
scroll_to_match (SdDocumentView *self)
{
  const SdTextMatch *m;

  if (self->matches == NULL || self->matches->len == 0)
    return;
  m = &g_array_index (self->matches, SdTextMatch, self->match_index);
  scroll_to (self, m->page, m->y_mm / MM_PER_POINT * self->zoom - 3 * PAGE_MARGIN);
}

static void
clear_search (SdDocumentView *self)
{
  if (self->searching != NULL)
    g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  g_clear_pointer (&self->matches, g_array_unref);
  self->match_index = 0;
  show_matches (self);
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  char **path_and_text = data;
  GError *error = NULL;
  GArray *matches = sd_pdf_find_text (path_and_text[0], path_and_text[1], NULL, &error);

  if (matches == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, matches, (GDestroyNotify) g_array_unref);
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GArray *matches = g_task_propagate_pointer (G_TASK (result), &error);
  SdDocumentView *self;

  if (matches == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* a newer search, another document, or the view is gone */
  self = SD_DOCUMENT_VIEW (source);
  g_clear_object (&self->searching);
  if (matches == NULL)
    {
      gtk_label_set_text (self->match_label, error->message);
      return;
    }
  g_clear_pointer (&self->matches, g_array_unref);
  self->matches = matches;
  /* the first match from the current page on */
  self->match_index = 0;
  for (guint i = 0; i < matches->len; i++)
    if (g_array_index (matches, SdTextMatch, i).page >= self->current_page)
      {
        self->match_index = i;
        break;
      }
  show_matches (self);
  scroll_to_match (self);
}

void
sd_document_view_search (SdDocumentView *self,
                         const char     *text)
{
  g_autoptr(GTask) task = NULL;
  char **path_and_text;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  clear_search (self);
  if (text == NULL || *text == '\0' || self->file == NULL || self->document == NULL)
    return;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  self->searching = g_cancellable_new ();
  path_and_text = g_new0 (char *, 3);
  path_and_text[0] = g_file_get_path (self->file);
  path_and_text[1] = g_strdup (text);
  task = g_task_new (self, self->searching, on_searched, NULL);
  g_task_set_source_tag (task, sd_document_view_search);
  /* a result arriving after a cancel is dropped */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, path_and_text, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, search_thread);
}

gboolean
sd_document_view_get_searching (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);

  return self->searching != NULL;
}

guint
sd_document_view_get_n_matches (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), 0);

  return self->matches != NULL ? self->matches->len : 0;
}

gboolean
sd_document_view_get_match (SdDocumentView *self,
                            guint          *index,
                            SdTextMatch    *match)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->matches == NULL || self->matches->len == 0)
    return FALSE;
  if (index != NULL)
    *index = self->match_index;
  if (match != NULL)
    *match = g_array_index (self->matches, SdTextMatch, self->match_index);
  return TRUE;
}

void
sd_document_view_next_match (SdDocumentView *self)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (self->matches == NULL || self->matches->len == 0)
    return;
  self->match_index = (self->match_index + 1) % self->matches->len;
  show_matches (self);
  scroll_to_match (self);
}

void
sd_document_view_previous_match (SdDocumentView *self)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (self->matches == NULL || self->matches->len == 0)
    return;
  self->match_index = (self->match_index + self->matches->len - 1) % self->matches->len;
  show_matches (self);
  scroll_to_match (self);
}

void
sd_document_view_start_search (SdDocumentView *self)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SdDocumentView *self = SD_DOCUMENT_VIEW (widget);

  if (g_str_equal (action_name, "view.find"))
    sd_document_view_start_search (self);
  else if (g_str_equal (action_name, "view.find-next"))
    sd_document_view_next_match (self);
  else
    sd_document_view_previous_match (self);
}

static void
on_search_changed (SdDocumentView *self)
{
  sd_document_view_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_mode_changed (SdDocumentView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      clear_search (self);
      gtk_widget_grab_focus (GTK_WIDGET (self));
    }
}

static void
remove_pages (SdDocumentView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
    gtk_box_remove (self->pages_box, child);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->ghost_page = NULL;
  clear_search (self);
}

static void
add_pages (SdDocumentView *self,
           GArray         *sizes)
{
  GMutex *lock = document_lock (self->document);

  self->pages = g_ptr_array_new ();
  for (guint i = 0; i < sizes->len / 2; i++)
    {
      GtkWidget *page = sd_document_page_new (self->document, lock, i,
                                              g_array_index (sizes, double, 2 * i),
                                              g_array_index (sizes, double, 2 * i + 1));
      GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
      GtkGesture *click;
      g_autofree char *label = g_strdup_printf (_("Page %u"), i + 1);

      gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_drop_target_set_preload (target, TRUE);
      g_signal_connect_object (target, "motion", G_CALLBACK (on_drop_motion), self, 0);
      g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_motion), self, 0);
      g_signal_connect_object (target, "leave", G_CALLBACK (on_drop_leave), self, 0);
      g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
      gtk_widget_add_controller (page, GTK_EVENT_CONTROLLER (target));
      click = gtk_gesture_click_new ();
      g_signal_connect_object (click, "pressed", G_CALLBACK (on_page_pressed), self, 0);
      gtk_widget_add_controller (page, GTK_EVENT_CONTROLLER (click));
      sd_document_page_set_zoom (SD_DOCUMENT_PAGE (page), self->zoom);
      gtk_box_append (self->pages_box, page);
      g_ptr_array_add (self->pages, page);
    }
}

typedef struct
{
  PopplerDocument *document;
  GArray          *sizes;    /* width, height in points, per page */
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_object (&loaded->document);
  g_clear_pointer (&loaded->sizes, g_array_unref);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GFile *file = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  GMutex *lock;
  Loaded *loaded;
  int n;

  document = poppler_document_new_from_gfile (file, NULL, cancellable, &error);
  if (document == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not open “%s”: %s"), name, error->message);
      return;
    }
  lock = g_new0 (GMutex, 1);
  g_mutex_init (lock);
  g_object_set_data_full (G_OBJECT (document), "sd-render-lock", lock, free_lock);
  n = poppler_document_get_n_pages (document);
  loaded = g_new0 (Loaded, 1);
  loaded->sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      double w = 0, h = 0;

      if (page != NULL)
        poppler_page_get_size (page, &w, &h);
      g_array_append_val (loaded->sizes, w);
      g_array_append_val (loaded->sizes, h);
    }
  loaded->document = g_steal_pointer (&document);
  g_task_return_pointer (task, loaded, loaded_free);
}

void
sd_document_view_load_async (SdDocumentView      *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_document_view_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
sd_document_view_load_finish (SdDocumentView  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  Loaded *loaded;
  GFile *file;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;
  file = g_task_get_task_data (G_TASK (result));
  remove_pages (self);
  g_set_object (&self->document, loaded->document);
  g_clear_pointer (&self->sizes, g_array_unref);
  self->sizes = g_steal_pointer (&loaded->sizes);
  add_pages (self, self->sizes);
  loaded_free (loaded);
  self->current_page = 0;
  set_thumbnails (self, self->pages->len);
  sd_recent_menu_add_file (file);
  if (self->file == NULL || !g_file_equal (self->file, file))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  /* A new file: the seal placed on the old one is not on it */
  sd_placed_seals_clear (self->placed);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  update_wanted (self);
  g_signal_emit (self, signals[LOADED], 0);
  return TRUE;
}

GFile *
sd_document_view_get_file (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), NULL);

  return self->file;
}

gboolean
sd_document_view_get_loaded (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);

  return self->document != NULL;
}

guint
sd_document_view_get_n_pages (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), 0);

  return self->pages != NULL ? self->pages->len : 0;
}

SdDocumentPage *
sd_document_view_get_page (SdDocumentView *self,
                           guint           index)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), NULL);
  g_return_val_if_fail (index < sd_document_view_get_n_pages (self), NULL);

  return g_ptr_array_index (self->pages, index);
}

void
sd_document_view_scroll_to_page (SdDocumentView *self,
                                 guint           index)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (index >= sd_document_view_get_n_pages (self))
    return;
  scroll_to (self, index, -PAGE_MARGIN);
}

guint
sd_document_view_get_current_page (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), 0);

  return self->current_page;
}

void
sd_document_view_show_area (SdDocumentView *self,
                            guint           index,
                            double          x_mm,
                            double          y_mm,
                            double          width_mm,
                            double          height_mm)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (index >= sd_document_view_get_n_pages (self))
    return;
  for (guint i = 0; i < self->pages->len; i++)
    sd_document_page_set_mark (g_ptr_array_index (self->pages, i), i == index, x_mm, y_mm,
                               width_mm, height_mm);
  sd_document_view_scroll_to_area (self, index, x_mm, y_mm, width_mm, height_mm);
}

void
sd_document_view_scroll_to_area (SdDocumentView *self,
                                 guint           index,
                                 double          x_mm,
                                 double          y_mm,
                                 double          width_mm,
                                 double          height_mm)
{
  GtkAdjustment *hadj, *vadj;
  graphene_rect_t bounds;
  double px_per_mm;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (index >= sd_document_view_get_n_pages (self))
    return;
  if (!gtk_widget_compute_bounds (g_ptr_array_index (self->pages, index),
                                  GTK_WIDGET (self->pages_box), &bounds))
    return;
  /* the rectangle's centre in the middle of the view (the adjustments clamp) */
  px_per_mm = self->zoom / MM_PER_POINT;
  hadj = gtk_scrolled_window_get_hadjustment (self->scrolled);
  vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  gtk_adjustment_set_value (hadj, bounds.origin.x + (x_mm + width_mm / 2) * px_per_mm
                                  - gtk_adjustment_get_page_size (hadj) / 2);
  gtk_adjustment_set_value (vadj, bounds.origin.y + (y_mm + height_mm / 2) * px_per_mm
                                  - gtk_adjustment_get_page_size (vadj) / 2);
}

double
sd_document_view_get_zoom (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), 1.0);

  return self->zoom;
}

void
sd_document_view_set_zoom (SdDocumentView *self,
                           double          zoom)
{
  GtkAdjustment *vadj;
  double offset = 0;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (zoom == self->zoom)
    return;
  /* keep the same place of the current page in view */
  vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  if (self->pages != NULL)
    offset = (gtk_adjustment_get_value (vadj) - page_offset (self, self->current_page)) / self->zoom;
  self->zoom = zoom;
  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    sd_document_page_set_zoom (g_ptr_array_index (self->pages, i), zoom);
  if (self->pages != NULL)
    scroll_to (self, self->current_page, offset * zoom);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
sd_document_view_zoom_in (SdDocumentView *self)
{
  sd_document_view_set_zoom (self, sd_document_view_get_zoom (self) * ZOOM_STEP);
}

void
sd_document_view_zoom_out (SdDocumentView *self)
{
  sd_document_view_set_zoom (self, sd_document_view_get_zoom (self) / ZOOM_STEP);
}

void
sd_document_view_fit_width (SdDocumentView *self)
{
  double widest = 0;
  int width;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    widest = MAX (widest, sd_document_page_get_width_pt (g_ptr_array_index (self->pages, i)));
  /* the scrolled window's width less the margins and a scrollbar */
  width = gtk_widget_get_width (GTK_WIDGET (self->scrolled)) - 2 * PAGE_MARGIN - 16;
  if (widest <= 0 || width <= 0)
    return;
  sd_document_view_set_zoom (self, width / widest);
}

void
sd_document_view_fit_page (SdDocumentView *self)
{
  SdDocumentPage *page;
  int width, height;
  double page_w, page_h;
  guint current;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (sd_document_view_get_n_pages (self) == 0)
    return;
  current = self->current_page;
  page = g_ptr_array_index (self->pages, current);
  page_w = sd_document_page_get_width_pt (page);
  page_h = sd_document_page_get_height_pt (page);
  /* the current page whole: the room less the margins (and a scrollbar) */
  width = gtk_widget_get_width (GTK_WIDGET (self->scrolled)) - 2 * PAGE_MARGIN - 16;
  height = gtk_widget_get_height (GTK_WIDGET (self->scrolled)) - 2 * PAGE_MARGIN;
  if (page_w <= 0 || page_h <= 0 || width <= 0 || height <= 0)
    return;
  sd_document_view_set_zoom (self, MIN (width / page_w, height / page_h));
  scroll_to (self, current, -PAGE_MARGIN);
}

gboolean
sd_document_view_drop_seal (SdDocumentView  *self,
                            SdDocumentPage  *page,
                            GFile           *seal,
                            double           x,
                            double           y,
                            GError         **error)
{
  SdSealPlacement place = { 0 };
  GdkTexture *texture;

  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (SD_IS_DOCUMENT_PAGE (page), FALSE);
  g_return_val_if_fail (G_IS_FILE (seal), FALSE);

  texture = seal_texture (self, seal, error);
  if (texture == NULL)
    return FALSE;
  seal_size_mm (texture, &place.width_mm, &place.height_mm);
  centre_on (self, page, x, y, place.width_mm, place.height_mm, &place.x_mm, &place.y_mm);
  place.page = sd_document_page_get_index (page);
  clear_ghost (self);
  sd_placed_seals_add (self->placed, seal, &place);
  return TRUE;
}

void
sd_document_view_nudge (SdDocumentView *self,
                        double          dx_mm,
                        double          dy_mm)
{
  const SdSealPlacement *place;
  SdDocumentPage *page;
  double page_w_mm, page_h_mm;
  int selected;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  selected = sd_placed_seals_get_selected (self->placed);
  if (selected < 0)
    return;
  place = sd_placed_seals_get_place (self->placed, selected);
  page = g_ptr_array_index (self->pages, place->page);
  page_w_mm = sd_document_page_get_width_pt (page) * MM_PER_POINT;
  page_h_mm = sd_document_page_get_height_pt (page) * MM_PER_POINT;
  sd_placed_seals_move (self->placed, selected,
                        CLAMP (place->x_mm + dx_mm, 0, MAX (0, page_w_mm - place->width_mm)),
                        CLAMP (place->y_mm + dy_mm, 0, MAX (0, page_h_mm - place->height_mm)));
}

void
sd_document_view_remove_selected (SdDocumentView *self)
{
  int selected;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  selected = sd_placed_seals_get_selected (self->placed);
  if (selected >= 0)
    sd_placed_seals_remove (self->placed, selected);
}

void
sd_document_view_clear_placement (SdDocumentView *self)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  sd_placed_seals_clear (self->placed);
}

SdPlacedSeals *
sd_document_view_get_placed (SdDocumentView *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), NULL);

  return self->placed;
}

void
sd_document_view_set_preview (SdDocumentView *self,
                              GdkPaintable   *seal,
                              GArray         *placements,
                              GArray         *matches)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (placements == NULL || GDK_IS_PAINTABLE (seal));

  g_set_object (&self->preview_seal, seal);
  g_clear_pointer (&self->preview_placements, g_array_unref);
  g_clear_pointer (&self->preview_matches, g_array_unref);
  self->preview_placements = placements != NULL ? g_array_copy (placements) : NULL;
  self->preview_matches = matches != NULL ? g_array_copy (matches) : NULL;
  /* each page gets what falls on it, and so does its thumbnail in sight */
  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    preview_page (self, g_ptr_array_index (self->pages, i));
  for (guint i = 0; i < self->thumbnail_pages->len; i++)
    preview_page (self, g_ptr_array_index (self->thumbnail_pages, i));
}

gboolean
sd_document_view_get_placement (SdDocumentView  *self,
                                guint           *page,
                                double          *x_mm,
                                double          *y_mm,
                                double          *width_mm,
                                double          *height_mm,
                                GFile          **seal)
{
  const SdSealPlacement *place;
  int selected;

  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);

  selected = sd_placed_seals_get_selected (self->placed);
  if (selected < 0)
    return FALSE;
  place = sd_placed_seals_get_place (self->placed, selected);
  if (page != NULL)
    *page = place->page;
  if (x_mm != NULL)
    *x_mm = place->x_mm;
  if (y_mm != NULL)
    *y_mm = place->y_mm;
  if (width_mm != NULL)
    *width_mm = place->width_mm;
  if (height_mm != NULL)
    *height_mm = place->height_mm;
  if (seal != NULL)
    *seal = sd_placed_seals_get_seal (self->placed);
  return TRUE;
}

static void
sd_document_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SdDocumentView *self = SD_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CURRENT_PAGE:
      g_value_set_uint (value, self->current_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_document_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SdDocumentView *self = SD_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      sd_document_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_document_view_dispose (GObject *object)
{
  SdDocumentView *self = SD_DOCUMENT_VIEW (object);
  GtkWidget *child;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_handle_id (&self->thumbnail_idle, g_source_remove);
  if (self->searching != NULL)
    g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_DOCUMENT_VIEW);
  /* the template's root, which is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sd_document_view_parent_class)->dispose (object);
}

static void
sd_document_view_finalize (GObject *object)
{
  SdDocumentView *self = SD_DOCUMENT_VIEW (object);

  g_clear_object (&self->file);
  g_clear_object (&self->document);
  g_clear_object (&self->placed);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_object (&self->preview_seal);
  g_clear_pointer (&self->preview_placements, g_array_unref);
  g_clear_pointer (&self->preview_matches, g_array_unref);
  g_ptr_array_unref (self->thumbnail_pages);
  g_hash_table_unref (self->seal_images);
  G_OBJECT_CLASS (sd_document_view_parent_class)->finalize (object);
}

static void
sd_document_view_class_init (SdDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sd_document_view_get_property;
  object_class->set_property = sd_document_view_set_property;
  object_class->dispose = sd_document_view_dispose;
  object_class->finalize = sd_document_view_finalize;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
  /* from 0: the page at the middle of the view */
  properties[PROP_CURRENT_PAGE] = g_param_spec_uint ("current-page", NULL, NULL, 0, G_MAXUINT, 0,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                     | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PLACEMENT_CHANGED] = g_signal_new ("placement-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
  /* a PDF dropped on the view */
  signals[OPEN_FILE] = g_signal_new ("open-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  /* a file was (re)opened: the signed copy after signing, say */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, match_label);
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, pages_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, sd_document_view_next_match);
  gtk_widget_class_bind_template_callback (widget_class, sd_document_view_previous_match);
  gtk_widget_class_bind_template_callback (widget_class, on_thumbnail_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_thumbnail_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_thumbnail_unbind);

  /* Ctrl+F while the document has the focus (the window's goes to filters) */
  gtk_widget_class_install_action (widget_class, "view.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "view.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "view.find-previous", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "view.find",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "view.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "view.find-previous",
                                       NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sd-document-view");
}

static void
sd_document_view_init (SdDocumentView *self)
{
  GtkAdjustment *vadj;
  GtkEventController *keys;

  self->zoom = 1.0;
  self->pending_page = -1;
  self->seal_images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->thumbnail_pages = g_ptr_array_new ();
  self->placed = sd_placed_seals_new ();
  g_signal_connect_object (self->placed, "changed", G_CALLBACK (show_placement), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));

  vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  g_signal_connect_object (vadj, "value-changed", G_CALLBACK (update_wanted), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadj, "changed", G_CALLBACK (update_wanted), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

GtkWidget *
sd_document_view_new (void)
{
  return g_object_new (SD_TYPE_DOCUMENT_VIEW, NULL);
}
