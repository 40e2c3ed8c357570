/* test-document-view.c: the workstation's document view, driven in-process:
 * page thumbnails (lazy, click to go, the current page selected), text
 * search of a Chinese word (count, highlight, next and previous), fit
 * page, the recent files, and a 1,000-page document that opens at once and
 * renders only the pages in sight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screens are saved as PNGs in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "sd-document-view.h"
#include "sd-recent-menu.h"
#include "sd-window-private.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "sd-workstation.h"

#define BIG_PAGES 1000

static SdWindow *window;
static char *work_dir;
static char *contract_path, *big_path;

static GdkTexture *
screenshot (const char *name)
{
  g_autofree char *file = g_strconcat ("document-view-", name, NULL);

  return sd_test_screenshot (window, file);
}

static void
draw_contract (cairo_t *cr,
               guint    index,
               gpointer data)
{
  switch (index)
    {
    case 0:
      sd_test_show_text (cr, 72, 100, 20, "甲方：百家医药有限公司", NULL, NULL);
      sd_test_show_text (cr, 72, 300, 20, "乙方与甲方签订本合同", NULL, NULL);
      break;
    case 1:
      sd_test_show_text (cr, 72, 100, 20, "第二页没有那个词", NULL, NULL);
      break;
    default:
      sd_test_show_text (cr, 72, 600, 20, "甲方盖章", NULL, NULL);
    }
}

/* 合同.pdf: three A4 pages, 甲方 twice on the first and once on the
 * third; 大文件.pdf: a thousand pages with a black block each */
static void
make_fixtures (void)
{
  contract_path = g_build_filename (work_dir, "合同.pdf", NULL);
  sd_test_make_pdf_with (contract_path, 3, draw_contract, NULL);
  big_path = g_build_filename (work_dir, "大文件.pdf", NULL);
  sd_test_make_pdf (big_path, BIG_PAGES, 100);
}

static SdDocumentView *
current_view (void)
{
  return sd_test_current_view (window);
}

static gboolean
page_rendered (gpointer index)
{
  SdDocumentView *view = current_view ();

  return view != NULL && sd_document_view_get_loaded (view)
         && sd_document_page_is_rendered (sd_document_view_get_page (view, GPOINTER_TO_UINT (index)));
}

