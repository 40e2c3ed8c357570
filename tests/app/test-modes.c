/* test-modes.c: the workstation's seal modes through their widgets, in
 * order on one document: 多页签章 (pages 2-3), 骑缝签章 (left edge, a
 * one-page document refused first), 关键字签章 (盖章处, drawn with pango,
 * the last match; a word not there first), then 撤章 three times back to
 * the original's bytes, and once more, refused.  Each signed copy is
 * checked with libsealdesk's verifier, pdfsig and a poppler render (the
 * seal's red where the dialog showed it); each preview by drawing the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screens are saved as PNGs (modes-*.png) in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sd-cross-page-dialog.h"
#include "sd-keyword-dialog.h"
#include "sd-page-set-dialog.h"
#include "sd-seal-palette.h"
#include "sd-sign-dialog.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "sd-window-private.h"
#include "sd-workstation.h"

#define PT(mm) ((mm) / SD_TEST_MM_PER_POINT)
/* where 盖章处 is drawn on pages 2 and 4, its top-left, in mm */
#define KEYWORD_X_MM 120.0
#define KEYWORD_Y_MM 220.0

static SdWindow *window;
static char *work_dir;
static char *pdf_path, *one_page_path, *seal_path, *p12_path;
static double keyword_w_mm, keyword_h_mm;
/* the documents signed one after the other, oldest first */
static GPtrArray *signed_paths;

static GdkTexture *
screenshot (gpointer    toplevel,
            const char *name)
{
  g_autofree char *file = g_strconcat ("modes-", name, NULL);

  return sd_test_screenshot (toplevel, file);
}

/* A black block at 100–300 × 100–140 pt; 盖章处 on pages 2 and 4 */
static void
draw_page (cairo_t *cr,
           guint    index,
           gpointer data)
{
  double w, h;

  cairo_rectangle (cr, 100, 100, 200, 40);
  cairo_fill (cr);
  if (index == 1 || index == 3)
    {
      sd_test_show_text (cr, PT (KEYWORD_X_MM), PT (KEYWORD_Y_MM), 16, "盖章处", &w, &h);
      keyword_w_mm = w * SD_TEST_MM_PER_POINT;
      keyword_h_mm = h * SD_TEST_MM_PER_POINT;
    }
}

/* Four A4 pages, a one-page document, the seal, the key file */
static void
make_fixtures (void)
{
  pdf_path = g_build_filename (work_dir, "标书.pdf", NULL);
  sd_test_make_pdf_with (pdf_path, 4, draw_page, NULL);
  one_page_path = g_build_filename (work_dir, "通知.pdf", NULL);
  sd_test_make_pdf (one_page_path, 1, 40);
  seal_path = g_build_filename (work_dir, "公章.png", NULL);
  sd_test_make_seal (seal_path);
  p12_path = sd_test_make_key_file (work_dir);
}

static SdWorkstation *
workstation (void)
{
  return sd_test_template_child (window, SD_TYPE_WINDOW, "workstation");
}

static gpointer
workstation_child (const char *name)
{
  return sd_test_template_child (workstation (), SD_TYPE_WORKSTATION, name);
}

static SdDocumentView *
current_view (void)
{
  return sd_workstation_get_current (workstation ());
}

/* The current tab shows @path (when not NULL), its first page drawn */
static gboolean
shows (gpointer path)
{
  SdDocumentView *view = current_view ();
  GFile *file;

  if (view == NULL || !sd_document_view_get_loaded (view)
      || !sd_document_page_is_rendered (sd_document_view_get_page (view, 0)))
    return FALSE;
  file = sd_document_view_get_file (view);
  return path == NULL || g_str_equal (g_file_peek_path (file), path);
}

static gboolean
label_is_error (gpointer label)
{
  return gtk_widget_has_css_class (label, "error") && *gtk_label_get_text (label) != '\0';
}

/* @widget as drawn by itself (a page, scrolled out of sight or not) */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Red as the seal is red, at (@x_mm, @y_mm) of page @index of the view,
 * at 1 px a point; the preview is drawn translucent */
