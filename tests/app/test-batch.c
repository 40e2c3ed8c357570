/* test-batch.c: batch signing (批量签署), driven in-process: the window
 * opened from the workstation, a folder of 20 cairo-made PDFs with a
 * corrupt one in the middle, one rejected (拒签) with a reason, signed with
 * an openssl-made PKCS#12: 18 signed (each checked by libsealdesk's
 * verifier, two by pdfsig), 1 failed, 1 rejected, the report saved and
 * read back; then a cancel in the middle of a large file leaves nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screens are saved as PNGs in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <adwaita.h>

#include "sd-batch-window.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "sd-window-private.h"
#include "sd-workstation.h"

#define REASON "金额与合同不符"

static SdWindow *window;
static char *work_dir, *in_dir, *out_dir, *seal_path, *p12_path;

static void
screenshot (gpointer    toplevel,
            const char *name)
{
  g_autofree char *file = g_strconcat ("batch-", name, NULL);
  g_autoptr(GdkTexture) texture = sd_test_screenshot (toplevel, file);
}

static void
draw_line (cairo_t *cr,
           guint    index,
           gpointer line)
{
  cairo_move_to (cr, 72, 100);
  cairo_set_font_size (cr, 18);
  cairo_show_text (cr, line);
}

/* 合同-01 … 合同-20, one A4 page each with a line of text; 合同-10 is not
 * a PDF inside */
static void
make_fixtures (void)
{
  in_dir = g_build_filename (work_dir, "待签", NULL);
  out_dir = g_build_filename (work_dir, "已签", NULL);
  g_assert_cmpint (g_mkdir (in_dir, 0700), ==, 0);
  for (guint i = 1; i <= 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("合同-%02u.pdf", i);
      g_autofree char *path = g_build_filename (in_dir, name, NULL);
      g_autofree char *line = g_strdup_printf ("Contract %u", i);

      if (i == 10)
        g_assert_true (g_file_set_contents (path, "%PDF-1.7\nbroken in the middle\n", -1, NULL));
      else
        sd_test_make_pdf_with (path, 1, draw_line, line);
    }

  seal_path = g_build_filename (work_dir, "公章.png", NULL);
  sd_test_make_seal (seal_path);
  p12_path = sd_test_make_key_file (work_dir);
}

/* One page whose content stream is @size bytes of spaces: long to sign */
static void
write_large_pdf (const char *path,
                 gsize       size)
{
  g_autoptr(GString) s = g_string_new ("%PDF-1.4\n");
  const char *bodies[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
  };
  gsize offsets[4], xref_at;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      offsets[i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
  offsets[3] = s->len;
  g_string_append_printf (s, "4 0 obj\n<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", size);
  g_string_set_size (s, s->len + size);
  memset (s->str + s->len - size, ' ', size);
  g_string_append (s, "\nendstream\nendobj\n");
  xref_at = s->len;
  g_string_append (s, "xref\n0 5\n0000000000 65535 f\r\n");
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (s, "%010lu 00000 n\r\n", (gulong) offsets[i]);
  g_string_append_printf (s, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          (gulong) xref_at);
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
}

/* From the workstation's header button's action, the window for a new batch */
static SdBatchWindow *
open_batch_window (void)
{
  SdWorkstation *workstation = sd_test_template_child (window, SD_TYPE_WINDOW, "workstation");
  SdBatchWindow *batch_window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation), "workstation.batch", NULL));
  batch_window = sd_test_wait_for_toplevel (SD_TYPE_BATCH_WINDOW, "the batch window");
  sd_test_wait_until (sd_test_drawn, batch_window, "the batch window drawn");
  return batch_window;
}

