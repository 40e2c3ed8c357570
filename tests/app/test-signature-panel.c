/* test-signature-panel.c: the signature panel (验章), driven in-process:
 * documents signed here with libsealdesk by a certificate of a root made
 * here by openssl, then opened in the workstation: untrusted, the root
 * trusted from the panel, valid; the certificate details; a page changed
 * after signing (modified, with what changed); a signed byte altered
 * (invalid); a row shows its seal on page 3; the panel hidden by its
 * action and shown again when the document is reopened
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

#include "sd-key-file-signer.h"
#include "sd-pdf-signing.h"

#include "sd-certificate-details.h"
#include "sd-signature-panel.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "sd-window-private.h"
#include "sd-workstation.h"

/* where the seal is signed: page 3, its top-left corner, its width */
#define SEAL_PAGE 2
#define SEAL_X_MM 100.0
#define SEAL_Y_MM 180.0
#define SEAL_W_MM 40.0

static SdWindow *window;
static char *work_dir;
static char *trust_dir;
static char *root_fingerprint;
static char *signer_fingerprint;
static char *signed_path, *signed_again_path, *modified_path, *invalid_path;

static GdkTexture *
screenshot (gpointer    toplevel,
            const char *name)
{
  g_autofree char *file = g_strconcat ("signature-panel-", name, NULL);

  return sd_test_screenshot (toplevel, file);
}

