/* test-workstation.c: the signing workstation, driven in-process: open a
 * generated 3-page PDF (pages rendered, zoom), place a seal by the drop
 * path and nudge it, sign with a PKCS#12 made here by openssl, then check
 * the signed copy with libsealdesk's verifier, pdfsig and a poppler render
 * (the seal's red where it was placed, ±1 mm)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screens are saved as PNGs in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include <adwaita.h>

#include "sd-seal-palette.h"
#include "sd-sign-dialog.h"
#include "sd-window-private.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "sd-workstation.h"

static SdWindow *window;
static char *work_dir;
static char *pdf_path, *seal_path, *p12_path;

/* The window as drawn; saved as workstation-NAME.png */
static GdkTexture *
screenshot (const char *name)
{
  g_autofree char *file = g_strconcat ("workstation-", name, NULL);

  return sd_test_screenshot (window, file);
}

/* Three A4 pages, each with a black block at 100–300 × 100–200 pt; the
 * seal; the key file */
static void
make_fixtures (void)
{
  pdf_path = g_build_filename (work_dir, "合同.pdf", NULL);
  sd_test_make_pdf (pdf_path, 3, 100);
  seal_path = g_build_filename (work_dir, "公章.png", NULL);
  sd_test_make_seal (seal_path);
  p12_path = sd_test_make_key_file (work_dir);
}

static SdDocumentView *
current_view (void)
{
  return sd_test_current_view (window);
}

/* Offline → open the PDF: the workstation, three pages, the first drawn */
static void
test_open (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (pdf_path);
  g_autoptr(GdkTexture) shot = NULL;
  SdDocumentView *view;
  SdDocumentPage *page;
  graphene_rect_t bounds;
  double zoom;
  guint8 rgb[3];

  sd_test_wait_until (sd_test_drawn, window, "the window");
  sd_window_work_offline (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sd_test_template_child (window, SD_TYPE_WINDOW, "stack")),
                   ==, "offline");
  sd_window_open_file (window, file);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sd_test_template_child (window, SD_TYPE_WINDOW, "stack")),
                   ==, "workstation");
  sd_test_wait_for_document (window, NULL, "the first page");
  view = current_view ();
  g_assert_cmpuint (sd_document_view_get_n_pages (view), ==, 3);
  /* opening it again shows the same tab */
  sd_window_open_file (window, file);
  g_assert_true (current_view () == view);
  g_assert_cmpuint (sd_workstation_get_n_documents (sd_test_workstation (window)), ==, 1);

  /* The page's pixels: white paper, the black block at (200, 150) pt */
  page = sd_document_view_get_page (view, 0);
  zoom = sd_document_view_get_zoom (view);
  shot = screenshot ("open");
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), GTK_WIDGET (window), &bounds));
  sd_test_pixel (shot, bounds.origin.x + 200 * zoom, bounds.origin.y + 150 * zoom, rgb);
  g_assert_cmpuint (rgb[0], <, 60);
  g_assert_cmpuint (rgb[1], <, 60);
  sd_test_pixel (shot, bounds.origin.x + 450 * zoom, bounds.origin.y + 500 * zoom, rgb);
  g_assert_cmpuint (rgb[0], >, 240);
  g_assert_cmpuint (rgb[2], >, 240);
}

static gboolean
page_width_is (gpointer width)
{
  SdDocumentPage *page = sd_document_view_get_page (current_view (), 0);

  return gtk_widget_get_width (GTK_WIDGET (page)) == GPOINTER_TO_INT (width)
         && sd_document_page_is_rendered (page);
}