/* The thumbnails' page widgets that exist, and how many hold pixels */
static guint
count_thumbnails (GtkWidget *widget,
                  guint     *n_rendered)
{
  guint n = 0;

  if (SD_IS_DOCUMENT_PAGE (widget))
    {
      if (n_rendered != NULL && sd_document_page_is_rendered (SD_DOCUMENT_PAGE (widget)))
        (*n_rendered)++;
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_thumbnails (child, n_rendered);
  return n;
}

static GtkListView *
thumbnails (void)
{
  return sd_test_template_child (current_view (), SD_TYPE_DOCUMENT_VIEW, "thumbnails");
}

static gboolean
thumbnails_rendered (gpointer n)
{
  guint rendered = 0;

  count_thumbnails (GTK_WIDGET (thumbnails ()), &rendered);
  return rendered >= GPOINTER_TO_UINT (n);
}

static guint
selected_thumbnail (void)
{
  GtkSelectionModel *model = gtk_list_view_get_model (thumbnails ());

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
}

static gboolean
current_page_is (gpointer index)
{
  return sd_document_view_get_current_page (current_view ()) == GPOINTER_TO_UINT (index);
}

/* Offline → 合同.pdf: a thumbnail per page, the first selected; choosing
 * the third goes there and keeps it selected */
static void
test_thumbnails (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (contract_path);
  g_autoptr(GdkTexture) shot = NULL;
  GtkSelectionModel *model;

  sd_test_wait_until (sd_test_drawn, window, "the window");
  sd_window_work_offline (window);
  sd_window_open_file (window, file);
  sd_test_wait_until (page_rendered, GUINT_TO_POINTER (0), "the first page");
  g_assert_cmpuint (sd_document_view_get_n_pages (current_view ()), ==, 3);

  model = gtk_list_view_get_model (thumbnails ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  sd_test_wait_until (thumbnails_rendered, GUINT_TO_POINTER (3), "the three thumbnails");
  g_assert_cmpuint (selected_thumbnail (), ==, 0);
  g_assert_cmpuint (sd_document_view_get_current_page (current_view ()), ==, 0);
  shot = screenshot ("thumbnails");

  /* a click on the third thumbnail selects it: the view goes there */
  gtk_selection_model_select_item (model, 2, TRUE);
  sd_test_wait_until (current_page_is, GUINT_TO_POINTER (2), "the third page");
  sd_test_wait_until (page_rendered, GUINT_TO_POINTER (2), "the third page drawn");
  g_assert_cmpuint (selected_thumbnail (), ==, 2);
  g_clear_object (&shot);
  shot = screenshot ("thumbnail-chosen");

  /* and scrolling the pages moves the selection along */
  sd_document_view_scroll_to_page (current_view (), 0);
  sd_test_wait_until (current_page_is, GUINT_TO_POINTER (0), "the first page again");
  g_assert_cmpuint (selected_thumbnail (), ==, 0);
}

static gboolean
search_done (gpointer n)
{
  return !sd_document_view_get_searching (current_view ())
         && sd_document_view_get_n_matches (current_view ()) == GPOINTER_TO_UINT (n);
}

static gboolean
nothing_found (gpointer label)
{
  return !sd_document_view_get_searching (current_view ())
         && sd_document_view_get_n_matches (current_view ()) == 0
         && *gtk_label_get_text (label) != '\0';
}

static gboolean
match_is (gpointer index)
{
  guint current;

  return sd_document_view_get_match (current_view (), &current, NULL)
         && current == GPOINTER_TO_UINT (index);
}

/* Ctrl+F's action, 甲方: three matches, highlighted; next, next, previous */
static void
test_search (void)
{
  SdDocumentView *view = current_view ();
  GtkSearchBar *bar = sd_test_template_child (view, SD_TYPE_DOCUMENT_VIEW, "search_bar");
  GtkEditable *entry = sd_test_template_child (view, SD_TYPE_DOCUMENT_VIEW, "search_entry");
  GtkLabel *label = sd_test_template_child (view, SD_TYPE_DOCUMENT_VIEW, "match_label");
  g_autoptr(GdkTexture) shot = NULL;
  SdDocumentPage *page = sd_document_view_get_page (view, 0);
  double px_per_mm = sd_document_view_get_zoom (view) / SD_TEST_MM_PER_POINT;
  graphene_rect_t bounds;
  SdTextMatch match;
  guint8 rgb[3];
  guint n_tinted;

  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "view.find", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         GTK_WIDGET (entry)));

  gtk_editable_set_text (entry, "甲方");
  sd_test_wait_until (search_done, GUINT_TO_POINTER (3), "the three matches");
  g_test_message ("matches: %s", gtk_label_get_text (label));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "3"));
  g_assert_true (sd_document_view_get_match (view, NULL, &match));
  g_assert_cmpuint (match.page, ==, 0);
  /* 甲方 of the first line: 72 pt from the left, about 100 pt down */
  g_assert_cmpfloat_with_epsilon (match.x_mm, 72 * SD_TEST_MM_PER_POINT, 2);
  g_assert_cmpfloat (match.y_mm, >, 95 * SD_TEST_MM_PER_POINT);
  g_assert_cmpfloat (match.y_mm, <, 135 * SD_TEST_MM_PER_POINT);
  g_assert_cmpfloat (match.width_mm, >, 5);

  /* the current match's box is painted over the page: orange over white */
  sd_test_wait_until (page_rendered, GUINT_TO_POINTER (0), "the first page");
  shot = screenshot ("search");
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), GTK_WIDGET (window), &bounds));
  /* the box's pixels: the tint where there is no glyph */
  n_tinted = 0;
  for (double y = match.y_mm; y < match.y_mm + match.height_mm; y += 0.5)
    for (double x = match.x_mm; x < match.x_mm + match.width_mm; x += 0.5)
      {
        sd_test_pixel (shot, bounds.origin.x + x * px_per_mm, bounds.origin.y + y * px_per_mm, rgb);
        if (rgb[0] > 220 && rgb[2] < 180 && rgb[1] > rgb[2])
          n_tinted++;
      }
  g_test_message ("tinted samples in the current match's box: %u", n_tinted);
  g_assert_cmpuint (n_tinted, >, 20);
  /* and none below it, between the lines */
  sd_test_pixel (shot, bounds.origin.x + (match.x_mm + match.width_mm / 2) * px_per_mm,
                 bounds.origin.y + (match.y_mm + match.height_mm + 10) * px_per_mm, rgb);
  g_assert_cmpuint (rgb[2], >, 240);

  /* next (Ctrl+G), next: the third page's; previous back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "view.find-next", NULL));
  g_assert_true (match_is (GUINT_TO_POINTER (1)));
  sd_document_view_next_match (view);
  g_assert_true (sd_document_view_get_match (view, NULL, &match));
  g_assert_cmpuint (match.page, ==, 2);
  sd_test_wait_until (current_page_is, GUINT_TO_POINTER (2), "the third page's match");
  sd_test_wait_until (page_rendered, GUINT_TO_POINTER (2), "the third page drawn");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "3"));
  g_clear_object (&shot);
  shot = screenshot ("search-third-page");
  /* past the last: the first again */
  sd_document_view_next_match (view);
  g_assert_true (match_is (GUINT_TO_POINTER (0)));
  sd_document_view_previous_match (view);
  g_assert_true (match_is (GUINT_TO_POINTER (2)));

  /* a word that is not there */
  gtk_editable_set_text (entry, "丙方");
  sd_test_wait_until (nothing_found, label, "no match");
  g_assert_false (sd_document_view_get_match (view, NULL, NULL));
  g_test_message ("no match: %s", gtk_label_get_text (label));

  /* closing the bar clears the highlights */
  gtk_search_bar_set_search_mode (bar, FALSE);
  g_assert_cmpuint (sd_document_view_get_n_matches (view), ==, 0);
}

