/* sd-document-page.h: one page of a document, rendered by poppler when shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

G_BEGIN_DECLS

#define SD_TYPE_DOCUMENT_PAGE (sd_document_page_get_type ())
G_DECLARE_FINAL_TYPE (SdDocumentPage, sd_document_page, SD, DOCUMENT_PAGE, GtkWidget)

/* @width_pt × @height_pt: the displayed size in points (1/72 inch). */
GtkWidget *sd_document_page_new         (PopplerDocument *document,
                                         GMutex          *lock,
                                         guint            index,
                                         double           width_pt,
                                         double           height_pt);
guint      sd_document_page_get_index   (SdDocumentPage  *self);
double     sd_document_page_get_width_pt  (SdDocumentPage *self);
double     sd_document_page_get_height_pt (SdDocumentPage *self);
/* Pixels per point */
void       sd_document_page_set_zoom    (SdDocumentPage  *self,
                                         double           zoom);
/* Near the visible area: rendered; else its pixels are let go. */
void       sd_document_page_set_wanted  (SdDocumentPage  *self,
                                         gboolean         wanted);
/* TRUE once the pixels for the current zoom are there */
gboolean   sd_document_page_is_rendered (SdDocumentPage  *self);
/* The seals placed by hand on this page, at their true size: @seal at
 * each of @places (SdSealPlacement of this page, millimetres from the
 * top-left), the one at index @selected outlined (-1: none); @places
 * NULL: none. */
void       sd_document_page_set_seals   (SdDocumentPage  *self,
                                         GdkPaintable    *seal,
                                         GArray          *places,
                                         int              selected);
/* The seal dragged over the page, translucent, @x_mm, @y_mm from the
 * top-left; @seal NULL: none. */
void       sd_document_page_set_ghost   (SdDocumentPage  *self,
                                         GdkPaintable    *seal,
                                         double           x_mm,
                                         double           y_mm,
                                         double           width_mm,
                                         double           height_mm);
/* Found text drawn over the page: @boxes (SdTextMatch of this page, in
 * millimetres from the top-left), @current the index of the one that is
 * the current match, or -1.  @boxes NULL: none. */
void       sd_document_page_set_highlights (SdDocumentPage *self,
                                            GArray         *boxes,
                                            int             current);
/* A mode's preview: parts of @seal at @placements (SdSealPlacement of
 * this page: whole seals, or the strips of 骑缝签章) and text found marked
 * at @matches (SdTextMatch of this page); NULL arrays: none. */
void       sd_document_page_set_preview (SdDocumentPage *self,
                                         GdkPaintable   *seal,
                                         GArray         *placements,
                                         GArray         *matches);

/* A rectangle marked on the page (a signature's seal the signature panel
 * points at), in millimetres from the top-left; @marked FALSE: none. */
void       sd_document_page_set_mark    (SdDocumentPage  *self,
                                         gboolean         marked,
                                         double           x_mm,
                                         double           y_mm,
                                         double           width_mm,
                                         double           height_mm);

G_END_DECLS