/* Zoom in, out, fit width: the page's size follows */
static void
test_zoom (void)
{
  SdDocumentView *view = current_view ();
  SdDocumentPage *page = sd_document_view_get_page (view, 0);
  int width = gtk_widget_get_width (GTK_WIDGET (page));
  int scrolled_width;

  g_assert_cmpint (width, ==, 595);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sd_test_workstation (window)), "workstation.zoom-in", NULL));
  sd_test_wait_until (page_width_is, GINT_TO_POINTER ((int) round (595 * 1.2)), "the page zoomed in");
  screenshot ("zoomed-in");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sd_test_workstation (window)), "workstation.zoom-out", NULL));
  sd_test_wait_until (page_width_is, GINT_TO_POINTER (595), "the page zoomed out");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sd_test_workstation (window)), "workstation.fit-width", NULL));
  scrolled_width = gtk_widget_get_width (sd_test_template_child (view, SD_TYPE_DOCUMENT_VIEW, "scrolled"));
  sd_test_wait_until (page_width_is, GINT_TO_POINTER ((int) round (sd_document_view_get_zoom (view) * 595)),
              "the page fitted");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), >, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, scrolled_width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), >=, scrolled_width - 60);
  screenshot ("fit-width");
  /* back to 1 px a point for what follows */
  sd_document_view_set_zoom (view, 1.0);
  sd_test_wait_until (page_width_is, GINT_TO_POINTER (595), "the page at 1 px/pt");
}

static gboolean
error_shown (gpointer dialog)
{
  return gtk_widget_get_visible (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "error_label"));
}

/* 单页签章: the seal dropped at (100, 150) mm on page 1, nudged 1 mm right,
 * signed with the key file into 合同-已签章 (2).pdf (the first name is taken) */
static void
test_single_page_seal (void)
{
  SdWorkstation *workstation = sd_test_workstation (window);
  SdSealPalette *palette = sd_test_template_child (workstation, SD_TYPE_WORKSTATION, "palette");
  SdDocumentView *view = current_view ();
  SdDocumentPage *page = sd_document_view_get_page (view, 0);
  g_autoptr(GFile) seal = g_file_new_for_path (seal_path);
  g_autoptr(GFile) input = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) taken = sd_workstation_signed_file (input);
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) key = g_file_new_for_path (p12_path);
  g_autoptr(GSettings) settings = g_settings_new ("org.sealdesk.SealDesk");
  g_auto(GStrv) seals = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *taken_name = g_file_get_basename (taken);
  g_autofree char *output_name = NULL;
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;
  gsize original_len, after_len;
  double zoom = sd_document_view_get_zoom (view), px_per_mm = zoom / SD_TEST_MM_PER_POINT;
  double x_mm, y_mm, w_mm, h_mm;
  guint page_index;
  SdSignDialog *dialog;
  graphene_rect_t bounds;
  guint8 rgb[3];
  const char *label;

  /* the signed copy's name, the seed's 已签章 in Chinese */
  g_assert_true (g_str_has_prefix (taken_name, "合同-"));
  g_assert_cmpstr (taken_name, ==, "合同-已签章.pdf");
  g_assert_true (g_file_set_contents (g_file_peek_path (taken), "not to be overwritten", -1, NULL));
  output = sd_workstation_signed_file (input);
  output_name = g_file_get_basename (output);
  g_assert_true (g_str_has_suffix (output_name, " (2).pdf"));

  /* the palette remembers the seal */
  sd_seal_palette_add_seal (palette, seal);
  seals = g_settings_get_strv (settings, "seal-files");
  g_assert_cmpuint (g_strv_length (seals), ==, 1);
  g_assert_cmpstr (seals[0], ==, seal_path);
  /* nothing to sign before a seal is placed */
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (workstation, SD_TYPE_WORKSTATION,
                                                           "sign_button")));

  /* the drop: the seal's centre at (100, 150) mm → top-left (80, 130) */
  g_assert_true (sd_document_view_drop_seal (view, page, seal, 100 * px_per_mm, 150 * px_per_mm,
                                             &error));
  g_assert_no_error (error);
  g_assert_true (sd_document_view_get_placement (view, &page_index, &x_mm, &y_mm, &w_mm, &h_mm, NULL));
  g_assert_cmpuint (page_index, ==, 0);
  g_assert_cmpfloat_with_epsilon (x_mm, 80, 0.01);
  g_assert_cmpfloat_with_epsilon (y_mm, 130, 0.01);
  g_assert_cmpfloat_with_epsilon (w_mm, 40, 0.01);
  g_assert_cmpfloat_with_epsilon (h_mm, 40, 0.01);
  /* the arrow key's step */
  sd_document_view_nudge (view, 1, 0);
  g_assert_true (sd_document_view_get_placement (view, NULL, &x_mm, NULL, NULL, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (x_mm, 81, 0.01);
  label = gtk_label_get_text (sd_test_template_child (workstation, SD_TYPE_WORKSTATION, "position_label"));
  g_test_message ("position: %s", label);
  g_assert_nonnull (strstr (label, "81.0"));
  g_assert_nonnull (strstr (label, "130.0"));

  /* the seal drawn on the page, at its true size */
  sd_test_wait_for_document (window, NULL, "the page");
  shot = screenshot ("seal-placed");
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), GTK_WIDGET (window), &bounds));
  sd_test_pixel (shot, bounds.origin.x + 101 * px_per_mm, bounds.origin.y + 150 * px_per_mm, rgb);
  g_assert_cmpuint (rgb[0], >, 150);
  g_assert_cmpuint (rgb[1], <, 60);

  /* 签章: the dialog, a wrong password first */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation), "workstation.sign", NULL));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_SIGN_DIALOG, "the sign dialog");
  sd_sign_dialog_set_key_file (dialog, key);
  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "password_row"), "wrong");
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  sd_test_wait_until (error_shown, dialog, "the wrong password's error");
  g_test_message ("wrong password: %s",
                  gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "error_label")));
  g_assert_false (g_file_query_exists (output, NULL));
  screenshot ("sign-dialog-error");

  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "password_row"), SD_TEST_KEY_FILE_PASSWORD);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_SIGN_DIALOG, "the signing");
  /* reopened in place: the same tab shows the signed copy */
  sd_test_wait_for_document (window, output, "the signed copy");
  g_assert_cmpuint (sd_workstation_get_n_documents (workstation), ==, 1);
  g_assert_false (sd_document_view_get_placement (view, NULL, NULL, NULL, NULL, NULL, NULL));
  screenshot ("signed");

  /* the original untouched, the taken name too, and the copy starts with it */
  g_assert_true (g_file_get_contents (g_file_peek_path (taken), &after, &after_len, NULL));
  g_assert_cmpstr (after, ==, "not to be overwritten");
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (pdf_path, &original, &original_len, NULL));
  g_assert_true (g_file_get_contents (g_file_peek_path (output), &after, &after_len, NULL));
  g_assert_cmpuint (after_len, >, original_len);
  g_assert_cmpmem (after, original_len, original, original_len);
}

