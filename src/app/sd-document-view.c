/* sd-document-view.c: a PDF, page after page, with the seal being placed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Continuous scrolling over one SdDocumentPage per page; only the pages
 * near the visible area hold pixels.  A seal image dropped on a page (from
 * the palette) is placed there at its true size; while it is dragged over
 * a page a translucent ghost follows the pointer.  Dropped PDFs are handed
 * on ("open-file").
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sd-poppler-private.h"

#include "sd-document-view.h"

#define MM_PER_POINT (25.4 / 72.0)
#define ZOOM_STEP 1.2
#define ZOOM_MIN 0.1
#define ZOOM_MAX 8.0
#define PAGE_MARGIN 12

struct _SdDocumentView
{
  GtkWidget         parent_instance;

  GFile            *file;
  PopplerDocument  *document;
  GPtrArray        *pages;        /* SdDocumentPage * */
  double            zoom;
  GHashTable       *seal_images;  /* URI → GdkTexture */

  /* The placed seal (单页签章) */
  gboolean          placed;
  guint             place_page;
  double            place_x_mm, place_y_mm, place_w_mm, place_h_mm;
  GFile            *place_seal;
  SdDocumentPage   *ghost_page;   /* where the ghost is shown, or NULL */

  /* Template children */
  GtkScrolledWindow *scrolled;
  GtkBox            *pages_box;
};

G_DEFINE_FINAL_TYPE (SdDocumentView, sd_document_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_ZOOM,
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

static void
update_wanted (SdDocumentView *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double top = gtk_adjustment_get_value (vadj), height = gtk_adjustment_get_page_size (vadj);

  if (self->pages == NULL)
    return;
  /* the screen shown, and one above and below it */
  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->pages, i);
      graphene_rect_t bounds;
      gboolean wanted = FALSE;

      if (gtk_widget_compute_bounds (page, GTK_WIDGET (self->pages_box), &bounds))
        wanted = bounds.origin.y + bounds.size.height >= top - height
                 && bounds.origin.y <= top + 2 * height;
      sd_document_page_set_wanted (SD_DOCUMENT_PAGE (page), wanted);
    }
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

static void
show_placement (SdDocumentView *self)
{
  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    {
      SdDocumentPage *page = g_ptr_array_index (self->pages, i);

      if (page == self->ghost_page)
        continue;
      if (self->placed && i == self->place_page)
        sd_document_page_set_seal (page,
                                   GDK_PAINTABLE (seal_texture (self, self->place_seal, NULL)),
                                   self->place_x_mm, self->place_y_mm, self->place_w_mm,
                                   self->place_h_mm, FALSE);
      else
        sd_document_page_set_seal (page, NULL, 0, 0, 0, 0, FALSE);
    }
  g_signal_emit (self, signals[PLACEMENT_CHANGED], 0);
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
  if (self->ghost_page != NULL && self->ghost_page != page)
    {
      self->ghost_page = NULL;
      show_placement (self);
    }
  self->ghost_page = page;
  sd_document_page_set_seal (page, GDK_PAINTABLE (texture), x_mm, y_mm, w_mm, h_mm, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget  *target,
               SdDocumentView *self)
{
  self->ghost_page = NULL;
  show_placement (self);
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

  self->ghost_page = NULL;
  if (is_pdf (file))
    {
      show_placement (self);
      g_signal_emit (self, signals[OPEN_FILE], 0, file);
      return TRUE;
    }
  if (!sd_document_view_drop_seal (self, page, file, x, y, &error))
    {
      g_warning ("%s", error->message);
      show_placement (self);
      return FALSE;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return TRUE;
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

  if (!self->placed)
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
    case GDK_KEY_Escape:
      sd_document_view_clear_placement (self);
      return TRUE;
    default:
      return FALSE;
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
      g_autofree char *label = g_strdup_printf (_("Page %u"), i + 1);

      gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_drop_target_set_preload (target, TRUE);
      g_signal_connect_object (target, "motion", G_CALLBACK (on_drop_motion), self, 0);
      g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_motion), self, 0);
      g_signal_connect_object (target, "leave", G_CALLBACK (on_drop_leave), self, 0);
      g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
      gtk_widget_add_controller (page, GTK_EVENT_CONTROLLER (target));
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
  add_pages (self, loaded->sizes);
  loaded_free (loaded);
  if (self->file == NULL || !g_file_equal (self->file, file))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  /* A new file: the seal placed on the old one is not on it */
  self->placed = FALSE;
  g_clear_object (&self->place_seal);
  show_placement (self);
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
  graphene_rect_t bounds;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (index >= sd_document_view_get_n_pages (self))
    return;
  if (gtk_widget_compute_bounds (g_ptr_array_index (self->pages, index),
                                 GTK_WIDGET (self->pages_box), &bounds))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled),
                              bounds.origin.y - PAGE_MARGIN);
}

