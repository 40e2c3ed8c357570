/* test-batch.c: batch signing (批量签署) with real keys and files: a corrupt
 * file in the middle fails alone, a rejected one is left with its reason,
 * the report says so (text and JSON), a cancel leaves no partial file, a
 * broken seal image stops the batch at the first file, keyword seals
 * search each file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sd-batch.h"
#include "sd-digest.h"
#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-pdf-text-search.h"
#include "sd-pdf-verify.h"
#include "sd-seal-drawing.h"
#include "test-keys.h"

static char *dir;
static char *seal;

static char *
path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* A one-page PDF whose content stream is @padding bytes of spaces, and
 * whose /Title says @n (so that the files differ) */
static void
write_pdf (const char *file,
           guint       n,
           gsize       padding)
{
  g_autoptr(GString) s = g_string_new ("%PDF-1.4\n");
  g_autofree char *info = g_strdup_printf ("<< /Title (batch %u) >>", n);
  const char *bodies[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
    info,
  };
  gsize offsets[5], xref_at;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      offsets[i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
  offsets[4] = s->len;
  g_string_append_printf (s, "5 0 obj\n<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", padding);
  g_string_set_size (s, s->len + padding);
  memset (s->str + s->len - padding, ' ', padding);
  g_string_append (s, "\nendstream\nendobj\n");
  xref_at = s->len;
  g_string_append (s, "xref\n0 6\n0000000000 65535 f\r\n");
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (s, "%010lu 00000 n\r\n", (gulong) offsets[i]);
  g_string_append_printf (s, "trailer\n<< /Size 6 /Root 1 0 R /Info 4 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          (gulong) xref_at);
  g_assert_true (g_file_set_contents (file, s->str, s->len, NULL));
}

static void
make_seal (void)
{
  SdSealSpec spec;
  g_autoptr(GError) error = NULL;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "某某科技有限公司";
  spec.px_per_mm = 4;
  seal = path ("seal.png");
  g_assert_true (sd_seal_save_png (&spec, seal, TRUE, &error));
  g_assert_no_error (error);
}

static SdSigner *
leaf_signer (void)
{
  g_autoptr(GError) error = NULL;
  SdSigner *signer = sd_key_file_signer_new_from_pkcs12 (test_keys_path ("leaf.p12"),
                                                         TEST_PASSWORD, &error);

  g_assert_no_error (error);
  return signer;
}

/* A real key, watched: what it was asked to sign, from which threads and
 * whether two signatures ever overlapped; from its @fail_at-th signature
 * on it fails as a key pulled out does, and after its @cancel_at-th it
 * cancels @cancellable (the signature made, the document not written). */

#define SD_TYPE_WATCHED_SIGNER (sd_watched_signer_get_type ())
G_DECLARE_FINAL_TYPE (SdWatchedSigner, sd_watched_signer, SD, WATCHED_SIGNER, GObject)

struct _SdWatchedSigner
{
  GObject       parent_instance;
  SdSigner     *inner;
  GMutex        lock;
  GPtrArray    *signed_data;  /* GBytes, in the order asked */
  GThread      *thread;       /* the one thread that used the key, or NULL */
  gboolean      one_thread;
  guint         busy;
  gboolean      overlapped;
  guint         fail_at;      /* 1-based; 0: never */
  guint         cancel_at;
  GCancellable *cancellable;
};

static void sd_watched_signer_signer_init (SdSignerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdWatchedSigner, sd_watched_signer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SIGNER,
                                                      sd_watched_signer_signer_init))

static void
sd_watched_signer_finalize (GObject *object)
{
  SdWatchedSigner *self = SD_WATCHED_SIGNER (object);

  g_clear_object (&self->inner);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->signed_data);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sd_watched_signer_parent_class)->finalize (object);
}

static void
sd_watched_signer_class_init (SdWatchedSignerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_watched_signer_finalize;
}

static void
sd_watched_signer_init (SdWatchedSigner *self)
{
  g_mutex_init (&self->lock);
  self->signed_data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->one_thread = TRUE;
}

