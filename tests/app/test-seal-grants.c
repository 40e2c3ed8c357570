/* test-platform-seals.c: the platform's seals in the workstation's palette
 * and their usage records (使用记录), against the real server: seals made
 * and granted to zirol through the client API show in the palette with
 * their 有效期 after the sign-in; an expired grant is shown disabled with
 * its reason and refused when used; signing with a granted seal (with the
 * key file of a certificate bound to zirol) posts a usage record the
 * server lists; with the server stopped, signing checks the certificate
 * against zirol's bindings as loaded before (and says so), the record
 * waits (the count shown) and is posted once the server is back on the
 * same data and port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each screen is saved as a PNG in SEALDESK_SCREENSHOT_DIR.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include <adwaita.h>

#include "sd-sign-dialog.h"
#include "sd-window-private.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

#define PASSWORD "correct horse"
#define DAY (24 * 3600)

static SdWindow *window;
static SdPlatformClient *admin;
static SdPlatformSeal *granted, *expired, *pending;
static gint64 binding_id;
static char *pdf_path, *p12_path;

static GdkTexture *
screenshot (const char *name)
{
  g_autofree char *file = g_strconcat ("platform-seals-", name, NULL);

  return sd_test_screenshot (window, file);
}

static gboolean
translated (void)
{
  return g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, "Local Seals"), "本地印章") == 0;
}

/* A red disc on a transparent square */
static GBytes *
seal_png (void)
{
  g_autofree char *path = g_build_filename (work_dir, "seal.png", NULL);
  char *contents = NULL;
  gsize length = 0;

  sd_test_make_seal (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* The demo's organisation certificate, bound to zirol, and its key as a
 * PKCS#12 key file; its binding's id */
static void
make_key_file (void)
{
  g_autofree char *demo = g_build_filename (shared_server.data_dir, "demo", NULL);
  g_autofree char *cert = g_build_filename (demo, "organization.pem", NULL);
  g_autofree char *key = g_build_filename (demo, "organization.key", NULL);
  g_autofree char *pass = g_strconcat ("pass:", PASSWORD, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(SdPlatformAccount) zirol = find_account (admin, "zirol");
  g_autoptr(SdPlatformListModel) bindings = NULL;

  p12_path = g_build_filename (work_dir, "organization.p12", NULL);
  openssl ("pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12_path, "-passout", pass,
           NULL);
  g_assert_true (g_file_get_contents (cert, &contents, NULL, NULL));
  write_work_file ("organization.crt", contents);
  fingerprint = der_fingerprint ("organization");
  bindings = load_list (admin, SD_PLATFORM_LIST_BINDINGS, sd_platform_account_get_id (zirol), NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (bindings)); i++)
    {
      g_autoptr(SdPlatformBinding) binding = g_list_model_get_item (G_LIST_MODEL (bindings), i);

      if (g_ascii_strcasecmp (sd_platform_binding_get_fingerprint (binding), fingerprint) == 0)
        binding_id = sd_platform_binding_get_id (binding);
    }
  g_assert_cmpint (binding_id, >, 0);
}

/* A seal granted to zirol from @from to @until (seconds from now) */
static SdPlatformSeal *
granted_seal (const char         *name,
              SdPlatformSealType  seal_type,
              gint64              from,
              gint64              until)
{
  g_autoptr(GBytes) image = seal_png ();
  SdPlatformSealCreate create = { name, seal_type, SD_PLATFORM_SEAL_ACTIVE, image };
  g_autoptr(SdPlatformAccount) zirol = find_account (admin, "zirol");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) valid_from = g_date_time_add_seconds (now, from);
  g_autoptr(GDateTime) valid_until = g_date_time_add_seconds (now, until);
  g_autoptr(SdPlatformGrant) grant = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformSeal *seal;

  sd_platform_client_create_seal_async (admin, &create, NULL, on_ready, NULL);
  seal = sd_platform_client_create_seal_finish (admin, await (), &error);
  g_assert_no_error (error);
  sd_platform_client_create_grant_async (admin, sd_platform_seal_get_id (seal),
                                         sd_platform_account_get_id (zirol), valid_from,
                                         valid_until, NULL, on_ready, NULL);
  grant = sd_platform_client_create_grant_finish (admin, await (), &error);
  g_assert_no_error (error);
  return seal;
}

/* Where the palette keeps @seal's image */
static GFile *
cached_image (SdPlatformSeal *seal)
{
  g_autofree char *folder = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", sd_platform_seal_get_id (seal),
                                             sd_platform_seal_get_image_sha256 (seal));
  g_autofree char *name = g_strconcat (sd_platform_seal_get_name (seal), ".png", NULL);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "sealdesk", "seals", folder,
                                            name, NULL);

  return g_file_new_for_path (path);
}