static gboolean
page_fits (gpointer data)
{
  SdDocumentView *view = current_view ();
  GtkWidget *scrolled = sd_test_template_child (view, SD_TYPE_DOCUMENT_VIEW, "scrolled");
  SdDocumentPage *page = sd_document_view_get_page (view, 0);
  int height = gtk_widget_get_height (GTK_WIDGET (page));

  return height == (int) round (842 * sd_document_view_get_zoom (view))
         && height <= gtk_widget_get_height (scrolled) && sd_document_page_is_rendered (page);
}

static gboolean
search_bar_closed (gpointer scrolled)
{
  return gtk_widget_get_height (scrolled) == gtk_widget_get_height (GTK_WIDGET (current_view ()));
}

/* Fit page: the whole first page in the view, as tall as it can be */
static void
test_fit_page (void)
{
  SdDocumentView *view = current_view ();
  GtkWidget *scrolled = sd_test_template_child (view, SD_TYPE_DOCUMENT_VIEW, "scrolled");
  guint current = sd_document_view_get_current_page (view);
  g_autoptr(GdkTexture) shot = NULL;
  graphene_rect_t bounds;
  int height;

  /* the room the search bar leaves when it has gone */
  sd_test_wait_until (search_bar_closed, scrolled, "the search bar closed");
  sd_document_view_fit_page (view);
  sd_test_wait_until (page_fits, NULL, "the page fitted");
  height = gtk_widget_get_height (GTK_WIDGET (sd_document_view_get_page (view, 0)));
  g_test_message ("page %d px high in %d px", height, gtk_widget_get_height (scrolled));
  /* A4 is taller than the view is wide here: the height decides */
  g_assert_cmpint (height, >=, gtk_widget_get_height (scrolled) - 40);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (sd_document_view_get_page (view, 0))), <=,
                   gtk_widget_get_width (scrolled));
  /* the current page (the third, where the search left) whole in sight */
  g_assert_cmpuint (sd_document_view_get_current_page (view), ==, current);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (sd_document_view_get_page (view, current)),
                                            scrolled, &bounds));
  g_test_message ("page %u at %.0f px", current + 1, bounds.origin.y);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scrolled));
  shot = screenshot ("fit-page");
  sd_document_view_set_zoom (view, 1.0);
}

typedef struct
{
  GMenuModel *model;
  const char *uri;
  int         position;
} MenuLookup;

static gboolean
menu_lists (gpointer data)
{
  MenuLookup *lookup = data;

  lookup->position = -1;
  for (int i = 0; i < g_menu_model_get_n_items (lookup->model); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (lookup->model, i,
                                                                          G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), lookup->uri))
        lookup->position = i;
    }
  return lookup->position >= 0;
}

/* The recent files: 合同.pdf is there since it was opened, and the menu
 * lists it under the workstation's action */