static gboolean
files_listed (gpointer data)
{
  gpointer *args = data;

  return sd_batch_window_get_n_files (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_files (SdBatchWindow *batch_window,
                guint          n)
{
  gpointer args[] = { batch_window, GUINT_TO_POINTER (n) };

  sd_test_wait_until (files_listed, args, "the files listed");
}

static gboolean
finished (gpointer data)
{
  return sd_batch_window_get_batch (data) != NULL
         && gtk_widget_get_visible (sd_test_template_child (data, SD_TYPE_BATCH_WINDOW, "summary_box"));
}

static gboolean
exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static SdBatchWindow *batch_window;

/* The empty window, then the folder's 20 files in name order */
static void
test_add (void)
{
  g_autoptr(GFile) folder = g_file_new_for_path (in_dir);
  g_autoptr(GFile) key = g_file_new_for_path (p12_path);
  g_autoptr(GFile) seal = g_file_new_for_path (seal_path);
  g_autoptr(GFile) output = g_file_new_for_path (out_dir);
  GtkListBox *list;
  AdwPreferencesRow *row;

  sd_test_wait_until (sd_test_drawn, window, "the window");
  sd_window_work_offline (window);
  batch_window = open_batch_window ();
  g_assert_false (gtk_widget_is_sensitive (sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW,
                                                                   "start_button")));
  screenshot (batch_window, "empty");

  sd_batch_window_add_file (batch_window, folder);
  wait_for_files (batch_window, 20);
  list = sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW, "file_list");
  row = ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 9));
  g_assert_cmpstr (adw_preferences_row_get_title (row), ==, "合同-10.pdf");
  /* the same folder again adds nothing */
  sd_batch_window_add_file (batch_window, folder);
  wait_for_files (batch_window, 20);

  sd_batch_window_set_key_file (batch_window, key);
  sd_batch_window_set_seal_file (batch_window, seal);
  sd_batch_window_set_output_folder (batch_window, output);
  gtk_editable_set_text (sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW, "password_row"),
                         SD_TEST_KEY_FILE_PASSWORD);
  /* 单页签章 on the last page at (140, 230) mm, 40 mm wide */
  gtk_check_button_set_active (sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW,
                                                       "last_page_check"), TRUE);
  g_assert_true (gtk_widget_is_sensitive (sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW,
                                                                  "start_button")));
  screenshot (batch_window, "files");
}

/* 拒签 the fifth file: a reason is required */
static void
test_reject (void)
{
  AdwMessageDialog *dialog;
  GtkEditable *reason;
  GtkListBox *list = sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW, "file_list");
  AdwActionRow *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (batch_window), "batch.reject", "u", 4));
  dialog = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the reject dialog");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (reason, REASON);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "reject"));
  sd_test_wait_until (sd_test_drawn, dialog, "the reject dialog drawn");
  screenshot (dialog, "reject");
  sd_test_respond (dialog, "reject");
  sd_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, "the reject dialog");

  row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 4));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), REASON));
}

/* One intact signature by the key file's certificate; pdfsig agrees
 * when @with_pdfsig */
static void
assert_signed (const char *path,
               gboolean    with_pdfsig)
{
  g_autoptr(SdVerifyReport) report = sd_test_verify (path, SD_VERIFY_OFFLINE, 1, "Zhang San");

  if (with_pdfsig)
    sd_test_assert_pdfsig (path, "Zhang San");
}

/* 开始签署: 18 signed, 1 failed, 1 rejected; the report saved */
static void
test_run (void)
{
  SdBatch *batch;
  g_autofree char *report_path = g_build_filename (work_dir, "报告.txt", NULL);
  g_autofree char *json_path = g_build_filename (work_dir, "报告.json", NULL);
  g_autoptr(GFile) report_file = g_file_new_for_path (report_path);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autofree char *report = NULL;
  g_autofree char *json = NULL;
  const char *summary;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (batch_window), "batch.start", NULL));
  screenshot (batch_window, "running");
  sd_test_wait_until (finished, batch_window, "the batch");
  batch = sd_batch_window_get_batch (batch_window);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SIGNED), ==, 18);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_FAILED), ==, 1);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_REJECTED), ==, 1);
  g_assert_cmpint (sd_batch_get_file_state (batch, 9), ==, SD_BATCH_FILE_FAILED);
  g_assert_cmpint (sd_batch_get_file_state (batch, 4), ==, SD_BATCH_FILE_REJECTED);
  summary = gtk_label_get_text (sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW, "summary_label"));
  g_test_message ("summary: %s", summary);
  g_assert_nonnull (strstr (summary, "18 个文件已签章"));
  g_assert_nonnull (strstr (summary, "1 个文件失败"));
  g_assert_nonnull (strstr (summary, "1 个文件已拒签"));
  screenshot (batch_window, "summary");

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("合同-%02u-已签章.pdf", i + 1);
      g_autofree char *path = g_build_filename (out_dir, name, NULL);

      if (i == 4 || i == 9)
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      else
        assert_signed (path, i == 0 || i == 19);
    }

  /* 保存报告, as text and as JSON */
  sd_batch_window_save_report (batch_window, report_file);
  sd_batch_window_save_report (batch_window, json_file);
  sd_test_wait_until (exists, report_path, "the report");
  sd_test_wait_until (exists, json_path, "the JSON report");
  g_assert_true (g_file_get_contents (report_path, &report, NULL, NULL));
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "批量签署报告"));
  g_assert_nonnull (strstr (report, "18 个文件已签章"));
  g_assert_nonnull (strstr (report, "拒签："));
  g_assert_nonnull (strstr (report, "合同-05.pdf：" REASON));
  g_assert_nonnull (strstr (report, "失败："));
  g_assert_nonnull (strstr (report, "合同-10.pdf："));
  g_assert_nonnull (strstr (report, "合同-20-已签章.pdf"));
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"signed\": 18"));
  g_assert_nonnull (strstr (json, "\"reason\": \"" REASON "\""));
}