static SdWorkstation *
workstation (void)
{
  return sd_test_workstation (window);
}

static SdSealPalette *
palette (void)
{
  return sd_workstation_get_palette (workstation ());
}

static GtkListBox *
platform_list (void)
{
  return sd_test_template_child (palette (), SD_TYPE_SEAL_PALETTE, "platform_list");
}

static GtkWidget *find_label (GtkWidget  *widget,
                              const char *text);

/* The demo's seals granted to zirol, and the three of the test */
static gboolean
palette_loaded (gpointer data)
{
  GtkWidget *list = GTK_WIDGET (platform_list ());

  return !sd_seal_palette_get_loading (palette ())
         && find_label (list, sd_platform_seal_get_name (granted)) != NULL
         && find_label (list, sd_platform_seal_get_name (expired)) != NULL
         && find_label (list, sd_platform_seal_get_name (pending)) != NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The label that shows @text, under @widget */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The palette's row of @seal */
static GtkListBoxRow *
platform_row (SdPlatformSeal *seal)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (platform_list ())); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (find_label (row, sd_platform_seal_get_name (seal)) != NULL)
      return GTK_LIST_BOX_ROW (row);
  g_error ("no row for the seal %s", sd_platform_seal_get_name (seal));
}

static const char *
row_label (SdPlatformSeal *seal,
           const char     *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (platform_row (seal)), name);

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* @seal (a file of the palette) placed in the middle of page @index */
static void
place (GFile *seal,
       guint  index)
{
  SdDocumentView *view = sd_test_current_view (window);
  SdDocumentPage *page = sd_document_view_get_page (view, index);
  double px_per_mm = sd_document_view_get_zoom (view) / SD_TEST_MM_PER_POINT;
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_document_view_drop_seal (view, page, seal, 100 * px_per_mm, 150 * px_per_mm,
                                             &error));
  g_assert_no_error (error);
}

/* 签章 with the key file; returns the signed copy, shown in the tab */
static GFile *
sign (void)
{
  g_autoptr(GFile) key = g_file_new_for_path (p12_path);
  GFile *output = sd_workstation_signed_file (sd_document_view_get_file (sd_test_current_view (window)));
  SdSignDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.sign", NULL));
  dialog = sd_test_wait_for_toplevel (SD_TYPE_SIGN_DIALOG, "the signing dialog");
  sd_sign_dialog_set_key_file (dialog, key);
  gtk_editable_set_text (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "password_row"),
                         PASSWORD);
  sd_test_click (sd_test_template_child (dialog, SD_TYPE_SIGN_DIALOG, "sign_button"));
  sd_test_wait_toplevel_gone (SD_TYPE_SIGN_DIALOG, "the signing");
  sd_test_wait_for_document (window, output, "the signed copy");
  return output;
}

static SdPlatformListModel *
usage_records (void)
{
  return load_list (admin, SD_PLATFORM_LIST_USAGE, sd_platform_seal_get_id (granted), NULL);
}

static gboolean
has_n_records (gpointer n)
{
  g_autoptr(SdPlatformListModel) records = usage_records ();

  return sd_platform_list_model_get_total (records) == GPOINTER_TO_UINT (n);
}

static gboolean
has_n_pending (gpointer n)
{
  return sd_seal_palette_get_n_pending (palette ()) == GPOINTER_TO_UINT (n);
}

static gboolean
scrolled_down (gpointer adjustment)
{
  return gtk_adjustment_get_value (adjustment) > 0;
}

/* Seals made and granted to zirol, then the sign-in: the palette shows
 * them at their true size, with their 有效期, the expired and the future
 * ones disabled with their reason. */
