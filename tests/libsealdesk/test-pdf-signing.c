/* test-pdf-signing.c: sd_pdf_sign_file() and its promises: the input is
 * never touched, the output appears whole or not at all, a seal used twice
 * is embedded once, /Contents is sized to the signature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-pdf-document.h"
#include "sd-pdf-fields.h"
#include "sd-pdf-signing.h"
#include "sd-pdf-unseal.h"
#include "sd-pdf-verify.h"
#include "sd-seal-drawing.h"
#include "test-keys.h"

static char *dir;
static char *input;
static char *seal;

static char *
path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
make_input (void)
{
  const char *bodies[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Rotate 270 >>",
  };
  g_autoptr(GString) s = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (bodies)], xref_at;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      offsets[i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
  xref_at = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f\r\n", (guint) G_N_ELEMENTS (bodies) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_string_append_printf (s, "%010lu 00000 n\r\n", (gulong) offsets[i]);
  g_string_append_printf (s, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (bodies) + 1, (gulong) xref_at);
  input = path ("in.pdf");
  g_assert_true (g_file_set_contents (input, s->str, s->len, NULL));
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
rsa_signer (void)
{
  g_autoptr(GError) error = NULL;
  SdSigner *signer = sd_key_file_signer_new_from_pem (test_keys_path ("rsa.key"), NULL,
                                                      test_keys_path ("rsa.crt"), NULL, &error);

  g_assert_no_error (error);
  return signer;
}

static SdSignOptions *
options_at (guint  page,
            double x,
            double y)
{
  SdSignOptions *o = sd_sign_options_new ();

  o->page = page;
  o->x_mm = x;
  o->y_mm = y;
  o->width_mm = 40;
  o->seal_path = g_strdup (seal);
  o->reason = g_strdup ("合同盖章");
  return o;
}

static GBytes *
read_all (const char *p)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (p, &data, &len, NULL));
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

static guint
count (GBytes     *bytes,
       const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *p = data;
  guint n = 0;

  while ((p = memmem (p, len - (p - data), needle, strlen (needle))) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

static guint
count_files (void)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_twice (void)
{
  g_autoptr(SdSigner) signer = rsa_signer ();
  g_autoptr(SdSignOptions) o1 = options_at (0, 20, 30);
  g_autoptr(SdSignOptions) o2 = options_at (1, 100, 20);
  g_autofree char *out1 = path ("once.pdf");
  g_autofree char *out2 = path ("twice.pdf");
  g_autoptr(GBytes) before = read_all (input);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) b1 = NULL;
  g_autoptr(GBytes) b2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  SdPdfFieldInfo *f1, *f2;

  g_assert_true (sd_pdf_sign_file (input, out1, signer, o1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_pdf_sign_file (out1, out2, signer, o2, NULL, &error));
  g_assert_no_error (error);

  after = read_all (input);
  g_assert_true (g_bytes_equal (before, after));
  b1 = read_all (out1);
  b2 = read_all (out2);
  /* Each output starts with its input's bytes exactly. */
  g_assert_cmpmem (g_bytes_get_data (b1, NULL), g_bytes_get_size (before),
                   g_bytes_get_data (before, NULL), g_bytes_get_size (before));
  g_assert_cmpmem (g_bytes_get_data (b2, NULL), g_bytes_get_size (b1),
                   g_bytes_get_data (b1, NULL), g_bytes_get_size (b1));
  /* The seal's image and its mask are embedded once for both seals. */
  g_assert_cmpuint (count (b2, "/Subtype /Image"), ==, 2);

  doc = sd_pdf_document_new_from_file (out2, &error);
  g_assert_no_error (error);
  fields = sd_pdf_document_list_fields (doc);
  g_assert_cmpuint (fields->len, ==, 2);
  f1 = g_ptr_array_index (fields, 0);
  f2 = g_ptr_array_index (fields, 1);
  g_assert_cmpstr (f1->name, ==, "Signature1");
  g_assert_cmpstr (f2->name, ==, "Signature2");
  g_assert_cmpint (f1->page, ==, 0);
  g_assert_cmpint (f2->page, ==, 1);
  g_assert_cmpstr (f1->subfilter, ==, "ETSI.CAdES.detached");
  g_assert_cmpstr (f1->reason, ==, "合同盖章");
  /* The first signature covers the first output, the second everything. */
  g_assert_cmpint (f1->byte_range[0], ==, 0);
  g_assert_cmpint (f1->byte_range[2] + f1->byte_range[3], ==, g_bytes_get_size (b1));
  g_assert_cmpint (f2->byte_range[2] + f2->byte_range[3], ==, g_bytes_get_size (b2));
  /* The gap is exactly the /Contents hex string, with its brackets. */
  g_assert_cmpint (f2->byte_range[2] - f2->byte_range[1], ==, 2 * f2->contents_size + 2);

  /* /Contents holds the DER and a few bytes of padding at most. */
  {
    const guint8 *cms = (const guint8 *) g_bytes_get_data (b2, NULL);
    gsize der_len;
    guint8 head[4];

    for (guint i = 0; i < 4; i++)
      {
        char hex[3] = { cms[f2->byte_range[1] + 1 + 2 * i], cms[f2->byte_range[1] + 2 + 2 * i], 0 };
        head[i] = (guint8) g_ascii_strtoull (hex, NULL, 16);
      }
    g_assert_cmpuint (head[0], ==, 0x30);
    g_assert_cmpuint (head[1], ==, 0x82);
    der_len = 4 + ((head[2] << 8) | head[3]);
    g_assert_cmpuint (der_len, <=, f2->contents_size);
    g_assert_cmpuint (f2->contents_size - der_len, <, 16);
  }
}