static GBytes *
watched_get_certificate (SdSigner *signer)
{
  return sd_signer_get_certificate (SD_WATCHED_SIGNER (signer)->inner);
}

static GPtrArray *
watched_get_chain (SdSigner *signer)
{
  return sd_signer_get_chain (SD_WATCHED_SIGNER (signer)->inner);
}

static void
watched_inner_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdWatchedSigner *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *signature = sd_signer_sign_finish (SD_SIGNER (source), result, &error);
  gboolean cancel;

  g_mutex_lock (&self->lock);
  self->busy--;
  cancel = self->signed_data->len == self->cancel_at;
  g_mutex_unlock (&self->lock);
  if (cancel)
    g_cancellable_cancel (self->cancellable);
  if (signature == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signature, (GDestroyNotify) g_bytes_unref);
}

static void
watched_sign_async (SdSigner            *signer,
                    SdDigestAlgorithm    digest,
                    SdSignatureScheme    scheme,
                    GBytes              *data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  SdWatchedSigner *self = SD_WATCHED_SIGNER (signer);
  /* no cancellable: a signature made comes back even after a cancel */
  g_autoptr(GTask) task = g_task_new (signer, NULL, callback, user_data);
  gboolean fail;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->signed_data, g_bytes_ref (data));
  if (self->thread == NULL)
    self->thread = g_thread_self ();
  self->one_thread = self->one_thread && self->thread == g_thread_self ();
  self->overlapped = self->overlapped || self->busy > 0;
  fail = self->fail_at != 0 && self->signed_data->len >= self->fail_at;
  if (!fail)
    self->busy++;
  g_mutex_unlock (&self->lock);

  if (fail)
    {
      g_task_return_new_error (task, SD_ERROR, SD_ERROR_TOKEN_REMOVED, "The key was removed");
      return;
    }
  sd_signer_sign_async (self->inner, digest, scheme, data, NULL, watched_inner_done,
                        g_steal_pointer (&task));
}