static gboolean
preview_red_at (guint  index,
                double x_mm,
                double y_mm)
{
  SdDocumentPage *page = sd_document_view_get_page (current_view (), index);
  g_autoptr(GdkTexture) texture = render_widget (GTK_WIDGET (page));
  guint8 rgb[3];

  g_assert_cmpfloat (sd_document_view_get_zoom (current_view ()), ==, 1.0);
  sd_test_pixel (texture, (int) PT (x_mm), (int) PT (y_mm), rgb);
  return rgb[0] > 180 && rgb[1] < 120 && rgb[2] < 120;
}

/* The thumbnail of page @index, when its row is in sight */
static SdDocumentPage *
find_thumbnail (GtkWidget *widget,
                guint      index)
{
  if (SD_IS_DOCUMENT_PAGE (widget) && sd_document_page_get_index (SD_DOCUMENT_PAGE (widget)) == index)
    return SD_DOCUMENT_PAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SdDocumentPage *found = find_thumbnail (child, index);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Red as the seal is red at (@x_mm, @y_mm) of the thumbnail of page @index */
static gboolean
thumbnail_red_at (guint  index,
                  double x_mm,
                  double y_mm)
{
  GtkWidget *thumbnails = sd_test_template_child (current_view (), SD_TYPE_DOCUMENT_VIEW, "thumbnails");
  SdDocumentPage *page = find_thumbnail (thumbnails, index);
  g_autoptr(GdkTexture) texture = NULL;
  double px_per_mm;
  guint8 rgb[3];

  g_assert_nonnull (page);
  texture = render_widget (GTK_WIDGET (page));
  px_per_mm = gtk_widget_get_width (GTK_WIDGET (page)) / 210.0;
  sd_test_pixel (texture, (int) (x_mm * px_per_mm), (int) (y_mm * px_per_mm), rgb);
  return rgb[0] > 180 && rgb[1] < 120 && rgb[2] < 120;
}

/* @path's @n_signatures intact, the newest by Zhang San with @n_widgets
 * seals, what signed the file last; pdfsig agrees */
static void
check_signed (const char *path,
              guint       n_signatures,
              guint       n_widgets)
{
  g_autoptr(SdVerifyReport) report = sd_test_verify (path, SD_VERIFY_FLAGS_NONE, n_signatures,
                                                     "Zhang San");
  SdSignatureReport *signature = g_ptr_array_index (report->signatures, n_signatures - 1);

  g_assert_cmpuint (signature->n_widgets, ==, n_widgets);
  sd_test_assert_pdfsig (path, "Zhang San");
}

/* The signing dialog the mode's dialog led to: what it says is signed has
 * each of @said (in the mode's words); key, password, sign; the signed copy
 * is shown in the same tab.  Its path is returned. */
static const char *
sign_with_key (const char         *name,
               const char * const *said)
{
  SdSignDialog *dialog = sd_test_wait_for_toplevel (SD_TYPE_SIGN_DIALOG, "the signing dialog");
  const char *summary = gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "summary_label"));
  SdDocumentView *view = current_view ();
  g_autoptr(GFile) key = g_file_new_for_path (p12_path);
  g_autoptr(GFile) expected = sd_workstation_signed_file (sd_document_view_get_file (view));
  g_autofree char *expected_name = g_file_get_basename (expected);

  g_assert_true (g_str_has_suffix (expected_name, "-已签章.pdf"));
  g_test_message ("summary: %s", summary);
  for (guint i = 0; said[i] != NULL; i++)
    g_assert_nonnull (strstr (summary, said[i]));
  g_assert_nonnull (strstr (summary, expected_name));
  sd_sign_dialog_set_key_file (dialog, key);
  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "password_row"), SD_TEST_KEY_FILE_PASSWORD);
  screenshot (dialog, name);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_SIGN_DIALOG, "the signing");
  sd_test_wait_until (shows, (gpointer) g_file_peek_path (expected), "the signed copy in its tab");
  g_assert_true (current_view () == view);
  g_ptr_array_add (signed_paths, g_file_get_path (expected));
  return g_ptr_array_index (signed_paths, signed_paths->len - 1);
}