static void
test_palette (void)
{
  g_autoptr(GFile) pdf = NULL;
  g_autoptr(GFile) image = NULL;
  GListModel *seals;
  GtkWidget *row_box;
  const char *text;
  guint n_rows, n_usable = 0;
  gboolean listed = FALSE;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;

  REQUIRE_SERVER ();

  admin = login_admin ();
  make_key_file ();
  granted = granted_seal ("采购合同专用章", SD_PLATFORM_SEAL_CONTRACT, -3600, 30 * DAY);
  expired = granted_seal ("财务专用章", SD_PLATFORM_SEAL_FINANCE, -30 * DAY, -DAY);
  pending = granted_seal ("发票专用章", SD_PLATFORM_SEAL_INVOICE, DAY, 10 * DAY);

  sd_test_sign_in (window, shared_server.url, "zirol", shared_server.password);
  sd_test_wait_until (palette_loaded, NULL, "the seals granted to zirol");

  pdf = g_file_new_for_path (pdf_path);
  sd_window_open_file (window, pdf);
  sd_test_wait_for_document (window, pdf, "the document");

  /* the usable ones can be placed (the demo's and the test's), the
   * others are listed after them */
  seals = sd_seal_palette_get_seals (palette ());
  image = cached_image (granted);
  g_assert_true (g_file_query_exists (image, NULL));
  n_rows = sd_test_n_children (GTK_WIDGET (platform_list ()));
  for (guint i = 0; i < g_list_model_get_n_items (seals); i++)
    {
      g_autoptr(GFile) seal = g_list_model_get_item (seals, i);

      listed |= g_file_equal (seal, image);
      n_usable++;
    }
  g_assert_true (listed);
  g_assert_cmpuint (n_usable, ==, n_rows - 2);
  g_assert_true (GTK_WIDGET (platform_row (expired)) == gtk_widget_get_prev_sibling (GTK_WIDGET (platform_row (pending))));
  g_assert_null (gtk_widget_get_next_sibling (GTK_WIDGET (platform_row (pending))));
  g_assert_true (gtk_list_box_row_get_activatable (platform_row (granted)));
  g_assert_null (row_label (granted, "reason"));
  text = row_label (granted, "validity");
  g_test_message ("granted: %s", text);
  if (translated ())
    g_assert_true (g_str_has_prefix (text, "有效期 "));
  /* at its true size: 40 mm wide at 100 %, a point a pixel */
  row_box = gtk_list_box_row_get_child (platform_row (granted));
  g_assert_cmpint (gtk_widget_get_width (gtk_widget_get_first_child (row_box)), ==,
                   (int) round (40 / SD_TEST_MM_PER_POINT));

  g_assert_false (gtk_list_box_row_get_activatable (platform_row (expired)));
  text = row_label (expired, "reason");
  g_test_message ("expired: %s", text);
  g_assert_nonnull (text);
  if (translated ())
    g_assert_nonnull (strstr (text, "过期"));
  g_assert_false (gtk_list_box_row_get_activatable (platform_row (pending)));
  text = row_label (pending, "reason");
  g_test_message ("pending: %s", text);
  g_assert_nonnull (text);
  if (translated ())
    g_assert_nonnull (strstr (text, "起生效"));
  /* the palette scrolled down to the test's seals */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (platform_list ()), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  sd_test_wait_until (scrolled_down, adjustment, "the palette scrolled");
  g_object_unref (screenshot ("palette"));
}

/* The expired seal placed all the same (it was valid when placed, say):
 * signing is refused before the key is asked for, saying why. */
static void
test_expired_refused (void)
{
  g_autoptr(GFile) image = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *refusal;
  const char *body;

  REQUIRE_SERVER ();

  image = cached_image (expired);
  g_assert_true (g_file_query_exists (image, NULL));
  g_assert_false (sd_seal_palette_check_seal (palette (), image, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);

  place (image, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.sign", NULL));
  refusal = sd_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the refusal");
  body = adw_message_dialog_get_body (refusal);
  g_test_message ("refused: %s", body);
  g_assert_cmpstr (body, ==, error->message);
  g_assert_null (sd_test_find_toplevel (SD_TYPE_SIGN_DIALOG));
  g_object_unref (sd_test_screenshot (refusal, "platform-seals-expired-refused"));
  sd_test_respond (refusal, "close");
  sd_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, "the refusal closed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workstation ()), "workstation.clear-seal",
                                             NULL));
  g_assert_cmpuint (sd_platform_list_model_get_total (usage_records ()), ==, 0);
}

/* Signed with the granted seal: the record reaches the server, naming the
 * document, its digest, the page and the certificate's binding */
