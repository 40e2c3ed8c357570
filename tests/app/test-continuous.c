/* test-continuous.c: 连续签章 in the workstation, driven in-process: the
 * mode from the toolbar, the seal dropped three times on two pages of a
 * generated PDF, one place removed, one nudged, then one signing with a
 * PKCS#12 key file; the signed copy has one signature with a widget at each
 * place left (libsealdesk's verifier, pdfsig, and the seal's red where it
 * was placed, ±1 mm, in poppler's render)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screens are saved as PNGs in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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
static GFile *output;

static SdWorkstation *
workstation (void)
{
  return sd_test_workstation (window);
}

static const char *
position_text (void)
{
  return gtk_label_get_text (sd_test_template_child (workstation (), SD_TYPE_WORKSTATION,
                                                     "position_label"));
}

/* The seal's centre dropped at (@x_mm, @y_mm) on page @index */
static void
drop (guint  index,
      double x_mm,
      double y_mm)
{
  SdDocumentView *view = sd_test_current_view (window);
  double px_per_mm = sd_document_view_get_zoom (view) / SD_TEST_MM_PER_POINT;
  g_autoptr(GFile) seal = g_file_new_for_path (seal_path);
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_document_view_drop_seal (view, sd_document_view_get_page (view, index), seal,
                                             x_mm * px_per_mm, y_mm * px_per_mm, &error));
  g_assert_no_error (error);
}

/* The first number in @text: how many places, in the position label */
static int
first_number (const char *text)
{
  const char *digit = strpbrk (text, "0123456789");

  return digit != NULL ? atoi (digit) : -1;
}

static void
assert_place (guint  index,
              guint  page,
              double x_mm,
              double y_mm)
{
  SdPlacedSeals *placed = sd_document_view_get_placed (sd_test_current_view (window));
  const SdSealPlacement *place = sd_placed_seals_get_place (placed, index);

  g_assert_cmpuint (place->page, ==, page);
  g_assert_cmpfloat_with_epsilon (place->x_mm, x_mm, 0.01);
  g_assert_cmpfloat_with_epsilon (place->y_mm, y_mm, 0.01);
  g_assert_cmpfloat_with_epsilon (place->width_mm, 40, 0.01);
}

/* Offline, the PDF open, 连续签章 chosen in the toolbar */
static void
test_mode (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (pdf_path);
  g_autofree char *mode = NULL;
  GtkToggleButton *button;

  sd_test_wait_until (sd_test_drawn, window, "the window");
  sd_window_work_offline (window);
  sd_window_open_file (window, file);
  sd_test_wait_for_document (window, NULL, "the first page");
  sd_document_view_set_zoom (sd_test_current_view (window), 1.0);
  sd_test_wait_for_document (window, NULL, "the first page at 1 px/pt");

  button = sd_test_template_child (workstation (), SD_TYPE_WORKSTATION, "continuous_button");
  g_assert_false (gtk_toggle_button_get_active (button));
  sd_test_click (button);
  g_object_get (workstation (), "mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "continuous");
  g_assert_true (gtk_toggle_button_get_active (button));
  g_assert_true (sd_placed_seals_get_multiple (sd_document_view_get_placed (sd_test_current_view (window))));
  /* nothing to sign before a seal is placed */
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (workstation (), SD_TYPE_WORKSTATION,
                                                                   "sign_button")));
  g_test_message ("position: %s", position_text ());
}

/* Three drops (two on page 1, one on page 2), each a place of its own;
 * the second removed, the first nudged 1 mm right */
static void
test_places (void)
{
  SdDocumentView *view = sd_test_current_view (window);
  SdPlacedSeals *placed = sd_document_view_get_placed (view);
  const char *text;

  drop (0, 40, 60);
  drop (0, 160, 220);
  drop (1, 100, 150);
  g_assert_cmpuint (sd_placed_seals_get_n_places (placed), ==, 3);
  assert_place (0, 0, 20, 40);
  assert_place (1, 0, 140, 200);
  assert_place (2, 1, 80, 130);
  /* the last one dropped is selected */
  g_assert_cmpint (sd_placed_seals_get_selected (placed), ==, 2);
  text = position_text ();
  g_test_message ("position: %s", text);
  g_assert_cmpint (first_number (text), ==, 3);
  g_assert_nonnull (strstr (text, "80.0"));
  g_assert_nonnull (strstr (text, "130.0"));
  g_object_unref (sd_test_screenshot (window, "continuous-three"));

  /* the second goes (the Remove Seal button's action) */
  sd_placed_seals_select (placed, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.clear-seal",
                                             NULL));
  g_assert_cmpuint (sd_placed_seals_get_n_places (placed), ==, 2);
  assert_place (0, 0, 20, 40);
  assert_place (1, 1, 80, 130);

  /* the first, nudged as the arrow key does */
  sd_placed_seals_select (placed, 0);
  sd_document_view_nudge (view, 1, 0);
  assert_place (0, 0, 21, 40);
  assert_place (1, 1, 80, 130);
  text = position_text ();
  g_test_message ("position: %s", text);
  g_assert_cmpint (first_number (text), ==, 2);
  g_assert_nonnull (strstr (text, "21.0"));
  g_assert_nonnull (strstr (text, "40.0"));
  /* each place listed in the tooltip */
  text = gtk_widget_get_tooltip_text (sd_test_template_child (workstation (), SD_TYPE_WORKSTATION,
                                                              "position_label"));
  g_test_message ("places:\n%s", text);
  g_assert_nonnull (strstr (text, "21.0"));
  g_assert_nonnull (strstr (text, "80.0"));
  g_object_unref (sd_test_screenshot (window, "continuous-two"));
}