static char *
in_work_dir (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

/* Three A4 pages, each with a black block (its own content stream, objects
 * 6–8), written by hand so that the updates below know the objects */
static char *
make_pdf (void)
{
  g_autoptr(GString) s = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  const char *content = "0 0 0 rg 100 642 200 100 re f\n";
  g_autofree char *path = in_work_dir ("合同.pdf");
  gsize offsets[8], xref_at;

  offsets[0] = s->len;
  g_string_append (s, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[1] = s->len;
  g_string_append (s, "2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>\nendobj\n");
  for (guint i = 0; i < 3; i++)
    {
      offsets[2 + i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                              "/Contents %u 0 R >>\nendobj\n", 3 + i, 6 + i);
    }
  for (guint i = 0; i < 3; i++)
    {
      offsets[5 + i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n<< /Length %u >>\nstream\n%sendstream\nendobj\n",
                              6 + i, (guint) strlen (content), content);
    }
  xref_at = s->len;
  g_string_append (s, "xref\n0 9\n0000000000 65535 f\r\n");
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (s, "%010lu 00000 n\r\n", (gulong) offsets[i]);
  g_string_append_printf (s, "trailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          (gulong) xref_at);
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  return g_steal_pointer (&path);
}

/* `openssl x509 -fingerprint -sha256`'s "AB:CD:…" */
static char *
fingerprint_of (const char *cert)
{
  g_autofree char *command = g_strdup_printf ("openssl x509 -noout -fingerprint -sha256 -in '%s'",
                                              cert);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *eq;

  g_spawn_command_line_sync (command, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  eq = strchr (out, '=');
  g_assert_nonnull (eq);
  return g_strstrip (g_strdup (eq + 1));
}

/* A root CA and 张三's signing certificate under it */
static SdSigner *
make_signer (void)
{
  g_autofree char *root_key = in_work_dir ("root.key");
  g_autofree char *root_crt = in_work_dir ("root.crt");
  g_autofree char *key = in_work_dir ("signer.key");
  g_autofree char *csr = in_work_dir ("signer.csr");
  g_autofree char *crt = in_work_dir ("signer.crt");
  g_autofree char *ext = in_work_dir ("ext.cnf");
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  SdSigner *signer;

  g_assert_true (g_file_set_contents (ext, "[leaf]\nbasicConstraints = CA:FALSE\n"
                                      "keyUsage = critical, digitalSignature, nonRepudiation\n",
                                      -1, NULL));
  command = g_strdup_printf ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                             "-keyout '%s' -out '%s' -days 30 -subj '/CN=SealDesk Panel Test Root CA' "
                             "-addext basicConstraints=critical,CA:TRUE "
                             "-addext keyUsage=critical,keyCertSign,cRLSign", root_key, root_crt);
  sd_test_run (command);
  g_free (command);
  command = g_strdup_printf ("openssl req -new -newkey rsa:2048 -nodes -utf8 -keyout '%s' -out '%s' "
                             "-subj '/CN=张三/O=某某科技有限公司/serialNumber=91350100M000100Y43'",
                             key, csr);
  sd_test_run (command);
  g_free (command);
  command = g_strdup_printf ("openssl x509 -req -in '%s' -CA '%s' -CAkey '%s' -set_serial 0x5D3A "
                             "-days 30 -extfile '%s' -extensions leaf -out '%s'",
                             csr, root_crt, root_key, ext, crt);
  sd_test_run (command);
  root_fingerprint = fingerprint_of (root_crt);
  signer_fingerprint = fingerprint_of (crt);
  signer = sd_key_file_signer_new_from_pem (key, NULL, crt, root_crt, &error);
  g_assert_no_error (error);
  return signer;
}

static char *
sign (SdSigner   *signer,
      const char *input,
      const char *seal,
      const char *name)
{
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  g_autoptr(GError) error = NULL;
  char *output = in_work_dir (name);

  options->page = SEAL_PAGE;
  options->x_mm = SEAL_X_MM;
  options->y_mm = SEAL_Y_MM;
  options->width_mm = SEAL_W_MM;
  options->seal_path = g_strdup (seal);
  g_assert_true (sd_pdf_sign_file (input, output, signer, options, NULL, &error));
  g_assert_no_error (error);
  return output;
}

/* The last @needle in @len bytes that may hold NULs */
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

/* The signed file and an incremental update after it that gives page 1 a
 * blue block instead of its black one (object 6 replaced) */
static char *
make_modified (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) s = NULL;
  const char *blue = "0 0 1 rg 100 300 300 300 re f\n";
  const char *startxref, *size;
  gsize len, object_at, xref_at;
  char *path = in_work_dir ("合同-签后修改.pdf");

  g_assert_true (g_file_get_contents (signed_path, &contents, &len, NULL));
  startxref = find_last (contents, len, "startxref");
  size = find_last (contents, len, "/Size ");
  g_assert_nonnull (startxref);
  g_assert_nonnull (size);
  s = g_string_new_len (contents, len);
  object_at = s->len;
  g_string_append_printf (s, "6 0 obj\n<< /Length %u >>\nstream\n%sendstream\nendobj\n",
                          (guint) strlen (blue), blue);
  xref_at = s->len;
  g_string_append_printf (s, "xref\n6 1\n%010lu 00000 n\r\n"
                          "trailer\n<< /Size %lu /Root 1 0 R /Prev %lu >>\nstartxref\n%lu\n%%%%EOF\n",
                          (gulong) object_at,
                          (gulong) g_ascii_strtoull (size + strlen ("/Size "), NULL, 10),
                          (gulong) g_ascii_strtoull (startxref + strlen ("startxref"), NULL, 10),
                          (gulong) xref_at);
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  return path;
}

/* The signed file with one signed byte changed: page 1's block 10 pt taller */
static char *
make_invalid (void)
{
  g_autofree char *contents = NULL;
  char *block;
  gsize len;
  char *path = in_work_dir ("合同-签名损坏.pdf");

  g_assert_true (g_file_get_contents (signed_path, &contents, &len, NULL));
  block = memmem (contents, len, "100 642 200 100 re", 18);
  g_assert_nonnull (block);
  block[13] = '1';  /* "… 200 110 re" */
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static void
make_fixtures (void)
{
  g_autofree char *pdf = make_pdf ();
  g_autofree char *seal = in_work_dir ("公章.png");
  g_autoptr(SdSigner) signer = make_signer ();

  sd_test_make_seal (seal);
  signed_path = sign (signer, pdf, seal, "合同-已签章.pdf");
  signed_again_path = sign (signer, pdf, seal, "合同-第二份.pdf");
  modified_path = make_modified ();
  invalid_path = make_invalid ();
}

static SdWorkstation *
workstation (void)
{
  return sd_test_workstation (window);
}

static SdSignaturePanel *
panel (void)
{
  return sd_test_template_child (workstation (), SD_TYPE_WORKSTATION, "signature_panel");
}

static gpointer
row_child (guint       index,
           const char *name)
{
  return sd_test_template_child (sd_signature_panel_get_row (panel (), index),
                                 SD_TYPE_SIGNATURE_ROW, name);
}

static const char *
row_text (const char *name)
{
  return gtk_label_get_text (row_child (0, name));
}

/* @path shown and verified, its first page drawn */
static gboolean
verified (gpointer path)
{
  SdDocumentView *view = sd_signature_panel_get_view (panel ());
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return view != NULL && sd_document_view_get_loaded (view)
         && g_file_equal (sd_document_view_get_file (view), file)
         && !sd_signature_panel_get_busy (panel ())
         && sd_signature_panel_get_n_signatures (panel ()) > 0
         && sd_document_page_is_rendered (sd_document_view_get_page (view, 0));
}

static void
open_and_verify (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sd_window_open_file (window, file);
  sd_test_wait_until (verified, (gpointer) path, path);
}

/* Signed by a root nobody trusts yet: said so, with the seal, the signer
 * and the root on offer */
static void
test_untrusted (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.sealdesk.SealDesk");
  GtkPicture *seal;

  sd_test_wait_until (sd_test_drawn, window, "the window");
  g_settings_set_string (settings, "trusted-roots-dir", trust_dir);
  sd_window_work_offline (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel ())));
  open_and_verify (signed_path);

  /* shown by itself: the document is signed */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel ())));
  g_assert_true (gtk_toggle_button_get_active (sd_test_template_child (workstation (), SD_TYPE_WORKSTATION,
                                                                       "signatures_button")));
  g_assert_cmpuint (sd_signature_panel_get_n_signatures (panel ()), ==, 1);
  g_assert_cmpint (sd_signature_row_get_verdict (sd_signature_panel_get_row (panel (), 0)), ==,
                   SD_VERDICT_UNTRUSTED);
  g_assert_cmpstr (row_text ("status_label"), ==, "签章证书不受信任");
  g_assert_nonnull (strstr (row_text ("signer_label"), "张三"));
  g_assert_nonnull (strstr (row_text ("organization_label"), "某某科技有限公司"));
  g_assert_nonnull (strstr (row_text ("code_label"), "91350100M000100Y43"));
  /* why: no trusted root issued it */
  g_test_message ("why: %s", row_text ("detail_label"));
  g_assert_true (gtk_widget_get_visible (row_child (0, "detail_label")));
  g_assert_true (gtk_widget_get_visible (row_child (0, "time_label")));
  g_assert_true (gtk_widget_get_visible (row_child (0, "timestamp_label")));
  g_assert_true (gtk_widget_get_visible (row_child (0, "trust_button")));
  /* the seal cropped from page 3: a square picture */
  seal = row_child (0, "seal_picture");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (seal)));
  g_assert_nonnull (gtk_picture_get_paintable (seal));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (seal)), ==,
                   gdk_paintable_get_intrinsic_height (gtk_picture_get_paintable (seal)));
  screenshot (window, "untrusted");
}