/* Offline, the four-page document open, a seal in the palette; the modes'
 * toolbar */
static void
test_open (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) seal = g_file_new_for_path (seal_path);
  GtkWidget *verify;

  sd_test_wait_until (sd_test_drawn, window, "the window");
  sd_window_work_offline (window);
  sd_window_open_file (window, file);
  sd_test_wait_until (shows, pdf_path, "the document");
  g_assert_cmpuint (sd_document_view_get_n_pages (current_view ()), ==, 4);
  sd_document_view_set_zoom (current_view (), 1.0);
  sd_seal_palette_add_seal (workstation_child ("palette"), seal);
  g_assert_true (gtk_toggle_button_get_active (workstation_child ("single_button")));
  g_assert_true (gtk_widget_is_sensitive (workstation_child ("unseal_button")));
  /* 验章 last, after 撤章 (网证通互认 §3.2): the header's toggle, F9 too */
  verify = workstation_child ("verify_button");
  g_assert_true (gtk_widget_get_prev_sibling (verify) == workstation_child ("unseal_button"));
  g_assert_null (gtk_widget_get_next_sibling (verify));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (verify)), ==, "验章");
  sd_test_click (verify);
  g_assert_true (gtk_widget_get_visible (workstation_child ("signature_panel")));
  g_assert_true (gtk_toggle_button_get_active (workstation_child ("signatures_button")));
  screenshot (window, "toolbar-verify");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.signatures", NULL));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (verify)));
  g_assert_false (gtk_widget_get_visible (workstation_child ("signature_panel")));
  screenshot (window, "toolbar");
}

/* 多页签章: a wrong page set said as it is typed, then 2-3 at (30, 40) mm,
 * previewed on pages 2 and 3 only; signed, the seal on those pages */
static void
test_pages (void)
{
  SdPageSetDialog *dialog;
  GtkLabel *status;
  GtkEditable *range;
  const char *path;
  SdTestRedBox box;

  sd_test_click (workstation_child ("pages_button"));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_PAGE_SET_DIALOG, "the page set dialog");
  g_assert_true (gtk_toggle_button_get_active (workstation_child ("pages_button")));
  status = sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "status_label");
  range = sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "range_row");
  /* all pages, to begin with */
  g_assert_true (gtk_check_button_get_active (sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "all_check")));
  g_test_message ("all: %s", gtk_label_get_text (status));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "4"));

  gtk_check_button_set_active (sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "range_check"), TRUE);
  gtk_editable_set_text (range, "2-9");
  g_assert_true (label_is_error (status));
  g_test_message ("2-9: %s", gtk_label_get_text (status));
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "sign_button")));
  screenshot (dialog, "page-set-wrong");

  gtk_editable_set_text (range, "2-3");
  g_assert_false (label_is_error (status));
  gtk_spin_button_set_value (sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "x_spin"), 30);
  gtk_spin_button_set_value (sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "y_spin"), 40);
  sd_test_wait_until (sd_test_drawn, window, "the preview");
  g_assert_false (preview_red_at (0, 50, 60));
  g_assert_true (preview_red_at (1, 50, 60));
  g_assert_true (preview_red_at (2, 50, 60));
  g_assert_false (preview_red_at (3, 50, 60));
  g_assert_false (preview_red_at (1, 75, 60));
  screenshot (dialog, "page-set");
  screenshot (window, "page-set-preview");

  sd_test_click (sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "sign_button"));
  path = sign_with_key ("page-set-sign", (const char *[]) { "印章盖在 2 页上（第 2-3 页）",
                                                            "距左边缘 30.0 毫米、距上边缘 40.0 毫米",
                                                            NULL });
  g_assert_null (sd_test_find_toplevel (SD_TYPE_PAGE_SET_DIALOG));
  screenshot (window, "page-set-signed");

  check_signed (path, 1, 2);
  g_assert_false (sd_test_red_box (path, 0, 0, 210).found);
  for (guint i = 1; i <= 2; i++)
    {
      box = sd_test_red_box (path, i, 0, 210);
      g_assert_true (box.found);
      g_assert_cmpfloat_with_epsilon (box.left, 30, 1);
      g_assert_cmpfloat_with_epsilon (box.top, 40, 1);
      g_assert_cmpfloat_with_epsilon (box.right, 70, 1);
      g_assert_cmpfloat_with_epsilon (box.bottom, 80, 1);
    }
  g_assert_false (sd_test_red_box (path, 3, 0, 210).found);
}