/* 签章: one dialog, one password, both places */
static void
test_sign (void)
{
  g_autoptr(GFile) input = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) key = g_file_new_for_path (p12_path);
  SdSignDialog *dialog;
  const char *summary;

  output = sd_workstation_signed_file (input);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.sign", NULL));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_SIGN_DIALOG, "the sign dialog");
  summary = gtk_label_get_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "summary_label"));
  g_test_message ("summary: %s", summary);
  /* 连续签章's sentence: two places, on pages 1-2 */
  g_assert_nonnull (strstr (summary, "2"));
  g_assert_nonnull (strstr (summary, "1-2"));
  g_object_unref (sd_test_screenshot (dialog, "continuous-sign-dialog"));
  sd_sign_dialog_set_key_file (dialog, key);
  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "password_row"),
                         SD_TEST_KEY_FILE_PASSWORD);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_SIGN_DIALOG, "the signing");
  sd_test_wait_for_document (window, output, "the signed copy");
  /* the new file has no places of its own */
  g_assert_cmpuint (sd_placed_seals_get_n_places (sd_document_view_get_placed (sd_test_current_view (window))),
                    ==, 0);
}

/* One signature, a widget at each place, the seal's red there */
static void
test_signed_copy (void)
{
  g_autofree char *path = g_file_get_path (output);
  g_autoptr(SdVerifyReport) report = NULL;
  SdSignatureReport *signature;
  SdTestRedBox box;

  report = sd_test_verify (path, SD_VERIFY_FLAGS_NONE, 1, "Zhang San");
  signature = g_ptr_array_index (report->signatures, 0);
  g_assert_cmpuint (signature->n_widgets, ==, 2);
  sd_test_assert_pdfsig (path, "Zhang San");

  /* page 1: the first place, nudged; nothing where the removed one was */
  box = sd_test_red_box (path, 0, 0, 100);
  g_assert_true (box.found);
  g_assert_cmpfloat_with_epsilon (box.left, 21, 1);
  g_assert_cmpfloat_with_epsilon (box.top, 40, 1);
  g_assert_cmpfloat_with_epsilon (box.right, 61, 1);
  g_assert_cmpfloat_with_epsilon (box.bottom, 80, 1);
  box = sd_test_red_box (path, 0, 100, 210);
  g_assert_false (box.found);
  /* page 2: the third */
  box = sd_test_red_box (path, 1, 0, 210);
  g_assert_true (box.found);
  g_assert_cmpfloat_with_epsilon (box.left, 80, 1);
  g_assert_cmpfloat_with_epsilon (box.top, 130, 1);
  g_assert_cmpfloat_with_epsilon (box.right, 120, 1);
  g_assert_cmpfloat_with_epsilon (box.bottom, 170, 1);
  /* page 3: none */
  box = sd_test_red_box (path, 2, 0, 210);
  g_assert_false (box.found);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-continuous-XXXXXX", &error);
  g_assert_no_error (error);
  /* three A4 pages, the seal, the key file */
  pdf_path = g_build_filename (work_dir, "合同.pdf", NULL);
  sd_test_make_pdf (pdf_path, 3, 100);
  seal_path = g_build_filename (work_dir, "公章.png", NULL);
  sd_test_make_seal (seal_path);
  p12_path = sd_test_make_key_file (work_dir);

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/continuous/mode", test_mode);
  g_test_add_func ("/continuous/places", test_places);
  g_test_add_func ("/continuous/sign", test_sign);
  g_test_add_func ("/continuous/signed-copy", test_signed_copy);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  g_clear_object (&output);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&seal_path, g_free);
  g_clear_pointer (&p12_path, g_free);
  return status;
}
