/* test-pdf-verify-report.c: what the verifier reports for a signature
 * panel: where each signature shows on its displayed page, the SHA-256
 * fingerprints, the root its chain ends at, and the user's trust
 * directory that trusting that root writes to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-openssl.h"
#include "sd-pdf-signing.h"
#include "sd-pdf-verify.h"
#include "sd-seal-drawing.h"
#include "test-keys.h"

static char *dir;
static char *signed_pdf;

static char *
path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* Page 1 upright, page 2 shown turned (landscape MediaBox, /Rotate 270) */
static char *
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
  char *input = path ("in.pdf");

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
  g_assert_true (g_file_set_contents (input, s->str, s->len, NULL));
  return input;
}

/* Signed by leaf.crt (root → intermediate → leaf, the chain in the
 * signature) on page 2, 20 mm from the left and 30 mm from the top */
static void
make_signed (void)
{
  g_autofree char *input = make_input ();
  g_autofree char *seal = path ("seal.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(SdSignOptions) o = sd_sign_options_new ();
  SdSealSpec spec;

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "某某科技有限公司";
  spec.px_per_mm = 4;
  g_assert_true (sd_seal_save_png (&spec, seal, TRUE, &error));
  g_assert_no_error (error);
  signer = sd_key_file_signer_new_from_pem (test_keys_path ("leaf.key"), NULL,
                                            test_keys_path ("leaf.crt"),
                                            test_keys_path ("chain.pem"), &error);
  g_assert_no_error (error);
  o->page = 1;
  o->x_mm = 20;
  o->y_mm = 30;
  o->width_mm = 40;
  o->seal_path = g_strdup (seal);
  signed_pdf = path ("signed.pdf");
  g_assert_true (sd_pdf_sign_file (input, signed_pdf, signer, o, NULL, &error));
  g_assert_no_error (error);
}

/* The fingerprint as `openssl x509 -fingerprint -sha256` prints it */
static char *
openssl_fingerprint (const char *cert)
{
  g_autofree char *out = NULL;
  g_autofree char *command = g_strdup_printf ("openssl x509 -noout -fingerprint -sha256 -in '%s'",
                                              cert);
  g_autoptr(GError) error = NULL;
  const char *eq;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  eq = strchr (out, '=');
  g_assert_nonnull (eq);
  return g_strstrip (g_strdup (eq + 1));
}

static SdVerifyReport *
verify (SdTrustStore *trust)
{
  g_autoptr(GError) error = NULL;
  SdVerifyReport *report = sd_pdf_verify_file_with_flags (signed_pdf, trust, SD_VERIFY_OFFLINE,
                                                          NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->signatures->len, ==, 1);
  return report;
}

static void
test_place (void)
{
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (FALSE);
  g_autoptr(SdVerifyReport) report = verify (trust);
  SdSignatureReport *r = report->signatures->pdata[0];

  g_assert_cmpint (r->page, ==, 1);
  g_assert_true (r->has_place);
  /* back where it was placed on the turned page, as it is displayed */
  g_assert_cmpfloat_with_epsilon (r->x_mm, 20, 0.01);
  g_assert_cmpfloat_with_epsilon (r->y_mm, 30, 0.01);
  g_assert_cmpfloat_with_epsilon (r->width_mm, 40, 0.01);
  g_assert_cmpfloat (r->height_mm, >, 10);
}

static void
test_fingerprints (void)
{
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (FALSE);
  g_autoptr(SdVerifyReport) report = verify (trust);
  SdSignatureReport *r = report->signatures->pdata[0];
  g_autofree char *leaf = openssl_fingerprint (test_keys_path ("leaf.crt"));
  g_autofree char *root = openssl_fingerprint (test_keys_path ("root.crt"));
  g_autoptr(X509) root_cert = sd_certificate_load_file (test_keys_path ("root.crt"), NULL);
  g_autoptr(GBytes) root_der = sd_certificate_to_der (root_cert, NULL);

  g_assert_cmpstr (r->fingerprint, ==, leaf);
  /* untrusted, yet the root is known: the signature carries it */
  g_assert_cmpint (r->trust, ==, SD_TRUST_UNTRUSTED);
  g_assert_cmpint (r->verdict, ==, SD_VERDICT_UNTRUSTED);
  g_assert_cmpuint (r->chain->len, ==, 3);
  g_assert_nonnull (r->root_certificate);
  g_assert_true (g_bytes_equal (r->root_certificate, root_der));
  g_assert_cmpstr (r->root_fingerprint, ==, root);
  g_assert_nonnull (strstr (r->root_subject, "SealDesk Test Root CA"));
}

/* A chain that stops at an intermediate offers no root to trust */
static void
test_no_root_without_it (void)
{
  g_autofree char *input = make_input ();
  g_autofree char *out = path ("no-root.pdf");
  g_autofree char *seal = path ("seal.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = sd_key_file_signer_new_from_pem (test_keys_path ("leaf.key"), NULL,
                                                                test_keys_path ("leaf.crt"),
                                                                test_keys_path ("inter.crt"),
                                                                &error);
  g_autoptr(SdSignOptions) o = sd_sign_options_new ();
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (FALSE);
  g_autoptr(SdVerifyReport) report = NULL;
  SdSignatureReport *r;

  g_assert_no_error (error);
  o->width_mm = 30;
  o->seal_path = g_strdup (seal);
  g_assert_true (sd_pdf_sign_file (input, out, signer, o, NULL, &error));
  g_assert_no_error (error);
  report = sd_pdf_verify_file_with_flags (out, trust, SD_VERIFY_OFFLINE, NULL, &error);
  g_assert_no_error (error);
  r = report->signatures->pdata[0];
  g_assert_cmpint (r->trust, ==, SD_TRUST_UNTRUSTED);
  g_assert_null (r->root_certificate);
  g_assert_null (r->root_fingerprint);
}

/* The last @needle in @len bytes that may hold NULs (g_strrstr_len stops at one) */
static const char *
find_last (const char *data,
           gsize       len,
           const char *needle)
{
  const char *found = NULL, *p = data;

  while ((p = memmem (p, len - (p - data), needle, strlen (needle))) != NULL)
    found = p++;
  return found;
}

/* Each signature's own verdict: the first, signed again over, stays
 * valid; page content changed after the second makes that one modified,
 * and any signature broken is invalid whatever came after */
static void
test_verdicts (void)
{
  g_autofree char *twice = path ("twice.pdf");
  g_autofree char *altered = path ("altered.pdf");
  g_autofree char *seal = path ("seal.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = sd_key_file_signer_new_from_pem (test_keys_path ("leaf.key"), NULL,
                                                                test_keys_path ("leaf.crt"),
                                                                test_keys_path ("chain.pem"),
                                                                &error);
  g_autoptr(SdSignOptions) o = sd_sign_options_new ();
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (FALSE);
  g_autoptr(X509) root = sd_certificate_load_file (test_keys_path ("root.crt"), NULL);
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GString) data = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  sd_trust_store_add_cert (trust, root);
  o->width_mm = 30;
  o->seal_path = g_strdup (seal);
  g_assert_true (sd_pdf_sign_file (signed_pdf, twice, signer, o, NULL, &error));
  g_assert_no_error (error);

  /* page 1 gets content of its own in an incremental update: its latest
   * dictionary again, with /Contents */
  g_assert_true (g_file_get_contents (twice, &contents, &len, NULL));
  data = g_string_new_len (contents, len);
  {
    const char *startxref = find_last (contents, len, "startxref");
    const char *size_at = find_last (contents, len, "/Size ");
    const char *page = find_last (contents, len, "\n3 0 obj");
    const char *page_end = page ? memmem (page, len - (page - contents), "endobj", 6) : NULL;
    const char *dict_end = NULL;
    guint64 prev;
    gsize page_at, stream_at, xref_at;
    guint size;

    g_assert_nonnull (startxref);
    g_assert_nonnull (size_at);
    g_assert_nonnull (page_end);
    dict_end = find_last (page, page_end - page, ">>");
    g_assert_nonnull (dict_end);
    prev = g_ascii_strtoull (startxref + strlen ("startxref"), NULL, 10);
    size = (guint) g_ascii_strtoull (size_at + strlen ("/Size "), NULL, 10);
    page_at = data->len + 1;
    g_string_append_len (data, page, dict_end - page);
    g_string_append (data, "/Contents 1000 0 R>>\nendobj\n");
    stream_at = data->len;
    g_string_append (data, "1000 0 obj\n<< /Length 18 >>\nstream\n0 0 100 100 re f\n\nendstream\nendobj\n");
    xref_at = data->len;
    g_string_append_printf (data, "xref\n3 1\n%010lu 00000 n\r\n1000 1\n%010lu 00000 n\r\n"
                            "trailer\n<< /Size %u /Root 1 0 R /Prev %lu >>\nstartxref\n%lu\n%%%%EOF\n",
                            (gulong) page_at, (gulong) stream_at, MAX (size, 1001),
                            (gulong) prev, (gulong) xref_at);
  }
  g_assert_true (g_file_set_contents (altered, data->str, data->len, NULL));

  report = sd_pdf_verify_file_with_flags (twice, trust, SD_VERIFY_OFFLINE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->signatures->len, ==, 2);
  g_assert_cmpint (((SdSignatureReport *) report->signatures->pdata[0])->verdict, ==, SD_VERDICT_VALID);
  g_assert_cmpint (((SdSignatureReport *) report->signatures->pdata[1])->verdict, ==, SD_VERDICT_VALID);
  g_clear_pointer (&report, sd_verify_report_free);

  report = sd_pdf_verify_file_with_flags (altered, trust, SD_VERIFY_OFFLINE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->verdict, ==, SD_VERDICT_MODIFIED);
  g_assert_cmpint (((SdSignatureReport *) report->signatures->pdata[1])->verdict, ==, SD_VERDICT_MODIFIED);
  g_assert_true (((SdSignatureReport *) report->signatures->pdata[1])->changes_after & SD_CHANGE_OTHER);
}