static gboolean
first_file_signing (gpointer data)
{
  SdBatch *batch = sd_batch_window_get_batch (data);

  return batch != NULL && sd_batch_get_file_state (batch, 0) == SD_BATCH_FILE_SIGNING;
}

/* 取消 while a large file is being signed: nothing is left behind */
static void
test_cancel (void)
{
  g_autofree char *large_dir = g_build_filename (work_dir, "大文件", NULL);
  g_autofree char *large_out = g_build_filename (work_dir, "大文件-已签", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (large_out);
  g_autoptr(GFile) seal = g_file_new_for_path (seal_path);
  g_autoptr(GDir) listing = NULL;
  guint signed_copies = 0, in_folder = 0;
  SdBatch *batch;

  gtk_window_destroy (GTK_WINDOW (batch_window));
  g_assert_cmpint (g_mkdir (large_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (large_out, 0700), ==, 0);
  batch_window = open_batch_window ();
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("大文件-%u.pdf", i + 1);
      g_autofree char *path = g_build_filename (large_dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      write_large_pdf (path, 96 * 1024 * 1024);
      sd_batch_window_add_file (batch_window, file);
    }
  wait_for_files (batch_window, 2);
  sd_batch_window_set_output_folder (batch_window, output);
  sd_batch_window_set_seal_file (batch_window, seal);
  /* the key file is remembered; its password never */
  gtk_editable_set_text (sd_test_template_child (batch_window, SD_TYPE_BATCH_WINDOW, "password_row"),
                         SD_TEST_KEY_FILE_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (batch_window), "batch.start", NULL));
  sd_test_wait_until (first_file_signing, batch_window, "the first large file being signed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (batch_window), "batch.cancel", NULL));
  sd_test_wait_until (finished, batch_window, "the cancel");
  screenshot (batch_window, "cancelled");

  /* a file is either signed whole (the cancel came after its last step)
   * or not written at all; the batch stopped */
  batch = sd_batch_window_get_batch (batch_window);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *line = sd_batch_describe_file (batch, i);
      g_autofree char *copy = sd_batch_dup_output (batch, i);

      g_test_message ("%s", line);
      if (sd_batch_get_file_state (batch, i) == SD_BATCH_FILE_SIGNED)
        {
          assert_signed (copy, FALSE);
          signed_copies++;
        }
      else
        g_assert_cmpint (sd_batch_get_file_state (batch, i), ==, SD_BATCH_FILE_SKIPPED);
    }
  g_assert_cmpint (sd_batch_get_file_state (batch, 1), ==, SD_BATCH_FILE_SKIPPED);
  /* nothing else in the folder: no temporary or partial file */
  listing = g_dir_open (large_out, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    in_folder++;
  g_assert_cmpuint (in_folder, ==, signed_copies);
  gtk_window_destroy (GTK_WINDOW (batch_window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-batch-XXXXXX", &error);
  g_assert_no_error (error);
  make_fixtures ();

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/batch/add", test_add);
  g_test_add_func ("/batch/reject", test_reject);
  g_test_add_func ("/batch/run", test_run);
  g_test_add_func ("/batch/cancel", test_cancel);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&in_dir, g_free);
  g_clear_pointer (&out_dir, g_free);
  g_clear_pointer (&seal_path, g_free);
  g_clear_pointer (&p12_path, g_free);
  return status;
}