static gboolean
trusted (gpointer data)
{
  return !sd_signature_panel_get_busy (panel ())
         && sd_signature_panel_get_n_signatures (panel ()) == 1
         && sd_signature_row_get_verdict (sd_signature_panel_get_row (panel (), 0)) == SD_VERDICT_VALID;
}

static gboolean
label_shows (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shows (child, text))
      return TRUE;
  return FALSE;
}

/* 信任此根证书: confirmed with its fingerprint, saved in the user's folder,
 * verified again: valid */
static void
test_trust_root (void)
{
  AdwMessageDialog *dialog;
  g_autoptr(GDir) dir = NULL;

  sd_test_click (row_child (0, "trust_button"));
  dialog = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the confirmation");
  g_test_message ("confirmation: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), root_fingerprint));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "SealDesk Panel Test Root CA"));
  screenshot (dialog, "trust-root");
  sd_test_respond (dialog, "trust");
  sd_test_wait_until (trusted, NULL, "the signature trusted");

  g_assert_cmpstr (row_text ("status_label"), ==, "签章有效");
  g_assert_false (gtk_widget_get_visible (row_child (0, "trust_button")));
  g_assert_nonnull (strstr (row_text ("changes_label"), "签章后未被修改"));
  /* one PEM file in the trusted roots folder */
  dir = g_dir_open (trust_dir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_true (g_str_has_suffix (g_dir_read_name (dir), ".pem"));
  g_assert_null (g_dir_read_name (dir));
  screenshot (window, "valid-after-trust");
}

/* Another document by the same signer: valid as soon as it is opened */
static void
test_valid (void)
{
  open_and_verify (signed_again_path);
  g_assert_cmpint (sd_signature_row_get_verdict (sd_signature_panel_get_row (panel (), 0)), ==,
                   SD_VERDICT_VALID);
  g_assert_cmpstr (row_text ("status_label"), ==, "签章有效");
  /* no problem to tell, only that no CA said whether it is revoked (the
   * test certificates name no CRL or OCSP responder) */
  g_test_message ("detail: %s", row_text ("detail_label"));
  g_assert_nonnull (strstr (row_text ("detail_label"), "吊销状态未知"));
  g_assert_null (strchr (row_text ("detail_label"), '\n'));
  screenshot (window, "valid");
}

/* 证书详情: subject, serial, fingerprints, the chain */
static void
test_certificate_details (void)
{
  SdCertificateDetails *details;

  sd_test_click (row_child (0, "certificate_button"));
  details = sd_test_wait_for_toplevel (SD_TYPE_CERTIFICATE_DETAILS, "the certificate details");
  g_assert_true (label_shows (GTK_WIDGET (details), "张三"));
  g_assert_true (label_shows (GTK_WIDGET (details), "5D3A"));
  g_assert_true (label_shows (GTK_WIDGET (details), signer_fingerprint));
  g_assert_true (label_shows (GTK_WIDGET (details), root_fingerprint));
  g_assert_true (label_shows (GTK_WIDGET (details), "SealDesk Panel Test Root CA"));
  g_assert_true (label_shows (GTK_WIDGET (details), "SHA-256"));
  screenshot (details, "certificate");
  gtk_window_close (GTK_WINDOW (details));
  sd_test_wait_toplevel_gone (SD_TYPE_CERTIFICATE_DETAILS, "the details closed");
}

/* Page 1 changed in an update after the signature: 签章后文档被修改, and what */
static void
test_modified (void)
{
  const char *changes;

  open_and_verify (modified_path);
  g_assert_cmpint (sd_signature_row_get_verdict (sd_signature_panel_get_row (panel (), 0)), ==,
                   SD_VERDICT_MODIFIED);
  g_assert_cmpstr (row_text ("status_label"), ==, "签章后文档被修改");
  changes = row_text ("changes_label");
  g_test_message ("changes: %s", changes);
  g_assert_true (g_str_has_prefix (changes, "签章后的修改："));
  g_assert_nonnull (strstr (changes, "• "));
  g_assert_nonnull (strstr (gtk_label_get_text (sd_test_template_child (panel (), SD_TYPE_SIGNATURE_PANEL,
                                                                        "summary_label")),
                            "修改"));
  screenshot (window, "modified");
}

/* A signed byte altered: 签章无效, and why */
static void
test_invalid (void)
{
  open_and_verify (invalid_path);
  g_assert_cmpint (sd_signature_row_get_verdict (sd_signature_panel_get_row (panel (), 0)), ==,
                   SD_VERDICT_INVALID);
  g_assert_cmpstr (row_text ("status_label"), ==, "签章无效");
  g_test_message ("why: %s", row_text ("detail_label"));
  g_assert_true (gtk_widget_get_visible (row_child (0, "detail_label")));
  g_assert_cmpstr (row_text ("detail_label"), !=, "");
  screenshot (window, "invalid");
}

/* The seal's rectangle on page 3, in @relative_to's coordinates */
static gboolean
seal_bounds (GtkWidget       *relative_to,
             graphene_rect_t *seal)
{
  SdDocumentView *view = sd_signature_panel_get_view (panel ());
  SdDocumentPage *page = sd_document_view_get_page (view, SEAL_PAGE);
  double px_per_mm = sd_document_view_get_zoom (view) / SD_TEST_MM_PER_POINT;
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (GTK_WIDGET (page), relative_to, &bounds))
    return FALSE;
  *seal = GRAPHENE_RECT_INIT (bounds.origin.x + SEAL_X_MM * px_per_mm,
                              bounds.origin.y + SEAL_Y_MM * px_per_mm,
                              SEAL_W_MM * px_per_mm, SEAL_W_MM * px_per_mm);
  return TRUE;
}

/* The seal wholly inside the document view, its page drawn */
static gboolean
seal_in_sight (gpointer data)
{
  SdDocumentView *view = sd_signature_panel_get_view (panel ());
  graphene_rect_t seal;

  return seal_bounds (GTK_WIDGET (view), &seal)
         && seal.origin.y >= 0 && seal.origin.y + seal.size.height <= gtk_widget_get_height (GTK_WIDGET (view))
         && seal.origin.x >= 0 && seal.origin.x + seal.size.width <= gtk_widget_get_width (GTK_WIDGET (view))
         && sd_document_page_is_rendered (sd_document_view_get_page (view, SEAL_PAGE));
}

/* A click on the row: the view goes to page 3 and marks the seal there */
static void
test_jump (void)
{
  SdDocumentView *view;
  graphene_rect_t seal;
  g_autoptr(GdkTexture) shot = NULL;
  guint8 rgb[3];

  open_and_verify (signed_path);
  view = sd_signature_panel_get_view (panel ());
  g_assert_false (seal_in_sight (NULL));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (sd_signature_panel_get_row (panel (), 0))));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (sd_signature_panel_get_row (panel (), 0))));
  sd_test_wait_until (seal_in_sight, NULL, "the seal on page 3 in sight");
  shot = screenshot (window, "jump");

  g_assert_true (seal_bounds (GTK_WIDGET (window), &seal));
  /* the seal's red in its middle, the mark's blue just left of it */
  sd_test_pixel (shot, seal.origin.x + seal.size.width / 2, seal.origin.y + seal.size.height / 2, rgb);
  g_assert_cmpuint (rgb[0], >, 150);
  g_assert_cmpuint (rgb[1], <, 80);
  sd_test_pixel (shot, seal.origin.x - 2, seal.origin.y + seal.size.height / 2, rgb);
  g_test_message ("mark: %u %u %u", rgb[0], rgb[1], rgb[2]);
  g_assert_cmpuint (rgb[2], >, 150);
  g_assert_cmpuint (rgb[0], <, 120);
  g_assert_true (sd_document_view_get_n_pages (view) == 3);
}