static guint
count_files (const char *d)
{
  g_autoptr(GDir) listing = g_dir_open (d, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* Trusting the root: saved in the user's directory, then trusted */
static void
test_trust_dir (void)
{
  g_autofree char *trust_dir = path ("trusted/roots");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTrustStore) before = sd_trust_store_new (FALSE);
  g_autoptr(SdTrustStore) after = sd_trust_store_new (FALSE);
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(SdVerifyReport) again = NULL;
  g_autoptr(X509) leaf = sd_certificate_load_file (test_keys_path ("leaf.crt"), NULL);
  g_autoptr(GBytes) leaf_der = sd_certificate_to_der (leaf, NULL);
  g_autofree char *root = openssl_fingerprint (test_keys_path ("root.crt"));
  g_autofree char *lower = NULL;
  g_auto(GStrv) pairs = NULL;
  g_autofree char *name = NULL;
  g_autofree char *saved = NULL;
  SdSignatureReport *r;
  GStatBuf st;

  /* nothing trusted yet: no directory is no error */
  g_assert_true (sd_trust_store_add_user_dir (before, trust_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_trust_store_get_n_roots (before), ==, 0);
  report = verify (before);
  r = report->signatures->pdata[0];
  g_assert_cmpint (r->trust, ==, SD_TRUST_UNTRUSTED);

  g_assert_true (sd_trust_dir_add_root (trust_dir, r->root_certificate, &error));
  g_assert_no_error (error);
  /* private to the user, one file named by the fingerprint */
  g_assert_cmpint (g_stat (trust_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpuint (count_files (trust_dir), ==, 1);
  lower = g_ascii_strdown (root, -1);
  pairs = g_strsplit (lower, ":", -1);
  name = g_strjoinv ("", pairs);
  saved = g_strconcat (trust_dir, "/", name, ".pem", NULL);
  g_assert_true (g_file_test (saved, G_FILE_TEST_IS_REGULAR));
  /* twice is once */
  g_assert_true (sd_trust_dir_add_root (trust_dir, r->root_certificate, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (trust_dir), ==, 1);

  g_assert_true (sd_trust_store_add_user_dir (after, trust_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_trust_store_get_n_roots (after), ==, 1);
  again = verify (after);
  r = again->signatures->pdata[0];
  g_assert_cmpint (r->trust, ==, SD_TRUST_TRUSTED);
  g_assert_cmpint (r->verdict, ==, SD_VERDICT_VALID);
  g_assert_cmpint (again->verdict, ==, SD_VERDICT_VALID);

  /* a signer's own certificate is no root */
  g_assert_false (sd_trust_dir_add_root (trust_dir, leaf_der, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_KEY);
  g_assert_cmpuint (count_files (trust_dir), ==, 1);
}

static void
test_empty_trust_dir (void)
{
  g_autofree char *empty = path ("empty");
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_assert_true (sd_trust_store_add_user_dir (trust, empty, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_trust_store_get_n_roots (trust), ==, 0);
}

static void
rm_rf (const char *d)
{
  g_autoptr(GDir) listing = g_dir_open (d, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *p = g_build_filename (d, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_unlink (p);
    }
  g_rmdir (d);
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
  dir = g_dir_make_tmp ("sealdesk-verify-report-XXXXXX", NULL);
  make_signed ();
  g_test_add_func ("/pdf/verify-report/place", test_place);
  g_test_add_func ("/pdf/verify-report/fingerprints", test_fingerprints);
  g_test_add_func ("/pdf/verify-report/no-root-without-it", test_no_root_without_it);
  g_test_add_func ("/pdf/verify-report/verdicts", test_verdicts);
  g_test_add_func ("/pdf/verify-report/trust-dir", test_trust_dir);
  g_test_add_func ("/pdf/verify-report/empty-trust-dir", test_empty_trust_dir);
  ret = g_test_run ();

  rm_rf (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&signed_pdf, g_free);
  test_keys_cleanup ();
  return ret;
}