static void
test_signed_copy (void)
{
  g_autofree char *path = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  SdTestRedBox box;

  /* the copy shown in the tab is the " (2)" one */
  path = g_file_get_path (sd_document_view_get_file (current_view ()));
  g_assert_true (g_str_has_suffix (path, " (2).pdf"));

  /* libsealdesk's verifier: one intact signature on page 1, nothing after it */
  report = sd_test_verify (path, SD_VERIFY_FLAGS_NONE, 1, "Zhang San");
  g_assert_cmpint (((SdSignatureReport *) g_ptr_array_index (report->signatures, 0))->page, ==, 0);

  /* pdfsig (poppler) agrees */
  sd_test_assert_pdfsig (path, "Zhang San");

  /* the seal's red, rendered by poppler: where it was placed (81, 130) mm, 40 mm wide */
  box = sd_test_red_box (path, 0, 0, 210);
  g_assert_true (box.found);
  g_assert_cmpfloat_with_epsilon (box.left, 81, 1);
  g_assert_cmpfloat_with_epsilon (box.top, 130, 1);
  g_assert_cmpfloat_with_epsilon (box.right, 121, 1);
  g_assert_cmpfloat_with_epsilon (box.bottom, 170, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-workstation-XXXXXX", &error);
  g_assert_no_error (error);
  make_fixtures ();

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/workstation/open", test_open);
  g_test_add_func ("/workstation/zoom", test_zoom);
  g_test_add_func ("/workstation/single-page-seal", test_single_page_seal);
  g_test_add_func ("/workstation/signed-copy", test_signed_copy);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&seal_path, g_free);
  g_clear_pointer (&p12_path, g_free);
  return status;
}