static GBytes *
watched_sign_finish (SdSigner      *signer,
                     GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sd_watched_signer_signer_init (SdSignerInterface *iface)
{
  iface->get_certificate = watched_get_certificate;
  iface->get_chain = watched_get_chain;
  iface->sign_async = watched_sign_async;
  iface->sign_finish = watched_sign_finish;
}

static SdWatchedSigner *
watched_signer_new (SdSigner *inner)
{
  SdWatchedSigner *self = g_object_new (SD_TYPE_WATCHED_SIGNER, NULL);

  self->inner = g_object_ref (inner);
  return self;
}

static SdSignOptions *
single_page_options (void)
{
  SdSignOptions *options = sd_sign_options_new ();

  options->mode = SD_SEAL_MODE_SINGLE;
  options->page = SD_SIGN_PAGE_LAST;
  options->x_mm = 140;
  options->y_mm = 230;
  options->width_mm = 40;
  options->seal_path = g_strdup (seal);
  return options;
}

typedef struct
{
  gboolean   done;
  gboolean   ok;
  GError    *error;
  GPtrArray *changes;   /* "index:state" as the signals came */
  int        cancel_at; /* cancel when this file starts, or -1 */
  GCancellable *cancellable;
} Run;

static void
on_file_changed (SdBatch *batch,
                 guint    index,
                 Run     *run)
{
  SdBatchFileState state = sd_batch_get_file_state (batch, index);

  g_ptr_array_add (run->changes, g_strdup_printf ("%u:%d", index, state));
  if ((int) index == run->cancel_at && state == SD_BATCH_FILE_SIGNING)
    g_cancellable_cancel (run->cancellable);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Run *run = data;

  run->ok = sd_batch_run_finish (SD_BATCH (source), result, &run->error);
  run->done = TRUE;
}

static void
run_batch (SdBatch *batch,
           Run     *run)
{
  run->changes = g_ptr_array_new_with_free_func (g_free);
  if (run->cancellable == NULL)
    run->cancellable = g_cancellable_new ();
  g_signal_connect (batch, "file-changed", G_CALLBACK (on_file_changed), run);
  sd_batch_run_async (batch, run->cancellable, on_run_done, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  /* the last signals may come after the result */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Each file started said "signing" once, then how it ended, once; a file
 * that the batch never started only ends, as not signed; the ends came in
 * the files' order (the next files may start before one ends).  @n_ends:
 * the files not rejected. */
static void
assert_changes_in_order (GPtrArray *changes,
                         guint      n_files,
                         guint      n_ends)
{
  g_autofree guint *seen = g_new0 (guint, n_files);  /* 0, then the last state + 1 */
  int last_end = -1;
  guint ends = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      guint index, state;

      g_assert_cmpint (sscanf (g_ptr_array_index (changes, i), "%u:%u", &index, &state), ==, 2);
      g_assert_cmpuint (index, <, n_files);
      if (state == SD_BATCH_FILE_SIGNING)
        {
          g_assert_cmpuint (seen[index], ==, 0);
        }
      else
        {
          g_assert_true (seen[index] == SD_BATCH_FILE_SIGNING + 1
                         || (seen[index] == 0 && state == SD_BATCH_FILE_SKIPPED));
          g_assert_cmpint ((int) index, >, last_end);
          last_end = index;
          ends++;
        }
      seen[index] = state + 1;
    }
  g_assert_cmpuint (ends, ==, n_ends);
}

static void
run_clear (Run *run)
{
  g_clear_error (&run->error);
  g_clear_pointer (&run->changes, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
}

static void
assert_signed_copy (const char *output,
                    const char *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autofree char *in_data = NULL;
  g_autofree char *out_data = NULL;
  gsize in_len, out_len;
  SdSignatureReport *signature;

  report = sd_pdf_verify_file_with_flags (output, NULL, SD_VERIFY_OFFLINE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->signatures->len, ==, 1);
  signature = g_ptr_array_index (report->signatures, 0);
  g_assert_true (signature->digest_matches);
  g_assert_true (signature->signature_verifies);
  g_assert_true (signature->covers_whole_file);
  g_assert_false (signature->modified);
  /* an incremental update of the untouched input */
  g_assert_true (g_file_get_contents (input, &in_data, &in_len, NULL));
  g_assert_true (g_file_get_contents (output, &out_data, &out_len, NULL));
  g_assert_cmpuint (out_len, >, in_len);
  g_assert_cmpmem (out_data, in_len, in_data, in_len);
}

static guint
count_dir (const char *d)
{
  g_autoptr(GDir) listing = g_dir_open (d, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* Twenty files, the tenth corrupt, the fifth rejected: 18 signed, 1 failed,
 * 1 rejected; an output name taken beforehand is kept. */
static void
test_twenty (void)
{
  g_autofree char *in_dir = path ("twenty");
  g_autofree char *out_dir = path ("twenty-out");
  g_autofree char *taken = NULL;
  g_autofree char *taken_data = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SdSigner) signer = leaf_signer ();
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_name = NULL;
  Run run = { .cancel_at = -1 };
  JsonObject *root;
  JsonArray *files;

  g_assert_cmpint (g_mkdir_with_parents (in_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  for (guint i = 1; i <= 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("合同-%u.pdf", i);
      g_autofree char *file = g_build_filename (in_dir, name, NULL);

      if (i == 10)
        g_assert_true (g_file_set_contents (file, "%PDF-1.4\nthis is not a PDF at all\n", -1, NULL));
      else
        write_pdf (file, i, 100);
    }
  /* the folder as a file manager sorts it: 2 before 10 */
  listed = sd_batch_list_folder (in_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 20);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (listed, 1), "合同-2.pdf"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (listed, 9), "合同-10.pdf"));

  /* the third file's first name is taken */
  taken = sd_signed_file_path (g_ptr_array_index (listed, 2), out_dir);
  g_assert_true (g_file_set_contents (taken, "not to be overwritten", -1, NULL));

  batch = sd_batch_new (signer, options, out_dir);
  for (guint i = 0; i < listed->len; i++)
    g_assert_cmpuint (sd_batch_add_file (batch, g_ptr_array_index (listed, i)), ==, i);
  sd_batch_reject_file (batch, 4, "金额与合同不符");
  g_assert_cmpfloat (sd_batch_get_fraction (batch), ==, 0);
  run_batch (batch, &run);

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SIGNED), ==, 18);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_FAILED), ==, 1);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_REJECTED), ==, 1);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SKIPPED), ==, 0);
  g_assert_cmpfloat (sd_batch_get_fraction (batch), ==, 1);
  /* each file to sign said "signing" then how it ended; the ends came in
   * the files' order (the next files may start before one ends) */
  assert_changes_in_order (run.changes, 20, 19);
  g_assert_cmpuint (run.changes->len, ==, 2 * 19);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *input = sd_batch_dup_input (batch, i);
      g_autofree char *output = sd_batch_dup_output (batch, i);
      g_autofree char *reason = sd_batch_dup_reason (batch, i);

      if (i == 4)
        {
          g_assert_cmpint (sd_batch_get_file_state (batch, i), ==, SD_BATCH_FILE_REJECTED);
          g_assert_cmpstr (reason, ==, "金额与合同不符");
          g_assert_null (output);
        }
      else if (i == 9)
        {
          g_assert_cmpint (sd_batch_get_file_state (batch, i), ==, SD_BATCH_FILE_FAILED);
          g_assert_nonnull (reason);
          g_test_message ("the corrupt file: %s", reason);
          g_assert_null (output);
        }
      else
        {
          g_assert_cmpint (sd_batch_get_file_state (batch, i), ==, SD_BATCH_FILE_SIGNED);
          g_assert_null (reason);
          g_assert_true (g_str_has_prefix (output, out_dir));
          assert_signed_copy (output, input);
        }
    }
  /* the taken name kept, the third file's copy beside it */
  g_assert_true (g_file_get_contents (taken, &taken_data, NULL, NULL));
  g_assert_cmpstr (taken_data, ==, "not to be overwritten");
  signed_name = sd_batch_dup_output (batch, 2);
  g_assert_true (g_str_has_suffix (signed_name, " (2).pdf"));
  /* 18 copies and the taken name: nothing else */
  g_assert_cmpuint (count_dir (out_dir), ==, 19);
  /* signed copies are not listed as inputs again */
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = sd_batch_list_folder (out_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 0);

  /* the report, text */
  report_path = path ("report.txt");
  g_assert_true (sd_batch_save_report (batch, report_path, SD_BATCH_REPORT_TEXT, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (report_path, &text, NULL, NULL));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "18 files signed"));
  g_assert_nonnull (strstr (text, "1 file failed"));
  g_assert_nonnull (strstr (text, "1 file rejected"));
  g_assert_nonnull (strstr (text, "合同-5.pdf: 金额与合同不符"));
  g_assert_nonnull (strstr (text, "Failed: "));
  g_assert_nonnull (strstr (text, "合同-10.pdf: "));

  /* and JSON, replacing nothing but itself */
  json_path = path ("report.json");
  g_assert_true (sd_batch_save_report (batch, json_path, SD_BATCH_REPORT_JSON, &error));
  g_assert_true (sd_batch_save_report (batch, json_path, SD_BATCH_REPORT_JSON, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "signed"), ==, 18);
  g_assert_cmpint (json_object_get_int_member (root, "failed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "skipped"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (root, "output_dir"), ==, out_dir);
  files = json_object_get_array_member (root, "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 4), "state"),
                   ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 4), "reason"),
                   ==, "金额与合同不符");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 9), "state"),
                   ==, "failed");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (files, 9), "output"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 2), "output"),
                   ==, signed_name);
  run_clear (&run);
}