static void
test_recent_files (void)
{
  g_autoptr(SdRecentMenu) menu = sd_recent_menu_new ("workstation.open-recent");
  g_autoptr(GFile) contract = g_file_new_for_path (contract_path);
  g_autofree char *contract_uri = g_file_get_uri (contract);
  MenuLookup lookup = { sd_recent_menu_get_model (menu), contract_uri, -1 };
  g_autofree char *label = NULL;

  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), contract_uri));
  sd_test_wait_until (menu_lists, &lookup, "合同.pdf in the recent menu");
  g_assert_true (g_menu_model_get_item_attribute (lookup.model, lookup.position,
                                                  G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "合同.pdf");
  g_clear_pointer (&label, g_free);
  g_assert_true (g_menu_model_get_item_attribute (lookup.model, lookup.position,
                                                  G_MENU_ATTRIBUTE_ACTION, "s", &label));
  g_assert_cmpstr (label, ==, "workstation.open-recent");
}

static guint
count_rendered_pages (SdDocumentView *view)
{
  guint n = 0;

  for (guint i = 0; i < sd_document_view_get_n_pages (view); i++)
    if (sd_document_page_is_rendered (sd_document_view_get_page (view, i)))
      n++;
  return n;
}

static gboolean
view_loaded (gpointer view)
{
  return sd_document_view_get_loaded (view);
}

/* 1,000 pages: opening returns at once; only the pages in sight and their
 * thumbnails get pixels, also after a jump to the middle */
static void
test_large_document (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (big_path);
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  SdDocumentView *view;
  gint64 start, opened, shown;
  guint n_thumbnails, n_rendered = 0;

  start = g_get_monotonic_time ();
  view = sd_workstation_open_file (sd_test_workstation (window), file);
  opened = g_get_monotonic_time ();
  g_test_message ("open returned after %.1f ms", (opened - start) / 1000.0);
  /* the reading happens in a worker thread */
  g_assert_cmpint (opened - start, <, 200 * 1000);
  g_assert_false (sd_document_view_get_loaded (view));

  sd_test_wait_until (view_loaded, view, "the 1,000 pages");
  sd_test_wait_until (page_rendered, GUINT_TO_POINTER (0), "the first of 1,000 pages");
  shown = g_get_monotonic_time ();
  g_test_message ("first page shown after %.1f ms", (shown - start) / 1000.0);
  g_assert_cmpuint (sd_document_view_get_n_pages (view), ==, BIG_PAGES);
  g_test_message ("pages with pixels: %u", count_rendered_pages (view));
  g_assert_cmpuint (count_rendered_pages (view), <=, 4);
  n_thumbnails = count_thumbnails (GTK_WIDGET (thumbnails ()), &n_rendered);
  g_test_message ("thumbnail widgets: %u, rendered %u", n_thumbnails, n_rendered);
  /* the list view keeps a few hundred rows at most; pixels only in sight */
  g_assert_cmpuint (n_thumbnails, >, 0);
  g_assert_cmpuint (n_thumbnails, <, BIG_PAGES / 4);
  g_assert_cmpuint (n_rendered, <=, 8);
  shot = screenshot ("1000-pages");

  /* the middle: it gets drawn, the first page lets its pixels go */
  sd_document_view_scroll_to_page (view, 499);
  sd_test_wait_until (page_rendered, GUINT_TO_POINTER (499), "page 500");
  g_assert_false (sd_document_page_is_rendered (sd_document_view_get_page (view, 0)));
  g_assert_cmpuint (count_rendered_pages (view), <=, 4);
  g_assert_cmpuint (selected_thumbnail (), ==, 499);
  sd_test_wait_until (thumbnails_rendered, GUINT_TO_POINTER (1), "the thumbnails near page 500");
  n_rendered = 0;
  g_assert_cmpuint (count_thumbnails (GTK_WIDGET (thumbnails ()), &n_rendered), <, BIG_PAGES / 4);
  g_test_message ("thumbnails with pixels near page 500: %u", n_rendered);
  g_assert_cmpuint (n_rendered, <=, 8);
  g_clear_object (&shot);
  shot = screenshot ("page-500");

  /* opened documents go to the recent files */
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  work_dir = g_dir_make_tmp ("sealdesk-document-view-XXXXXX", &error);
  g_assert_no_error (error);
  /* the recent files go here, not to the user's */
  data_dir = g_build_filename (work_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  sd_test_gui_init (&argc, &argv);
  make_fixtures ();

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/document-view/thumbnails", test_thumbnails);
  g_test_add_func ("/document-view/search", test_search);
  g_test_add_func ("/document-view/fit-page", test_fit_page);
  g_test_add_func ("/document-view/recent-files", test_recent_files);
  g_test_add_func ("/document-view/large-document", test_large_document);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&contract_path, g_free);
  g_clear_pointer (&big_path, g_free);
  return status;
}