static gboolean
status_not_reading (gpointer dialog)
{
  GtkLabel *label = sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "status_label");

  return gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "sign_button"))
         || label_is_error (label);
}

/* 骑缝签章: refused on a one-page document; on the four pages, along the
 * left edge at 100 mm from the top, 20 pages a group: a quarter of the
 * seal on each page, in the preview and in the signed copy */
static void
test_cross_page (void)
{
  g_autoptr(GFile) one_page = g_file_new_for_path (one_page_path);
  AdwTabView *tabs = workstation_child ("tab_view");
  SdDocumentView *contract = current_view ();
  SdCrossPageDialog *dialog;
  GtkLabel *status;
  GtkEditable *pages;
  const char *path;

  /* one page: said, and nothing to sign */
  sd_window_open_file (window, one_page);
  sd_test_wait_until (shows, one_page_path, "the one-page document");
  sd_test_click (workstation_child ("cross_page_button"));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_CROSS_PAGE_DIALOG, "the cross-page dialog");
  status = sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "status_label");
  sd_test_wait_until (label_is_error, status, "the one-page refusal");
  g_test_message ("one page: %s", gtk_label_get_text (status));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "两页"));
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "sign_button")));
  screenshot (dialog, "cross-page-one-page");
  gtk_window_close (GTK_WINDOW (dialog));
  sd_test_wait_toplevel_gone (SD_TYPE_CROSS_PAGE_DIALOG, "the dialog closed");
  adw_tab_view_close_page (tabs, adw_tab_view_get_page (tabs, GTK_WIDGET (current_view ())));
  sd_test_wait_until (shows, NULL, "the contract again");
  g_assert_true (current_view () == contract);

  /* the mode stays: signing opens its dialog again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.sign", NULL));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_CROSS_PAGE_DIALOG, "the cross-page dialog");
  status = sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "status_label");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "group_spin")), ==, 20);
  sd_test_wait_until (status_not_reading, dialog, "the strips");
  /* centred on the right edge, to begin with */
  g_assert_true (preview_red_at (0, 210 - 5, 297 / 2.0));
  adw_combo_row_set_selected (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "edge_row"), 1);
  gtk_switch_set_active (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "centred_switch"), FALSE);
  gtk_spin_button_set_value (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "along_spin"), 100);
  sd_test_wait_until (sd_test_drawn, window, "the preview");
  /* a page range: past the end said; 2-4 only those */
  pages = sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "pages_row");
  gtk_editable_set_text (pages, "2-9");
  g_test_message ("2-9: %s", gtk_label_get_text (status));
  g_assert_true (label_is_error (status));
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "sign_button")));
  gtk_editable_set_text (pages, "2-4");
  sd_test_wait_until (sd_test_drawn, window, "the preview");
  g_test_message ("2-4: %s", gtk_label_get_text (status));
  g_assert_false (label_is_error (status));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "3"));
  g_assert_false (preview_red_at (0, 5, 120));
  g_assert_true (preview_red_at (1, 5, 120));
  g_assert_true (preview_red_at (3, 5, 120));
  screenshot (dialog, "cross-page-range");
  /* all of them again */
  gtk_editable_set_text (pages, "");
  sd_test_wait_until (sd_test_drawn, window, "the preview");
  g_test_message ("strips: %s", gtk_label_get_text (status));
  g_assert_false (label_is_error (status));
  /* four pages, one group: strips 10 mm wide along the left edge */
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (preview_red_at (i, 5, 120));
      g_assert_false (preview_red_at (i, 15, 120));
      g_assert_false (preview_red_at (i, 205, 148));
      /* and on the thumbnails, live */
      g_assert_true (thumbnail_red_at (i, 5, 120));
      g_assert_false (thumbnail_red_at (i, 105, 120));
    }
  screenshot (dialog, "cross-page");
  screenshot (window, "cross-page-preview");

  sd_test_click (sd_test_template_child (dialog, SD_TYPE_CROSS_PAGE_DIALOG, "sign_button"));
  path = sign_with_key ("cross-page-sign", (const char *[]) { "骑缝章沿左边缘盖在 4 页上（第 1-4 页）",
                                                              "分为 1 组", NULL });
  screenshot (window, "cross-page-signed");
  check_signed (path, 2, 4);
  for (guint i = 0; i < 4; i++)
    {
      /* the 多页签章 seal on pages 2 and 3 starts at 30 mm */
      SdTestRedBox box = sd_test_red_box (path, i, 0, 25);

      g_assert_true (box.found);
      g_assert_cmpfloat (box.left, >=, -0.5);
      g_assert_cmpfloat (box.right, <=, 10.5);
      g_assert_cmpfloat (box.right, >=, 9.5);
      g_assert_cmpfloat (box.top, >=, 99);
      g_assert_cmpfloat (box.bottom, <=, 141);
    }
}