/* Cancelled while the first (large) file is being signed: nothing at all
 * is left in the output folder, and every file says why. */
static void
test_cancel (void)
{
  g_autofree char *out_dir = path ("cancel-out");
  g_autoptr(SdSigner) signer = leaf_signer ();
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = sd_batch_new (signer, options, out_dir);
  g_autofree char *reason = NULL;
  Run run = { .cancel_at = 0 };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("large-%u.pdf", i);
      g_autofree char *file = path (name);

      write_pdf (file, i, 64 * 1024 * 1024);
      sd_batch_add_file (batch, file);
    }
  run_batch (batch, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (run.ok);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SKIPPED), ==, 3);
  g_assert_cmpuint (count_dir (out_dir), ==, 0);
  reason = sd_batch_dup_reason (batch, 0);
  g_test_message ("the file being signed: %s", reason);
  g_assert_nonnull (strstr (reason, "nothing was written"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("large-%u.pdf", i);
      g_autofree char *file = path (name);

      g_unlink (file);
    }
  run_clear (&run);
}

/* What every file shares is broken (the seal image): the first file fails,
 * the batch stops there instead of failing the same way again and again. */
static void
test_stops_on_shared_failure (void)
{
  g_autofree char *out_dir = path ("stop-out");
  g_autofree char *not_png = path ("not-a-seal.png");
  g_autoptr(SdSigner) signer = leaf_signer ();
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Run run = { .cancel_at = -1 };

  g_assert_true (g_file_set_contents (not_png, "GIF89a", -1, NULL));
  g_free (options->seal_path);
  options->seal_path = g_strdup (not_png);
  batch = sd_batch_new (signer, options, out_dir);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("stop-%u.pdf", i);
      g_autofree char *file = path (name);

      write_pdf (file, i, 10);
      sd_batch_add_file (batch, file);
    }
  run_batch (batch, &run);
  g_assert_error (run.error, SD_ERROR, SD_ERROR_IMAGE);
  g_assert_cmpint (sd_batch_get_file_state (batch, 0), ==, SD_BATCH_FILE_FAILED);
  g_assert_cmpint (sd_batch_get_file_state (batch, 1), ==, SD_BATCH_FILE_SKIPPED);
  g_assert_cmpint (sd_batch_get_file_state (batch, 2), ==, SD_BATCH_FILE_SKIPPED);
  first = sd_batch_dup_reason (batch, 0);
  second = sd_batch_dup_reason (batch, 1);
  g_test_message ("%s / %s", first, second);
  g_assert_nonnull (strstr (second, first));
  g_assert_cmpuint (count_dir (out_dir), ==, 0);
  run_clear (&run);
}