static void
test_usage_posted (void)
{
  g_autoptr(GFile) image = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(SdPlatformListModel) records = NULL;
  g_autoptr(SdPlatformUsageRecord) record = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;
  const guint *pages;
  gsize length = 0;
  guint n_pages = 0;

  REQUIRE_SERVER ();

  image = cached_image (granted);
  g_assert_true (sd_seal_palette_check_seal (palette (), image, NULL));
  place (image, 0);
  output = sign ();
  sd_test_wait_until (has_n_records, GUINT_TO_POINTER (1), "the usage record on the server");
  sd_test_wait_until (has_n_pending, GUINT_TO_POINTER (0), "no record waiting");

  records = usage_records ();
  record = g_list_model_get_item (G_LIST_MODEL (records), 0);
  name = g_file_get_basename (output);
  g_assert_cmpstr (sd_platform_usage_record_get_document_name (record), ==, name);
  g_assert_true (g_file_get_contents (g_file_peek_path (output), &contents, &length, NULL));
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (sd_platform_usage_record_get_document_hash (record), ==, digest);
  pages = sd_platform_usage_record_get_pages (record, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (pages[0], ==, 1);
  g_assert_cmpint (sd_platform_usage_record_get_binding_id (record), ==, binding_id);
  g_assert_false (gtk_widget_get_visible (sd_test_template_child (palette (), SD_TYPE_SEAL_PALETTE,
                                                                  "pending_label")));
  g_object_unref (screenshot ("signed"));
}

static gboolean
notice_shown (gpointer text)
{
  return find_label (GTK_WIDGET (window), text) != NULL;
}

/* The server stopped, the granted seal placed on page 2 and signed with
 * the key file: the certificate is checked against zirol's bindings as
 * the sign-in loaded them (a toast says so), the seal stays usable (its
 * grant as last known), the record waits on disk and the palette says so;
 * the server back on the same data and port: the retry posts it. */
static void
test_queued_then_posted (void)
{
  g_autoptr(GFile) image = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(SdPlatformListModel) records = NULL;
  g_autoptr(SdPlatformUsageRecord) record = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *name = NULL;
  const char *notice;
  GtkLabel *label;
  const guint *pages;
  guint n_pages = 0;

  REQUIRE_SERVER ();

  server_halt (&shared_server);
  image = cached_image (granted);
  g_assert_true (sd_seal_palette_check_seal (palette (), image, NULL));
  place (image, 1);
  output = sign ();
  notice = g_dgettext (GETTEXT_PACKAGE, "The platform cannot be reached: the certificate is "
                                        "checked against your account’s bindings as last loaded.");
  g_test_message ("notice: %s", notice);
  if (translated ())
    g_assert_nonnull (strstr (notice, "最近一次加载"));
  sd_test_wait_until (notice_shown, (gpointer) notice, "the notice of the bindings last loaded");
  sd_test_wait_until (has_n_pending, GUINT_TO_POINTER (1), "the record waiting");
  label = sd_test_template_child (palette (), SD_TYPE_SEAL_PALETTE, "pending_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_test_message ("pending: %s", gtk_label_get_text (label));
  if (translated ())
    g_assert_cmpstr (gtk_label_get_text (label), ==, "1 条使用记录待上传至平台");
  g_object_unref (screenshot ("queued"));

  g_assert_true (server_restart (&shared_server, NULL, NULL, &failure));
  sd_test_wait_until (has_n_pending, GUINT_TO_POINTER (0), "the record posted");
  g_assert_true (has_n_records (GUINT_TO_POINTER (2)));
  records = usage_records ();
  record = g_list_model_get_item (G_LIST_MODEL (records), 0);
  name = g_file_get_basename (output);
  g_assert_cmpstr (sd_platform_usage_record_get_document_name (record), ==, name);
  pages = sd_platform_usage_record_get_pages (record, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (pages[0], ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_object_unref (screenshot ("posted"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *cache_home = NULL;
  int status;

  /* The usage queue and the seals' images in the test's folders: set
   * before GLib and GTK read them */
  work_dir = g_dir_make_tmp ("sealdesk-platform-seals-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (work_dir, "data", NULL);
  cache_home = g_build_filename (work_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  sd_test_gui_init (&argc, &argv);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  pdf_path = g_build_filename (work_dir, "采购合同.pdf", NULL);
  sd_test_make_pdf (pdf_path, 3, 100);
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);

  window = sd_test_window_new ();

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/platform-seals/palette", test_palette);
  g_test_add_func ("/platform-seals/expired-refused", test_expired_refused);
  g_test_add_func ("/platform-seals/usage-posted", test_usage_posted);
  g_test_add_func ("/platform-seals/queued-then-posted", test_queued_then_posted);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  g_clear_object (&granted);
  g_clear_object (&expired);
  g_clear_object (&pending);
  g_clear_object (&admin);
  server_stop (&shared_server);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&p12_path, g_free);
  return status;
}
