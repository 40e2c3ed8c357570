/* sd-document-page.c: one page of a document, rendered by poppler when shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pixels are rendered in a worker thread at the zoom times the
 * monitor's scale (HiDPI), one poppler call at a time per document (@lock),
 * and only while the page is near the visible area.
 */
#include "config.h"

#include <math.h>

#include "sd-seal-layout.h"

#include "sd-document-page.h"

#define MM_PER_POINT (25.4 / 72.0)

struct _SdDocumentPage
{
  GtkWidget         parent_instance;

  PopplerDocument  *document;
  GMutex           *lock;          /* owned by the document (see SdDocumentView) */
  guint             index;
  double            width_pt;
  double            height_pt;
  double            zoom;
  gboolean          wanted;

  GdkTexture       *texture;
  double            texture_scale; /* device pixels per point it was rendered at */
  GCancellable     *rendering;
  double            rendering_scale;

  /* The seals placed by hand, and the one dragged over the page */
  GdkPaintable     *seal;
  GArray           *seals;             /* SdSealPlacement */
  int               selected_seal;
  GdkPaintable     *ghost;
  double            ghost_x_mm, ghost_y_mm, ghost_w_mm, ghost_h_mm;

  gboolean          marked;
  double            mark_x_mm, mark_y_mm, mark_w_mm, mark_h_mm;

  /* A mode's preview (多页签章, 骑缝签章, 关键字签章) */
  GdkPaintable     *preview_seal;
  GArray           *preview;           /* SdSealPlacement */
  GArray           *preview_matches;   /* SdTextMatch */

  GArray           *highlights;    /* SdTextMatch */
  int               current_highlight;
};

G_DEFINE_FINAL_TYPE (SdDocumentPage, sd_document_page, GTK_TYPE_WIDGET)

typedef struct
{
  PopplerDocument *document;
  GMutex          *lock;
  guint            index;
  double           scale;
  int              width;
  int              height;
} RenderJob;

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  g_object_unref (job->document);
  g_free (job);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RenderJob *job = data;
  cairo_surface_t *surface;
  cairo_t *cr;
  PopplerPage *page;
  GBytes *bytes;
  GdkTexture *texture;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (task);
      return;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, job->scale, job->scale);
  g_mutex_lock (job->lock);
  page = poppler_document_get_page (job->document, job->index);
  if (page != NULL)
    {
      poppler_page_render (page, cr);
      g_object_unref (page);
    }
  g_mutex_unlock (job->lock);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * job->height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (job->width, job->height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);
  SdDocumentPage *self;

  if (texture == NULL)
    return;  /* cancelled: the page is gone, or no longer wanted */
  self = SD_DOCUMENT_PAGE (source);
  g_clear_object (&self->rendering);
  g_set_object (&self->texture, texture);
  self->texture_scale = self->rendering_scale;
  g_object_unref (texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
device_scale (SdDocumentPage *self)
{
  return self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
start_rendering (SdDocumentPage *self)
{
  double scale = device_scale (self);
  RenderJob *job;
  g_autoptr(GTask) task = NULL;

  if (self->rendering != NULL && self->rendering_scale == scale)
    return;
  if (self->rendering != NULL)
    {
      g_cancellable_cancel (self->rendering);
      g_clear_object (&self->rendering);
    }
  job = g_new0 (RenderJob, 1);
  job->document = g_object_ref (self->document);
  job->lock = self->lock;
  job->index = self->index;
  job->scale = scale;
  job->width = MAX (1, (int) ceil (self->width_pt * scale));
  job->height = MAX (1, (int) ceil (self->height_pt * scale));
  self->rendering = g_cancellable_new ();
  self->rendering_scale = scale;
  task = g_task_new (self, self->rendering, on_rendered, NULL);
  g_task_set_source_tag (task, start_rendering);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static void
sd_document_page_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SdDocumentPage *self = SD_DOCUMENT_PAGE (widget);
  double points = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width_pt : self->height_pt;

  *minimum = *natural = (int) round (points * self->zoom);
}

/* @seal's image at its full resolution, drawn at the logical size: as
 * many of its pixels as the device has (HiDPI) */
static void
snapshot_seal (GtkSnapshot  *snapshot,
               GdkPaintable *seal,
               double        x_mm,
               double        y_mm,
               double        width_mm,
               double        height_mm,
               double        px_per_mm)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x_mm * px_per_mm, y_mm * px_per_mm));
  gdk_paintable_snapshot (seal, GDK_SNAPSHOT (snapshot), width_mm * px_per_mm,
                          height_mm * px_per_mm);
  gtk_snapshot_restore (snapshot);
}