static void
write_text_pdf (const char *file,
                const char *text)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (file, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 14);
  cairo_move_to (cr, 100, 700);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* 关键字签章 over a batch: each file is searched; one without the keyword
 * fails alone, saying so. */
static void
test_keyword (void)
{
  g_autofree char *out_dir = path ("keyword-out");
  g_autoptr(SdSigner) signer = leaf_signer ();
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = NULL;
  g_autofree char *reason = NULL;
  const char *texts[] = { "Party A (seal): ____", "No place for a seal here", "Party A (seal)" };
  Run run = { .cancel_at = -1 };

  options->mode = SD_SEAL_MODE_KEYWORD;
  batch = sd_batch_new (signer, options, out_dir);
  sd_batch_set_keyword (batch, "Party A (seal)", SD_TEXT_MATCH_FIRST, 0, sd_pdf_find_text);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("keyword-%u.pdf", i);
      g_autofree char *file = path (name);

      write_text_pdf (file, texts[i]);
      sd_batch_add_file (batch, file);
    }
  run_batch (batch, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (sd_batch_get_file_state (batch, 0), ==, SD_BATCH_FILE_SIGNED);
  g_assert_cmpint (sd_batch_get_file_state (batch, 1), ==, SD_BATCH_FILE_FAILED);
  g_assert_cmpint (sd_batch_get_file_state (batch, 2), ==, SD_BATCH_FILE_SIGNED);
  reason = sd_batch_dup_reason (batch, 1);
  g_assert_nonnull (strstr (reason, "Party A (seal)"));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i += 2)
    {
      g_autofree char *input = sd_batch_dup_input (batch, i);
      g_autofree char *output = sd_batch_dup_output (batch, i);

      assert_signed_copy (output, input);
    }
  run_clear (&run);
}

