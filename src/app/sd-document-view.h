/* sd-document-view.h: a PDF, page after page, with the seal being placed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-seal-layout.h"

#include "sd-document-page.h"
#include "sd-placed-seals.h"

G_BEGIN_DECLS

#define SD_TYPE_DOCUMENT_VIEW (sd_document_view_get_type ())
G_DECLARE_FINAL_TYPE (SdDocumentView, sd_document_view, SD, DOCUMENT_VIEW, GtkWidget)

#define SD_DEFAULT_SEAL_WIDTH_MM 40.0

GtkWidget      *sd_document_view_new             (void);

/* Opens @file (again, when it is the signed copy) in a worker thread. */
void            sd_document_view_load_async      (SdDocumentView      *self,
                                                  GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        sd_document_view_load_finish     (SdDocumentView      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
GFile          *sd_document_view_get_file        (SdDocumentView      *self);
gboolean        sd_document_view_get_loaded      (SdDocumentView      *self);
guint           sd_document_view_get_n_pages     (SdDocumentView      *self);
SdDocumentPage *sd_document_view_get_page        (SdDocumentView      *self,
                                                  guint                index);
void            sd_document_view_scroll_to_page  (SdDocumentView      *self,
                                                  guint                index);
/* Scrolls to the rectangle (millimetres from the top-left of page @index)
 * and marks it there, the only one marked */
void            sd_document_view_show_area       (SdDocumentView      *self,
                                                  guint                index,
                                                  double               x_mm,
                                                  double               y_mm,
                                                  double               width_mm,
                                                  double               height_mm);
/* The same without marking it (a keyword seal's chosen match) */
void            sd_document_view_scroll_to_area  (SdDocumentView      *self,
                                                  guint                index,
                                                  double               x_mm,
                                                  double               y_mm,
                                                  double               width_mm,
                                                  double               height_mm);
/* From 0: the page at the middle of the view (its thumbnail is selected) */
guint           sd_document_view_get_current_page (SdDocumentView     *self);

/* Pixels per point */
double          sd_document_view_get_zoom        (SdDocumentView      *self);
void            sd_document_view_set_zoom        (SdDocumentView      *self,
                                                  double               zoom);
void            sd_document_view_zoom_in         (SdDocumentView      *self);
void            sd_document_view_zoom_out        (SdDocumentView      *self);
void            sd_document_view_fit_width       (SdDocumentView      *self);
/* The current page whole in the view */
void            sd_document_view_fit_page        (SdDocumentView      *self);

/* Text search (CJK too): shows the search bar with the focus in it */
void            sd_document_view_start_search    (SdDocumentView      *self);
/* Finds @text in a worker thread, highlights every match and goes to the
 * first one from the current page on; NULL or "" clears the search. */
void            sd_document_view_search          (SdDocumentView      *self,
                                                  const char          *text);
/* TRUE while a search is under way */
gboolean        sd_document_view_get_searching   (SdDocumentView      *self);
guint           sd_document_view_get_n_matches   (SdDocumentView      *self);
/* The current match and its index; FALSE when there is none */
gboolean        sd_document_view_get_match       (SdDocumentView      *self,
                                                  guint               *index,
                                                  SdTextMatch         *match);
void            sd_document_view_next_match      (SdDocumentView      *self);
void            sd_document_view_previous_match  (SdDocumentView      *self);

/* The seal placed by hand: at one place (单页签章), or at several as one
 * signature (连续签章, sd_placed_seals_set_multiple()) */
SdPlacedSeals  *sd_document_view_get_placed      (SdDocumentView      *self);
/* What the drop of a seal image on @page at (@x, @y), in the page's
 * pixels, does: the seal's centre goes there, kept inside the page; the
 * place is added (连续签章) or replaces the one there was, and is
 * selected. */
gboolean        sd_document_view_drop_seal       (SdDocumentView      *self,
                                                  SdDocumentPage      *page,
                                                  GFile               *seal,
                                                  double               x,
                                                  double               y,
                                                  GError             **error);
/* Moves the selected place by millimetres (the arrow keys). */
void            sd_document_view_nudge           (SdDocumentView      *self,
                                                  double               dx_mm,
                                                  double               dy_mm);
/* The Delete key: the selected place goes */
void            sd_document_view_remove_selected (SdDocumentView      *self);
void            sd_document_view_clear_placement (SdDocumentView      *self);
/* The selected place; FALSE when no seal is placed.  Any out argument may
 * be NULL. */
gboolean        sd_document_view_get_placement   (SdDocumentView      *self,
                                                  guint               *page,
                                                  double              *x_mm,
                                                  double              *y_mm,
                                                  double              *width_mm,
                                                  double              *height_mm,
                                                  GFile              **seal);

/* What a mode (多页签章, 骑缝签章, 关键字签章) would do, drawn over the
 * pages: @seal at each of @placements (SdSealPlacement: whole seals, or
 * the strips of 骑缝签章), the text found at @matches (SdTextMatch) marked.
 * NULL arrays: nothing. */
void            sd_document_view_set_preview     (SdDocumentView      *self,
                                                  GdkPaintable        *seal,
                                                  GArray              *placements,
                                                  GArray              *matches);

G_END_DECLS