static void
sd_document_page_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SdDocumentPage *self = SD_DOCUMENT_PAGE (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double px_per_mm = self->zoom / MM_PER_POINT;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  else
    gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &bounds);
  if (self->wanted && (self->texture == NULL || self->texture_scale != device_scale (self)))
    start_rendering (self);

  for (guint i = 0; self->highlights != NULL && i < self->highlights->len; i++)
    {
      const SdTextMatch *m = &g_array_index (self->highlights, SdTextMatch, i);
      /* the current match stands out from the others */
      GdkRGBA color = (int) i == self->current_highlight ? (GdkRGBA) { 1.0, 0.45, 0.0, 0.45 }
                                                         : (GdkRGBA) { 1.0, 0.85, 0.0, 0.4 };

      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (m->x_mm * px_per_mm, m->y_mm * px_per_mm,
                                                      m->width_mm * px_per_mm,
                                                      m->height_mm * px_per_mm));
    }

  for (guint i = 0; self->seals != NULL && i < self->seals->len; i++)
    {
      const SdSealPlacement *p = &g_array_index (self->seals, SdSealPlacement, i);

      snapshot_seal (snapshot, self->seal, p->x_mm, p->y_mm, p->width_mm, p->height_mm,
                     px_per_mm);
      if ((int) i == self->selected_seal)
        {
          GdkRGBA blue = { 0.21, 0.52, 0.89, 1.0 };
          GskRoundedRect outline;

          gsk_rounded_rect_init_from_rect (&outline,
                                           &GRAPHENE_RECT_INIT (p->x_mm * px_per_mm - 2,
                                                                p->y_mm * px_per_mm - 2,
                                                                p->width_mm * px_per_mm + 4,
                                                                p->height_mm * px_per_mm + 4),
                                           2);
          gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                                      (GdkRGBA[4]) { blue, blue, blue, blue });
        }
    }
  if (self->ghost != NULL)
    {
      gtk_snapshot_push_opacity (snapshot, 0.6);
      snapshot_seal (snapshot, self->ghost, self->ghost_x_mm, self->ghost_y_mm, self->ghost_w_mm,
                     self->ghost_h_mm, px_per_mm);
      gtk_snapshot_pop (snapshot);
    }

  for (guint i = 0; self->preview_matches != NULL && i < self->preview_matches->len; i++)
    {
      const SdTextMatch *m = &g_array_index (self->preview_matches, SdTextMatch, i);
      graphene_rect_t box = GRAPHENE_RECT_INIT (m->x_mm * px_per_mm, m->y_mm * px_per_mm,
                                                m->width_mm * px_per_mm, m->height_mm * px_per_mm);
      GdkRGBA orange = { 0.9, 0.45, 0.0, 1.0 };
      GskRoundedRect outline;

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1.0, 0.8, 0.0, 0.35 }, &box);
      gtk_snapshot_append_border (snapshot, gsk_rounded_rect_init_from_rect (&outline, &box, 0),
                                  (float[4]) { 1, 1, 1, 1 },
                                  (GdkRGBA[4]) { orange, orange, orange, orange });
    }
  for (guint i = 0; self->preview != NULL && i < self->preview->len; i++)
    {
      const SdSealPlacement *p = &g_array_index (self->preview, SdSealPlacement, i);
      graphene_rect_t box = GRAPHENE_RECT_INIT (p->x_mm * px_per_mm, p->y_mm * px_per_mm,
                                                p->width_mm * px_per_mm,
                                                p->height_mm * px_per_mm);
      GdkRGBA line = { 0.8, 0.0, 0.0, 0.8 };
      GskRoundedRect outline;

      /* a strip is the part of the whole seal that falls on this page */
      gtk_snapshot_push_opacity (snapshot, 0.75);
      gtk_snapshot_push_clip (snapshot, &box);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((p->x_mm - p->part_x_mm) * px_per_mm,
                                                              (p->y_mm - p->part_y_mm) * px_per_mm));
      gdk_paintable_snapshot (self->preview_seal, GDK_SNAPSHOT (snapshot),
                              p->seal_width_mm * px_per_mm, p->seal_height_mm * px_per_mm);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, gsk_rounded_rect_init_from_rect (&outline, &box, 0),
                                  (float[4]) { 1, 1, 1, 1 },
                                  (GdkRGBA[4]) { line, line, line, line });
    }

  if (self->marked)
    {
      GdkRGBA blue = { 0.21, 0.52, 0.89, 1.0 };
      GskRoundedRect outline;

      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (self->mark_x_mm * px_per_mm - 3,
                                                            self->mark_y_mm * px_per_mm - 3,
                                                            self->mark_w_mm * px_per_mm + 6,
                                                            self->mark_h_mm * px_per_mm + 6),
                                       4);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 3, 3, 3, 3 },
                                  (GdkRGBA[4]) { blue, blue, blue, blue });
    }
}

static void
sd_document_page_dispose (GObject *object)
{
  SdDocumentPage *self = SD_DOCUMENT_PAGE (object);

  if (self->rendering != NULL)
    g_cancellable_cancel (self->rendering);
  g_clear_object (&self->rendering);
  g_clear_object (&self->texture);
  g_clear_object (&self->seal);
  g_clear_pointer (&self->seals, g_array_unref);
  g_clear_object (&self->ghost);
  g_clear_object (&self->preview_seal);
  g_clear_pointer (&self->preview, g_array_unref);
  g_clear_pointer (&self->preview_matches, g_array_unref);
  g_clear_pointer (&self->highlights, g_array_unref);
  G_OBJECT_CLASS (sd_document_page_parent_class)->dispose (object);
}