static gboolean
panel_shown (gpointer path)
{
  return gtk_widget_get_visible (GTK_WIDGET (panel ())) && verified (path);
}

static void
on_reloaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_document_view_load_finish (SD_DOCUMENT_VIEW (source), result, &error));
  g_assert_no_error (error);
}

/* F9's action hides the panel; the document reopened in place (as after
 * signing) is verified again and the panel shows itself */
static void
test_reopened (void)
{
  SdDocumentView *view = sd_signature_panel_get_view (panel ());
  g_autoptr(GFile) other = g_file_new_for_path (signed_again_path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.signatures", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel ())));
  g_assert_false (gtk_toggle_button_get_active (sd_test_template_child (workstation (), SD_TYPE_WORKSTATION,
                                                                        "signatures_button")));
  sd_document_view_load_async (view, other, NULL, on_reloaded, NULL);
  sd_test_wait_until (panel_shown, signed_again_path, "the panel shown again");
  g_assert_true (sd_signature_panel_get_view (panel ()) == view);
  g_assert_cmpstr (row_text ("status_label"), ==, "签章有效");
  screenshot (window, "reopened");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-signature-panel-XXXXXX", &error);
  g_assert_no_error (error);
  trust_dir = in_work_dir ("trusted-roots");
  make_fixtures ();

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/signature-panel/untrusted", test_untrusted);
  g_test_add_func ("/signature-panel/trust-root", test_trust_root);
  g_test_add_func ("/signature-panel/valid", test_valid);
  g_test_add_func ("/signature-panel/certificate-details", test_certificate_details);
  g_test_add_func ("/signature-panel/modified", test_modified);
  g_test_add_func ("/signature-panel/invalid", test_invalid);
  g_test_add_func ("/signature-panel/jump", test_jump);
  g_test_add_func ("/signature-panel/reopened", test_reopened);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&trust_dir, g_free);
  g_clear_pointer (&root_fingerprint, g_free);
  g_clear_pointer (&signer_fingerprint, g_free);
  g_clear_pointer (&signed_path, g_free);
  g_clear_pointer (&signed_again_path, g_free);
  g_clear_pointer (&modified_path, g_free);
  g_clear_pointer (&invalid_path, g_free);
  return status;
}