/* @n small PDFs "<prefix>-<i>.pdf" of different sizes, added to @batch */
static void
add_files (SdBatch    *batch,
           const char *prefix,
           guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u.pdf", prefix, i);
      g_autofree char *file = path (name);

      write_pdf (file, i, 100 + 1000 * i);
      sd_batch_add_file (batch, file);
    }
}

/* The digest of the bytes that @pdf's one signature covers */
static GBytes *
signed_range_digest (const char *pdf)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, range[4];
  const char *byte_range;

  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  byte_range = memmem (data, len, "/ByteRange [", strlen ("/ByteRange ["));
  g_assert_nonnull (byte_range);
  g_assert_cmpint (sscanf (byte_range + strlen ("/ByteRange ["),
                           "%" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT
                           " %" G_GSIZE_FORMAT, &range[0], &range[1], &range[2], &range[3]),
                   ==, 4);
  g_assert_cmpuint (range[0], ==, 0);
  g_assert_cmpuint (range[2] + range[3], ==, len);
  {
    g_autoptr(GByteArray) covered = g_byte_array_new ();
    GBytes *digest;

    g_byte_array_append (covered, (guint8 *) data, range[1]);
    g_byte_array_append (covered, (guint8 *) data + range[2], range[3]);
    digest = sd_digest_compute (SD_DIGEST_SHA256, covered->data, covered->len, &error);
    g_assert_no_error (error);
    return digest;
  }
}

static void
assert_only_outputs (const char *out_dir,
                     guint       n)
{
  g_autoptr(GDir) listing = g_dir_open (out_dir, 0, NULL);
  const char *name;
  guint found = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      /* no temporary file of an unfinished document is left */
      g_assert_false (name[0] == '.');
      found++;
    }
  g_assert_cmpuint (found, ==, n);
}

/* The pipeline: the key signs the documents one at a time, from one
 * thread, in the files' order (each signature covers the digest of its own
 * file), while other threads prepare and finish the neighbours; two
 * inputs of the same name get " (2)" though neither is written yet when
 * the second is named. */
static void
test_pipeline_order (void)
{
  g_autofree char *out_dir = path ("order-out");
  g_autofree char *other_dir = path ("order-other");
  g_autofree char *same_a = path ("same.pdf");
  g_autofree char *same_b = g_build_filename (other_dir, "same.pdf", NULL);
  g_autoptr(SdSigner) key = leaf_signer ();
  g_autoptr(SdWatchedSigner) watched = watched_signer_new (key);
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = sd_batch_new (SD_SIGNER (watched), options, out_dir);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Run run = { .cancel_at = -1 };
  const guint n = 14;

  add_files (batch, "order", n - 2);
  g_assert_cmpint (g_mkdir_with_parents (other_dir, 0700), ==, 0);
  write_pdf (same_a, 100, 10);
  write_pdf (same_b, 101, 10);
  sd_batch_add_file (batch, same_a);
  sd_batch_add_file (batch, same_b);
  run_batch (batch, &run);

  g_assert_no_error (run.error);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SIGNED), ==, n);
  assert_changes_in_order (run.changes, n, n);
  g_assert_cmpuint (watched->signed_data->len, ==, n);
  g_assert_true (watched->one_thread);
  g_assert_true (watched->thread != g_thread_self ());
  g_assert_false (watched->overlapped);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *input = sd_batch_dup_input (batch, i);
      g_autofree char *output = sd_batch_dup_output (batch, i);
      g_autoptr(GBytes) digest = NULL;
      gsize attrs_len;
      const guint8 *attrs = g_bytes_get_data (g_ptr_array_index (watched->signed_data, i),
                                              &attrs_len);

      assert_signed_copy (output, input);
      digest = signed_range_digest (output);
      g_assert_nonnull (memmem (attrs, attrs_len, g_bytes_get_data (digest, NULL),
                                g_bytes_get_size (digest)));
    }
  first = sd_batch_dup_output (batch, n - 2);
  second = sd_batch_dup_output (batch, n - 1);
  g_assert_true (g_str_has_suffix (first, "/same-signed.pdf"));
  g_assert_true (g_str_has_suffix (second, "/same-signed (2).pdf"));
  assert_only_outputs (out_dir, n);
  run_clear (&run);
}