static void
sd_document_page_finalize (GObject *object)
{
  SdDocumentPage *self = SD_DOCUMENT_PAGE (object);

  g_clear_object (&self->document);
  G_OBJECT_CLASS (sd_document_page_parent_class)->finalize (object);
}

static void
sd_document_page_class_init (SdDocumentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_document_page_dispose;
  object_class->finalize = sd_document_page_finalize;
  widget_class->measure = sd_document_page_measure;
  widget_class->snapshot = sd_document_page_snapshot;
  gtk_widget_class_set_css_name (widget_class, "sd-document-page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sd_document_page_init (SdDocumentPage *self)
{
  self->zoom = 1.0;
  self->current_highlight = -1;
  self->selected_seal = -1;
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (gtk_widget_queue_draw), self);
}

GtkWidget *
sd_document_page_new (PopplerDocument *document,
                      GMutex          *lock,
                      guint            index,
                      double           width_pt,
                      double           height_pt)
{
  SdDocumentPage *self = g_object_new (SD_TYPE_DOCUMENT_PAGE, NULL);

  self->document = g_object_ref (document);
  self->lock = lock;
  self->index = index;
  self->width_pt = width_pt;
  self->height_pt = height_pt;
  return GTK_WIDGET (self);
}

guint
sd_document_page_get_index (SdDocumentPage *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_PAGE (self), 0);

  return self->index;
}

double
sd_document_page_get_width_pt (SdDocumentPage *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_PAGE (self), 0);

  return self->width_pt;
}

double
sd_document_page_get_height_pt (SdDocumentPage *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_PAGE (self), 0);

  return self->height_pt;
}

void
sd_document_page_set_zoom (SdDocumentPage *self,
                           double          zoom)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));

  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sd_document_page_set_wanted (SdDocumentPage *self,
                             gboolean        wanted)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));

  if (self->wanted == wanted)
    return;
  self->wanted = wanted;
  if (!wanted)
    {
      if (self->rendering != NULL)
        g_cancellable_cancel (self->rendering);
      g_clear_object (&self->rendering);
      g_clear_object (&self->texture);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sd_document_page_is_rendered (SdDocumentPage *self)
{
  g_return_val_if_fail (SD_IS_DOCUMENT_PAGE (self), FALSE);

  return self->texture != NULL && self->texture_scale == device_scale (self);
}

void
sd_document_page_set_seals (SdDocumentPage *self,
                            GdkPaintable   *seal,
                            GArray         *places,
                            int             selected)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (places == NULL || GDK_IS_PAINTABLE (seal));

  if (self->seals == NULL && places == NULL)
    return;
  g_set_object (&self->seal, seal);
  g_clear_pointer (&self->seals, g_array_unref);
  if (places != NULL)
    self->seals = g_array_ref (places);
  self->selected_seal = selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sd_document_page_set_ghost (SdDocumentPage *self,
                            GdkPaintable   *seal,
                            double          x_mm,
                            double          y_mm,
                            double          width_mm,
                            double          height_mm)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));

  if (self->ghost == NULL && seal == NULL)
    return;
  g_set_object (&self->ghost, seal);
  self->ghost_x_mm = x_mm;
  self->ghost_y_mm = y_mm;
  self->ghost_w_mm = width_mm;
  self->ghost_h_mm = height_mm;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sd_document_page_set_highlights (SdDocumentPage *self,
                                 GArray         *boxes,
                                 int             current)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));

  if (boxes == NULL && self->highlights == NULL)
    return;
  g_clear_pointer (&self->highlights, g_array_unref);
  if (boxes != NULL)
    self->highlights = g_array_ref (boxes);
  self->current_highlight = current;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sd_document_page_set_preview (SdDocumentPage *self,
                              GdkPaintable   *seal,
                              GArray         *placements,
                              GArray         *matches)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (placements == NULL || seal != NULL);

  if (self->preview == NULL && placements == NULL
      && self->preview_matches == NULL && matches == NULL)
    return;
  g_set_object (&self->preview_seal, seal);
  g_clear_pointer (&self->preview, g_array_unref);
  g_clear_pointer (&self->preview_matches, g_array_unref);
  if (placements != NULL)
    self->preview = g_array_ref (placements);
  if (matches != NULL)
    self->preview_matches = g_array_ref (matches);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sd_document_page_set_mark (SdDocumentPage *self,
                           gboolean        marked,
                           double          x_mm,
                           double          y_mm,
                           double          width_mm,
                           double          height_mm)
{
  g_return_if_fail (SD_IS_DOCUMENT_PAGE (self));

  if (!marked && !self->marked)
    return;
  self->marked = marked;
  self->mark_x_mm = x_mm;
  self->mark_y_mm = y_mm;
  self->mark_w_mm = width_mm;
  self->mark_h_mm = height_mm;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