static gboolean
searched (gpointer dialog)
{
  GtkLabel *label = sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "status_label");

  return gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "sign_button"))
         || label_is_error (label);
}

static gboolean
current_page_is (gpointer index)
{
  return sd_document_view_get_current_page (current_view ()) == GPOINTER_TO_UINT (index);
}

/* 关键字签章: a word not there said; 盖章处 found twice (pages 2 and 4),
 * the last one chosen, the seal centred on it */
static void
test_keyword (void)
{
  SdKeywordDialog *dialog;
  GtkLabel *status;
  GtkEditable *keyword;
  double cx = KEYWORD_X_MM + keyword_w_mm / 2, cy = KEYWORD_Y_MM + keyword_h_mm / 2;
  const char *path;
  SdTestRedBox box;

  sd_test_click (workstation_child ("keyword_button"));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_KEYWORD_DIALOG, "the keyword dialog");
  status = sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "status_label");
  keyword = sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "keyword_row");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "nth_spin")), ==, 1);

  gtk_editable_set_text (keyword, "法定代表人");
  sd_test_wait_until (searched, dialog, "the search for a word not there");
  g_test_message ("no match: %s", gtk_label_get_text (status));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "法定代表人"));
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "sign_button")));
  screenshot (dialog, "keyword-no-match");

  gtk_editable_set_text (keyword, "盖章处");
  sd_test_wait_until (searched, dialog, "the search for 盖章处");
  g_test_message ("found: %s", gtk_label_get_text (status));
  g_assert_false (label_is_error (status));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "2"));
  /* all: a seal on each match, the first in sight */
  g_assert_true (preview_red_at (1, cx, cy));
  g_assert_true (preview_red_at (3, cx, cy));
  sd_test_wait_until (current_page_is, GUINT_TO_POINTER (1), "the first match in sight");
  /* the last only, scrolled to */
  adw_combo_row_set_selected (sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "which_row"), 2);
  sd_test_wait_until (sd_test_drawn, window, "the preview");
  sd_test_wait_until (current_page_is, GUINT_TO_POINTER (3), "the last match in sight");
  g_assert_false (preview_red_at (1, cx, cy));
  g_assert_true (preview_red_at (3, cx, cy));
  g_assert_false (preview_red_at (3, cx + 25, cy));
  screenshot (dialog, "keyword");
  screenshot (window, "keyword-preview");

  sd_test_click (sd_test_template_child (dialog, SD_TYPE_KEYWORD_DIALOG, "sign_button"));
  path = sign_with_key ("keyword-sign", (const char *[]) { "关键字“盖章处”的 1 处",
                                                          "盖章页：第 4 页。", NULL });
  screenshot (window, "keyword-signed");
  check_signed (path, 3, 1);
  /* right of the 骑缝签章 strip */
  box = sd_test_red_box (path, 3, 20, 210);
  g_assert_true (box.found);
  g_assert_cmpfloat_with_epsilon ((box.left + box.right) / 2, cx, 2);
  g_assert_cmpfloat_with_epsilon ((box.top + box.bottom) / 2, cy, 2);
  g_assert_cmpfloat_with_epsilon (box.right - box.left, 40, 1);
}