/* The key fails (pulled out) at the fourth document, while the next ones
 * are already being prepared: the three before are signed, the fourth
 * failed, the rest are not signed and say why; the key is not tried again
 * and nothing of the prepared documents is left. */
static void
test_key_failure_mid_pipeline (void)
{
  g_autofree char *out_dir = path ("key-failure-out");
  g_autoptr(SdSigner) key = leaf_signer ();
  g_autoptr(SdWatchedSigner) watched = watched_signer_new (key);
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = sd_batch_new (SD_SIGNER (watched), options, out_dir);
  Run run = { .cancel_at = -1 };
  const guint n = 10;

  watched->fail_at = 4;
  add_files (batch, "key-failure", n);
  run_batch (batch, &run);

  g_assert_error (run.error, SD_ERROR, SD_ERROR_TOKEN_REMOVED);
  g_assert_false (run.ok);
  g_assert_cmpuint (watched->signed_data->len, ==, 4);
  assert_changes_in_order (run.changes, n, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *reason = sd_batch_dup_reason (batch, i);
      g_autofree char *output = sd_batch_dup_output (batch, i);
      SdBatchFileState state = sd_batch_get_file_state (batch, i);

      if (i < 3)
        {
          g_autofree char *input = sd_batch_dup_input (batch, i);

          g_assert_cmpint (state, ==, SD_BATCH_FILE_SIGNED);
          assert_signed_copy (output, input);
        }
      else if (i == 3)
        {
          g_assert_cmpint (state, ==, SD_BATCH_FILE_FAILED);
          g_assert_cmpstr (reason, ==, "The key was removed");
        }
      else
        {
          g_assert_cmpint (state, ==, SD_BATCH_FILE_SKIPPED);
          g_assert_nonnull (strstr (reason, "The key was removed"));
          g_assert_null (output);
        }
    }
  assert_only_outputs (out_dir, 3);
  run_clear (&run);
}

/* Cancelled just after the key signed the sixth document: the rule is
 * that a cancel is obeyed until a document is renamed into place.  So the
 * sixth is not written though its signature was made, the documents before
 * it are signed up to the one being finished when the cancel came, every
 * later one says it was cancelled, and no temporary file is left. */