void
sd_document_view_show_area (SdDocumentView *self,
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
  for (guint i = 0; i < self->pages->len; i++)
    sd_document_page_set_mark (g_ptr_array_index (self->pages, i), i == index, x_mm, y_mm,
                               width_mm, height_mm);
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
  double fraction = 0;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (zoom == self->zoom)
    return;
  /* keep the same place of the document in view */
  vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  if (gtk_adjustment_get_upper (vadj) > 0)
    fraction = gtk_adjustment_get_value (vadj) / gtk_adjustment_get_upper (vadj);
  self->zoom = zoom;
  for (guint i = 0; self->pages != NULL && i < self->pages->len; i++)
    sd_document_page_set_zoom (g_ptr_array_index (self->pages, i), zoom);
  gtk_adjustment_set_value (vadj, fraction * gtk_adjustment_get_upper (vadj));
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

gboolean
sd_document_view_drop_seal (SdDocumentView  *self,
                            SdDocumentPage  *page,
                            GFile           *seal,
                            double           x,
                            double           y,
                            GError         **error)
{
  GdkTexture *texture;

  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (SD_IS_DOCUMENT_PAGE (page), FALSE);
  g_return_val_if_fail (G_IS_FILE (seal), FALSE);

  texture = seal_texture (self, seal, error);
  if (texture == NULL)
    return FALSE;
  seal_size_mm (texture, &self->place_w_mm, &self->place_h_mm);
  centre_on (self, page, x, y, self->place_w_mm, self->place_h_mm, &self->place_x_mm,
             &self->place_y_mm);
  self->place_page = sd_document_page_get_index (page);
  g_set_object (&self->place_seal, seal);
  self->placed = TRUE;
  self->ghost_page = NULL;
  show_placement (self);
  return TRUE;
}

void
sd_document_view_nudge (SdDocumentView *self,
                        double          dx_mm,
                        double          dy_mm)
{
  SdDocumentPage *page;
  double page_w_mm, page_h_mm;

  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  if (!self->placed)
    return;
  page = g_ptr_array_index (self->pages, self->place_page);
  page_w_mm = sd_document_page_get_width_pt (page) * MM_PER_POINT;
  page_h_mm = sd_document_page_get_height_pt (page) * MM_PER_POINT;
  self->place_x_mm = CLAMP (self->place_x_mm + dx_mm, 0, MAX (0, page_w_mm - self->place_w_mm));
  self->place_y_mm = CLAMP (self->place_y_mm + dy_mm, 0, MAX (0, page_h_mm - self->place_h_mm));
  show_placement (self);
}

void
sd_document_view_clear_placement (SdDocumentView *self)
{
  g_return_if_fail (SD_IS_DOCUMENT_VIEW (self));

  self->placed = FALSE;
  g_clear_object (&self->place_seal);
  show_placement (self);
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
  g_return_val_if_fail (SD_IS_DOCUMENT_VIEW (self), FALSE);

  if (!self->placed)
    return FALSE;
  if (page != NULL)
    *page = self->place_page;
  if (x_mm != NULL)
    *x_mm = self->place_x_mm;
  if (y_mm != NULL)
    *y_mm = self->place_y_mm;
  if (width_mm != NULL)
    *width_mm = self->place_w_mm;
  if (height_mm != NULL)
    *height_mm = self->place_h_mm;
  if (seal != NULL)
    *seal = self->place_seal;
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
  g_clear_object (&self->place_seal);
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
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, SdDocumentView, pages_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sd-document-view");
}

static void
sd_document_view_init (SdDocumentView *self)
{
  GtkAdjustment *vadj;
  GtkEventController *keys;

  self->zoom = 1.0;
  self->seal_images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  g_signal_connect_object (vadj, "value-changed", G_CALLBACK (update_wanted), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadj, "changed", G_CALLBACK (update_wanted), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
sd_document_view_new (void)
{
  return g_object_new (SD_TYPE_DOCUMENT_VIEW, NULL);
}