static gboolean
file_equals (const char *a,
             const char *b)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  return la == lb && memcmp (da, db, la) == 0;
}

/* 撤章 with its confirmation (which seal, signer, time, the new file), the
 * copy shown in place; @previous is what it must equal, byte for byte */
static void
unseal_once (const char *field,
             const char *previous,
             const char *name)
{
  g_autofree char *open = g_strdup (g_file_peek_path (sd_document_view_get_file (current_view ())));
  g_autofree char *open_before = NULL;
  g_autofree char *open_after = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_name = NULL;
  g_autoptr(GFile) open_file = g_file_new_for_path (open);
  g_autoptr(GFile) expected_file = sd_workstation_unsealed_file (open_file);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  AdwMessageDialog *dialog;
  const char *body;
  gsize len, after_len;

  g_assert_true (g_file_get_contents (open, &open_before, &len, NULL));
  expected = g_file_get_path (expected_file);
  expected_name = g_file_get_basename (expected_file);
  g_assert_true (g_str_has_suffix (expected_name, "-已撤章.pdf"));
  sd_test_click (workstation_child ("unseal_button"));
  dialog = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the 撤章 confirmation");
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("撤章: %s", body);
  g_assert_nonnull (strstr (body, field));
  g_assert_nonnull (strstr (body, "Zhang San"));
  g_assert_nonnull (strstr (body, today));
  g_assert_nonnull (strstr (body, expected_name));
  g_assert_true (adw_message_dialog_has_response (dialog, "unseal"));
  g_assert_false (adw_message_dialog_has_response (dialog, "force"));
  screenshot (dialog, name);
  sd_test_respond (dialog, "unseal");
  sd_test_wait_until (shows, expected, "the unsealed copy in its tab");
  /* the new file is the one before, byte for byte; the open one is untouched */
  g_assert_true (file_equals (expected, previous));
  g_assert_true (g_file_get_contents (open, &open_after, &after_len, NULL));
  g_assert_cmpmem (open_after, after_len, open_before, len);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return sd_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* 撤章 three times: each copy is the document before the newest seal, the
 * last one the original byte for byte; once more: refused */
static void
test_unseal (void)
{
  AdwMessageDialog *dialog;

  unseal_once ("Signature3", g_ptr_array_index (signed_paths, 1), "unseal");
  screenshot (window, "unsealed");
  check_signed (g_file_peek_path (sd_document_view_get_file (current_view ())), 2, 4);

  unseal_once ("Signature2", g_ptr_array_index (signed_paths, 0), "unseal-2");
  unseal_once ("Signature1", pdf_path, "unseal-3");

  /* nothing left to remove: said in Chinese, nothing written */
  sd_test_click (workstation_child ("unseal_button"));
  sd_test_wait_until (message_dialog_shown, NULL, "the refusal");
  dialog = sd_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_test_message ("refused: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "印章"));
  g_assert_false (adw_message_dialog_has_response (dialog, "unseal"));
  g_assert_false (adw_message_dialog_has_response (dialog, "force"));
  screenshot (dialog, "unseal-refused");
  sd_test_respond (dialog, "close");
  sd_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, "the refusal closed");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-modes-XXXXXX", &error);
  g_assert_no_error (error);
  make_fixtures ();
  signed_paths = g_ptr_array_new_with_free_func (g_free);

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/modes/open", test_open);
  g_test_add_func ("/modes/pages", test_pages);
  g_test_add_func ("/modes/cross-page", test_cross_page);
  g_test_add_func ("/modes/keyword", test_keyword);
  g_test_add_func ("/modes/unseal", test_unseal);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&one_page_path, g_free);
  g_clear_pointer (&seal_path, g_free);
  g_clear_pointer (&p12_path, g_free);
  g_clear_pointer (&signed_paths, g_ptr_array_unref);
  return status;
}