static void
test_cancel_mid_pipeline (void)
{
  g_autofree char *out_dir = path ("cancel-mid-out");
  g_autoptr(SdSigner) key = leaf_signer ();
  g_autoptr(SdWatchedSigner) watched = watched_signer_new (key);
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(SdBatch) batch = sd_batch_new (SD_SIGNER (watched), options, out_dir);
  g_autofree char *sixth = NULL;
  Run run = { .cancel_at = -1, .cancellable = g_cancellable_new () };
  const guint n = 12;
  guint n_signed;

  watched->cancel_at = 6;
  watched->cancellable = g_object_ref (run.cancellable);
  add_files (batch, "cancel-mid", n);
  run_batch (batch, &run);

  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* the key signs nothing after the cancel */
  g_assert_cmpuint (watched->signed_data->len, ==, 6);
  sixth = sd_batch_dup_reason (batch, 5);
  g_assert_cmpint (sd_batch_get_file_state (batch, 5), ==, SD_BATCH_FILE_SKIPPED);
  g_assert_nonnull (strstr (sixth, "nothing was written"));
  n_signed = sd_batch_count (batch, SD_BATCH_FILE_SIGNED);
  g_test_message ("signed before the cancel: %u", n_signed);
  g_assert_cmpuint (n_signed, <=, 5);
  g_assert_cmpuint (sd_batch_count (batch, SD_BATCH_FILE_SKIPPED), ==, n - n_signed);
  assert_changes_in_order (run.changes, n, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *input = sd_batch_dup_input (batch, i);
      g_autofree char *output = sd_batch_dup_output (batch, i);
      g_autofree char *reason = sd_batch_dup_reason (batch, i);

      if (i < n_signed)
        {
          g_assert_cmpint (sd_batch_get_file_state (batch, i), ==, SD_BATCH_FILE_SIGNED);
          assert_signed_copy (output, input);
        }
      else
        {
          g_assert_cmpint (sd_batch_get_file_state (batch, i), ==, SD_BATCH_FILE_SKIPPED);
          g_assert_nonnull (strstr (reason, "Cancelled"));
        }
    }
  assert_only_outputs (out_dir, n_signed);
  run_clear (&run);
}

/* One document: a cancel after the key signed, before the rename, leaves
 * no output either. */
static void
test_single_cancel_after_signature (void)
{
  g_autofree char *out_dir = path ("single-out");
  g_autofree char *input = path ("single.pdf");
  g_autofree char *output = g_build_filename (out_dir, "single-signed.pdf", NULL);
  g_autoptr(SdSigner) key = leaf_signer ();
  g_autoptr(SdWatchedSigner) watched = watched_signer_new (key);
  g_autoptr(SdSignOptions) options = single_page_options ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  write_pdf (input, 1, 10);
  watched->cancel_at = 1;
  watched->cancellable = g_object_ref (cancellable);
  g_assert_false (sd_pdf_sign_file (input, output, SD_SIGNER (watched), options, cancellable,
                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (watched->signed_data->len, ==, 1);
  assert_only_outputs (out_dir, 0);
}

/* The naming rule: next to the input, or in a folder; never a name taken */
static void
test_signed_names (void)
{
  g_autofree char *input = path ("名字.v2.pdf");
  g_autofree char *first = sd_signed_file_path (input, NULL);
  g_autofree char *second = NULL;
  g_autofree char *elsewhere = sd_signed_file_path (input, "/nonexistent/out");

  g_assert_true (g_str_has_suffix (first, "/名字.v2-signed.pdf"));
  g_assert_true (g_str_has_prefix (first, dir));
  g_assert_cmpstr (elsewhere, ==, "/nonexistent/out/名字.v2-signed.pdf");
  /* a dangling link takes the name too */
  g_assert_cmpint (symlink ("/nonexistent/target", first), ==, 0);
  second = sd_signed_file_path (input, NULL);
  g_assert_true (g_str_has_suffix (second, "/名字.v2-signed (2).pdf"));
  g_unlink (first);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!test_keys_available ())
    {
      g_test_skip ("the openssl tool is needed");
      return 77;
    }
  dir = g_dir_make_tmp ("sd-batch-XXXXXX", NULL);
  make_seal ();

  g_test_add_func ("/batch/twenty", test_twenty);
  g_test_add_func ("/batch/cancel", test_cancel);
  g_test_add_func ("/batch/stops-on-shared-failure", test_stops_on_shared_failure);
  g_test_add_func ("/batch/keyword", test_keyword);
  g_test_add_func ("/batch/signed-names", test_signed_names);
  g_test_add_func ("/batch/pipeline-order", test_pipeline_order);
  g_test_add_func ("/batch/key-failure-mid-pipeline", test_key_failure_mid_pipeline);
  g_test_add_func ("/batch/cancel-mid-pipeline", test_cancel_mid_pipeline);
  g_test_add_func ("/batch/single-cancel-after-signature", test_single_cancel_after_signature);
  status = g_test_run ();

  test_keys_cleanup ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (seal);
  g_free (dir);
  return status;
}