/* 撤章 of the second seal of twice.pdf: what goes is said (the field, its
 * signer, its time), and the document goes back to once.pdf */
static void
test_unseal_plan (void)
{
  g_autofree char *out1 = path ("once.pdf");
  g_autofree char *out2 = path ("twice.pdf");
  g_autoptr(GBytes) b1 = read_all (out1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (out2, &error);
  g_autoptr(SdUnsealPlan) plan = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SdUnsealRevision *r;

  g_assert_no_error (error);
  plan = sd_pdf_unseal_plan_new (doc, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->keep, ==, g_bytes_get_size (b1));
  g_assert_true (plan->safe);
  g_assert_cmpuint (plan->removed->len, ==, 1);
  r = g_ptr_array_index (plan->removed, 0);
  g_assert_cmpstr (r->field, ==, "Signature2");
  g_assert_nonnull (r->signer);
  g_assert_true (r->ours);
  /* /M is written when signing, a moment ago */
  g_assert_nonnull (r->time);
  g_assert_cmpint (ABS (g_date_time_difference (now, r->time)), <, 10 * 60 * G_TIME_SPAN_SECOND);
}

static void
test_existing_output (void)
{
  g_autoptr(SdSigner) signer = rsa_signer ();
  g_autoptr(SdSignOptions) o = options_at (0, 20, 30);
  g_autofree char *out = path ("exists.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) kept = NULL;
  guint files;

  g_assert_true (g_file_set_contents (out, "keep me", -1, NULL));
  files = count_files ();
  g_assert_false (sd_pdf_sign_file (input, out, signer, o, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_EXISTS);
  kept = read_all (out);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "keep me", 7);
  g_assert_cmpuint (count_files (), ==, files);
  g_clear_error (&error);

  o->overwrite = TRUE;
  g_assert_true (sd_pdf_sign_file (input, out, signer, o, NULL, &error));
  g_assert_no_error (error);

  /* Never onto the input, even when overwriting is allowed. */
  g_assert_false (sd_pdf_sign_file (input, input, signer, o, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
}

static void
test_nothing_left_on_failure (void)
{
  g_autoptr(SdSigner) signer = rsa_signer ();
  g_autoptr(SdSignOptions) outside = options_at (0, 190, 30);
  g_autoptr(SdSignOptions) o = options_at (0, 20, 30);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out = path ("never.pdf");
  g_autoptr(GError) error = NULL;
  guint files = count_files ();

  /* A seal that does not fit: refused before anything is written. */
  g_assert_false (sd_pdf_sign_file (input, out, signer, outside, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Cancelled while copying: the temporary file goes away. */
  g_cancellable_cancel (cancellable);
  g_assert_false (sd_pdf_sign_file (input, out, signer, o, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (), ==, files);
}

static void
test_docmdp (void)
{
  g_autoptr(SdSigner) signer = rsa_signer ();
  g_autoptr(SdSignOptions) o = options_at (0, 20, 30);
  g_autofree char *certified = path ("certified-p1.pdf");
  g_autofree char *again = path ("certified-p1-again.pdf");
  g_autoptr(GError) error = NULL;

  o->certify = 1;
  g_assert_true (sd_pdf_sign_file (input, certified, signer, o, NULL, &error));
  g_assert_no_error (error);
  o->certify = 0;
  g_assert_false (sd_pdf_sign_file (certified, again, signer, o, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PDF_LOCKED);
  g_assert_false (g_file_test (again, G_FILE_TEST_EXISTS));
}

/* @tool's output on @file; FALSE when it is not installed */
static gboolean
run_tool (const char *tool,
          const char *arg,
          const char *file,
          char      **out)
{
  g_autofree char *program = g_find_program_in_path (tool);
  const char *argv[] = { program, arg != NULL ? arg : file, arg != NULL ? file : NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (program == NULL)
    {
      g_test_message ("%s is not installed", tool);
      return FALSE;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s", tool, *out);
  return TRUE;
}

/* 连续签章: the seal put three times (twice on the first page, once on the
 * rotated second) is one signature with three widgets, where they were put */
static void
test_continuous (void)
{
  g_autoptr(SdSigner) signer = rsa_signer ();
  g_autoptr(SdSignOptions) o = options_at (0, 0, 0);
  g_autofree char *out = path ("continuous.pdf");
  g_autofree char *refused = path ("continuous-refused.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *qpdf = NULL;
  g_autofree char *pdfsig = NULL;
  SdSignatureReport *signature;
  const SdSealPlacement spots[] = {
    { .page = 0, .x_mm = 20, .y_mm = 30 },
    { .page = 0, .x_mm = 120, .y_mm = 220 },
    { .page = 1, .x_mm = 30, .y_mm = 40 },
  };
  const char *p;
  guint n_valid = 0;

  o->placements = g_array_new (FALSE, FALSE, sizeof (SdSealPlacement));
  g_array_append_vals (o->placements, spots, G_N_ELEMENTS (spots));
  g_assert_true (sd_pdf_sign_file (input, out, signer, o, NULL, &error));
  g_assert_no_error (error);

  doc = sd_pdf_document_new_from_file (out, &error);
  g_assert_no_error (error);
  fields = sd_pdf_document_list_fields (doc);
  g_assert_cmpuint (fields->len, ==, 1);
  report = sd_pdf_verify_file (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->signatures->len, ==, 1);
  signature = g_ptr_array_index (report->signatures, 0);
  g_assert_cmpint (signature->status, ==, SD_SIGNATURE_VALID);
  g_assert_true (signature->covers_whole_file);
  g_assert_cmpuint (signature->n_widgets, ==, 3);

  if (run_tool ("qpdf", "--check", out, &qpdf))
    g_assert_nonnull (strstr (qpdf, "No syntax or stream encoding errors"));
  /* pdfsig lists the signature once per widget */
  if (run_tool ("pdfsig", NULL, out, &pdfsig))
    {
      for (p = pdfsig; (p = strstr (p, "Signature is Valid")) != NULL; p++)
        n_valid++;
      g_assert_cmpuint (n_valid, ==, 3);
      g_assert_null (strstr (pdfsig, "Signature is Invalid"));
    }

  /* nowhere to put it */
  g_array_set_size (o->placements, 0);
  g_assert_false (sd_pdf_sign_file (input, refused, signer, o, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* a page the document does not have */
  g_array_append_val (o->placements, ((SdSealPlacement) { .page = 5, .x_mm = 10, .y_mm = 10 }));
  g_assert_false (sd_pdf_sign_file (input, refused, signer, o, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("page 6: %s", error->message);
  g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GError  *error;
  gboolean done;
} AsyncResult;

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *r = user_data;

  sd_pdf_sign_file_finish (result, &r->error);
  r->done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(SdSigner) signer = rsa_signer ();
  g_autoptr(SdSignOptions) o = options_at (1, 10, 10);
  g_autofree char *out = path ("async.pdf");
  AsyncResult r = { NULL, FALSE };

  o->flavor = SD_CMS_FLAVOR_PKCS7;
  o->text = g_strdup ("张三 2026-11-22");
  sd_pdf_sign_file_async (input, out, signer, o, NULL, signed_cb, &r);
  /* The options may go away as soon as the call returns. */
  g_clear_pointer (&o, sd_sign_options_free);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!test_keys_available ())
    {
      g_test_skip ("the openssl tool is missing");
      return g_test_run ();
    }
  dir = g_dir_make_tmp ("sealdesk-signing-XXXXXX", NULL);
  make_input ();
  make_seal ();
  g_test_add_func ("/pdf/signing/twice", test_twice);
  g_test_add_func ("/pdf/signing/unseal-plan", test_unseal_plan);
  g_test_add_func ("/pdf/signing/existing-output", test_existing_output);
  g_test_add_func ("/pdf/signing/nothing-left-on-failure", test_nothing_left_on_failure);
  g_test_add_func ("/pdf/signing/docmdp", test_docmdp);
  g_test_add_func ("/pdf/signing/async", test_async);
  g_test_add_func ("/pdf/signing/continuous", test_continuous);
  ret = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = path (name);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
  test_keys_cleanup ();
  return ret;
}
